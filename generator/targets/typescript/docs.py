"""The TypeScript docs' content, in the layout of the customer's ``MessagesApi.md``:
a page per API class (method table, then per method its signature, description,
example, parameters, return type, authorization, request headers, responses and back
links), a page per model, enum and union, and the package README. Markdown is escaped
here (``text.md_*``); the templates only lay the pages out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator.config import TypeScriptTarget
from generator.model import text as txt
from generator.model.ir import Api, Operation, Response, TypeRef
from generator.targets.typescript import layout
from generator.targets.typescript.apis import TsApi, TsMethod
from generator.targets.typescript.data import ts_literal
from generator.targets.typescript.examples import Samples
from generator.targets.typescript.types import ts_type

BACK_LINKS = (
    "[[Back to top]](#) [[Back to API list]](../README.md#documentation-for-api-endpoints) "
    "[[Back to Model list]](../README.md#documentation-for-models) [[Back to README]](../README.md)"
)
MODEL_BACK_LINKS = (
    "[[Back to Model list]](../../README.md#documentation-for-models) "
    "[[Back to API list]](../../README.md#documentation-for-api-endpoints) [[Back to README]](../../README.md)"
)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class MethodDoc:
    name: str
    anchor: str
    summary: str
    http: str
    signature: str
    description: str
    example: str
    parameters: tuple[Row, ...]
    returns: str
    auth: str
    content_type: str
    accept: str
    responses: tuple[Row, ...]


@dataclass(frozen=True)
class ApiPage:
    path: str
    class_name: str
    description: str
    base_url: str
    methods: tuple[MethodDoc, ...]


@dataclass(frozen=True)
class TypePage:
    path: str
    name: str
    kind: str
    description: str
    # Properties (models), values (enums) or variants (unions), as table rows.
    heading: tuple[str, ...]
    rows: tuple[Row, ...]
    example: str


@dataclass(frozen=True)
class TsDocs:
    api_pages: tuple[ApiPage, ...]
    type_pages: tuple[TypePage, ...]
    # The README's first example: the first API's first method.
    first_example: str
    base_url: str


def ts_docs(
    api: Api,
    target: TypeScriptTarget,
    names: Mapping[str, str],
    apis: tuple[TsApi, ...],
) -> TsDocs:
    samples = Samples(api)
    operations = {op.operation_id: op for g in api.groups for op in g.operations}
    pages = []
    for group in apis:
        methods = tuple(
            _method(m, operations[m.operation_id], group, target, names, samples)
            for m in group.methods
        )
        pages.append(
            ApiPage(
                f"docs/{group.class_name}.md",
                group.class_name,
                txt.md_block(group.description),
                api.default_server_url,
                methods,
            )
        )
    # The README opens as the customer's page does: sending something (a JSON body).
    sends = {
        m.name
        for g in apis
        for m in g.methods
        if any(a.location == "body" for a in m.args)
    }
    docs = [m for p in pages for m in p.methods]
    first = next(
        (m.example for m in docs if m.name in sends), docs[0].example if docs else ""
    )
    return TsDocs(
        tuple(pages),
        tuple(_type_pages(api, target, names, samples)),
        first,
        api.default_server_url,
    )


def type_doc(ref: TypeRef, names: Mapping[str, str], prefix: str = "models/") -> str:
    """A type for a table cell: linked to its page when it has one."""
    if ref.kind in ("model", "enum", "union") and ref.ref in names:
        link = f"[{names[ref.ref]}]({prefix}{names[ref.ref]}.md)"
        return link + (" \\| null" if ref.nullable else "")
    if (
        ref.kind == "array"
        and ref.items is not None
        and ref.items.kind in ("model", "enum", "union")
    ):
        return f"Array&lt;{type_doc(ref.items, names, prefix)}&gt;"
    return txt.md_code(ts_type(ref, names))


def _method(
    m: TsMethod,
    op: Operation,
    group: TsApi,
    target: TypeScriptTarget,
    names: Mapping[str, str],
    samples: Samples,
) -> MethodDoc:
    params = [f"{a.name}{'' if a.required else '?'}: {a.type}" for a in m.args] + [
        "options?: RequestOptions"
    ]
    signature = layout.call("", m.name, params, f": {m.result}")
    rows = []
    by_wire = {p.wire_name: p for p in op.parameters}
    for a in m.args:
        where = "body" if a.location == "body" else f"{a.location} `{a.wire_name}`"
        shape = (
            op.body.type.shape
            if a.location == "body" and op.body
            else by_wire[a.wire_name].type.shape
        )
        rows.append(
            Row(
                (
                    f"**{a.name}**",
                    type_doc(shape, names),
                    txt.md_inline(a.description),
                    f"{'required' if a.required else 'optional'}; {where}",
                )
            )
        )
    rows.append(
        Row(
            (
                "**options**",
                "`RequestOptions`",
                "Headers, timeout, retries or an abort signal for this call.",
                "optional",
            )
        )
    )
    responses = tuple(
        Row((r.status, txt.md_inline(r.description) or "-", _headers(r)))
        for r in op.responses
    )
    docs = op.docs
    return MethodDoc(
        name=m.name,
        anchor=txt.slug(m.name),
        summary=_SUMMARIES[m.kind].format(txt.md_inline(op.summary or m.operation_id)),
        http=f"**{op.method.upper()}** {txt.md_code(op.path)}",
        signature=signature,
        description=txt.md_block(op.description or op.summary),
        example=_example(m, op, group, target, names, samples),
        parameters=tuple(rows),
        returns=_returns_doc(m, op, names),
        auth=" or ".join(
            f"[{s[0]}](../README.md#authentication)" for s in op.security if s
        )
        or "none",
        content_type=docs.content_type if docs else "none",
        accept=docs.accept if docs else "none",
        responses=responses,
    )


def _headers(response: Response) -> str:
    """The response's headers for a table cell, as the seed lists them."""
    cells = [
        f"* {txt.md_code(h.wire_name)} - {txt.md_inline(h.description)}".rstrip(" -")
        for h in response.headers
    ]
    return "<br>".join(cells) or "-"


