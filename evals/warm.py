"""Warm re-solve benchmark: after +20% on demand leaving the north, warm vs cold time to a gap.

For each demo size and time limit: solve the demo network cold (the parent plan), apply
``ScaleDemand(origin_regions=['north'], factor=1.2)``, then solve the edited network warm
(:func:`solver.warm.resolve` from the parent plan) and cold (:func:`solver.design.solve`),
recording every incumbent each reports as it goes.

"Same gap": both runs are measured against one lower bound (the best bound either run
proved for the edited network), so a gap is reached exactly when an objective is. The
target is the gap of the cold run's final plan; ``cold_s`` is when the cold run first
held a plan that good, ``warm_s`` when the warm run did (``None``: never within its time
limit). Target: ``warm_s <= 0.3 * cold_s``. The table also shows when each run first
came within 1% of the better final objective of the two.

Run ``python -m evals.warm [--hubs 40 150] [--time-limits 8 60] [--json]``. Solves stopped
by their time limit depend on the machine's load; the figures are for one run.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from solver import SolveProgress, SolveResult, SolveSettings, demo_network, program_stdout, solve
from solver.edits import ScaleDemand
from solver.warm import resolve

TARGET_RATIO = 0.3


class Trace(BaseModel):
    """One solve: its final result and the best incumbent over time."""

    objective_eur: float | None
    bound_eur: float | None
    seconds: float
    status: str
    incumbents: list[tuple[float, float]]

    def first_at_most(self, objective: float) -> float | None:
        """Seconds until an incumbent at most ``objective`` (relative tolerance 1e-7)."""
        for seconds, value in self.incumbents:
            if value <= objective * (1 + 1e-7):
                return seconds
        return None


class WarmResult(BaseModel):
    """Warm and cold re-solve of one demo size under one time limit."""

    hubs: int
    time_limit_s: float
    parent_eur: float | None
    bound_eur: float | None
    cold: Trace
    warm: Trace
    target_eur: float | None
    target_gap: float | None
    cold_s: float | None
    warm_s: float | None
    ratio: float | None
    cold_within_1pct_s: float | None
    warm_within_1pct_s: float | None


def _traced(run: Callable[[Callable[[SolveProgress], None]], SolveResult]) -> Trace:
    seen: list[tuple[float, float]] = []
    start = time.perf_counter()

    def progress(p: SolveProgress) -> None:
        if p.incumbent_eur is None or not math.isfinite(p.incumbent_eur):
            return
        if not seen or p.incumbent_eur < seen[-1][1] - 1e-6:
            seen.append((round(time.perf_counter() - start, 3), float(p.incumbent_eur)))

    result = run(progress)
    seconds = time.perf_counter() - start
    if result.objective_eur is not None and (not seen or result.objective_eur < seen[-1][1] - 1e-6):
        seen.append((round(seconds, 3), float(result.objective_eur)))
    bounds = [b for b in (result.best_bound_eur, result.relaxation_bound_eur) if b is not None]
    return Trace(
        objective_eur=result.objective_eur,
        bound_eur=max(bounds) if bounds else None,
        seconds=round(seconds, 3),
        status=result.status,
        incumbents=seen,
    )


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or objective <= 0:
        return None
    return max(0.0, (objective - bound) / objective)


def run_benchmark(hubs: int, time_limit_s: float) -> WarmResult:
    """Parent solve, edit, warm and cold re-solves of the ``hubs`` demo."""
    settings = SolveSettings(time_limit_s=time_limit_s, relative_gap=0.01)
    net = demo_network(hubs=hubs)
    parent = solve(net, settings)
    edited = ScaleDemand(origin_regions=("north",), factor=1.2).apply(net)
    warm = _traced(lambda p: resolve(edited, settings, parent=parent.plan, progress=p))
    cold = _traced(lambda p: solve(edited, settings, progress=p))
    bounds = [b for b in (cold.bound_eur, warm.bound_eur) if b is not None]
    bound = max(bounds) if bounds else None
    target = cold.objective_eur
    cold_s = cold.first_at_most(target) if target is not None else None
    warm_s = warm.first_at_most(target) if target is not None else None
    finals = [o for o in (cold.objective_eur, warm.objective_eur) if o is not None]
    near = min(finals) * 1.01 if finals else None
    return WarmResult(
        hubs=hubs,
        time_limit_s=time_limit_s,
        parent_eur=parent.objective_eur,
        bound_eur=bound,
        cold=cold,
        warm=warm,
        target_eur=target,
        target_gap=_gap(target, bound),
        cold_s=cold_s,
        warm_s=warm_s,
        ratio=warm_s / cold_s if warm_s is not None and cold_s else None,
        cold_within_1pct_s=cold.first_at_most(near) if near is not None else None,
        warm_within_1pct_s=warm.first_at_most(near) if near is not None else None,
    )


def _s(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _eur(x: float | None) -> str:
    return "—" if x is None else f"€{x:,.0f}"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, nargs="+", default=[40, 150])
    parser.add_argument("--time-limits", type=float, nargs="+", default=[8.0, 60.0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    with program_stdout():  # the solver's native prints go to stderr, not the report
        results = [run_benchmark(h, t) for h in args.hubs for t in args.time_limits]
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
        return
    table = Table(
        title=f"Warm re-solve after +20% north (target warm <= {TARGET_RATIO:.0%} of cold)"
    )
    for col in (
        "hubs",
        "limit s",
        "parent",
        "cold final",
        "warm final",
        "target gap",
        "cold s",
        "warm s",
        "ratio",
        "≤1% best: cold s",
        "warm s",
    ):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(
            str(r.hubs),
            f"{r.time_limit_s:g}",
            _eur(r.parent_eur),
            _eur(r.cold.objective_eur),
            _eur(r.warm.objective_eur),
            "—" if r.target_gap is None else f"{r.target_gap:.2%}",
            _s(r.cold_s),
            _s(r.warm_s),
            "—" if r.ratio is None else f"{r.ratio:.2f}",
            _s(r.cold_within_1pct_s),
            _s(r.warm_within_1pct_s),
        )
    Console().print(table)


if __name__ == "__main__":
    main()
