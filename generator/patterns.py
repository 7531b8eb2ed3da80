"""A short string that matches a schema's ``pattern``, for example values.

Walks the regular expression as Python's own parser reads it and takes the shortest
way through: the first branch, the fewest repetitions, the first character of a set.
The result is checked against the pattern; a pattern this cannot satisfy (back
references, lookarounds that the shortest way breaks) gives None.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_CATEGORY: dict[Any, str] = {
    sre.CATEGORY_DIGIT: "1",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "a",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_WORD: "-",
}
_CANDIDATES = "a1A_- .+@/"


class _Unsupported(Exception):
    pass


# The longest sample made: a pattern that needs more (``^a{100000000}$``) gets none,
# rather than an example of that size.
MAX_SAMPLE = 1000


def sample_for_pattern(pattern: str) -> str | None:
    """A string ``re.search(pattern, ...)`` accepts (OpenAPI patterns are not
    anchored), or None when none is found."""
    try:
        text = _emit(sre_parse.parse(pattern))
        if len(text) > MAX_SAMPLE:
            return None
        found = re.search(pattern, text)
    except (re.error, _Unsupported, RecursionError, OverflowError):
        return None
    return text if found else None


def _emit(items: Any) -> str:
    return "".join(_one(op, arg) for op, arg in items)


def _one(op: Any, arg: Any) -> str:
    if op is sre.LITERAL:
        return chr(arg)
    if op is sre.NOT_LITERAL:
        return next(c for c in _CANDIDATES if ord(c) != arg)
    if op is sre.ANY:
        return "a"
    if op is sre.IN:
        return _from_set(arg)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = arg
        once = _emit(sub)
        if len(once) * int(low) > MAX_SAMPLE:
            raise _Unsupported("too long")
        return once * int(low)
    if op is sre.SUBPATTERN:
        return _emit(arg[-1])
    if op is sre.ATOMIC_GROUP:
        return _emit(arg)
    if op is sre.BRANCH:
        return _emit(arg[1][0])
    if op is sre.CATEGORY:
        return _CATEGORY.get(arg, "a")
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return ""
    raise _Unsupported(str(op))


def _from_set(members: Any) -> str:
    if members and members[0][0] is sre.NEGATE:
        excluded = set()
        for op, arg in members[1:]:
            if op is sre.LITERAL:
                excluded.add(chr(arg))
            elif op is sre.RANGE:
                excluded.update(chr(c) for c in range(arg[0], arg[1] + 1))
            elif op is sre.CATEGORY:
                excluded.add(_CATEGORY.get(arg, ""))
        return next(c for c in _CANDIDATES + "xyz" if c not in excluded)
    op, arg = members[0]
    if op is sre.LITERAL:
        return chr(arg)
    if op is sre.RANGE:
        return chr(arg[0])
    if op is sre.CATEGORY:
        return _CATEGORY.get(arg, "a")
    raise _Unsupported(str(op))
