"""Loading: YAML and JSON, $refs across files, and errors that say where and why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_spec

from generator.errors import SpecError
from generator.load.spec import load_spec
from generator.load.spec_checks import validate_spec

MINIMAL = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Thing'}
"""


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_yaml_and_json_load_the_same(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}
    (tmp_path / "a.json").write_text(json.dumps(spec))
    (tmp_path / "a.yaml").write_text(json.dumps(spec))
    assert load_spec(tmp_path / "a.json").data == load_spec(tmp_path / "a.yaml").data


def test_ref_to_another_file_resolves_relative_to_the_document(tmp_path: Path) -> None:
    (tmp_path / "schemas.yaml").write_text("Thing:\n  type: object\n  properties:\n    id: {type: string}\n")
    spec = load_spec(write_spec(tmp_path, MINIMAL))
    node, file, pointer = spec.resolve("schemas.yaml#/Thing", spec.root.path, "#")
    assert node["properties"]["id"] == {"type": "string"}
    assert file == tmp_path / "schemas.yaml" and pointer == "#/Thing"
    validate_spec(spec)


def test_the_validation_process_validates_references_without_requests(
    tmp_path: Path,
) -> None:
    """The process that validates never imports ``requests`` (a fifth of the
    validator's import time); references to other files still resolve, and still fail
    when they dangle."""
    (tmp_path / "schemas.yaml").write_text("Thing:\n  type: object\n  properties:\n    id: {type: string}\n")
    spec = write_spec(tmp_path, MINIMAL)
    (tmp_path / "broken").mkdir()
    broken = write_spec(tmp_path / "broken", MINIMAL)
    (tmp_path / "broken" / "schemas.yaml").write_text("Thing: {type: objekt}\n")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.errors import SpecError\n"
        "from generator.load.spec import load_spec\n"
        "from generator.load.spec_checks import preload_validator, validate_spec\n"
        "preload_validator()\n"
        f"validate_spec(load_spec(Path({str(spec)!r})))\n"
        "try:\n"
        f"    validate_spec(load_spec(Path({str(broken)!r})))\n"
        "except SpecError as exc:\n"
        "    print(exc.problems[0].message)\n"
        "print('requests' in sys.modules and sys.modules['requests'] is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    message, imported = done.stdout.strip().splitlines()
    assert "objekt" in message and imported == "False"


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write_spec(tmp_path, "openapi: 3.0.3\ninfo: [unclosed\npaths: {}\n")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    problem = caught.value.problems[0]
    assert problem.file == path and problem.line in (2, 3)
    assert "invalid YAML" in problem.message


def test_invalid_openapi_names_pointer_and_line(tmp_path: Path) -> None:
    path = write_spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /x:
            get:
              responses:
                '200':
                  description: OK
                  content:
                    application/json:
                      schema: {type: 12}
        """,
    )
    with pytest.raises(SpecError) as caught:
        validate_spec(load_spec(path))
    rendered = str(caught.value)
    assert "#/paths/~1x/get/responses/200" in rendered
    assert f"{path}:" in rendered
    assert any(p.line and p.line >= 4 for p in caught.value.problems)


def test_cli_error_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, "openapi: 3.0.3\ninfo: {title: T}\npaths: {}\n")
    out = tmp_path / "out"
    done = run_cli("generate", str(spec), "--output", str(out), "--package", "x")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(spec) in done.stderr and "nothing was written" in done.stderr
    assert not out.exists()


def test_dangling_ref_is_reported_with_its_pointer(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, MINIMAL.replace("schemas.yaml#/Thing", "#/components/schemas/Nope"))
    done = run_cli("generate", str(spec), "--output", str(tmp_path / "out"), "--package", "x")
    assert done.returncode == 2
    assert "Nope" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_validator_without_the_internals_sdkgen_extends_fails_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import types

    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords

    from generator.errors import ConfigError
    from generator.load import validation

    installed = (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator)
    assert validation.missing_internals(keywords, installed) == []

    class Bare:
        keyword_validators: dict[str, object] = {"default": object}

    missing = validation.missing_internals(types.SimpleNamespace(), (Bare,))
    assert "keywords.OpenAPIV30SchemaValidator" in missing
    assert "Bare.keyword_validators['schema']" in missing
    monkeypatch.setattr(validation, "keywords", types.SimpleNamespace())
    with pytest.raises(ConfigError, match=r"lacks what sdkgen extends \(keywords\."):
        validation._require_internals()
