"""The same spec, templates and config give byte-identical output whatever the hash
seed, working directory, time zone, clock or locale of the run."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, SPEC
from workflow_support import generate_in, pet_spec, project, run_generator, snapshot

import generator.build as build_module
import generator.render as render_module


def test_output_is_byte_identical_across_hash_seeds_folders_clocks_and_locales(
    tmp_path: Path,
) -> None:
    # The messaging spec as JSON, with text outside ASCII, so that a default encoding
    # taken from the locale would show.
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["message"]["description"] += " Été — “quoted” ✓ 日本"
    spec_file = tmp_path / "messaging.json"
    spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    args = ["--config", str(ROOT / "pyproject.toml"), "-q"]

    first = run_generator(
        "generate",
        str(spec_file),
        "--output",
        str(tmp_path / "a"),
        *args,
        cwd=ROOT,
        PYTHONHASHSEED="0",
        TZ="UTC",
        LC_ALL="POSIX",
        LANG="POSIX",
        PYTHONUTF8="0",
        PYTHONCOERCECLOCALE="0",
    )
    assert first.returncode == 0, first.stderr
    elsewhere = tmp_path / "elsewhere" / "deeper"
    elsewhere.mkdir(parents=True)
    second = run_generator(
        "generate",
        "../../messaging.json",
        "--output",
        "../../b",
        *args,
        cwd=elsewhere,
        PYTHONHASHSEED="4242",
        TZ="Pacific/Kiritimati",
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
        PYTHONUTF8="1",
    )
    assert second.returncode == 0, second.stderr

    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert "Été — “quoted” ✓ 日本" in a["docs/models/Message.md"].decode("utf-8")
    assert "Été — “quoted” ✓ 日本" in a["bandwidth_messaging/models/message.py"].decode(
        "utf-8"
    )


def test_files_whose_inputs_did_not_change_are_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a spec update only the files it changes are rendered (and formatted); the
    rest are taken from disk, as the cache outside the folder recorded them. A file
    edited by hand, or whose template changed, is rendered again, and the result is
    byte for byte what a fresh generation writes."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    # A cache_dir of the test's own, which reads the variable just set.
    monkeypatch.setattr(render_module, "cache_dir", functools.cache(render_module.cache_dir.__wrapped__))
    folder = project(tmp_path / "pets", pet_spec(), extra='templates = ["mine"]\n')
    (folder / "mine" / "docs").mkdir(parents=True)
    (folder / "mine" / "docs" / "model.md.j2").write_text("# {{ model.name }}\n")
    generate_in(folder)
    skipped: list[frozenset[str]] = []
    real = build_module.render

    def spy(api: Any, dirs: Any = (), skip: frozenset[str] = frozenset()) -> Any:
        skipped.append(skip)
        return real(api, dirs, skip)

    monkeypatch.setattr(build_module, "render", spy)
    (folder / "spec.yaml").write_text(pet_spec(description="A pet, described anew."))
    (folder / "generated/pets/models/toy.py").write_text("# edited by hand\n")
    generate_in(folder)
    assert "pets/models/pet.py" not in skipped[-1]  # its description changed
    assert "pets/models/toy.py" not in skipped[-1]  # edited by hand
    assert {"pets/api/pets.py", "docs/models/Toy.md"} <= skipped[-1]
    (folder / "mine" / "docs" / "model.md.j2").write_text("# Model {{ model.name }}\n")
    generate_in(folder)
    assert "docs/models/Toy.md" not in skipped[-1]  # its template changed
    assert "pets/api/pets.py" in skipped[-1] and "pets/models/toy.py" in skipped[-1]

    fresh = project(tmp_path / "fresh", pet_spec(description="A pet, described anew."), extra='templates = ["mine"]\n')
    (fresh / "mine" / "docs").mkdir(parents=True)
    (fresh / "mine" / "docs" / "model.md.j2").write_text("# Model {{ model.name }}\n")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "")
    render_module.cache_dir.cache_clear()
    generate_in(fresh)
    assert snapshot(folder / "generated") == snapshot(fresh / "generated")
