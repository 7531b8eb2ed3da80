"""Everything the generator reads is untrusted: the spec, every file a $ref reaches,
the output folder and the manifest in it (issue 12). Each test is an attack that got
through once; together they keep it from coming back. Small inline specs, a few
seconds in all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, generate, make_config, write_spec
from workflow_support import generate_in, pet_spec, project, snapshot

from generator.build import build
from generator.config import load_config
from generator.errors import ConfigError, SpecError
from generator.load.spec import load_spec
from generator.output.folder import STAGING_PREFIX
from generator.output.state import MANIFEST, Manifest
from generator.output.write import write_output


class Ran:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> object:
    """``python -m generator ARGS`` run in this process from ``cwd`` (faster than a
    subprocess): returns the exit code and what it printed."""
    from generator.cli import main

    def run(*args: str, cwd: Path) -> Ran:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def _manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text())


def _save_manifest(folder: Path, data: dict) -> None:
    (folder / MANIFEST).write_text(json.dumps(data, indent=2) + "\n")


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# -- 1. the manifest cannot reach outside the output folder -------------------------


@pytest.mark.parametrize(
    "entry", ["../victim/deep/important.txt", "/ABS/important.txt"]
)
def test_a_manifest_entry_outside_the_output_folder_is_refused(
    cli: Any, tmp_path: Path, entry: str
) -> None:
    folder = project(tmp_path / "p", pet_spec())
    generate_in(folder)
    victim = tmp_path / "p" / "victim" / "deep" / "important.txt"
    victim.parent.mkdir(parents=True)
    victim.write_bytes(b"precious")
    out = folder / "generated"
    data = _manifest(out)
    path = str(victim) if entry.startswith("/ABS") else entry
    data["files"][path] = {"sha256": _sha(b"precious")}
    _save_manifest(out, data)
    for command in ("generate", "check"):
        done = cli(command, cwd=folder)
        assert done.returncode == 2, done.stderr
        assert "not a path the generator writes" in done.stderr
    assert victim.read_bytes() == b"precious"


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "/etc/passwd",
        "a/../../x",
        "a\\..\\x",
        "C:/x",
        "a/./b",
        "",
        "nul",
        "x\x00y",
        "docs//x",
        "~/.bashrc/..",
    ],
)
def test_every_manifest_path_the_generator_could_not_write_is_refused(
    tmp_path: Path, path: str
) -> None:
    (tmp_path / MANIFEST).write_text(
        json.dumps({"files": {path: {"sha256": "0" * 64}}})
    )
    with pytest.raises(ConfigError, match="not a path the generator writes"):
        Manifest.read(tmp_path)


def test_a_listed_file_without_the_generator_header_is_never_deleted(
    tmp_path: Path,
) -> None:
    """A manifest may claim a hand-written file with its hash; it is not deleted."""
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    mine = out / "pets" / "mine.py"
    mine.write_bytes(b"VALUE = 1\n")
    data = _manifest(out)
    data["files"]["pets/mine.py"] = {"sha256": _sha(b"VALUE = 1\n")}
    _save_manifest(out, data)
    generate_in(folder)
    assert mine.read_bytes() == b"VALUE = 1\n"


# -- 2. the manifest never vouches for content ---------------------------------------


def test_code_injected_with_its_hash_in_the_manifest_is_drift_and_regenerated(
    cli: Any, tmp_path: Path
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    module = out / "pets" / "models" / "pet.py"
    injected = module.read_bytes() + b'\nimport os\nos.system("echo owned")\n'
    module.write_bytes(injected)
    data = _manifest(out)
    data["files"]["pets/models/pet.py"]["sha256"] = _sha(injected)
    _save_manifest(out, data)
    done = cli("check", cwd=folder)
    assert done.returncode == 1, done.stderr
    assert (
        "~ pets/models/pet.py" in done.stdout
        and '-os.system("echo owned")' in done.stdout
    )
    generate_in(folder)
    assert b"owned" not in module.read_bytes()


def test_a_manifest_claiming_validation_does_not_skip_it(
    cli: Any, tmp_path: Path
) -> None:
    """The old manifest's ``validated`` hash let an invalid spec through; validation is
    now remembered only in the user's cache, which a pull request cannot write."""
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    invalid = pet_spec().replace(
        "        '200':\n          description: The pet\n", "        '200':\n"
    )
    (folder / "spec.yaml").write_text(invalid)
    spec_sha = _sha(invalid.encode())
    out = folder / "generated"
    data = _manifest(out)
    data["validated"] = data["spec_sha256"] = spec_sha
    _save_manifest(out, data)
    done = cli("check", cwd=folder)
    assert done.returncode == 2 and "responses/200" in done.stderr, done.stderr


