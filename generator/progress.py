"""Progress of a long generation: on a terminal one line, rewritten in place.

The pipeline reports stages ("rendering", "formatting: 40/223 files") through a plain
callable; this one draws them with the time elapsed. Piped into a file or a CI log, a
run says nothing for its first ``LOG_AFTER`` seconds (most take less), then writes a line
each time a new stage begins, so that a long run in CI says what it is doing. With
``--quiet`` it writes nothing at all.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TextIO

# A terminal is not redrawn more often than this (a big spec reports thousands of files).
_REDRAW_EVERY = 0.05
# Seconds a run piped into a log stays silent before it writes its stages, one a line.
LOG_AFTER = 10.0


class TerminalProgress:
    """A callable taking a stage description; ``done`` clears the line."""

    def __init__(
        self,
        stream: TextIO,
        *,
        quiet: bool = False,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._stream = stream
        self.enabled = not quiet and _is_terminal(stream)
        self._logging = not quiet and not self.enabled
        self._now = now
        self._start = now()
        self._last_draw = 0.0
        self._last_stage = ""
        self._drawn = False
        self.clock = StageClock()

    def __call__(self, stage: str) -> None:
        self.clock(stage)
        if self._logging:
            self._log(stage)
        if not self.enabled:
            return
        now = self._now()
        kind = stage.split(":", 1)[0]
        if kind == self._last_stage and now - self._last_draw < _REDRAW_EVERY:
            return
        self._last_stage, self._last_draw, self._drawn = kind, now, True
        self._stream.write(f"\r\x1b[K[{now - self._start:5.2f}s] {stage}")
        self._stream.flush()

    def _log(self, stage: str) -> None:
        """A line for a stage of another kind than the last, once the run is long."""
        elapsed = self._now() - self._start
        if elapsed < LOG_AFTER:
            return
        kind = stage_kind(stage)
        if kind == self._last_stage:
            return
        self._last_stage = kind
        self._stream.write(f"[{elapsed:5.1f}s] {stage}\n")
        self._stream.flush()

    def done(self) -> None:
        """Remove the progress line, so that what is printed next starts on a clean line."""
        if self.enabled and self._drawn:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._drawn = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


# A stage's kind: its words before any count or detail ("formatting: 40/223 files"
# and "formatting 223 files" are one stage).
_KIND = re.compile(r"^[^:(\d]*")


def stage_kind(stage: str) -> str:
    match = _KIND.match(stage)
    return (match.group().strip() if match else "") or stage


class StageClock:
    """How long each stage took, from the stage descriptions the pipeline reports:
    a stage lasts until the next one of another kind begins."""

    def __init__(self) -> None:
        self._start = time.perf_counter()
        self._stages: list[tuple[str, float]] = []

    def __call__(self, stage: str) -> None:
        kind = stage_kind(stage)
        if not self._stages or self._stages[-1][0] != kind:
            self._stages.append((kind, time.perf_counter()))

    def durations(self) -> list[tuple[str, float]]:
        """Each stage in order with its seconds; the last lasts until now."""
        ends = [start for _, start in self._stages[1:]] + [time.perf_counter()]
        return [
            (kind, end - start)
            for (kind, start), end in zip(self._stages, ends, strict=True)
        ]

    def report(self) -> str:
        lines = [f"{seconds:8.2f} s  {kind}" for kind, seconds in self.durations()]
        total = time.perf_counter() - self._start
        return "\n".join(["timings:", *lines, f"{total:8.2f} s  in all"])
