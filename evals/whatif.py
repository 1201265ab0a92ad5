"""Latency of a what-if question end to end, in process: question → edits → warm solve → answer.

Run ``python -m evals.whatif [--hubs 40] [--questions 10] [--single] [--busy N] [--twice]
[--planned-live] [--json]``. Live is solved once first, at the questions' effort or, with
``--planned-live``, at the full effort ``lanewise serve`` gives it in the background;
then each question starts a fresh conversation from live, so every answer pays for its
own edit, instant impact, warm-started solve, evaluation and comparison. Prints p50/p95
against the 10 s target and the plan quality of each answer.

Every question adds demand, a restricting edit: the best possible plan of the child
cannot be cheaper than live's, so no answer may report a plan cheaper than live's proven
lower bound. The run counts answers that do (``below_parent_bound``, must be 0) and, for
information, answers whose plan is cheaper than live's plan at all (``cheaper_than_parent``:
allowed only within the reported gaps, and then said to be within the solver's noise).

Each answer also reports its plan's churn: the share of dispatches away from the edit's
reach that the re-plan moved (:func:`tools.replan_churn`). ``--single`` asks single-entity
questions instead (one hub's outbound freight up, one hub closed for a day), for which the
target is at most 5%.

Solves are limited by deterministic effort, so an answer must not depend on the machine's
load: ``--busy N`` runs the questions beside N processes that keep a core busy, and
``--twice`` runs them quiet and then beside two busy processes and counts the answers that
differ (plan cost, KPIs, text with durations masked; must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.conversation import ask, interactive_solve_settings, new_deps
from solver import program_stdout
from tools import (
    LIVE,
    PLANNING_SETTINGS,
    Database,
    SolveRunView,
    bootstrap_admin,
    create_live,
    demo_network,
    get_scenario,
    replan_churn,
    solve_version,
    user_ref,
    version_result,
)

TARGET_P95_S = 10.0
TARGET_SINGLE_CHURN = 0.05
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, round(q * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def questions(n: int) -> list[str]:
    """Distinct what-if questions (so no answer re-uses another's solve)."""
    regions = ("north", "south", "east", "west", "central")
    steps = (10, 15, 20, 25, 30, 35)
    out = [f"what if volumes rise {p}% in the {r}?" for p in steps for r in regions]
    return out[:n]


def single_entity_questions(hub_names: list[str], n: int) -> list[str]:
    """Distinct questions that each touch one hub: its outbound freight up, or a day closed."""
    out: list[str] = []
    for i, name in enumerate(hub_names):
        out.append(f"what if volumes out of {name} rise 20%?")
        out.append(f"what if {name} is closed on {DAYS[i % 5]}?")
    return out[:n]


def _spin() -> None:
    """Keep one core busy until terminated."""
    while True:
        pass


@contextmanager
def busy(n: int) -> Iterator[None]:
    """``n`` processes that each keep a core busy for the duration of the block."""
    procs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(n)]
    for proc in procs:
        proc.start()
    try:
        yield
    finally:
        for proc in procs:
            proc.terminate()
            proc.join()


def answer_digest(answer: str) -> str:
    """A fingerprint of an answer's text with its durations ("12.3 s") masked."""
    masked = re.sub(r"\d+(?:\.\d+)? s\b", "<t> s", answer)
    return hashlib.sha256(masked.encode()).hexdigest()[:16]


def below_bound(parent: SolveRunView, child: SolveRunView | None, tol: float = 1e-6) -> bool:
    """Whether a restricting edit's plan costs less than the parent's lower bound allows."""
    if child is None or child.objective_eur is None or parent.best_bound_eur is None:
        return False
    return child.objective_eur < parent.best_bound_eur - tol


def cheaper(parent: SolveRunView, child: SolveRunView | None) -> bool:
    """Whether the child's plan is cheaper than the parent's plan (noise or a worse parent)."""
    if child is None or child.objective_eur is None or parent.objective_eur is None:
        return False
    return child.objective_eur < parent.objective_eur


