"""Code laid out as prettier lays it out (its defaults: 80 columns, two-space indent,
double quotes, trailing commas), so that the generator needs no Node.js and prettier
leaves every file unchanged (``tests/test_typescript_output.py`` proves it).

Only the shapes the generated code uses are covered: a construct either fits on its
line, or is broken the one way prettier breaks it.
"""

from __future__ import annotations

WIDTH = 80
INDENT = "  "


def fits(line: str) -> bool:
    return len(line) <= WIDTH


def type_alias(name: str, members: list[str]) -> str:
    """``export type Name = A | B;`` (see ``_union``)."""
    return _union("", f"export type {name} =", members)


def member(indent: str, key: str, optional: bool, members: list[str]) -> str:
    """An interface member: ``key?: A | B;`` (see ``_union``)."""
    return _union(indent, f"{key}{'?' if optional else ''}:", members)


def _union(indent: str, head: str, members: list[str]) -> str:
    """``head A | B;`` on one line; else the union alone on the next line, indented;
    else one member per line, each after a ``|``."""
    joined = " | ".join(members) + ";"
    if fits(f"{indent}{head} {joined}") or len(members) < 2:
        return f"{indent}{head} {joined}"
    inner = indent + INDENT
    if fits(inner + joined):
        return f"{indent}{head}\n{inner}{joined}"
    return f"{indent}{head}" + "".join(f"\n{inner}| {m}" for m in members) + ";"


def call(indent: str, head: str, args: list[str], tail: str) -> str:
    """``head(a, b)tail`` or, too long, one argument per line with a trailing comma.
    (``head`` ends with the opening parenthesis' callee, ``tail`` follows the closing
    one: ``): Promise<X> {`` for a signature, ``;`` for a call.)"""
    one = f"{indent}{head}({', '.join(args)}){tail}"
    if (fits(one) and "\n" not in one) or not args:
        return one
    inner = indent + INDENT
    return (
        f"{indent}{head}(\n"
        + "".join(f"{inner}{a},\n" for a in args)
        + f"{indent}){tail}"
    )


def items(indent: str, head: str, values: list[str], tail: str) -> str:
    """An array literal of strings: on one line if it fits, else one per line."""
    one = f"{indent}{head}[{', '.join(values)}]{tail}"
    if fits(one) or not values:
        return one
    inner = indent + INDENT
    return (
        f"{indent}{head}[\n"
        + "".join(f"{inner}{v},\n" for v in values)
        + f"{indent}]{tail}"
    )


def named_import(names: list[str], module: str, keyword: str = "import") -> str:
    """``import { a, b } from "module";``, one name per line when too long."""
    source = f' from "{module}";'
    one = f"{keyword} {{ {', '.join(names)} }}{source}"
    if fits(one):
        return one
    return f"{keyword} {{\n" + "".join(f"{INDENT}{n},\n" for n in names) + "}" + source
