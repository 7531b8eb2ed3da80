"""Safe on the wire: redirects never repeat a request, secrets stay out of errors and
logs, arguments win over the environment, every call and every body is bounded, and
errors say what happened. Against scripted servers on 127.0.0.1 that count requests
and record their headers and bodies."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import MESSAGE
from scripted_server import Reply, ScriptedServer, Stall, json_reply

MESSAGES = "/users/1/messages"
MEDIA = "/users/1/media"
SECRET = "s3cr3t-value"
ENV = ("USERNAME", "PASSWORD", "CLIENT_ID", "CLIENT_SECRET", "TOKEN_URL", "BASE_URL")


@pytest.fixture(autouse=True)
def clean_environment(bw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(f"BANDWIDTH_{name}", raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setattr(bw.Client, "INITIAL_BACKOFF", 0.01)
    monkeypatch.setattr(bw.AsyncClient, "INITIAL_BACKOFF", 0.01)


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    """A second server: another origin (another port) than ``server``."""
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


def client(bw: Any, url: str, **options: Any) -> Any:
    return bw.Client(username="user", password=SECRET, base_url=url, **options)


def new_message(bw: Any) -> Any:
    return bw.models.MessageRequest(
        application_id="app", to=["+19195550000"], from_="+19195551234", text="hi"
    )


def redirect(status: int, location: str) -> Reply:
    return Reply(status, headers={"Location": location})


# 1. Redirects -----------------------------------------------------------------


def test_a_post_answered_303_is_not_sent_again_and_its_location_is_fetched_with_get(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, redirect(303, "/receipts/m-1"))
    server.route("GET", "/receipts/m-1", json_reply(MESSAGE, 200))
    with client(bw, server.url) as c:
        assert c.messages.create_message("1", new_message(bw)).id == "m-1"
    assert [(s.method, s.path) for s in server.seen] == [
        ("POST", MESSAGES),
        ("GET", "/receipts/m-1"),
    ]
    receipt = server.seen[1]
    assert receipt.body == b"" and "content-type" not in receipt.headers
    assert receipt.headers["authorization"].startswith("Basic ")  # same origin


@pytest.mark.parametrize("status", [301, 302])
def test_a_post_answered_301_or_302_raises_and_is_sent_nowhere_else(
    bw: Any, server: ScriptedServer, status: int
) -> None:
    server.route("POST", MESSAGES, redirect(status, "/v3/messages"))
    with client(bw, server.url) as c, pytest.raises(bw.RedirectError) as info:
        c.messages.create_message("1", new_message(bw))
    assert isinstance(info.value, bw.SdkError)
    assert info.value.status == status and info.value.location.endswith("/v3/messages")
    assert [(s.method, s.path) for s in server.seen] == [("POST", MESSAGES)]


@pytest.mark.parametrize("status", [307, 308])
def test_307_and_308_keep_method_and_body_to_the_same_origin_sent_once(
    bw: Any, server: ScriptedServer, status: int
) -> None:
    server.route("POST", MESSAGES, redirect(status, "/v3/messages"))
    server.route("POST", "/v3/messages", json_reply(MESSAGE, 202))
    with client(bw, server.url) as c:
        assert c.messages.create_message("1", new_message(bw)).id == "m-1"
    first, moved = server.seen
    assert (first.path, moved.method, moved.path) == (MESSAGES, "POST", "/v3/messages")
    assert moved.body == first.body and json.loads(moved.body)["text"] == "hi"
    assert moved.headers["authorization"] == first.headers["authorization"]


def test_a_body_is_never_redirected_to_another_origin(
    bw: Any, server: ScriptedServer, other: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, redirect(307, other.url + MESSAGES))
    other.route("POST", MESSAGES, json_reply(MESSAGE, 202))
    with client(bw, server.url) as c, pytest.raises(bw.RedirectError):
        c.messages.create_message("1", new_message(bw))
    assert len(server.seen) == 1 and other.seen == []


def test_a_put_redirected_301_keeps_method_and_body_unless_the_body_is_spent(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("PUT", MEDIA + "/a.png", redirect(301, "/v3/a.png"))
    server.route("PUT", "/v3/a.png", Reply(204))
    with client(bw, server.url) as c:
        c.media.upload_media("1", "a.png", b"png-bytes", content_type="image/png")
        with pytest.raises(bw.RedirectError, match="cannot be sent again"):
            c.media.upload_media(
                "1", "a.png", iter([b"png-", b"bytes"]), content_type="image/png"
            )
    assert [(s.method, s.path, s.body) for s in server.seen] == [
        ("PUT", MEDIA + "/a.png", b"png-bytes"),
        ("PUT", "/v3/a.png", b"png-bytes"),
        ("PUT", MEDIA + "/a.png", b"png-bytes"),
    ]


@pytest.mark.parametrize("location", ["ftp://example.com/x", "mailto:me@example.com"])
def test_a_redirect_to_another_scheme_is_not_followed(
    bw: Any, server: ScriptedServer, location: str
) -> None:
    server.route("DELETE", MEDIA + "/a.png", redirect(308, location))
    with client(bw, server.url) as c, pytest.raises(bw.RedirectError):
        c.media.delete_media("1", "a.png")
    assert len(server.seen) == 1


def test_a_redirect_loop_is_never_sent_round_again(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, redirect(307, "/loop/b"))
    server.route("POST", "/loop/b", redirect(307, MESSAGES))
    with client(bw, server.url) as c, pytest.raises(bw.TooManyRedirectsError) as info:
        c.messages.create_message("1", new_message(bw))
    assert isinstance(info.value, bw.RedirectError) and "loop" in str(info.value)
    assert [s.path for s in server.seen] == [MESSAGES, "/loop/b"]


def test_a_chain_of_redirects_stops_after_max_redirects(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, redirect(302, "/hop/1"))
    for hop in range(1, 10):
        server.route("GET", f"/hop/{hop}", redirect(302, f"/hop/{hop + 1}"))
    with client(bw, server.url) as c, pytest.raises(bw.TooManyRedirectsError):
        c.media.list_media("1")
    assert isinstance(bw.TooManyRedirectsError("", 302, ""), bw.SdkError)
    assert len(server.seen) == bw.Client.MAX_REDIRECTS + 1


def test_a_cross_origin_redirect_carries_no_credential_of_any_kind(
    sdk_from: Any, server: ScriptedServer, other: ScriptedServer
) -> None:
    sdk = sdk_from(KEYS_SPEC)
    server.route("GET", "/things", redirect(302, other.url + "/elsewhere?x=1"))
    other.route("GET", "/elsewhere", Reply(204))
    with sdk.Client(
        api_key=SECRET,
        query_key_api_key=SECRET,
        cookie_key_api_key=SECRET,
        base_url=server.url,
    ) as c:
        c.default.list_things(session="abc")
    (origin,) = server.seen
    assert origin.headers["x-api-key"] == SECRET and origin.query["api_key"] == [SECRET]
    (moved,) = other.seen
    assert moved.query == {"x": ["1"]}
    assert "x-api-key" not in moved.headers and "cookie" not in moved.headers
    assert SECRET not in json.dumps(moved.headers)


def test_the_async_client_and_a_client_of_your_own_follow_the_same_rule(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, redirect(303, "/receipts/m-1"))
    server.route("GET", "/receipts/m-1", json_reply(MESSAGE, 200))

    async def main() -> Any:
        async with bw.AsyncClient(username="u", password="p", base_url=server.url) as c:
            return await c.messages.create_message("1", new_message(bw))

    assert asyncio.run(main()).id == "m-1"
    own = httpx.Client(follow_redirects=True)
    with client(bw, server.url, http_client=own) as c:
        assert c.messages.create_message("1", new_message(bw)).id == "m-1"
    assert [s.method for s in server.seen] == ["POST", "GET", "POST", "GET"]


# 3. Secrets -------------------------------------------------------------------


def test_a_header_httpx_cannot_send_is_reported_without_its_value(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, json_reply([]))
    with client(bw, server.url) as c, pytest.raises(bw.InvalidRequestError) as info:
        c.with_options(headers={"X-Trace": "se\ncret-part"}).media.list_media("1")
    assert "cret-part" not in str(info.value) and "line break" in str(info.value)


def test_credentials_a_header_cannot_carry_are_refused_without_the_value(
    sdk_from: Any,
) -> None:
    sdk = sdk_from(KEYS_SPEC)
    for arguments in ({"api_key": "ab\ncd-key"}, {"cookie_key_api_key": "ab\rcd-key"}):
        with pytest.raises(sdk.SdkError) as info:
            sdk.Client(**arguments)
        assert "cd-key" not in str(info.value) and "API key" in str(info.value)


def test_a_base_url_with_a_password_is_refused_without_showing_it(
    bw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(bw.SdkError) as info:
        bw.Client(username="u", password="p", base_url=f"https://me:{SECRET}@api.test")
    assert SECRET not in str(info.value) and "https://api.test" in str(info.value)
    monkeypatch.setenv("BANDWIDTH_BASE_URL", f"https://me:{SECRET}@api.test")
    with pytest.raises(bw.SdkError) as info:
        bw.Client(username="u", password="p")
    assert SECRET not in str(info.value)


def test_httpx_logs_no_query_api_key(
    sdk_from: Any, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx logs each URL at INFO when it sends (a client of your own, a proxy)."""
    sdk = sdk_from(KEYS_SPEC)
    server.route("GET", "/things", Reply(204))
    caplog.set_level(logging.DEBUG)
    with sdk.Client(
        api_key="h",
        query_key_api_key=SECRET,
        cookie_key_api_key="c",
        base_url=server.url,
        http_client=httpx.Client(),
    ) as c:
        c.default.list_things(session="abc")
    assert server.seen[0].query["api_key"] == [SECRET]
    logged = [record.getMessage() for record in caplog.records]
    assert any("HTTP Request" in text and "api_key=" in text for text in logged)
    assert not any(SECRET in text for text in logged)


