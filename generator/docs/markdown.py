"""The docs fields of the intermediate model: markdown, escaped and linked.

``document(api)`` runs on the finished model and fills every ``docs`` field the docs
templates read: types linked to their pages, table cells escaped, anchors as GitHub
makes them, the README's example scripts (``readme.py``). Templates only lay these out.

Links from an API page (``docs/XApi.md``) to a model page go to ``models/X.md``, from a
model page to its neighbour ``X.md``, and to the README's sections ``../README.md#...``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace

from generator.docs.readme import readme_examples, scheme_example
from generator.docs.scripts import operation_example
from generator.model import text as txt
from generator.model.ir import (
    Api,
    ApiDocs,
    ApiGroup,
    ClassDocs,
    Enum,
    GroupDocs,
    IndexEntry,
    Model,
    Operation,
    OperationDocs,
    Parameter,
    Property,
    RequestBody,
    Response,
    SchemeDocs,
    SecurityScheme,
    TypeInfo,
    TypeRef,
    Union,
)
from generator.model.pagination import DESCRIPTIONS
from generator.model.types import typed
from generator.targets.python.annotations import annotation, display, display_parts
from generator.targets.python.literals import LINE_LENGTH
from generator.targets.python.naming import (
    Credentials,
    operation_paths,
    page_token,
    parameter_key,
    scheme_credentials,
)
from generator.targets.python.operations import signature
from generator.targets.python.samples import SampleCode
from generator.targets.python.values import python_value

# The headings ``docs/api.md.j2`` gives each operation's section, in order: an
# operation's anchor depends on them (GitHub numbers repeated headings), and
# tests/test_docs_links.py checks that the two agree.
OPERATION_SECTIONS = (
    "Example",
    "Parameters",
    "Return type",
    "Authorization",
    "HTTP request headers",
    "HTTP response details",
)
_SCHEME_TEXT = {
    "basic": "HTTP Basic authentication with a username and password.",
    "bearer": "A bearer token, sent in the `Authorization` header.",
    "apiKey": "An API key.",
    "oauth2": "OAuth 2.0 client credentials.",
}


def document(api: Api, package: str) -> Api:
    """``api`` with every docs field filled in; its examples import the Python
    ``package``."""
    # Every class with a page, and the first sentence of its description.
    named = [(m.name, m.description) for m in api.models]
    named += [(e.name, e.description) for e in api.enums]
    named += [(u.name, u.description) for u in api.unions]
    pages = {name: _summary(description) for name, description in named}
    credentials = scheme_credentials(api.security_schemes, api.env_prefix)
    schemes = tuple(
        _scheme(api, package, s, credentials[s.key]) for s in api.security_schemes
    )
    enums = {e.name: e for e in api.enums}
    samples = SampleCode(api)
    paths = operation_paths(api.groups)
    documented = [
        _group(package, g, paths, (schemes, credentials), pages, (enums, samples))
        for g in api.groups
    ]
    groups = tuple(group for group, _ in documented)
    api = replace(api, security_schemes=schemes, groups=groups)
    classes = (
        *(_model(m, pages) for m in api.models),
        *(ClassDocs(e.name, txt.md_block(e.description)) for e in api.enums),
        *(_union(u, pages) for u in api.unions),
    )
    group_pages = tuple(page for _, page in documented)
    return replace(
        api,
        docs=replace(_api_docs(api, package), groups=group_pages, classes=classes),
    )


# -- types and anchors -----------------------------------------------------------------


def type_md(type_info: TypeInfo, base: str, pages: Mapping[str, str]) -> str:
    """The type as markdown, each generated class linked to its page under ``base``."""
    names = frozenset(r for r in type_info.refs if r in pages)
    if _literal_free(type_info.shape):
        return _linked_once(type_info.shape, base, names)
    return _linked(type_info.shape, base, names)


def _literal_free(shape: TypeRef) -> bool:
    """Whether no literal is part of ``shape``: ``Literal[1]`` and ``Literal[True]``
    are equal types to Python's ``==``, but not printed alike."""
    return not shape.literals and all(
        _literal_free(part)
        for part in (shape.items, shape.values, *shape.variants)
        if part is not None
    )


