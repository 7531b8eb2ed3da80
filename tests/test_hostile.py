"""Spec text built to break out of where it lands: it stays data.

Every string of the spec below is an injection attempt that, if it ever ran, would set
the environment variable TRIPWIRE. The generated package must format, import (every
module) and call an operation without setting it; its docs must carry no live HTML;
and no name can lead a file outside the output folder.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import pkgutil
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import generate
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.errors import ConfigError
from generator.targets.python.render import safe_path

TRIP = 'import os; os.environ["TRIPWIRE"] = "1"'
PAYLOADS = [
    f'"""; {TRIP}; """',
    f"'''; {TRIP}; '''",
    f'\\"""; {TRIP}; #',
    f'"); {TRIP}; ("',
    f"'); {TRIP}; ('",
    f"\n{TRIP}\n",
    f"\\\n{TRIP}",
    f'{{{{ 7*7 }}}} {{% {TRIP} %}} {{{{ cycler.__init__.__globals__.os.environ.update(TRIPWIRE="1") }}}}',
    "</script><script>alert(1)</script><!--",
    "backslash at the end\\",
    "nul\x00byte and bell\x07",
    "lone surrogate \ud800 here",
    "bidi \u202e override \u2066",
    "crlf\r\nline\u2028separator",
    f"# {TRIP}",
    "${TRIPWIRE} `touch /tmp/tripwire` $(touch /tmp/tripwire)",
    "x" * 100_000,
]


def hostile_spec() -> dict[str, Any]:
    """Every payload in descriptions, defaults, examples, enum values, names and paths."""
    text = " | ".join(PAYLOADS[:16])
    props = {
        p or "empty": {"type": "string", "description": p, "default": p, "example": p}
        for p in PAYLOADS
    }
    schemas: dict[str, Any] = {
        f"S{i} {p}": {
            "type": "object",
            "description": p,
            "properties": {"v": {"type": "string"}},
        }
        for i, p in enumerate(PAYLOADS)
    }
    schemas["Thing"] = {"type": "object", "description": text, "properties": props}
    schemas["Choice"] = {"type": "string", "enum": PAYLOADS, "description": text}
    schemas["Pick"] = {
        "oneOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "string"}],
        "description": PAYLOADS[0],
    }
    params = [
        {
            "name": p,
            "in": "query",
            "description": p,
            "schema": {"type": "string", "default": p},
            "example": p,
        }
        for p in PAYLOADS
    ]
    paths = {
        f"/things/{{id}}/{i}{re.sub(r'[{}?#/]', '_', p[:300])}": {
            "get": {
                "operationId": f"op{i}{p}",
                "tags": [p or "empty"],
                "summary": p,
                "description": p,
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": p,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}
                            }
                        },
                    }
                },
            }
        }
        for i, p in enumerate(PAYLOADS)
    }
    paths["/call"] = {
        "post": {
            "operationId": "callMe",
            "tags": ["safe"],
            "parameters": params,
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Pick"},
                        "example": {"x": PAYLOADS[0]},
                    }
                }
            },
            "responses": {
                "200": {
                    "description": text,
                    "headers": {
                        p[:100] or "h": {"description": p, "schema": {"type": "string"}}
                        for p in PAYLOADS[:5]
                    },
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"}
                        }
                    },
                }
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": text, "version": PAYLOADS[0], "description": text},
        "servers": [
            {"url": "http://unused.invalid/" + PAYLOADS[8], "description": PAYLOADS[0]}
        ],
        "tags": [{"name": p or "empty", "description": p} for p in PAYLOADS],
        "security": [{f"basic{PAYLOADS[0]}": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                f"basic{PAYLOADS[0]}": {
                    "type": "http",
                    "scheme": "basic",
                    "description": PAYLOADS[1],
                }
            },
        },
    }


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("hostile")
    spec = folder / "hostile.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    target = generate(spec, folder / "out", "hostile_sdk")
    sys.path.insert(0, str(target))
    yield target
    sys.path.remove(str(target))


def test_no_spec_string_runs_at_import_or_call(
    out: Path, httpserver: HTTPServer
) -> None:
    os.environ.pop("TRIPWIRE", None)
    package = importlib.import_module("hostile_sdk")
    modules = [m.name for m in pkgutil.walk_packages(package.__path__, "hostile_sdk.")]
    assert len(modules) > 20
    for name in modules:
        importlib.import_module(name)
    for name in package.models.__all__:
        getattr(package.models, name)
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(
            json.dumps({PAYLOADS[16]: PAYLOADS[5]}),
            content_type="application/json",
        )

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    with package.Client(
        username="u", password="p", base_url=httpserver.url_for("")
    ) as client:
        thing = client.safe.call_me(body="plain")
    assert "TRIPWIRE" not in os.environ
    assert not Path("/tmp/tripwire").exists()
    assert thing.model_dump(by_alias=True)[PAYLOADS[16]] == PAYLOADS[5]
    assert json.loads(seen[0].get_data()) == "plain"


def test_spec_strings_reach_the_code_only_as_literals(out: Path) -> None:
    package = importlib.import_module("hostile_sdk")
    choice = package.models.Choice
    # A lone surrogate is no character: it is read as U+FFFD, everything else verbatim.
    assert [m.value for m in choice] == [
        p.replace("\ud800", "\ufffd") for p in PAYLOADS
    ]
    ops = importlib.import_module("hostile_sdk.api.safe")
    assert {p.replace("\ud800", "\ufffd") for p in PAYLOADS} <= set(_query_names(ops))


def _query_names(module: Any) -> list[str]:
    source = Path(module.__file__).read_text(encoding="utf-8")
    pattern = r"""^\s+((?:"(?:[^"\\]|\\.)*")|(?:'(?:[^'\\]|\\.)*')): \w+,$"""
    return [ast.literal_eval(m) for m in re.findall(pattern, source, re.M)]


def test_docs_carry_no_live_html(out: Path) -> None:
    for page in out.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in _outside_code_blocks(text).lower(), page
        assert "\x00" not in text and "\u202e" not in text


def _outside_code_blocks(markdown: str) -> str:
    """The markdown without fenced code blocks and code spans (where HTML is shown,
    not run)."""
    kept, fenced = [], False
    for line in markdown.split("\n"):
        if re.match(r"^ {0,3}```", line):
            fenced = not fenced
        elif not fenced:
            kept.append(re.sub(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", "", line))
    return "\n".join(kept)


def test_every_file_stays_inside_the_output_folder(out: Path) -> None:
    reserved = {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{i}" for i in range(10)),
        *(f"lpt{i}" for i in range(10)),
    }
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 40
    for path in files:
        assert path.resolve().is_relative_to(out.resolve())
        assert path.name.split(".")[0].lower() not in reserved
        assert len(path.name) < 100 and re.fullmatch(
            r"[A-Za-z0-9_.\-]+", path.name
        ), path.name


@pytest.mark.parametrize(
    "path",
    [
        "../x.py",
        "/etc/passwd",
        "a/../../b",
        "CON.md",
        "docs/aux.md",
        "a\\b",
        "c:x",
        "a\nb",
    ],
)
def test_an_unsafe_output_path_is_refused(path: str) -> None:
    with pytest.raises(ConfigError):
        safe_path(path)
