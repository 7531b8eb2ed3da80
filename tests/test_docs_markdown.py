"""Spec text cannot break the generated markdown or inject HTML into it.

A spec full of pipes, backticks, HTML, fences and headings is generated, and every
page is read back with a CommonMark parser (markdown-it, with GFM tables): no HTML
besides the generator's own header comment, every table cell still whole, no heading
or code block the generator did not write. Property tests do the same for the two
escaping functions on arbitrary text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import generate, write_spec
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from test_docs_links import broken_links, inline_text, markdown_files, walk_tokens

from generator.docs.markdown import OPERATION_SECTIONS
from generator.model import text as txt

_PARSER = MarkdownIt("commonmark").enable("table")
HOSTILE = (
    "a | b `c | d` <script>alert(1)</script> <img src=x onerror=alert(1)> & &amp;\n"
    "# Injected heading\n===\n---\n```\n~~~\n| x | y |\n|---|---|\n"
    "\\| `` ` unclosed ``` <!-- c --> [x]: /y [guide](/docs/guide) [top](#top) END"
)


def _hostile_spec() -> dict[str, object]:
    text = HOSTILE
    error = {
        "description": text,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": text, "version": "1|<b>", "description": text},
        "servers": [{"url": "https://api.example.com/v1|`x`"}],
        "tags": [{"name": "Things", "description": text}],
        "security": [{"Key": []}],
        "paths": {
            "/things/{id}": {
                "post": {
                    "operationId": "makeThing",
                    "tags": ["Things"],
                    "summary": text,
                    "description": text,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": text,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "evil|`<b>`name",
                            "in": "query",
                            "description": text,
                            "example": text,
                            "schema": {"type": "string", "default": text},
                        },
                        {
                            "name": "kind",
                            "in": "query",
                            "schema": {"$ref": "#/components/schemas/Kind"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "description": text,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": text,
                            "headers": {
                                "X-Evil|`": {
                                    "description": text,
                                    "schema": {"type": "string"},
                                }
                            },
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "400": error,
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "Key": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Key|<b>",
                    "description": text,
                }
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": text,
                    "required": ["name"],
                    "properties": {
                        "name": {
                            "type": "string",
                            "description": text,
                            "pattern": "^a|b`<c>$",
                            "example": text,
                        },
                        "wire|`<i>`": {"type": "string", "description": text},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        "shape": {"$ref": "#/components/schemas/Shape"},
                    },
                },
                "Kind": {
                    "type": "string",
                    "description": text,
                    "enum": ["a|b", "<i>x</i>", "`", "``x``"],
                },
                "Shape": {
                    "description": text,
                    "oneOf": [
                        {"$ref": "#/components/schemas/Thing"},
                        {"type": "string"},
                    ],
                },
            },
        },
    }


@pytest.fixture(scope="module")
def hostile_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    spec = write_spec(folder, json.dumps(_hostile_spec()), "spec.json")
    return generate(spec, folder / "out")


def _html(tokens: list[Token]) -> list[str]:
    found = [
        t.content
        for t in walk_tokens(tokens)
        if t.type in ("html_block", "html_inline")
    ]
    # The generator's own first line, naming the spec it comes from.
    if found and found[0].startswith("<!-- Generated by sdkgen"):
        found = found[1:]
    return found


def _headings(tokens: list[Token]) -> list[str]:
    return [
        inline_text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def test_hostile_spec_text_injects_no_html(hostile_docs: Path) -> None:
    for page in markdown_files(hostile_docs):
        assert _html(_PARSER.parse(page.read_text())) == [], page.name


def test_hostile_spec_text_adds_no_heading(hostile_docs: Path) -> None:
    api_page = _headings(
        _PARSER.parse((hostile_docs / "docs" / "ThingsApi.md").read_text())
    )
    assert api_page == ["ThingsApi", "make_thing", *OPERATION_SECTIONS]
    for page in markdown_files(hostile_docs):
        # The title is in the README's own heading; a heading of its own is injected.
        assert "Injected heading" not in _headings(
            _PARSER.parse(page.read_text())
        ), page.name


def _table_cells(tokens: list[Token]) -> Iterator[tuple[str, str]]:
    """(first header cell, cell text) for every cell of every table."""
    header = ""
    for index, token in enumerate(tokens):
        if token.type == "th_open" and tokens[index - 1].type == "tr_open":
            header = inline_text(tokens[index + 1])
        if token.type in ("td_open", "th_open"):
            yield header, inline_text(tokens[index + 1])


# The first header cell of each table the generator writes. Spec descriptions may hold
# tables of their own (in a paragraph they are whole blocks); those are not checked.
_OUR_TABLES = {
    "Name",
    "Method",
    "Status code",
    "Class",
    "Exception",
    "Member",
    "Variant",
}


def test_hostile_spec_text_stays_in_its_table_cell(hostile_docs: Path) -> None:
    cells_checked = 0
    for page in markdown_files(hostile_docs):
        for header, cell in _table_cells(_PARSER.parse(page.read_text())):
            if header in _OUR_TABLES and ("END" in cell or "a | b" in cell):
                # Both ends of the text in one cell (a default shows it quoted).
                assert "a | b" in cell and "<script>" in cell, (page.name, cell)
                assert cell.rstrip("'").endswith("END"), (page.name, cell)
                cells_checked += 1
    assert cells_checked >= 8


def test_hostile_spec_text_opens_no_code_block(hostile_docs: Path) -> None:
    tokens = _PARSER.parse((hostile_docs / "docs" / "ThingsApi.md").read_text())
    fences = [t.info for t in tokens if t.type in ("fence", "code_block")]
    assert fences == ["", "python"]
    readme = _PARSER.parse((hostile_docs / "README.md").read_text())
    assert {t.info for t in readme if t.type in ("fence", "code_block")} <= {
        "python",
        "sh",
    }


def test_hostile_spec_text_leaves_links_whole_and_examples_valid_python(
    hostile_docs: Path,
) -> None:
    assert broken_links(hostile_docs) == []
    for page in markdown_files(hostile_docs):
        for token in _PARSER.parse(page.read_text()):
            if token.type == "fence" and token.info == "python":
                compile(token.content, page.name, "exec")


def test_hostile_names_are_shown_verbatim(hostile_docs: Path) -> None:
    tokens = _PARSER.parse((hostile_docs / "docs" / "models" / "Kind.md").read_text())
    values = [t.content for t in walk_tokens(tokens) if t.type == "code_inline"]
    assert {"a|b", "<i>x</i>", "`", "``x``"} <= set(values)
    tokens = _PARSER.parse((hostile_docs / "docs" / "ThingsApi.md").read_text())
    assert "evil|`<b>`name" in [
        t.content for t in walk_tokens(tokens) if t.type == "code_inline"
    ]


_MARKDOWN_TEXT = st.text(alphabet="`|<>&\\#=-~*_[]()!:/ \n\tab1", max_size=60)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN_TEXT)
def test_any_text_stays_in_one_table_cell(text: str) -> None:
    tokens = _PARSER.parse(
        f"| A | B | C |\n|---|---|---|\n| x | {txt.md_inline(text)} | y |\n"
    )
    cells = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"
    ]
    assert len(cells) == 3 and cells[0] == "x" and cells[2] == "y"
    assert _html(tokens) == []


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN_TEXT)
def test_any_text_stays_in_its_paragraph(text: str) -> None:
    tokens = _PARSER.parse(f"# Top\n\n{txt.md_block(text)}\n\n## After\n")
    assert _headings(tokens) == ["Top", "After"]
    assert _html(tokens) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="`|<>&\\#*_[] a", max_size=30))
def test_code_spans_and_plain_text_show_text_verbatim(text: str) -> None:
    shown = " ".join(txt.clean(text).split())
    tokens = _PARSER.parse(
        f"| A | B |\n|---|---|\n| {txt.md_code(text)} | {txt.md_plain(text)} |\n"
    )
    cells = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"
    ]
    assert cells == [shown or '""', shown]
