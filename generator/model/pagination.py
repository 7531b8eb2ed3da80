"""Pagination: which parameter moves from page to page, how its next value is found,
and where a response keeps its items; from ``[tool.generator.pagination]``,
``x-pagination`` or inference from the common patterns.

``nextToken.in`` names the pattern:

- ``body`` (``path``) or ``header`` (``name``): a cursor the response carries;
- ``link``: the ``rel="next"`` address of the response's ``Link`` header;
- ``page``: a page number, one more each page (while ``hasMore``, if named);
- ``offset``: an offset, moved on by the number of items received (likewise);
- ``lastItem`` (``path``, ``hasMore``): the last item's id, while ``hasMore`` is true.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.model.ir import Model, Pagination, Parameter, TypeInfo
from generator.model.schemas import SchemaRegistry
from generator.model.types import typed

_MODES = ("body", "header", "link", "page", "offset", "lastItem")
# How each pattern is described in the docs.
DESCRIPTIONS = {
    "body": "a cursor in the response body",
    "header": "a cursor in a response header",
    "link": 'the `rel="next"` link of the `Link` header',
    "page": "the page number",
    "offset": "the offset, moved on by the items received",
    "lastItem": "the last item's id, while the response says there are more",
}


def pagination_for(
    op_id: str,
    op: dict[str, Any],
    params: tuple[Parameter, ...],
    page_type: TypeInfo,
    page_headers: tuple[str, ...],
    schemas: SchemaRegistry,
    configured: dict[str, dict[str, Any]],
    problem: Callable[[str, str], None],
) -> Pagination | None:
    """How ``op`` pages: from the config, its ``x-pagination``, or inferred; None if
    it does not. A declaration that does not fit the operation is a problem."""
    config = configured.get(op_id) or op.get("x-pagination")
    source = "configured" if op_id in configured else "declared"
    if config is None:
        config = _infer_pagination(params, page_type, page_headers, schemas)
        source = "inferred"
    if not isinstance(config, dict):
        return None
    token_wire = str(config.get("tokenParameter", ""))
    param = next((p for p in params if p.wire_name == token_wire), None)
    next_token = config.get("nextToken") or {}
    token_in = next_token.get("in", "body") if isinstance(next_token, dict) else "body"
    if param is None or token_in not in _MODES:
        problem(
            f"pagination of {op_id!r} names no parameter {token_wire!r} or a bad nextToken",
            "tokenParameter must be a parameter of the operation; nextToken.in is one "
            "of " + ", ".join(_MODES),
        )
        return None
    items_wire = [s for s in str(config.get("items", "")).split(".") if s]
    item_type = _item_type(page_type, items_wire, schemas)
    if item_type is None:
        problem(
            f"pagination of {op_id!r}: items path {config.get('items')!r} is not a list in the response",
            "name the property that holds the page's items, or '' for a list body",
        )
        return None
    if token_in in ("page", "offset") and next_token.get("hasMore"):
        has_more = _dotted(next_token["hasMore"])
    elif token_in == "lastItem":
        has_more = _dotted(next_token.get("hasMore") or "has_more")
    else:
        has_more = ()
    return Pagination(
        token_param=param.wire_name,
        token_in=token_in,
        token_path=_token_path(token_in, next_token),
        items_path=tuple(items_wire),
        item_type=item_type,
        page_type=page_type,
        has_more=has_more,
        first_page=_first_page(param) if token_in == "page" else 1,
        source=source,
    )


def _token_path(token_in: str, next_token: Any) -> tuple[str, ...]:
    if token_in == "header":
        return (str(next_token.get("name", "")),)
    if token_in == "body":
        return _dotted(next_token.get("path"))
    if token_in == "lastItem":
        return _dotted(next_token.get("path") or "id")
    return ()


def _first_page(param: Parameter) -> int:
    """The number of the first page: the parameter's default when it is an integer,
    else 1."""
    default = json.loads(param.default_json) if param.default_json else None
    return default if type(default) is int else 1


def _dotted(path: Any) -> tuple[str, ...]:
    return tuple(s for s in str(path or "").split(".") if s)


def _walk(
    page_type: TypeInfo, wire_path: list[str], schemas: SchemaRegistry
) -> TypeInfo | None:
    """The type at the end of ``wire_path`` followed through the page's models, None
    where a name is not a property."""
    current = page_type
    for wire in wire_path:
        model = _model_of(current, schemas)
        prop = (
            next((p for p in model.properties if p.wire_name == wire), None)
            if model
            else None
        )
        if prop is None:
            return None
        current = prop.type
    return current


def _item_type(
    page_type: TypeInfo, wire_path: list[str], schemas: SchemaRegistry
) -> TypeInfo | None:
    current = _walk(page_type, wire_path, schemas)
    if current is None or current.shape.items is None:
        return None
    return typed(current.shape.items)


def _model_of(type_info: TypeInfo, schemas: SchemaRegistry) -> Model | None:
    """The model ``type_info`` is, if it is one."""
    shape = type_info.shape
    return schemas.models.get(shape.ref) if shape.kind == "model" else None


# -- inference --------------------------------------------------------------------

_TOKEN_PARAMS = (
    "pageToken",
    "page_token",
    "cursor",
    "page_cursor",
    "nextToken",
    "next_token",
    "continuationToken",
    "continuation_token",
    "Continuation-Token",
    "after",
    "starting_after",
    "marker",
)
_TOKEN_FIELDS = (
    "nextPageToken",
    "next_page_token",
    "nextCursor",
    "next_cursor",
    "nextToken",
    "next_token",
    "continuationToken",
    "continuation_token",
    "endCursor",
    "end_cursor",
    "nextMarker",
    "next_marker",
    "next",
)
_PAGE_PARAMS = ("page", "page_number", "pageNumber")
_OFFSET_PARAMS = ("offset", "skip", "start")
_LIMIT_PARAMS = (
    "limit",
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "count",
    "size",
    "max",
    "top",
)
_HAS_MORE = ("has_more", "hasMore")
# Fields whose value says whether a next page exists: a flag or the next's address.
_MORE = (*_HAS_MORE, "next", "next_page", "nextPage", "next_page_url", "nextPageUrl")


def _infer_pagination(
    params: tuple[Parameter, ...],
    page_type: TypeInfo,
    page_headers: tuple[str, ...],
    schemas: SchemaRegistry,
) -> dict[str, Any] | None:
    """Recognise the common patterns, most specific first: a cursor the body names,
    the last item's id with ``has_more``, a ``Link`` header, a page number, an offset.
    """
    query = {p.wire_name: p for p in params if p.location in ("query", "header")}
    items = _items_wire(page_type, schemas)
    if items is None:
        return None
    cursor = next((query[n] for n in _TOKEN_PARAMS if n in query), None)
    if cursor is not None:
        path = _token_field(page_type, schemas)
        if path:
            return _config(cursor, {"in": "body", "path": path}, items)
        has_more = _field_named(page_type, _HAS_MORE, schemas)
        if has_more and items and cursor.wire_name in ("starting_after", "after"):
            return _config(
                cursor, {"in": "lastItem", "path": "id", "hasMore": has_more}, items
            )
    position = next(
        (
            query[n]
            for n in (*_PAGE_PARAMS, *_TOKEN_PARAMS, *_OFFSET_PARAMS)
            if n in query
        ),
        None,
    )
    if position is not None and any(h.lower() == "link" for h in page_headers):
        return _config(position, {"in": "link"}, items)
    integer = {
        n: p
        for n, p in query.items()
        if p.location == "query" and p.type.shape.kind == "integer"
    }
    # A field saying whether there is a next page ends the iteration without asking
    # for a page past the end, which some APIs answer with 404.
    more = _field_named(page_type, _MORE, schemas)
    page = next((integer[n] for n in _PAGE_PARAMS if n in integer), None)
    if page is not None:
        return _config(
            page, {"in": "page", **({"hasMore": more} if more else {})}, items
        )
    offset = next((integer[n] for n in _OFFSET_PARAMS if n in integer), None)
    if offset is not None and any(n in integer for n in _LIMIT_PARAMS):
        return _config(
            offset, {"in": "offset", **({"hasMore": more} if more else {})}, items
        )
    return None


def _config(param: Parameter, next_token: dict[str, Any], items: str) -> dict[str, Any]:
    return {"tokenParameter": param.wire_name, "nextToken": next_token, "items": items}


def _items_wire(page_type: TypeInfo, schemas: SchemaRegistry) -> str | None:
    """Where a page's items are: "" for a list body, else its only list property."""
    if page_type.shape.kind == "array":
        return ""
    model = _model_of(page_type, schemas)
    if model is None:
        return None
    lists = [p for p in model.properties if p.type.shape.kind == "array"]
    return lists[0].wire_name if len(lists) == 1 else None


def _token_field(page_type: TypeInfo, schemas: SchemaRegistry) -> str:
    """The dotted wire path of a next-token field, at the top or one level down."""
    return _field_named(page_type, _TOKEN_FIELDS, schemas, textual=True)


def _field_named(
    page_type: TypeInfo,
    names: tuple[str, ...],
    schemas: SchemaRegistry,
    *,
    textual: bool = False,
) -> str:
    model = _model_of(page_type, schemas)
    if model is None:
        return ""

    def fits(prop: Any) -> bool:
        return prop.wire_name in names and (
            not textual or prop.type.shape.kind == "string"
        )

    for name in names:
        found = next(
            (p for p in model.properties if p.wire_name == name and fits(p)), None
        )
        if found:
            return found.wire_name
    for prop in model.properties:
        nested = _model_of(prop.type, schemas)
        inner = (
            next(
                (
                    q
                    for n in names
                    for q in nested.properties
                    if q.wire_name == n and fits(q)
                ),
                None,
            )
            if nested
            else None
        )
        if inner is not None:
            return f"{prop.wire_name}.{inner.wire_name}"
    return ""
