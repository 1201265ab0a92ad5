"""Calibration is proposed as a new scenario version with its evidence; live is untouched."""

from __future__ import annotations

import pytest

from solver import SimulationSettings
from tests.tools.conftest import Team
from tools import (
    InvalidRequest,
    get_scenario,
    simulate_version_week,
    solve_version,
    version_network,
    version_plan,
)
from tools.calibration import propose_calibration

WEEKS = ["2026-W40", "2026-W41", "2026-W42", "2026-W43"]


def test_a_planted_bias_becomes_a_proposed_scenario_not_a_change_to_live(team: Team) -> None:
    solve_version(team.db, team.ann, "live")
    for seed, week in enumerate(WEEKS, start=1):
        settings = SimulationSettings(
            seed=seed,
            customer_bias={"Acme": 0.3},
            customer_sigma=0.0,
            region_sigma=0.0,
            demand_sigma=0.02,
        )
        simulate_version_week(team.db, team.ann, week, settings)
    proposal = propose_calibration(team.db, team.ann, last=4, name="acme up")
    assert proposal.scenario is not None and proposal.version is not None
    assert (proposal.scenario.name, proposal.version.n) == ("acme up", 2)
    (acme,) = [e for e in proposal.calibration.evidence if e.dimension == "customer"]
    assert acme.key == "Acme" and acme.weeks == 4
    assert acme.factor == pytest.approx(1.3, abs=0.03)
    assert "customer Acme: ×" in proposal.version.message
    assert "2026-W40, 2026-W41, 2026-W42, 2026-W43" in proposal.version.message
    live = version_network(team.db, team.ann, "live")
    proposed = version_network(team.db, team.ann, proposal.scenario.id)
    live_t = sum(d.volume_t for d in live.demands)
    assert sum(d.volume_t for d in proposed.demands) == pytest.approx(
        live_t * acme.factor, rel=0.02
    )
    assert get_scenario(team.db, team.ann, "live").head == 1


def test_calibration_needs_weeks(team: Team) -> None:
    with pytest.raises(InvalidRequest, match="at least one week"):
        propose_calibration(team.db, team.ann, [])
    with pytest.raises(InvalidRequest, match="no weeks of actuals"):
        propose_calibration(team.db, team.ann, last=4)
    with pytest.raises(InvalidRequest, match="not both"):
        propose_calibration(team.db, team.ann, ["2026-W40"], last=4)


def test_a_lane_that_runs_late_every_week_gets_its_transit_proposed(team: Team) -> None:
    """Trucks on one lane taking 3 h longer every week become a proposed transit change on
    that lane alone, stated in the version's message; live keeps its hours."""
    solve_version(team.db, team.ann, "live")
    live, plan = version_plan(team.db, team.ann, "live")
    assert plan is not None
    slow = sorted({lb.lane_id for lb in plan.lane_buckets})[0]
    for seed, week in enumerate(WEEKS, start=1):
        settings = SimulationSettings(seed=seed, lane_delay_h={slow: 3.0}, transit_sigma_h=0.0)
        simulate_version_week(team.db, team.ann, week, settings)
    proposal = propose_calibration(team.db, team.ann, last=4, name="slow lane")
    assert proposal.scenario is not None and proposal.version is not None
    assert [(e.lanes, e.add_h) for e in proposal.transit.edits] == [((slow,), 3.0)]
    assert f"lane {slow}: " in proposal.version.message
    proposed = version_network(team.db, team.ann, proposal.scenario.id)
    assert proposed.lane_by_id[slow].transit_h == round(live.lane_by_id[slow].transit_h + 3.0, 2)
    assert version_network(team.db, team.ann, "live").lane_by_id[slow] == live.lane_by_id[slow]
