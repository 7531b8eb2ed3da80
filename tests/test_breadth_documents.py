"""Specs in JSON, and specs split over several files joined by relative $refs."""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import generate
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ROOT_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Split", "version": "1"},
    "servers": [{"url": "http://unused.invalid"}],
    "paths": {"/pets": {"$ref": "paths/pets.yaml"}},
}
FILES = {
    "paths/pets.yaml": """\
get:
  operationId: listPets
  parameters:
    - $ref: '../parameters.json#/limit'
  responses:
    '200':
      description: Pets
      content:
        application/json:
          schema:
            type: array
            items: {$ref: '../schemas/pet.yaml#/Pet'}
""",
    "parameters.json": json.dumps(
        {"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}
    ),
    "schemas/pet.yaml": """\
Pet:
  type: object
  required: [id]
  properties:
    id: {$ref: 'common/ids.yaml#/Id'}
    tag: {$ref: 'my%20tags.yaml'}
""",
    "schemas/common/ids.yaml": "Id: {type: string, format: uuid}\n",
    "schemas/my tags.yaml": "type: string\nenum: [small, large]\n",
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("split")
    (folder / "api.json").write_text(json.dumps(ROOT_SPEC))
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    out = generate(folder / "api.json", folder / "out", "split_sdk")
    sys.path.insert(0, str(out))
    yield importlib.import_module("split_sdk")
    sys.path.remove(str(out))


def test_refs_across_files_resolve_relative_to_the_referring_file(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(
            '[{"id": "a-1", "tag": "large"}]', content_type="application/json"
        )

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        (pet,) = client.default.list_pets(limit=5)
    assert seen[0].args["limit"] == "5"
    assert isinstance(pet, sdk.models.Pet) and pet.id == "a-1"
    assert pet.tag is sdk.models.MyTags.LARGE


def test_the_spec_hash_covers_every_file(tmp_path: Path) -> None:
    from generator.load.spec import load_spec

    (tmp_path / "api.json").write_text(json.dumps(ROOT_SPEC))
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    before = load_spec(tmp_path / "api.json").sha256()
    (tmp_path / "schemas/common/ids.yaml").write_text("Id: {type: string}\n")
    assert load_spec(tmp_path / "api.json").sha256() != before


def test_yaml_is_read_with_json_types_as_openapi_means_it(tmp_path: Path) -> None:
    from conftest import write_spec

    from generator.errors import SpecError
    from generator.load.spec import load_spec

    spec = load_spec(
        write_spec(
            tmp_path,
            """\
            openapi: 3.0.3
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Switch:
                  type: object
                  properties:
                    on: {type: string, example: 2024-01-01}
                    no: {type: string, example: 12:30}
                    yes: {type: integer, default: 0x1F}
            """,
        )
    )
    props = spec.data["components"]["schemas"]["Switch"]["properties"]
    assert list(props) == ["on", "no", "yes"]
    assert (
        props["on"]["example"],
        props["no"]["example"],
        props["yes"]["default"],
    ) == ("2024-01-01", "12:30", 31)
    with pytest.raises(SpecError, match="could not determine a constructor"):
        load_spec(
            write_spec(
                tmp_path, "openapi: 3.0.3\ninfo: !!binary aGVsbG8=\n", "binary.yaml"
            )
        )
