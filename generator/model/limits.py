"""The spec's limits on a request value, as data (``Limits``): what a target's runtime
checks before sending."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from generator.model import shapes
from generator.model.ir import Limits

# How deep limits_of() looks into arrays of arrays.
_MAX_DEPTH = 8


def _number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def limits_of(
    schema: dict[str, Any], deref: Callable[[Any], Any], depth: int = 0
) -> Limits:
    """The limits ``schema`` sets on a value, as data; ``deref`` resolves an array's
    ``items`` if it is a ``$ref``."""
    if _KEYWORDS.isdisjoint(schema):
        # Most schemas set no limit at all: their type and format, shared.
        fmt = schema.get("format")
        return _unlimited(
            shapes.single_type(schema), fmt if isinstance(fmt, str) else ""
        )

    def number(key: str) -> Any:
        value = schema.get(key)
        return value if _number(value) else None

    def bound(low: str, exclusive: str) -> tuple[Any, Any]:
        """The bound and the exclusive bound, 3.0's boolean flag moving the first."""
        value, flag = number(low), schema.get(exclusive)
        if flag is True:
            return None, value
        return value, flag if _number(flag) else None

    minimum, exclusive_minimum = bound("minimum", "exclusiveMinimum")
    maximum, exclusive_maximum = bound("maximum", "exclusiveMaximum")
    is_array = "array" in shapes.types_of(schema)
    # Bounded: an array schema may be its own items through a $ref.
    items = deref(schema.get("items")) if is_array and depth < _MAX_DEPTH else None
    item_limits = (
        limits_of(items, deref, depth + 1) if isinstance(items, dict) else None
    )
    pattern, fmt = schema.get("pattern"), schema.get("format")
    return Limits(
        type=shapes.single_type(schema),
        format=fmt if isinstance(fmt, str) else "",
        values=_values(schema),
        min_length=number("minLength"),
        max_length=number("maxLength"),
        pattern=pattern if isinstance(pattern, str) else "",
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=exclusive_minimum,
        exclusive_maximum=exclusive_maximum,
        multiple_of=number("multipleOf"),
        min_items=number("minItems"),
        max_items=number("maxItems"),
        unique_items=is_array and schema.get("uniqueItems") is True,
        items=item_limits if item_limits != Limits() else None,
    )


# Every keyword read below but the type and format.
_KEYWORDS = frozenset(
    {
        "minimum",
        "exclusiveMinimum",
        "maximum",
        "exclusiveMaximum",
        "items",
        "pattern",
        "const",
        "enum",
        "minLength",
        "maxLength",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
    }
)


@functools.cache
def _unlimited(kind: str, fmt: str) -> Limits:
    return Limits(type=kind, format=fmt)


def _values(schema: dict[str, Any]) -> tuple[Any, ...] | None:
    """The values a ``const`` or a non-empty ``enum`` allows (but objects and arrays)."""
    if "const" in schema:
        return (schema["const"],)
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return tuple(v for v in enum if not isinstance(v, (dict, list)))
    return None
