"""Credentials: Basic, OAuth2 client credentials, bearer and API keys; secrets stay secret."""

from __future__ import annotations

import asyncio
import base64
import itertools
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from scripted_server import Reply, ScriptedServer, Seen, json_reply

MEDIA = "/users/1/media"
SECRET = "s3cr3t-client-secret"
PASSWORD = "pa55word-secret"
ENV = ("USERNAME", "PASSWORD", "CLIENT_ID", "CLIENT_SECRET", "TOKEN_URL", "BASE_URL")


@pytest.fixture(autouse=True)
def no_credentials_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(f"BANDWIDTH_{name}", raising=False)


def serve_tokens(
    server: ScriptedServer, *, expires_in: int = 3600, delay: float = 0.0
) -> None:
    """A token endpoint at /token handing out tok-1, tok-2, ..."""
    numbers = itertools.count(1)

    def answer(seen: Seen) -> Reply:
        time.sleep(delay)  # a slow token server widens the window for a race
        token = f"tok-{next(numbers)}"
        return json_reply(
            {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}
        )

    server.route("POST", "/token", answer)


def refuse(*tokens: str) -> Any:
    """An API answer that refuses the given tokens with 401 and lists no media."""

    def answer(seen: Seen) -> Reply:
        if seen.headers.get("authorization") in {f"Bearer {t}" for t in tokens}:
            return json_reply(
                {"type": "unauthorized", "description": "token expired"}, 401
            )
        return json_reply([])

    return answer


def oauth_client(bw: Any, server: ScriptedServer, **options: Any) -> Any:
    return bw.Client(
        client_id="my-id",
        client_secret=SECRET,
        token_url=server.url + "/token",
        base_url=server.url,
        **options,
    )


def oauth_aclient(bw: Any, server: ScriptedServer) -> Any:
    return bw.AsyncClient(
        client_id="my-id",
        client_secret=SECRET,
        token_url=server.url + "/token",
        base_url=server.url,
    )


def test_basic_credentials_are_sent_as_an_authorization_header(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, json_reply([]))
    with bw.Client(username="user", password=PASSWORD, base_url=server.url) as c:
        c.media.list_media("1")
    expected = base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    assert server.seen[0].headers["authorization"] == f"Basic {expected}"


