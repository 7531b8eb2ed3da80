"""How an operation is described, called and answered.

Each API method is written once, as a function that returns a ``Request``; the
``endpoint`` and ``paginated`` decorators turn it into a method that sends the request
on a sync or an async client, whichever the API class belongs to. So there is one
definition per operation, and sync and async can never drift apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import (
    IO,
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    NamedTuple,
    ParamSpec,
    TypeVar,
    Union,
    overload,
)

import httpx

from ._checks import check_request
from ._models import Rule
from ._types import RequestOptions

if TYPE_CHECKING:
    from ._base_client import AsyncBaseClient, SyncBaseClient

P = ParamSpec("P")
T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - the conventional name for an item type


class Decoder:
    """Turns a response body into the type the spec declares for it.

    ``kind`` is ``json``, ``bytes``, ``text``, ``events`` or ``none``; ``others`` maps
    the other media types the response may come in (``text/csv``) to their kind. The
    pydantic validator is built on first use, so importing an API module stays cheap.
    """

    __slots__ = ("kind", "_type", "_others", "_validate")

    def __init__(
        self, kind: str, type_: Any = None, others: Mapping[str, str] | None = None
    ) -> None:
        self.kind = kind
        self._type = type_
        self._others = others or {}
        self._validate: Callable[[bytes], Any] | None = None

    def accepts(self, content_type: str) -> bool:
        """Whether a body of ``content_type`` is one this decoder reads as it is."""
        if self.kind != "json":
            return True
        if self._others and _base(content_type) in self._others:
            return True
        return "json" in content_type

    def decode(self, response: httpx.Response) -> Any:
        kind = (
            self._others.get(_base(response.headers.get("content-type", "")), self.kind)
            if self._others
            else self.kind
        )
        if kind == "none":
            return None
        if kind == "bytes":
            return response.content
        if kind == "text":
            return response.text
        if kind == "events":
            return list(parse_events(response.iter_lines()))
        if self._validate is None:
            # Models validate straight from bytes; pydantic is fastest that way.
            validate = getattr(self._type, "model_validate_json", None)
            if validate is None:
                from pydantic import TypeAdapter

                validate = TypeAdapter(self._type).validate_json
            self._validate = validate
        return self._validate(response.content)


def _base(content_type: str) -> str:
    """``text/csv; charset=utf-8`` -> ``text/csv``."""
    return content_type.split(";")[0].strip().lower()


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of a ``text/event-stream`` response."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """The event's data parsed as JSON."""
        import json

        return json.loads(self.data)


