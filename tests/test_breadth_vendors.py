"""Constructs of other vendors' specs (issue 13), each in a small spec of our own words:
form and multipart bodies sent as their ``encoding`` says, a body offered in several
media types, responses in several media types and as event streams.

Every spec is generated into one folder; each package imports whole, all pass one
``mypy --strict`` run, and their calls are checked on the wire against a scripted
server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import importlib
import io
import json
import pkgutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from conftest import generate, write_spec
from scripted_server import Reply, ScriptedServer, Seen, json_reply

FORMS = """\
openapi: 3.0.3
info: {title: Forms, version: '1'}
servers: [{url: 'http://unused.invalid'}]
paths:
  /customers:
    post:
      operationId: createCustomer
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                name: {type: string}
                address:
                  type: object
                  properties:
                    city: {type: string}
                    line1: {type: string}
                metadata:
                  type: object
                  additionalProperties: {type: string}
                items:
                  type: array
                  items:
                    type: object
                    properties:
                      price: {type: string}
                      quantity: {type: integer}
                tags: {type: array, items: {type: string}}
                codes: {type: array, items: {type: string}}
                piped: {type: array, items: {type: string}}
                spaced: {type: array, items: {type: string}}
                point:
                  type: object
                  properties:
                    x: {type: integer}
                    y: {type: integer}
                flat:
                  type: object
                  properties:
                    a: {type: string}
                    b: {type: string}
                settings:
                  type: object
                  properties:
                    mode: {type: string}
                callback: {type: string}
                escaped: {type: string}
            encoding:
              address: {style: deepObject, explode: true}
              metadata: {style: deepObject, explode: true}
              items: {style: deepObject, explode: true}
              codes: {style: form, explode: false}
              piped: {style: pipeDelimited}
              spaced: {style: spaceDelimited}
              point: {style: form, explode: false}
              settings: {contentType: application/json}
              callback: {allowReserved: true}
      responses:
        '204': {description: Done}
  /documents:
    post:
      operationId: uploadDocument
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                photo: {type: string, format: binary}
                meta:
                  type: object
                  properties:
                    title: {type: string}
                labels: {type: array, items: {type: string}}
                note: {type: string}
                count: {type: integer}
            encoding:
              photo: {contentType: image/png}
              meta: {contentType: application/json}
              note: {contentType: text/markdown}
      responses:
        '204': {description: Done}
"""

MEDIA = """\
openapi: 3.0.3
info: {title: Media, version: '1'}
servers: [{url: 'http://unused.invalid'}]
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Pet'}
          multipart/form-data:
            schema:
              type: object
              properties:
                name: {type: string}
                picture: {type: string, format: binary}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
            application/xml:
              schema: {$ref: '#/components/schemas/Pet'}
        '422':
          description: Invalid
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
  /report:
    get:
      operationId: getReport
      responses:
        '200':
          description: The report
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Report'}
            text/csv:
              schema: {type: string}
  /feed:
    get:
      operationId: getFeed
      responses:
        '200':
          description: The feed
          content:
            text/xml:
              schema: {type: string}
  /vendor:
    get:
      operationId: getVendorJson
      responses:
        '200':
          description: A JSON variant
          content:
            application/vnd.example+json:
              schema: {$ref: '#/components/schemas/Pet'}
  /events:
    get:
      operationId: watchEvents
      responses:
        '200':
          description: A stream of events
          content:
            text/event-stream:
              schema: {type: string}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        age: {type: integer}
    Report:
      type: object
      properties:
        total: {type: integer}
    Problem:
      type: object
      properties:
        title: {type: string}
        status: {type: integer}
"""

SPECS = {"forms_sdk": FORMS, "media_sdk": MEDIA}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every spec of this module generated, each into its package, on ``sys.path``."""
    root = tmp_path_factory.mktemp("vendors")
    out = root / "out"
    for package, text in SPECS.items():
        spec = write_spec(root, text, f"{package}.yaml")
        generate(spec, root / package, package)
        for item in (root / package).iterdir():
            if item.name == package:
                item.rename(out / package) if out.exists() else (
                    out.mkdir(),
                    item.rename(out / package),
                )
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def sdk(folder: Path, package: str) -> Any:
    return importlib.import_module(package)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


def test_every_module_of_every_package_imports(folder: Path) -> None:
    for package in SPECS:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            importlib.import_module(info.name)


def test_every_package_passes_mypy_strict(folder: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            f"--cache-dir={tmp_path / 'mypy'}",
            *(f"--package={p}" for p in SPECS),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]


