"""Reading the output folder safely: no symbolic links, regular files only, bounded reads.

Every path read, written or deleted passes the same rules as the paths the generator
renders (``safe_path``), never goes through a symbolic link and must be a regular file.
"""

from __future__ import annotations

import stat
from pathlib import Path

from generator.errors import ConfigError
from generator.targets.python.paths import safe_path

# Where a run stages its files; one left behind was killed (see ``recover``).
STAGING_PREFIX = ".sdkgen-staging-"
# No generated file comes near this; a bigger file in the output folder is not read
# whole (it is drift, and the diff shows its beginning).
MAX_FILE_BYTES = 32 * 1024 * 1024


def check_folder(folder: Path) -> None:
    """Refuse an output folder that is a symbolic link or not a folder at all."""
    if folder.is_symlink():
        raise ConfigError(
            f"the output folder {folder} is a symbolic link; the generator does not write "
            "through links: name the folder it points at instead"
        )
    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            f"the output folder {folder} is a file, not a folder; choose another output"
        )


def checked(folder: Path, path: str) -> Path:
    """``folder / path``, refused if the path breaks the output rules or any part of
    it below ``folder`` is a symbolic link (which would lead elsewhere)."""
    safe_path(path)
    current = folder
    for part in Path(path).parts:
        current = current / part
        if current.is_symlink():
            raise ConfigError(
                f"{current} is a symbolic link; the generator neither reads nor writes "
                "through links in its output folder: remove it"
            )
    return current


def read_existing(folder: Path, path: str) -> bytes | None:
    """The bytes of ``path`` in the output folder; None if there is no file. A link,
    a folder, a device or a pipe where a file goes is refused; past MAX_FILE_BYTES
    only the beginning is read."""
    target = checked(folder, path)
    try:
        info = target.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read {target}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(
            f"{target} is not a regular file; the generator writes a file there: remove it"
        )
    try:
        with target.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read {target}: {exc.strerror}") from None


def leftovers(folder: Path) -> list[str]:
    """Staging folders that killed runs left in ``folder``."""
    try:
        return sorted(
            p.name for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)
        )
    except OSError:
        return []


def shown(folder: Path) -> str:
    """The folder as the user would name it: relative to the working folder if inside."""
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(folder)


def prune_empty(root: Path, folder: Path) -> None:
    while (
        folder != root
        and folder.is_dir()
        and not folder.is_symlink()
        and not any(folder.iterdir())
    ):
        folder.rmdir()
        folder = folder.parent
