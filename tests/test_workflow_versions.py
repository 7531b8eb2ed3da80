"""The generated package's version and CHANGELOG.md: `generate --bump auto|major|minor|patch`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from workflow_support import generate_in, pet_spec, project, snapshot

from generator.cli import main
from generator.config import set_config_version
from generator.errors import ConfigError
from generator.versions.changelog import next_version


def config_version(folder: Path) -> str:
    match = re.search(
        r'^version = "(.*)"', (folder / "pyproject.toml").read_text(), re.M
    )
    assert match is not None
    return match.group(1)


def package_version(folder: Path) -> str:
    init = (folder / "generated/pets/__init__.py").read_text()
    match = re.search(r'^__version__ = "(.*)"', init, re.M)
    assert match is not None
    assert (
        f'version = "{match.group(1)}"'
        in (folder / "generated/pyproject.toml").read_text()
    )
    return match.group(1)


def changelog(folder: Path) -> str:
    return (folder / "generated/CHANGELOG.md").read_text()


def edit_spec(folder: Path, text: str) -> None:
    (folder / "spec.yaml").write_text(text, encoding="utf-8")


def test_bump_auto_follows_the_spec_diff_and_the_changelog_records_each_release(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder, "--bump", "auto")
    assert (config_version(folder), package_version(folder)) == ("1.0.0", "1.0.0")
    assert (
        "## 1.0.0\n\nFirst generated release, from spec.yaml (spec version 1.0)."
        in changelog(folder)
    )

    edit_spec(folder, pet_spec(field="nickname"))
    generate_in(folder, "--bump", "auto")
    assert (config_version(folder), package_version(folder)) == ("1.1.0", "1.1.0")
    assert "## 1.1.0" in changelog(folder)
    assert "### New features\n\n- models.Pet.nickname: new optional field" in changelog(
        folder
    )

    generate_in(folder, "--bump", "auto")  # nothing changed: no new release
    assert config_version(folder) == "1.1.0"

    edit_spec(folder, pet_spec(field="nickname", toy=False))
    generate_in(folder, "--bump", "auto")
    assert (config_version(folder), package_version(folder)) == ("2.0.0", "2.0.0")
    text = changelog(folder)
    assert text.index("## 2.0.0") < text.index("## 1.1.0") < text.index("## 1.0.0")
    assert (
        "### Breaking changes\n\n- models.Pet.toy: field removed\n- models.Toy: model removed"
        in text
    )


def test_regenerating_without_a_bump_folds_changes_into_the_current_release(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    edit_spec(folder, pet_spec(field="nickname"))
    generate_in(folder, "--bump", "minor")
    edit_spec(folder, pet_spec(field="nickname", description="A pet, described."))
    generate_in(folder)
    text = changelog(folder)
    assert config_version(folder) == "1.1.0"
    assert text.count("## 1.1.0") == 1
    release = text.split("## 1.1.0")[1].split("## 1.0.0")[0]
    assert "- models.Pet.nickname: new optional field" in release
    assert "- models.Pet: description changed" in release

    # A change undone before the next release leaves no trace in it.
    edit_spec(folder, pet_spec(description="A pet, described."))
    generate_in(folder)
    assert "nickname" not in changelog(folder)


def test_check_stays_in_sync_after_a_bump(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    edit_spec(folder, pet_spec(toy=False))
    generate_in(folder, "--bump", "auto")
    assert config_version(folder) == "2.0.0"
    before = snapshot(folder / "generated")
    assert main(["check", "-q", "--config", str(folder / "pyproject.toml")]) == 0
    generate_in(folder)
    assert snapshot(folder / "generated") == before


def test_explicit_bump_without_changes_opens_an_empty_release(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    generate_in(folder, "--bump", "patch")
    assert package_version(folder) == "1.0.1"
    assert (
        "## 1.0.1\n\nGenerated from spec.yaml (spec version 1.0); no changes visible to SDK users."
        in changelog(folder)
    )


def test_bump_needs_a_generator_table_to_record_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "spec.yaml").write_text(pet_spec(), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    args = ["generate", str(tmp_path / "spec.yaml"), "--output", str(tmp_path / "out")]
    assert (
        main([*args, "--config", str(tmp_path / "pyproject.toml"), "--bump", "auto"])
        == 2
    )
    assert "[tool.generator]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
    ],
)
def test_next_version(version: str, bump: str, expected: str) -> None:
    assert next_version(version, bump) == expected


def test_a_version_that_is_not_semver_cannot_be_bumped() -> None:
    with pytest.raises(ConfigError, match="MAJOR.MINOR.PATCH"):
        next_version("1.0", "patch")


def test_recording_the_version_touches_only_the_generator_table(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[project]\nversion = "0.1.0"\n\n'
        '[tool.generator]\nspec = "s.yaml"\nversion = "1.0.0"  # bumped by sdkgen\n\n'
        '[tool.other]\nversion = "9"\n'
    )
    set_config_version(config, "1.1.0")
    assert config.read_text() == (
        '[project]\nversion = "0.1.0"\n\n'
        '[tool.generator]\nspec = "s.yaml"\nversion = "1.1.0"  # bumped by sdkgen\n\n'
        '[tool.other]\nversion = "9"\n'
    )
    config.write_text(
        '[tool.generator]\nspec = "s.yaml"\n\n[tool.other]\nversion = "9"\n'
    )
    set_config_version(config, "2.0.0")
    assert config.read_text() == (
        '[tool.generator]\nversion = "2.0.0"\nspec = "s.yaml"\n\n[tool.other]\nversion = "9"\n'
    )
