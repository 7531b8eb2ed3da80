"""Callbacks and webhooks of the messaging SDK: the handlers printed in
generated/docs/webhooks/ serve, and every example payload of the spec (and one
synthesised for every ``type``) posted to them parses to its model; wrong credentials
and bodies are refused; a new ``type`` is kept."""

from __future__ import annotations

import base64
import functools
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from http.server import ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from conftest import GENERATED, ROOT, free_port
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from generator.build import load_and_parse
from generator.config import load_config
from generator.model.ir import Webhook

USER, PASSWORD = "callback-user", "callback-pässword"


@functools.cache
def messaging_hooks() -> dict[str, Webhook]:
    _, api = load_and_parse(load_config(ROOT / "pyproject.toml"))
    return {hook.page: hook for hook in api.webhooks}


@pytest.fixture(scope="module")
def hooks() -> dict[str, Webhook]:
    return messaging_hooks()


def handler_blocks(page: str) -> tuple[str, str]:
    """The standard-library and the FastAPI handler of a callback's docs page."""
    text = (GENERATED / "docs" / "webhooks" / f"{page}.md").read_text(encoding="utf-8")
    blocks = [
        t.content
        for t in MarkdownIt("commonmark").parse(text)
        if t.type == "fence" and t.info.strip() == "python"
    ]
    assert len(blocks) == 2, blocks
    return blocks[0], blocks[1]


@dataclass
class Served:
    """A docs example loaded as a module, its ``handle`` replaced by a recorder."""

    namespace: dict[str, Any]
    received: list[Any]


def load(code: str, name: str) -> Served:
    namespace: dict[str, Any] = {"__name__": name}
    exec(compile(code, name, "exec"), namespace)
    received: list[Any] = []
    namespace["handle"] = received.append
    return Served(namespace, received)


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANDWIDTH_CALLBACK_USERNAME", USER)
    monkeypatch.setenv("BANDWIDTH_CALLBACK_PASSWORD", PASSWORD)


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}", "Content-Type": "application/json"}


@pytest.fixture(params=["stdlib", "fastapi"])
def post(
    request: pytest.FixtureRequest, bw: Any, credentials: None
) -> Iterator[Any]:
    """``post(page, body, headers)`` -> (status, what the handler received), through
    the docs' standard-library server on 127.0.0.1 or the docs' FastAPI app."""
    servers: list[ThreadingHTTPServer] = []

    def send(page: str, body: bytes, headers: dict[str, str]) -> tuple[int, list[Any]]:
        stdlib, fastapi = handler_blocks(page)
        if request.param == "fastapi":
            served = load(fastapi, f"fastapi_{page}")
            with TestClient(served.namespace["app"]) as client:
                [route] = [
                    r.path for r in served.namespace["app"].routes if "callback" in r.path
                ]
                status = client.post(route, content=body, headers=headers).status_code
            return status, served.received
        served = load(stdlib, f"stdlib_{page}")
        server = ThreadingHTTPServer(
            ("127.0.0.1", free_port()), served.namespace[f"{page}Handler"]
        )
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/callbacks"
        status = httpx.post(url, content=body, headers=headers).status_code
        return status, served.received

    yield send
    for server in servers:
        server.shutdown()
        server.server_close()


def same(decoded: Any, sent: Any) -> bool:
    """Whether a model's ``to_dict()`` holds what was sent (times may be written with
    another number of digits)."""
    if isinstance(decoded, dict) and isinstance(sent, dict):
        return decoded.keys() == sent.keys() and all(same(decoded[k], sent[k]) for k in sent)
    if isinstance(decoded, list) and isinstance(sent, list):
        return len(decoded) == len(sent) and all(map(same, decoded, sent))
    if isinstance(decoded, str) and isinstance(sent, str) and decoded != sent:
        try:
            return datetime.fromisoformat(decoded) == datetime.fromisoformat(sent)
        except ValueError:
            return False
    return bool(decoded == sent)


def examples(page: str) -> list[tuple[str, str]]:
    return [(e.name, e.json) for e in messaging_hooks()[page].examples]


CASES = [
    (page, name, body)
    for page in ("StatusCallback", "InboundCallback")
    for name, body in examples(page)
]


def test_the_spec_examples_and_one_per_type_are_all_posted(
    hooks: dict[str, Webhook],
) -> None:
    for page, hook in hooks.items():
        types = {json.loads(e.json)["type"] for e in hook.examples}
        assert types == set(hook.kinds), page
    spec_examples = [e.name for e in hooks["StatusCallback"].examples if not e.synthesised]
    assert spec_examples == ["messageSending", "messageDelivered", "messageFailed"]


