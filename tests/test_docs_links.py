"""Every relative link and anchor in the generated markdown resolves.

Anchors are computed here, independently of the generator, by GitHub's rules: the
heading's rendered text, lowercased, with everything but letters, digits, spaces,
hyphens and underscores removed, spaces turned into hyphens, and ``-1``, ``-2``...
added to repeats.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import GENERATED, generate, write_spec
from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table")


def markdown_files(root: Path) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def walk_tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from walk_tokens(token.children or [])


def inline_text(inline: Token) -> str:
    return "".join(
        t.content
        for t in walk_tokens(inline.children or [])
        if t.type in ("text", "code_inline")
    )


@functools.cache
def github_anchors(path: Path) -> frozenset[str]:
    tokens = _PARSER.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    counts: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[index + 1]).strip().lower()
        base = "".join(c for c in text if c.isalnum() or c in " -_").replace(" ", "-")
        anchor = base
        while anchor in found:
            counts[base] = counts.get(base, 0) + 1
            anchor = f"{base}-{counts[base]}"
        found.add(anchor)
    return frozenset(found)


def links(path: Path) -> list[str]:
    tokens = _PARSER.parse(path.read_text(encoding="utf-8"))
    return [str(t.attrs["href"]) for t in walk_tokens(tokens) if t.type == "link_open"]


def broken_links(root: Path) -> list[str]:
    """``file: href`` for every relative link whose file or anchor does not exist."""
    broken = []
    for path in markdown_files(root):
        for href in links(path):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = (
                (path.parent / unquote(parts.path)).resolve() if parts.path else path
            )
            if href.startswith("/") or not target.is_file():
                broken.append(f"{path.relative_to(root)}: {href} (no such file)")
            elif parts.fragment and unquote(parts.fragment) not in github_anchors(
                target
            ):
                broken.append(f"{path.relative_to(root)}: {href} (no such anchor)")
    return broken


def test_every_relative_link_and_anchor_in_the_generated_docs_resolves() -> None:
    assert len(markdown_files(GENERATED)) > 60
    assert broken_links(GENERATED) == []


def test_the_readme_links_every_api_and_model_page() -> None:
    linked = {
        (GENERATED / unquote(urlsplit(href).path)).resolve()
        for href in links(GENERATED / "README.md")
        if not urlsplit(href).scheme
    }
    pages = {path.resolve() for path in (GENERATED / "docs").rglob("*.md")}
    assert pages - linked == set()


def test_every_type_in_the_api_pages_links_to_its_model_page() -> None:
    text = (GENERATED / "docs" / "MessagesApi.md").read_text()
    assert "| **body** | [MessageRequest](models/MessageRequest.md) |" in text
    assert (
        "| **message_status** | [MessageStatusEnum](models/MessageStatusEnum.md) |"
        in text
    )
    assert "### Return type\n\n[MessagesList](models/MessagesList.md)\n" in text
    media = (GENERATED / "docs" / "MediaApi.md").read_text()
    assert "list\\[[Media](models/Media.md)\\]" in media


# Operations named like the sections of an operation: their anchors are numbered.
_CLASHING_SPEC = """
openapi: 3.0.3
info: {title: Clash, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /a:
    get:
      operationId: parameters
      tags: [Things]
      responses: {"200": {description: OK}}
  /b:
    get:
      operationId: example
      tags: [Things]
      parameters:
        - {name: q, in: query, schema: {$ref: "#/components/schemas/Example"}}
      responses: {"200": {description: OK}}
  /c:
    get:
      operationId: things_api
      tags: [Things]
      responses: {"200": {description: OK}}
components:
  schemas:
    Example: {type: string, enum: [a, b]}
"""


def test_anchors_stay_right_when_operations_share_names_with_headings(
    tmp_path: Path,
) -> None:
    out = generate(write_spec(tmp_path, _CLASHING_SPEC), tmp_path / "out")
    assert broken_links(out) == []
    index = (out / "README.md").read_text()
    # The first operation's "Example" section comes before the operation "example".
    assert "(docs/ThingsApi.md#parameters)" in index
    assert "(docs/ThingsApi.md#example-1)" in index
