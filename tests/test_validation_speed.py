"""generator/load/validation_speed.py: the validator reaches the same verdicts, sooner.

The speed-ups copy or extend internals of pinned releases; these tests pin what they
copy (an upgrade fails here first, to be reviewed) and hold validation with them to
validation without them, on broken specs whose faults repeat (what a memo of passing
values could hide if it remembered a failure)."""

from __future__ import annotations

import hashlib
import inspect
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from jsonschema.exceptions import SchemaError
from jsonschema.validators import Draft4Validator
from openapi_schema_validator import OAS30Validator
from openapi_schema_validator.validators import check_openapi_schema
from pathable.accessors import LookupAccessor, SubscriptableAccessor

from generator.errors import SpecError
from generator.load import validation, validation_speed
from generator.load.spec import load_spec
from generator.load.spec_checks import validate_spec
from generator.load.validation_speed import (
    PINNED,
    ValidSubtrees,
    fast_subnode,
    meta_schema_checker,
    pinned,
)

# The source of what fast_subnode and meta_schema_checker copy, and of the ``$ref``
# keyword the memo wraps (whose verdict depends on the ref, its base URI and the value
# alone), as pinned releases have it. A new release that changes either fails here: compare, then update.
COPIED = {
    "pathable SubscriptableAccessor._get_subnode": (
        SubscriptableAccessor._get_subnode,
        "0bb5a4cf5d7230ab",
    ),
    "jsonschema's draft 4 $ref": (
        Draft4Validator.VALIDATORS["$ref"],
        "625f2cac7bcc5b01",
    ),
    "jsonschema's Validator._validate_reference": (
        Draft4Validator._validate_reference,
        "d732fe8073c28c25",
    ),
    "openapi-schema-validator check_openapi_schema": (
        check_openapi_schema,
        "82da96baa162d47b",
    ),
}


def test_the_installed_releases_are_the_pinned_ones() -> None:
    assert pinned(), {name: version(name) for name in PINNED}


@pytest.mark.parametrize("name", COPIED)
def test_what_is_copied_is_unchanged(name: str) -> None:
    function, digest = COPIED[name]
    source = inspect.getsource(function)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest, source


def test_the_accessors_use_the_fast_subnode() -> None:
    assert validation  # importing it installs the fast path
    assert LookupAccessor._get_subnode.__func__ is fast_subnode  # type: ignore[attr-defined]


class _OnlyGetitem:
    def __getitem__(self, key: Any) -> Any:
        return key


@pytest.mark.parametrize(
    ("node", "part"),
    [
        ({"a": 1}, "a"),
        ({"a": 1}, "b"),
        ({"a": 1}, ["unhashable"]),
        ([1, 2], 1),
        ([1, 2], 5),
        ([1, 2], "x"),
        ("text", 0),
        ("text", "t"),
        (b"bytes", 0),
        ((1, 2), 0),
        (1, "a"),
        (None, "a"),
        (True, 0),
        (1.5, "a"),
        (_OnlyGetitem(), "k"),
    ],
)
def test_fast_subnode_answers_as_pathable_does(node: Any, part: Any) -> None:
    def outcome(get: Any) -> Any:
        try:
            return ("value", get(node, part))
        except KeyError as exc:
            return ("KeyError", exc.args)

    original = SubscriptableAccessor._get_subnode.__func__  # type: ignore[attr-defined]
    assert outcome(lambda n, p: fast_subnode(LookupAccessor, n, p)) == outcome(
        lambda n, p: original(LookupAccessor, n, p)
    )


def test_values_share_a_number_only_when_equal_in_type_and_content() -> None:
    seen = ValidSubtrees()
    numbers = [
        seen.number(value)
        for value in (1, 1.0, True, "1", None, 0.0, -0.0, [1], [1.0], {"a": 1})
    ]
    assert len(set(numbers)) == len(numbers)
    assert seen.number({"a": [1, {"b": None}]}) == seen.number({"a": [1, {"b": None}]})
    assert seen.number({"a": 1, "b": 2}) != seen.number({"a": 1, "b": 3})
    assert seen.number([[1], [2]]) != seen.number([[2], [1]])


