"""The changelog's names in TypeScript: the diff (``generator/versions``) reports where
a change is by the surface's keys, ``client.messages.create_message(account_id)`` or
``models.Message.segment_count``; the TypeScript package's changelog names what its
users write, ``MessagesApi.createMessage(accountId)`` or ``Message.segmentCount``.

Names of the current model are looked up (a method is named after its operation id,
a field keeps its wire name); a name the model no longer has (something removed) is
converted the way the target names things, from the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.model.ir import Api
from generator.targets.typescript.models import ts_names
from generator.targets.typescript.names import camel, pascal

_OPERATION = re.compile(r"^client\.(\w+)\.(\w+)(?:\((\w+)\))?$")
_CLASS = re.compile(r"^models\.(\w+)(?:\.(\w+))?$")


def ts_where(api: Api) -> Callable[[str], str]:
    """The TypeScript name of each place the diff reports a change at."""
    types = ts_names(api)
    names: dict[str, str] = {}
    for group in api.groups:
        for op in group.operations:
            method = f"{group.class_name}.{camel(op.operation_id)}"
            key = f"client.{group.attr_name}.{op.py_name}"
            names[key] = method
            for p in op.parameters:
                names[f"{key}({p.py_name})"] = f"{method}({camel(p.wire_name)})"
    for model in api.models:
        name = types[model.name]
        for prop in model.properties:
            names[f"models.{model.name}.{prop.py_name}"] = f"{name}.{prop.wire_name}"
    for name, ts_name in types.items():
        names[f"models.{name}"] = ts_name

    def where(place: str) -> str:
        if place in names:
            return names[place]
        if match := _OPERATION.match(place):
            group, method, arg = match.groups()
            found = f"{pascal(group)}Api.{camel(method)}"
            return f"{found}({camel(arg)})" if arg else found
        if match := _CLASS.match(place):
            cls, field = match.groups()
            return f"{types.get(cls, cls)}.{camel(field)}" if field else cls
        return place

    return where
