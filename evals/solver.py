"""Solver benchmark: the design solve against a plain arc-flow MIP on demo networks.

``python -m evals.solver [--json] [--sizes 20,40,80,150] [--time-limit S]`` solves the
demo network of each size cold and reports the time, the objective, the gap to the
restricted master's bound (what the solver's ``gap`` means, see :mod:`solver.design`),
the gap to the LP bound of the whole candidate model, the peak memory, and, in the same
run and with the same time limit, the baseline of :mod:`evals.arcflow` on SCIP: its
objective, bound and status, and the ratios. Each solve runs in a fresh process, so the
peak resident memory (``ru_maxrss``) is that solve's own.

Targets: 40 hubs to <= 1 % gap in <= 10 s; 150 hubs to <= 2 % in <= 120 s; an objective
at least as good as the baseline's at equal time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from typing import Any

from rich.console import Console
from rich.table import Table

DEFAULT_SIZES = (20, 40, 80, 150)
TIME_LIMITS = {20: 10.0, 40: 10.0, 80: 60.0, 150: 120.0}
GAPS = {20: 0.01, 40: 0.01, 80: 0.02, 150: 0.02}
BASELINE_MAX_VARIABLES = 3_000_000
"""Larger baselines are not built: the model alone would take gigabytes."""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _design_run(hubs: int, time_limit: float, gap: float, queue: Any) -> None:
    from solver import SolveSettings, evaluate
    from solver.demo import demo_network
    from solver.design import solve

    net = demo_network(hubs=hubs)
    start = time.perf_counter()
    res = solve(net, SolveSettings(time_limit_s=time_limit, relative_gap=gap))
    seconds = time.perf_counter() - start
    ev = evaluate(net, res.plan) if res.plan is not None else None
    relax_gap = None
    if res.objective_eur and res.relaxation_bound_eur is not None:
        relax_gap = (res.objective_eur - res.relaxation_bound_eur) / res.objective_eur
    queue.put(
        {
            "hubs": hubs,
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


def run(sizes: tuple[int, ...], time_limit: float | None) -> list[dict[str, Any]]:
    """Benchmark every size; returns one record per size (design, baseline, ratios)."""
    rows: list[dict[str, Any]] = []
    for hubs in sizes:
        limit = time_limit if time_limit is not None else TIME_LIMITS.get(hubs, 60.0)
        gap = GAPS.get(hubs, 0.02)
        design = _in_process(_design_run, hubs, limit, gap)
        base = _in_process(_baseline_run, hubs, limit)
        ratio = None
        if base.get("objective_eur") and design.get("objective_eur"):
            ratio = base["objective_eur"] / design["objective_eur"]
        rows.append(
            {
                "hubs": hubs,
                "time_limit_s": limit,
                "gap_target": gap,
                "design": design,
                "baseline": base,
                "baseline_over_design_objective": ratio,
                "design_over_limit_time": design["seconds"] / limit,
            }
        )
    return rows


def _eur(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e6:,.3f} M"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2%}"


def table(rows: list[dict[str, Any]]) -> Table:
    """The benchmark as a Rich table."""
    t = Table(title="Design solve vs plain arc-flow MIP (SCIP), same time limit")
    for col in (
        "hubs",
        "lanes/dem.",
        "limit",
        "time",
        "objective",
        "gap",
        "gap vs LP",
        "peak MB",
        "baseline obj.",
        "baseline gap",
        "baseline vars",
        "baseline MB",
        "obj. ratio",
    ):
        t.add_column(col, justify="right")
    for r in rows:
        d, b = r["design"], r["baseline"]
        t.add_row(
            str(r["hubs"]),
            f"{d['lanes']}/{d['demands']}",
            f"{r['time_limit_s']:.0f} s",
            f"{d['seconds']:.1f} s",
            _eur(d["objective_eur"]),
            _pct(d["gap"]),
            _pct(d["gap_vs_relaxation"]),
            f"{d['peak_mb']:.0f}",
            _eur(b.get("objective_eur")) + ("" if b.get("objective_eur") else f" ({b['status']})"),
            _pct(b.get("gap")),
            f"{b.get('variables', 0):,}",
            f"{b['peak_mb']:.0f}",
            "-"
            if r["baseline_over_design_objective"] is None
            else f"{r['baseline_over_design_objective']:.2f}x",
        )
    return t


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m evals.solver", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--time-limit", type=float, default=None, help="Seconds for every size.")
    parser.add_argument("--json", action="store_true", help="Print JSON.")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    rows = run(sizes, args.time_limit)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        Console(width=200).print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
