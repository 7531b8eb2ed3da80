"""The Python target prints annotations, the docs' display and imports from the model's
``TypeRef`` trees, and nothing reads generated code back to learn what it uses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import write_spec

from generator.load.spec import load_spec
from generator.model.ir import Pagination, TypeRef
from generator.model.parse import Settings, parse
from generator.model.types import typed
from generator.targets.python.annotations import (
    Import,
    annotation,
    display,
    display_parts,
    library_imports,
    optional,
    renamed,
    used_names,
)
from generator.targets.python.lowering import python_layout
from generator.targets.python.naming import group_names
from generator.targets.python.operations import paging_names

PET = TypeRef("model", ref="Pet")


def test_every_kind_is_printed_as_python() -> None:
    assert annotation(TypeRef("array", items=PET)) == "list[Pet]"
    assert annotation(TypeRef("map", values=TypeRef("enum", ref="Mood"))) == "dict[str, Mood]"
    assert annotation(TypeRef("array", items=TypeRef("string", nullable=True))) == "list[str | None]"
    assert annotation(TypeRef("literal", literals=("a", 1, True))) == 'Literal["a", 1, True]'
    assert annotation(TypeRef("union", variants=(TypeRef("string"), TypeRef("integer")))) == "str | int"
    assert annotation(TypeRef("union", ref="Animal", discriminator="kind")) == "Animal"
    assert [annotation(TypeRef(k)) for k in ("binary", "date", "datetime", "any", "null")] == [
        "bytes",
        "date",
        "datetime",
        "Any",
        "None",
    ]
    assert annotation(TypeRef("array", items=TypeRef("string"), event_stream=True)) == "list[ServerSentEvent]"


def test_optional_adds_none_except_to_any_and_none() -> None:
    assert optional(PET) == "Pet | None"
    assert optional(TypeRef("any")) == "Any"
    assert optional(TypeRef("null")) == "None"


def test_the_docs_show_literals_as_values_and_link_classes_by_piece() -> None:
    shape = TypeRef("union", variants=(PET, TypeRef("literal", literals=("Pet", "x"))))
    assert display(shape) == "Pet | 'Pet' | 'x'"
    # The literal value "Pet" is text, not the class: only the first piece links.
    assert [ref for _, ref in display_parts(shape) if ref] == ["Pet"]


def test_an_upload_takes_file_content_at_the_top_only() -> None:
    assert annotation(TypeRef("binary"), upload=True) == "FileContent"
    union = TypeRef("union", variants=(TypeRef("binary"), PET))
    assert annotation(union, upload=True) == "FileContent | Pet"
    assert annotation(TypeRef("array", items=TypeRef("binary")), upload=True) == "list[bytes]"
    assert "FileContent" in used_names([union], upload=True)
    assert "FileContent" not in used_names([TypeRef("array", items=TypeRef("binary"))], upload=True)


def test_imports_come_from_the_types_used() -> None:
    shapes = [TypeRef("map", values=TypeRef("datetime")), TypeRef("literal", literals=("a",))]
    assert library_imports(used_names(shapes)) == (
        Import("datetime", ("datetime",), "stdlib"),
        Import("typing", ("Literal",), "stdlib"),
    )


def test_renamed_calls_classes_by_their_alias() -> None:
    shape = TypeRef("array", items=TypeRef("union", variants=(PET, TypeRef("model", ref="Headers"))))
    assert annotation(renamed(shape, {"Headers": "_Headers"})) == "list[Pet | _Headers]"


SPEC = """\
openapi: 3.0.3
info: {title: Words, version: '1'}
paths: {}
components:
  schemas:
    Note:
      type: object
      properties:
        Any: {type: string}
        datetime: {type: string}
        Tag: {type: string, enum: [Literal, Union]}
"""


def test_a_wire_name_that_spells_a_library_name_imports_nothing(tmp_path: Path) -> None:
    """The fields' aliases (``validation_alias="Any"``) and enum values are text: the
    module imports pydantic's ``Field`` for the aliases and nothing they spell."""
    spec = load_spec(write_spec(tmp_path, SPEC))
    layout = python_layout(parse(spec, Settings("w", "w", "1.0.0", "W")))
    module = next(m for m in layout.model_modules if m.models and m.models[0].name == "Note")
    library = [i for i in module.imports if not i.module.startswith(".")]
    assert library == [Import("pydantic", ("Field",), "third_party")]


def test_the_runtime_names_a_paging_calls_come_from_its_data() -> None:
    """Nothing reads ``Paging(...)`` code back to learn which functions it calls."""
    pages = typed(TypeRef("array", items=PET))
    by_page = Pagination("page", "page", (), (), typed(PET), pages)
    assert paging_names(by_page) == {"items_at", "page_number"}
    flagged = replace(by_page, has_more=("more",))
    assert paging_names(flagged) == {"items_at", "page_number", "body_token"}
    by_header = replace(by_page, token_in="header", token_path=("X-Next",))
    assert paging_names(by_header) == {"items_at", "cursor", "header_token"}


COLLIDING = """
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getUser
      tags: [users]
      responses: {"204": {description: none}}
  /b:
    get:
      operationId: get_user
      tags: [users]
      responses: {"204": {description: none}}
"""


def test_operation_ids_that_meet_get_distinct_table_constants(tmp_path: Path) -> None:
    """``getUser`` and ``get_user`` both print ``GET_USER``: the Python target makes the
    second module constant unique, in the order the spec lists them."""
    api = parse(load_spec(write_spec(tmp_path, COLLIDING)), Settings("w", "w", "1", "W"))
    (group,) = api.groups
    constants = python_layout(api).groups[group_names(api.groups)[group.tag].module].constants
    assert [constants[op.pointer] for op in group.operations] == ["GET_USER", "GET_USER2"]
