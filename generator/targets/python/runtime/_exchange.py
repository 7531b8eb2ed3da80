"""One call as it goes: the logic of an exchange that does not wait on the network,
shared by the sync and the async client (see ``_base_client`` for the rules it keeps):
building each attempt, following redirects, deciding retries and their waits, and
holding every attempt to the timeout and the call to its deadline."""

from __future__ import annotations

import logging
import math
import random
import time
from typing import TYPE_CHECKING, Any

import httpx

from ._auth import ApiKeyAuth, OAuth2ClientCredentials, exposed
from ._errors import (
    MAX_ERROR_BODY,
    ApiTimeoutError,
    InsecureTransportError,
    RedirectError,
    ResponseDecodeError,
    TooManyRedirectsError,
    connection_error,
    retry_after_seconds,
    safe_url,
)
from ._operation import Request
from ._request import body_position, build_request, replayable
from ._settings import checked_settings, merged_headers
from ._types import Timeout

if TYPE_CHECKING:
    from ._base_client import BaseClient

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
