"""Cheaper ways for openapi-spec-validator to reach the same verdicts.

Validation of a spec the machine has not seen is the slowest stage of a big one. Both
of the validator's passes spend most of their time in jsonschema's descent (the
document against the OpenAPI 3.0 schema; every schema of the document against the
JSON Schema draft 4 meta-schema) and the rest walking the document through
jsonschema-path, which checks every node it steps into against a ``typing`` Protocol.
What is here changes none of the validator's answers, only how often it works them out:

- ``ValidSubtrees``: a value that passed a ``$ref`` once passes it again, so a value
  equal to one that passed is not validated against that ``$ref`` a second time
  (specs repeat their parameters, responses and property schemas). Only passes are
  remembered: a value that failed is validated again, every time, and reports the
  same errors at the same places as without the memo.
- ``collecting_less``: the garbage collector leaves alone what exists before validation
  (the spec, the validator's schemas) and runs less often.
- ``fast_subnode``: pathable's ``isinstance(node, Subscriptable)``, a runtime-checkable
  Protocol that Python 3.11 checks by listing the Protocol's attributes on each call, is
  answered at once for ``dict`` and ``list`` (which are Subscriptable) and asked as
  before for anything else.

Each relies on internals of a release, so each is used only with the releases in
``PINNED`` (tests/test_validation_speed.py holds them to it); any other release
validates the slow way, with the same results.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

# jsonschema ships no type information (and types-jsonschema is no dependency).
from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped,unused-ignore]
from jsonschema.validators import (  # type: ignore[import-untyped,unused-ignore]
    Draft4Validator,
    extend,
    validator_for,
)

try:  # the layout of the pathable releases in PINNED; another may not have it
    from pathable.accessors import LookupAccessor, SubscriptableAccessor
    from pathable.protocols import Subscriptable
except ImportError:  # then ``pinned()`` is False, and none of these is used
    LookupAccessor = SubscriptableAccessor = Subscriptable = None  # type: ignore[assignment,misc]

# The releases whose internals this module was written against and tested with:
# pathable's accessor, jsonschema's validator (``_resolver``, the ``$ref`` keyword),
# referencing's resolver (``_base_uri``), openapi-schema-validator's meta-schema check.
PINNED = {
    "pathable": ("0.6.0",),
    "jsonschema": ("4.26.0",),
    "referencing": ("0.37.0",),
    "openapi-schema-validator": ("0.9.0",),
}


@cache
def pinned() -> bool:
    """Whether the installed releases are the ones this module knows."""
    try:
        return all(version(name) in releases for name, releases in PINNED.items())
    except PackageNotFoundError:  # referencing, before jsonschema 4.18
        return False


class ValidSubtrees:
    """The values that passed a ``$ref`` in one validation run.

    A value is known by a number that equal values share: containers are numbered by
    their items (in their order, with each item's type, so ``1``, ``1.0`` and ``True``
    stay apart), and a container is numbered once, by identity, for as long as the run
    keeps it alive here (so its ``id`` cannot be reused for another)."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[Any, ...], int] = {}
        self._containers: dict[int, tuple[Any, int]] = {}
        self._passed: set[tuple[str, str, int]] = set()

    def number(self, value: Any) -> int:
        kind = type(value)
        if kind is dict or kind is list:
            known = self._containers.get(id(value))
            if known is not None:
                return known[1]
            key: tuple[Any, ...] = (
                (
                    kind,
                    tuple((self.number(k), self.number(v)) for k, v in value.items()),
                )
                if kind is dict
                else (kind, tuple(self.number(item) for item in value))
            )
            number = self._numbers.setdefault(key, len(self._numbers))
            self._containers[id(value)] = (value, number)
            return number
        if kind is str or kind is int or kind is bool or value is None:
            key = (kind, value)
        else:  # floats (-0.0 == 0.0), dates (equal across time zones): by their text
            key = (kind, repr(value))
        return self._numbers.setdefault(key, len(self._numbers))

    def validator_class(self, base: Any) -> Any:
        """``base`` (a jsonschema Draft 4 validator class) whose ``$ref`` skips values
        that passed it before, and looks each ref up once. Draft 4 has no dynamic
        references: what a ``$ref`` names depends only on the ref and the base URI it
        is read against (the lookup walks the pointer anew each time, a fifth of the
        whole document's check)."""
        plain_ref = base.VALIDATORS["$ref"]
        targets: dict[tuple[str, str], Any] = {}

        def target(validator: Any, ref: str) -> Any:
            """What jsonschema's ``_validate_reference`` looks up, or None where it
            would not (a legacy resolver) or would fail (left to it, to fail as it does).
            """
            if validator._ref_resolver is not None:
                return None
            resolver = validator._resolver
            key = (ref, resolver._base_uri)
            if key not in targets:
                try:
                    targets[key] = resolver.lookup(ref)
                except Exception:
                    return None
            return targets[key]

        def ref(validator: Any, ref: str, instance: Any, schema: Any) -> Iterator[Any]:
            key = (ref, validator._resolver._base_uri, self.number(instance))
            if key in self._passed:
                return
            found = target(validator, ref)
            errors = (
                plain_ref(validator, ref, instance, schema)
                if found is None
                # what _validate_reference does once it has looked the ref up
                else validator.descend(
                    instance, found.contents, resolver=found.resolver
                )
            )
            passed = True
            for error in errors:
                passed = False
                yield error
            # Reached only when the check ran to its end (not abandoned at an error,
            # not interrupted by an exception) without an error.
            if passed:
                self._passed.add(key)

        return extend(base, validators={"$ref": ref})


