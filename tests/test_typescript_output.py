"""The generated TypeScript SDK (generated/typescript): it type-checks under
``tsc --strict``, prettier leaves it as it is (generating needs no Node.js, so the
generator writes prettier's layout itself), the customer's code written for their
typescript-axios SDK compiles against it, and every example of its docs compiles."""

from __future__ import annotations

from pathlib import Path

from typescript_support import (
    ROOT,
    TS_OUTPUT,
    compile_strict,
    run_node_tool,
    ts_blocks,
    tsc_strict,
)


def test_generated_typescript_passes_tsc_strict() -> None:
    result = tsc_strict(TS_OUTPUT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_prettier_leaves_the_generated_code_unchanged() -> None:
    # The generator's own code, the package files and the runtime copied from its
    # sources (kept in prettier's layout). Markdown is laid out for reading.
    files = sorted(
        str(p.relative_to(TS_OUTPUT))
        for p in [
            *TS_OUTPUT.glob("src/*.ts"),
            *TS_OUTPUT.glob("src/apis/*.ts"),
            *TS_OUTPUT.glob("src/runtime/*.ts"),
            *TS_OUTPUT.glob("config/*"),
            *TS_OUTPUT.glob("*.json"),
        ]
        if not p.name.startswith(".")  # the generator's state files
    )
    assert "src/models.ts" in files and "package.json" in files
    assert "src/runtime/base.ts" in files and "config/mark-cjs.cjs" in files
    result = run_node_tool("prettier", "--check", *files, cwd=TS_OUTPUT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_customers_seed_program_compiles_with_only_the_package_name_changed(
    tmp_path: Path,
) -> None:
    program = ROOT / "tests" / "typescript" / "seed_compat.ts"
    assert (
        "from 'bandwidth-sdk'"
        in (ROOT / "tests" / "typescript" / "seed_page_imports.txt").read_text()
    )
    result = compile_strict(tmp_path, [program])
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_typescript_example_of_the_docs_compiles(tmp_path: Path) -> None:
    pages = [TS_OUTPUT / "README.md", *sorted((TS_OUTPUT / "docs").rglob("*.md"))]
    files = []
    headings = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        headings += text.count("## Example\n")
        for index, block in enumerate(ts_blocks(text)):
            if not block.startswith("import"):
                continue  # a signature, not a program
            path = tmp_path / f"{page.stem}_{index}.ts"
            path.write_text(block, encoding="utf-8")
            files.append(path)
    # The README's, and one under every Example heading (each method's, each model's).
    assert len(files) == headings + 1 > 50
    result = compile_strict(tmp_path, files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_says_what_differs_from_the_typescript_axios_sdk() -> None:
    readme = (TS_OUTPUT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Coming from the typescript-axios SDK")[1].split("\n## ")[
        0
    ]
    # each difference a customer's code can meet, with the reason
    for point in (
        "`Headers` object",
        "`options`",
        "`ApiError`",
        "Enums are open",
        "checked against the spec",
        "not `http://localhost`",
        "a `fetch` function, not an axios instance",
        "not a `Set`",
        "retry",
        "Redirects",
        "`baseOptions`",
    ):
        assert point in section, point
