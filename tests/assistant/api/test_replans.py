"""POST /api/v1/replans: a mid-week re-plan over HTTP, with the fields of bad input named."""

from __future__ import annotations

from tests.assistant.api.conftest import Crew
from tools import SimulationSettings, simulate_version_week, solve_version


def test_replan_over_http_returns_the_balance_and_refuses_bad_days(crew: Crew) -> None:
    """A planner gets the re-plan with both options; a day out of range is a 422 naming it."""
    solve_version(crew.db, crew.refs["ann"], "live")
    simulate_version_week(crew.db, crew.refs["ann"], "2026-W49", SimulationSettings(seed=2))
    r = crew.post("ann", "/api/v1/replans", json={"week": "2026-W49", "through": 0})
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["through_day"] == 0 and data["carry_on"]["name"] == "carry on"
    assert data["replan"]["status"] in ("optimal", "feasible")
    assert "as it stands after Monday" in data["text"]
    r = crew.post("ann", "/api/v1/replans", json={"week": "2026-W49", "through": 99})
    assert r.status_code == 422 and "through" in r.text
    r = crew.post("ann", "/api/v1/replans", json={"week": "2026-W49", "through": 6})
    assert r.status_code == 400 and "through" in r.text