# -- form bodies -------------------------------------------------------------------


def test_form_fields_are_sent_as_their_encoding_says(
    folder: Path, server: ScriptedServer
) -> None:
    forms = sdk(folder, "forms_sdk")
    server.route("POST", "/customers", Reply(204))
    body = forms.models.CreateCustomerRequest(
        name="Ada Lovelace",
        address={"city": "London", "line1": "1 Main St"},
        metadata={"order": "6735", "vip": "yes"},
        items=[{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
        tags=["a", "b"],
        codes=["x", "y"],
        piped=["1", "2"],
        spaced=["3", "4"],
        point={"x": 1, "y": 2},
        flat={"a": "A", "b": "B"},
        settings={"mode": "fast"},
        callback="https://example.com/hook?x=1",
        escaped="a/b?c",
    )
    with forms.Client(base_url=server.url) as client:
        client.default.create_customer(body)
    seen = server.requests("/customers")[0]
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(seen.body.decode(), keep_blank_values=True) == [
        ("name", "Ada Lovelace"),
        ("address[city]", "London"),
        ("address[line1]", "1 Main St"),
        ("metadata[order]", "6735"),
        ("metadata[vip]", "yes"),
        ("items[0][price]", "p_1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "p_2"),
        ("tags", "a"),
        ("tags", "b"),
        ("codes", "x,y"),
        ("piped", "1|2"),
        ("spaced", "3 4"),
        ("point", "x,1,y,2"),
        ("a", "A"),
        ("b", "B"),
        ("settings", '{"mode":"fast"}'),
        ("callback", "https://example.com/hook?x=1"),
        ("escaped", "a/b?c"),
    ]
    raw = seen.body.decode()
    # allowReserved leaves reserved characters as they are; other fields escape them.
    assert "callback=https://example.com/hook?x%3D1" in raw
    assert "escaped=a%2Fb%3Fc" in raw
    assert "address[city]=London" in raw


def _parts(seen: Seen) -> list[tuple[str, str | None, str, bytes]]:
    """(name, file name, Content-Type, content) of each part of a multipart body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + seen.headers["content-type"].encode() + b"\r\n\r\n" + seen.body
    )
    return [
        (
            str(part.get_param("name", header="content-disposition")),
            part.get_filename(),
            part.get_content_type() if "content-type" in part else "",
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]


def test_multipart_parts_carry_their_content_types(
    folder: Path, server: ScriptedServer
) -> None:
    forms = sdk(folder, "forms_sdk")
    server.route("POST", "/documents", Reply(204))
    photo = io.BytesIO(b"\x89PNG...")
    photo.name = "/tmp/holiday.jpg"  # the spec's contentType wins over the name
    body = forms.models.UploadDocumentRequest(
        file=b"%PDF-1.7",
        photo=b"\x89PNG...",
        meta={"title": "Q3"},
        labels=["red", "blue"],
        note="# Title",
        count=3,
    )
    with forms.Client(base_url=server.url) as client:
        client.default.upload_document(body)
    parts = _parts(server.requests("/documents")[0])
    by_name: dict[str, list[tuple[str | None, str, bytes]]] = {}
    for name, filename, ctype, content in parts:
        by_name.setdefault(name, []).append((filename, ctype, content))
    assert by_name["meta"] == [(None, "application/json", b'{"title":"Q3"}')]
    assert by_name["labels"] == [(None, "", b"red"), (None, "", b"blue")]
    assert by_name["note"] == [(None, "text/markdown", b"# Title")]
    assert by_name["count"] == [(None, "", b"3")]
    assert by_name["photo"][0][1:] == ("image/png", b"\x89PNG...")
    assert by_name["file"][0][0] == "file"
    assert by_name["file"][0][2] == b"%PDF-1.7"


# -- several request media types --------------------------------------------------


def test_a_body_offered_in_several_media_types_is_sent_in_the_one_picked(
    folder: Path, server: ScriptedServer
) -> None:
    media = sdk(folder, "media_sdk")
    server.route("POST", "/pets", json_reply({"name": "Rex", "age": 3}, 201))
    pet = media.models.Pet(name="Rex", age=3)
    with media.Client(base_url=server.url) as client:
        assert client.default.create_pet(pet) == pet
        client.default.create_pet(pet, content_type="application/x-www-form-urlencoded")
        client.default.create_pet(pet, content_type="multipart/form-data")
        # A file in the body picks multipart by itself.
        client.default.create_pet(
            media.models.CreatePetRequestMultipart(name="Rex", picture=b"GIF89a")
        )
        with pytest.raises(media.SdkError, match="cannot be sent as 'text/plain'"):
            client.default.create_pet(pet, content_type="text/plain")
    as_json, as_form, as_multipart, with_file = server.requests("/pets")
    assert as_json.headers["content-type"] == "application/json"
    assert json.loads(as_json.body) == {"name": "Rex", "age": 3}
    assert as_form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(as_form.body.decode()) == [("name", "Rex"), ("age", "3")]
    assert as_multipart.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert [(n, c) for n, _, _, c in _parts(as_multipart)] == [("name", b"Rex"), ("age", b"3")]
    assert [(n, f, c) for n, f, _, c in _parts(with_file)] == [
        ("name", None, b"Rex"),
        ("picture", "picture", b"GIF89a"),
    ]


# -- several response media types ---------------------------------------------------


def test_the_accept_header_lists_what_the_operation_decodes(
    folder: Path, server: ScriptedServer
) -> None:
    media = sdk(folder, "media_sdk")
    server.route("POST", "/pets", json_reply({"name": "Rex"}, 201))
    server.route("GET", "/report", json_reply({"total": 2}))
    with media.Client(base_url=server.url) as client:
        client.default.create_pet(media.models.Pet(name="Rex"))
        client.default.get_report()
        client.with_options(headers={"Accept": "text/csv"}).default.get_report()
    # XML is the same Pet in a form the client cannot decode: it is not asked for.
    assert server.requests("/pets")[0].headers["accept"] == (
        "application/json, application/problem+json"
    )
    first, chosen = server.requests("/report")
    assert first.headers["accept"] == "application/json, text/csv"
    assert chosen.headers["accept"] == "text/csv"


def test_every_response_media_type_is_decoded(
    folder: Path, server: ScriptedServer
) -> None:
    media = sdk(folder, "media_sdk")
    server.route(
        "GET",
        "/report",
        json_reply({"total": 2}),
        Reply(200, b"id,total\n1,2\n", {"Content-Type": "text/csv; charset=utf-8"}),
    )
    server.route("GET", "/feed", Reply(200, b"<rss/>", {"Content-Type": "text/xml"}))
    server.route(
        "GET",
        "/vendor",
        Reply(200, b'{"name": "Rex"}', {"Content-Type": "application/vnd.example+json"}),
    )
    server.route(
        "POST",
        "/pets",
        Reply(
            422,
            b'{"title": "bad age", "status": 422}',
            {"Content-Type": "application/problem+json"},
        ),
    )
    with media.Client(base_url=server.url) as client:
        assert client.default.get_report() == media.models.Report(total=2)
        assert client.default.get_report() == "id,total\n1,2\n"
        assert client.default.get_feed() == "<rss/>"
        assert client.default.get_vendor_json() == media.models.Pet(name="Rex")
        with pytest.raises(media.ApiError) as caught:
            client.default.create_pet(media.models.Pet(name="Rex"))
    assert caught.value.error == media.models.Problem(title="bad age", status=422)


STREAM = (
    b": keep-alive\n\n"
    b"event: greeting\ndata: hello\nid: 1\n\n"
    b'data: {"n": 1}\ndata: {"n": 2}\n\n'
    b"retry: 500\ndata: last\n\n"
)


def test_an_event_stream_is_read_as_events_sync_and_async(
    folder: Path, server: ScriptedServer
) -> None:
    media = sdk(folder, "media_sdk")
    server.route(
        "GET",
        "/events",
        Reply(
            200,
            headers={"Content-Type": "text/event-stream"},
            chunks=[STREAM[:20], STREAM[20:50], STREAM[50:]],
            length=len(STREAM),
        ),
    )
    Event = media.ServerSentEvent
    expected = [
        Event("hello", "greeting", "1"),
        Event('{"n": 1}\n{"n": 2}', "message", "1"),
        Event("last", "message", "1", 500),
    ]
    with media.Client(base_url=server.url) as client:
        assert list(client.default.watch_events.events()) == expected
        assert client.default.watch_events() == expected

    async def read() -> list[Any]:
        async with media.AsyncClient(base_url=server.url) as aclient:
            return [e async for e in aclient.default.watch_events.events()]

    assert asyncio.run(read()) == expected
    assert server.requests("/events")[0].headers["accept"] == "text/event-stream"
