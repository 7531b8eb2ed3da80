"""The example scripts of the generated README, built from the API's own operations.

Each script is complete (imports, credentials from the environment) and calls a real
operation with example values, so that it runs as written; tests run every one.
"""

from __future__ import annotations

import re

from generator.docs.scripts import (
    call,
    call_arguments,
    required_arguments,
    result_name,
    script,
    unexampled,
)
from generator.model.ir import Api, ApiDocs, ApiGroup, Operation, SecurityScheme
from generator.model.pagination import DESCRIPTIONS
from generator.targets.python.codelayout import Stmt
from generator.targets.python.naming import (
    Credentials,
    attribute_path,
    operation_paths,
    scheme_credentials,
    token_argument,
)
from generator.targets.python.samples import SampleCode


def readme_examples(api: Api, package: str) -> ApiDocs:
    """The README's scripts; ``description``, ``base_url`` and ``models`` are left
    for ``docs.py`` to fill."""
    ops = [(group, op) for group in api.groups for op in group.operations]
    paths = operation_paths(api.groups)
    if not ops:
        return ApiDocs("", "", "", "", "", "", "")
    first = next(
        ((g, o) for g, o in ops if o.body is not None and o.body.kind == "json"), ops[0]
    )
    read = next(
        ((g, o) for g, o in ops if o.method == "GET" and o.success_kind == "json"),
        first,
    )
    paged = next(((g, o) for g, o in ops if o.pagination is not None), None)
    upload = next(
        ((g, o) for g, o in ops if o.body is not None and o.body.kind == "binary"), None
    )
    download = next(((g, o) for g, o in ops if o.success_kind == "binary"), None)
    return ApiDocs(
        description="",
        base_url="",
        first_call=first[1].docs.example if first[1].docs else "",
        errors=_errors(api, package, *first),
        retries=_retries(api, package, *read),
        raw=_raw(api, package, *read),
        async_call=_async(api, package, *first),
        pagination=_pagination(api, package, *paged) if paged else "",
        pagination_ops="".join(
            f"\n- [`{paths[o.pointer]}`](docs/{g.name}.md#{o.docs.anchor if o.docs else ''}): "
            f"by {DESCRIPTIONS.get(o.pagination.token_in, '')} "
            f"(`{token_argument(o)}`"
            + ("; inferred" if o.pagination.source == "inferred" else "")
            + ")"
            for g, o in ops
            if o.pagination is not None
        ),
        upload=_upload(api, package, *upload) if upload else "",
        download=_download(api, package, *download) if download else "",
        media_choice=next(
            (
                f'`client.{paths[o.pointer]}(..., content_type="{o.body.choices[-1]}")`'
                for g, o in ops
                if o.body is not None and o.body.choices
            ),
            "",
        ),
        event_stream=next(
            (
                f"`{call(paths[o.pointer], ['...'], 'events')}`"
                for _, o in ops
                if o.success_kind == "events"
            ),
            "",
        ),
    )


def scheme_example(api: Api, package: str, scheme: SecurityScheme) -> str:
    """A script that authenticates with ``scheme`` and makes a call it authorises."""
    credentials = scheme_credentials(api.security_schemes, api.env_prefix)[scheme.key]
    ops = [
        (g, o)
        for g in api.groups
        for o in g.operations
        if [scheme.key] in map(list, o.security)
    ]
    if not ops:
        return script(package, credentials, ["pass"])
    group, op = next(((g, o) for g, o in ops if o.method == "GET"), ops[0])
    path = _path(api, op)
    return _single_call(
        package, credentials, path, op, required_arguments(op, SampleCode(api))
    )


def _path(api: Api, op: Operation) -> str:
    return operation_paths(api.groups)[op.pointer]


def _scheme_for(api: Api, op: Operation) -> Credentials | None:
    """The credentials an example of ``op`` passes: the scheme's it needs, when it
    needs exactly one."""
    by_key = scheme_credentials(api.security_schemes, api.env_prefix)
    for requirement in op.security:
        if len(requirement) == 1 and requirement[0] in by_key:
            return by_key[requirement[0]]
    return None


def _single_call(
    package: str,
    scheme: Credentials | None,
    path: str,
    op: Operation,
    args: list[str],
) -> str:
    expression = call(path, args)
    name = result_name(op)
    note: list[Stmt] = [f"# {line}" for line in unexampled(op)]
    if not name:
        return script(package, scheme, [*note, ("", expression, "")])
    return script(
        package, scheme, [*note, (f"{name} = ", expression, ""), f"print({name})"]
    )


