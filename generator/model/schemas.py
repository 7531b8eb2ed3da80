"""Turn JSON schemas into resolved types, models, enums and unions.

A schema reached through ``$ref`` becomes a named class once, whatever the number of
references; an inline object or enum is named after where it sits. Cycles between
schemas are fine: a class is registered before its properties are read.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from generator.errors import SpecError
from generator.findings import Finding, warning
from generator.load.pointers import escape, unescape
from generator.load.spec import Spec
from generator.model import shapes
from generator.model import text as txt
from generator.model.ir import (
    Enum,
    EnumMember,
    Model,
    Property,
    TypeInfo,
    TypeRef,
    Union,
    UnionVariant,
)
from generator.model.limits import limits_of
from generator.model.names import (
    RESERVED_CLASSES,
    Namer,
    pascal,
    unshadowed,
)
from generator.model.types import class_of, plain, typed
from generator.model.words import split_words

ANY = typed(TypeRef("any"))
NONE = typed(TypeRef("null"))
MAP_OF_ANY = typed(TypeRef("map", values=TypeRef("any")))
_PRIMITIVES = {
    ("string", "date-time"): typed(TypeRef("datetime", "date-time")),
    ("string", "date"): typed(TypeRef("date", "date")),
    ("string", "binary"): typed(TypeRef("binary", "binary")),
    ("string", ""): typed(TypeRef("string")),
    ("integer", ""): typed(TypeRef("integer")),
    ("number", ""): typed(TypeRef("number")),
    ("boolean", ""): typed(TypeRef("boolean")),
}
_CONSTRAINTS = (
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
)
_CONSTRAINT_KEYS = frozenset(_CONSTRAINTS)


@dataclass(slots=True)
class Where:
    """A position in the spec: the file and the JSON pointer of a node."""

    file: Path
    pointer: str

    def child(self, *tokens: object) -> Where:
        pointer = self.pointer
        for token in tokens:
            pointer += "/" + escape(token)
        return Where(self.file, pointer)


@dataclass
class SchemaRegistry:
    spec: Spec
    class_names: Namer = field(default_factory=lambda: Namer(RESERVED_CLASSES))
    models: dict[str, Model] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    unions: dict[str, Union] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)
    _by_location: dict[tuple[Path, str], TypeInfo] = field(default_factory=dict)
    _order: list[str] = field(default_factory=list)
    # Classes named but not yet filled in, see type_of().
    _pending: deque[Callable[[], None]] = field(default_factory=deque)
    _component_names: set[str] | None = None
    # Where each $ref leads (see _follow), by the $ref and the file it is written in.
    _followed: dict[tuple[str, Path], tuple[Any, Where, str]] = field(
        default_factory=dict
    )

    # -- entry points -----------------------------------------------------------

    def type_of(self, schema: Any, where: Where, hint: str) -> TypeInfo:
        """The type of ``schema`` found at ``where``; ``hint`` names inline classes.

        The classes it names are complete when it returns.
        """
        info = self._type_of(schema, where, hint)
        # Class bodies are filled from a queue rather than by recursion, so a chain of
        # a thousand schemas referring to the next needs no deeper stack than one.
        while self._pending:
            self._pending.popleft()()
        return info

    def nullable(self, schema: Any, where: Where) -> bool:
        schema, _, _ = self._follow(schema, where, "")
        if not isinstance(schema, dict):
            return False
        return shapes.is_nullable(schema, lambda node: self.deref(node, where)[0])

    def deref(self, node: Any, where: Where) -> tuple[Any, Where]:
        node, where, _ = self._follow(node, where, "")
        return node, where

    def ordered(self) -> list[str]:
        return list(self._order)

    def default_tags(self) -> None:
        """Give a model that tagged unions select by one tag only that tag as the
        default of its discriminator field, so that ``SmsEntry(...)`` need not repeat
        ``channel="SMS"``. Call once every schema is read."""
        selected: dict[str, set[tuple[str, str]]] = {}
        for union in self.unions.values():
            if union.tagged:
                for variant in union.variants:
                    pairs = selected.setdefault(class_of(variant.type.shape), set())
                    pairs.update((union.discriminator, tag) for tag in variant.tags)
        for name, pairs in selected.items():
            model = self.models.get(name)
            if model is None or len(pairs) != 1:
                continue
            ((wire, tag),) = pairs
            properties = list(model.properties)
            for index, prop in enumerate(properties):
                # Only a required field without a default of its own, and of a type
                # the tag is a value of.
                if (
                    prop.wire_name == wire
                    and prop.required
                    and not prop.default_json
                    and self._is_value_of(prop, tag)
                ):
                    properties[index] = replace(prop, default_json=json_text(tag))
                    self.models[name] = replace(
                        model,
                        properties=tuple(properties),
                        tag_property=prop.wire_name,
                        tag=tag,
                    )

    # -- internals ---------------------------------------------------------------

    def _is_value_of(self, prop: Property, tag: str) -> bool:
        """Whether ``tag`` is a value of ``prop``'s type: of its enum, or of a string."""
        shape = prop.type.shape
        enum = self.enums.get(shape.ref) if shape.kind == "enum" else None
        if enum is not None:
            return any(m.value == tag for m in enum.members)
        return shape.kind == "string" and not shape.nullable

    def _follow(self, node: Any, where: Where, hint: str) -> tuple[Any, Where, str]:
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, where, hint
        # A schema's $ref is followed for its type, its nullability and its limits,
        # and a component's by every schema referring to it: once each is enough.
        key = (node["$ref"], where.file)
        if key not in self._followed:
            self._followed[key] = self._follow_refs(node, where)
        target, target_where, name = self._followed[key]
        return target, target_where, name or hint

    def _follow_refs(self, node: Any, where: Where) -> tuple[Any, Where, str]:
        """The end of the $ref chain from ``node``, and the last name along it."""
        seen: set[tuple[Path, str]] = set()
        name = ""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            target, file, pointer = self.spec.resolve(ref, where.file, where.pointer)
            if (file, pointer) in seen:  # load.check_refs reports these first
                message, hint = (
                    f"circular $ref chain through {ref!r}",
                    "a $ref must lead to a schema",
                )
                raise SpecError(
                    [self.spec.problem(where.file, where.pointer, message, hint)]
                )
            seen.add((file, pointer))
            tail = pointer.rsplit("/", 1)[-1] if pointer != "#" else file.stem
            name = unescape(unquote(tail)) or name
            node, where = target, Where(file, pointer)
        return node, where, name

    def _remember(self, where: Where, info: TypeInfo) -> TypeInfo:
        self._by_location[(where.file, where.pointer)] = info
        return info

    def _type_of(self, schema: Any, where: Where, hint: str) -> TypeInfo:
        schema, where, name = self._follow(schema, where, hint)
        key = (where.file, where.pointer)
        if key in self._by_location:
            return self._by_location[key]
        if not isinstance(schema, dict):
            return ANY  # a boolean schema (3.1) or junk the validator let through
        for keyword, what in shapes.unsupported(schema):
            self._warn(
                where.child(keyword), f"{what} is not supported; the type is looser"
            )
        return self._build(schema, where, name)

    def _build(self, schema: dict[str, Any], where: Where, name: str) -> TypeInfo:
        if "allOf" in schema:
            parts = schema["allOf"]
            if (
                isinstance(parts, list)
                and len(parts) == 1
                and not schema.get("properties")
            ):
                return self._type_of(parts[0], where.child("allOf", 0), name)
            return self._model(schema, where, name)
        for kind in ("oneOf", "anyOf"):
            options = schema.get(kind)
            if isinstance(options, list) and options:
                # ``anyOf: [X, {type: 'null'}]`` is only a nullable X (see nullable()).
                real = [
                    (i, o)
                    for i, o in enumerate(options)
                    if not shapes.is_null(self.deref(o, where)[0])
                ]
                if len(real) == 1 and "discriminator" not in schema:
                    return self._type_of(
                        real[0][1], where.child(kind, real[0][0]), name
                    )
                consts = self._const_options([o for _, o in real], where)
                if consts is not None and "discriminator" not in schema:
                    return self._enum(schema, where, name, consts)
                if real:
                    return self._union(schema, where, name, kind)
        if "const" in schema:
            return shapes.const_type(
                schema["const"], _PRIMITIVES.get((shapes.single_type(schema), ""))
            )
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._enum(schema, where, name)
        kinds = shapes.types_of(schema)
        if len(kinds) > 1:
            return self._multi_type(schema, where, name, kinds)
        kind = kinds[0] if kinds else ""
        if kind == "null":
            return NONE
        if kind == "array":
            return self._container(
                "array", schema.get("items", {}), where.child("items"), name + "Item"
            )
        if kind == "object" or (kind == "" and "properties" in schema):
            if schema.get("properties"):
                return self._model(schema, where, name)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return self._container(
                    "map", extra, where.child("additionalProperties"), name + "Value"
                )
            return MAP_OF_ANY
        fmt = str(schema["format"]) if isinstance(schema.get("format"), str) else ""
        return _primitive(kind, fmt)

    def _container(
        self, kind: Literal["array", "map"], item_schema: Any, where: Where, name: str
    ) -> TypeInfo:
        """An array or a map of the type of ``item_schema``."""
        item = self._type_of(item_schema, where, name).shape
        if self.nullable(item_schema, where):
            item = replace(item, nullable=True)
        return typed(
            TypeRef(kind, items=item) if kind == "array" else TypeRef(kind, values=item)
        )

    def _multi_type(
        self, schema: dict[str, Any], where: Where, name: str, kinds: list[str]
    ) -> TypeInfo:
        """``type: [string, integer]`` (3.1): a union of primitives; with arrays or
        objects among them, ``Any`` and a warning."""
        if any(k in ("array", "object") for k in kinds):
            self._warn(
                where.child("type"), f"type {kinds} mixes structures; typed as Any"
            )
            return ANY
        fmt = str(schema["format"]) if isinstance(schema.get("format"), str) else ""
        infos = {plain(i.shape): i for i in (_primitive(k, fmt) for k in kinds)}
        if any(i.shape.kind == "any" for i in infos.values()):
            return ANY
        return typed(TypeRef("union", variants=tuple(i.shape for i in infos.values())))

    def _warn(self, where: Where, message: str) -> None:
        found = warning(where, message)
        if found not in self.warnings:
            self.warnings.append(found)

    def _is_component_name(self, name: str) -> bool:
        """Whether a component schema's class could be called ``name``: a title must
        not take that name first and leave the component ``Name2``."""
        if self._component_names is None:
            components = shapes.dict_of(self.spec.data.get("components"))
            schemas = shapes.dict_of(components.get("schemas"))
            self._component_names = {pascal(str(key)).lower() for key in schemas}
        return pascal(name).lower() in self._component_names

    def _class_name(self, where: Where, name: str) -> str:
        candidate = unshadowed(pascal(name), "Model")
        return self.class_names.unique(f"{where.file}{where.pointer}", candidate)

    def _named(self, class_name: str, where: Where, shape: TypeRef) -> TypeInfo:
        info = typed(shape)
        self._order.append(class_name)
        return self._remember(where, info)

    def _const_options(
        self, options: list[Any], where: Where
    ) -> list[tuple[Any, str]] | None:
        """``oneOf: [{const: 0, title: Low}, ...]``, the OAS 3.1 way to name enum
        values: each value with its title, or None when an option is anything else."""
        found: list[tuple[Any, str]] = []
        for option in options:
            resolved, _ = self.deref(option, where)
            if not isinstance(resolved, dict) or "const" not in resolved:
                return None
            found.append((resolved["const"], txt.comment(resolved.get("title"))))
        return found

    def _enum(
        self,
        schema: dict[str, Any],
        where: Where,
        name: str,
        titled: list[tuple[Any, str]] | None = None,
    ) -> TypeInfo:
        """An open enum of ``schema``'s ``enum`` values, or of ``titled`` values (a
        ``oneOf`` of ``const``s), whose members are then named after their titles."""
        pairs = titled if titled is not None else [(v, "") for v in schema["enum"]]
        titles: dict[Any, str] = {}
        for value, title in pairs:
            if value is not None and not isinstance(value, (dict, list)):
                titles.setdefault((type(value), value), title)
        values = [value for _, value in titles]
        base = shapes.enum_base(values)
        if base is None:
            # Booleans, floats or mixed kinds: a Literal where Python allows one, else
            # the plain type.
            fallback = _PRIMITIVES.get((shapes.single_type(schema), ""), ANY)
            return shapes.literal_type(values) or fallback
        class_name = self._class_name(where, name)
        info = self._named(class_name, where, TypeRef("enum", ref=class_name))
        members = tuple(
            EnumMember(
                str(v),
                wire_value=v if base == "int" else str(v),
                title=titles[(type(v), v)],
            )
            for v in values
        )
        description = txt.clean(schema.get("description"))
        self.enums[class_name] = Enum(
            name=class_name,
            base=base,
            description=description,
            members=members,
            pointer=where.pointer,
            wire_name=name,
            words=split_words(name),
        )
        return info

    def _union(
        self, schema: dict[str, Any], where: Where, name: str, kind: str
    ) -> TypeInfo:
        class_name = self._class_name(where, name)
        disc = shapes.dict_of(schema.get("discriminator")).get("propertyName")
        shape = TypeRef(
            "union", ref=class_name, discriminator=disc if isinstance(disc, str) else ""
        )
        info = self._named(class_name, where, shape)
        self._pending.append(
            lambda: self._fill_union(schema, where, name, kind, class_name)
        )
        return info

    def _fill_union(
        self,
        schema: dict[str, Any],
        where: Where,
        name: str,
        kind: str,
        class_name: str,
    ) -> None:
        mapping_by_target: dict[str, list[str]] = {}
        disc = schema.get("discriminator")
        disc_prop = ""
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            disc_prop = disc["propertyName"]
            for tag, ref in (disc.get("mapping") or {}).items():
                if isinstance(ref, str):
                    _, file, pointer = self.spec.resolve(
                        (
                            ref
                            if "#" in ref or "/" in ref
                            else f"#/components/schemas/{ref}"
                        ),
                        where.file,
                        where.pointer,
                    )
                    # Several tags may name one schema: each of them decodes to it.
                    mapping_by_target.setdefault(f"{file}{pointer}", []).append(
                        str(tag)
                    )
        variants: list[UnionVariant] = []
        for index, option in enumerate(schema[kind]):
            option_where = where.child(kind, index)
            title = _title(option)
            hint = (
                title
                if title and not self._is_component_name(title)
                else f"{name}Option{index + 1}"
            )
            resolved, target_where, option_name = self._follow(
                option, option_where, hint
            )
            if shapes.is_null(resolved):
                continue  # null makes the union nullable, see nullable()
            vtype = self._type_of(option, option_where, hint)
            target_key = f"{target_where.file}{target_where.pointer}"
            tags = tuple(mapping_by_target.get(target_key, [option_name]))
            if class_of(vtype.shape) == class_name:
                continue  # the union itself among its members adds nothing to it
            if all(plain(v.type.shape) != plain(vtype.shape) for v in variants):
                variants.append(UnionVariant(tags[0], vtype, tags=tags))
        refs = tuple(dict.fromkeys(r for v in variants for r in v.type.refs))
        tagged = bool(disc_prop) and all(v.type.refs for v in variants)
        if not variants:
            self._warn(where, "the union has no member but itself; typed as Any")
        description = txt.clean(schema.get("description"))
        self.unions[class_name] = Union(
            name=class_name,
            description=description,
            kind="oneOf" if kind == "oneOf" else "anyOf",
            variants=tuple(variants),
            discriminator=disc_prop,
            refs=refs,
            pointer=where.pointer,
            tagged=tagged,
            wire_name=name,
            words=split_words(name),
        )

    def _model(self, schema: dict[str, Any], where: Where, name: str) -> TypeInfo:
        class_name = self._class_name(where, name)
        info = self._named(class_name, where, TypeRef("model", ref=class_name))
        self._pending.append(lambda: self._fill_model(schema, where, name, class_name))
        return info

    def _fill_model(
        self, schema: dict[str, Any], where: Where, name: str, class_name: str
    ) -> None:
        props: dict[str, tuple[Any, Where]] = {}
        required: set[str] = set()
        description = txt.clean(schema.get("description"))
        for part, part_where in self._merged_parts(schema, where):
            for prop_name, prop_schema in shapes.dict_of(
                part.get("properties")
            ).items():
                props[str(prop_name)] = (
                    prop_schema,
                    part_where.child("properties", prop_name),
                )
            required.update(str(r) for r in shapes.list_of(part.get("required")))
            description = description or txt.clean(part.get("description"))
        properties = tuple(
            self._property(class_name, wire, prop_schema, prop_where, wire in required)
            for wire, (prop_schema, prop_where) in props.items()
        )
        refs = tuple(dict.fromkeys(r for p in properties for r in p.type.refs))
        self.models[class_name] = Model(
            name=class_name,
            description=description,
            properties=properties,
            refs=refs,
            pointer=where.pointer,
            wire_name=name,
            words=split_words(name),
        )

    def _merged_parts(
        self, schema: dict[str, Any], where: Where, seen: frozenset[str] = frozenset()
    ) -> list[tuple[dict[str, Any], Where]]:
        """The schema and, first, every part its ``allOf`` merges in (a part that
        includes itself again is read once)."""
        parts: list[tuple[dict[str, Any], Where]] = []
        seen = seen | {f"{where.file}{where.pointer}"}
        for index, part in enumerate(shapes.list_of(schema.get("allOf"))):
            resolved, part_where = self.deref(part, where.child("allOf", index))
            if (
                isinstance(resolved, dict)
                and f"{part_where.file}{part_where.pointer}" not in seen
            ):
                parts.extend(self._merged_parts(resolved, part_where, seen))
        parts.append((schema, where))
        return parts

    def _property(
        self,
        owner: str,
        wire: str,
        schema: Any,
        where: Where,
        required: bool,
    ) -> Property:
        ptype = self._type_of(schema, where, owner + pascal(wire))
        resolved, _ = self.deref(schema, where)
        resolved = resolved if isinstance(resolved, dict) else {}
        nullable = self.nullable(schema, where)
        description = txt.clean(resolved.get("description"))
        default = resolved.get("default")
        constraints = (
            ()
            if _CONSTRAINT_KEYS.isdisjoint(resolved)
            else tuple(
                f"{key}: {resolved[key]}"
                for key in _CONSTRAINTS
                if key in resolved and not isinstance(resolved[key], (dict, list))
            )
        )
        return Property(
            wire_name=wire,
            type=ptype,
            required=required,
            nullable=nullable,
            default_json=json_text(default),
            description=description,
            constraints=constraints,
            limits=limits_of(resolved, lambda node: self.deref(node, where)[0]),
            words=split_words(wire),
            example_json=json_text(
                resolved["example"]
                if "example" in resolved
                else next(iter(shapes.list_of(resolved.get("examples"))), None)
            ),
        )


def json_text(value: Any) -> str:
    """``value`` (an example as the spec's YAML gives it) as compact JSON text, dates
    as ISO 8601 text; "" for none or a value JSON cannot carry."""
    if value is None:
        return ""
    try:
        return json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), default=_iso_text
        )
    except (TypeError, ValueError):
        return ""


def _iso_text(value: Any) -> str:
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# A few kinds and formats, met at every property: one type each.
@functools.lru_cache(maxsize=256)
def _primitive(kind: str, fmt: str) -> TypeInfo:
    """The type of a schema of one primitive ``kind`` and ``fmt``; the shape keeps
    the format whatever the annotation makes of it (``uuid``, ``int64``, ...)."""
    info = _PRIMITIVES.get((kind, fmt)) or _PRIMITIVES.get((kind, ""), ANY)
    if fmt and info.shape.format != fmt and info is not ANY:
        return replace(info, shape=replace(info.shape, format=fmt))
    return info


def _title(option: Any) -> str:
    """The ``title`` of an inline schema, which names its class better than its
    position does; a ``$ref`` is named after its target instead."""
    if not isinstance(option, dict) or "$ref" in option:
        return ""
    return txt.comment(option.get("title"))
