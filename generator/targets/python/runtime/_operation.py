"""How an operation is described: what the spec says about it (``Operation``), one
request to send (``Request``), how an answer is decoded (``Decoder``) and what a call
gives back with its status and headers (``ApiResponse``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import (
    Any,
    Generic,
    NamedTuple,
    TypeVar,
)

import httpx

from ._events import parse_events
from ._rules import Rule
from ._types import RequestOptions

T = TypeVar("T")


class Decoder:
    """Turns a response body into the type the spec declares for it.

    ``kind`` is ``json``, ``bytes``, ``text``, ``events`` or ``none``; ``type_``
    returns the type a JSON body is decoded into; ``others`` maps the other media types
    the response may come in (``text/csv``) to their kind. The type is asked for, and
    its pydantic validator built, on first use: importing an API module imports no
    model class.
    """

    __slots__ = ("kind", "_type", "_others", "_validate")

    def __init__(
        self,
        kind: str,
        type_: Callable[[], Any] | None = None,
        others: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self._type = type_
        self._others = others or {}
        self._validate: Callable[[bytes], Any] | None = None

    def accepts(self, content_type: str) -> bool:
        """Whether a body of ``content_type`` is one this decoder reads as it is."""
        if self.kind != "json":
            return True
        if self._others and base_type(content_type) in self._others:
            return True
        return "json" in content_type

    def decode(self, response: httpx.Response) -> Any:
        kind = (
            self._others.get(
                base_type(response.headers.get("content-type", "")), self.kind
            )
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
            type_: Any = None if self._type is None else self._type()
            # Models validate straight from bytes; pydantic is fastest that way.
            validate = getattr(type_, "model_validate_json", None)
            if validate is None:
                from pydantic import TypeAdapter

                validate = TypeAdapter(type_).validate_json
            self._validate = validate
        return self._validate(response.content)


def base_type(content_type: str) -> str:
    """``text/csv; charset=utf-8`` -> ``text/csv``."""
    return content_type.split(";")[0].strip().lower()


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
    # Returns the type a JSON, form or multipart body is made into and checked as
    # (``body_model``): asked for on the first request, not when the API is imported.
    body_type: Callable[[], Any] | None = None
    # For a body offered in several media types, the type it is checked as in each
    # JSON or form one it may be sent in, asked for on first use like ``body_type``.
    body_types: Mapping[str, Callable[[], Any]] = field(default_factory=dict)
    body_required: bool = False

    @cached_property
    def body_model(self) -> Any:
        """The type the body is made into and checked as; None for no such body."""
        return None if self.body_type is None else self.body_type()

    def offered(self, media_type: str) -> str | None:
        """The media type of the spec's that ``media_type`` (parameters and case
        aside) falls under, itself or by a range (``image/*``, ``*/*``); None if none.
        """
        base = base_type(media_type)
        ranges = ("*/*", f"{base.split('/')[0]}/*")
        found = [m for m in self.bodies if base_type(m) == base]
        found += [m for m in self.bodies if base_type(m) in ranges]
        return found[0] if found else None

    def kind_named(self, media_type: str) -> str | None:
        """How a body of ``media_type`` is sent, if the spec offers it; None if not."""
        offered = self.offered(media_type)
        return None if offered is None else self.bodies[offered]

    def body_model_in(self, media_type: str) -> Any:
        """The type a body sent as ``media_type`` is checked as; None for none."""
        if not self.body_types:
            return self.body_model
        make = self.body_types.get(self.offered(media_type) or "")
        return None if make is None else make()


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
    # The media type and kind the body goes in, as the check decided it (and checked
    # the body as that media type's type): the encoding follows the same decision.
    media: tuple[str, str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        _checker()(self)  # refused here, before a token is fetched or a byte sent


@cache
def _checker() -> Callable[[Request[Any]], None]:
    """``check_request``, imported with the first request: the check needs pydantic's
    model machinery, which importing an API module or making a client does not build."""
    from ._checks import check_request

    return check_request


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
