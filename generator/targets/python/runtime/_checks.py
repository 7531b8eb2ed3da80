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

from ._errors import InvalidRequestError
from ._models import Problem, problems
from ._settings import is_header_name

if TYPE_CHECKING:
    from ._operation import Request

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
    if op.body_model is not None:
        if request.body is None:
            if op.body_required:
                found.append({"type": "missing", "loc": ("body",), "input": None})
        else:
            try:
                # An instance of the body's model comes back from pydantic as it is
                # (it was validated when made); the checks below still look at it.
                if type(request.body) is not op.body_model:
                    adapter = body_adapter(op.body_model)
                    request.body = adapter.validate_python(request.body)
            except ValidationError as error:
                found += [_located(e) for e in error.errors()]
            else:
                found += problems(request.body, None, ("body",))
    if found:
        raise _refusal(op.operation_id, found)


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