# -- 3. $refs stay in the spec's folder ---------------------------------------------

OUTSIDE = "secret: {type: object, description: TOP-SECRET-CONTENT}\n"


def _ref_spec(target: str) -> str:
    return pet_spec().replace(
        "toy: {$ref: '#/components/schemas/Toy'}", f"toy: {{$ref: '{target}'}}"
    )


@pytest.mark.parametrize("how", ["relative", "symlink", "passwd"])
def test_a_ref_outside_the_spec_folder_is_refused_without_its_content(
    tmp_path: Path, how: str
) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secrets.yaml").write_text(OUTSIDE)
    folder = tmp_path / "repo" / "api"
    folder.mkdir(parents=True)
    target = {"relative": "../../outside/secrets.yaml#/secret", "symlink": "link.yaml#/secret",
              "passwd": "../../../../../../../../etc/passwd#/root"}[how]  # fmt: skip
    if how == "symlink":
        (folder / "link.yaml").symlink_to(tmp_path / "outside" / "secrets.yaml")
    spec = write_spec(folder, _ref_spec(target))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    text = str(caught.value)
    assert "reaches outside" in text and "--ref-root" in text
    assert "TOP-SECRET" not in text and "root:" not in text


def test_the_validator_reads_no_file_outside_the_ref_root(tmp_path: Path) -> None:
    """The loader takes a ``$ref`` in a default for data, but openapi-spec-validator
    followed it, and quoted the file in its error."""
    from generator.build import validate_apart

    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secrets.yaml").write_text(OUTSIDE)
    (tmp_path / "api").mkdir()
    text = pet_spec().replace(
        "        name: {type: string}\n",
        "        name: {type: integer, default: {$ref: '../outside/secrets.yaml'}}\n",
    )
    with pytest.raises(SpecError) as caught:
        validate_apart(load_spec(write_spec(tmp_path / "api", text)))
    assert "outside" in str(caught.value) and "TOP-SECRET" not in str(caught.value)


def test_ref_root_widens_the_folder_refs_may_read(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "toy.yaml").write_text(
        "Toy: {type: object, properties: {label: {type: string}}}\n"
    )
    folder = project(tmp_path / "api", _ref_spec("../shared/toy.yaml#/Toy"))
    assert cli("generate", cwd=folder).returncode == 2
    done = cli("generate", "--ref-root", str(tmp_path), cwd=folder)
    assert done.returncode == 0, done.stderr
    config = folder / "pyproject.toml"
    config.write_text(config.read_text() + 'ref_root = ".."\n')
    assert load_config(config).ref_root == folder / ".."
    assert cli("check", cwd=folder).returncode == 0


# -- 4. no symbolic link is followed where the generator writes ---------------------


def test_a_symlink_in_the_output_folder_is_refused(cli: Any, tmp_path: Path) -> None:
    folder = project(tmp_path / "p", pet_spec())
    generate_in(folder)
    out = folder / "generated"
    elsewhere = tmp_path / "elsewhere"
    (out / "docs").rename(elsewhere)
    (out / "docs").symlink_to(elsewhere)
    before = snapshot(elsewhere)
    (folder / "spec.yaml").write_text(pet_spec(description="Changed."))
    for command in ("generate", "check"):
        done = cli(command, cwd=folder)
        assert done.returncode == 2 and "symbolic link" in done.stderr, done.stderr
    assert snapshot(elsewhere) == before


@pytest.mark.parametrize("name", [".sdkgen-history.json", MANIFEST, "README.md"])
def test_a_state_file_linked_elsewhere_is_neither_read_nor_shown(
    cli: Any, tmp_path: Path, name: str
) -> None:
    folder = project(tmp_path / "p", pet_spec())
    generate_in(folder)
    secret = tmp_path / "secret.json"
    secret.write_text('{"format": "TOP-SECRET"}\n')
    (folder / "generated" / name).unlink()
    (folder / "generated" / name).symlink_to(secret)
    done = cli("check", cwd=folder)
    assert done.returncode == 2 and "symbolic link" in done.stderr, done.stderr
    assert "TOP-SECRET" not in done.stdout + done.stderr


