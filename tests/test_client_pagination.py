"""Pagination: the messaging spec's two token styles, and how an operation gets paged."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import generate, write_spec
from scripted_server import Reply, ScriptedServer, Seen, json_reply

from generator.config import load_config

MESSAGES = "/users/1/messages"
MEDIA = "/users/1/media"


def message_pages(seen: Seen) -> Reply:
    """Three pages of two messages; ``pageToken`` says which, ``nextPageToken`` what next."""
    token = seen.query.get("pageToken", ["p1"])[0]
    number = int(token[1:])
    page: dict[str, Any] = {
        "totalCount": 6,
        "messages": [{"messageId": f"m{number}{i}"} for i in "ab"],
        "pageInfo": {"nextPageToken": f"p{number + 1}"} if number < 3 else {},
    }
    return json_reply(page)


def media_pages(seen: Seen) -> Reply:
    """Three lists of media; the ``Continuation-Token`` header links them."""
    token = seen.headers.get("continuation-token", "c1")
    number = int(token[1:])
    items = [{"mediaName": f"file-{number}-{i}", "contentLength": i} for i in range(2)]
    headers = {"Continuation-Token": f"c{number + 1}"} if number < 3 else {}
    return json_reply(items, headers=headers)


def client(bw: Any, server: ScriptedServer) -> Any:
    return bw.Client(username="u", password="p", base_url=server.url)


def test_list_messages_iter_walks_three_pages_by_page_token(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MESSAGES, message_pages)
    with client(bw, server) as c:
        ids = [m.message_id for m in c.messages.calls.list_messages.iter("1", limit=2)]
    assert ids == ["m1a", "m1b", "m2a", "m2b", "m3a", "m3b"]
    requests = server.requests(MESSAGES)
    assert [r.query.get("pageToken") for r in requests] == [None, ["p2"], ["p3"]]
    assert all(r.query["limit"] == ["2"] for r in requests)  # the filters stay


def test_pages_are_fetched_only_as_the_iteration_reaches_them(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MESSAGES, message_pages)
    with client(bw, server) as c:
        items = c.messages.calls.list_messages.iter("1")
        assert next(items).message_id == "m1a"
        assert len(server.seen) == 1


def test_list_messages_pages_gives_each_raw_page(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MESSAGES, message_pages)
    with client(bw, server) as c:
        pages = list(c.messages.calls.list_messages.pages("1"))
    assert [p.status for p in pages] == [200, 200, 200]
    assert [p.data.page_info.next_page_token for p in pages] == ["p2", "p3", None]


def test_list_messages_iter_on_the_async_client(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MESSAGES, message_pages)

    async def main() -> list[str | None]:
        async with bw.AsyncClient(username="u", password="p", base_url=server.url) as c:
            return [m.message_id async for m in c.messages.calls.list_messages.iter("1")]

    assert asyncio.run(main()) == ["m1a", "m1b", "m2a", "m2b", "m3a", "m3b"]


def test_list_media_iter_follows_the_continuation_token_header(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, media_pages)
    with client(bw, server) as c:
        names = [m.media_name for m in c.media.calls.list_media.iter("1")]
    assert names == [f"file-{n}-{i}" for n in (1, 2, 3) for i in (0, 1)]
    sent = [r.headers.get("continuation-token") for r in server.requests(MEDIA)]
    assert sent == [None, "c2", "c3"]


def test_list_media_iter_on_the_async_client(bw: Any, server: ScriptedServer) -> None:
    server.route("GET", MEDIA, media_pages)

    async def main() -> list[str | None]:
        async with bw.AsyncClient(username="u", password="p", base_url=server.url) as c:
            return [m.media_name async for m in c.media.calls.list_media.iter("1")]

    assert len(asyncio.run(main())) == 6


def test_a_repeated_token_ends_the_iteration(bw: Any, server: ScriptedServer) -> None:
    server.route(
        "GET",
        MEDIA,
        json_reply([{"mediaName": "x"}], headers={"Continuation-Token": "same"}),
    )
    with client(bw, server) as c:
        assert len(list(c.media.calls.list_media.iter("1"))) == 2
    assert len(server.requests(MEDIA)) == 2


def test_a_server_answering_the_token_it_was_given_is_not_asked_again(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "GET",
        MEDIA,
        json_reply([{"mediaName": "x"}], headers={"Continuation-Token": "same"}),
    )
    with client(bw, server) as c:
        items = c.media.calls.list_media.iter("1", continuation_token="same")
        assert len(list(items)) == 1
    assert len(server.requests(MEDIA)) == 1


def things(operation: str, extension: str, param: str, properties: str) -> str:
    """A GET /<operation> whose 200 answer is an object with ``properties``."""
    return f"""
  /{operation}:
    get:
      operationId: {operation}
      {extension}
      parameters:
        - {{name: {param}, in: query, schema: {{type: string}}}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties: {{{properties}}}"""


LIST = "{type: array, items: {type: string}}"
ROWS = "rows: " + LIST
SPEC = (
    'openapi: 3.0.3\ninfo: {title: Paged, version: "1"}\npaths:'
    + things(
        "byExtension",
        "x-pagination: {tokenParameter: after, nextToken: {in: body, path: meta.after},"
        " items: rows}",
        "after",
        ROWS + ", meta: {type: object, properties: {after: {type: string}}}",
    )
    + things("byConfig", "", "offset", ROWS)
    + things(
        "inferred", "", "cursor", ROWS + ", nextCursor: {type: string, nullable: true}"
    )
    + things(
        "twoLists",
        "",
        "cursor",
        ROWS + ", more: " + LIST + ", nextCursor: {type: string}",
    )
    + things(
        "turnedOff",
        "x-pagination: false",
        "cursor",
        ROWS + ", nextCursor: {type: string}",
    )
)
PYPROJECT = """
[tool.generator]
spec = "spec.yaml"

[tool.generator.pagination.byConfig]
tokenParameter = "offset"
items = "rows"
nextToken = { in = "header", name = "X-Next-Offset" }
"""


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One package from SPEC, with the pagination table of PYPROJECT."""
    folder = tmp_path_factory.mktemp("paged")
    (folder / "pyproject.toml").write_text(PYPROJECT)
    config = load_config(folder / "pyproject.toml")
    assert dict(config.pagination)["byConfig"]["nextToken"]["in"] == "header"
    spec = write_spec(folder, SPEC)
    out = generate(spec, folder / "out", "paged_sdk", pagination=config.pagination)
    sys.path.insert(0, str(out))
    yield importlib.import_module("paged_sdk")
    sys.path.remove(str(out))


def paged_client(paged: Any, server: ScriptedServer) -> Any:
    return paged.Client(base_url=server.url)


def test_x_pagination_declares_an_operation_paged(
    paged: Any, server: ScriptedServer
) -> None:
    def answer(seen: Seen) -> Reply:
        after = seen.query.get("after", [""])[0]
        return json_reply(
            {"rows": [after or "first"], "meta": {"after": "" if after else "2nd"}}
        )

    server.route("GET", "/byExtension", answer)
    with paged_client(paged, server) as c:
        assert list(c.default.calls.by_extension.iter()) == ["first", "2nd"]


def test_generator_pagination_table_in_pyproject_declares_an_operation_paged(
    paged: Any, server: ScriptedServer
) -> None:
    def answer(seen: Seen) -> Reply:
        offset = int(seen.query.get("offset", ["0"])[0])
        headers = {"X-Next-Offset": str(offset + 1)} if offset < 2 else {}
        return json_reply({"rows": [f"row{offset}"]}, headers=headers)

    server.route("GET", "/byConfig", answer)
    with paged_client(paged, server) as c:
        assert list(c.default.calls.by_config.iter()) == ["row0", "row1", "row2"]


def test_pagination_is_inferred_from_a_token_parameter_and_a_next_token_field(
    paged: Any, server: ScriptedServer
) -> None:
    def answer(seen: Seen) -> Reply:
        cursor = seen.query.get("cursor", [""])[0]
        return json_reply(
            {"rows": [cursor or "a"], "nextCursor": None if cursor else "b"}
        )

    server.route("GET", "/inferred", answer)
    with paged_client(paged, server) as c:
        assert list(c.default.calls.inferred.iter()) == ["a", "b"]


@pytest.mark.parametrize("operation", ["two_lists", "turned_off"])
def test_pagination_is_not_inferred_when_ambiguous_or_turned_off(
    paged: Any, operation: str
) -> None:
    with paged.Client(base_url="http://127.0.0.1:9") as c:
        assert not hasattr(getattr(c.default, operation), "iter")
