"""Synthetic OpenAPI 3.0 documents of any size, for the scaling benchmark.

``spec(n)`` has ``n`` operations in tags of ten, each tag a small CRUD-like
resource: a path parameter, query parameters (one an enum), a JSON request body
and response that are ``$ref``s to component schemas (with a nested object, an
array, an enum and a date-time), and a shared error response. Every generator
under test accepts it as is (no callbacks, no multipart), so the same file is
given to all of them.

usage: python benchmarks/synth.py N OUT.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

PER_TAG = 10


def spec(operations: int, *, version: str = "1.0.0") -> dict[str, Any]:
    """An OpenAPI document with exactly ``operations`` operations."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {"Error": _error_schema(), "Status": _status_enum()}
    tags = []
    for index in range(operations):
        tag_no, op_no = divmod(index, PER_TAG)
        tag = f"Resource{tag_no}"
        if op_no == 0:
            tags.append(
                {"name": tag, "description": f"Operations on resource {tag_no}."}
            )
        name = f"Thing{tag_no}x{op_no}"
        schemas[name] = _thing_schema(name)
        schemas[f"{name}Input"] = _input_schema(name)
        path = f"/resources{tag_no}/{{accountId}}/things{op_no}"
        method = ("get", "post", "put", "patch", "delete")[op_no % 5]
        paths.setdefault(path, {})[method] = _operation(tag, name, op_no, method)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"Synthetic API with {operations} operations",
            "version": version,
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"basic": []}],
        "tags": tags,
        "paths": paths,
        "components": {
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "The request failed.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    },
                }
            },
        },
    }


def _operation(tag: str, name: str, op_no: int, method: str) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": f"{method}{name}",
        "summary": f"{method.upper()} a {name}",
        "description": f"Does {method} on {name}; the reply is the {name} as stored.",
        "tags": [tag],
        "parameters": [
            {
                "name": "accountId",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
            },
            {
                "name": "limit",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "status",
                "in": "query",
                "schema": {"$ref": "#/components/schemas/Status"},
            },
        ],
        "responses": {
            "200": {
                "description": f"The {name}.",
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{name}"}
                    }
                },
            },
            "400": {"$ref": "#/components/responses/Error"},
            "404": {"$ref": "#/components/responses/Error"},
        },
    }
    if method in ("post", "put", "patch"):
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{name}Input"}
                }
            },
        }
    return op


def _thing_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"A {name} as the server stores it.",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string", "description": "Unique identifier."},
            "name": {"type": "string", "description": "Display name."},
            "status": {"$ref": "#/components/schemas/Status"},
            "createdAt": {"type": "string", "format": "date-time"},
            "count": {"type": "integer", "format": "int64"},
            "ratio": {"type": "number"},
            "labels": {"type": "array", "items": {"type": "string"}},
            "owner": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "email": {"type": "string"}},
            },
            "input": {"$ref": f"#/components/schemas/{name}Input"},
        },
    }


def _input_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"What a client sends to create or change a {name}.",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "maxLength": 100},
            "labels": {"type": "array", "items": {"type": "string"}},
            "enabled": {"type": "boolean", "default": True},
        },
    }


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "description"],
        "properties": {"type": {"type": "string"}, "description": {"type": "string"}},
    }


def _status_enum() -> dict[str, Any]:
    return {"type": "string", "enum": ["active", "paused", "deleted"]}


def write(operations: int, out: str, *, version: str = "1.0.0") -> None:
    """Write the document as JSON (every generator under test reads it)."""
    with open(out, "w", encoding="utf-8") as f:
        json.dump(spec(operations, version=version), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
