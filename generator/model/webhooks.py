"""Callbacks (OAS 3.0, an operation's ``callbacks``) and webhooks (OAS 3.1, top-level
``webhooks``) read into the intermediate model: what the API posts to its users' own
endpoints, how it is authenticated, and the payload's model.

``WebhookReader.read`` runs while the schemas are read (each payload becomes a model
like any response body); ``finish`` places their imports once the models are laid
out; ``webhook_docs.document`` fills the docs fields once the rest of the docs are
done.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from generator.findings import Finding, warning
from generator.model import examples, shapes
from generator.model import text as txt
from generator.model.ir import (
    TypeInfo,
    Webhook,
    WebhookAuth,
    WebhookExample,
    WebhookResponse,
)
from generator.model.names import Namer, pascal
from generator.model.schemas import SchemaRegistry, Where
from generator.model.types import plain

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Fields that name a payload's kind when it is one model with an enum field.
_KIND_FIELDS = ("type", "eventType", "event_type", "event", "kind")
_ALGORITHMS = ("sha1", "sha256", "sha512")
_ENCODINGS = ("hex", "base64")

Report = Callable[[Where, str, str], None]


class WebhookReader:
    """Reads every callback and webhook of a document into ``model.Webhook``s."""

    def __init__(
        self,
        doc: dict[str, Any],
        schemas: SchemaRegistry,
        root: Where,
        settings: Mapping[str, Mapping[str, Any]],
        warnings: list[Finding],
        problem: Report,
    ) -> None:
        self.doc = doc
        self.schemas = schemas
        self.root = root
        self.settings = settings
        self.warnings = warnings
        self.problem = problem
        self.pages = Namer()
        # Where a callback object was read from -> its webhooks, so that a callback
        # several operations share (one ``$ref``) is read once.
        self._read: dict[tuple[str, str], list[Webhook]] = {}
        self._order: list[tuple[str, str]] = []

    def read(
        self, registering: Iterable[tuple[Where, dict[str, Any]]]
    ) -> tuple[Webhook, ...]:
        """Every callback of the operations in ``registering`` (their place and
        object), the component callbacks no operation registers, and the document's
        webhooks."""
        for where, op in registering:
            for name, node in shapes.dict_of(op.get("callbacks")).items():
                self._callback(
                    str(name), node, where.child("callbacks", name), where.pointer
                )
        components = shapes.dict_of(self.doc.get("components"))
        for name, node in shapes.dict_of(components.get("callbacks")).items():
            where = self.root.child("components", "callbacks", name)
            self._callback(str(name), node, where, "")
        for name, item in shapes.dict_of(self.doc.get("webhooks")).items():
            where = self.root.child("webhooks", name)
            key = (str(where.file), where.pointer)
            item, item_where = self.schemas.deref(item, where)
            if isinstance(item, dict):
                self._order.append(key)
                self._read[key] = list(
                    self._path_item(str(name), "webhook", "", item, item_where, "")
                )
        # Settings naming no callback are likely a typo, unless the spec has none at
        # all: then they were written for another spec (``generate OTHER.yaml`` in a
        # project whose config declares its own callbacks).
        found = [w for key in self._order for w in self._read[key]]
        unknown = sorted(set(self.settings) - {w.name for w in found} - {"*"})
        for name in unknown if found else ():
            self.warnings.append(
                Finding(
                    None,
                    f"[tool.generator.webhooks.{name}]",
                    "no callback or webhook of that name (ignored)",
                    severity="warning",
                )
            )
        return tuple(found)

    def _callback(self, name: str, node: Any, where: Where, caller: str) -> None:
        target, target_where = self.schemas.deref(node, where)
        key = (str(target_where.file), target_where.pointer)
        if key in self._read:
            if caller:
                self._read[key] = [
                    (
                        replace(w, registered_by=(*w.registered_by, caller))
                        if caller not in w.registered_by
                        else w
                    )
                    for w in self._read[key]
                ]
            return
        if not isinstance(target, dict):
            return
        self._order.append(key)
        found: list[Webhook] = []
        for expression, item in target.items():
            item, item_where = self.schemas.deref(item, target_where.child(expression))
            if isinstance(item, dict):
                found += self._path_item(
                    name, "callback", str(expression), item, item_where, caller
                )
        self._read[key] = found

    def _path_item(
        self,
        name: str,
        kind: str,
        expression: str,
        item: dict[str, Any],
        where: Where,
        caller: str,
    ) -> Iterable[Webhook]:
        methods = [m for m in METHODS if isinstance(item.get(m), dict)]
        for method in methods:
            op = item[method]
            op_where = where.child(method)
            # One function per callback; a callback with several methods or URLs
            # gets one per method (and URL), named after them.
            suffix = "" if len(methods) == 1 else "_" + method
            body, body_where = self.schemas.deref(
                op.get("requestBody"), op_where.child("requestBody")
            )
            body = body if isinstance(body, dict) else {}
            media_type, media = _json_media(body.get("content"))
            if media is None:
                if body.get("content"):
                    self.warnings.append(
                        warning(
                            body_where,
                            f"the {kind} {name!r} posts no JSON body; "
                            "its parse function returns the raw bytes",
                        )
                    )
                payload = None
            else:
                schema = media.get("schema")
                hint = pascal(name) + (
                    "Payload"
                    if not isinstance(schema, dict) or "$ref" not in schema
                    else ""
                )
                schema_where = body_where.child("content", media_type, "schema")
                schema = schema if schema is not None else {}
                payload = self.schemas.type_of(schema, schema_where, hint)
            given = (
                self._examples(media, body_where.child("content", media_type))
                if media
                else ()
            )
            kind_field, kinds, samples = (
                self._kinds(payload, schema, schema_where)
                if payload and media
                else ("", (), {})
            )
            yield Webhook(
                name=name,
                kind="callback" if kind == "callback" else "webhook",
                expression=expression,
                method=method.upper(),
                label=name + suffix,
                page=self.pages.unique(op_where.pointer, pascal(name + suffix)),
                summary=txt.comment(op.get("summary")),
                description=txt.clean(op.get("description") or body.get("description")),
                payload=payload,
                media_type=media_type,
                required=bool(body.get("required")),
                responses=tuple(
                    WebhookResponse(
                        str(status), txt.clean(_description(self.schemas, r, op_where))
                    )
                    for status, r in shapes.dict_of(op.get("responses")).items()
                ),
                registered_by=(caller,) if caller else (),
                auth=self._auth(name, op, op_where),
                pointer=op_where.pointer,
                examples=given + _synthesised(given, kind_field, kinds, samples),
                kind_field=kind_field,
                kinds=kinds,
            )

    def _auth(self, name: str, op: dict[str, Any], where: Where) -> WebhookAuth | None:
        """How the API authenticates the request: the generator's settings for this
        callback (or ``*``), else the spec (``x-webhook-signature`` on the operation,
        or a ``security`` requirement naming an HTTP Basic scheme)."""
        setting = self.settings.get(name) or self.settings.get("*")
        if setting:
            return self._auth_from(
                setting, "config", where, f"[tool.generator.webhooks.{name}]"
            )
        signature = op.get("x-webhook-signature")
        if signature is not None and not isinstance(signature, dict):
            self.problem(
                where.child("x-webhook-signature"),
                "x-webhook-signature must be an object",
                "e.g. {header: X-Signature, algorithm: sha256, encoding: hex}",
            )
            return None
        if isinstance(signature, dict):
            return self._auth_from(
                {"auth": "hmac", **signature},
                "spec",
                where.child("x-webhook-signature"),
                "",
            )
        schemes = shapes.dict_of(
            shapes.dict_of(self.doc.get("components")).get("securitySchemes")
        )
        for requirement in shapes.list_of(op.get("security")):
            for key in shapes.dict_of(requirement):
                scheme, _ = self.schemas.deref(schemes.get(key), where)
                if (
                    isinstance(scheme, dict)
                    and scheme.get("type") == "http"
                    and str(scheme.get("scheme", "")).lower() == "basic"
                ):
                    return WebhookAuth("basic", "spec")
        self._warn_unchecked_signature(name, op, where)
        return None

    def _warn_unchecked_signature(
        self, name: str, op: dict[str, Any], where: Where
    ) -> None:
        """A signature header the spec describes only in words cannot be checked: how
        the signature is computed is not machine-readable. Say how to declare it."""
        for index, param in enumerate(shapes.list_of(op.get("parameters"))):
            param, _ = self.schemas.deref(param, where.child("parameters", index))
            if (
                isinstance(param, dict)
                and param.get("in") == "header"
                and "signature" in str(param.get("name", "")).lower()
            ):
                self.warnings.append(
                    warning(
                        where.child("parameters", index),
                        f"the header {param.get('name')!r} looks like a signature, but "
                        "nothing says how to check it; declare it with "
                        f"x-webhook-signature or [tool.generator.webhooks.{name}] to "
                        "have it verified",
                    )
                )

    def _auth_from(
        self, raw: Mapping[str, Any], source: str, where: Where, table: str
    ) -> WebhookAuth | None:
        place = table or where.pointer
        kind = raw.get("auth")
        if kind not in ("basic", "hmac", "none"):
            self.problem(
                where,
                f"{place}: auth {kind!r} is not 'basic', 'hmac' or 'none'",
                "see the README's section on callbacks and webhooks",
            )
            return None
        if kind == "none":
            return None
        if kind == "basic":
            return WebhookAuth("basic", source)
        header = raw.get("header")
        algorithm = str(raw.get("algorithm", "sha256")).lower()
        encoding = str(raw.get("encoding", "hex")).lower()
        prefix = raw.get("prefix", "")
        if not isinstance(header, str) or not header.strip():
            self.problem(
                where,
                f"{place}: an HMAC signature needs the `header` it is sent in",
                'e.g. header = "X-Signature"',
            )
            return None
        if (
            algorithm not in _ALGORITHMS
            or encoding not in _ENCODINGS
            or not isinstance(prefix, str)
        ):
            self.problem(
                where,
                f"{place}: algorithm {algorithm!r}, encoding {encoding!r} or prefix {prefix!r} is not supported",
                f"algorithm one of {', '.join(_ALGORITHMS)}; encoding one of {', '.join(_ENCODINGS)}; prefix a string",
            )
            return None
        return WebhookAuth("hmac", source, header.strip(), algorithm, encoding, prefix)

    def _kinds(
        self, payload: TypeInfo, schema: Any, where: Where
    ) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        """The field naming the payload's kind, its values, and a sample payload of
        each kind: a tagged union's discriminator and tags, else an enum field named
        like ``type`` of the payload's model and its values."""
        main = payload.refs[0] if payload.refs else ""
        union = self.schemas.unions.get(main)
        if union is not None:
            if not (union.tagged and union.discriminator):
                return "", (), {}
            schema, where = self.schemas.deref(schema, where)
            key = "oneOf" if isinstance(schema.get("oneOf"), list) else "anyOf"
            samples: dict[str, Any] = {}
            for index, option in enumerate(shapes.list_of(schema.get(key))):
                option_where = where.child(key, index)
                shape = plain(self.schemas.type_of(option, option_where, "").shape)
                tag = next(
                    (v.tag for v in union.variants if plain(v.type.shape) == shape), ""
                )
                if tag:
                    samples[tag] = examples.sample(self.schemas, option, option_where)
            return union.discriminator, tuple(v.tag for v in union.variants), samples
        model = self.schemas.models.get(main)
        if model is None:
            return "", (), {}
        for wanted in _KIND_FIELDS:
            prop = next((p for p in model.properties if p.wire_name == wanted), None)
            enum = (
                self.schemas.enums.get(prop.type.refs[0])
                if prop and prop.type.refs
                else None
            )
            if prop is not None and enum is not None:
                sample = examples.sample(self.schemas, schema, where)
                values = tuple(m.value for m in enum.members)
                return prop.wire_name, values, {value: sample for value in values}
        return "", (), {}

    def _examples(
        self, media: dict[str, Any], where: Where
    ) -> tuple[WebhookExample, ...]:
        result: list[WebhookExample] = []
        if "example" in media:
            result.append(WebhookExample("example", "", _json(media["example"]), False))
        for key, node in shapes.dict_of(media.get("examples")).items():
            node, _ = self.schemas.deref(node, where.child("examples", key))
            if isinstance(node, dict) and "value" in node:
                result.append(
                    WebhookExample(
                        str(key),
                        txt.comment(node.get("summary")),
                        _json(node["value"]),
                        False,
                    )
                )
        return tuple(result)