def _linked(shape: TypeRef, base: str, names: frozenset[str]) -> str:
    """``shape`` as markdown, the classes in ``names`` linked to their pages."""
    if not names:
        return txt.md_plain(display(shape))
    out: list[str] = []
    plain: list[str] = []
    for text, ref in display_parts(shape):
        if ref in names:
            out += [txt.md_plain("".join(plain)), f"[{ref}]({base}{ref}.md)"]
            plain = []
        else:
            plain.append(text)
    return "".join([*out, txt.md_plain("".join(plain))])


# Pages show the same few types again and again (a field, a parameter, a response of
# each type): each is printed once.
_linked_once = functools.lru_cache(maxsize=4096)(_linked)


def anchors(headings: list[str]) -> list[str]:
    """The anchors GitHub gives a page's headings: repeated slugs get ``-1``, ``-2``."""
    seen: dict[str, int] = {}
    result = []
    for heading in headings:
        base = txt.slug(heading)
        anchor = base
        while anchor in seen:
            seen[base] += 1
            anchor = f"{base}-{seen[base]}"
        seen[anchor] = 0
        result.append(anchor)
    return result


def fence(code: str, language: str = "") -> str:
    """A fenced code block that no backtick run inside ``code`` can close."""
    longest = max((len(run) for run in re.findall("`+", code)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{language}\n{code}\n{marks}"


# -- API pages -------------------------------------------------------------------------


def _group(
    package: str,
    group: ApiGroup,
    paths: Mapping[str, str],
    auth: tuple[tuple[SecurityScheme, ...], Mapping[str, Credentials]],
    pages: Mapping[str, str],
    classes: tuple[Mapping[str, Enum], SampleCode],
) -> tuple[ApiGroup, GroupDocs]:
    """The group with its operations' docs, and its page's anchor and description
    (``paths``: each operation's, from ``naming.operation_paths``; ``classes``: the
    API's enums and its examples' printer)."""
    headings = [group.name]
    for op in group.operations:
        headings += [paths[op.pointer].split(".")[1], *OPERATION_SECTIONS]
    found = anchors(headings)
    step = 1 + len(OPERATION_SECTIONS)
    operations = tuple(
        _operation(
            package, paths[op.pointer], op, found[1 + i * step], auth, pages, classes
        )
        for i, op in enumerate(group.operations)
    )
    page = GroupDocs(group.tag, found[0], txt.md_block(group.description))
    return replace(group, operations=operations), page


def _operation(
    package: str,
    path: str,
    op: Operation,
    anchor: str,
    auth: tuple[tuple[SecurityScheme, ...], Mapping[str, Credentials]],
    pages: Mapping[str, str],
    classes: tuple[Mapping[str, Enum], SampleCode],
) -> Operation:
    schemes, credentials = auth
    enums, samples = classes
    token = page_token(op)
    docs = OperationDocs(
        anchor=anchor,
        signature=fence(_signature(path, op, enums)),
        return_type=(
            type_md(op.success_type, "models/", pages)
            if op.success_kind != "none"
            else "None"
        ),
        content_type=_media_list(op.body.media_types if op.body else ()),
        accept=_media_list(tuple(m for r in op.responses for m in r.accept)),
        auth=_auth(op, schemes),
        notes=tuple(_notes(path, op, pages)),
        description=txt.md_block(op.description or op.summary),
        example=operation_example(
            package, path, op, _credentials_for(op, credentials), samples
        ),
        parameters=tuple(_parameter(p, token, pages) for p in op.parameters),
        body=_body(op.body, pages) if op.body else ("", "", ""),
        responses=tuple(_response(r, pages) for r in op.responses),
    )
    return replace(op, docs=docs)


def _credentials_for(
    op: Operation, credentials: Mapping[str, Credentials]
) -> Credentials | None:
    """The credentials an operation's example passes: its scheme's, when it needs
    exactly one."""
    for requirement in op.security:
        if len(requirement) == 1 and requirement[0] in credentials:
            return credentials[requirement[0]]
    return None


def _signature(path: str, op: Operation, enums: Mapping[str, Enum]) -> str:
    name = f"client.{path}"
    shape = op.success_type.shape
    returns = annotation(shape) if op.success_kind != "none" else "None"
    arguments = signature(op, enums)
    one_line = f"{name}({', '.join(map(str, arguments))}) -> {returns}"
    if len(one_line) <= LINE_LENGTH or not arguments:
        return one_line
    params = "".join(f"    {p},\n" for p in arguments)
    return f"{name}(\n{params}) -> {returns}"


def _media_list(media_types: tuple[str, ...]) -> str:
    unique = list(dict.fromkeys(media_types))
    return ", ".join(txt.md_code(m) for m in unique) if unique else "none"


def _auth(op: Operation, schemes: tuple[SecurityScheme, ...]) -> str:
    by_key = {s.key: s for s in schemes}

    def link(key: str) -> str:
        scheme = by_key.get(key)
        if scheme is None or scheme.docs is None:
            return txt.md_plain(key)
        return f"[{txt.md_plain(key)}](../README.md#{scheme.docs.anchor})"

    options = [
        " and ".join(link(k) for k in requirement)
        for requirement in op.security
        if requirement
    ]
    if not options:
        return "None"
    if len(options) < len(op.security):
        options.append("none")
    return " or ".join(options)


def _notes(path: str, op: Operation, pages: Mapping[str, str]) -> list[str]:
    notes = []
    if op.deprecated:
        notes.append("**Deprecated**: the API may remove this operation.")
    if any(r.status_code == 429 for r in op.responses):
        notes.append(
            "When the API answers 429 Too Many Requests, the client waits as long as its "
            "`Retry-After` header says and tries again, up to `max_retries` times; see "
            "[Retries and timeouts](../README.md#retries-and-timeouts)."
        )
    if op.pagination is not None:
        attr_name, method = path.split(".")
        name = f"client.{attr_name}.calls.{method}"
        item = type_md(op.pagination.item_type, "models/", pages)
        how = DESCRIPTIONS.get(op.pagination.token_in, "")
        if op.pagination.source == "inferred":
            how += ", inferred from the parameters and the response"
        notes.append(
            f"Paginated by {how}: `{name}.iter(...)` yields every {item} of every "
            f"page, fetching pages as it goes, and `{name}.pages(...)` yields each "
            "page; see [Pagination](../README.md#pagination)."
        )
    return notes


def _parameter(
    param: Parameter, token: tuple[str, str] | None, pages: Mapping[str, str]
) -> tuple[str, str, str]:
    """A parameter's row: its type, linked, its description and its notes."""
    notes = [
        "required" if param.required else "optional",
        f"{param.location} {txt.md_code(param.wire_name)}",
    ]
    if param.default_json:
        notes.append(f"default {txt.md_code(python_value(param.default_json))}")
    if parameter_key(param) == token:
        notes.append("page position, filled in by `.pages()` and `.iter()`")
    if param.deprecated:
        notes.append("deprecated")
    return (
        type_md(
            typed(param.documented_as) if param.documented_as else param.type,
            "models/",
            pages,
        ),
        txt.md_inline(param.description) or _type_summary(param.type, pages),
        "; ".join(notes),
    )


def _body(body: RequestBody, pages: Mapping[str, str]) -> tuple[str, str, str]:
    """The request body's row in the parameters table."""
    shown = (
        "bytes, a file opened in binary mode, or an iterator of bytes"
        if body.kind == "binary"
        else ""
    )
    notes = "required" if body.required else "optional"
    return (
        txt.md_plain(shown) if shown else type_md(body.type, "models/", pages),
        txt.md_inline(body.description) or _type_summary(body.type, pages),
        f"{notes}; request body",
    )


def _type_summary(type_info: TypeInfo, pages: Mapping[str, str]) -> str:
    """What a type's own description says, for a value the spec does not describe."""
    return pages.get(type_info.refs[0], "") if type_info.refs else ""


def _response(
    response: Response, pages: Mapping[str, str]
) -> tuple[str, str, str, str]:
    """A response's row: description, type, headers and the exception raised."""
    headers = "; ".join(
        f"**{txt.md_plain(h.wire_name)}** ({type_md(h.type, 'models/', pages)})"
        + (f": {h.description}" if h.description else "")
        for h in response.headers
    )
    shown = type_md(response.type, "models/", pages) if response.type else "-"
    error = (
        f"[`{response.error_class}`](../README.md#errors)"
        if response.error_class
        else "-"
    )
    return txt.md_inline(response.description), shown, headers or "-", error


# -- model pages -----------------------------------------------------------------------


def _model(model: Model, pages: Mapping[str, str]) -> ClassDocs:
    return ClassDocs(
        model.name,
        txt.md_block(model.description),
        fields=tuple(_field(p, pages) for p in model.properties),
    )


def _field(prop: Property, pages: Mapping[str, str]) -> tuple[str, str]:
    """A field's type, linked, and its constraints cell."""
    constraints = [txt.md_code(c) for c in prop.constraints]
    if prop.default_json:
        constraints.append(f"default {txt.md_code(python_value(prop.default_json))}")
    return type_md(prop.type, "", pages), "; ".join(constraints) or "-"


def _union(union: Union, pages: Mapping[str, str]) -> ClassDocs:
    return ClassDocs(
        union.name,
        txt.md_block(union.description),
        variants=tuple(type_md(v.type, "", pages) for v in union.variants),
    )


# -- README ------------------------------------------------------------------------


def _scheme(
    api: Api, package: str, scheme: SecurityScheme, credentials: Credentials
) -> SecurityScheme:
    heading = f"{scheme.key} authentication"
    settings = ", ".join(
        f"`{param}=` (or the environment variable `{env}`)"
        for param, env in zip(credentials.params, credentials.env_vars, strict=True)
    )
    text = f"{_SCHEME_TEXT[scheme.kind]} Pass {settings} to the client."
    if scheme.kind == "apiKey":
        text += f" The key is sent in the {txt.md_plain(scheme.location)} {txt.md_code(scheme.param_name)}."
    if scheme.kind == "oauth2":
        text += (
            f" The client fetches a token from {txt.md_code(scheme.token_url)} before its first "
            "request, reuses it until shortly before it expires, and fetches a new one once "
            "when the API answers 401."
        )
    if scheme.description:
        text += "\n\n" + txt.md_block(scheme.description)
    docs = SchemeDocs(
        heading=txt.md_plain(heading),
        anchor=txt.slug(heading),
        text=text,
        example=scheme_example(api, package, scheme),
    )
    return replace(scheme, docs=docs)


def _api_docs(api: Api, package: str) -> ApiDocs:
    entries = [
        *(
            IndexEntry(
                m.name, f"docs/models/{m.name}.md", "model", _summary(m.description)
            )
            for m in api.models
        ),
        *(
            IndexEntry(
                e.name, f"docs/models/{e.name}.md", "enum", _summary(e.description)
            )
            for e in api.enums
        ),
        *(
            IndexEntry(
                u.name, f"docs/models/{u.name}.md", "union", _summary(u.description)
            )
            for u in api.unions
        ),
    ]
    return replace(
        readme_examples(api, package),
        description=txt.md_block(api.description),
        base_url=api.default_server_url,
        models=tuple(sorted(entries, key=lambda e: e.name)),
    )


# Asked twice a class (its pages' links and the README's index), and many share one.
@functools.lru_cache(maxsize=4096)
def _summary(description: str) -> str:
    """The first sentence of the description's first paragraph (before any list)."""
    paragraph = re.split(r"\n\s*\n|\n\s*[-*] ", txt.clean(description), maxsplit=1)[0]
    return txt.md_inline(txt.first_sentence(paragraph))
