"""Whether black would leave a rendered file as it is, found without running black.

A file from a template proven to write black's layout skips black when black would
change none of its long lines (``laid_out_as_black``); ``codelayout.docstring_lines``
finds the lines of docstrings, this module the lines black cannot split or never reads:
the items of a long import or table, a line silenced for type checkers, the text of a
string that is not a docstring. Each rule holds only for the exact token shapes
described: tests/test_keptlines.py checks each against black, and
tests/test_formatting.py all of them over whole generated SDKs.
"""

from __future__ import annotations

import itertools
import keyword
from tokenize import COMMENT, DEDENT, INDENT, NAME, NEWLINE, NL, OP, STRING, TokenInfo

from generator.targets.python.codelayout import docstring_lines, tokens_of
from generator.targets.python.literals import LINE_LENGTH
from generator.targets.python.render import RenderedFile

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = set(_OPENERS.values())
# What ends the line before a statement: the token before its first one.
_LINE_ENDS = (NEWLINE, NL, INDENT, DEDENT, COMMENT)


def laid_out_as_black(item: RenderedFile) -> bool:
    """Whether black would leave ``item`` as it is, without running black: it comes
    from a built-in template proven to write black's layout (``render.LAID_OUT``) and
    black would split none of its lines longer than its limit, the one thing those
    templates leave to black (a spec's long enum value, a long class name): lines of
    docstrings (a long description) and the lines of code black cannot split
    (``lines_black_keeps``: a long name in an import, a long pattern in a call) are
    kept."""
    if not item.laid_out:
        return False
    # Numbered as the tokenizer numbers them (``splitlines`` also splits at \f, ...).
    lines = item.body.split("\n")
    too_long = _too_long if item.body.isascii() else _maybe_too_long
    long = {number for number, line in enumerate(lines, 1) if too_long(line)}
    # black strips a long line's trailing spaces (the templates write none).
    if any(lines[number - 1] != lines[number - 1].rstrip() for number in long):
        return False
    if not long:
        return True
    tokens = tokens_of(item.body)  # once, for both questions: a client is 466 KB
    long -= docstring_lines(item.body, tokens)
    return not long or long <= lines_black_keeps(item.body, tokens)


def _too_long(line: str) -> bool:
    return len(line) > LINE_LENGTH


def _maybe_too_long(line: str) -> bool:
    """Whether black may find ``line`` longer than its limit: it counts a wide (East
    Asian) character as two columns, so a line holding characters other than ASCII
    may be as wide as its length and their number."""
    width = len(line)
    if width > LINE_LENGTH or line.isascii():
        return width > LINE_LENGTH
    return width + sum(not c.isascii() for c in line) > LINE_LENGTH


def lines_black_keeps(body: str, tokens: list[TokenInfo] | None = None) -> set[int]:
    """The numbers of the lines of ``body`` that black leaves as they are however long:

    - an item of a bracket black keeps one item a line (its magic trailing comma) in
      which black finds nothing to split at: ``Name as Name,`` of an import,
      ``"key": "value",`` of a dict, ``"name",`` of a list, ``path="...",`` of a call;
    - a statement on one line that ends in a ``# type: ignore`` comment, which black
      never splits (it cannot know which part the comment is about);
    - the lines of a string standing as a statement after another one (an attribute
      docstring): black takes only a block's first statement for a docstring, and
      leaves the text of any other string alone.
    """
    tokens = tokens_of(body) if tokens is None else tokens
    rows: dict[int, list[int]] = {}
    # The innermost bracket open where each line starts, and each bracket's partner.
    inside: dict[int, int | None] = {}
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        row = token.start[0]
        inside.setdefault(row, stack[-1] if stack else None)
        rows.setdefault(row, []).append(index)
        if token.type == OP and token.string in _OPENERS:
            stack.append(index)
        elif token.type == OP and token.string in _CLOSERS and stack:
            partner[stack.pop()] = index
    kept: set[int] = set()
    for row, indexes in rows.items():
        opener = inside[row]
        if opener is not None:
            if _exploded_item(tokens, indexes, opener, partner):
                kept.add(row)
        elif _ignored_statement(tokens, indexes):
            kept.add(row)
    for index, token in enumerate(tokens):
        if _string_statement(tokens, index):
            kept.update(range(token.start[0], token.end[0] + 1))
    return kept


