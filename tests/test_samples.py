"""Example values are data in the model (``Sample`` trees: JSON values, enum members,
models, repetitions) that the Python target prints as the code the docs' calls show."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_spec

from generator.load.spec import load_spec
from generator.model.dump import neutral
from generator.model.ir import Api, Sample
from generator.model.parse import Settings, parse
from generator.targets.python.exports import group_views
from generator.targets.python.samples import PLACEHOLDER, SampleCode

SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders/{code}:
    post:
      operationId: placeOrder
      parameters:
        - {name: code, in: path, required: true, schema: {type: string, minLength: 2000000000}}
        - {name: colour, in: query, schema: {$ref: '#/components/schemas/Colour'}}
        - {name: at, in: query, schema: {type: string, format: date-time}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '204': {description: done}
components:
  schemas:
    Colour: {type: string, enum: [red, green]}
    Order:
      type: object
      required: [lines, note, colour]
      properties:
        lines: {type: array, minItems: 20, items: {type: integer}}
        note: {type: string, minLength: 100}
        colour: {$ref: '#/components/schemas/Colour'}
"""

RED = Sample("enum", "red", ref="Colour")


def _api(tmp_path: Path) -> Api:
    return parse(load_spec(write_spec(tmp_path, SPEC)), Settings("shop", "shop", "1.0.0", "SHOP"))


def test_the_model_holds_example_values_as_neutral_samples(tmp_path: Path) -> None:
    (op,) = _api(tmp_path).groups[0].operations
    samples = {p.wire_name: p.sample for p in op.parameters}
    assert samples == {
        "code": None,  # no small value has 2,000,000,000 characters
        "colour": RED,
        "at": Sample("datetime", "2024-01-01T12:00:00Z"),
    }
    assert op.body is not None
    assert op.body.sample == Sample(
        "model",
        ref="Order",
        fields=(
            ("lines", Sample("repeat", items=(Sample("json", 1),), times=20)),
            ("note", Sample("padded", "example", times=93)),
            ("colour", RED),
        ),
    )
    # Plain JSON for ``python -m generator ir``, with no Python code in it.
    printed = json.dumps(neutral(op.body.sample))
    assert "models." not in printed and "*" not in printed


def test_the_python_target_prints_samples_as_code(tmp_path: Path) -> None:
    api = _api(tmp_path)
    (op,) = api.groups[0].operations
    code = SampleCode(api)
    assert [code.code(p.sample) for p in op.parameters] == [
        PLACEHOLDER,
        "models.Colour.RED",
        "datetime.fromisoformat('2024-01-01T12:00:00Z')",
    ]
    assert op.body is not None
    assert code.code(op.body.sample) == (
        "models.Order(lines=[1] * 20, note='example' + 'x' * 93, colour=models.Colour.RED)"
    )
    assert code.code(Sample("binary", "example file content")) == 'b"example file content"'
    assert code.code(Sample("map", fields=(("k", Sample("json", [1, None])),))) == "{'k': [1, None]}"


def test_templates_read_the_printed_code_as_example(tmp_path: Path) -> None:
    api = _api(tmp_path)
    (group,) = group_views(api.groups, SampleCode(api))
    (op,) = group.operations
    assert [p.example for p in op.parameters][1] == "models.Colour.RED"
    assert op.body.example.startswith("models.Order(lines=[1] * 20,")
