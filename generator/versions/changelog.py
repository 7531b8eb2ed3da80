"""Versions and the changelog of the generated package.

The output folder keeps ``.sdkgen-history.json``: the public surface of the SDK at
the last generation (see ``surface.py``), the releases so far (version, spec, the
changes users can see) and the surface the newest release started from. A run:

- compares the stored surface with the new one to pick the version when asked to
  bump (``generate --bump auto``), and
- rewrites the newest release's changes as the diff between its starting surface and
  the new one, or opens a new release when the version changed.

So regenerating without a version change folds the new changes into the current
release (a field added then removed leaves no trace), and ``check`` on an output in
sync recomputes exactly the stored history. No clock is read: the changelog carries
versions and spec versions, never dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from json.encoder import encode_basestring
from typing import Any

from generator.errors import ConfigError
from generator.model import text as txt
from generator.model.ir import Api
from generator.versions.changes import BREAKING, BUMPS, DOCS, FEATURE, Change, bump_of
from generator.versions.diff import diff_surfaces
from generator.versions.surface import FORMAT, Spelling, Surface, surface

_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_SECTIONS = (
    (BREAKING, "Breaking changes"),
    (FEATURE, "New features"),
    (DOCS, "Documentation"),
)


@dataclass(frozen=True)
class Release:
    version: str
    spec: str
    spec_version: str
    changes: tuple[Change, ...] = ()
    initial: bool = False


@dataclass(frozen=True)
class History:
    """What the output folder remembers of earlier generations."""

    surface: Surface | None = None
    spec_sha256: str = ""
    # The surface before the newest release's changes; None while it is the first.
    base: Surface | None = None
    releases: tuple[Release, ...] = field(default=())

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> History:
        """The history stored as ``data`` (see ``write.read_state``); an empty one if
        there is none or it is of another format (an older generator's). One of this
        format in another shape is a ``ValueError`` saying so: it was edited."""
        if data is None or data.get("format") != FORMAT:
            return cls()
        try:
            if not isinstance(data["surface"], dict):
                raise TypeError("surface")
            if data["base"] is not None and not isinstance(data["base"], dict):
                raise TypeError("base")
            return cls(
                surface=data["surface"],
                spec_sha256=str(data["spec_sha256"]),
                base=data["base"],
                releases=tuple(_release(r) for r in data["releases"]),
            )
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(
                f"it is not a history of format {FORMAT}: {type(exc).__name__} {str(exc)[:100]}"
            ) from None

    def to_bytes(self) -> bytes:
        data = {
            "_comment": "Written by sdkgen: the SDK surface and releases so far. Do not edit.",
            "format": FORMAT,
            "spec_sha256": self.spec_sha256,
            "releases": [
                {
                    "version": r.version,
                    "spec": r.spec,
                    "spec_version": r.spec_version,
                    "initial": r.initial,
                    "changes": [c.to_json() for c in r.changes],
                }
                for r in self.releases
            ],
            "surface": self.surface,
            "base": self.base,
        }
        return (_dumps(data, "") + "\n").encode()

    def changes_since(self, new: Surface) -> list[Change]:
        """What users see change from the last generation to ``new``."""
        return diff_surfaces(self.surface, new) if self.surface is not None else []

    def advance(self, api: Api, version: str, spell: Spelling) -> History:
        """The history once ``api`` has been generated as ``version`` (its types
        written by ``spell``)."""
        new = surface(api, spell)
        if self.surface is None or not self.releases:
            first = Release(version, api.spec_name, api.version, initial=True)
            return History(new, api.spec_sha256, None, (first,))
        top = self.releases[0]
        if version != top.version:
            release = Release(
                version,
                api.spec_name,
                api.version,
                tuple(diff_surfaces(self.surface, new)),
            )
            return History(
                new, api.spec_sha256, self.surface, (release, *self.releases)
            )
        changes = tuple(diff_surfaces(self.base, new)) if self.base is not None else ()
        top = replace(
            top, spec=api.spec_name, spec_version=api.version, changes=changes
        )
        return History(new, api.spec_sha256, self.base, (top, *self.releases[1:]))


# One encoder for every value: ``json.dumps`` with options builds a new one per call,
# and the history of a big API is written a line at a time (half a million lines at
# 5,000 operations).
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def _dumps(value: Any, indent: str, width: int = 160) -> str:
    """JSON with sorted keys, each value on one line when it fits in ``width``: a
    field or a parameter per line keeps the file short and its diffs readable."""
    if isinstance(value, str):
        return encode_basestring(value)
    if not isinstance(value, (dict, list)) or not value:
        return _ENCODE(value)
    budget = width - len(indent)
    # Encoding a value to learn that it is too long would encode every big value once
    # per level it is nested in (the surface, each class, its fields...).
    if _length_at_least(value, budget) <= budget:
        flat = _ENCODE(value)
        if len(flat) <= budget:
            return flat
    inner = indent + " "
    if isinstance(value, list):
        items = [inner + _dumps(v, inner, width) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    items = [
        f"{inner}{_ENCODE(k)}: {_dumps(value[k], inner, width)}" for k in sorted(value)
    ]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def _length_at_least(value: dict[str, Any] | list[Any], cap: int) -> int:
    """A lower bound of the length of ``value`` encoded on one line (a string's
    escapes and a number's digits aside), counted only until it passes ``cap``."""
    total = 2 * len(value)  # the brackets and the ", " between items
    if isinstance(value, dict):
        for key, item in value.items():
            if total > cap:
                return total
            total += len(key) + 4  # the key's quotes and ": "
            total += _item_at_least(item, cap - total)
        return total
    for item in value:
        if total > cap:
            return total
        total += _item_at_least(item, cap - total)
    return total


def _item_at_least(item: Any, cap: int) -> int:
    if isinstance(item, str):
        return len(item) + 2
    if isinstance(item, (dict, list)):
        return _length_at_least(item, cap)
    return 1


def _release(data: dict[str, Any]) -> Release:
    return Release(
        version=str(data["version"]),
        spec=str(data["spec"]),
        spec_version=str(data["spec_version"]),
        changes=tuple(
            Change(c["class"], c["rule"], c["where"], c["message"])
            for c in data["changes"]
        ),
        initial=bool(data["initial"]),
    )


def release_version(
    current: str, bump: str | None, history: History, api: Api, spell: Spelling
) -> str:
    """The version to generate: ``current``, bumped as asked.

    ``auto`` bumps by what the diff from the last generation implies, and not at all
    when neither the spec nor the surface changed (running it twice bumps once).
    """
    if bump is None:
        return current
    if bump == "auto":
        if history.surface is None:
            return current
        changes = history.changes_since(surface(api, spell))
        if not changes and history.spec_sha256 == api.spec_sha256:
            return current
        bump = bump_of(changes)
    return next_version(current, bump)


def next_version(version: str, bump: str) -> str:
    """``1.2.3`` bumped by ``major``, ``minor`` or ``patch``."""
    match = _SEMVER.match(version)
    if match is None:
        raise ConfigError(
            f"version {version!r} is not MAJOR.MINOR.PATCH; set it in [tool.generator]"
        )
    major, minor, patch = (int(part) for part in match.groups())
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ConfigError(f"unknown bump {bump!r}; use one of {', '.join(BUMPS)}")


# -- CHANGELOG.md ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    # (where, what happened) pairs, already in display order.
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReleaseView:
    version: str
    summary: str
    sections: tuple[Section, ...]


def release_views(
    history: History,
    where: Callable[[str], str] = str,
    message: Callable[[str], str] = str,
) -> tuple[ReleaseView, ...]:
    """What the ``project/CHANGELOG.md.j2`` template receives as ``releases``, newest
    first. ``where`` and ``message`` word each change in the package's own language
    (the diff words it as the Python SDK has it); a change ``where`` names "" is not
    in that package and left out."""
    return tuple(_view(r, where, message) for r in history.releases)


def _view(
    release: Release, where: Callable[[str], str], message: Callable[[str], str]
) -> ReleaseView:
    spec = (
        f"{release.spec} (spec version {release.spec_version})"
        if release.spec_version
        else release.spec
    )
    if release.initial:
        summary = f"First generated release, from {spec}."
    elif not release.changes:
        summary = f"Generated from {spec}; no changes visible to SDK users."
    else:
        summary = f"Generated from {spec}; semver bump implied by the changes: {bump_of(release.changes)}."
    sections = tuple(
        Section(
            title,
            tuple(
                (where(c.where), message(c.message))
                for c in release.changes
                if c.severity == severity and where(c.where)
            ),
        )
        for severity, title in _SECTIONS
        if any(c.severity == severity and where(c.where) for c in release.changes)
    )
    return ReleaseView(release.version, txt.clean(summary), sections)
