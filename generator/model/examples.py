"""Example values for the docs, as ``Sample`` trees each target prints as code.

Values come from the spec's examples where it has them, else are synthesised from the
schema (const, enum, format, pattern, lengths, bounds, item counts), and a spec example
that leaves out a required property gets it synthesised too: a model in an example is
always constructible. A sample is data, never code: the Python target prints it
(``targets/python/samples.py``) and ``docs/scripts.py`` puts it in scripts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from generator.model.ir import Sample, TypeInfo, TypeRef
from generator.model.patterns import sample_for_pattern
from generator.model.schemas import SchemaRegistry, Where, json_text
from generator.model.types import typed

_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T12:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "uuid": "4a6ea6c0-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uri-reference": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
}
_MAX_DEPTH = 6
# Up to these, a list or a string a schema's minItems / minLength asks for is written
# out; beyond, it is written as a repetition (``[item] * 1000000``, ``"x" * 5000``):
# still valid, and the example stays small whatever the constraint says.
_SPELLED_ITEMS = 8
_SPELLED_CHARS = 80
# Beyond these an example is too big to be one, when run as much as when read: a
# schema that asks for more (``minLength: 2000000000``, ``minItems`` nested three
# deep) gets the placeholder ``...`` rather than an example the SDK would refuse.
_MAX_CHARS = 10_000
_MAX_ITEMS = 1_000
# Items and characters an example builds in all, repetitions multiplied out.
_MAX_BUILT = 100_000


class _NoFit:
    """A value no small example satisfies (see ``_MAX_BUILT``)."""


_NO_FIT = _NoFit()


class _Many(list[Any]):
    """``count`` copies of one item, kept (and written) as one."""

    def __init__(self, item: Any, count: int) -> None:
        super().__init__([item])
        self.times = count


class _Padded(str):
    """A string followed by ``count`` more ``x``s, kept (and written) short."""

    times: int

    def __new__(cls, text: str, count: int) -> _Padded:
        made = super().__new__(cls, text)
        made.times = count
        return made


# -- values ------------------------------------------------------------------------


def parameter_example(
    schemas: SchemaRegistry, param: dict[str, Any], ptype: TypeInfo, where: Where
) -> Sample | None:
    schema = param.get("schema") or {}
    value = _given_example(param)
    if value is _NONE:
        value = _sample(schemas, schema, where, 0)
    elif (
        param.get("in") != "header"
        and isinstance(value, str)
        and _PERCENT.search(value)
    ):
        # Specs often give a parameter's example as it looks in the URL
        # ("%2B1919..."); the SDK encodes what it is given, so the example is the
        # value itself, or it would be encoded twice.
        value = unquote(value)
    return to_sample(schemas, value, ptype) if _fits(value) else None


def body_example(
    schemas: SchemaRegistry, media: dict[str, Any], btype: TypeInfo, where: Where
) -> Sample | None:
    if btype.is_binary:
        return Sample("binary", "example file content")
    schema = media.get("schema") or {}
    value = _given_example(media)
    if value is _NONE:
        value = _sample(schemas, schema, where, 0)
    else:
        value = _complete(schemas, schema, where, value, 0)
    return to_sample(schemas, value, btype) if _fits(value) else None


def given_json(
    schemas: SchemaRegistry, node: dict[str, Any], where: Where, in_url: bool = False
) -> str:
    """The example a parameter or media type (``node``) gives, else its schema's, as
    JSON text with the required properties it lacks filled in (see ``_complete``); ""
    when the spec gives none or it is too big to show."""
    schema = node.get("schema") or {}
    value = _given_example(node)
    if value is _NONE:
        resolved, _ = schemas.deref(schema, where)
        value = _schema_example(resolved) if isinstance(resolved, dict) else _NONE
    if value is _NONE:
        return ""
    if in_url and isinstance(value, str) and _PERCENT.search(value):
        value = unquote(value)  # as in ``parameter_example``
    value = _complete(schemas, schema, where, value, 0)
    return json_text(value) if _fits(value) and _plain(value) else ""


def _plain(value: Any) -> bool:
    """Whether ``value`` holds no shortened repetition (``_Many``, ``_Padded``)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Many | _Padded):
            return False
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return True


