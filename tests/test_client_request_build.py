"""The runtime builds a request's headers as a list, not as ``httpx.Headers``: what it
sends must be what ``httpx.Request(content=...)`` would have sent, byte for byte and in
the same order."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

URL = httpx.URL("https://messaging.bandwidth.com/api/v2/users/1/messages")

HEADERS = [
    [],
    [(b"User-Agent", b"sdk/1"), (b"Accept", b"application/json")],
    [(b"host", b"elsewhere.example"), (b"X-Id", b"7")],
    [(b"content-length", b"5")],
    [(b"Transfer-Encoding", b"chunked")],
]


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("content", [None, b"", "", b'{"a":1}', "caf\u00e9"])
@pytest.mark.parametrize("headers", HEADERS)
def test_value_request_is_what_httpx_builds(
    bw: Any, method: str, content: Any, headers: list[tuple[bytes, bytes]]
) -> None:
    value_request = importlib.import_module("bandwidth_messaging._request").value_request
    extensions = {"timeout": httpx.Timeout(5.0).as_dict()}
    params = [("limit", 10)]
    built = value_request(
        method, URL, params, list(headers), content, extensions, URL.netloc
    )
    expected = httpx.Request(
        method,
        URL,
        params=params,
        headers=headers,
        content=content,
        extensions=extensions,
    )
    assert built.headers.raw == expected.headers.raw
    assert built.content == expected.content
    assert (built.method, built.url, built.extensions) == (
        expected.method,
        expected.url,
        expected.extensions,
    )
    assert list(built.stream) == list(expected.stream)


def test_put_replaces_in_place_as_httpx_headers_does(bw: Any) -> None:
    put = importlib.import_module("bandwidth_messaging._request")._put
    pairs = [(b"accept", b"a"), (b"X-Other", b"o"), (b"ACCEPT", b"b")]
    expected = httpx.Headers(pairs)
    put(pairs, "Accept", "caf\u00e9")
    expected["Accept"] = "caf\u00e9"
    assert httpx.Headers(pairs).raw == expected.raw
