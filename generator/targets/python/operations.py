"""The Python spelling of an operation: its method's signature, the annotations of its
parameters and body, and the decoders and paging of its operation table entry.

The model says what an operation takes and returns as types (``TypeRef``); this is
where the Python target writes them, when the templates lay the API modules out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import text as txt
from generator.model.bodies import DECODINGS, checked_bodies
from generator.model.ir import (
    Enum,
    FieldEncoding,
    Model,
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    TypeRef,
)
from generator.model.operations import DELIMITERS
from generator.model.parameters import LOCATION_ORDER
from generator.model.types import nodes
from generator.targets.python.annotations import annotation, renamed
from generator.targets.python.codelayout import laid_out, parameter
from generator.targets.python.literals import literal
from generator.targets.python.naming import (
    BODY_ARGUMENT,
    attribute_path,
    parameter_key,
    parameter_names,
)
from generator.targets.python.rules import parameter_rule


def parameter_annotation(param: Parameter, enums: Mapping[str, Enum]) -> str:
    """The annotation of ``param`` in a method's signature: an enum's parameter also
    takes the enum's values as plain literals; an optional one takes None."""
    shape = param.type.shape
    enum = enums.get(shape.ref) if shape.kind == "enum" else None
    if enum is not None:
        values = tuple(m.wire_value for m in enum.members)
        shape = TypeRef("union", variants=(shape, TypeRef("literal", literals=values)))
    spelled = annotation(shape)
    return spelled if param.required else f"{spelled} | None"


def body_annotation(body: RequestBody) -> str:
    """The annotation of a request body: binary data is taken as ``FileContent``."""
    spelled = annotation(body.type.shape, upload=True)
    return spelled if body.required else f"{spelled} | None"


@dataclass(frozen=True)
class Argument:
    """One parameter of a generated method, ``name: annotation = default``; the bare
    ``*`` before the keyword-only ones is ``KEYWORDS``."""

    name: str
    annotation: str = ""
    default: str = ""

    def __str__(self) -> str:
        if not self.annotation:
            return self.name
        return f"{self.name}: {self.annotation}" + (
            f" = {self.default}" if self.default else ""
        )

    def laid_out(self, indent: int) -> str:
        """The parameter on its line(s) of a signature indented by ``indent``."""
        if not self.annotation:
            return self.name
        return parameter(self.name, self.annotation, self.default, indent)


KEYWORDS = Argument("*")


def signature(op: Operation, enums: Mapping[str, Enum]) -> tuple[Argument, ...]:
    """The method's parameters as written in its signature, ``*`` included: path
    parameters and a required body by position; everything else by keyword."""
    params, body = op.parameters, op.body
    names = parameter_names(op)

    def spelled(p: Parameter, default: str = "") -> Argument:
        return Argument(
            names[parameter_key(p)], parameter_annotation(p, enums), default
        )

    positional = [spelled(p) for p in params if p.location == "path"]
    if body is not None and body.required:
        positional.append(Argument(BODY_ARGUMENT, body_annotation(body)))
    keyword = [spelled(p) for p in params if p.required and p.location != "path"]
    if body is not None and not body.required:
        keyword.append(Argument(BODY_ARGUMENT, body_annotation(body), "None"))
    keyword += [spelled(p, "None") for p in params if not p.required]
    return tuple(positional + ([KEYWORDS, *keyword] if keyword else []))


def forwarded(arguments: tuple[Argument, ...]) -> str:
    """The arguments that pass a method's parameters on as they came:
    ``account_id, body, limit=limit``."""
    names, keyword = [], False
    for argument in arguments:
        if argument == KEYWORDS:
            keyword = True
            continue
        name = argument.name
        names.append(f"{name}={name}" if keyword else name)
    return ", ".join(names)


def decoder(response: Response | None) -> str:
    """The runtime ``Decoder`` expression of a response's body."""
    if response is None or response.kind == "none" or response.type is None:
        return "NO_CONTENT"
    args = [literal(DECODINGS[response.kind])]
    if response.kind == "json":
        args.append(_on_use(response.decoded or response.type.shape))
    if response.others:
        if response.kind != "json":
            args.append("None")
        args.append(literal(dict(response.others)))
    return f"Decoder({', '.join(args)})"


def bodies(body: RequestBody) -> str:
    """The operation table's ``bodies=``: every media type and how it is sent, for a
    body ``content_type=`` picks the media type of; else ""."""
    return (
        literal(dict(zip(body.media_types, body.kinds, strict=True)))
        if body.choices
        else ""
    )


