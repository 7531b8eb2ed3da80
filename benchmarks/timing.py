"""Whole-process measurements: wall time, CPU time, peak memory, background load.

A command runs as a child process; ``os.wait4`` returns its resource usage the way
``/usr/bin/time -v`` reports it: user+system CPU of the process and every
descendant it waited for, and the peak resident set size of the largest of them
(for openapi-generator-cli, the java child of the Python shim).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_HZ = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, descendants included
    rss_mib: float  # peak resident set size of the largest process
    rc: int
    bg_cores: float  # CPU that OTHER processes used meanwhile, in cores
    output: str  # stdout + stderr, for parsing counts and for error reports


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (all processes)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = f.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(x) for x in fields[:8]
    )
    return (user + nice + system + irq + softirq + steal) / _HZ


def wait_quiet(limit: float, max_wait: float) -> float:
    """Wait (at most ``max_wait`` s) for a 1 s window in which the machine uses
    less than ``limit`` cores; returns the load seen last."""
    deadline = time.monotonic() + max_wait
    while True:
        before = busy_seconds()
        time.sleep(1.0)
        load = busy_seconds() - before
        if load < limit or time.monotonic() >= deadline:
            return load


def run(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    timeout: float = 900.0,
) -> Sample:
    """Run ``cmd`` to completion and measure it; killed (a failed run) after ``timeout`` s."""
    with tempfile.TemporaryFile() as log:
        busy0 = busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env) if env else None,
            cwd=cwd,
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        killer.cancel()
        wall = time.perf_counter() - start
        busy1 = busy_seconds()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    others = max(0.0, (busy1 - busy0) - cpu)
    return Sample(
        wall, cpu, usage.ru_maxrss / 1024, proc.returncode, others / wall, output
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass(frozen=True)
class Summary:
    """Medians of the successful samples of one case."""

    runs: int
    failed: int
    wall: float
    cpu: float
    rss_mib: float
    bg_cores: float

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Summary:
        ok = [s for s in samples if s.rc == 0]
        return cls(
            runs=len(samples),
            failed=len(samples) - len(ok),
            wall=median([s.wall for s in ok]),
            cpu=median([s.cpu for s in ok]),
            rss_mib=median([s.rss_mib for s in ok]),
            bg_cores=median([s.bg_cores for s in ok]),
        )
