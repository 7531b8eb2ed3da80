"""The Python spelling of an operation: its method's signature, the annotations of its
parameters and body, and the decoders and paging of its operation table entry.

The model says what an operation takes and returns as types (``TypeRef``); this is
where the Python target writes them, when the templates lay the API modules out.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.model.bodies import DECODINGS
from generator.model.ir import (
    Enum,
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Response,
    TypeRef,
)
from generator.model.literals import literal
from generator.targets.python.annotations import annotation


def parameter_annotation(param: Parameter, enums: Mapping[str, Enum]) -> str:
    """The annotation of ``param`` in a method's signature: an enum's parameter also
    takes the enum's values as plain literals; an optional one takes None."""
    shape = param.type.shape
    enum = enums.get(shape.ref) if shape.kind == "enum" else None
    if enum is not None:
        values = tuple(m.wire_value for m in enum.members)
        shape = TypeRef("union", variants=(shape, TypeRef("literal", literals=values)))
    spelled = annotation(shape)
    return spelled if param.required else f"{spelled} | None"


def body_annotation(body: RequestBody) -> str:
    """The annotation of a request body: binary data is taken as ``FileContent``."""
    spelled = annotation(body.type.shape, upload=True)
    return spelled if body.required else f"{spelled} | None"


def signature(op: Operation, enums: Mapping[str, Enum]) -> tuple[str, ...]:
    """The method's parameters as written in its signature, ``*`` included: path
    parameters and a required body by position; everything else by keyword."""
    params, body = op.parameters, op.body

    def spelled(p: Parameter) -> str:
        return f"{p.py_name}: {parameter_annotation(p, enums)}"

    positional = [spelled(p) for p in params if p.location == "path"]
    if body is not None and body.required:
        positional.append(f"{body.py_name}: {body_annotation(body)}")
    keyword = [spelled(p) for p in params if p.required and p.location != "path"]
    if body is not None and not body.required:
        keyword.append(f"{body.py_name}: {body_annotation(body)} = None")
    keyword += [f"{spelled(p)} = None" for p in params if not p.required]
    return tuple(positional + (["*"] + keyword if keyword else []))


def decoder(response: Response | None) -> str:
    """The runtime ``Decoder`` expression of a response's body."""
    if response is None or response.kind == "none" or response.type is None:
        return "NO_CONTENT"
    args = [literal(DECODINGS[response.kind])]
    if response.kind == "json":
        args.append(annotation(response.decoded or response.type.shape))
    if response.others:
        if response.kind != "json":
            args.append("None")
        args.append(literal(dict(response.others)))
    return f"Decoder({', '.join(args)})"


def success_decoder(op: Operation) -> str:
    """The decoder of the operation's first success response."""
    return decoder(next((r for r in op.responses if 200 <= r.status_code < 300), None))


def body_type(op: Operation) -> str:
    """The type the operation table checks a JSON or form body as, or ""."""
    return annotation(op.body.type.shape) if op.body and op.checks_body else ""


def paging(pagination: Pagination) -> str:
    """The ``Paging(...)`` expression a paginated method is decorated with."""
    page, item = pagination.page_type.shape, pagination.item_type.shape
    return f"Paging[{annotation(page)}, {annotation(item)}]({pagination.code})"
