"""Constructs met in other vendors' specs (issue 13): each generates an SDK whose every
module imports (``sdk_from`` imports them all), that passes ``mypy --strict`` and whose
calls decode against a scripted server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import generate, mypy_strict, write_spec
from scripted_server import ScriptedServer, json_reply

from generator.load.spec import load_spec
from generator.load.spec_checks import validate_spec
from generator.model import text

# Blank lines in every description that becomes a docstring (tag, union, model,
# enum, info); a self-referring union; a union that deduplicates to one member; a
# oneOf of titled consts; titled inline variants; names that would shadow builtins;
# a free-form error object; a title ending in "API"; two servers.
CONSTRUCTS = """\
openapi: 3.1.0
info:
  title: Example API
  version: '1'
  description: "First paragraph.\\n\\nSecond, after a blank line.\\n\\n\\n"
servers:
  - {url: 'http://127.0.0.1:9', description: Production}
  - {url: '%(sandbox)s', description: Sandbox}
tags:
  - name: things
    description: "Things.\\n\\n\\nMore about things."
paths:
  /things:
    get:
      tags: [things]
      operationId: getThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '501':
          description: not implemented
          content:
            application/json:
              schema: {type: object, properties: {}}
components:
  schemas:
    Thing:
      description: "A thing.\\n\\nWith details."
      type: object
      properties:
        details: {$ref: '#/components/schemas/ErrorDetails'}
        single: {$ref: '#/components/schemas/Single'}
        level: {$ref: '#/components/schemas/Level'}
        choice: {$ref: '#/components/schemas/Choice'}
        failure: {$ref: '#/components/schemas/RuntimeError'}
    ErrorDetails:
      description: "Details, nested.\\n\\nAs deep as the server likes."
      oneOf:
        - type: object
          additionalProperties: {$ref: '#/components/schemas/ErrorDetails'}
        - $ref: '#/components/schemas/InnerErrors'
    InnerErrors:
      type: array
      items: {type: string}
    Single:
      description: "\\n\\nOne kind of string, really.\\n\\n"
      oneOf:
        - {type: string}
        - {type: string, format: email}
    Level:
      description: "How loud.\\n\\nOpen to new levels."
      oneOf:
        - {const: 0, title: Low}
        - {const: 1, title: Medium}
        - {const: 2, title: Very high}
    Choice:
      oneOf:
        - title: Cat choice
          type: object
          required: [meow]
          properties: {meow: {type: string}}
        - title: DogChoice
          type: object
          required: [bark]
          properties: {bark: {type: string}}
        - title: Bird
          type: object
          required: [tweet]
          properties: {tweet: {type: string}}
    Bird:
      type: object
      properties: {wings: {type: integer}}
    RuntimeError:
      type: object
      properties: {code: {type: integer}}
