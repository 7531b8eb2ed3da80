"""Progress of a long generation on a terminal: one line, rewritten in place.

The pipeline reports stages ("rendering", "formatting: 40/223 files") through a plain
callable; this one draws them with the time elapsed, on a terminal only. Piped into a
file or a CI log, or with ``--quiet``, it writes nothing at all.
"""

from __future__ import annotations

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

    def __call__(self, stage: str) -> None:
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
