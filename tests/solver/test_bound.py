"""The bound behind every "gap" and "optimal": valid for every plan, and reproducible plans.

Each test recomputes what it checks independently of the design solve: the LP over every
timed path of the network (enumerated, not priced), plans made by other means, and the
window-cut rounding by hand.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest

from solver import SolveSettings, evaluate, solve
from solver.cuts import add_cut_rows, separate_window_cuts, window_data
from solver.demo import cheapest_path_plan, demo_network
from solver.design import _Clock, _column_generation, build_candidates
from solver.mathopt_lp import solve_program
from solver.plan import Backend
from solver.pricing import all_timed_paths
from solver.trust import quality_words
from tests.solver.nets import demand, hub, lane, network

QUIET = SolveSettings(time_limit_s=600, relative_gap=0.01, mip_nodes=20)
"""Effort-limited settings: the safety stop is far away, so effort alone decides."""


def test_bound_equals_the_lp_over_every_timed_path() -> None:
    """Column generation with full pricing converges to the LP over every timed path."""
    net = demo_network(hubs=6, seed=2)
    cand = build_candidates(net)
    every = all_timed_paths(net, cand.pricing, limit=100_000)
    assert every is not None and every.n > cand.cols.n
    whole = cand.with_columns(every)
    lp = solve_program(whole.full.program, Backend.HIGHS, time_limit_s=120, relax=True)
    assert lp.status == "optimal" and lp.objective is not None
    _, cg = _column_generation(cand, QUIET, _Clock(QUIET, None), np.zeros(0, np.int64))
    assert cg is not None
    assert cg.plain_bound == pytest.approx(lp.objective, rel=1e-6)
    assert cg.bound >= cg.plain_bound - 1e-6


@pytest.mark.parametrize("hubs, seed", [(8, 1), (10, 3), (12, 5)])
def test_bound_is_below_every_plan_we_can_make(hubs: int, seed: int) -> None:
    """The reported bound is below the solver's plan and a cheapest-path plan made apart."""
    net = demo_network(hubs=hubs, seed=seed)
    res = solve(net, QUIET)
    assert res.plan is not None and res.objective_eur is not None
    assert res.best_bound_eur is not None and res.relaxation_bound_eur is not None
    assert res.relaxation_bound_eur <= res.best_bound_eur + 1e-6
    assert res.best_bound_eur <= res.objective_eur + 1e-6
    other = evaluate(net, cheapest_path_plan(net)).kpis.total_cost_eur
    assert res.best_bound_eur <= other + 1e-6
    assert res.gap == pytest.approx(
        (res.objective_eur - res.best_bound_eur) / res.objective_eur, abs=1e-9
    )
    assert res.status in ("optimal", "feasible")
    assert (res.status == "optimal") == (res.gap <= QUIET.relative_gap + 1e-9)


def test_window_cut_rounds_up_the_trucks_a_hub_must_send() -> None:
    """25 t that must leave Alpha on 10 t trucks need 3 trucks, not the LP's 2.5."""
    net = network(
        "one-lane",
        [hub("A", "Alpha"), hub("B", "Beta", region="south")],
        [lane("A", "B")],
        [demand("D1", "A", "B", 25.0)],
    )
    cand = build_candidates(net)
    form = cand.full
    lp = solve_program(form.program, Backend.HIGHS, time_limit_s=60, relax=True)
    assert lp.x is not None
    assert lp.x[form.n0 : form.s0].sum() == pytest.approx(2.5)
    cuts = separate_window_cuts(form, window_data(form), lp.x)
    assert any(c.rhs == 3 and c.outbound for c in cuts)
    tightened = solve_program(
        add_cut_rows(form, cuts).program, Backend.HIGHS, time_limit_s=60, relax=True
    )
    assert tightened.x is not None
    assert tightened.x[form.n0 : form.s0].sum() == pytest.approx(3.0)


def test_tiny_network_is_proven_optimal_over_every_path() -> None:
    """A network small enough to list every timed path is solved whole: optimal is proven."""
    net = network(
        "square",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma", region="south"), hub("D", "Delta")],
        [lane("A", "B"), lane("B", "D"), lane("A", "C"), lane("C", "D", cost_eur_per_truck=150)],
        [demand("D1", "A", "D", 25.0), demand("D2", "B", "D", 12.0)],
    )
    res = solve(net, SolveSettings(time_limit_s=600, relative_gap=1e-6))
    assert res.status == "optimal"
    assert res.gap is not None and res.gap <= 1e-6
    assert quality_words(res.status, res.gap).startswith("proven within")


def _spin(stop_at: float) -> None:
    while time.time() < stop_at:
        pass


@contextmanager
def busy_machine(processes: int = 2, seconds: float = 120.0) -> Iterator[None]:
    """Keep ``processes`` CPU-bound processes running beside the test."""
    ctx = multiprocessing.get_context("spawn")
    hogs = [ctx.Process(target=_spin, args=(time.time() + seconds,)) for _ in range(processes)]
    for p in hogs:
        p.start()
    try:
        yield
    finally:
        for p in hogs:
            p.terminate()
            p.join()


def test_same_plan_on_a_quiet_and_a_busy_machine() -> None:
    """Same network and settings give a byte-identical plan beside two CPU-bound processes."""
    net = demo_network(hubs=10, seed=3)
    quiet = solve(net, QUIET)
    with busy_machine():
        busy = solve(net, QUIET)
    assert quiet.status == busy.status != "unfinished"
    assert quiet.plan is not None and busy.plan is not None
    assert quiet.plan.to_json() == busy.plan.to_json()
    assert quiet.best_bound_eur == busy.best_bound_eur


def test_safety_stop_is_reported_as_unfinished() -> None:
    """When the wall clock stops a solve before its effort is spent, it says unfinished."""
    net = demo_network(hubs=20, seed=7)
    res = solve(net, SolveSettings(time_limit_s=0.5))
    assert res.status == "unfinished"
    assert quality_words(res.status, res.gap).startswith("unfinished")


def test_progress_never_shows_a_bound_of_the_restricted_master() -> None:
    """Every bound shown while solving holds for every plan: none is above the final valid
    bound (a restricted master's bound, which holds for its own paths only, would be)."""
    net = demo_network(hubs=10, seed=3)
    seen: list[float] = []
    res = solve(net, QUIET, progress=lambda p: seen.append(p.best_bound_eur or -float("inf")))
    assert res.best_bound_eur is not None and seen
    assert max(seen) <= res.best_bound_eur + 1e-6