def _synthesised(
    given: tuple[WebhookExample, ...],
    field: str,
    kinds: tuple[str, ...],
    samples: Mapping[str, Any],
) -> tuple[WebhookExample, ...]:
    """An example of each kind the spec's examples leave out: for one model, its first
    example (else a sample of its schema) with the kind's value in ``field``; for a
    union, a sample of the kind's own model."""
    values = [json.loads(e.json) for e in given]
    # A list, not a set: an example's value there may be any JSON, lists included.
    covered = [v.get(field) for v in values if isinstance(v, dict)]
    one_model = len({id(v) for v in samples.values()}) == 1
    first = next((v for v in values if isinstance(v, dict)), None)
    result = []
    for kind in kinds:
        base = first if one_model and first is not None else samples.get(kind)
        if kind in covered or not isinstance(base, dict):
            continue
        value = _json({**base, field: kind})
        result.append(
            WebhookExample(kind, f"a {kind} payload (synthesised)", value, True)
        )
    return tuple(result)


# -- helpers -------------------------------------------------------------------------


def _json_media(content: Any) -> tuple[str, dict[str, Any] | None]:
    for media_type, media in shapes.dict_of(content).items():
        base = str(media_type).split(";")[0].strip().lower()
        if (base == "application/json" or base.endswith("+json")) and isinstance(
            media, dict
        ):
            return str(media_type), media
    return "", None


def _description(schemas: SchemaRegistry, node: Any, where: Where) -> str:
    node, _ = schemas.deref(node, where)
    return str(node.get("description", "")) if isinstance(node, dict) else ""


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=False, ensure_ascii=False, default=str)