def sample(schemas: SchemaRegistry, schema: Any, where: Where) -> Any:
    """An example value of ``schema`` as JSON data (a callback's payload, say); None
    if no small one satisfies it."""
    value = _sample(schemas, schema, where, 0)
    return value if _fits(value) else None


def _fits(value: Any) -> bool:
    """Whether ``value`` holds no ``_NO_FIT`` and builds at most ``_MAX_BUILT`` items
    and characters when run, each repetition multiplied out."""
    built = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, times = stack.pop()
        if item is _NO_FIT:
            return False
        if isinstance(item, _Many):
            stack.append((item[0], times * item.times))
            built += times * item.times
        elif isinstance(item, list):
            stack.extend((v, times) for v in item)
            built += times * len(item)
        elif isinstance(item, dict):
            stack.extend((v, times) for v in item.values())
            built += times * len(item)
        elif isinstance(item, _Padded):
            built += times * (len(item) + item.times)
        elif isinstance(item, str):
            built += times * len(item)
        else:
            built += times
        if built > _MAX_BUILT:
            return False
    return True


_NONE = object()
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def _given_example(node: dict[str, Any]) -> Any:
    """The example a parameter or media type gives (``example`` or the first of
    ``examples``), or ``_NONE``."""
    if "example" in node:
        return node["example"]
    given = node.get("examples")
    if isinstance(given, dict):
        for item in given.values():
            if isinstance(item, dict) and "value" in item:
                return item["value"]
    return _NONE


def _schema_example(schema: dict[str, Any]) -> Any:
    if "example" in schema:
        return schema["example"]
    given = schema.get("examples")
    if isinstance(given, list) and given:
        return given[0]
    return _NONE


