"""``codelayout`` lays example statements out exactly as black formats them."""

from __future__ import annotations

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.targets.python.codelayout import lay_out
from generator.targets.python.literals import string as quote

_NAMES = st.sampled_from(
    ["a", "text", "application_id", "a_rather_long_keyword_argument"]
)
_FUNCS = st.sampled_from(
    [
        "models.Thing",
        "client.things.make_thing",
        "client.multi_channel.create_multi_channel_message",
    ]
)
_STRINGS = st.text(alphabet="ab '\"\\é", max_size=50).map(repr)
_ATOMS = st.one_of(
    _STRINGS, st.integers(-5, 10**12).map(str), st.just("models.Kind.BIG")
)


def _calls(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    args = st.lists(children, max_size=3)
    kwargs = st.lists(
        st.tuples(_NAMES, children), max_size=4, unique_by=lambda kv: kv[0]
    )
    return st.builds(
        lambda f, a, k: f"{f}({', '.join([*a, *(f'{n}={v}' for n, v in k)])})",
        _FUNCS,
        args,
        kwargs,
    )


_EXPRESSIONS = st.recursive(
    _ATOMS,
    lambda children: st.one_of(
        _calls(children),
        st.lists(children, max_size=4).map(lambda items: f"[{', '.join(items)}]"),
    ),
    max_leaves=12,
)
_STATEMENTS = st.sampled_from(
    [
        ("", ""),
        ("result = ", ""),
        ("create_multi_channel_message_response_value = ", ""),
        ("for item in ", ":"),
        ("with ", " as client:"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(_STATEMENTS, _calls(_EXPRESSIONS))
def test_statements_are_laid_out_as_black_formats_them(
    statement: tuple[str, str], expression: str
) -> None:
    prefix, suffix = statement
    body = "\n    pass" if suffix else ""
    ours = "\n".join(lay_out([(prefix, expression, suffix)], 0)) + body + "\n"
    assert ours == black.format_str(ours, mode=black.Mode())


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=20), st.binary(max_size=20)))
def test_string_literals_are_quoted_as_black_quotes_them(value: str | bytes) -> None:
    literal = quote(value)
    assert eval(literal) == value  # noqa: S307 - our own literal
    assert black.format_str(f"x = {literal}\n", mode=black.Mode()) == f"x = {literal}\n"
