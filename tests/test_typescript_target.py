"""The TypeScript target in the workflow: ``targets`` and ``[tool.generator.typescript]``
in the config, ``--target`` on the command line, one version for both packages, and
``generate``/``check`` over both output folders with the manifest's rules."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED
from typescript_support import node_tool, prettier_check, tsc_strict
from workflow_support import generate_in, pet_spec, project, run_generator, snapshot

import generator.output.write
from generator.build import build
from generator.config import load_config
from generator.errors import ConfigError
from generator.output.state import Manifest
from generator.output.write import write_outputs

BOTH = 'targets = ["python", "typescript"]\n'


def test_targets_default_to_python_alone_when_the_config_names_none(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec())
    config = load_config(folder / "pyproject.toml")
    assert config.targets == ("python",)
    assert config.typescript is not None
    assert config.typescript.output == folder / "generated" / "typescript"
    assert config.typescript.package == "pets"
    generate_in(folder)
    assert not (folder / "generated" / "typescript").exists()


def test_an_unknown_target_or_an_invalid_npm_name_is_an_error_naming_it(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path / "a", pet_spec(), extra='targets = ["python", "rust"]\n')
    with pytest.raises(ConfigError, match="rust"):
        load_config(folder / "pyproject.toml")
    folder = project(
        tmp_path / "b",
        pet_spec(),
        extra=BOTH + '[tool.generator.typescript]\npackage = "Bad Name"\n',
    )
    done = run_generator("generate", cwd=folder)
    assert done.returncode == 2
    assert "'Bad Name' is not a valid npm package name" in done.stderr
    assert not (folder / "generated").exists()


def test_both_targets_are_generated_with_one_version_and_checked(
    tmp_path: Path,
) -> None:
    folder = project(
        tmp_path,
        pet_spec(),
        version="2.3.4",
        extra=BOTH
        + '[tool.generator.typescript]\noutput = "ts"\npackage = "@pets/client"\n',
    )
    generate_in(folder)
    package = json.loads((folder / "ts" / "package.json").read_text(encoding="utf-8"))
    assert (package["name"], package["version"]) == ("@pets/client", "2.3.4")
    assert 'version = "2.3.4"' in (folder / "generated" / "pyproject.toml").read_text(
        encoding="utf-8"
    )
    manifest = json.loads(
        (folder / "ts" / ".sdkgen-manifest.json").read_text(encoding="utf-8")
    )
    assert {
        "src/models.ts",
        "src/apis/PetsApi.ts",
        "docs/PetsApi.md",
        "package.json",
    } <= set(manifest["files"])
    assert run_generator("check", cwd=folder).returncode == 0

    (folder / "ts" / "src" / "models.ts").write_text("export {};\n", encoding="utf-8")
    done = run_generator("check", cwd=folder)
    assert done.returncode == 1
    assert "~ src/models.ts" in done.stdout


def test_target_on_the_command_line_generates_that_target_alone(tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder, "--target", "typescript")
    assert (
        folder / "generated" / "typescript" / "src" / "apis" / "PetsApi.ts"
    ).is_file()
    assert not (folder / "generated" / "pets").exists()
    # Generated alone, the TypeScript package keeps the history the version comes from.
    assert (folder / "generated" / "typescript" / ".sdkgen-history.json").is_file()


def test_a_file_no_longer_generated_is_deleted_and_a_foreign_one_kept(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec(), extra=BOTH)
    generate_in(folder)
    ts = folder / "generated" / "typescript"
    assert (ts / "docs" / "models" / "Toy.md").is_file()
    (ts / "src" / "mine.ts").write_text("export const mine = 1;\n", encoding="utf-8")
    (folder / "spec.yaml").write_text(pet_spec(toy=False), encoding="utf-8")
    generate_in(folder)
    assert not (ts / "docs" / "models" / "Toy.md").exists()
    assert (ts / "src" / "mine.ts").is_file()


def test_typescript_output_is_deterministic(tmp_path: Path) -> None:
    first = project(tmp_path / "one", pet_spec(), extra=BOTH)
    second = project(tmp_path / "two", pet_spec(), extra=BOTH)
    for folder, seed, tz in ((first, "1", "UTC"), (second, "2", "Asia/Kolkata")):
        done = run_generator(
            "generate",
            "--target",
            "typescript",
            cwd=folder,
            PYTHONHASHSEED=seed,
            TZ=tz,
            LC_ALL="C",
        )
        assert done.returncode == 0, done.stderr
    assert snapshot(first / "generated") == snapshot(second / "generated")


HOSTILE = """\
openapi: 3.0.3
info: {title: "Hostile */ API", version: '1.0'}
servers: [{url: 'http://127.0.0.1:1/v1'}]
paths:
  /things/{thing-id}:
    get:
      operationId: get-thing
      summary: "Ends a comment */ and quotes \\" and back\\\\slash"
      tags: [Things]
      parameters:
        - {name: thing-id, in: path, required: true, schema: {type: string}}
        - {name: class, in: query, schema: {type: integer}}
        - {name: X-Trace Id, in: header, schema: {type: string}}
      responses:
        '200':
          description: "The thing */"
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Promise'}
components:
  schemas:
    Promise:
      type: object
      description: "A model named like a global. */ alert(1) /*"
      required: [default]
      properties:
        default: {type: string, description: "*/ export const pwned = 1; /*"}
        "content-type": {type: string, nullable: true}
        "with space": {type: array, items: {type: string, enum: ["a\\"b", "c*/d", "</script>"]}}
        kind: {$ref: '#/components/schemas/Kind'}
        more: {type: object, additionalProperties: {type: integer}}
    Kind:
      type: string
      enum: ["new", "in-progress", "2fa", "class"]
"""


def test_hostile_names_and_text_stay_data_in_typescript_that_compiles_in_prettiers_layout(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, HOSTILE, extra=BOTH)
    generate_in(folder, "--target", "typescript")
    ts = folder / "generated" / "typescript"
    models = (ts / "src" / "models.ts").read_text(encoding="utf-8")
    assert "export interface PromiseModel {" in models
    assert "pwned = 1" in models and "export const pwned" not in models.replace(
        "*\\/ export const pwned", ""
    )
    done = tsc_strict(ts)
    assert done.returncode == 0, done.stdout
    done = prettier_check(ts)
    assert done.returncode == 0, done.stdout + done.stderr


BANDWIDTH = SHARED / "specs" / "bandwidth" / "bandwidth.yml"


@pytest.mark.skipif(not BANDWIDTH.exists(), reason="../shared/specs is not there")
def test_the_full_bandwidth_document_gives_typescript_that_compiles_in_prettiers_layout(
    tmp_path: Path,
) -> None:
    out = tmp_path / "bw"
    args = [
        str(BANDWIDTH),
        "--output",
        str(out),
        "--package",
        "bwfull",
        "--target",
        "typescript",
    ]
    done = run_generator("generate", "-q", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # Every operation of the document has its method.
    methods = "".join(
        p.read_text(encoding="utf-8") for p in (out / "src" / "apis").glob("*.ts")
    )
    assert methods.count("this.request<") >= 55
    done = tsc_strict(out)
    assert done.returncode == 0, done.stdout
    done = prettier_check(out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_operation_table_lists_the_operations_server_first_then_the_others(
    tmp_path: Path,
) -> None:
    spec = pet_spec().replace(
        "servers: [{url: 'http://127.0.0.1:1/v1'}]",
        "servers: [{url: 'https://api.example.com/v1'}, {url: 'https://sandbox.example.com/v1'}]",
    )
    folder = project(tmp_path, spec, extra=BOTH)
    generate_in(folder, "--target", "typescript")
    api = (
        folder / "generated" / "typescript" / "src" / "apis" / "PetsApi.ts"
    ).read_text(encoding="utf-8")
    assert (
        'servers: ["https://api.example.com/v1", "https://sandbox.example.com/v1"],'
        in api
    )


def test_each_package_changelog_names_the_changes_in_its_own_language(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path, pet_spec(), extra=BOTH)
    generate_in(folder)
    newer = (
        pet_spec(toy=False, field="nick_name")
        .replace(
            "schema: {type: string}}\n",
            "schema: {type: string}}\n"
            "        - {name: page_size, in: query, schema: {type: integer}}\n",
        )
        .replace("        name: {type: string}\n", "        name: {type: integer}\n")
        .replace(
            "      responses:\n",
            "      responses:\n        '404': {description: No pet}\n",
        )
    )
    (folder / "spec.yaml").write_text(newer, encoding="utf-8")
    generate_in(folder, "--bump", "auto")
    python = (folder / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    ts = (folder / "generated" / "typescript" / "CHANGELOG.md").read_text(
        encoding="utf-8"
    )
    assert "client.pets.get_pet(page_size)" in python
    assert "models.Pet.nick_name" in python
    # the same changes, as TypeScript code names them: methods after the operation
    # id, arguments in camelCase, fields by wire name; removed ones (Toy) too
    assert "- PetsApi.getPet(pageSize): new optional parameter" in ts.replace("\\", "")
    assert "- Pet.nick_name: " in ts.replace("\\", "")
    assert "- Pet.toy: field removed" in ts.replace("\\", "")
    assert "- Toy: " in ts.replace("\\", "")
    assert "models.Pet.name: type is now int (was str" in python
    # types as TypeScript writes them
    assert "- Pet.name: type is now number (was string; used in " in ts
    assert "- PetsApi.getPet: may now answer 404 (throws NotFoundError)" in ts
    assert "client." not in ts and "models." not in ts and "raises" not in ts
    assert run_generator("check", cwd=folder).returncode == 0


def test_typescript_docs_show_the_specs_own_example_values(tmp_path: Path) -> None:
    spec = (
        pet_spec()
        .replace(
            "{name: petId, in: path, required: true, schema: {type: string}}",
            "{name: petId, in: path, required: true, schema: {type: string},"
            " example: 'pet%2F42'}",
        )
        .replace(
            "  schemas:\n",
            "  schemas:\n"
            "    NewPet:\n"
            "      type: object\n"
            "      required: [name, kind, born]\n"
            "      properties:\n"
            "        name: {type: string, example: Rex}\n"
            "        kind: {type: string, enum: [dog, cat], example: cat}\n"
            "        born: {type: string, format: date, example: 2020-02-29}\n",
        )
        .replace(
            "components:\n",
            "  /pets:\n"
            "    post:\n"
            "      operationId: addPet\n"
            "      tags: [Pets]\n"
            "      requestBody:\n"
            "        required: true\n"
            "        content:\n"
            "          application/json:\n"
            "            schema: {$ref: '#/components/schemas/NewPet'}\n"
            "            example: {name: Fido}\n"
            "      responses: {'204': {description: Added}}\n"
            "components:\n",
        )
    )
    folder = project(tmp_path, spec, extra=BOTH)
    generate_in(folder)
    docs = folder / "generated" / "typescript" / "docs"
    pets = (docs / "PetsApi.md").read_text(encoding="utf-8")
    # a parameter's example as the SDK takes it (decoded from its URL form)
    assert 'const petId = "pet/42";' in pets
    # the body's example, its missing required fields filled from their own examples
    # (the YAML date given as ISO text)
    assert '  name: "Fido",\n' in pets
    assert '  kind: "dog",\n' in pets or '  kind: "cat",\n' in pets
    model = (docs / "models" / "NewPet.md").read_text(encoding="utf-8")
    assert '  name: "Rex",\n  kind: "cat",\n  born: "2020-02-29",\n' in model


def test_a_failure_writing_the_second_folder_leaves_both_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project(tmp_path, pet_spec(), extra=BOTH)
    generate_in(folder)
    python, ts = folder / "generated", folder / "generated" / "typescript"
    before = snapshot(python)
    (folder / "spec.yaml").write_text(
        pet_spec(field="nickname", description="Changed."), encoding="utf-8"
    )
    result = build(load_config(folder / "pyproject.toml"))
    assert [o.folder for o in result.outputs] == [python, ts]
    real_replace = os.replace
    moved: list[Path] = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        if "/tree/" in str(src):  # staged, moving into place (under staging's tree/)
            moved.append(Path(dst))
            if Path(dst).is_relative_to(ts):
                raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(generator.output.write.os, "replace", failing_replace)
    with pytest.raises(ConfigError, match="Input/output error"):
        write_outputs(
            [(o.folder, o.files, Manifest.read(o.folder)) for o in result.outputs]
        )
    monkeypatch.undo()
    # the Python folder had been written in full when the TypeScript one failed
    assert any(not p.is_relative_to(ts) for p in moved)
    assert snapshot(python) == before
    assert run_generator("check", cwd=folder).returncode == 1  # the spec changed
    generate_in(folder)
    assert "nickname" in (ts / "src" / "models.ts").read_text(encoding="utf-8")


def test_python_annotations_of_the_diff_read_as_typescript_types() -> None:
    from generator.targets.typescript.changelog import ts_type

    types = {"Message": "Message", "Promise": "PromiseModel"}
    assert ts_type("list[Message] | None", types) == "Array<Message> | null"
    assert ts_type("dict[str, list[int]]", types) == "Record<string, Array<number>>"
    assert ts_type("Literal['sms', 'mms']", types) == '"sms" | "mms"'
    assert (
        ts_type("Promise | datetime | bool", types) == "PromiseModel | string | boolean"
    )
    assert ts_type("None", types) == "void"


PROTO = """\
openapi: 3.0.3
info: {title: Proto, version: '1.0'}
servers: [{url: 'http://127.0.0.1:9/v1'}]
paths:
  /things:
    post:
      operationId: request
      tags: [Things]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
      responses: {'200': {description: ok}}
    get:
      operationId: toString
      tags: [Things]
      responses: {'200': {description: ok}}
    put:
      operationId: configuration
      tags: [Things]
      responses: {'200': {description: ok}}
    delete:
      operationId: __proto__
      tags: [Things]
      responses: {'200': {description: ok}}
  /pages:
    get:
      operationId: pages
      tags: [Things]
      responses: {'200': {description: ok}}
components:
  schemas:
    Thing:
      type: object
      additionalProperties: false
      required: [__proto__]
      properties:
        __proto__: {type: string, maxLength: 3}
        constructor: {type: integer}
        toString: {type: string}
"""

PROTO_SCRIPT = """\
import assert from "node:assert/strict";
import { Configuration, InvalidRequestError, ThingsApi } from "./index.js";

const sent = [];
const api = new ThingsApi(new Configuration({
  fetch: async (url) => { sent.push(url); return new Response(null, { status: 200 }); },
}));
assert.equal(typeof api.request_, "function");
assert.equal(String(api).includes("Promise"), false);
await api.toString_();
await api.configuration_();
await api.__proto___();
await api.pages_();
await api.request_(JSON.parse('{"__proto__": "abc", "constructor": 1, "toString": "x"}'));
assert.equal(sent.length, 5);
for (const body of [{}, JSON.parse('{"__proto__": "abcd"}')]) {
  await assert.rejects(api.request_(body), (error) =>
    error instanceof InvalidRequestError && error.fields.includes("body.__proto__"));
}
await assert.rejects(api.request_(JSON.parse('{"__proto__": "abc", "constructor": "x"}')), (error) =>
  error instanceof InvalidRequestError && error.fields.join() === "body.constructor");
assert.equal(sent.length, 5);
"""


def test_operations_named_like_runtime_or_object_members_get_methods_of_their_own(
    tmp_path: Path,
) -> None:
    """An operationId ``request``, ``pages`` or ``configuration`` would replace what
    BaseAPI's methods call, ``toString`` what ``String(api)`` calls; a property
    ``__proto__`` in an object literal would set its prototype, not a key, and one
    named ``constructor`` lost its contextual type (the rules did not compile)."""
    folder = project(tmp_path, PROTO, extra=BOTH)
    generate_in(folder, "--target", "typescript")
    ts = folder / "generated" / "typescript"
    out = tmp_path / "out"
    done = subprocess.run(
        [
            str(node_tool("tsc")),
            "-p",
            str(ts / "config" / "tsconfig.esm.json"),
            "--outDir",
            str(out),
            "--declaration",
            "false",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    (out / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (out / "check.mjs").write_text(PROTO_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        ["node", str(out / "check.mjs")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_typescript_never_takes_over_the_python_sdks_folder(tmp_path: Path) -> None:
    """``--target typescript`` with the Python SDK's folder as the TypeScript output
    read the Python manifest as its own and deleted the whole Python SDK as stale."""
    folder = project(
        tmp_path,
        pet_spec(),
        extra=BOTH + '[tool.generator.typescript]\noutput = "generated/typescript"\n',
    )
    generate_in(folder)
    before = snapshot(folder / "generated")
    config = folder / "pyproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'output = "generated/typescript"', 'output = "generated"'
        ),
        encoding="utf-8",
    )
    done = run_generator("generate", "--target", "typescript", cwd=folder)
    assert done.returncode == 2, done.stderr
    assert "output is the Python SDK's output folder" in done.stderr
    # The command line moving the output there is refused by the manifest's owner.
    done = run_generator(
        "generate", "--target", "typescript", "--output", "generated", cwd=folder
    )
    assert done.returncode == 2, done.stderr
    assert "holds the python SDK's manifest" in done.stderr
    assert snapshot(folder / "generated") == before


BODY_CHOICES = """\
openapi: 3.0.3
info: {title: Things, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /things:
    post:
      operationId: createThing
      tags: [Things]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/ThingForm'}
            encoding:
              address: {style: deepObject, explode: true}
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '204': {description: done}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties: {name: {type: string}}
    ThingForm:
      type: object
      required: [code]
      properties:
        code: {type: integer}
        address: {type: object, additionalProperties: {type: string}}
"""


def test_each_media_type_of_a_body_is_written_and_checked_its_own_way(
    tmp_path: Path,
) -> None:
    """JSON first (the default, as in the Python SDK), each with its kind, its own
    schema and its fields' encoding: not every media type as the first one's kind."""
    folder = project(tmp_path, BODY_CHOICES, extra=BOTH)
    generate_in(folder, "--target", "typescript")
    api = (
        folder / "generated" / "typescript" / "src" / "apis" / "ThingsApi.ts"
    ).read_text(encoding="utf-8")
    contents = api[api.index("contents: [") :]
    json_at = contents.index('mediaType: "application/json"')
    form_at = contents.index('mediaType: "application/x-www-form-urlencoded"')
    assert json_at < form_at
    as_json, as_form = contents[json_at:form_at], contents[form_at:]
    assert 'kind: "json"' in as_json and 'ref: "Thing"' in as_json
    assert 'kind: "form"' in as_form and 'ref: "ThingForm"' in as_form
    assert 'style: "deepObject"' in as_form[: as_form.index("responses")]


def test_an_inline_union_is_printed_as_its_members() -> None:
    from generator.model.ir import TypeRef
    from generator.targets.typescript.types import ts_type

    # A union without a class of its own (``content_type=`` of a body offered in a
    # range of media types) was printed as an empty type.
    choices = TypeRef("literal", literals=("application/json", "image/*"))
    inline = TypeRef("union", variants=(choices, TypeRef("string")))
    assert ts_type(inline, {}) == '"application/json" | "image/*" | string'
    named = TypeRef("union", ref="Pet", variants=(TypeRef("string"),))
    assert ts_type(named, {"Pet": "PetUnion"}) == "PetUnion"
