"""spec/messaging.yaml mutated hundreds of ways: never a traceback, never partial output.

Each example deletes keys, changes the type of values, inserts junk and breaks
``$ref``s, then runs the in-memory pipeline as ``build`` does: load, validation and
the parser (which ``build`` runs alongside validation), and for every fourth example
render and compile. Out of a spec that passes validation the only exceptions allowed
are SpecError and ConfigError; for one that fails it, ``build`` reports the validation
errors whatever the parser makes of the spec. Examples are derandomized, so every run
tries the same 200 (about 35 s on two busy cores); failures are not shrunk, which
could take minutes.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SPEC
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.build import api_of
from generator.errors import ConfigError, SpecError
from generator.load.documents import SpecLoader
from generator.load.spec import load_spec
from generator.load.spec_checks import validate_spec
from generator.model.parse import Settings
from generator.targets.python.lowering import python_layout
from generator.targets.python.naming import Package, group_names
from generator.targets.python.render import render

SOURCE = yaml.load(SPEC.read_bytes(), Loader=SpecLoader)
JUNK: list[Any] = [
    None,
    0,
    -1,
    1.5,
    True,
    "",
    "x",
    "#/components/schemas/Nope",
    [],
    {},
    [None],
    {"a": 1},
    {"$ref": "#/components/schemas/Nope"},
    {"$ref": "#"},
    {"type": "object"},
    ["x", 2],
    '"""; import os; os.environ["TRIPWIRE"] = "1"; """',
    "{{ x }}",
    "a" * 500,
]
KEYS = [
    "$ref",
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "default",
    "nullable",
    "required",
    "discriminator",
    "in",
    "style",
    "explode",
    "content",
    "schema",
    "additionalProperties",
    "format",
    "const",
    "x-pagination",
    "operationId",
    "tags",
    "parameters",
    "requestBody",
    "responses",
    "servers",
    "security",
    "callbacks",
    "not",
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node) if isinstance(node, list) else ()
    )
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


PATHS = list(_paths(SOURCE))


def _at(doc: Any, path: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """The container holding ``path`` and the key in it, if the path still exists."""
    node = doc
    for key in path[:-1]:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    last = path[-1]
    if (
        isinstance(node, dict)
        and last in node
        or isinstance(node, list)
        and isinstance(last, int)
        and last < len(node)
    ):
        return node, last
    return None


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(SOURCE)
    for _ in range(draw(st.integers(1, 4))):
        found = _at(doc, draw(st.sampled_from(PATHS)))
        if found is None:
            continue
        container, key = found
        kind = draw(
            st.sampled_from(["delete", "retype", "insert", "break_ref", "transplant"])
        )
        if kind == "delete":
            del container[key]
        elif kind == "retype":
            container[key] = copy.deepcopy(draw(st.sampled_from(JUNK)))
        elif kind == "insert" and isinstance(container[key], dict):
            container[key][draw(st.sampled_from(KEYS))] = copy.deepcopy(
                draw(st.sampled_from(JUNK))
            )
        elif (
            kind == "break_ref"
            and isinstance(container[key], dict)
            and "$ref" in container[key]
        ):
            container[key]["$ref"] = draw(
                st.sampled_from(
                    [
                        "#/components/schemas/Nope",
                        "#",
                        "#/paths",
                        "other.yaml#/X",
                        "#/components/schemas/Message/properties",
                    ]
                )
            )
        elif kind == "transplant":
            donor = _at(SOURCE, draw(st.sampled_from(PATHS)))
            if donor is not None:
                container[key] = copy.deepcopy(donor[0][donor[1]])
    return doc


_count = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(doc=mutated(), lenient=st.booleans())
def test_mutated_specs_fail_cleanly_or_generate_completely(
    folder: Path, doc: dict[str, Any], lenient: bool
) -> None:
    index = next(_count)
    path = folder / "spec.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        spec = load_spec(path)
    except SpecError as exc:
        assert_clear(exc)
        return
    try:
        validate_spec(spec, lenient=lenient)
    except SpecError as exc:
        assert_clear(exc)
        return
    try:
        api = api_of(
            spec, Settings("fuzzed", "fuzzed", "1.0.0", "FUZZED", lenient=lenient)
        )
    except SpecError as exc:
        assert_clear(exc)
        return
    if index % 4:
        return
    try:
        files = render(api, Package("fuzzed", "fuzzed"))
    except ConfigError:
        return
    # A module named relative to the package (``._models``) lies outside models/.
    modules = {
        f"fuzzed/{module[1:]}.py" if module.startswith(".") else f"fuzzed/models/{module}.py"
        for _, module in python_layout(api).model_index
    }
    modules |= {f"fuzzed/api/{names.module}.py" for names in group_names(api.groups).values()}
    assert modules <= set(files), "rendered output is missing modules"
    for name, item in files.items():
        if item.kind == "python":
            compile(item.body, name, "exec")


def assert_clear(error: SpecError) -> None:
    """One error names at least one problem, each with its file and a pointer or line."""
    assert error.problems
    for problem in error.problems:
        assert problem.file.name in ("spec.json", "other.yaml"), problem.render()
        assert (
            problem.pointer.startswith("#") or problem.line or problem.pointer == ""
        ), problem.render()
        assert problem.render()
