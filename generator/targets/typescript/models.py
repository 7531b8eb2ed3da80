"""The TypeScript view of the model's types: interfaces, open enums, unions.

Each declaration is computed here, laid out as prettier would lay it out; the
template (``templates/typescript/models.ts.j2``) only puts them one after another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model.ir import Api, Enum, Model, Union
from generator.targets.typescript import layout
from generator.targets.typescript.names import comment, key, literal, pascal, type_name
from generator.targets.typescript.types import union_members

# What the package exports besides the models: a model of one of these names is
# renamed (``Configuration`` -> ``ConfigurationModel``).
RUNTIME_EXPORTS = frozenset(
    {
        "Configuration",
        "BaseAPI",
        "ApiResponse",
        "RequestOptions",
        "ApiError",
        "SdkError",
    }
)


@dataclass(frozen=True)
class Declaration:
    """One exported declaration of ``src/models.ts``: its doc comment (or "") and code."""

    name: str
    doc: str
    code: str


def ts_names(api: Api) -> dict[str, str]:
    """The model's class names -> their TypeScript names."""
    names = (
        [m.name for m in api.models]
        + [e.name for e in api.enums]
        + [u.name for u in api.unions]
    )
    return {n: type_name(n, RUNTIME_EXPORTS) for n in names}


def declarations(api: Api, names: Mapping[str, str]) -> list[Declaration]:
    found = [_interface(m, names) for m in api.models]
    found += [_enum(e, names) for e in api.enums]
    found += [_union(u, names) for u in api.unions]
    return sorted(found, key=lambda d: d.name)


def _doc(text: str, indent: str = "") -> str:
    line = comment(text)
    return f"{indent}/** {line} */\n" if line else ""


def _interface(model: Model, names: Mapping[str, str]) -> Declaration:
    name = names[model.name]
    if not model.properties:
        return Declaration(
            name, _doc(model.description), f"export interface {name} {{}}"
        )
    lines = [f"export interface {name} {{"]
    for prop in model.properties:
        members = union_members(prop.type.shape, names)
        if prop.nullable and "null" not in members:
            members.append("null")
        doc = _doc(prop.description, layout.INDENT)
        lines.append(
            doc
            + layout.member(
                layout.INDENT, key(prop.wire_name), not prop.required, members
            )
        )
    lines.append("}")
    return Declaration(name, _doc(model.description), "\n".join(lines))


def _enum(enum: Enum, names: Mapping[str, str]) -> Declaration:
    """A const object of the known values and an open union type of the same name:
    ``MessageStatusEnum.Delivered`` and ``"DELIVERED"`` are both accepted, and a value
    the spec does not list yet (a new status) is still a ``MessageStatusEnum``."""
    name = names[enum.name]
    numeric = enum.base == "int"
    values: list[str | int] = [
        int(m.value) if numeric else m.value for m in enum.members
    ]
    used: set[str] = set()
    entries = []
    for value in values:
        member = pascal(str(value))
        while member in used:
            member += "_"
        used.add(member)
        entries.append(f"  {key(member)}: {literal(value)},")
    open_type = "(number & {})" if numeric else "(string & {})"
    alias = layout.type_alias(name, [literal(v) for v in values] + [open_type])
    const = f"export const {name} = {{\n" + "\n".join(entries) + "\n} as const;"
    return Declaration(name, _doc(enum.description), f"{const}\n{alias}")


def _union(union: Union, names: Mapping[str, str]) -> Declaration:
    """The variants; a union decoded by its tag also holds ``UnknownVariant``, what
    the server sends under a tag the spec does not list yet (kept as it came)."""
    members: list[str] = []
    for variant in union.variants:
        members += [
            m for m in union_members(variant.type.shape, names) if m not in members
        ]
    if union.tagged and union.discriminator:
        members.append(f"UnknownVariant<{literal(union.discriminator)}>")
    return Declaration(
        names[union.name],
        _doc(union.description),
        layout.type_alias(names[union.name], members),
    )
