"""Make untrusted spec text safe for the place it goes: code, docstrings, markdown."""

from __future__ import annotations

import bisect
import re
import string

# Control characters; lone surrogates (JSON allows them, UTF-8 cannot encode them);
# and the bidirectional overrides that can make text read differently than it runs.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def clean(text: object) -> str:
    """Plain text: control characters dropped, line endings normalised, trimmed."""
    if not isinstance(text, str):
        return ""
    if text.isascii() and text.isprintable():
        return text.strip()  # nothing to drop or normalise: most spec text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def docstring(text: object, indent: str = "    ") -> str:
    """The body of a triple-quoted docstring: no escape or closing quote can survive.

    Backslashes are doubled and quotes escaped, so the text can neither end the string
    nor form an escape sequence; the generated code only ever sees it as data.
    """
    text = clean(text)
    if not text:
        return ""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    lines = [line.rstrip() for line in text.split("\n")]
    # Each line is indented on its own (a blank one not at all): one pass, whatever
    # the indent, where repeating a replace until nothing changes never ends for "".
    return "\n".join([lines[0], *(indent + line if line else "" for line in lines[1:])])


def comment(text: object) -> str:
    """One line of text fit for a ``#`` comment."""
    return " ".join(clean(text).split())


def md_inline(text: object) -> str:
    """Spec markdown for one table cell: one line, no HTML, no cell-breaking pipe.

    Inline markdown (emphasis, links, code spans) still renders; see ``_md_line``.
    """
    return _md_line(_unlink_relative(" ".join(clean(text).split())), table=True)


def md_block(text: object) -> str:
    """Spec markdown for a paragraph: no HTML, and nothing that reaches past it.

    No heading can form (its anchor could shadow ours): every ``#`` is escaped, and so
    is a setext underline, even inside a list or quote; nor a ``~~~`` fence, which
    would swallow the rest of the page (backtick fences: see ``_md_line``).
    """
    text = _unlink_relative(clean(text))
    lines = [_md_line(line, table=False).rstrip() for line in text.split("\n")]
    return "\n".join(_BLOCK_START.sub(r"\1\\\2", line) for line in lines)


def md_plain(text: object) -> str:
    """Text shown exactly as written: every markdown character escaped, one line."""
    text = " ".join(clean(text).split())
    return text.translate(_MD_PUNCTUATION)


def md_code(text: object) -> str:
    """An inline code span holding ``text`` verbatim, safe in a table cell."""
    text = " ".join(clean(text).split())
    if not text:
        return '""'
    fence = "`" * (max((len(r) for r in _BACKTICKS.findall(text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`") or text.startswith(" "):
        text = f" {text} "
    escaped = text.replace("|", "\\|")
    return f"{fence}{escaped}{fence}"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading with this (rendered) text."""
    heading = heading.strip().lower()
    if heading.isascii():  # the same rule as below, in one pass
        return heading.translate(_SLUG_ASCII).replace(" ", "-")
    kept = "".join(c for c in heading if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


# What a slug drops of an ASCII heading: all but letters, digits, " ", "-" and "_".
_SLUG_ASCII = str.maketrans(
    "",
    "",
    "".join(c for c in map(chr, range(128)) if not c.isalnum() and c not in " -_"),
)


# A setext underline or a tilde fence, after any list item or block quote markers.
_BLOCK_START = re.compile(
    r"^((?:\s*(?:>|[-+*]|\d{1,9}[.)])(?=\s|$))*\s*)(=+\s*$|-+\s*$|~~~)"
)
# An inline link or image whose destination has no scheme: relative to the site the
# spec was written for, so broken in these docs. Only its text is kept.
_RELATIVE_LINK = re.compile(
    r"!?\[([^\[\]\n]*)\]\(\s*<?(?![A-Za-z][A-Za-z0-9+.-]*:)[^()\s<>]*>?"
    r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)"""
)
# Every ASCII punctuation character, backslash-escaped.
_MD_PUNCTUATION = str.maketrans({c: "\\" + c for c in string.punctuation})
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _unlink_relative(text: str) -> str:
    if "](" not in text:  # no link at all: most text, and cheaper to tell
        return text
    return _RELATIVE_LINK.sub(r"\1", text)


def _md_line(line: str, *, table: bool) -> str:
    """One line of spec markdown: HTML neutralised outside code spans, backslashes
    literal, and every backtick either in a code span closed on this line or escaped.

    Because no code span can start on one line and end on another, where a code span
    begins and ends here is exactly where a markdown parser sees it, whatever block
    the line ends up in; so the text left raw inside spans can never be read as HTML.

    Runs of backticks are found once and the text between them escaped in bulk, so a
    line of 100 KB (or of 50,000 unmatched backticks) costs linear time.
    """
    escapes = _TABLE_ESCAPES if table else _BLOCK_ESCAPES
    if "`" not in line:
        return line.translate(escapes)
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    later_of_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        later_of_length.setdefault(end - start, []).append(index)
    out: list[str] = []
    position = index = 0
    while index < len(runs):
        start, end = runs[index]
        out.append(line[position:start].translate(escapes))
        same = later_of_length[end - start]
        closing = bisect.bisect_right(same, index)
        if closing == len(same):
            out.append("\\`" * (end - start))
            position, index = end, index + 1
            continue
        close_start, close_end = runs[same[closing]]
        content = line[end:close_start]
        if table:
            content = content.replace("|", "\\|")
        out.append(line[start:end] + content + line[start:end])
        position, index = close_end, same[closing] + 1
    out.append(line[position:].translate(escapes))
    return "".join(out)


_BACKTICKS = re.compile("`+")
_TABLE_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|", **_HTML})
_BLOCK_ESCAPES = str.maketrans({"\\": "\\\\", "#": "\\#", **_HTML})


def first_sentence(text: str) -> str:
    text = " ".join(clean(text).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text
