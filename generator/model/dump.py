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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        compact = isinstance(value, _COMPACT)
        data: dict[str, Any] = {}
        for item in dataclasses.fields(value):
            if item.name in _TARGET_FIELDS or item.name.startswith("docs_"):
                continue
            found = getattr(value, item.name)
            if compact and found == item.default:
                continue
            data[item.name] = neutral(found)
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


def ir_json(api: Api) -> str:
    """The neutral model of ``api`` as indented JSON, the same for the same spec."""
    return json.dumps(neutral(api), indent=2, ensure_ascii=False)