_SUMMARIES = {
    "call": "{}",
    "all": "{}: every item of every page",
    "pages": "{}: each page",
    "stream": "{}: the body as a stream",
}


def _returns_doc(m: TsMethod, op: Operation, names: Mapping[str, str]) -> str:
    if m.kind == "all" and op.pagination is not None:
        return "AsyncGenerator of " + type_doc(op.pagination.item_type.shape, names)
    if m.kind == "pages":
        return "AsyncGenerator of `ApiResponse` of " + type_doc(
            op.success_type.shape, names
        )
    if m.kind == "stream":
        return "`ReadableStream<Uint8Array>`"
    if m.returns == "void":
        return "`void` (no body)"
    return type_doc(op.success_type.shape, names)


def _example(
    m: TsMethod,
    op: Operation,
    group: TsApi,
    target: TypeScriptTarget,
    names: Mapping[str, str],
    samples: Samples,
) -> str:
    """A complete module calling the method as the seed's examples do."""
    by_wire = {p.wire_name: p for p in op.parameters}
    args = [a for a in m.args if a.required]
    optional = [a for a in m.args if not a.required and a.location == "query"]
    if optional and not any(a.location == "query" for a in args):
        args.append(optional[0])  # a listing is shown with one filter
    types: set[str] = set()
    lines: list[str] = []
    for a in m.args:
        if a not in args:
            continue
        if a.location == "body" and op.body is not None and op.body.kind == "binary":
            # The Blob's type is the Content-Type sent: the first (not JSON) the spec offers.
            media = next(
                (m for m in op.body.media_types if "json" not in m),
                "application/octet-stream",
            )
            lines.append(
                f'const {a.name} = new Blob(["example file content"], {{ type: "{media}" }});'
            )
            continue
        shape = (
            op.body.type.shape
            if a.location == "body" and op.body
            else by_wire[a.wire_name].type.shape
        )
        limits = None if a.location == "body" else by_wire[a.wire_name].limits
        given = (
            op.body.example_json
            if a.location == "body" and op.body
            else by_wire[a.wire_name].example_json
        )
        value = json.loads(given) if given else samples.value(shape, limits)
        annotation = ""
        if shape.kind in ("model", "enum", "union") and shape.ref in names:
            annotation = f": {names[shape.ref]}"
            types.add(names[shape.ref])
        lines.append(ts_literal(value, "", f"const {a.name}{annotation} = ", ";"))
    call_args = [a.name for a in m.args if a in args]
    imports = layout.named_import(
        ["Configuration", group.class_name, *(f"type {t}" for t in sorted(types))],
        target.package,
    )
    head = [
        imports,
        "",
        "const configuration = new Configuration({",
        '  username: "YOUR_USERNAME",',
        '  password: "YOUR_PASSWORD",',
        "});",
        f"const apiInstance = new {group.class_name}(configuration);",
        "",
    ]
    if m.kind == "pages":
        body = [
            layout.call(
                "", f"for await (const page of apiInstance.{m.name}", call_args, ") {"
            ),
            "  console.log(page.status, page.data);",
            "}",
        ]
    elif m.kind == "stream":
        body = [
            layout.call(
                "",
                f"const {{ status, data }} = await apiInstance.{m.name}",
                call_args,
                ";",
            ),
            "const bytes = await new Response(data).arrayBuffer();",
            "console.log(status, bytes.byteLength);",
        ]
    elif m.kind == "all":
        body = [
            layout.call(
                "", f"for await (const item of apiInstance.{m.name}", call_args, ") {"
            ),
            "  console.log(item);",
            "}",
        ]
    else:
        body = [
            layout.call(
                "",
                f"const {{ status, data }} = await apiInstance.{m.name}",
                call_args,
                ";",
            ),
            "console.log(status, data);",
        ]
    return "\n".join(head + lines + ([""] if lines else []) + body)


