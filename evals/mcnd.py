"""External check on the classic fixed-charge network design instances (``.dow`` files).

``python -m evals.mcnd [FILES...] [--time-limit S] [--search N] [--nodes N] [--cut-rounds N]
[--slope N] [--no-arc-flow] [--json] [--backend highs|scip]`` reads Crainic-Frangioni-Gendron
instances (format in ``evals/data/mcnd/README.md``) and solves each twice:

1. the textbook arc-flow MIP (flows per commodity and arc, one binary per arc, strong
   linking ``x[k,a] <= min(d_k, u_a) * y[a]``), assembled as matrices and solved
   through the same MathOpt plumbing as the design model
   (:func:`solver.mathopt_lp.solve_program`) -- this validates that plumbing against
   the reference optima;
2. the instance as a one-bucket :class:`~solver.Network` (a lane per arc: fixed charge
   = cost per truck, at most one truck, capacity = truck capacity, unit cost = cost per
   tonne; demand must be served: unserved tonnes cost far more than any route) solved
   by :func:`solver.solve` (the design solve with the strong linking cuts of
   :mod:`solver.linking`, then the neighbourhood search of :mod:`solver.lns`). Its bound
   is valid for every plan, so its gap to that bound is a proven distance from optimal.

The table prints objective, gap to the reference optimum (or to the model's own bound
where no reference is known) and seconds per instance.

Measured on the 31 C instances (2-core machine, partly shared; ``--no-arc-flow
--time-limit 60``): with 200 nodes, 20 slope-scaling LPs and 10 search MIPs, 9 are within
2% of the valid bound, the median gap is 2.5%, the largest 7.8%, 27 s on average (5 of the
400-commodity ones reach the 60 s safety stop: *unfinished*); without slope scaling, 7
within 2%, median 2.7%, largest 10.9%, 21 s; with ``--nodes 1500 --search 0 --slope 0``,
8 within 2%, median 2.5%, largest 7.4%, 34 s. Against the best known plans (the proven
optimum, else the arc-flow MIP's plan after 240 s, :data:`ARC_FLOW_LONG`): all 31 within
2% (the 7 with optima 0-0.6% above; the other 24 at or below the arc-flow plan, by
0-67%); against the best bound known (the optimum, else the larger of the two bounds),
12 of 31 within 2%. ``summary`` prints these counts. The linking cuts raised c37's bound
from 69,395 to 91,293 (plain LP 68,805).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from rich.console import Console
from rich.table import Table

from solver import Network, SolveSettings, parse_network, program_stdout, solve
from solver.domains import MAX_TONNES
from solver.mathopt_lp import MatrixProgram, solve_program
from solver.plan import Backend

DATA = Path(__file__).resolve().parent / "data" / "mcnd"
"""Where the instances live (copied with their README and reference optima)."""

REFERENCE: dict[str, float] = {
    "c33": 423_848,
    "c35": 371_475,
    "c36": 643_036,
    "c41": 429_398,
    "c42": 586_077,
    "c43": 464_509,
    "c44": 604_198,
    "r01.1": 74_079,
    "r04.1": 31_730,
    "r10.1": 200_087,
}
"""Reference optima from the instances' README."""

