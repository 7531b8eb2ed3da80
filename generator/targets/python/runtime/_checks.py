"""A request checked against the spec before anything is sent.

Every parameter against its schema (kind, enum, bounds, lengths, pattern, item counts),
a body made into the type the spec declares (a dict becomes its model, so that models
and dicts are sent alike) and checked with everything it holds, and nothing that could
change what the request means on the wire: a path parameter that is empty or a dot
segment, a header value with a line break, a header whose spec name HTTP cannot carry.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ._errors import InvalidRequestError, SdkError
from ._models import Problem, problems
from ._rules import PLAIN
from ._settings import is_header_name

if TYPE_CHECKING:
    from ._operation import Operation, Request

# Path segments that URL resolution removes or climbs out of ("a/./b", "a/../b"):
# sent as they are, the request would go to another resource.
_DOT_SEGMENTS = frozenset({".", ".."})
_REFUSED_SEGMENTS = _DOT_SEGMENTS | {""}
_LINE_BREAKS = ("\r", "\n", "\0")


def check_request(request: Request[Any]) -> None:
    """Raise ``InvalidRequestError`` if the spec forbids ``request``; put a body given
    as a dict into its model."""
    op = request.operation
    found: list[Problem] = []
    for location, rules in op.rules.items():
        values = getattr(request, location)
        for wire, rule in rules.items():
            value = values.get(wire)
            # Most parameters are left out or pass at a glance; ``problems`` words
            # the error of the others.
            if value is None:
                if rule.required and not rule.nullable:
                    found += problems(value, rule, (wire,))
            elif not rule.quick(value):
                found += problems(value, rule, (wire,))
    for wire, value in request.path.items():
        if value is not None and text(value) in _REFUSED_SEGMENTS:
            found.append(
                {
                    "type": "value_error",
                    "loc": (wire,),
                    "input": value,
                    "ctx": {"error": "a path parameter may not be empty, '.' or '..'"},
                }
            )
    for wire, value in request.headers.items():
        if value is not None and not is_header_name(wire):
            found.append(
                {
                    "type": "value_error",
                    "loc": (wire,),
                    "input": "<hidden>",
                    "ctx": {"error": "the spec names this header as HTTP cannot carry"},
                }
            )
        elif value is not None and any(c in text(value) for c in _LINE_BREAKS):
            found.append(
                {
                    "type": "value_error",
                    "loc": (wire,),
                    "input": "<hidden>",
                    "ctx": {"error": "a header value may not hold a line break"},
                }
            )
    body = request.body
    if body is not None and op.body_kind != "none":
        request.media = body_media(op, body, _named_type(request))
    body_type = op.body_model_in(request.media[0]) if request.media else op.body_model
    if body_type is not None:
        if body is None:
            if op.body_required:
                found.append({"type": "missing", "loc": ("body",), "input": None})
        else:
            kind = request.media[1] if request.media else op.body_kind
            multipart = kind == "multipart"
            try:
                # Models are checked again as data: pydantic checks a model's values
                # when it is made, not when they are changed afterwards.
                checked = body_adapter(body_type).validate_python(
                    _data(_files_as_bytes(body) if multipart else body)
                )
            except ValidationError as error:
                found += [_located(e) for e in error.errors()]
            else:
                found += problems(checked, None, ("body",))
                if multipart:
                    found += _misplaced_files(body, checked)
                else:
                    request.body = checked  # a dict goes as its model
    if found:
        raise _refusal(op.operation_id, found)


def _data(value: Any) -> Any:
    """``value`` with every model in it as the data it holds (wire names, the fields
    that were set): what the body's type is then made from anew."""
    kind = type(value)
    if kind in PLAIN:
        return value  # most values: nothing in them to turn into data
    if isinstance(value, BaseModel):
        # By hand, not by model_dump: a value of the wrong type is what the check is
        # for (the serializer would warn), and a union variant's tag goes with it
        # even when left at its default (``__sdk_tag__``), as it is sent.
        names = value.model_fields_set
        tag = getattr(value, "__sdk_tag__", "")
        data = {
            wire: _data(getattr(value, name))
            for name, wire in _wire_names(type(value))
            if name in names or name == tag
        }
        for key, item in (value.__pydantic_extra__ or {}).items():
            data[key] = _data(item)
        return data
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    return value


