"""Formatting: black by default, ruff as a setting, and code emitted close to black's style."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import black
import pytest
from conftest import ROOT, SHARED, make_config, write_spec
from conftest import SPEC as MESSAGING

from generator.build import api_of, build, settings_of
from generator.load.spec import load_spec
from generator.output.formatter import Workers, formatter_id
from generator.output.state import Manifest
from generator.output.write import write_output
from generator.targets.python.codelayout import parameter, statement
from generator.targets.python.keptlines import laid_out_as_black
from generator.targets.python.literals import from_import, literal
from generator.targets.python.naming import Package
from generator.targets.python.render import RenderedFile, render
from generator.targets.python.runtime_modules import RUNTIME, builtin_names

SPEC = """\
    openapi: 3.0.3
    info: {title: Tiny, version: 1.0.0}
    servers: [{url: "https://api.example.com"}]
    paths:
      /health:
        get:
          operationId: health
          summary: Whether the service is up.
          responses: {"204": {description: It is.}}
      /things/{thingId}:
        get:
          operationId: getThing
          parameters:
            - {name: thingId, in: path, required: true, schema: {type: string}}
          responses:
            "200":
              description: The thing.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Thing"}
    components:
      schemas:
        Thing:
          type: object
          properties:
            displayName: {type: string, description: 'Says "hi" and it''s fine'}
            status: {type: string, enum: [on, "off'\\"quoted"]}
"""
BLACK = black.Mode(target_versions={black.mode.TargetVersion.PY311})


def _generate(tmp_path: Path, formatter: str) -> tuple[Path, list[str]]:
    spec = write_spec(tmp_path, SPEC)
    out = tmp_path / "out"
    result = build(make_config(spec, out, "tiny", formatter=formatter))
    write_output(out, result.files, Manifest.read(out))
    return out, result.formatted


def test_ruff_formatter_writes_valid_python_and_records_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "")  # no formatted text from other tests
    out, formatted = _generate(tmp_path, "ruff")
    python = sorted(p for p in out.rglob("*.py"))
    runtime = {f"tiny/{name}" for name in builtin_names()}
    rendered = {p.relative_to(out).as_posix() for p in python} - runtime
    assert sorted(formatted) == sorted(rendered)  # the runtime is copied as it is
    for path in python:
        ast.parse(path.read_text(encoding="utf-8"))
    assert Manifest.read(out).formatter == formatter_id("ruff")


def test_changing_the_formatter_gives_what_that_formatter_writes(tmp_path: Path) -> None:
    """Rendered code is laid out as black writes it, so a file on disk whose bytes are
    the rendered ones is settled without a formatter, whichever formatter wrote it."""
    out, _ = _generate(tmp_path, "ruff")
    _generate(tmp_path, "black")
    (tmp_path / "fresh").mkdir()
    fresh, _ = _generate(tmp_path / "fresh", "black")
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    assert files == again
    assert Manifest.read(out).formatter == formatter_id("black")
    _, unchanged = _generate(tmp_path, "black")
    assert unchanged == []


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "it's",
        'say "hi"',
        "both ' and \"",
        "back\\slash",
        "tab\tnew\nline",
        "é\x00",
    ],
)
def test_string_literals_are_the_ones_black_writes(value: str) -> None:
    code = f"x = {literal(value)}\n"
    assert ast.literal_eval(literal(value)) == value
    assert black.format_str(code, mode=BLACK) == code


def test_long_declarations_and_imports_are_split_as_black_splits_them() -> None:
    field = 'message_status: MessageStatusEnum | None = Field(default=None, alias="messageStatus")'
    code = f"class A:\n    {statement(field, 4)}\n"
    assert black.format_str(code, mode=BLACK) == code
    long_import = from_import(
        ".multi_channel_channel_list_rbm_object_content", ["MultiChannelContent"] * 3
    )
    assert black.format_str(long_import + "\n", mode=BLACK) == long_import + "\n"


TAGS = ", ".join(f'Annotated[VariantNumber{i}, Tag("V{i}")]' for i in range(4))
LITERALS = ", ".join(f'"VALUE_NUMBER_{i}"' for i in range(9))


@pytest.mark.parametrize(
    "line",
    [
        f'Choice = Annotated[Union[{TAGS}], Discriminator(discriminate("kind", "kind"))]',
        "Content = Annotated[Union[TextContent, MediaContent], Field(union_mode=\"left_to_right\")]",
        f"Short = Annotated[Union[{', '.join(f'V{i}' for i in range(12))}], Field()]",
        '@pages_of(Paging[MessagesList, ListMessageItem]("page_token", body_token("page_info", "next_page_token"), items_at("messages")))',
        '@pages_of(Paging[list[Media], Media]("continuation_token", header_token("Continuation-Token"), items_at()))',
        'found["OAuth2"] = OAuth2ClientCredentials(client_id, client_secret, token_url="https://api.example.com/oauth2/token", scopes=())',
        'override_token_url(found, token_url or os.environ.get("SOME_RATHER_LONG_PREFIX_TOKEN_URL"))',
        'Discriminator(discriminate("type", "type", ("REPLY", "DIAL_PHONE", "SHOW_LOCATION", "CREATE_CALENDAR_EVENT", "OPEN_URL")))',
        "return await self._call(_MediaApi.get_media, account_id, media_id, request_options=request_options)",
        "return await self._call(_MediaApi.upload_media, account_id, media_id, body, content_type=content_type, cache_control=cache_control, request_options=request_options)",
    ],
)
def test_long_statements_are_laid_out_as_black_lays_them_out(line: str) -> None:
    if line.startswith("@"):  # a method's decorator
        before, after = "class A:\n    ", "\n    def f(self):\n        pass\n"
        laid = statement(line, 4)
    else:
        before, after = "class A:\n    async def f(self):\n        ", "\n"
        laid = statement(line, 8)
    code = before + laid + after
    assert black.format_str(code, mode=BLACK) == code
    assert ast.dump(ast.parse(code)) == ast.dump(ast.parse(before + line + after))


@pytest.mark.parametrize(
    ("name", "annotation", "default"),
    [
        ("status", f"StatusEnum | Literal[{LITERALS}] | None", "None"),
        ("direction", 'ListMessageDirectionEnum | Literal["INBOUND", "OUTBOUND"] | None', "None"),
        ("required_status", f"StatusEnum | Literal[{LITERALS}]", ""),
        ("short", "int | None", "None"),
    ],
)
def test_long_parameters_are_laid_out_as_black_lays_them_out(name: str, annotation: str, default: str) -> None:
    laid = parameter(name, annotation, default, 8)
    code = f"class A:\n    def f(\n        self,\n        {laid},\n    ) -> None:\n        pass\n"
    assert black.format_str(code, mode=BLACK) == code


@pytest.mark.parametrize("spec_name", ["messaging", "bandwidth"])
def test_black_leaves_every_rendered_file_unchanged(spec_name: str) -> None:
    """Rendered code is already laid out as black lays it out, so black makes one pass
    over each file instead of two (it formats twice whenever the first pass changes
    something)."""
    spec = MESSAGING if spec_name == "messaging" else SHARED / "specs/bandwidth/bandwidth.yml"
    if not spec.exists():
        pytest.skip(f"{spec} is not here")
    api = api_of(load_spec(spec), settings_of(make_config(spec, ROOT, "bandwidth_messaging")))
    changed = [
        path
        for path, item in render(api, Package("bandwidth_messaging", "bandwidth-messaging")).items()
        if item.kind == "python" and black.format_str(item.body, mode=BLACK) != item.body
    ]
    assert changed == []


def test_the_runtime_modules_are_in_blacks_layout() -> None:
    """They are copied into every SDK without a formatter, so they must already be
    laid out as black (with the generator's options) writes them."""
    changed = [
        path.name
        for path in sorted(RUNTIME.glob("*.py"))
        if black.format_str(path.read_text("utf-8"), mode=BLACK) != path.read_text("utf-8")
    ]
    assert changed == []


def test_the_runtime_is_copied_as_it_is_and_a_users_copy_is_formatted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-in runtime modules go to disk as they are, after the header, and
    never through black; a user's own copy of one (``package/_types.py`` in a template
    folder) replaces it and, being anyone's text, is formatted."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "")  # no formatted text from other tests
    spec = write_spec(tmp_path, SPEC)
    result = build(make_config(spec, tmp_path / "out", "tiny"))
    runtime = {f"tiny/{name}" for name in builtin_names()}
    assert {"tiny/_endpoint.py", "tiny/_base_client.py", "tiny/_errors.py"} <= runtime
    assert not runtime & set(result.formatted)
    for name in builtin_names():
        text = result.files[f"tiny/{name}"].decode()
        assert text.startswith("# Generated by sdkgen from ")
        assert text.split("\n", 1)[1] == (RUNTIME / name).read_text("utf-8")

    custom = tmp_path / "templates" / "package"
    custom.mkdir(parents=True)
    builtin = (RUNTIME / "_types.py").read_text()
    (custom / "_types.py").write_text(builtin + "\nEXTRA = [1,2]\n")
    config = make_config(spec, tmp_path / "out2", "tiny", templates=(tmp_path / "templates",))
    result = build(config)
    assert "tiny/_types.py" in result.formatted
    assert result.files["tiny/_types.py"].decode().endswith("\nEXTRA = [1, 2]\n")


def test_a_small_spec_gets_one_black_worker_fewer(tmp_path: Path) -> None:
    """Below 200 KB of spec, validation (a process of its own) runs about as long as all
    the formatting: one worker fewer saves importing black again and finishes as soon."""
    small, big = tmp_path / "small.yaml", tmp_path / "big.yaml"
    small.write_text("x" * 1000)
    big.write_text("x" * 300_000)
    for spec, fewer in ((small, 1), (big, 0)):
        workers = Workers()
        workers.size = 3  # as on a machine with three cores
        workers.start = lambda: None  # type: ignore[method-assign]
        workers.start_for(spec)
        assert workers._black_size == 3 - fewer


HISTORY = sorted((SHARED / "specs/bandwidth/history").glob("*.yml"))
WIDE = """\
    openapi: 3.0.3
    info: {title: Wide, version: 1.0.0}
    servers: [{url: "https://api.example.com"}]
    paths:
      /things:
        get:
          operationId: listThings
          parameters:
            - {name: status, in: query, schema: {type: string, enum: ["日本語の値その一です", "日本語の値その二です", "日本語値"]}}
          responses: {"204": {description: None.}}
"""
EMPTY = """\
    openapi: 3.0.3
    info: {title: Empty, version: 1.0.0}
    paths: {}
"""
CORPUS = ["tiny", "wide", "empty", "hostile", "synthetic", "messaging", "shared messaging", "bandwidth"] + [
    f"history {path.stem}" for path in HISTORY[::3] + HISTORY[-1:]
]


def _corpus_spec(name: str, folder: Path) -> Path:
    inline = {"tiny": SPEC, "wide": WIDE, "empty": EMPTY}
    if name in inline:
        return write_spec(folder, inline[name])
    if name == "hostile":
        from test_hostile import hostile_spec

        path = folder / "hostile.json"
        path.write_text(json.dumps(hostile_spec()), encoding="utf-8")
        return path
    if name == "synthetic":
        path = folder / "synthetic.json"
        synth = ROOT / "benchmarks" / "synth.py"
        subprocess.run([sys.executable, str(synth), "30", str(path)], check=True)
        return path
    if name == "messaging":
        return MESSAGING
    shared = SHARED / "specs/bandwidth"
    if name.startswith("history "):
        return shared / "history" / f"{name.split()[1]}.yml"
    return shared / ("messaging.yml" if name == "shared messaging" else "bandwidth.yml")


@pytest.mark.parametrize("name", CORPUS)
def test_files_that_skip_black_are_what_black_writes(name: str, tmp_path: Path) -> None:
    """The proof behind ``render.LAID_OUT``: every file a generation writes without
    running black (most of a big SDK) is exactly what black writes, over specs of every
    kind: the shared real documents and their history, the hostile spec's strings, the
    benchmark's synthetic one."""
    spec = _corpus_spec(name, tmp_path)
    if not spec.exists():
        pytest.skip(f"{spec} is not here")
    api = api_of(load_spec(spec), settings_of(make_config(spec, ROOT, "pkg")))
    skipped = {p: i.body for p, i in render(api, Package("pkg", "pkg")).items() if i.kind == "python" and laid_out_as_black(i)}
    assert any("/models/" in path for path in skipped)
    changed = [path for path, body in skipped.items() if black.format_str(body, mode=BLACK) != body]
    assert changed == []


def test_a_long_line_or_a_users_template_still_goes_through_black(tmp_path: Path) -> None:
    """The hostile spec's long enum values are left to black, and so is everything a
    user's copy of a LAID_OUT template renders."""
    spec = _corpus_spec("hostile", tmp_path)
    api = api_of(load_spec(spec), settings_of(make_config(spec, ROOT, "pkg")))
    choice = render(api, Package("pkg", "pkg"))["pkg/models/choice.py"]
    assert choice.laid_out and not laid_out_as_black(choice)
    assert black.format_str(choice.body, mode=BLACK) != choice.body

    custom = tmp_path / "templates" / "package"
    custom.mkdir(parents=True)
    builtin = ROOT / "templates" / "package" / "model_module.py.j2"
    (custom / "model_module.py.j2").write_text(builtin.read_text() + "X = [1,2]\n")
    tiny = write_spec(tmp_path, SPEC)
    config = make_config(tiny, tmp_path / "out", "tiny", templates=(tmp_path / "templates",))
    result = build(config)
    assert "tiny/models/thing.py" in result.formatted
    assert result.files["tiny/models/thing.py"].decode().endswith("\nX = [1, 2]\n")


LONG = ", ".join(["A description far longer than black's line length"] * 3)


@pytest.mark.parametrize(
    ("body", "skipped"),
    [
        # a docstring on one line, a field's attribute docstring, the middle lines of
        # a longer one: black never splits them
        (f'"""{LONG}"""\n\nX = 1\n', True),
        (f'class A:\n    x: int = 1\n    """{LONG}"""\n', True),
        (f'class A:\n    """Short.\n\n    {LONG}\n    end."""\n\n    x: int = 1\n', True),
        # a long last line: black moves the closing quotes to a line of their own
        (f'class A:\n    """Short.\n\n    {LONG}"""\n\n    x: int = 1\n', False),
        # a long line of code, or a long string that is not a statement of its own
        (f"X = {LONG!r}\n", False),
        (f'X = """{LONG}"""\n', False),
        # black strips trailing spaces in a docstring
        (f'"""{LONG} \n\nmore."""\n', False),
    ],
)
def test_long_docstring_lines_skip_black_and_black_agrees(body: str, skipped: bool) -> None:
    item = RenderedFile("python", "", body, laid_out=True)
    assert laid_out_as_black(item) is skipped
    if skipped:
        assert black.format_str(body, mode=BLACK) == body


@pytest.mark.parametrize("spec_name", ["messaging", "bandwidth"])
def test_a_first_generation_of_the_bandwidth_documents_never_imports_black(
    spec_name: str, tmp_path: Path
) -> None:
    """Every file the built-in templates render for them is in black's layout as it
    is (render.LAID_OUT, proven above), so a cold generation, the user's cache empty
    and the output folder new, formats nothing, and neither the generator nor a
    worker process of it imports black (the import of each module is reported on
    stderr under ``-X importtime``, in forked workers too)."""
    spec = MESSAGING if spec_name == "messaging" else SHARED / "specs/bandwidth/bandwidth.yml"
    if not spec.exists():
        pytest.skip(f"{spec} is not here")
    command = [sys.executable, "-X", "importtime", "-m", "generator", "generate", str(spec)]
    command += ["-o", str(tmp_path / "out"), "--package", "pkg", "--target", "python", "-q"]
    env = {**os.environ, "SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "generator.build" in imported  # the report is there
    assert [name for name in imported if name.split(".")[0] in ("black", "blib2to3")] == []
    assert (tmp_path / "out" / "pkg" / "_client.py").is_file()
