"""Warm re-solve: same optimum as a cold solve on small edited networks, consistent plans.

Defaults (tests/solver/nets.py): one day of four 6-hour buckets, contract lanes of one
bucket, 100 EUR per 10 t truck, handling 1 EUR/t at every hub, unserved 1,000 EUR/t.
"""

from __future__ import annotations

import pytest

from solver import SolveProgress, SolveSettings, evaluate, solve
from solver.edits import CloseLane, ScaleDemand
from solver.network import Network
from solver.warm import affected_demands, resolve
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=1e-6)


def square() -> Network:
    """A, B, C, D with lanes A→B→D and A→C→D; 25 t A→D and 12 t B→D."""
    return network(
        "square",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma", region="south"), hub("D", "Delta")],
        [lane("A", "B"), lane("B", "D"), lane("A", "C"), lane("C", "D", cost_eur_per_truck=150)],
        [demand("D1", "A", "D", 25.0), demand("D2", "B", "D", 12.0)],
    )


def test_affected_demands_are_those_whose_volume_changed() -> None:
    """After scaling the north's demand by 1.2 only the north-origin demands differ."""
    net = square()
    parent = solve(net, SETTINGS).plan
    assert parent is not None
    assert affected_demands(net, parent) == set()
    edited = ScaleDemand(demand_ids=("D2",), factor=1.2).apply(net)
    assert affected_demands(edited, parent) == {"D2"}


@pytest.mark.parametrize(
    "edit",
    [
        ScaleDemand(origin_regions=("north",), factor=1.2),
        ScaleDemand(demand_ids=("D1",), factor=0.5),
        CloseLane(lanes=("A→B",)),
    ],
    ids=["volume up", "volume down", "lane closed"],
)
def test_warm_reaches_the_cold_optimum(edit: object) -> None:
    """From the parent's plan, the warm re-solve ends at the cold optimum; its plan prices it."""
    net = square()
    parent = solve(net, SETTINGS).plan
    edited = edit.apply(net)  # type: ignore[attr-defined]
    cold = solve(edited, SETTINGS)
    phases: list[str] = []
    warm = resolve(edited, SETTINGS, parent=parent, progress=lambda p: phases.append(p.phase))
    assert warm.plan is not None and warm.objective_eur is not None
    assert warm.objective_eur == pytest.approx(cold.objective_eur, abs=0.01)
    ev = evaluate(edited, warm.plan)
    assert not ev.hard_violations
    assert ev.kpis.total_cost_eur == pytest.approx(warm.objective_eur, abs=0.01)
    assert phases[0] == "candidates"


def test_without_parent_it_is_the_design_solve() -> None:
    """No parent plan: the same result as the design solve."""
    net = square()
    seen: list[SolveProgress] = []
    warm = resolve(net, SETTINGS, parent=None, progress=seen.append)
    cold = solve(net, SETTINGS)
    assert warm.objective_eur == cold.objective_eur and warm.plan == cold.plan
    assert seen


def test_question_effort_keeps_the_plan_around_the_edit_and_the_same_bound() -> None:
    """Without the full re-plan (the effort for questions) a closure gives the plan re-planned
    around the edit, breaking no hard rule, with the same bound valid for every plan as the
    full re-plan and a gap measured against it."""
    from solver import apply_edits, demo_network, parse_edits

    net = demo_network(hubs=8, seed=1)
    effort = SolveSettings(time_limit_s=300.0, mip_nodes=1, cut_rounds=0)
    parent = solve(net, effort).plan
    assert parent is not None
    edit = [{"op": "close_hub", "hubs": [net.hubs[2].id], "days": [1]}]
    child = apply_edits(net, parse_edits(edit))
    quick = solve(child, effort.model_copy(update={"full_replan": False}), warm_start=parent)
    full = solve(child, effort, warm_start=parent)
    assert quick.plan is not None and quick.objective_eur is not None
    assert evaluate(child, quick.plan).kpis.hard_violations == 0
    assert abs(evaluate(child, quick.plan).kpis.total_cost_eur - quick.objective_eur) < 1e-3
    assert quick.best_bound_eur is not None and full.best_bound_eur is not None
    assert abs(quick.best_bound_eur - full.best_bound_eur) < 1e-3
    assert quick.best_bound_eur <= quick.objective_eur
    assert quick.gap is not None
    assert (
        abs(quick.gap - (quick.objective_eur - quick.best_bound_eur) / quick.objective_eur) < 1e-9
    )


def test_the_neighbourhood_mip_keeps_the_trucks_its_lp_and_best_plan_agree_on() -> None:
    """The what-if's MIP (RINS) fixes each truck count the neighbourhood's LP and the
    repaired plan share, leaves the others to the MIP, and the repaired plan stays one of
    its solutions, so the re-plan is never dearer than the repair it reported."""
    import numpy as np

    from solver import apply_edits, demo_network, parse_edits
    from solver.design import build_candidates, with_plan_paths
    from solver.mathopt_lp import solve_program
    from solver.plan import Backend
    from solver.repair import repair
    from solver.warm import neighbourhood, rins

    net = demo_network(hubs=10, seed=3)
    effort = SolveSettings(time_limit_s=300.0, mip_nodes=1, cut_rounds=0, full_replan=False)
    parent = solve(net, effort).plan
    assert parent is not None
    region = net.hubs[0].region
    child = apply_edits(
        net, parse_edits([{"op": "scale_demand", "origin_regions": [region], "factor": 1.3}])
    )
    hood = neighbourhood(child, with_plan_paths(build_candidates(child), parent), parent)
    assert hood is not None
    lp = solve_program(hood.program, Backend.HIGHS, time_limit_s=60, relax=True)
    fixed = repair(hood.local_form(), lp.x, time_limit_s=60)
    assert lp.x is not None and fixed is not None
    incumbent = hood.full(fixed)
    sub = rins(hood, lp.x, incumbent)
    trucks = slice(hood.form.n0, hood.form.s0)
    agree = np.abs(lp.x[trucks] - incumbent[trucks]) < 1e-6
    pinned = sub.col_lb[trucks] == sub.col_ub[trucks]
    assert np.all(pinned[agree])
    assert np.any(~pinned & ~agree), "the MIP decides the trucks they disagree on"
    assert np.all(sub.col_lb <= incumbent + 1e-9) and np.all(incumbent <= sub.col_ub + 1e-9)
    rows = sub.a @ incumbent
    assert np.all(rows >= sub.row_lb - 1e-6) and np.all(rows <= sub.row_ub + 1e-6)

    reported: dict[str, float] = {}

    def note(p: SolveProgress) -> None:
        if p.incumbent_eur is not None:
            reported[p.phase] = p.incumbent_eur

    result = solve(child, effort, warm_start=parent, progress=note)
    assert result.objective_eur is not None and "repair" in reported
    assert result.objective_eur <= reported["repair"] + 1e-6
