"""Rendering does each piece of work once: an API module writes every operation three
times (its request builder, its sync and its async method), from one computation; a
long expression's parts are printed once, however deep they nest."""

from __future__ import annotations

import ast
import gc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_config
from conftest import SPEC as MESSAGING
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import api_of, settings_of
from generator.errors import ConfigError
from generator.load.spec import load_spec
from generator.model import text as txt
from generator.model.ir import Api
from generator.targets.python import codelayout, memo, operations, rules
from generator.targets.python.exports import View
from generator.targets.python.naming import Package
from generator.targets.python.render import render


@pytest.fixture(scope="module")
def api() -> Api:
    config = make_config(MESSAGING, ROOT, "bandwidth_messaging")
    return api_of(load_spec(MESSAGING), settings_of(config))


def _counting(
    monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]
) -> Counter[tuple[str, str]]:
    """Calls of each of ``operations``' ``names``, by name and operation id."""
    calls: Counter[tuple[str, str]] = Counter()
    for name in names:
        original = getattr(operations, name)

        def counted(op: Any, *args: Any, _name: str = name, _f: Any = original) -> Any:
            calls[(_name, op.operation_id)] += 1
            return _f(op, *args)

        monkeypatch.setattr(operations, name, counted)
    return calls


def test_each_operations_signature_rules_and_docstring_are_written_once(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ("signature", "param_rules", "query_delimiters", "method_docstring")
    calls = _counting(monkeypatch, names)
    render(api, Package("bandwidth_messaging", "bandwidth-messaging"))
    ids = [op.operation_id for group in api.groups for op in group.operations]
    assert sorted(calls) == sorted((name, i) for name in names for i in ids)
    assert set(calls.values()) == {1}


def test_each_argument_is_laid_out_once_per_indent(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    laid: Counter[tuple[str, str, str, int]] = Counter()
    original = operations.Argument.laid_out

    def counted(argument: operations.Argument, indent: int) -> str:
        laid[(argument.name, argument.annotation, argument.default, indent)] += 1
        return original(argument, indent)

    monkeypatch.setattr(operations.Argument, "laid_out", counted)
    render(api, Package("bandwidth_messaging", "bandwidth-messaging"))
    assert laid and set(laid.values()) == {1}


def test_a_nested_expression_is_printed_once_per_node(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Splitting ``f(f(f(...)))`` over lines asks for each level's flat text at every
    level above it."""
    expression = (
        "models.Outer(" * 12 + '"a value long enough to split the line"' + ")" * 12
    )
    printed: Counter[int] = Counter()
    original = codelayout._Printer._printed

    def counted(printer: codelayout._Printer, node: ast.expr) -> str:
        printed[id(node)] += 1
        return original(printer, node)

    monkeypatch.setattr(codelayout._Printer, "_printed", counted)
    lines = codelayout.lay_out([("x = ", expression, "")], 0)
    assert len(lines) > 12
    assert set(printed.values()) == {1}


def test_the_cycle_collector_is_off_while_rendering_and_on_again_after(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its passes walked every file rendered so far, again and again."""
    seen: list[bool] = []
    original = operations.signature

    def recording(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(operations, "signature", recording)
    assert gc.isenabled()
    render(api, Package("bandwidth_messaging", "bandwidth-messaging"))
    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_cycle_collector_is_on_again_after_a_template_fails(
    api: Api, tmp_path: Path
) -> None:
    (tmp_path / "package").mkdir()
    (tmp_path / "package" / "py.typed.j2").write_text("{{ no_such_thing }}")
    with pytest.raises(ConfigError):
        render(api, Package("bandwidth_messaging", "bandwidth-messaging"), (tmp_path,))
    assert gc.isenabled()


def test_a_models_rules_are_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its imports, its base classes and its class body all ask for them."""
    fresh = api_of(
        load_spec(MESSAGING),
        settings_of(make_config(MESSAGING, ROOT, "bandwidth_messaging")),
    )
    checked: Counter[int] = Counter()
    original = rules.property_rule

    def counted(prop: Any) -> str:
        checked[id(prop)] += 1
        return original(prop)

    monkeypatch.setattr(rules, "property_rule", counted)
    render(fresh, Package("bandwidth_messaging", "bandwidth-messaging"))
    properties = [p for m in fresh.models for p in m.properties]
    assert sorted(checked) == sorted(id(p) for p in properties)
    assert set(checked.values()) == {1}


def test_a_part_is_told_apart_by_identity_not_by_value() -> None:
    calls: list[tuple[str, ...]] = []

    @memo.per_part
    def joined(words: tuple[str, ...]) -> str:
        calls.append(words)
        return " ".join(words)

    first, equal = ("a", "b"), tuple(["a", "b"])
    assert joined(first) == joined(first) == joined(equal) == "a b"
    assert calls == [first, equal]


def test_kept_results_are_dropped_past_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(memo, "_LIMIT", 2)
    calls: list[object] = []

    @memo.per_part
    def seen(part: object) -> int:
        calls.append(part)
        return len(calls)

    parts = [object(), object(), object()]
    assert [seen(p) for p in parts] == [1, 2, 3]
    assert seen(parts[2]) == 3 and seen(parts[0]) == 4


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = ast.parse

    def counted(source: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(codelayout.ast, "parse", counted)
    return parsed


def test_a_long_statement_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _counting_parses(monkeypatch)
    line = (
        "value = models.Once("
        + ", ".join(f'argument_{i}="text {i}"' for i in range(8))
        + ")"
    )
    laid = codelayout.statement(line, 8)
    assert laid.startswith("value = models.Once(\n") and parsed == [line]


def test_a_statement_laid_out_before_is_not_laid_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Operations and models often share their rules."""
    parsed = _counting_parses(monkeypatch)
    rules = "{" + ", ".join(f'"again_{i}": Rule(kind="string")' for i in range(4)) + "}"
    first = codelayout.laid_out("rules=", rules, ",", 4)
    assert codelayout.laid_out("rules=", rules, ",", 4) == first
    assert parsed == [rules]


_WORDS = st.sampled_from(
    ["a", "self", "account_id", "request_options", "a_rather_long_argument_name_here"]
)
_DOTTED = st.lists(_WORDS, min_size=1, max_size=3).map(".".join)


@settings(max_examples=300, deadline=None)
@given(
    st.booleans(),
    _DOTTED,
    st.lists(_DOTTED, max_size=6),
    st.lists(st.tuples(_WORDS, _DOTTED), max_size=6, unique_by=lambda kv: kv[0]),
    st.sampled_from([0, 4, 8, 12]),
)
def test_a_returned_call_of_names_is_laid_out_as_the_parsed_one_is(
    awaited: bool,
    function: str,
    positional: list[str],
    keywords: list[tuple[str, str]],
    indent: int,
) -> None:
    """Every method of an API module ends on such a call; it skips the parser."""
    arguments = [*positional, *(f"{k}={v}" for k, v in keywords)]
    if not arguments:
        return
    prefix = "return await " if awaited else "return "
    line = f"{prefix}{function}({', '.join(arguments)})"
    if indent + len(line) <= 88:
        return
    fast = codelayout._returned_call(line, indent)
    node = ast.parse(line).body[0].value  # type: ignore[attr-defined]
    parsed = codelayout._Printer().statement(
        prefix, node.value if awaited else node, "", indent
    )
    assert fast == parsed


def test_a_call_python_does_not_parse_is_left_as_it_is() -> None:
    arguments = ", ".join(f"argument_{i}" for i in range(12))
    for line in (
        f"return self.f(a=b, {arguments})",
        f"return self.f(lambda, {arguments})",
        f"return self.f({arguments}, None=b)",
    ):
        assert codelayout._returned_call(line, 8) is None
        assert codelayout.statement(line, 8) == line


def test_each_markdown_text_is_escaped_once_per_render(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A type's name shows in every docs table that has it, a description in every
    field that shares it."""
    escaped: Counter[tuple[str, str]] = Counter()
    for name in ("md_inline", "md_code"):
        original = getattr(txt, name)

        def counted(text: object, _name: str = name, _f: Any = original) -> str:
            escaped[(_name, str(text))] += 1
            return str(_f(text))

        monkeypatch.setattr(txt, name, counted)
    render(api, Package("bandwidth_messaging", "bandwidth-messaging"))
    assert {name for name, _ in escaped} == {"md_inline", "md_code"}
    assert set(escaped.values()) == {1}


def test_a_views_python_names_are_read_as_plain_attributes() -> None:
    """Templates read them hundreds of thousands of times in a big API: without a
    call of ``View.__getattr__``, which only the part's own fields need."""

    @dataclass(frozen=True)
    class Part:
        name: str
        py_name: str = "from the part"

    view = View(Part("wire"), {"py_name": "python"})
    assert vars(view)["py_name"] == "python" == view.py_name
    assert view.name == "wire"


def test_a_template_edited_between_two_renders_is_read_again(
    api: Api, tmp_path: Path
) -> None:
    """Within one render no template is looked at twice; a watch session's next
    render reads what the user changed."""
    (tmp_path / "package").mkdir()
    typed = tmp_path / "package" / "py.typed.j2"
    package = Package("bandwidth_messaging", "bandwidth-messaging")
    for text in ("first\n", "second, edited\n"):
        typed.write_text(text)
        assert (
            render(api, package, (tmp_path,))["bandwidth_messaging/py.typed"].body
            == text
        )
