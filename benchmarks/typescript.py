"""The TypeScript target measured beside openapi-generator's typescript-axios and
typescript-fetch: a cold generation (empty output folder, no user cache) of the same
documents, whole processes timed with ``os.wait4``, runs alternating, medians.

    python benchmarks/typescript.py [--runs N]

openapi-generator-cli (pinned as in peers.lock) is installed into a throwaway virtual
environment outside the repository, ``~/peers/sdkgen-ts-bench-venv``; it needs Java 11+.
Writes ``benchmarks/results/TYPESCRIPT.md`` and prints it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import timing

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = Path.home() / "peers" / "sdkgen-ts-bench-venv"
OGEN_PIN = next(
    line.strip()
    for line in (HERE / "peers.lock").read_text().splitlines()
    if line.startswith("openapi-generator-cli==")
)
SPECS = {
    "messaging": ROOT / "spec" / "messaging.yaml",
    "full Bandwidth document": ROOT.parent
    / "shared"
    / "specs"
    / "bandwidth"
    / "bandwidth.yml",
}
OURS = "sdkgen --target typescript"
PEERS = ("typescript-axios", "typescript-fetch")


def ensure_peer() -> Path:
    tool = VENV / "bin" / "openapi-generator-cli"
    if not tool.exists():
        if shutil.which("java") is None:
            raise SystemExit(
                "java not found on PATH: openapi-generator-cli needs Java 11 or later"
            )
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "--no-deps", OGEN_PIN],
            check=True,
        )
    return tool


def cases(
    spec: Path, work: Path, tool: Path
) -> dict[str, tuple[list[str], Path, dict[str, str]]]:
    """Each generator's command, output folder and environment for ``spec``."""
    no_cache = {**os.environ, "SDKGEN_CACHE_DIR": ""}
    ours_out = work / "sdkgen"
    found = {
        OURS: (
            [sys.executable, "-m", "generator", "generate", str(spec), "--target", "typescript",
             "--output", str(ours_out), "--package", "bench_sdk", "-q"],
            ours_out,
            no_cache,
        )
    }  # fmt: skip
    for generator in PEERS:
        out = work / generator
        found[generator] = (
            [str(tool), "generate", "-i", str(spec), "-g", generator, "-o", str(out)],
            out,
            dict(os.environ),
        )
    return found


def measure(runs: int, tool: Path) -> dict[str, dict[str, list[timing.Sample]]]:
    results: dict[str, dict[str, list[timing.Sample]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, spec in SPECS.items():
            if not spec.exists():
                continue
            plan = cases(spec, Path(scratch) / name.replace(" ", "-"), tool)
            samples: dict[str, list[timing.Sample]] = {label: [] for label in plan}
            for round_ in range(runs + 1):  # the first round warms up, untimed
                for label, (command, out, env) in plan.items():
                    shutil.rmtree(out, ignore_errors=True)
                    sample = timing.run(command, env=env, cwd=str(ROOT))
                    if sample.rc != 0:
                        raise SystemExit(
                            f"{label} failed on {name}:\n{sample.output[-2000:]}"
                        )
                    if round_:
                        samples[label].append(sample)
            results[name] = samples
    return results


def med(samples: list[timing.Sample], field: str) -> float:
    return timing.median([getattr(x, field) for x in samples])


def report(results: dict[str, dict[str, list[timing.Sample]]], runs: int) -> str:
    java = subprocess.run(
        ["java", "-version"], capture_output=True, text=True
    ).stderr.splitlines()[:1]
    lines = [
        "# The TypeScript target beside openapi-generator",
        "",
        f"Cold generation (empty output folder; sdkgen without its user cache, so it validates the spec), "
        f"medians of {runs} alternating runs after a warm-up, whole processes: wall time, CPU (user + system, "
        "children included), peak RSS of the largest process. "
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{OGEN_PIN.replace('==', ' ')} on {''.join(java)}.",
        "",
        "| document | generator | wall | CPU | peak RSS | sdkgen ÷ this: wall, CPU |",
        "|---|---|---|---|---|---|",
    ]
    for name, samples in results.items():
        ours = samples[OURS]
        for label, found in samples.items():
            ratio = "–"
            if label != OURS:
                wall = med(ours, "wall") / med(found, "wall")
                ratio = f"{wall:.2f}, {med(ours, 'cpu') / med(found, 'cpu'):.2f}"
            lines.append(
                f"| {name} | {label} | {med(found, 'wall'):.2f} s | {med(found, 'cpu'):.2f} s | "
                f"{med(found, 'rss_mib'):.0f} MiB | {ratio} |"
            )
    lines += [
        "",
        "Target: sdkgen under a third of openapi-generator's time (ratio ≤ 0.33).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = report(measure(args.runs, ensure_peer()), args.runs)
    (HERE / "results" / "TYPESCRIPT.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