ARC_FLOW_LONG_S = 240
"""Seconds of the long arc-flow runs behind :data:`ARC_FLOW_BEST`."""
ARC_FLOW_LONG: dict[str, tuple[float, float | None]] = {
    "c37": (101180.0, 91371.5),
    "c38": (204307.0, 132273.9),
    "c39": (125575.5, 95713.4),
    "c40": (215401.0, 131587.8),
    "c45": (79551.0, 73168.7),
    "c46": (171240.0, 111025.9),
    "c47": (76917.0, 74119.2),
    "c48": (134732.0, 103812.4),
    "c49": (54888.0, 53362.9),
    "c50": (144056.0, 90575.7),
    "c51": (52314.0, 51734.7),
    "c52": (142401.0, 94716.5),
    "c53": (123593.0, 111814.5),
    "c54": (172963.0, 146768.9),
    "c55": (121019.0, 114185.8),
    "c56": (180416.0, 149821.2),
    "c57": (47701.0, 47444.5),
    "c58": (80872.0, 58416.6),
    "c59": (47818.0, 45401.7),
    "c60": (66363.0, 54121.8),
    "c61": (115175.0, 96605.0),
    "c62": (427294.0, None),
    "c63": (104875.0, 94043.5),
    "c64": (151998.0, 127572.1),
}
"""(best plan, bound) of the arc-flow MIP (HiGHS, one thread, strong linking) after
:data:`ARC_FLOW_LONG_S` seconds on a 2-core machine, for the instances without a proven
optimum: the plan an exact model reaches in a long run (not optimal), and a lower bound
valid for every plan, like the design solve's own (None: the run ended before its root
bound; bounds rounded down). Measured with two runs side by side on the 2 cores; the
design solve's plans (60 s safety stop, 200 nodes, 20 slope LPs, 10 search MIPs) are at or
below every one of these plans, 0.0-67% below."""


def best_known(name: str) -> tuple[float, str] | None:
    """The plan to compare with, and what it is: the proven optimum, else the long arc-flow
    run's best plan, else None."""
    if name in REFERENCE:
        return REFERENCE[name], "optimum"
    if name in ARC_FLOW_LONG:
        return ARC_FLOW_LONG[name][0], f"arc-flow {ARC_FLOW_LONG_S} s"
    return None


def best_bound(name: str, own: float | None) -> float | None:
    """The best lower bound known: the optimum, else the larger of the design solve's own
    bound and the long arc-flow run's."""
    if name in REFERENCE:
        return REFERENCE[name]
    bounds = [b for b in (own, ARC_FLOW_LONG.get(name, (None, None))[1]) if b is not None]
    return max(bounds) if bounds else None


@dataclass(frozen=True, slots=True)
class Arc:
    """An arc of an instance (nodes 0-based)."""

    tail: int
    head: int
    unit_cost: float
    capacity: float
    fixed_cost: float


@dataclass(frozen=True, slots=True)
class Instance:
    """A multicommodity capacitated fixed-charge network design instance."""

    name: str
    nodes: int
    arcs: tuple[Arc, ...]
    commodities: tuple[tuple[int, int, float], ...]


def read_dow(path: str | Path) -> Instance:
    """Parse a ``.dow`` file.

    Raises
    ------
    ValueError
        Naming the file and line when the header, an arc or a commodity is malformed.
    """
    p = Path(path)
    lines = [ln.split() for ln in p.read_text(encoding="utf-8").splitlines()]
    rows = [(i + 1, t) for i, t in enumerate(lines) if t and not t[0].startswith("MULTIGEN")]
    if not rows:
        raise ValueError(f"{p}: empty file")

    def nums(line_no: int, tokens: list[str], n: int, what: str) -> list[float]:
        try:
            values = [float(x) for x in tokens[:n]]
        except ValueError:
            raise ValueError(f"{p}, line {line_no}: {what} must be numbers") from None
        if len(values) < n:
            raise ValueError(f"{p}, line {line_no}: {what} needs {n} numbers")
        return values

    n_nodes, n_arcs, n_comm = (int(v) for v in nums(*rows[0], 3, "header |N| |A| |K|"))
    if len(rows) < 1 + n_arcs + n_comm:
        raise ValueError(f"{p}: expected {n_arcs} arcs and {n_comm} commodities")
    arcs = []
    for line_no, tokens in rows[1 : 1 + n_arcs]:
        t, h, c, u, f = nums(line_no, tokens, 5, "arc")
        arcs.append(Arc(int(t) - 1, int(h) - 1, c, u, f))
    comms = []
    for line_no, tokens in rows[1 + n_arcs : 1 + n_arcs + n_comm]:
        o, d, q = nums(line_no, tokens, 3, "commodity")
        comms.append((int(o) - 1, int(d) - 1, q))
    return Instance(p.name.removesuffix(".dow"), n_nodes, tuple(arcs), tuple(comms))


