"""The user's cache folder: what the generator may remember between runs.

It lives outside the repository (``$XDG_CACHE_HOME/sdkgen``, default
``~/.cache/sdkgen``; ``SDKGEN_CACHE_DIR`` moves it, ``SDKGEN_CACHE_DIR=`` turns it
off), so a pull request cannot write it: what it holds can be trusted, unlike
anything in the output folder. Entries are named by the hash of what they answer for
and written atomically; a missing or unreadable entry is only a slower run.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def folder(kind: str) -> Path | None:
    """The cache folder for ``kind`` (created, private), or None if caching is off
    or there is nowhere to keep it."""
    root = os.environ.get("SDKGEN_CACHE_DIR")
    try:
        if root is None:
            cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
            root = str(Path(cache_home) / "sdkgen")
        if not root:
            return None
        path = Path(root) / kind
        os.makedirs(path, mode=0o700, exist_ok=True)
    except (OSError, RuntimeError):  # no home, or no writable cache folder
        return None
    return path


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def get(kind: str, name: str) -> bytes | None:
    where = folder(kind)
    if where is None:
        return None
    try:
        return (where / name).read_bytes()
    except OSError:
        return None


def put(kind: str, name: str, data: bytes) -> None:
    where = folder(kind)
    if where is None:
        return
    try:
        handle, temp = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, where / name)
    except OSError:
        pass


def _validation_salt() -> str:
    """What a validation result depends on besides the spec: the validator's release
    and the generator's own loading and validation code."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("openapi-spec-validator")
    except PackageNotFoundError:
        release = ""
    # Paths from the folder holding the package, which a wheel installs as well.
    root = Path(__file__).resolve().parent.parent
    sources = b"".join(
        (root / name).read_bytes()
        for name in (
            "generator/load/spec.py",
            "generator/load/documents.py",
            "generator/load/validation.py",
        )
    )
    return key(release, sources)


def is_validated(spec_sha256: str) -> bool:
    """Whether a spec of this hash passed validation before, on this machine."""
    return get("validated", key(spec_sha256, _validation_salt())) is not None


def mark_validated(spec_sha256: str) -> None:
    put("validated", key(spec_sha256, _validation_salt()), b"")
