"""What ``check`` reports: the rendered files against the output folder's bytes."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.output.folder import Reader, check_folder, leftovers, shown
from generator.output.foreign import Foreign, foreign
from generator.output.state import MANIFEST, Manifest


@dataclass(frozen=True)
class Drift:
    added: list[str]
    removed: list[str]
    changed: list[str]
    diff: str
    # The output folder, as the user named it.
    folder: str = "generated"
    # Staging folders of runs that were killed (``generate`` finishes or removes them).
    leftovers: list[str] = field(default_factory=list)
    # What is in the package (or importable beside it) but not rendered: ``foreign``.
    unexpected: list[Foreign] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.leftovers
            or self.unexpected
        )

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.removed)} removed",
            f"{len(self.changed)} changed",
        ]
        if self.unexpected:
            parts.append(f"{len(self.unexpected)} not generated")
        lines = [f"{self.folder}/ is out of date: {', '.join(parts)}"]
        lines += [f"  + {p}" for p in self.added]
        lines += [f"  - {p}" for p in self.removed]
        lines += [f"  ~ {p}" for p in self.changed]
        lines += [
            f"  ! {p}/ left by a generator run that was killed; `generate` finishes or removes it"
            for p in self.leftovers
        ]
        lines += [f"  ? {f.path}: {f.why}" for f in self.unexpected]
        return "\n".join(lines)


def compare(folder: Path, files: dict[str, bytes], old: Manifest) -> Drift:
    check_folder(folder)
    added: list[str] = []
    changed: list[str] = []
    chunks: list[str] = []
    reader = Reader(folder)
    for path in sorted(files):
        current = reader.read(path)
        if current == files[path] or (
            path == MANIFEST and _same_but_formatter(current, files[path])
        ):
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
    removed = sorted(
        p
        for p in old.files
        if p not in files and p != MANIFEST and reader.read(p) is not None
    )
    for path in removed:
        chunks.append(f"--- a/{path}\n+++ /dev/null\n")
    return Drift(
        added,
        removed,
        changed,
        "".join(chunks),
        shown(folder),
        leftovers(folder),
        foreign(folder, files),
    )


def _same_but_formatter(current: bytes | None, new: bytes) -> bool:
    """Whether two manifests differ in nothing but the formatter's release. Every file
    and its hashes being the same, another release of the same formatter (a CI machine
    that installed a newer black of the year) made no difference worth reporting."""
    try:
        old_data, new_data = json.loads(current or b""), json.loads(new)
    except (ValueError, RecursionError):
        return False
    if not isinstance(old_data, dict) or not isinstance(new_data, dict):
        return False
    old_fmt, new_fmt = str(old_data.pop("formatter", "")), str(
        new_data.pop("formatter", "")
    )
    same_tool = old_fmt.split(" ")[0] == new_fmt.split(" ")[0]
    return same_tool and old_data == new_data
