"""A body is checked as the type of the media type it goes in, and as it is when sent.

Two holes this closes: a body offered in several media types (JSON and a form, each of
its own schema) went unchecked, so a form model went out as JSON and a dict the JSON
schema refuses was sent; and a model changed after it was made (``item.count = "x"``,
``item.tags.append(5)``) was sent as it stood, pydantic checking values only when a
model is made. A multipart body's fields are checked too (a file in it may be given
as anything the encoder sends as a part), which they were not.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from conftest import mypy_strict
from scripted_server import Reply, ScriptedServer

SPEC = """
openapi: 3.0.3
info: {title: Bodies, version: "1"}
servers: [{url: "http://unused.invalid"}]
paths:
  /things:
    post:
      operationId: createThing
      tags: [Things]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
          application/x-www-form-urlencoded:
            schema: {$ref: "#/components/schemas/ThingForm"}
      responses:
        "204": {description: done}
  /same:
    post:
      operationId: createSame
      tags: [Things]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
          application/x-www-form-urlencoded:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "204": {description: done}
  /pictures:
    put:
      operationId: putPicture
      tags: [Things]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
          image/*:
            schema: {type: string, format: binary}
      responses:
        "204": {description: done}
  /uploads:
    post:
      operationId: upload
      tags: [Things]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, note]
              properties:
                file: {type: string, format: binary}
                extra: {type: array, items: {type: string, format: binary}}
                note: {type: string, maxLength: 5}
                count: {type: integer, minimum: 1}
      responses:
        "204": {description: done}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 5}
        count: {type: integer}
        tags: {type: array, items: {type: string}}
        part: {$ref: "#/components/schemas/Part"}
    Part:
      type: object
      properties:
        label: {type: string, maxLength: 3}
    ThingForm:
      type: object
      required: [code]
      properties:
        code: {type: integer, maximum: 5}
"""


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    server.route("POST", "/things", Reply(204))
    server.route("POST", "/same", Reply(204))
    server.route("PUT", "/pictures", Reply(204))
    server.route("POST", "/uploads", Reply(204))
    yield server
    server.close()


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.Client(base_url=server.url, max_retries=0) as client:
        yield client


def refused(sdk: Any, server: ScriptedServer, call: Any) -> str:
    with pytest.raises(sdk.InvalidRequestError) as caught:
        call()
    assert server.seen == []
    return str(caught.value)


def sent(server: ScriptedServer) -> tuple[str, bytes]:
    (request,) = server.seen
    return request.headers["content-type"], request.body


# -- a body offered in several media types -------------------------------------------


def test_each_model_goes_in_the_media_type_whose_schema_it_is(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    client.things.create_thing(sdk.models.ThingForm(code=3))
    content_type, body = sent(server)
    assert content_type == "application/x-www-form-urlencoded"
    assert parse_qs(body.decode()) == {"code": ["3"]}
    server.seen.clear()
    client.things.create_thing(sdk.models.Thing(name="box"))
    content_type, body = sent(server)
    assert content_type == "application/json"
    assert json.loads(body) == {"name": "box"}


def test_a_model_named_for_the_other_media_type_is_refused(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    message = refused(
        sdk,
        server,
        lambda: client.things.create_thing(
            sdk.models.Thing(name="box"),
            content_type="application/x-www-form-urlencoded",
        ),
    )
    assert "createThing" in message and "body" in message


@pytest.mark.parametrize(
    ("body", "content_type", "where"),
    [
        ({"code": 3}, None, "body.name"),  # JSON by default: its schema wants a name
        ({"name": "much too long"}, "application/json", "body.name"),
        ({"code": 9}, "application/x-www-form-urlencoded", "body.code"),
        ({"name": "box"}, "application/x-www-form-urlencoded", "body.code"),
    ],
)
def test_a_dict_is_checked_against_the_schema_of_its_media_type(
    sdk: Any,
    client: Any,
    server: ScriptedServer,
    body: dict[str, Any],
    content_type: str | None,
    where: str,
) -> None:
    message = refused(
        sdk, server, lambda: client.things.create_thing(body, content_type=content_type)
    )
    assert where in message


def test_one_schema_for_both_media_types_is_checked_in_either(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    for content_type in (None, "application/x-www-form-urlencoded"):
        refused(
            sdk,
            server,
            lambda named=content_type: client.things.create_same(
                {"name": "much too long"}, content_type=named
            ),
        )
    client.things.create_same(
        {"name": "box", "count": 2}, content_type="application/x-www-form-urlencoded"
    )
    content_type, body = sent(server)
    assert parse_qs(body.decode()) == {"name": ["box"], "count": ["2"]}


# -- a model changed after it was made -----------------------------------------------


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda thing: setattr(thing, "count", "many"), "body.count"),
        (lambda thing: setattr(thing, "name", "much too long"), "body.name"),
        (lambda thing: thing.tags.append(5), "body.tags.1"),
        (lambda thing: setattr(thing.part, "label", "far too long"), "body.part.label"),
    ],
)
def test_a_model_changed_after_it_was_made_is_checked_again(
    sdk: Any, client: Any, server: ScriptedServer, change: Any, where: str
) -> None:
    thing = sdk.models.Thing(name="box", tags=["a"], part=sdk.models.Part(label="x"))
    change(thing)
    message = refused(sdk, server, lambda: client.things.create_thing(thing))
    assert where in message


def test_a_dict_holding_a_changed_model_is_checked_again(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    part = sdk.models.Part(label="x")
    part.label = "far too long"
    message = refused(
        sdk,
        server,
        lambda: client.things.create_thing({"name": "box", "part": part}),
    )
    assert "body.part.label" in message


def test_an_unchanged_model_goes_out_as_it_was_made(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    thing = sdk.models.Thing(name="box", count=0, tags=[], part={"label": "abc"})
    client.things.create_thing(thing)
    _, body = sent(server)
    assert json.loads(body) == {
        "name": "box",
        "count": 0,
        "tags": [],
        "part": {"label": "abc"},
    }
    assert thing.count == 0  # the caller's model is not changed by the check


def test_a_media_type_the_spec_does_not_offer_is_refused(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    with pytest.raises(sdk.SdkError, match="cannot be sent as 'application/xml'"):
        client.things.create_thing({"name": "box"}, content_type="application/xml")
    assert server.seen == []


def test_a_media_type_offered_by_a_range_takes_a_named_type_in_it(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    client.things.put_picture(b"\x89PNG", content_type="image/png")
    content_type, body = sent(server)
    assert (content_type, body) == ("image/png", b"\x89PNG")


def test_a_named_type_in_an_offered_range_type_checks_and_others_do_not(
    sdk: Any, tmp_path: Path
) -> None:
    # ``content_type=`` of an operation offering only exact types stays a Literal.
    user = tmp_path / "user.py"
    user.write_text(
        textwrap.dedent(
            f"""\
            from {sdk.__name__} import Client
            from {sdk.__name__}.models import Thing

            def use(client: Client) -> None:
                client.things.put_picture(b"png", content_type="image/png")
                client.things.create_thing(Thing(name="a"), content_type="text/csv")
            """
        )
    )
    done = mypy_strict(user, cwd=Path(sdk.__file__).parent.parent)
    assert "user.py:5:" not in done.stdout, done.stdout
    assert "user.py:6: error" in done.stdout and "content_type" in done.stdout


# -- multipart ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        ({"file": b"x", "note": "too long"}, "body.note"),
        ({"file": b"x"}, "body.note"),
        ({"note": "ok"}, "body.file"),
        ({"file": b"x", "note": "ok", "count": 0}, "body.count"),
        ({"file": 5, "note": "ok"}, "body.file"),
        # A file part where the spec takes text (bytes pass a string's check).
        ({"file": b"x", "note": ("n.txt", b"ok", "text/plain")}, "body.note"),
        ({"file": b"x", "note": b"ok"}, "body.note"),
    ],
)
def test_a_multipart_dict_is_checked_against_its_schema(
    sdk: Any, client: Any, server: ScriptedServer, body: dict[str, Any], fault: str
) -> None:
    message = refused(sdk, server, lambda: client.things.upload(body))
    assert fault in message


def test_a_multipart_model_changed_after_it_was_made_is_checked_again(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    upload = sdk.models.UploadRequest(file=b"x", note="ok")
    upload.count = 0
    assert "body.count" in refused(sdk, server, lambda: client.things.upload(upload))


def test_multipart_files_given_as_files_and_tuples_are_sent_as_given(
    sdk: Any, client: Any, server: ScriptedServer, tmp_path: Any
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"from a file")
    with path.open("rb") as opened:
        client.things.upload(
            {
                "file": opened,
                "extra": [("b.bin", b"\x00\x01", "application/octet-stream")],
                "note": "ok",
            }
        )
    content_type, body = sent(server)
    assert content_type.startswith("multipart/form-data")
    assert b"from a file" in body and b"\x00\x01" in body
    assert b'filename="b.bin"' in body and b"ok" in body
