"""Media upload and download: bytes, files and iterators up; bytes, streams and files down."""

from __future__ import annotations

import asyncio
import importlib
import io
import itertools
import threading
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from scripted_server import Reply, ScriptedServer, Seen

MEDIA = "/users/1/media/photo.png"
BLOCK = bytes(range(256)) * 256  # 64 KiB
BLOCKS = 128  # 8 MiB in all
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def quick_backoff(bw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bw.Client, "INITIAL_BACKOFF", 0.01)
    monkeypatch.setattr(bw.AsyncClient, "INITIAL_BACKOFF", 0.01)


def client(bw: Any, server: ScriptedServer, **options: Any) -> Any:
    return bw.Client(username="u", password="p", base_url=server.url, **options)


def aclient(bw: Any, server: ScriptedServer) -> Any:
    return bw.AsyncClient(username="u", password="p", base_url=server.url)


def big_file(seen: Seen) -> Reply:
    """8 MiB sent in 64 KiB pieces, so the server never holds it whole either."""
    return Reply(
        200,
        headers={"Content-Type": "application/octet-stream"},
        chunks=itertools.repeat(BLOCK, BLOCKS),
        length=len(BLOCK) * BLOCKS,
    )


def peak_memory(action: Any) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_get_media_returns_the_bytes(bw: Any, server: ScriptedServer) -> None:
    server.route(
        "GET",
        MEDIA,
        Reply(200, b"\x89PNG...", {"Content-Type": "application/octet-stream"}),
    )
    with client(bw, server) as c:
        assert c.media.get_media("1", "photo.png") == b"\x89PNG..."


