"""Checking what a caller configures (timeouts, retries, headers, the base URL) when a
client is made or a call given options, before anything is sent."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import httpx

from ._auth import header_safe
from ._errors import (
    InvalidRequestError,
    SdkError,
    safe_url,
)
from ._types import RequestOptions

# RFC 9110 token: what a header name may hold.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


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


def is_header_name(name: object) -> bool:
    """Whether ``name`` is an HTTP token, the only header names HTTP can carry."""
    return isinstance(name, str) and _TOKEN.fullmatch(name) is not None


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
        if not is_header_name(name):
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


def merged_headers(
    base: Mapping[str, str], extra: Mapping[str, str] | None
) -> dict[str, str]:
    """``base`` with ``extra`` on top. Header names are case-insensitive, so a header
    of ``extra`` replaces the one of ``base`` with the same name, whatever its case."""
    replaced = {name.lower() for name in extra or {}}
    kept = {k: v for k, v in base.items() if k.lower() not in replaced}
    return {**kept, **(extra or {})}


def checked_base_url(base_url: str | None) -> str | None:
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
