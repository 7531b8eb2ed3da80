"""A run's staging folder: every changed file written in full, then moved into place.

The staged files sit under ``tree/`` at their own paths, so that a folder of the
output that does not exist yet moves into place whole, with one rename, instead of
file by file: when the output folder is new or empty, the whole SDK takes one rename
per entry at its top. Paths are plain strings here (``os`` calls, no ``pathlib``):
these loops run once per file, tens of thousands of times for a big spec.
"""

from __future__ import annotations

import os
import shutil
import stat

from generator.errors import ConfigError

TREE = "tree"
# A staged file is created, never opened: nothing there yet, and no link followed
# (flags that only some systems have, O_BINARY Windows' to write bytes as they are).
_CREATE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

# A move done: the target, where it came from in the staging folder, and the hard
# link keeping the file it replaced (None: there was none).
Moved = tuple[str, str, str | None]


def stage_tree(staging: str, changed: dict[str, bytes]) -> None:
    """Write every changed file under ``staging/tree`` at its path. The paths passed
    the output rules (``safe_path``) before."""
    tree = f"{staging}/{TREE}"
    os.mkdir(tree)
    for folder in sorted({path.rpartition("/")[0] for path in changed} - {""}):
        os.makedirs(f"{tree}/{folder}", exist_ok=True)
    for path, data in changed.items():
        handle = os.open(f"{tree}/{path}", _CREATE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)


def move_into_place(
    folder: str, staging: str, paths: list[str], done: list[Moved]
) -> None:
    """Move the staged ``paths``, in order, into ``folder``, recording each move in
    ``done``. A staged folder whose target does not exist moves whole (its files
    with it); a file over an existing one is kept first as a hard link in the
    staging folder, for ``put_back``."""
    tree = f"{staging}/{TREE}"
    folders: dict[str, bool] = {}
    moved: set[str] = set()
    for index, path in enumerate(paths):
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            head = "/".join(parts[:depth])
            if head in moved:
                break  # it went with its folder
            if depth < len(parts) and _is_folder(folder, head, folders):
                continue
            target = f"{folder}/{head}"
            backup = None
            if depth == len(parts):
                backup = _backup(target, f"{staging}/backup-{index}")
            os.replace(f"{tree}/{head}", target)
            moved.add(head)
            done.append((target, f"{tree}/{head}", backup))
            break


def put_back(done: list[Moved]) -> None:
    """Undo ``move_into_place``: every target as it was before, last move first."""
    for target, source, backup in reversed(done):
        if backup is None:  # nothing was there: back into the staging folder
            os.replace(target, source)
        else:
            os.replace(backup, target)


def _is_folder(folder: str, path: str, seen: dict[str, bool]) -> bool:
    """Whether ``path`` is a folder in ``folder`` (each looked at once); never a link."""
    if path not in seen:
        try:
            mode = os.lstat(f"{folder}/{path}").st_mode
        except (FileNotFoundError, NotADirectoryError):
            mode = 0
        if stat.S_ISLNK(mode):
            raise ConfigError(
                f"{folder}/{path} is a symbolic link; the generator neither reads nor "
                "writes through links in its output folder: remove it"
            )
        seen[path] = stat.S_ISDIR(mode)
    return seen[path]


def _backup(target: str, backup: str) -> str | None:
    """A hard link to the file at ``target`` (a copy where links are not supported),
    or None if there is no file there."""
    try:
        os.link(target, backup)
    except FileNotFoundError:
        return None
    except OSError:  # a file system without hard links
        shutil.copyfile(target, backup)
    return backup
