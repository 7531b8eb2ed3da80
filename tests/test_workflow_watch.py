"""`python -m generator watch`, run as users run it: a subprocess watching a project."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from workflow_support import pet_spec, project


class Watcher:
    """The watch process and the lines it printed so far."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "watch", "--interval", "0.1"],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> list[str]:
        """The lines printed up to the first one containing ``text``."""
        seen = []
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r}; got {seen}") from None
            seen.append(line)
            if text in line:
                return seen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = project(tmp_path, pet_spec(), extra='templates = ["tpl"]\n')
    (folder / "tpl").mkdir()
    return folder


@pytest.fixture
def watcher(folder: Path) -> Iterator[Watcher]:
    watching = Watcher(folder)
    yield watching
    watching.process.terminate()
    watching.process.wait(timeout=10)


def test_watch_regenerates_on_each_change_and_survives_a_broken_save(
    folder: Path, watcher: Watcher
) -> None:
    first = watcher.wait_for("watching")
    assert "  changed pets/models/pet.py" in first
    assert (folder / "generated/pets/models/toy.py").exists()

    (folder / "spec.yaml").write_text(pet_spec(field="nickname"), encoding="utf-8")
    assert watcher.wait_for("regenerated")[0] == "changed: spec.yaml"
    assert "  changed pets/models/pet.py" in watcher.wait_for(
        "changed pets/models/pet.py"
    )
    assert "nickname" in (folder / "generated/pets/models/pet.py").read_text()

    (folder / "spec.yaml").write_text("openapi: 3.0.3\npaths: [\n", encoding="utf-8")
    broken = watcher.wait_for("waiting for the next change")
    assert any("invalid YAML" in line for line in broken)
    assert watcher.process.poll() is None

    (folder / "spec.yaml").write_text(pet_spec(toy=False), encoding="utf-8")
    assert "  deleted pets/models/toy.py" in watcher.wait_for(
        "deleted pets/models/toy.py"
    )
    assert not (folder / "generated/pets/models/toy.py").exists()


def test_watch_regenerates_when_a_template_or_the_config_changes(
    folder: Path, watcher: Watcher
) -> None:
    watcher.wait_for("watching")
    (folder / "tpl/project").mkdir()
    (folder / "tpl/project/README.md.j2").write_text("# {{ api.title }}, our way\n")
    assert watcher.wait_for("regenerated")[0] == "changed: tpl/project/README.md.j2"
    watcher.wait_for("changed README.md")
    assert (folder / "generated/README.md").read_text().endswith("# Pets, our way\n")

    config = folder / "pyproject.toml"
    config.write_text(
        config.read_text().replace('version = "1.0.0"', 'version = "1.10.0"')
    )
    assert watcher.wait_for("regenerated")[0] == "changed: pyproject.toml"
    watcher.wait_for("changed pets/__init__.py")
    assert (
        '__version__ = "1.10.0"' in (folder / "generated/pets/__init__.py").read_text()
    )


def test_watch_watches_the_built_in_runtimes_it_copies_into_the_output(
    folder: Path,
) -> None:
    # Editing the built-in runtime must regenerate as editing a template does: the
    # files are copied into the packages verbatim.
    from generator.config import load_config
    from generator.targets.python.runtime_modules import RUNTIME
    from generator.targets.typescript.render import BUILD_CONFIG
    from generator.targets.typescript.render import RUNTIME as TS_RUNTIME
    from generator.watch import _watched

    watched = set(_watched(load_config(folder / "pyproject.toml"), ()))
    for runtime, suffix in ((RUNTIME, "*.py"), (TS_RUNTIME, "*.ts")):
        files = {p.resolve() for p in runtime.glob(suffix)}
        assert files and files <= watched, runtime
    assert (BUILD_CONFIG / "tsconfig.base.json").resolve() in watched
