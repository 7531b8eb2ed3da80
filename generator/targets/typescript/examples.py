"""Example values for the TypeScript docs: the spec's own examples where the model
carries them (``example_json``), else synthesised from the model's types and limits:
valid for the spec (Prism checks every request the examples send), and small.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator.model.examples import _FORMAT_SAMPLES
from generator.model.ir import Api, Limits, Model, TypeRef
from generator.model.patterns import sample_for_pattern

_MAX_DEPTH = 4


class Samples:
    def __init__(self, api: Api) -> None:
        self._models: Mapping[str, Model] = {m.name: m for m in api.models}
        self._enums = {e.name: e for e in api.enums}
        self._unions = {u.name: u for u in api.unions}

    def value(self, ref: TypeRef, limits: Limits | None = None, depth: int = 0) -> Any:
        if ref.kind in ("string", "date", "datetime"):
            return _string(ref, limits)
        if ref.kind in ("integer", "number"):
            low = limits.minimum if limits and limits.minimum is not None else 1
            return int(low) if ref.kind == "integer" or float(low).is_integer() else low
        if ref.kind == "boolean":
            return True
        if ref.kind == "literal":
            return ref.literals[0] if ref.literals else None
        if ref.kind == "enum":
            enum = self._enums.get(ref.ref)
            if enum and enum.members:
                first = enum.members[0].value
                return int(first) if enum.base == "int" else first
            return "value"
        if ref.kind == "array":
            count = max(1, limits.min_items or 1) if limits else 1
            item = (
                self.value(ref.items, None, depth + 1)
                if ref.items and depth < _MAX_DEPTH
                else None
            )
            return [item] * min(count, 3) if item is not None else []
        if ref.kind == "map":
            return {}
        if ref.kind == "model":
            return self.model(ref.ref, depth)
        if ref.kind == "union":
            union = self._unions.get(ref.ref)
            variants = union.variants if union else ()
            if variants:
                chosen = self.value(variants[0].type.shape, None, depth)
                if (
                    union
                    and union.discriminator
                    and isinstance(chosen, dict)
                    and variants[0].tag
                ):
                    return {**chosen, union.discriminator: variants[0].tag}
                return chosen
            if ref.variants:
                return self.value(ref.variants[0], None, depth)
        return None

    def model(self, name: str, depth: int = 0) -> dict[str, Any]:
        model = self._models.get(name)
        if model is None or depth > _MAX_DEPTH:
            return {}
        return {
            p.wire_name: (
                json.loads(p.example_json)
                if p.example_json and _scalar(p.type.shape)
                else self.value(p.type.shape, p.limits, depth + 1)
            )
            for p in model.properties
            if p.required
        }


def _scalar(ref: TypeRef) -> bool:
    """Whether a field's example from the spec can stand as it is: a value or a list
    of values, not a model whose required fields the example may leave out."""
    if ref.kind == "array" and ref.items is not None:
        return _scalar(ref.items)
    return ref.kind not in ("model", "union", "map", "any", "array")


def _string(ref: TypeRef, limits: Limits | None) -> str:
    if limits and limits.pattern:
        found = sample_for_pattern(limits.pattern)
        if found is not None:
            return found
    if ref.kind == "date":
        return "2024-01-01"
    if ref.kind == "datetime":
        return "2024-01-01T12:00:00Z"
    text = _FORMAT_SAMPLES.get(ref.format, "example")
    if limits and limits.min_length and len(text) < limits.min_length:
        text = text + "x" * (limits.min_length - len(text))
    if limits and limits.max_length is not None and len(text) > limits.max_length:
        text = text[: limits.max_length]
    return text
