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
    from bandwidth_messaging._endpoint import AsyncCall, SyncCall

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