def _errors(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    name = result_name(op) or "result"
    body: list[str | tuple[str, str, str]] = [
        "try:",
        (
            f"    {name} = ",
            call(_path(api, op), call_arguments(op, SampleCode(api))),
            "",
        ),
    ]
    names = ["ApiConnectionError", "ApiError"]
    if any(e.status_code == 429 for e in api.errors):
        names.append("TooManyRequestsError")
        body += [
            "except TooManyRequestsError as error:",
            '    print("rate limited; the API asks to wait", error.retry_after, "seconds")',
        ]
    body += [
        "except ApiError as error:",
        "    print(error.status, error.error or error.body, error.request_id)",
        "except ApiConnectionError as error:",
        '    print("the API could not be reached:", error)',
        "else:",
        f"    print({name})" if result_name(op) else '    print("done")',
    ]
    return script(package, _scheme_for(api, op), body, names=tuple(names))


def _retries(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    name = result_name(op) or "result"
    expression = call(_path(api, op), required_arguments(op, SampleCode(api))).replace(
        "client.", "patient.", 1
    )
    body: list[str | tuple[str, str, str]] = [
        "# A copy of the client with other settings, sharing its connections.",
        "patient = client.with_options(timeout=120.0, max_retries=5)",
        (f"{name} = ", expression, ""),
        f"print({name})",
    ]
    options = ("timeout=httpx.Timeout(10.0, connect=2.0)", "max_retries=3")
    return script(package, _scheme_for(api, op), body, client_args=options)


def _raw(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    body: list[str | tuple[str, str, str]] = [
        (
            "response = ",
            call(_path(api, op), required_arguments(op, SampleCode(api)), "raw"),
            "",
        ),
        'print(response.status, response.headers.get("Content-Type"), response.request_id)',
        "print(response.data)",
    ]
    return script(package, _scheme_for(api, op), body)


def _async(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    expression = call(_path(api, op), call_arguments(op, SampleCode(api)))
    name = result_name(op)
    body: list[str | tuple[str, str, str]] = (
        [(f"{name} = await ", expression, ""), f"print({name})"]
        if name
        else [("await ", expression, "")]
    )
    return script(package, _scheme_for(api, op), body, asynchronous=True)


def _pagination(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    assert op.pagination is not None
    args = required_arguments(op, SampleCode(api))
    page = op.pagination
    models = {m.name: m for m in api.models}
    items = ".".join(
        ("page.data", *attribute_path(page.page_type, page.items_path, models))
    )
    body: list[str | tuple[str, str, str]] = [
        "# Every item of every page; the next page is fetched when the loop reaches it.",
        ("for item in ", call(_path(api, op), args, "iter"), ":"),
        "    print(item)",
        "",
        "# Page by page, each with its status and headers.",
        ("for page in ", call(_path(api, op), args, "pages"), ":"),
        f"    print(page.status, len({items} or []))",
    ]
    return script(package, _scheme_for(api, op), body)


def _download(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    args = required_arguments(op, SampleCode(api))
    filename = _filename(op)
    body: list[str | tuple[str, str, str]] = [
        "# The whole file in memory, as bytes.",
        ("content = ", call(_path(api, op), args), ""),
        "print(len(content))",
        "",
        "# A large file: written to disk as it arrives; returns the number of bytes.",
        (
            "size = ",
            call(_path(api, op), [f'"{filename}"', *args], "download"),
            "",
        ),
        "print(size)",
    ]
    return script(package, _scheme_for(api, op), body)


def _upload(api: Api, package: str, group: ApiGroup, op: Operation) -> str:
    filename = _filename(op)
    body: list[str | tuple[str, str, str]] = [
        f'with open("{filename}", "rb") as file:',
        (
            "    ",
            call(_path(api, op), call_arguments(op, SampleCode(api), body="file")),
            "",
        ),
    ]
    before: list[str | tuple[str, str, str]] = [
        "# A file to upload; any bytes will do.",
        f'Path("{filename}").write_bytes(b"example file content")',
    ]
    return script(package, _scheme_for(api, op), body, before=before)


def _filename(op: Operation) -> str:
    """A plain file name for a media example: the last part of the example path, if
    it looks like a file name."""
    for param in reversed(op.parameters):
        sample = param.sample
        if param.location == "path" and sample is not None and sample.kind == "json":
            name = str(sample.value).rsplit("/", 1)[-1]
            if re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9]+", name):
                return name
    return "example.bin"