def memoizing(validator: Any) -> Any:
    """The whole-document validator of openapi-spec-validator, remembering what passed,
    if it is jsonschema's Draft 4 validator (OpenAPI 3.0); else ``validator`` itself
    (OpenAPI 3.1's schema uses dynamic references, which this memo does not model)."""
    if validator.__class__ is not Draft4Validator or not pinned():
        return validator
    cls = ValidSubtrees().validator_class(Draft4Validator)
    # As openapi-spec-validator builds it: the schema, every other field its default.
    return cls(validator.schema, format_checker=validator.format_checker)


def meta_schema_checker(schema_validator_cls: Any) -> Callable[[Any], None] | None:
    """What ``schema_validator_cls.check_schema`` does (openapi-schema-validator's
    ``check_openapi_schema``: raise the first error of the schema against the
    meta-schema), with one validator for every schema of the run instead of one each,
    remembering what passed; None where that is not the draft 4 meta-schema."""
    if schema_validator_cls is None or not pinned():
        return None
    from openapi_schema_validator import validators

    check_openapi_schema = validators.check_openapi_schema
    # The registry check_openapi_schema reads the meta-schema's references from; the
    # module imports it from a private one, which this one does not import.
    registry = validators.OPENAPI_SPECIFICATIONS  # type: ignore[attr-defined]
    check = getattr(schema_validator_cls.check_schema, "__func__", None)
    meta = schema_validator_cls.META_SCHEMA
    if (
        check is not check_openapi_schema
        or validator_for(meta, default=schema_validator_cls) is not Draft4Validator
    ):
        return None
    cls = ValidSubtrees().validator_class(Draft4Validator)
    validator = cls(
        meta,
        format_checker=schema_validator_cls.FORMAT_CHECKER,
        registry=registry,
    )

    def checker(schema: Any) -> None:
        for error in validator.iter_errors(schema):
            raise SchemaError.create_from(error)

    return checker


def fast_subnode(cls: Any, node: Any, part: Any) -> Any:
    """pathable's ``SubscriptableAccessor._get_subnode``, line for line, but for the
    Protocol check it skips for ``dict`` and ``list``."""
    if (
        type(node) is not dict
        and type(node) is not list
        and not isinstance(node, Subscriptable)
    ):
        raise KeyError(part)
    try:
        return node[part]
    except (KeyError, IndexError, TypeError) as exc:
        raise KeyError(part) from exc


def install_fast_subnode() -> bool:
    """Give jsonschema-path's accessors (``LookupAccessor``'s subclasses) ``fast_subnode``
    if pathable is a release it copies; whether it did."""
    if not pinned():
        return False
    inherited = getattr(LookupAccessor._get_subnode, "__func__", None)
    original = getattr(SubscriptableAccessor._get_subnode, "__func__", None)
    if inherited is fast_subnode:
        return True
    if inherited is not original:
        return False
    LookupAccessor._get_subnode = classmethod(fast_subnode)  # type: ignore[assignment,method-assign]
    return True


# Objects allocated (less those freed) between two collections of the youngest
# generation; Python's default is 700.
_YOUNG_THRESHOLD = 50_000


@contextmanager
def collecting_less() -> Iterator[None]:
    """Validation allocates millions of short-lived objects (a jsonschema validator per
    step) and keeps few, so with the collector's defaults its passes over everything
    alive (the spec above all) cost a tenth of the validation of a 5,000-operation
    spec. Here what exists already is frozen (never scanned, never garbage before the
    end) and the youngest generation is collected less often; garbage is still
    collected, and both settings are restored after. Only a threshold below ours is
    raised (and restored): two validations that overlap in one process leave the
    one they found."""
    threshold = gc.get_threshold()
    raised = threshold[0] < _YOUNG_THRESHOLD
    gc.freeze()
    if raised:
        gc.set_threshold(_YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        if raised:
            gc.set_threshold(*threshold)
        gc.unfreeze()
