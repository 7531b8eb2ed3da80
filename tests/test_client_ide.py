"""What an editor shows for the generated client: the operations of each API (not the
internals of how they are cached), each with its real parameters and docstring, for
``Client`` and ``AsyncClient`` alike."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from conftest import GENERATED

OPERATIONS = ["create_message", "list_messages"]


def _clients(bw: Any) -> list[Any]:
    return [
        bw.Client(username="u", password="p"),
        bw.AsyncClient(username="u", password="p"),
    ]


def test_inspect_signature_shows_the_real_parameters(bw: Any) -> None:
    for client in _clients(bw):
        listing = inspect.signature(client.messages.list_messages)
        assert list(listing.parameters)[:3] == ["account_id", "message_id", "source_tn"]
        assert listing.parameters["account_id"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert listing.parameters["limit"].kind is inspect.Parameter.KEYWORD_ONLY
        assert listing.parameters["limit"].default is None
        assert listing.return_annotation == "MessagesList"
        creating = inspect.signature(client.messages.create_message)
        assert str(creating) == (
            "(account_id: 'str', body: 'MessageRequest', *, "
            "request_options: 'RequestOptions | None' = None) -> 'Message'"
        )


def test_each_operation_carries_its_docstring(bw: Any) -> None:
    for client in _clients(bw):
        doc = client.messages.list_messages.__doc__
        assert doc.startswith("List Messages") and "account_id:" in doc


def test_the_classes_themselves_still_have_their_own_signature(bw: Any) -> None:
    from bandwidth_messaging._binding import AsyncCall, SyncCall

    for cls in (SyncCall, AsyncCall):
        assert "resource" in inspect.signature(cls).parameters


def test_the_api_objects_are_made_once_per_client_and_once_per_copy(bw: Any) -> None:
    client = bw.Client(username="u", password="p")
    assert client.messages is client.messages
    copy = client.with_options(max_retries=0)
    assert copy.messages is not client.messages
    assert copy.messages._client is copy


def _jedi() -> Any:
    return pytest.importorskip("jedi")


SOURCE = """from bandwidth_messaging import AsyncClient, Client
client = {cls}(username="u", password="p")
client.messages."""


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_jedi_completes_the_operations_of_an_api(cls: str) -> None:
    jedi = _jedi()
    source = SOURCE.format(cls=cls)
    script = jedi.Script(source, project=jedi.Project(str(GENERATED)))
    names = {c.name for c in script.complete(3, len("client.messages."))}
    assert set(OPERATIONS) <= names
    assert not names & {"attrname", "func", "lock"}


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_jedi_reading_the_source_shows_each_operations_real_signature(cls: str) -> None:
    """Without running anything, as an editor completes: the parameters with their
    types and defaults, the return type and the docstring; not ``*args: P.args``."""
    jedi = _jedi()
    source = SOURCE.format(cls=cls) + "create_message("
    script = jedi.Script(source, project=jedi.Project(str(GENERATED)))
    (signature,) = script.get_signatures(3, len("client.messages.create_message("))
    assert signature.to_string() == (
        "create_message(account_id: str, body: MessageRequest, *, "
        "request_options: RequestOptions | None=None) -> Message"
    )
    assert "Endpoint for sending text messages" in signature.docstring()
    listing = jedi.Script(
        SOURCE.format(cls=cls) + "list_messages(", project=jedi.Project(str(GENERATED))
    ).get_signatures(3, len("client.messages.list_messages("))
    params = {p.name: p.description for p in listing[0].params}
    assert params["limit"] == "param limit: int | None=None"


def test_jedi_completes_the_companions_of_an_operation() -> None:
    jedi = _jedi()
    source = SOURCE.format(cls="Client") + "calls.list_messages."
    script = jedi.Script(source, project=jedi.Project(str(GENERATED)))
    names = {c.name for c in script.complete(3, len(source.splitlines()[-1]))}
    assert {"raw", "stream", "pages", "iter", "download", "events"} <= names


def test_jedi_shows_each_operations_docstring() -> None:
    jedi = _jedi()
    source = SOURCE.format(cls="Client") + "list_messages"
    script = jedi.Script(source, project=jedi.Project(str(GENERATED)))
    (found,) = script.help(3, len("client.messages.list_mess"))
    assert "Returns a list of messages" in found.docstring()


def test_jedi_on_a_live_client_shows_the_real_parameters(bw: Any) -> None:
    """As IPython and Jupyter complete: from the running objects."""
    jedi = _jedi()
    for client in _clients(bw):
        interpreter = jedi.Interpreter(
            "client.messages.create_message(", [{"client": client}]
        )
        (signature,) = interpreter.get_signatures()
        assert [p.name for p in signature.params] == [
            "account_id",
            "body",
            "request_options",
        ]


CALLS_SPEC = """
openapi: 3.0.3
info: {title: Phones, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /calls/{id}:
    get:
      operationId: calls
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: operation, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: string}}}
"""


def test_an_operation_named_calls_or_taking_operation_keeps_the_companions(
    sdk_from: Any,
) -> None:
    """``calls`` is where each API keeps its operations as objects, and ``_call`` takes
    the operation by position only: neither clashes with the spec's names."""
    import httpx

    sdk = sdk_from(CALLS_SPEC)
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json="ok")

    client = sdk.Client(transport=httpx.MockTransport(answer))
    assert client.default.calls2("7", operation="x") == "ok"
    assert client.default.calls.calls2.raw("7").status == 200
    assert seen == [
        "https://api.example.com/calls/7?operation=x",
        "https://api.example.com/calls/7",
    ]
