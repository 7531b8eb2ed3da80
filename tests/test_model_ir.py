"""The language-neutral model: types as ``TypeRef`` trees, limits as ``Limits``, wire
names with their words, and ``python -m generator ir`` printing it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from conftest import ROOT, write_spec

from generator.load.spec import load_spec
from generator.model import ir as model
from generator.model.dump import neutral
from generator.model.ir import Api, Limits, Model, TypeRef
from generator.model.parse import Settings, parse
from generator.model.types import class_of, plain, typed

SPEC = """\
openapi: 3.0.3
info: {title: Zoo, version: '1'}
paths:
  /pets/{petId}/photo:
    get:
      operationId: getPetPhoto
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string, maxLength: 36}}
        - name: sizes
          in: query
          schema: {type: array, maxItems: 3, items: {type: integer, minimum: 1}}
      responses:
        '200':
          description: The photo
          content:
            image/png:
              schema: {type: string, format: binary}
  /pets:
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string, format: uuid}
        name: {type: string, minLength: 1, maxLength: 40, pattern: '^[a-z]+$'}
        bornAt: {type: string, format: date-time}
        weight: {type: number, maximum: 100, exclusiveMaximum: true}
        photo: {type: string, format: binary}
        tags: {type: array, uniqueItems: true, items: {type: string, nullable: true}}
        friends: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        moods: {type: object, additionalProperties: {$ref: '#/components/schemas/Mood'}}
        nickname: {type: string, nullable: true}
        tame: {type: boolean, enum: [true]}
        extra: {}
        animal: {$ref: '#/components/schemas/Animal'}
    Mood: {type: integer, enum: [1, 2]}
    Animal:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Cat:
      type: object
      properties: {kind: {type: string}, purrs: {type: boolean}}
    Dog:
      type: object
      properties: {kind: {type: string}, barks: {type: boolean}}
"""

PET = TypeRef("model", ref="Pet")


def build_model(tmp_path: Path) -> Api:
    spec = load_spec(write_spec(tmp_path, SPEC))
    return parse(spec, Settings("zoo", "zoo", "1.0.0", "ZOO"))


def pet(api: Api) -> Model:
    return next(m for m in api.models if m.name == "Pet")


def test_every_kind_of_type_has_its_shape(tmp_path: Path) -> None:
    shapes = {p.wire_name: p.type.shape for p in pet(build_model(tmp_path)).properties}
    assert shapes == {
        "id": TypeRef("string", "uuid"),
        "name": TypeRef("string"),
        "bornAt": TypeRef("datetime", "date-time"),
        "weight": TypeRef("number"),
        "photo": TypeRef("binary", "binary"),
        "tags": TypeRef("array", items=TypeRef("string", nullable=True)),
        "friends": TypeRef("array", items=TypeRef("model", ref="Pet")),
        "moods": TypeRef("map", values=TypeRef("enum", ref="Mood")),
        "nickname": TypeRef("string"),
        "tame": TypeRef("literal", literals=(True,)),
        "extra": TypeRef("any"),
        "animal": TypeRef("union", ref="Animal", discriminator="kind"),
    }


def test_a_property_own_nullability_is_on_the_property(tmp_path: Path) -> None:
    props = {p.wire_name: p for p in pet(build_model(tmp_path)).properties}
    assert props["nickname"].nullable and not props["name"].nullable


def test_limits_are_data_on_properties_and_parameters(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    props = {p.wire_name: p for p in pet(api).properties}
    assert props["name"].limits == Limits(type="string", min_length=1, max_length=40, pattern="^[a-z]+$")
    # 3.0's boolean exclusiveMaximum is given as 3.1 writes it.
    assert props["weight"].limits == Limits(type="number", exclusive_maximum=100)
    assert props["tags"].limits == Limits(type="array", unique_items=True, items=Limits(type="string"))
    # The schema's own type keyword, format and allowed values, for a target's checks.
    assert props["id"].limits == Limits(type="string", format="uuid")
    assert props["tame"].limits == Limits(type="boolean", values=(True,))
    assert props["extra"].limits == Limits()
    get_photo = next(o for g in api.groups for o in g.operations if o.operation_id == "getPetPhoto")
    params = {p.wire_name: p for p in get_photo.parameters}
    assert params["petId"].limits == Limits(type="string", max_length=36)
    assert params["sizes"].limits == Limits(type="array", max_items=3, items=Limits(type="integer", minimum=1))
    assert params["sizes"].type.shape == TypeRef("array", items=TypeRef("integer"))


def test_bodies_and_responses_have_shapes(tmp_path: Path) -> None:
    operations = {o.operation_id: o for g in build_model(tmp_path).groups for o in g.operations}
    photo = operations["getPetPhoto"].responses[0].type
    assert photo is not None and photo.shape.kind == "binary"
    create = operations["createPet"]
    assert create.body is not None and create.body.type.shape == TypeRef("model", ref="Pet")
    assert create.success_type.shape == TypeRef("model", ref="Pet")


def test_wire_names_carry_a_neutral_word_split(tmp_path: Path) -> None:
    api = build_model(tmp_path)
    operations = {o.operation_id: o for g in api.groups for o in g.operations}
    assert operations["getPetPhoto"].words == ("get", "pet", "photo")
    assert operations["getPetPhoto"].parameters[0].words == ("pet", "id")
    props = {p.wire_name: p for p in pet(api).properties}
    assert props["bornAt"].words == ("born", "at")
    assert (pet(api).wire_name, pet(api).words) == ("Pet", ("pet",))
    (animal,) = api.unions
    assert (animal.wire_name, animal.words) == ("Animal", ("animal",))


def test_enum_members_keep_their_wire_value(tmp_path: Path) -> None:
    (mood,) = build_model(tmp_path).enums
    assert (mood.wire_name, mood.words) == ("Mood", ("mood",))
    assert [m.wire_value for m in mood.members] == [1, 2]


def keys(data: Any) -> set[str]:
    """Every key of every object in ``data``, however deep."""
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys(v)}
    return set()


def test_ir_command_prints_the_neutral_model_the_same_every_run(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC)
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "generator", "ir", str(spec), "--package", "zoo"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0])
    model = next(m for m in data["models"] if m["name"] == "Pet")
    props = {p["wire_name"]: p for p in model["properties"]}
    assert props["friends"]["type"]["shape"] == {
        "kind": "array",
        "items": {"kind": "model", "ref": "Pet"},
    }
    assert props["moods"]["type"]["shape"] == {
        "kind": "map",
        "values": {"kind": "enum", "ref": "Mood"},
    }
    assert props["name"]["limits"] == {"type": "string", "min_length": 1, "max_length": 40, "pattern": "^[a-z]+$"}
    assert props["bornAt"]["words"] == ["born", "at"]
    # Python code, Python names and markdown are the targets', not the model's.
    found = keys(data)
    assert not found & {"annotation", "declaration", "docstring", "py_name", "rule", "module"}
    assert not any(key.startswith("docs") for key in found)


def test_the_model_holds_no_markdown() -> None:
    """The docs stage keeps its markdown (``ClassDocs``, ``GroupDocs``,
    ``OperationDocs``): no model class has a field waiting for it."""
    classes = (
        model.Model,
        model.Property,
        model.Enum,
        model.Union,
        model.UnionVariant,
        model.Parameter,
        model.RequestBody,
        model.Response,
        model.Operation,
        model.ApiGroup,
    )
    found = [f"{c.__name__}.{f.name}" for c in classes for f in fields(c) if f.name.startswith("docs_")]
    assert found == []


def test_a_type_is_its_shape_and_the_classes_it_names() -> None:
    """No language's spelling of a type is in the model: each target prints the shape."""
    assert {f.name for f in fields(model.TypeInfo)} == {"shape", "refs", "is_binary"}
    mood = TypeRef("enum", ref="Mood")
    info = typed(TypeRef("array", items=TypeRef("union", variants=(PET, mood, PET))))
    assert info.refs == ("Pet", "Mood")


