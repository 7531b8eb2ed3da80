"""What keeps a big generation fast without changing its output: the finished model
out of the cycle collector's passes, validation finishing while files are staged,
and a progress line that says how big the document is."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, generate, write_spec

from generator.load.spec import load_spec

SPEC = """\
openapi: 3.0.3
info: {title: Sized, version: '1'}
servers: [{url: 'http://127.0.0.1:9'}]
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
    post:
      operationId: createThing
      responses:
        '204': {description: Made.}
components:
  schemas:
    Thing:
      type: object
      properties:
        size: {type: integer, default: 3}
    Other: {type: string}
"""


def test_spec_size_counts_operations_and_component_schemas(tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path, SPEC))
    assert spec.size() == "2 operations, 2 schemas"


def test_rendering_leaves_the_finished_model_out_of_the_cycle_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import build as build_module

    frozen: list[int] = []
    original = build_module.render

    def spy(*args: Any, **kwargs: Any) -> Any:
        frozen.append(gc.get_freeze_count())
        return original(*args, **kwargs)

    monkeypatch.setattr(build_module, "render", spy)
    generate(write_spec(tmp_path, SPEC), tmp_path / "out", "sized_sdk")
    assert frozen and frozen[0] > 0
    assert gc.get_freeze_count() == 0  # back in its passes once the build is done


def test_a_spec_only_the_validator_rejects_writes_nothing(tmp_path: Path) -> None:
    # The files are staged while validation finishes; its verdict still comes first.
    spec = write_spec(tmp_path, SPEC.replace("default: 3", "default: big"))
    out = tmp_path / "new" / "out"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec)]
        + ["--output", str(out), "--package", "sized_sdk", "--target", "python"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "#/components/schemas/Thing/properties/size/default" in done.stderr
    assert "does not match its schema" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "new").exists()
