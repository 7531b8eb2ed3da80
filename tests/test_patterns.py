"""Example strings for a schema's ``pattern``: the shortest way through the pattern,
checked with ``re``; None where no such string is found."""

from __future__ import annotations

import re

import pytest

from generator.model.patterns import MAX_SAMPLE, sample_for_pattern


@pytest.mark.parametrize(
    ("pattern", "sample"),
    [
        (r"^\d{3}-\d{4}$", "111-1111"),
        (r"^[A-Z]{2}[0-9]+$", "AA0"),
        (r"^(foo|bar)baz$", "foobaz"),
        (r"^(?:ab)+c?$", "ab"),
        (r"^[^/]+/[\w.-]+$", "a/a"),
        (r"^\+?[1-9]\d{1,14}$", "11"),
        (r"^[a-z]{2,}(?=x)x$", "aax"),
        (r"^(?P<year>\d{4})-(?P<month>\d{2})$", "1111-11"),
        (r"^\x41\u00e9[\]]$", "Aé]"),
        (r"^[^\d\s]$", "a"),
        (r"(?i)^abc$", "abc"),
        (r"^a{,3}b$", "b"),
        (r"^a{x}$", "a{x}"),  # not a quantifier: literal braces
        (r"^[\0-\7]$", "\0"),
        (r"(?#comment)^q$", "q"),
    ],
)
def test_the_shortest_matching_string(pattern: str, sample: str) -> None:
    assert sample_for_pattern(pattern) == sample
    assert re.search(pattern, sample)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^(a)\1$",  # back reference
        r"^(?P<x>a)(?P=x)$",
        r"^(?(1)a|b)$",  # condition
        r"^(?!a)a$",  # the shortest way breaks the lookahead
        r"^a{100000000}$",  # longer than MAX_SAMPLE
        r"^[a$",  # not a pattern
        r"*a",
        r"a)",
    ],
)
def test_no_sample_where_none_is_found(pattern: str) -> None:
    assert sample_for_pattern(pattern) is None


def test_samples_stay_short() -> None:
    assert sample_for_pattern(f"^a{{{MAX_SAMPLE}}}$") == "a" * MAX_SAMPLE
    assert sample_for_pattern(f"^a{{{MAX_SAMPLE + 1}}}$") is None
