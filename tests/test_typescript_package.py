"""The generated TypeScript package as its users get it: ``npm pack`` of
generated/typescript (built with its own recipe) installs into a fresh folder and
works from ESM ``import`` and CommonJS ``require``; the customer's seed program and
every example of the docs, compiled against the installed package, run against Prism
mocking spec/messaging.yaml (which refuses any request that breaks the spec)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typescript_support import BIN, PACKAGE, ROOT, TS_OUTPUT, node_tool, ts_blocks


def _run(
    args: list[str], cwd: Path, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        args,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh ESM project with the packed package installed; its folder."""
    node_tool("tsc")
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed")
    work = tmp_path_factory.mktemp("ts-package")
    source = work / "source"
    shutil.copytree(TS_OUTPUT, source)
    _ok(_run(["npm", "run", "build"], source))  # tsc from the repository's node_modules
    tarball = _ok(
        _run(
            [
                "npm",
                "pack",
                "--ignore-scripts",
                "--json",
                "--pack-destination",
                str(work),
            ],
            source,
        )
    )
    name = json.loads(tarball)[0]["filename"]
    project = work / "project"
    project.mkdir()
    (project / "package.json").write_text(
        '{"name": "consumer", "private": true, "type": "module"}\n'
    )
    _ok(
        _run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--offline",
                str(work / name),
            ],
            project,
        )
    )
    return project


def test_the_packed_package_has_no_runtime_dependencies_and_ships_both_builds(
    installed: Path,
) -> None:
    root = installed / "node_modules" / PACKAGE
    package = json.loads((root / "package.json").read_text(encoding="utf-8"))
    assert "dependencies" not in package
    for build in ("esm", "cjs"):
        assert (root / "dist" / build / "index.js").is_file()
        assert (root / "dist" / build / "index.d.ts").is_file()


def test_the_package_is_usable_from_esm_import(installed: Path) -> None:
    (installed / "esm.mjs").write_text(
        f'import {{ Configuration, MessagesApi, MessageStatusEnum, ApiError }} from "{PACKAGE}";\n'
        "const api = new MessagesApi(new Configuration({ username: 'u', password: 'p' }));\n"
        "console.log(typeof api.createMessage, MessageStatusEnum.Delivered, typeof ApiError);\n"
    )
    assert _ok(_run(["node", "esm.mjs"], installed)).split() == [
        "function",
        "DELIVERED",
        "function",
    ]


def test_the_package_is_usable_from_commonjs_require(installed: Path) -> None:
    (installed / "cjs.cjs").write_text(
        f'const {{ Configuration, MessagesApi, MessageStatusEnum }} = require("{PACKAGE}");\n'
        "const api = new MessagesApi(new Configuration());\n"
        "console.log(typeof api.listMessagesAll, MessageStatusEnum.Delivered);\n"
    )
    assert _ok(_run(["node", "cjs.cjs"], installed)).split() == [
        "function",
        "DELIVERED",
    ]


def _compile_against_installed(folder: Path, files: list[Path]) -> None:
    """Compile ``files`` (ESM) against the installed package's own types, Node's way."""
    config = {
        "compilerOptions": {
            "strict": True,
            "target": "ES2022",
            "module": "NodeNext",
            "moduleResolution": "NodeNext",
            "lib": ["ES2022", "DOM", "DOM.Iterable"],
            "types": [],
            "outDir": "out",
            "rootDir": ".",
        },
        "files": [f.name for f in files],
    }
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    _ok(_run([str(node_tool("tsc")), "-p", "tsconfig.json"], folder))


def test_the_seed_program_runs_against_prism(installed: Path, prism: str) -> None:
    shutil.copy(
        ROOT / "tests" / "typescript" / "seed_compat.ts", installed / "seed_compat.ts"
    )
    text = (installed / "seed_compat.ts").read_text(encoding="utf-8")
    (installed / "seed_compat.ts").write_text(
        text.replace('"bandwidth-messaging"', f'"{PACKAGE}"')
    )
    _compile_against_installed(installed, [installed / "seed_compat.ts"])
    (installed / "out" / "run_seed.mjs").write_text(
        f'import {{ Configuration }} from "{PACKAGE}";\n'
        'import { createMessage, listMessages } from "./seed_compat.js";\n'
        f'const configuration = new Configuration({{ basePath: "{prism}", username: "u", password: "p" }});\n'
        "console.log('statuses', await createMessage(configuration), await listMessages(configuration));\n"
    )
    out = _ok(_run(["node", "out/run_seed.mjs"], installed))
    assert "statuses 202 200" in out


def _examples() -> list[tuple[str, str]]:
    """Every example of the README and API pages that calls the API: (name, code)."""
    found = []
    for page in [
        TS_OUTPUT / "README.md",
        *sorted((TS_OUTPUT / "docs").glob("*Api.md")),
    ]:
        for index, block in enumerate(ts_blocks(page.read_text(encoding="utf-8"))):
            if "new Configuration({" in block:
                found.append((f"{page.stem}_{index}", block))
    return found


@pytest.fixture(scope="module")
def compiled_examples(installed: Path, prism: str) -> Path:
    """Every example compiled (in one tsc run) against the installed package, sent to
    Prism instead of the spec's server, as the README tells users to; their folder."""
    folder = installed / "examples"
    folder.mkdir()
    files = []
    for name, code in _examples():
        code = code.replace(
            "new Configuration({", f'new Configuration({{\n  basePath: "{prism}",', 1
        )
        (folder / f"{name}.mts").write_text(code, encoding="utf-8")
        files.append(folder / f"{name}.mts")
    _compile_against_installed(folder, files)
    shutil.copy(installed / "package.json", folder / "out" / "package.json")
    return folder / "out"


@pytest.mark.parametrize("name", [n for n, _ in _examples()])
def test_docs_example_runs_against_prism(compiled_examples: Path, name: str) -> None:
    _ok(_run(["node", f"{name}.mjs"], compiled_examples, timeout=120))


def test_every_api_method_has_an_example() -> None:
    examples = "\n".join(code for _, code in _examples())
    for page in sorted((TS_OUTPUT / "docs").glob("*Api.md")):
        for method in re.findall(r"^## (\w+)$", page.read_text(encoding="utf-8"), re.M):
            assert f"apiInstance.{method}(" in examples, method
