"""The validation rules of the runtime's operation table (``ValueRule``, ``ModelRule``
in ``runtime/operation.ts``), as plain data from the model's ``TypeRef`` and ``Limits``.
"""

from __future__ import annotations

from typing import Any

from generator.model.ir import Api, Limits, TypeRef

# The model's Limits field -> the runtime's.
_LIMITS = {
    "min_length": "minLength",
    "max_length": "maxLength",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "min_items": "minItems",
    "max_items": "maxItems",
    "unique_items": "uniqueItems",
}


def limits(found: Limits | None) -> dict[str, Any]:
    if found is None:
        return {}
    kept: dict[str, Any] = {}
    for field, name in _LIMITS.items():
        value = getattr(found, field)
        if value is None or value == "" or value is False:
            continue
        kept[name] = (
            int(value) if isinstance(value, float) and value.is_integer() else value
        )
    return kept


def value_rule(
    ref: TypeRef,
    found: Limits | None = None,
    enums: dict[str, tuple[Any, ...]] | None = None,
) -> dict[str, Any]:
    """``ref`` as a ``ValueRule``; ``enums`` holds each enum's values by class name.
    Enums are open for responses, but a request may only send a listed value."""
    rule: dict[str, Any] = {}
    if ref.kind == "enum":
        values = (enums or {}).get(ref.ref, ())
        rule["kind"] = (
            "number" if values and all(isinstance(v, int) for v in values) else "string"
        )
        if values:
            rule["enum"] = list(values)
    elif ref.kind == "literal":
        rule["kind"] = _literal_kind(ref.literals)
        rule["enum"] = list(ref.literals)
    else:
        rule["kind"] = ref.kind
    if ref.nullable:
        rule["nullable"] = True
    kept = limits(found)
    if kept:
        rule["limits"] = kept
    if ref.kind == "array" and ref.items is not None:
        rule["items"] = value_rule(ref.items, None, enums)
    if ref.kind == "map" and ref.values is not None:
        rule["values"] = value_rule(ref.values, None, enums)
    if ref.kind in ("model", "union") and ref.ref:
        rule["kind"] = "model"
        rule["ref"] = ref.ref
    if ref.kind == "union" and not ref.ref:
        rule["variants"] = [value_rule(v, None, enums) for v in ref.variants]
    return rule


def _literal_kind(values: tuple[Any, ...]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    ):
        return "number"
    return "string"


def enum_values(api: Api) -> dict[str, tuple[Any, ...]]:
    return {
        e.name: tuple(int(m.value) if e.base == "int" else m.value for m in e.members)
        for e in api.enums
    }


def model_rules(api: Api) -> dict[str, Any]:
    """The package's one ``ModelRules`` table: every model and union by class name."""
    enums = enum_values(api)
    table: dict[str, Any] = {}
    for model in api.models:
        table[model.name] = {
            "properties": {
                p.wire_name: _property(
                    value_rule(p.type.shape, p.limits, enums), p.required
                )
                for p in model.properties
            }
        }
    for union in api.unions:
        rule: dict[str, Any] = {
            "kind": "union",
            "variants": [value_rule(v.type.shape, None, enums) for v in union.variants],
        }
        if union.tagged and union.discriminator:
            rule["discriminator"] = {
                "propertyName": union.discriminator,
                "mapping": {
                    tag: v.type.shape.ref
                    for v in union.variants
                    for tag in v.tags or (v.tag,)
                },
            }
        table[union.name] = {"properties": {}, "union": rule}
    return dict(sorted(table.items()))


def _property(rule: dict[str, Any], required: bool) -> dict[str, Any]:
    return {"rule": rule, "required": True} if required else {"rule": rule}