def test_credentials_are_refused_over_plain_http_to_another_host(bw: Any) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    def media(**options: Any) -> Any:
        with bw.Client(
            username="u", password="p", transport=httpx.MockTransport(answer), **options
        ) as c:
            return c.media.list_media("1")

    with pytest.raises(bw.InsecureTransportError):
        media(base_url="http://api.example.com")
    assert seen == []
    assert media(base_url="https://api.example.com") == []
    assert media(base_url="http://localhost:8080") == []
    assert media(base_url="http://[::1]:8080") == []
    assert media(base_url="http://api.example.com", allow_insecure_http=True) == []
    assert [r.url.host for r in seen] == ["api.example.com", "localhost", "::1"] + [
        "api.example.com"
    ]


def test_an_oauth2_client_secret_is_refused_over_plain_http(bw: Any) -> None:
    with (
        bw.Client(
            client_id="id",
            client_secret=SECRET,
            token_url="http://auth.example.com/t",
            base_url="https://api.example.com",
            transport=httpx.MockTransport(lambda r: httpx.Response(500)),
        ) as c,
        pytest.raises(bw.InsecureTransportError) as info,
    ):
        c.media.list_media("1")
    assert SECRET not in str(info.value)


# 4. Explicit arguments win over the environment ---------------------------------


