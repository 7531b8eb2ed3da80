"""Errors raised by the client.

``ApiError`` and its subclasses are answers from the server; ``ApiConnectionError``,
``ApiTimeoutError``, ``RedirectError``, ``OAuth2TokenError`` and
``InsecureTransportError`` are failures to get a usable answer. None of them ever
carries the request's credentials.

``ResponseDecodeError`` is deliberately not an ``SdkError``: it is raised when the
server accepted the request (a 2xx) but its answer cannot be read, so a handler that
catches ``SdkError`` to send the request again would send it twice.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

#: The most bytes of an error's body read and kept on the error (``ApiError.body``).
MAX_ERROR_BODY = 64 * 1024


#: The most characters of the server's own text an error message quotes.
MAX_MESSAGE_DETAIL = 500


def printable(text: str) -> str:
    """``text`` from a server, fit for one line of a message or log: line breaks,
    terminal escapes and other unprintable characters escaped as ``repr`` writes them
    (``\\n``, ``\\x1b``), at most ``MAX_MESSAGE_DETAIL`` characters."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) > MAX_MESSAGE_DETAIL:
        text = text[:MAX_MESSAGE_DETAIL] + "..."
    return text


class SdkError(Exception):
    """The base of every error this SDK raises, but ``ResponseDecodeError``."""


class InvalidRequestError(SdkError, ValueError):
    """The request breaks the spec (a missing, mistyped or out-of-bounds parameter or
    body, an unknown field, a path segment that would escape its place) and was not
    sent."""


class ApiConnectionError(SdkError):
    """The request could not be sent or no answer arrived (DNS, refused, reset)."""


class ApiTimeoutError(ApiConnectionError):
    """No answer within the timeout, or the call outlasted its deadline."""


class RedirectError(SdkError):
    """The server answered with a redirect the client does not follow by its rules.

    ``status`` is the redirect's status and ``location`` where it pointed. The server
    did not act on the request (a redirect says so), and it was not sent again.
    """

    def __init__(self, message: str, status: int, location: str) -> None:
        super().__init__(message)
        self.status = status
        self.location = location


class TooManyRedirectsError(RedirectError):
    """More redirects in a row than the client follows (``MAX_REDIRECTS``)."""


class InsecureTransportError(SdkError):
    """Credentials would have gone over plain ``http://`` to a host other than this
    machine; nothing was sent. Use ``https://``, or ``allow_insecure_http=True``."""


class OAuth2TokenError(SdkError):
    """The OAuth2 token endpoint refused the client credentials or answered with
    something that is not a usable token; the API request was not sent.

    ``status`` is the token endpoint's status, ``error`` and ``error_description``
    the OAuth2 error it gave (RFC 6749, section 5.2), if any.
    """

    def __init__(self, message: str, response: httpx.Response) -> None:
        self.status = response.status_code
        self.error: str | None = None
        self.error_description: str | None = None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            if isinstance(payload.get("error"), str):
                self.error = payload["error"]
            if isinstance(payload.get("error_description"), str):
                self.error_description = payload["error_description"]
        detail = ": ".join(x for x in (self.error, self.error_description) if x)
        detail = printable(detail)
        text = f"{message} (token endpoint answered {self.status})"
        super().__init__(f"{text}: {detail}" if detail else text)


class ResponseDecodeError(Exception):
    """The request SUCCEEDED (the server answered 2xx and acted on it), but the body
    of its answer is not what the spec declares. Not an ``SdkError``: do not send the
    request again, it would be a second request.

    ``status``, ``headers``, ``body`` (raw bytes), ``content_type`` and
    ``http_response`` hold what came; ``field`` names the first field that failed, by
    its wire name (``segmentCount``, ``media[0]``), or is None.
    """

    succeeded = True

    def __init__(
        self, message: str, response: httpx.Response, field: str | None = None
    ) -> None:
        super().__init__(
            f"{message} (the request succeeded with status {response.status_code};"
            " do not send it again)"
        )
        self.status = response.status_code
        self.headers = response.headers
        self.body = response.content
        self.content_type = response.headers.get("content-type", "")
        self.field = field
        self.http_response = response


class ApiError(SdkError):
    """The server answered with an error status.

    ``error`` is the error body parsed into the model the spec declares for this
    status, or None when the spec declares none or the body does not match it;
    ``body`` holds the raw bytes (at most ``MAX_ERROR_BODY`` of them).
    """

    def __init__(
        self,
        response: httpx.Response,
        error: Any = None,
    ) -> None:
        self.status = response.status_code
        self.headers = response.headers
        self.body = response.content
        self.error = error
        self.request_id = response.headers.get("x-request-id") or response.headers.get(
            "request-id"
        )
        self.method = response.request.method
        self.url = str(safe_url(response.request.url))
        super().__init__(self._message())

    @property
    def status_code(self) -> int:
        """The same as ``status``."""
        return self.status

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asks to wait before the next request, if it says."""
        return retry_after_seconds(self.headers)

    def _message(self) -> str:
        reason = httpx.codes.get_reason_phrase(self.status) or "error"
        detail = ""
        if self.error is not None and hasattr(self.error, "model_dump"):
            detail = str(self.error.model_dump(exclude_none=True))
        elif self.body:
            detail = self.body[:500].decode("utf-8", "replace")
        text = f"{self.status} {reason} from {self.method} {self.url}"
        return f"{text}: {printable(detail)}" if detail else text


class UnexpectedStatusError(ApiError):
    """The server answered with a status the spec does not declare for this operation."""


def connection_error(error: httpx.TransportError, request: httpx.Request) -> SdkError:
    """The SDK error for a request that got no answer.

    The query string and any user info are left out of the URL, and so is httpx's
    text for a request it could not encode: it quotes the offending header value,
    which may be a credential.
    """
    where = f"{request.method} {safe_url(request.url)}"
    if isinstance(error, httpx.TimeoutException):
        return ApiTimeoutError(f"{where} timed out ({type(error).__name__})")
    if isinstance(error, (httpx.LocalProtocolError, httpx.UnsupportedProtocol)):
        return ApiConnectionError(
            f"{where} could not be sent: {type(error).__name__} (a header value with"
            " a character HTTP does not allow, such as a line break, or a URL of"
            " another scheme than http or https)"
        )
    return ApiConnectionError(f"{where} failed: {type(error).__name__}: {error}")


def safe_url(url: httpx.URL) -> httpx.URL:
    """``url`` without its query string and user info, which may hold secrets."""
    return url.copy_with(query=None, username=None, password=None)


# RFC 9110: delay-seconds is 1*DIGIT (any number of them); a fraction is tolerated.
_SECONDS = re.compile(r"\s*(\d+)(\.\d+)?\s*")


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The ``Retry-After`` header in seconds, whether given as seconds or an HTTP date;
    None when there is none or it is neither (``inf``, ``nan``, ``-1``, garbage). A
    number of more digits than a float holds is ``inf``: longer than any wait."""
    value = headers.get("retry-after")
    if not value:
        return None
    if _SECONDS.fullmatch(value):
        return float(value)  # "9" * 400 is inf, never an error
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None
