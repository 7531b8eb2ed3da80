"""OpenAPI 3.1: type arrays, null, const, $defs, examples; webhooks read into the model."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_spec
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.build import api_of
from generator.load.spec import load_spec
from generator.load.spec_checks import validate_spec
from generator.model.ir import TypeRef
from generator.model.parse import Settings
from generator.targets.python.naming import webhook_functions

SPEC = """\
openapi: 3.1.0
info: {title: Pets 3.1, version: '1'}
servers: [{url: 'http://unused.invalid'}]
webhooks:
  newPet:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200': {description: OK}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: [string, integer]}}
        - {name: mood, in: query, schema: {type: [string, 'null'], examples: [calm]}}
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
    put:
      operationId: putPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '204': {description: Stored}
components:
  schemas:
    Pet:
      type: object
      required: [kind, name, nickname]
      properties:
        kind: {const: pet}
        name: {type: string, examples: [Rex, Fido]}
        nickname: {type: [string, 'null']}
        age: {type: [integer, 'null'], minimum: 0}
        owner:
          anyOf:
            - $ref: '#/components/schemas/Pet/$defs/Owner'
            - type: 'null'
        weight: {type: [number, string]}
        nothing: {type: 'null'}
        scores: {type: array, items: {type: [integer, 'null']}}
      $defs:
        Owner:
          type: object
          properties:
            name: {type: string}
"""

PET = {
    "kind": "pet",
    "name": "Rex",
    "nickname": None,
    "age": 3,
    "owner": {"name": "Ann"},
    "weight": "heavy",
    "nothing": None,
    "scores": [1, None, 3],
}


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


def respond(httpserver: HTTPServer, body: Any) -> list[Request]:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(body), status=200, content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return seen


def test_type_arrays_null_const_and_defs_become_python_types(sdk: Any) -> None:
    fields = sdk.models.Pet.model_fields
    assert str(fields["nickname"].annotation) == "str | None"
    assert str(fields["age"].annotation) == "int | None"
    assert str(fields["weight"].annotation) == "float | str | None"
    assert fields["owner"].annotation == sdk.models.Owner | None
    assert str(fields["kind"].annotation) == "typing.Literal['pet']"
    assert str(fields["scores"].annotation) == "list[int | None] | None"
    assert fields["nothing"].annotation is type(None)


def test_a_31_model_round_trips_through_the_client(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen = respond(httpserver, PET)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        pet = client.default.get_pet(12, mood=None)
        assert (pet.kind, pet.nickname, pet.owner.name, pet.weight, pet.scores) == (
            "pet",
            None,
            "Ann",
            "heavy",
            [1, None, 3],
        )
        client.default.put_pet("12", pet)
    assert seen[0].path == "/pets/12" and "mood" not in seen[0].args
    assert json.loads(seen[1].get_data()) == PET


def test_a_wrong_const_is_a_decode_error(sdk: Any, httpserver: HTTPServer) -> None:
    respond(httpserver, {**PET, "kind": "rock"})
    with (
        sdk.Client(base_url=httpserver.url_for("")) as client,
        pytest.raises(sdk.ResponseDecodeError),
    ):
        client.default.get_pet("1")


def test_webhooks_are_read_beside_the_operations(tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path, SPEC))
    validate_spec(spec)
    api = api_of(spec, Settings("p", "p", "1", "P"))
    assert not any(w.pointer.startswith("#/webhooks") for w in api.warnings)
    [hook] = api.webhooks
    function = webhook_functions(api.webhooks)[hook.pointer]
    assert (hook.name, hook.kind, hook.method, function) == (
        "newPet",
        "webhook",
        "POST",
        "parse_new_pet",
    )
    assert hook.payload is not None
    assert hook.payload.shape == TypeRef("model", ref="Pet")
    assert [op.operation_id for g in api.groups for op in g.operations] == [
        "getPet",
        "putPet",
    ]
