"""What a generation made, remembered by what it was made from: ``check`` on unchanged
inputs then compares the output folder's bytes with it without loading the spec,
building the model, rendering or formatting (most of its time otherwise).

The key covers everything ``build`` reads: the config, the spec's root document, the
templates (the user's and the built-in ones), the generator's own code, the releases
of what renders, formats and validates, and the output folder's history file; the
entry names the spec's other documents with their hashes, checked on every use. It
lives in the user's cache (``usercache``), which only the generator writes, unlike
the output folder and its manifest, which are never trusted: the folder is still
compared byte for byte.
"""

from __future__ import annotations

import functools
import marshal
import sys
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import generator
from generator import usercache
from generator.config import Config
from generator.output.state import HISTORY
from generator.targets.python.paths import BUILTIN_TEMPLATES

KIND = "rendered"
_RELEASES = ("jinja2", "pyyaml", "openapi-spec-validator", "black", "ruff")


Outputs = dict[Path, dict[str, bytes]]


def lookup(config: Config) -> Outputs | None:
    """Every target's folder and the files a build from ``config`` gives there, if one
    was built from these very inputs before on this machine; else None."""
    key = _key(config)
    data = usercache.get(KIND, key) if key is not None else None
    if data is None:
        return None
    try:
        entry = marshal.loads(data)
        documents: dict[str, str] = entry["documents"]
        outputs: dict[str, dict[str, bytes]] = entry["outputs"]
    except (ValueError, EOFError, TypeError, KeyError):
        return None  # a damaged entry is only a slower run
    for path, digest in documents.items():
        if _digest(Path(path)) != digest:
            return None
    found = {Path(folder): files for folder, files in outputs.items()}
    # Only ever the folders this config generates, whatever the entry says.
    if sorted(found) != sorted(config.output_folders()):
        return None
    return found


def store(config: Config, outputs: Outputs, sources: Iterable[Path]) -> None:
    """Remember ``outputs``, what a build from ``config`` and the spec's ``sources``
    (every document it read) gave in each target's folder."""
    key = _key(config)
    if key is None:
        return
    root = config.spec.resolve()
    documents = {str(path): _digest(path) for path in sources if path.resolve() != root}
    if any(digest is None for digest in documents.values()):
        return
    usercache.put(
        KIND,
        key,
        marshal.dumps(
            {
                "documents": documents,
                "outputs": {str(k): dict(v) for k, v in outputs.items()},
            }
        ),
    )


def _key(config: Config) -> str | None:
    if usercache.folder(KIND) is None:
        return None
    try:
        spec = config.spec.read_bytes()
    except OSError:
        return None  # loading the spec reports it
    histories = [_history(folder) for folder in config.output_folders()]
    user_templates = [
        part for folder in config.templates for part in _tree(folder, "*")
    ]
    return usercache.key(repr(config), spec, *histories, _generator(), *user_templates)


def _history(folder: Path) -> bytes:
    try:
        return (folder / HISTORY).read_bytes()
    except OSError:
        return b""


@functools.cache
def _generator() -> str:
    """The generator's code and built-in templates, and the releases it runs on."""
    package = Path(generator.__file__).resolve().parent
    # Every file: the runtimes copied into SDKs (.py, .ts) and the build recipes too.
    parts = [*_tree(package, "*"), *_tree(BUILTIN_TEMPLATES, "*")]
    return usercache.key(sys.version, *map(_release, _RELEASES), *parts)


def _tree(folder: Path, pattern: str) -> list[bytes]:
    """Every file under ``folder`` matching ``pattern``: its relative path and bytes."""
    parts: list[bytes] = []
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(folder).as_posix().encode(), path.read_bytes()]
    return parts


def _release(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return f"{name} -"


def _digest(path: Path) -> str | None:
    try:
        return usercache.key(path.read_bytes())
    except OSError:
        return None
