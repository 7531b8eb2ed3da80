"""The TypeScript SDK runtime (generator/targets/typescript/runtime/), run for real.

The runtime and a small API written as the TypeScript target generates one
(tests/typescript/fixture_api.ts) are compiled with ``tsc --strict``; then each
``tests/typescript/*.test.mjs`` runs under Node's own test runner against scripted
servers on 127.0.0.1 (retries, redirects, deadlines, auth, pagination, binary,
validation, secrets). One pytest test per file; a failure names each failing Node
test and shows the runner's report. The build recipe (config/) is proven too: ESM and
CommonJS builds with ``.d.ts`` types, and no ``any`` in the types.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS_TESTS = ROOT / "tests" / "typescript"
TARGET = ROOT / "generator" / "targets" / "typescript"
TEST_FILES = sorted(path.name for path in TS_TESTS.glob("*.test.mjs"))


def _tsc() -> Path:
    tsc = ROOT / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed; run `npm ci`")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    return tsc


def _compile(*args: str) -> None:
    result = subprocess.run(
        [str(_tsc()), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        pytest.fail(f"tsc {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime and the tests' fixture API compiled strictly; the folder of the tests."""
    out = tmp_path_factory.mktemp("ts-runtime")
    _compile("-p", str(TS_TESTS / "tsconfig.json"), "--outDir", str(out))
    (out / "package.json").write_text('{"type": "module"}\n')
    folder = out / "tests" / "typescript"
    for script in TS_TESTS.glob("*.mjs"):
        shutil.copy(script, folder / script.name)
    return folder


@pytest.mark.parametrize("test_file", TEST_FILES)
def test_node_runtime_tests(compiled: Path, test_file: str) -> None:
    result = subprocess.run(
        ["node", "--test", "--test-reporter=tap", test_file],
        cwd=compiled,
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = re.findall(r"^\s*not ok \d+ - (.+)$", result.stdout, re.MULTILINE)
    assert result.returncode == 0, (
        f"{test_file}: {len(failed)} Node test(s) failed: {failed}\n"
        f"{result.stdout[-20000:]}{result.stderr[-5000:]}"
    )
    assert re.search(r"^# pass [1-9]", result.stdout, re.MULTILINE), result.stdout


def _code_of(declarations: str) -> str:
    """``.d.ts`` text without its comments and string literals."""
    text = re.sub(r"/\*.*?\*/", "", declarations, flags=re.DOTALL)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)


def test_build_recipe_gives_esm_and_commonjs_with_types_and_no_any(
    tmp_path: Path,
) -> None:
    """What a generated package's `npm run build` does, on the runtime alone."""
    package = tmp_path / "package"
    shutil.copytree(TARGET / "config", package / "config")
    shutil.copytree(TARGET / "runtime", package / "src" / "runtime")
    (package / "src" / "index.ts").write_text('export * from "./runtime/index.js";\n')
    (package / "package.json").write_text('{"name": "sdk", "type": "module"}\n')
    for config in ("tsconfig.esm.json", "tsconfig.cjs.json"):
        _compile("-p", str(package / "config" / config))
    subprocess.run(["node", "config/mark-cjs.cjs"], cwd=package, check=True)
    check = (
        "const r = require('./dist/cjs/index.js');"
        "if (typeof r.BaseAPI !== 'function') process.exit(1);"
    )
    subprocess.run(["node", "-e", check], cwd=package, check=True)
    esm = "import('./dist/esm/index.js').then((r) => process.exit(r.BaseAPI ? 0 : 1))"
    subprocess.run(["node", "-e", esm], cwd=package, check=True)
    for flavour in ("esm", "cjs"):
        declarations = sorted((package / "dist" / flavour).rglob("*.d.ts"))
        assert any(path.name == "index.d.ts" for path in declarations)
        for path in declarations:
            code = _code_of(path.read_text())
            assert not re.search(r"\bany\b", code), f"{path.name} exposes any"
