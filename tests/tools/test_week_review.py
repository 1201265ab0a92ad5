"""Simulated weeks and plan vs actual through the use cases, on live's stored plan."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from solver import Plan, SimulationSettings, SolveSettings, plan_vs_actual
from storage import put_solve_run
from tests.tools.conftest import Team
from tools import (
    INTERACTIVE_SETTINGS,
    InvalidRequest,
    NotFound,
    get_version,
    simulate_version_week,
    solve_version,
    version_plan,
    week_actuals,
    week_vs_plan,
    write_week_review_xlsx,
)
from tools.replan import mid_week_replan
from tools.solving import settings_key
from tools.week_review_words import NOT_EXECUTED, review_text

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
    assert first.stored.settings is not None
    assert first.stored.settings["simulator"] == settings.model_dump(mode="json")
    assert first.stored.settings["executed_plan"]["run_id"] > 0
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


def _store_plan(team: Team, settings: SolveSettings, plan: Plan, objective: float) -> None:
    """Store ``plan`` as live's run under ``settings`` (replacing the run of those settings)."""
    version = get_version(team.db, team.ann, "live")
    with team.db.write_session() as s:
        put_solve_run(
            s,
            version.network_hash,
            settings_key(settings),
            status="feasible",
            objective=objective,
            plan_json=plan.model_dump_json(),
        )


def test_a_week_is_judged_against_the_plan_it_executed(solved: Team) -> None:
    """A plan that lands for the version after the week was stored (here a cheaper run under
    other settings) does not change the plan the week is judged against; once the run the
    week executed holds another plan, the review says the plan it executed is gone."""
    sim = simulate_version_week(solved.db, solved.ann, WEEK, SimulationSettings(seed=4))
    network, ran = version_plan(solved.db, solved.vic, "live", 1)
    assert ran is not None
    nothing = Plan(
        network_hash=ran.network_hash,
        n_buckets=ran.n_buckets,
        buckets_per_day=ran.buckets_per_day,
    )
    _store_plan(solved, SolveSettings(mip_nodes=3), nothing, objective=1.0)
    assert version_plan(solved.db, solved.vic, "live", 1)[1] == nothing  # the best plan now
    review = week_vs_plan(solved.db, solved.vic, WEEK)
    assert review.plan_executed
    assert review.report == plan_vs_actual(network, ran, sim.actuals)
    assert NOT_EXECUTED not in review_text(review)

    _store_plan(solved, INTERACTIVE_SETTINGS, nothing, objective=2.0)  # re-solved in place
    gone = week_vs_plan(solved.db, solved.vic, WEEK)
    assert not gone.plan_executed
    assert gone.report == plan_vs_actual(network, nothing, sim.actuals)
    assert NOT_EXECUTED in review_text(gone)
    before = mid_week_replan(solved.db, solved.ann, WEEK, through=0, by_day=3, file_scenario=False)
    assert not before.plan_executed and "no longer stored" in before.text