def test_types_apart_only_in_their_format_are_one_type() -> None:
    assert plain(TypeRef("array", items=TypeRef("integer", "int32"))) == plain(
        TypeRef("array", items=TypeRef("integer", "int64"))
    )
    assert plain(TypeRef("string", "uuid")) != plain(TypeRef("integer"))
    assert class_of(PET) == "Pet"
    assert class_of(TypeRef("model", ref="Pet", nullable=True)) == ""
    assert class_of(TypeRef("array", items=PET)) == ""


# Names of fields that hold Python: identifiers, annotations, code, docstrings, the
# Python package's layout. None belongs in the language-neutral model.
PYTHON_ONLY = frozenset(
    {
        "annotation",
        "attr_name",
        "base_class",
        "bodies_code",
        "body_type",
        "class_name",
        "code",
        "constant",
        "credential_classes",
        "credential_params",
        "declaration",
        "decoder",
        "default",
        "discriminator_py",
        "display",
        "docstring",
        "encoding_code",
        "error_names",
        "example",
        "factory",
        "function",
        "imports",
        "literal",
        "model_index",
        "model_modules",
        "module",
        "package_exports",
        "param_rules",
        "params",
        "params_by_location",
        "package",
        "project_name",
        "py_name",
        "query_delimiters",
        "runtime_names",
        "signature",
        "success_decoder",
        "tag_field",
        "uses_file_content",
        "uses_rules",
        "value_code",
    }
)
# What the readers still fill of Python until the Python target computes it (issue
# 14): the list may only shrink, and is empty.
STILL_PYTHON: frozenset[str] = frozenset()
# The docs stage's markdown, attached to the model once it is finished.
DOCS = (
    model.ApiDocs,
    model.ClassDocs,
    model.GroupDocs,
    model.IndexEntry,
    model.OperationDocs,
    model.SchemeDocs,
    model.WebhookDocs,
)


def model_classes() -> list[type]:
    return [
        c
        for c in vars(model).values()
        if isinstance(c, type) and is_dataclass(c) and c.__module__ == model.__name__ and c not in DOCS
    ]


def test_no_model_class_has_a_python_only_field() -> None:
    """No new Python field enters the model, and one the Python target takes over
    leaves this list."""
    found = {f"{c.__name__}.{f.name}" for c in model_classes() for f in fields(c) if f.name in PYTHON_ONLY}
    assert sorted(found - STILL_PYTHON) == []
    assert sorted(STILL_PYTHON - found) == []


def test_ir_prints_every_neutral_field_and_no_python_one(tmp_path: Path) -> None:
    """``python -m generator ir`` is the whole neutral model: each class's fields but
    the Python ones (and the docs' markdown)."""
    data = neutral(build_model(tmp_path))
    operation = data["groups"][0]["operations"][0]
    expected = {f.name for f in fields(model.Operation)} - PYTHON_ONLY - {"docs"}
    assert set(operation) == expected
    prop = next(p for p in data["models"] if p["name"] == "Pet")["properties"][0]
    assert set(prop) == {f.name for f in fields(model.Property)} - PYTHON_ONLY
    printed = keys(data)
    assert not printed & PYTHON_ONLY