def test_an_output_folder_that_is_a_file_or_unwritable_is_a_clear_error(
    cli: Any, tmp_path: Path
) -> None:
    spec = write_spec(tmp_path, pet_spec())
    (tmp_path / "file").write_text("x")
    done = cli(
        "generate",
        str(spec),
        "-o",
        str(tmp_path / "file"),
        "--package",
        "pets",
        cwd=tmp_path,
    )
    assert (
        done.returncode == 2 and "is a file, not a folder" in done.stderr
    ), done.stderr
    done = cli(
        "generate",
        str(spec),
        "-o",
        str(tmp_path / "file" / "out"),
        "--package",
        "pets",
        cwd=tmp_path,
    )
    assert done.returncode == 2 and "cannot write into" in done.stderr, done.stderr
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        done = cli(
            "generate",
            str(spec),
            "-o",
            str(locked / "out"),
            "--package",
            "pets",
            cwd=tmp_path,
        )
        assert done.returncode == 2 and "cannot write" in done.stderr, done.stderr


# -- 5. documents the validator cannot survive ---------------------------------------

CYCLE = """\
openapi: 3.0.3
info: {title: C, version: '1'}
paths: {}
components:
  schemas:
    A: {allOf: [{$ref: '#/components/schemas/B'}]}
    B: {allOf: [{$ref: '#/components/schemas/A'}]}
"""


def test_an_all_of_cycle_is_refused_before_validation(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, CYCLE)
    with pytest.raises(
        SpecError, match="allOf cycle.*#/components/schemas/A -> #/components/schemas/B"
    ):
        load_spec(spec)


def test_a_recursive_array_under_all_of_validates(tmp_path: Path) -> None:
    """openapi-spec-validator's own property walk recursed forever on this valid type."""
    text = CYCLE.replace(
        "    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
        "    B: {type: array, items: {$ref: '#/components/schemas/A'}}\n",
    ).replace(
        "A: {allOf: [{$ref: '#/components/schemas/B'}]}",
        "A: {allOf: [{$ref: '#/components/schemas/B'}], required: [x]}",
    )
    from generator.build import validate_apart

    with pytest.raises(SpecError, match="Required list has not defined properties"):
        validate_apart(load_spec(write_spec(tmp_path, text)))


def test_validation_is_bounded_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.output.formatter as formatter
    from generator.build import validate_apart

    monkeypatch.setattr(formatter, "VALIDATION_SECONDS", 0.0)
    with pytest.raises(SpecError, match="validation did not finish within 0 s"):
        validate_apart(
            load_spec(write_spec(tmp_path, pet_spec(description=str(tmp_path))))
        )


def _hungry(spec: object, lenient: bool) -> object:
    return bytearray(400 << 20)  # what a validator that ran away asks for


def test_validation_is_bounded_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    import generator.load.spec_checks as spec_checks
    import generator.output.formatter as formatter
    from generator.build import validate_apart

    # The worker is forked from this process: it may have what this one has, and 100 MiB.
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    monkeypatch.setattr(formatter, "VALIDATION_MEMORY", size + (100 << 20))
    monkeypatch.setattr(spec_checks, "spec_problems", _hungry)
    with pytest.raises(SpecError, match="ran out of memory"):
        validate_apart(
            load_spec(write_spec(tmp_path, pet_spec(description=str(tmp_path))))
        )


# -- 6. examples stay small and valid -----------------------------------------------


