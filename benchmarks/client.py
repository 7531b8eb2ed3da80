"""Client sections: cold import of each generated client, and runtime.py's decode/call figures."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import peers
import timing
from context import ROOT, SPECS, Context, fresh, summary

HERE = Path(__file__).resolve().parent


def prepare_clients(ctx: Context) -> dict[str, Path]:
    """Folders to put on PYTHONPATH: a copy of our committed package (compiled, so that
    "cold" means a new process with warm bytecode, as after pip install) and
    openapi-python-client's client for the messaging document."""
    folders = {"ours": fresh(ctx.work / "clients" / "ours")}
    shutil.copytree(
        ROOT / "generated" / "bandwidth_messaging",
        folders["ours"] / "bandwidth_messaging",
    )
    if ctx.venv is not None:
        nocb = peers.strip_callbacks(
            SPECS / "messaging.yml", ctx.work / "nocb" / "messaging.yml"
        )
        opc = fresh(ctx.work / "clients" / "opc")
        env = peers.peer_env(ctx.venv, dict(os.environ))
        subprocess.run(
            peers.openapi_python_client(ctx.venv, nocb, opc),
            env=env,
            check=True,
            capture_output=True,
        )
        folders["opc"] = opc
    for folder in folders.values():
        compileall.compile_dir(str(folder), quiet=1)
    return folders


def cold_import(ctx: Context, folders: dict[str, Path]) -> None:
    """Whole-process ``python -c 'import X'`` for each client, and for what they build on."""
    ctx.log("cold import")
    base = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def case(code: str, path: Path | None = None) -> Callable[[], timing.Sample]:
        env = {**base, "PYTHONPATH": str(path)} if path else base
        return lambda: ctx.run([ctx.python, "-c", code], env=env)

    cases = {
        "python -c pass": case("pass"),
        "import httpx, pydantic": case("import httpx, pydantic"),
        "import bandwidth_messaging": case(
            "import bandwidth_messaging", folders["ours"]
        ),
        "ready to call (sdkgen)": case(
            "from bandwidth_messaging import Client\n"
            "Client(username='u', password='p').messages.create_message",
            folders["ours"],
        ),
    }
    if "opc" in folders:
        cases["import bandwidth_client (openapi-python-client)"] = case(
            "import bandwidth_client", folders["opc"]
        )
        cases["import bandwidth (bandwidth-sdk)"] = case("import bandwidth")
    runs = max(ctx.runs * 2, 3) if not ctx.smoke else 1
    ctx.results["import"] = {
        name: summary(s) for name, s in ctx.alternate(cases, runs=runs).items()
    }


def runtime(ctx: Context, folders: dict[str, Path]) -> None:
    """Decoding and calling, every client in one interpreter (see runtime.py)."""
    ctx.log("decode and call")
    command = [ctx.python, str(HERE / "runtime.py"), "--ours", str(folders["ours"])]
    if "opc" in folders:
        command += ["--opc", str(folders["opc"]), "--bandwidth-sdk"]
    command += (
        ["--rounds", "2", "--calls", "20"]
        if ctx.smoke
        else ["--rounds", str(max(15, ctx.runs * 3))]
    )
    if ctx.quiet_max > 0:
        timing.wait_quiet(ctx.quiet_below, ctx.quiet_max)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    ctx.results["runtime"] = json.loads(done.stdout)
