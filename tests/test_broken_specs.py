"""Broken specs: one clear error with file, line and JSON pointer, exit 2, the output
folder untouched; or, where the spec is only unusual, correct output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, generate, mypy_strict, write_spec
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.cli import main

HEAD = """\
openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'http://unused.invalid'}]
"""
THING = """\
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"""


def warned(err: str, pointer_and_message: str) -> bool:
    """Whether ``err`` has this warning, printed as every finding is:
    ``file:line: #/pointer: message``."""
    found = re.search(
        rf"^warning: \S+\.yaml:\d+: {re.escape(pointer_and_message)}", err, re.M
    )
    return found is not None


class Run:
    """``python -m generator generate`` in process, on an output folder with content."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp_path, self.capsys = tmp_path, capsys
        self.out = tmp_path / "out"
        (self.out / "pkg").mkdir(parents=True)
        (self.out / "pkg" / "kept.py").write_text("# generated earlier\n")
        (self.out / "README.md").write_text("earlier\n")
        self.config = tmp_path / "pyproject.toml"
        self.config.write_text("[tool.generator]\nspec = 'spec.yaml'\n")

    def snapshot(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.out)): p.read_bytes()
            for p in self.out.rglob("*")
            if p.is_file()
        }

    def __call__(
        self, text: str | bytes, *options: str, name: str = "spec.yaml"
    ) -> tuple[int, str, Path]:
        spec = self.tmp_path / name
        spec.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        self.capsys.readouterr()
        code = main(
            [
                "generate",
                str(spec),
                "--output",
                str(self.out),
                "--package",
                "broken_sdk",
                "--config",
                str(self.config),
                "--overwrite",
                "-q",
                *options,
            ]
        )
        return code, self.capsys.readouterr().err, spec


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(tmp_path, capsys)


def assert_refused(
    run: Run,
    text: str | bytes,
    message: str,
    pointer: str | None,
    line: int | None,
    *options: str,
    name: str = "spec.yaml",
) -> None:
    before = run.snapshot()
    code, err, spec = run(text, *options, name=name)
    assert code == 2, err
    assert message in err, err
    assert "Traceback" not in err and "nothing was written" in err
    where = f"{spec}:{line}: " if line else f"{spec}"
    assert where in err, err
    if pointer is not None:
        assert f": {pointer}: " in err, err
    assert run.snapshot() == before


def test_invalid_yaml(run: Run) -> None:
    assert_refused(run, HEAD + "paths: {/a: [unclosed\n", "invalid YAML", "#", 5)


def test_invalid_json(run: Run) -> None:
    assert_refused(
        run,
        '{"openapi": "3.0.3",\n "info": {"title": "T", "version": "1"},\n "paths": {,}}',
        "invalid JSON",
        "#",
        3,
        name="spec.json",
    )


def test_invalid_openapi_names_the_pointer(run: Run) -> None:
    text = HEAD + THING.replace(
        "schema: {$ref: '#/components/schemas/Thing'}", "schema: {type: 12}"
    )
    assert_refused(
        run,
        text,
        "12 is not one of",
        "#/paths/~1things/get/responses/200/content/application~1json/schema/type",
        13,
    )


def test_dangling_ref(run: Run) -> None:
    text = HEAD + THING.replace("schemas/Thing'}", "schemas/Nope'}")
    assert_refused(
        run,
        text,
        "$ref '#/components/schemas/Nope' points at nothing",
        "#/paths/~1things/get/responses/200/content/application~1json/schema",
        13,
    )


def test_dangling_ref_to_a_missing_file(run: Run) -> None:
    text = HEAD + THING.replace("'#/components/schemas/Thing'", "'other.yaml#/Thing'")
    assert_refused(
        run,
        text,
        "$ref to 'other.yaml': no such file",
        "#/paths/~1things/get/responses/200/content/application~1json/schema",
        13,
    )


def test_circular_ref_chain(run: Run) -> None:
    text = HEAD + THING.replace(
        "Thing: {type: object, properties: {id: {type: string}}}",
        "Thing: {$ref: '#/components/schemas/Other'}\n    Other: {$ref: '#/components/schemas/Thing'}",
    )
    assert_refused(run, text, "circular $ref chain", "#/components/schemas/Thing", 16)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "https://example.com/schemas.yaml#/Thing",
            "remote references are not fetched",
        ),
        ("/etc/passwd#/Thing", "absolute paths are not followed"),
        ("../../../../../../../../dev/zero#/Thing", "reaches outside"),
    ],
)
def test_refs_leaving_the_local_files_are_refused(
    run: Run, target: str, message: str
) -> None:
    text = HEAD + THING.replace("'#/components/schemas/Thing'", f"'{target}'")
    assert_refused(
        run,
        text,
        message,
        "#/paths/~1things/get/responses/200/content/application~1json/schema",
        13,
    )


def test_yaml_alias_bomb(run: Run) -> None:
    lines = [
        HEAD + "paths: {}",
        "x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    lines += [
        f"x-{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)
    ]
    assert_refused(
        run,
        "\n".join(lines) + "\n",
        "YAML aliases expand this document far beyond its size",
        None,
        None,
    )


def test_recursive_yaml_alias(run: Run) -> None:
    assert_refused(
        run,
        HEAD + "paths: {}\nx-loop: &loop {inner: *loop}\n",
        "a YAML alias contains itself",
        "#/x-loop/inner",
        5,
    )


@pytest.mark.parametrize("name", ["spec.yaml", "spec.json"])
def test_absurd_nesting_is_refused_without_crashing(run: Run, name: str) -> None:
    text = (
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "x-deep": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )
    # PyYAML 6.0.4 refuses the nesting itself; older parsers leave it to our limit.
    # Either way the answer is one clear error, exit 2 and nothing written.
    message = (
        "exceeded maximum nesting depth"
        if name.endswith(".yaml") and _yaml_limits_nesting()
        else "the document nests deeper than 150 levels"
    )
    assert_refused(run, text, message, None, None, name=name)


def _yaml_limits_nesting() -> bool:
    import yaml

    try:
        yaml.load(
            "[" * 10_000 + "]" * 10_000,
            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
        )
    except yaml.YAMLError as exc:
        return "nesting depth" in str(exc)
    except RecursionError:
        return False
    return False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just\n- a list\n", "the document is not a mapping"),
        (
            "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
            "unsupported OpenAPI version",
        ),
        (b"openapi: 3.0.3\n\x00\x01\x02", "the file contains NUL bytes"),
        (b"openapi: 3.0.3\ninfo: {title: \xff\xfe}\n", "invalid YAML"),
        ("", "the document is not a mapping"),
    ],
)
def test_not_an_openapi_document(run: Run, text: str | bytes, message: str) -> None:
    assert_refused(run, text, message, None, None)


def test_duplicate_operation_id_is_an_error_or_with_lenient_a_warning(run: Run) -> None:
    text = HEAD + THING.replace(
        "components:",
        "  /others:\n    get:\n      operationId: listThings\n      responses: {'204': {description: OK}}\ncomponents:",
    )
    assert_refused(
        run,
        text,
        "operationId 'listThings' is used twice (also at #/paths/~1things/get)",
        "#/paths/~1others/get/operationId",
        16,
    )
    code, err, _ = run(text, "--lenient")
    assert (
        code == 0
        and warned(err, "#/paths/~1others/get: operationId 'listThings' is used twice")
    )
    api = (run.out / "broken_sdk" / "api" / "default.py").read_text()
    assert "def list_things(" in api and "def list_things_get(" in api


def test_default_null_on_a_non_nullable_schema_is_tolerated_with_lenient(
    run: Run,
) -> None:
    text = HEAD + THING.replace(
        "id: {type: string}", "id: {type: string, default: null}"
    )
    assert_refused(
        run,
        text,
        "default None does not match its schema",
        "#/components/schemas/Thing/properties/id/default",
        16,
    )
    code, err, _ = run(text, "--lenient")
    assert code == 0, err
    assert warned(
        err,
        "#/components/schemas/Thing/properties/id/default: default None does not match its schema",
    )


def test_lenient_can_be_set_in_the_config(run: Run) -> None:
    text = HEAD + THING.replace(
        "id: {type: string}", "id: {type: string, default: null}"
    )
    run.config.write_text("[tool.generator]\nspec = 'spec.yaml'\nlenient = true\n")
    code, err, _ = run(text)
    assert code == 0 and "default None does not match its schema" in err


def test_a_path_variable_without_a_parameter(run: Run) -> None:
    text = HEAD + THING.replace("/things:", "/things/{thingId}:")
    assert_refused(
        run,
        text,
        "path variable {thingId} has no parameter",
        "#/paths/~1things~1{thingId}/get",
        6,
    )
    code, err, _ = run(text, "--lenient")
    assert code == 0 and "added as a string parameter" in err
    api = (run.out / "broken_sdk" / "api" / "default.py").read_text()
    assert "thing_id: str" in api
    # Checked before sending like a declared path parameter.
    assert 'rules={"path": {"thingId": Rule(kind="string", required=True)}}' in api


def test_a_missing_operation_id_is_named_from_method_and_path(run: Run) -> None:
    code, err, _ = run(HEAD + THING.replace("      operationId: listThings\n", ""))
    assert (
        code == 0
        and warned(err, "#/paths/~1things/get: no operationId; named it 'getThings'")
    )
    assert (
        "def get_things(" in (run.out / "broken_sdk" / "api" / "default.py").read_text()
    )


def test_a_spec_without_operations_still_generates_a_working_package(run: Run) -> None:
    code, err, _ = run(HEAD + "paths: {}\n")
    assert code == 0, err
    done = subprocess.run(
        [sys.executable, "-c", "import broken_sdk; broken_sdk.Client().close()"],
        cwd=run.out,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_the_real_command_exits_2_without_a_traceback(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path, HEAD + THING.replace("schemas/Thing'}", "schemas/Nope'}")
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(spec),
            "--output",
            str(tmp_path / "out"),
            "--package",
            "x",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (
        f"{spec}:13: #/paths/~1things/get/responses/200/content/application~1json/schema: $ref"
        in done.stderr
    )
    assert not (tmp_path / "out").exists()


RECURSIVE = HEAD + """\
paths:
  /tree:
    put:
      operationId: echoTree
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '200':
          description: The same tree
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
  /list:
    put:
      operationId: echoList
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Link'}
      responses:
        '200':
          description: The same list
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Link'}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
    Link:
      type: object
      properties:
        value: {type: integer}
        next: {allOf: [{$ref: '#/components/schemas/Link'}], nullable: true}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      properties:
        head: {$ref: '#/components/schemas/Link'}
