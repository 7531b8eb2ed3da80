"""The output folder: its manifest, atomic writes and drift detection.

The manifest lists every file the generator wrote with two hashes: ``source``, of the
body as rendered before formatting, and ``sha256``, of the bytes written. A file
whose rendered body and bytes both match needs no formatter to be known in sync;
files not in the manifest are never touched.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

MANIFEST = ".sdkgen-manifest.json"
# The generator's memory of earlier runs (changelog.py); owned like the manifest.
HISTORY = ".sdkgen-history.json"
STATE_FILES = (MANIFEST, HISTORY)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    spec: str = ""
    spec_sha256: str = ""
    # The spec hash that last passed validation: an unchanged spec skips validation.
    validated: str = ""
    formatter: str = ""
    version: str = ""
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {
            "_comment": "Written by sdkgen: the files it owns in this folder. Do not edit.",
            "spec": self.spec,
            "spec_sha256": self.spec_sha256,
            "validated": self.validated,
            "formatter": self.formatter,
            "version": self.version,
            "files": {k: self.files[k] for k in sorted(self.files)},
        }
        return (json.dumps(data, indent=2, sort_keys=False) + "\n").encode()

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            data: Any = json.loads((folder / MANIFEST).read_bytes())
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
            return cls()
        return cls(
            spec=str(data.get("spec", "")),
            spec_sha256=str(data.get("spec_sha256", "")),
            validated=str(data.get("validated", "")),
            formatter=str(data.get("formatter", "")),
            version=str(data.get("version", "")),
            files={str(k): dict(v) for k, v in data["files"].items() if isinstance(v, dict)},
        )


@dataclass(frozen=True)
class Drift:
    added: list[str]
    removed: list[str]
    changed: list[str]
    diff: str

    @property
    def clean(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.removed)} removed", f"{len(self.changed)} changed"]
        lines = [f"generated/ is out of date: {', '.join(parts)}"]
        lines += [f"  + {p}" for p in self.added]
        lines += [f"  - {p}" for p in self.removed]
        lines += [f"  ~ {p}" for p in self.changed]
        return "\n".join(lines)


def read_existing(folder: Path, path: str) -> bytes | None:
    try:
        return (folder / path).read_bytes()
    except OSError:
        return None


def compare(folder: Path, files: dict[str, bytes], old: Manifest) -> Drift:
    added: list[str] = []
    changed: list[str] = []
    chunks: list[str] = []
    for path in sorted(files):
        current = read_existing(folder, path)
        if current == files[path] or (path == MANIFEST and _same_but_formatter(current, files[path])):
            continue
        (added if current is None else changed).append(path)
        chunks.extend(
            difflib.unified_diff(
                (current or b"").decode("utf-8", "replace").splitlines(keepends=True),
                files[path].decode("utf-8", "replace").splitlines(keepends=True),
                f"a/{path}",
                f"b/{path}",
            )
        )
    removed = sorted(p for p in old.files if p not in files and p != MANIFEST and (folder / p).exists())
    for path in removed:
        chunks.append(f"--- a/{path}\n+++ /dev/null\n")
    return Drift(added, removed, changed, "".join(chunks))


def _same_but_formatter(current: bytes | None, new: bytes) -> bool:
    """Whether two manifests differ in nothing but the formatter's release. Every file
    and its hashes being the same, another release of the same formatter (a CI machine
    that installed a newer black of the year) made no difference worth reporting."""
    try:
        old_data, new_data = json.loads(current or b""), json.loads(new)
    except ValueError:
        return False
    if not isinstance(old_data, dict) or not isinstance(new_data, dict):
        return False
    old_fmt, new_fmt = str(old_data.pop("formatter", "")), str(new_data.pop("formatter", ""))
    same_tool = old_fmt.split(" ")[0] == new_fmt.split(" ")[0]
    return same_tool and old_data == new_data


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    deleted: list[str]
    unchanged: int
    warnings: list[str]


def write_output(folder: Path, files: dict[str, bytes], old: Manifest, *, overwrite: bool = False) -> WriteReport:
    """Write ``files`` into ``folder`` so that a failure leaves it as it was.

    Every changed file is first written in full to a staging folder beside its
    target; only then are they moved into place (``os.replace``, atomic per file),
    stale files deleted and the manifest written, last.
    """
    warnings: list[str] = []
    changed: dict[str, bytes] = {}
    for path, data in files.items():
        current = read_existing(folder, path)
        if current == data:
            continue
        owned = old.files.get(path)
        if current is not None and path not in STATE_FILES:
            if owned is None and not overwrite:
                raise ConfigError(
                    f"{folder / path} exists and was not written by the generator; "
                    "move it away, or pass --overwrite to replace it"
                )
            if owned is not None and owned.get("sha256") != sha256(current):
                warnings.append(f"{path} was edited by hand; regenerating it")
        changed[path] = data
    stale = []
    for path in sorted(old.files):
        if path in files:
            continue
        current = read_existing(folder, path)
        if current is None:
            continue
        if sha256(current) != old.files[path].get("sha256"):
            warnings.append(f"{path} is no longer generated but was edited by hand; left in place")
            continue
        stale.append(path)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sdkgen-staging-", dir=folder))
    try:
        staged = []
        for index, (path, data) in enumerate(sorted(changed.items())):
            temp = staging / str(index)
            temp.write_bytes(data)
            staged.append((temp, folder / path))
        _move_into_place(folder, staging, sorted(staged, key=lambda item: item[1].name == MANIFEST))
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    for path in stale:
        (folder / path).unlink()
        _prune_empty(folder, (folder / path).parent)
    return WriteReport(sorted(changed), stale, len(files) - len(changed), warnings)


def _move_into_place(folder: Path, staging: Path, staged: list[tuple[Path, Path]]) -> None:
    """Move staged files over their targets; if any move fails, put back every target
    already replaced (from a hard link kept in the staging folder) and re-raise."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for index, (temp, target) in enumerate(staged):
            backup = None
            if target.exists():
                backup = staging / f"backup-{index}"
                try:
                    os.link(target, backup)
                except OSError:  # a file system without hard links
                    shutil.copyfile(target, backup)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, target)
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):
            if backup is None:
                target.unlink(missing_ok=True)
                _prune_empty(folder, target.parent)
            else:
                os.replace(backup, target)
        raise


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
