"""The MCND reader and arc-flow MIP reproduce a published optimum; the network mapping holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.mcnd import (
    ARC_FLOW_LONG,
    ARC_FLOW_LONG_S,
    DATA,
    REFERENCE,
    arc_flow_program,
    best_bound,
    best_known,
    read_dow,
    to_network,
)
from solver import SolveSettings
from solver.design import solve
from solver.mathopt_lp import solve_program
from solver.plan import Backend

R01 = DATA / "r01.1.dow"
pytestmark = pytest.mark.skipif(not R01.exists(), reason="shared MCND instances not present")


def test_reader_counts_match_the_header() -> None:
    """r01.1 has 10 nodes, 35 arcs and 10 commodities, nodes made 0-based."""
    inst = read_dow(R01)
    assert (inst.nodes, len(inst.arcs), len(inst.commodities)) == (10, 35, 10)
    assert inst.arcs[0].tail == 0 and inst.arcs[0].head == 1
    assert inst.arcs[0].fixed_cost == 595


def test_arc_flow_reproduces_reference_optimum() -> None:
    """The arc-flow MIP through MathOpt solves r01.1 to the published 74,079."""
    sol = solve_program(arc_flow_program(read_dow(R01)), Backend.HIGHS, time_limit_s=30)
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(REFERENCE["r01.1"], abs=0.5)


def test_design_solve_on_mapped_network_serves_all_at_reference_cost() -> None:
    """As a one-bucket network the design solve serves every commodity at the optimum cost."""
    res = solve(to_network(read_dow(R01)), SolveSettings(time_limit_s=600, relative_gap=1e-6))
    assert res.plan is not None
    assert sum(d.unserved_t for d in res.plan.demands) == 0
    assert res.objective_eur == pytest.approx(REFERENCE["r01.1"], abs=0.5)
    assert res.best_bound_eur is not None and res.best_bound_eur <= REFERENCE["r01.1"] + 0.5


@pytest.mark.parametrize("name", ["c33", "c42"])
def test_design_bound_never_exceeds_a_known_optimum(name: str) -> None:
    """On C-set instances the bound, strong linking cuts included, holds below the proven
    optimum and within 2.5% of it; 'optimal' is never false."""
    res = solve(
        to_network(read_dow(DATA / f"{name}.dow")),
        SolveSettings(
            time_limit_s=600, relative_gap=1e-4, mip_nodes=1, cut_rounds=30, link_cuts=400
        ),
    )
    ref = REFERENCE[name]
    assert res.best_bound_eur is not None and ref * 0.975 <= res.best_bound_eur <= ref + 0.5
    assert res.objective_eur is not None and res.objective_eur >= ref - 0.5
    if res.status == "optimal":
        assert res.objective_eur <= ref * (1 + 1e-4) + 0.5


def test_malformed_file_names_the_line(tmp_path: Path) -> None:
    """A commodity line with text where a number belongs is reported with its line number."""
    bad = tmp_path / "bad.dow"
    bad.write_text("MULTIGEN.DAT:\n 2 1 1\n 1 2 3 4 5 1 1\n 1 x 3\n")
    with pytest.raises(ValueError, match="line 4"):
        read_dow(bad)


def test_the_long_arc_flow_figures_are_consistent() -> None:
    """Every long arc-flow run's plan is at or above its bound; a proven optimum, where there
    is one, is what plans are compared with."""
    for name, (plan, bound) in ARC_FLOW_LONG.items():
        assert bound is None or bound <= plan + 1e-6, name
        assert name not in REFERENCE
        assert best_known(name) == (plan, f"arc-flow {ARC_FLOW_LONG_S} s")
        if bound is not None:
            assert best_bound(name, bound - 1.0) == bound
    assert best_known("c33") == (REFERENCE["c33"], "optimum")
    assert best_bound("c33", 1.0) == REFERENCE["c33"]
