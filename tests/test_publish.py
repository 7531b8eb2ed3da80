"""Publishing: `python -m build generated/` makes a wheel and an sdist that `twine check`
accepts, and the wheel installed in a fresh virtual environment works."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import GENERATED


class _Media(BaseHTTPRequestHandler):
    """GET /users/{accountId}/media answers one media item; everything else 404."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path != "/users/9900000/media":
            self.send_error(404)
            return
        body = json.dumps([{"mediaName": "cat.png", "contentLength": 1024}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def media_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Media)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_built_wheel_installs_in_a_fresh_venv_and_calls_a_server(
    tmp_path: Path, media_server: str
) -> None:
    # Build from a copy: building writes build/ and *.egg-info beside the sources.
    source = tmp_path / "source"
    shutil.copytree(
        GENERATED, source, ignore=shutil.ignore_patterns("build", "dist", "*.egg-info")
    )
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", source, "--outdir", dist, cwd=tmp_path)
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    version = json.loads((GENERATED / ".sdkgen-manifest.json").read_text())["version"]
    assert wheels[0].name == f"bandwidth_messaging-{version}-py3-none-any.whl"
    assert "PASSED" in run(
        sys.executable,
        "-m",
        "twine",
        "check",
        "--strict",
        *wheels,
        *sdists,
        cwd=tmp_path,
    )

    # The fresh venv borrows httpx and pydantic from the environment running the tests
    # through a .pth file (no network needed). --system-site-packages would lend the
    # base interpreter's packages instead, which lack them when pytest runs in a venv.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    lent = "\n".join(site.getsitepackages()) + "\n"
    venv_site = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
    ).strip()
    (Path(venv_site) / "_lent_from_tests.pth").write_text(lent)
    run(
        python,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-index",
        "--quiet",
        wheels[0],
        cwd=tmp_path,
    )
    # The wheel's declared requirements (httpx, pydantic and their versions) are met.
    run(python, "-m", "pip", "check", cwd=tmp_path)
    script = (
        "import bandwidth_messaging as bw\n"
        f"with bw.Client(username='u', password='p', base_url={media_server!r}) as client:\n"
        "    media = client.media.list_media('9900000')\n"
        "print(bw.__file__)\n"
        "print(bw.__version__, media[0].media_name, media[0].content_length)\n"
    )
    where, result = run(python, "-c", script, cwd=tmp_path).splitlines()
    assert Path(where).is_relative_to(venv)
    assert result == f"{version} cat.png 1024"


def test_the_generators_own_wheel_carries_its_templates(tmp_path: Path) -> None:
    """`pip install sdkgen` (not editable) must work: the wheel holds templates/ as
    generator/templates, and a generation from the installed copy uses them."""
    root = Path(__file__).resolve().parent.parent
    source = tmp_path / "source"
    for name in ("generator", "templates"):
        shutil.copytree(root / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", source, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("sdkgen-*.whl")
    site = tmp_path / "site"
    run(sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", site, wheel, cwd=tmp_path)
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /ping:\n    get:\n"
        "      operationId: ping\n      responses: {'204': {description: ok}}\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "SDKGEN_CACHE_DIR": ""}
    where = subprocess.run(
        [sys.executable, "-c", "import generator.targets.python.render as r; print(r.__file__, r.BUILTIN_TEMPLATES)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", "out", "--package", "t", "-q"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    def body(path: Path) -> str:
        return path.read_text().split("\n", 1)[1]  # after the header naming the spec

    assert body(tmp_path / "out/t/_endpoint.py") == body(
        root / "generated/bandwidth_messaging/_endpoint.py"
    )
