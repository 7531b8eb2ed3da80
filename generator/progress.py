"""Progress of a long generation on a terminal: one line, rewritten in place.

The pipeline reports stages ("rendering", "formatting: 40/223 files") through a plain
callable; this one draws them with the time elapsed, on a terminal only. Piped into a
file or a CI log, or with ``--quiet``, it writes nothing at all.
"""

from __future__ import annotations

import re
import time
from typing import TextIO

# A terminal is not redrawn more often than this (a big spec reports thousands of files).
_REDRAW_EVERY = 0.05


class TerminalProgress:
    """A callable taking a stage description; ``done`` clears the line."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self._stream = stream
        self.enabled = not quiet and _is_terminal(stream)
        self._start = time.perf_counter()
        self._last_draw = 0.0
        self._last_stage = ""
        self._drawn = False
        self.clock = StageClock()

    def __call__(self, stage: str) -> None:
        self.clock(stage)
        if not self.enabled:
            return
        now = time.perf_counter()
        kind = stage.split(":", 1)[0]
        if kind == self._last_stage and now - self._last_draw < _REDRAW_EVERY:
            return
        self._last_stage, self._last_draw, self._drawn = kind, now, True
        self._stream.write(f"\r\x1b[K[{now - self._start:5.2f}s] {stage}")
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


class StageClock:
    """How long each stage took, from the stage descriptions the pipeline reports:
    a stage lasts until the next one of another kind begins."""

    def __init__(self) -> None:
        self._start = time.perf_counter()
        self._stages: list[tuple[str, float]] = []

    def __call__(self, stage: str) -> None:
        kind = _KIND.match(stage).group().strip() or stage  # type: ignore[union-attr]
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
