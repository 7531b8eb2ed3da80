"""How a ``Request`` becomes an ``httpx.Request``: URL, query string, headers, body.

Plain functions without state, used by the sync and the async client alike.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import AsyncIterator, Mapping
from functools import lru_cache
from types import NoneType
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
from pydantic import BaseModel
from pydantic_core import to_json

from ._checks import body_adapter, body_media, fields_of, is_file, text
from ._errors import SdkError
from ._models import SdkModel, left_out
from ._operation import Encoding, Operation, Request

#: Bytes read from a file at a time when it is sent from an ``AsyncClient``.
CHUNK_SIZE = 64 * 1024


def build_request(
    request: Request[Any],
    *,
    base_url: str | None,
    headers: Mapping[str, str],
    timeout: httpx.Timeout,
    is_async: bool,
    body_start: int | None,
) -> httpx.Request:
    """The HTTP request for ``request``; ``body_start`` is where a file body begins."""
    op = request.operation
    server = base_url or op.server
    if not server:
        raise SdkError(
            f"{op.operation_id}: the spec declares no server for it; "
            "pass base_url to the client"
        )
    path = op.path
    for name, value in request.path.items():
        # Every character but the unreserved ones is escaped ("/" "?" "#" "%" too), so
        # that a value stays one segment; "." and ".." were refused by check_request.
        path = path.replace("{" + name + "}", quote(text(value), safe=""))
    # The headers as a list of (name, value) that httpx takes as it is: building and
    # changing an ``httpx.Headers`` was half the cost of a request.
    pairs: HeaderPairs = [
        (name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()
    ]
    if op.accept and not any(name.lower() == b"accept" for name, _ in pairs):
        pairs.append((b"Accept", op.accept.encode("ascii")))
    for name, value in request.headers.items():
        if value is not None:
            _put(pairs, name, text(value))
    if request.cookies:
        cookie = "; ".join(
            f"{k}={quote(text(v))}" for k, v in request.cookies.items() if v is not None
        )
        _put(pairs, "Cookie", cookie)
    content, data, files = _encode_body(request, pairs, is_async, body_start)
    url, netloc = _target(server + path)
    params = _encode_query(op, request.query) or None
    extensions = {"timeout": timeout.as_dict()}
    if data is None and files is None and isinstance(content, (bytes, str, NoneType)):
        return value_request(op.method, url, params, pairs, content, extensions, netloc)
    return httpx.Request(
        op.method,
        url,
        params=params,
        headers=pairs,
        content=content,
        data=data,
        files=files,
        extensions=extensions,
    )


HeaderPairs = list[tuple[bytes, bytes]]


def _put(pairs: HeaderPairs, name: str, value: str) -> None:
    """Set header ``name`` as ``httpx.Headers`` item assignment does: in the place of
    the first header of that name (any case), the others of that name removed."""
    key = name.encode()
    lower = key.lower()
    found = [i for i, (k, _) in enumerate(pairs) if k.lower() == lower]
    for i in reversed(found[1:]):
        del pairs[i]
    if found:
        pairs[found[0]] = (key, value.encode())
    else:
        pairs.append((key, value.encode()))


def _get(pairs: HeaderPairs, name: bytes) -> str:
    """The value of header ``name`` (lower case), as ``httpx.Headers.get`` gives it."""
    return ", ".join(v.decode() for k, v in pairs if k.lower() == name)


def value_request(
    method: str,
    url: httpx.URL,
    params: QueryPairs | None,
    pairs: HeaderPairs,
    content: bytes | str | None,
    extensions: dict[str, Any],
    netloc: bytes,
) -> httpx.Request:
    """``httpx.Request(content=content)`` with the same headers in the same order
    (``Host`` (``url``'s ``netloc``) and ``Content-Length`` added as httpx adds them),
    built without the header lookups and copies httpx makes on the way."""
    body = content.encode() if isinstance(content, str) else content or b""
    names = {k.lower() for k, _ in pairs}
    if body and b"content-length" not in names:
        pairs.append((b"Content-Length", str(len(body)).encode()))
        names.add(b"content-length")
    first: HeaderPairs = []
    if b"host" not in names and url.host:
        first.append((b"Host", netloc))
    if (
        b"content-length" not in names
        and b"transfer-encoding" not in names
        and method.upper() in ("POST", "PUT", "PATCH")
    ):
        first.append((b"Content-Length", b"0"))
    http_request = httpx.Request(
        method,
        url,
        params=params,
        headers=first + pairs,
        stream=httpx.ByteStream(body),
        extensions=extensions,
    )
    http_request.read()
    return http_request


@lru_cache(maxsize=1024)
def _target(text: str) -> tuple[httpx.URL, bytes]:
    """``text`` parsed once, and the ``Host`` header it calls for: httpx checks every
    character of each URL it parses, and most calls go to a few URLs again and again.
    (``httpx.URL`` is immutable.)"""
    url = httpx.URL(text)
    return url, url.netloc


#: Bodies that are values, not files or streams.
_VALUES = (bytes, bytearray, str, BaseModel, dict, list)


def replayable(body: Any) -> bool:
    """Whether the body can be sent again: values and seekable files can, iterators not."""
    if body is None or isinstance(body, _VALUES):
        return True
    seekable = getattr(body, "seekable", None)
    return bool(seekable and seekable())


def body_position(body: Any) -> int | None:
    """Where a seekable file body starts, so that a retry sends the same bytes."""
    if body is None or isinstance(body, _VALUES):
        return None  # a model with a field named "read" is no file either
    if hasattr(body, "read") and replayable(body):
        position: int = body.tell()
        return position
    return None


QueryPairs = list[tuple[str, str | int | float | bool | None]]


def _encode_query(op: Operation, query: Mapping[str, Any]) -> QueryPairs:
    pairs: QueryPairs = []
    for name, value in query.items():
        if value is None:
            continue
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(value, (list, tuple)):
            delimiter = op.delimiters.get(name) or (
                "," if name in op.unexploded else ""
            )
            if delimiter:
                pairs.append((name, delimiter.join(text(v) for v in value)))
            else:
                pairs.extend((name, text(v)) for v in value)
        elif isinstance(value, dict):
            if name in op.deep_object:
                pairs.extend((f"{name}[{_key(k)}]", text(v)) for k, v in value.items())
            elif name in op.unexploded:
                pairs.append((name, text(value)))
            else:
                pairs.extend((str(k), text(v)) for k, v in value.items())
        else:
            pairs.append((name, text(value)))
    return pairs


def _encode_body(
    request: Request[Any],
    headers: HeaderPairs,
    is_async: bool,
    body_start: int | None,
) -> tuple[Any, Any, Any]:
    """``content``, ``data`` and ``files`` for httpx, by the body's media type."""
    op, body = request.operation, request.body
    if body is None or op.body_kind == "none":
        return None, None, None
    media_type, kind = request.media or body_media(
        op, body, _get(headers, b"content-type")
    )
    if kind == "json":
        _put(headers, "Content-Type", media_type)
        # None given for a field that is not nullable is left out, in models and in
        # dicts alike (check_request made dicts into their models).
        if isinstance(body, SdkModel):
            excluded: Any = left_out(body) or None
            # The serializer model_dump_json calls, for the bytes it makes: the text
            # model_dump_json decodes them into would be encoded again to be sent.
            content = body.__pydantic_serializer__.to_json(
                body, by_alias=True, exclude_unset=True, exclude=excluded
            )
            return content, None, None
        if op.body_model is not None:
            adapter = body_adapter(op.body_model)
            excluded = left_out(body) or None
            content = adapter.dump_json(
                body, by_alias=True, exclude_unset=True, exclude=excluded
            )
            return content, None, None
        return to_json(body, by_alias=True, exclude_none=True), None, None
    encoding = op.encoding.get(media_type, {})
    if kind == "form":
        _put(headers, "Content-Type", media_type)
        return _form(fields_of(body), encoding), None, None
    if kind == "multipart":
        # httpx writes the Content-Type itself, with the parts' boundary.
        headers[:] = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        return None, None, _multipart(fields_of(body), encoding)
    # Raw bytes or text: the caller's Content-Type, else the file's, else the spec's
    # when it allows only one.
    if not any(k.lower() == b"content-type" for k, _ in headers):
        media_type = _guess_type(body) or media_type
        if not media_type:
            raise SdkError(
                f"{op.operation_id}: the body's media type is unknown; name it (the "
                "Content-Type header, e.g. content_type=...) or send a file whose "
                "name tells it"
            )
        _put(headers, "Content-Type", media_type)
    return _raw_content(body, headers, is_async, body_start), None, None


#: What ``allowReserved`` leaves unescaped in a form value: RFC 3986's reserved
#: characters but for those that would change the form's meaning (``&``, ``=``,
#: ``+``, ``#``).
_RESERVED = "!$'()*,;:/?[]@"
_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}
_DEFAULT = Encoding()


def _form(fields: Mapping[str, Any], encoding: Mapping[str, Encoding]) -> bytes:
    """An ``application/x-www-form-urlencoded`` body, each field in its encoding."""
    out = []
    for name, value in fields.items():
        if value is None:
            continue
        enc = encoding.get(name, _DEFAULT)
        safe = _RESERVED if enc.allow_reserved else ""
        for key, value_text in _form_pairs(name, value, enc):
            out.append(
                quote_plus(key, safe="[]") + "=" + quote_plus(value_text, safe=safe)
            )
    return "&".join(out).encode()


def _form_pairs(name: str, value: Any, enc: Encoding) -> list[tuple[str, str]]:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if "json" in enc.content_type and isinstance(value, (dict, list, tuple)):
        return [(name, to_json(value).decode())]
    if enc.style == "deepObject" and isinstance(value, (dict, list, tuple)):
        return _deep(name, value)
    if isinstance(value, dict):
        if enc.explode:
            return [(str(k), text(v)) for k, v in value.items() if v is not None]
        return [(name, text(value))]
    if isinstance(value, (list, tuple)):
        delimiter = "" if enc.explode else _DELIMITERS.get(enc.style, ",")
        if delimiter:
            return [(name, delimiter.join(text(v) for v in value))]
        return [(name, text(v)) for v in value]
    return [(name, text(value))]


def _deep(prefix: str, value: Any) -> list[tuple[str, str]]:
    """``deepObject``: ``address[city]=X``, nested as deep as the value goes, arrays by
    index (``items[0][price]=...``), as the APIs that use this style read it."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return [(prefix, text(value))]
    pairs = []
    for key, item in items:
        if item is not None:
            pairs.extend(_deep(f"{prefix}[{_key(key)}]", item))
    return pairs


def _key(key: Any) -> str:
    """A deepObject key with its ``%``, ``[`` and ``]`` percent-encoded, so that a key
    like ``p][role`` stays one key and cannot add a level (``meta[p][role]``)."""
    name = str(key)
    if "[" in name or "]" in name or "%" in name:
        name = name.replace("%", "%25").replace("[", "%5B").replace("]", "%5D")
    return name


def _multipart(
    fields: Mapping[str, Any], encoding: Mapping[str, Encoding]
) -> list[tuple[str, Any]]:
    """The parts of a ``multipart/form-data`` body, in the fields' order: files with
    the part's Content-Type, objects as JSON parts, an array as one part per item.
    Text fields are parts without a file name, which is how httpx sends a multipart
    body even when it holds no file."""
    parts: list[tuple[str, Any]] = []
    for name, value in fields.items():
        if value is None:
            continue
        enc = encoding.get(name, _DEFAULT)
        # A part's declared type when it names one; a list (``image/png, image/
        # jpeg``) or a range leaves it to the file's name.
        single = enc.content_type if "," not in enc.content_type else ""
        single = "" if "*" in single else single
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                item = item.model_dump(mode="json", by_alias=True, exclude_unset=True)
            if is_file(item):
                parts.append((name, _file_part(name, item, single)))
            elif isinstance(item, (dict, list)):
                part = to_json(item, by_alias=True)
                parts.append((name, (None, part, single or "application/json")))
            elif single and not single.startswith("text/plain"):
                parts.append((name, (None, text(item).encode(), single)))
            else:
                parts.append((name, (None, text(item).encode())))
    return parts


def _file_part(name: str, value: Any, content_type: str) -> Any:
    """A file part as httpx takes it: (file name, content, Content-Type or None)."""
    if isinstance(value, tuple):
        if content_type and len(value) == 2:
            return (*value, content_type)
        return value
    if isinstance(value, (bytes, bytearray)):
        return (name, bytes(value), content_type or None)
    filename = os.path.basename(str(getattr(value, "name", name)))
    return (filename, value, content_type or None)


def _raw_content(
    body: Any, headers: HeaderPairs, is_async: bool, body_start: int | None
) -> Any:
    if isinstance(body, (bytes, bytearray, str)):
        return body
    if body_start is not None:
        # A file sends what lies after where it stood when the call began.
        _put(headers, "Content-Length", str(body.seek(0, 2) - body_start))
        body.seek(body_start)
    if hasattr(body, "__aiter__"):
        if not is_async:
            raise SdkError("an async iterable body can only be sent by an AsyncClient")
        return body
    if not is_async:
        return body  # httpx reads files in chunks and iterators as they come
    return _async_chunks(body)


async def _async_chunks(body: Any) -> AsyncIterator[bytes]:
    """A file or an iterator of chunks as an async stream, which AsyncClient needs."""
    if hasattr(body, "read"):
        while chunk := body.read(CHUNK_SIZE):
            yield chunk
    else:
        for chunk in body:
            yield chunk


def _guess_type(body: Any) -> str | None:
    name = getattr(body, "name", None)
    return mimetypes.guess_type(name)[0] if isinstance(name, str) else None
