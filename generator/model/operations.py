"""Naming API groups, and what the runtime must know of an operation's parameters.

Helpers of ``parse.py`` for the parts of an operation that need more care than
reading a field: names that stay unique whatever the tags are called, the
serialisation style of each parameter, and the path template's variables.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from generator.model.ir import Limits, Parameter, Sample, TypeRef
from generator.model.names import (
    Namer,
    pascal,
)
from generator.model.types import typed
from generator.model.words import split_words

_TEMPLATE = re.compile(r"\{([^{}]+)\}")
# Query styles that join an array into one value, and their delimiters.
DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}
# The styles the runtime sends as declared, by location; others are sent in the
# location's default style, with a warning.
SUPPORTED_STYLES = {
    "query": frozenset({"form", "spaceDelimited", "pipeDelimited", "deepObject"}),
    "path": frozenset({"simple"}),
    "header": frozenset({"simple"}),
    "cookie": frozenset({"form"}),
}
DEFAULT_STYLES = {
    "query": "form",
    "path": "simple",
    "header": "simple",
    "cookie": "form",
}


def first_tag(op: dict[str, Any]) -> str:
    """The tag whose API group holds the operation."""
    tags = op.get("tags")
    return str(tags[0]) if isinstance(tags, list) and tags else "Default"


class GroupNames:
    """The class name of each API group (``PetsApi``), unique whatever the tags are
    called.

    It is taken from ``classes``, the schema classes' scope, with the ``Async`` name a
    target may give its twin, so that no model can shadow either where both meet.
    """

    def __init__(self, classes: Namer) -> None:
        self._classes = classes
        self._names: dict[str, str] = {}

    def add(self, tag: str) -> None:
        if tag in self._names:
            return
        stem = pascal(tag)
        for counter in itertools.count(1):
            name = f"{stem}{counter if counter > 1 else ''}Api"
            if self._classes.is_free(name) and self._classes.is_free("Async" + name):
                break
        self._classes.reserve({name, "Async" + name})
        self._names[tag] = name

    def of(self, tag: str) -> str:
        self.add(tag)
        return self._names[tag]


def template_names(path: str) -> list[str]:
    """The variables of a path template, in order: ``/a/{b}/{c}`` -> ``[b, c]``."""
    return list(dict.fromkeys(_TEMPLATE.findall(path)))


def template_parameter(wire: str, order: int) -> Parameter:
    """A required string parameter for a path variable the spec does not declare."""
    return Parameter(
        wire_name=wire,
        location="path",
        type=typed(TypeRef("string")),
        required=True,
        description="",
        style="simple",
        explode=False,
        sample=Sample("json", "example"),
        # Checked like a declared one: a string, and given.
        limits=Limits(type="string"),
        words=split_words(wire),
        order=order,
    )


def style_of(param: dict[str, Any], location: str) -> tuple[str, str]:
    """The style the parameter is sent in, and a warning if it is not the declared one."""
    declared = param.get("style")
    default = DEFAULT_STYLES.get(location, "form")
    if not isinstance(declared, str):
        return default, ""
    if declared in SUPPORTED_STYLES.get(location, frozenset()):
        return declared, ""
    return (
        default,
        f"style {declared!r} is not supported in the {location}; sent in style {default!r}",
    )


def content_type_parameter(choices: tuple[str, ...], order: int) -> Parameter:
    """The ``content_type=`` keyword that picks the media type of a body the spec
    offers in several (JSON, form, multipart, ...); it is the Content-Type header.
    A range the spec offers (``image/*``) takes any media type in it (``image/png``),
    so then any string type-checks, the choices still spelled out."""
    shape = TypeRef("literal", literals=choices)
    if any(choice.endswith("/*") for choice in choices):
        shape = TypeRef("union", variants=(shape, TypeRef("string")))
    description = (
        f"The media type to send the body in: {', '.join(choices)}; by default "
        f"{choices[0]}, or multipart when the body holds a file and the spec allows it."
    )
    return Parameter(
        wire_name="Content-Type",
        location="header",
        type=typed(shape),
        # The docs show the header's type; the description lists the choices.
        documented_as=TypeRef("string"),
        required=False,
        description=description,
        style="simple",
        explode=False,
        sample=Sample("json", choices[0]),
        words=split_words("Content-Type"),
        order=order,
    )
