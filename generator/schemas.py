"""Turn JSON schemas into resolved types, models, enums and unions.

A schema reached through ``$ref`` becomes a named class once, whatever the number of
references; an inline object or enum is named after where it sits. Cycles between
schemas are fine: a class is registered before its properties are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import text as txt
from .errors import Problem, SpecError
from .load import Spec, line_of
from .model import Enum, EnumMember, Model, Property, TypeInfo, Union, UnionVariant
from .names import Namer, RESERVED_CLASSES, constant, field_name, pascal, snake

ANY = TypeInfo("Any", "Any")
_PRIMITIVES = {
    ("string", "date-time"): TypeInfo("datetime", "datetime"),
    ("string", "date"): TypeInfo("date", "date"),
    ("string", "binary"): TypeInfo("bytes", "bytes", is_binary=True),
    ("string", ""): TypeInfo("str", "str"),
    ("integer", ""): TypeInfo("int", "int"),
    ("number", ""): TypeInfo("float", "float"),
    ("boolean", ""): TypeInfo("bool", "bool"),
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
    "format",
)


@dataclass
class Where:
    """A position in the spec: the file and the JSON pointer of a node."""

    file: Path
    pointer: str

    def child(self, *tokens: object) -> Where:
        escaped = (str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
        return Where(self.file, "/".join([self.pointer, *escaped]))


@dataclass
class SchemaRegistry:
    spec: Spec
    class_names: Namer = field(default_factory=lambda: Namer(RESERVED_CLASSES))
    models: dict[str, Model] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    unions: dict[str, Union] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _by_location: dict[tuple[Path, str], TypeInfo] = field(default_factory=dict)
    _order: list[str] = field(default_factory=list)

    # -- entry points -----------------------------------------------------------

    def type_of(self, schema: Any, where: Where, hint: str) -> TypeInfo:
        """The type of ``schema`` found at ``where``; ``hint`` names inline classes."""
        schema, where, name = self._follow(schema, where, hint)
        key = (where.file, where.pointer)
        if key in self._by_location:
            return self._by_location[key]
        if not isinstance(schema, dict):
            return ANY
        info = self._build(schema, where, name)
        return info

    def nullable(self, schema: Any, where: Where) -> bool:
        schema, _, _ = self._follow(schema, where, "")
        if not isinstance(schema, dict):
            return False
        types = schema.get("type")
        return bool(schema.get("nullable")) or (
            isinstance(types, list) and "null" in types
        )

    def deref(self, node: Any, where: Where) -> tuple[Any, Where]:
        node, where, _ = self._follow(node, where, "")
        return node, where

    def ordered(self) -> list[str]:
        return list(self._order)

    # -- internals ---------------------------------------------------------------

    def _follow(self, node: Any, where: Where, hint: str) -> tuple[Any, Where, str]:
        seen: set[tuple[Path, str]] = set()
        name = hint
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            target, file, pointer = self.spec.resolve(ref, where.file, where.pointer)
            if (file, pointer) in seen:
                raise SpecError(
                    [
                        Problem(
                            where.file,
                            where.pointer,
                            f"circular $ref chain through {ref!r}",
                            "a $ref must eventually point at a schema, not only at "
                            "other $refs",
                            line_of(self.spec.document(where.file), where.pointer),
                        )
                    ]
                )
            seen.add((file, pointer))
            tail = pointer.rsplit("/", 1)[-1] if pointer != "#" else file.stem
            name = tail.replace("~1", "/").replace("~0", "~") or name
            node, where = target, Where(file, pointer)
        return node, where, name

    def _remember(self, where: Where, info: TypeInfo) -> TypeInfo:
        self._by_location[(where.file, where.pointer)] = info
        return info

    def _build(self, schema: dict[str, Any], where: Where, name: str) -> TypeInfo:
        if "allOf" in schema:
            parts = schema["allOf"]
            if (
                isinstance(parts, list)
                and len(parts) == 1
                and not schema.get("properties")
            ):
                return self.type_of(parts[0], where.child("allOf", 0), name)
            return self._model(schema, where, name)
        for kind in ("oneOf", "anyOf"):
            if isinstance(schema.get(kind), list) and schema[kind]:
                return self._union(schema, where, name, kind)
        if "const" in schema:
            return TypeInfo(
                f"Literal[{_literal(schema['const'])}]", repr(schema["const"])
            )
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._enum(schema, where, name)
        kind = _schema_type(schema)
        if kind == "array":
            item = self.type_of(schema.get("items", {}), where.child("items"), name + "Item")
            return TypeInfo(
                f"list[{item.annotation}]",
                f"list[{item.display}]",
                item.refs,
                item.link,
            )
        if kind == "object" or (kind == "" and "properties" in schema):
            if schema.get("properties"):
                return self._model(schema, where, name)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value = self.type_of(
                    extra, where.child("additionalProperties"), name + "Value"
                )
                return TypeInfo(
                    f"dict[str, {value.annotation}]",
                    f"dict[str, {value.display}]",
                    value.refs,
                    value.link,
                )
            return TypeInfo("dict[str, Any]", "dict[str, Any]")
        fmt = str(schema["format"]) if isinstance(schema.get("format"), str) else ""
        return _PRIMITIVES.get((kind, fmt)) or _PRIMITIVES.get((kind, ""), ANY)

    def _class_name(self, where: Where, name: str) -> str:
        return self.class_names.unique(f"{where.file}{where.pointer}", pascal(name))

    def _named(self, class_name: str, where: Where) -> TypeInfo:
        info = TypeInfo(
            class_name, class_name, (class_name,), f"models/{class_name}.md"
        )
        self._order.append(class_name)
        return self._remember(where, info)

    def _enum(self, schema: dict[str, Any], where: Where, name: str) -> TypeInfo:
        values = [v for v in schema["enum"] if v is not None]
        if not values or not all(isinstance(v, (str, int)) for v in values):
            return TypeInfo(
                "Literal[" + ", ".join(_literal(v) for v in values) + "]",
                " | ".join(repr(v) for v in values),
            )
        class_name = self._class_name(where, name)
        info = self._named(class_name, where)
        base = "int" if all(isinstance(v, int) for v in values) else "str"
        namer = Namer(frozenset({"mro", "name", "value"}))
        members = tuple(
            EnumMember(
                namer.unique(repr(v), constant(str(v))),
                str(v),
                repr(v) if base == "int" else repr(str(v)),
            )
            for v in dict.fromkeys(values)
        )
        description = txt.clean(schema.get("description"))
        self.enums[class_name] = Enum(
            name=class_name,
            module=snake(class_name),
            base=base,
            base_class="OpenIntEnum" if base == "int" else "OpenStrEnum",
            description=description,
            docstring=txt.docstring(description or f"The {class_name} values."),
            members=members,
            literal="Literal[" + ", ".join(m.value_code for m in members) + "]",
            pointer=where.pointer,
        )
        return info

    def _union(
        self, schema: dict[str, Any], where: Where, name: str, kind: str
    ) -> TypeInfo:
        class_name = self._class_name(where, name)
        info = self._named(class_name, where)
        mapping_by_target: dict[str, str] = {}
        disc = schema.get("discriminator")
        disc_prop = ""
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            disc_prop = disc["propertyName"]
            for tag, ref in (disc.get("mapping") or {}).items():
                if isinstance(ref, str):
                    _, file, pointer = self.spec.resolve(
                        ref if "#" in ref or "/" in ref else f"#/components/schemas/{ref}",
                        where.file,
                        where.pointer,
                    )
                    mapping_by_target.setdefault(f"{file}{pointer}", str(tag))
        variants: list[UnionVariant] = []
        for index, option in enumerate(schema[kind]):
            option_where = where.child(kind, index)
            resolved, target_where, option_name = self._follow(
                option, option_where, f"{name}Option{index + 1}"
            )
            vtype = self.type_of(option, option_where, f"{name}Option{index + 1}")
            target_key = f"{target_where.file}{target_where.pointer}"
            tag = mapping_by_target.get(target_key, option_name)
            variants.append(UnionVariant(vtype.annotation, tag, vtype))
        refs = tuple(dict.fromkeys(r for v in variants for r in v.type.refs))
        disc_py = field_name(disc_prop) if disc_prop else ""
        if disc_prop and all(v.type.refs for v in variants):
            members = ", ".join(
                f"Annotated[{v.type.annotation}, Tag({v.tag!r})]" for v in variants
            )
            annotation = (
                f"Annotated[Union[{members}], "
                f"Discriminator(discriminate({disc_prop!r}, {disc_py!r}))]"
            )
        else:
            members = ", ".join(v.type.annotation for v in variants)
            annotation = f"Annotated[Union[{members}], Field(union_mode=\"left_to_right\")]"
        description = txt.clean(schema.get("description"))
        self.unions[class_name] = Union(
            name=class_name,
            module=snake(class_name),
            description=description,
            docstring=txt.docstring(description, indent=""),
            kind="oneOf" if kind == "oneOf" else "anyOf",
            variants=tuple(variants),
            discriminator=disc_prop,
            discriminator_py=disc_py,
            annotation=annotation,
            refs=refs,
            pointer=where.pointer,
        )
        return info

    def _model(self, schema: dict[str, Any], where: Where, name: str) -> TypeInfo:
        class_name = self._class_name(where, name)
        info = self._named(class_name, where)
        props: dict[str, tuple[Any, Where]] = {}
        required: set[str] = set()
        description = txt.clean(schema.get("description"))
        for part, part_where in self._merged_parts(schema, where):
            for prop_name, prop_schema in (part.get("properties") or {}).items():
                props[str(prop_name)] = (
                    prop_schema,
                    part_where.child("properties", prop_name),
                )
            required.update(str(r) for r in part.get("required") or [])
            description = description or txt.clean(part.get("description"))
        namer = Namer()
        properties = tuple(
            self._property(
                class_name, wire, prop_schema, prop_where, wire in required, namer
            )
            for wire, (prop_schema, prop_where) in props.items()
        )
        refs = tuple(dict.fromkeys(r for p in properties for r in p.type.refs))
        self.models[class_name] = Model(
            name=class_name,
            module=snake(class_name),
            description=description,
            docstring=txt.docstring(description or f"The {class_name} object."),
            properties=properties,
            refs=refs,
            pointer=where.pointer,
            docs_description=txt.md_block(description),
        )
        return info

    def _merged_parts(
        self, schema: dict[str, Any], where: Where
    ) -> list[tuple[dict[str, Any], Where]]:
        parts: list[tuple[dict[str, Any], Where]] = []
        for index, part in enumerate(schema.get("allOf") or []):
            resolved, part_where = self.deref(part, where.child("allOf", index))
            if isinstance(resolved, dict):
                parts.extend(self._merged_parts(resolved, part_where))
        parts.append((schema, where))
        return parts

    def _property(
        self,
        owner: str,
        wire: str,
        schema: Any,
        where: Where,
        required: bool,
        namer: Namer,
    ) -> Property:
        py_name = namer.unique(wire, field_name(wire))
        ptype = self.type_of(schema, where, owner + pascal(wire))
        resolved, _ = self.deref(schema, where)
        resolved = resolved if isinstance(resolved, dict) else {}
        nullable = self.nullable(schema, where)
        annotation = ptype.annotation
        if nullable or not required:
            annotation = f"{annotation} | None"
        field_args: list[str] = []
        if not required:
            field_args.append("default=None")
        if py_name != wire:
            field_args.append(f"alias={wire!r}")
        if field_args == ["default=None"]:
            declaration = f"{py_name}: {annotation} = None"
        elif field_args:
            declaration = f"{py_name}: {annotation} = Field({', '.join(field_args)})"
        else:
            declaration = f"{py_name}: {annotation}"
        description = txt.clean(resolved.get("description"))
        default = resolved.get("default")
        constraints = tuple(
            f"{key}: {resolved[key]}"
            for key in _CONSTRAINTS
            if key in resolved and not isinstance(resolved[key], (dict, list))
        )
        return Property(
            wire_name=wire,
            py_name=py_name,
            type=ptype,
            required=required,
            nullable=nullable,
            declaration=declaration,
            default=repr(default) if default is not None else "",
            description=description,
            docstring=txt.docstring(description),
            constraints=constraints,
        )


def _schema_type(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return str(kinds[0]) if len(kinds) == 1 else ""
    return kind if isinstance(kind, str) else ""


def _literal(value: object) -> str:
    return repr(value) if isinstance(value, (str, int, bool)) or value is None else repr(str(value))
