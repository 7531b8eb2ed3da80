"""The transport shared by every operation: auth, retries, redirects, timeouts, decoding.

``BaseClient`` and ``Exchange`` (in ``_exchange``, one call's decisions) hold all logic
that does not wait on the network; ``SyncBaseClient`` and ``AsyncBaseClient`` add only
the loop that sends and sleeps. What callers configure is checked in ``_settings``.

Requests go straight to the client's httpx transport (its connection pool), not through
``httpx.Client.send``, whose cookie jar, auth flow and redirect machinery cost more
than the rest of a call together. ``httpx.Client`` still sends when it has to: with
an ``http_client`` passed in, with proxies set in the environment (which it routes),
and to fetch OAuth2 tokens; it never follows redirects itself.

Retry rule: a request is retried, up to ``max_retries`` times, when

* the connection failed before the request was sent (any method);
* the server answered 429 Too Many Requests (any method: it did not act on it);
* the method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) and the server
  answered 502, 503 or 504, or the connection broke or timed out after the request
  was sent.

So a POST or PATCH is never sent twice when the server may have acted on it. A body
that cannot be sent twice (an iterator) is never retried. The wait is exponential
backoff with jitter, or the server's ``Retry-After`` (seconds or an HTTP date) when it
gives one; a ``Retry-After`` longer than ``MAX_RETRY_AFTER`` or than what is left of
the call's deadline is not waited for: the error is raised at once, ``retry_after``
set. Separately, a 401 answer to an OAuth2 token fetches a new token and sends the
request again, once.

Redirect rule: the answer received is the one acted on; a redirect is followed to its
``Location`` and never sent to the first URL again. 303 See Other continues with a GET
without body; 301 and 302 keep the method for GET, HEAD and the other idempotent
methods and are not followed for POST or PATCH (``RedirectError``); 307 and 308 keep
the method and the body. A body goes only to the origin (scheme, host and port) of
the first request, and so do credentials and the caller's headers: to another origin
only ``CROSS_ORIGIN_HEADERS`` go (Accept, User-Agent, ...), never ``Authorization``,
``Cookie``, API keys, the client's ``headers=`` or per-call ones. At most ``MAX_REDIRECTS`` in a row, and never
back to a URL already requested (``TooManyRedirectsError``).

Timeouts: each attempt, reading the whole body included, ends within ``timeout``
seconds (each network phase waits no longer than what is left of it), and the call
as a whole, attempts and the waits between them included, within ``deadline`` when
one is set: a retry that could not finish before it is not made.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import ValidationError

from ._auth import Credential, OAuth2ClientCredentials
from ._binding import AsyncResource, SyncResource
from ._deadline import attempt_ends, within
from ._errors import (
    ApiConnectionError,
    ApiError,
    ResponseDecodeError,
    SdkError,
    UnexpectedStatusError,
    connection_error,
    safe_url,
)
from ._operation import ApiResponse, Operation, Request
from ._settings import (
    checked_base_url,
    checked_headers,
    checked_settings,
    merged_headers,
)
from ._types import NotGiven, Timeout

if TYPE_CHECKING:
    from ._exchange import Exchange

T = TypeVar("T")
log = logging.getLogger(__name__)

TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
MadeT = TypeVar("MadeT")


@cache
def _exchange_class() -> type[Exchange]:
    """``Exchange``, imported with the first request: building a request needs
    pydantic's model machinery, which making a client does not build."""
    from ._exchange import Exchange

    return Exchange


