"""Staging and moving into place: a folder that does not exist in the output yet
moves whole, with one rename (the whole SDK into a new or empty output folder), and
the guarantees of file-by-file moves hold for it: a failure puts everything back, a
kill is finished by the next run, a plan left in the folder is not trusted."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, generate, make_config, write_spec
from workflow_support import pet_spec, snapshot

import generator.output.folder as folder
import generator.output.write as write
from generator.build import build
from generator.errors import ConfigError
from generator.output.folder import STAGING_PREFIX, Reader
from generator.output.state import MANIFEST, Manifest
from generator.output.write import write_output


def _files(tmp_path: Path) -> dict[str, bytes]:
    spec = write_spec(tmp_path, pet_spec())
    return build(make_config(spec, tmp_path / "unused", "pets")).files


def _count_renames(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The targets of moves out of the staging folder's tree, as they happen."""
    real = os.replace
    renames: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        real(src, dst)
        if "/tree/" in str(src):
            renames.append(str(dst))

    monkeypatch.setattr(write.os, "replace", replace)
    return renames


def _leftovers(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


@pytest.mark.parametrize("before", ["missing", "empty"])
def test_a_new_output_folder_takes_one_rename_per_entry_at_its_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str
) -> None:
    files = _files(tmp_path)
    out = tmp_path / "out"
    if before == "empty":
        out.mkdir()

    class NoReads:
        def __init__(self, folder: Path) -> None:
            pass

        def read(self, path: str) -> bytes | None:
            raise AssertionError(f"read {path} in a folder that holds nothing")

    monkeypatch.setattr(write, "Reader", NoReads)
    renames = _count_renames(monkeypatch)
    report = write_output(out, files, Manifest())
    monkeypatch.undo()
    tops = sorted({path.split("/")[0] for path in files} - {MANIFEST})
    assert renames == [str(out / top) for top in [*tops, MANIFEST]]
    assert len(files) > 2 * len(renames)
    assert snapshot(out) == files and not _leftovers(out)
    assert sorted(report.written) == sorted(files) and not report.warnings


def test_a_folder_missing_from_the_output_moves_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = generate(write_spec(tmp_path, pet_spec()), tmp_path / "out", "pets")
    files = snapshot(out)
    shutil.rmtree(out / "docs" / "models")
    renames = _count_renames(monkeypatch)
    write_output(out, files, Manifest.read(out))
    monkeypatch.undo()
    assert renames == [str(out / "docs" / "models")]
    assert snapshot(out) == files


def test_a_failed_rename_into_a_new_folder_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _files(tmp_path)
    out = tmp_path / "new" / "sdk"
    real = os.replace
    renames: list[str] = []

    def failing(src: str | Path, dst: str | Path) -> None:
        if "/tree/" in str(src):
            renames.append(str(dst))
            if len(renames) == 3:
                raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", failing)
    with pytest.raises(ConfigError, match="cannot write into .*Input/output error"):
        write_output(out, files, Manifest())
    monkeypatch.undo()
    assert len(renames) == 3
    assert not (tmp_path / "new").exists()


_KILLED_AFTER = """\
import marshal, os, signal, sys
from pathlib import Path
from generator.output.state import Manifest
from generator.output.write import write_output

files = marshal.loads(Path(sys.argv[1]).read_bytes())
real, renames = os.replace, []

def replace(src, dst):
    real(src, dst)
    if "/tree/" in str(src):
        renames.append(dst)
        if len(renames) == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace
write_output(Path(sys.argv[2]), files, Manifest())
"""


def test_a_run_killed_between_the_renames_into_a_new_folder_is_finished_by_the_next(
    tmp_path: Path,
) -> None:
    files = _files(tmp_path)
    (tmp_path / "files").write_bytes(marshal.dumps(files))
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_AFTER, tmp_path / "files", out, "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    [staging] = _leftovers(out)
    assert (staging / "plan.json").is_file()
    # Killed once ``docs/`` had moved whole: ``pets/`` is still staged, file by file
    # the next run's to move.
    there = {path for path in files if (out / path).is_file()}
    assert "docs/models/Pet.md" in there and "pets/models/pet.py" not in there
    assert MANIFEST not in there
    report = write_output(out, files, Manifest.read(out))
    assert any("finished writing what a killed run" in w for w in report.warnings)
    assert snapshot(out) == files and not _leftovers(out)


def test_a_plan_left_in_the_folder_moves_nothing_through_a_link_or_from_elsewhere(
    tmp_path: Path,
) -> None:
    out = generate(write_spec(tmp_path, pet_spec()), tmp_path / "out", "pets")
    before = snapshot(out)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "pets").mkdir(parents=True)
    (elsewhere / "pets" / "evil.py").write_text("import os\n")
    (elsewhere / "evil.py").write_text("import os\n")
    staging = out / f"{STAGING_PREFIX}planted"
    staging.mkdir()
    (staging / "tree").symlink_to(elsewhere)
    moves = [
        ["tree/pets/evil.py", "pets/evil.py"],  # through the link
        ["tree/../../elsewhere/evil.py", "pets/other.py"],  # not the path's own
    ]
    (staging / "plan.json").write_text(json.dumps({"moves": moves}))
    write_output(out, before, Manifest.read(out))
    assert snapshot(out) == before and not _leftovers(out)
    assert (elsewhere / "pets" / "evil.py").exists() and (
        elsewhere / "evil.py"
    ).exists()


def test_reading_the_output_looks_at_each_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = generate(write_spec(tmp_path, pet_spec()), tmp_path / "out", "pets")
    files = snapshot(out)
    folders = {path.rpartition("/")[0] for path in files} - {""}
    real = os.lstat
    looked: list[str] = []

    def lstat(path: str | Path) -> os.stat_result:
        looked.append(str(path))
        return real(path)

    monkeypatch.setattr(folder.os, "lstat", lstat)
    reader = Reader(out)
    assert {path: reader.read(path) for path in files} == files
    assert reader.read("pets/missing/deeper/x.py") is None
    monkeypatch.undo()
    # each file, each folder (``pets`` once for all its modules), ``pets/missing``
    assert len(looked) == len(files) + len(folders) + 1


def test_a_plan_an_earlier_release_left_is_finished(tmp_path: Path) -> None:
    # Releases before the staging tree named staged files by their number.
    out = generate(write_spec(tmp_path, pet_spec()), tmp_path / "out", "pets")
    files = snapshot(out)
    staging = out / f"{STAGING_PREFIX}earlier"
    staging.mkdir()
    (staging / "0").write_bytes(files["README.md"] + b"more\n")
    moves = [["0", "README.md"]]
    (staging / "plan.json").write_text(json.dumps({"moves": moves, "deletions": []}))
    assert write.recover(out) == [
        f"finished writing what a killed run had staged in {staging.name}"
    ]
    assert (out / "README.md").read_bytes() == files["README.md"] + b"more\n"
    assert not _leftovers(out)
