"""Diff rules for callbacks and webhooks: the ``webhooks.parse_*`` functions users'
endpoints call on what the API posts them.

A payload travels like a response (the API sends it, users' code reads it), so its
type may only narrow; its classes are compared with the other classes, as received
(``surface._directions``). Changing how a callback is authenticated changes the parse
function's keyword arguments, so it breaks the endpoints that call it.
"""

from __future__ import annotations

from typing import Any

from generator.versions.changes import Changes, shapes_of


def removed(out: Changes, key: str, hook: dict[str, Any]) -> None:
    out.breaking("webhook-removed", key, f"{hook['kind']} {hook['name']!r} removed")


def added(out: Changes, key: str, hook: dict[str, Any]) -> None:
    out.feature("webhook-added", key, f"new {hook['kind']} {hook['name']!r}")


def changed(out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    out.type_change(
        f"{where} payload",
        ["response"],
        old["payload"],
        new["payload"],
        shapes_of(old, new, "payload_shape"),
    )
    if old["auth"] != new["auth"]:
        now, was = new["auth"] or "none", old["auth"] or "none"
        message = (
            f"authentication is now {now} (was {was}): its keyword arguments changed"
        )
        out.breaking("webhook-auth", where, message)
    if (old["method"], old["expression"]) != (new["method"], new["expression"]):
        message = (
            f"now sent as {new['method']} {new['expression'] or '(webhook)'} "
            f"(was {old['method']} {old['expression'] or '(webhook)'})"
        )
        out.feature("webhook-moved", where, message)
    if old["registered_by"] != new["registered_by"]:
        now = ", ".join(new["registered_by"]) or "no operation"
        out.docs("webhook-registered-by", where, f"registered by {now}")
    out.documentation(where, old, new)
