"""`python -m generator diff`: each classification rule, on small inline spec pairs.

Every test starts from the same pet-store spec, changes one thing in a copy and
checks how the change is classified for code written against the old SDK.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from generator.build import spec_surface
from generator.model.dump import neutral
from generator.model.ir import TypeRef
from generator.model.parse import Settings
from generator.versions.changes import Change, Changes, bump_of
from generator.versions.compat import accepts, shape_accepts
from generator.versions.diff import diff_surfaces

PET = {"$ref": "#/components/schemas/Pet"}
BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1.0.0", "description": "Pets, sold."},
    "servers": [{"url": "https://pets.example.com/v1"}],
    "security": [{"Basic": []}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["Pets"],
                "summary": "List the pets",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {
                        "name": "kind",
                        "in": "query",
                        "schema": {"$ref": "#/components/schemas/Kind"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The pets",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": PET}
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createPet",
                "tags": ["Pets"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/NewPet"}
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {"application/json": {"schema": PET}},
                    }
                },
            },
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "tags": ["Pets"],
                "parameters": [
                    {
                        "name": "petId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The pet",
                        "content": {"application/json": {"schema": PET}},
                    },
                    "404": {"description": "No such pet"},
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"Basic": {"type": "http", "scheme": "basic"}},
        "schemas": {
            "NewPet": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "tag": {"type": "string"},
                    "weight": {"type": "number"},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                },
            },
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "description": "The pet's id."},
                    "name": {"type": "string"},
                    "status": {"$ref": "#/components/schemas/Status"},
                },
            },
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "Status": {"type": "string", "enum": ["available", "sold"]},
        },
    },
}
SETTINGS = Settings(
    package="pets", project_name="pets", version="1.0.0", env_prefix="PETS"
)


def write(folder: Path, name: str, spec: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


@pytest.fixture
def changes_after(tmp_path: Path) -> Any:
    """``changes_after(edit)``: the changes from BASE to a copy that ``edit`` modified."""

    def run(edit: Any) -> list[Change]:
        new = copy.deepcopy(BASE)
        edit(new)
        old_path, new_path = write(tmp_path, "old.json", BASE), write(
            tmp_path, "new.json", new
        )
        return diff_surfaces(
            spec_surface(old_path, SETTINGS), spec_surface(new_path, SETTINGS)
        )

    return run


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def only(changes: list[Change]) -> tuple[str, str, str]:
    assert len(changes) == 1, changes
    return changes[0].severity, changes[0].rule, changes[0].where


def test_identical_specs_have_no_changes_and_imply_a_patch(changes_after: Any) -> None:
    changes = changes_after(lambda spec: None)
    assert changes == []
    assert bump_of(changes) == "patch"


def test_removed_operation_is_breaking(changes_after: Any) -> None:
    changes = changes_after(lambda spec: spec["paths"].pop("/pets/{petId}"))
    # Its 404 was the only one: the error class goes too.
    assert [(c.severity, c.rule, c.where) for c in changes] == [
        ("breaking", "error-removed", "NotFoundError"),
        ("breaking", "operation-removed", "client.pets.get_pet"),
    ]
    assert bump_of(changes) == "major"


def test_new_operation_is_non_breaking(changes_after: Any) -> None:
    def edit(spec: dict[str, Any]) -> None:
        get = copy.deepcopy(spec["paths"]["/pets/{petId}"]["get"])
        spec["paths"]["/pets/{petId}"]["delete"] = {**get, "operationId": "deletePet"}

    changes = changes_after(edit)
    assert only(changes) == (
        "non-breaking",
        "operation-added",
        "client.pets.delete_pet",
    )
    assert bump_of(changes) == "minor"


def test_new_optional_parameter_is_non_breaking(changes_after: Any) -> None:
    # (Not ``offset``: beside ``limit`` it would also make the operation paginated.)
    new = {"name": "sort", "in": "query", "schema": {"type": "string"}}
    changes = changes_after(
        lambda spec: spec["paths"]["/pets"]["get"]["parameters"].append(new)
    )
    assert only(changes) == (
        "non-breaking",
        "parameter-added",
        "client.pets.list_pets(sort)",
    )


def test_new_required_parameter_is_breaking(changes_after: Any) -> None:
    new = {
        "name": "shop",
        "in": "query",
        "required": True,
        "schema": {"type": "string"},
    }
    changes = changes_after(
        lambda spec: spec["paths"]["/pets"]["get"]["parameters"].append(new)
    )
    assert only(changes) == (
        "breaking",
        "parameter-added-required",
        "client.pets.list_pets(shop)",
    )


def test_removed_parameter_is_breaking(changes_after: Any) -> None:
    changes = changes_after(
        lambda spec: spec["paths"]["/pets"]["get"]["parameters"].pop(0)
    )
    assert only(changes) == (
        "breaking",
        "parameter-removed",
        "client.pets.list_pets(limit)",
    )


def test_parameter_becoming_required_is_breaking_and_optional_is_not(
    changes_after: Any,
) -> None:
    def require(spec: dict[str, Any]) -> None:
        spec["paths"]["/pets"]["get"]["parameters"][0]["required"] = True

    assert only(changes_after(require))[:2] == ("breaking", "parameter-required")

    def relax(spec: dict[str, Any]) -> None:
        spec["paths"]["/pets"]["post"]["requestBody"]["required"] = False

    assert only(changes_after(relax)) == (
        "non-breaking",
        "body-required",
        "client.pets.create_pet(body)",
    )


def test_removed_request_field_is_breaking(changes_after: Any) -> None:
    changes = changes_after(
        lambda spec: schemas(spec)["NewPet"]["properties"].pop("tag")
    )
    assert only(changes) == ("breaking", "field-removed", "models.NewPet.tag")


def test_renamed_field_is_a_removal_and_an_addition(changes_after: Any) -> None:
    def rename(spec: dict[str, Any]) -> None:
        props = schemas(spec)["Pet"]["properties"]
        props["petName"] = props.pop("name")
        schemas(spec)["Pet"]["required"] = ["id", "petName"]

    changes = changes_after(rename)
    assert [(c.severity, c.rule, c.where) for c in changes] == [
        ("breaking", "field-removed", "models.Pet.name"),
        ("non-breaking", "field-added", "models.Pet.pet_name"),
    ]
    assert bump_of(changes) == "major"


def test_new_required_request_field_is_breaking_and_optional_one_is_not(
    changes_after: Any,
) -> None:
    def add(required: bool) -> Any:
        def edit(spec: dict[str, Any]) -> None:
            schemas(spec)["NewPet"]["properties"]["age"] = {"type": "integer"}
            if required:
                schemas(spec)["NewPet"]["required"].append("age")

        return edit

    assert only(changes_after(add(True))) == (
        "breaking",
        "field-added-required",
        "models.NewPet.age",
    )
    assert only(changes_after(add(False))) == (
        "non-breaking",
        "field-added",
        "models.NewPet.age",
    )


def test_new_response_field_is_non_breaking_even_when_required(
    changes_after: Any,
) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["Pet"]["properties"]["age"] = {"type": "integer"}
        schemas(spec)["Pet"]["required"].append("age")

    assert only(changes_after(edit)) == (
        "non-breaking",
        "field-added",
        "models.Pet.age",
    )


def test_response_field_becoming_optional_is_breaking(changes_after: Any) -> None:
    changes = changes_after(
        lambda spec: schemas(spec)["Pet"]["required"].remove("name")
    )
    assert only(changes) == ("breaking", "optionality", "models.Pet.name")


def test_request_field_becoming_optional_is_non_breaking(changes_after: Any) -> None:
    changes = changes_after(lambda spec: schemas(spec)["NewPet"].pop("required"))
    assert only(changes) == ("non-breaking", "optionality", "models.NewPet.name")


def test_nullable_response_field_is_breaking_nullable_request_field_is_not(
    changes_after: Any,
) -> None:
    def nullable(model: str) -> Any:
        return lambda spec: schemas(spec)[model]["properties"]["name"].update(
            nullable=True
        )

    assert only(changes_after(nullable("Pet")))[:2] == ("breaking", "optionality")
    assert only(changes_after(nullable("NewPet")))[:2] == (
        "non-breaking",
        "optionality",
    )


def test_narrowed_request_type_is_breaking(changes_after: Any) -> None:
    changes = changes_after(
        lambda spec: schemas(spec)["NewPet"]["properties"]["weight"].update(
            type="integer"
        )
    )
    assert only(changes) == ("breaking", "type-changed", "models.NewPet.weight")


def test_widened_request_type_is_non_breaking_but_widened_response_type_is(
    changes_after: Any,
) -> None:
    def widen(model: str, field: str) -> Any:
        return lambda spec: schemas(spec)[model]["properties"][field].update(
            type="number"
        )

    wide_param = changes_after(
        lambda spec: spec["paths"]["/pets"]["get"]["parameters"][0]["schema"].update(
            type="number"
        )
    )
    assert only(wide_param) == (
        "non-breaking",
        "type-compatible",
        "client.pets.list_pets(limit)",
    )
    assert only(changes_after(widen("Pet", "id"))) == (
        "breaking",
        "type-changed",
        "models.Pet.id",
    )


def test_changed_return_type_is_breaking(changes_after: Any) -> None:
    def edit(spec: dict[str, Any]) -> None:
        response = spec["paths"]["/pets/{petId}"]["get"]["responses"]["200"]
        response["content"]["application/json"]["schema"] = {
            "type": "array",
            "items": PET,
        }

    assert only(changes_after(edit)) == (
        "breaking",
        "type-changed",
        "client.pets.get_pet return value",
    )


def test_removed_enum_value_is_breaking(changes_after: Any) -> None:
    changes = changes_after(lambda spec: schemas(spec)["Kind"]["enum"].remove("dog"))
    assert only(changes) == ("breaking", "enum-value-removed", "models.Kind")


def test_new_enum_value_in_a_response_is_non_breaking(changes_after: Any) -> None:
    changes = changes_after(
        lambda spec: schemas(spec)["Status"]["enum"].append("pending")
    )
    assert only(changes) == ("non-breaking", "enum-value-added", "models.Status")
    assert "'pending'" in changes[0].message


def test_description_and_summary_changes_are_docs_only(changes_after: Any) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"]["/pets"]["get"]["summary"] = "List every pet"
        schemas(spec)["Pet"]["properties"]["id"]["description"] = "The id of the pet."
        spec["info"]["description"] = "Pets, bought and sold."

    changes = changes_after(edit)
    assert {c.severity for c in changes} == {"docs-only"}
    assert {c.where for c in changes} == {
        "api",
        "client.pets.list_pets",
        "models.Pet.id",
    }
    assert bump_of(changes) == "patch"


def test_removed_auth_scheme_is_breaking_and_an_alternative_scheme_is_not(
    changes_after: Any,
) -> None:
    def add_bearer(spec: dict[str, Any]) -> None:
        spec["components"]["securitySchemes"]["Token"] = {
            "type": "http",
            "scheme": "bearer",
        }
        spec["security"] = [{"Basic": []}, {"Token": []}]

    changes = changes_after(add_bearer)
    assert {c.severity for c in changes} == {"non-breaking"}
    assert ("auth-added", "Client") in {(c.rule, c.where) for c in changes}

    def bearer_only(spec: dict[str, Any]) -> None:
        spec["components"]["securitySchemes"] = {
            "Token": {"type": "http", "scheme": "bearer"}
        }
        spec["security"] = [{"Token": []}]

    breaking = {
        (c.rule, c.where)
        for c in changes_after(bearer_only)
        if c.severity == "breaking"
    }
    assert ("auth-removed", "Client") in breaking
    assert ("security", "client.pets.get_pet") in breaking


def test_server_change_is_non_breaking(changes_after: Any) -> None:
    changes = changes_after(
        lambda spec: spec["servers"][0].update(url="https://pets.example.com/v2")
    )
    assert ("non-breaking", "servers", "api") in {
        (c.severity, c.rule, c.where) for c in changes
    }
    assert bump_of(changes) == "minor"


def test_new_error_response_is_non_breaking(changes_after: Any) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"]["/pets"]["get"]["responses"]["429"] = {"description": "Slow down"}

    changes = changes_after(edit)
    assert {c.severity for c in changes} == {"non-breaking"}
    assert {c.rule for c in changes} == {"response-added", "error-added"}


@pytest.mark.parametrize(
    ("wide", "narrow", "expected"),
    [
        ("float", "int", True),
        ("int", "float", False),
        ("str | None", "str", True),
        ("str", "str | None", False),
        ("Literal['a', 'b']", "Literal['a']", True),
        ("str", "Literal['a']", True),
        ("list[float]", "list[int]", True),
        ("dict[str, Pet]", "dict[str, NewPet]", False),
        ("Any", "Pet", True),
    ],
)
def test_type_acceptance(wide: str, narrow: str, expected: bool) -> None:
    assert accepts(wide, narrow) is expected


PET_TYPE = TypeRef("model", ref="Pet")


@pytest.mark.parametrize(
    ("wide", "narrow", "expected"),
    [
        (TypeRef("number"), TypeRef("integer"), True),
        (TypeRef("integer", "int32"), TypeRef("integer", "int64"), True),
        (TypeRef("integer"), TypeRef("number"), False),
        (TypeRef("string", nullable=True), TypeRef("string"), True),
        (TypeRef("string"), TypeRef("string", nullable=True), False),
        (TypeRef("literal", literals=("a", "b")), TypeRef("literal", literals=("a",)), True),
        (TypeRef("string"), TypeRef("literal", literals=("a",)), True),
        (TypeRef("integer"), TypeRef("literal", literals=(True,)), False),
        (TypeRef("array", items=TypeRef("number")), TypeRef("array", items=TypeRef("integer")), True),
        (TypeRef("map", values=PET_TYPE), TypeRef("map", values=TypeRef("model", ref="NewPet")), False),
        (TypeRef("any"), PET_TYPE, True),
        (TypeRef("union", variants=(PET_TYPE, TypeRef("string"))), PET_TYPE, True),
        (PET_TYPE, TypeRef("union", variants=(PET_TYPE, TypeRef("string"))), False),
    ],
)
def test_type_acceptance_compares_the_stored_trees(wide: TypeRef, narrow: TypeRef, expected: bool) -> None:
    assert shape_accepts(neutral(wide), neutral(narrow)) is expected


def test_a_float_literal_is_no_integer_though_its_annotation_reads_like_one() -> None:
    """The annotation text cannot tell ``Literal[1.5]`` from an integer literal."""
    half, integer = TypeRef("literal", literals=(1.5,)), TypeRef("integer")
    assert accepts("int", "Literal[1.5]")
    assert not shape_accepts(neutral(integer), neutral(half))
    out = Changes()
    out.type_change("f", ["response"], "int", "Literal[1.5]", (neutral(integer), neutral(half)))
    assert [c.rule for c in out.items] == ["type-changed"]


def test_a_surface_stored_before_trees_is_compared_by_its_text(tmp_path: Path) -> None:
    """A history file written before surfaces kept ``shape`` trees still diffs."""
    new = copy.deepcopy(BASE)
    schemas(new)["NewPet"]["properties"]["weight"].update(type="integer")
    old_surface = spec_surface(write(tmp_path, "old.json", BASE), SETTINGS)
    new_surface = spec_surface(write(tmp_path, "new.json", new), SETTINGS)
    field = old_surface["classes"]["NewPet"]["fields"]["weight"]
    assert field["shape"] == {"kind": "number"}
    stored_before = json.loads(json.dumps(old_surface), object_hook=_without_trees)
    assert "shape" not in stored_before["classes"]["NewPet"]["fields"]["weight"]
    changes = diff_surfaces(stored_before, new_surface)
    assert only(changes) == ("breaking", "type-changed", "models.NewPet.weight")


def _without_trees(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "shape" and not k.endswith("_shape")}


def test_cli_prints_json_with_the_bump_and_fails_on_breaking_only_when_asked(
    tmp_path: Path,
) -> None:
    new = copy.deepcopy(BASE)
    new["paths"]["/pets"]["get"]["parameters"].pop(0)
    old_path, new_path = write(tmp_path, "old.json", BASE), write(
        tmp_path, "new.json", new
    )
    command = [sys.executable, "-m", "generator", "diff", str(old_path), str(new_path)]

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *extra], cwd=ROOT, capture_output=True, text=True
        )

    done = run("--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["bump"] == "major"
    assert data["changes"] == [
        {
            "class": "breaking",
            "rule": "parameter-removed",
            "where": "client.pets.list_pets(limit)",
            "message": "parameter removed",
        }
    ]
    assert run("--fail-on-breaking").returncode == 1
    text = run().stdout
    assert (
        "semver bump: major" in text
        and "client.pets.list_pets(limit): parameter removed" in text
    )
    new_path.write_text("openapi: [", encoding="utf-8")
    broken = run()
    assert broken.returncode == 2 and "new.json" in broken.stderr