def encoding(body: RequestBody) -> str:
    """The operation table's ``encoding=``: by media type, each field's
    ``Encoding(...)``; "" when no field has one."""
    entries = [
        f"{literal(media_type)}: {{"
        + ", ".join(f"{literal(e.name)}: {_encoding(e)}" for e in fields)
        + "}"
        for media_type, fields in body.encodings
    ]
    return "{" + ", ".join(entries) + "}" if entries else ""


def _encoding(field: FieldEncoding) -> str:
    args = [literal(field.style), "True" if field.explode else "False"]
    if field.content_type or field.allow_reserved:
        args.append(literal(field.content_type))
    if field.allow_reserved:
        args.append("True")
    return f"Encoding({', '.join(args)})"


# The runtime's credential class of each kind of security scheme.
_CREDENTIALS = {
    "basic": "BasicAuth",
    "bearer": "BearerAuth",
    "apiKey": "ApiKeyAuth",
    "oauth2": "OAuth2ClientCredentials",
}


def credential(scheme: SecurityScheme, params: tuple[str, ...]) -> str:
    """The runtime expression that builds a scheme's credential from its constructor
    arguments ``params``."""
    args = ", ".join(params)
    if scheme.kind == "apiKey":
        name, location = literal(scheme.param_name), literal(scheme.location)
        args += f", name={name}, location={location}"
    elif scheme.kind == "oauth2":
        token_url, scopes = literal(scheme.token_url), literal(scheme.scopes)
        args += f", token_url={token_url}, scopes={scopes}"
    return f"{_CREDENTIALS[scheme.kind]}({args})"


def credential_classes(schemes: tuple[SecurityScheme, ...]) -> tuple[str, ...]:
    """The runtime's credential classes the client module imports."""
    return tuple(sorted({"Credential"} | {_CREDENTIALS[s.kind] for s in schemes}))


def status_key(response: Response) -> str:
    """A response's key in the generated operation table: ``404``, ``"4XX"``,
    ``"default"``."""
    status = response.status
    if status.isdigit():
        return str(int(status))
    if response.status_code:
        return literal(status.upper())
    return literal("default")


def success_decoder(op: Operation) -> str:
    """The decoder of the operation's first success response."""
    return decoder(next((r for r in op.responses if 200 <= r.status_code < 300), None))


def body_type(op: Operation) -> str:
    """The type the operation table checks a JSON or form body as (for a body offered
    in several media types, the union of their types), or ""."""
    return _on_use(op.body.type.shape) if op.body and op.checks_body else ""


def body_check(op: Operation) -> str:
    """The operation table's argument naming the type a body is checked as
    (``body_type=``), or for a body offered in several media types the type of each
    (``body_types={media type: ...}``), so that a body is checked as the media type
    it goes in requires; "" when no body is checked."""
    if not op.body or not op.checks_body:
        return ""
    if not op.body.types:
        return f"body_type={body_type(op)}"
    types = ", ".join(
        f"{literal(media_type)}: {_on_use(info.shape)}"
        for media_type, info in checked_bodies(op.body)
    )
    return f"body_types={{{types}}}"


def _on_use(shape: TypeRef) -> str:
    """The operation table's function returning the type ``shape``, its classes taken
    from the ``models`` package when it is called: ``lambda: list[models.Message]``."""
    classes = {node.ref: f"models.{node.ref}" for node in nodes(shape) if node.ref}
    return f"lambda: {annotation(renamed(shape, classes))}"


# The field of the runtime's request that carries each location's parameters.
_REQUEST_FIELD = {
    "path": "path",
    "query": "query",
    "header": "headers",
    "cookie": "cookies",
}


def method_docstring(op: Operation) -> str:
    """The text of the method's docstring: summary, description and ``Args:``."""
    # The operation id stands in for a missing summary: a docstring opening on
    # "Args:" is one black re-indents.
    text = "\n\n".join(t for t in (op.summary, op.description) if t) or op.operation_id
    text += _args_doc(op)
    return txt.docstring(text or op.operation_id, indent="        ")


def _args_doc(op: Operation) -> str:
    """The ``Args:`` section of the method's docstring."""
    lines, body, names = [], op.body, parameter_names(op)
    for p in op.parameters:
        name = names[parameter_key(p)]
        lines.append(f"{name}: {' '.join(p.description.split()) or p.wire_name}")
    if body is not None:
        lines.append(
            f"{BODY_ARGUMENT}: {' '.join(body.description.split()) or 'The request body.'}"
        )
    if not lines:
        return ""
    return "\n\nArgs:\n" + "\n".join("    " + line for line in lines)


