"""Make untrusted spec text safe for the place it goes: code, docstrings, markdown."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_TAG = re.compile(r"<[^>\n]*>")


def clean(text: object) -> str:
    """Plain text: control characters dropped, line endings normalised, trimmed."""
    if not isinstance(text, str):
        return ""
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
    body = ("\n" + indent).join(lines).replace("\n" + indent + "\n", "\n\n")
    while f"\n{indent}\n" in body:
        body = body.replace(f"\n{indent}\n", "\n\n")
    return body


def comment(text: object) -> str:
    """One line of text fit for a ``#`` comment."""
    return " ".join(clean(text).split())


def md_inline(text: object) -> str:
    """Text for one markdown table cell or heading: one line, no HTML, no pipes."""
    text = " ".join(clean(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def md_block(text: object) -> str:
    """Text for a markdown paragraph: HTML neutralised, line structure kept."""
    text = clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def first_sentence(text: str) -> str:
    text = " ".join(clean(text).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def strip_tags(text: str) -> str:
    return _TAG.sub("", text)
