"""Writing a response body to a file as it arrives (``.download()``), never holding it
in memory whole."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import IO

#: Where ``download`` writes: a path, or a file opened for writing bytes.
Destination = str | os.PathLike[str] | IO[bytes]


class _PartFile:
    """A download to a path, written as ``<path>.part`` and renamed when complete, so
    that an interrupted download never looks like a finished one."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.partial = self.path + ".part"
        self.file = open(self.partial, "wb")

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)

    def close(self, complete: bool) -> None:
        self.file.close()
        if complete:
            os.replace(self.partial, self.path)
        elif os.path.exists(self.partial):
            os.remove(self.partial)


def write_to(destination: Destination, chunks: Iterator[bytes]) -> int:
    """Write ``chunks`` to ``destination``: a file as it is, a path through
    ``_PartFile``; return the number of bytes."""
    size = 0
    if not isinstance(destination, (str, os.PathLike)):
        for chunk in chunks:
            destination.write(chunk)
            size += len(chunk)
        return size
    part = _PartFile(destination)
    complete = False
    try:
        for chunk in chunks:
            part.write(chunk)
            size += len(chunk)
        complete = True
    finally:
        part.close(complete)
    return size


async def awrite_to(destination: Destination, chunks: AsyncIterator[bytes]) -> int:
    """``write_to`` for an async stream of chunks."""
    size = 0
    if not isinstance(destination, (str, os.PathLike)):
        async for chunk in chunks:
            destination.write(chunk)
            size += len(chunk)
        return size
    import asyncio  # loaded already: this coroutine runs in its event loop

    # A file of its own is opened, written and renamed in a worker thread, so that a
    # slow disk does not hold up the event loop.
    part = await asyncio.to_thread(_PartFile, destination)
    complete = False
    try:
        async for chunk in chunks:
            await asyncio.to_thread(part.write, chunk)
            size += len(chunk)
        complete = True
    finally:
        await asyncio.to_thread(part.close, complete)
    return size