def arc_flow_program(inst: Instance) -> MatrixProgram:
    """The strong arc-flow MIP: x[k,a] then y[a]; conservation, capacity, linking rows."""
    n_a, n_k, n_n = len(inst.arcs), len(inst.commodities), inst.nodes
    tail = np.array([a.tail for a in inst.arcs])
    head = np.array([a.head for a in inst.arcs])
    cap = np.array([a.capacity for a in inst.arcs])
    unit = np.array([a.unit_cost for a in inst.arcs])
    fixed = np.array([a.fixed_cost for a in inst.arcs])
    dem = np.array([q for _, _, q in inst.commodities])
    grid_k, grid_a = np.meshgrid(np.arange(n_k), np.arange(n_a), indexing="ij")
    kk, aa = grid_k.ravel(), grid_a.ravel()
    xcol = kk * n_a + aa
    ycol = n_k * n_a + np.arange(n_a)
    n_cols = n_k * n_a + n_a
    r, c, v = [], [], []
    # conservation: out - in = supply (rows k*n_n + node)
    r += [kk * n_n + tail[aa], kk * n_n + head[aa]]
    c += [xcol, xcol]
    v += [np.ones(len(xcol)), -np.ones(len(xcol))]
    rhs = np.zeros(n_k * n_n)
    for k, (o, d, q) in enumerate(inst.commodities):
        rhs[k * n_n + o] += q
        rhs[k * n_n + d] -= q
    m = n_k * n_n
    # capacity: sum_k x - u y <= 0
    r += [m + aa, m + np.arange(n_a)]
    c += [xcol, ycol]
    v += [np.ones(len(xcol)), -cap]
    m += n_a
    # strong linking: x[k,a] - min(d_k, u_a) y[a] <= 0
    link = m + np.arange(len(xcol))
    r += [link, link]
    c += [xcol, ycol[aa]]
    v += [np.ones(len(xcol)), -np.minimum(dem[kk], cap[aa])]
    m += len(xcol)
    a = sp.csr_matrix((np.concatenate(v), (np.concatenate(r), np.concatenate(c))), (m, n_cols))
    return MatrixProgram(
        c=np.concatenate([unit[aa], fixed]),
        a=a,
        row_lb=np.concatenate([rhs, np.full(m - n_k * n_n, -np.inf)]),
        row_ub=np.concatenate([rhs, np.zeros(m - n_k * n_n)]),
        col_lb=np.zeros(n_cols),
        col_ub=np.concatenate([np.minimum(dem[kk], cap[aa]), np.ones(n_a)]),
        integer=np.concatenate([np.zeros(n_k * n_a, dtype=bool), np.ones(n_a, dtype=bool)]),
    )


def to_network(inst: Instance) -> Network:
    """The instance as a one-bucket weekly network (one day, one bucket, contract lanes)."""
    unserved = 10.0 * (sum(a.fixed_cost for a in inst.arcs) + max(a.unit_cost for a in inst.arcs))
    hubs = [
        {
            "id": f"N{i + 1}",
            "name": f"Node {i + 1}",
            "region": "all",
            "lat": 0.0,
            "lon": 0.0,
            "capacity_t_per_day": MAX_TONNES,
            "handling_cost_eur_per_t": 0.0,
        }
        for i in range(inst.nodes)
    ]
    lanes = [
        {
            "id": f"A{i + 1}",
            "origin": f"N{a.tail + 1}",
            "destination": f"N{a.head + 1}",
            "distance_km": 1.0,
            "transit_h": 1.0,
            "cost_eur_per_truck": a.fixed_cost,
            "cost_eur_per_t": a.unit_cost,
            "truck_capacity_t": a.capacity,
            "max_trucks_per_day": 1,
            "carrier": "contract",
        }
        for i, a in enumerate(inst.arcs)
    ]
    demands = [
        {
            "id": f"K{k + 1}",
            "origin": f"N{o + 1}",
            "destination": f"N{d + 1}",
            "release_day": 0,
            "volume_t": q,
            "due_h": 24.0 * inst.nodes,
            "penalty_late_eur_per_t": 0.0,
            "penalty_unserved_eur_per_t": unserved,
        }
        for k, (o, d, q) in enumerate(inst.commodities)
    ]
    return parse_network(
        {
            "name": inst.name,
            "calendar": {"days": 1, "buckets_per_day": 1},
            "policy": {"max_late_h": 0.0},
            "hubs": hubs,
            "lanes": lanes,
            "demands": demands,
        }
    )


