"""The SDK's public surface: what code written against the generated package can see.

``surface(api)`` flattens the intermediate model into plain JSON data keyed by the
names users write (``messages.create_message``, a model's fields by wire name) and
records, for every generated class, whether users send it (``request``), receive it
(``response``) or both. ``diff`` compares two surfaces; ``generate`` stores the last
one in the output folder so that the next run can tell what changed. Descriptions are
kept as short hashes: the diff only needs to know that they changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, Protocol

from generator.model.dump import neutral
from generator.model.ir import (
    Api,
    ApiGroup,
    Enum,
    Model,
    Operation,
    Parameter,
    Property,
    TypeRef,
    Union,
    Webhook,
)

# Bumped whenever the layout below changes; a stored surface of another format is
# ignored rather than misread. Types are stored twice: as users read them (``type``,
# for the changelog) and as ``TypeRef`` trees (``shape``), which the diff compares; a
# surface stored before trees were is compared by its ``type`` text.
FORMAT = 1
_NONE = TypeRef("null")
_BYTES = TypeRef("binary")

Surface = dict[str, Any]


class Spelling(Protocol):
    """How the SDK's language writes what users read: a type (``upload``: a request
    body, which may take a file), and the names of its parts; the surface records them
    as users read them. Each target gives its own (the Python target's
    ``PYTHON_SPELLING``): versioning depends on the model only."""

    # The name of the argument taking an operation's request body.
    body_argument: str

    def __call__(self, shape: TypeRef, *, upload: bool = False) -> str: ...

    def errors(self, api: Api) -> tuple[str, ...]:
        """The SDK's error classes."""
        ...

    def webhook_functions(self, webhooks: tuple[Webhook, ...]) -> Mapping[str, str]:
        """The function parsing each webhook, by its pointer."""
        ...

    def credential_params(self, api: Api) -> Mapping[str, tuple[str, ...]]:
        """The client's credential arguments of each security scheme, by its key."""
        ...

    def value(self, json_text: str) -> str:
        """A JSON value (a default) as the SDK's language writes it; "" for none."""
        ...

    def operation_paths(self, groups: tuple[ApiGroup, ...]) -> Mapping[str, str]:
        """Each operation as users reach it from the client
        (``messages.create_message``), by its pointer."""
        ...

    def parameter_names(self, op: Operation) -> Mapping[tuple[str, str], str]:
        """Each parameter's argument of the operation's method, by its location and
        wire name."""
        ...

    def field_names(self, model: Model) -> Mapping[str, str]:
        """Each property's attribute of the model's class, by its wire name."""
        ...


def surface(api: Api, spell: Spelling) -> Surface:
    """The public surface of the SDK generated from ``api``, as JSON-ready data, its
    types written by ``spell``."""
    classes: dict[str, Any] = {}
    types = _Types(spell)
    classes.update((m.name, _model(m, spell, types)) for m in api.models)
    classes.update((e.name, _enum(e)) for e in api.enums)
    classes.update((u.name, _union(u, spell)) for u in api.unions)
    for name, directions in _directions(api).items():
        classes[name]["directions"] = directions
    functions = spell.webhook_functions(api.webhooks)
    credentials = spell.credential_params(api)
    paths = spell.operation_paths(api.groups)
    return {
        "format": FORMAT,
        "title": api.title,
        "spec_version": api.version,
        "doc": doc_hash(api.description),
        "servers": [server.url for server in api.servers],
        "auth": {
            s.key: {
                "kind": s.kind,
                "params": list(credentials[s.key]),
                "doc": doc_hash(s.description),
            }
            for s in api.security_schemes
        },
        "errors": list(spell.errors(api)),
        "operations": {
            paths[op.pointer]: _operation(op, spell, types)
            for group in api.groups
            for op in group.operations
        },
        "classes": {name: classes[name] for name in sorted(classes)},
        "webhooks": {
            f"webhooks.{functions[w.pointer]}": _webhook(w, spell, paths)
            for w in api.webhooks
        },
    }


def doc_hash(*texts: str) -> str:
    """A short fingerprint of documentation text; empty text stays empty."""
    joined = "\n".join(t for t in texts if t)
    return hashlib.sha256(joined.encode()).hexdigest()[:16] if joined else ""


class _Types:
    """Each type's spelling and tree (``neutral``), worked out once per ``TypeRef``
    object: the fields and parameters of one primitive type share theirs (the model's
    constants). Their trees are shared as well: nothing changes a surface once made."""

    def __init__(self, spell: Spelling) -> None:
        self._spell = spell
        # By id(), holding the type so that its id is not another's meanwhile.
        self._seen: dict[int, tuple[TypeRef, str, Any]] = {}

    def __call__(self, shape: TypeRef) -> tuple[str, Any]:
        if id(shape) not in self._seen:
            self._seen[id(shape)] = (shape, self._spell(shape), neutral(shape))
        _, spelled, tree = self._seen[id(shape)]
        return spelled, tree


