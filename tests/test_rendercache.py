"""``check`` on unchanged inputs compares the output folder with the files a build from
those inputs gave before (the user's cache), without building again; any change of an
input builds again, and the folder's bytes are compared either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from workflow_support import generate_in, pet_spec, project

import generator.build
from generator.cli import main
from generator.config import load_config
from generator.output import rendercache


def _no_build(*args: object, **kwargs: object) -> object:
    raise AssertionError("built again")


def _check(folder: Path) -> int:
    return main(["check", "-q", "--config", str(folder / "pyproject.toml")])


def test_check_of_unchanged_inputs_does_not_build_but_compares_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    monkeypatch.setattr(generator.build, "build", _no_build)
    assert _check(folder) == 0
    model = folder / "generated/pets/models/pet.py"
    model.write_bytes(model.read_bytes() + b"# edited\n")
    assert _check(folder) == 1  # the remembered files, not the manifest, decide


@pytest.mark.parametrize("change", ["spec", "template", "history", "document"])
def test_a_changed_input_is_not_answered_from_the_cache(
    tmp_path: Path, change: str
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    config = load_config(folder / "pyproject.toml")
    other = tmp_path / "other.yaml"  # as if the spec's $ref reached it
    other.write_text("a: 1\n", encoding="utf-8")
    outputs = rendercache.lookup(config)
    assert outputs is not None
    rendercache.store(config, outputs, [config.spec, other])
    assert rendercache.lookup(config) == outputs
    if change == "spec":
        (folder / "spec.yaml").write_text(pet_spec(description="B."), encoding="utf-8")
    elif change == "history":
        history = folder / "generated/.sdkgen-history.json"
        history.write_bytes(history.read_bytes() + b"\n")
    elif change == "document":
        other.write_text("a: 2\n", encoding="utf-8")
    else:
        templates = tmp_path / "templates"
        (templates / "package").mkdir(parents=True)
        config = load_config(folder / "pyproject.toml", templates=str(templates))
        rendercache.store(config, outputs, [config.spec])
        (templates / "package/py.typed.j2").write_text("x\n", encoding="utf-8")
    assert rendercache.lookup(config) is None


def test_check_from_the_cache_compares_every_targets_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project(
        tmp_path,
        pet_spec(),
        extra='targets = ["python", "typescript"]\n'
        "[tool.generator.typescript]\n"
        'output = "generated/typescript"\n'
        'package = "pets"\n',
    )
    generate_in(folder)
    monkeypatch.setattr(generator.build, "build", _no_build)
    assert _check(folder) == 0
    models = folder / "generated/typescript/src/models.ts"
    models.write_bytes(models.read_bytes() + b"// edited\n")
    assert _check(folder) == 1


def test_an_entry_naming_other_folders_is_not_used(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    config = load_config(folder / "pyproject.toml")
    outputs = rendercache.lookup(config)
    assert outputs is not None
    elsewhere = {tmp_path / "elsewhere": next(iter(outputs.values()))}
    rendercache.store(config, elsewhere, [config.spec])
    assert rendercache.lookup(config) is None
