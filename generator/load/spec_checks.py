"""The entry points of validation, cheap to import: the validation process unpickles
its calls into this module before it imports openapi-spec-validator (``validation``).
"""

from __future__ import annotations

import sys

from generator.errors import Problem, SpecError
from generator.findings import Finding
from generator.load.spec import Spec


def preload_validator() -> None:
    """Import the validator ahead of ``validate_spec``: in a process started for
    validation, this overlaps the import with loading the spec.

    It also keeps ``requests`` out of that process: the validator's path library imports
    it only to fetch remote ``$ref``s, which the loader refuses (local files it reads
    with urllib instead), and importing it is a fifth of the validator's import time.
    """
    sys.modules.setdefault("requests", None)  # type: ignore[arg-type]
    from generator.load import validation  # noqa: F401


def validate_spec(spec: Spec, *, lenient: bool = False) -> None:
    """Validate against the OpenAPI schema; raise one SpecError naming every problem.

    With ``lenient``, the faults listed in ``validation.TOLERATED`` become warnings
    (in ``spec.warnings``) instead.
    """
    # openapi-spec-validator costs half a second to import, so it is imported only
    # when a spec actually has to be validated.
    from generator.load.validation import validate

    validate(spec, lenient=lenient)


def spec_problems(
    spec: Spec, lenient: bool = False
) -> tuple[list[Problem], list[Finding]]:
    """What validation finds wrong with ``spec``, and what --lenient let through as
    warnings. It runs in the validation process, so it lives here and not beside its
    caller in ``build``: unpickling the call there imports only this module."""
    preload_validator()
    # Only what validation adds: the loader's warnings are the caller's already.
    before = len(spec.warnings)
    try:
        validate_spec(spec, lenient=lenient)
    except SpecError as exc:
        return exc.problems, spec.warnings[before:]
    return [], spec.warnings[before:]
