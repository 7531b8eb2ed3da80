"""Diff rules for one operation: the method users call, its arguments and results.

Everything an operation takes travels in a request, so argument types may only
widen; everything it returns travels in a response, so result types may only narrow.
"""

from __future__ import annotations

from typing import Any

from generator.versions.changes import Changes, shapes_of


def removed(out: Changes, key: str, op: dict[str, Any]) -> None:
    out.breaking(
        "operation-removed",
        f"client.{key}",
        f"operation removed ({op['method']} {op['path']})",
    )


def added(out: Changes, key: str, op: dict[str, Any]) -> None:
    out.feature(
        "operation-added",
        f"client.{key}",
        f"new operation ({op['method']} {op['path']})",
    )


def changed(out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    if (old["method"], old["path"]) != (new["method"], new["path"]):
        message = f"now sends {new['method']} {new['path']} (was {old['method']} {old['path']})"
        out.feature("endpoint-moved", where, message)
    if old["server"] != new["server"]:
        message = (
            f"server is now {new['server'] or 'none'} (was {old['server'] or 'none'})"
        )
        out.feature("server", where, message)
    _deprecation(out, where, old, new)
    out.documentation(where, old, new)
    _parameters(out, where, old, new)
    _body(out, where, old["body"], new["body"])
    _returns(out, where, old, new)
    _responses(out, where, old["responses"], new["responses"])
    _pagination(out, where, old, new)
    _security(out, where, old["security"], new["security"])


def _deprecation(
    out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    if old["deprecated"] != new["deprecated"]:
        state = "deprecated" if new["deprecated"] else "no longer deprecated"
        out.feature("deprecated", where, f"is {state}")


def _parameters(
    out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    before, after = old["params"], new["params"]
    for key in sorted(before.keys() - after.keys()):
        out.breaking(
            "parameter-removed", f"{where}({before[key]['name']})", "parameter removed"
        )
    for key in sorted(after.keys() - before.keys()):
        param = after[key]
        at = f"{where}({param['name']})"
        if param["required"]:
            out.breaking("parameter-added-required", at, "new required parameter")
        else:
            out.feature("parameter-added", at, "new optional parameter")
    for key in sorted(before.keys() & after.keys()):
        _parameter(out, f"{where}({before[key]['name']})", before[key], after[key])
    same_names = set(old["positional"]) == set(new["positional"])
    if old["positional"] != new["positional"] and same_names:
        message = f"positional arguments reordered: ({', '.join(new['positional'])})"
        out.breaking("positional-order", where, message)


def _parameter(
    out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    if old["name"] != new["name"]:
        out.breaking("parameter-renamed", where, f"renamed to {new['name']!r}")
    if old["required"] != new["required"]:
        state = "required" if new["required"] else "optional"
        out.either(new["required"], f"parameter-{state}", where, f"is now {state}")
    out.type_change(where, ["request"], old["type"], new["type"], shapes_of(old, new))
    _deprecation(out, where, old, new)
    out.documentation(where, old, new)


def _body(
    out: Changes, op: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> None:
    if old is None and new is None:
        return
    if old is None or new is None:
        some = old or new or {}
        where = f"{op}({some['name']})"
        if new is None:
            out.breaking("body-removed", where, "request body removed")
        else:
            state = "required" if new["required"] else "optional"
            out.either(
                new["required"], "body-added", where, f"new {state} request body"
            )
        return
    where = f"{op}({old['name']})"
    if old["required"] != new["required"]:
        state = "required" if new["required"] else "optional"
        out.either(new["required"], "body-required", where, f"is now {state}")
    out.type_change(where, ["request"], old["type"], new["type"], shapes_of(old, new))
    if old["media_type"] != new["media_type"]:
        message = f"sent as {new['media_type']} (was {old['media_type']})"
        out.feature("media-type", where, message)
    out.documentation(where, old, new)


def _returns(
    out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    if old["returns"] == new["returns"]:
        return
    if old["returns"] == "None":
        out.feature("returns", where, f"now returns {new['returns']} (was None)")
    else:
        out.type_change(
            f"{where} return value",
            ["response"],
            old["returns"],
            new["returns"],
            shapes_of(old, new, "returns_shape"),
        )


def _responses(
    out: Changes, where: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    """Statuses come and go without breaking calls (an unexpected status still raises);
    the body of an error response users read from the exception may only narrow."""
    for status in sorted(old.keys() - new.keys()):
        out.feature("response-removed", where, f"no longer answers {status}")
    for status in sorted(new.keys() - old.keys()):
        error = new[status]["error"]
        message = f"may now answer {status}" + (f" (raises {error})" if error else "")
        out.feature("response-added", where, message)
    for status in sorted(old.keys() & new.keys()):
        at = f"{where} response {status}"
        if old[status]["error"]:
            out.type_change(
                at,
                ["response"],
                old[status]["type"],
                new[status]["type"],
                shapes_of(old[status], new[status]),
            )
        out.documentation(at, old[status], new[status])


def _pagination(
    out: Changes, where: str, old_op: dict[str, Any], new_op: dict[str, Any]
) -> None:
    old, new = old_op["pages"], new_op["pages"]
    if old and not new:
        message = "no longer paginated (.pages() and .iter() removed)"
        out.breaking("pagination-removed", where, message)
    elif new and not old:
        out.feature("pagination-added", where, "now paginated (.pages() and .iter())")
    elif old != new:
        trees = shapes_of(old_op, new_op, "pages_shape")
        out.type_change(f"{where} page items", ["response"], old, new, trees)


def _security(out: Changes, where: str, old: list[str], new: list[str]) -> None:
    """Breaking when credentials that worked no longer do."""
    if old == new:
        return
    lost = [alternative for alternative in old if alternative not in new]
    if new and (lost or not old):
        was = " or ".join(lost) if lost else "calls without credentials"
        out.breaking(
            "security", where, f"no longer accepts {was}; needs {' or '.join(new)}"
        )
    else:
        accepted = " or ".join(new) or "no credentials"
        out.feature(
            "security", where, f"accepts {accepted} (was {' or '.join(old) or 'none'})"
        )
