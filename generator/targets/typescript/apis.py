"""The TypeScript view of the API classes: one class per tag, each method a thin call
of the runtime's ``BaseAPI.request`` with its entry of a plain-data operation table.

Methods take their arguments as the customer's typescript-axios SDK did, so its
calls keep compiling: required parameters in spec order, the body (named after its
type: ``messageRequest``), the optional parameters in spec order, then this SDK's
``options`` (``RequestOptions``: headers, signal, timeout, retries for one call).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.model.ir import (
    Api,
    ApiGroup,
    FieldEncoding,
    Operation,
    Parameter,
    RequestBody,
    Response,
)
from generator.targets.typescript import layout
from generator.targets.typescript.data import ts_literal
from generator.targets.typescript.names import camel, comment
from generator.targets.typescript.rules import enum_values, value_rule
from generator.targets.typescript.types import ts_type

_INDENT2 = layout.INDENT * 2


@dataclass(frozen=True)
class TsArg:
    name: str
    type: str
    required: bool
    description: str
    # The parameter's wire name and location ("body" for the request body).
    wire_name: str
    location: str


@dataclass(frozen=True)
class TsMethod:
    name: str
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    args: tuple[TsArg, ...]
    returns: str
    # The method as written in the class, doc comment included.
    code: str
    # "call", "all" (every item), "pages" or "stream" (see ``_methods``).
    kind: str
    # What it returns: ``Promise<ApiResponse<Message>>``, ``AsyncGenerator<...>``.
    result: str


@dataclass(frozen=True)
class TsApi:
    class_name: str
    description: str
    methods: tuple[TsMethod, ...]
    # The model types the module imports.
    imports: tuple[str, ...]
    # ``const OPERATIONS = {...}`` as written in the module.
    table: str
    # ``import type { ... } from "../models.js";`` ("" when it uses no model).
    import_line: str
    # ``import { BaseAPI, ... } from "../runtime/index.js";``
    runtime_import: str
    server_url: str


def ts_apis(api: Api, names: Mapping[str, str]) -> tuple[TsApi, ...]:
    ctx = table_context(api)
    return tuple(_group(g, names, ctx) for g in api.groups)


def _group(group: ApiGroup, names: Mapping[str, str], ctx: TableContext) -> TsApi:
    keys = _method_names(group)
    methods = [
        m for op in group.operations for m in _methods(op, names, keys[op.operation_id])
    ]
    spelled = set(
        re.findall(
            r"[A-Za-z_$][\w$]*",
            " ".join(
                t for m in methods for t in (m.returns, *(a.type for a in m.args))
            ),
        )
    )
    used = sorted(n for n in set(names.values()) if n in spelled)
    table = {keys[op.operation_id]: _entry(op, ctx) for op in group.operations}
    runtime = ["BaseAPI", "type ApiResponse", "type Operation", "type RequestOptions"]
    if any(a.type == "BinaryBody" for m in methods for a in m.args):
        runtime.insert(2, "type BinaryBody")
    return TsApi(
        class_name=group.name,
        description=comment(group.description),
        methods=tuple(methods),
        imports=tuple(used),
        runtime_import=layout.named_import(runtime, "../runtime/index.js"),
        import_line=(
            layout.named_import(used, "../models.js", "import type") if used else ""
        ),
        table=ts_literal(
            table, "", "const OPERATIONS = ", " satisfies Record<string, Operation>;"
        ).replace('"MODELS"', "MODELS"),
        server_url=group.server_url,
    )


def _args(op: Operation, names: Mapping[str, str]) -> list[TsArg]:
    def of(p: Parameter) -> TsArg:
        return TsArg(
            camel(p.wire_name),
            ts_type(p.type.shape, names),
            p.required,
            p.description,
            p.wire_name,
            p.location,
        )

    required = [of(p) for p in op.parameters if p.required]
    optional = [of(p) for p in op.parameters if not p.required]
    body: list[TsArg] = []
    if op.body is not None:
        shape = op.body.type.shape
        taken = {a.name for a in required + optional}
        name = (
            camel(names.get(shape.ref, shape.ref)) if shape.kind == "model" else "body"
        )
        while name in taken:
            name += "Body"
        body = [
            TsArg(
                name,
                "BinaryBody" if op.body.kind == "binary" else ts_type(shape, names),
                op.body.required,
                op.body.description,
                "",
                "body",
            )
        ]
    if op.body is not None and op.body.required:
        return required + body + optional
    return required + optional + body


def _returns(op: Operation, names: Mapping[str, str]) -> str:
    if op.success_kind == "none":
        return "void"
    return ts_type(op.success_type.shape, names)


# What no method of a generated API class may be called: a member of the runtime's
# BaseAPI (a method ``request`` would replace what every other method calls) or of
# Object.prototype (``String(api)`` would call a method ``toString``).
TAKEN_MEMBERS = frozenset(
    """request requestStream pages paginate configuration constructor toString
    toLocaleString valueOf hasOwnProperty isPrototypeOf propertyIsEnumerable __proto__
    __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__""".split()
)


def _method_names(group: ApiGroup) -> dict[str, str]:
    """Each operation's method name (and operation-table key) in its class: its
    operationId in camelCase, with ``_`` added while it, or a companion it has
    (``<name>All``), is taken by another method or a member of ``TAKEN_MEMBERS``."""
    taken = set(TAKEN_MEMBERS)
    found: dict[str, str] = {}
    for op in group.operations:
        name = camel(op.operation_id)
        while any(name + suffix in taken for suffix in _suffixes(op)):
            name += "_"
        taken.update(name + suffix for suffix in _suffixes(op))
        found[op.operation_id] = name
    return found


def _kinds(op: Operation) -> list[str]:
    """The operation's methods: ``call``; for a paginated one also ``all`` (every item
    of every page) and ``pages`` (each page's response), async generators; for a binary
    download ``stream`` (the body as it arrives)."""
    kinds = ["call"]
    if op.pagination is not None and _pagination(op) is not None:
        kinds += ["all", "pages"]
    if op.success_kind == "binary":
        kinds.append("stream")
    return kinds


def _suffixes(op: Operation) -> list[str]:
    return [_KINDS[kind][0] for kind in _kinds(op)]


def _methods(op: Operation, names: Mapping[str, str], table_key: str) -> list[TsMethod]:
    return [_method(op, names, kind, table_key) for kind in _kinds(op)]


# How each kind of method is named, documented and run: (suffix, summary, runner).
_KINDS = {
    "call": ("", "", "this.request"),
    "all": (
        "All",
        "Every item of every page of {}, pages fetched as the loop reaches them.",
        "this.paginate",
    ),
    "pages": (
        "Pages",
        "Each page of {} (its status, headers and data), fetched as the loop reaches it.",
        "this.pages",
    ),
    "stream": (
        "Stream",
        "{}, the body as it arrives (a ReadableStream), never held whole.",
        "this.requestStream",
    ),
}


def _method(
    op: Operation, names: Mapping[str, str], kind: str, table_key: str
) -> TsMethod:
    suffix, summary, runner = _KINDS[kind]
    args = _args(op, names)
    returns = _returns(op, names)
    if kind in ("all", "pages"):
        assert op.pagination is not None
        token = camel(op.pagination.token_param)
        args = [a for a in args if a.name != token]
    if kind == "all":
        assert op.pagination is not None
        returns = ts_type(op.pagination.item_type.shape, names)
        result, runner = (
            f"AsyncGenerator<{returns}, void, undefined>",
            f"{runner}<{returns}>",
        )
    elif kind == "pages":
        result = f"AsyncGenerator<ApiResponse<{returns}>, void, undefined>"
        runner = f"{runner}<{returns}>"
    elif kind == "stream":
        returns = "ReadableStream<Uint8Array>"
        result = f"Promise<ApiResponse<{returns}>>"
    else:
        result, runner = f"Promise<ApiResponse<{returns}>>", f"{runner}<{returns}>"
    params = [f"{a.name}{'' if a.required else '?'}: {a.type}" for a in args]
    params.append("options?: RequestOptions")
    signature = layout.call(layout.INDENT, table_key + suffix, params, f": {result} {{")
    in_request = [a.name for a in args if a.location != "body"]
    body_arg = next((a.name for a in args if a.location == "body"), "undefined")
    call = layout.call(
        _INDENT2,
        f"return {runner}",
        [f"OPERATIONS.{table_key}", _object(in_request), body_arg, "options"],
        ";",
    )
    paragraphs = [comment(op.summary), comment(op.description)]
    if summary:
        paragraphs = [summary.format(table_key)]
    code = f"{_doc(paragraphs, layout.INDENT)}{signature}\n{call}\n{layout.INDENT}}}"
    return TsMethod(
        table_key + suffix,
        op.operation_id,
        op.method,
        op.path,
        op.summary,
        op.description,
        tuple(args),
        returns,
        code,
        kind,
        result,
    )


def _object(shorthand: list[str]) -> str:
    """The parameters by name, as an object literal of shorthand properties."""
    if not shorthand:
        return "{}"
    if len(shorthand) == 1:
        return f"{{ {shorthand[0]} }}"
    inner = _INDENT2 + layout.INDENT * 2
    return (
        "{\n"
        + "".join(f"{inner}{n},\n" for n in shorthand)
        + f"{_INDENT2}{layout.INDENT}}}"
    )


def _doc(paragraphs: list[str], indent: str) -> str:
    kept = [p for p in paragraphs if p]
    if not kept:
        return ""
    lines = [f"{indent}/**"]
    for i, text in enumerate(kept):
        if i:
            lines.append(f"{indent} *")
        lines.append(f"{indent} * {text}")
    return "\n".join(lines) + f"\n{indent} */\n"


_DECODE = {
    "json": "json",
    "text": "text",
    "binary": "binary",
    "events": "text",
    "none": "none",
}
_BODY_KINDS = ("json", "form", "multipart", "binary", "text")
# The error classes the runtime defines (``ErrorClassName`` in runtime/operation.ts);
# any other status is raised as ``ApiError``.
ERROR_CLASSES = frozenset(
    """ApiError BadRequestError UnauthorizedError PaymentRequiredError ForbiddenError
    NotFoundError MethodNotAllowedError NotAcceptableError RequestTimeoutError ConflictError
    GoneError PreconditionFailedError PayloadTooLargeError UnsupportedMediaTypeError
    UnprocessableEntityError TooManyRequestsError InternalServerError NotImplementedError
    BadGatewayError ServiceUnavailableError GatewayTimeoutError""".split()
)


def _entry(op: Operation, ctx: TableContext) -> dict[str, Any]:
    """The operation's entry of the table the runtime reads: plain data."""
    entry: dict[str, Any] = {
        "operationId": op.operation_id,
        "method": op.method.upper(),
        "path": op.path,
        # The operation's server first; then the others the spec lists, which
        # ``Configuration.serverIndex`` picks among (as the Python client's ``server=``).
        "servers": [
            op.server_url,
            *(url for url in ctx.servers if url != op.server_url),
        ],
        "parameters": [_parameter(p, ctx) for p in op.parameters],
    }
    if op.body is not None and op.body.kind in _BODY_KINDS:
        entry["body"] = {
            "required": op.body.required,
            "contents": _contents(op.body, ctx),
        }
    entry["responses"] = {r.status: _response(r) for r in op.responses}
    entry["security"] = [
        [ctx.schemes[name] for name in alternative] for alternative in op.security
    ]
    if op.pagination is not None and (found := _pagination(op)) is not None:
        entry["pagination"] = found
    entry["models"] = "MODELS"
    return entry


def _contents(body: RequestBody, ctx: TableContext) -> list[dict[str, Any]]:
    """Each media type the body may be sent in, the default first: how it is written,
    the type a body in it must have and how its form or multipart fields are encoded
    (those of one kind, say two JSON types, share the first's)."""
    kinds = dict(zip(body.media_types, body.kinds, strict=True))
    types = {kinds[m]: info for m, info in body.types}
    encodings = {kinds[m]: fields for m, fields in body.encodings}
    ordered = sorted(body.media_types, key=lambda m: m != body.media_type)
    contents = []
    for media_type in ordered:
        kind = kinds[media_type]
        if kind not in _BODY_KINDS:
            continue
        content: dict[str, Any] = {"mediaType": media_type, "kind": kind}
        if kind in ("json", "form", "multipart"):
            shape = types.get(kind, body.type).shape
            content["rule"] = value_rule(shape, None, ctx.enums)
        if kind in encodings:
            content["encoding"] = {f.name: _encoding(f) for f in encodings[kind]}
        contents.append(content)
    return contents


def _encoding(field: FieldEncoding) -> dict[str, Any]:
    """A form or multipart field's ``encoding`` entry as the runtime's FieldEncoding."""
    found: dict[str, Any] = {}
    if field.style:
        found["style"] = field.style
    found["explode"] = field.explode
    if field.content_type:
        found["contentType"] = field.content_type
    if field.allow_reserved:
        found["allowReserved"] = True
    return found


def _parameter(p: Parameter, ctx: TableContext) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": camel(p.wire_name),
        "wireName": p.wire_name,
        "in": p.location,
    }
    if p.required:
        spec["required"] = True
    if p.style:
        spec["style"] = p.style
    spec["explode"] = p.explode
    spec["rule"] = value_rule(p.type.shape, p.limits, ctx.enums)
    return spec


