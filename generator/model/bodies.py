"""Request bodies and responses: their media types, types, decoders and error classes."""

from __future__ import annotations

import http
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.findings import Finding, not_generated, warning
from generator.model import examples, shapes
from generator.model import text as txt
from generator.model.ir import (
    BodyKind,
    ErrorClass,
    FieldEncoding,
    Header,
    RequestBody,
    Response,
    TypeInfo,
    TypeRef,
)
from generator.model.names import BUILTIN_CLASSES, pascal
from generator.model.schemas import ANY, SchemaRegistry, Where
from generator.model.types import plain, typed

_BYTES = typed(TypeRef("binary"))
_STR = typed(TypeRef("string"))
_EVENTS = typed(TypeRef("array", items=TypeRef("string"), event_stream=True))
# How the runtime reads each kind of response body.
DECODINGS: dict[BodyKind, str] = {
    "json": "json",
    "text": "text",
    "events": "events",
    "binary": "bytes",
    "form": "bytes",
    "multipart": "bytes",
}


@dataclass(frozen=True)
class _Payload:
    media_type: str
    kind: BodyKind
    type: TypeInfo | None
    # The type the body of ``media_type`` is read as, and how each other media type
    # it may come in is read.
    decoded: TypeRef | None
    others: tuple[tuple[str, str], ...]
    # The media types the response is decoded from, for the Accept header.
    accept: tuple[str, ...]


# The styles of the ``encoding`` object the runtime sends a form field in.
_FORM_STYLES = ("form", "deepObject", "spaceDelimited", "pipeDelimited")


