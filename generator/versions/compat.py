"""Whether one type accepts every value of another.

The diff asks this of a type that changed between two spec versions: a request type
may only widen (the new one accepts everything old code sends), a response type may
only narrow (old code handles everything the new one returns). ``shape_accepts``
compares the types as the surface stores them, ``TypeRef`` trees; ``accepts`` reads
the annotations a surface stored before it kept trees, whose grammar is small: names,
``list[...]``, ``dict[...]``, ``Literal[...]`` and ``A | B``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*|[\[\],|]"""
)

# The kind of type each literal value is a value of.
_LITERAL_KINDS = {str: "string", bool: "boolean", int: "integer", float: "number"}
_ANY = {"kind": "any"}


@dataclass(frozen=True)
class Node:
    """``name[args]``; a union is named ``|``, a literal value is a leaf name."""

    name: str
    args: tuple[Node, ...] = ()


def parse(annotation: str) -> Node:
    tokens = _TOKEN.findall(annotation)
    node, rest = _union(tokens)
    if rest:
        raise ValueError(f"cannot read the annotation {annotation!r}")
    return node


def accepts(wide: str, narrow: str) -> bool:
    """True when every value typed ``narrow`` is also a valid ``wide``."""
    try:
        return _accepts(parse(wide), parse(narrow))
    except ValueError:
        return wide == narrow


def _union(tokens: list[str]) -> tuple[Node, list[str]]:
    members = []
    node, tokens = _single(tokens)
    members.append(node)
    while tokens and tokens[0] == "|":
        node, tokens = _single(tokens[1:])
        members.append(node)
    return (members[0] if len(members) == 1 else Node("|", tuple(members))), tokens


def _single(tokens: list[str]) -> tuple[Node, list[str]]:
    if not tokens or tokens[0] in "[],|":
        raise ValueError("expected a name")
    name, tokens = tokens[0], tokens[1:]
    if not tokens or tokens[0] != "[":
        return Node(name), tokens
    args = []
    tokens = tokens[1:]
    while True:
        arg, tokens = _union(tokens)
        args.append(arg)
        if not tokens:
            raise ValueError("unclosed bracket")
        if tokens[0] == "]":
            return Node(name, tuple(args)), tokens[1:]
        if tokens[0] != ",":
            raise ValueError("expected a comma")
        tokens = tokens[1:]


def _members(node: Node) -> list[Node]:
    """A union's members, with ``Literal['a', 'b']`` split into one literal each."""
    if node.name == "|":
        return [m for arg in node.args for m in _members(arg)]
    if node.name == "Literal" and len(node.args) > 1:
        return [Node("Literal", (arg,)) for arg in node.args]
    return [node]


def _accepts(wide: Node, narrow: Node) -> bool:
    wides = _members(wide)
    return all(any(_accepts_one(w, n) for w in wides) for n in _members(narrow))


def _accepts_one(wide: Node, narrow: Node) -> bool:
    if wide == narrow or wide.name == "Any":
        return True
    if narrow.name == "Literal":
        value = narrow.args[0].name
        kind = (
            "str"
            if value[:1] in "'\""
            else "bool" if value in ("True", "False") else "int"
        )
        return wide.name == kind or (kind == "int" and wide.name == "float")
    if wide.name == "float" and narrow.name == "int":
        return True
    if wide.name != narrow.name or len(wide.args) != len(narrow.args):
        return False
    if wide.name == "dict":
        return wide.args[0] == narrow.args[0] and _accepts(wide.args[1], narrow.args[1])
    return all(_accepts(w, n) for w, n in zip(wide.args, narrow.args, strict=True))


def shape_accepts(wide: Any, narrow: Any) -> bool:
    """True when every value of the type ``narrow`` is also a valid ``wide``: the
    types as the surface stores them, ``TypeRef`` trees in JSON."""
    wides = _shape_members(wide)
    return all(any(_accepts_shape(w, n) for w in wides) for n in _shape_members(narrow))


def _shape_members(shape: Any) -> list[dict[str, Any]]:
    """A type's members: an inline union's, a literal's values one each, and null
    when it is nullable."""
    kind = shape.get("kind", "any")
    if kind == "union" and not shape.get("ref"):
        members = [m for v in shape.get("variants", []) for m in _shape_members(v)]
    elif kind == "literal":
        members = [{"kind": "literal", "literals": [v]} for v in shape["literals"]]
    else:
        members = [shape]
    if shape.get("nullable") and kind not in ("any", "null"):
        members.append({"kind": "null"})
    return members


def _accepts_shape(wide: dict[str, Any], narrow: dict[str, Any]) -> bool:
    kind = wide.get("kind", "any")
    other = narrow.get("kind", "any")
    if kind == "any":
        return True
    if other == "literal":
        (value,) = narrow["literals"]
        if kind == "literal":
            return [(type(v), v) for v in wide["literals"]] == [(type(value), value)]
        return kind == _LITERAL_KINDS.get(type(value)) or (
            kind == "number" and isinstance(value, int) and not isinstance(value, bool)
        )
    if kind == "number" and other == "integer":
        return True
    if kind != other or wide.get("ref", "") != narrow.get("ref", ""):
        return False
    if kind == "array":
        return wide.get("event_stream", False) == narrow.get(
            "event_stream", False
        ) and shape_accepts(wide.get("items", _ANY), narrow.get("items", _ANY))
    if kind == "map":
        return shape_accepts(wide.get("values", _ANY), narrow.get("values", _ANY))
    return True
