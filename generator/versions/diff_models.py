"""Diff rules for the generated classes: models and their fields, enums, unions.

Whether a change breaks depends on which way the class travels (``directions`` in
the surface): users build what they send, so it may only accept more, and read what
they receive, so it may only promise more. A class travelling both ways must keep
both promises.
"""

from __future__ import annotations

from typing import Any

from generator.versions.changes import Changes, shapes_of


def removed(out: Changes, name: str, cls: dict[str, Any]) -> None:
    out.breaking("class-removed", f"models.{name}", f"{cls['kind']} removed")


def added(out: Changes, name: str, cls: dict[str, Any]) -> None:
    out.feature("class-added", f"models.{name}", f"new {cls['kind']}")


def changed(out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    if old["kind"] != new["kind"]:
        out.breaking(
            "class-kind", where, f"is now a {new['kind']} (was a {old['kind']})"
        )
        return
    directions = sorted(set(old["directions"]) | set(new["directions"]))
    out.documentation(where, old, new)
    if old["kind"] == "model":
        _fields(out, where, directions, old["fields"], new["fields"])
    elif old["kind"] == "enum":
        _enum(out, where, old, new)
    else:
        _union(out, where, directions, old, new)


def _enum(out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    if old["base"] != new["base"]:
        out.breaking(
            "enum-base", where, f"values are now {new['base']} (were {old['base']})"
        )
    # A removed value takes its member constant with it, whichever way the enum
    # travels; a new one is fine both ways, the enums being open.
    for value in [v for v in old["values"] if v not in new["values"]]:
        out.breaking("enum-value-removed", where, f"value {value!r} removed")
    for value in [v for v in new["values"] if v not in old["values"]]:
        out.feature("enum-value-added", where, f"new value {value!r}")


def _union(
    out: Changes,
    where: str,
    directions: list[str],
    old: dict[str, Any],
    new: dict[str, Any],
) -> None:
    trees = shapes_of(old, new, "variant_shapes")
    out.type_change(
        where,
        directions,
        " | ".join(old["variants"]),
        " | ".join(new["variants"]),
        trees and (_union_of(trees[0]), _union_of(trees[1])),
    )
    if old["discriminator"] != new["discriminator"]:
        message = f"discriminator is now {new['discriminator']!r} (was {old['discriminator']!r})"
        out.feature("discriminator", where, message)


def _fields(
    out: Changes,
    where: str,
    directions: list[str],
    old: dict[str, Any],
    new: dict[str, Any],
) -> None:
    for wire in sorted(old.keys() - new.keys()):
        out.breaking("field-removed", f"{where}.{old[wire]['name']}", "field removed")
    for wire in sorted(new.keys() - old.keys()):
        field = new[wire]
        at = f"{where}.{field['name']}"
        if field["required"] and "request" in directions:
            out.breaking(
                "field-added-required", at, "new required field in a request model"
            )
        else:
            state = "required" if field["required"] else "optional"
            out.feature("field-added", at, f"new {state} field")
    for wire in sorted(old.keys() & new.keys()):
        _field(out, f"{where}.{old[wire]['name']}", directions, old[wire], new[wire])


def _field(
    out: Changes,
    where: str,
    directions: list[str],
    old: dict[str, Any],
    new: dict[str, Any],
) -> None:
    if old["name"] != new["name"]:
        out.breaking("field-renamed", where, f"renamed to {new['name']!r}")
    out.type_change(where, directions, old["type"], new["type"], shapes_of(old, new))
    _optionality(out, where, directions, old, new)
    out.documentation(where, old, new)


def _optionality(
    out: Changes,
    where: str,
    directions: list[str],
    old: dict[str, Any],
    new: dict[str, Any],
) -> None:
    """Requiredness and nullability together decide whether a field may be None.

    Senders break when they must now set a field or may no longer pass None;
    readers break when a field they could rely on may now be None.
    """
    if (old["required"], old["nullable"]) == (new["required"], new["nullable"]):
        return
    old_none = old["nullable"] or not old["required"]
    new_none = new["nullable"] or not new["required"]
    breaking = False
    if "request" in directions:
        breaking = (new["required"] and not old["required"]) or (
            old_none and not new_none
        )
    if "response" in directions:
        breaking = breaking or (new_none and not old_none)
    states = []
    if old["required"] != new["required"]:
        states.append("required" if new["required"] else "optional")
    if old["nullable"] != new["nullable"]:
        states.append("nullable" if new["nullable"] else "not nullable")
    used = " and ".join(d + "s" for d in directions)
    out.either(
        breaking, "optionality", where, f"is now {' and '.join(states)} (in {used})"
    )


def _union_of(variants: list[Any]) -> dict[str, Any]:
    """A union's variants as the tree of one type."""
    return {"kind": "union", "variants": variants}
