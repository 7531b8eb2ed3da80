"""Regenerating one output folder from every version of the real Bandwidth spec in order
(../shared/specs/bandwidth/history), as a team following upstream would, with
`--bump auto`: each result imports and passes mypy --strict, unchanged files are
reused, and the run reports which generated files changed at each step."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SHARED, make_config

from generator.build import build
from generator.write import HISTORY, MANIFEST, Manifest, write_output

HISTORY_SPECS = SHARED / "specs" / "bandwidth" / "history"
# Every module, models included: the package's own imports are lazy.
IMPORT_ALL = (
    "import importlib, pkgutil, bw\n"
    "for module in pkgutil.walk_packages(bw.__path__, 'bw.'):\n"
    "    importlib.import_module(module.name)\n"
    "bw.Client(username='u', password='p').close()\n"
)
# The version after each step with --bump auto, from the bumps in test_diff_history.py.
VERSIONS = (
    "1.0.0 1.0.1 1.0.2 2.0.0 3.0.0 3.0.1 3.1.0 3.2.0 4.0.0 4.1.0 5.0.0 "
    "6.0.0 6.1.0 6.2.0 7.0.0 7.0.1 7.0.2 7.0.3 7.0.4 7.0.5 8.0.0 8.1.0"
).split()


@pytest.mark.skipif(not HISTORY_SPECS.is_dir(), reason="../shared is absent")
def test_regenerating_across_the_spec_history(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "mypy-cache"
    specs = sorted(HISTORY_SPECS.glob("[0-9][0-9]-*.yml"))
    version, report = "1.0.0", []
    for step, spec in enumerate(specs):
        before = Manifest.read(out).files
        result = build(
            replace(make_config(spec, out, "bw"), version=version), bump="auto"
        )
        written = write_output(out, result.files, Manifest.read(out))
        version = result.version
        content = _content_changes(before, result.manifest.files)
        report.append(
            f"{spec.name}: {version}, {len(written.written)} written ({len(content)} with new content: "
            f"{', '.join(content[:6])}{', ...' if len(content) > 6 else ''}), "
            f"{len(written.deleted)} deleted, {result.reused} reused unformatted"
        )
        assert version == VERSIONS[step], "\n".join(report)
        _check_imports_and_types(out, cache, spec.name)
        if spec.name.startswith(("06-", "17-")):
            # No change users can see: only the files naming the spec file or the
            # (patch-bumped) version differ.
            assert set(content) == {
                "README.md",
                "CHANGELOG.md",
                "pyproject.toml",
                "bw/__init__.py",
                "bw/_client.py",  # its user agent names the version
            }, content
        if spec.name.startswith("11-"):
            assert "bw/models/multi_channel_message_response_data.py" in content
    print("\n".join(report))
    releases = json.loads((out / HISTORY).read_text())["releases"]
    assert [r["version"] for r in releases] == VERSIONS[::-1]
    assert (out / MANIFEST).exists()


def _content_changes(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
) -> list[str]:
    """Files whose content changed (headers name the spec but not its hash)."""
    return sorted(
        path
        for path, entry in after.items()
        if before.get(path, {}).get("sha256") != entry["sha256"]
    )


def _check_imports_and_types(out: Path, cache: Path, name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], cwd=out, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{name}: {done.stderr[-3000:]}"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", f"--cache-dir={cache}", "bw"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"{name}: {done.stdout[-3000:]}"
