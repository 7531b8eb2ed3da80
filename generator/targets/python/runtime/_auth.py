"""Credentials for the security schemes the spec declares.

Each credential adds itself to a request. Secrets live in private attributes and no
``repr``, log line or error message shows them.
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import logging
import math
import re
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

from ._errors import (
    MAX_ERROR_BODY,
    InsecureTransportError,
    OAuth2TokenError,
    SdkError,
    connection_error,
)

if TYPE_CHECKING:
    import asyncio

# A token is renewed this many seconds before the server says it expires, so that
# a request never leaves with a token that lapses on the way.
_EXPIRY_MARGIN = 30.0


# What an HTTP header value sent by httpx may hold (visible ASCII, space and tab): a
# line break would end the header and start another, and httpx's complaint about it
# quotes the value.
_HEADER_SAFE = re.compile(r"[\t\x20-\x7e]*")


def header_safe(value: str, what: str) -> str:
    """``value``, or SdkError naming ``what`` (never the value) if a header cannot
    carry it."""
    if not _HEADER_SAFE.fullmatch(value):
        raise SdkError(
            f"{what} contains a character an HTTP header cannot carry (a line break"
            " or another control character); check how it was copied"
        )
    return value


def is_loopback(url: httpx.URL) -> bool:
    """Whether ``url`` names this machine (localhost, 127.0.0.0/8, ::1)."""
    host = url.host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposed(url: httpx.URL) -> bool:
    """Whether a credential sent to ``url`` would cross a network unencrypted."""
    return url.scheme == "http" and not is_loopback(url)


class Credential:
    """Something that can authorise a request (OAuth2 works through ``ensure``)."""

    def apply(self, request: httpx.Request) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<redacted>)"


class BasicAuth(Credential):
    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self._header = f"Basic {token}"

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = self._header


class BearerAuth(Credential):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {header_safe(token, 'the bearer token')}"

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = self._header


class ApiKeyAuth(Credential):
    def __init__(self, key: str, *, name: str, location: str) -> None:
        self._key = key if location == "query" else header_safe(key, "the API key")
        self._name = name
        self._location = location
        if location == "query":
            _hide_in_httpx_logs(name)

    @property
    def header_name(self) -> str:
        """The header the key goes in, or "" when it goes in the query or a cookie."""
        return self._name if self._location == "header" else ""

    def apply(self, request: httpx.Request) -> None:
        if self._location == "header":
            request.headers[self._name] = self._key
        elif self._location == "query":
            request.url = request.url.copy_merge_params({self._name: self._key})
        else:
            # Beside the operation's own cookie parameters, not instead of them.
            cookie = f"{self._name}={self._key}"
            if request.headers.get("Cookie"):
                cookie = f"{request.headers['Cookie']}; {cookie}"
            request.headers["Cookie"] = cookie


class OAuth2ClientCredentials(Credential):
    """OAuth2 client credentials: a token fetched from the token URL and cached.

    One fetch happens at a time, however many requests wait for it; the token is
    reused until shortly before it expires (``expires_in``; a token without it until
    the API refuses it, one of 0 is used once), and fetched again once when the API
    answers 401 to it. Any failure of the token endpoint raises ``OAuth2TokenError``.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str,
        scopes: tuple[str, ...] = (),
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self.token_url = token_url
        self._scopes = scopes
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self.allow_insecure_http = False

    @staticmethod
    def authorize(request: httpx.Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"

    def invalidate(self, used: str) -> None:
        """Forget the token ``used``, unless another request already replaced it."""
        if used == self._token:
            self._token = None

    def _current(self) -> str | None:
        return self._token if time.monotonic() < self._expires_at else None

    def ensure(
        self, client: httpx.Client, timeout: httpx.Timeout, end: float = math.inf
    ) -> str:
        """A valid token, fetched when there is none (one fetch at a time).

        The fetch follows the call's timeout rule: each phase waits at most
        ``timeout``, and the answer must be read whole by ``end`` (monotonic clock,
        the end of the attempt it is made for), or ``ApiTimeoutError`` is raised."""
        token = self._current()
        if token is not None:
            return token
        with self._lock:
            token = self._current()
            if token is None:
                request = self._token_request(timeout)
                try:
                    response = client.send(request, stream=True, follow_redirects=False)
                    with contextlib.closing(response):
                        _keep(response, list(_upto(response.iter_bytes(), end)))
                except httpx.TransportError as error:
                    raise connection_error(error, request) from None
                token = self._accept(response)
        return token

    async def aensure(
        self, client: httpx.AsyncClient, timeout: httpx.Timeout, end: float = math.inf
    ) -> str:
        """``ensure`` for asyncio."""
        token = self._current()
        if token is not None:
            return token
        if self._async_lock is None:
            import asyncio  # loaded already: this coroutine runs in its event loop

            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            token = self._current()
            if token is None:
                request = self._token_request(timeout)
                try:
                    response = await client.send(
                        request, stream=True, follow_redirects=False
                    )
                    try:
                        parts: list[bytes] = []
                        async for chunk in response.aiter_bytes():
                            parts.append(chunk)
                            if sum(map(len, parts)) > MAX_ERROR_BODY:
                                break
                            _check_end(end)
                        _keep(response, parts)
                    finally:
                        await response.aclose()
                except httpx.TransportError as error:
                    raise connection_error(error, request) from None
                token = self._accept(response)
        return token

    def _token_request(self, timeout: httpx.Timeout) -> httpx.Request:
        data = {"grant_type": "client_credentials"}
        if self._scopes:
            data["scope"] = " ".join(self._scopes)
        auth = base64.b64encode(
            f"{self._client_id}:{self._client_secret}".encode()
        ).decode()
        url = httpx.URL(self.token_url)
        if exposed(url) and not self.allow_insecure_http:
            raise InsecureTransportError(
                f"the OAuth2 client secret would go unencrypted to {url.host}; use an"
                " https:// token URL (or allow_insecure_http=True)"
            )
        return httpx.Request(
            "POST",
            url,
            data=data,
            headers={"Authorization": f"Basic {auth}", "Accept": "application/json"},
            extensions={"timeout": timeout.as_dict()},
        )

    def _accept(self, response: httpx.Response) -> str:
        if not 200 <= response.status_code < 300:
            raise OAuth2TokenError("no OAuth2 token", response)
        try:
            payload: Any = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise OAuth2TokenError("the token answer is no JSON object", response)
        token = payload.get("access_token")
        if not isinstance(token, str) or not token:
            raise OAuth2TokenError("the token answer has no access_token", response)
        if not _HEADER_SAFE.fullmatch(token):
            raise OAuth2TokenError(
                "the token endpoint answered an access_token with a character an HTTP"
                " header cannot carry",
                response,
            )
        self._token = token
        self._expires_at = _expiry(payload.get("expires_in"))
        return token


def _upto(chunks: Iterator[bytes], end: float) -> Iterator[bytes]:
    """The chunks of a body until they add up to more than ``MAX_ERROR_BODY``: a
    token answer is small, and a larger one is not read into memory whole."""
    size = 0
    for chunk in chunks:
        yield chunk
        size += len(chunk)
        if size > MAX_ERROR_BODY:
            return
        _check_end(end)


def _check_end(end: float) -> None:
    """Raise ``httpx.ReadTimeout`` once ``end`` has passed: an answer that drips in
    slower than the whole attempt may take ends like any other timeout."""
    if time.monotonic() >= end:
        raise httpx.ReadTimeout("the token answer took longer than the timeout")


def _keep(response: httpx.Response, parts: list[bytes]) -> None:
    response._content = b"".join(parts)[:MAX_ERROR_BODY]


def _expiry(expires_in: Any) -> float:
    """When a token given with ``expires_in`` stops being reused (monotonic clock).

    Without ``expires_in`` (or with one that is not a finite number) the token is
    reused until the API refuses it; with one of 30 s or less it is used once."""
    try:
        seconds = float(expires_in)
    except (TypeError, ValueError):
        return math.inf
    if not math.isfinite(seconds):
        return math.inf
    return time.monotonic() + max(0.0, seconds - _EXPIRY_MARGIN)


class _RedactedUrls(logging.Filter):
    """Hides the values of secret query parameters (``names``) and any user info in
    the URLs httpx logs ("HTTP Request: GET https://...?api_key=..."): httpx logs
    them at INFO when a request goes through ``httpx.Client`` (``http_client=``,
    proxies)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            isinstance(arg, httpx.URL) for arg in record.args
        ):
            record.args = tuple(
                self._redacted(arg) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True

    def _redacted(self, url: httpx.URL) -> httpx.URL:
        params = [
            (name, "<redacted>" if name in self.names else value)
            for name, value in url.params.multi_items()
        ]
        url = url.copy_with(username=None, password=None)
        return url.copy_with(params=params) if params else url


_HTTPX_LOG_FILTER = _RedactedUrls()


def _hide_in_httpx_logs(name: str) -> None:
    _HTTPX_LOG_FILTER.names.add(name)
    httpx_logger = logging.getLogger("httpx")
    if _HTTPX_LOG_FILTER not in httpx_logger.filters:
        httpx_logger.addFilter(_HTTPX_LOG_FILTER)


def passed(*values: str | None) -> bool:
    """Whether the caller passed any credential (then none comes from the environment)."""
    return any(value is not None for value in values)


def refuse_half(scheme: str, explicit: bool, *values: str | None) -> None:
    """Raise when the caller passed some of a scheme's credentials but not all."""
    if explicit and any(values) and not all(values):
        raise SdkError(
            f"the {scheme} credentials were passed in part; pass all of them"
            " (none is read from the environment when any is passed)"
        )


def override_token_url(
    credentials: dict[str, Credential], token_url: str | None
) -> None:
    """Send every OAuth2 token request to ``token_url`` instead of the spec's URL."""
    if token_url:
        for credential in credentials.values():
            if isinstance(credential, OAuth2ClientCredentials):
                credential.token_url = token_url
