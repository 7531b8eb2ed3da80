"""Lay out generated code the way black formats it, without running black.

Code is built as one-line statements; ``lay_out`` breaks the long ones over lines by
black's rules for the few shapes generated code uses (calls, subscripts, collection
literals, keyword arguments, ``|`` unions, constants): fit on one line, else the
bracket's contents on one indented line (calls and subscripts), else one item per line
with a trailing comma. ``statement`` and ``parameter`` do the same for one line of a
template. This is about speed, not looks: black formats a file twice whenever its first
pass changes anything, so text black leaves alone costs half as much. Tests check that
black leaves every generated file unchanged; a shape not known here is left to black.
"""

from __future__ import annotations

import ast
import functools
import io
import keyword
import re
import tokenize

from generator.targets.python.literals import LINE_LENGTH, string

# A plain line of code, or ``(prefix, expression, suffix)``: a statement whose
# expression is broken over lines when the whole does not fit.
Stmt = str | tuple[str, str, str]


def lay_out(statements: list[Stmt], indent: int) -> list[str]:
    """The lines of ``statements`` at ``indent`` spaces; "" is an empty line."""
    lines: list[str] = []
    for stmt in statements:
        if isinstance(stmt, str):
            lines.append(" " * indent + stmt if stmt else "")
        else:
            prefix, expression, suffix = stmt
            # Leading spaces of the prefix nest the statement in a block.
            nested = indent + len(prefix) - len(prefix.lstrip(" "))
            node = ast.parse(expression, mode="eval").body
            lines += _Printer().statement(prefix.lstrip(" "), node, suffix, nested)
    return lines


# The start of a statement whose expression black may wrap in parentheses: the
# right-hand side of an assignment, the iterable of a ``for``.
_WRAPPABLE = re.compile(r"(.*(?:= |\bin ))(.*)")


class _Printer:
    """Lays one expression out. Each of its nodes is printed flat once: splitting a
    nested expression asks for the flat text of a node at every level above it, which
    printed again each time grew with the square of the depth."""

    def __init__(self) -> None:
        # By ``id``: the tree being laid out keeps its nodes alive meanwhile.
        self._texts: dict[int, str] = {}

    def statement(
        self, prefix: str, node: ast.expr, suffix: str, indent: int
    ) -> list[str]:
        """``split``, with black's second opinion: when even the first line is too
        long, the expression goes in parentheses on lines of its own, if then every
        line fits."""
        lines = self.split(prefix, node, suffix, indent)
        wrappable = _WRAPPABLE.fullmatch(prefix)
        if len(lines[0]) <= LINE_LENGTH or not wrappable:
            return lines
        head, rest = wrappable.groups()
        pad = " " * indent
        wrapped = [
            pad + head + "(",
            *self.split(rest, node, "", indent + 4),
            pad + ")" + suffix,
        ]
        return wrapped if all(len(line) <= LINE_LENGTH for line in wrapped) else lines

    def split(self, prefix: str, node: ast.expr, suffix: str, indent: int) -> list[str]:
        pad = " " * indent
        line = pad + prefix + self.flat(node) + suffix
        if len(line) <= LINE_LENGTH:
            return [line]
        parts = self._bracketed(node)
        if parts is None:
            return [line]
        opener, items, closer = parts
        head, tail, inner = pad + prefix + opener, pad + closer + suffix, indent + 4
        body = ", ".join(p + self.flat(n) for p, n in items)
        collection = not isinstance(node, (ast.Call, ast.Subscript))
        # black explodes a collection literal of several items one per line, always.
        if inner + len(body) <= LINE_LENGTH and not (collection and len(items) > 1):
            return [head, " " * inner + body, tail]
        if len(items) == 1:
            return [head, *self.split(items[0][0], items[0][1], "", inner), tail]
        lines = [head]
        for item_prefix, item in items:
            lines += self.split(item_prefix, item, ",", inner)
        return lines + [tail]

    def _bracketed(
        self, node: ast.expr
    ) -> tuple[str, list[tuple[str, ast.expr]], str] | None:
        """The opening text, ``(prefix, item)`` pairs and closing bracket of ``node``,
        if it is a non-empty call or collection."""
        if isinstance(node, ast.Call):
            items = [("", a) for a in node.args]
            items += [(f"{k.arg}=" if k.arg else "**", k.value) for k in node.keywords]
            return (self.flat(node.func) + "(", items, ")") if items else None
        if isinstance(node, ast.Subscript):
            index = node.slice
            inner = index.elts if isinstance(index, ast.Tuple) else [index]
            return self.flat(node.value) + "[", [("", e) for e in inner], "]"
        if isinstance(node, ast.List) and node.elts:
            return "[", [("", e) for e in node.elts], "]"
        if isinstance(node, ast.Tuple) and len(node.elts) > 1:
            return "(", [("", e) for e in node.elts], ")"
        if isinstance(node, ast.Dict) and node.values:
            return (
                "{",
                [
                    (f"{self.flat(k)}: " if k else "**", v)
                    for k, v in zip(node.keys, node.values, strict=True)
                ],
                "}",
            )
        return None

    def flat(self, node: ast.expr) -> str:
        """``node`` on one line, strings quoted as black quotes them."""
        text = self._texts.get(id(node))
        if text is None:
            text = self._texts[id(node)] = self._printed(node)
        return text

    def _printed(self, node: ast.expr) -> str:
        flat = self.flat
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, (str, bytes)):
                return string(value)
            # As ``ast.unparse`` writes them, without its cost (a visitor each).
            if value is None or isinstance(value, int):
                return repr(value)
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
            index = node.slice
            if isinstance(index, ast.Tuple) and index.elts:
                return f"{flat(node.value)}[{', '.join(flat(e) for e in index.elts)}]"
            return f"{flat(node.value)}[{flat(index)}]"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return " | ".join(flat(n) for n in _union(node))
        if isinstance(node, ast.BoolOp):
            word = " and " if isinstance(node.op, ast.And) else " or "
            return word.join(
                f"({flat(v)})" if isinstance(v, ast.BoolOp) else flat(v)
                for v in node.values
            )
        if isinstance(node, ast.Tuple):
            inner = ", ".join(flat(e) for e in node.elts)
            return f"({inner},)" if len(node.elts) == 1 else f"({inner})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return "-" + flat(node.operand)
        if isinstance(node, ast.Await):
            return "await " + flat(node.value)
        return ast.unparse(node)


