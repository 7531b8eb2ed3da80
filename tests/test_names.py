"""Any spec name becomes a valid, unique, stable Python name; the wire name is kept."""

from __future__ import annotations

import json
import keyword
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import mypy_strict
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.model.names import (
    Namer,
    constant,
    field_name,
    module_name,
    param_name,
    pascal,
    snake,
)

HOSTILE_NAMES = [
    "from",
    "class",
    "import",
    "None",
    "none",
    "True",
    "2fa",
    "123",
    "AT&T",
    "x-y",
    "a.b",
    "page[size]",
    "ünïcödé",
    "名前",
    "Ωμέγα",
    "",
    " ",
    "_",
    "__init__",
    "_private",
    "model_config",
    "json",
    "self",
    "date",
    "str",
    "con",
    "CON",
    "aux",
    "lpt1",
    "Com1",
    "a/../b",
    "..",
    "/etc/passwd",
    "C:\\x",
    "tab\there",
    "new\nline",
    "nul\x00byte",
    "\ud800",
    "😀",
    "match",
    "type",
    "async",
    "await",
    "__class__",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_name_becomes_a_safe_identifier(name: str) -> None:
    for convert in (snake, pascal, constant, field_name, param_name, module_name):
        result = convert(name)
        assert result.isidentifier() and result.isascii(), (convert.__name__, result)
        assert not keyword.iskeyword(result) and not result.startswith("_")
    assert module_name(name).lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    assert pascal(name).lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


def test_conversions_read_naturally() -> None:
    assert [
        snake(n) for n in ("getUser", "HTTPServer", "page[size]", "AT&T", "x-y", "a.b")
    ] == ["get_user", "http_server", "page_size", "at_t", "x_y", "a_b"]
    assert (snake("from"), snake("2fa"), snake("ünïcödé")) == (
        "from_",
        "n2_fa",
        "unicode",
    )
    assert (pascal("message-request"), pascal("none"), pascal("con"), pascal("3d")) == (
        "MessageRequest",
        "None_",
        "Con_",
        "N3D",
    )
    assert (constant("message-sent"), constant("1"), constant("")) == (
        "MESSAGE_SENT",
        "V_1",
        "EMPTY",
    )


def test_fields_never_shadow_model_machinery_or_annotation_types() -> None:
    assert [
        field_name(n)
        for n in ("model_config", "json", "to_dict", "date", "str", "list")
    ] == ["model_config_", "json_", "to_dict_", "date_", "str_", "list_"]
    assert (field_name("id"), field_name("type"), field_name("self")) == (
        "id",
        "type",
        "self",
    )
    assert (param_name("self"), param_name("client"), param_name("body")) == (
        "self_",
        "client_",
        "body",
    )


def test_non_latin_names_are_stable_and_distinct() -> None:
    assert snake("名前") == snake("名前") and snake("名前") != snake("名")
    assert re.fullmatch(r"x[0-9a-f]{8}", snake("名前"))


def test_namer_makes_names_unique_case_insensitively_and_remembers_them() -> None:
    namer = Namer(frozenset({"Client"}))
    assert namer.unique("a", "client") == "client2"
    assert namer.unique("b", "Foo") == "Foo"
    assert namer.unique("c", "foo") == "foo2"
    assert namer.unique("b", "anything") == "Foo"


SPEC = """\
openapi: 3.0.3
info: {title: Names, version: '1'}
servers: [{url: 'http://unused.invalid'}]
tags: [{name: Pets}, {name: with_options}, {name: con}, {name: 'Pets!'}]
paths:
  /things/{self}:
    post:
      operationId: getUser
      tags: [Pets]
      parameters:
        - {name: self, in: path, required: true, schema: {type: string}}
        - {name: body, in: query, schema: {type: string}}
        - {name: 'page[size]', in: query, schema: {type: integer}}
        - {name: page_size, in: query, schema: {type: integer}}
        - {name: from, in: query, schema: {type: string}}
        - {name: X-Id, in: header, schema: {type: string}}
        - {name: date, in: query, schema: {type: string, format: date}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Weird'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Weird'}
  /users:
    get:
      operationId: get_user
      tags: [Pets]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PetsApi'}
  /class:
    get: {operationId: class, tags: [with_options], responses: {'204': {description: OK}}}
  /verify:
    get: {operationId: 2fa-verify, tags: [con], responses: {'204': {description: OK}}}
  /bang:
    get:
      operationId: import
      tags: ['Pets!']
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Request'}
components:
  schemas:
    Weird:
      type: object
      properties:
        from: {type: string}
        class: {type: string}
        2fa: {type: boolean}
        AT&T: {type: string}
        x-y: {type: string}
        x_y: {type: string}
        a.b: {type: string}
        page[size]: {type: integer}
        ünïcödé: {type: string}
        名前: {type: string}
        model_config: {type: string}
        json: {type: string}
        self: {type: string}
        date: {type: string, format: date}
        str: {type: string}
        to_dict: {type: string}
        id: {type: string}
        ID: {type: string}
        _private: {type: string}
        '': {type: string}
        kind: {$ref: '#/components/schemas/Kind'}
        none: {$ref: '#/components/schemas/None'}
        con: {$ref: '#/components/schemas/Con'}
        ab1: {$ref: '#/components/schemas/ABTest'}
        ab2: {$ref: '#/components/schemas/AbTest'}
        req: {$ref: '#/components/schemas/Request'}
    Kind:
      type: string
      enum: [a-b, A B, '1', '', None, mro, name, 名前, class]
    None: {type: object, properties: {x: {type: string}}}
    Con: {type: object, properties: {x: {type: string}}}
    ABTest: {type: object, properties: {x: {type: string}}}
    AbTest: {type: object, properties: {y: {type: string}}}
    Request: {type: object, properties: {x: {type: string}}}
    UnknownVariant: {type: object, properties: {x: {type: string}}}
    PetsApi: {type: object, properties: {x: {type: string}}}
"""

WIRE = {
    "from": "+1",
    "class": "c",
    "2fa": True,
    "AT&T": "t",
    "x-y": "dash",
    "x_y": "under",
    "a.b": "dot",
    "page[size]": 5,
    "ünïcödé": "u",
    "名前": "n",
    "model_config": "m",
    "json": "j",
    "self": "s",
    "date": "2024-02-29",
    "str": "s2",
    "to_dict": "td",
    "id": "lower",
    "ID": "upper",
    "_private": "p",
    "": "empty",
    "kind": "名前",
    "none": {"x": "1"},
    "con": {"x": "2"},
    "ab1": {"x": "3"},
    "ab2": {"y": "4"},
    "req": {"x": "5"},
}


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


def test_a_model_with_hostile_field_names_round_trips_with_wire_names(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(request.get_data(), content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    sent = sdk.models.Weird.model_validate(WIRE)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        got = client.pets.get_user(
            "me", sent, body2="q", page_size=10, page_size2=20, from_="x", x_id="h"
        )
    assert json.loads(seen[0].get_data()) == WIRE
    assert seen[0].path == "/things/me"
    assert seen[0].args.to_dict() == {
        "body": "q",
        "page[size]": "10",
        "page_size": "20",
        "from": "x",
    }
    assert seen[0].headers["X-Id"] == "h"
    assert (got.from_, got.class_, got.n2_fa, got.at_t, got.x_y, got.x_y2) == (
        "+1",
        "c",
        True,
        "t",
        "dash",
        "under",
    )
    assert (got.model_config_, got.json_, got.self, got.str_, got.to_dict_) == (
        "m",
        "j",
        "s",
        "s2",
        "td",
    )
    assert (got.id, got.id2, got.private, got.value, str(got.date_)) == (
        "lower",
        "upper",
        "p",
        "empty",
        "2024-02-29",
    )
    assert got.kind is sdk.models.Kind.X7EC26292 and got.to_dict() == WIRE


def test_colliding_names_become_distinct_classes_modules_and_methods(sdk: Any) -> None:
    models = sdk.models
    assert {
        models.ABTest.__module__.rsplit(".", 1)[1],
        models.AbTest2.__module__.rsplit(".", 1)[1],
    } == {"ab_test", "ab_test2"}
    assert (models.None_.__name__, models.Con_.__module__.rsplit(".", 1)[1]) == (
        "None_",
        "con_",
    )
    assert (
        models.Request2.__name__ == "Request2"
        and models.PetsApi2.__name__ == "PetsApi2"
        and models.UnknownVariant2.__name__ == "UnknownVariant2"
    )
    client = sdk.Client(base_url="http://unused.invalid")
    assert callable(client.pets.get_user) and callable(client.pets.get_user2)
    assert callable(client.pets2.import_) and callable(client.with_options2.class_)
    assert callable(client.con.n2_fa_verify) and callable(client.with_options)
    assert [m.value for m in models.Kind] == [
        "a-b",
        "A B",
        "1",
        "",
        "None",
        "mro",
        "name",
        "名前",
        "class",
    ]


def test_the_names_package_passes_mypy_strict(sdk: Any) -> None:
    package = Path(sdk.__file__).parent
    done = mypy_strict(package.name, cwd=package.parent)
    assert done.returncode == 0, done.stdout[-3000:]