def _exploded_item(
    tokens: list[TokenInfo], indexes: list[int], opener: int, partner: dict[int, int]
) -> bool:
    """Whether the line of ``indexes`` is one item of the bracket ``opener``, which
    black keeps one item a line, with nothing in the item black could split at."""
    line = [tokens[i] for i in indexes if tokens[i].type != NL]
    if not line or line[-1].string != "," or not _item_shape(line[:-1]):
        return False
    if any(token.start[0] != token.end[0] for token in line):
        return False
    closer = partner.get(opener)
    if closer is None or tokens[opener + 1].type != NL:
        return False  # the bracket's items do not start on a line of their own
    # The magic trailing comma: the closing bracket on a line of its own after a comma.
    if tokens[closer - 1].type != NL or tokens[closer - 2].string != ",":
        return False
    return _keeps_magic_comma(tokens, opener)


def _item_shape(item: list[TokenInfo]) -> bool:
    """``atom``, ``atom as atom``, ``atom: atom`` or ``name=atom``, where an atom is
    one name or one string: nothing black's delimiter or bracket splits act on."""
    if len(item) == 1:
        return _atom(item[0])
    if len(item) != 3 or not (_atom(item[0]) and _atom(item[2])):
        return False
    middle = item[1]
    if middle.type == NAME:
        return middle.string == "as"
    if middle.string == "=":
        return item[0].type == NAME
    return middle.string == ":"


def _atom(token: TokenInfo) -> bool:
    if token.type == STRING:
        return True
    return token.type == NAME and not keyword.iskeyword(token.string)


def _keeps_magic_comma(tokens: list[TokenInfo], opener: int) -> bool:
    """Whether black takes a trailing comma in the bracket ``opener`` as magic: always
    in a dict, a list display, a call and an import; a subscript of one item and a
    one-tuple (left out here) are the exceptions."""
    bracket = tokens[opener].string
    before = tokens[opener - 1] if opener else None
    if bracket == "{":
        return True
    if before is None:
        return False
    if bracket == "[":  # a list display, not a subscript
        return before.type == OP and before.string in {"=", "(", "[", "{", ",", ":"}
    if before.type != NAME:
        return False
    return before.string == "import" or not keyword.iskeyword(before.string)


def _ignored_statement(tokens: list[TokenInfo], indexes: list[int]) -> bool:
    """Whether the line of ``indexes`` is a whole statement on one line ending in a
    ``# type: ignore`` comment that black keeps: two spaces before it, and no magic
    trailing comma in the statement, which would make black split it all the same.
    (A comment ends a line, so ``code`` holds none.)"""
    line = [tokens[i] for i in indexes if tokens[i].type not in (INDENT, DEDENT)]
    if len(line) < 3 or line[-1].type != NEWLINE:
        return False
    comment = line[-2]
    if comment.type != COMMENT or not comment.string.startswith("# type: ignore"):
        return False
    text = comment.line[: comment.start[1]]
    if not text.endswith("  ") or text.endswith("   "):
        return False
    first = indexes[0]
    if first and tokens[first - 1].type not in _LINE_ENDS:
        return False  # continued from the line before
    code = line[:-2]
    # A string over several lines, or statements black would put on lines of their own.
    if any(token.start[0] != token.end[0] or token.string == ";" for token in code):
        return False
    return not any(
        a.string == "," and b.string in _CLOSERS for a, b in itertools.pairwise(code)
    )


def _string_statement(tokens: list[TokenInfo], index: int) -> bool:
    """Whether ``tokens[index]`` is a triple-quoted string standing as a statement
    after another statement of its block, which black does not take for a docstring
    and so leaves as it is (its lines, however long, and its closing quotes)."""
    token = tokens[index]
    if token.type != STRING or not token.string.startswith('"""'):
        return False
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is None or after.type != NEWLINE:
        return False
    before = index - 1
    while before >= 0 and tokens[before].type in (NL, COMMENT):
        before -= 1
    # A block's first statement (after INDENT, or the module's) is a docstring.
    return before >= 0 and tokens[before].type in (NEWLINE, DEDENT)
