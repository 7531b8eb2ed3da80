"""How requests leave the client: straight to an httpx transport, or through
``httpx.Client`` when only a client can do the job (a client passed in, proxies set in
the environment, redirects)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from conftest import MESSAGE
from scripted_server import Reply, ScriptedServer, json_reply

MEDIA = [{"mediaName": "cat.jpg", "contentLength": 3}]


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BANDWIDTH_USERNAME", "BANDWIDTH_PASSWORD", "BANDWIDTH_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _recording(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            202, json=MESSAGE, headers={"Content-Type": "application/json"}
        )

    return httpx.MockTransport(handle)


def _message(bw: Any) -> Any:
    return bw.models.MessageRequest(
        application_id="app", to=["+19195550000"], from_="+19195551234"
    )


def test_requests_are_handed_to_the_transport_given(bw: Any) -> None:
    seen: list[httpx.Request] = []
    client = bw.Client(username="u", password="p", transport=_recording(seen))
    answer = client.messages.calls.create_message.raw("9900000", _message(bw))
    assert answer.data.id == "m-1"
    assert answer.http_response.request is seen[0]
    assert seen[0].url == "https://messaging.bandwidth.com/api/v2/users/9900000/messages"
    assert seen[0].headers["authorization"] == "Basic dTpw"
    assert seen[0].headers["user-agent"].startswith("bandwidth-messaging/")
    assert json.loads(seen[0].content)["applicationId"] == "app"


def test_the_async_client_hands_requests_to_its_transport(bw: Any) -> None:
    seen: list[httpx.Request] = []

    async def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, json=MESSAGE)

    async def call() -> Any:
        async with bw.AsyncClient(
            username="u", password="p", transport=httpx.MockTransport(handle)
        ) as client:
            return await client.messages.create_message("9900000", _message(bw))

    assert asyncio.run(call()).id == "m-1"
    assert [r.method for r in seen] == ["POST"]


def test_a_client_and_a_transport_together_are_refused(bw: Any) -> None:
    with pytest.raises(bw.SdkError, match="not both"):
        bw.Client(
            username="u",
            password="p",
            http_client=httpx.Client(),
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
        )


def test_a_redirect_is_followed_with_the_credentials_kept(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", "/users/1/media", Reply(307, headers={"Location": "/v2/media"}))
    server.route("GET", "/v2/media", json_reply(MEDIA))
    client = bw.Client(username="u", password="p", base_url=server.url)
    assert [m.media_name for m in client.media.list_media("1")] == ["cat.jpg"]
    moved = server.requests("/v2/media")
    assert len(moved) == 1 and moved[0].headers["authorization"] == "Basic dTpw"


def test_the_async_client_follows_a_redirect(bw: Any, server: ScriptedServer) -> None:
    server.route("GET", "/users/1/media", Reply(308, headers={"Location": "/v2/media"}))
    server.route("GET", "/v2/media", json_reply(MEDIA))

    async def call() -> Any:
        async with bw.AsyncClient(
            username="u", password="p", base_url=server.url
        ) as client:
            return await client.media.list_media("1")

    assert [m.media_name for m in asyncio.run(call())] == ["cat.jpg"]


def test_a_proxy_set_in_the_environment_is_used(
    bw: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scripted server plays the proxy: it is asked for the absolute URL of a host
    that does not exist, which only a proxy can answer."""
    monkeypatch.setenv("HTTP_PROXY", server.url)
    server.route("GET", "/users/1/media", json_reply(MEDIA))
    client = bw.Client(
        username="u",
        password="p",
        base_url="http://api.invalid",
        allow_insecure_http=True,
    )
    assert [m.media_name for m in client.media.list_media("1")] == ["cat.jpg"]
    assert server.requests("/users/1/media")[0].headers["host"] == "api.invalid"


def test_a_user_agent_of_your_own_replaces_the_sdks(bw: Any) -> None:
    seen: list[httpx.Request] = []
    for headers, expected in (({"user-agent": "mine/1"}, ["mine/1"]), ({}, None)):
        client = bw.Client(
            username="u", password="p", headers=headers, transport=_recording(seen)
        )
        client.messages.create_message("9900000", _message(bw))
        agents = seen[-1].headers.get_list("user-agent")
        if expected is None:
            assert len(agents) == 1 and agents[0].startswith("bandwidth-messaging/")
        else:
            assert agents == expected


def test_with_options_headers_replace_the_clients_whatever_their_case(bw: Any) -> None:
    seen: list[httpx.Request] = []
    client = bw.Client(
        username="u", password="p", headers={"X-Team": "a"}, transport=_recording(seen)
    )
    client.with_options(headers={"x-team": "b", "USER-AGENT": "mine/2"}).messages.create_message(
        "9900000", _message(bw)
    )
    assert seen[-1].headers.get_list("x-team") == ["b"]
    assert seen[-1].headers.get_list("user-agent") == ["mine/2"]


def test_the_ssl_context_waits_for_the_first_request_and_copies_share_it(
    bw: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Constructing a client is on the path to the first call: the transport's SSL
    context, which cost more than all the rest of constructing, is made by the first
    request, once for the client and the copies ``with_options`` makes of it."""
    made: list[object] = []
    real = httpx._transports.default.create_ssl_context

    def counted(**options: Any) -> Any:
        made.append(options)
        return real(**options)

    monkeypatch.setattr(httpx._transports.default, "create_ssl_context", counted)
    server.route("GET", "/users/1/media", json_reply(MEDIA))
    client = bw.Client(username="u", password="p", base_url=server.url)
    copy = client.with_options(timeout=5)
    assert made == []
    assert [m.media_name for m in copy.media.list_media("1")] == ["cat.jpg"]
    assert [m.media_name for m in client.media.list_media("1")] == ["cat.jpg"]
    assert len(made) == 1
