"""The spec's limits on a request value, as the ``Rule(...)`` the runtime checks
before sending (see the package's ``_models.Rule``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.model import shapes
from generator.model.ir import Limits
from generator.model.literals import literal
from generator.model.types import class_of

if TYPE_CHECKING:
    from generator.model.schemas import SchemaRegistry, Where

# Schema keyword -> Rule argument, for limits whose value is a number.
_LIMITS = (
    ("minLength", "min_length"),
    ("maxLength", "max_length"),
    ("minItems", "min_items"),
    ("maxItems", "max_items"),
    ("multipleOf", "multiple_of"),
)
_DATES = {"date": "date", "date-time": "date-time"}
# How deep limits_of() looks into arrays of arrays.
_MAX_DEPTH = 8


def _number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _bounds(schema: dict[str, Any]) -> list[str]:
    """``minimum``/``maximum`` and their exclusive forms, in 3.0's boolean and 3.1's
    numeric spelling alike."""
    args = []
    for low, bound, exclusive in (
        ("minimum", "minimum", "exclusiveMinimum"),
        ("maximum", "maximum", "exclusiveMaximum"),
    ):
        value, flag = schema.get(bound), schema.get(exclusive)
        if _number(flag):
            args.append(f"exclusive_{low}={flag!r}")
        if _number(value):
            args.append(f"{'exclusive_' if flag is True else ''}{low}={value!r}")
    return args


def rule_code(
    registry: SchemaRegistry,
    schema: Any,
    where: Where,
    *,
    typed: bool,
    required: bool = False,
    nullable: bool = False,
) -> str:
    """``Rule(...)`` for ``schema``, or ``""`` when it allows every value of its type.

    ``typed``: the rule also checks the value's kind and enum (for parameters; pydantic
    checks those of model fields).
    """
    resolved, rwhere = registry.deref(schema, where)
    resolved = resolved if isinstance(resolved, dict) else {}
    args: list[str] = []
    if typed:
        info = registry.type_of(schema, where, "")
        enum = registry.enums.get(class_of(info.shape))
        kind = shapes.single_type(resolved)
        fmt = resolved.get("format")
        if enum is not None:
            args.append(f"enum={enum.name}")
        elif "const" in resolved:
            args.append(f"values=({literal(resolved['const'])},)")
        elif isinstance(resolved.get("enum"), list) and resolved["enum"]:
            values = [v for v in resolved["enum"] if not isinstance(v, (dict, list))]
            args.append(f"values=({', '.join(literal(v) for v in values)},)")
        elif kind == "string" and isinstance(fmt, str) and fmt in _DATES:
            args.append(f"kind={literal(_DATES[fmt])}")
        elif kind and kind != "null":
            args.append(f"kind={literal(kind)}")
    if required:
        args.append("required=True")
    if nullable:
        args.append("nullable=True")
    for keyword, name in _LIMITS:
        if _number(resolved.get(keyword)):
            args.append(f"{name}={resolved[keyword]!r}")
    args += _bounds(resolved)
    if resolved.get("uniqueItems") is True and "array" in shapes.types_of(resolved):
        args.append("unique_items=True")
    if isinstance(resolved.get("pattern"), str):
        args.append(f"pattern={literal(resolved['pattern'])}")
    if "array" in shapes.types_of(resolved) and isinstance(resolved.get("items"), dict):
        items = rule_code(
            registry, resolved["items"], rwhere.child("items"), typed=typed
        )
        if items:
            args.append(f"items={items}")
    return f"Rule({', '.join(args)})" if args else ""


def limits_of(
    schema: dict[str, Any], deref: Callable[[Any], Any], depth: int = 0
) -> Limits:
    """The limits ``schema`` sets on a value, as data: the same keywords ``rule_code``
    reads; ``deref`` resolves an array's ``items`` if it is a ``$ref``."""

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
    pattern = schema.get("pattern")
    return Limits(
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
