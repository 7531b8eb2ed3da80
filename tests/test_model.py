"""The intermediate model built from small inline specs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, write_spec

from generator.build import api_of
from generator.load.spec import load_spec
from generator.model.ir import Api, TypeRef
from generator.model.names import field_names, member_names
from generator.model.parse import Settings
from generator.targets.python.classes import model_code
from generator.targets.python.naming import (
    Credentials,
    GroupNaming,
    group_names,
    operation_methods,
    parameter_names,
    scheme_credentials,
)
from generator.targets.python.operations import parameter_annotation

SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: '2.1'}
servers: [{url: 'https://api.example.com/v1/'}]
security: [{basic: []}]
tags: [{name: Pets, description: Pet things}]
paths:
  /owners/{ownerId}/pets:
    servers: [{url: 'https://pets.example.com'}]
    parameters:
      - {name: ownerId, in: path, required: true, schema: {type: string}}
    get:
      operationId: listPets
      tags: [Pets]
      parameters:
        - {name: page-size, in: query, schema: {type: integer, default: 10}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: class, in: query, schema: {$ref: '#/components/schemas/Kind'}}
      responses:
        '200':
          description: OK
          headers:
            Retry-After: {schema: {type: integer}}
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        '404':
          description: Missing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    post:
      operationId: createPet
      tags: [Pets]
      deprecated: true
      servers: [{url: 'https://write.example.com'}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '201': {description: Created}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Kind: {type: string, enum: [cat, dog, 3-legged]}
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
    Pet:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [from]
          properties:
            from: {type: string, nullable: true, description: Where it came from}
            kind: {$ref: '#/components/schemas/Kind'}
            animal: {$ref: '#/components/schemas/Animal'}
    Cat:
      type: object
      properties: {kind: {type: string}, purrs: {type: boolean}}
    Dog:
      type: object
      properties: {kind: {type: string}, barks: {type: boolean}}
    Animal:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
    Problem:
      type: object
      properties: {detail: {type: string}}
"""


def build_model(tmp_path: Path, text: str = SPEC) -> Api:
    spec = load_spec(write_spec(tmp_path, text))
    return api_of(spec, Settings("pets", "pets", "1.0.0", "PETS"))