@pytest.mark.parametrize(("page", "name", "body"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_example_posted_to_the_docs_handler_parses_to_its_model(
    post: Any, bw: Any, page: str, name: str, body: str
) -> None:
    status, received = post(page, body.encode(), basic(USER, PASSWORD))
    assert status == 200
    [event] = received
    assert type(event) is getattr(bw.models, page)
    payload = json.loads(body)
    assert event.type == payload["type"]
    assert event.message.id == payload["message"]["id"]
    assert same(event.to_dict(), payload)


@pytest.mark.parametrize(
    "headers",
    [
        basic(USER, "wrong"),
        basic("someone-else", PASSWORD),
        {"Content-Type": "application/json"},
        {"Authorization": "Bearer " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()},
    ],
    ids=["wrong-password", "wrong-user", "none", "not-basic"],
)
def test_a_wrong_or_missing_credential_is_refused(
    post: Any, headers: dict[str, str]
) -> None:
    body = examples("StatusCallback")[0][1].encode()
    status, received = post("StatusCallback", body, headers)
    assert (status, received) == (401, [])


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", json.dumps({"type": "message-sent"}).encode(), b"[]"],
    ids=["not-json", "empty", "missing-fields", "array"],
)
def test_a_body_that_is_not_the_payload_is_refused(post: Any, body: bytes) -> None:
    status, received = post("StatusCallback", body, basic(USER, PASSWORD))
    assert (status, received) == (400, [])


def test_a_new_type_and_unknown_fields_are_kept(post: Any, bw: Any) -> None:
    payload = json.loads(examples("StatusCallback")[0][1])
    payload.update(type="message-expired", retryAfter=30)
    payload["message"]["newThing"] = {"a": 1}
    status, [event] = post("StatusCallback", json.dumps(payload).encode(), basic(USER, PASSWORD))
    assert status == 200
    assert event.type == "message-expired"
    assert event.model_extra == {"retryAfter": 30}
    assert same(event.to_dict(), payload)


def test_parse_functions_are_plain_functions_for_sync_and_async_code(bw: Any) -> None:
    from bandwidth_messaging import webhooks

    body = examples("InboundCallback")[0][1]
    headers = basic(USER, PASSWORD)
    event = webhooks.parse_inbound_callback(body, headers, username=USER, password=PASSWORD)
    assert event.message.direction == "in"
    # Explicitly opting out of the check (no credentials registered) still parses.
    assert webhooks.parse_inbound_callback(body, {}, username=None, password=None) == event
    with pytest.raises(webhooks.WebhookAuthError):
        webhooks.parse_inbound_callback(body, {}, username=USER, password=PASSWORD)
    assert issubclass(webhooks.WebhookError, bw.SdkError)
    with pytest.raises(webhooks.WebhookPayloadError) as caught:
        webhooks.parse_inbound_callback(b'{"type": 1}', headers, username=USER, password=PASSWORD)
    assert caught.value.body == b'{"type": 1}' and caught.value.errors


def test_credentials_are_compared_in_constant_time(
    bw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hmac

    from bandwidth_messaging import webhooks

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    with pytest.raises(webhooks.WebhookAuthError):
        webhooks.verify_basic_auth(basic(USER, "nope"), USER, PASSWORD)
    assert len(compared) == 1


def test_ir_lists_every_callback_with_its_registering_operations() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "ir"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    hooks = {h["name"]: h for h in json.loads(done.stdout)["webhooks"]}
    status = hooks["statusCallback"]
    assert status["expression"] == "{statusCallbackUrl}"
    assert status["method"] == "POST"
    assert status["payload"]["shape"] == {"kind": "model", "ref": "StatusCallback"}
    assert [r["status"] for r in status["responses"]] == ["200", "202"]
    # The registering operations by their pointers: the model names nothing Python.
    assert status["registered_by"] == [
        "#/paths/~1users~1{accountId}~1messages/post",
        "#/paths/~1users~1{accountId}~1messages~1multiChannel/post",
    ]
    assert status["auth"]["kind"] == "basic" and status["auth"]["source"] == "config"
    assert hooks["inboundCallback"]["registered_by"] == []


def test_the_docs_link_each_callback_from_its_operation_and_the_readme() -> None:
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    assert "(docs/webhooks/StatusCallback.md)" in readme
    assert "(docs/webhooks/InboundCallback.md)" in readme
    for page in ("MessagesApi", "MultiChannelApi"):
        text = (GENERATED / "docs" / f"{page}.md").read_text(encoding="utf-8")
        assert "(webhooks/StatusCallback.md)" in text
    text = (GENERATED / "docs" / "webhooks" / "StatusCallback.md").read_text(encoding="utf-8")
    # Payload fields link their model pages.
    assert "[StatusCallbackMessage](../models/StatusCallbackMessage.md)" in text
    assert "[StatusCallbackTypeEnum](../models/StatusCallbackTypeEnum.md)" in text