"""

# No component schemas at all: the models package is empty.
NO_MODELS = """\
openapi: 3.0.3
info: {title: Bare, version: '1'}
servers: [{url: 'http://127.0.0.1:9'}]
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, additionalProperties: {type: integer}}
"""

THING = {
    "details": {"outer": {"inner": ["deep"]}, "flat": ["x"]},
    "single": "a@b.c",
    "level": 7,
    "choice": {"bark": "woof"},
    "failure": {"code": 3},
}


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any, scripted: ScriptedServer) -> Any:
    return module_sdk_from(CONSTRUCTS % {"sandbox": scripted.url})


@pytest.mark.parametrize("indent", ["", " ", "    ", "\t"])
def test_docstring_of_text_with_blank_lines_ends_for_any_indent(indent: str) -> None:
    assert text.docstring("a\n\n\nb\n  \nc", indent) == f"a\n\n\n{indent}b\n\n{indent}c"


def test_a_union_that_refers_to_itself_imports_and_decodes_any_depth(
    sdk: Any, scripted: ScriptedServer
) -> None:
    scripted.route("GET", "/things", json_reply(THING))
    with sdk.Client(server="Sandbox") as client:
        thing = client.things.get_thing()
    assert thing.details == THING["details"]


def test_a_union_left_with_one_member_is_that_member(sdk: Any) -> None:
    assert sdk.models.Single is str


def test_a_oneof_of_titled_consts_is_an_open_enum_named_by_the_titles(
    sdk: Any, scripted: ScriptedServer
) -> None:
    level = sdk.models.Level
    assert [(m.name, m.value) for m in level] == [("LOW", 0), ("MEDIUM", 1), ("VERY_HIGH", 2)]
    scripted.route("GET", "/things", json_reply({**THING, "level": 2}), json_reply(THING))
    with sdk.Client(server=1) as client:
        assert client.things.get_thing().level is level.VERY_HIGH
        assert client.things.get_thing().level == 7  # unknown, kept


def test_inline_variants_are_named_by_their_titles(sdk: Any) -> None:
    assert {"CatChoice", "DogChoice"} <= set(sdk.models.__all__)
    # A title that a component schema's class would take leaves it to the component.
    assert {"Bird", "ChoiceOption3"} <= set(sdk.models.__all__)
    assert [name for name in sdk.models.__all__ if "Option" in name or "Bird2" in name] == [
        "ChoiceOption3"
    ]


def test_no_generated_name_shadows_a_builtin(sdk: Any, scripted: ScriptedServer) -> None:
    assert "RuntimeError" not in sdk.models.__all__
    assert sdk.models.RuntimeErrorModel.model_validate({"code": 1}).code == 1
    assert "NotImplementedError" not in sdk.__all__
    scripted.route("GET", "/things", json_reply({"why": "later"}, status=501))
    with sdk.Client(base_url=scripted.url, max_retries=0) as client:
        with pytest.raises(sdk.NotImplementedApiError) as raised:
            client.things.get_thing()
    assert raised.value.error == {"why": "later"}


def test_servers_are_listed_and_picked_by_description_url_or_index(
    sdk: Any, scripted: ScriptedServer
) -> None:
    assert sdk.SERVERS == (("http://127.0.0.1:9", "Production"), (scripted.url, "Sandbox"))
    scripted.route("GET", "/things", json_reply(THING))
    for choice in ("sandbox", scripted.url, 1):
        with sdk.Client(server=choice) as client:
            assert client.things.get_thing().single == "a@b.c"
    with pytest.raises(ValueError, match="'Production', 'Sandbox'"):
        sdk.Client(server="staging")


def test_a_title_ending_in_api_is_not_doubled(sdk: Any) -> None:
    root = Path(sdk.__file__).parent.parent
    assert "Example API API" not in (root / "README.md").read_text()
    assert "Example API API" not in (root / "pyproject.toml").read_text()
    assert "client of the Example API for" in (sdk.Client.__doc__ or "")
    assert "Sandbox" in (root / "README.md").read_text()


def test_generated_sdks_pass_mypy_strict(sdk: Any, tmp_path: Path) -> None:
    bare = generate(write_spec(tmp_path, NO_MODELS), tmp_path / "bare", "bare_sdk")
    constructs = Path(sdk.__file__).parent
    done = mypy_strict(constructs, bare / "bare_sdk")
    assert done.returncode == 0, done.stdout[-3000:]


def test_an_sdk_without_models_imports_and_calls(sdk_from: Any, server: ScriptedServer) -> None:
    bare = sdk_from(NO_MODELS)
    assert bare.models.__all__ == []
    server.route("GET", "/ping", json_reply({"a": 1}))
    with bare.Client(base_url=server.url) as client:
        assert client.default.ping() == {"a": 1}


POLYMORPHIC_CYCLE = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {meow: {type: string}}}
    Dog: {type: object, properties: {bark: {type: string}}}
"""


def test_validating_a_schema_that_reaches_itself_through_allof_ends(tmp_path: Path) -> None:
    # openapi-spec-validator's property walk followed Cat -> Pet -> Cat ... for minutes.
    validate_spec(load_spec(write_spec(tmp_path, POLYMORPHIC_CYCLE)))


LEFT_OUT = """\
openapi: 3.1.0
info: {title: Hooks, version: '1'}
servers: [{url: 'http://127.0.0.1:9'}]
webhooks:
  ping:
    post:
      responses:
        '200': {description: ok}
paths:
  /subscribe:
    post:
      operationId: subscribe
      callbacks:
        done:
          '{$request.body#/url}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '204': {description: ok}
components:
  securitySchemes:
    mutual: {type: mutualTLS}
"""


def _run_generate(tmp_path: Path, spec: str, *extra: str) -> list[str]:
    path = write_spec(tmp_path, spec)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(path), "--output",
         str(tmp_path / "out"), "--package", "left_out", *extra],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()


def test_generate_ends_with_what_was_not_generated_by_json_pointer(tmp_path: Path) -> None:
    lines = _run_generate(tmp_path, LEFT_OUT, "--quiet")
    (start,) = [i for i, line in enumerate(lines) if line.startswith("summary: ")]
    assert lines[start].endswith("; 1 part(s) of the spec not generated:")
    # Callbacks and webhooks are generated (the webhooks module), so only the
    # security scheme is left out.
    assert [line.split(":")[0].strip() for line in lines[start + 1 :]] == [
        "#/components/securitySchemes/mutual",
    ]


def test_timings_name_every_stage(tmp_path: Path) -> None:
    lines = _run_generate(tmp_path, NO_MODELS, "--quiet", "--timings")
    stages = [line.split(" s  ", 1)[1] for line in lines[lines.index("timings:") + 1 :]]
    for stage in ("loading the spec", "building the model", "writing the docs content",
                  "comparing with the last release", "rendering the Python SDK",
                  "formatting", "writing the changelog", "staging",
                  "waiting for validation", "writing", "in all"):
        assert stage in stages


def test_building_pauses_the_cycle_collector_and_turns_it_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from generator import build as build_module

    seen: list[bool] = []
    original = build_module.parse

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(build_module, "parse", spy)
    generate(write_spec(tmp_path, NO_MODELS), tmp_path / "out", "gc_sdk")
    assert seen == [False] and gc.isenabled()
