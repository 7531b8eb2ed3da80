"""Python's cycle collector paused around the generator's big passes.

Reading a spec and building the model, rendering and writing each allocate millions
of objects and leave few cycles, while each of the collector's passes walks every
object alive: the spec's nodes, the model, every file rendered so far. Those passes
made the stages grow faster than the document (half of building the model of 2,000
operations, a tenth of rendering 5,000, a second of writing them). Cycles left
meanwhile are collected by its first pass after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, as it was after. Not around anything that
    forks a process, which would inherit it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
