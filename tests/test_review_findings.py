"""Defects found in an adversarial review of the fixes for issues 11, 12 and 13:
attacks that got through, each kept as a test of the behaviour the issues asked for.
Each was written as a strict xfail against the code of the time and lost its marker
when its fix landed; a finding still open would carry one again."""

from __future__ import annotations

import ast
import asyncio
import importlib
import pkgutil
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MESSAGE, generate, write_spec
from scripted_server import Reply, ScriptedServer, json_reply

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated" / "bandwidth_messaging"
MEDIA = "/users/1/media"
MESSAGES = "/users/1/messages"


# Issue 13 -------------------------------------------------------------------------


def test_docstring_without_indent_ends_on_a_blank_line() -> None:
    code = (
        "from generator.model import text\n"
        "print(repr(text.docstring('a\\n\\nb', indent='')))\n"
    )
    try:
        run = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("text.docstring('a\\n\\nb', indent='') never returned")
    assert run.returncode == 0 and "a" in run.stdout


FREE_FORM_ERROR = """
openapi: 3.0.3
info: {title: Free, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {a: {type: string}}}
        "501":
          description: nope
          content:
            application/json:
              schema: {type: object, properties: {}}
"""


def test_a_free_form_error_object_imports_any(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, FREE_FORM_ERROR)
    out = generate(spec, tmp_path / "out", "free_form_err_sdk")
    for module in (out / "free_form_err_sdk" / "api").glob("*.py"):
        tree = ast.parse(module.read_text())
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        imported = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        assert "Any" not in used or "Any" in imported, module.name


UNIONS = """
openapi: 3.1.0
info: {title: Example API, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
        "501": {description: not implemented}
components:
  schemas:
    Holder:
      type: object
      properties:
        tree: {$ref: "#/components/schemas/Tree"}
        one: {$ref: "#/components/schemas/One"}
        status: {$ref: "#/components/schemas/Status"}
        exc: {$ref: "#/components/schemas/Exception"}
    Tree:
      anyOf:
        - {type: array, items: {$ref: "#/components/schemas/Tree"}}
        - {type: string}
    One:
      oneOf: [{type: string}, {type: string}]
    Status:
      oneOf:
        - {const: 0, title: Active}
        - {const: 1, title: Disabled}
    Exception: {type: object, properties: {c: {type: string}}}
"""


def test_self_referring_one_member_and_const_unions_import_and_stay_open(
    sdk_from: Any,
) -> None:
    sdk = sdk_from(UNIONS)
    for info in pkgutil.walk_packages(sdk.__path__, sdk.__name__ + "."):
        importlib.import_module(info.name)
    holder = sdk.models.Holder.model_validate(
        {"tree": [["a"], "b"], "one": "x", "status": 7}
    )
    assert holder.one == "x" and holder.status == 7


def test_names_neither_repeat_api_nor_shadow_builtins(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, UNIONS)
    out = generate(spec, tmp_path / "out", "names_review_sdk")
    text = "\n".join(
        p.read_text() for p in out.rglob("*") if p.suffix in (".py", ".md")
    )
    assert "API API" not in text
    assert "class NotImplementedError" not in text
    assert "class Exception(" not in text


# Issue 12 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["typing_inspection", "annotated_types", "pydantic_core", "httpcore", "h11",
     "anyio", "sniffio", "idna", "certifi", "h2", "socksio"],
)  # fmt: skip
def test_a_package_name_shadowing_a_pydantic_dependency_is_refused(name: str) -> None:
    from generator.config import check_package
    from generator.errors import ConfigError

    with pytest.raises(ConfigError, match="would shadow"):
        check_package(name)


# Issue 11 (against the golden SDK) ------------------------------------------------


def oauth(bw: Any, server: ScriptedServer, **options: Any) -> Any:
    return bw.Client(
        client_id="id",
        client_secret="s3cr3t",
        token_url=server.url + "/token",
        base_url=server.url,
        **options,
    )


class Drip:
    """A body sent a byte at a time; counts the bytes the client waited for."""

    def __init__(self, count: int, pause: float) -> None:
        self.count, self.pause, self.sent = count, pause, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.count):
            time.sleep(self.pause)
            self.sent += 1
            yield b" "


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_dripping_token_endpoint_ends_within_the_timeout(
    bw: Any, server: ScriptedServer, flavour: str
) -> None:
    # 30 bytes, 0.2 s apart: each pause is far below the read timeout, the whole
    # six times the call's timeout of 1 s.
    drip = Drip(30, 0.2)
    server.route(
        "POST",
        "/token",
        Reply(
            200, chunks=drip, length=30, headers={"Content-Type": "application/json"}
        ),
    )
    server.route("GET", MEDIA, json_reply([]))
    if flavour == "sync":
        with oauth(bw, server, timeout=1.0, max_retries=0) as c:
            with pytest.raises(bw.SdkError):
                c.media.list_media("1")
    else:

        async def main() -> None:
            async with bw.AsyncClient(
                client_id="id",
                client_secret="s3cr3t",
                token_url=server.url + "/token",
                base_url=server.url,
                timeout=1.0,
                max_retries=0,
            ) as c:
                await c.media.list_media("1")

        with pytest.raises(bw.SdkError):
            asyncio.run(main())
    # The client gave up long before the endpoint finished dripping.
    assert drip.sent < drip.count


