"""The peers: a throwaway virtual environment with them, and the command lines that drive them.

- openapi-generator `-g python` (the PyPI package openapi-generator-cli ships the jar and
  runs it with the machine's ``java``);
- openapi-python-client, which refuses operation-level ``callbacks`` given as ``$ref``
  (valid OpenAPI 3.0), so it is given a copy of each document without them;
- bandwidth-sdk, openapi-generator's Python output for Bandwidth, the SDK we replace
  (runtime figures only).

Versions are pinned in ``peers.lock``; the environment lives outside the repository.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LOCK = HERE / "peers.lock"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def ensure_venv(venv: Path, log: Any = print) -> Path:
    """The python of ``venv``, created and filled from peers.lock unless already in sync with it."""
    if shutil.which("java") is None:
        raise SystemExit(
            "java not found on PATH: openapi-generator-cli needs Java 11 or later"
        )
    python = venv / "bin" / "python"
    stamp = venv / ".peers-lock-sha256"
    want = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    log(
        f"installing the peers into {venv} (pinned by {LOCK.name}; takes a minute or two)"
    )
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-r", str(LOCK)],
        check=True,
    )
    subprocess.run(
        [str(python), "-m", "pip", "check"], check=True, stdout=subprocess.DEVNULL
    )
    stamp.write_text(want + "\n")
    return python


def versions(venv: Path) -> dict[str, str]:
    """Versions of the peers and of the Java that runs openapi-generator."""
    python = str(venv / "bin" / "python")
    code = (
        "from importlib.metadata import version as v; import json; print(json.dumps({p: v(p) for p in "
        "('openapi-generator-cli', 'openapi-python-client', 'bandwidth-sdk', 'httpx', 'pydantic')}))"
    )
    found: dict[str, str] = yaml.safe_load(
        subprocess.run(
            [python, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    found["java"] = (java.stderr.splitlines() or ["?"])[0]
    return found


def openapi_generator(venv: Path, spec: Path, out: Path) -> list[str]:
    return [
        str(venv / "bin" / "openapi-generator-cli"),
        "generate", "-i", str(spec), "-g", "python", "-o", str(out), "--package-name", "bwpy",
    ]  # fmt: skip


def openapi_python_client(
    venv: Path, spec: Path, out: Path, *, overwrite: bool = False
) -> list[str]:
    cmd = [
        str(venv / "bin" / "openapi-python-client"),
        "generate", "--path", str(spec), "--output-path", str(out), "--meta", "setup",
    ]  # fmt: skip
    return cmd + ["--overwrite"] if overwrite else cmd


def peer_env(venv: Path, base: dict[str, str]) -> dict[str, str]:
    """openapi-python-client runs ``ruff`` from PATH after generating: the venv's comes first."""
    return {**base, "PATH": f"{venv / 'bin'}:{base.get('PATH', '')}"}


def strip_callbacks(src: Path, dst: Path) -> Path:
    """A copy of ``src`` without operation-level callbacks (webhooks; no effect on a client)."""
    with src.open(encoding="utf-8") as f:
        doc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for item in (doc.get("paths") or {}).values():
        for method, op in item.items():
            if method in METHODS and isinstance(op, dict):
                op.pop("callbacks", None)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with dst.open("w", encoding="utf-8") as f:
        if dst.suffix == ".json":  # the peers choose the parser by the file's suffix
            json.dump(doc, f, indent=1)
        else:
            yaml.dump(doc, f, Dumper=dumper, sort_keys=False)
    return dst
