"""Example values for the docs, as Python source that builds them.

Values come from the spec's examples where it has them, else are synthesised from the
schema (enum, format, pattern-free lengths, bounds). Every piece of spec text reaches
the output through ``repr``, so an example can only ever be a literal.
"""

from __future__ import annotations

from typing import Any

from .model import Operation, SecurityScheme, TypeInfo
from .schemas import SchemaRegistry, Where

_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T12:00:00Z",
    "date": "2024-01-01",
    "uuid": "4a6ea6c0-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
}
_MAX_DEPTH = 6


def parameter_example(
    schemas: SchemaRegistry, param: dict[str, Any], ptype: TypeInfo, where: Where
) -> str:
    schema = param.get("schema") or {}
    value = param["example"] if "example" in param else _sample(schemas, schema, where, 0)
    return to_code(schemas, value, ptype)


def body_example(
    schemas: SchemaRegistry, media: dict[str, Any], btype: TypeInfo, where: Where
) -> str:
    if btype.is_binary:
        return 'b"example file content"'
    schema = media.get("schema") or {}
    if "example" in media:
        value = media["example"]
    else:
        value = _sample(schemas, schema, where, 0)
    return to_code(schemas, value, btype)


def _sample(schemas: SchemaRegistry, schema: Any, where: Where, depth: int) -> Any:
    schema, where = schemas.deref(schema, where)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    if "example" in schema:
        return schema["example"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return _sample(schemas, schema[key][0], where.child(key, 0), depth + 1)
    if "allOf" in schema or "properties" in schema:
        result: dict[str, Any] = {}
        parts = [(schema, where)] + [
            (p, where.child("allOf", i)) for i, p in enumerate(schema.get("allOf") or [])
        ]
        for part, part_where in parts:
            part, part_where = schemas.deref(part, part_where)
            if not isinstance(part, dict):
                continue
            if "example" in part and isinstance(part["example"], dict):
                result.update(part["example"])
                continue
            required = set(part.get("required") or [])
            for name, prop in (part.get("properties") or {}).items():
                if name in required and name not in result:
                    result[name] = _sample(
                        schemas, prop, part_where.child("properties", name), depth + 1
                    )
        return result
    kind = schema.get("type")
    if kind == "array":
        return [_sample(schemas, schema.get("items") or {}, where.child("items"), depth + 1)]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1.5))
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = schema.get("format")
        if fmt in _FORMAT_SAMPLES:
            return _FORMAT_SAMPLES[fmt]
        text = "example"
        length = int(schema.get("minLength", 0) or 0)
        return text.ljust(length, "x") if length > len(text) else text
    return None


def to_code(schemas: SchemaRegistry, value: Any, type_info: TypeInfo) -> str:
    """Python source that builds ``value`` as ``type_info`` from the ``models`` module."""
    annotation = type_info.annotation
    model = schemas.models.get(annotation)
    if model is not None and isinstance(value, dict):
        args = []
        for prop in model.properties:
            if prop.wire_name in value and value[prop.wire_name] is not None:
                args.append(
                    f"{prop.py_name}={to_code(schemas, value[prop.wire_name], prop.type)}"
                )
        return f"models.{model.name}({', '.join(args)})"
    enum = schemas.enums.get(annotation)
    if enum is not None:
        member = next((m for m in enum.members if m.value == str(value)), None)
        return f"models.{enum.name}.{member.py_name}" if member else repr(value)
    union = schemas.unions.get(annotation)
    if union is not None and union.variants:
        variant = union.variants[0]
        if union.discriminator and isinstance(value, dict):
            tag = value.get(union.discriminator)
            variant = next((v for v in union.variants if v.tag == tag), variant)
        return to_code(schemas, value, variant.type)
    if annotation.startswith("list[") and isinstance(value, list):
        inner = TypeInfo(annotation[5:-1], type_info.display, type_info.refs)
        return "[" + ", ".join(to_code(schemas, v, inner) for v in value) + "]"
    if annotation in ("datetime", "date") and isinstance(value, str):
        return f"{annotation}.fromisoformat({value!r})"
    if annotation == "int" and isinstance(value, (int, float, str)):
        try:
            return repr(int(value))
        except ValueError:
            return "1"
    if annotation == "float" and isinstance(value, (int, float)):
        return repr(float(value))
    if annotation == "str":
        return repr(value if isinstance(value, str) else str(value))
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return repr(value)
    return repr(str(value))


def operation_example(
    package: str,
    attr_name: str,
    op: Operation,
    scheme: SecurityScheme | None,
) -> str:
    """A complete script calling ``op``: imports, credentials from the environment."""
    args = [p.example for p in op.parameters if p.location == "path"]
    if op.body is not None and op.body.required:
        args.append(op.body.example)
    kwargs = [
        f"{p.py_name}={p.example}"
        for p in op.parameters
        if p.location != "path" and (p.required or p.example)
    ]
    if op.body is not None and not op.body.required:
        kwargs.append(f"{op.body.py_name}={op.body.example}")
    call_args = args + kwargs
    uses_models = "models." in " ".join(call_args)
    dates = sorted(n for n in ("datetime", "date") if f"{n}.fromisoformat(" in " ".join(call_args))
    lines = ["import os"]
    if dates:
        lines.append(f"from datetime import {', '.join(dates)}")
    lines.append("")
    lines.append(f"from {package} import Client" + (", models" if uses_models else ""))
    lines.append("")
    if scheme is not None:
        creds = ", ".join(
            f"{param}=os.environ[{env!r}]" for param, env in zip(scheme.params, scheme.env_vars)
        )
        lines.append(f"client = Client({creds})")
    else:
        lines.append("client = Client()")
    result = "result" if op.success_kind != "none" else ""
    call = f"client.{attr_name}.{op.py_name}({', '.join(call_args)})"
    lines.append(f"{result} = {call}" if result else call)
    if result:
        lines.append("print(result)")
    return "\n".join(lines)
