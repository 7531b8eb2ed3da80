"""Custom templates: a folder named in the config (or by --templates) overrides
built-in templates by name; every other template stays built in."""

from __future__ import annotations

from pathlib import Path

from workflow_support import generate_in, pet_spec, project, run_generator, snapshot

from generator.config import load_config
from generator.targets.python.render import BUILTIN_TEMPLATES
from generator.targets.python.runtime_modules import RUNTIME, builtin_names


def templates(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_templates_in_the_config_override_built_in_ones_by_name(tmp_path: Path) -> None:
    plain = project(tmp_path / "plain", pet_spec())
    custom = project(
        tmp_path / "custom", pet_spec(), extra='templates = ["my_templates"]\n'
    )
    templates(
        custom / "my_templates",
        {
            "project/README.md.j2": "# {{ api.title|md }} SDK, version {{ api.package_version }}\n",
            "docs/model.md.j2": "# {{ model.name }}\n{% for p in model.properties %}\n- {{ p.py_name }}\n{% endfor %}\n",
        },
    )
    for folder in (plain, custom):
        generate_in(folder)
    before, after = snapshot(plain / "generated"), snapshot(custom / "generated")
    assert after["README.md"].endswith(b"# Pets SDK, version 1.0.0\n")
    assert after["docs/models/Pet.md"].endswith(b"# Pet\n- id\n- name\n- toy\n")
    changed = {name for name in before if before[name] != after[name]}
    # The manifest changes with them: it holds their hashes.
    assert changed == {
        "README.md",
        "docs/models/Pet.md",
        "docs/models/Toy.md",
        ".sdkgen-manifest.json",
    }
    assert run_generator("check", cwd=custom).returncode == 0


def test_templates_option_on_the_command_line_overrides_the_config(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec(), extra='templates = ["missing"]\n')
    templates(
        folder / "cli_templates",
        {"project/CHANGELOG.md.j2": "{{ releases|length }} release(s)\n"},
    )
    done = run_generator("generate", "-q", "--templates", "cli_templates", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "generated/CHANGELOG.md").read_text().endswith("\n1 release(s)\n")


def test_template_folders_resolve_relative_to_the_config_file(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec(), extra='templates = ["a", "b"]\n')
    config = load_config(folder / "pyproject.toml")
    assert config.templates == (folder / "a", folder / "b")


def test_a_broken_custom_template_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec(), extra='templates = ["tpl"]\n')
    templates(folder / "tpl", {"project/README.md.j2": "{{ api.no_such_thing }}\n"})
    done = run_generator("generate", "-q", cwd=folder)
    assert done.returncode == 2
    assert "project/README.md.j2" in done.stderr
    assert not (folder / "generated").exists()


def test_a_same_named_file_replaces_a_runtime_module(tmp_path: Path) -> None:
    """``package/_types.py`` in a template folder replaces the runtime's ``_types.py``
    as it is (no Jinja), and ``check`` holds the output to it."""
    folder = project(tmp_path, pet_spec(), extra='templates = ["tpl"]\n')
    mine = (RUNTIME / "_types.py").read_text() + '\nMINE = "{{ not jinja }}"\n'
    templates(folder / "tpl", {"package/_types.py": mine})
    generate_in(folder)
    written = next((folder / "generated").rglob("_types.py")).read_text()
    assert written.endswith('\nMINE = "{{ not jinja }}"\n')
    assert run_generator("check", cwd=folder).returncode == 0


def test_a_runtime_module_kept_as_a_template_is_refused_with_the_new_name(
    tmp_path: Path,
) -> None:
    """Before the runtime was real Python, ``package/_endpoint.py.j2`` replaced it;
    silently ignoring such a copy would drop the user's changes."""
    folder = project(tmp_path, pet_spec(), extra='templates = ["tpl"]\n')
    templates(folder / "tpl", {"package/_endpoint.py.j2": "x = 1\n"})
    done = run_generator("generate", "-q", cwd=folder)
    assert done.returncode == 2
    assert "_endpoint.py.j2" in done.stderr and "rename it to" in done.stderr
    assert not (folder / "generated").exists()


def test_every_built_in_template_is_documented_in_the_readme() -> None:
    readme = (BUILTIN_TEMPLATES.parent / "README.md").read_text()
    section = readme.split("## Custom templates", 1)[1].split("\n## ", 1)[0]
    for path in sorted(BUILTIN_TEMPLATES.rglob("*.j2")):
        assert f"`{path.relative_to(BUILTIN_TEMPLATES)}`" in section, path
    for name in builtin_names():
        assert f"`{name}`" in section, name


def test_compiled_templates_are_cached_and_never_served_stale(tmp_path: Path) -> None:
    """Compiled templates are kept in SDKGEN_CACHE_DIR/templates between runs (as ``__pycache__``
    keeps Python's); the output is the same with or without them, and an edited template
    is compiled again."""
    cache = tmp_path / "cache"
    folder = project(tmp_path / "cached", pet_spec(), extra='templates = ["mine"]\n')
    readme = folder / "mine" / "project" / "README.md.j2"
    templates(folder / "mine", {"project/README.md.j2": "first {{ api.title|md }}\n"})
    for _ in range(2):
        done = run_generator("generate", "-q", cwd=folder, SDKGEN_CACHE_DIR=str(cache))
        assert done.returncode == 0, done.stderr
    assert len(list((cache / "templates").iterdir())) > 10  # one per template used
    readme.write_text("second {{ api.title|md }}\n", encoding="utf-8")
    done = run_generator("generate", "-q", cwd=folder, SDKGEN_CACHE_DIR=str(cache))
    assert done.returncode == 0, done.stderr
    assert (folder / "generated/README.md").read_text().endswith("\nsecond Pets\n")

    uncached = project(tmp_path / "uncached", pet_spec(), extra='templates = ["mine"]\n')
    templates(uncached / "mine", {"project/README.md.j2": "second {{ api.title|md }}\n"})
    done = run_generator("generate", "-q", cwd=uncached, SDKGEN_CACHE_DIR="")
    assert done.returncode == 0, done.stderr
    assert snapshot(folder / "generated") == snapshot(uncached / "generated")