def _gap(obj: float | None, ref: float | None) -> float | None:
    if obj is None or ref is None or not obj:
        return None
    return (obj - ref) / abs(obj)


def run_instance(
    path: Path,
    time_limit: float,
    backend: Backend,
    *,
    nodes: int = 200,
    search: int = 10,
    search_nodes: int | None = None,
    cut_rounds: int = 30,
    slope: int = 20,
    arc_flow: bool = True,
) -> dict[str, Any]:
    """Solve one instance both ways; returns objectives, bounds, gaps, claims and seconds.

    The design solve runs with ``cut_rounds`` rounds of cuts (strong linking and window
    cuts, :mod:`solver.linking`), ``slope`` slope-scaling LPs (:mod:`solver.slope`),
    ``nodes`` branch-and-bound nodes per MIP stage, then ``search`` neighbourhood MIPs of
    ``search_nodes`` nodes (None: ``nodes``), with ``time_limit`` as its safety stop; its
    bound is valid for every plan, so a status of ``optimal`` is checked against the reference
    optimum where one is known.
    """
    inst = read_dow(path)
    ref = REFERENCE.get(inst.name)
    start = time.perf_counter()
    sol = (
        solve_program(arc_flow_program(inst), backend, time_limit_s=time_limit, relative_gap=1e-6)
        if arc_flow
        else None
    )
    mip_s = time.perf_counter() - start
    start = time.perf_counter()
    res = solve(
        to_network(inst),
        SolveSettings(
            time_limit_s=time_limit,
            relative_gap=1e-4,
            mip_nodes=nodes,
            cut_rounds=cut_rounds,
            link_cuts=400,
            slope_rounds=slope,
            search_rounds=search,
            search_nodes=search_nodes,
        ),
    )
    design_s = time.perf_counter() - start
    false_claim = (
        res.status == "optimal"
        and ref is not None
        and res.objective_eur is not None
        and res.objective_eur > ref * (1 + 1e-4) + 1e-6
    )
    bound_too_high = (
        ref is not None and res.best_bound_eur is not None and res.best_bound_eur > ref + 1e-3
    )
    known = best_known(inst.name)
    return {
        "instance": inst.name,
        "nodes": inst.nodes,
        "arcs": len(inst.arcs),
        "commodities": len(inst.commodities),
        "reference": ref,
        "best_known": None if known is None else known[0],
        "best_known_is": None if known is None else known[1],
        "arc_flow": None
        if sol is None
        else {
            "status": sol.status,
            "objective": sol.objective,
            "bound": sol.bound,
            "gap": _gap(sol.objective, ref if ref is not None else sol.bound),
            "gap_to": "reference" if ref is not None else "own bound",
            "seconds": mip_s,
        },
        "design": {
            "status": res.status,
            "objective": res.objective_eur,
            "bound": res.best_bound_eur,
            "plain_lp": res.relaxation_bound_eur,
            "gap": _gap(res.objective_eur, ref if ref is not None else res.best_bound_eur),
            "gap_to": "reference" if ref is not None else "own bound",
            "gap_to_own_bound": res.gap,
            "above_best_known": None
            if known is None or res.objective_eur is None
            else (res.objective_eur - known[0]) / known[0],
            "gap_to_best_bound": _gap(res.objective_eur, best_bound(inst.name, res.best_bound_eur)),
            "false_optimal_claim": false_claim,
            "bound_above_reference": bound_too_high,
            "seconds": design_s,
            "unserved_t": sum(d.unserved_t for d in res.plan.demands) if res.plan else None,
        },
    }