class BodyReader:
    """Reads the bodies of one spec's operations, naming their inline schemas in
    ``schemas`` and reporting what the runtime cannot encode to ``warnings``."""

    def __init__(self, schemas: SchemaRegistry, warnings: list[Finding]) -> None:
        self.schemas = schemas
        self.warnings = warnings

    # -- requests ----------------------------------------------------------------

    def request_body(self, raw: Any, where: Where, op_name: str) -> RequestBody | None:
        """The operation's request body: every media type it lists, sent by default in
        its first JSON one if any, else its first; ``content_type=`` picks another."""
        if raw is None:
            return None
        raw, where = self.schemas.deref(raw, where)
        content = raw.get("content") if isinstance(raw, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        media_types = tuple(str(m) for m in content)
        kinds: dict[str, BodyKind] = {}
        for m in media_types:
            kind = self.media_kind(m, content[m], where.child("content", m))
            kinds[m] = "text" if kind == "events" else kind
        media_type, kind = _request_media_type(media_types, kinds)
        # One media type per kind: a second JSON type (say, ``application/merge-patch
        # +json`` beside ``application/json``) is sent like the first.
        chosen = {kind: media_type}
        for m in media_types:
            chosen.setdefault(kinds[m], m)
        types = {
            each_kind: self._request_annotation(
                content, each_type, each_kind, where, op_name, len(chosen) > 1
            )
            for each_kind, each_type in chosen.items()
        }
        btype = types[kind]
        distinct = {plain(t.shape): t for t in types.values()}
        if len(distinct) > 1:
            btype = typed(_union_shape(distinct.values()))
        required = bool(raw.get("required"))
        description = txt.clean(raw.get("description"))
        media = content[media_type] if isinstance(content[media_type], dict) else {}
        schema_where = where.child("content", media_type, "schema")
        encodings = {
            m: self._encoding(content[m], where.child("content", m), kinds[m])
            for m in chosen.values()
            if kinds[m] in ("form", "multipart")
        }
        return RequestBody(
            media_type=(
                _binary_default(media_types, media_type)
                if kind == "binary"
                else media_type
            ),
            media_types=media_types,
            kind=kind,
            type=btype,
            required=required,
            description=description,
            sample=examples.body_example(
                self.schemas, media, types[kind], schema_where
            ),
            choices=tuple(chosen.values()) if len(chosen) > 1 else (),
            types=(
                tuple((m, types[k]) for k, m in chosen.items())
                if len(chosen) > 1
                else ()
            ),
            kinds=tuple(kinds[m] for m in media_types),
            encodings=tuple((m, fields) for m, fields in encodings.items() if fields),
            example_json=(
                ""
                if kind == "binary"
                else examples.given_json(self.schemas, media, schema_where)
            ),
        )

    def _request_annotation(
        self,
        content: dict[str, Any],
        media_type: str,
        kind: BodyKind,
        where: Where,
        op_name: str,
        several: bool,
    ) -> TypeInfo:
        """The type a body of one media type is given as; the JSON one keeps the
        plain name (``op_request``), others are named for their kind."""
        media = content[media_type] if isinstance(content[media_type], dict) else {}
        if kind == "binary":
            self._warn_if_structured(
                media, where.child("content", media_type), "sent as the bytes you pass"
            )
            return _BYTES
        if kind == "text":
            return _STR
        hint = op_name + "_request"
        if several and kind != "json":
            hint += "_" + kind
        return self.schemas.type_of(
            media.get("schema") or {},
            where.child("content", media_type, "schema"),
            hint,
        )

    def _encoding(
        self, media: Any, where: Where, kind: BodyKind
    ) -> tuple[FieldEncoding, ...]:
        """How each property the media type's ``encoding`` object names is sent; the
        properties it does not name are sent in the default style."""
        raw = media.get("encoding") if isinstance(media, dict) else None
        result: list[FieldEncoding] = []
        for name, enc in shapes.dict_of(raw).items():
            if not isinstance(enc, dict):
                continue
            ewhere = where.child("encoding", name)
            style = enc.get("style", "form")
            if style not in _FORM_STYLES:
                self.warnings.append(
                    warning(
                        ewhere.child("style"),
                        f"style {style!r} is not supported in a form body; sent in style 'form'",
                    )
                )
                style = "form"
            if enc.get("headers"):
                self.warnings.append(
                    not_generated(ewhere.child("headers"), "per-part headers are")
                )
            result.append(
                FieldEncoding(
                    str(name),
                    style,
                    explode=bool(enc.get("explode", style == "form")),
                    content_type=str(enc.get("contentType") or ""),
                    allow_reserved=bool(enc.get("allowReserved")),
                )
            )
        return tuple(result)

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
        if base == "text/event-stream":
            return "events"
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
        if self._structured(media, where):
            self.warnings.append(
                not_generated(where, "the structure of this media type is", outcome)
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
        payload = self._response_payload(
            content, rwhere, f"{op_name}_response_{status}"
        )
        headers = self._headers(response.get("headers"), rwhere)
        description = txt.clean(response.get("description"))
        return Response(
            status,
            code,
            description,
            payload.media_type,
            payload.kind,
            payload.type,
            headers,
            _error_class(status, code),
            accept=payload.accept,
            decoded=payload.decoded,
            others=payload.others,
        )

    def _response_payload(
        self, content: dict[str, Any], rwhere: Where, hint: str
    ) -> _Payload:
        """How a response is decoded: by its first JSON media type if any, else its
        first; a media type of another kind (CSV beside JSON) is decoded too and its
        type joins the union returned, unless it is the same schema in another
        serialisation (XML beside JSON), which the client does not ask for."""
        if not content:
            return _Payload("", "none", None, None, (), ())
        kinds = {
            str(m): self.media_kind(str(m), content[m], rwhere.child("content", m))
            for m in content
        }
        media_type = next((m for m in kinds if kinds[m] == "json"), next(iter(kinds)))
        first_of_kind: dict[BodyKind, str] = {kinds[media_type]: media_type}
        for m, kind in kinds.items():
            first_of_kind.setdefault(kind, m)
        types: dict[BodyKind, TypeInfo] = {}
        for kind, m in first_of_kind.items():
            mwhere = rwhere.child("content", m)
            if (
                kind == "binary"
                and "json" in types
                and self._structured(content[m], mwhere)
            ):
                self.warnings.append(
                    not_generated(
                        mwhere,
                        "a decoder for this media type is",
                        f"the same data as {media_type}, which the client asks for",
                    )
                )
                continue
            types[kind] = self._payload_type(content, m, kind, mwhere, hint)
        accept = tuple(m for m in kinds if kinds[m] in types)
        kind = kinds[media_type]
        distinct = {plain(t.shape): t for t in types.values()}
        rtype = types[kind]
        if len(distinct) > 1:
            rtype = typed(_union_shape(distinct.values()))
        others = tuple((m, DECODINGS[kinds[m]]) for m in accept if kinds[m] != kind)
        return _Payload(media_type, kind, rtype, types[kind].shape, others, accept)

    def _payload_type(
        self,
        content: dict[str, Any],
        media_type: str,
        kind: BodyKind,
        where: Where,
        hint: str,
    ) -> TypeInfo:
        media = content[media_type]
        if kind == "json":
            schema = media.get("schema") if isinstance(media, dict) else None
            return self.schemas.type_of(schema or {}, where.child("schema"), hint)
        if kind == "text":
            return _STR
        if kind == "events":
            return _EVENTS
        self._warn_if_structured(media, where, "returned as bytes")
        return _BYTES

    def _structured(self, media: Any, where: Where) -> bool:
        schema = media.get("schema") if isinstance(media, dict) else None
        resolved, _ = self.schemas.deref(schema or {}, where.child("schema"))
        return isinstance(resolved, dict) and (
            "properties" in resolved or resolved.get("type") in ("object", "array")
        )

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
    codes = sorted(
        {
            r.status_code
            for r in responses
            if r.status.isdigit() and r.status_code >= 400
        }
    )
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


def _union_shape(types: Iterable[TypeInfo]) -> TypeRef:
    """The shape of a body sent or answered in one of several types (one per media
    type): an inline union of theirs."""
    return TypeRef("union", variants=tuple(t.shape for t in types))


def checked_bodies(body: RequestBody) -> tuple[tuple[str, TypeInfo], ...]:
    """The media types a body is checked in before sending, with its type in each:
    JSON, forms and multipart, whose type is more than "any value"; a whole-body file
    and text are not."""
    kinds = dict(zip(body.media_types, body.kinds, strict=True))
    offered = body.types or ((body.media_type, body.type),)
    return tuple(
        (media_type, info)
        for media_type, info in offered
        if kinds.get(media_type, body.kind) in ("json", "form", "multipart")
        and info.shape.kind != "any"
    )
