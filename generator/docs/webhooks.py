"""The docs of callbacks and webhooks: a page each (``docs/webhook.md.j2``) with the
payload's fields linked to their model pages, the authentication, what the endpoint
must answer and two complete handlers (``http.server`` and FastAPI), and a note on
the API page of each operation that registers one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace

from generator.docs.markdown import fence, type_md
from generator.model import text as txt
from generator.model.ir import Api, ApiGroup, Webhook, WebhookDocs
from generator.model.names import field_names
from generator.model.types import class_of
from generator.targets.python.annotations import annotation as annotation_of
from generator.targets.python.literals import LINE_LENGTH
from generator.targets.python.naming import operation_paths, webhook_functions


def document(api: Api, package: str) -> Api:
    """``api`` with the docs of every webhook filled in; the example handlers import
    the Python ``package``."""
    if not api.webhooks:
        return api
    pages = {m.name: "" for m in api.models}
    pages.update((e.name, "") for e in api.enums)
    pages.update((u.name, "") for u in api.unions)
    # Each operation as users call it, and its section of its API page.
    paths = operation_paths(api.groups)
    sections = {
        op.pointer: (
            f"`{paths[op.pointer]}`",
            f"../{group.name}.md#{op.docs.anchor if op.docs else ''}",
        )
        for group in api.groups
        for op in group.operations
    }
    functions = webhook_functions(api.webhooks)
    hooks = tuple(
        _webhook_docs(api, package, w, functions[w.pointer], pages, sections)
        for w in api.webhooks
    )
    linked = tuple(_linked(g, hooks, functions) for g in api.groups)
    return replace(api, webhooks=hooks, groups=linked)


def _linked(
    group: ApiGroup, hooks: tuple[Webhook, ...], functions: Mapping[str, str]
) -> ApiGroup:
    """The group whose operations' docs link the pages of the callbacks they register."""
    operations = []
    for op in group.operations:
        mine = [h for h in hooks if op.pointer in h.registered_by]
        if mine and op.docs is not None:
            links = ", ".join(
                f"[{txt.md_inline(h.name)}](webhooks/{h.page}.md)" for h in mine
            )
            note = (
                f"**Callbacks**: after this call the API posts {links} to your "
                f"endpoint; parse {'them' if len(mine) > 1 else 'it'} with "
                + ", ".join(f"`webhooks.{functions[h.pointer]}`" for h in mine)
                + "."
            )
            op = replace(op, docs=replace(op.docs, notes=(*op.docs.notes, note)))
        operations.append(op)
    return replace(group, operations=tuple(operations))


def _webhook_docs(
    api: Api,
    package: str,
    webhook: Webhook,
    function: str,
    pages: Mapping[str, str],
    sections: Mapping[str, tuple[str, str]],
) -> Webhook:
    registered = [
        f"[{sections[caller][0]}]({sections[caller][1]})"
        for caller in webhook.registered_by
    ]
    payload = (
        type_md(webhook.payload, "../models/", pages)
        if webhook.payload
        else "The raw body (`bytes`)"
    )
    example = next((e for e in webhook.examples), None)
    return replace(
        webhook,
        docs=WebhookDocs(
            title=txt.md_inline(webhook.name),
            description=txt.md_block(webhook.description or webhook.summary),
            registered_by=" or ".join(registered),
            payload=payload,
            kinds=", ".join(txt.md_code(k) for k in webhook.kinds),
            kind_field=txt.md_code(webhook.kind_field) if webhook.kind_field else "",
            example=(
                fence(
                    json.dumps(json.loads(example.json), indent=2, ensure_ascii=False),
                    "json",
                )
                if example
                else ""
            ),
            responses=tuple(
                (txt.md_inline(r.status), txt.md_inline(r.description))
                for r in webhook.responses
            ),
            success_status=_success(webhook),
            signature=_signature(webhook, function),
            handler=handler_stdlib(api, package, webhook, function),
            framework_handler=handler_fastapi(api, package, webhook, function),
            anchor=txt.slug(webhook.name),
            fields=_fields(api, webhook, pages),
            readme_payload=(
                type_md(webhook.payload, "docs/models/", pages)
                if webhook.payload
                else "`bytes`"
            ),
            auth=_auth_text(api, webhook, function),
        ),
    )


def _fields(
    api: Api, webhook: Webhook, pages: Mapping[str, str]
) -> tuple[tuple[str, str, str, str, str], ...]:
    """The payload's top-level fields: name, wire name, linked type, required, and
    description, for a payload that is one model."""
    main = webhook.payload.refs[0] if webhook.payload and webhook.payload.refs else ""
    model = next((m for m in api.models if m.name == main), None)
    if (
        model is None
        or webhook.payload is None
        or class_of(webhook.payload.shape) != main
    ):
        return ()
    names = field_names(model.properties)
    return tuple(
        (
            names[p.wire_name],
            txt.md_code(p.wire_name),
            type_md(p.type, "../models/", pages),
            "yes" if p.required else "no",
            txt.md_inline(p.description),
        )
        for p in model.properties
    )


def _auth_text(api: Api, webhook: Webhook, function: str) -> str:
    auth = webhook.auth
    if auth is None:
        return ""
    prefix = api.env_prefix
    if auth.kind == "basic":
        return (
            "The API sends the username and password you registered for callbacks as HTTP "
            "Basic credentials (the `Authorization` header). Give them to "
            f"`{function}` as `username=` and `password=` (the examples read "
            f"`{prefix}_CALLBACK_USERNAME` and `{prefix}_CALLBACK_PASSWORD`): it compares "
            "them in constant time before parsing and raises `webhooks.WebhookAuthError` "
            "when they do not match. Pass None for both only if you registered none."
        )
    encoding = "hex digits" if auth.encoding == "hex" else "base64"
    prefixed = f", after {txt.md_code(auth.prefix)}" if auth.prefix else ""
    return (
        f"The API signs each request: the {txt.md_code(auth.header)} header holds the "
        f"HMAC-{auth.algorithm.upper()} of the raw body under your shared secret, in "
        f"{encoding}{prefixed}. Give the secret to `{function}` as `secret=` "
        f"(the examples read `{prefix}_WEBHOOK_SECRET`): it computes the signature over "
        "the bytes as received, compares it in constant time before parsing and raises "
        "`webhooks.WebhookAuthError` when it does not match. Pass the body exactly as "
        "received: parsed and serialised again, it would not match."
    )