def _sample(schemas: SchemaRegistry, schema: Any, where: Where, depth: int) -> Any:
    schema, where = schemas.deref(schema, where)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    given = _schema_example(schema)
    if given is not _NONE:
        return _complete(schemas, schema, where, given, depth)
    if "const" in schema:
        return schema["const"]
    if schema.get("default") is not None:
        return schema["default"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return next((v for v in schema["enum"] if v is not None), None)
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return _sample(schemas, schema[key][0], where.child(key, 0), depth + 1)
    if "allOf" in schema or "properties" in schema:
        return _complete(schemas, schema, where, {}, depth)
    kind = _kind(schema)
    if kind == "array":
        item = _sample(
            schemas, schema.get("items") or {}, where.child("items"), depth + 1
        )
        count = max(1, _int(schema.get("minItems"), 1))
        if count > _MAX_ITEMS:
            return _NO_FIT
        return [item] * count if count <= _SPELLED_ITEMS else _Many(item, count)
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        extra = schema["additionalProperties"]
        return {
            "key": _sample(
                schemas, extra, where.child("additionalProperties"), depth + 1
            )
        }
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(schema)
    return None


def _complete(
    schemas: SchemaRegistry, schema: Any, where: Where, value: Any, depth: int
) -> Any:
    """``value`` (from an example) with every required property it lacks synthesised,
    at every depth, so that the models built from it validate."""
    schema, where = schemas.deref(schema, where)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return value
    if isinstance(value, _Many) and _kind(schema) == "array":
        item = _complete(
            schemas,
            schema.get("items") or {},
            where.child("items"),
            value[0],
            depth + 1,
        )
        return _Many(item, value.times)
    if isinstance(value, list) and _kind(schema) == "array":
        items = schema.get("items") or {}
        return [
            _complete(schemas, items, where.child("items"), v, depth + 1) for v in value
        ]
    if not isinstance(value, dict):
        return value
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            index = _best_option(schemas, options, where.child(key), value)
            return _complete(
                schemas, options[index], where.child(key, index), value, depth + 1
            )
    # allOf parts: a property may be declared in one part and required in another.
    props: dict[str, tuple[Any, Where]] = {}
    required: set[str] = set()
    for part, part_where in _object_parts(schemas, schema, where):
        required.update(str(name) for name in part.get("required") or [])
        for name, prop in (part.get("properties") or {}).items():
            props.setdefault(str(name), (prop, part_where.child("properties", name)))
    result = dict(value)
    for name, (prop, prop_where) in props.items():
        if name in result:
            result[name] = _complete(schemas, prop, prop_where, result[name], depth + 1)
        elif name in required and not _read_only(schemas, prop, prop_where):
            result[name] = _sample(schemas, prop, prop_where, depth + 1)
    return result


def _object_parts(
    schemas: SchemaRegistry, schema: dict[str, Any], where: Where
) -> list[tuple[dict[str, Any], Where]]:
    parts = [(schema, where)]
    for index, part in enumerate(schema.get("allOf") or []):
        resolved, part_where = schemas.deref(part, where.child("allOf", index))
        if isinstance(resolved, dict):
            parts.extend(_object_parts(schemas, resolved, part_where))
    return parts


def _best_option(
    schemas: SchemaRegistry, options: list[Any], where: Where, value: dict[str, Any]
) -> int:
    """The union option ``value`` fits best: its discriminator const or enum first,
    then the most of its keys known, then the fewest required properties missing."""

    def score(index: int) -> tuple[int, int, int]:
        option, option_where = schemas.deref(options[index], where.child(index))
        if not isinstance(option, dict):
            return (0, 0, 0)
        props: dict[str, Any] = {}
        required: set[str] = set()
        for part, _ in _object_parts(schemas, option, option_where):
            props.update(part.get("properties") or {})
            required.update(part.get("required") or [])
        fixed = 0
        for name, prop in props.items():
            prop, _ = schemas.deref(prop, option_where)
            allowed = _allowed_values(prop)
            if name in value and allowed:
                fixed += 1 if value[name] in allowed else -10
        known = sum(1 for key in value if key in props)
        missing = sum(1 for key in required if key not in value)
        return (fixed, known, -missing)

    return max(range(len(options)), key=lambda i: (score(i), -i))


def _allowed_values(schema: Any) -> list[Any]:
    if not isinstance(schema, dict):
        return []
    if "const" in schema:
        return [schema["const"]]
    values = schema.get("enum")
    return values if isinstance(values, list) and len(values) == 1 else []


def _read_only(schemas: SchemaRegistry, schema: Any, where: Where) -> bool:
    resolved, _ = schemas.deref(schema, where)
    return isinstance(resolved, dict) and bool(resolved.get("readOnly"))


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "")
    return kind if isinstance(kind, str) else ""