def parse_events(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    """The events of a stream, by the rules of the HTML standard's EventSource."""
    state = _EventState()
    for line in lines:
        event = state.feed(line)
        if event is not None:
            yield event
    event = state.feed("")
    if event is not None:
        yield event


async def aparse_events(lines: AsyncIterator[str]) -> AsyncIterator[ServerSentEvent]:
    """``parse_events`` for an async stream of lines."""
    state = _EventState()
    async for line in lines:
        event = state.feed(line)
        if event is not None:
            yield event
    event = state.feed("")
    if event is not None:
        yield event


class _EventState:
    """The fields of the event being read; a blank line dispatches it."""

    def __init__(self) -> None:
        self.data: list[str] = []
        self.event = ""
        self.id: str | None = None
        self.retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        line = line.rstrip("\r\n")
        if not line:
            if not self.data:
                self.event = ""
                return None
            event = ServerSentEvent(
                "\n".join(self.data), self.event or "message", self.id, self.retry
            )
            self.data, self.event = [], ""
            return event
        if line.startswith(":"):
            return None  # a comment, often sent to keep the connection open
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self.data.append(value)
        elif name == "event":
            self.event = value
        elif name == "id" and "\0" not in value:
            self.id = value
        elif name == "retry" and value.isdigit():
            self.retry = int(value)
        return None


NO_CONTENT = Decoder("none")


class Encoding(NamedTuple):
    """How one field of a form or multipart body is sent: the spec's ``encoding``."""

    style: str = "form"
    explode: bool = True
    # The part's Content-Type in multipart; JSON text for a form field of a JSON type.
    content_type: str = ""
    # Reserved characters (``/``, ``:``, ``[``, ...) sent as they are, not escaped.
    allow_reserved: bool = False


@dataclass(frozen=True)
class Operation:
    """What the spec says about one operation; built once, at import."""

    operation_id: str
    method: str
    path: str
    server: str
    success: Decoder
    # By status as the spec keys its responses: 404, "4XX" (a range), "default".
    errors: Mapping[int | str, Decoder]
    security: tuple[tuple[str, ...], ...] = ()
    body_kind: str = "none"
    media_type: str = ""
    # Every media type the body may be sent in and its kind, when there is a choice;
    # the request's Content-Type picks one (``content_type=``).
    bodies: Mapping[str, str] = field(default_factory=dict)
    # By media type, by field: the fields of form and multipart bodies not sent in
    # the default way.
    encoding: Mapping[str, Mapping[str, Encoding]] = field(default_factory=dict)
    # The media types the operation's responses can be decoded from.
    accept: str = ""
    # Query parameters not sent in the default form style (explode=true).
    unexploded: frozenset[str] = frozenset()
    deep_object: frozenset[str] = frozenset()
    # Query arrays sent as one value joined by this delimiter (spaceDelimited: " ",
    # pipeDelimited: "|").
    delimiters: Mapping[str, str] = field(default_factory=dict)
    # What the spec allows for each parameter, by the request field that carries it
    # ("path", "query", "headers", "cookies") and wire name.
    rules: Mapping[str, Mapping[str, Rule]] = field(default_factory=dict)
    # The type a JSON, form or multipart body is made into and checked as.
    body_type: Any = None
    body_required: bool = False


@dataclass
class Request(Generic[T]):
    """One request to send: the operation and the values of its parameters."""

    operation: Operation
    path: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    options: RequestOptions | None = None

    def __post_init__(self) -> None:
        check_request(self)  # refused here, before a token is fetched or a byte sent


@dataclass(frozen=True)
class ApiResponse(Generic[T]):
    """A parsed answer together with its status and headers."""

    status: int
    headers: httpx.Headers
    data: T
    http_response: httpx.Response

    @property
    def request_id(self) -> str | None:
        value: str | None = self.headers.get("x-request-id")
        return value


class SyncResource:
    """The base of the sync API classes."""

    def __init__(self, client: SyncBaseClient) -> None:
        self._client = client


class AsyncResource:
    """The base of the async API classes."""

    def __init__(self, client: AsyncBaseClient) -> None:
        self._client = client


Builder = Callable[Concatenate[Any, P], Request[T]]

#: Where ``download`` writes: a path, or a file opened for writing bytes.
Destination = Union[str, "os.PathLike[str]", IO[bytes]]


class _PartFile:
    """A download to a path, written as ``<path>.part`` and renamed when complete, so
    that an interrupted download never looks like a finished one."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.partial = self.path + ".part"
        self.file = open(self.partial, "wb")

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)

    def close(self, complete: bool) -> None:
        self.file.close()
        if complete:
            os.replace(self.partial, self.path)
        elif os.path.exists(self.partial):
            os.remove(self.partial)


@contextlib.contextmanager
def _sink(destination: Destination) -> Iterator[Callable[[bytes], object]]:
    """A writer to ``destination``: a file as it is, a path through ``_PartFile``."""
    if not isinstance(destination, (str, os.PathLike)):
        yield destination.write
        return
    part = _PartFile(destination)
    complete = False
    try:
        yield part.write
        complete = True
    finally:
        part.close(complete)


@cache
def call_signature(build: Callable[..., Any]) -> inspect.Signature:
    """The operation's signature as its callers see it: the builder's parameters
    without ``self``, returning what the builder's ``Request[...]`` holds."""
    signature = inspect.signature(build)
    returns = signature.return_annotation
    if isinstance(returns, str) and returns.startswith("Request["):
        returns = returns[len("Request[") : -1]
    parameters = list(signature.parameters.values())[1:]
    return signature.replace(parameters=parameters, return_annotation=returns)


class _SignatureOf:
    """``__signature__`` of a bound operation, so that ``inspect.signature``, ``help``
    and editors that ask the running program show its real parameters rather than
    ``(*args, **kwargs)``; computed when asked for, never on a call."""

    def __get__(self, obj: Any, owner: Any = None) -> inspect.Signature | None:
        return None if obj is None else call_signature(obj._build)


class SyncCall(Generic[P, T]):
    """An operation bound to a sync client."""

    __signature__ = _SignatureOf()

    def __init__(self, resource: SyncResource, build: Builder[P, T]) -> None:
        self._client = resource._client
        self._build = build
        self.__doc__ = build.__doc__

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._client.send(self._build(None, *args, **kwargs)).data

    def raw(self, *args: P.args, **kwargs: P.kwargs) -> ApiResponse[T]:
        """Call the operation; return the status and headers with the parsed body."""
        return self._client.send(self._build(None, *args, **kwargs))

    @contextlib.contextmanager
    def stream(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[httpx.Response]:
        """Call the operation without reading the body; read it from the response."""
        with self._client.stream(self._build(None, *args, **kwargs)) as response:
            yield response

    def events(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[ServerSentEvent]:
        """Call the operation and yield the events of its ``text/event-stream``
        response as they arrive; the connection closes when the iteration ends."""
        with self.stream(*args, **kwargs) as response:
            yield from parse_events(response.iter_lines())

    def download(
        self, destination: Destination, /, *args: P.args, **kwargs: P.kwargs
    ) -> int:
        """Call the operation and write the response body to ``destination`` as it
        arrives, never holding it in memory whole; return the number of bytes."""
        size = 0
        with self.stream(*args, **kwargs) as response, _sink(destination) as write:
            for chunk in response.iter_bytes():
                write(chunk)
                size += len(chunk)
        return size


class AsyncCall(Generic[P, T]):
    """An operation bound to an async client."""

    __signature__ = _SignatureOf()

    def __init__(self, resource: AsyncResource, build: Builder[P, T]) -> None:
        self._client = resource._client
        self._build = build
        self.__doc__ = build.__doc__

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return (await self._client.send(self._build(None, *args, **kwargs))).data

    async def raw(self, *args: P.args, **kwargs: P.kwargs) -> ApiResponse[T]:
        """Call the operation; return the status and headers with the parsed body."""
        return await self._client.send(self._build(None, *args, **kwargs))

    @contextlib.asynccontextmanager
    async def stream(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[httpx.Response]:
        """Call the operation without reading the body; read it from the response."""
        async with self._client.stream(self._build(None, *args, **kwargs)) as response:
            yield response

    async def events(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[ServerSentEvent]:
        """Call the operation and yield the events of its ``text/event-stream``
        response as they arrive; the connection closes when the iteration ends."""
        async with self.stream(*args, **kwargs) as response:
            async for event in aparse_events(response.aiter_lines()):
                yield event

    async def download(
        self, destination: Destination, /, *args: P.args, **kwargs: P.kwargs
    ) -> int:
        """Call the operation and write the response body to ``destination`` as it
        arrives, never holding it in memory whole; return the number of bytes."""
        size = 0
        async with self.stream(*args, **kwargs) as response:
            if not isinstance(destination, (str, os.PathLike)):
                async for chunk in response.aiter_bytes():
                    destination.write(chunk)
                    size += len(chunk)
                return size
            # A file of its own is opened, written and renamed in a worker thread, so
            # that a slow disk does not hold up the event loop.
            part = await asyncio.to_thread(_PartFile, destination)
            complete = False
            try:
                async for chunk in response.aiter_bytes():
                    await asyncio.to_thread(part.write, chunk)
                    size += len(chunk)
                complete = True
            finally:
                await asyncio.to_thread(part.close, complete)
        return size


class endpoint(Generic[P, T]):  # noqa: N801 - used as a decorator
    """Turns a request builder into a sync or async method, by the class it is on."""

    def __init__(self, build: Builder[P, T]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, obj: SyncResource, owner: Any = None) -> SyncCall[P, T]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: Any = None) -> AsyncCall[P, T]: ...
    @overload
    def __get__(self, obj: None, owner: Any = None) -> endpoint[P, T]: ...
    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        if isinstance(obj, AsyncResource):
            return AsyncCall(obj, self._build)
        return SyncCall(obj, self._build)


#: Finds the next page's arguments from a page, its items and the arguments that
#: fetched it; None when there is no next page.
NextPage = Callable[
    [ApiResponse[Any], list[Any], Mapping[str, Any]], "dict[str, Any] | None"
]


@dataclass(frozen=True)
class Paging(Generic[T, I]):
    """How the next page is asked for, and where a page keeps its items."""

    next_page: NextPage
    items: Callable[[T], list[I] | None]


def body_token(*path: str) -> Callable[[ApiResponse[Any]], Any]:
    def read(response: ApiResponse[Any]) -> Any:
        value: Any = response.data
        for name in path:
            value = getattr(value, name, None)
        return value

    return read


def header_token(name: str) -> Callable[[ApiResponse[Any]], Any]:
    def read(response: ApiResponse[Any]) -> Any:
        return response.headers.get(name)

    return read


def items_at(*path: str) -> Callable[[Any], Any]:
    def read(page: Any) -> Any:
        for name in path:
            page = getattr(page, name, None)
        return page

    return read


def cursor(
    param: str,
    token: Callable[[ApiResponse[Any]], Any],
    wire: str = "",
    kind: str = "",
) -> NextPage:
    """A cursor the response carries; one given as an address (``next:
    "https://...?cursor=abc"``) gives the value of ``wire`` in its query, made into
    the parameter's ``kind``."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        value = token(page)
        if (
            isinstance(value, str)
            and wire
            and value.startswith(("http:", "https:", "/", "?"))
        ):
            value = dict(httpx.URL(value).params).get(wire)
            if value is not None:
                value = from_query(value, kind)
        return {param: value} if value is not None and value != "" else None

    return next_page


def page_number(
    param: str, first: int = 1, more: Callable[[ApiResponse[Any]], Any] | None = None
) -> NextPage:
    """A page number, one more each page, until a page comes back empty or ``more``
    (a ``has_more`` flag, a ``next`` address) says there is none after it."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if not items or (more is not None and not more(page)):
            return None
        current = args.get(param)
        return {param: (first if current is None else int(current)) + 1}

    return next_page


def offset(
    param: str, more: Callable[[ApiResponse[Any]], Any] | None = None
) -> NextPage:
    """An offset, moved on by the number of items received, until none come or
    ``more`` says there are no more."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if not items or (more is not None and not more(page)):
            return None
        return {param: int(args.get(param) or 0) + len(items)}

    return next_page


def link_header(
    params: Mapping[str, str], kinds: Mapping[str, str] | None = None
) -> NextPage:
    """The ``rel="next"`` address of the ``Link`` header: its query's values for the
    operation's query parameters (``{wire name: argument}``), each made into its
    argument's kind (``{argument: "int"}``)."""
    kinds = kinds or {}

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        url = next_link(page.headers.get("link", ""))
        if url is None:
            return None
        query = httpx.URL(url).params
        return {
            params[k]: from_query(v, kinds.get(params[k], ""))
            for k, v in query.items()
            if k in params
        } or None

    return next_page


def from_query(value: str, kind: str) -> Any:
    """A value read from an address's query as the parameter's type; one that is not
    of it stays text, for the request checks to refuse by the parameter's name."""
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        return value
    if kind == "bool" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def next_link(header: str) -> str | None:
    """The address marked ``rel="next"`` in a ``Link`` header (RFC 8288)."""
    for link in header.split(","):
        target, _, attributes = link.partition(";")
        for attribute in attributes.split(";"):
            name, _, value = attribute.strip().partition("=")
            rels = value.strip().strip('"').lower().split()
            if name.strip().lower() == "rel" and "next" in rels:
                return target.strip().strip("<>")
    return None


def last_item(
    param: str, path: tuple[str, ...], has_more: Callable[[ApiResponse[Any]], Any]
) -> NextPage:
    """The last item's id (``starting_after``), while the page says it ``has_more``."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if not items or not has_more(page):
            return None
        value: Any = items[-1]
        for name in path:
            value = (
                value.get(name)
                if isinstance(value, dict)
                else getattr(value, name, None)
            )
        return {param: value} if value else None

    return next_page


class SyncPagedCall(SyncCall[P, T], Generic[P, T, I]):
    """A paginated operation bound to a sync client."""

    def __init__(
        self, resource: SyncResource, build: Builder[P, T], paging: Paging[T, I]
    ) -> None:
        super().__init__(resource, build)
        self._paging = paging

    def pages(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[ApiResponse[T]]:
        """Every page, following the next-page token until there is none."""
        seen: set[str] = set()
        while True:
            page = self._client.send(self._build(None, *args, **kwargs))
            yield page
            step = self._paging.next_page(page, self._items(page), kwargs)
            if not step or repr(sorted(step.items())) in seen:
                return
            seen.add(repr(sorted(step.items())))
            kwargs.update(step)

    def _items(self, page: ApiResponse[T]) -> list[I]:
        return self._paging.items(page.data) or []

    def iter(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[I]:
        """Every item of every page, fetching pages as the iteration reaches them."""
        for page in self.pages(*args, **kwargs):
            yield from self._items(page)


class AsyncPagedCall(AsyncCall[P, T], Generic[P, T, I]):
    """A paginated operation bound to an async client."""

    def __init__(
        self, resource: AsyncResource, build: Builder[P, T], paging: Paging[T, I]
    ) -> None:
        super().__init__(resource, build)
        self._paging = paging

    async def pages(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[ApiResponse[T]]:
        """Every page, following the next-page token until there is none."""
        seen: set[str] = set()
        while True:
            page = await self._client.send(self._build(None, *args, **kwargs))
            yield page
            step = self._paging.next_page(page, self._items(page), kwargs)
            if not step or repr(sorted(step.items())) in seen:
                return
            seen.add(repr(sorted(step.items())))
            kwargs.update(step)

    def _items(self, page: ApiResponse[T]) -> list[I]:
        return self._paging.items(page.data) or []

    async def iter(self, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[I]:
        """Every item of every page, fetching pages as the iteration reaches them."""
        async for page in self.pages(*args, **kwargs):
            for item in self._items(page):
                yield item


class paginated(Generic[P, T, I]):  # noqa: N801 - used as a decorator
    """Like ``endpoint``, and the bound method also has ``pages()`` and ``iter()``."""

    def __init__(self, build: Builder[P, T], paging: Paging[T, I]) -> None:
        self._build = build
        self._paging = paging
        self.__doc__ = build.__doc__

    @overload
    def __get__(
        self, obj: SyncResource, owner: Any = None
    ) -> SyncPagedCall[P, T, I]: ...
    @overload
    def __get__(
        self, obj: AsyncResource, owner: Any = None
    ) -> AsyncPagedCall[P, T, I]: ...
    @overload
    def __get__(self, obj: None, owner: Any = None) -> paginated[P, T, I]: ...
    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        if isinstance(obj, AsyncResource):
            return AsyncPagedCall(obj, self._build, self._paging)
        return SyncPagedCall(obj, self._build, self._paging)


def pages_of(
    paging: Paging[T, I],
) -> Callable[[Builder[P, T]], paginated[P, T, I]]:
    """Decorator form of ``paginated``."""

    def wrap(build: Builder[P, T]) -> paginated[P, T, I]:
        return paginated(build, paging)

    return wrap
