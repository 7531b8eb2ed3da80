"""A change users of the SDK can see, its class, and the semver bump classes imply.

- breaking: code written against the old SDK may stop type-checking or working
  (something it uses is gone or renamed, it must now pass something new, a type it
  sends narrowed or a type it receives widened);
- non-breaking: new things to use, and changes old code cannot notice (a new optional
  parameter, a new response field, a new enum value: the SDK's enums are open);
- docs-only: descriptions, summaries, examples, documented defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from generator.versions.compat import accepts, shape_accepts

# What `generate --bump` takes: a bump by what the spec diff implies, or a given one.
BUMPS = ("auto", "major", "minor", "patch")

Severity = Literal["breaking", "non-breaking", "docs-only"]
BREAKING: Severity = "breaking"
FEATURE: Severity = "non-breaking"
DOCS: Severity = "docs-only"
SEVERITIES: tuple[Severity, ...] = (BREAKING, FEATURE, DOCS)


@dataclass(frozen=True)
class Change:
    """One difference: its class, the rule that classified it, the Python name it
    concerns (``client.messages.list_messages(limit)``) and what happened to it."""

    severity: Severity
    rule: str
    where: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {
            "class": self.severity,
            "rule": self.rule,
            "where": self.where,
            "message": self.message,
        }


def bump_of(changes: Iterable[Change]) -> str:
    """The semver bump the changes imply: major for any breaking change, else minor
    for any non-breaking one, else patch (a spec with no visible change still makes a
    new package: every generated file names the spec's hash)."""
    found = {c.severity for c in changes}
    if BREAKING in found:
        return "major"
    return "minor" if FEATURE in found else "patch"


class Changes:
    """The changes found so far, with the checks several rules share."""

    def __init__(self) -> None:
        self.items: list[Change] = []

    def breaking(self, rule: str, where: str, message: str) -> None:
        self.items.append(Change(BREAKING, rule, where, message))

    def feature(self, rule: str, where: str, message: str) -> None:
        self.items.append(Change(FEATURE, rule, where, message))

    def docs(self, rule: str, where: str, message: str) -> None:
        self.items.append(Change(DOCS, rule, where, message))

    def either(self, breaking: bool, rule: str, where: str, message: str) -> None:
        self.items.append(
            Change(BREAKING if breaking else FEATURE, rule, where, message)
        )

    def ordered(self) -> list[Change]:
        """Breaking changes first, then by the name they concern."""
        return sorted(
            self.items,
            key=lambda c: (SEVERITIES.index(c.severity), c.where, c.rule, c.message),
        )

    def documentation(
        self, where: str, old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        """Description and documented default of one thing.

        Examples are not compared: most are synthesised from the types, whose
        changes are reported on their own.
        """
        for key, noun in (("doc", "description"), ("default", "documented default")):
            if key in old and old[key] != new.get(key):
                self.docs(key, where, f"{noun} changed")

    def type_change(
        self,
        where: str,
        directions: list[str],
        old: str,
        new: str,
        shapes: tuple[Any, Any] | None = None,
    ) -> None:
        """A type change: what users send may only widen, what they receive may only
        narrow (or become ``Any``, which every use type-checks against). ``shapes``:
        the old and new types as trees, compared instead of the text when given."""
        if old == new:
            return
        if shapes is not None:
            widens = shape_accepts(shapes[1], shapes[0])
            narrows = shape_accepts(shapes[0], shapes[1])
        else:
            widens, narrows = accepts(new, old), accepts(old, new)
        ok = True
        if "request" in directions:
            ok = ok and widens
        if "response" in directions:
            ok = ok and (narrows or new == "Any")
        if ok:
            self.feature("type-compatible", where, f"type is now {new} (was {old})")
        else:
            used = " and ".join(d + "s" for d in directions)
            self.breaking(
                "type-changed", where, f"type is now {new} (was {old}; used in {used})"
            )


def shapes_of(
    old: dict[str, Any], new: dict[str, Any], key: str = "shape"
) -> tuple[Any, Any] | None:
    """The old and new types as trees under ``key``, or None when a surface stored
    before trees were lacks them."""
    if old.get(key) is None or new.get(key) is None:
        return None
    return old[key], new[key]
