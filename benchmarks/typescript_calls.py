"""A call's overhead in the generated TypeScript SDK beside openapi-generator's
typescript-axios client for the same spec, the network mocked the same way for both:
the client's own seam (our ``Configuration.fetch``, an axios instance's ``adapter``)
answers ``createMessage`` from memory with the same 202 and JSON body.

    python benchmarks/typescript_calls.py [--rounds N] [--smoke]

The peer is generated with openapi-generator-cli from ``~/peers/sdkgen-ts-bench-venv``
(as benchmarks/typescript.py installs it; Java 11+) and given axios from npm in a
scratch folder (axios is the peer's dependency, never the generated package's). Both
clients are compiled with this repository's TypeScript; ``typescript_calls.mjs`` times
them in one Node process, taking turns each round, medians. ``--smoke`` times ours
only, a few calls, with nothing installed (the test of this script). Writes
``benchmarks/results/TYPESCRIPT_CALLS.md`` and prints it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import typescript as generation

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"
AXIOS_PIN = "axios@1.21.1"
SPEC = ROOT / "spec" / "messaging.yaml"


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def build_ours(work: Path) -> Path:
    """The committed package, built with its own ESM recipe."""
    package = work / "ours"
    shutil.copytree(ROOT / "generated" / "typescript", package)
    run(["node", str(TSC), "-p", "config/tsconfig.esm.json"], package)
    return package / "dist" / "esm" / "index.js"


def build_peer(work: Path) -> Path:
    """typescript-axios's client for the same spec, with axios, as CommonJS."""
    tool = generation.ensure_peer()
    peer = work / "axios"
    run(
        [
            str(tool),
            "generate",
            "-i",
            str(SPEC),
            "-g",
            "typescript-axios",
            "-o",
            str(peer),
        ],
        ROOT,
    )
    (peer / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", AXIOS_PIN],
        peer,
    )
    run(
        ["node", str(TSC), "--module", "commonjs", "--target", "ES2022", "--esModuleInterop",
         "--skipLibCheck", "--outDir", "dist", "index.ts"],
        peer,
    )  # fmt: skip
    return peer / "dist" / "index.js"


def measure(rounds: int, smoke: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        command = ["node", str(HERE / "typescript_calls.mjs"), str(build_ours(work))]
        command += ["" if smoke else str(build_peer(work)), str(rounds)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"the timing run failed:\n{done.stderr[-3000:]}")
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def report(found: dict[str, object]) -> str:
    us = found["us_per_call"]
    assert isinstance(us, dict)
    lines = [
        "# A call's overhead: the TypeScript SDK beside typescript-axios",
        "",
        f"`createMessage` on the messaging spec, the network mocked at each client's seam "
        f"(our `fetch`, axios's `adapter`) with the same 202 and JSON body; {found['calls']} "
        f"calls per round, medians of {found['rounds']} rounds in which the clients take "
        f"turns, after a warm-up round; Node {found['node']}, {AXIOS_PIN}.",
        "",
        "| client | µs per call |",
        "|---|---|",
    ]
    lines += [f"| {name} | {value:.1f} |" for name, value in us.items()]
    if "typescript-axios" in us:
        ratio = us["typescript-axios"] / us["sdkgen"]
        lines += ["", f"sdkgen is {ratio:.2f}× as fast as typescript-axios per call."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    text = report(measure(1 if args.smoke else args.rounds, args.smoke))
    if not args.smoke:
        (HERE / "results" / "TYPESCRIPT_CALLS.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