def test_examples_stay_small_whatever_the_constraints_say(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: Big, version: '1'}
        servers: [{url: 'http://127.0.0.1:1'}]
        paths:
          /things:
            get:
              operationId: listThings
              parameters:
                - {name: ids, in: query, required: true, schema: {type: array, minItems: 1000000, items: {type: string, minLength: 100000000}}}
                - {name: code, in: query, required: true, schema: {type: string, pattern: '^a{100000000}$'}}
                - {name: few, in: query, required: true, schema: {type: array, minItems: 3, items: {type: string, pattern: '^(ab){3}$'}}}
              responses:
                '200': {description: ok}
        """,
    )
    out = generate(spec, tmp_path / "out", "big")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert size < 500_000
    readme = (out / "README.md").read_text()
    # A million strings of 100 million characters is no example when run: left out
    # of the call, with a note, as is a pattern no short string matches.
    assert "] * 1000000" not in readme and "* 99999993" not in readme
    assert "ids=" not in readme and "code=" not in readme
    docs = (out / "docs" / "DefaultApi.md").read_text()
    assert "# ids: no small example satisfies its schema" in docs
    assert "# code: no small example satisfies its schema" in docs
    assert '["ababab", "ababab", "ababab"]' in readme


# -- 7. killed runs ------------------------------------------------------------------


def test_workers_die_with_a_killed_generator(tmp_path: Path) -> None:
    script = (
        "import os, sys, time\n"
        "from generator.output.formatter import Workers\n"
        "w = Workers(); w.size = 2\n"
        "pool = w._start_apart()\n"
        "pids = [p.pid for p in pool._processes.values()]\n"
        "print(*pids, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert pids
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    for pid in pids:
        for _ in range(100):  # bounded: the kernel signals the worker at once
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"worker {pid} outlived the generator")


def test_a_staging_folder_left_before_the_plan_is_reported_and_removed(
    cli: Any, tmp_path: Path
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    before = snapshot(out)
    left = out / f"{STAGING_PREFIX}killed"
    left.mkdir()
    (left / "0").write_bytes(b"half")
    done = cli("check", cwd=folder)
    assert done.returncode == 1 and f"{STAGING_PREFIX}killed" in done.stdout
    generate_in(folder)
    assert not left.exists() and snapshot(out) == before


def test_a_run_killed_during_the_moves_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after its first moves, a run leaves new files the old manifest does not
    list: the next run used to refuse them as not its own. It now finishes the moves
    from the staging folder's plan."""
    import generator.output.write as write

    out = tmp_path / "out"
    generate(write_spec(tmp_path, pet_spec()), out, "pets")
    bone = (
        pet_spec(field="nickname")
        .replace(
            "    Toy:\n",
            "    Bone:\n      type: object\n      properties: {size: {type: integer}}\n    Toy:\n",
        )
        .replace(
            "        toy: {$ref",
            "        bone: {$ref: '#/components/schemas/Bone'}\n        toy: {$ref",
        )
    )
    result = build(make_config(write_spec(tmp_path, bone, "new.yaml"), out, "pets"))
    real = os.replace

    def killed(src: str | Path, dst: str | Path) -> None:
        real(src, dst)
        if str(dst).endswith("Bone.md"):
            raise SystemExit("killed")

    # SIGKILL: no roll-back, no clean-up.
    monkeypatch.setattr(write.os, "replace", killed)
    monkeypatch.setattr(write, "put_back", lambda done: None)
    monkeypatch.setattr(write.shutil, "rmtree", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit):
        write_output(out, result.files, Manifest.read(out))
    monkeypatch.undo()
    assert (out / "docs/models/Bone.md").exists()
    assert [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    write_output(out, result.files, Manifest.read(out))
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    fresh = tmp_path / "fresh"
    write_output(fresh, result.files, Manifest())
    assert snapshot(out) == snapshot(fresh)


# -- 8. smaller holes ----------------------------------------------------------------


def test_a_spec_file_name_cannot_declare_the_encoding(tmp_path: Path) -> None:
    out = generate(
        write_spec(tmp_path, pet_spec(), "x-coding:latin-1.yaml"),
        tmp_path / "out",
        "pets",
    )
    first = (out / "pets" / "__init__.py").read_text().splitlines()[0]
    assert "x-coding :latin-1" in first
    import re

    assert not re.match(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", first)


@pytest.mark.parametrize(
    "name", ["httpx", "typing", "pydantic", "class", "json", "match"]
)
def test_a_package_name_that_would_shadow_a_module_or_keyword_is_refused(
    tmp_path: Path, name: str
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.generator]\n")
    with pytest.raises(ConfigError, match=name):
        load_config(config, spec=str(tmp_path / "spec.yaml"), package=name)
    assert (
        load_config(config, spec=str(tmp_path / f"{name}.yaml")).package
        == f"{name}_sdk"
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("nan.yaml", "example: .nan"),
        ("inf.yaml", "example: -.inf"),
        ("big.json", '"example": 1e400'),
    ],
)
def test_a_number_json_cannot_carry_is_refused(
    tmp_path: Path, name: str, text: str
) -> None:
    if name.endswith(".json"):
        body = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},\n "components": {"schemas": {"A": {"type": "number", TEXT}}}}\n'.replace(
            "TEXT", text
        )
    else:
        body = f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{type: number, {text}}}\n"
    path = tmp_path / name
    path.write_text(body)
    with pytest.raises(SpecError, match="not a number JSON can carry") as caught:
        load_spec(path)
    assert caught.value.problems[0].line == (2 if name.endswith(".json") else 6)


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder"])
def test_only_a_regular_file_is_read_as_a_spec(tmp_path: Path, kind: str) -> None:
    path = Path(kind) if kind.startswith("/") else tmp_path / "spec.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    with pytest.raises(SpecError, match="not a regular file|Is a directory"):
        load_spec(path)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "dup.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ninfo: {title: u, version: '2'}\n",
            4,
        ),
        (
            "dup.json",
            '{"openapi": "3.0.3",\n "info": {"title": "t", "version": "1"},\n "paths": {},\n "paths": {}}\n',
            4,
        ),
    ],
)
def test_a_duplicate_key_is_refused_with_both_lines(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(
        SpecError,
        match=rf"duplicate key .*first on line {line - 2 if 'yaml' in name else 3}, again on line {line}",
    ):
        load_spec(path)


def test_check_names_the_folder_it_checks(cli: Any, tmp_path: Path) -> None:
    folder = project(tmp_path, pet_spec(), extra="")
    generate_in(folder)
    (folder / "generated").rename(folder / "sdk_out")
    (folder / "spec.yaml").write_text(pet_spec(description="Changed."))
    done = cli("check", "--output", "sdk_out", cwd=folder)
    assert done.returncode == 1 and done.stdout.startswith(
        "sdk_out/ is out of date"
    ), done.stdout


def test_fields_named_like_metaclass_attributes_import_without_warnings(
    sdk_from: object, recwarn: pytest.WarningsRecorder
) -> None:
    sdk = sdk_from(  # type: ignore[operator]
        pet_spec().replace(
            "        name: {type: string}\n",
            "        register: {type: string}\n        mro: {type: string}\n",
        )
    )
    pet = sdk.models.Pet.model_validate({"id": "1", "register": "r", "mro": "m"})
    assert pet.register_ == "r" and pet.mro_ == "m"
    assert not [w for w in recwarn if "shadows an attribute" in str(w.message)]


def test_a_cycle_of_a_hundred_models_imports(sdk_from: object) -> None:
    n = 100
    schemas = "".join(
        f"    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{(i + 1) % n}'}}, v: {{type: string}}}}}}\n"
        for i in range(n)
    )
    sdk = sdk_from(  # type: ignore[operator]
        pet_spec()
        .replace("    Toy:\n", schemas + "    Toy:\n")
        .replace(
            "        name: {type: string}\n",
            "        ring: {$ref: '#/components/schemas/S0'}\n",
        )
    )
    limit = sys.getrecursionlimit()
    ring = sdk.models.S0.model_validate({"v": "a", "next": {"v": "b"}})
    assert ring.next.v == "b" and sys.getrecursionlimit() == limit


# -- the state files are untrusted input: wrong shapes are errors, never ignored -----


@pytest.mark.parametrize(
    "state, text",
    [
        (MANIFEST, "[]"),
        (MANIFEST, "null"),
        (MANIFEST, '{"files": 5}'),
        (MANIFEST, '{"files": {"README.md": 5}}'),
        (MANIFEST, "not json"),
        (MANIFEST, "{" * 50 + "}" * 50),
        (MANIFEST, '{"files": {}, "x": ' + "[" * 40 + "]" * 40 + "}"),
        (".sdkgen-history.json", "[]"),
        (".sdkgen-history.json", "null"),
        (".sdkgen-history.json", '{"format": FORMAT, "surface": 5}'),
        (".sdkgen-history.json", '{"format": FORMAT, "surface": {}, "spec_sha256": "",'
         ' "base": null, "releases": [5]}'),
    ],
)  # fmt: skip
def test_a_state_file_of_the_wrong_shape_is_an_error_naming_it(
    cli: Any, tmp_path: Path, state: str, text: str
) -> None:
    from generator.versions.surface import FORMAT

    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    (out / state).write_text(text.replace("FORMAT", json.dumps(FORMAT)))
    before = snapshot(out)
    for command in ("generate", "check"):
        done = cli(command, cwd=folder)
        assert done.returncode == 2, (command, done.stderr)
        assert f"{state} is not a file the generator wrote" in done.stderr
        assert "this is a bug" not in done.stderr
    assert snapshot(out) == before


# -- what check vouches for: nothing in the package that changes what gets imported --


def _import_in_a_python(out: Path, *flags: str) -> None:
    """Import every module of ``pets`` from ``out`` in a fresh Python, which writes
    its bytecode into ``__pycache__`` as a developer's test run does."""
    code = "import pets, pets.models, pets.api, pkgutil, importlib\n" + (
        "for m in pkgutil.walk_packages(pets.__path__, 'pets.'): "
        "importlib.import_module(m.name)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, *flags, "-c", code], cwd=out, env=env, check=True, timeout=120
    )


def test_bytecode_compiled_from_the_generated_source_is_in_sync(
    cli: Any, tmp_path: Path
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    _import_in_a_python(out)
    _import_in_a_python(out, "-OO")
    assert list(out.rglob("*.opt-2.pyc")) and list(out.rglob("*.cpython-*[0-9].pyc"))
    done = cli("check", cwd=folder)
    assert done.returncode == 0, done.stdout
    before = snapshot(out)
    done = cli("generate", cwd=folder)
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("pets/extensions.py", "pets/extensions.py: a file in the package"),
        ("pets/_client/__init__.py", "pets/_client/: a folder in the package"),
        ("pets/_client.cpython-311-x86_64-linux-gnu.so", "pets/_client.cpython"),
        ("pets/evil.pth", "pets/evil.pth: a file in the package"),
        ("pets/models/__pycache__/notes.txt", "pets/models/__pycache__/notes.txt: not bytecode"),
        ("pets/__pycache__/gone.cpython-311.pyc", "pets/__pycache__/gone.cpython-311.pyc: bytecode of no"),
        ("pets/__pycache__/_client.cpython-27.pyc", "of another Python"),
        ("httpx.py", "httpx.py: importable beside the package"),
        ("pydantic/__init__.py", "pydantic/: importable beside the package"),
        ("sitecustomize.pth", "sitecustomize.pth: importable"),
    ],
)  # fmt: skip
def test_check_reports_every_entry_that_changes_what_gets_imported(
    cli: Any, tmp_path: Path, entry: str, expected: str
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    target = out / entry
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"# hand written\n")
    done = cli("check", cwd=folder)
    assert done.returncode == 1 and expected in done.stdout, done.stdout
    done = cli("generate", cwd=folder)
    assert done.returncode == 0
    if entry.endswith(".pyc"):  # bytecode: removed, Python rebuilds it
        assert not target.exists() and "removed bytecode" in done.stderr
        assert cli("check", cwd=folder).returncode == 0
    else:  # not the generator's: left, and named
        assert target.read_bytes() == b"# hand written\n"
        assert f"warning: {expected}" in done.stderr, done.stderr


