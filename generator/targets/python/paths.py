"""Output paths: what the generator may write, kept apart from rendering so that
writing and checking the output folder import neither jinja2 nor the model."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

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
    pure = PurePosixPath(path)
    bad = (
        pure.is_absolute()
        or "\\" in path
        or ":" in path
        or any(
            part in ("", ".", "..") for part in path.split("/")
        )  # (PurePath drops "." and "//")
        or any(part.split(".")[0].lower() in WINDOWS_RESERVED for part in pure.parts)
        or any(ord(c) < 32 for c in path)
    )
    if bad:
        raise ConfigError(f"refusing to write outside the output folder: {path!r}")
    return path