def test_api_info_servers_and_security(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    assert (api.title, api.version) == ("Pets", "2.1")
    assert api.servers[0].url == "https://api.example.com/v1"
    assert [(s.key, s.kind) for s in api.security_schemes] == [("basic", "basic")]
    assert scheme_credentials(api.security_schemes, api.env_prefix) == {
        "basic": Credentials(("username", "password"), ("PETS_USERNAME", "PETS_PASSWORD"))
    }


def test_operations_are_grouped_by_tag_with_python_names(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    (group,) = api.groups
    assert (group.name, group.description) == ("PetsApi", "Pet things")
    assert group_names(api.groups) == {"Pets": GroupNaming("pets", "pets")}
    list_pets, create_pet = group.operations
    methods = operation_methods(api.groups)
    assert (methods[list_pets.pointer], list_pets.method, list_pets.path) == ("list_pets", "GET", "/owners/{ownerId}/pets")
    assert create_pet.deprecated and not list_pets.deprecated
    assert list_pets.security == (("basic",),)


def test_path_and_operation_servers_override_the_root(tmp_path: Path) -> None:
    list_pets, create_pet = build_model(tmp_path).groups[0].operations
    assert list_pets.server_url == "https://pets.example.com"
    assert create_pet.server_url == "https://write.example.com"


def test_parameters_keep_wire_names_beside_python_names(tmp_path: Path) -> None:
    op = build_model(tmp_path).groups[0].operations[0]
    params, names = op.parameters, parameter_names(op)
    found = {(p.location, p.wire_name): (names[p.location, p.wire_name], p.required) for p in params}
    assert found == {
        ("path", "ownerId"): ("owner_id", True),
        ("query", "page-size"): ("page_size", False),
        ("header", "X-Trace"): ("x_trace", False),
        ("query", "class"): ("class_", False),
    }
    page_size = next(p for p in params if p.wire_name == "page-size")
    assert page_size.default_json == "10" and page_size.type.shape.kind == "integer"
    kind = next(p for p in params if p.wire_name == "class")
    assert kind.type.shape == TypeRef("enum", ref="Kind")


def test_an_enum_parameter_also_takes_the_values_in_python(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    kind = next(p for p in api.groups[0].operations[0].parameters if p.wire_name == "class")
    enums = {e.name: e for e in api.enums}
    assert parameter_annotation(kind, enums) == 'Kind | Literal["cat", "dog", "3-legged"] | None'


def test_responses_keep_status_schema_and_headers(tmp_path: Path) -> None:
    list_pets = build_model(tmp_path).groups[0].operations[0]
    ok, missing = list_pets.responses
    assert ok.status_code == 200 and ok.type is not None
    assert ok.type.shape == TypeRef("array", items=TypeRef("model", ref="Pet"))
    assert [h.wire_name for h in ok.headers] == ["Retry-After"]
    assert missing.error_class == "NotFoundError" and missing.type is not None
    assert missing.type.shape == TypeRef("model", ref="Problem")


def test_all_of_is_merged_into_one_model(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    pet = next(m for m in api.models if m.name == "Pet")
    props = {p.wire_name: p for p in pet.properties}
    assert list(props) == ["id", "from", "kind", "animal"]
    assert props["id"].required and props["from"].required and not props["kind"].required
    assert field_names(pet.properties)["from"] == "from_" and props["from"].nullable
    fields = dict(zip(props, model_code(pet, {e.name: e for e in api.enums}).fields, strict=True))
    assert fields["from"].declaration == (
        'from_: str | None = Field(validation_alias="from", serialization_alias="from")'
    )
    assert props["from"].description == "Where it came from"


def test_one_of_with_discriminator_becomes_a_tagged_union(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    (animal,) = api.unions
    assert animal.discriminator == "kind"
    assert [(v.type.shape.ref, v.tag) for v in animal.variants] == [("Cat", "cat"), ("Dog", "dog")]


def test_enums_get_member_names_for_any_value(tmp_path: Path) -> None:
    (kind,) = build_model(tmp_path).enums
    names = member_names(kind.members)
    assert [(names[m.value], m.value) for m in kind.members] == [("CAT", "cat"), ("DOG", "dog"), ("V_3_LEGGED", "3-legged")]


def test_ir_command_prints_the_model_as_json(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "ir", str(spec), "--package", "pets"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["groups"][0]["operations"][0]["operation_id"] == "listPets"
    assert {m["name"] for m in data["models"]} >= {"Pet", "Cat", "Dog", "Problem"}


CALLBACK_ONLY_SCHEME = """
openapi: 3.0.3
info: {title: Hooks, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{basic: []}]
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    hookKey: {type: apiKey, in: header, name: X-Hook-Key}
    unused: {type: http, scheme: bearer}
paths:
  /subscriptions:
    post:
      operationId: subscribe
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {url: {type: string}}}
      responses:
        '201': {description: subscribed}
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              security: [{hookKey: []}]
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {kind: {type: string}}}
              responses:
                '200': {description: received}
"""


def test_the_client_takes_credentials_only_for_schemes_its_operations_require(
    tmp_path: Path,
) -> None:
    """A scheme only a callback uses (the server's key to the user's receiver) or none
    uses would be a client argument that sends nothing."""
    api = build_model(tmp_path, CALLBACK_ONLY_SCHEME)
    assert [s.key for s in api.security_schemes] == ["basic"]


def test_ir_command_prints_the_findings_with_their_files(tmp_path: Path) -> None:
    """A warning's file is printed as the user names it (it failed as a Path)."""
    write_spec(
        tmp_path,
        SPEC.replace(
            "  securitySchemes:\n",
            "  securitySchemes:\n"
            "    oidc: {type: openIdConnect, openIdConnectUrl: 'https://x.test'}\n",
            1,
        ),
    )
    done = subprocess.run(
        [sys.executable, "-m", "generator", "ir", "spec.yaml", "--package", "pets"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    files = {w["file"] for w in json.loads(done.stdout)["warnings"]}
    assert files == {"spec.yaml"}
