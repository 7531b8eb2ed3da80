"""Every Python block of the generated docs runs as written, and reads as black wrote it.

The blocks of generated/README.md and generated/docs/ run against the Prism mock of
spec/messaging.yaml (``BANDWIDTH_BASE_URL``), and the OAuth2 token fetch against a
local token endpoint (``BANDWIDTH_TOKEN_URL``), since Prism cannot serve it. They run
in one interpreter to stay fast, but each in fresh globals and its own working folder,
so a block only runs if it is complete as written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import black
import pytest
from conftest import GENERATED, free_port, mypy_strict
from markdown_it import MarkdownIt

# Runs each block given in a JSON file and writes what became of it to another.
RUNNER = """
import contextlib, io, json, os, sys, tempfile, traceback

blocks = json.load(open(sys.argv[1]))
base = dict(os.environ)
results = {}
for block in blocks:
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(block["env"])
    output = io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(output):
                exec(compile(block["code"], block["id"], "exec"), {"__name__": "__main__"})
            results[block["id"]] = ""
        except BaseException:
            results[block["id"]] = traceback.format_exc() + output.getvalue()[-2000:]
json.dump(results, open(sys.argv[2], "w"))
"""


@dataclass(frozen=True)
class Block:
    id: str
    code: str


def python_blocks() -> list[Block]:
    """The ```python blocks of the generated README and docs, named by file and line."""
    parser = MarkdownIt("commonmark")
    blocks = []
    for path in [GENERATED / "README.md", *sorted((GENERATED / "docs").rglob("*.md"))]:
        for token in parser.parse(path.read_text(encoding="utf-8")):
            if token.type == "fence" and token.info.strip() == "python":
                line = token.map[0] + 1 if token.map else 0
                blocks.append(
                    Block(f"{path.relative_to(GENERATED)}:{line}", token.content)
                )
    return blocks


BLOCKS = python_blocks()
# The example callback handlers of docs/webhooks/ serve forever when run as a script;
# tests/test_webhooks.py runs them as servers and posts callbacks to them instead.
RUNNABLE = [b for b in BLOCKS if not b.id.startswith("docs/webhooks/")]


def block_env(code: str, prism: str, token_url: str) -> dict[str, str]:
    """The environment a block runs in: the mock servers and only the credentials it
    names, so that an OAuth2 example really authenticates with OAuth2."""
    env = {"BANDWIDTH_BASE_URL": prism, "BANDWIDTH_TOKEN_URL": token_url}
    oauth = "BANDWIDTH_CLIENT_ID" in code
    if oauth:
        env.update(
            BANDWIDTH_CLIENT_ID="client-id", BANDWIDTH_CLIENT_SECRET="client-secret"
        )
    if "BANDWIDTH_USERNAME" in code or not oauth:
        env.update(BANDWIDTH_USERNAME="user", BANDWIDTH_PASSWORD="secret")
    return env


class _TokenEndpoint(BaseHTTPRequestHandler):
    """An OAuth2 token endpoint that grants every client-credentials request."""

    grants: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        type(self).grants.append(body)
        payload = json.dumps(
            {"access_token": "token-1", "token_type": "Bearer", "expires_in": 3600}
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def token_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _TokenEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oauth2/token"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def outcomes(
    prism: str, token_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """Each block's id -> "" if it ran, else its traceback and output."""
    folder = tmp_path_factory.mktemp("blocks")
    blocks = [
        {"id": b.id, "code": b.code, "env": block_env(b.code, prism, token_url)}
        for b in RUNNABLE
    ]
    (folder / "blocks.json").write_text(json.dumps(blocks))
    (folder / "runner.py").write_text(RUNNER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANDWIDTH_")}
    env["PYTHONPATH"] = str(GENERATED)
    done = subprocess.run(
        [
            sys.executable,
            str(folder / "runner.py"),
            str(folder / "blocks.json"),
            str(folder / "results.json"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((folder / "results.json").read_text())  # type: ignore[no-any-return]


def test_the_docs_have_an_example_per_operation_and_per_readme_topic() -> None:
    ids = [b.id for b in BLOCKS]
    per_page = {
        page: sum(1 for i in ids if i.startswith(f"docs/{page}.md:"))
        for page in ("MessagesApi", "MediaApi", "MultiChannelApi")
    }
    assert per_page == {"MessagesApi": 2, "MediaApi": 4, "MultiChannelApi": 1}
    assert sum(1 for i in ids if i.startswith("README.md:")) >= 10


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_python_block_runs_as_written(block: Block, outcomes: dict[str, str]) -> None:
    assert outcomes[block.id] == "", outcomes[block.id]


def test_oauth2_example_fetches_a_token_from_the_token_endpoint(
    outcomes: dict[str, str],
) -> None:
    oauth_blocks = [b for b in BLOCKS if "BANDWIDTH_CLIENT_ID" in b.code]
    assert oauth_blocks and all(outcomes[b.id] == "" for b in oauth_blocks)
    assert any(
        "grant_type=client_credentials" in grant for grant in _TokenEndpoint.grants
    )


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_python_block_is_formatted_as_black_formats_it(block: Block) -> None:
    assert black.format_str(block.code, mode=black.Mode()) == block.code


def test_python_blocks_import_everything_they_use_and_nothing_else(
    tmp_path: Path,
) -> None:
    for index, block in enumerate(BLOCKS):
        (tmp_path / f"block_{index}.py").write_text(block.code)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F,E9,I",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_python_blocks_pass_mypy_strict_against_the_generated_package(
    tmp_path: Path,
) -> None:
    for index, block in enumerate(BLOCKS):
        (tmp_path / f"block_{index}.py").write_text(block.code)
    done = mypy_strict(".", cwd=tmp_path, env={**os.environ, "MYPYPATH": str(GENERATED)})
    assert done.returncode == 0, done.stdout[-3000:]
