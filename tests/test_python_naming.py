"""The Python names the target computes from the neutral model (``targets/python``):
unique in the model's order, and read by templates under the names they always had."""

from __future__ import annotations

from pathlib import Path

from conftest import write_spec

from generator.build import api_of
from generator.config import TypeScriptTarget
from generator.load.spec import load_spec
from generator.model.names import field_names, member_names
from generator.model.parse import Settings
from generator.targets.python.naming import (
    Credentials,
    GroupNaming,
    Package,
    class_modules,
    group_names,
    operation_paths,
    parameter_names,
    scheme_credentials,
)
from generator.targets.python.operations import signature
from generator.targets.python.render import render
from generator.targets.python.spelling import PYTHON_SPELLING
from generator.targets.typescript.render import render as render_typescript
from generator.versions.surface import surface

SPEC = """
openapi: 3.1.0
info: {title: Naming, version: "1"}
security: [{token: []}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200": {description: ok}
        "404": {description: missing}
webhooks:
  ping:
    post:
      requestBody:
        content: {application/json: {schema: {type: object}}}
      responses: {"200": {description: ok}}
  Ping:
    post:
      requestBody:
        content: {application/json: {schema: {type: object}}}
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
"""

TEMPLATE = """\
errors: {{ api.error_names|join(",") }}
exports: {{ "webhooks" in api.package_exports }}
credentials: {{ api.credential_params|join(",") }}
{% for hook in api.webhooks %}
{{ hook.name }}: {{ hook.function }}
{% endfor %}
"""


def test_custom_templates_read_the_python_names_the_target_computes(
    tmp_path: Path,
) -> None:
    api = api_of(load_spec(write_spec(tmp_path, SPEC)), Settings("p", "p", "1", "P"))
    folder = tmp_path / "templates"
    (folder / "project").mkdir(parents=True)
    (folder / "project" / "README.md.j2").write_text(TEMPLATE, encoding="utf-8")
    lines = render(api, Package("p", "p"), (folder,))["README.md"].body.splitlines()
    errors = lines[0].removeprefix("errors: ").split(",")
    assert "NotFoundError" in errors and "ApiError" in errors
    assert errors == sorted(errors)
    assert lines[1:3] == ["exports: True", "credentials: token"]
    # Two webhooks whose names meet once converted: the later one is suffixed.
    assert lines[3:] == ["ping: parse_ping", "Ping: parse_ping2"]


def test_classes_whose_modules_meet_get_them_in_the_models_order(
    tmp_path: Path,
) -> None:
    """``none`` becomes the class ``None_`` (a keyword) and ``NONE`` stays ``NONE``:
    different classes, one module name; the later gets a suffix."""
    spec = """
openapi: 3.1.0
info: {title: Modules, version: "1"}
paths: {}
components:
  schemas:
    none: {type: object, properties: {a: {type: string}}}
    NONE: {type: object, properties: {b: {type: string}}}
    Colour: {type: string, enum: [red, green]}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    modules = class_modules(api.models, api.enums, api.unions)
    assert modules == {"None_": "none", "NONE": "none2", "Colour": "colour"}


def test_a_second_scheme_of_a_kind_takes_arguments_named_after_its_key(
    tmp_path: Path,
) -> None:
    spec = """
