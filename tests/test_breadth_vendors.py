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
from conftest import generate, mypy_strict, write_spec
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
                attachments: {type: array, items: {type: string, format: binary}}
            encoding:
              attachments: {contentType: application/pdf}
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
  /notes/{id}:
    put:
      operationId: putNote
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
          text/plain:
            schema: {type: string}
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        '204': {description: Stored}
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


PAGES = """\
openapi: 3.0.3
info: {title: Pages, version: '1'}
servers: [{url: 'http://unused.invalid'}]
paths:
  /logs:
    get:
      operationId: listLogs
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: A page
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_cursor: {type: string, nullable: true}
  /records:
    get:
      operationId: listRecords
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: A page whose next page is an address
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  next: {type: string, format: uri, nullable: true}
  /channels:
    get:
      operationId: listChannels
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: A page with its cursor one level down
          content:
            application/json:
              schema:
                type: object
                properties:
                  channels: {type: array, items: {type: string}}
                  response_metadata:
                    type: object
                    properties:
                      next_cursor: {type: string}
  /charges:
    get:
      operationId: listCharges
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: A page of charges
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items:
                      type: object
                      properties:
                        id: {type: string}
                        amount: {type: integer}
                  has_more: {type: boolean}
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: page, in: query, schema: {type: integer, default: 1}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: A page of orders
          content:
            application/json:
              schema: {type: array, items: {type: integer}}
  /articles:
    get:
      operationId: listArticles
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: A page that says where the next one is
          content:
            application/json:
              schema:
                type: object
                properties:
                  count: {type: integer}
                  next: {type: string, format: uri, nullable: true}
                  results: {type: array, items: {type: string}}
  /orders-unpaged:
    get:
      operationId: listOrdersUnpaged
      x-pagination: false
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: Not paginated, whatever its parameters say
          content:
            application/json:
              schema: {type: array, items: {type: integer}}
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: A slice of items
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  total: {type: integer}
  /repos:
    get:
      operationId: listRepos
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: A page of repositories
          headers:
            Link: {schema: {type: string}}
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""

SPECS = {"encoding_sdk": FORMS, "mediatypes_sdk": MEDIA, "paging_sdk": PAGES}
# A Redocly-style split document: an operation and descriptions in files of their own.
SPLIT = {
    "openapi.yaml": """\
        openapi: 3.0.3
        info:
          title: Split Pets
          version: '1'
          description: {$ref: texts/intro.md}
        servers: [{url: 'http://unused.invalid'}]
        tags:
          - name: pets
            description: {$ref: texts/pets.md}
        paths:
          /pets:
            $ref: paths/pets.yaml
          /pets/{petId}:
            get: {$ref: operations/get-pet.yaml}
        components:
          schemas:
            # Named like the keyword: a valid $ref, left alone.
            summary: {$ref: schemas/Pet.yaml}
        """,
    "texts/intro.md": "# Split Pets\n\nAn API: whose description lives in Markdown.\n",
    "texts/pets.md": "Everything about pets, kept in its own file.\n",
    "texts/get-pet.md": "Find a pet by its ID",
    "paths/pets.yaml": "get: {$ref: ../operations/list-pets.yaml}\n",
    "operations/list-pets.yaml": """\
        operationId: listPets
        tags: [pets]
        responses:
          '200':
            description: The pets
            content:
              application/json:
                schema:
                  type: array
                  items: {$ref: ../schemas/Pet.yaml}
        """,
    "operations/get-pet.yaml": """\
        operationId: getPet
        tags: [pets]
        summary: {$ref: ../texts/get-pet.md}
        parameters:
          - {name: petId, in: path, required: true, schema: {type: string}}
        responses:
          '200':
            description: A pet
            content:
              application/json:
                schema: {$ref: ../schemas/Pet.yaml}
        """,
    "schemas/Pet.yaml": """\
        type: object
        required: [name]
        properties:
          name: {type: string}
          description: {$ref: '#/definitions/Text'}
        definitions:
          Text: {type: string, description: Free text}
        """,
}
PACKAGES = (*SPECS, "redocly_sdk")


def write_split(folder: Path) -> Path:
    for name, text in SPLIT.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder / "openapi.yaml"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every spec of this module generated, each into its package, on ``sys.path``."""
    root = tmp_path_factory.mktemp("vendors")
    out = root / "out"
    out.mkdir()
    for package, text in SPECS.items():
        spec = write_spec(root, text, f"{package}.yaml")
        generate(spec, root / package, package)
        (root / package / package).rename(out / package)
    generate(write_split(root / "split"), root / "redocly_sdk", "redocly_sdk", lenient=True)
    (root / "redocly_sdk" / "redocly_sdk").rename(out / "redocly_sdk")
    for package in PACKAGES:
        (out / f"{package}.md").write_bytes((root / package / "README.md").read_bytes())
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
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            importlib.import_module(info.name)