def test_a_retry_after_of_many_digits_is_not_retried(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "GET",
        MEDIA,
        Reply(
            429,
            b"{}",
            {"Retry-After": "9999999999999", "Content-Type": "application/json"},
        ),
    )
    with bw.Client(username="u", password="p", base_url=server.url, max_retries=2) as c:
        with pytest.raises(bw.TooManyRequestsError):
            c.media.list_media("1")
    assert len(server.requests(MEDIA)) == 1


def test_a_misspelled_request_option_is_refused_before_sending(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, json_reply(MESSAGE, 202))
    message = bw.models.MessageRequest(
        application_id="app", to=["+19195550000"], from_="+19195551234", text="hi"
    )
    with bw.Client(username="u", password="p", base_url=server.url) as c:
        with pytest.raises(bw.SdkError):
            c.messages.create_message(
                "1", message, request_options={"max_retry": 0, "timeot": 1}
            )
    assert server.requests(MESSAGES) == []


EXAMPLES = """
openapi: 3.0.3
info: {title: Ex, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      parameters:
        - {name: q, in: query, required: true,
           schema: {type: string, pattern: "^(a{1000}){1000}$"}}
        - {name: s, in: query, required: true,
           schema: {type: string, minLength: 2000000000}}
      responses:
        "204": {description: ok}
"""


def _example_arguments(readme: str) -> dict[str, str]:
    """The keyword arguments of the README's first ``make_thing(...)`` call, as text."""
    start = readme.index("make_thing(") + len("make_thing")
    depth, end = 0, start
    while True:
        depth += {"(": 1, ")": -1}.get(readme[end], 0)
        if depth == 0:
            break
        end += 1
    call = ast.parse("f" + readme[start : end + 1], mode="eval").body
    assert isinstance(call, ast.Call)
    return {k.arg or "": ast.unparse(k.value) for k in call.keywords}


def test_readme_examples_stay_small_when_run_and_valid(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, EXAMPLES)
    out = generate(spec, tmp_path / "out", "examples_review_sdk")
    arguments = _example_arguments((out / "README.md").read_text())
    for name, expression in arguments.items():
        # Whatever the constraints, no example builds more than a million items.
        assert not any(int(n) > 1_000_000 for n in re.findall(r"\d+", expression)), (
            name,
            expression,
        )
    if "q" in arguments:
        assert re.fullmatch("(a{1000}){1000}", ast.literal_eval(arguments["q"]))


# Issue 12: the output folder and what check vouches for ---------------------------

SMALL = """
openapi: 3.0.3
info: {title: Small, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "204": {description: ok}
"""


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _generated(tmp_path: Path, package: str) -> Path:
    write_spec(tmp_path, SMALL)
    run = _cli(tmp_path, "generate", "spec.yaml", "-o", "out", "--package", package)
    assert run.returncode == 0, run.stderr
    return tmp_path / "out"


def test_check_refuses_a_folder_that_shadows_a_generated_module(tmp_path: Path) -> None:
    out = _generated(tmp_path, "shadow_review_sdk")
    shadow = out / "shadow_review_sdk" / "_client"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("class Client: ...\nclass AsyncClient: ...\n")
    run = _cli(
        tmp_path, "check", "spec.yaml", "-o", "out", "--package", "shadow_review_sdk"
    )
    assert run.returncode != 0, run.stdout


