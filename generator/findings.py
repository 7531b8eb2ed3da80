"""What reading a spec finds wrong: problems, which stop generation, and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
from .load import Spec, line_of
from .schemas import Where


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
