"""Python literals written the way black writes them.

``repr`` quotes strings with single quotes; black then rewrites every one of them, and
black formats a file twice whenever its first pass changed anything. Emitting the
literal black would have written keeps most generated files unchanged by black, which
halves the time black spends on them.
"""

from __future__ import annotations

import re
from typing import Any

# Inside a repr'd string a backslash always starts an escape, so one left-to-right
# scan that consumes ``\\`` pairs first sees every quote and escaped quote exactly once.
_SWAP = re.compile(r"\\\\|\\'|\"")
_SWAPPED = {"\\\\": "\\\\", "\\'": "'", '"': '\\"'}


def string(value: str | bytes) -> str:
    """``repr(value)`` with black's preferred quotes: double, unless that needs more escapes."""
    single = repr(value)
    prefix = "b" if isinstance(value, bytes) else ""
    if single[len(prefix)] == '"':
        return single
    inner = single[len(prefix) + 1 : -1]
    double = _SWAP.sub(lambda m: _SWAPPED[m.group()], inner)
    if double.count("\\") > inner.count("\\"):
        return single
    return f'{prefix}"{double}"'


def literal(value: Any) -> str:
    """A Python literal for ``value``: str, number, bool, None, or lists, tuples
    (both written as tuples) and dicts of them."""
    if isinstance(value, str):
        return string(value)
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, (list, tuple)):
        items = [literal(item) for item in value]
        if len(items) == 1:
            return f"({items[0]},)"
        return f"({', '.join(items)})"
    return repr(value)


# black's default line length, which the generated code is formatted with.
LINE_LENGTH = 88


def docstring(text: str, indent: int = 4) -> str:
    """A triple-quoted docstring for ``text`` (already escaped by ``text.docstring``),
    closed where black closes it: on the last line, unless that would pass the line length.
    """
    if not text:
        return '""" """'
    if text.endswith('"'):
        text += " "
    last = text.rsplit("\n", 1)[-1]
    if "\n" in text and len(last) + 3 > LINE_LENGTH:
        return f'"""{text}\n{" " * indent}"""'
    return f'"""{text}"""'


def from_import(module: str, names: list[str], indent: int = 0) -> str:
    """``from module import names``, parenthesised one name a line when it is too long."""
    line = f"from {module} import {', '.join(names)}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    return (
        f"from {module} import (\n"
        + "".join(f"{pad}    {n},\n" for n in names)
        + f"{pad})"
    )
