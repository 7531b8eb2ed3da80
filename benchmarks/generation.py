"""Generation sections: cold generate, regenerate after a spec update, drift check, scaling."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peers
import synth
import timing
from context import ROOT, SPECS, Context, count_files, formatted_count, fresh, summary

OURS_BLACK, OURS_RUFF = "sdkgen", "sdkgen (ruff)"
OGPY, OPC = "openapi-generator", "openapi-python-client"


# The peers generate one Python SDK; so does sdkgen in their rows, whatever targets the
# repository's pyproject.toml names (the TypeScript SDK is measured beside
# openapi-generator's TypeScript generators in benchmarks/typescript.py).
PYTHON_ONLY = ("--target", "python")


def generator_cases(
    ctx: Context, name: str, ours_spec: Path, peer_spec: Path
) -> dict[str, Callable[[], timing.Sample]]:
    """A cold generation into an empty folder by each generator, for one document."""
    out = ctx.work / "gen"
    cases: dict[str, Callable[[], timing.Sample]] = {}
    for label, formatter in ((OURS_BLACK, "black"), (OURS_RUFF, "ruff")):
        target = out / f"{formatter}-{name}"
        cmd = ctx.ours(
            "generate",
            ours_spec,
            "--output",
            target,
            "--package",
            "bench_sdk",
            "-q",
            *PYTHON_ONLY,
            formatter=formatter,
        )
        # A first run on this machine: no user cache, so the spec is validated and
        # no template, formatted text or validation verdict is taken from before.
        cache = ctx.work / "cache" / f"{formatter}-{name}"
        env = {**os.environ, "SDKGEN_CACHE_DIR": str(cache)}
        cases[label] = _into_empty(ctx, cmd, target, env, cache)
    if ctx.venv is not None:
        env = peers.peer_env(ctx.venv, dict(os.environ))
        nocb = peers.strip_callbacks(peer_spec, ctx.work / "nocb" / peer_spec.name)
        ogpy_out, opc_out = out / f"ogpy-{name}", out / f"opc-{name}"
        cases[OGPY] = _into_empty(
            ctx, peers.openapi_generator(ctx.venv, peer_spec, ogpy_out), ogpy_out, env
        )
        cases[OPC] = _into_empty(
            ctx, peers.openapi_python_client(ctx.venv, nocb, opc_out), opc_out, env
        )
    return cases


def _into_empty(
    ctx: Context,
    command: list[str],
    target: Path,
    env: dict[str, str] | None = None,
    cache: Path | None = None,
) -> Callable[[], timing.Sample]:
    def once() -> timing.Sample:
        fresh(target)  # not timed
        if cache is not None:
            fresh(cache)
        return ctx.run(command, env=env)

    return once


def cold_generate(ctx: Context, specs: dict[str, tuple[Path, Path]]) -> None:
    """``specs``: name -> (the document ours reads, the one the peers read)."""
    section: dict[str, Any] = {}
    for name, (ours_spec, peer_spec) in specs.items():
        ctx.log(f"cold generate: {name}")
        samples = ctx.alternate(generator_cases(ctx, name, ours_spec, peer_spec))
        section[name] = {tool: summary(s) for tool, s in samples.items()}
        for tool, folder in (
            (OURS_BLACK, f"black-{name}"),
            (OGPY, f"ogpy-{name}"),
            (OPC, f"opc-{name}"),
        ):
            if (ctx.work / "gen" / folder).is_dir():
                section[name][tool].update(count_files(ctx.work / "gen" / folder))
    ctx.results["generate"] = section


def regenerate(ctx: Context, history: list[Path]) -> None:
    """Each consecutive pair of spec versions, the output of the older already in place.

    Each version is copied over one spec file before its run, as a project updates its
    spec in place: every tool reads the same path, and what changes is the content."""
    ctx.log(f"regenerate: {len(history) - 1} consecutive spec updates")
    tools = [OURS_BLACK] + ([OGPY] if ctx.peers else [])
    outs = {tool: ctx.work / "regen" / tool.replace(" ", "-") for tool in tools}
    current = ctx.work / "regen" / "spec" / "bandwidth.yml"
    current.parent.mkdir(parents=True, exist_ok=True)

    def update_to(version: Path) -> Path:
        shutil.copyfile(version, current)
        return current

    def command(tool: str, spec: Path) -> list[str]:
        if tool == OGPY and ctx.venv is not None:
            return peers.openapi_generator(ctx.venv, spec, outs[tool])
        return ctx.ours(
            "generate",
            spec,
            "--output",
            outs[tool],
            "--package",
            "bandwidth_messaging",
            *PYTHON_ONLY,
        )

    env = peers.peer_env(ctx.venv, dict(os.environ)) if ctx.venv else None
    samples: dict[str, list[timing.Sample]] = {tool: [] for tool in tools}
    formatted: list[int] = []
    rounds = 1 if ctx.smoke else max(1, ctx.runs // 2)
    for _ in range(rounds):
        for tool in tools:  # the oldest version, untimed
            fresh(outs[tool])
            timing.run(command(tool, update_to(history[0])), env=env, cwd=str(ROOT))
        for step, version in enumerate(history[1:]):
            spec = update_to(version)
            for tool in tools if step % 2 == 0 else tools[::-1]:
                sample = ctx.run(command(tool, spec), env=env)
                samples[tool].append(sample)
                if tool == OURS_BLACK:
                    formatted.append(formatted_count(sample.output) or 0)
    section: dict[str, Any] = {tool: summary(s) for tool, s in samples.items()}
    section[OURS_BLACK]["formatted_median"] = (
        statistics.median(formatted) if formatted else None
    )
    section[OURS_BLACK]["formatted_max"] = max(formatted, default=None)
    section["updates"] = len(history) - 1
    ctx.results["regenerate"] = section


def drift_check(ctx: Context, full_spec: Path) -> None:
    """``check`` on an unchanged spec in a fresh copy of the repository, with no bytecode
    cache for the generator: the committed generated/ and a full-document output."""
    ctx.log("check on an unchanged spec (fresh clone, no bytecode cache)")
    clone = _clone(ctx.work / "clone")
    full_out = clone / "out-full"
    subprocess.run(
        ctx.ours("generate", full_spec, "--output", full_out, "--package", "bandwidth_full", "-q"),
        cwd=clone, check=True,
    )  # fmt: skip
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def cold(command: list[str]) -> Callable[[], timing.Sample]:
        def once() -> timing.Sample:
            for cache in clone.rglob("__pycache__"):
                shutil.rmtree(cache, ignore_errors=True)
            return ctx.run(command, env=env, cwd=clone)

        return once

    cases = {
        "messaging": cold(ctx.ours("check")),
        "full": cold(
            ctx.ours(
                "check", full_spec, "--output", full_out, "--package", "bandwidth_full"
            )
        ),
    }
    ctx.results["check"] = {
        name: summary(s) for name, s in ctx.alternate(cases).items()
    }


def _clone(target: Path) -> Path:
    """The repository's files (tracked and new, not ignored) copied to ``target``."""
    fresh(target)
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file() and not rel.startswith("benchmarks/results"):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def scaling(ctx: Context, sizes: list[int]) -> None:
    """Time and peak memory of a cold generation of synthetic specs of growing size."""
    section: dict[str, Any] = {}
    for n in sizes:
        spec = ctx.work / "synth" / f"synth-{n}.json"
        spec.parent.mkdir(parents=True, exist_ok=True)
        synth.write(n, str(spec))
        ctx.log(f"scaling: {n} operations")
        cases = generator_cases(ctx, f"synth-{n}", spec, spec)
        runs = 1 if n >= 1000 or ctx.smoke else ctx.runs
        samples = ctx.alternate(cases, runs=runs, warmup=n < 1000)
        section[str(n)] = {tool: summary(s) for tool, s in samples.items()}
    ctx.results["scaling"] = section


def history_specs() -> list[Path]:
    return sorted((SPECS / "history").glob("*.yml"))


def smoke_history(ctx: Context) -> list[Path]:
    """Two synthetic versions, the second with one more operation (the smoke run's update)."""
    folder = ctx.work / "smoke-history"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "v1.json", folder / "v2.json"]
    synth.write(4, str(paths[0]))
    synth.write(5, str(paths[1]), version="1.1.0")
    return paths
