"""A server that sends its status line and headers a byte at a time, each byte within
the read timeout, cannot hold a call past ``timeout``: the attempt ends while the
server is still dripping, for the sync and the async client alike."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class DrippingServer:
    """Answers each connection one byte every ``pause`` seconds; counts the bytes it
    managed to send before the client went away."""

    def __init__(self, pause: float) -> None:
        self.pause = pause
        self.sent: list[int] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.5)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        sent = 0
        with connection:
            connection.recv(65536)
            for byte in HEAD:
                if self._stop.is_set():
                    break
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    break
                sent += 1
                time.sleep(self.pause)
        self.sent.append(sent)

    def close(self) -> None:
        self._stop.set()
        self._socket.close()
        self._thread.join(timeout=5)


@pytest.fixture
def dripping() -> Iterator[DrippingServer]:
    server = DrippingServer(pause=0.1)  # the whole answer would take about 8 s
    yield server
    server.close()


def _wait_for_server(server: DrippingServer) -> None:
    for _ in range(100):  # the server notices the client left at its next byte
        if server.sent:
            return
        time.sleep(0.05)


def test_headers_dripping_within_the_read_timeout_end_the_sync_attempt(
    bw: Any, dripping: DrippingServer
) -> None:
    with bw.Client(
        username="u", password="p", base_url=dripping.url, timeout=1, max_retries=0
    ) as client, pytest.raises(bw.ApiTimeoutError):
        client.media.list_media("1")
    _wait_for_server(dripping)
    # The call ended while the server was far from done.
    assert dripping.sent and dripping.sent[0] < len(HEAD) // 2


def test_headers_dripping_within_the_read_timeout_end_the_async_attempt(
    bw: Any, dripping: DrippingServer
) -> None:
    async def call() -> None:
        async with bw.AsyncClient(
            username="u", password="p", base_url=dripping.url, timeout=1, max_retries=0
        ) as client:
            await client.media.list_media("1")

    with pytest.raises(bw.ApiTimeoutError):
        asyncio.run(call())
    _wait_for_server(dripping)
    assert dripping.sent and dripping.sent[0] < len(HEAD) // 2
