"""Strong linking cuts: whole trucks for small demands, and a bound that stays valid.

Each test recomputes what it checks apart from the design solve: the LP and MIP over
every timed path of a network (enumerated, not priced), and a one-lane network by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from solver import SolveSettings, solve
from solver.bound import full_bound
from solver.demo import demo_network
from solver.design import _Clock, _column_generation, build_candidates
from solver.formulation import Formulation
from solver.linking import LinkingCut, add_linking_rows, separate_linking_cuts
from solver.mathopt_lp import ProgramSolution, solve_program
from solver.plan import Backend
from solver.pricing import all_timed_paths
from tests.solver.nets import demand, hub, lane, network

CUTS = SolveSettings(
    time_limit_s=600, relative_gap=1e-6, mip_nodes=20, cut_rounds=20, link_cuts=400
)
"""Enough cut rounds for the linking cuts to converge on the small networks here."""


def _whole_model(hubs: int, seed: int):  # type: ignore[no-untyped-def]
    net = demo_network(hubs=hubs, seed=seed)
    cand = build_candidates(net)
    every = all_timed_paths(net, cand.pricing, limit=100_000)
    assert every is not None
    return cand, cand.with_columns(every)


def _cut_until_none(form: Formulation, x: np.ndarray) -> tuple[Formulation, ProgramSolution]:
    """Separate and re-solve until the LP violates no linking cut (the LP moves each time)."""
    cuts: list[LinkingCut] = []
    while True:
        fresh = separate_linking_cuts(add_linking_rows(form, cuts), x, max_cuts=200)
        assert len(cuts) < 5000, "separation does not converge"
        cuts += fresh
        linked = add_linking_rows(form, cuts)
        sol = solve_program(linked.program, Backend.HIGHS, time_limit_s=120, relax=True)
        assert sol.x is not None
        if not fresh:
            return linked, sol
        x = sol.x


def _one_lane_lp(tonnes: float) -> tuple[Formulation, ProgramSolution]:
    """One demand of ``tonnes`` on one 10 t lane: the model and its plain LP."""
    net = network(
        "one-lane",
        [hub("A", "Alpha"), hub("B", "Beta", region="south")],
        [lane("A", "B")],
        [demand("D1", "A", "B", tonnes)],
    )
    form = build_candidates(net).full
    return form, solve_program(form.program, Backend.HIGHS, time_limit_s=60, relax=True)


def test_a_small_demand_opens_a_whole_truck() -> None:
    """2 t on a 10 t lane: the plain LP opens a fifth of a truck, the linking cut a whole one."""
    form, lp = _one_lane_lp(2.0)
    assert lp.x is not None
    assert lp.x[form.n0 : form.s0].sum() == pytest.approx(0.2)
    cuts = separate_linking_cuts(form, lp.x, max_cuts=10)
    assert [(c.demand, c.coefficient) for c in cuts] == [(0, 2.0)]
    _, tight = _cut_until_none(form, lp.x)
    assert tight.x is not None
    assert tight.x[form.n0 : form.s0].sum() == pytest.approx(1.0)


def test_no_cut_for_a_demand_as_big_as_a_truck() -> None:
    """A demand that fills a truck gets no linking cut: the capacity row already says it."""
    form, lp = _one_lane_lp(15.0)
    assert lp.x is not None
    assert separate_linking_cuts(form, lp.x, max_cuts=10) == []


def test_pricing_with_linking_duals_reproduces_the_whole_lp() -> None:
    """With linking rows, the Lagrangian bound at the LP's duals equals the LP over every path.

    A path priced without its linking charge would look cheaper and pull the bound below
    the LP; one charged twice would push it above.
    """
    cand, whole = _whole_model(6, 2)
    form = whole.full
    lp = solve_program(form.program, Backend.HIGHS, time_limit_s=120, relax=True)
    assert lp.x is not None and lp.objective is not None
    linked, tight = _cut_until_none(form, lp.x)
    assert tight.duals is not None and tight.objective is not None
    assert tight.objective > lp.objective + 1.0
    bound = full_bound(linked, tight.duals, cand.pricing)
    assert bound.value == pytest.approx(tight.objective, rel=1e-6)


def test_bound_with_linking_cuts_stays_below_the_proven_optimum() -> None:
    """Column generation with linking cuts bounds every plan: at most the whole model's
    proven optimum, and above the plain LP (small demands share trucks)."""
    net = network(
        "square",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma", region="south"), hub("D", "Delta")],
        [
            lane("A", "B"),
            lane("B", "D"),
            lane("A", "C"),
            lane("C", "D", cost_eur_per_truck=150),
            lane("A", "D", cost_eur_per_truck=400),
        ],
        [
            demand("D1", "A", "D", 3.0),
            demand("D2", "B", "D", 2.0),
            demand("D3", "C", "D", 4.0),
            demand("D4", "A", "B", 1.5),
        ],
    )
    cand = build_candidates(net)
    every = all_timed_paths(net, cand.pricing, limit=100_000)
    assert every is not None
    mip = solve_program(
        cand.with_columns(every).full.program, Backend.HIGHS, time_limit_s=120, relative_gap=0
    )
    assert mip.status == "optimal" and mip.objective is not None
    _, cg = _column_generation(cand, CUTS, _Clock(CUTS, None), np.zeros(0, np.int64))
    assert cg is not None
    assert cg.plain_bound + 1.0 < cg.bound <= mip.objective + 1e-6


def test_linking_cuts_are_chosen_the_same_way_every_time() -> None:
    """The same LP solution gives the same cuts (order and all): plans stay reproducible."""
    _, whole = _whole_model(6, 2)
    form = whole.full
    lp = solve_program(form.program, Backend.HIGHS, time_limit_s=120, relax=True)
    assert lp.x is not None
    first = separate_linking_cuts(form, lp.x, max_cuts=5)
    assert first == separate_linking_cuts(form, lp.x, max_cuts=5)
    everything = separate_linking_cuts(form, lp.x, max_cuts=10_000)
    assert set(first) <= set(everything) and len(first) == min(5, len(everything))


def test_cut_rounds_tighten_the_bound_of_a_solve() -> None:
    """More cut rounds never lower the reported bound, and the plan stays above it."""
    net = demo_network(hubs=8, seed=1)
    plain = solve(net, SolveSettings(time_limit_s=600, mip_nodes=20, cut_rounds=0, link_cuts=0))
    cut = solve(net, SolveSettings(time_limit_s=600, mip_nodes=20, cut_rounds=20, link_cuts=400))
    assert plain.best_bound_eur is not None and cut.best_bound_eur is not None
    assert cut.best_bound_eur >= plain.best_bound_eur - 1e-6
    assert cut.objective_eur is not None and cut.best_bound_eur <= cut.objective_eur + 1e-6
