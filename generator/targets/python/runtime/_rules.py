"""What the spec allows for one value of a request (``Rule``) and the quick test that
passes most values at a glance.

Free of pydantic's model machinery: the API modules build their operation tables from
it when they are imported, and importing one must not cost pydantic's model classes
(see ``_models`` for the full check, run when a request is made).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any

# Values that hold nothing to check unless a rule says so (exact types: an enum member
# is a str or an int too, and is checked).
PLAIN = frozenset({str, int, float, bool, bytes, datetime, date})


@dataclass(frozen=True)
class Rule:
    """What the spec allows for one value of a request: its kind (checked for
    parameters; pydantic checks model fields), enum values, bounds, lengths, a pattern,
    item counts, and the rule of each item of an array."""

    kind: str = ""
    required: bool = False
    nullable: bool = False
    enum: type[Enum] | None = None
    values: tuple[Any, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    items: Rule | None = None
    # A yes without a look at the rest, for the values most requests hold: a string
    # within the rule's lengths and pattern, a number the rule does not bound, a list
    # of such items within the rule's counts. Every other value, and every no, goes
    # through ``problems``, which words the error.
    quick: Callable[[Any], bool] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "quick", _quick(self))


def _quick(rule: Rule) -> Callable[[Any], bool]:
    """The rule's quick test: True only where ``problems`` would find nothing."""
    if rule.enum is not None or rule.values:
        return _never
    kind = rule.kind
    strings = kind in ("", "string", "date", "date-time")
    ints = kind in ("", "integer", "number")
    floats = kind in ("", "number")
    booleans = kind in ("", "boolean")
    # Numbers within bounds are left to ``problems``: the bounds are few and varied.
    unbounded = (
        rule.minimum,
        rule.maximum,
        rule.exclusive_minimum,
        rule.exclusive_maximum,
        rule.multiple_of,
    ) == (None,) * 5
    shortest = rule.min_length or 0
    longest = math.inf if rule.max_length is None else rule.max_length
    regex = compiled(rule.pattern) if rule.pattern is not None else None
    arrays = kind in ("", "array")
    fewest = rule.min_items or 0
    most = math.inf if rule.max_items is None else rule.max_items
    each = _plain if rule.items is None else rule.items.quick

    def quick(value: Any) -> bool:
        kind_of = type(value)
        if kind_of is list:
            return (
                arrays
                and fewest <= len(value) <= most
                and (not rule.unique_items or unique(value))
                and all(map(each, value))
            )
        if kind_of is str:
            return (
                strings
                and shortest <= len(value) <= longest
                and (regex is None or regex.search(value) is not None)
            )
        if kind_of is int:
            return ints and unbounded
        if kind_of is float:
            return floats and unbounded
        return kind_of is bool and booleans

    return quick


def _never(value: Any) -> bool:
    return False


def _plain(value: Any) -> bool:
    return type(value) in PLAIN


def unique(items: list[Any] | tuple[Any, ...]) -> bool:
    """Whether no two of ``items`` are equal (``uniqueItems``)."""
    try:
        return len(set(items)) == len(items)
    except TypeError:  # objects and arrays are not hashable: compared pairwise
        return all(a != b for i, a in enumerate(items) for b in items[i + 1 :])


@lru_cache(maxsize=256)
def compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None  # an ECMA-262 pattern Python cannot read is not checked
