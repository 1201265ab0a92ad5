"""Simulated weeks and plan vs actual through the use cases, on live's stored plan."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from solver import SimulationSettings, plan_vs_actual
from tests.tools.conftest import Team
from tools import (
    InvalidRequest,
    NotFound,
    simulate_version_week,
    solve_version,
    version_plan,
    week_actuals,
    week_vs_plan,
    write_week_review_xlsx,
)

WEEK = "2026-W50"


@pytest.fixture
def solved(team: Team) -> Team:
    """The team with live v1 solved."""
    solve_version(team.db, team.ann, "live")
    return team


def test_simulated_week_is_stored_with_its_seed_and_reproduced(solved: Team) -> None:
    settings = SimulationSettings(seed=9, customer_bias={"Acme": 0.25}, outage_hub="PAR")
    first = simulate_version_week(solved.db, solved.ann, WEEK, settings)
    assert first.stored is not None
    assert first.stored.settings == {"simulator": settings.model_dump(mode="json")}
    assert first.stored.added == first.stored.rows_in_week > 0
    again = simulate_version_week(solved.db, solved.ann, WEEK, settings)
    assert again.actuals == first.actuals
    assert again.stored is not None and again.stored.unchanged == first.stored.added
    stored = week_actuals(solved.db, solved.vic, WEEK)
    assert stored.actuals.deliveries == first.actuals.deliveries
    assert stored.actuals.dispatches == first.actuals.dispatches


def test_week_vs_plan_is_the_solver_report_on_the_stored_plan(solved: Team, tmp_path: Path) -> None:
    settings = SimulationSettings(seed=2, customer_bias={"Acme": 0.25})
    sim = simulate_version_week(solved.db, solved.ann, WEEK, settings)
    review = week_vs_plan(solved.db, solved.vic, WEEK)
    network, plan = version_plan(solved.db, solved.vic, "live", 1)
    assert plan is not None
    assert review.report == plan_vs_actual(network, plan, sim.actuals)
    assert (review.version.scenario_name, review.version.n) == ("live", 1)
    picked = sum(d.picked_up_t for d in sim.actuals.deliveries)
    acme = next(b for b in review.report.demand_bias if b.key == "Acme")
    assert acme.actual == pytest.approx(picked, abs=1e-3)
    assert acme.planned == pytest.approx(sum(d.volume_t for d in network.demands))
    path = write_week_review_xlsx(review, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "summary",
        "deviations",
        "demand_bias",
        "transit_bias",
        "hub_throughput",
    ]
    assert wb["deviations"].max_row == len(review.report.rows) + 1
    assert write_week_review_xlsx(review, tmp_path / "again.xlsx").read_bytes() == path.read_bytes()


def test_unknown_week_and_unsolved_version(team: Team) -> None:
    with pytest.raises(NotFound, match="no actuals for week 2026-W50"):
        week_vs_plan(team.db, team.vic, WEEK)
    with pytest.raises(InvalidRequest, match="no solved plan"):
        simulate_version_week(team.db, team.ann, WEEK, SimulationSettings())


def test_solve_missing_solves_the_version_first(team: Team) -> None:
    sim = simulate_version_week(
        team.db, team.ann, WEEK, SimulationSettings(seed=1), solve_missing=True, store=False
    )
    assert sim.actuals.deliveries
    _, plan = version_plan(team.db, team.vic, "live")
    assert plan is not None
