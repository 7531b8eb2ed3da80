"""Python annotations, and the docs' display of a type, printed from the model's types.

The model describes a type as a ``TypeRef`` tree; this module is the one place that
spells one the Python way (``list[Message]``, ``dict[str, Any]``, ``Literal["a"]``,
``Kind | None``) and the one place that knows which names such a spelling takes from
the standard library (``datetime``, ``typing``). Nothing reads an annotation back:
whoever needs to know what a type is asks its ``TypeRef``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from generator.model.ir import TypeRef, UnionVariant
from generator.model.types import nodes
from generator.targets.python.literals import literal


@dataclass(frozen=True)
class Import:
    module: str
    names: tuple[str, ...]
    # Imports are laid out in isort's sections: "stdlib", "third_party", "local".
    section: str = "local"


_NAMES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "binary": "bytes",
    "date": "date",
    "datetime": "datetime",
    "any": "Any",
    "null": "None",
}
# Where a name an annotation may use comes from, in the order isort lists them.
_LIBRARY = (
    ("datetime", ("date", "datetime"), "stdlib"),
    (
        "typing",
        (
            "TYPE_CHECKING",
            "Annotated",
            "Any",
            "ClassVar",
            "Literal",
            "Mapping",
            "Union",
        ),
        "stdlib",
    ),
    ("pydantic", ("Discriminator", "Field", "Tag"), "third_party"),
    ("typing_extensions", ("TypeAliasType",), "third_party"),
)


def annotation(shape: TypeRef, *, upload: bool = False) -> str:
    """``shape`` as written in the generated code; ``upload``: a request body of binary
    data (or a union with such a member) is taken as the runtime's ``FileContent``, not
    only as ``bytes``."""
    return "".join(text for text, _ in _printed(shape, upload=upload, docs=False))


def display(shape: TypeRef) -> str:
    """``shape`` as the docs show it: literals as their values, ``'a' | 'b'``."""
    return "".join(text for text, _ in display_parts(shape))


def display_parts(shape: TypeRef) -> list[tuple[str, str]]:
    """``display(shape)`` in pieces, each with the generated class it names ("" for
    none), for the docs to link each class to its page."""
    return _printed(shape, upload=False, docs=True)


def optional(shape: TypeRef) -> str:
    """The annotation of ``shape`` or None: an optional or nullable field's."""
    spelled = annotation(shape)
    # What ``_printed`` adds to a nullable type, without a copy of ``shape``.
    if shape.nullable or shape.kind in ("any", "null"):
        return spelled
    return spelled + " | None"


def renamed(shape: TypeRef, names: Mapping[str, str]) -> TypeRef:
    """``shape`` with the classes in ``names`` called by their new names (a module
    that imports a class under an alias)."""
    named = shape.kind in ("model", "enum", "union") and shape.ref in names
    return replace(
        shape,
        ref=names[shape.ref] if named else shape.ref,
        items=renamed(shape.items, names) if shape.items else None,
        values=renamed(shape.values, names) if shape.values else None,
        variants=tuple(renamed(v, names) for v in shape.variants),
    )


def union_value(
    variants: tuple[UnionVariant, ...], discriminator: str, field: str, tagged: bool
) -> str:
    """The right-hand side of ``Name = ...`` for a union of ``variants``: decoded by
    the tag in ``discriminator`` (the model field ``field``) when ``tagged``, with
    ``UnknownVariant`` for a tag it does not list; else the first variant that fits."""
    if not variants:
        return "Any"
    if tagged:
        members = ", ".join(
            [
                f"Annotated[{annotation(v.type.shape)}, Tag({literal(v.tag)})]"
                for v in variants
            ]
            + ["Annotated[UnknownVariant, Tag(UNKNOWN_TAG)]"]
        )
        selects = literal({tag: v.tag for v in variants for tag in v.tags})
        return (
            f"Annotated[Union[{members}], "
            f"Discriminator(discriminate({literal(discriminator)}, {literal(field)}, {selects}))]"
        )
    if len(variants) == 1:
        # Left with one member once duplicates are gone (``oneOf: [string, string]``):
        # pydantic refuses ``Union[str]`` with a union mode.
        return annotation(variants[0].type.shape)
    members = ", ".join(annotation(v.type.shape) for v in variants)
    return f'Annotated[Union[{members}], Field(union_mode="left_to_right")]'


def union_names(
    variants: tuple[UnionVariant, ...], tagged: bool, deferred: bool
) -> set[str]:
    """The names ``union_value`` spells besides the classes; ``deferred``: the value is
    wrapped in a ``TypeAliasType``."""
    found = used_names(v.type.shape for v in variants)
    if not variants:
        found.add("Any")
    elif tagged:
        found |= {"Annotated", "Union", "Tag", "Discriminator"}
    elif len(variants) > 1:
        found |= {"Annotated", "Union", "Field"}
    return found | ({"TypeAliasType"} if deferred else set())


def library_imports(names: Iterable[str]) -> tuple[Import, ...]:
    """The standard-library and pydantic imports of ``names``, the names a module's
    code uses (see ``used_names``), and no others."""
    used = set(names)
    return tuple(
        Import(module, found, section)
        for module, offered, section in _LIBRARY
        if (found := tuple(n for n in offered if n in used))
    )


def used_names(shapes: Iterable[TypeRef], *, upload: bool = False) -> set[str]:
    """The names the annotations of ``shapes`` take from elsewhere than the models:
    ``datetime``, ``Any``, ``Literal``, and the runtime's ``FileContent`` (with
    ``upload``) and ``ServerSentEvent``."""
    found: set[str] = set()
    for shape in shapes:
        members = (
            shape.variants if shape.kind == "union" and not shape.ref else (shape,)
        )
        if upload and any(m.kind == "binary" for m in members):
            found.add("FileContent")
        for node in nodes(shape):
            if node.kind in ("date", "datetime", "any"):
                found.add(_NAMES[node.kind])
            elif node.kind == "literal":
                found.add("Literal")
            elif node.event_stream:
                found.add("ServerSentEvent")
            if (node.kind, node.items or node.values) in (
                ("array", None),
                ("map", None),
            ):
                found.add("Any")  # printed as list[Any] or dict[str, Any]
    return found


def _printed(shape: TypeRef, *, upload: bool, docs: bool) -> list[tuple[str, str]]:
    """The pieces of ``shape``'s spelling, each with the class it names, if any."""
    kind = shape.kind
    parts: list[tuple[str, str]]
    if kind in ("model", "enum", "union") and shape.ref:
        parts = [(shape.ref, shape.ref)]
    elif kind == "union":
        parts = []
        for index, variant in enumerate(shape.variants):
            parts += [(" | ", "")] if index else []
            parts += _printed(variant, upload=upload, docs=docs)
    elif kind == "array" and shape.event_stream:
        parts = [("list[ServerSentEvent]", "")]
    elif kind in ("array", "map"):
        inner = (shape.items if kind == "array" else shape.values) or TypeRef("any")
        opening = "list[" if kind == "array" else "dict[str, "
        parts = [(opening, ""), *_printed(inner, upload=False, docs=docs), ("]", "")]
    elif kind == "literal" and docs:
        parts = [(" | ".join(repr(v) for v in shape.literals), "")]
    elif kind == "literal":
        parts = [("Literal[" + ", ".join(literal(v) for v in shape.literals) + "]", "")]
    elif kind == "binary" and upload:
        parts = [("FileContent", "")]
    else:
        parts = [(_NAMES.get(kind, "Any"), "")]
    if shape.nullable and kind not in ("any", "null"):
        parts.append((" | None", ""))
    return parts
