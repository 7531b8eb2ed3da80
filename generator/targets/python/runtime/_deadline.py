"""Sockets that keep the attempt's deadline.

httpx's timeouts bound each network operation: a server that sends its status line and
headers one byte at a time, each within the read timeout, holds a call for as long as it
likes. The client's own transport reads through these streams, which never wait past
the end of the attempt under way (``attempt_ends``), so ``timeout`` bounds a whole
attempt, headers included; a sync transport or ``http_client`` of the caller's own is
used as it is. The async client bounds the wait for the headers with ``within``,
whatever the transport.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Awaitable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpcore
import httpx

T = TypeVar("T")
_attempt = threading.local()


@contextmanager
def attempt_ends(at: float) -> Iterator[None]:
    """Within this block, this thread's reads and writes end by ``at`` (monotonic)."""
    previous = getattr(_attempt, "end", None)
    _attempt.end = at
    try:
        yield
    finally:
        _attempt.end = previous


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    end: float | None = getattr(_attempt, "end", None)
    if end is None or math.isinf(end):
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the attempt's time is up")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(
            host, port, bounded, local_address, socket_options
        )
        return _Stream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def deadline_transport() -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose connections keep the attempt's deadline."""
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
    return transport


async def within(awaitable: Awaitable[T], end: float) -> T:
    """``await awaitable``, ended by ``end`` (monotonic) as a read timeout: the async
    counterpart of ``attempt_ends``, for any transport."""
    if math.isinf(end):
        return await awaitable
    try:
        return await asyncio.wait_for(awaitable, max(end - time.monotonic(), 0))
    except TimeoutError:
        raise httpx.ReadTimeout("the attempt's time is up") from None
