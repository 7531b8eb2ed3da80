"""Validate a spec with openapi-spec-validator, pointing every problem at its place.

The validator's own reports of semantic faults carry no location; here each one gets
the JSON pointer and line of the value at fault. Two of its checks are left to the
parser, which knows the pointers and can repair the fault under ``--lenient``:
duplicate operationIds and path parameters that the path template does not match.

Lenient mode tolerates exactly the faults in ``TOLERATED``: the generator produces the
same correct code with or without them. Every other validation error still stops it.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    OpenAPIValidationError,
    UnresolvableParameterError,
)

from generator.errors import ConfigError, Problem, SpecError
from generator.load.pointers import pointer_of, tokens
from generator.load.spec import Spec, line_of
from generator.load.validation_speed import (
    collecting_less,
    install_fast_subnode,
    memoizing,
    meta_schema_checker,
)

# The faults --lenient turns into warnings, and why the generated code is unaffected.
TOLERATED = {
    "default": "a `default` that does not match its schema (e.g. `default: null` on a "
    "schema that is not nullable): defaults are documentation only, the generated "
    "code never sends them",
}
_MAX_PROBLEMS = 20
# The validator recurses along every chain of $refs; a valid spec with long chains
# of schemas needs far more than Python's default stack.
_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 200_000


class _LocatedError(OpenAPIValidationError):
    """An error the validator reported without its place; ``parts`` is the path to it
    (through ``$ref``s, as the validator walked)."""

    parts: tuple[Any, ...] = ()


class _DefaultError(_LocatedError):
    """A ``default`` that does not match its schema."""


def _located(errors: Any, parts: tuple[Any, ...], cls: type[_LocatedError]) -> Any:
    for error in errors:
        if isinstance(error, _LocatedError):
            yield error  # located already, by a nested schema
            continue
        located = cls.create_from(error)
        located.parts = (*parts, *tuple(getattr(error, "absolute_path", ()) or ()))
        yield located


class _IdSet(set[int]):
    """The validator keeps the ids of the schemas it has seen in lists, which makes it
    quadratic in the number of schemas; a set that also answers ``append`` makes it
    linear."""

    def append(self, item: int) -> None:
        self.add(item)


def _locating(spec_validator: Any, schema_validator: Any, value_validator: Any) -> Any:
    """``spec_validator`` whose schema and default checks say where each error is."""

    class Schema(schema_validator):  # type: ignore[misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdSet()
            self.meta_checked_schema_ids = _IdSet()
            # OpenAPI 3.0's check of each schema against the meta-schema, with one
            # validator for the run (see validation_speed); None for 3.1's dialects.
            self._meta_check = meta_schema_checker(
                getattr(self, "schema_validator_cls", None)
            )

        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            if self._meta_check is not None:
                return self._meta_check
            return super()._get_schema_checker(schema, schema_value)

        def __call__(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
            errors = super().__call__(schema, *args, **kwargs)
            return _located(errors, tuple(schema.parts), _LocatedError)

        def _collect_properties(self, schema: Any) -> set[str]:
            """The validator's own walk has no memory of where it has been: a cycle
            through allOf/anyOf/oneOf/items/not below an ``allOf`` (an array of
            itself, say) recursed until memory ran out. Each schema is entered once."""
            props: set[str] = set()
            seen: set[int] = set()
            stack = [schema]
            while stack:
                current = stack.pop()
                value = current.read_value()
                if id(value) in seen or not isinstance(value, dict):
                    continue
                seen.add(id(value))
                if "properties" in current:
                    props.update((current / "properties").keys())
                for keyword in ("allOf", "anyOf", "oneOf"):
                    if keyword in current:
                        stack.extend(current / keyword)
                for keyword in ("items", "not"):
                    if keyword in current:
                        stack.append(current / keyword)
            return props

    class Default(value_validator):  # type: ignore[misc]
        def __call__(self, schema: Any, value: Any) -> Any:
            parts = (*tuple(schema.parts), "default")
            return _located(super().__call__(schema, value), parts, _DefaultError)

    class Validator(spec_validator):  # type: ignore[misc]
        keyword_validators = {
            **spec_validator.keyword_validators,
            "default": Default,
            "schema": Schema,
        }

    return Validator


# What ``_locating`` relies on of the validator's internals; pyproject.toml bounds its
# version to the releases that have them.
_INTERNALS = (
    "OpenAPIV30SchemaValidator",
    "OpenAPIV30ValueValidator",
    "OpenAPIV31SchemaValidator",
    "OpenAPIV31ValueValidator",
)


def missing_internals(module: Any, spec_validators: tuple[Any, ...]) -> list[str]:
    """What of openapi-spec-validator's internals that ``_locating`` extends is not
    there (``module`` is its ``validation.keywords``): a release that renamed them
    would otherwise validate without pointers, or not at all."""
    missing = [f"keywords.{name}" for name in _INTERNALS if not hasattr(module, name)]
    missing += [
        f"{v.__name__}.keyword_validators[{key!r}]"
        for v in spec_validators
        for key in ("default", "schema")
        if key not in getattr(v, "keyword_validators", {})
    ]
    if not hasattr(OpenAPIValidationError, "create_from"):
        missing.append("OpenAPIValidationError.create_from")
    return missing


def _require_internals() -> None:
    missing = missing_internals(
        keywords, (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator)
    )
    if missing:
        raise ConfigError(
            f"openapi-spec-validator {version('openapi-spec-validator')} lacks what "
            f"sdkgen extends ({', '.join(missing)}); install the version pyproject.toml "
            "of sdkgen allows: pip install -e ."
        )


_require_internals()
install_fast_subnode()
_Validator30 = _locating(
    OpenAPIV30SpecValidator,
    keywords.OpenAPIV30SchemaValidator,
    keywords.OpenAPIV30ValueValidator,
)
_Validator31 = _locating(
    OpenAPIV31SpecValidator,
    keywords.OpenAPIV31SchemaValidator,
    keywords.OpenAPIV31ValueValidator,
)


def validate(spec: Spec, *, lenient: bool) -> None:
    """Raise a SpecError with every intolerable problem; record tolerated ones as warnings."""
    with collecting_less():
        errors, failure = _run_in_big_stack(spec)
    problems: list[Problem] = []
    seen: set[str] = set()
    for error in errors:
        if isinstance(error, (DuplicateOperationIDError, UnresolvableParameterError)):
            continue
        if isinstance(error, _DefaultError):
            file, pointer = _locate(spec, error.parts)
            if pointer in seen:
                continue
            seen.add(pointer)
            message = f"default {_short(repr(error.instance), 60)} does not match its schema: {_short(error.message)}"
            if lenient:
                found = _problem(
                    spec, file, pointer, f"{message} (ignored: --lenient)", ""
                )
                spec.warnings.append(replace(found, severity="warning"))
                continue
            problems.append(
                _problem(
                    spec,
                    file,
                    pointer,
                    message,
                    "fix or remove the default, or run with --lenient",
                )
            )
        else:
            error = _deepest(spec, error)
            if isinstance(error, _LocatedError):
                file, pointer = _locate(spec, error.parts)
            else:
                file, pointer = spec.root.path, pointer_of(list(error.absolute_path))
            if pointer in seen:
                continue  # the same fault, seen again by another of the validator's checks
            seen.add(pointer)
            message = _short(getattr(error, "message", str(error)))
            problems.append(
                _problem(
                    spec,
                    file,
                    pointer,
                    message,
                    "see the OpenAPI specification for what is allowed here",
                )
            )
    # In the document's order: the validator's own changes from run to run (it walks
    # some objects' keys as a ``set``).
    problems.sort(key=lambda p: (str(p.file), p.line or 0, p.pointer, p.message))
    del problems[_MAX_PROBLEMS:]
    if failure:
        problems.append(
            Problem(
                spec.root.path, "", failure, "run the validator on the file to see more"
            )
        )
    if problems:
        raise SpecError(problems)


def _run_in_big_stack(spec: Spec) -> tuple[list[Any], str]:
    """The validator's errors (at most a few more than are reported), and a message if
    it could not finish. It runs in a thread with a large stack, recursion allowed deep.
    """
    version = str(spec.data.get("openapi", ""))
    base = _Validator31 if version.startswith("3.1") else _Validator30
    files = _LoadedFiles(spec)
    cls = type(
        base.__name__,
        (base,),
        {
            "resolver_handlers": {
                s: files for s in ("<all_urls>", "file", "http", "https")
            },
            # The document against the OpenAPI schema, each passing value once per
            # $ref (see validation_speed).
            "schema_validator": memoizing(base.schema_validator),
        },
    )
    errors: list[Any] = []
    failure: list[str] = []

    def run() -> None:
        try:
            for error in cls(spec.data, base_uri=spec.root.path.as_uri()).iter_errors():
                errors.append(error)
                if len(errors) >= _MAX_PROBLEMS * 5:
                    break
        except RecursionError:
            failure.append("the spec nests too deeply to validate")
        except Exception as exc:  # the validator raises its own errors for odd input
            # (and wraps a refused file in one of them: say why it was refused)
            failure.append(
                files.refused[0]
                if files.refused
                else f"validation failed: {_short(str(exc))}"
            )

    previous_stack = threading.stack_size(_STACK_BYTES)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        thread = threading.Thread(target=run, name="sdkgen-validate")
        thread.start()
        thread.join()
    except RuntimeError:  # no memory for the big stack: try with the normal one
        sys.setrecursionlimit(previous_limit)
        run()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    return errors, failure[0] if failure else ""


class _RefusedFile(Exception):
    pass


class _LoadedFiles:
    """The validator's only way to a referenced file: the documents the loader read
    (and checked) already, or another regular file under the ref root, read as the
    loader reads. The validator follows ``$ref``s the loader takes for data (in a
    ``default``, say), so without this it would read, and quote in its errors, any
    file on the machine."""

    def __init__(self, spec: Spec) -> None:
        self._spec = spec
        self.refused: list[str] = []

    def __call__(self, uri: str) -> Any:
        from urllib.parse import unquote, urlparse

        from generator.load.documents import read_document

        parsed = urlparse(uri)
        try:
            path = Path(unquote(parsed.path)).resolve()
            inside = parsed.scheme == "file" and path.is_relative_to(
                self._spec.ref_root
            )
        except (OSError, RuntimeError, ValueError):
            inside = False
        if not inside:
            self.refused.append(
                f"a $ref reaches {uri[:200]}, outside {self._spec.ref_root}, the folder "
                "$refs may read (remote files are never fetched)"
            )
            raise _RefusedFile(self.refused[-1])
        if path not in self._spec.documents:
            self._spec.documents[path] = read_document(path)
        return self._spec.documents[path].data


def _locate(spec: Spec, parts: tuple[Any, ...]) -> tuple[Path, str]:
    """The file and pointer of the value at ``parts``, a path the validator walked
    through ``$ref``s: each ``$ref`` on the way moves to the place it points at."""
    file, node = spec.root.path, spec.data
    path: list[Any] = []
    for part in parts:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node, file, pointer = spec.resolve(node["$ref"], file, pointer_of(path))
            path = list(tokens(pointer))
        path.append(part)
        node = (
            node.get(part)
            if isinstance(node, dict)
            else (
                node[part]
                if isinstance(node, list) and isinstance(part, int) and part < len(node)
                else None
            )
        )
    return file, pointer_of(path)


def _deepest(spec: Spec, error: Any) -> Any:
    """For "not valid under any of the given schemas", the sub-error that got furthest
    into the document: its place and message say what is wrong, the summary does not.
    Of several as deep, the first in the document: the validator meets them in the
    order of a ``set`` (additional properties), which changes from run to run."""
    found, stack = [error], list(getattr(error, "context", None) or [])
    while stack:
        candidate = stack.pop()
        found.append(candidate)
        stack.extend(candidate.context or [])
    depth = max(len(e.absolute_path) for e in found)
    deepest = [e for e in found if len(e.absolute_path) == depth]
    if len(error.absolute_path) == depth:
        return error  # itself the deepest: its place may be known only to it
    if len(deepest) == 1:
        return deepest[0]

    def place(e: Any) -> tuple[int, str]:
        pointer = pointer_of(list(e.absolute_path))
        return line_of(spec.document(spec.root.path), pointer) or 0, pointer

    return min(deepest, key=place)  # at one place, the first the walk met


def _problem(spec: Spec, file: Path, pointer: str, message: str, hint: str) -> Problem:
    return Problem(file, pointer, message, hint, line_of(spec.document(file), pointer))


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
