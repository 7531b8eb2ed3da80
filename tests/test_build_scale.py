"""What keeps a big generation fast without changing its output: the finished model
out of the cycle collector's passes, validation finishing while files are staged,
and a progress line that says how big the document is."""

from __future__ import annotations

import gc
import os
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


def test_forked_work_runs_in_another_process_on_what_this_one_built() -> None:
    from generator.output.formatter import Workers

    built = {"model": [1, 2, 3]}  # never pickled: the forked process has it
    with Workers() as workers:
        workers.size = 2
        done = workers.forked(lambda: (os.getpid(), built["model"]))
        pid, model = done.result(timeout=60)
    assert pid != os.getpid() and model == [1, 2, 3]


def test_an_error_in_forked_work_reaches_the_caller() -> None:
    from generator.errors import ConfigError
    from generator.output.formatter import Workers

    def broken() -> None:
        raise ConfigError("template ts/api.ts.j2: broken")

    with Workers() as workers:
        workers.size = 2
        with pytest.raises(ConfigError, match="broken"):
            workers.forked(broken).result(timeout=60)


def test_the_typescript_sdk_rendered_apart_is_the_one_rendered_alone(
    tmp_path: Path,
) -> None:
    from conftest import make_config

    from generator.build import build
    from generator.config import TypeScriptTarget

    spec = write_spec(tmp_path, SPEC)
    both, alone = (
        build(
            make_config(
                spec,
                tmp_path / name,
                "sized_sdk",
                targets=targets,
                typescript=TypeScriptTarget(output=tmp_path / name / "ts", package="s"),
            )
        )
        for name, targets in (
            ("both", ("python", "typescript")),
            ("ts", ("typescript",)),
        )
    )
    (ts_both,) = [o.files for o in both.outputs if o.target == "typescript"]
    (ts_alone,) = [o.files for o in alone.outputs if o.target == "typescript"]
    assert ts_both == ts_alone and len(ts_both) > 10
