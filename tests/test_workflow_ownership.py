"""The output folder: the generator owns the files in its manifest and nothing else,
and a run that fails leaves the folder exactly as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import generate, make_config, write_spec
from workflow_support import pet_spec, snapshot

import generator.output.staging
import generator.output.write
from generator.build import build
from generator.errors import ConfigError
from generator.output.state import MANIFEST, Manifest
from generator.output.write import write_output


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder generated once from the pet spec (package ``pets``)."""
    spec = write_spec(tmp_path, pet_spec())
    return generate(spec, tmp_path / "out", "pets")


def regenerate(out: Path, text: str) -> generator.output.write.WriteReport:
    spec = write_spec(out.parent, text)
    result = build(make_config(spec, out, "pets"))
    return write_output(out, result.files, Manifest.read(out))


def owned(out: Path) -> set[str]:
    return set(json.loads((out / MANIFEST).read_text())["files"])


def test_model_removed_from_the_spec_deletes_its_owned_files(out: Path) -> None:
    assert {"pets/models/toy.py", "docs/models/Toy.md"} <= owned(out)
    report = regenerate(out, pet_spec(toy=False))
    assert set(report.deleted) == {"pets/models/toy.py", "docs/models/Toy.md"}
    assert not (out / "pets/models/toy.py").exists()
    assert not (out / "docs/models/Toy.md").exists()
    assert "pets/models/toy.py" not in owned(out)


def test_files_the_generator_did_not_write_are_never_touched(out: Path) -> None:
    foreign = {
        "NOTES.md": b"my notes\n",
        "pets/extensions.py": b"def helper() -> int:\n    return 1\n",
        "docs/models/Extra.md": b"hand written\n",
    }
    for name, data in foreign.items():
        (out / name).write_bytes(data)
    regenerate(out, pet_spec(toy=False, description="A pet, renamed."))
    for name, data in foreign.items():
        assert (out / name).read_bytes() == data
    assert not owned(out) & set(foreign)


def test_foreign_file_where_the_generator_would_write_stops_the_run(out: Path) -> None:
    before = snapshot(out)
    (out / "pets/models/toy.py").unlink()
    (out / "pets/models/toy.py").write_text("# mine\n")
    manifest = json.loads((out / MANIFEST).read_text())
    del manifest["files"]["pets/models/toy.py"]
    (out / MANIFEST).write_text(json.dumps(manifest))
    expected = {**snapshot(out)}
    with pytest.raises(ConfigError, match="was not written by the generator"):
        regenerate(out, pet_spec(description="Changed."))
    assert snapshot(out) == expected != before


def test_hand_edited_owned_file_is_regenerated_with_a_warning(out: Path) -> None:
    edited = out / "pets/models/pet.py"
    original = edited.read_bytes()
    edited.write_bytes(original + b"# my change\n")
    report = regenerate(out, pet_spec())
    assert report.warnings == ["pets/models/pet.py was edited by hand; regenerating it"]
    assert edited.read_bytes() == original


def test_hand_edited_file_no_longer_generated_is_left_in_place(out: Path) -> None:
    toy = out / "pets/models/toy.py"
    toy.write_bytes(toy.read_bytes() + b"# keep me\n")
    report = regenerate(out, pet_spec(toy=False))
    assert (
        "pets/models/toy.py is no longer generated but was edited by hand; left in place"
        in report.warnings
    )
    assert toy.read_bytes().endswith(b"# keep me\n")


def test_failure_after_some_files_are_staged_leaves_the_output_as_it_was(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    spec = write_spec(
        out.parent, pet_spec(toy=False, field="nickname", description="Changed.")
    )
    result = build(make_config(spec, out, "pets"))
    real_write = os.write
    calls: list[int] = []

    def failing_write(handle: int, data: bytes) -> int:
        calls.append(handle)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(handle, data)

    # Staged files are written with os.write, each in one call.
    monkeypatch.setattr(generator.output.staging.os, "write", failing_write)
    with pytest.raises(ConfigError, match="cannot write into .*No space left"):
        write_output(out, result.files, Manifest.read(out))
    monkeypatch.undo()
    assert len(calls) == 3
    assert snapshot(out) == before


def test_failure_while_moving_files_into_place_puts_every_file_back(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out)
    spec = write_spec(out.parent, pet_spec(field="nickname", description="Changed."))
    result = build(make_config(spec, out, "pets"))
    real_replace = os.replace
    moves: list[str] = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        # Count moves into the output, not the roll-back.
        if "/tree/" in str(src):  # staged files are under the staging folder's tree/
            moves.append(str(dst))
            if len(moves) == 4:
                raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(generator.output.write.os, "replace", failing_replace)
    with pytest.raises(ConfigError, match="cannot write into .*Input/output error"):
        write_output(out, result.files, Manifest.read(out))
    monkeypatch.undo()
    assert len(moves) == 4
    assert snapshot(out) == before


def test_a_failure_once_everything_is_staged_leaves_every_folder_as_it_was(
    out: Path, tmp_path: Path
) -> None:
    # ``generate`` stages while the spec's validation finishes, and an invalid spec
    # raises there: the existing folder keeps its files, a new one is not left behind.
    before = snapshot(out)
    spec = write_spec(out.parent, pet_spec(field="nickname", description="Changed."))
    result = build(make_config(spec, out, "pets"))
    new = tmp_path / "new" / "sdk"
    staged: list[list[str]] = []

    def invalid() -> None:
        staged.append(sorted(p.name for p in out.iterdir()))
        raise ConfigError("the spec is invalid")

    with pytest.raises(ConfigError, match="the spec is invalid"):
        generator.output.write.write_outputs(
            [(out, result.files, Manifest.read(out)), (new, result.files, Manifest())],
            before_final=invalid,
        )
    assert any(name.startswith(".sdkgen-staging-") for name in staged[0])
    assert snapshot(out) == before
    assert not (tmp_path / "new").exists()