# The most laid out statements kept, by their text: an operation's parameter rules, a
# model's rules table are often the same as another's.
_KEPT = 1 << 12


@functools.lru_cache(maxsize=_KEPT)
def laid_out(prefix: str, expression: str, suffix: str, indent: int) -> str:
    """``prefix + expression + suffix`` at ``indent`` laid out as black would; the
    first line comes back without its indent (a template writes it)."""
    return "\n".join(lay_out([(prefix, expression, suffix)], indent))[indent:]


def tuple_of_one(prefix: str, item: str, indent: int = 0) -> str:
    """``prefix`` (an assignment's) and the tuple of the one ``item`` (code on one
    line) as black writes it: on one line when that fits, else the item on a line
    of its own; the comma of a tuple of one is not a magic trailing comma, so black
    joins what fits. A long item is left to black."""
    line = f"{prefix}({item},)"
    if indent + len(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    return f"{prefix}(\n{pad}    {item},\n{pad})"


def statement(line: str, indent: int = 0) -> str:
    """One line of code at ``indent`` laid out as black would; the first line comes
    back without its indent (a template writes it). A statement of a shape not known
    here comes back unchanged, for black to lay out."""
    if indent + len(line) <= LINE_LENGTH:
        return line
    return _long_statement(line, indent)


@functools.lru_cache(maxsize=_KEPT)
def _long_statement(line: str, indent: int) -> str:
    lines = _returned_call(line, indent)
    if lines is None:
        parts = _statement_parts(line)
        if parts is None:
            return line
        prefix, node = parts
        lines = _Printer().statement(prefix, node, "", indent)
    return "\n".join(lines)[indent:]


# ``return [await ]f(a, b, c=d)`` with names, dotted names and ``keyword=name`` for
# arguments, as every method of an API module ends: such a line is printed flat as
# it is written, so ``_returned_call`` lays it out without parsing it.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED = rf"{_NAME}(?:\.{_NAME})*"
_ARGUMENT = rf"(?:{_NAME}=)?{_DOTTED}"
_RETURNED_CALL = re.compile(
    rf"(return (?:await )?)({_DOTTED})\(((?:{_ARGUMENT}, )*{_ARGUMENT})\)"
)


def _returned_call(line: str, indent: int) -> list[str] | None:
    """What ``_Printer.statement`` makes of ``line``, too long for its line, if it is
    such a call that Python parses (no keyword for a name, no positional argument
    after a keyword one); else None."""
    found = _RETURNED_CALL.fullmatch(line)
    if found is None:
        return None
    prefix, function, listed = found.groups()
    arguments = listed.split(", ")
    keywords = [a.split("=")[0] for a in arguments if "=" in a]
    if any(keyword.iskeyword(w) for w in re.findall(_NAME, line[len(prefix) :])) or any(
        "=" not in a for a in arguments[len(arguments) - len(keywords) :]
    ):
        return None
    pad, inner = " " * indent, " " * (indent + 4)
    head, tail = f"{pad}{prefix}{function}(", f"{pad})"
    body = ", ".join(arguments)
    # As ``_Printer.split`` lays a call out: its arguments on one line if they fit
    # (or there is one), else one a line.
    if len(inner) + len(body) <= LINE_LENGTH or len(arguments) == 1:
        return [head, inner + body, tail]
    return [head, *(f"{inner}{argument}," for argument in arguments), tail]


def parameter(name: str, annotation: str, default: str, indent: int) -> str:
    """``name: annotation[ = default]`` of a signature, one parameter a line (a template
    writes the comma): a union too long for the line goes in parentheses, one member
    a line, as black writes long type hints."""
    text = f"{name}: {annotation}" + (f" = {default}" if default else "")
    if indent + len(text) + 1 <= LINE_LENGTH:
        return text
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return text
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)):
        return text
    inner = indent + 4
    pad = " " * inner
    printer = _Printer()
    if inner + len(printer.flat(node)) <= LINE_LENGTH:
        body = [pad + printer.flat(node)]
    else:
        body = []
        for i, member in enumerate(_union(node)):
            body += printer.split("| " if i else "", member, "", inner)
    closing = " " * indent + ")" + (f" = {default}" if default else "")
    return "\n".join([" " * indent + f"{name}: (", *body, closing])[indent:]