def test_check_refuses_a_bytecode_file_that_replaces_a_generated_module(
    tmp_path: Path,
) -> None:
    import importlib.util
    import py_compile

    out = _generated(tmp_path, "pyc_review_sdk")
    source = out / "pyc_review_sdk" / "_client.py"
    edited = tmp_path / "edited.py"
    edited.write_text(source.read_text() + "\nINJECTED = True\n")
    py_compile.compile(
        str(edited),
        cfile=importlib.util.cache_from_source(str(source)),
        dfile=str(source),
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    run = _cli(
        tmp_path, "check", "spec.yaml", "-o", "out", "--package", "pyc_review_sdk"
    )
    assert run.returncode != 0, run.stdout


@pytest.mark.parametrize("state", [".sdkgen-manifest.json", ".sdkgen-history.json"])
def test_a_deeply_nested_state_file_is_a_clear_error(
    tmp_path: Path, state: str
) -> None:
    out = _generated(tmp_path, "deep_review_sdk")
    (out / state).write_text("[" * 100_000 + "]" * 100_000)
    run = _cli(
        tmp_path, "generate", "spec.yaml", "-o", "out", "--package", "deep_review_sdk"
    )
    assert "this is a bug" not in run.stderr and "Traceback" not in run.stderr
    assert run.returncode == 2 and state in run.stderr


# Issue 11.5: requests the spec forbids ---------------------------------------------


def _message(bw: Any, **fields: Any) -> Any:
    return {"applicationId": "app", "to": ["+19195550000"], "from": "+1", **fields}


@pytest.mark.parametrize("value", ["HIGH", "DEFAULT"])
def test_an_enum_members_name_is_not_a_valid_request_value(
    bw: Any, server: ScriptedServer, value: str
) -> None:
    server.route("POST", MESSAGES, json_reply(MESSAGE, 202))
    with bw.Client(username="u", password="p", base_url=server.url) as c:
        with pytest.raises((bw.SdkError, ValueError)):
            c.messages.create_message("1", _message(bw, text="hi", priority=value))
    assert server.requests(MESSAGES) == []


def test_unique_items_is_checked_before_sending(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MESSAGES, json_reply(MESSAGE, 202))
    with bw.Client(username="u", password="p", base_url=server.url) as c:
        with pytest.raises((bw.SdkError, ValueError)):
            c.messages.create_message(
                "1", _message(bw, text="hi", to=["+19195550000", "+19195550000"])
            )
    assert server.requests(MESSAGES) == []


# Issue 13.5: form bodies with deepObject encoding ----------------------------------

FORM = """
openapi: 3.0.3
info: {title: Form, version: "1"}
paths:
  /customers:
    post:
      operationId: createCustomer
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                meta: {type: object, additionalProperties: {type: string}}
            encoding:
              meta: {style: deepObject, explode: true}
      responses:
        "204": {description: ok}
"""


def test_a_deep_object_map_key_cannot_add_a_level(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from(FORM)
    server.route("POST", "/customers", Reply(204))
    with sdk.Client(base_url=server.url) as c:
        c.default.create_customer(
            sdk.models.CreateCustomerRequest(meta={"p][role": "q"})
        )
    (seen,) = server.requests("/customers")
    assert b"meta[p][role]" not in seen.body


# Issue 11.3/11.10: what an error's message may carry -------------------------------


def test_an_error_message_holds_no_line_break_or_escape_from_the_server(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "GET",
        MEDIA,
        Reply(
            418,
            b"oops\n2026-01-01 INFO approved\x1b[2J",
            {"Content-Type": "text/plain"},
        ),
    )
    with bw.Client(username="u", password="p", base_url=server.url) as c:
        with pytest.raises(bw.ApiError) as info:
            c.media.list_media("1")
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message
    assert info.value.body.startswith(b"oops\n")  # the raw body stays available


def test_a_bad_per_call_header_raises_an_sdk_error(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, json_reply([]))
    with bw.Client(username="u", password="p", base_url=server.url) as c:
        with pytest.raises(bw.SdkError):
            c.media.list_media(
                "1", request_options={"headers": {"Content-Length": "5"}}
            )


NESTED = """
openapi: 3.0.3
info: {title: Ex, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      parameters:
        - {name: long, in: query, required: true,
           schema: {type: string, minLength: 5000}}
        - {name: huge, in: query, required: false,
           schema: {type: string, minLength: 50000000}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              minItems: 300
              items:
                type: array
                minItems: 300
                items: {type: array, minItems: 300, items: {type: integer}}
      responses:
        "204": {description: ok}
"""


def test_nested_repetitions_are_bounded_when_run_and_small_ones_kept(
    tmp_path: Path,
) -> None:
    spec = write_spec(tmp_path, NESTED)
    out = generate(spec, tmp_path / "out", "nested_review_sdk")
    docs = (out / "docs" / "DefaultApi.md").read_text()
    example = docs[docs.index("```python") : docs.index("### Parameters")]
    assert "[[[1] * 300] * 300] * 300" not in example
    assert "long='example' + 'x' * 4993" in example
    assert "huge=" not in example and "50000000" not in example
    assert "# huge: no small example" in example
    assert "make_thing(" in example
    readme = (out / "README.md").read_text()
    assert "# huge: no small example satisfies its schema" in readme
