"""`python -m generator check`: 0 in sync, 1 on drift with a summary and a diff, 2 on
error; and the pre-commit hook and CI workflow that run it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import ROOT
from workflow_support import generate_in, pet_spec, project, run_generator, snapshot


def test_check_exits_0_when_the_output_is_in_sync(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    done = run_generator("check", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "is in sync" in done.stderr


def test_check_exits_1_with_a_summary_and_a_diff_on_drift_and_writes_nothing(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    (folder / "spec.yaml").write_text(
        pet_spec(toy=False, field="nickname"), encoding="utf-8"
    )
    (folder / "generated/pets/models/pet.py").unlink()
    before = snapshot(folder / "generated")
    done = run_generator("check", cwd=folder)
    assert done.returncode == 1
    summary = done.stdout.split("\n--- ")[0].splitlines()
    assert summary[0].startswith("generated/ is out of date: 1 added, 2 removed, ")
    assert "  + pets/models/pet.py" in summary
    assert {"  - pets/models/toy.py", "  - docs/models/Toy.md"} <= set(summary)
    assert "  ~ docs/models/Pet.md" in summary
    assert "+++ b/pets/models/pet.py" in done.stdout
    assert "+    nickname: str | None = None" in done.stdout
    assert "--- a/pets/models/toy.py\n+++ /dev/null" in done.stdout
    assert snapshot(folder / "generated") == before


def test_another_release_of_the_same_formatter_is_no_drift(tmp_path: Path) -> None:
    """A CI machine that installed another black of the year formats every file the
    same: only the manifest's record of the formatter differs, which check lets pass.
    Another formatter altogether is drift: the output was not made the way it says."""
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    manifest = folder / "generated/.sdkgen-manifest.json"
    data = json.loads(manifest.read_text())
    name = data["formatter"].split(" ")[0]
    for formatter, code in ((f"{name} 26.1.0", 0), ("ruff 0.6.0", 1)):
        manifest.write_text(json.dumps({**data, "formatter": formatter}, indent=2) + "\n")
        done = run_generator("check", cwd=folder)
        assert done.returncode == code, done.stdout + done.stderr


def test_check_exits_2_on_an_invalid_spec(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    (folder / "spec.yaml").write_text(
        pet_spec().replace("paths:", "paths: [", 1), encoding="utf-8"
    )
    done = run_generator("check", cwd=folder)
    assert done.returncode == 2
    assert "spec.yaml" in done.stderr and "invalid YAML" in done.stderr
    assert done.stdout == ""


def test_pre_commit_hook_runs_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "sdkgen-check")
    assert hook["entry"] == "python -m generator check"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True


def test_ci_workflow_runs_check_and_the_tests() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = [step.get("run", "") for step in steps]
    assert any("python -m generator check" in c for c in commands)
    assert any("python -m pytest" in c for c in commands)
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/checkout@") for u in uses)