def run(
    hubs: int, n: int, *, single: bool = False, load: int = 0, planned_live: bool = False
) -> dict[str, object]:
    """Measure ``n`` questions on the ``hubs`` demo; returns the figures.

    Live is solved at the questions' effort, or with ``planned_live`` at the full effort
    ``lanewise serve`` gives it in the background (the questions then start from that plan).
    """
    home = Path(tempfile.mkdtemp(prefix="lanewise-whatif-"))
    db = Database(f"sqlite:///{home / 'bench.db'}")
    admin_view, _ = bootstrap_admin(db, "bench", "bench@example.com")
    admin = user_ref(db, admin_view.id)
    network = demo_network(hubs=hubs)
    create_live(db, admin, network)
    settings = interactive_solve_settings()
    live = get_scenario(db, admin, LIVE)
    t0 = time.perf_counter()
    live_run = solve_version(
        db, admin, live.id, settings=PLANNING_SETTINGS if planned_live else settings
    )
    live_s = time.perf_counter() - t0
    rows = []
    asked = single_entity_questions([h.name for h in network.hubs], n) if single else questions(n)
    for question in asked:
        deps = new_deps(db, admin, solve_settings=settings)
        t = time.perf_counter()
        with busy(load):
            result = asyncio.run(ask(question, deps=deps))
        seconds = time.perf_counter() - t
        status = next(
            (line for line in result.answer.splitlines() if line.startswith("**Re-planned:**")),
            "",
        )
        child = (
            version_result(db, admin, result.scenario_id, result.version).run
            if result.scenario_id is not None and result.version is not None
            else None
        )
        churn = (
            replan_churn(db, admin, result.scenario_id, result.version)
            if result.scenario_id is not None and result.version is not None
            else None
        )
        # live's best plan now: a re-plan that found a cheaper plan carried it back
        live_now = version_result(db, admin, live.id, live.head).run or live_run
        rows.append(
            {
                "question": question,
                "seconds": seconds,
                "replanned": status[16:],
                "objective_eur": child.objective_eur if child else None,
                "below_parent_bound": below_bound(live_run, child),
                "cheaper_than_parent": cheaper(live_now, child),
                "churn": churn.share if churn is not None else None,
                "answer_digest": answer_digest(result.answer),
            }
        )
    times = [float(r["seconds"]) for r in rows]  # type: ignore[arg-type]
    churns = [float(r["churn"]) for r in rows if r["churn"] is not None]  # type: ignore[arg-type]
    return {
        "hubs": hubs,
        "time_limit_s": settings.time_limit_s,
        "live_cold_solve_s": live_s,
        "live_effort": "planning" if planned_live else "interactive",
        "live_status": live_run.status,
        "live_gap": live_run.gap,
        "live_quality": live_run.quality,
        "live_objective_eur": live_run.objective_eur,
        "live_bound_eur": live_run.best_bound_eur,
        "below_parent_bound": sum(bool(r["below_parent_bound"]) for r in rows),
        "cheaper_than_parent": sum(bool(r["cheaper_than_parent"]) for r in rows),
        "p50_s": percentile(times, 0.5),
        "p95_s": percentile(times, 0.95),
        "target_p95_s": TARGET_P95_S,
        "questions": "single-entity" if single else "regional demand",
        "busy_processes": load,
        "churn_p50": percentile(churns, 0.5) if churns else None,
        "churn_max": max(churns) if churns else None,
        "target_single_churn": TARGET_SINGLE_CHURN,
        "answers": rows,
    }


def main(argv: list[str] | None = None) -> None:
    """Run and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, default=40)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--single", action="store_true", help="single-entity questions")
    parser.add_argument("--busy", type=int, default=0, help="busy processes beside the run")
    parser.add_argument("--twice", action="store_true", help="again beside 2 busy processes")
    parser.add_argument(
        "--planned-live",
        action="store_true",
        help="solve live at full effort first, as lanewise serve does in the background",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with program_stdout():  # the solver's native prints go to stderr, not the report
        kw = {"single": args.single, "planned_live": args.planned_live}
        figures = run(args.hubs, args.questions, load=args.busy, **kw)
        loaded = run(args.hubs, args.questions, load=2, **kw) if args.twice else None
    if loaded is not None:
        pairs = zip(figures["answers"], loaded["answers"], strict=True)  # type: ignore[call-overload]
        figures["busy_p95_s"] = loaded["p95_s"]
        figures["differing_under_load"] = sum(
            (a["answer_digest"], a["objective_eur"]) != (b["answer_digest"], b["objective_eur"])
            for a, b in pairs
        )
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    table = Table(title=f"What-if latency, {args.hubs}-hub demo (live solved first)")
    table.add_column("question")
    table.add_column("seconds", justify="right")
    table.add_column("re-planned")
    table.add_column("churn", justify="right")
    for row in figures["answers"]:  # type: ignore[attr-defined]
        churn = "-" if row["churn"] is None else f"{row['churn']:.1%}"
        table.add_row(row["question"], f"{row['seconds']:.1f}", row["replanned"], churn)
    console = Console()
    console.print(table)
    console.print(
        f"live cold solve at {figures['live_effort']} effort "
        f"{figures['live_cold_solve_s']:.1f} s ({figures['live_quality']}); "
        f"p50 {figures['p50_s']:.1f} s, p95 {figures['p95_s']:.1f} s "
        f"(target p95 <= {TARGET_P95_S:.0f} s)"
    )
    console.print(
        f"restricting what-ifs (more demand) below live's proven bound: "
        f"{figures['below_parent_bound']} of {len(figures['answers'])} (must be 0); "  # type: ignore[arg-type]
        f"cheaper than live's plan (within the gaps): {figures['cheaper_than_parent']}"
    )
    if args.twice:
        console.print(
            f"beside 2 busy processes: p95 {figures['busy_p95_s']:.1f} s; answers that differ "
            f"from the quiet run: {figures['differing_under_load']} (must be 0)"
        )
    if figures["churn_max"] is not None:
        console.print(
            f"churn away from the edit: p50 {figures['churn_p50']:.1%}, "
            f"max {figures['churn_max']:.1%}"
            + (f" (target <= {TARGET_SINGLE_CHURN:.0%})" if args.single else "")
        )


if __name__ == "__main__":
    main()
