"""What every benchmark section shares: where things are, how to run ours, how to alternate."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import timing

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT.parent / "shared" / "specs" / "bandwidth"


@dataclass
class Context:
    work: Path  # scratch folder for outputs (outside the repository)
    venv: Path | None  # the peers' environment; None: ours only
    runs: int  # timed runs per case, after one untimed warm-up
    quiet_below: (
        float  # wait for the machine to use fewer cores than this before a run...
    )
    quiet_max: float  # ...but at most this many seconds
    smoke: bool = False
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def peers(self) -> bool:
        return self.venv is not None

    @property
    def python(self) -> str:
        """The interpreter for the generated clients: the peers' (same httpx/pydantic for all)."""
        return str(self.venv / "bin" / "python") if self.venv else sys.executable

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def ours(self, *args: str | Path, formatter: str = "black") -> list[str]:
        """Our generator's command line (run with the repository as working folder)."""
        command = [sys.executable, "-m", "generator", *map(str, args)]
        if formatter == "ruff":
            command += ["--config", str(self.ruff_config())]
        return command

    def ruff_config(self) -> Path:
        path = self.work / "ruff-pyproject.toml"
        if not path.exists():
            path.write_text('[tool.generator]\nformatter = "ruff"\n', encoding="utf-8")
        return path

    def run(
        self, command: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT
    ) -> timing.Sample:
        if self.quiet_max > 0:
            timing.wait_quiet(self.quiet_below, self.quiet_max)
        sample = timing.run(command, env=env, cwd=str(cwd))
        if sample.rc != 0:
            self.log(
                f"  ! exit {sample.rc}: {' '.join(command)}\n{sample.output[-1500:]}"
            )
        return sample

    def alternate(
        self,
        cases: dict[str, Callable[[], timing.Sample]],
        runs: int | None = None,
        warmup: bool = True,
    ) -> dict[str, list[timing.Sample]]:
        """Every case ``runs`` times, taking turns (the order rotates each round) so that
        a neighbour's load hits all of them alike; one untimed warm-up each first."""
        runs = self.runs if runs is None else runs
        if warmup and not self.smoke:
            for fn in cases.values():
                fn()
        names = list(cases)
        samples: dict[str, list[timing.Sample]] = {name: [] for name in names}
        for r in range(runs):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                samples[name].append(cases[name]())
        return samples


def fresh(path: Path) -> Path:
    """``path`` removed (not timed), its parent present."""
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def summary(samples: list[timing.Sample]) -> dict[str, Any]:
    s = timing.Summary.of(samples)
    return {
        "runs": s.runs, "failed": s.failed, "wall_s": round(s.wall, 3), "cpu_s": round(s.cpu, 3),
        "rss_mib": round(s.rss_mib, 1), "bg_cores": round(s.bg_cores, 2),
    }  # fmt: skip


def count_files(folder: Path) -> dict[str, int]:
    """Files and lines a generator wrote (tool caches left out)."""
    files = lines = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in {"__pycache__", ".ruff_cache"}]
        for name in filenames:
            files += 1
            with open(os.path.join(dirpath, name), "rb") as f:
                lines += f.read().count(b"\n")
    return {"files": files, "lines": lines}


def formatted_count(output: str) -> int | None:
    """How many files our generator formatted, from its summary line."""
    found = re.search(r"\((\d+) formatted", output)
    return int(found.group(1)) if found else None
