"""What reading a spec finds wrong: problems, which stop generation, and warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import Problem
from .load import Spec, line_of
from .schemas import Where

# The words that mark a warning about something of the spec the SDK leaves out.
NOT_GENERATED = "not generated"


def not_generated(pointer: str, what: str, instead: str = "") -> str:
    """The warning for ``what`` (at ``pointer``) that the SDK leaves out: one text,
    so that ``summary`` finds every such warning, whichever stage wrote it."""
    return f"{pointer}: {what} {NOT_GENERATED}" + (f" ({instead})" if instead else "")


def summary(warnings: Iterable[str]) -> list[str]:
    """The lines closing ``generate``: what was not generated, by JSON pointer, and
    how many other warnings there were."""
    warnings = list(dict.fromkeys(warnings))
    left_out = [w for w in warnings if NOT_GENERATED in w]
    if not warnings:
        return []
    lines = [
        f"summary: {len(warnings)} warning(s); {len(left_out)} part(s) of the spec "
        f"{NOT_GENERATED}{':' if left_out else ''}"
    ]
    lines += [f"  {w}" for w in left_out]
    return lines


@dataclass
class Findings:
    """The sink every stage of ``parse`` reports to.

    Problems are collected rather than raised, so one run reports all of them.
    """

    spec: Spec
    lenient: bool
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def problem(self, where: Where, message: str, hint: str) -> None:
        """Record a problem at ``where``, with its source line."""
        self.problems.append(
            Problem(
                where.file,
                where.pointer,
                message,
                hint,
                line_of(self.spec.document(where.file), where.pointer),
            )
        )

    def fault(
        self, where: Where, message: str, hint: str, lenient_outcome: str
    ) -> None:
        """A fault --lenient tolerates: a problem, or with --lenient a warning."""
        if self.lenient:
            self.warnings.append(
                f"{where.pointer}: {message}; {lenient_outcome} (--lenient)"
            )
        else:
            self.problem(where, message, hint + ", or run with --lenient")
