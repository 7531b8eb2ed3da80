"""Sockets that keep the attempt's deadline.

httpx's timeouts bound each network operation: a server that sends its status line and
headers one byte at a time, each within the read timeout, holds a call for as long as it
likes. The client's own transport reads through these streams, which never wait past
the end of the attempt under way (``attempt_ends``), so ``timeout`` bounds a whole
attempt, headers included; a sync transport or ``http_client`` of the caller's own is
used as it is. The async client bounds the wait for the headers with ``within``,
whatever the transport. The streams themselves are in ``_sockets``, imported with the
first connection (httpx imports httpcore then too).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Awaitable
from typing import TypeVar

import httpx

T = TypeVar("T")
_attempt = threading.local()


class attempt_ends:  # noqa: N801 - used as a function, like contextlib's
    """Within this block, this thread's reads and writes end by ``at`` (monotonic).

    A class, not a ``@contextmanager`` generator, which cost twice as much: every
    call enters it twice."""

    __slots__ = ("_at", "_previous")

    def __init__(self, at: float) -> None:
        self._at = at
        self._previous: float | None = None

    def __enter__(self) -> None:
        self._previous = getattr(_attempt, "end", None)
        _attempt.end = self._at

    def __exit__(self, *exc_info: object) -> None:
        _attempt.end = self._previous


def time_left(timeout: float | None, error: type[Exception]) -> float | None:
    end: float | None = getattr(_attempt, "end", None)
    if end is None or math.isinf(end):
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the attempt's time is up")
    return left if timeout is None else min(timeout, left)


async def within(awaitable: Awaitable[T], end: float) -> T:
    """``await awaitable``, ended by ``end`` (monotonic) as a read timeout: the async
    counterpart of ``attempt_ends``, for any transport."""
    import asyncio  # loaded already: this coroutine runs in its event loop

    if math.isinf(end):
        return await awaitable
    try:
        return await asyncio.wait_for(awaitable, max(end - time.monotonic(), 0))
    except TimeoutError:
        raise httpx.ReadTimeout("the attempt's time is up") from None