def _type_pages(
    api: Api, target: TypeScriptTarget, names: Mapping[str, str], samples: Samples
) -> list[TypePage]:
    pages = []
    for model in api.models:
        name = names[model.name]
        rows = tuple(
            Row(
                (
                    f"**{p.wire_name}**",
                    type_doc(p.type.shape, names, ""),
                    txt.md_inline(p.description),
                    ("required" if p.required else "optional")
                    + ("; nullable" if p.nullable else ""),
                )
            )
            for p in model.properties
        )
        example = "\n".join(
            [
                f'import type {{ {name} }} from "{target.package}";',
                "",
                ts_literal(
                    samples.model(model.name), "", f"const value: {name} = ", ";"
                ),
                "console.log(value);",
            ]
        )
        pages.append(
            TypePage(
                f"docs/models/{name}.md",
                name,
                "interface",
                txt.md_block(model.description),
                ("Name", "Type", "Description", "Notes"),
                rows,
                example,
            )
        )
    for enum in api.enums:
        name = names[enum.name]
        rows = tuple(Row((txt.md_code(m.value),)) for m in enum.members)
        pages.append(
            TypePage(
                f"docs/models/{name}.md",
                name,
                "enum",
                txt.md_block(enum.description),
                ("Value",),
                rows,
                "",
            )
        )
    for union in api.unions:
        name = names[union.name]
        rows = tuple(
            Row(
                (
                    type_doc(v.type.shape, names, ""),
                    txt.md_code(", ".join(v.tags or (v.tag,))) if v.tag else "-",
                )
            )
            for v in union.variants
        )
        pages.append(
            TypePage(
                f"docs/models/{name}.md",
                name,
                "union",
                txt.md_block(union.description),
                ("Variant", f"{union.discriminator or 'tag'}"),
                rows,
                "",
            )
        )
    return sorted(pages, key=lambda p: p.name)
