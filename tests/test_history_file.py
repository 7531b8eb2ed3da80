"""The layout of `.sdkgen-history.json`: sorted keys, a value on one line when it
fits in 160 columns with its indent, else one item per line. Held against the plain
definition (encode the value, measure it) on values around the limit, which the
writer decides without encoding most of them."""

from __future__ import annotations

import json
from typing import Any

from generator.versions.changelog import History


def test_values_around_the_line_limit_are_laid_out_as_defined() -> None:
    surface: dict[str, Any] = {}
    for size in range(100, 170):
        surface[f"plain{size}"] = {"doc": "x" * size, "n": 1}
        # Escapes make the line longer than the string's length.
        surface[f"quoted{size}"] = {"doc": '"\\\n' * (size // 6), "k": [True, None]}
        surface[f"numbers{size}"] = [123456789] * (size // 10)
        surface[f"nested{size}"] = {"a": {"b": ["y" * (size // 2), {"c": "é" * 20}]}}
    surface["empty"] = {"d": {}, "l": [], "s": ""}
    history = History(surface=surface, spec_sha256="0" * 64)
    written = history.to_bytes().decode()
    assert written == _defined(json.loads(written), "") + "\n"
    assert json.loads(written)["surface"] == surface
    # 2 columns of indent and 19 around the string: 139 is the longest on one line.
    lines = written.splitlines()
    assert f'  "plain139": {{"doc": "{"x" * 139}", "n": 1}},' in lines
    assert '  "plain140": {' in lines


def _defined(value: Any, indent: str) -> str:
    flat = json.dumps(value, sort_keys=True, ensure_ascii=False)
    if (
        len(indent) + len(flat) <= 160
        or not isinstance(value, (dict, list))
        or not value
    ):
        return flat
    inner = indent + " "
    if isinstance(value, list):
        items = [inner + _defined(v, inner) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    items = [
        f"{inner}{json.dumps(k, ensure_ascii=False)}: {_defined(value[k], inner)}"
        for k in sorted(value)
    ]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"
