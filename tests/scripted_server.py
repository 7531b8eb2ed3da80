"""A scripted HTTP/1.1 server on 127.0.0.1 for the client behaviour tests.

Each route answers from a script: the answers are used in turn and the last one
repeats. An answer is a ``Reply``, ``DROP`` (close the socket without answering), a
``Stall`` (say nothing until the client gives up) or a function of the request that
returns one of these. Every request is recorded, body included.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # A body sent piece by piece, with the given total length.
    chunks: Iterable[bytes] | None = None
    length: int = 0
    # Hang up after the body (say, one shorter than its announced length).
    hang_up: bool = False


def json_reply(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Reply:
    return Reply(
        status,
        json.dumps(data).encode(),
        {"Content-Type": "application/json", **(headers or {})},
    )


@dataclass(frozen=True)
class Stall:
    """Answer nothing for ``seconds`` (or until the server stops), then hang up."""

    seconds: float = 5.0


DROP = "drop"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes


Answer = Reply | Stall | str | Callable[[Seen], Any]


class ScriptedServer:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], list[Answer]] = {}
        self._used: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def route(self, method: str, path: str, *answers: Answer) -> None:
        """Script the answers to ``method path`` (the path without a query string)."""
        self._routes[(method, path)] = list(answers)
        self._used[(method, path)] = 0

    def requests(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def close(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, seen: Seen) -> Answer:
        with self._lock:
            self.seen.append(seen)
            key = (seen.method, seen.path)
            answers = self._routes.get(key)
            if not answers:
                return Reply(404, b"no route")
            index = min(self._used[key], len(answers) - 1)
            self._used[key] += 1
        answer = answers[index]
        if callable(answer):
            return answer(seen)  # type: ignore[no-any-return]
        return answer


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read ``server.seen`` instead."""

        def _serve(self) -> None:
            url = urlsplit(self.path)
            seen = Seen(
                self.command,
                url.path,
                parse_qs(url.query),
                {k.lower(): v for k, v in self.headers.items()},
                self._read_body(),
            )
            answer = server._answer(seen)
            if answer == DROP:
                self.close_connection = True
                return
            if isinstance(answer, Stall):
                server.stopping.wait(answer.seconds)
                self.close_connection = True
                return
            assert isinstance(answer, Reply)
            self._reply(answer)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                return b"".join(self._chunks())
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _chunks(self) -> Iterator[bytes]:
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                data = self.rfile.read(size)
                self.rfile.readline()
                if size == 0:
                    return
                yield data

        def _reply(self, reply: Reply) -> None:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            length = reply.length if reply.chunks is not None else len(reply.body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            try:
                for chunk in reply.chunks if reply.chunks is not None else [reply.body]:
                    self.wfile.write(chunk)
            except OSError:
                self.close_connection = True  # the client went away
            if reply.hang_up:
                self.close_connection = True

    return Handler