def test_stale_bytecode_is_drift_and_generate_removes_it(
    cli: Any, tmp_path: Path
) -> None:
    folder = project(tmp_path, pet_spec())
    generate_in(folder)
    out = folder / "generated"
    _import_in_a_python(out)
    module = out / "pets" / "models" / "pet.py"
    module.write_bytes(module.read_bytes() + b"INJECTED = 1\n")
    _import_in_a_python(out)  # bytecode of the edited module
    module.write_bytes(module.read_bytes().replace(b"INJECTED = 1\n", b""))
    os.utime(module, (1, 1))  # the header no longer matches: Python would ignore it
    done = cli("check", cwd=folder)
    assert done.returncode == 1
    assert "pets/models/__pycache__/pet." in done.stdout
    assert "not compiled from the generated source" in done.stdout
    assert cli("generate", cwd=folder).returncode == 0
    assert cli("check", cwd=folder).returncode == 0


# -- a $ref's error says what is really wrong, once -----------------------------------

REFS = """
openapi: 3.0.3
info: {title: R, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
components:
  schemas:
    A: {$ref: "TARGET"}
"""


def _ref_problems(tmp_path: Path, target: str) -> list[str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(REFS.replace("TARGET", target))
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    return [p.render() for p in info.value.problems]


@pytest.mark.parametrize("target", ["/etc/hosts#/x", "%2Fetc%2Fhosts#/x", "https://x/y.yaml"])
def test_a_refused_ref_is_reported_once(tmp_path: Path, target: str) -> None:
    problems = _ref_problems(tmp_path, target)
    assert len(problems) == len(set(problems)) == 1, problems


def test_a_ref_to_a_pipe_says_it_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    for name in ("pipe.yaml", "folder.yaml"):
        (problem,) = _ref_problems(tmp_path, f"{name}#/x")
        assert "not a regular file" in problem and "no such file" not in problem


def test_a_ref_to_a_file_too_big_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.load.documents

    (tmp_path / "big.yaml").write_text("x: " + "y" * 2000 + "\n")
    monkeypatch.setattr(generator.load.documents, "MAX_BYTES", 1000)
    first, *_ = _ref_problems(tmp_path, "big.yaml#/x")
    assert "larger than" in first and "relative path" not in first, first
