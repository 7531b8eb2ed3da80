"""Formatting: black by default, ruff as a setting, and code emitted close to black's style."""

from __future__ import annotations

import ast
from pathlib import Path

import black
import pytest
from conftest import make_config, write_spec

from generator.build import build
from generator.formatter import formatter_id
from generator.literals import from_import, literal, wrap_call
from generator.write import Manifest, write_output

SPEC = """\
    openapi: 3.0.3
    info: {title: Tiny, version: 1.0.0}
    servers: [{url: "https://api.example.com"}]
    paths:
      /things/{thingId}:
        get:
          operationId: getThing
          parameters:
            - {name: thingId, in: path, required: true, schema: {type: string}}
          responses:
            "200":
              description: The thing.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Thing"}
    components:
      schemas:
        Thing:
          type: object
          properties:
            displayName: {type: string, description: 'Says "hi" and it''s fine'}
            status: {type: string, enum: [on, "off'\\"quoted"]}
"""
BLACK = black.Mode(target_versions={black.mode.TargetVersion.PY311})


def _generate(tmp_path: Path, formatter: str) -> tuple[Path, list[str]]:
    spec = write_spec(tmp_path, SPEC)
    out = tmp_path / "out"
    result = build(make_config(spec, out, "tiny", formatter=formatter))
    write_output(out, result.files, Manifest.read(out))
    return out, result.formatted


def test_ruff_formatter_writes_valid_python_and_records_itself(tmp_path: Path) -> None:
    out, formatted = _generate(tmp_path, "ruff")
    python = sorted(p for p in out.rglob("*.py"))
    assert formatted and len(formatted) == len(python)
    for path in python:
        ast.parse(path.read_text(encoding="utf-8"))
    assert Manifest.read(out).formatter == formatter_id("ruff")


def test_changing_the_formatter_formats_every_file_again(tmp_path: Path) -> None:
    out, _ = _generate(tmp_path, "ruff")
    again, formatted = _generate(tmp_path, "black")
    assert again == out
    assert len(formatted) == len(list(out.rglob("*.py")))
    assert Manifest.read(out).formatter == formatter_id("black")
    _, unchanged = _generate(tmp_path, "black")
    assert unchanged == []


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "it's",
        'say "hi"',
        "both ' and \"",
        "back\\slash",
        "tab\tnew\nline",
        "é\x00",
    ],
)
def test_string_literals_are_the_ones_black_writes(value: str) -> None:
    code = f"x = {literal(value)}\n"
    assert ast.literal_eval(literal(value)) == value
    assert black.format_str(code, mode=BLACK) == code


def test_long_declarations_and_imports_are_split_as_black_splits_them() -> None:
    field = 'message_status: MessageStatusEnum | None = Field(default=None, alias="messageStatus")'
    code = f"class A:\n    {wrap_call(field, 4)}\n"
    assert black.format_str(code, mode=BLACK) == code
    long_import = from_import(
        ".multi_channel_channel_list_rbm_object_content", ["MultiChannelContent"] * 3
    )
    assert black.format_str(long_import + "\n", mode=BLACK) == long_import + "\n"
