"""The results as markdown tables: every row of issue 7's target table, then scaling."""

from __future__ import annotations

from typing import Any

OURS, RUFF, OGPY, OPC, BWSDK = (
    "sdkgen",
    "sdkgen (ruff)",
    "openapi-generator",
    "openapi-python-client",
    "bandwidth-sdk",
)


def _gen(cell: dict[str, Any] | None) -> str:
    if not cell:
        return "–"
    if cell.get("failed") == cell.get("runs"):
        return "failed"
    return f"{cell['wall_s']:.2f} s, {cell['rss_mib']:.0f} MiB"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "–"


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("yes" if ok else "**no**")


def summary_table(r: dict[str, Any]) -> list[str]:
    rows = [
        '| figure | sdkgen | sdkgen, `formatter = "ruff"` | openapi-generator | openapi-python-client '
        "| bandwidth-sdk | ratios (sdkgen ÷ peer) | target | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, gen in r.get("generate", {}).items():
        real = name in r.get("documents", ())
        g, c = gen.get(OGPY), gen.get(OPC)
        ratios, met = [], []
        for label, tool in (("black", OURS), ("ruff", RUFF)):
            o = gen.get(tool)
            if not o:
                continue
            ratios.append(
                f"{label}: {_ratio(o['wall_s'], g and g['wall_s'])} of openapi-generator, "
                f"{_ratio(o['wall_s'], c and c['wall_s'])} of opc"
            )
            if real and g:
                # A user's big document: the peers often fail on those, so the bar is
                # openapi-generator's time and memory alone (issue 16).
                ok = o["wall_s"] < g["wall_s"] and o["rss_mib"] < g["rss_mib"]
                met.append(f"{label}: {_met(ok)}")
            elif g and c:
                ok = (
                    o["wall_s"] < c["wall_s"]
                    and o["wall_s"] <= g["wall_s"] / 3
                    and o["rss_mib"] < min(g["rss_mib"], c["rss_mib"])
                )
                met.append(f"{label}: {_met(ok)}")
        target = (
            "< openapi-generator, less memory"
            if real
            else "< opc, ≤ ⅓ openapi-generator, less memory"
        )
        rows.append(
            f"| cold generate, {name} (wall, peak RSS) | {_gen(gen.get(OURS))} | {_gen(gen.get(RUFF))} "
            f"| {_gen(g)} | {_gen(c)} | – | {'; '.join(ratios)} "
            f"| {target} | {', '.join(met) or '–'} |"
        )
    regen = r.get("regenerate")
    if regen:
        o, g = regen.get(OURS, {}), regen.get(OGPY)
        ok = o["wall_s"] <= g["wall_s"] / 5 if g else None
        rows.append(
            f"| regenerate after a spec update (median of {regen['updates']} updates; sdkgen formatted "
            f"{o.get('formatted_median')} files, at most {o.get('formatted_max')}) | {_gen(o)} | – | {_gen(g)} | – | – "
            f"| {_ratio(o['wall_s'], g and g['wall_s'])} of openapi-generator | ≤ ⅕ | {_met(ok)} |"
        )
    for name, limit in (("messaging", 0.5), ("full", 2.0)):
        c = r.get("check", {}).get(name)
        if c:
            rows.append(
                f"| `check`, unchanged spec, fresh clone without bytecode, the user's cache warm: {name} | {_gen(c)} | – | – | – | – | – "
                f"| ≤ {limit} s | {_met(c['wall_s'] <= limit)} |"
            )
    rows += _import_rows(r.get("import", {}))
    rows += _runtime_rows(r.get("runtime", {}))
    return rows


def _import_rows(imp: dict[str, Any]) -> list[str]:
    if not imp:
        return []
    wall = {k: v["wall_s"] for k, v in imp.items()}
    ours, deps = wall["import bandwidth_messaging"], wall["import httpx, pydantic"]
    opc = wall.get("import bandwidth_client (openapi-python-client)")
    bw = wall.get("import bandwidth (bandwidth-sdk)")
    ready = wall["ready to call (sdkgen)"]
    ok = ours <= deps + 0.05 and (opc is None or ours < opc)
    return [
        (
            f"| cold `import bandwidth_messaging` (whole process; `python -c pass` {wall['python -c pass']:.3f} s, "
            f"`import httpx, pydantic` {deps:.3f} s; ready to call: {ready:.3f} s) | {ours:.3f} s | – | – "
            f"| {opc:.3f} s | {bw:.3f} s | {_ratio(ours, opc)} of opc, {_ratio(ours, bw)} of bandwidth-sdk "
            f"| ≤ httpx+pydantic + 0.05 s, < opc | {_met(ok)} |"
            if opc and bw
            else f"| cold `import bandwidth_messaging` | {ours:.3f} s | – | – | – | – | – | ≤ {deps + 0.05:.3f} s "
            f"| {_met(ours <= deps + 0.05)} |"
        ),
        f"| ready to call: import, `Client(...)`, first operation attribute (whole process) "
        f"| {ready:.3f} s | – | – | – | – | +{ready - deps:.3f} s over `import httpx, pydantic` "
        f"| ≤ +0.05 s | {_met(ready <= deps + 0.05)} |",
    ]


def _runtime_rows(rt: dict[str, Any]) -> list[str]:
    rows = []
    for key, label, unit in (
        ("decode_us_per_item", "decode a 1000-item listMessages page", "µs/item"),
        (
            "list_us_per_item",
            "list_messages(limit=1000) through the client, mocked transport",
            "µs/item",
        ),
        ("create_us_per_call", "one create_message call, mocked transport", "µs/call"),
    ):
        fig = rt.get(key)
        if not fig:
            continue
        ours = fig[OURS]["us"]
        opc, bw = (fig.get(n, {}).get("us") for n in (OPC, BWSDK))
        # vs_first: the peer's time over ours, per round (so > 1 means ours is faster)
        peer_ratio = ", ".join(
            f"{fig[n]['vs_first']:.2f}× as fast as {n}"
            for n in (OPC, BWSDK)
            if n in fig
        )
        if key == "decode_us_per_item":
            target, ok = "≤ 5 µs/item", ours <= 5
        elif key == "create_us_per_call":
            target = "≥ 2× faster than opc, faster than bandwidth-sdk"
            ok = (
                None
                if opc is None
                else (fig[OPC]["vs_first"] >= 2 and fig[BWSDK]["vs_first"] >= 1)
            )
            if "httpx alone" in fig:
                label += f" (httpx alone: {fig['httpx alone']['us']:.0f} µs)"
        else:
            target, ok = "–", None
        ours_s, opc_s, bw_s = (f"{v:.1f} {unit}" if v else "–" for v in (ours, opc, bw))
        rows.append(
            f"| {label} | {ours_s} | – | – | {opc_s} | {bw_s} | {peer_ratio or '–'} | {target} | {_met(ok)} |"
        )
    return rows


def scaling_table(r: dict[str, Any]) -> list[str]:
    sc = r.get("scaling")
    if not sc:
        return []
    tools = [OURS, RUFF, OGPY, OPC]
    rows = [
        "| operations | " + " | ".join(tools) + " |",
        "|---" * (len(tools) + 1) + "|",
    ]
    for n, cell in sc.items():
        rows.append(
            f"| {int(n):,} | " + " | ".join(_gen(cell.get(t)) for t in tools) + " |"
        )
    return rows


def markdown(r: dict[str, Any]) -> str:
    meta = r.get("meta", {})
    lines = [
        f"Measured {meta.get('date', '?')} on {meta.get('machine', '?')}; Python {meta.get('python', '?')}; "
        f"{meta.get('versions', '')}. Medians of {meta.get('runs', '?')} alternating runs after a warm-up "
        "(whole processes: wall time, peak RSS of the largest process as `/usr/bin/time -v` reports it).",
        "",
        *summary_table(r),
    ]
    scale = scaling_table(r)
    if scale:
        lines += [
            "",
            "Cold generation of synthetic specs (wall, peak RSS):",
            "",
            *scale,
        ]
    if meta.get("note"):
        lines += ["", f"Note: {meta['note']}."]
    return "\n".join(lines) + "\n"