openapi: 3.1.0
info: {title: Schemes, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      security: [{main: []}, {weird: []}, {partnerKey: []}]
      responses: {"204": {description: done}}
components:
  securitySchemes:
    main: {type: http, scheme: bearer}
    weird: {type: openIdConnect, openIdConnectUrl: "https://x.test"}
    partnerKey: {type: http, scheme: bearer}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    assert scheme_credentials(api.security_schemes, "P") == {
        "main": Credentials(("token",), ("P_TOKEN",)),
        "partnerKey": Credentials(("partner_key_token",), ("P_PARTNER_KEY_TOKEN",)),
    }


def test_operation_ids_that_meet_once_converted_get_methods_in_the_groups_order(
    tmp_path: Path,
) -> None:
    spec = """
openapi: 3.1.0
info: {title: Methods, version: "1"}
paths:
  /a:
    get: {operationId: getUser, tags: [users], responses: {"200": {description: ok}}}
  /b:
    get: {operationId: get_user, tags: [users], responses: {"200": {description: ok}}}
  /c:
    get: {operationId: getUser2, tags: [others], responses: {"200": {description: ok}}}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    paths = operation_paths(api.groups)
    assert [paths[op.pointer] for g in api.groups for op in g.operations] == [
        "users.get_user",
        "users.get_user2",
        "others.get_user2",
    ]


def test_tags_that_meet_once_converted_get_names_in_the_groups_order(
    tmp_path: Path,
) -> None:
    """``pets`` and ``Pets`` are one name in every form; the declared tags come first
    in the model's groups, and each later group is suffixed alike: class, attribute
    and module. A schema called like an API class gives way to it."""
    spec = """
openapi: 3.1.0
info: {title: Groups, version: "1"}
tags: [{name: Pets}]
paths:
  /a:
    get:
      operationId: a
      tags: [pets]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/PetsApi"}}}
  /b:
    get: {operationId: b, tags: [Pets], responses: {"200": {description: ok}}}
components:
  schemas:
    PetsApi: {type: object, properties: {a: {type: string}}}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    assert [(g.tag, g.name) for g in api.groups] == [("Pets", "PetsApi"), ("pets", "Pets2Api")]
    assert group_names(api.groups) == {
        "Pets": GroupNaming("pets", "pets"),
        "pets": GroupNaming("pets2", "pets2"),
    }
    assert [m.name for m in api.models] == ["PetsApi2"]


def test_the_package_names_come_from_the_config_not_the_model(tmp_path: Path) -> None:
    """The model names no Python package; the Python target is given it, and templates
    read it as ``api.package`` and ``api.project_name``."""
    api = api_of(load_spec(write_spec(tmp_path, SPEC)), Settings("p", "p", "1", "P"))
    files = render(api, Package("pets_sdk", "pets-sdk"))
    assert "pets_sdk/__init__.py" in files and "p/__init__.py" not in files
    assert 'name = "pets-sdk"' in files["pyproject.toml"].body


def test_defaults_are_json_in_the_model_and_python_literals_in_its_docs(
    tmp_path: Path,
) -> None:
    spec = """
openapi: 3.1.0
info: {title: Defaults, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: tame, in: query, schema: {type: boolean, default: true}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
components:
  schemas:
    Pet: {type: object, properties: {kind: {type: string, default: cat}}}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    (op,) = api.groups[0].operations
    (prop,) = api.models[0].properties
    assert (op.parameters[0].default_json, prop.default_json) == ("true", '"cat"')
    assert op.docs is not None and "default `True`" in op.docs.parameters[0][2]
    page = next(c for c in api.docs.classes if c.name == "Pet") if api.docs else None
    assert page is not None and "default `'cat'`" in page.fields[0][1]


def test_the_request_body_is_the_argument_body_and_a_parameter_yields_to_it(
    tmp_path: Path,
) -> None:
    spec = """
openapi: 3.1.0
info: {title: Body, version: "1"}
paths:
  /notes:
    post:
      operationId: addNote
      parameters: [{name: body, in: query, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/json: {schema: {type: object}}}
      responses: {"200": {description: ok}}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    (op,) = api.groups[0].operations
    assert [a.name for a in signature(op, {})] == ["body", "*", "body2"]
    assert surface(api, PYTHON_SPELLING)["operations"]["default.add_note"]["positional"] == [
        "body"
    ]


def test_enum_members_keep_their_titles_and_the_target_names_them(
    tmp_path: Path,
) -> None:
    """The model keeps a member's value and title; the Python target names it, a
    title first (``ROUGE``), and a later member whose name meets an earlier one is
    suffixed. Templates still read ``member.py_name``."""
    spec = """
openapi: 3.1.0
info: {title: Enums, version: "1"}
paths: {}
components:
  schemas:
    Colour:
      oneOf:
        - {const: red, title: rouge}
        - {const: Red}
        - {const: RED}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    (enum,) = api.enums
    assert [(m.value, m.title) for m in enum.members] == [
        ("red", "rouge"),
        ("Red", ""),
        ("RED", ""),
    ]
    assert member_names(enum.members) == {"red": "ROUGE", "Red": "RED", "RED": "RED2"}
    page = render(api, Package("p", "p"), ())["docs/models/Colour.md"].body
    assert "| `ROUGE` | `red` |" in page and "| `RED2` | `RED` |" in page
    code = render(api, Package("p", "p"), ())["p/models/colour.py"].body
    assert 'RED2 = "RED"' in code


def test_parameters_are_named_in_the_specs_order_not_the_signatures(
    tmp_path: Path,
) -> None:
    """The model sorts parameters (required first) but keeps the order the spec
    declares them in; the Python target names them in that order, so an optional
    query ``pageSize`` declared first keeps ``page_size`` and the required header
    ``Page-Size`` declared after it is suffixed. Templates still read ``p.py_name``."""
    spec = """
openapi: 3.1.0
info: {title: Order, version: "1"}
paths:
  /pets:
    parameters:
      - {name: pageSize, in: query, schema: {type: integer}}
    get:
      operationId: listPets
      parameters:
        - {name: Page-Size, in: header, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    (op,) = api.groups[0].operations
    assert [(p.wire_name, p.order) for p in op.parameters] == [
        ("Page-Size", 1),
        ("pageSize", 0),
    ]
    assert parameter_names(op) == {
        ("query", "pageSize"): "page_size",
        ("header", "Page-Size"): "page_size2",
    }
    assert [a.name for a in signature(op, {})] == ["*", "page_size2", "page_size"]
    code = render(api, Package("p", "p"), ())["p/api/default.py"].body
    assert '"Page-Size": page_size2' in code and '"pageSize": page_size' in code


def test_page_paths_are_wire_names_the_python_target_turns_into_attributes(
    tmp_path: Path,
) -> None:
    """The model keeps where a page's items and next token are as wire names; the
    Python client reads them as its models' attributes, and the TypeScript client,
    whose models keep the wire names, as they are (it used to be given the Python
    names, and found no next token)."""
    spec = """
openapi: 3.1.0
info: {title: Pages, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{name: pageToken, in: query, schema: {type: string}}]
      x-pagination:
        tokenParameter: pageToken
        items: petList
        nextToken: {in: body, path: pageInfo.nextPageToken}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}
components:
  schemas:
    Page:
      type: object
      properties:
        petList: {type: array, items: {type: string}}
        pageInfo:
          type: object
          properties: {nextPageToken: {type: string}}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    (op,) = api.groups[0].operations
    assert op.pagination is not None
    assert op.pagination.token_param == "pageToken"
    assert op.pagination.items_path == ("petList",)
    assert op.pagination.token_path == ("pageInfo", "nextPageToken")
    python = render(api, Package("p", "p"), ())["p/api/default.py"].body
    assert 'body_token("page_info", "next_page_token")' in python
    assert 'items_at("pet_list")' in python
    target = TypeScriptTarget(tmp_path / "ts", "p")
    typescript = render_typescript(api, target)["src/apis/DefaultApi.ts"]
    assert 'path: "pageInfo.nextPageToken"' in typescript
    assert 'items: "petList"' in typescript


def test_properties_that_meet_once_converted_get_fields_in_the_models_order(
    tmp_path: Path,
) -> None:
    """The model keeps wire names only; the Python target names the fields, a later
    property whose name meets an earlier one's suffixed, and the class, its docs page
    (``p.py_name`` in templates) and the surface agree."""
    spec = """
openapi: 3.1.0
info: {title: Fields, version: "1"}
paths: {}
components:
  schemas:
    Note:
      type: object
      properties:
        sentAt: {type: string}
        sent_at: {type: integer}
"""
    api = api_of(load_spec(write_spec(tmp_path, spec)), Settings("p", "p", "1", "P"))
    (model,) = api.models
    assert field_names(model.properties) == {"sentAt": "sent_at", "sent_at": "sent_at2"}
    files = render(api, Package("p", "p"), ())
    code = files["p/models/note.py"].body
    assert "sent_at: str | None = Field(" in code and "sent_at2: int | None = Field(" in code
    page = files["docs/models/Note.md"].body
    assert "| **sent_at2** | `sent_at` |" in page
    fields = surface(api, PYTHON_SPELLING)["classes"]["Note"]["fields"]
    assert (fields["sentAt"]["name"], fields["sent_at"]["name"]) == ("sent_at", "sent_at2")
