"""The same spec, templates and config give byte-identical output whatever the hash
seed, working directory, time zone, clock or locale of the run."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import ROOT, SPEC
from workflow_support import run_generator, snapshot


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
