"""The generator's state files in the output folder: the manifest and the history.

Both are untrusted input (see ``write``): read bounded, checked for shape, and a
file that is not what the generator wrote is an error that says how to recover.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ConfigError
from generator.output.folder import read_existing
from generator.targets.python.paths import safe_path

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
    formatter: str = ""
    version: str = ""
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {
            "_comment": "Written by sdkgen: the files it owns in this folder. Do not edit.",
            "spec": self.spec,
            "spec_sha256": self.spec_sha256,
            "formatter": self.formatter,
            "version": self.version,
            "files": {k: self.files[k] for k in sorted(self.files)},
        }
        return (json.dumps(data, indent=2, sort_keys=False) + "\n").encode()

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The manifest in ``folder``; an empty one if there is none. One that is not a
        manifest the generator wrote (not JSON, another shape, too big or too deep) is
        refused, as is a listed path that could not be one the generator writes: it was
        edited to make the generator touch something else."""
        data = read_state(folder, MANIFEST)
        if data is None:
            return cls()
        if not isinstance(data.get("files"), dict):
            raise state_error(folder, MANIFEST, 'its "files" is not an object')
        for key in ("spec", "spec_sha256", "formatter", "version"):
            if not isinstance(data.get(key, ""), str):
                raise state_error(folder, MANIFEST, f"its {key!r} is not a string")
        files: dict[str, dict[str, str]] = {}
        for path, entry in data["files"].items():
            try:
                safe_path(str(path))
            except ConfigError:
                raise ConfigError(
                    f"{folder / MANIFEST} lists {str(path)[:200]!r}, which is not a path "
                    "the generator writes: the manifest was edited; restore it (or delete "
                    "it and pass --overwrite once)"
                ) from None
            if not isinstance(entry, dict) or not all(
                isinstance(v, str) for v in entry.values()
            ):
                raise state_error(
                    folder,
                    MANIFEST,
                    f"its entry for {str(path)[:200]!r} is not an object of strings",
                )
            files[str(path)] = {str(k): v for k, v in entry.items()}
        return cls(
            spec=str(data.get("spec", "")),
            spec_sha256=str(data.get("spec_sha256", "")),
            formatter=str(data.get("formatter", "")),
            version=str(data.get("version", "")),
            files=files,
        )


# A state file the generator wrote is a few hundred KiB and six levels deep at most.
MAX_STATE_BYTES = 16 * 1024 * 1024
MAX_STATE_DEPTH = 32


def state_error(folder: Path, name: str, what: str) -> ConfigError:
    fix = (
        "restore it from version control, or delete it and pass --overwrite once"
        if name == MANIFEST
        else "restore it from version control, or delete it (CHANGELOG.md then starts anew)"
    )
    return ConfigError(
        f"{folder / name} is not a file the generator wrote ({what}): the file was edited; {fix}"
    )


def read_state(folder: Path, name: str) -> dict[str, Any] | None:
    """The JSON of a state file (manifest, history) in ``folder``; None if there is none.
    The file is untrusted: one too big, not JSON or nested past MAX_STATE_DEPTH is a
    ``ConfigError`` naming it, never a crash of the parser or of what reads it after."""
    raw = read_existing(folder, name)
    if raw is None:
        return None
    if len(raw) > MAX_STATE_BYTES:
        raise state_error(
            folder, name, f"it is over {MAX_STATE_BYTES // (1024 * 1024)} MiB"
        )
    try:
        data: Any = json.loads(raw)
    except RecursionError:
        raise state_error(
            folder, name, f"it is nested more than {MAX_STATE_DEPTH} levels deep"
        ) from None
    except ValueError as exc:
        raise state_error(folder, name, f"it is not JSON: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise state_error(
            folder,
            name,
            f"it holds {type(data).__name__ if data is not None else 'null'}, not an object",
        )
    if _depth_over(data, MAX_STATE_DEPTH):
        raise state_error(
            folder, name, f"it is nested more than {MAX_STATE_DEPTH} levels deep"
        )
    return data


def _depth_over(data: Any, limit: int) -> bool:
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False
