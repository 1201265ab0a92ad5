"""The mid-week re-plan use case: balance by a day, the fix filed as a scenario, live untouched."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from solver import CarrierKind, SimulationSettings, demo_network
from solver.replan import expected_rest, freeze
from storage import Database
from tests.tools.conftest import Team, make_team
from tools import (
    InvalidRequest,
    NotFound,
    get_scenario,
    simulate_version_week,
    solve_version,
    version_network,
    version_plan,
)
from tools.actuals import week_actuals
from tools.replan import mid_week_replan

WEEK = "2026-W49"


@pytest.fixture
def week(sqlite_db: Database) -> Team:
    """A 6-hub demo as live, solved, with a simulated week of strong, planted deviations."""
    net = demo_network(hubs=6, seed=2)
    team = make_team(sqlite_db, net)
    solve_version(team.db, team.ann, "live")
    settings = SimulationSettings(
        seed=5, region_bias={r: 0.5 for r in net.regions[:2]}, outage_hub=net.hubs[0].id,
        outage_day=0,
    )  # fmt: skip
    simulate_version_week(team.db, team.ann, WEEK, settings)
    return team


def _expected(team: Team, through: int, by_day: int) -> dict[str, int]:
    """Trailers on hand at the start of ``by_day`` minus planned, recomputed from the rows."""
    net = version_network(team.db, team.ann, "live")
    _, plan = version_plan(team.db, team.ann, "live")
    assert plan is not None
    acts = week_actuals(team.db, team.ann, WEEK).actuals
    cal = net.calendar
    cut = (through + 1) * cal.buckets_per_day

    def moves(rows: list[tuple[str, int, int]]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0] * cal.days)
        for lane_id, b, count in rows:
            lane = net.lane_by_id[lane_id]
            if lane.carrier is not CarrierKind.OWN:
                continue
            out[lane.origin][b // cal.buckets_per_day] -= count
            arr = b + math.ceil(lane.transit_h / cal.bucket_h - 1e-9)
            if arr < cal.n_buckets:
                out[lane.destination][arr // cal.buckets_per_day] += count
        return out

    planned_rows = [
        (lb.lane_id, lb.bucket, lb.trucks + lb.empty_trailers) for lb in plan.lane_buckets
    ]
    planned = moves(planned_rows)
    actual_rows = [(d.lane_id, d.bucket, d.trucks + d.empty_trailers) for d in acts.dispatches]
    # what carrying on is expected to dispatch from the cut (its rule is tested in
    # tests/solver/test_replan.py); the trailer arithmetic below is redone from the rows
    rest = expected_rest(net, plan, freeze(net, acts, through))
    expected_rows = [(lb.lane_id, lb.bucket, lb.trucks + lb.empty_trailers) for lb in rest]
    known = moves([r for r in actual_rows if r[1] < cut] + expected_rows)
    start = {t.hub: t.trailers for t in acts.trailers if t.day == through}
    pools = {p.hub: p.trailers for p in net.fleet}
    out = {}
    for hub in start:
        running, low = 0, 0
        for day in range(cal.days):
            running += planned[hub][day]
            low = min(low, running)
        plan_on = max(pools.get(hub, 0), -low) + sum(planned[hub][:by_day])
        projected = start[hub] + sum(known[hub][through:by_day])
        out[hub] = projected - plan_on
    return out


def test_balance_by_a_day_matches_the_rows_and_the_fix_is_a_scenario(week: Team) -> None:
    """Hubs off the plan are those the rows say; the moves are filed as a scenario, not applied."""
    view = mid_week_replan(week.db, week.ann, WEEK, through=1, by_day=4, threshold=1)
    expected = {h: v for h, v in _expected(week, 1, 4).items() if abs(v) >= 1}
    assert {i.hub_id: i.imbalance for i in view.imbalances} == expected
    assert expected, "the planted deviations leave some hub off its plan"
    assert view.carry_on.status == "optimal"
    assert view.replan.status in ("optimal", "feasible")
    assert view.version is not None and view.scenario is not None
    edits = view.version.edits
    assert edits and all(e["op"] == "move_trailers" for e in edits)
    for e in edits:
        assert expected[e["from_hub"]] >= e["count"] and -expected[e["to_hub"]] >= e["count"]
    assert "Mid-week re-plan of 2026-W49 after Tuesday" in view.version.message
    assert view.version.url in view.text
    first = view.imbalances[0]
    assert f"{first.hub} {first.imbalance:+d} ({first.projected} vs {first.planned})" in view.text
    assert get_scenario(week.db, week.ann, "live").head == 1


def test_days_outside_the_week_and_unknown_weeks_are_refused(week: Team) -> None:
    """A re-plan needs days left in the week and stored actuals; errors name the field."""
    with pytest.raises(InvalidRequest, match="through"):
        mid_week_replan(week.db, week.ann, WEEK, through=6)
    with pytest.raises(InvalidRequest, match="by_day"):
        mid_week_replan(week.db, week.ann, WEEK, through=3, by_day=2)
    with pytest.raises(NotFound):
        mid_week_replan(week.db, week.ann, "2026-W01", through=1)
