"""The benchmark script keeps working: a smoke run of every section, ours only.

Benchmarks are not tests: nothing here looks at a time. The smoke run uses tiny
synthetic specs, installs nothing and needs no network.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SECTIONS = {"generate", "regenerate", "check", "import", "runtime", "scaling"}


def test_benchmark_smoke_run_measures_every_section_of_ours(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "work"
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--smoke",
            "--out",
            str(out),
            "--work",
            str(work),
            "--document",
            f"our messaging spec={ROOT / 'spec' / 'messaging.yaml'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((out / "RESULTS.json").read_text(encoding="utf-8"))
    assert SECTIONS <= set(results)
    for spec, tools in results["generate"].items():
        assert set(tools) == {"sdkgen", "sdkgen (ruff)"}, spec
        assert all(
            t["failed"] == 0 and t["files"] > 0 for t in tools.values() if "files" in t
        )
    assert results["check"]["full"]["failed"] == 0
    # like the peers, sdkgen generates the Python SDK alone in the generation rows,
    # whatever targets the repository's pyproject.toml names
    generated = [p for p in (work / "gen").iterdir() if p.name.startswith("black-")]
    assert generated and not any((p / "typescript").exists() for p in generated)
    assert not (work / "regen" / "sdkgen" / "typescript").exists()
    # a cold generation is a first run on the machine: a user cache of its own,
    # emptied before each run (so the spec is validated every time)
    caches = list((work / "cache").iterdir())
    assert caches and all(any(c.iterdir()) for c in caches)
    # the smoke update adds one operation: its models, its API module and the
    # indexes change, all rendered in black's layout (render.LAID_OUT), so black
    # formats none of them
    assert results["regenerate"]["sdkgen"]["failed"] == 0
    assert results["regenerate"]["sdkgen"]["formatted_max"] == 0
    assert results["scaling"]["5"]["sdkgen"]["failed"] == 0
    assert results["runtime"]["decode_us_per_item"]["sdkgen"]["us"] > 0
    table = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "| cold generate" in table and "| regenerate" in table
    # a document of the user's own is generated beside the built-in ones and held
    # to its own target (faster than openapi-generator), not to a third of it
    assert results["documents"] == ["our messaging spec"]
    assert results["generate"]["our messaging spec"]["sdkgen"]["files"] > 0
    row = next(r for r in table.splitlines() if "our messaging spec" in r)
    assert "| < openapi-generator, less memory |" in row


def test_typescript_call_benchmark_smoke_run_times_our_client_on_a_mocked_fetch() -> (
    None
):
    # ours only: the peer needs Java and axios from npm; the harness itself checks
    # that every client got the mocked message back before timing it
    done = subprocess.run(
        [sys.executable, "benchmarks/typescript_calls.py", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| sdkgen |" in done.stdout and "| mock fetch alone |" in done.stdout
