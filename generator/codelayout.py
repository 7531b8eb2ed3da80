"""Lay out example code the way black formats it, without running black.

Examples are built as one-line expressions; ``lay_out`` breaks the long ones over lines
by black's rules for the few shapes examples use (calls, collection literals, keyword
arguments, constants): fit on one line, else the bracket's contents on one indented
line (calls only), else one item per line with a trailing comma. A test checks that
black leaves every generated example unchanged.
"""

from __future__ import annotations

import ast
import re

WIDTH = 88
# A plain line of code, or ``(prefix, expression, suffix)``: a statement whose
# expression is broken over lines when the whole does not fit.
Stmt = str | tuple[str, str, str]


def lay_out(statements: list[Stmt], indent: int) -> list[str]:
    """The lines of ``statements`` at ``indent`` spaces; "" is an empty line."""
    lines: list[str] = []
    for statement in statements:
        if isinstance(statement, str):
            lines.append(" " * indent + statement if statement else "")
        else:
            prefix, expression, suffix = statement
            # Leading spaces of the prefix nest the statement in a block.
            nested = indent + len(prefix) - len(prefix.lstrip(" "))
            node = ast.parse(expression, mode="eval").body
            lines += _statement(prefix.lstrip(" "), node, suffix, nested)
    return lines


# The start of a statement whose expression black may wrap in parentheses: the
# right-hand side of an assignment, the iterable of a ``for``.
_WRAPPABLE = re.compile(r"(.*(?:= |\bin ))(.*)")


def _statement(prefix: str, node: ast.expr, suffix: str, indent: int) -> list[str]:
    """``_split``, with black's second opinion: when even the first line is too long,
    the expression goes in parentheses on lines of its own, if then every line fits."""
    lines = _split(prefix, node, suffix, indent)
    wrappable = _WRAPPABLE.fullmatch(prefix)
    if len(lines[0]) <= WIDTH or not wrappable:
        return lines
    head, rest = wrappable.groups()
    pad = " " * indent
    wrapped = [
        pad + head + "(",
        *_split(rest, node, "", indent + 4),
        pad + ")" + suffix,
    ]
    return wrapped if all(len(line) <= WIDTH for line in wrapped) else lines


def _split(prefix: str, node: ast.expr, suffix: str, indent: int) -> list[str]:
    pad = " " * indent
    line = pad + prefix + flat(node) + suffix
    parts = _bracketed(node)
    if len(line) <= WIDTH or parts is None:
        return [line]
    opener, items, closer = parts
    head, tail, inner = pad + prefix + opener, pad + closer + suffix, indent + 4
    body = ", ".join(p + flat(n) for p, n in items)
    collection = not isinstance(node, ast.Call)
    # black explodes a collection literal of several items one per line, always.
    if inner + len(body) <= WIDTH and not (collection and len(items) > 1):
        return [head, " " * inner + body, tail]
    if len(items) == 1:
        return [head, *_split(items[0][0], items[0][1], "", inner), tail]
    lines = [head]
    for item_prefix, item in items:
        lines += _split(item_prefix, item, ",", inner)
    return lines + [tail]


def _bracketed(node: ast.expr) -> tuple[str, list[tuple[str, ast.expr]], str] | None:
    """The opening text, ``(prefix, item)`` pairs and closing bracket of ``node``,
    if it is a non-empty call or collection."""
    if isinstance(node, ast.Call):
        items = [("", a) for a in node.args]
        items += [(f"{k.arg}=" if k.arg else "**", k.value) for k in node.keywords]
        return (flat(node.func) + "(", items, ")") if items else None
    if isinstance(node, ast.List) and node.elts:
        return "[", [("", e) for e in node.elts], "]"
    if isinstance(node, ast.Dict) and node.values:
        return (
            "{",
            [
                (f"{flat(k)}: " if k else "**", v)
                for k, v in zip(node.keys, node.values, strict=True)
            ],
            "}",
        )
    return None


def flat(node: ast.expr) -> str:
    """``node`` on one line, strings quoted as black quotes them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return quote(node.value)
    if isinstance(node, ast.Call):
        args = [flat(a) for a in node.args]
        args += [
            f"{k.arg}={flat(k.value)}" if k.arg else f"**{flat(k.value)}"
            for k in node.keywords
        ]
        return f"{flat(node.func)}({', '.join(args)})"
    if isinstance(node, ast.List):
        return "[" + ", ".join(flat(e) for e in node.elts) + "]"
    if isinstance(node, ast.Dict):
        pairs = (
            f"{flat(k)}: {flat(v)}" if k else f"**{flat(v)}"
            for k, v in zip(node.keys, node.values, strict=True)
        )
        return "{" + ", ".join(pairs) + "}"
    if isinstance(node, ast.Attribute):
        return f"{flat(node.value)}.{node.attr}"
    if isinstance(node, ast.Subscript):
        return f"{flat(node.value)}[{flat(node.slice)}]"
    if isinstance(node, ast.Tuple):
        inner = ", ".join(flat(e) for e in node.elts)
        return f"({inner},)" if len(node.elts) == 1 else f"({inner})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return "-" + flat(node.operand)
    if isinstance(node, ast.Await):
        return "await " + flat(node.value)
    return ast.unparse(node)


def quote(value: str | bytes) -> str:
    """A literal for ``value``, in double quotes unless that needs more escapes."""
    literal = repr(value)
    prefix = "b" if isinstance(value, bytes) else ""
    body = literal[len(prefix) + 1 : -1]
    if literal[len(prefix)] == '"':
        return literal
    swapped = body.replace("\\'", "'").replace('"', '\\"')
    if swapped.count('\\"') <= body.count("\\'"):
        return f'{prefix}"{swapped}"'
    return literal
