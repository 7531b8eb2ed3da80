"""The spec-text helpers (`model/text.py`) take shortcuts for the common text (plain
ASCII, no backtick, no link); held here to the general rule they shortcut, on text
that takes each path."""

from __future__ import annotations

import re

import pytest

from generator.model import text as txt

SAMPLES = [
    "",
    "  plain text.  ",
    "tab\there",
    "line one\r\nline two\rthree",
    "bell\x07 and del\x7f",
    "bidi \u202e override and \u2028 separator, a lone \ud800 surrogate",
    "caf\u00e9 | pipe & <b>",
    "a `code` span and `` double `` and a lone ` tick",
    "[relative](docs/x.md) and [absolute](https://example.com) ![img](a.png)",
    "brackets ] ( but no link",
    "every mark !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "# heading\n===\n- item\n~~~",
]


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
        "",
        text,
    ).strip()


@pytest.mark.parametrize("text", SAMPLES)
def test_clean_drops_controls_and_normalises_line_ends(text: str) -> None:
    assert txt.clean(text) == _clean(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_md_plain_escapes_every_ascii_punctuation_mark(text: str) -> None:
    one_line = " ".join(_clean(text).split())
    assert txt.md_plain(text) == re.sub(r"[!-/:-@\[-`{-~]", r"\\\g<0>", one_line)


def test_cells_without_backticks_or_links_are_only_escaped() -> None:
    assert txt.md_inline("a | b <c> & \\ [x] (y)") == (
        "a \\| b &lt;c&gt; &amp; \\\\ [x] (y)"
    )
    assert txt.md_block("# not a heading\nx") == "\\# not a heading\nx"
    assert txt.md_inline("see [the guide](guide.md)") == "see the guide"
    assert txt.md_inline("a `|` b") == "a `\\|` b"
    assert txt.md_code("a ``b`` c") == "```a ``b`` c```"


@pytest.mark.parametrize("text", [*SAMPLES, "Ünïcode Heading", "x\u00b2 \u0130"])
def test_slug_keeps_letters_digits_spaces_as_dashes_and_underscores(text: str) -> None:
    lowered = text.strip().lower()
    kept = "".join(c for c in lowered if c.isalnum() or c in " -_")
    assert txt.slug(text) == kept.replace(" ", "-")
