"""Running Node's tools on the generated TypeScript SDK: tsc and prettier from the
repository's node_modules (``npm ci``), examples pulled out of markdown."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS_OUTPUT = ROOT / "generated" / "typescript"
BIN = ROOT / "node_modules" / ".bin"
PACKAGE = "bandwidth-messaging"
_TS_BLOCK = re.compile(r"^```ts\n(.*?)^```$", re.S | re.M)


def node_tool(name: str) -> Path:
    tool = BIN / name
    if not tool.exists():
        pytest.skip(f"{name} is not installed: run `npm ci`")
    return tool


def run_node_tool(
    name: str, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``name`` (tsc, prettier) from node_modules, run with ``args``; never raises."""
    return subprocess.run(
        [str(node_tool(name)), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def tsc_strict(package: Path) -> subprocess.CompletedProcess[str]:
    """``tsc --strict --noEmit`` over the generated TypeScript package in ``package``."""
    return run_node_tool("tsc", "-p", str(package / "tsconfig.json"), "--strict", "--noEmit")


def prettier_check(package: Path) -> subprocess.CompletedProcess[str]:
    """``prettier --check`` over the generated package's code and project files."""
    return run_node_tool(
        "prettier",
        "--check",
        "src/*.ts",
        "src/apis/*.ts",
        "package.json",
        "tsconfig.json",
        cwd=package,
    )


def ts_blocks(markdown: str) -> list[str]:
    return _TS_BLOCK.findall(markdown)


def compile_strict(
    folder: Path, files: list[Path], package_src: Path = TS_OUTPUT / "src"
) -> subprocess.CompletedProcess[str]:
    """``tsc --strict --noEmit`` over ``files``, the package name resolving to the
    generated sources."""
    config = {
        "compilerOptions": {
            "strict": True,
            "noEmit": True,
            "target": "ES2022",
            "module": "ES2022",
            "moduleResolution": "Bundler",
            "lib": ["ES2022", "DOM", "DOM.Iterable"],
            "types": [],
            "skipLibCheck": False,
            "paths": {PACKAGE: [str(package_src / "index.ts")]},
        },
        "files": [str(f) for f in files],
    }
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return run_node_tool("tsc", "-p", str(folder / "tsconfig.json"))