def test_media_download_streams_to_disk_without_holding_it_in_memory(
    bw: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    server.route("GET", MEDIA, big_file)
    target = tmp_path / "photo.png"
    with client(bw, server) as c:
        c.media.calls.get_media.download(tmp_path / "warm-up", "1", "photo.png")
        streamed = peak_memory(
            lambda: c.media.calls.get_media.download(target, "1", "photo.png")
        )
        in_memory = peak_memory(lambda: c.media.get_media("1", "photo.png"))
    assert target.stat().st_size == len(BLOCK) * BLOCKS
    with target.open("rb") as written:
        assert all(written.read(len(BLOCK)) == BLOCK for _ in range(BLOCKS))
    assert streamed < 1 * MiB  # a few chunks at a time ...
    assert in_memory > 8 * MiB  # ... where reading it whole holds all of it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.png", "warm-up"]


def test_media_download_to_an_open_file_on_the_async_client(
    bw: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    server.route("GET", MEDIA, big_file)

    async def main() -> int:
        async with aclient(bw, server) as c:
            with open(tmp_path / "out", "wb") as out:
                size: int = await c.media.calls.get_media.download(out, "1", "photo.png")
                return size

    assert (
        asyncio.run(main()) == (tmp_path / "out").stat().st_size == len(BLOCK) * BLOCKS
    )


def test_stream_reads_the_body_as_it_arrives(bw: Any, server: ScriptedServer) -> None:
    server.route("GET", MEDIA, big_file)
    with (
        client(bw, server) as c,
        c.media.calls.get_media.stream("1", "photo.png") as response,
    ):
        assert response.status_code == 200
        first = next(response.iter_bytes(len(BLOCK)))
    assert first == BLOCK


def test_failed_download_raises_and_leaves_no_file(
    bw: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    server.route(
        "GET",
        MEDIA,
        Reply(
            404,
            b'{"type": "missing", "description": "gone"}',
            {"Content-Type": "application/json"},
        ),
        Reply(200, chunks=[BLOCK], length=2 * len(BLOCK), hang_up=True),
    )
    with client(bw, server) as c:
        with pytest.raises(bw.NotFoundError) as info:
            c.media.calls.get_media.download(tmp_path / "a", "1", "photo.png")
        assert info.value.error.description == "gone"
        with pytest.raises(bw.ApiConnectionError):  # the server hung up half way
            c.media.calls.get_media.download(tmp_path / "b", "1", "photo.png")
    assert list(tmp_path.iterdir()) == []


def test_async_download_to_a_path_writes_off_the_event_loop_and_never_half(
    bw: Any, server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The AsyncClient opens, writes and renames the file in worker threads; a download
    cut short leaves neither the file nor its ``.part``."""
    server.route(
        "GET",
        MEDIA,
        big_file,
        Reply(200, chunks=[BLOCK], length=2 * len(BLOCK), hang_up=True),
    )
    part_file = importlib.import_module("bandwidth_messaging._download")._PartFile
    writers: set[int] = set()
    real_write = part_file.write

    def write(self: Any, chunk: bytes) -> None:
        writers.add(threading.get_ident())
        real_write(self, chunk)

    monkeypatch.setattr(part_file, "write", write)

    async def main() -> tuple[int, int]:
        async with aclient(bw, server) as c:
            size = await c.media.calls.get_media.download(tmp_path / "out", "1", "photo.png")
            with pytest.raises(bw.ApiConnectionError):
                await c.media.calls.get_media.download(tmp_path / "cut", "1", "photo.png")
            return size, threading.get_ident()

    size, loop_thread = asyncio.run(main())
    assert size == (tmp_path / "out").stat().st_size == len(BLOCK) * BLOCKS
    assert writers and loop_thread not in writers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def upload_route(server: ScriptedServer, *answers: Reply) -> None:
    server.route("PUT", MEDIA, *(answers or (Reply(204),)))


def test_upload_media_sends_bytes_with_the_given_content_type(
    bw: Any, server: ScriptedServer
) -> None:
    upload_route(server)
    with client(bw, server) as c:
        assert (
            c.media.upload_media(
                "1", "photo.png", b"png-bytes", content_type="image/png"
            )
            is None
        )
    (seen,) = server.seen
    assert seen.body == b"png-bytes" and seen.headers["content-type"] == "image/png"


def test_bytes_of_no_known_type_are_refused_rather_than_sent_mistyped(
    bw: Any, server: ScriptedServer
) -> None:
    """The spec lets upload_media take many types (image/png, audio/ogg, ...): bytes
    with no content_type and no file name to tell it are not sent under a guess."""
    upload_route(server)
    with client(bw, server) as c, pytest.raises(bw.SdkError, match="content_type"):
        c.media.upload_media("1", "photo.png", b"png-bytes")
    assert server.seen == []


def test_upload_media_reads_a_file_in_chunks(
    bw: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    upload_route(server)
    path = tmp_path / "clip.bin"
    path.write_bytes(BLOCK * 3)
    with client(bw, server) as c, path.open("rb") as file:
        c.media.upload_media(
            "1", "photo.png", file, content_type="video/mp4", cache_control="no-cache"
        )
    (seen,) = server.seen
    assert seen.body == BLOCK * 3
    assert seen.headers["content-length"] == str(len(BLOCK) * 3)
    assert (
        seen.headers["content-type"] == "video/mp4"
        and seen.headers["cache-control"] == "no-cache"
    )


def test_upload_media_guesses_the_content_type_from_a_file_name(
    bw: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    upload_route(server)
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"jpeg")
    with client(bw, server) as c, path.open("rb") as file:
        c.media.upload_media("1", "photo.png", file)
    assert server.seen[0].headers["content-type"] == "image/jpeg"


def test_upload_media_sends_an_iterator_of_chunks(
    bw: Any, server: ScriptedServer
) -> None:
    upload_route(server)

    def chunks() -> Iterator[bytes]:
        yield b"part one, "
        yield b"part two"

    with client(bw, server) as c:
        c.media.upload_media("1", "photo.png", chunks(), content_type="text/plain")
    (seen,) = server.seen
    assert seen.body == b"part one, part two"
    assert seen.headers["transfer-encoding"] == "chunked"


def test_upload_from_a_file_is_retried_from_where_the_file_started(
    bw: Any, server: ScriptedServer
) -> None:
    upload_route(server, Reply(503), Reply(204))
    file = io.BytesIO(b"header:the-payload")
    file.seek(len(b"header:"))
    with client(bw, server) as c:
        c.media.upload_media("1", "photo.png", file, content_type="image/png")
    assert [s.body for s in server.seen] == [b"the-payload", b"the-payload"]


def test_upload_from_an_iterator_is_never_retried(
    bw: Any, server: ScriptedServer
) -> None:
    upload_route(server, Reply(503), Reply(204))
    with client(bw, server) as c, pytest.raises(bw.UnexpectedStatusError):
        c.media.upload_media(
            "1", "photo.png", iter([b"once"]), content_type="image/png"
        )
    assert len(server.seen) == 1


def test_async_upload_of_a_file_an_iterator_and_an_async_iterator(
    bw: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    upload_route(server)
    path = tmp_path / "a.png"
    path.write_bytes(BLOCK * 2)

    async def chunks() -> AsyncIterator[bytes]:
        yield b"async "
        yield b"chunks"

    async def main() -> None:
        async with aclient(bw, server) as c:
            with path.open("rb") as file:
                await c.media.upload_media("1", "photo.png", file)
            await c.media.upload_media(
                "1", "photo.png", iter([b"sync ", b"chunks"]), content_type="image/gif"
            )
            await c.media.upload_media(
                "1", "photo.png", chunks(), content_type="image/gif"
            )

    asyncio.run(main())
    first, second, third = server.seen
    assert first.body == BLOCK * 2 and first.headers["content-type"] == "image/png"
    assert first.headers["content-length"] == str(2 * len(BLOCK))
    assert second.body == b"sync chunks" and third.body == b"async chunks"


def test_an_async_iterator_needs_the_async_client(
    bw: Any, server: ScriptedServer
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"x"

    with client(bw, server) as c, pytest.raises(bw.SdkError, match="AsyncClient"):
        c.media.upload_media("1", "photo.png", chunks(), content_type="image/png")
