"""The docs' examples fill every required value with one the schema accepts.

A spec without a single example is generated, and its operation's example runs against
a local server that checks what arrives against the spec: the path against its
pattern, the query against its bounds, the JSON body against its schema (formats
included). A second spec shows that the spec's own examples win, and that a required
property an example leaves out is filled in.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import black
import jsonschema
from conftest import generate, write_spec
from markdown_it import MarkdownIt
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

_SCHEMAS: dict[str, Any] = {
    "Widget": {
        "type": "object",
        "required": [
            "id",
            "created",
            "contact",
            "kind",
            "code",
            "name",
            "short",
            "count",
            "ratio",
            "tags",
            "owner",
            "shape",
            "day",
        ],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "created": {"type": "string", "format": "date-time"},
            "day": {"type": "string", "format": "date"},
            "contact": {"type": "string", "format": "email"},
            "kind": {"$ref": "#/components/schemas/Kind"},
            "code": {"type": "string", "pattern": "^[A-Z]{2}\\d{3}$"},
            "name": {"type": "string", "minLength": 12},
            "short": {"type": "string", "maxLength": 3},
            "count": {"type": "integer", "minimum": 7, "maximum": 9},
            "ratio": {
                "type": "number",
                "minimum": 0,
                "exclusiveMinimum": True,
                "maximum": 1,
            },
            "tags": {
                "type": "array",
                "minItems": 2,
                "items": {"type": "string", "minLength": 2},
            },
            "owner": {"$ref": "#/components/schemas/Owner"},
            "shape": {"$ref": "#/components/schemas/Shape"},
            "note": {"type": "string"},
        },
    },
    "Kind": {"type": "string", "enum": ["big", "small"]},
    # Required beside the allOf that declares the property.
    "Owner": {
        "allOf": [
            {
                "type": "object",
                "properties": {"handle": {"type": "string", "pattern": "^@[a-z]+$"}},
            },
            {"type": "object", "properties": {"nick": {"type": "string"}}},
        ],
        "required": ["handle"],
    },
    "Shape": {
        "oneOf": [
            {"$ref": "#/components/schemas/Circle"},
            {"$ref": "#/components/schemas/Square"},
        ],
        "discriminator": {"propertyName": "form"},
    },
    "Circle": {
        "type": "object",
        "required": ["form", "radius"],
        "properties": {
            "form": {"type": "string", "enum": ["Circle"]},
            "radius": {"type": "integer", "minimum": 1},
        },
    },
    "Square": {
        "type": "object",
        "required": ["form", "side"],
        "properties": {
            "form": {"type": "string", "enum": ["Square"]},
            "side": {"type": "integer"},
        },
    },
}


def _spec(body_example: Any = None, code_example: Any = None) -> dict[str, Any]:
    schemas = json.loads(json.dumps(_SCHEMAS))
    if code_example is not None:
        schemas["Widget"]["properties"]["code"]["example"] = code_example
    media: dict[str, Any] = {"schema": {"$ref": "#/components/schemas/Widget"}}
    if body_example is not None:
        media["example"] = body_example
    return {
        "openapi": "3.0.3",
        "info": {"title": "Widgets", "version": "1"},
        "servers": [{"url": "https://widgets.example.com"}],
        "security": [{"Basic": []}],
        "paths": {
            "/widgets/{ref}": {
                "post": {
                    "operationId": "putWidget",
                    "tags": ["Widgets"],
                    "parameters": [
                        {
                            "name": "ref",
                            "in": "path",
                            "required": True,
                            "schema": {
                                "type": "string",
                                "pattern": "^[a-z]{3}-\\d{4}$",
                            },
                        },
                        {
                            "name": "size",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 5, "maximum": 10},
                        },
                        {
                            "name": "mode",
                            "in": "header",
                            "required": True,
                            "schema": {"$ref": "#/components/schemas/Kind"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": media},
                    },
                    "responses": {"204": {"description": "Stored"}},
                }
            }
        },
        "components": {
            "securitySchemes": {"Basic": {"type": "http", "scheme": "basic"}},
            "schemas": schemas,
        },
    }


def _example(out: Path) -> str:
    tokens = MarkdownIt("commonmark").parse(
        (out / "docs" / "WidgetsApi.md").read_text()
    )
    return next(t.content for t in tokens if t.type == "fence" and t.info == "python")


def _run_against(
    httpserver: HTTPServer, out: Path, package: str
) -> list[dict[str, Any]]:
    """Run the docs' example against ``httpserver``; return what the server received."""
    received: list[dict[str, Any]] = []

    def handler(request: Request) -> Response:
        received.append(
            {
                "path": request.path,
                "query": dict(request.args),
                "mode": request.headers.get("mode"),
                "body": request.get_json(),
            }
        )
        return Response(status=204)

    httpserver.expect_request(
        re.compile("/widgets/.*"), method="POST"
    ).respond_with_handler(handler)
    prefix = package.upper()
    env = {
        **os.environ,
        "PYTHONPATH": str(out),
        f"{prefix}_BASE_URL": httpserver.url_for(""),
        f"{prefix}_USERNAME": "user",
        f"{prefix}_PASSWORD": "secret",
    }
    example = _example(out)
    assert black.format_str(example, mode=black.Mode()) == example
    done = subprocess.run(
        [sys.executable, "-c", example],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return received


def _validate(body: Any) -> None:
    schema = {
        "$ref": "#/components/schemas/Widget",
        "components": {"schemas": _SCHEMAS},
    }
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    jsonschema.Draft4Validator(schema, format_checker=checker).validate(body)


def test_synthesised_example_values_satisfy_formats_enums_patterns_lengths_and_bounds(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    out = generate(
        write_spec(tmp_path, json.dumps(_spec()), "spec.json"),
        tmp_path / "out",
        "widgets_sdk",
    )
    (request,) = _run_against(httpserver, out, "widgets_sdk")
    assert re.fullmatch(r"/widgets/[a-z]{3}-\d{4}", request["path"])
    assert 5 <= int(request["query"]["size"]) <= 10
    assert request["mode"] in ("big", "small")
    _validate(request["body"])
    assert "note" not in request["body"]


def test_spec_examples_are_used_and_completed_with_the_required_values_they_lack(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    partial = {
        "name": "a widget from the spec",
        "owner": {},
        "shape": {"form": "Square", "side": 4},
    }
    spec = _spec(body_example=partial, code_example="QX042")
    out = generate(
        write_spec(tmp_path, json.dumps(spec), "spec.json"),
        tmp_path / "out",
        "widgets_sdk",
    )
    (request,) = _run_against(httpserver, out, "widgets_sdk")
    body = request["body"]
    _validate(body)
    assert body["name"] == "a widget from the spec"
    assert body["code"] == "QX042"
    assert body["shape"] == {"form": "Square", "side": 4}