def _success(webhook: Webhook) -> int:
    for response in webhook.responses:
        if response.status.isdigit() and 200 <= int(response.status) < 300:
            return int(response.status)
    return 200


def credential_args(api: Api, webhook: Webhook) -> list[str]:
    """The keyword arguments of the parse call in the docs' examples: the credentials
    from environment variables named after the package's prefix."""
    prefix = api.env_prefix
    if webhook.auth is None:
        return []
    if webhook.auth.kind == "basic":
        return [
            f'username=os.environ["{prefix}_CALLBACK_USERNAME"]',
            f'password=os.environ["{prefix}_CALLBACK_PASSWORD"]',
        ]
    return [f'secret=os.environ["{prefix}_WEBHOOK_SECRET"]']


def _payload_annotation(webhook: Webhook) -> tuple[str, list[str]]:
    """The annotation of the examples' ``handle(event)`` and the names it imports."""
    if webhook.payload is None:
        return "bytes", []
    if not webhook.payload.refs:
        return "object", []
    return annotation_of(webhook.payload.shape), sorted(set(webhook.payload.refs))


def _call(
    api: Api, webhook: Webhook, function: str, body: str, headers: str, indent: str
) -> str:
    args = [body, headers, *credential_args(api, webhook)]
    inner = indent + "    "
    lines = [f"{indent}event = webhooks.{function}("]
    lines += [f"{inner}{a}," for a in args]
    lines.append(f"{indent})")
    one_line = f"{indent}event = webhooks.{function}({', '.join(args)})"
    return one_line if len(one_line) <= LINE_LENGTH else "\n".join(lines)


def handler_stdlib(api: Api, package: str, webhook: Webhook, function: str) -> str:
    annotation, _ = _payload_annotation(webhook)
    stdlib = ["import os"] if webhook.auth else []
    stdlib.append("from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer")
    local = [f"from {package} import webhooks"]
    _, refs = _payload_annotation(webhook)
    if refs:
        local.append(f"from {package}.models import {', '.join(refs)}")
    call = _call(api, webhook, function, "body", "self.headers", " " * 12)
    status = _success(webhook)
    return "\n".join(
        [
            *stdlib,
            "",
            *local,
            "",
            "",
            f"def handle(event: {annotation}) -> None:",
            '    """Your code: store the event, update your records, ..."""',
            "    print(event)",
            "",
            "",
            f"class {webhook.page}Handler(BaseHTTPRequestHandler):",
            f"    def do_{webhook.method}(self) -> None:",
            '        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))',
            "        try:",
            call,
            *(
                [
                    "        except webhooks.WebhookAuthError:",
                    "            self.send_response(401)",
                    "            self.end_headers()",
                    "            return",
                ]
                if webhook.auth
                else []
            ),
            "        except webhooks.WebhookPayloadError:",
            "            self.send_response(400)",
            "            self.end_headers()",
            "            return",
            "        handle(event)",
            f"        self.send_response({status})",
            "        self.end_headers()",
            "",
            "",
            'if __name__ == "__main__":',
            f'    ThreadingHTTPServer(("", 8000), {webhook.page}Handler).serve_forever()',
            "",
        ]
    )


def handler_fastapi(api: Api, package: str, webhook: Webhook, function: str) -> str:
    annotation, refs = _payload_annotation(webhook)
    stdlib = ["import os", ""] if webhook.auth else []
    third = [f"from {package} import webhooks"]
    if refs:
        third.append(f"from {package}.models import {', '.join(refs)}")
    third.append("from fastapi import FastAPI, Request, Response")
    third.sort(key=lambda line: line.split()[1])
    call = _call(
        api, webhook, function, "await request.body()", "request.headers", " " * 8
    )
    route = "/" + function.removeprefix("parse_").replace("_", "-")
    return "\n".join(
        [
            *stdlib,
            *third,
            "",
            "app = FastAPI()",
            "",
            "",
            f"def handle(event: {annotation}) -> None:",
            '    """Your code: store the event, update your records, ..."""',
            "    print(event)",
            "",
            "",
            f'@app.{webhook.method.lower()}("{route}")',
            f"async def {function.removeprefix('parse_')}(request: Request) -> Response:",
            "    try:",
            call,
            *(
                [
                    "    except webhooks.WebhookAuthError:",
                    "        return Response(status_code=401)",
                ]
                if webhook.auth
                else []
            ),
            "    except webhooks.WebhookPayloadError:",
            "        return Response(status_code=400)",
            "    handle(event)",
            f"    return Response(status_code={_success(webhook)})",
            "",
        ]
    )


def _signature(webhook: Webhook, function: str) -> str:
    returns = annotation_of(webhook.payload.shape) if webhook.payload else "bytes"
    args = ["body: bytes | str", "headers: Headers | None = None"]
    if webhook.auth and webhook.auth.kind == "basic":
        args += ["*", "username: str | None", "password: str | None"]
    elif webhook.auth:
        args += ["*", "secret: str | bytes | None"]
    return fence(f"webhooks.{function}({', '.join(args)}) -> {returns}", "")