def _int(value: Any, default: int) -> int:
    return (
        int(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else default
    )


def _number(schema: dict[str, Any], kind: str) -> int | float:
    low = schema.get("minimum")
    exclusive = schema.get("exclusiveMinimum")
    if isinstance(exclusive, (int, float)) and not isinstance(exclusive, bool):
        low = exclusive + (1 if kind == "integer" else 0.5)  # OpenAPI 3.1 form
    elif exclusive is True and isinstance(low, (int, float)):
        low = low + (1 if kind == "integer" else 0.5)
    value: float = (
        low if isinstance(low, (int, float)) else (1 if kind == "integer" else 1.5)
    )
    high = schema.get("maximum")
    if isinstance(high, (int, float)) and not isinstance(high, bool) and value > high:
        value = high
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and step > 0 and value % step:
        value = (value // step + 1) * step
    return int(value) if kind == "integer" else float(value)


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except (re.error, RecursionError, OverflowError):
        return False


def _string(schema: dict[str, Any]) -> str | _NoFit:
    fmt = schema.get("format")
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        found = sample_for_pattern(pattern)
        if found is not None:
            return found
    text = _FORMAT_SAMPLES.get(fmt, "example") if isinstance(fmt, str) else "example"
    if isinstance(pattern, str) and not _matches(pattern, text):
        return _NO_FIT  # the strict client would refuse the sample
    low = _int(schema.get("minLength"), 0)
    high = _int(schema.get("maxLength"), len(text))
    if len(text) < low:
        if low > _MAX_CHARS:
            return _NO_FIT
        if low > _SPELLED_CHARS:
            return _Padded(text, low - len(text))
        text = text.ljust(low, "x")
    return text[: max(high, low)] if len(text) > high else text


# -- values as samples ---------------------------------------------------------------


def to_sample(schemas: SchemaRegistry, value: Any, type_info: TypeInfo) -> Sample:
    """``value`` as a ``Sample`` of ``type_info``: what builds it, for a target to print."""
    shape = type_info.shape
    if value is None and shape.nullable:
        return Sample("json")
    named = shape.ref if shape.kind in ("model", "enum", "union") else ""
    model = schemas.models.get(named)
    if model is not None and isinstance(value, dict):
        fields = tuple(
            (p.wire_name, to_sample(schemas, value[p.wire_name], p.type))
            for p in model.properties
            if value.get(p.wire_name) is not None
        )
        return Sample("model", ref=model.name, fields=fields)
    enum = schemas.enums.get(named)
    if enum is not None:
        if any(m.value == str(value) for m in enum.members):
            return Sample("enum", str(value), ref=enum.name)
        return Sample("json", _data(value))
    union = schemas.unions.get(named)
    if union is not None and union.variants:
        return to_sample(
            schemas,
            value,
            _variant_for(schemas, union.variants, union.discriminator, value),
        )
    if shape.kind == "array" and isinstance(value, list):
        inner = typed(shape.items or TypeRef("any"))
        if isinstance(value, _Many):
            item = to_sample(schemas, value[0], inner)
            return Sample("repeat", items=(item,), times=value.times)
        return Sample("list", items=tuple(to_sample(schemas, v, inner) for v in value))
    if shape.kind == "map" and isinstance(value, dict):
        inner = typed(shape.values or TypeRef("any"))
        entries = tuple(
            (str(k), to_sample(schemas, v, inner)) for k, v in value.items()
        )
        return Sample("map", fields=entries)
    if shape.kind in ("datetime", "date") and isinstance(value, str):
        return Sample("date" if shape.kind == "date" else "datetime", value)
    if shape.kind == "integer" and isinstance(value, (int, float, str)):
        try:
            return Sample("json", int(value))
        except ValueError:
            return Sample("json", 1)
    if shape.kind == "number" and isinstance(value, (int, float)):
        return Sample("json", float(value))
    if shape.kind == "string" and isinstance(value, _Padded):
        return Sample("padded", str(value), times=value.times)
    if shape.kind == "string":
        return Sample("json", value if isinstance(value, str) else str(value))
    return Sample("json", _data(value))


def _data(value: Any) -> Any:
    """``value`` as plain JSON data: a repetition as the one item it keeps, a padded
    string short, and any other value (a date the YAML gave) as its text."""
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_data(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return str(value)


def _variant_for(
    schemas: SchemaRegistry, variants: Any, discriminator: str, value: Any
) -> TypeInfo:
    """The union variant a value builds: by its tag, else the model whose fields
    cover the value's keys best, else the first whose type takes the value."""
    if isinstance(value, dict):
        if discriminator and discriminator in value:
            for variant in variants:
                if str(value[discriminator]) in (variant.tags or (variant.tag,)):
                    return variant.type  # type: ignore[no-any-return]

        def fit(variant: Any) -> tuple[int, int]:
            model = schemas.models.get(variant.type.shape.ref)
            if model is None or variant.type.shape.kind != "model":
                return (-1, 0)
            wires = {p.wire_name for p in model.properties}
            missing = sum(
                1 for p in model.properties if p.required and p.wire_name not in value
            )
            return (sum(1 for key in value if key in wires), -missing)

        return max(variants, key=fit).type  # type: ignore[no-any-return]
    kinds = {
        str: "string",
        bool: "boolean",
        int: "integer",
        float: "number",
        list: "array",
    }
    wanted = next(
        (
            name
            for kind, name in kinds.items()
            if type(value) is kind or (kind in (str, list) and isinstance(value, kind))
        ),
        "",
    )
    for variant in variants:
        if wanted and variant.type.shape.kind == wanted:
            return variant.type  # type: ignore[no-any-return]
    return variants[0].type  # type: ignore[no-any-return]
