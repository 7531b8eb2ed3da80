"""The changelog's names in TypeScript: the diff (``generator/versions``) reports where
a change is by the surface's keys, ``client.messages.create_message(account_id)`` or
``models.Message.segment_count``, and types as Python annotations; the TypeScript
package's changelog names what its users write, ``MessagesApi.createMessage(accountId)``,
``Message.segmentCount`` and ``Array<string>``.

Names of the current model are looked up (a method is named after its operation id,
an argument as the method declares it, a field keeps its wire name); a name the model
no longer has (something removed) is converted the way the target names things.
Callbacks (``webhooks.*``) have no TypeScript API: their changes are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from generator.model.ir import Api, Model, Operation
from generator.targets.typescript.apis import ts_apis
from generator.targets.typescript.models import ts_names
from generator.targets.typescript.names import camel, pascal

_OPERATION = re.compile(r"^client\.(\w+)\.(\w+)(?:\((\w+)\))?(.*)$")
_CLASS = re.compile(r"^models\.(\w+)(?:\.(\w+))?(.*)$")
_TYPE_CHANGE = re.compile(r"^type is now (.+?) \(was (.+?)(;.*)?\)$")
_SCALARS = {
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "Any": "unknown",
    "bytes": "Blob",
    "datetime": "string",
    "date": "string",
}


def ts_changes(
    api: Api,
    surface_paths: Mapping[str, str],
    surface_body: str,
    surface_params: Callable[[Operation], Mapping[tuple[str, str], str]],
    surface_fields: Callable[[Model], Mapping[str, str]],
) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """How the TypeScript changelog names each place the diff reports a change at
    ("" for one the package does not have), and how it words the change.
    ``surface_paths`` are the surface's keys of the operations (by pointer) and
    ``surface_body`` its name of a request body's argument and ``surface_params``
    those of an operation's parameters (by location and wire name) and
    ``surface_fields`` a model's fields (by wire name), as the surface's
    spelling gives them (``versions.surface.Spelling``)."""
    types = ts_names(api)
    names: dict[str, str] = {}
    methods = {
        m.operation_id: (group.class_name, m)
        for group in ts_apis(api, types)
        for m in group.methods
        if m.kind == "call"
    }
    for group in api.groups:
        for op in group.operations:
            class_name, method = methods[op.operation_id]
            key = f"client.{surface_paths[op.pointer]}"
            names[key] = f"{class_name}.{method.name}"
            args = {(a.location, a.wire_name): a.name for a in method.args}
            params = surface_params(op)
            for p in op.parameters:
                arg = args.get((p.location, p.wire_name), camel(p.wire_name))
                param = params[p.location, p.wire_name]
                names[f"{key}({param})"] = f"{names[key]}({arg})"
            if op.body is not None:
                arg = next((a for (loc, _), a in args.items() if loc == "body"), "body")
                names[f"{key}({surface_body})"] = f"{names[key]}({arg})"
    for model in api.models:
        fields = surface_fields(model)
        for prop in model.properties:
            names[f"models.{model.name}.{fields[prop.wire_name]}"] = (
                f"{types[model.name]}.{prop.wire_name}"
            )
    for name, ts_name in types.items():
        names[f"models.{name}"] = ts_name

    def where(place: str) -> str:
        if place.startswith("webhooks."):
            return ""
        if match := _OPERATION.match(place):
            group, method, arg, rest = match.groups()
            key = f"client.{group}.{method}"
            found = names.get(key, f"{pascal(group)}Api.{camel(method)}")
            if arg:
                found = names.get(f"{key}({arg})", f"{found}({camel(arg)})")
            return found + rest
        if match := _CLASS.match(place):
            cls, field, rest = match.groups()
            found = names.get(f"models.{cls}", types.get(cls, cls))
            if field:
                found = names.get(f"models.{cls}.{field}", f"{found}.{camel(field)}")
            return found + rest
        return place

    def message(text: str) -> str:
        if match := _TYPE_CHANGE.match(text):
            new, old, rest = match.groups()
            return (
                f"type is now {ts_type(new, types)} (was {ts_type(old, types)}"
                f"{rest or ''})"
            )
        return text.replace(" (raises ", " (throws ")

    return where, message


def ts_type(annotation: str, types: Mapping[str, str]) -> str:
    """A Python annotation of the surface (``list[Message] | None``) as the
    TypeScript type of the same value (``Array<Message> | null``)."""
    if annotation == "None":
        return "void"  # an answer without a body
    text = re.sub(r"\bdict\[str, ", "Record<string, ", annotation)
    text = re.sub(r"\b(?:list|set|tuple)\[", "Array<", text)
    text = text.replace("]", ">").replace("Literal[", "Literal<")
    text = re.sub(
        r"Literal<([^<>]*)>",
        lambda m: " | ".join(v.strip().replace("'", '"') for v in m[1].split(",")),
        text,
    )
    return re.sub(
        r"\b[A-Za-z_]\w*\b",
        lambda m: (
            "null" if m[0] == "None" else _SCALARS.get(m[0], types.get(m[0], m[0]))
        ),
        text,
    )
