"""Questions any stage may ask of a ``TypeRef``, the model's types as data.

Nothing here spells a type in a language: the targets print them (the Python one in
``targets/python/annotations.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator.model.ir import TypeInfo, TypeRef

_NAMED = ("model", "enum", "union")


def typed(shape: TypeRef) -> TypeInfo:
    """The model's ``TypeInfo`` of ``shape``: the shape and the classes it names."""
    return TypeInfo(shape=shape, refs=refs(shape), is_binary=shape.kind == "binary")


def refs(shape: TypeRef) -> tuple[str, ...]:
    """The generated classes ``shape`` names, each once, in order."""
    return tuple(dict.fromkeys(_refs(shape)))


def nodes(shape: TypeRef) -> Iterator[TypeRef]:
    """``shape`` and every type inside it."""
    todo = [shape]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(t for t in (node.items, node.values) if t is not None)
        todo.extend(node.variants)


def class_of(shape: TypeRef) -> str:
    """The class ``shape`` is exactly (a model, enum or union, not nullable), or ""."""
    named = shape.kind in _NAMED and shape.ref and not shape.nullable
    return shape.ref if named else ""


def plain(shape: TypeRef) -> TypeRef:
    """``shape`` without what no target's type tells apart: the spec's format (an
    int64 and an int32 are one integer type) and a union's discriminator. Two types
    whose plain shapes are equal are one type to the SDK."""
    return replace(
        shape,
        format="",
        discriminator="",
        items=plain(shape.items) if shape.items else None,
        values=plain(shape.values) if shape.values else None,
        variants=tuple(plain(v) for v in shape.variants),
    )


def _refs(shape: TypeRef) -> Iterator[str]:
    if shape.kind in _NAMED and shape.ref:
        yield shape.ref
    for inner in (shape.items, shape.values, *shape.variants):
        if inner is not None:
            yield from _refs(inner)
