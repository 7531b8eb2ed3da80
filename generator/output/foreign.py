"""What is in the output folder's packages, or importable beside them, but not rendered."""

from __future__ import annotations

import importlib.util
import marshal
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.output.folder import MAX_FILE_BYTES, STAGING_PREFIX, checked, prune_empty

# -- what is in the package but not rendered ----------------------------------------
#
# ``check`` compares the files the generator renders, but what ``import <package>``
# runs also depends on what else is there: a folder ``_client/`` or a ``_client.*.so``
# beside ``_client.py`` is imported instead of it, a ``.pyc`` in ``__pycache__`` is run
# instead of its source (an unchecked-hash one whatever the source says, a checked-hash
# one carries the source's hash beside any code), and a ``.pth`` or a module at the
# output folder's top shadows whatever the SDK imports when the folder is on sys.path.
# So inside a generated package every entry must be a rendered file or a folder of
# them, and at the output folder's top nothing importable may be there unrendered.
# Bytecode is the one exception, as a developer's tree has it whenever the SDK was
# imported from there: a ``.pyc`` passes only if its code is exactly what compiling the
# rendered module gives (this Python's cache tag; another Python's cannot be checked).

_IMPORTABLE = (".py", ".pyc", ".pyo", ".pyd", ".so", ".pth")
_PYC = re.compile(
    r"^(?P<stem>[A-Za-z_][A-Za-z0-9_]*)\.(?P<tag>[A-Za-z0-9_-]+)(?:\.opt-(?P<opt>[12]))?\.pyc$"
)
# Entries looked at, at most: an output folder holds a few thousand.
MAX_ENTRIES = 200_000


@dataclass(frozen=True)
class Foreign:
    path: str
    why: str
    # Bytecode Python would rebuild: ``generate`` deletes it; anything else it leaves.
    bytecode: bool = False


def foreign(folder: Path, files: dict[str, bytes]) -> list[Foreign]:
    """What is in ``folder``'s generated packages, or importable at its top, that the
    generator does not render (see above), sorted by path."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    packages = {
        p.split("/")[0]
        for p in files
        if p.count("/") == 1 and p.endswith("/__init__.py")
    }
    folders = {
        "/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)
    }
    found: list[Foreign] = []
    budget = [MAX_ENTRIES]
    compiled: dict[tuple[str, int], Any] = {}
    for entry in _entries(folder, budget):
        name = entry.name
        if name in files or name in folders or name.startswith(STAGING_PREFIX):
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if (
            name == "__pycache__"
            or name.endswith(_IMPORTABLE)
            or (
                is_dir
                and any((folder / name / f"__init__{s}").exists() for s in _IMPORTABLE)
            )
        ):
            found.append(
                Foreign(
                    name + ("/" if is_dir else ""),
                    "importable beside the package, and not generated",
                )
            )
    stack = sorted(packages)
    while stack:
        rel = stack.pop()
        for entry in _entries(folder / rel, budget):
            path = f"{rel}/{entry.name}"
            if entry.is_symlink():
                found.append(
                    Foreign(path, "a symbolic link in the package, not generated")
                )
            elif path in files and entry.is_file(follow_symlinks=False):
                continue
            elif entry.is_dir(follow_symlinks=False) and path in folders:
                stack.append(path)
            elif entry.is_dir(follow_symlinks=False) and entry.name == "__pycache__":
                found.extend(_bytecode(folder, path, files, budget, compiled))
            elif entry.is_dir(follow_symlinks=False):
                found.append(
                    Foreign(
                        path + "/",
                        "a folder in the package that is not generated: it shadows "
                        "a module of that name or ships beside them",
                    )
                )
            else:
                found.append(
                    Foreign(path, "a file in the package that is not generated")
                )
    if budget[0] <= 0:
        found.append(
            Foreign(".", f"more than {MAX_ENTRIES} entries: not all were looked at")
        )
    return sorted(found, key=lambda f: f.path)


def _entries(path: Path, budget: list[int]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as listing:
            entries = []
            for entry in listing:
                budget[0] -= 1
                if budget[0] < 0:
                    break
                entries.append(entry)
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return []


def _bytecode(
    folder: Path,
    cache: str,
    files: dict[str, bytes],
    budget: list[int],
    compiled: dict[tuple[str, int], Any],
) -> list[Foreign]:
    """The entries of the ``__pycache__`` folder ``cache`` that are not bytecode of a
    rendered module beside it, compiled from its rendered source by this Python."""
    found = []
    parent = cache.rsplit("/", 1)[0]
    for entry in _entries(folder / cache, budget):
        path = f"{cache}/{entry.name}"
        match = _PYC.match(entry.name)
        if not entry.is_file(follow_symlinks=False) or match is None:
            found.append(
                Foreign(
                    path, "not bytecode Python writes: not generated", bytecode=False
                )
            )
            continue
        source = f"{parent}/{match['stem']}.py"
        if source not in files:
            found.append(
                Foreign(path, "bytecode of no generated module", bytecode=True)
            )
        elif match["tag"] != sys.implementation.cache_tag:
            found.append(
                Foreign(
                    path,
                    f"bytecode of another Python ({match['tag']}): it cannot be checked "
                    "against the source here",
                    bytecode=True,
                )
            )
        elif not _compiled_from(
            folder / path, files[source], source, int(match["opt"] or 0), compiled
        ):
            found.append(
                Foreign(
                    path,
                    "bytecode that is not compiled from the generated source: "
                    "Python may run it instead",
                    bytecode=True,
                )
            )
    return found


def _compiled_from(
    pyc: Path,
    source: bytes,
    name: str,
    optimize: int,
    compiled: dict[tuple[str, int], Any],
) -> bool:
    try:
        with pyc.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES or data[:4] != importlib.util.MAGIC_NUMBER:
            return False
        if int.from_bytes(data[4:8], "little") & ~0b11:
            return False
        if (name, optimize) not in compiled:
            compiled[name, optimize] = compile(
                source, name, "exec", dont_inherit=True, optimize=optimize
            )
        # Code objects compare by everything but their file name (which is where
        # the module was imported from).
        return bool(marshal.loads(data[16:]) == compiled[name, optimize])
    except (
        Exception
    ):  # noqa: BLE001 - an unreadable or malformed .pyc is simply not ours
        return False


def remove_bytecode(folder: Path, found: list[Foreign]) -> list[str]:
    """Delete the bytecode in ``found`` (Python rebuilds it from the source); the
    paths deleted."""
    removed = []
    for item in found:
        if not item.bytecode:
            continue
        target = checked(folder, item.path)
        try:
            if stat.S_ISREG(target.lstat().st_mode):
                target.unlink()
                removed.append(item.path)
                prune_empty(folder, target.parent)
        except OSError:
            continue
    return removed
