"""Pagination: which parameter carries the page token, where the next token and the
items are in a response, from ``x-pagination``, ``[tool.generator.pagination]`` or
inference from common token names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .literals import literal
from .model import Pagination, Parameter, TypeInfo
from .schemas import SchemaRegistry


def pagination_for(
    op_id: str,
    op: dict[str, Any],
    params: tuple[Parameter, ...],
    page_type: TypeInfo,
    schemas: SchemaRegistry,
    configured: dict[str, dict[str, Any]],
    problem: Callable[[str, str], None],
) -> Pagination | None:
    """How ``op`` pages: from the config, its ``x-pagination``, or inferred; None if
    it does not. A declaration that does not fit the operation is a problem."""
    config = configured.get(op_id) or op.get("x-pagination")
    if config is None:
        config = _infer_pagination(params, page_type, schemas)
    if not isinstance(config, dict):
        return None
    token_wire = str(config.get("tokenParameter", ""))
    param = next((p for p in params if p.wire_name == token_wire), None)
    next_token = config.get("nextToken") or {}
    token_in = next_token.get("in", "body") if isinstance(next_token, dict) else "body"
    if param is None or token_in not in ("body", "header"):
        problem(
            f"pagination of {op_id!r} names no parameter {token_wire!r} or a bad nextToken",
            "tokenParameter must be a parameter of the operation; nextToken.in is body or header",
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
    if token_in == "header":
        token_path: tuple[str, ...] = (str(next_token.get("name", "")),)
    else:
        token_path = _py_path(
            page_type,
            [s for s in str(next_token.get("path", "")).split(".") if s],
            schemas,
        )
    items_path = _py_path(page_type, items_wire, schemas)
    reader = "body_token" if token_in == "body" else "header_token"
    code = (
        f"Paging[{page_type.annotation}, {item_type.annotation}]("
        f"{literal(param.py_name)}, {reader}({', '.join(map(literal, token_path))}), "
        f"items_at({', '.join(map(literal, items_path))}))"
    )
    return Pagination(
        token_param=param.py_name,
        token_in="header" if token_in == "header" else "body",
        token_path=token_path,
        items_path=items_path,
        item_type=item_type,
        code=code,
    )


def _walk(
    page_type: TypeInfo, wire_path: list[str], schemas: SchemaRegistry
) -> tuple[tuple[str, ...], TypeInfo | None]:
    """Follow wire names through the page's models: the Python attribute names met,
    and the type at the end (None where a name is not a property; the rest of the
    path then stays in wire names)."""
    names: list[str] = []
    current: TypeInfo | None = page_type
    for index, wire in enumerate(wire_path):
        model = schemas.models.get(current.annotation) if current else None
        prop = (
            next((p for p in model.properties if p.wire_name == wire), None)
            if model
            else None
        )
        if prop is None:
            return tuple(names + wire_path[index:]), None
        names.append(prop.py_name)
        current = prop.type
    return tuple(names), current


def _py_path(
    page_type: TypeInfo, wire_path: list[str], schemas: SchemaRegistry
) -> tuple[str, ...]:
    return _walk(page_type, wire_path, schemas)[0]


def _item_type(
    page_type: TypeInfo, wire_path: list[str], schemas: SchemaRegistry
) -> TypeInfo | None:
    current = _walk(page_type, wire_path, schemas)[1]
    if current is None or not current.annotation.startswith("list["):
        return None
    inner = current.annotation[5:-1]
    return TypeInfo(inner, current.display[5:-1], current.refs, current.link)


_TOKEN_PARAMS = (
    "pageToken",
    "page_token",
    "cursor",
    "nextToken",
    "next_token",
    "continuationToken",
    "Continuation-Token",
)
_TOKEN_FIELDS = (
    "nextPageToken",
    "next_page_token",
    "nextCursor",
    "next_cursor",
    "nextToken",
    "next_token",
)


def _infer_pagination(
    params: tuple[Parameter, ...], page_type: TypeInfo, schemas: SchemaRegistry
) -> dict[str, Any] | None:
    """Recognise the common token pattern: a token parameter, a next-token field, one list."""
    param = next((p for p in params if p.wire_name in _TOKEN_PARAMS), None)
    model = schemas.models.get(page_type.annotation)
    if param is None or model is None:
        return None
    lists = [p for p in model.properties if p.type.annotation.startswith("list[")]
    for prop in model.properties:
        if prop.wire_name in _TOKEN_FIELDS:
            path = prop.wire_name
        else:
            nested = schemas.models.get(prop.type.annotation)
            inner = (
                next(
                    (q for q in nested.properties if q.wire_name in _TOKEN_FIELDS), None
                )
                if nested
                else None
            )
            if inner is None:
                continue
            path = f"{prop.wire_name}.{inner.wire_name}"
        if len(lists) == 1:
            return {
                "tokenParameter": param.wire_name,
                "nextToken": {"in": "body", "path": path},
                "items": lists[0].wire_name,
            }
    return None