def test_credentials_and_urls_fall_back_to_environment_variables(
    bw: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANDWIDTH_CLIENT_ID", "env-id")
    monkeypatch.setenv("BANDWIDTH_CLIENT_SECRET", SECRET)
    monkeypatch.setenv("BANDWIDTH_TOKEN_URL", server.url + "/token")
    monkeypatch.setenv("BANDWIDTH_BASE_URL", server.url)
    serve_tokens(server)
    server.route("GET", MEDIA, json_reply([]))
    with bw.Client() as c:
        assert c.media.list_media("1") == []
    token_request, api_request = server.seen
    assert token_request.path == "/token"
    assert token_request.body == b"grant_type=client_credentials"
    credentials = base64.b64encode(f"env-id:{SECRET}".encode()).decode()
    assert token_request.headers["authorization"] == f"Basic {credentials}"
    assert api_request.headers["authorization"] == "Bearer tok-1"


def test_missing_credentials_raise_an_error_naming_the_schemes(bw: Any) -> None:
    with (
        bw.Client(base_url="http://127.0.0.1:9") as c,
        pytest.raises(bw.SdkError) as info,
    ):
        c.media.list_media("1")
    assert "Basic or OAuth2" in str(info.value)


def test_oauth_token_is_fetched_once_and_reused_across_calls(
    bw: Any, server: ScriptedServer
) -> None:
    serve_tokens(server)
    server.route("GET", MEDIA, json_reply([]))
    with oauth_client(bw, server) as c:
        for _ in range(3):
            c.media.list_media("1")
        c.with_options(max_retries=0).media.list_media("1")  # a copy shares the token
    assert len(server.requests("/token")) == 1
    assert {s.headers["authorization"] for s in server.requests(MEDIA)} == {
        "Bearer tok-1"
    }


def test_token_close_to_expiry_is_fetched_again(
    bw: Any, server: ScriptedServer
) -> None:
    serve_tokens(server, expires_in=10)  # inside the 30 s safety margin
    server.route("GET", MEDIA, json_reply([]))
    with oauth_client(bw, server) as c:
        c.media.list_media("1")
        c.media.list_media("1")
    assert [s.headers["authorization"] for s in server.requests(MEDIA)] == [
        "Bearer tok-1",
        "Bearer tok-2",
    ]


def test_expired_token_is_fetched_again_once_on_401(
    bw: Any, server: ScriptedServer
) -> None:
    serve_tokens(server)
    server.route("GET", MEDIA, refuse("tok-1"))
    with oauth_client(bw, server) as c:
        assert c.media.list_media("1") == []
    assert [s.path for s in server.seen] == ["/token", MEDIA, "/token", MEDIA]
    assert server.seen[-1].headers["authorization"] == "Bearer tok-2"


def test_expired_token_is_fetched_again_by_the_async_client(
    bw: Any, server: ScriptedServer
) -> None:
    serve_tokens(server)
    server.route("GET", MEDIA, refuse("tok-1"))

    async def main() -> Any:
        async with oauth_aclient(bw, server) as c:
            return await c.media.list_media("1")

    assert asyncio.run(main()) == []
    assert [s.path for s in server.seen] == ["/token", MEDIA, "/token", MEDIA]


def test_a_second_401_is_raised_not_refreshed_again(
    bw: Any, server: ScriptedServer
) -> None:
    serve_tokens(server)
    server.route("GET", MEDIA, refuse("tok-1", "tok-2", "tok-3"))
    with oauth_client(bw, server) as c, pytest.raises(bw.UnauthorizedError) as info:
        c.media.list_media("1")
    assert info.value.error.description == "token expired"
    assert len(server.requests("/token")) == 2 and len(server.requests(MEDIA)) == 2


def test_one_token_fetch_for_ten_threads(bw: Any, server: ScriptedServer) -> None:
    serve_tokens(server, delay=0.2)
    server.route("GET", MEDIA, json_reply([]))
    start = threading.Barrier(10)
    with oauth_client(bw, server) as c:

        def call(_: int) -> Any:
            start.wait()
            return c.media.list_media("1")

        with ThreadPoolExecutor(10) as pool:
            assert list(pool.map(call, range(10))) == [[]] * 10
    assert len(server.requests("/token")) == 1
    assert len(server.requests(MEDIA)) == 10


def test_one_token_fetch_for_ten_asyncio_tasks(bw: Any, server: ScriptedServer) -> None:
    serve_tokens(server, delay=0.2)
    server.route("GET", MEDIA, json_reply([]))

    async def main() -> list[Any]:
        async with oauth_aclient(bw, server) as c:
            return await asyncio.gather(*(c.media.list_media("1") for _ in range(10)))

    assert asyncio.run(main()) == [[]] * 10
    assert len(server.requests("/token")) == 1


def test_a_refused_token_request_raises_without_the_secret(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", "/token", json_reply({"error": "invalid_client"}, 401))
    with oauth_client(bw, server) as c, pytest.raises(bw.OAuth2TokenError) as info:
        c.media.list_media("1")
    assert "invalid_client" in str(info.value)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)


def test_secrets_never_appear_in_reprs_errors_or_logs(
    bw: Any,
    server: ScriptedServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)  # the SDK's, httpx's and httpcore's loggers
    monkeypatch.setattr(bw.Client, "INITIAL_BACKOFF", 0.01)
    serve_tokens(server)
    server.route("GET", MEDIA, refuse("tok-1", "tok-2"))
    server.route("GET", "/users/1/messages", Reply(503))
    secrets = (SECRET, PASSWORD, "tok-1", "tok-2")
    basic = base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    seen: list[str] = []
    with oauth_client(bw, server, max_retries=1) as c:
        seen += [repr(c), repr(c._credentials), str(vars(c))]
        with pytest.raises(bw.UnauthorizedError) as unauthorized:
            c.media.list_media("1")
        seen += [str(unauthorized.value), repr(unauthorized.value)]
    with bw.Client(username="user", password=PASSWORD, base_url=server.url) as c:
        seen += [repr(c), repr(c._credentials), str(vars(c))]
        with pytest.raises(bw.UnexpectedStatusError) as unexpected:
            c.messages.list_messages("1", limit=1)
        seen += [str(unexpected.value), repr(unexpected.value)]
    seen += [record.getMessage() for record in caplog.records]
    # The logs did capture the calls, the token refresh and the retry.
    assert any("token refused" in text for text in seen)
    assert any("503, retry 1 of 2" in text for text in seen)
    for text in seen:
        for secret in (*secrets, basic):
            assert secret not in text


def test_bearer_and_api_key_schemes_of_other_specs(
    sdk_from: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = sdk_from("""
        openapi: 3.0.3
        info: {title: Keys, version: "1"}
        servers: [{url: "http://localhost"}]
        paths:
          /bearer:
            get:
              operationId: withBearer
              security: [{Token: []}]
              responses: {"204": {description: done}}
          /header:
            get:
              operationId: withHeaderKey
              security: [{HeaderKey: []}]
              responses: {"204": {description: done}}
          /query:
            get:
              operationId: withQueryKey
              security: [{QueryKey: []}]
              responses: {"204": {description: done}}
        components:
          securitySchemes:
            Token: {type: http, scheme: bearer}
            HeaderKey: {type: apiKey, in: header, name: X-Api-Key}
            QueryKey: {type: apiKey, in: query, name: api_key}
          schemas:
            Unused: {type: object, properties: {x: {type: string}}}
        """)
    for path in ("/bearer", "/header", "/query"):
        server.route("GET", path, Reply(204))
    with sdk.Client(
        token="bearer-secret",
        api_key="header-secret",
        query_key_api_key="q-secret",
        base_url=server.url,
    ) as c:
        c.default.with_bearer()
        c.default.with_header_key()
        c.default.with_query_key()
    bearer, header, query = server.seen
    assert bearer.headers["authorization"] == "Bearer bearer-secret"
    assert header.headers["x-api-key"] == "header-secret"
    assert query.query == {"api_key": ["q-secret"]}
