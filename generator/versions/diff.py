"""Compare two versions of a spec as the SDK's users see them.

Both specs go through the normal pipeline up to the model (``build.spec_surface``),
which is flattened into the SDK's public surface (``surface.py``). Two surfaces are compared
here for the API as a whole (auth, errors, servers), in ``diff_operations.py`` for
each method and in ``diff_models.py`` for each class; ``changes.py`` says what the
classes breaking / non-breaking / docs-only mean and which semver bump they imply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.versions import diff_models, diff_operations, diff_webhooks
from generator.versions.changes import (
    BREAKING,
    DOCS,
    FEATURE,
    SEVERITIES,
    Change,
    Changes,
    bump_of,
)
from generator.versions.surface import Surface

Rule = Callable[[Changes, str, dict[str, Any]], None]


def diff_surfaces(old: Surface, new: Surface) -> list[Change]:
    """Every change from ``old`` to ``new``, breaking ones first."""
    out = Changes()
    _api(out, old, new)
    _auth(out, old["auth"], new["auth"])
    _errors(out, old["errors"], new["errors"])
    operations = _paired(
        out,
        old["operations"],
        new["operations"],
        diff_operations.added,
        diff_operations.removed,
    )
    for key, before, after in operations:
        diff_operations.changed(out, f"client.{key}", before, after)
    classes = _paired(
        out, old["classes"], new["classes"], diff_models.added, diff_models.removed
    )
    for name, before, after in classes:
        diff_models.changed(out, f"models.{name}", before, after)
    # A surface stored before callbacks were generated has none.
    hooks = _paired(
        out,
        old.get("webhooks", {}),
        new.get("webhooks", {}),
        diff_webhooks.added,
        diff_webhooks.removed,
    )
    for key, before, after in hooks:
        diff_webhooks.changed(out, key, before, after)
    return out.ordered()


def report(changes: list[Change], old_name: str, new_name: str) -> str:
    """The changes as text for people: grouped by class, with the bump they imply."""
    bump = bump_of(changes)
    lines = [f"{old_name} to {new_name}: {len(changes)} change(s); semver bump: {bump}"]
    marks = {BREAKING: "!", FEATURE: "+", DOCS: "~"}
    for severity in SEVERITIES:
        group = [c for c in changes if c.severity == severity]
        if group:
            lines += ["", f"{severity} ({len(group)}):"]
            lines += [f"  {marks[severity]} {c.where}: {c.message}" for c in group]
    return "\n".join(lines) + "\n"


def to_json(changes: list[Change]) -> dict[str, Any]:
    """The changes for machines: every change with its class, and the bump."""
    return {
        "bump": bump_of(changes),
        "counts": {s: sum(1 for c in changes if c.severity == s) for s in SEVERITIES},
        "changes": [c.to_json() for c in changes],
    }


def _paired(
    out: Changes, old: dict[str, Any], new: dict[str, Any], added: Rule, removed: Rule
) -> list[tuple[str, Any, Any]]:
    """Report the keys only in ``new`` or only in ``old``; return those in both."""
    for key in sorted(old.keys() - new.keys()):
        removed(out, key, old[key])
    for key in sorted(new.keys() - old.keys()):
        added(out, key, new[key])
    return [(key, old[key], new[key]) for key in sorted(old.keys() & new.keys())]


def _api(out: Changes, old: Surface, new: Surface) -> None:
    for key, noun in (("title", "title"), ("spec_version", "spec version")):
        if old[key] != new[key]:
            out.docs(key, "api", f"{noun} is now {new[key]!r} (was {old[key]!r})")
    if old["doc"] != new["doc"]:
        out.docs("doc", "api", "description changed")
    if old["servers"] != new["servers"]:
        now, was = (", ".join(s["servers"]) or "none" for s in (new, old))
        out.feature("servers", "api", f"servers are now {now} (were {was})")


def _auth(out: Changes, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Each scheme is a set of keyword arguments of ``Client``."""
    for key in sorted(old.keys() - new.keys()):
        message = (
            f"auth scheme {key!r} removed (arguments {', '.join(old[key]['params'])})"
        )
        out.breaking("auth-removed", "Client", message)
    for key in sorted(new.keys() - old.keys()):
        params = ", ".join(new[key]["params"])
        out.feature(
            "auth-added", "Client", f"new auth scheme {key!r} (arguments {params})"
        )
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        out.documentation(f"Client auth scheme {key!r}", before, after)
        if (before["kind"], before["params"]) != (after["kind"], after["params"]):
            message = (
                f"auth scheme {key!r} is now {after['kind']} ({', '.join(after['params'])}), "
                f"was {before['kind']} ({', '.join(before['params'])})"
            )
            out.breaking("auth-changed", "Client", message)


def _errors(out: Changes, old: list[str], new: list[str]) -> None:
    for name in sorted(set(old) - set(new)):
        out.breaking("error-removed", name, "error class removed")
    for name in sorted(set(new) - set(old)):
        out.feature("error-added", name, "new error class")