class BaseClient:
    INITIAL_BACKOFF = 0.5
    MAX_BACKOFF = 8.0
    MAX_RETRY_AFTER = 60.0
    MAX_REDIRECTS = 5
    #: The largest body read into memory for a decoded answer (``.stream()`` and
    #: ``.download()`` read any size).
    MAX_RESPONSE_BYTES = 64 * 1024 * 1024
    is_async = False
    # The error class for each status the spec declares, set by the generated client:
    # the runtime knows only ``ApiError``.
    errors_by_status: Mapping[int, type[ApiError]] = {}

    def __init__(
        self,
        *,
        base_url: str | None,
        timeout: Timeout,
        max_retries: int,
        credentials: Mapping[str, Credential],
        headers: Mapping[str, str] | None,
        deadline: float | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self.base_url = checked_base_url(base_url)
        checked_settings(
            {"timeout": timeout, "deadline": deadline, "max_retries": max_retries},
            "the client's",
        )
        self.timeout = timeout
        self._timeout = httpx.Timeout(timeout)
        self.deadline = deadline
        self.max_retries = max_retries
        self._credentials = dict(credentials)
        self._headers = checked_headers(headers or {}, "the client's headers")
        self.allow_insecure_http = allow_insecure_http
        for credential in self._credentials.values():
            if isinstance(credential, OAuth2ClientCredentials):
                credential.allow_insecure_http = allow_insecure_http

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _copy(
        self,
        base_url: str | None,
        timeout: Timeout | NotGiven,
        max_retries: int | None,
        headers: Mapping[str, str] | None,
        deadline: float | None | NotGiven,
    ) -> Any:
        given: dict[str, Any] = {"headers": headers or {}}
        if not isinstance(timeout, NotGiven):
            given["timeout"] = timeout
        if not isinstance(deadline, NotGiven):
            given["deadline"] = deadline
        if max_retries is not None:
            given["max_retries"] = max_retries
        checked_settings(given, "with_options")
        clone = copy.copy(self)
        # The APIs created so far belong to the original; the copy makes its own.
        for name, value in list(vars(clone).items()):
            if isinstance(value, (SyncResource, AsyncResource)):
                del clone.__dict__[name]
        if base_url is not None:
            clone.base_url = checked_base_url(base_url)
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
            clone._timeout = httpx.Timeout(timeout)
        if not isinstance(deadline, NotGiven):
            clone.deadline = deadline
        if max_retries is not None:
            clone.max_retries = max_retries
        if headers:
            clone._headers = merged_headers(self._headers, headers)
        return clone

    def _auth_for(self, op: Operation) -> list[Credential]:
        for requirement in op.security:
            found = [self._credentials.get(key) for key in requirement]
            if all(found):
                return [c for c in found if c is not None]
        if op.security and all(op.security):
            needed = " or ".join("+".join(req) for req in op.security)
            raise SdkError(
                f"{op.operation_id} needs credentials for {needed}; pass them to the "
                "client or set their environment variables"
            )
        return []

    def _result(self, op: Operation, response: httpx.Response) -> ApiResponse[Any]:
        if 200 <= response.status_code < 300:
            data = self._decode(op, response)
            return ApiResponse(response.status_code, response.headers, data, response)
        raise self._error(op, response)

    def _decode(self, op: Operation, response: httpx.Response) -> Any:
        decoder = op.success
        if decoder.kind == "json":
            kind = response.headers.get("content-type", "application/json")
            if not decoder.accepts(kind):
                raise ResponseDecodeError(
                    f"{op.operation_id}: expected JSON, got {kind!r}", response
                )
        try:
            return decoder.decode(response)
        except ValidationError as exc:
            field = _wire_path(exc.errors()[0]["loc"]) if exc.errors() else None
            raise ResponseDecodeError(
                f"{op.operation_id}: the response body does not match the spec"
                + (f" at {field!r}" if field else "")
                + f": {_first_line(exc)}",
                response,
                field,
            ) from None
        except ValueError as exc:
            raise ResponseDecodeError(
                f"{op.operation_id}: the response body cannot be read: "
                f"{_first_line(exc)}",
                response,
            ) from None

    def _error(self, op: Operation, response: httpx.Response) -> ApiError:
        """The error for a non-2xx answer, by status; the spec's error model parsed."""
        status = response.status_code
        # The status itself, else its range (4XX), else the spec's ``default`` response.
        keys = (status, f"{status // 100}XX", "default")
        decoder = next((op.errors[key] for key in keys if key in op.errors), None)
        if decoder is not None:
            error_type = self.errors_by_status.get(status, ApiError)
        else:
            error_type = UnexpectedStatusError
        parsed = None
        if decoder is not None and response.content:
            try:
                parsed = decoder.decode(response)
            except (ValidationError, ValueError):
                parsed = None
        return error_type(response, parsed)


class SyncBaseClient(BaseClient):
    def __init__(
        self,
        *,
        http_client: httpx.Client | None,
        transport: httpx.BaseTransport | None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        _refuse_both(http_client, transport)

        def connect() -> tuple[httpx.Client, httpx.BaseTransport | None]:
            # Imported on the first request, as httpx imports httpcore.
            from ._sockets import deadline_transport

            direct = _direct(http_client, transport, deadline_transport)
            return http_client or httpx.Client(transport=direct), direct

        self._connection = _OnFirstUse(connect)

    @property
    def _http(self) -> httpx.Client:
        return self._connection.get()[0]

    @property
    def _transport(self) -> httpx.BaseTransport | None:
        """The transport requests are handed to directly; None: ``_http`` sends them."""
        return self._connection.get()[1]

    def close(self) -> None:
        """Close the connections this client holds open."""
        self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, request: Request[T]) -> ApiResponse[T]:
        response = self._send(request, stream=False)
        return self._result(request.operation, response)

    @contextlib.contextmanager
    def stream(self, request: Request[Any]) -> Iterator[httpx.Response]:
        call, response = self._send_call(request, stream=True)
        try:
            if not 200 <= response.status_code < 300:
                self._read(call, response)
                raise self._error(request.operation, response)
            yield response
        except httpx.TransportError as error:
            raise connection_error(error, response.request) from None
        finally:
            response.close()

    def _send(self, request: Request[Any], *, stream: bool) -> httpx.Response:
        return self._send_call(request, stream=stream)[1]

    def _send_call(
        self, request: Request[Any], *, stream: bool
    ) -> tuple[Exchange, httpx.Response]:
        call = _exchange_class()(self, request)
        while True:
            timeout = call.phase_timeout()
            end = call.attempt_end
            tokens = [c.ensure(self._http, timeout, end) for c in call.oauth]
            http_request = call.build(tokens, timeout)
            try:
                response = self._exchange(call, http_request, stream)
            except httpx.TransportError as error:
                time.sleep(call.after_error(error, http_request))
                continue
            except Exception as error:
                if not _from_http_stack(error):
                    raise
                raise unsendable(error, http_request) from None
            try:
                delay = call.after_response(response)
            except BaseException:
                response.close()
                raise
            if delay is None:
                return call, response
            response.close()
            time.sleep(delay)

    def _exchange(
        self, call: Exchange, http_request: httpx.Request, stream: bool
    ) -> httpx.Response:
        if self._transport is None:
            response = self._http.send(
                http_request, stream=True, follow_redirects=False
            )
        else:
            with attempt_ends(call.attempt_end):
                response = self._transport.handle_request(http_request)
            response.request = http_request
        if not stream:
            try:
                with attempt_ends(call.attempt_end):
                    self._read(call, response)
            finally:
                response.close()
        return response

    def _read(self, call: Exchange, response: httpx.Response) -> None:
        """Read the body into ``response``, within the limit and the deadline."""
        if call.already_read(response):
            return
        limit = call.read_limit(response)
        parts: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                parts.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
                call.check_deadline()
        except httpx.TransportError as error:
            response._content = b"".join(parts)[:limit]
            call.body_failed(response, error)
            return
        call.body_read(response, parts, size)


class AsyncBaseClient(BaseClient):
    is_async = True

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        _refuse_both(http_client, transport)

        def connect() -> tuple[httpx.AsyncClient, httpx.AsyncBaseTransport | None]:
            direct = _direct(http_client, transport, httpx.AsyncHTTPTransport)
            return http_client or httpx.AsyncClient(transport=direct), direct

        self._connection = _OnFirstUse(connect)

    @property
    def _http(self) -> httpx.AsyncClient:
        return self._connection.get()[0]

    @property
    def _transport(self) -> httpx.AsyncBaseTransport | None:
        """The transport requests are handed to directly; None: ``_http`` sends them."""
        return self._connection.get()[1]

    async def aclose(self) -> None:
        """Close the connections this client holds open."""
        await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def send(self, request: Request[T]) -> ApiResponse[T]:
        response = await self._send(request, stream=False)
        return self._result(request.operation, response)

    @contextlib.asynccontextmanager
    async def stream(self, request: Request[Any]) -> AsyncIterator[httpx.Response]:
        call, response = await self._send_call(request, stream=True)
        try:
            if not 200 <= response.status_code < 300:
                await self._read(call, response)
                raise self._error(request.operation, response)
            yield response
        except httpx.TransportError as error:
            raise connection_error(error, response.request) from None
        finally:
            await response.aclose()

    async def _send(self, request: Request[Any], *, stream: bool) -> httpx.Response:
        return (await self._send_call(request, stream=stream))[1]

    async def _send_call(
        self, request: Request[Any], *, stream: bool
    ) -> tuple[Exchange, httpx.Response]:
        import asyncio  # loaded already: this coroutine runs in its event loop

        call = _exchange_class()(self, request)
        while True:
            timeout = call.phase_timeout()
            end = call.attempt_end
            tokens = [await c.aensure(self._http, timeout, end) for c in call.oauth]
            http_request = call.build(tokens, timeout)
            try:
                response = await self._exchange(call, http_request, stream)
            except httpx.TransportError as error:
                await asyncio.sleep(call.after_error(error, http_request))
                continue
            except Exception as error:
                if not _from_http_stack(error):
                    raise
                raise unsendable(error, http_request) from None
            try:
                delay = call.after_response(response)
            except BaseException:
                await response.aclose()
                raise
            if delay is None:
                return call, response
            await response.aclose()
            await asyncio.sleep(delay)

    async def _exchange(
        self, call: Exchange, http_request: httpx.Request, stream: bool
    ) -> httpx.Response:
        if self._transport is None:
            response = await within(
                self._http.send(http_request, stream=True, follow_redirects=False),
                call.attempt_end,
            )
        else:
            response = await within(
                self._transport.handle_async_request(http_request), call.attempt_end
            )
            response.request = http_request
        if not stream:
            try:
                await self._read(call, response)
            finally:
                await response.aclose()
        return response

    async def _read(self, call: Exchange, response: httpx.Response) -> None:
        """Read the body into ``response``, within the limit and the deadline."""
        if call.already_read(response):
            return
        limit = call.read_limit(response)
        parts: list[bytes] = []
        size = 0
        try:
            async for chunk in response.aiter_bytes():
                parts.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
                call.check_deadline()
        except httpx.TransportError as error:
            response._content = b"".join(parts)[:limit]
            call.body_failed(response, error)
            return
        call.body_read(response, parts, size)


def unsendable(error: Exception, request: httpx.Request) -> SdkError:
    """The SDK error for an exception of the HTTP stack (httpx, httpcore, h11) that is
    no ``httpx.TransportError``; its text is left out, as it may quote a header."""
    return ApiConnectionError(
        f"{request.method} {safe_url(request.url)} could not be sent:"
        f" {type(error).__name__} (the HTTP library refused the request)"
    )


def _from_http_stack(error: Exception) -> bool:
    module = type(error).__module__.split(".")[0]
    return module in ("httpx", "httpcore", "h11") and not isinstance(error, SdkError)


def _wire_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a path of wire names: ``media[0].url``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" not in part:  # not one of pydantic's names for a union's branch
            path += f".{part}" if path else part
    return path


class _OnFirstUse(Generic[MadeT]):
    """A client's HTTP client and transport, made on its first request rather than
    when the client is constructed: the transport's SSL context costs more than all
    the rest of constructing one. Copies of the client (``with_options``) share this
    object, so they share the connections, as before."""

    def __init__(self, make: Callable[[], MadeT]) -> None:
        self._make = make
        self._made: MadeT | None = None

    def get(self) -> MadeT:
        if self._made is None:
            self._made = self._make()
        return self._made


def _refuse_both(http_client: object, transport: object) -> None:
    if http_client is not None and transport is not None:
        raise SdkError("pass http_client or transport, not both")


def _direct(
    http_client: object,
    transport: TransportT | None,
    default: Callable[[], TransportT],
) -> TransportT | None:
    """The transport to send through directly, or None to send with ``http_client``."""
    if http_client is not None:
        return None
    if transport is not None:
        return transport
    if urllib.request.getproxies():
        return None  # httpx.Client picks the proxy for each URL, and honours NO_PROXY
    return default()


def _first_line(exc: Exception) -> str:
    return (
        str(exc).strip().splitlines()[0][:300]
        if str(exc).strip()
        else type(exc).__name__
    )
