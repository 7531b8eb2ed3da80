"""Turn any spec name into a valid, unique, stable Python name.

Wire names stay untouched elsewhere; these functions only make identifiers. The same
input always gives the same output (on any Python version: soft keywords are left
alone, they are valid names), and ``Namer`` makes names unique within a scope in the
order they are first asked for, which follows the spec's order.

Every identifier is made of ASCII letters, digits and underscores, never starts with
an underscore (pydantic would take the field for a private attribute) or a digit, is
no keyword, and does not shadow what the generated code itself needs in that scope.
"""

from __future__ import annotations

import hashlib
import keyword
from functools import lru_cache

from generator.model.ir import EnumMember, Property
from generator.model.words import words

# Longer names are cut and given a hash of the whole: a 100 KB schema name must not
# become a 100 KB file name, which no filesystem takes.
MAX_LENGTH = 60

# Attributes of pydantic's BaseModel and of the SDK's SdkModel, and of their metaclass
# (``mro``, ``register``, which pydantic warns about too): a field of the same name
# would replace a method the SDK calls.
RESERVED_ATTRS = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "mro",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "register",
        "schema",
        "schema_json",
        "to_dict",
        "update_forward_refs",
        "validate",
    }
)
# Names the annotations of a model's fields use. A field named ``date`` would shadow
# the type in the class body, and ``date: date | None`` would no longer evaluate.
ANNOTATION_NAMES = frozenset(
    {"bool", "bytes", "date", "datetime", "dict", "float", "int", "list", "str"}
)
RESERVED_PARAMS = frozenset({"self", "cls", "client", "options", "request_options"})
# Names of the generated package's own classes and of what its modules import: a
# schema of the same name would shadow them where both meet.
RESERVED_CLASSES = frozenset(
    {
        "Annotated",
        "Any",
        "ApiError",
        "ApiResponse",
        "AsyncClient",
        "AsyncResource",
        "BaseModel",
        "Callable",
        "Client",
        "ConfigDict",
        "Decoder",
        "Discriminator",
        "Enum",
        "Field",
        "FileContent",
        "Iterator",
        "Literal",
        "Mapping",
        "NotGiven",
        "OpenIntEnum",
        "OpenStrEnum",
        "Operation",
        "Optional",
        "Paging",
        "Request",
        "SdkModel",
        "SyncResource",
        "Tag",
        "Timeout",
        "TypeAdapter",
        "TypeAliasType",
        "UNKNOWN_TAG",
        "Union",
        "UnknownVariant",
    }
)
# The builtins a class name can shadow (Python 3.11 to 3.13, written out so that the
# output is the same on every version): a model or error class called ``RuntimeError``
# would hide the builtin from every module that imports it.
BUILTIN_CLASSES = frozenset(
    {
        "ArithmeticError",
        "AssertionError",
        "AttributeError",
        "BaseException",
        "BaseExceptionGroup",
        "BlockingIOError",
        "BrokenPipeError",
        "BufferError",
        "BytesWarning",
        "ChildProcessError",
        "ConnectionAbortedError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "DeprecationWarning",
        "EOFError",
        "Ellipsis",
        "EncodingWarning",
        "EnvironmentError",
        "Exception",
        "ExceptionGroup",
        "FileExistsError",
        "FileNotFoundError",
        "FloatingPointError",
        "FutureWarning",
        "GeneratorExit",
        "IOError",
        "ImportError",
        "ImportWarning",
        "IndentationError",
        "IndexError",
        "InterruptedError",
        "IsADirectoryError",
        "KeyError",
        "KeyboardInterrupt",
        "LookupError",
        "MemoryError",
        "ModuleNotFoundError",
        "NameError",
        "NotADirectoryError",
        "NotImplemented",
        "NotImplementedError",
        "OSError",
        "OverflowError",
        "PendingDeprecationWarning",
        "PermissionError",
        "ProcessLookupError",
        "PythonFinalizationError",
        "RecursionError",
        "ReferenceError",
        "ResourceWarning",
        "RuntimeError",
        "RuntimeWarning",
        "StopAsyncIteration",
        "StopIteration",
        "SyntaxError",
        "SyntaxWarning",
        "SystemError",
        "SystemExit",
        "TabError",
        "TimeoutError",
        "TypeError",
        "UnboundLocalError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeError",
        "UnicodeTranslateError",
        "UnicodeWarning",
        "UserWarning",
        "ValueError",
        "Warning",
        "ZeroDivisionError",
    }
)
# Attributes of the generated API classes, which operations must not take: ``calls``
# holds each operation as an object (``.raw()``, ``.iter()``, ...).
RESERVED_METHODS = frozenset({"calls"})
# Attributes of the generated clients, which API groups must not take.
RESERVED_CLIENT_ATTRS = frozenset(
    {
        "aclose",
        "base_url",
        "close",
        "copy",
        "headers",
        "http_client",
        "is_async",
        "max_retries",
        "request",
        "send",
        "stream",
        "timeout",
        "with_options",
    }
)
# File names Windows refuses whatever the extension: no module or class (whose docs
# page is named after it) may be called this.
WINDOWS_RESERVED = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{i}" for i in range(10)),
        *(f"lpt{i}" for i in range(10)),
    }
)


