"""Output paths: what the generator may write, kept apart from rendering so that
writing and checking the output folder import neither jinja2 nor the model."""

from __future__ import annotations

import re
from pathlib import Path

import generator
from generator.errors import ConfigError
from generator.model.names import WINDOWS_RESERVED

# In a checkout (and an editable install) the templates are the top-level templates/
# folder; a wheel carries them inside the package (see pyproject.toml).
_PACKAGE = Path(generator.__file__).resolve().parent
BUILTIN_TEMPLATES = next(
    (p for p in (_PACKAGE / "templates", _PACKAGE.parent / "templates") if p.is_dir()),
    _PACKAGE.parent / "templates",
)


def safe_path(path: str) -> str:
    """Refuse any output path that could leave the output folder or is not portable."""
    parts = path.split("/")
    bad = (
        path.startswith("/")
        or "\\" in path
        or ":" in path
        or any(part in ("", ".", "..") for part in parts)
        or any(part.split(".")[0].lower() in WINDOWS_RESERVED for part in parts)
        or _CONTROL.search(path) is not None
    )
    if bad:
        raise ConfigError(f"refusing to write outside the output folder: {path!r}")
    return path


_CONTROL = re.compile(r"[\x00-\x1f]")
