"""The SDK runtime: the ``_*.py`` modules in ``runtime/`` that every generated package
holds as they are, whatever the spec.

They are real Python (the generator's own mypy --strict and ruff runs check them, a
test holds them to black's layout), so they are copied, never rendered or formatted.
A user's template folder may replace one by name: ``package/_base_client.py`` there
replaces the built-in ``_base_client.py``, and being the user's own text it is
formatted like any rendered file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError

RUNTIME = Path(__file__).resolve().parent / "runtime"


@dataclass(frozen=True)
class RuntimeModule:
    """One runtime module as the generated package gets it."""

    name: str  # the file name, e.g. ``_endpoint.py``
    text: str
    builtin: bool  # False: the user's replacement, which is formatted


def builtin_names() -> list[str]:
    """The file names of the built-in runtime modules, sorted."""
    return sorted(p.name for p in RUNTIME.glob("_*.py") if p.name != "__init__.py")


def runtime_modules(template_dirs: tuple[Path, ...] = ()) -> list[RuntimeModule]:
    """Each runtime module, from the first template folder that replaces it (as
    ``package/<name>``), else built in."""
    modules = []
    for name in builtin_names():
        found = next(
            (
                d / "package" / name
                for d in template_dirs
                if (d / "package" / name).is_file()
            ),
            None,
        )
        for folder in template_dirs:
            old = folder / "package" / f"{name}.j2"
            if old.is_file():
                raise ConfigError(
                    f"{old}: the runtime module {name} is no longer a template; "
                    f"hint: rename it to {old.with_suffix('')} (copied as it is, "
                    "without Jinja)"
                )
        if found is None:
            modules.append(
                RuntimeModule(name, (RUNTIME / name).read_text("utf-8"), True)
            )
        else:
            modules.append(RuntimeModule(name, _read(found), False))
    return modules


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the runtime module: {exc}") from None
