"""Reading the output folder safely: no symbolic links, regular files only, bounded reads.

Every path read, written or deleted passes the same rules as the paths the generator
renders (``safe_path``), never goes through a symbolic link and must be a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import ConfigError
from generator.targets.python.paths import safe_path

# Where a run stages its files; one left behind was killed (see ``recover``).
STAGING_PREFIX = ".sdkgen-staging-"
# No generated file comes near this; a bigger file in the output folder is not read
# whole (it is drift, and the diff shows its beginning).
MAX_FILE_BYTES = 32 * 1024 * 1024
# Flags that only some systems have (O_BINARY Windows', to read bytes as they are).
_READ = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


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
            raise _link(current)
    return current


def read_existing(folder: Path, path: str) -> bytes | None:
    """The bytes of ``path`` in the output folder; None if there is no file. A link,
    a folder, a device or a pipe where a file goes is refused; past MAX_FILE_BYTES
    only the beginning is read."""
    return Reader(folder).read(path)


class Reader:
    """``read_existing`` for many paths of one folder: each folder on the way is
    looked at once (a big SDK is tens of thousands of files in a few folders), with
    plain string paths and ``os`` calls, which the per-file loops need."""

    def __init__(self, folder: Path) -> None:
        self._root = str(folder)
        self._folders: dict[str, bool] = {"": True}

    def read(self, path: str) -> bytes | None:
        safe_path(path)
        if not self._is_folder(path.rpartition("/")[0]):
            return None
        target = f"{self._root}/{path}"
        try:
            info = os.lstat(target)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise ConfigError(f"cannot read {target}: {exc.strerror}") from None
        if stat.S_ISLNK(info.st_mode):
            raise _link(target)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(
                f"{target} is not a regular file; the generator writes a file there: remove it"
            )
        try:
            return _read_bounded(target, info.st_size)
        except OSError as exc:
            raise ConfigError(f"cannot read {target}: {exc.strerror}") from None

    def _is_folder(self, path: str) -> bool:
        """Whether ``path`` is a folder, every part of it refused if a link."""
        if path not in self._folders:
            if not self._is_folder(path.rpartition("/")[0]):
                return False
            try:
                mode = os.lstat(f"{self._root}/{path}").st_mode
            except (FileNotFoundError, NotADirectoryError):
                mode = 0
            except OSError as exc:
                raise ConfigError(
                    f"cannot read {self._root}/{path}: {exc.strerror}"
                ) from None
            if stat.S_ISLNK(mode):
                raise _link(f"{self._root}/{path}")
            self._folders[path] = stat.S_ISDIR(mode)
        return self._folders[path]


def _read_bounded(target: str, size: int) -> bytes:
    """The first MAX_FILE_BYTES + 1 bytes of the regular file ``target`` of ``size``
    bytes (read until its end: it may have grown), opened without following a link
    (it was none a moment ago). Reads ask for what is there, not for the bound: a
    read allocates what it asks for."""
    handle = os.open(target, _READ)
    try:
        chunks = []
        left = MAX_FILE_BYTES + 1
        want = size + 1
        while left > 0:
            chunk = os.read(handle, min(want, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = 1 << 16
        return b"".join(chunks)
    finally:
        os.close(handle)


def _link(where: Path | str) -> ConfigError:
    return ConfigError(
        f"{where} is a symbolic link; the generator neither reads nor writes "
        "through links in its output folder: remove it"
    )


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