def params_by_location(
    params: tuple[Parameter, ...],
) -> tuple[tuple[str, tuple[Parameter, ...]], ...]:
    """The parameters of each location used, under its request field's name."""
    return tuple(
        (
            _REQUEST_FIELD[location],
            tuple(p for p in params if p.location == location),
        )
        for location in LOCATION_ORDER
        if any(p.location == location for p in params)
    )


def query_delimiters(op: Operation) -> str:
    """The ``{wire name: delimiter}`` literal for query arrays sent as one value."""
    found = {
        p.wire_name: DELIMITERS[p.style]
        for p in op.parameters
        if p.location == "query" and p.style in DELIMITERS
    }
    return literal(found) if found else ""


def param_rules(op: Operation) -> str:
    """The operation table's ``rules=``: ``{request field: {wire name: Rule(...)}}``
    of the parameters whose values are checked, or ""."""
    by_field = []
    for field, located in params_by_location(op.parameters):
        rules = ((p.wire_name, parameter_rule(p)) for p in located)
        entries = [f"{literal(wire)}: {rule}" for wire, rule in rules if rule]
        if entries:
            by_field.append(f"{literal(field)}: {{{', '.join(entries)}}}")
    if not by_field:
        return ""
    return laid_out("rules=", f"{{{', '.join(by_field)}}}", ",", 4)


def paging(op: Operation, models: Mapping[str, Model]) -> str:
    """The ``Paging(...)`` expression a paginated method is decorated with: how the
    next page's arguments are found, and where a page's items are (the attributes of
    ``models`` on the way)."""
    found = op.pagination
    assert found is not None, "paging() of an operation that does not page"
    page, item = found.page_type.shape, found.item_type.shape
    items_path = attribute_path(found.page_type, found.items_path, models)
    items = ", ".join(map(literal, items_path))
    # Written as text, which type checkers read and Python leaves alone: the module
    # imports the classes for type checkers only.
    return (
        f"Paging[{literal(annotation(page))}, {literal(annotation(item))}]"
        f"({_next_page(op, found, models)}, items_at({items}))"
    )


def paging_names(pagination: Pagination) -> set[str]:
    """The runtime's functions that ``paging`` calls for ``pagination``."""
    names = {"items_at", *_NEXT_PAGE_NAMES[pagination.token_in]}
    return names | ({"body_token"} if pagination.has_more else set())


# The runtime's functions that find the next page's arguments, by ``token_in``.
_NEXT_PAGE_NAMES = {
    "body": ("cursor", "body_token"),
    "header": ("cursor", "header_token"),
    "page": ("page_number",),
    "offset": ("offset",),
    "link": ("link_header",),
    "lastItem": ("last_item", "body_token"),
}
# The runtime's converters of a query value read back from a next page's address.
_QUERY_KINDS = {"integer": "int", "number": "float", "boolean": "bool"}


def _next_page(op: Operation, found: Pagination, models: Mapping[str, Model]) -> str:
    """The runtime expression that finds the next page's arguments."""
    names = parameter_names(op)
    param = next(p for p in op.parameters if p.wire_name == found.token_param)
    name = literal(names[parameter_key(param)])
    has_more = ", ".join(
        map(literal, attribute_path(found.page_type, found.has_more, models))
    )
    more = f", more=body_token({has_more})"
    if found.token_in == "body":
        path = attribute_path(found.page_type, found.token_path, models)
        kind = _query_kind(param)
        typed = f", kind={literal(kind)}" if kind else ""
        return (
            f"cursor({name}, body_token({', '.join(map(literal, path))}),"
            f" {literal(param.wire_name)}{typed})"
        )
    if found.token_in == "header":
        return f"cursor({name}, header_token({literal(found.token_path[0])}))"
    if found.token_in == "page":
        more = more if found.has_more else ""
        return f"page_number({name}, {found.first_page}{more})"
    if found.token_in == "offset":
        return f"offset({name}{more if found.has_more else ''})"
    if found.token_in == "link":
        query = [p for p in op.parameters if p.location == "query"]
        wire = {p.wire_name: names[parameter_key(p)] for p in query}
        kinds = {
            names[parameter_key(p)]: _query_kind(p) for p in query if _query_kind(p)
        }
        return f"link_header({literal(wire)}{f', {literal(kinds)}' if kinds else ''})"
    last = attribute_path(found.item_type, found.token_path, models)
    return f"last_item({name}, {literal(last)}, body_token({has_more}))"


def _query_kind(param: Parameter) -> str:
    """The type a value read back from an address's query (always text) is made into
    for ``param``, so that the next page's arguments pass the request checks."""
    shape = param.type.shape
    return "" if shape.nullable else _QUERY_KINDS.get(shape.kind, "")
