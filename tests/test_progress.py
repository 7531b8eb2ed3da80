"""Progress of `generate`: stages on a terminal, nothing in a pipe or with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from conftest import ROOT

SPEC = """\
    openapi: 3.0.3
    info: {title: Tiny, version: 1.0.0}
    servers: [{url: "https://api.example.com"}]
    paths:
      /things/{id}:
        get:
          operationId: getThing
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            "200":
              description: The thing.
              content:
                application/json:
                  schema:
                    type: object
                    properties: {name: {type: string}}
"""


def _generate(tmp_path: Path, *extra: str, stderr_on_terminal: bool) -> str:
    """Run `generate` on a tiny spec; return what it wrote to stderr."""
    spec = tmp_path / "tiny.yaml"
    spec.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    command = [sys.executable, "-m", "generator", "generate", str(spec)]
    command += ["--output", str(tmp_path / "out"), "--package", "tiny", *extra]
    if not stderr_on_terminal:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stderr
    main, follower = pty.openpty()
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(main, chunks), daemon=True)
    reader.start()
    proc = subprocess.run(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower, timeout=60
    )
    os.close(follower)
    reader.join(timeout=10)
    os.close(main)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def _drain(fd: int, chunks: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the terminal's other side was closed
            return
        if not data:
            return
        chunks.append(data)


def test_generate_shows_its_stages_on_a_terminal(tmp_path: Path) -> None:
    shown = _generate(tmp_path, stderr_on_terminal=True)
    for stage in ("loading the spec", "rendered", "formatting", "writing"):
        assert stage in shown
    # How big the document is, while the model is built (a big one takes a while).
    assert "building the model: 1 operation, 0 schemas" in shown
    assert "\r\x1b[K" in shown  # one line, redrawn in place


def test_generate_prints_no_progress_into_a_pipe(tmp_path: Path) -> None:
    printed = _generate(tmp_path, stderr_on_terminal=False)
    assert "\x1b[K" not in printed and "\r" not in printed
    assert "formatting" not in printed and "rendered" not in printed
    assert "written" in printed  # the summary is still there


def test_quiet_generate_prints_nothing_even_on_a_terminal(tmp_path: Path) -> None:
    assert _generate(tmp_path, "--quiet", stderr_on_terminal=True) == ""


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_long_run_piped_into_a_log_writes_each_new_stage_once() -> None:
    """In CI nothing shows for the first seconds (most runs end by then); after that
    each stage that begins gets one line, however many counts it reports."""
    import io

    from generator.progress import LOG_AFTER, TerminalProgress

    log, clock = io.StringIO(), _Clock()
    progress = TerminalProgress(log, now=clock)
    progress("loading")
    progress("building the model")
    assert log.getvalue() == ""
    clock.now += LOG_AFTER + 2.5
    progress("rendering the Python SDK")
    progress("formatting: 1/5 files")
    progress("formatting: 2/5 files")
    progress("writing 75 files")
    assert log.getvalue().splitlines() == [
        "[ 12.5s] rendering the Python SDK",
        "[ 12.5s] formatting: 1/5 files",
        "[ 12.5s] writing 75 files",
    ]
    quiet = io.StringIO()
    silent = TerminalProgress(quiet, quiet=True, now=clock)
    clock.now += LOG_AFTER
    silent("rendering the Python SDK")
    assert quiet.getvalue() == ""
