"""The language-neutral model as plain JSON data, for ``python -m generator ir``.

The docs stage's markdown attached to the model is left out, so that what is printed
is what any target reads: wire names and their words, types as ``TypeRef`` trees,
limits as ``Limits``, example values as ``Sample`` trees, descriptions as clean text.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path, PurePath
from typing import Any

from generator.model.ir import Api, Limits, Sample, TypeRef

# Fields holding Python code, Python names or markdown, whatever dataclass they are on
# (tests/test_model_ir.py lists which are left).
_TARGET_FIELDS = frozenset(
    {
        "code",
        "default",
        "docs",
        "signature",
    }
)
# Printed without the fields left at their defaults: a type reads ``{"kind": "string"}``,
# a sample ``{"kind": "json", "value": "text"}``.
_COMPACT = (TypeRef, Limits, Sample)


def neutral(value: Any) -> Any:
    """``value`` (the model or any part of it) as JSON data without target fields."""
    kept = _kept_fields(type(value))
    if kept is not None:
        compact = isinstance(value, _COMPACT)
        data: dict[str, Any] = {}
        for name, default in kept:
            found = getattr(value, name)
            if compact and found == default:
                continue
            data[name] = neutral(found)
        return data
    if isinstance(value, (tuple, list)):
        return [neutral(v) for v in value]
    if isinstance(value, dict):
        return {str(k): neutral(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        # A finding's file: as the user would name it, not this machine's full path.
        try:
            return value.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return value.as_posix()
    return value


def _kept_fields(cls: type[Any]) -> tuple[tuple[str, Any], ...] | None:
    """The names and defaults of the fields ``neutral`` prints of an instance of
    ``cls``; None if it is no dataclass. Worked out once a class: the history's
    surface prints a type for every field and parameter of the API."""
    if cls not in _KEPT:
        _KEPT[cls] = (
            tuple(
                (item.name, item.default)
                for item in dataclasses.fields(cls)
                if item.name not in _TARGET_FIELDS and not item.name.startswith("docs_")
            )
            if dataclasses.is_dataclass(cls)
            else None
        )
    return _KEPT[cls]


_KEPT: dict[type[Any], tuple[tuple[str, Any], ...] | None] = {}


def ir_json(api: Api) -> str:
    """The neutral model of ``api`` as indented JSON, the same for the same spec."""
    return json.dumps(neutral(api), indent=2, ensure_ascii=False)
