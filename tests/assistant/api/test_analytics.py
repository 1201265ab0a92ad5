"""What-if analytics over HTTP: stress, frontier, dual-based explanation, critical elements."""

from __future__ import annotations

from markupsafe import escape

from tests.assistant.api.conftest import Crew
from tests.assistant.api.test_insights import _solved
from tests.tools.test_levers import EXACT, spoke_saving, spokes
from tools import import_network, solve_version


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


def test_levers_on_the_api_and_the_page_with_the_rest_folded(crew: Crew) -> None:
    """Twelve levers over HTTP: the API ranks all twelve by the hand-computed saving and its
    text lists ten; the page shows ten, the other two behind a fold; an unsolved version is
    a 400 and a cost/service focus outside the two is a 422."""
    base = "/api/v1/scenarios/live/versions/1"
    assert crew.get("ann", f"{base}/levers").status_code == 400
    assert crew.get("ann", f"{base}/levers?focus=margin").status_code == 422
    sc = import_network(crew.db, crew.refs["ann"], spokes(12), "spokes")
    solve_version(crew.db, crew.refs["ann"], sc.id, settings=EXACT)
    r = crew.get("ann", f"/api/v1/scenarios/{sc.id}/versions/1/levers?focus=cost")
    assert r.status_code == 200, r.text
    why = r.json()
    expected = sorted(range(12), key=lambda i: -spoke_saving(i))
    assert [lv["entity"] for lv in why["levers"]] == [f"S{i}-H" for i in expected]
    assert [round(lv["saving_eur"]) for lv in why["levers"]] == [spoke_saving(i) for i in expected]
    assert why["shown"] == 10 and "… and 2 smaller levers" in why["text"]
    client = crew.client
    login = client.post(
        "/login", data={"name": "ann", "token": crew.tokens["ann"]}, follow_redirects=False
    )
    assert login.status_code == 303
    html = client.get(f"/scenarios/{sc.id}/versions/1/levers?focus=cost").text
    shown = html.split('<ol id="levers">', 1)[1].split("</ol>", 1)[0]
    folded = html.split('<details id="more-levers">', 1)[1].split("</details>", 1)[0]
    assert shown.count("<li>") == 10 and folded.count("<li>") == 2
    texts = [lv["text"] for lv in why["levers"]]
    assert all(str(escape(t)) in shown for t in texts[:10])
    assert all(str(escape(t)) in folded for t in texts[10:])
