"""The one channel for what reading a spec finds: errors, which stop generation, and
warnings. Every stage reports a ``Finding``; all print in one format,
``file:line: #/pointer: message`` and the hint on the next line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Protocol

Severity = Literal["error", "warning"]

# The words that mark a warning about something of the spec the SDK leaves out.
NOT_GENERATED = "not generated"


@dataclass(frozen=True)
class Finding:
    """A problem (``severity`` error: nothing is generated) or a warning, where it is.

    ``file`` is None only for what no file holds (a ``[tool.generator]`` setting named
    in ``pointer``); ``line`` is filled in by ``Findings.located`` when not known.
    """

    file: Path | None
    pointer: str
    message: str
    hint: str = ""
    line: int | None = None
    severity: Severity = "error"
    # A part of the spec the SDK does not generate (see ``summary``).
    left_out: bool = False

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file or "")
        text = ": ".join(p for p in (where, self.pointer or "#", self.message) if p)
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class Where(Protocol):
    @property
    def file(self) -> Path: ...

    @property
    def pointer(self) -> str: ...


def warning(where: Where, message: str, hint: str = "") -> Finding:
    return Finding(where.file, where.pointer, message, hint, severity="warning")


def not_generated(where: Where, what: str, instead: str = "") -> Finding:
    """The warning for ``what`` (at ``where``) that the SDK leaves out: one text, so
    that ``summary`` lists every such warning, whichever stage wrote it."""
    message = f"{what} {NOT_GENERATED}" + (f" ({instead})" if instead else "")
    return Finding(
        where.file, where.pointer, message, severity="warning", left_out=True
    )


def summary(warnings: Iterable[Finding]) -> list[str]:
    """The lines closing ``generate``: what was not generated, by JSON pointer, and
    how many other warnings there were."""
    warnings = list(dict.fromkeys(warnings))
    left_out = [w for w in warnings if w.left_out]
    if not warnings:
        return []
    lines = [
        f"summary: {len(warnings)} warning(s); {len(left_out)} part(s) of the spec "
        f"{NOT_GENERATED}{':' if left_out else ''}"
    ]
    lines += [f"  {w.pointer}: {w.message}" for w in left_out]
    return lines


@dataclass
class Findings:
    """The sink every stage of ``parse`` reports to.

    Problems are collected rather than raised, so one run reports all of them.
    ``line_of`` gives the line of a JSON pointer in a file of the spec.
    """

    line_of: Callable[[Path, str], int | None]
    lenient: bool
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    def problem(self, where: Where, message: str, hint: str) -> None:
        """Record a problem at ``where``, with its source line."""
        self.problems.append(
            Finding(
                where.file,
                where.pointer,
                message,
                hint,
                self.line_of(where.file, where.pointer),
            )
        )

    def fault(
        self, where: Where, message: str, hint: str, lenient_outcome: str
    ) -> None:
        """A fault --lenient tolerates: a problem, or with --lenient a warning."""
        if self.lenient:
            self.warnings.append(
                warning(where, f"{message}; {lenient_outcome} (--lenient)")
            )
        else:
            self.problem(where, message, hint + ", or run with --lenient")

    def located(self, found: Iterable[Finding]) -> tuple[Finding, ...]:
        """``found`` once each, in order, every one with its line when a file holds it."""
        return tuple(
            (
                replace(f, line=self.line_of(f.file, f.pointer))
                if f.file is not None and f.line is None and f.pointer.startswith("#")
                else f
            )
            for f in dict.fromkeys(found)
        )