def _operation(op: Operation, spell: Spelling, types: _Types) -> dict[str, Any]:
    # Path parameters and a required body are passed by position.
    names = spell.parameter_names(op)
    positional = [
        names[p.location, p.wire_name] for p in op.parameters if p.location == "path"
    ]
    if op.body is not None and op.body.required:
        positional.append(spell.body_argument)
    return {
        "method": op.method,
        "path": op.path,
        "server": op.server_url,
        "deprecated": op.deprecated,
        "doc": doc_hash(op.summary, op.description),
        "positional": positional,
        "params": {
            f"{p.location}:{p.wire_name}": _parameter(
                p, names[p.location, p.wire_name], spell, types
            )
            for p in op.parameters
        },
        "body": (
            None
            if op.body is None
            else {
                "name": spell.body_argument,
                "type": spell(op.body.type.shape, upload=True).removesuffix(" | None"),
                "shape": neutral(replace(op.body.type.shape, nullable=False)),
                "required": op.body.required,
                "media_type": op.body.media_type,
                "doc": doc_hash(op.body.description),
            }
        ),
        "returns": spell(op.success_type.shape),
        "returns_shape": neutral(op.success_type.shape),
        "responses": {
            r.status: {
                "type": spell(r.type.shape) if r.type else "None",
                "shape": neutral(r.type.shape if r.type else _NONE),
                "error": r.error_class,
                "doc": doc_hash(r.description),
            }
            for r in op.responses
        },
        "security": sorted(" + ".join(sorted(req)) for req in op.security),
        "pages": spell(op.pagination.item_type.shape) if op.pagination else "",
        "pages_shape": (
            neutral(op.pagination.item_type.shape) if op.pagination else None
        ),
    }


def _webhook(
    hook: Webhook, spell: Spelling, paths: Mapping[str, str]
) -> dict[str, Any]:
    return {
        "name": hook.name,
        "kind": hook.kind,
        "method": hook.method,
        "expression": hook.expression,
        "payload": spell(hook.payload.shape) if hook.payload else "bytes",
        "payload_shape": neutral(hook.payload.shape if hook.payload else _BYTES),
        "auth": hook.auth.kind if hook.auth else "",
        "registered_by": [paths[p] for p in hook.registered_by],
        "doc": doc_hash(hook.summary, hook.description),
    }


def _parameter(
    p: Parameter, name: str, spell: Spelling, types: _Types
) -> dict[str, Any]:
    spelled, tree = types(p.type.shape)
    return {
        "name": name,
        "type": spelled,
        "shape": tree,
        "required": p.required,
        "deprecated": p.deprecated,
        "default": spell.value(p.default_json),
        "doc": doc_hash(p.description),
    }


def _model(model: Model, spell: Spelling, types: _Types) -> dict[str, Any]:
    names = spell.field_names(model)
    return {
        "kind": "model",
        "doc": doc_hash(model.description),
        "fields": {
            p.wire_name: _field(p, names[p.wire_name], spell, types)
            for p in model.properties
        },
    }


def _field(p: Property, name: str, spell: Spelling, types: _Types) -> dict[str, Any]:
    spelled, tree = types(p.type.shape)
    return {
        "name": name,
        "type": spelled,
        "shape": tree,
        "required": p.required,
        "nullable": p.nullable,
        "default": spell.value(p.default_json),
        "doc": doc_hash(p.description),
    }


def _enum(enum: Enum) -> dict[str, Any]:
    return {
        "kind": "enum",
        "doc": doc_hash(enum.description),
        "base": enum.base,
        "values": [m.value for m in enum.members],
    }


def _union(union: Union, spell: Spelling) -> dict[str, Any]:
    return {
        "kind": "union",
        "doc": doc_hash(union.description),
        "variants": [spell(v.type.shape) for v in union.variants],
        "variant_shapes": [neutral(v.type.shape) for v in union.variants],
        "discriminator": union.discriminator,
    }


def _directions(api: Api) -> dict[str, list[str]]:
    """Which way each class travels: sent by users, received by them, or both.

    Classes no operation reaches are schemas users decode themselves (callbacks,
    webhooks), so they count as received.
    """
    edges = {m.name: m.refs for m in api.models}
    edges.update((u.name, u.refs) for u in api.unions)
    operations = [op for group in api.groups for op in group.operations]
    sent = _reach(
        edges, (r for op in operations for p in op.parameters for r in p.type.refs)
    )
    sent |= _reach(
        edges, (r for op in operations if op.body for r in op.body.type.refs)
    )
    received = _reach(
        edges,
        (
            r
            for op in operations
            for resp in op.responses
            if resp.type
            for r in resp.type.refs
        ),
    )
    # Callback and webhook payloads are received like responses.
    received |= _reach(
        edges, (r for hook in api.webhooks if hook.payload for r in hook.payload.refs)
    )
    names = [*edges, *(e.name for e in api.enums)]
    received |= {name for name in names if name not in sent and name not in received}
    return {
        name: [
            d
            for d, found in (("request", sent), ("response", received))
            if name in found
        ]
        for name in names
    }


def _reach(edges: dict[str, tuple[str, ...]], roots: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(edges.get(name, ()))
    return seen
