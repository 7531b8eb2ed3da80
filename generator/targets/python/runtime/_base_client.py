"""The transport shared by every operation: auth, retries, redirects, timeouts, decoding.

``BaseClient`` and ``Exchange`` hold all logic that does not wait on the network;
``SyncBaseClient`` and ``AsyncBaseClient`` add only the loop that sends and sleeps.

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

import asyncio
import contextlib
import copy
import logging
import math
import random
import re
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from ._auth import ApiKeyAuth, Credential, OAuth2ClientCredentials, exposed, header_safe
from ._deadline import attempt_ends, deadline_transport, within
from ._endpoint import ApiResponse, AsyncResource, Operation, Request, SyncResource
from ._errors import (
    MAX_ERROR_BODY,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    InsecureTransportError,
    InvalidRequestError,
    RedirectError,
    ResponseDecodeError,
    SdkError,
    TooManyRedirectsError,
    UnexpectedStatusError,
    connection_error,
    retry_after_seconds,
    safe_url,
)
from ._request import body_position, build_request, replayable
from ._types import NotGiven, RequestOptions, Timeout

T = TypeVar("T")
log = logging.getLogger(__name__)

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
RETRY_STATUSES = frozenset({502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Failures that happen before any byte of the request reaches the server.
UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Headers that carry credentials, besides the API keys of the spec's schemes.
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie")
# What a request rebuilt for another URL or method must not carry over.
BODY_HEADERS = ("content-type", "content-length", "transfer-encoding")
# All a request redirected to another origin keeps of its headers: ones that tell
# nothing about the caller. Any other header (the client's ``headers=``, per-call
# ones, header parameters) may hold a secret meant for the first origin only.
CROSS_ORIGIN_HEADERS = frozenset(
    {"accept", "accept-encoding", "accept-language", "user-agent", "content-type"}
)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
# Headers that describe the connection or the body as the client sends it: one given by
# the caller would contradict what goes on the wire (a Content-Length that does not
# match the body ends the connection in a protocol error).
OWNED_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
    }
)
# RFC 9110 token: what a header name may hold.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


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
    # The transport requests are handed to directly; None: ``httpx.Client`` sends them.
    _transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None

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
        self.base_url = _checked_base_url(base_url)
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
            clone.base_url = _checked_base_url(base_url)
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


class Exchange:
    """One call on its way through its attempts: every decision, none of the waiting."""

    def __init__(self, client: BaseClient, request: Request[Any]) -> None:
        self.client = client
        self.request = request
        self.method = request.operation.method
        credentials = client._auth_for(request.operation)
        self.oauth = [c for c in credentials if isinstance(c, OAuth2ClientCredentials)]
        self.others = [
            c for c in credentials if not isinstance(c, OAuth2ClientCredentials)
        ]
        self.replayable = replayable(request.body)
        self.body_start = body_position(request.body)
        self.has_body = (
            request.body is not None and request.operation.body_kind != "none"
        )
        self.attempt = 0
        self.refreshed = False
        self.tokens: list[str] = []
        # The call's own settings (``request_options``), else the client's.
        options = request.options or {}
        if options:
            checked_settings(options, "request_options")
        self.max_retries = options.get("max_retries", client.max_retries)
        extra_headers = options.get("headers")
        self.headers = (
            merged_headers(client._headers, extra_headers)
            if extra_headers
            else client._headers  # only read: build_request copies it
        )
        if "timeout" in options:
            timeout = options["timeout"]
            self.timeout = httpx.Timeout(timeout)
        else:
            timeout, self.timeout = client.timeout, client._timeout
        deadline = options["deadline"] if "deadline" in options else client.deadline
        self.deadline = deadline
        # Each attempt ends by ``attempt_end``; the call by ``call_end``.
        self.budget = _budget(timeout)
        self.call_end = time.monotonic() + (math.inf if deadline is None else deadline)
        self.attempt_end = self.call_end
        # Where redirects led: the URL, and whether a 303 made the request a GET.
        self.origin: httpx.URL | None = None
        self.location: httpx.URL | None = None
        self.as_get = False
        self.hops = 0
        self.visited: set[httpx.URL] = set()

    def remaining(self) -> float:
        """Seconds left of the call's deadline (inf: none)."""
        return self.call_end - time.monotonic()

    def check_deadline(self) -> None:
        """Raise ``httpx.ReadTimeout`` once the attempt has outlasted its timeout, so
        that it ends like any other timeout (a slow body included)."""
        if time.monotonic() >= self.attempt_end:
            raise httpx.ReadTimeout("the answer took longer than the timeout")

    def phase_timeout(self) -> httpx.Timeout:
        """The timeout of each phase of the next attempt: the client's, none longer
        than what is left of the attempt and of the call."""
        left = self.remaining()
        if left <= 0:
            raise ApiTimeoutError(
                f"{self.request.operation.operation_id} took longer than its deadline"
                f" of {self.deadline:g} s"
            )
        self.attempt_end = min(time.monotonic() + self.budget, self.call_end)
        base = self.timeout
        if left >= self.budget and None not in _phases(base):
            return base  # every phase ends within what is left: none is shortened
        left = min(left, self.budget)
        if math.isinf(left):
            return base

        def bound(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=bound(base.connect),
            read=bound(base.read),
            write=bound(base.write),
            pool=bound(base.pool),
        )

    def build(self, tokens: list[str], timeout: httpx.Timeout) -> httpx.Request:
        """The next attempt's HTTP request, authorised with ``tokens`` (OAuth2)."""
        self.tokens = []
        http_request = build_request(
            self.request,
            base_url=self.client.base_url,
            headers=self.headers,
            timeout=timeout,
            is_async=self.client.is_async,
            body_start=self.body_start,
        )
        if self.origin is None:
            self.origin = http_request.url
        if self.location is not None:
            http_request = self._moved(http_request)
            if not _same_origin(self.location, self.origin):
                return http_request  # no credentials for another origin
        if (self.others or tokens) and exposed(http_request.url):
            if not self.client.allow_insecure_http:
                raise InsecureTransportError(
                    f"{self.request.operation.operation_id}: credentials would go"
                    f" unencrypted to {http_request.url.host} over http://; use an"
                    " https:// base_url (or allow_insecure_http=True)"
                )
        for credential in self.others:
            credential.apply(http_request)
        self.tokens = tokens
        for token in tokens:
            OAuth2ClientCredentials.authorize(http_request, token)
        return http_request

    def _moved(self, http_request: httpx.Request) -> httpx.Request:
        """``http_request`` sent where the redirects led instead."""
        assert self.location is not None and self.origin is not None
        dropped = {"host"}
        if self.as_get:
            dropped.update(BODY_HEADERS)
        cross = not _same_origin(self.location, self.origin)
        if cross:
            dropped.update(CREDENTIAL_HEADERS)
            dropped.update(
                credential.header_name.lower()
                for credential in self.client._credentials.values()
                if isinstance(credential, ApiKeyAuth) and credential.header_name
            )
        # httpx adds Host only to a request it encodes the body of itself.
        headers = [("Host", self.location.netloc.decode("ascii"))]
        headers += [
            (name, value)
            for name, value in http_request.headers.multi_items()
            if name.lower() not in dropped
            and (not cross or name.lower() in CROSS_ORIGIN_HEADERS)
        ]
        return httpx.Request(
            "GET" if self.as_get else http_request.method,
            self.location,
            headers=headers,
            stream=None if self.as_get else http_request.stream,
            extensions=http_request.extensions,
        )

    def after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before trying again, or None: ``response`` is the answer."""
        status = response.status_code
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s -> %s", self.method, response.request.url.path, status)
        if status in REDIRECTS and "location" in response.headers:
            self._redirect(response)
            return 0.0
        if status == 401 and self.tokens and self.replayable and not self.refreshed:
            self.refreshed = True
            for credential, token in zip(self.oauth, self.tokens, strict=False):
                credential.invalidate(token)
            log.debug(
                "%s %s: token refused, fetching a new one",
                self.method,
                self.request.operation.path,
            )
            return 0.0
        if status == 429 or (status in RETRY_STATUSES and self.method in IDEMPOTENT):
            return self._retry(str(status), retry_after_seconds(response.headers))
        return None

    def _redirect(self, response: httpx.Response) -> None:
        """Point the next attempt where ``response`` redirects, or raise when the
        redirect rule (see the module's docstring) does not follow it."""
        status = response.status_code
        method = "GET" if self.as_get else self.method
        location = response.headers["location"]
        op = self.request.operation.operation_id
        try:
            target = response.request.url.join(location)
        except httpx.InvalidURL:
            target = None
        if target is None or target.scheme not in ("http", "https") or not target.host:
            raise RedirectError(
                f"{op}: {status} redirect to a URL that is not http(s); not followed",
                status,
                location,
            )
        self.visited.add(response.request.url.copy_with(fragment=None))
        if target.copy_with(fragment=None) in self.visited:
            raise TooManyRedirectsError(
                f"{op}: {status} redirect back to a URL already requested (a loop);"
                " not sent there again",
                status,
                str(safe_url(target)),
            )
        if self.hops >= self.client.MAX_REDIRECTS:
            raise TooManyRedirectsError(
                f"{op}: more than {self.client.MAX_REDIRECTS} redirects in a row",
                status,
                str(safe_url(target)),
            )
        as_get = self.as_get or (status == 303 and method != "HEAD")
        keeps_body = self.has_body and not as_get
        if status in (301, 302) and method not in IDEMPOTENT and not as_get:
            raise RedirectError(
                f"{op}: {status} to a {method} is not followed (it could be sent"
                " again as a GET or twice); the request was not sent again",
                status,
                str(safe_url(target)),
            )
        if keeps_body and not self.replayable:
            raise RedirectError(
                f"{op}: {status} redirect not followed: the body cannot be sent again",
                status,
                str(safe_url(target)),
            )
        assert self.origin is not None
        if keeps_body and not _same_origin(target, self.origin):
            raise RedirectError(
                f"{op}: {status} redirect to another origin ({target.host}) not"
                " followed: the request body goes only to the origin it was meant for",
                status,
                str(safe_url(target)),
            )
        self.hops += 1
        self.as_get = as_get
        self.location = target
        log.info(
            "%s %s: %s, redirected to %s",
            self.method,
            self.request.operation.path,
            status,
            safe_url(target),
        )

    def after_error(self, error: httpx.TransportError, request: httpx.Request) -> float:
        """Seconds to wait before trying again; raises when the call has failed."""
        delay = None
        if isinstance(error, UNSENT) or self.method in IDEMPOTENT:
            delay = self._retry(type(error).__name__, None)
        if delay is None:
            raise connection_error(error, request) from None
        return delay

    def _retry(self, reason: str, retry_after: float | None) -> float | None:
        client = self.client
        if self.attempt >= self.max_retries or not self.replayable:
            return None
        if retry_after is not None:
            if retry_after > client.MAX_RETRY_AFTER:
                return None  # longer than the client waits: raised, retry_after set
            delay = retry_after
        else:
            backoff = min(
                client.INITIAL_BACKOFF * 2.0**self.attempt, client.MAX_BACKOFF
            )
            delay = backoff * (0.75 + random.random() / 4)
        if delay >= self.remaining():
            return None  # the call would outlast its deadline waiting
        self.attempt += 1
        log.info(
            "%s %s: %s, retry %d of %d in %.2f s",
            self.method,
            self.request.operation.path,
            reason,
            self.attempt,
            self.max_retries,
            delay,
        )
        return delay

    def read_limit(self, response: httpx.Response) -> int:
        if 200 <= response.status_code < 300:
            return self.client.MAX_RESPONSE_BYTES
        return MAX_ERROR_BODY

    def already_read(self, response: httpx.Response) -> bool:
        """Whether the transport gave the body whole (a mock, a cache): then it is only
        held to the limit, as a body read here would be."""
        if not hasattr(response, "_content"):
            return False
        content = response._content
        self.body_read(response, [content], len(content))
        return True

    def body_read(
        self, response: httpx.Response, parts: list[bytes], size: int
    ) -> None:
        """Keep the body read so far; raise when a 2xx body is over the limit."""
        limit = self.read_limit(response)
        response._content = b"".join(parts)[:limit]
        if size > limit and 200 <= response.status_code < 300:
            raise ResponseDecodeError(
                f"{self.request.operation.operation_id}: the response body is larger"
                f" than MAX_RESPONSE_BYTES ({limit} bytes); read it with .stream() or"
                " .download()",
                response,
            )

    def body_failed(
        self, response: httpx.Response, error: httpx.TransportError
    ) -> None:
        """The body of ``response`` could not be read whole: an error status is raised
        with what came, and a 2xx to a request that must not be sent twice raises
        ``ResponseDecodeError`` (it succeeded); otherwise ``error`` goes on."""
        if not 200 <= response.status_code < 300:
            return
        if self.method in IDEMPOTENT:
            raise error
        raise ResponseDecodeError(
            f"{self.request.operation.operation_id}: the body of the answer could not"
            f" be read ({type(error).__name__})",
            response,
        ) from None


class SyncBaseClient(BaseClient):
    _transport: httpx.BaseTransport | None

    def __init__(
        self,
        *,
        http_client: httpx.Client | None,
        transport: httpx.BaseTransport | None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._transport = _direct(http_client, transport, deadline_transport)
        self._http = http_client or httpx.Client(transport=self._transport)

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
        call = Exchange(self, request)
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
    _transport: httpx.AsyncBaseTransport | None

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._transport = _direct(http_client, transport, httpx.AsyncHTTPTransport)
        self._http = http_client or httpx.AsyncClient(transport=self._transport)

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
        call = Exchange(self, request)
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


_SETTINGS = RequestOptions.__optional_keys__


def checked_settings(settings: Mapping[str, Any], what: str) -> None:
    """Raise ``InvalidRequestError`` (nothing is sent) when ``settings`` (``what``:
    ``request_options``, ...) holds a key ``RequestOptions`` does not name or a value
    of another type, as a misspelled keyword argument would."""
    if not isinstance(settings, Mapping):
        raise InvalidRequestError(
            f"{what} must be a dict, not {type(settings).__name__}"
        )
    unknown = [key for key in settings if key not in _SETTINGS]
    if unknown:
        raise InvalidRequestError(
            f"{what}: unknown option {', '.join(repr(str(k)) for k in unknown)};"
            f" the options are {', '.join(sorted(_SETTINGS))}"
        )
    for key, value in settings.items():
        if key == "headers":
            checked_headers(value, f"{what} headers")
            continue
        if key == "max_retries":
            good = _is_number(value, int) and value >= 0
            wanted = "an int of 0 or more"
        elif key == "timeout":
            good = value is None or isinstance(value, httpx.Timeout)
            good = good or (_is_number(value, (int, float)) and value >= 0)
            wanted = "seconds (0 or more), an httpx.Timeout or None"
        else:
            good = value is None or (_is_number(value, (int, float)) and value > 0)
            wanted = "seconds (more than 0) or None"
        if not good:
            raise InvalidRequestError(
                f"{what}: {key} must be {wanted}, not {type(value).__name__}"
                + (f" {value!r}" if _is_number(value, (int, float)) else "")
            )


def _is_number(value: Any, types: type | tuple[type, ...]) -> bool:
    return (
        isinstance(value, types)
        and not isinstance(value, bool)
        and not (isinstance(value, float) and math.isnan(value))
    )


def checked_headers(headers: Any, what: str) -> dict[str, str]:
    """``headers`` as a dict, or ``InvalidRequestError`` naming the header (never its
    value, which may be a secret) when a name is no HTTP token, a value is no text a
    header can carry, or the header is one the client writes itself
    (``OWNED_HEADERS``: Content-Length, Host, Transfer-Encoding, ...)."""
    if not isinstance(headers, Mapping):
        raise InvalidRequestError(
            f"{what} must be a dict of str, not {type(headers).__name__}"
        )
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise InvalidRequestError(f"{what}: {name!r} is no HTTP header name")
        if name.lower() in OWNED_HEADERS:
            raise InvalidRequestError(
                f"{what}: {name} is written by the client from the request itself"
                " and cannot be given"
            )
        if not isinstance(value, str):
            raise InvalidRequestError(
                f"{what}: the value of {name} must be a str, not {type(value).__name__}"
            )
        try:
            header_safe(value, f"the value of the {name} header")
        except SdkError as error:
            raise InvalidRequestError(f"{what}: {error}") from None
    return dict(headers)


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


def merged_headers(
    base: Mapping[str, str], extra: Mapping[str, str] | None
) -> dict[str, str]:
    """``base`` with ``extra`` on top. Header names are case-insensitive, so a header
    of ``extra`` replaces the one of ``base`` with the same name, whatever its case."""
    replaced = {name.lower() for name in extra or {}}
    kept = {k: v for k, v in base.items() if k.lower() not in replaced}
    return {**kept, **(extra or {})}


def _checked_base_url(base_url: str | None) -> str | None:
    """``base_url`` without a trailing slash; one with a user name or password in it
    is refused (they would show in every log and error), naming neither."""
    if not base_url:
        return None
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL:
        raise SdkError("base_url is not a valid URL") from None
    if url.userinfo:
        raise SdkError(
            "base_url holds a user name or password; pass credentials as the client's"
            f" arguments and base_url as {str(safe_url(url))!r}"
        )
    return base_url.rstrip("/")


def _budget(timeout: Timeout) -> float:
    """The seconds an attempt may take: a number timeout itself, the longest phase
    of an ``httpx.Timeout``; inf when there is none."""
    if timeout is None:
        return math.inf
    if isinstance(timeout, httpx.Timeout):
        values = [value for value in _phases(timeout) if value is not None]
        return max(values) if values else math.inf
    return float(timeout)


def _phases(timeout: httpx.Timeout) -> tuple[float | None, ...]:
    return (timeout.connect, timeout.read, timeout.write, timeout.pool)


def _same_origin(url: httpx.URL, origin: httpx.URL) -> bool:
    return (url.scheme, url.host, url.port) == (origin.scheme, origin.host, origin.port)


def _wire_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a path of wire names: ``media[0].url``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" not in part:  # not one of pydantic's names for a union's branch
            path += f".{part}" if path else part
    return path


def _direct(
    http_client: object,
    transport: TransportT | None,
    default: Callable[[], TransportT],
) -> TransportT | None:
    """The transport to send through directly, or None to send with ``http_client``."""
    if http_client is not None:
        if transport is not None:
            raise SdkError("pass http_client or transport, not both")
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
