"""Solver benchmark: the design solve on demo networks, its bound, and a plain arc-flow MIP.

``python -m evals.solver [--json] [--sizes 20,40,80,150] [--nodes 1] [--search 0,10]
[--baseline]`` solves the demo network of each size cold at each effort (branch-and-bound
nodes per MIP stage, and neighbourhood-search MIPs after the design solve, see
:mod:`solver.lns`; the plan depends on effort, not on the machine) and reports the time, the
objective, the bound valid for every plan (full LP by column generation over the whole
time-expanded network, with window cuts), the gap to it (what the solver's ``gap``
means, see :mod:`solver.design`), the plain full LP beside it, the status and the peak
memory. With ``--baseline``, the same run also solves the arc-flow MIP of
:mod:`evals.arcflow` on SCIP for as long as the design solve took. Each solve runs in a
fresh process, so the peak resident memory (``ru_maxrss``) is that solve's own.

Targets (issue "Plans you can trust"): 40 hubs within 5 % of the bound in <= 10 s and
2 % in <= 60 s; 150 hubs 3 % in <= 300 s.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from typing import Any

from rich.console import Console
from rich.table import Table

DEFAULT_SIZES = (20, 40, 80, 150)
DEFAULT_NODES = (1,)
DEFAULT_SEARCH = (0, 10)
SAFETY_S = 1800.0
"""The wall-clock safety stop of every benchmark solve (effort decides the plan)."""
BASELINE_MAX_VARIABLES = 3_000_000
"""Larger baselines are not built: the model alone would take gigabytes."""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _design_run(hubs: int, nodes: int, search: int, queue: Any) -> None:
    from solver import SolveSettings, evaluate, solve
    from solver.demo import demo_network

    net = demo_network(hubs=hubs)
    start = time.perf_counter()
    settings = SolveSettings(
        time_limit_s=SAFETY_S,
        relative_gap=0.01,
        mip_nodes=nodes,
        cut_rounds=30,
        link_cuts=400,
        slope_rounds=20,
        search_rounds=search,
        timing_mip=not search,  # as live's background plan: the search re-times freight
    )  # the bound's effort of live's background plan
    res = solve(net, settings)
    seconds = time.perf_counter() - start
    ev = evaluate(net, res.plan) if res.plan is not None else None
    relax_gap = None
    if res.objective_eur and res.relaxation_bound_eur is not None:
        relax_gap = (res.objective_eur - res.relaxation_bound_eur) / res.objective_eur
    queue.put(
        {
            "hubs": hubs,
            "mip_nodes": nodes,
            "search_rounds": search,
            "lanes": len(net.lanes),
            "demands": len(net.demands),
            "status": res.status,
            "seconds": seconds,
            "objective_eur": res.objective_eur,
            "best_bound_eur": res.best_bound_eur,
            "gap": res.gap,
            "relaxation_bound_eur": res.relaxation_bound_eur,
            "gap_vs_relaxation": relax_gap,
            "evaluated_eur": ev.kpis.total_cost_eur if ev else None,
            "hard_violations": ev.kpis.hard_violations if ev else None,
            "service_level": ev.kpis.service_level if ev else None,
            "peak_mb": _peak_mb(),
        }
    )


def _baseline_run(hubs: int, time_limit: float, queue: Any) -> None:
    from evals.arcflow import build_arc_flow, estimate_variables
    from solver.demo import demo_network
    from solver.mathopt_lp import solve_program
    from solver.plan import Backend

    net = demo_network(hubs=hubs)
    estimate = estimate_variables(net)
    if estimate > BASELINE_MAX_VARIABLES:
        queue.put(
            {
                "status": "not built",
                "variables": estimate,
                "note": f"{estimate:,} variables: too large to build here",
                "peak_mb": _peak_mb(),
            }
        )
        return
    start = time.perf_counter()
    model = build_arc_flow(net)
    build_s = time.perf_counter() - start
    sol = solve_program(
        model.program, Backend.SCIP, time_limit_s=time_limit, relative_gap=0.01, threads=1
    )
    gap = None
    if sol.objective is not None and sol.bound is not None and sol.objective:
        gap = max(0.0, (sol.objective - sol.bound) / abs(sol.objective))
    queue.put(
        {
            "status": sol.status,
            "variables": model.program.n_cols,
            "integers": int(model.program.integer.sum()),
            "rows": model.program.n_rows,
            "build_s": build_s,
            "seconds": time.perf_counter() - start,
            "objective_eur": sol.objective,
            "best_bound_eur": sol.bound,
            "gap": gap,
            "peak_mb": _peak_mb(),
            "note": sol.detail[:120],
        }
    )


def _in_process(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def run(
    sizes: tuple[int, ...],
    nodes: tuple[int, ...],
    search: tuple[int, ...] = DEFAULT_SEARCH,
    *,
    baseline: bool = False,
) -> list[dict[str, Any]]:
    """Benchmark every size at every effort; one record per (size, effort)."""
    rows: list[dict[str, Any]] = []
    for hubs in sizes:
        for n, k in [(n, k) for n in nodes for k in search]:
            print(
                f"solving {hubs} hubs, {n} nodes per MIP stage, {k} search MIPs ...",
                file=sys.stderr,
            )
            design = _in_process(_design_run, hubs, n, k)
            base = _in_process(_baseline_run, hubs, design["seconds"]) if baseline else {}
            ratio = None
            if base.get("objective_eur") and design.get("objective_eur"):
                ratio = base["objective_eur"] / design["objective_eur"]
            rows.append(
                {
                    "hubs": hubs,
                    "mip_nodes": n,
                    "search_rounds": k,
                    "design": design,
                    "baseline": base,
                    "baseline_over_design_objective": ratio,
                }
            )
    return rows


def _eur(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e6:,.3f} M"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2%}"


def _baseline_cell(b: dict[str, Any]) -> str:
    if not b:
        return "-"
    return _eur(b.get("objective_eur")) + ("" if b.get("objective_eur") else f" ({b['status']})")


def table(rows: list[dict[str, Any]]) -> Table:
    """The benchmark as a Rich table."""
    t = Table(title="Design solve: plan, bound valid for every plan, plain full LP")
    for col in (
        "hubs",
        "lanes/dem.",
        "nodes",
        "search",
        "time",
        "objective",
        "bound",
        "gap",
        "plain LP",
        "gap vs plain LP",
        "status",
        "service",
        "peak MB",
        "baseline obj. (same time)",
    ):
        t.add_column(col, justify="right")
    for r in rows:
        d, b = r["design"], r["baseline"]
        t.add_row(
            str(r["hubs"]),
            f"{d['lanes']}/{d['demands']}",
            str(r["mip_nodes"]),
            str(r["search_rounds"]),
            f"{d['seconds']:.1f} s",
            _eur(d["objective_eur"]),
            _eur(d["best_bound_eur"]),
            _pct(d["gap"]),
            _eur(d["relaxation_bound_eur"]),
            _pct(d["gap_vs_relaxation"]),
            d["status"],
            _pct(d["service_level"]),
            f"{d['peak_mb']:.0f}",
            "-"
            if not b
            else _eur(b.get("objective_eur"))
            + ("" if b.get("objective_eur") else f" ({b['status']})"),
        )
    return t


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m evals.solver", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument(
        "--nodes", default=",".join(map(str, DEFAULT_NODES)), help="MIP nodes per stage."
    )
    parser.add_argument(
        "--search",
        default=",".join(map(str, DEFAULT_SEARCH)),
        help="Neighbourhood-search MIPs after the design solve (0: none).",
    )
    parser.add_argument("--baseline", action="store_true", help="Also run the arc-flow MIP.")
    parser.add_argument("--json", action="store_true", help="Print JSON.")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    nodes = tuple(int(s) for s in args.nodes.split(",") if s.strip())
    search = tuple(int(s) for s in args.search.split(",") if s.strip())
    from solver import program_stdout

    with program_stdout():  # the solver's native prints go to stderr, not the report
        rows = run(sizes, nodes, search, baseline=args.baseline)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        Console(width=200).print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
