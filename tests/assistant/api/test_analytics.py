"""What-if analytics over HTTP: stress, frontier, dual-based explanation, critical elements."""

from __future__ import annotations

from tests.assistant.api.conftest import Crew
from tests.assistant.api.test_insights import _solved


def test_analytics_need_a_solved_version(crew: Crew) -> None:
    """Every analysis of an unsolved version is a 400 that says to solve it first."""
    base = "/api/v1/scenarios/live/versions/1"
    assert crew.post("ann", f"{base}/stress", json={"factor": 1.2}).status_code == 400
    assert crew.get("ann", f"{base}/why").status_code == 400


def test_stress_frontier_why_and_critical(crew: Crew) -> None:
    """On solved live: +20% stress raises demand by 20% with the trucks held, so on-time
    tonnes cannot exceed the held plan's capacity and the unserved tonnes grow; the frontier
    has one point per target in order; 'why' and 'critical' answer with their reports."""
    _solved(crew, "live", 1)
    base = "/api/v1/scenarios/live/versions/1"
    stress = crew.post("ann", f"{base}/stress", json={"factor": 1.2, "draws": 0})
    assert stress.status_code == 200, stress.text
    report = stress.json()
    base_point, changed = report["base"], report["scenario"]
    assert changed["demand_t"] > base_point["demand_t"] * 1.19
    assert changed["unserved_t"] + changed["late_t"] >= base_point["unserved_t"] - 1e-6
    assert changed["on_time_t"] <= changed["demand_t"] + 1e-6
    frontier = crew.post("ann", f"{base}/frontier", json={"targets": [0.5, 0.9]})
    assert frontier.status_code == 200, frontier.text
    points = frontier.json()["points"]
    assert [p["target"] for p in points] == [0.5, 0.9]
    why = crew.get("ann", f"{base}/why")
    assert why.status_code == 200 and "text" in why.json()
    critical = crew.get("ann", f"{base}/critical", params={"top": 3})
    assert critical.status_code == 200 and len(critical.json()) <= 3
    bad = crew.post("ann", f"{base}/stress", json={"factor": -1})
    assert bad.status_code == 422
    assert any(e["field"].endswith("factor") for e in bad.json()["errors"])
