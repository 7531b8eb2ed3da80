"""TypeScript types printed from the model's structured types (``model.TypeRef``).

Values are what JSON carries: dates and date-times stay ISO 8601 strings, as the
server sends them (a ``Date`` would change the value on its way back), 64-bit
integers stay ``number``; binary bodies are ``Blob``s.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.model.ir import TypeRef
from generator.targets.typescript.names import literal

_SCALARS = {
    "string": "string",
    "date": "string",
    "datetime": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "binary": "Blob",
    "any": "unknown",
    "null": "null",
}


def ts_type(ref: TypeRef, names: Mapping[str, str]) -> str:
    """``ref`` as a TypeScript type; ``names`` maps the model's class names to the
    TypeScript ones."""
    return " | ".join(_members(ref, names))


def union_members(ref: TypeRef, names: Mapping[str, str]) -> list[str]:
    """The members of ``ref`` at its top level, ``null`` last, for a union laid out
    one member per line."""
    return _members(ref, names)


def _members(ref: TypeRef, names: Mapping[str, str]) -> list[str]:
    if ref.kind in _SCALARS:
        members = [_SCALARS[ref.kind]]
    elif ref.kind == "array":
        members = [f"Array<{ts_type(ref.items, names) if ref.items else 'unknown'}>"]
    elif ref.kind == "map":
        members = [
            f"Record<string, {ts_type(ref.values, names) if ref.values else 'unknown'}>"
        ]
    elif ref.kind in ("model", "enum") or (ref.kind == "union" and ref.ref):
        members = [names.get(ref.ref, ref.ref)]
    elif ref.kind == "literal":
        members = [literal(v) for v in ref.literals] or ["never"]
    else:
        members = []
        for variant in ref.variants:
            members += [m for m in _members(variant, names) if m not in members]
        members = members or ["unknown"]
    if ref.nullable and "null" not in members:
        members.append("null")
    return members
