"""The generator's stages import one way: no cycle, and no stage imports a later one.

The stages, and what each may import besides itself (README, "Architecture"):

- base: ``errors``, ``findings``, ``config``, ``usercache``, shared by every stage;
- load: documents, ``$ref``s, validation;
- model: the intermediate model and the spec -> model readers;
- targets: what a target language makes of the model (``targets/python``, ...);
- versions: the SDK surface, its diff and the changelog: from the model only;
- docs: the markdown content;
- output: formatting, the manifest, writing;
- top: ``build`` (the list of passes), ``changelogs``, ``cli``, ``watch``, ``progress``.

Imports under ``if TYPE_CHECKING:`` are left out: they never run, and annotations may
name a type of a later stage (a module of ``load`` annotates with ``load.Spec``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

MAY_IMPORT: dict[str, frozenset[str]] = {
    "base": frozenset({"base"}),
    "load": frozenset({"base", "load"}),
    "model": frozenset({"base", "load", "model"}),
    "targets": frozenset({"base", "load", "model", "targets"}),
    "versions": frozenset({"base", "model", "versions"}),
    "docs": frozenset({"base", "load", "model", "targets", "docs"}),
    "output": frozenset({"base", "load", "model", "targets", "docs", "output"}),
    "top": frozenset(
        {"base", "load", "model", "targets", "versions", "docs", "output", "top"}
    ),
}

# The modules directly in generator/; every other module's stage is its folder's.
TOP_LEVEL = {
    "errors": "base",
    "findings": "base",
    "config": "base",
    "usercache": "base",
    "collector": "base",
    "build": "top",
    "changelogs": "top",
    "cli": "top",
    "watch": "top",
    "progress": "top",
    "__main__": "top",
    "__init__": "top",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "top"
    if len(parts) == 1 and not (GENERATOR / parts[0]).is_dir():
        assert parts[0] in TOP_LEVEL, (
            f"generator/{parts[0]}.py belongs in a stage folder "
            "(or, if every stage shares it, in TOP_LEVEL as base)"
        )
        return TOP_LEVEL[parts[0]]
    assert parts[0] in MAY_IMPORT, f"generator/{parts[0]}/ is no stage: {module}"
    return parts[0]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports_in(source: str, me: str, package: str, modules: set[str]) -> set[str]:
    """The generator ``modules`` that the source of module ``me`` (in ``package``)
    imports, at module level or in a function."""
    found: set[str] = set()
    for node in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # ``from package import module`` imports the module.
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != me and name != "generator":
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(GENERATOR.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {
        module_name(p): imports_in(
            p.read_text(encoding="utf-8"),
            module_name(p),
            module_name(p) if p.name == "__init__.py" else module_name(p).rpartition(".")[0],
            modules,
        )
        for p in paths
    }


def test_every_module_has_a_stage() -> None:
    for module in graph():
        assert stage_of(module) in MAY_IMPORT


def test_no_stage_imports_a_later_one() -> None:
    wrong = [
        f"{module} ({stage_of(module)}) imports {dep} ({stage_of(dep)})"
        for module, deps in graph().items()
        for dep in sorted(deps)
        if stage_of(dep) not in MAY_IMPORT[stage_of(module)]
    ]
    assert wrong == []


def test_no_import_cycle() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(edges.get(module, ())):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from . import alpha\n", {"generator.alpha"}),
        ("from .beta import Spec\n", {"generator.beta"}),
        ("def f():\n    from .gamma import parse\n", {"generator.gamma"}),
        ("if TYPE_CHECKING:\n    from .beta import Spec\n", set()),
        ("import generator.delta\n", {"generator.delta"}),
        ("from .delta.epsilon import Where\n", {"generator.delta.epsilon"}),
    ],
)
def test_imports_are_found_wherever_they_are(source: str, expected: set[str]) -> None:
    """The checks above see lazy imports and relative ones, and only those that run."""
    modules = {
        "generator.alpha",
        "generator.beta",
        "generator.gamma",
        "generator.delta",
        "generator.delta.epsilon",
    }
    assert imports_in(source, "generator.probe", "generator", modules) == expected


def test_no_private_module_of_another_package_is_imported() -> None:
    """``re._parser`` and the like change between Python releases without notice."""
    private = []
    for path in sorted(GENERATOR.rglob("*.py")):
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [f"{node.module}.{alias.name}" for alias in node.names]
            )
            private += [
                f"{path.name}: {name}"
                for name in names
                if not name.startswith("generator.")
                and any(_private(part) for part in name.split("."))
            ]
    assert private == []


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))