def _response(r: Response) -> dict[str, Any]:
    found: dict[str, Any] = {"decode": _DECODE.get(r.kind, "binary")}
    if r.error_class in ERROR_CLASSES:
        found["errorClass"] = r.error_class
    return found


def _pagination(op: Operation) -> dict[str, Any] | None:
    page = op.pagination
    assert page is not None
    items = ".".join(page.items_path)
    parameter = camel(page.token_param)
    path = ".".join(page.token_path)
    if page.token_in == "body":
        return {"items": items, "in": "body", "parameter": parameter, "path": path}
    if page.token_in == "header":
        return {"items": items, "in": "header", "parameter": parameter, "header": path}
    if page.token_in in ("page", "offset"):
        return {"items": items, "in": page.token_in, "parameter": parameter}
    if page.token_in == "link":
        return {"items": items, "in": "link"}
    return None


@dataclass(frozen=True)
class TableContext:
    enums: dict[str, tuple[Any, ...]]
    # Each security scheme as the runtime's ``SecurityScheme``, by its key in the spec.
    schemes: dict[str, dict[str, Any]]
    # The servers a user may pick: the document's, else its paths' and operations'.
    servers: tuple[str, ...] = ()


def table_context(api: Api) -> TableContext:
    schemes: dict[str, dict[str, Any]] = {}
    for s in api.security_schemes:
        if s.kind == "apiKey":
            schemes[s.key] = {
                "type": "apiKey",
                "name": s.key,
                "in": s.location,
                "keyName": s.param_name,
            }
        elif s.kind == "oauth2":
            schemes[s.key] = {"type": "oauth2", "name": s.key, "tokenUrl": s.token_url}
        else:
            schemes[s.key] = {"type": s.kind, "name": s.key}
    return TableContext(
        enum_values(api), schemes, tuple(s.url for s in api.server_choices)
    )
