"""The scaling plot: time and peak memory of a cold generation against the number of
operations, sdkgen beside its peers. Needs matplotlib (the peers' environment has it).

usage: python benchmarks/plot.py RESULTS.json OUT.png
"""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend

STYLE = {
    "sdkgen": ("tab:blue", "o-"),
    "sdkgen (ruff)": ("tab:cyan", "o--"),
    "openapi-generator": ("tab:red", "s-"),
    "openapi-python-client": ("tab:green", "^-"),
}


def main(results: str, out: str) -> None:
    with open(results, encoding="utf-8") as f:
        data = json.load(f)
    scaling = data["scaling"]
    sizes = sorted(int(n) for n in scaling)
    fig, (time_ax, mem_ax) = plt.subplots(1, 2, figsize=(11, 4.2))
    for tool, (color, style) in STYLE.items():
        points = [(n, scaling[str(n)].get(tool)) for n in sizes]
        points = [(n, c) for n, c in points if c and c["failed"] < c["runs"]]
        if not points:
            continue
        xs = [n for n, _ in points]
        time_ax.plot(
            xs, [c["wall_s"] for _, c in points], style, color=color, label=tool
        )
        mem_ax.plot(
            xs, [c["rss_mib"] for _, c in points], style, color=color, label=tool
        )
    for ax, label in (
        (time_ax, "wall time (s)"),
        (mem_ax, "peak RSS of the largest process (MiB)"),
    ):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("operations in the spec")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    time_ax.legend()
    meta = data.get("meta", {})
    fig.suptitle(
        f"Cold generation of synthetic specs ({meta.get('date', '')}, {meta.get('machine', '')})",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