def test_every_package_passes_mypy_strict(folder: Path) -> None:
    done = mypy_strict(*(f"--package={p}" for p in PACKAGES), cwd=folder)
    assert done.returncode == 0, done.stdout[-3000:]


# -- form bodies -------------------------------------------------------------------


def test_form_fields_are_sent_as_their_encoding_says(
    folder: Path, server: ScriptedServer
) -> None:
    forms = sdk(folder, "encoding_sdk")
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
    forms = sdk(folder, "encoding_sdk")
    server.route("POST", "/documents", Reply(204))
    body = forms.models.UploadDocumentRequest(
        file=b"%PDF-1.7",
        photo=b"\x89PNG...",
        meta={"title": "Q3"},
        labels=["red", "blue"],
        note="# Title",
        count=3,
        attachments=[b"%PDF-a", b"%PDF-b"],
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
    assert by_name["photo"] == [("photo", "image/png", b"\x89PNG...")]
    assert by_name["attachments"] == [
        ("attachments", "application/pdf", b"%PDF-a"),
        ("attachments", "application/pdf", b"%PDF-b"),
    ]
    assert by_name["file"][0][0] == "file"
    assert by_name["file"][0][2] == b"%PDF-1.7"


# -- several request media types --------------------------------------------------


def test_a_body_offered_in_several_media_types_is_sent_in_the_one_picked(
    folder: Path, server: ScriptedServer
) -> None:
    media = sdk(folder, "mediatypes_sdk")
    server.route("POST", "/pets", json_reply({"name": "Rex", "age": 3}, 201))
    pet = media.models.Pet(name="Rex", age=3)
    with media.Client(base_url=server.url) as client:
        assert client.default.create_pet(pet) == pet
        client.default.create_pet(pet, content_type="application/x-www-form-urlencoded")
        # The multipart schema has no ``age``: a Pet without one fits it, a Pet with
        # one does not (as in JSON, an unknown field is refused).
        client.default.create_pet(
            media.models.Pet(name="Rex"), content_type="multipart/form-data"
        )
        with pytest.raises(media.InvalidRequestError, match="body.age"):
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
    assert [(n, c) for n, _, _, c in _parts(as_multipart)] == [("name", b"Rex")]
    assert [(n, f, c) for n, f, _, c in _parts(with_file)] == [
        ("name", None, b"Rex"),
        ("picture", "picture", b"GIF89a"),
    ]


def test_the_body_type_picks_json_text_or_bytes(folder: Path, server: ScriptedServer) -> None:
    media = sdk(folder, "mediatypes_sdk")
    server.route("PUT", "/notes/n1", Reply(204))
    with media.Client(base_url=server.url) as client:
        client.default.put_note("n1", media.models.Pet(name="Rex"))
        client.default.put_note("n1", "plain words")
        client.default.put_note("n1", b"\x00\x01")
        client.default.put_note("n1", io.BytesIO(b"file"))
    sent = [(r.headers["content-type"], r.body) for r in server.requests("/notes/n1")]
    assert sent == [
        ("application/json", b'{"name":"Rex"}'),
        ("text/plain", b"plain words"),
        ("application/octet-stream", b"\x00\x01"),
        ("application/octet-stream", b"file"),
    ]


# -- several response media types ---------------------------------------------------


def test_the_accept_header_lists_what_the_operation_decodes(
    folder: Path, server: ScriptedServer
) -> None:
    media = sdk(folder, "mediatypes_sdk")
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
    media = sdk(folder, "mediatypes_sdk")
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
    media = sdk(folder, "mediatypes_sdk")
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
        assert list(client.default.calls.watch_events.events()) == expected
        assert client.default.watch_events() == expected

    async def read() -> list[Any]:
        async with media.AsyncClient(base_url=server.url) as aclient:
            return [e async for e in aclient.default.calls.watch_events.events()]

    assert asyncio.run(read()) == expected
    assert server.requests("/events")[0].headers["accept"] == "text/event-stream"


# -- pagination -------------------------------------------------------------------


def _page(data: Any, headers: dict[str, str] | None = None) -> Reply:
    return json_reply(data, headers=headers)


def test_cursor_patterns_are_inferred_and_followed(
    folder: Path, server: ScriptedServer
) -> None:
    pages = sdk(folder, "paging_sdk")
    server.route(
        "GET",
        "/logs",
        _page({"data": ["a", "b"], "next_cursor": "c2"}),
        _page({"data": ["c"], "next_cursor": None}),
    )
    server.route(
        "GET",
        "/records",
        _page({"results": ["a"], "next": server.url + "/records?cursor=r2&x=1"}),
        _page({"results": ["b"], "next": None}),
    )
    server.route(
        "GET",
        "/channels",
        _page({"channels": ["general"], "response_metadata": {"next_cursor": "ch2"}}),
        _page({"channels": ["random"], "response_metadata": {"next_cursor": ""}}),
    )
    server.route(
        "GET",
        "/charges",
        _page({"data": [{"id": "ch_1"}, {"id": "ch_2"}], "has_more": True}),
        _page({"data": [{"id": "ch_3"}], "has_more": False}),
    )
    with pages.Client(base_url=server.url) as client:
        assert list(client.default.calls.list_logs.iter()) == ["a", "b", "c"]
        assert list(client.default.calls.list_records.iter()) == ["a", "b"]
        assert list(client.default.calls.list_channels.iter()) == ["general", "random"]
        charges = list(client.default.calls.list_charges.iter(limit=2))
    assert [c.id for c in charges] == ["ch_1", "ch_2", "ch_3"]
    assert [r.query for r in server.requests("/logs")] == [{}, {"cursor": ["c2"]}]
    assert [r.query for r in server.requests("/records")] == [{}, {"cursor": ["r2"]}]
    assert [r.query for r in server.requests("/channels")] == [{}, {"cursor": ["ch2"]}]
    assert [r.query for r in server.requests("/charges")] == [
        {"limit": ["2"]},
        {"limit": ["2"], "starting_after": ["ch_2"]},
    ]


def test_page_number_offset_and_link_header_are_inferred_and_followed(
    folder: Path, server: ScriptedServer
) -> None:
    pages = sdk(folder, "paging_sdk")
    server.route("GET", "/orders", _page([1, 2]), _page([3]), _page([]))
    server.route(
        "GET",
        "/items",
        _page({"items": ["a", "b"], "total": 3}),
        _page({"items": ["c"], "total": 3}),
        _page({"items": [], "total": 3}),
    )
    link = '<{url}/repos?page=2&per_page=2>; rel="next", <{url}/repos?page=9>; rel="last"'
    server.route(
        "GET",
        "/repos",
        _page(["x", "y"], {"Link": link.format(url=server.url)}),
        _page(["z"], {"Link": f'<{server.url}/repos?page=1>; rel="first"'}),
    )
    # Past its last page this one answers 404: its `next` says when to stop.
    server.route(
        "GET",
        "/articles",
        _page({"count": 3, "next": server.url + "/articles?page=2", "results": ["a", "b"]}),
        _page({"count": 3, "next": None, "results": ["c"]}),
        Reply(404, b'{"detail": "Invalid page."}', {"Content-Type": "application/json"}),
    )
    with pages.Client(base_url=server.url) as client:
        assert list(client.default.calls.list_orders.iter(per_page=2)) == [1, 2, 3]
        assert list(client.default.calls.list_articles.iter()) == ["a", "b", "c"]
        assert list(client.default.calls.list_items.iter(limit=2)) == ["a", "b", "c"]
        assert list(client.default.calls.list_repos.iter(per_page=2)) == ["x", "y", "z"]
        assert not hasattr(client.default.list_orders_unpaged, "iter")
    assert [r.query.get("page") for r in server.requests("/orders")] == [None, ["2"], ["3"]]
    assert [r.query.get("offset") for r in server.requests("/items")] == [None, ["2"], ["3"]]
    assert [r.query for r in server.requests("/repos")] == [
        {"per_page": ["2"]},
        {"page": ["2"], "per_page": ["2"]},
    ]


def test_async_pages_follow_the_same_patterns(folder: Path, server: ScriptedServer) -> None:
    pages = sdk(folder, "paging_sdk")
    server.route("GET", "/orders", _page([1, 2]), _page([3]), _page([]))

    async def read() -> list[int]:
        async with pages.AsyncClient(base_url=server.url) as aclient:
            return [o async for o in aclient.default.calls.list_orders.iter()]

    assert asyncio.run(read()) == [1, 2, 3]


def test_a_server_that_ignores_the_page_number_does_not_loop_forever(
    folder: Path, server: ScriptedServer
) -> None:
    pages = sdk(folder, "paging_sdk")
    server.route("GET", "/repos", _page(["x"], {"Link": '</repos?page=2>; rel="next"'}))
    with pages.Client(base_url=server.url) as client:
        assert list(client.default.calls.list_repos.iter()) == ["x", "x"]
    assert len(server.requests("/repos")) == 2


def test_the_docs_list_what_was_inferred(folder: Path) -> None:
    readme = (folder / "paging_sdk.md").read_text()
    for line in (
        "`default.list_logs`](docs/DefaultApi.md#list_logs): by a cursor in the response body (`cursor`; inferred)",
        "`default.list_charges`](docs/DefaultApi.md#list_charges): by the last item's id, while the response says there are more (`starting_after`; inferred)",
        "`default.list_orders`](docs/DefaultApi.md#list_orders): by the page number (`page`; inferred)",
        "`default.list_items`](docs/DefaultApi.md#list_items): by the offset, moved on by the items received (`offset`; inferred)",
        '`default.list_repos`](docs/DefaultApi.md#list_repos): by the `rel="next"` link of the `Link` header (`page`; inferred)',
    ):
        assert line in readme
    assert "list_orders_unpaged" not in readme.split("## Pagination")[1].split("```")[0]


# -- Redocly-style multi-file documents -----------------------------------------------


def test_a_split_document_generates_with_lenient(folder: Path, server: ScriptedServer) -> None:
    split = sdk(folder, "redocly_sdk")
    server.route("GET", "/pets/p1", json_reply({"name": "Rex", "description": "good"}))
    with split.Client(base_url=server.url) as client:
        pet = client.pets.get_pet("p1")
    assert pet == split.models.Pet(name="Rex", description="good")
    assert "Find a pet by its ID" in (split.api.pets.PetsApi.get_pet.__doc__ or "")
    assert "Everything about pets" in (split.api.pets.__doc__ or "")


def test_a_split_document_is_resolved_with_warnings_by_place(tmp_path: Path) -> None:
    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings

    api = api_of(load_spec(write_split(tmp_path), lenient=True), Settings("p", "p", "1", "P"))
    why = "is not valid OpenAPI (a multi-file layout such as Redocly's); resolved (--lenient)"
    assert [
        (w.file.relative_to(tmp_path).as_posix() if w.file else "", w.pointer, w.message)
        for w in api.warnings
        if "Redocly" in w.message
    ] == [
        ("openapi.yaml", "#/info/description", f"$ref on a description {why}"),
        ("openapi.yaml", "#/tags/0/description", f"$ref on a description {why}"),
        ("operations/get-pet.yaml", "#/summary", f"$ref on a summary {why}"),
        ("paths/pets.yaml", "#/get", f"$ref on an operation object {why}"),
        ("openapi.yaml", "#/paths/~1pets~1{petId}/get", f"$ref on an operation object {why}"),
    ]
    # Each printed as every finding is: file, line, pointer, message.
    assert all(w.line for w in api.warnings if "Redocly" in w.message)


def test_a_split_document_without_lenient_is_a_clear_error(tmp_path: Path) -> None:
    spec = write_split(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--output", str(tmp_path / "out"), "--package", "x"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
    assert (
        f"{spec}:14: #/paths/~1pets~1{{petId}}/get: $ref on an operation object is not "
        "valid OpenAPI (a multi-file layout such as Redocly's)\n"
        "  hint: bundle the document first (e.g. `redocly bundle`), or run with --lenient"
    ) in done.stderr


def test_the_readme_says_how_to_pick_a_media_type_and_stream_events(folder: Path) -> None:
    readme = (folder / "mediatypes_sdk.md").read_text()
    assert (
        'in the media type `content_type=` names otherwise: '
        '`client.default.create_pet(..., content_type="multipart/form-data")`'
    ) in readme
    assert "`client.default.calls.watch_events.events(...)` yields each event as it arrives" in readme


def test_what_is_not_generated_is_a_warning_with_its_pointer(tmp_path: Path) -> None:
    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings

    api = api_of(load_spec(write_spec(tmp_path, MEDIA)), Settings("p", "p", "1", "P"))
    assert (
        "#/paths/~1pets/post/responses/201/content/application~1xml: a decoder for "
        "this media type is not generated (the same data as application/json, which "
        "the client asks for)"
    ) in [f"{w.pointer}: {w.message}" for w in api.warnings]
    forms = FORMS.replace(
        "              note: {contentType: text/markdown}",
        "              note: {contentType: text/markdown, headers: {X-Id: {schema: {type: string}}}}\n"
        "              count: {style: matrix}",
    )
    api = api_of(load_spec(write_spec(tmp_path, forms, "forms.yaml")), Settings("p", "p", "1", "P"))
    where = "#/paths/~1documents/post/requestBody/content/multipart~1form-data/encoding"
    found = [f"{w.pointer}: {w.message}" for w in api.warnings]
    assert f"{where}/note/headers: per-part headers are not generated" in found
    assert (
        f"{where}/count/style: style 'matrix' is not supported in a form body; sent in style 'form'"
    ) in found


def test_the_generator_config_overrides_an_inferred_pattern(tmp_path: Path) -> None:
    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings
    from generator.targets.python.operations import paging

    configured = (("listRepos", {"tokenParameter": "page", "nextToken": {"in": "page"}}),)
    spec = load_spec(write_spec(tmp_path, PAGES))
    inferred = api_of(spec, Settings("p", "p", "1", "P"))
    chosen = api_of(spec, Settings("p", "p", "1", "P", pagination=configured))

    def repos(api: Any) -> Any:
        return next(o for g in api.groups for o in g.operations if o.operation_id == "listRepos")

    assert (repos(inferred).pagination.token_in, repos(inferred).pagination.source) == (
        "link",
        "inferred",
    )
    assert (repos(chosen).pagination.token_in, repos(chosen).pagination.source) == (
        "page",
        "configured",
    )
    assert (repos(chosen).pagination.token_param, repos(chosen).pagination.first_page) == ("page", 1)
    models = {m.name: m for m in chosen.models}
    assert "page_number('page', 1)" in paging(repos(chosen), models).replace('"', "'")