def _bounded(result: str, name: str) -> str:
    if len(result) <= MAX_LENGTH:
        return result
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{result[: MAX_LENGTH - 9]}_{digest}"


@lru_cache(maxsize=1 << 16)
def snake(name: str) -> str:
    result = _bounded("_".join(w.lower() for w in words(name)) or "value", name)
    if result[0].isdigit():
        result = "n" + result
    if keyword.iskeyword(result):
        result += "_"
    return result


@lru_cache(maxsize=1 << 16)
def pascal(name: str) -> str:
    result = _bounded(
        "".join(w[:1].upper() + w[1:] for w in words(name)) or "Model", name
    )
    if result[0].isdigit():
        result = "N" + result
    if keyword.iskeyword(result) or result.lower() in WINDOWS_RESERVED:
        result += "_"
    return result


def unshadowed(name: str, suffix: str) -> str:
    """``name``, or ``name + suffix`` when it would shadow a builtin class. Compared
    exactly: ``Type`` or ``List`` shadows nothing."""
    return name + suffix if name in BUILTIN_CLASSES else name


@lru_cache(maxsize=1 << 16)
def constant(name: str) -> str:
    result = _bounded("_".join(w.upper() for w in words(name)) or "EMPTY", name)
    if result[0].isdigit():
        result = "V_" + result
    return result


def field_name(name: str) -> str:
    """A model attribute for the property ``name``."""
    result = snake(name)
    if result in RESERVED_ATTRS or result in ANNOTATION_NAMES:
        result += "_"
    return result


def param_name(name: str) -> str:
    """A method argument for the parameter ``name``."""
    result = snake(name)
    if result in RESERVED_PARAMS or result in RESERVED_ATTRS:
        result += "_"
    return result


def module_name(name: str) -> str:
    """A module (file) name for ``name``: snake case, never a reserved file name."""
    result = snake(name)
    return result + "_" if result in WINDOWS_RESERVED else result


def member_names(members: tuple[EnumMember, ...]) -> dict[str, str]:
    """The name of each member on its enum class, by its value: after its title, else
    its value (``RED``), a later collision in the members' order suffixed (``RED2``)."""
    namer = Namer()
    return {
        m.value: namer.unique(m.value, constant(m.title or m.value)) for m in members
    }


def field_names(properties: tuple[Property, ...]) -> dict[str, str]:
    """The attribute of each property on its model class, by its wire name: a later
    one whose name meets an earlier one's in the properties' order is suffixed."""
    return dict(_field_names(tuple(p.wire_name for p in properties)))


# Every stage asks for a model's field names (its class, rules, docs, samples, the
# surface), which follow from its wire names alone: worked out once for each.
@lru_cache(maxsize=1 << 14)
def _field_names(wires: tuple[str, ...]) -> dict[str, str]:
    namer = Namer()
    return {wire: namer.unique(wire, field_name(wire)) for wire in wires}


class Namer:
    """Hands out unique names in one scope, suffixing later collisions with a number.

    Names differing only in case collide too: modules are files, and on
    case-insensitive filesystems ``Foo.py`` and ``foo.py`` are one file.
    """

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = {name.lower() for name in taken}
        self._given: dict[str, str] = {}

    def unique(self, key: str, candidate: str) -> str:
        if key in self._given:
            return self._given[key]
        name = candidate
        counter = 2
        while name.lower() in self._taken:
            name = f"{candidate}{counter}"
            counter += 1
        self._taken.add(name.lower())
        self._given[key] = name
        return name

    def is_free(self, name: str) -> bool:
        return name.lower() not in self._taken

    def reserve(self, names: frozenset[str] | set[str]) -> None:
        """Take ``names`` out of this scope, e.g. names another scope will import."""
        self._taken.update(name.lower() for name in names)
