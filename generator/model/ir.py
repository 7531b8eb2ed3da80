"""The intermediate model: plain, frozen data that the targets lay out.

Every type is resolved to a ``TypeRef`` tree, which each target prints its own way
(the Python target in ``targets/python/annotations.py``), and every example value to
a ``Sample`` tree (printed in ``targets/python/samples.py``); names are kept as wire
names with their words; text is cleaned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.findings import Finding

Location = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "binary", "form", "multipart", "text", "events", "none"]
TypeKind = Literal[
    "string",
    "integer",
    "number",
    "boolean",
    "binary",
    "date",
    "datetime",
    "array",
    "map",
    "model",
    "enum",
    "union",
    "literal",
    "any",
    "null",
]


@dataclass(frozen=True)
class TypeRef:
    """A type as data, for any target to print: a small tree, never parsed back.

    ``ref`` names the model, enum or union class (``kind`` says which); an inline
    union lists its ``variants``; ``literals`` are the values of an inline enum or
    ``const``. ``nullable`` is set where null is part of the type itself (an array's
    nullable items); a property's or parameter's own nullability is on it.
    """

    kind: TypeKind
    # The spec's format: int32, int64, uuid, uri, email, byte, ...
    format: str = ""
    items: TypeRef | None = None
    # A map's values; its keys are strings.
    values: TypeRef | None = None
    ref: str = ""
    nullable: bool = False
    literals: tuple[str | int | float | bool, ...] = ()
    variants: tuple[TypeRef, ...] = ()
    # The wire name of the property whose value selects a union's variant.
    discriminator: str = ""
    # An array that is a stream of server-sent events (``text/event-stream``): each
    # target gives its items the runtime's event class; their data is text.
    event_stream: bool = False


SampleKind = Literal[
    "json",
    "date",
    "datetime",
    "enum",
    "model",
    "list",
    "repeat",
    "map",
    "padded",
    "binary",
]


@dataclass(frozen=True)
class Sample:
    """An example value as data, for any target to print as code that builds it.

    - ``json``: ``value`` itself (string, number, boolean, null, or JSON data a type
      that takes any value is given as it is);
    - ``date``, ``datetime``: ``value`` is ISO text;
    - ``enum``: the member of the enum ``ref`` whose value is ``value``;
    - ``model``: the model ``ref`` built from ``fields`` (wire name, value);
    - ``list``: ``items``; ``repeat``: a list of ``times`` copies of ``items[0]``;
    - ``map``: ``fields`` (key, value);
    - ``padded``: the text ``value`` followed by ``times`` more ``x``;
    - ``binary``: file content, the text ``value``.

    ``repeat`` and ``padded`` keep a long sample (a schema's ``minItems``,
    ``minLength``) short to read.
    """

    kind: SampleKind
    value: str | int | float | bool | None | list[Any] | dict[str, Any] = None
    ref: str = ""
    items: tuple[Sample, ...] = ()
    fields: tuple[tuple[str, Sample], ...] = ()
    times: int = 0


@dataclass(frozen=True)
class Limits:
    """A value's constraints as data: what the runtime's ``Rule(...)`` checks.

    An exclusive bound written the OpenAPI 3.0 way (``exclusiveMinimum: true`` beside
    ``minimum``) is given as ``exclusive_minimum``, as 3.1 writes it. ``items`` are
    the limits of an array's items. ``type`` is the one type the schema names besides
    null ("" for none or several), ``format`` its format, and ``values`` the values a
    ``const`` or ``enum`` allows (``None`` when it lists none).
    """

    type: str = ""
    format: str = ""
    values: tuple[str | int | float | bool | None, ...] | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str = ""
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    items: Limits | None = None


@dataclass(frozen=True)
class TypeInfo:
    """A resolved type: ``shape`` is the type as data, ``refs`` the generated classes
    it names (see ``model/types.py``). Each target prints it its own way."""

    refs: tuple[str, ...] = ()
    is_binary: bool = False
    shape: TypeRef = field(kw_only=True)


@dataclass(frozen=True)
class Property:
    wire_name: str
    type: TypeInfo
    required: bool
    nullable: bool
    description: str
    constraints: tuple[str, ...] = ()
    limits: Limits = Limits()
    # The wire name split into lower-case words: ``sentAt`` -> ``("sent", "at")``.
    words: tuple[str, ...] = field(kw_only=True)
    # The spec's own example of the value as JSON text ("" when the spec gives none),
    # for targets to print in their own syntax.
    example_json: str = field(default="", kw_only=True)
    # The schema's default as JSON text ("" when it gives none), as ``example_json``.
    default_json: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class EnumMember:
    value: str
    # The value as the spec writes it (``value`` is its text).
    wire_value: str | int = field(kw_only=True)
    # The title the spec gives the value (a ``oneOf`` of ``const``s), else "".
    title: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class Enum:
    name: str
    base: str
    description: str
    members: tuple[EnumMember, ...]
    pointer: str
    # The schema's name in the spec (a component's key, or the name an inline schema
    # is given after where it sits) and its words.
    wire_name: str = field(kw_only=True)
    words: tuple[str, ...] = field(kw_only=True)


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    properties: tuple[Property, ...]
    refs: tuple[str, ...]
    pointer: str
    # The wire name of the discriminator property defaulted to the one tag that
    # selects this model, and that tag: sent even when left at that default.
    tag_property: str = ""
    tag: str = ""
    # The schema's name in the spec and its words, as for ``Enum``.
    wire_name: str = field(kw_only=True)
    words: tuple[str, ...] = field(kw_only=True)


@dataclass(frozen=True)
class UnionVariant:
    tag: str
    type: TypeInfo
    # Every tag the discriminator maps to this variant, ``tag`` first.
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Union:
    name: str
    description: str
    kind: Literal["oneOf", "anyOf"]
    variants: tuple[UnionVariant, ...]
    discriminator: str
    refs: tuple[str, ...]
    pointer: str
    # Decoded by its tag, with ``UnknownVariant`` for tags it does not list.
    tagged: bool = False
    # The schema's name in the spec and its words, as for ``Enum``.
    wire_name: str = field(kw_only=True)
    words: tuple[str, ...] = field(kw_only=True)


@dataclass(frozen=True)
class Header:
    wire_name: str
    type: TypeInfo
    description: str


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    location: Location
    type: TypeInfo
    required: bool
    description: str
    style: str
    explode: bool
    # An example of the value for the docs' calls; None when no small one fits.
    sample: Sample | None
    deprecated: bool = False
    limits: Limits = Limits()
    # The wire name split into lower-case words.
    words: tuple[str, ...] = field(kw_only=True)
    # The type the docs show where it is not ``type`` (``content_type=``: a string
    # header, whose description lists the media types it picks among).
    documented_as: TypeRef | None = None
    # The spec's own example of the value as JSON text ("" when the spec gives none),
    # for targets to print in their own syntax.
    example_json: str = field(default="", kw_only=True)
    # The schema's default as JSON text ("" when it gives none), as ``example_json``.
    default_json: str = field(default="", kw_only=True)
    # Its place in the order the spec declares the operation's parameters in (the
    # path item's, then the operation's; one the reader adds comes after them), which
    # ``parameters`` is sorted out of: targets name them in this order.
    order: int = field(default=0, kw_only=True)


@dataclass(frozen=True)
class FieldEncoding:
    """How one field of a form or multipart body is sent (its ``encoding`` entry)."""

    name: str
    style: str
    explode: bool = True
    content_type: str = ""
    allow_reserved: bool = False


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    media_types: tuple[str, ...]
    kind: BodyKind
    type: TypeInfo
    required: bool
    description: str
    # An example of the body for the docs' calls; None when no small one fits.
    sample: Sample | None
    # The media types ``content_type=`` picks among, one per way of encoding (JSON,
    # form, multipart, ...); empty when the body has one.
    choices: tuple[str, ...] = ()
    # How each of ``media_types`` is sent, in order.
    kinds: tuple[BodyKind, ...] = ()
    # How the fields of the form and multipart media types sent are encoded, where
    # their ``encoding`` object says.
    encodings: tuple[tuple[str, tuple[FieldEncoding, ...]], ...] = ()
    # Each of ``choices`` and the type a body sent in it must have (``type`` is their
    # union); empty when the body has one media type.
    types: tuple[tuple[str, TypeInfo], ...] = ()
    # The spec's own example of the body as JSON text, required fields it lacks
    # filled in ("" when the spec gives none).
    example_json: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class Response:
    status: str
    # The status's code; a range's lowest (``4XX``: 400); 0 for ``default``.
    status_code: int
    description: str
    media_type: str
    kind: BodyKind
    type: TypeInfo | None
    headers: tuple[Header, ...]
    error_class: str = ""
    # The media types the client decodes this response from (its Accept header).
    accept: tuple[str, ...] = ()
    # The type a body of ``media_type`` is read as, and how each other media type the
    # body may come in is read (``json``, ``text``, ``events``, ``bytes``).
    decoded: TypeRef | None = None
    others: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Pagination:
    """How an operation pages, as data: where the next page's token is found
    (``token_in``, ``token_path``), the parameter it goes in, where a page's items
    are (``items_path``) and the flag saying whether there are more. Paths are wire
    names followed from the page (``token_path`` of lastItem: from an item; of
    header: the header's name)."""

    # The wire name of the parameter (the operation's first of that name).
    token_param: str
    # The pattern (``nextToken.in``): body, header, link, page, offset, lastItem.
    token_in: str
    token_path: tuple[str, ...]
    items_path: tuple[str, ...]
    item_type: TypeInfo
    # The type of a page: the operation's success type.
    page_type: TypeInfo
    # The path of the page's has-more flag (page, offset: when declared; lastItem).
    has_more: tuple[str, ...] = ()
    # The number of the first page (page): the parameter's default, else 1.
    first_page: int = 1
    # Where it comes from: "configured", "declared" (x-pagination) or "inferred".
    source: str = ""


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    server_url: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    success_type: TypeInfo
    success_kind: BodyKind
    security: tuple[tuple[str, ...], ...]
    deprecated: bool
    pagination: Pagination | None
    refs: tuple[str, ...]
    pointer: str
    unexploded: tuple[str, ...]
    deep_object: tuple[str, ...]
    # The operation's docs section, as markdown (see ``generator/docs/markdown.py``).
    docs: OperationDocs | None = None
    # Whether the request checks a JSON or form body as its type before sending it.
    checks_body: bool = False
    # The Accept header sent: every media type the responses declare.
    accept: str = ""
    # ``operation_id`` (the wire name) split into lower-case words.
    words: tuple[str, ...] = field(kw_only=True)


@dataclass(frozen=True)
class ApiGroup:
    tag: str
    # The group's class name (``PetsApi``), unique among the model's classes.
    name: str
    description: str
    operations: tuple[Operation, ...]
    refs: tuple[str, ...]
    server_url: str
    paginated: bool = False


@dataclass(frozen=True)
class SecurityScheme:
    key: str
    kind: Literal["basic", "bearer", "apiKey", "oauth2"]
    description: str
    # apiKey
    param_name: str = ""
    location: str = ""
    # oauth2 client credentials
    token_url: str = ""
    scopes: tuple[str, ...] = ()
    docs: SchemeDocs | None = None


@dataclass(frozen=True)
class ErrorClass:
    status_code: int
    name: str
    reason: str


@dataclass(frozen=True)
class Server:
    url: str
    description: str


@dataclass(frozen=True)
class Api:
    title: str
    # How prose names the API: ``Example API`` from the title "Example" or "Example API".
    api_name: str
    version: str
    description: str
    package_version: str
    env_prefix: str
    spec_name: str
    spec_sha256: str
    servers: tuple[Server, ...]
    default_server_url: str
    security_schemes: tuple[SecurityScheme, ...]
    groups: tuple[ApiGroup, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    unions: tuple[Union, ...]
    errors: tuple[ErrorClass, ...]
    # The servers a user may pick with ``Client(server=...)``: the document's, else
    # those its paths and operations list.
    server_choices: tuple[Server, ...] = ()
    warnings: tuple[Finding, ...] = field(default=())
    docs: ApiDocs | None = None
    # Callbacks and webhooks: what the API posts to its users' endpoints.
    webhooks: tuple[Webhook, ...] = ()


# -- docs: markdown computed by generator/docs/markdown.py, already escaped and linked ---------


@dataclass(frozen=True)
class OperationDocs:
    anchor: str
    # A fenced block: the method's call with annotations, and what it returns.
    signature: str
    return_type: str
    content_type: str
    accept: str
    # The security schemes, each linked to its section of the README.
    auth: str
    # Paragraphs after the description: deprecation, rate limiting, pagination.
    notes: tuple[str, ...] = ()
    description: str = ""
    # A complete, runnable Python example of calling the operation.
    example: str = ""
    # The rows of the parameters table, in the order of the operation's parameters:
    # type, description, notes; and the request body's row.
    parameters: tuple[tuple[str, str, str], ...] = ()
    body: tuple[str, str, str] = ("", "", "")
    # The rows of the responses table, in the order of the operation's responses:
    # description, type, headers, the exception raised.
    responses: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class SchemeDocs:
    heading: str
    anchor: str
    # What the scheme is and how the client uses it, as a markdown paragraph.
    text: str
    example: str


@dataclass(frozen=True)
class IndexEntry:
    name: str
    link: str
    kind: str
    summary: str


@dataclass(frozen=True)
class ApiDocs:
    """The generated README: its text and complete example scripts.

    An example is empty when the API has nothing it applies to (no paginated or
    binary operation, say), and the README leaves its section out.
    """

    description: str
    base_url: str
    first_call: str
    errors: str
    retries: str
    raw: str
    async_call: str
    pagination: str = ""
    pagination_ops: str = ""
    upload: str = ""
    download: str = ""
    models: tuple[IndexEntry, ...] = ()
    # Markdown: an operation whose body goes in several media types, called with
    # ``content_type=``; an operation answering with an event stream.
    media_choice: str = ""
    event_stream: str = ""
    # The page of each API group, and of each model, enum and union.
    groups: tuple[GroupDocs, ...] = ()
    classes: tuple[ClassDocs, ...] = ()


@dataclass(frozen=True)
class GroupDocs:
    """The page of an API group (``docs/<ApiClass>.md``): its anchor and description."""

    tag: str
    anchor: str
    description: str


@dataclass(frozen=True)
class ClassDocs:
    """The page of a model, enum or union (``docs/models/<name>.md``) as markdown: its
    description, a model's fields in order (each one's type linked to its page, and
    its constraints), a union's variants in order (each one's type, linked)."""

    name: str
    description: str
    fields: tuple[tuple[str, str], ...] = ()
    variants: tuple[str, ...] = ()


# -- callbacks and webhooks (generator/model/webhooks.py) ----------------------------------


@dataclass(frozen=True)
class WebhookAuth:
    """How the API authenticates a callback: HTTP Basic with credentials the user
    registered, or an HMAC of the body under a shared secret sent in ``header``."""

    kind: Literal["basic", "hmac"]
    # "spec" or "config": where it was declared.
    source: str
    header: str = ""
    algorithm: str = ""
    encoding: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class WebhookResponse:
    status: str
    description: str


@dataclass(frozen=True)
class WebhookExample:
    name: str
    summary: str
    # The payload as JSON text.
    json: str
    synthesised: bool


@dataclass(frozen=True)
class WebhookDocs:
    title: str
    description: str
    # Links to the API sections of the operations that register it.
    registered_by: str
    payload: str
    kinds: str
    kind_field: str
    example: str
    responses: tuple[tuple[str, str], ...]
    success_status: int
    signature: str
    # Complete example handlers: the standard library's http.server, and FastAPI.
    handler: str
    framework_handler: str
    anchor: str = ""
    # The payload's fields when it is one model: name, wire name, type, required,
    # description (markdown).
    fields: tuple[tuple[str, str, str, str, str], ...] = ()
    # How the request is authenticated, as a markdown paragraph ("" when it is not).
    auth: str = ""
    # The payload type linked from the README.
    readme_payload: str = ""


@dataclass(frozen=True)
class Webhook:
    """One callback (``kind == "callback"``) or webhook the API posts: its name in the
    spec, the URL expression it is posted to (callbacks), its method and payload."""

    name: str
    kind: Literal["callback", "webhook"]
    expression: str
    method: str
    # ``name``, with the method appended where its callback posts with several
    # (``onEvent_post``): what each target names its parse function after; and the
    # docs page (``docs/webhooks/<page>.md``).
    label: str
    page: str
    summary: str
    description: str
    payload: TypeInfo | None
    media_type: str
    required: bool
    responses: tuple[WebhookResponse, ...]
    # The pointers of the operations that register it.
    registered_by: tuple[str, ...]
    auth: WebhookAuth | None
    pointer: str
    examples: tuple[WebhookExample, ...] = ()
    # The payload's field naming its kind (a discriminator, or an enum field named
    # like ``type``) and the kinds the spec lists.
    kind_field: str = ""
    kinds: tuple[str, ...] = ()
    docs: WebhookDocs | None = None
