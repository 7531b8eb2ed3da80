"""A small spec and helpers shared by the workflow tests (check, watch, versions, ownership)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from generator.cli import main

PET_SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: '1.0'}
servers: [{url: 'http://127.0.0.1:1/v1'}]
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [Pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      description: PET_DESCRIPTION
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        toy: {$ref: '#/components/schemas/Toy'}
    Toy:
      type: object
      properties:
        label: {type: string}
"""


def pet_spec(*, description: str = "A pet.", toy: bool = True, field: str = "") -> str:
    """PET_SPEC with the Pet description replaced, optionally without the Toy model
    (and the field using it), and with one more Pet field ``field: {type: string}``."""
    text = PET_SPEC.replace("PET_DESCRIPTION", description)
    if not toy:
        text = text.replace("        toy: {$ref: '#/components/schemas/Toy'}\n", "")
        text = text.split("    Toy:\n")[0]
    if field:
        text = text.replace(
            "        name: {type: string}\n",
            f"        name: {{type: string}}\n        {field}: {{type: string}}\n",
        )
    return text


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def project(
    folder: Path, spec: str, *, version: str = "1.0.0", extra: str = ""
) -> Path:
    """A folder with pyproject.toml ([tool.generator]) and spec.yaml; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.yaml").write_text(spec, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        "[tool.generator]\n"
        'spec = "spec.yaml"\n'
        'output = "generated"\n'
        'package = "pets"\n'
        f'version = "{version}"\n' + extra,
        encoding="utf-8",
    )
    return folder


def run_generator(
    *args: str, cwd: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``, the generator importable from the checkout."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def generate_in(folder: Path, *args: str) -> None:
    """``generate`` in this process (faster than a subprocess) for a project folder."""
    assert (
        main(["generate", "-q", "--config", str(folder / "pyproject.toml"), *args]) == 0
    )