def test_oauth2_arguments_win_over_basic_credentials_in_the_environment(
    bw: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANDWIDTH_USERNAME", "env-user")
    monkeypatch.setenv("BANDWIDTH_PASSWORD", "env-password")
    server.route(
        "POST", "/token", json_reply({"access_token": "tok", "expires_in": 60})
    )
    server.route("GET", MEDIA, json_reply([]))
    with bw.Client(
        client_id="id",
        client_secret="secret",
        token_url=server.url + "/token",
        base_url=server.url,
    ) as c:
        assert c.media.list_media("1") == []
    assert server.requests(MEDIA)[0].headers["authorization"] == "Bearer tok"
    assert len(server.requests("/token")) == 1


def test_half_a_scheme_passed_is_refused(
    bw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANDWIDTH_PASSWORD", "env-password")
    with pytest.raises(bw.SdkError, match="Basic credentials were passed in part"):
        bw.Client(username="u")


# 9. Bounded work ----------------------------------------------------------------


def drip(count: int, pause: float) -> Iterator[bytes]:
    """A body that arrives one byte at a time: each pause is shorter than a read
    timeout, the whole much longer than the call's timeout."""
    for _ in range(count):
        time.sleep(pause)
        yield b" "


def test_a_body_dripping_slower_than_the_timeout_ends_the_attempt(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "GET",
        MEDIA,
        Reply(
            200,
            chunks=drip(40, 0.1),
            length=40,
            headers={"Content-Type": "application/json"},
        ),
    )
    with client(bw, server.url, timeout=1.0, max_retries=0) as c:
        with pytest.raises(bw.ApiTimeoutError):
            c.media.list_media("1")
    assert len(server.seen) == 1


def test_a_2xx_body_cut_short_by_the_timeout_says_the_request_succeeded(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "POST",
        MESSAGES,
        Reply(
            202,
            chunks=drip(40, 0.1),
            length=40,
            headers={"Content-Type": "application/json"},
        ),
    )
    with client(bw, server.url, timeout=1.0) as c:
        with pytest.raises(bw.ResponseDecodeError) as info:
            c.messages.create_message("1", new_message(bw))
    assert info.value.status == 202 and "succeeded" in str(info.value)
    assert len(server.seen) == 1


def test_the_deadline_covers_retries_and_their_waits(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, json_reply({}, 503, {"Retry-After": "1"}))
    with client(bw, server.url, max_retries=5).with_options(deadline=2.0) as c:
        with pytest.raises(bw.ApiError) as info:
            c.media.list_media("1")
    assert info.value.status == 503 and info.value.retry_after == 1.0
    assert len(server.seen) == 2  # a second wait would outlast the deadline


def test_a_2xx_body_larger_than_the_limit_is_not_held_in_memory(
    bw: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bw.Client, "MAX_RESPONSE_BYTES", 1024 * 1024)
    bomb = gzip.compress(b"[" + b" " * (20 * 1024 * 1024) + b"]")
    assert len(bomb) < 100 * 1024
    server.route(
        "GET",
        MEDIA,
        Reply(
            200, bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        ),
    )
    with client(bw, server.url) as c, pytest.raises(bw.ResponseDecodeError) as info:
        c.media.list_media("1")
    assert "MAX_RESPONSE_BYTES" in str(info.value)
    assert len(info.value.body) <= 1024 * 1024


def test_an_error_keeps_at_most_max_error_body_bytes(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, Reply(500, b"x" * (3 * 1024 * 1024)))
    with client(bw, server.url, max_retries=0) as c:
        with pytest.raises(bw.InternalServerError) as info:
            c.media.list_media("1")
    assert len(info.value.body) == 64 * 1024


# 10. Errors that say what happened -------------------------------------------------


def test_unexpected_status_has_one_status(bw: Any, server: ScriptedServer) -> None:
    server.route("GET", MEDIA, Reply(503))
    with client(bw, server.url, max_retries=0) as c:
        with pytest.raises(bw.UnexpectedStatusError) as info:
            c.media.list_media("1")
    assert info.value.status == info.value.status_code == 503


def test_a_2xx_that_does_not_decode_names_the_field_and_is_not_an_sdk_error(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, json_reply({**MESSAGE, "segmentCount": "many"}, 202))
    with client(bw, server.url) as c:
        try:
            c.messages.create_message("1", new_message(bw))
        except bw.SdkError:  # what a generic retry would catch
            pytest.fail("a succeeded request raised an SdkError")
        except bw.ResponseDecodeError as error:
            assert error.field == "segmentCount" and "'segmentCount'" in str(error)
            assert "succeeded" in str(error) and error.status == 202
            assert error.http_response.status_code == 202
    assert len(server.seen) == 1


def oauth(bw: Any, server: ScriptedServer) -> Any:
    return bw.Client(
        client_id="id",
        client_secret=SECRET,
        token_url=server.url + "/token",
        base_url=server.url,
    )


@pytest.mark.parametrize(
    "answer",
    [
        json_reply({"error": "invalid_client", "error_description": "bad"}, 400),
        json_reply({"access_token": None, "expires_in": 60}),
        json_reply({"access_token": 12345, "expires_in": 60}),
        json_reply({"access_token": "tok\nX-Injected: 1", "expires_in": 60}),
        json_reply(["not", "an", "object"]),
        Reply(302, headers={"Location": "/elsewhere"}),
    ],
    ids=["refused", "null", "number", "line break", "not an object", "redirect"],
)
def test_a_failing_token_endpoint_raises_oauth2_token_error_and_sends_nothing(
    bw: Any, server: ScriptedServer, answer: Reply
) -> None:
    server.route("POST", "/token", answer)
    server.route("GET", MEDIA, json_reply([]))
    with oauth(bw, server) as c, pytest.raises(bw.OAuth2TokenError) as info:
        c.media.list_media("1")
    assert not isinstance(info.value, bw.ApiError)
    assert "X-Injected" not in str(info.value) and SECRET not in str(info.value)
    assert server.requests(MEDIA) == [] and len(server.requests("/token")) == 1
    if answer.status == 400:
        assert info.value.error == "invalid_client" and info.value.status == 400


def test_a_huge_token_answer_is_not_read_whole_by_either_client(
    bw: Any, server: ScriptedServer
) -> None:
    huge = b'{"access_token": "' + b"t" * (8 * 1024 * 1024) + b'"}'
    server.route(
        "POST", "/token", Reply(200, huge, {"Content-Type": "application/json"})
    )
    server.route("GET", MEDIA, json_reply([]))
    with oauth(bw, server) as c, pytest.raises(bw.OAuth2TokenError):
        c.media.list_media("1")

    async def main() -> Any:
        async with bw.AsyncClient(
            client_id="id",
            client_secret=SECRET,
            token_url=server.url + "/token",
            base_url=server.url,
        ) as c:
            return await c.media.list_media("1")

    with pytest.raises(bw.OAuth2TokenError):
        asyncio.run(main())
    assert server.requests(MEDIA) == []


@pytest.mark.parametrize(
    ("token", "fetches"),
    [
        ({"expires_in": 0}, 3),
        ({"expires_in": None}, 1),
        ({}, 1),
        ({"expires_in": 3600}, 1),
    ],
    ids=["expires at once", "null", "missing", "an hour"],
)
def test_a_token_is_reused_only_as_long_as_expires_in_says(
    bw: Any, server: ScriptedServer, token: dict[str, Any], fetches: int
) -> None:
    server.route("POST", "/token", json_reply({"access_token": "tok", **token}))
    server.route("GET", MEDIA, json_reply([]))
    with oauth(bw, server) as c:
        for _ in range(3):
            c.media.list_media("1")
    assert len(server.requests("/token")) == fetches


# 11. Cookies --------------------------------------------------------------------


def test_a_cookie_api_key_is_sent_beside_the_operations_cookies(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from(KEYS_SPEC)
    server.route("GET", "/things", Reply(204))
    with sdk.Client(
        api_key="h", query_key_api_key="q", cookie_key_api_key="ck", base_url=server.url
    ) as c:
        c.default.list_things(session="abc")
    cookies = sorted(server.seen[0].headers["cookie"].split("; "))
    assert cookies == ["key=ck", "session=abc"]


# 14. Per-call options ---------------------------------------------------------------


def test_with_options_sets_headers_timeout_deadline_and_retries_for_one_call(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, Reply(503), json_reply([]))
    with client(bw, server.url, max_retries=0) as c:
        once = c.with_options(
            headers={"X-Trace": "t-1"}, timeout=5.0, deadline=10.0, max_retries=1
        )
        assert once.media.list_media("1") == []
        assert (c.timeout, c.deadline, c.max_retries) == (30.0, None, 0)
    assert [s.headers.get("x-trace") for s in server.seen] == ["t-1", "t-1"]


KEYS_SPEC = """
    openapi: 3.0.3
    info: {title: Keys, version: "1"}
    servers: [{url: "http://localhost"}]
    security: [{HeaderKey: [], QueryKey: [], CookieKey: []}]
    paths:
      /things:
        get:
          operationId: listThings
          parameters:
            - {name: session, in: cookie, required: true, schema: {type: string}}
          responses: {"204": {description: done}}
    components:
      securitySchemes:
        HeaderKey: {type: apiKey, in: header, name: X-Api-Key}
        QueryKey: {type: apiKey, in: query, name: api_key}
        CookieKey: {type: apiKey, in: cookie, name: key}
    """


def test_the_async_client_bounds_slow_and_large_bodies_alike(
    bw: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bw.AsyncClient, "MAX_RESPONSE_BYTES", 1024)
    server.route(
        "GET",
        MEDIA,
        Reply(200, chunks=drip(40, 0.1), length=40),
    )
    server.route("GET", "/users/2/media", json_reply([{"mediaName": "x" * 2000}]))

    async def main(account: str) -> Any:
        async with bw.AsyncClient(
            username="u", password="p", base_url=server.url, timeout=1.0, max_retries=0
        ) as c:
            return await c.media.list_media(account)

    with pytest.raises(bw.ApiTimeoutError):
        asyncio.run(main("1"))
    with pytest.raises(bw.ResponseDecodeError, match="MAX_RESPONSE_BYTES"):
        asyncio.run(main("2"))


def test_request_options_set_headers_timeout_and_retries_for_one_call(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, Reply(503), json_reply([]), Stall(), json_reply([]))
    once: Any = {"headers": {"X-Trace": "t-1"}, "max_retries": 1}
    with client(bw, server.url, max_retries=0) as c:
        assert c.media.list_media("1", request_options=once) == []
        with pytest.raises(bw.ApiTimeoutError):
            c.media.list_media("1", request_options={"timeout": 0.3})
        assert c.media.list_media("1") == []
    assert [s.headers.get("x-trace") for s in server.seen] == ["t-1", "t-1", None, None]


def test_request_options_reach_every_page_and_the_async_client(
    bw: Any, server: ScriptedServer
) -> None:
    pages = iter([({"Continuation-Token": "p2"}, [{"mediaName": "a"}]), ({}, [])])

    def page(seen: Any) -> Reply:
        headers, items = next(pages)
        return json_reply(items, 200, headers)

    server.route("GET", MEDIA, page)
    with client(bw, server.url) as c:
        names = c.media.calls.list_media.iter(
            "1", request_options={"headers": {"X-Trace": "t"}}
        )
        assert [m.media_name for m in names] == ["a"]
    server.route("POST", MESSAGES, json_reply(MESSAGE, 202))

    async def main() -> Any:
        async with bw.AsyncClient(username="u", password="p", base_url=server.url) as c:
            return await c.messages.create_message(
                "1", new_message(bw), request_options={"headers": {"X-Trace": "t"}}
            )

    assert asyncio.run(main()).id == "m-1"
    assert [s.headers.get("x-trace") for s in server.seen] == ["t", "t", "t"]


# Review fixes: caller headers across origins, request settings checked ------------


def test_a_cross_origin_redirect_drops_the_callers_own_headers(
    bw: Any, server: ScriptedServer, other: ScriptedServer
) -> None:
    server.route("GET", MEDIA, redirect(307, other.url + MEDIA))
    server.route("GET", "/same", redirect(307, MEDIA))
    other.route("GET", MEDIA, json_reply([]))
    own = {"X-Tenant-Token": SECRET, "Accept-Language": "de"}
    with client(bw, server.url, headers=own) as c:
        c.media.list_media("1", request_options={"headers": {"X-Call": SECRET}})
    (first,) = server.requests(MEDIA)
    assert first.headers["x-tenant-token"] == SECRET
    assert first.headers["x-call"] == SECRET
    (moved,) = other.requests(MEDIA)
    assert SECRET not in json.dumps(moved.headers)
    assert "x-tenant-token" not in moved.headers and "x-call" not in moved.headers
    # What tells nothing about the caller still goes.
    assert moved.headers["accept-language"] == "de"
    assert moved.headers["user-agent"].startswith("bandwidth")
    assert "accept" in moved.headers


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": "5"},
        {"timeout": True},
        {"deadline": 0},
        {"max_retries": 1.5},
        {"max_retries": -1},
        {"headers": ["X-A"]},
        {"headers": {"X-A": 5}},
        {"headers": {"Bad Name": "v"}},
        {"headers": {"Host": "evil.test"}},
        {"headers": {"Transfer-Encoding": "chunked"}},
        {"headers": {"connection": "close"}},
    ],
)
def test_request_options_of_a_wrong_type_are_refused_before_sending(
    bw: Any, server: ScriptedServer, options: dict[str, Any]
) -> None:
    server.route("GET", MEDIA, json_reply([]))
    with client(bw, server.url) as c:
        with pytest.raises(bw.InvalidRequestError):
            c.media.list_media("1", request_options=options)
    assert server.requests(MEDIA) == []


def test_client_settings_are_checked_like_request_options(bw: Any) -> None:
    with pytest.raises(bw.InvalidRequestError):
        bw.Client(username="u", password="p", headers={"Content-Length": "5"})
    with pytest.raises(bw.InvalidRequestError):
        bw.Client(username="u", password="p", max_retries="2")
    with bw.Client(username="u", password="p") as c:
        with pytest.raises(bw.InvalidRequestError) as info:
            c.with_options(headers={"X-Key": SECRET + "\n"})
    assert SECRET not in str(info.value)


def test_the_oauth2_error_message_escapes_the_servers_text(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "POST",
        "/token",
        json_reply({"error": "invalid_client\n2026 INFO ok\x1b[2J"}, 401),
    )
    with bw.Client(
        client_id="id",
        client_secret="s",
        token_url=server.url + "/token",
        base_url=server.url,
    ) as c:
        with pytest.raises(bw.OAuth2TokenError) as info:
            c.media.list_media("1")
    assert "\n" not in str(info.value) and "\x1b" not in str(info.value)
    assert info.value.error == "invalid_client\n2026 INFO ok\x1b[2J"


class _Refusing(httpx.BaseTransport):
    """A transport whose HTTP library refuses the request, quoting a header value."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        import h11

        raise h11.LocalProtocolError(f"Illegal header value {SECRET!r}")


def test_an_error_of_the_http_library_becomes_an_sdk_error_without_the_value(
    bw: Any,
) -> None:
    with client(bw, "https://api.test", transport=_Refusing()) as c:
        with pytest.raises(bw.ApiConnectionError) as info:
            c.media.list_media("1")
    assert SECRET not in str(info.value) and "LocalProtocolError" in str(info.value)


class _AsyncRefusing(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return _Refusing().handle_request(request)


def test_the_async_client_maps_the_http_librarys_errors_too(bw: Any) -> None:
    async def main() -> None:
        async with bw.AsyncClient(
            username="u",
            password=SECRET,
            base_url="https://api.test",
            transport=_AsyncRefusing(),
        ) as c:
            await c.media.list_media("1")

    with pytest.raises(bw.ApiConnectionError) as info:
        asyncio.run(main())
    assert SECRET not in str(info.value)