def table(rows: list[dict[str, Any]]) -> Table:
    """Results as a Rich table."""
    t = Table(title="MCND instances: arc-flow MIP (MathOpt) and the design solve")
    for col in (
        "instance",
        "N/A/K",
        "reference",
        "arc-flow obj.",
        "gap",
        "s",
        "design obj.",
        "gap",
        "vs best known",
        "status",
        "valid bound",
        "gap to it",
        "s",
    ):
        t.add_column(col, justify="right")
    skipped: dict[str, Any] = {
        "objective": None,
        "gap": None,
        "gap_to": "reference",
        "seconds": None,
    }
    for r in rows:
        af, de = r["arc_flow"] or skipped, r["design"]

        def num(x: float | None) -> str:
            return "-" if x is None else f"{x:,.0f}"

        def pct(x: float | None, to: str) -> str:
            return "-" if x is None else f"{x:.2%}" + ("" if to == "reference" else " (bound)")

        t.add_row(
            r["instance"],
            f"{r['nodes']}/{r['arcs']}/{r['commodities']}",
            num(r["reference"]),
            num(af["objective"]),
            pct(af["gap"], af["gap_to"]),
            "-" if af["seconds"] is None else f"{af['seconds']:.1f}",
            num(de["objective"]),
            pct(de["gap"], de["gap_to"]),
            "-"
            if de["above_best_known"] is None
            else f"{de['above_best_known']:+.2%} ({r['best_known_is']})",
            de["status"] + (" (FALSE)" if de["false_optimal_claim"] else ""),
            num(de["bound"]) + (" (ABOVE OPTIMUM)" if de["bound_above_reference"] else ""),
            pct(de["gap_to_own_bound"], "bound"),
            f"{de['seconds']:.1f}",
        )
    return t


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m evals.mcnd", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="Arc-flow limit, design safety stop."
    )
    parser.add_argument("--nodes", type=int, default=200, help="Design MIP nodes per stage.")
    parser.add_argument(
        "--search",
        type=int,
        default=10,
        help="Parts searched (neighbourhood MIPs) after the design.",
    )
    parser.add_argument(
        "--search-nodes",
        type=int,
        default=None,
        help="Nodes per neighbourhood-search MIP (default: --nodes).",
    )
    parser.add_argument(
        "--cut-rounds", type=int, default=30, help="Design cut rounds (stop when one stalls)."
    )
    parser.add_argument(
        "--slope", type=int, default=20, help="Slope-scaling LPs before the design MIP."
    )
    parser.add_argument(
        "--no-arc-flow", action="store_true", help="Skip the arc-flow MIP (design solve only)."
    )
    parser.add_argument("--backend", default="highs", choices=["highs", "scip"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    files = args.files or sorted(DATA.glob("*.dow"))
    rows = []
    with program_stdout():  # the solver's native prints go to stderr, not the report
        for f in files:
            print(f"solving {f.name} ...", file=sys.stderr, flush=True)
            rows.append(
                run_instance(
                    f,
                    args.time_limit,
                    Backend(args.backend),
                    nodes=args.nodes,
                    search=args.search,
                    search_nodes=args.search_nodes,
                    cut_rounds=args.cut_rounds,
                    slope=args.slope,
                    arc_flow=not args.no_arc_flow,
                )
            )
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        console = Console(width=180)
        console.print(table(rows))
        console.print(summary(rows))
    return 0


def summary(rows: list[dict[str, Any]]) -> str:
    """How many design plans are within 2% of the best known plan and of their valid bound,
    how many were cut short, and any false claim."""
    de = [r["design"] for r in rows]
    known = [d["above_best_known"] for d in de if d["above_best_known"] is not None]
    bounded = [d["gap_to_own_bound"] for d in de if d["gap_to_own_bound"] is not None]
    best = [d["gap_to_best_bound"] for d in de if d["gap_to_best_bound"] is not None]
    false = sum(bool(d["false_optimal_claim"] or d["bound_above_reference"]) for d in de)
    return (
        f"design plans within 2% of the best known plan: {sum(g <= 0.02 for g in known)}/"
        f"{len(known)}; within 2% of their valid bound: {sum(g <= 0.02 for g in bounded)}/"
        f"{len(bounded)}; within 2% of the best bound known: {sum(g <= 0.02 for g in best)}/"
        f"{len(best)}; unfinished (safety stop): "
        f"{sum(d['status'] == 'unfinished' for d in de)}; false claims: {false}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
