"""Plain data (dicts, lists, strings, numbers, booleans, None) as a TypeScript
literal laid out as prettier lays it out: a non-empty object always one key per line
(prettier keeps an object broken when its first key is on a line of its own), an
array on one line when it fits and holds no object, else one item per line."""

from __future__ import annotations

from typing import Any

from generator.targets.typescript import layout
from generator.targets.typescript.names import data_key, literal


def ts_literal(value: Any, indent: str = "", head: str = "", tail: str = "") -> str:
    """``{indent}{head}<value>{tail}``, the value laid out from ``indent``."""
    inner = indent + layout.INDENT
    if isinstance(value, dict):
        if not value:
            return f"{indent}{head}{{}}{tail}"
        lines = [
            ts_literal(v, inner, f"{data_key(str(k))}: ", ",") for k, v in value.items()
        ]
        return f"{indent}{head}{{\n" + "\n".join(lines) + f"\n{indent}}}{tail}"
    if isinstance(value, list | tuple):
        scalars = [_scalar(v) for v in value]
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return layout.items(indent, head, scalars, tail)
        lines = [ts_literal(v, inner, "", ",") for v in value]
        return f"{indent}{head}[\n" + "\n".join(lines) + f"\n{indent}]{tail}"
    line = f"{indent}{head}{_scalar(value)}{tail}"
    key_width = len(head) - 2
    if (
        isinstance(value, str)
        and head.endswith(": ")
        and not layout.fits(line)
        and key_width >= _SHORT_KEY
    ):
        # prettier moves a long string after a key of its own width or more onto the
        # next line (a shorter key gains too little to be worth it).
        return f"{indent}{head.rstrip()}\n{indent}{layout.INDENT}{_scalar(value)}{tail}"
    return line


# A key narrower than this keeps its long string on its line (prettier: tab width + 3).
_SHORT_KEY = len(layout.INDENT) + 3


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict | list | tuple):
        return ""
    return literal(value)
