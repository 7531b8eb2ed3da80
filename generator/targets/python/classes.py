"""The Python code of the models package's classes, lowered from the model.

The model says what a class is: wire names, types, descriptions, the tag a field
defaults to. This module writes what the Python target makes of it: each field's
declaration and docstring, the class docstring, the ``__sdk_rules__`` table, a
union's value. ``templates/package/macros.j2`` lays the result out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import text as txt
from generator.model.ir import Enum, Model, Property, Union
from generator.model.names import field_name, member_names
from generator.targets.python.annotations import (
    Import,
    annotation,
    optional,
    union_value,
)
from generator.targets.python.codelayout import laid_out
from generator.targets.python.literals import literal
from generator.targets.python.naming import model_fields
from generator.targets.python.rules import model_rules


@dataclass(frozen=True)
class ModelModule:
    """One file of the ``models`` package: usually one class, a whole cycle if the
    classes refer to each other."""

    name: str
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    unions: tuple[Union, ...]
    imports: tuple[Import, ...]
    needs_rebuild: bool
    summary: str
    # What the module takes from the runtime: ``base_module`` (``_enums`` for enums
    # alone, which need no pydantic, else ``_models``).
    base_names: tuple[str, ...]
    base_module: str = "_models"
    # For a cycle of many classes, the recursion limit its rebuild needs (pydantic
    # builds a cycle recursively); 0 when Python's default is enough.
    rebuild_limit: int = 0


@dataclass(frozen=True)
class FieldCode:
    # The field as declared in the class body, e.g. ``text: str | None = None``.
    declaration: str
    docstring: str


@dataclass(frozen=True)
class ClassCode:
    """One class of the models package as Python: its docstring, a model's fields
    (in the order of its properties) and rules table, a union's value (the
    right-hand side of ``Name = ...``)."""

    docstring: str
    fields: tuple[FieldCode, ...] = ()
    rules: str = ""
    value: str = ""
    # An enum's base class.
    base: str = ""
    # A model's field that its tag defaults (``__sdk_tag__``).
    tag_field: str = ""


def module_code(module: ModelModule, enums: Mapping[str, Enum]) -> dict[str, ClassCode]:
    """The code of every class of ``module``, by class name."""
    deferred = deferred_unions(module.unions)
    code = {
        e.name: ClassCode(
            txt.docstring(e.description or f"The {e.name} values."), base=enum_base(e)
        )
        for e in module.enums
    }
    code.update((m.name, model_code(m, enums)) for m in module.models)
    code.update((u.name, union_code(u, u.name in deferred)) for u in module.unions)
    return code


def enum_base(enum: Enum) -> str:
    """The runtime's open enum class an enum derives from, by its values' type."""
    return "OpenIntEnum" if enum.base == "int" else "OpenStrEnum"


def model_code(model: Model, enums: Mapping[str, Enum]) -> ClassCode:
    names = model_fields(model)
    fields = tuple(
        FieldCode(
            _declaration(model, prop, names[prop.wire_name], enums),
            txt.docstring(prop.description),
        )
        for prop in model.properties
    )
    tagged = (
        names[p.wire_name]
        for p in model.properties
        if p.wire_name == model.tag_property
    )
    return ClassCode(
        txt.docstring(model.description or f"The {model.name} object."),
        fields,
        rules_declaration(model_rules(model)),
        tag_field=next(tagged, "") if model.tag_property else "",
    )


def union_code(union: Union, deferred: bool) -> ClassCode:
    """A union's code; ``deferred``: a type alias whose value pydantic and mypy read
    lazily, from a string: ``ErrorDetails = TypeAliasType("ErrorDetails", "Union[dict[
    str, ErrorDetails], ...]")``, for a union that names a union of its own module
    (itself, or one defined later). (Python 3.12's ``type`` statement would do, but
    the generated package supports 3.11.)"""
    value = union_value(
        union.variants,
        union.discriminator,
        field_name(union.discriminator) if union.discriminator else "",
        union.tagged,
    )
    if deferred:
        value = f"TypeAliasType({literal(union.name)}, {literal(value)})"
    return ClassCode(txt.docstring(union.description, indent=""), value=value)


def tag_code(prop: Property, tag: str, enums: Mapping[str, Enum]) -> str:
    """The code of ``tag`` as a value of ``prop``'s type, or "" if it has none."""
    shape = prop.type.shape
    enum = enums.get(shape.ref) if shape.kind == "enum" else None
    if enum is not None:
        member = member_names(enum.members).get(tag)
        return f"{enum.name}.{member}" if member else ""
    return literal(tag) if annotation(shape) == "str" else ""


def deferred_unions(unions: tuple[Union, ...]) -> set[str]:
    """The unions of a module that ``union_code`` writes deferred: those naming a
    union of the module, where a plain ``Name = ...`` would evaluate a name not yet
    bound (models are defined before unions, so naming them is fine)."""
    here = {u.name for u in unions}
    return {u.name for u in unions if here.intersection(u.refs)}


def _declaration(
    model: Model, prop: Property, py_name: str, enums: Mapping[str, Enum]
) -> str:
    """A model field's line in the class body: a field the model's tag selects it by
    defaults to that tag, an optional one to None."""
    shape = prop.type.shape
    if model.tag_property and prop.wire_name == model.tag_property:
        default, field_type = tag_code(prop, model.tag, enums), annotation(shape)
    elif prop.nullable or not prop.required:
        default, field_type = ("" if prop.required else "None"), optional(shape)
    else:
        default, field_type = "", annotation(shape)
    wire = prop.wire_name
    field_args = [f"default={default}"] if default else []
    if py_name != wire:
        # Not ``alias=``: type checkers (PEP 681) would take the alias as the
        # keyword of ``__init__``, and ``Model(from_=...)`` would be an error.
        field_args.append(
            f"validation_alias={literal(wire)}, serialization_alias={literal(wire)}"
        )
    if field_args and py_name == wire:
        return f"{py_name}: {field_type} = {default}"
    if field_args:
        return f"{py_name}: {field_type} = Field({', '.join(field_args)})"
    return f"{py_name}: {field_type}"


def rules_declaration(rules: tuple[tuple[str, str], ...]) -> str:
    """A model's ``__sdk_rules__`` of ``(python name, Rule(...))``, for its class body."""
    if not rules:
        return ""
    table = "{" + ", ".join(f"{literal(name)}: {rule}" for name, rule in rules) + "}"
    return laid_out("__sdk_rules__: ClassVar[Mapping[str, Rule]] = ", table, "", 4)
