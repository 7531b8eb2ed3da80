"""Example values (the model's ``Sample`` trees) as Python code that builds them from
the ``models`` module, for the docs' calls.

Every piece of spec text reaches the code through ``repr``, so an example can only
ever be a literal.
"""

from __future__ import annotations

from generator.model.ir import Api, Sample
from generator.model.names import field_names, member_names
from generator.targets.python.literals import string

# What the docs show for a value no small example satisfies.
PLACEHOLDER = "..."


class SampleCode:
    """Prints the samples of one API, naming its models' fields and its enums'
    members as the Python target names them."""

    def __init__(self, api: Api) -> None:
        self._models = {m.name: m for m in api.models}
        self._enums = {e.name: e for e in api.enums}

    def code(self, sample: Sample | None) -> str:
        """Python source that builds ``sample``; ``PLACEHOLDER`` for None (no small
        example fits)."""
        return PLACEHOLDER if sample is None else self._code(sample)

    def _code(self, sample: Sample) -> str:
        kind, value = sample.kind, sample.value
        if kind == "model":
            names = field_names(self._models[sample.ref].properties)
            args = (f"{names[wire]}={self._code(v)}" for wire, v in sample.fields)
            return f"models.{sample.ref}({', '.join(args)})"
        if kind == "enum":
            member = member_names(self._enums[sample.ref].members)[str(value)]
            return f"models.{sample.ref}.{member}"
        if kind == "list":
            return "[" + ", ".join(self._code(v) for v in sample.items) + "]"
        if kind == "repeat":
            return f"[{self._code(sample.items[0])}] * {sample.times}"
        if kind == "map":
            items = (f"{key!r}: {self._code(v)}" for key, v in sample.fields)
            return "{" + ", ".join(items) + "}"
        if kind in ("date", "datetime"):
            return f"{kind}.fromisoformat({value!r})"
        if kind == "padded":
            return f"{value!r} + {'x'!r} * {sample.times}"
        if kind == "binary":
            return string(str(value).encode())
        return repr(value)
