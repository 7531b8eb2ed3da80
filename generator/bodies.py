"""Request bodies and responses: their media types, types, decoders and error classes."""

from __future__ import annotations

import http
from collections.abc import Iterable
from typing import Any

from . import examples, shapes
from . import text as txt
from .literals import literal
from .model import BodyKind, ErrorClass, Header, RequestBody, Response, TypeInfo
from .names import BUILTIN_CLASSES, Namer, pascal
from .schemas import ANY, SchemaRegistry, Where

_BYTES = TypeInfo("bytes", "bytes", is_binary=True)
_STR = TypeInfo("str", "str")


class BodyReader:
    """Reads the bodies of one spec's operations, naming their inline schemas in
    ``schemas`` and reporting what the runtime cannot encode to ``warnings``."""

    def __init__(self, schemas: SchemaRegistry, warnings: list[str]) -> None:
        self.schemas = schemas
        self.warnings = warnings

    # -- requests ----------------------------------------------------------------

    def request_body(
        self, raw: Any, where: Where, op_name: str, names: Namer
    ) -> RequestBody | None:
        """The operation's request body, sent in its first JSON media type if any."""
        if raw is None:
            return None
        raw, where = self.schemas.deref(raw, where)
        content = raw.get("content") if isinstance(raw, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        media_types = tuple(str(m) for m in content)
        kinds = {
            m: self.media_kind(m, content[m], where.child("content", m))
            for m in media_types
        }
        media_type, kind = _request_media_type(media_types, kinds)
        media = content[media_type] if isinstance(content[media_type], dict) else {}
        schema_where = where.child("content", media_type, "schema")
        if kind == "binary":
            btype = _BYTES
            annotation = "FileContent"
            self._warn_if_structured(
                media, where.child("content", media_type), "sent as the bytes you pass"
            )
        elif kind == "text":
            btype, annotation = _STR, "str"
        else:
            btype = self.schemas.type_of(
                media.get("schema") or {}, schema_where, op_name + "_request"
            )
            annotation = btype.annotation
        required = bool(raw.get("required"))
        description = txt.clean(raw.get("description"))
        return RequestBody(
            py_name=names.unique("body", "body"),
            media_type=_binary_default(media_types, media_type) if kind == "binary" else media_type,
            media_types=media_types,
            kind=kind,
            type=btype,
            annotation=annotation if required else f"{annotation} | None",
            required=required,
            description=description,
            docs_description=txt.md_inline(description),
            example=examples.body_example(self.schemas, media, btype, schema_where),
        )

    def media_kind(self, media_type: str, media: Any, where: Where) -> BodyKind:
        """How the runtime encodes or decodes a body of this media type and schema."""
        schema = media.get("schema") if isinstance(media, dict) else None
        resolved, _ = self.schemas.deref(schema or {}, where.child("schema"))
        fmt = resolved.get("format") if isinstance(resolved, dict) else None
        base = media_type.split(";")[0].strip().lower()
        if fmt == "binary" or base == "application/octet-stream":
            return "binary"
        if base == "application/json" or base.endswith("+json"):
            return "json"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base.startswith("multipart/"):
            return "multipart"
        textual = (
            base.startswith("text/")
            or base == "application/xml"
            or base.endswith("+xml")
        )
        if (
            textual
            and isinstance(resolved, dict)
            and resolved.get("type") in (None, "string")
        ):
            return "text"
        return "binary"

    def _warn_if_structured(self, media: Any, where: Where, outcome: str) -> None:
        """A schema with structure under a media type the runtime cannot encode (XML
        objects, ...) is not silently dropped: the body is raw bytes, and says so."""
        schema = media.get("schema") if isinstance(media, dict) else None
        resolved, _ = self.schemas.deref(schema or {}, where.child("schema"))
        if isinstance(resolved, dict) and (
            "properties" in resolved or resolved.get("type") in ("object", "array")
        ):
            self.warnings.append(
                f"{where.pointer}: no encoder for this media type; {outcome}"
            )

    # -- responses ---------------------------------------------------------------

    def responses(
        self, raw: dict[str, Any], where: Where, op_name: str
    ) -> tuple[Response, ...]:
        """The operation's responses, in the order the spec lists them."""
        result = []
        for status, response in shapes.dict_of(raw).items():
            read = self._response(str(status), response, where, op_name)
            if read is not None:
                result.append(read)
        return tuple(result)

    def _response(
        self, status: str, raw: Any, where: Where, op_name: str
    ) -> Response | None:
        response, rwhere = self.schemas.deref(raw, where.child(status))
        if not isinstance(response, dict):
            return None
        code = status_code(status)
        content: dict[str, Any] = (
            response["content"] if isinstance(response.get("content"), dict) else {}
        )
        media_type, kind, rtype = self._response_payload(
            content, rwhere, f"{op_name}_response_{status}"
        )
        headers = self._headers(response.get("headers"), rwhere)
        description = txt.clean(response.get("description"))
        return Response(
            status,
            code,
            description,
            txt.md_inline(description),
            media_type,
            kind,
            rtype,
            headers,
            _error_class(status, code),
            decoder(kind, rtype),
            status_key(status),
        )

    def _response_payload(
        self, content: dict[str, Any], rwhere: Where, hint: str
    ) -> tuple[str, BodyKind, TypeInfo | None]:
        """The media type, kind and type a response is decoded as: its first JSON
        media type if any, else its first."""
        media_type = str(next(iter(content), ""))
        if not media_type:
            return media_type, "none", None
        kind = self.media_kind(
            media_type, content[media_type], rwhere.child("content", media_type)
        )
        json_type = next(
            (m for m in content if self.media_kind(m, content[m], rwhere) == "json"),
            None,
        )
        if json_type:
            media_type, kind = json_type, "json"
        schema = (
            (content[media_type] or {}).get("schema")
            if isinstance(content[media_type], dict)
            else None
        )
        if kind == "json":
            rtype = self.schemas.type_of(
                schema or {}, rwhere.child("content", media_type, "schema"), hint
            )
        elif kind == "text":
            rtype = _STR
        else:
            rtype = _BYTES
            self._warn_if_structured(
                content[media_type],
                rwhere.child("content", media_type),
                "returned as bytes",
            )
        return media_type, kind, rtype

    def _headers(self, raw: Any, rwhere: Where) -> tuple[Header, ...]:
        return tuple(
            Header(
                str(name),
                (
                    self.schemas.type_of(
                        (h or {}).get("schema") or {},
                        rwhere.child("headers", name, "schema"),
                        "Header",
                    )
                    if isinstance(h, dict)
                    else ANY
                ),
                txt.md_inline(
                    (h or {}).get("description") if isinstance(h, dict) else ""
                ),
            )
            for name, h in shapes.dict_of(raw).items()
        )


def error_classes(responses: Iterable[Response]) -> tuple[ErrorClass, ...]:
    """One error class for each 4xx and 5xx status the responses declare, by status."""
    codes = sorted({r.status_code for r in responses if r.status.isdigit() and r.status_code >= 400})
    return tuple(
        ErrorClass(code, error_class_name(code), reason(code)) for code in codes
    )


def error_class_name(code: int) -> str:
    """``NotFoundError`` for 404; ``Status599Error`` for a status without a phrase."""
    try:
        name = pascal(http.HTTPStatus(code).phrase)
    except ValueError:
        return f"Status{code}Error"
    name = name if name.endswith("Error") else name + "Error"
    # 501 would be ``NotImplementedError``, hiding the builtin wherever it is imported.
    return name.removesuffix("Error") + "ApiError" if name in BUILTIN_CLASSES else name


def reason(code: int) -> str:
    """The status's reason phrase, or ``HTTP 599`` for one without."""
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return f"HTTP {code}"


def status_code(status: str) -> int:
    """The code of a response key: ``404``, ``4XX`` -> 400, ``default`` -> 0."""
    if status.isdigit():
        return int(status)
    if len(status) == 3 and status[0].isdigit() and status[1:].upper() == "XX":
        return int(status[0]) * 100
    return 0


def status_key(status: str) -> str:
    """A response's key in the generated operation table: ``404``, ``"4XX"``, ``"default"``."""
    if status.isdigit():
        return str(int(status))
    if status_code(status):
        return literal(status.upper())
    return literal("default")


def decoder(kind: BodyKind, rtype: TypeInfo | None) -> str:
    """The runtime ``Decoder`` expression for a response body."""
    if kind == "json" and rtype is not None:
        return f'Decoder("json", {rtype.annotation})'
    if kind in ("binary", "text"):
        return 'Decoder("bytes")' if kind == "binary" else 'Decoder("text")'
    return "NO_CONTENT"


def _request_media_type(
    media_types: tuple[str, ...], kinds: dict[str, BodyKind]
) -> tuple[str, BodyKind]:
    """The media type a body is sent in, its first JSON one else its first, and the
    kind of that choice, which binary bodies keep whatever type they default to."""
    media_type = next((m for m in media_types if kinds[m] == "json"), media_types[0])
    kind = kinds[media_type]
    if kind == "binary":
        # A JSON media type declared with a binary schema is not the one to read.
        media_type = next((m for m in media_types if "json" not in m), media_type)
    return media_type, kind


def _binary_default(media_types: tuple[str, ...], chosen: str) -> str:
    """The Content-Type raw bytes are sent with when the caller names none and their
    file name tells none: the spec's, when it leaves no choice (one type, or any);
    else "", and the client asks the caller to name it rather than send a photo as
    audio/ogg."""
    others = [m for m in media_types if "json" not in m]
    if "application/octet-stream" in media_types or "*/*" in media_types:
        return "application/octet-stream"
    if len(others) > 1:
        return ""
    return chosen


def _error_class(status: str, code: int) -> str:
    """The exception a response raises: its status's class, or ``ApiError`` for the
    default response; a success raises none."""
    if code >= 400 and status.isdigit():
        return error_class_name(code)
    if status == "default" or code >= 400:
        return "ApiError"  # or the class of the status that came, if it has one
    return ""