SCHEMAS: list[Any] = [
    {"type": "string"},
    {"type": "strin"},
    {"type": "object", "properties": {"a": {"type": "integer", "minimum": "x"}}},
    {"properties": {"a": {"properties": {"b": {"required": []}}}}},
    {"enum": {"type": "object"}},
    {"pattern": "("},
    {"items": [{"type": 1}]},
    True,
    [],
]


def test_the_meta_schema_check_raises_what_check_schema_raises() -> None:
    checker = meta_schema_checker(OAS30Validator)
    assert checker is not None

    def outcome(check: Any, schema: Any) -> Any:
        try:
            check(schema)
        except SchemaError as exc:
            return (exc.message, list(exc.absolute_path), list(exc.schema_path))
        return None

    # twice over: the second round meets values that passed (or failed) before
    for schema in SCHEMAS + SCHEMAS:
        assert outcome(checker, schema) == outcome(OAS30Validator.check_schema, schema)


def _spec(tmp_path: Path, operations: int, broken: dict[int, dict[str, Any]]) -> Path:
    """A spec whose operations repeat one shape; operation ``i`` gets ``broken[i]``
    merged into its query parameter's schema."""
    paths = {}
    for i in range(operations):
        schema = {"type": "integer", "minimum": 1, **broken.get(i, {})}
        paths[f"/things{i}"] = {
            "get": {
                "operationId": f"get{i}",
                "parameters": [{"name": "limit", "in": "query", "schema": schema}],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}
                            }
                        },
                    }
                },
            }
        }
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}}
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc, indent=1))
    return path


def _problems(path: Path) -> list[tuple[str, str, int | None]]:
    try:
        validate_spec(load_spec(path))
    except SpecError as exc:
        return [(p.pointer, p.message, p.line) for p in exc.problems]
    return []


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {3: {"minimum": "one"}},
        {i: {"minimum": "one"} for i in range(0, 8, 2)},  # after a passing twin each
        {i: {"type": "strin"} for i in range(8)},  # every copy
        {i: {"default": "x"} for i in range(1, 8)},
        {0: {"maxLength": -1}, 7: {"maxLength": -1}},
    ],
)
def test_a_repeated_fault_is_reported_wherever_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: dict[int, Any]
) -> None:
    path = _spec(tmp_path, 8, broken)
    fast = _problems(path)
    with monkeypatch.context() as slow:
        slow.setattr(validation, "memoizing", lambda validator: validator)
        slow.setattr(validation, "meta_schema_checker", lambda cls: None)
        assert _problems(path) == fast
    assert {pointer.split("/")[2] for pointer, _, _ in fast} == {
        f"~1things{i}" for i in broken
    }


def test_the_memo_serves_only_openapi_3_0(tmp_path: Path) -> None:
    """3.1's schema resolves ``$dynamicRef`` by where the walk came from, which a memo
    keyed by the ``$ref`` and its base does not see."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    whole = OpenAPIV31SpecValidator.schema_validator
    assert validation_speed.memoizing(whole) is whole


def test_the_collector_skips_what_exists_during_validation_and_is_restored() -> None:
    import gc

    threshold = gc.get_threshold()
    with validation_speed.collecting_less():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] > threshold[0]
        garbage: list[Any] = []
        garbage.append(garbage)  # a cycle: only the collector frees it
        del garbage
        assert gc.collect() > 0  # garbage made meanwhile is still collected
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0


def test_overlapping_validations_leave_the_collector_as_they_found_it() -> None:
    import gc

    threshold = gc.get_threshold()
    outer = validation_speed.collecting_less()
    inner = validation_speed.collecting_less()
    outer.__enter__()
    inner.__enter__()
    outer.__exit__(None, None, None)  # the first to start ends first
    inner.__exit__(None, None, None)
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0


def test_other_releases_validate_the_slow_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    path = _spec(tmp_path, 4, {i: {"type": "strin"} for i in range(4)})
    fast = _problems(path)
    monkeypatch.setattr(validation_speed, "pinned", lambda: False)
    whole = OpenAPIV30SpecValidator.schema_validator
    assert validation_speed.memoizing(whole) is whole
    assert meta_schema_checker(OAS30Validator) is None
    assert _problems(path) == fast