@lru_cache(maxsize=1024)
def _wire_names(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Each field of ``model`` and the name it has on the wire, in their order."""
    return tuple(
        (name, info.serialization_alias or info.alias or name)
        for name, info in model.model_fields.items()
    )


def _files_as_bytes(body: Any) -> Any:
    """A multipart body given as a dict with its files as bytes, as its model types
    them: a file may be given as anything the encoder sends as a part (an open file,
    a ``(name, content, type)`` tuple), which is sent as it is, not as checked."""
    if not isinstance(body, dict):
        return body
    return {key: _file_as_bytes(value) for key, value in body.items()}


def _file_as_bytes(value: Any) -> Any:
    if isinstance(value, list):
        return [_file_as_bytes(item) for item in value]
    if is_file(value) and not isinstance(value, (bytes, bytearray)):
        return b""
    return value


def _misplaced_files(body: Any, checked: Any) -> list[Problem]:
    """The fields of a multipart dict given a file (sent as a file part) where the
    spec takes none: the file passed its check as bytes, which a string field takes
    too."""
    if not isinstance(body, dict) or not isinstance(checked, BaseModel):
        return []
    data = _data(checked)
    return [
        {
            "type": "value_error",
            "loc": ("body", key),
            "input": "<file>",
            "ctx": {"error": "a file where the spec takes none (give text as a str)"},
        }
        for key, value in body.items()
        if _holds_file(value) and not _holds_bytes(data.get(key))
    ]


def _holds_file(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(is_file(item) for item in items)


def _holds_bytes(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(isinstance(item, bytes) for item in items)


def _named_type(request: Request[Any]) -> str:
    """The Content-Type the call names (``content_type=``, or a request option's
    header), or ""."""
    named = request.headers.get("Content-Type")
    if named is None and request.options:
        given = request.options.get("headers") or {}
        named = next((v for k, v in given.items() if k.lower() == "content-type"), None)
    return named if isinstance(named, str) else ""


def body_media(op: Operation, body: Any, named: str) -> tuple[str, str]:
    """The media type and kind ``body`` goes in: the one ``named`` (the request's
    Content-Type) names, else the one whose type the body's model is (a form's model
    goes as that form), else the one the body's kind calls for when the spec offers
    it (multipart for a model holding a file, text for a ``str``, raw bytes for
    ``bytes`` or a file), else the spec's first choice."""
    if not op.bodies:
        return named or op.media_type, op.body_kind
    if named:
        kind = op.kind_named(named)
        if kind is not None:
            return named, kind
        raise SdkError(
            f"{op.operation_id}: the body cannot be sent as {named!r}; the spec "
            f"allows {', '.join(op.bodies)}"
        )
    if isinstance(body, (BaseModel, dict)):
        wanted = (
            "multipart" if any(is_file(v) for v in fields_of(body).values()) else ""
        )
    elif isinstance(body, str):
        wanted = "text"
    elif not isinstance(body, list):
        wanted = "binary"  # bytes, a file, an iterator of chunks
    else:
        wanted = ""
    if not wanted and isinstance(body, BaseModel):
        for media_type, make in op.body_types.items():
            if make() is type(body):
                return media_type, op.bodies[media_type]
    offered = [m for m, kind in op.bodies.items() if kind == wanted]
    if wanted == "binary" and len(offered) > 1:
        # Which of several file types it is, the file's name tells, or the caller.
        either = ("application/octet-stream", "*/*")
        return next((m for m in offered if m in either), ""), "binary"
    if offered:
        return offered[0], wanted
    return op.media_type, op.body_kind


def fields_of(body: Any) -> dict[str, Any]:
    """A form or multipart body's fields by wire name."""
    if isinstance(body, BaseModel):
        return body.model_dump(by_alias=True, exclude_unset=True, warnings=False)
    return dict(body)


def is_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, tuple)) or hasattr(value, "read")


def _located(error: Any) -> Problem:
    problem: Problem = {
        "type": error["type"],
        "loc": ("body", *error["loc"]),
        "input": error["input"],
    }
    if "ctx" in error:
        problem["ctx"] = error["ctx"]
    return problem


def _refusal(operation_id: str, found: list[Problem]) -> InvalidRequestError:
    """The error naming each problem, without the values (a header may be a secret)."""
    errors = ValidationError.from_exception_data(operation_id, found).errors()
    details = "; ".join(
        f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in errors
    )
    return InvalidRequestError(
        f"{operation_id}: not sent, the spec does not allow it: {details}"
    )


@lru_cache(maxsize=256)
def body_adapter(body_type: Any) -> TypeAdapter[Any]:
    """The validator and serializer of a body type, built once."""
    return TypeAdapter(body_type)


def text(value: Any) -> str:
    """One value as text; arrays and objects in the ``simple`` style (``a,b``, ``k,v``)."""
    if type(value) is str:
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, (list, tuple)):
        return ",".join(text(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k},{text(v)}" for k, v in value.items())
    return str(value)
