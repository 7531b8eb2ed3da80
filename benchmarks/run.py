"""sdkgen beside its peers, measured side by side: one command.

    python benchmarks/run.py

installs the peers into a throwaway virtual environment outside the repository
(openapi-generator-cli, openapi-python-client and bandwidth-sdk, pinned by
peers.lock; openapi-generator runs on the machine's Java), then runs ours and theirs
alternately, several times each, and prints a table of medians and ratios for every
row of issue 7's target table, and the scaling table. It writes RESULTS.json,
RESULTS.md and scaling.png into --out (default benchmarks/results/, the inputs of the
README's Performance section). It takes about 45 minutes on 2 cores.

    python benchmarks/run.py --smoke --out DIR

is the smoke run CI does: ours only, once each, small synthetic specs, no peers, no
network, no timing asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import client
import generation
import peers
import report
import synth
from context import ROOT, SPECS, Context

SECTIONS = ("generate", "regenerate", "check", "import", "runtime", "scaling")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--runs", type=int, default=5, help="timed runs per case (default 5)"
    )
    ap.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of {','.join(SECTIONS)}",
    )
    ap.add_argument(
        "--sizes", default="10,100,1000,5000", help="operations in the synthetic specs"
    )
    ap.add_argument("--venv", type=Path, default=Path.home() / "peers" / "sdkgen-bench-venv",
                    help="the peers' virtual environment (made if missing)")  # fmt: skip
    ap.add_argument("--work", type=Path, default=Path.home() / "peers" / "sdkgen-bench-work",
                    help="scratch folder for the generated outputs")  # fmt: skip
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument(
        "--no-peers", action="store_true", help="measure ours only (nothing installed)"
    )
    ap.add_argument("--quiet-max", type=float, default=5.0,
                    help="before each run wait up to this many seconds for the machine to go quiet")  # fmt: skip
    ap.add_argument(
        "--smoke", action="store_true", help="a quick run of every section, ours only"
    )
    ap.add_argument("--document", action="append", default=[], metavar="NAME=PATH",
                    help="also generate this document in the generate section (repeatable): "
                    "a big real document of your own, held to 'faster than openapi-generator'")  # fmt: skip
    a = ap.parse_args(argv)
    if a.smoke:
        a.no_peers, a.runs, a.sizes, a.quiet_max = True, 1, "5", 0.0
    sections = [s for s in a.sections.split(",") if s]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    a.work.mkdir(parents=True, exist_ok=True)
    ctx = Context(
        work=a.work,
        venv=None,
        runs=a.runs,
        quiet_below=0.5,
        quiet_max=a.quiet_max,
        smoke=a.smoke,
    )
    if not a.no_peers:
        ctx.venv = a.venv
        peers.ensure_venv(a.venv, ctx.log)
    documents = {}
    for given in a.document:
        name, sep, path = given.partition("=")
        if not sep or not name or not Path(path).is_file():
            ap.error(f"--document {given!r}: give NAME=PATH of an existing file")
        documents[name] = Path(path).resolve()
    ctx.results["meta"] = metadata(ctx)
    ctx.results["documents"] = sorted(documents)
    sizes = [int(n) for n in a.sizes.split(",") if n]
    run_sections(ctx, sections, sizes, a.out, documents)
    write_results(ctx, a.out)
    return 0


def run_sections(
    ctx: Context,
    sections: list[str],
    sizes: list[int],
    out: Path,
    documents: dict[str, Path],
) -> None:
    if ctx.smoke:
        small = ctx.work / "smoke-spec.json"
        synth.write(10, str(small))
        specs = {"synthetic (10 operations)": (small, small)}
        history, full = generation.smoke_history(ctx), small
    else:
        specs = {
            "messaging": (ROOT / "spec" / "messaging.yaml", SPECS / "messaging.yml"),
            "full Bandwidth document": (
                SPECS / "bandwidth.yml",
                SPECS / "bandwidth.yml",
            ),
        }
        history, full = generation.history_specs(), SPECS / "bandwidth.yml"
    specs.update({name: (path, path) for name, path in documents.items()})
    steps: list[tuple[str, Callable[[], None]]] = [
        ("generate", lambda: generation.cold_generate(ctx, specs)),
        ("regenerate", lambda: generation.regenerate(ctx, history)),
        ("check", lambda: generation.drift_check(ctx, full)),
        ("import", lambda: client.cold_import(ctx, clients())),
        ("runtime", lambda: client.runtime(ctx, clients())),
        ("scaling", lambda: generation.scaling(ctx, sizes)),
    ]
    prepared: dict[str, Path] = {}

    def clients() -> dict[str, Path]:
        if not prepared:
            prepared.update(client.prepare_clients(ctx))
        return prepared

    for name, step in steps:
        if name in sections:
            step()
            partial = out / "RESULTS.partial.json"  # a late failure loses nothing
            partial.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(
                json.dumps(ctx.results, indent=1) + "\n", encoding="utf-8"
            )


def metadata(ctx: Context) -> dict[str, object]:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(
                line.split(":", 1)[1].strip()
                for line in f
                if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    versions = ""
    if ctx.venv is not None:
        found = peers.versions(ctx.venv)
        versions = ", ".join(f"{k} {v}" for k, v in found.items())
    black = subprocess.run(
        [sys.executable, "-m", "black", "--version"], capture_output=True, text=True
    )
    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": "; ".join(
            filter(
                None, [black.stdout.splitlines()[0] if black.stdout else "", versions]
            )
        ),
        "runs": ctx.runs,
        "smoke": ctx.smoke,
    }


def write_results(ctx: Context, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "RESULTS.partial.json").unlink(missing_ok=True)
    data = out / "RESULTS.json"
    data.write_text(
        json.dumps(ctx.results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    table = report.markdown(ctx.results)
    (out / "RESULTS.md").write_text(table, encoding="utf-8")
    print(table)
    if "scaling" in ctx.results and ctx.venv is not None:
        subprocess.run([ctx.python, str(Path(__file__).parent / "plot.py"), str(data), str(out / "scaling.png")],
                       check=True)  # fmt: skip
        ctx.log(f"plot: {out / 'scaling.png'}")


if __name__ == "__main__":
    sys.exit(main())
