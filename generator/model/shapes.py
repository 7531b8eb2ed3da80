"""Small facts about one JSON schema, for OpenAPI 3.0 and 3.1 alike.

3.1 writes ``type: [string, 'null']`` where 3.0 writes ``nullable: true``, allows
``const``, ``type: 'null'`` and boolean schemas, and some keywords have no Python type
(``not``, ``if``/``then``/``else``, ...). These functions answer the questions
``schemas.py`` asks about a schema without caring which version wrote it, and never
fail on a malformed one (a lenient run may let junk through).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.model.ir import TypeInfo, TypeRef
from generator.model.types import typed

# Keywords the generated types cannot express, and how a warning names them.
_UNSUPPORTED = {
    "not": "`not`",
    "if": "`if`/`then`/`else`",
    "patternProperties": "`patternProperties` (extra properties are kept untyped)",
    "prefixItems": "`prefixItems` (tuples are typed as lists)",
    "dependentSchemas": "`dependentSchemas`",
    "unevaluatedProperties": "`unevaluatedProperties`",
}
_TYPES = frozenset(
    {"string", "integer", "number", "boolean", "array", "object", "null"}
)


def list_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def dict_of(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def types_of(schema: dict[str, Any]) -> list[str]:
    """The schema's types other than null, in order: ``[]`` if it names none."""
    kind = schema.get("type")
    if isinstance(kind, str):  # one type, as most schemas say it
        if kind == "null":
            return ["null"]
        return [kind] if kind in _TYPES else []
    kinds = kind if isinstance(kind, list) else [kind]
    found = [
        str(k) for k in kinds if isinstance(k, str) and k in _TYPES and k != "null"
    ]
    if not found and "null" in kinds:
        return ["null"]
    return list(dict.fromkeys(found))


def single_type(schema: dict[str, Any]) -> str:
    """The one type the schema names (besides null), or ``""``."""
    kinds = types_of(schema)
    return kinds[0] if len(kinds) == 1 else ""


def is_null(schema: Any) -> bool:
    """Whether the schema allows nothing but null (3.1 ``type: 'null'`` and friends)."""
    if not isinstance(schema, dict):
        return False
    if "const" in schema:
        return schema["const"] is None
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return all(value is None for value in enum)
    return types_of(schema) == ["null"]


def is_nullable(schema: dict[str, Any], deref: Callable[[Any], Any]) -> bool:
    """Whether null is allowed: ``nullable: true`` (3.0), ``null`` among the types
    (3.1), ``null`` in the enum, or a null option of a oneOf/anyOf (3.1)."""
    if schema.get("nullable") is True:
        return True
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    if None in list_of(schema.get("enum")):
        return True
    if "oneOf" not in schema and "anyOf" not in schema:
        return False  # most schemas: cheaper to tell
    options = list_of(schema.get("oneOf")) + list_of(schema.get("anyOf"))
    return any(is_null(deref(option)) for option in options)


def const_type(value: Any, primitive: TypeInfo | None) -> TypeInfo:
    """``Literal[value]`` where Python allows it, else the schema's plain type."""
    found = literal_type([value])
    if found is not None:
        return found
    if value is None:
        return typed(TypeRef("null"))
    return primitive or typed(TypeRef("any"))


def literal_type(values: list[Any]) -> TypeInfo | None:
    """``Literal[...]`` of ``values`` if all are strings, integers or booleans."""
    if not values or not all(isinstance(v, (str, int, bool)) for v in values):
        return None
    return typed(TypeRef("literal", literals=tuple(values)))


def enum_base(values: list[Any]) -> str | None:
    """``str`` or ``int`` if the values make an enum class of that kind, else None."""
    if values and all(isinstance(v, str) for v in values):
        return "str"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    return None


def unsupported(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """The keywords of ``schema`` whose meaning the generated type cannot carry."""
    if _UNSUPPORTED.keys().isdisjoint(schema):
        return []  # most schemas: cheaper to tell
    return [(key, what) for key, what in _UNSUPPORTED.items() if key in schema]
