"""Turn any spec name into a valid, stable Python name.

Wire names stay untouched elsewhere; these functions only make identifiers. The same
input always gives the same output, and ``Namer`` makes names unique within a scope
in the order they are first asked for, which follows the spec's order.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")

# Names a generated attribute must not take because the SDK's own machinery uses them.
RESERVED_ATTRS = frozenset(
    {
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_dump",
        "model_dump_json",
        "model_validate",
        "model_validate_json",
        "model_copy",
        "model_construct",
        "model_json_schema",
        "model_post_init",
        "model_rebuild",
        "model_parametrized_name",
        "schema",
        "json",
        "dict",
        "copy",
        "parse_obj",
        "validate",
        "construct",
        "fields",
    }
)
RESERVED_PARAMS = frozenset({"self", "cls", "client", "options"})
RESERVED_CLASSES = frozenset(
    {
        "Any",
        "BaseModel",
        "Client",
        "AsyncClient",
        "Field",
        "ConfigDict",
        "Enum",
        "Literal",
        "Annotated",
        "Union",
        "Optional",
        "TypeAdapter",
        "ApiError",
        "ApiResponse",
    }
)


def words(name: str) -> list[str]:
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    )
    found = _WORD.findall(ascii_name)
    if not found and name:
        # Nothing ASCII left (e.g. a fully non-Latin name): keep a stable stand-in.
        found = ["x" + "".join(f"{ord(c):x}" for c in name[:8])]
    return found


def snake(name: str) -> str:
    result = "_".join(w.lower() for w in words(name)) or "value"
    if result[0].isdigit():
        result = "n" + result
    if keyword.iskeyword(result) or keyword.issoftkeyword(result):
        result += "_"
    return result


def pascal(name: str) -> str:
    result = "".join(w[:1].upper() + w[1:] for w in words(name)) or "Model"
    if result[0].isdigit():
        result = "N" + result
    return result


def constant(name: str) -> str:
    result = "_".join(w.upper() for w in words(name)) or "EMPTY"
    if result[0].isdigit():
        result = "V_" + result
    if keyword.iskeyword(result):
        result += "_"
    return result


def field_name(name: str) -> str:
    result = snake(name)
    if result.startswith("_"):
        result = "f" + result
    if result in RESERVED_ATTRS or hasattr(builtins, result) and result == "type_":
        result += "_"
    return result


def param_name(name: str) -> str:
    result = snake(name)
    if result in RESERVED_PARAMS or result in RESERVED_ATTRS:
        result += "_"
    return result


class Namer:
    """Hands out unique names in one scope, suffixing later collisions with a number."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = set(taken)
        self._given: dict[str, str] = {}

    def unique(self, key: str, candidate: str) -> str:
        if key in self._given:
            return self._given[key]
        name = candidate
        counter = 2
        while name in self._taken or name.lower() in self._taken:
            name = f"{candidate}{counter}"
            counter += 1
        # Modules are files: on case-insensitive filesystems ``Foo`` and ``foo``
        # collide, so the lower-cased form is reserved too.
        self._taken.add(name)
        self._taken.add(name.lower())
        self._given[key] = name
        return name
