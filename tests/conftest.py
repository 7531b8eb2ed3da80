"""Shared fixtures: generate an SDK from a spec into a temporary folder and import it."""

from __future__ import annotations

import atexit
import importlib
import itertools
import os
import pkgutil
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.config import Config
from generator.output.state import Manifest
from generator.output.write import write_output

# The tests keep the generator's cache (compiled templates, formatted text, validated
# specs) apart from the user's, so that they neither depend on it nor fill it.
os.environ["SDKGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="sdkgen-test-cache-")
atexit.register(shutil.rmtree, os.environ["SDKGEN_CACHE_DIR"], True)
# One mypy cache per test process (per xdist worker; two processes never share one).
# The first `mypy --strict` of a session checks the standard library, httpx and
# pydantic (about 4 s of CPU); every later one reuses them and checks only its own
# code (well under a second). mypy revalidates each cached module against its
# source's hash, so packages that share a name across tests stay correct.
MYPY_CACHE = tempfile.mkdtemp(prefix="sdkgen-test-mypy-")
atexit.register(shutil.rmtree, MYPY_CACHE, True)
ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "messaging.yaml"
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
_counter = itertools.count()
# A createMessage answer (202), as the client tests' servers send it.
MESSAGE = {
    "id": "m-1",
    "owner": "+19195551234",
    "applicationId": "app",
    "time": "2024-01-01T12:00:00Z",
    "segmentCount": 1,
    "direction": "out",
    "to": ["+19195550000"],
    "from": "+19195551234",
}


# The files whose tests take longest, slowest first (CPU seconds on 2 cores, measured
# with `--durations`). pytest-xdist hands whole files to its workers in collection
# order (`--dist loadfile`), so these start first and the short files fill in around
# them, instead of one of them starting last and running alone.
SLOW_FILES = (
    "test_history.py",
    "test_fuzz.py",
    "test_publish.py",
    "test_webhooks_specs.py",
    "test_trust.py",
    "test_broken_specs.py",
    "test_webhooks.py",
    "test_review_findings.py",
    "test_workflow_templates.py",
    "test_breadth_bandwidth.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOW_FILES.index(name) if name in SLOW_FILES else len(SLOW_FILES)

    items.sort(key=rank)  # stable: each file keeps its own order


def make_config(spec: Path, output: Path, package: str, **extra: Any) -> Config:
    return Config(
        spec=spec,
        output=output,
        package=package,
        project_name=package.replace("_", "-"),
        version="1.0.0",
        env_prefix=package.upper(),
        **extra,
    )


def generate(spec: Path, output: Path, package: str | None = None, **extra: Any) -> Path:
    """Generate into ``output``; return it. A fresh package name keeps imports apart."""
    package = package or f"sdk_{next(_counter)}"
    config = make_config(spec, output, package, **extra)
    result = build(config)
    write_output(output, result.files, Manifest.read(output))
    return output


def mypy_strict(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mypy --strict ARGS`` in ``cwd`` with the session's shared cache."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", f"--cache-dir={MYPY_CACHE}"]
        + [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def write_spec(folder: Path, text: str, name: str = "spec.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def import_every_module(package: str) -> list[str]:
    """Import ``package`` and every module in it; return their names.

    Importing the package alone proves little: its modules load lazily, and one that
    fails at import (a type alias naming itself) still passes ``mypy --strict``.
    """
    root = importlib.import_module(package)
    names = [package]
    for found in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(found.name)
        names.append(found.name)
    return names


def _sdk_importer(folder: Path) -> Iterator[Any]:
    added: list[str] = []

    def make(text: str, **extra: Any) -> Any:
        package = f"sdk_{next(_counter)}"
        spec = write_spec(folder, text, f"{package}.yaml")
        out = generate(spec, folder / package / "out", package, **extra)
        sys.path.insert(0, str(out))
        added.append(str(out))
        import_every_module(package)
        return importlib.import_module(package)

    yield make
    for path in added:
        sys.path.remove(path)


@pytest.fixture
def sdk_from(tmp_path: Path) -> Iterator[Any]:
    """``sdk_from(spec_text)`` generates a package from an inline spec and imports it."""
    yield from _sdk_importer(tmp_path)


@pytest.fixture(scope="module")
def module_sdk_from(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``sdk_from`` shared by the tests of a module: generating takes a second or so."""
    yield from _sdk_importer(tmp_path_factory.mktemp("sdk"))


@pytest.fixture(scope="session")
def bw() -> Any:
    """The committed ``bandwidth_messaging`` package from ``generated/``."""
    sys.path.insert(0, str(GENERATED))
    try:
        import_every_module("bandwidth_messaging")
        yield importlib.import_module("bandwidth_messaging")
    finally:
        sys.path.remove(str(GENERATED))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def prism() -> Iterator[str]:
    """Stoplight Prism mocking spec/messaging.yaml on 127.0.0.1; yields its base URL.

    Prism validates every request against the spec (``--errors``) and serves paths
    without the server's ``/api/v2`` prefix, so clients point ``base_url`` here.
    """
    import shutil
    import subprocess
    import time
    import urllib.request

    binary = ROOT / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed; run `npm ci`")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    port = free_port()
    log = open(ROOT / "node_modules" / f"prism-{port}.log", "wb")
    process = subprocess.Popen(
        [str(binary), "mock", str(SPEC), "--errors", "-h", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/users/1/media", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers (401 without credentials): it is up
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("prism did not start; see node_modules/prism-*.log") from None
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def server() -> Iterator[Any]:
    """A ``ScriptedServer`` (tests/scripted_server.py) on 127.0.0.1, closed afterwards."""
    from scripted_server import ScriptedServer

    scripted = ScriptedServer()
    yield scripted
    scripted.close()
