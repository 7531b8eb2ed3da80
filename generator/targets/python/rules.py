"""The ``Rule(...)`` the runtime checks a request value against before sending (see
the package's ``_rules.Rule``), printed from the model's ``Limits`` and type."""

from __future__ import annotations

from generator.model.ir import Limits, Model, Parameter, Property, TypeRef
from generator.model.types import class_of
from generator.targets.python.literals import literal
from generator.targets.python.memo import per_part
from generator.targets.python.naming import model_fields

_DATES = ("date", "date-time")


def _kind(limits: Limits, shape: TypeRef | None) -> list[str]:
    """What a parameter's value must be: an enum, one of some values, or a kind."""
    enum = class_of(shape) if shape and shape.kind == "enum" else ""
    if enum:
        return [f"enum={enum}"]
    if limits.values is not None:
        return [f"values=({', '.join(literal(v) for v in limits.values)},)"]
    if limits.type == "string" and limits.format in _DATES:
        return [f"kind={literal(limits.format)}"]
    if limits.type and limits.type != "null":
        return [f"kind={literal(limits.type)}"]
    return []


def _bounds(limits: Limits) -> list[str]:
    args = []
    for low, value, exclusive in (
        ("minimum", limits.minimum, limits.exclusive_minimum),
        ("maximum", limits.maximum, limits.exclusive_maximum),
    ):
        if exclusive is not None:
            args.append(f"exclusive_{low}={exclusive!r}")
        if value is not None:
            args.append(f"{low}={value!r}")
    return args


def rule_code(
    limits: Limits,
    shape: TypeRef | None,
    *,
    typed: bool,
    required: bool = False,
    nullable: bool = False,
) -> str:
    """``Rule(...)`` for a value, or ``""`` when it allows every value of its type.

    ``typed``: the rule also checks the value's kind and enum (for parameters; pydantic
    checks those of model fields); ``shape`` names the enum class.
    """
    args = _kind(limits, shape) if typed else []
    if required:
        args.append("required=True")
    if nullable:
        args.append("nullable=True")
    for name in ("min_length", "max_length", "min_items", "max_items", "multiple_of"):
        value = getattr(limits, name)
        if value is not None:
            args.append(f"{name}={value!r}")
    args += _bounds(limits)
    if limits.unique_items:
        args.append("unique_items=True")
    if limits.pattern:
        args.append(f"pattern={literal(limits.pattern)}")
    if limits.items is not None:
        items = rule_code(limits.items, shape.items if shape else None, typed=typed)
        if items:
            args.append(f"items={items}")
    return f"Rule({', '.join(args)})" if args else ""


def parameter_rule(param: Parameter) -> str:
    """The ``Rule(...)`` a parameter's value is checked against before sending."""
    return rule_code(
        param.limits, param.type.shape, typed=True, required=param.required
    )


_ONLY_NULL = TypeRef("null")


def property_rule(prop: Property) -> str:
    """The ``Rule(...)`` a request checks a model field's value against."""
    # A field whose only type is null is sent as null when given.
    shape = prop.type.shape
    only_null = shape.kind == "null" and shape == _ONLY_NULL
    return rule_code(
        prop.limits, shape, typed=False, nullable=prop.nullable or only_null
    )


@per_part
def model_rules(model: Model) -> tuple[tuple[str, str], ...]:
    """``(python name, Rule(...))`` of the fields whose value a request checks (asked
    for a model's imports, its base classes and its class body)."""
    names = model_fields(model)
    found = ((names[p.wire_name], property_rule(p)) for p in model.properties)
    return tuple((name, rule) for name, rule in found if rule)
