"""Values of the model (defaults, JSON text) as Python literals."""

from __future__ import annotations

import json


def python_value(json_text: str) -> str:
    """The JSON value ``json_text`` as a Python literal (``"a"`` -> ``'a'``, ``true`` ->
    ``True``); "" for none."""
    return repr(json.loads(json_text)) if json_text else ""
