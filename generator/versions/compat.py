"""Whether one generated Python annotation accepts every value of another.

The diff asks this of a type that changed between two spec versions: a request type
may only widen (the new one accepts everything old code sends), a response type may
only narrow (old code handles everything the new one returns). Annotations come from
the intermediate model, so the grammar is small: names, ``list[...]``, ``dict[...]``,
``Literal[...]`` and ``A | B``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*|[\[\],|]"""
)


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
