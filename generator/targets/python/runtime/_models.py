"""The base class of every generated model, and the check of a request's values
against the spec's rules (``problems``) before it is sent.

Importing this module builds pydantic's model machinery: the API modules and the
client do not import it, a request's check and a response's decoding do.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

# Imported ``as`` themselves: re-exported, the model modules take them from here.
from ._enums import OpenIntEnum as OpenIntEnum
from ._enums import OpenStrEnum as OpenStrEnum
from ._rules import PLAIN, compiled, unique
from ._rules import Rule as Rule

# How a value of each kind of schema may be given: ``integer`` takes ``int`` (never a
# ``bool``), ``date-time`` a ``datetime`` or its text, ...
_KINDS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "date": (date, str),
    "date-time": (datetime, str),
    "array": (list, tuple),
    "object": (dict, BaseModel),
}


Problem = InitErrorDetails
Location = tuple[str | int, ...]


def _problem(kind: str, loc: Location, value: Any, **ctx: Any) -> Problem:
    return {"type": kind, "loc": loc, "input": value, "ctx": ctx}


def _custom(message: str, loc: Location, value: Any) -> Problem:
    return {
        "type": PydanticCustomError("value_error", message),
        "loc": loc,
        "input": value,
    }


def _kind_problems(value: Any, rule: Rule, loc: Location) -> list[Problem]:
    if rule.enum is not None:
        # By value: a member made on the spot for an unknown value is no listed one.
        if (value.value if isinstance(value, Enum) else value) in _values(rule.enum):
            return []
        expected = " or ".join(repr(v) for v in _values(rule.enum))
        return [_problem("enum", loc, value, expected=expected)]
    if rule.values:
        if value in rule.values and type(value) in {type(v) for v in rule.values}:
            return []
        expected = " or ".join(repr(v) for v in rule.values)
        return [_problem("literal_error", loc, value, expected=expected)]
    types = _KINDS.get(rule.kind)
    if types is None:
        return []
    if isinstance(value, bool) and bool not in types:
        types = ()
    if isinstance(value, types) and not isinstance(value, Enum):
        return []
    return [_custom(f"Input should be of type {rule.kind}", loc, value)]


@lru_cache(maxsize=256)
def _values(enum: type[Enum]) -> tuple[Any, ...]:
    return tuple(member.value for member in enum)


def _size_problems(value: Any, rule: Rule, loc: Location) -> list[Problem]:
    found: list[Problem] = []
    if isinstance(value, str):
        if rule.min_length is not None and len(value) < rule.min_length:
            found.append(
                _problem("string_too_short", loc, value, min_length=rule.min_length)
            )
        if rule.max_length is not None and len(value) > rule.max_length:
            found.append(
                _problem("string_too_long", loc, value, max_length=rule.max_length)
            )
        regex = compiled(rule.pattern) if rule.pattern is not None else None
        if regex is not None and not regex.search(value):
            found.append(
                _problem("string_pattern_mismatch", loc, value, pattern=rule.pattern)
            )
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        for bound, kind, ctx, broken in (
            (rule.minimum, "greater_than_equal", "ge", operator.lt),
            (rule.maximum, "less_than_equal", "le", operator.gt),
            (rule.exclusive_minimum, "greater_than", "gt", operator.le),
            (rule.exclusive_maximum, "less_than", "lt", operator.ge),
        ):
            if bound is not None and broken(value, bound):
                found.append(_problem(kind, loc, value, **{ctx: bound}))
        quotient = value / rule.multiple_of if rule.multiple_of else 0
        if abs(quotient - round(quotient)) > 1e-9:
            found.append(
                _problem("multiple_of", loc, value, multiple_of=rule.multiple_of)
            )
    elif isinstance(value, (list, tuple)):
        count = len(value)
        if rule.min_items is not None and count < rule.min_items:
            found.append(
                _problem(
                    "too_short",
                    loc,
                    value,
                    field_type="List",
                    min_length=rule.min_items,
                    actual_length=count,
                )
            )
        if rule.max_items is not None and count > rule.max_items:
            found.append(
                _problem(
                    "too_long",
                    loc,
                    value,
                    field_type="List",
                    max_length=rule.max_items,
                    actual_length=count,
                )
            )
        if rule.unique_items and count > 1 and not unique(value):
            found.append(_custom("List should have unique items", loc, value))
    return found


def problems(value: Any, rule: Rule | None, loc: Location = ()) -> list[Problem]:
    """Everything in ``value`` that the spec forbids in a request: ``rule``'s own
    limits, and in every model it holds an unknown field, an enum value the spec does
    not list, or a limit of that model's own fields."""
    if value is None:
        if rule is not None and rule.required and not rule.nullable:
            return [_problem("missing", loc, value)]
        return []
    found: list[Problem] = []
    if rule is not None:
        found += _kind_problems(value, rule, loc)
        if found:
            return found
        found += _size_problems(value, rule, loc)
    if isinstance(value, SdkModel):
        found += _model_problems(value, loc)
    elif isinstance(value, (list, tuple)):
        items = rule.items if rule is not None else None
        for index, item in enumerate(value):
            if items.quick(item) if items is not None else type(item) in PLAIN:
                continue
            found += problems(item, items, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += problems(item, None, (*loc, str(key)))
    elif isinstance(value, Enum) and value.value not in _values(type(value)):
        expected = " or ".join(repr(v) for v in _values(type(value)))
        found.append(_problem("enum", loc, value.value, expected=expected))
    return found


class SdkModel(BaseModel):
    """A model of the API.

    Made by you (``Model(...)``), it must be what the spec allows in a request: an
    unknown field, an enum value the spec does not list or a value out of the spec's
    bounds raises ``pydantic.ValidationError`` at once. Decoded from a response, it is
    lenient: unknown fields are kept (see ``model_extra``) and unknown enum values
    become members, so that what the server adds later never breaks a deployed
    client. A field that was absent is not in ``model_fields_set``; one the server sent
    as null is, with the value None.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        use_attribute_docstrings=True,
        protected_namespaces=(),
    )

    # The spec's limits on fields (by Python name) that pydantic's types do not carry.
    __sdk_rules__: ClassVar[Mapping[str, Rule]] = {}
    # The union tag field whose default names this model: always sent.
    __sdk_tag__: ClassVar[str] = ""

    def __init__(self, /, **data: Any) -> None:
        super().__init__(**data)
        found = _model_problems(self, ())
        if found:
            raise ValidationError.from_exception_data(type(self).__name__, found)

    # Marked as pydantic's own ``__init__``, so that decoding a response (which never
    # calls ``__init__``) keeps pydantic's speed and its leniency.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def to_dict(self) -> dict[str, Any]:
        """The model as the API sends it: wire names, fields that were never set left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class UnknownVariant(SdkModel):
    """A member of a union that this SDK does not know: the server is newer than the
    spec it was generated from. Every field is kept, in ``model_extra``."""


#: The tag under which ``UnknownVariant`` takes its place in every tagged union.
UNKNOWN_TAG = "<unknown>"


def discriminate(
    wire_name: str, py_name: str, tags: Mapping[str, str]
) -> Callable[[Any], str]:
    """Read a union's discriminator from raw JSON data or from a model instance and
    name the variant it selects (``tags``: discriminator value -> variant tag, several
    values may select one variant); a value not among ``tags`` (or none at all) means
    ``UnknownVariant``, so that a variant the server adds later never breaks a deployed
    client."""

    def tag(value: Any) -> str:
        if isinstance(value, dict):
            found = value.get(wire_name)
        else:
            found = getattr(value, py_name, None)
        found = found.value if isinstance(found, Enum) else found
        return tags.get(found, UNKNOWN_TAG) if isinstance(found, str) else UNKNOWN_TAG

    return tag


def _model_problems(model: SdkModel, loc: Location) -> list[Problem]:
    if isinstance(model, UnknownVariant):
        return []  # a variant this SDK does not know goes back as it came
    extra = model.__pydantic_extra__
    found = (
        [_problem("extra_forbidden", (*loc, k), v) for k, v in extra.items()]
        if extra
        else []
    )
    rules = model.__sdk_rules__
    # Pydantic keeps the fields' values in __dict__; most are plain values, known enum
    # members or lists of plain values that their rule (if any) passes at a glance,
    # which need no closer look (this runs for every model of every request).
    for name, value in model.__dict__.items():
        if value is None:
            continue
        rule = rules.get(name)
        if rule is not None:
            if rule.quick(value):
                continue
        else:
            kind = type(value)
            if kind in PLAIN:
                continue
            if kind is list:
                if PLAIN.issuperset(map(type, value)):
                    continue
            elif _plain_enum(kind) and kind._member_map_.get(value._name_) is value:
                continue  # a member the enum lists, not one made for an unknown value
        found += problems(value, rule, (*loc, name))
    return found


_PLAIN_ENUMS: dict[type, bool] = {}


def _plain_enum(kind: type) -> bool:
    """An enum whose members hold nothing else to check (no list, dict or model)."""
    plain = _PLAIN_ENUMS.get(kind)
    if plain is None:
        plain = issubclass(kind, Enum) and not issubclass(
            kind, (list, tuple, dict, SdkModel)
        )
        _PLAIN_ENUMS[kind] = plain
    return plain


def left_out(value: Any) -> dict[str | int, Any]:
    """The ``exclude`` argument of ``model_dump`` that leaves out every None given for
    a field that is not nullable, in ``value`` and in the models it holds: there None
    means "not sent", and null would be refused by the API."""
    if not isinstance(value, SdkModel):
        return _left_out_in(value)
    model = value
    if model.__sdk_tag__:
        # The tag says which variant this is: sent even when left at its default.
        model.__pydantic_fields_set__.add(model.__sdk_tag__)
    excluded: dict[str | int, Any] = {}
    rules = model.__sdk_rules__
    values = model.__dict__
    for name in model.__pydantic_fields_set__:
        # Fields are in __dict__; an extra field (of an UnknownVariant) is not.
        value = values[name] if name in values else getattr(model, name, None)
        if value is None:
            rule = rules.get(name)
            if rule is None or not rule.nullable:
                excluded[name] = True
        elif type(value) not in PLAIN and isinstance(value, (SdkModel, list, tuple)):
            inner = _left_out_in(value)
            if inner:
                excluded[name] = inner
    return excluded


def _left_out_in(value: Any) -> dict[str | int, Any]:
    if isinstance(value, SdkModel):
        return left_out(value)
    if isinstance(value, (list, tuple)):
        if PLAIN.issuperset(map(type, value)):
            return {}  # plain values: no None in it, nothing to leave out
        found = {i: left_out(item) for i, item in enumerate(value)}
        return {i: inner for i, inner in found.items() if inner}
    return {}