"""


def test_recursive_schemas_round_trip(
    sdk_from: Any, httpserver: HTTPServer
) -> None:
    sdk = sdk_from(RECURSIVE)

    def echo(request: Request) -> Response:
        return Response(request.get_data(), content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(echo)
    tree = {
        "name": "root",
        "children": [{"name": "a", "children": [{"name": "a1"}]}, {"name": "b"}],
    }
    chain: dict[str, Any] = {"value": 0}
    for value in range(1, 40):
        chain = {"value": value, "next": chain}
    chain["owner"] = {"head": {"value": -1, "next": None}}
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        got_tree = client.default.echo_tree(sdk.models.Node.model_validate(tree))
        got_list = client.default.echo_list(sdk.models.Link.model_validate(chain))
    assert got_tree.children[0].children[0].name == "a1" and got_tree.to_dict() == tree
    assert got_list.to_dict() == chain and got_list.next.next.value == 37
    package = Path(sdk.__file__).parent
    done = mypy_strict(package.name, cwd=package.parent)
    assert done.returncode == 0, done.stdout[-3000:]


def big_spec(
    schemas: int = 300, operations: int = 150, text_size: int = 4000
) -> dict[str, Any]:
    """About 18 MB of JSON: long descriptions and examples on a few hundred schemas,
    each referring to another (``S0`` to itself)."""
    prose = (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * (text_size // 50)
    )[:text_size]
    components = {
        f"S{i}": {
            "type": "object",
            "description": prose,
            "required": ["field0"],
            "properties": {
                **{
                    f"field{j}": {
                        "type": "string",
                        "description": prose,
                        "example": prose[:200],
                    }
                    for j in range(12)
                },
                "parent": {"$ref": f"#/components/schemas/S{i // 2}"},
            },
        }
        for i in range(schemas)
    }
    paths = {
        f"/things{i}/{{id}}": {
            "get": {
                "operationId": f"getThing{i}",
                "tags": [f"T{i % 10}"],
                "description": prose,
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
                        "description": prose,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/S{i}"}
                            }
                        },
                    }
                },
            }
        }
        for i in range(operations)
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Big", "version": "1"},
        "servers": [{"url": "http://x.invalid"}],
        "paths": paths,
        "components": {"schemas": components},
    }


def test_a_spec_of_twenty_megabytes_generates(tmp_path: Path) -> None:
    spec = tmp_path / "big.json"
    spec.write_text(json.dumps(big_spec()))
    assert spec.stat().st_size > 15_000_000
    # ruff formats the 36 MB of output in a few seconds; black takes about twice as long.
    out = generate(spec, tmp_path / "out", "big_sdk", formatter="ruff")
    code = "import big_sdk.api.t9, big_sdk.models as m; print(len(m.__all__), m.S299.model_fields['parent'].annotation)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "300" and "S149" in done.stdout


def test_a_bug_in_the_generator_is_reported_in_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.build

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("oops")

    monkeypatch.setattr(generator.build, "render", broken)
    spec = write_spec(tmp_path, "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "t", "-q"]) == 2
    err = capsys.readouterr().err
    assert "error: the generator failed (KeyError: 'oops' at " in err
    assert "this is a bug" in err and "Traceback" not in err
    assert not out.exists()


def test_validation_errors_are_the_same_in_every_process(tmp_path: Path) -> None:
    # The validator walks a media type map's keys as a set, whose order changes with
    # the process's hash seed: which of four equal faults was reported changed too.
    spec = write_spec(
        tmp_path,
        HEAD
        + """\
paths:
  /a:
    post:
      requestBody:
        content:
          image/gif: {schema: {type: string}, foo: 1}
          image/png: {schema: {type: string}, foo: 1}
          image/jpeg: {schema: {type: string}, foo: 1}
          image/webp: {schema: {type: string}, foo: 1}
      responses:
        '200': {description: ok}
""",
    )
    reports = set()
    for seed in ("0", "1", "2", "3", "5"):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "generate", str(spec)]
            + ["-o", str(tmp_path / "out")],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 2, done.stderr
        reports.add(done.stderr)
    (report,) = reports
    assert "content/image~1gif: 'foo'" in report  # the first in the document