def _union(node: ast.expr) -> list[ast.expr]:
    """The members of ``A | B | C``, left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union(node.left), *_union(node.right)]
    return [node]


def _statement_parts(line: str) -> tuple[str, ast.expr] | None:
    """``(prefix, expression)`` of a decorator, an assignment, a ``return`` (of an
    ``await`` too) or a bare call; None for anything else."""
    if line.startswith("@"):
        return "@", ast.parse(line[1:], mode="eval").body
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return None
    if len(tree.body) != 1:
        return None
    node = tree.body[0]
    value = getattr(node, "value", None)
    if isinstance(node, ast.Expr) and isinstance(value, ast.Call):
        return "", value
    if not isinstance(node, (ast.Assign, ast.AnnAssign, ast.Return)) or value is None:
        return None
    if isinstance(node, ast.Assign) and len(node.targets) != 1:
        return None
    if isinstance(value, ast.Await):
        value = value.value  # black splits the awaited call's brackets
    # col_offset counts UTF-8 bytes.
    start = len(line.encode()[: value.col_offset].decode())
    return line[:start], value


def tokens_of(body: str) -> list[tokenize.TokenInfo]:
    """``body``'s tokens; none if it does not tokenize (black then decides)."""
    try:
        return list(tokenize.generate_tokens(io.StringIO(body).readline))
    except (tokenize.TokenError, SyntaxError):
        return []


def docstring_lines(
    body: str, tokens: list[tokenize.TokenInfo] | None = None
) -> set[int]:
    """The lines of ``body``'s triple-quoted strings that stand as statements of their
    own whose length black never changes: it re-indents such a string, and moves its
    closing quotes to a line of their own when they would push a long last line of a
    multi-line string over the limit, but splits none of its lines. ``tokens``:
    ``body``'s, if the caller has them."""
    lines = body.splitlines()
    found: set[int] = set()
    tokens = tokens_of(body) if tokens is None else tokens
    for index, token in enumerate(tokens):
        if token.type != tokenize.STRING or not token.string.startswith('"""'):
            continue
        (first, column), (last, _) = token.start, token.end
        before = tokens[index - 1].type if index else tokenize.INDENT
        after = tokens[index + 1].type if index + 1 < len(tokens) else tokenize.NEWLINE
        alone = before in (
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.NEWLINE,
            tokenize.NL,
        )
        if not alone or after != tokenize.NEWLINE or lines[first - 1][:column].strip():
            continue
        # A string on one line stays as it is; of a longer one, every line but the
        # last, whose closing quotes black moves if the line is too long.
        found.update(range(first, last) if first < last else (first,))
    return found
