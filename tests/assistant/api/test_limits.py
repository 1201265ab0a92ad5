"""What a solved version's plan uses to its limit, over HTTP: GET …/versions/{n}/limits.

The expected lanes, hubs and driver pools are recomputed from the stored plan (its
dispatches and shipments) and the network's limits, not from the evaluation the route reads.
"""

from __future__ import annotations

from typing import Any

from tests.assistant.api.conftest import Crew
from tests.assistant.api.test_insights import _solved, paris_tripled
from tests.assistant.test_binding_question import _driver_hours, _full_lanes, _hub_tonnes
from tools import version_plan

FULL = 0.98
"""The share of a hub's throughput or a region's driver-hours that counts as its limit."""


def _rows(body: dict[str, Any], kind: str) -> dict[tuple[str, int], tuple[float, float]]:
    return {
        (u["entity_id"], u["day"]): (u["used"], u["limit"])
        for u in body["at_limit"]
        if u["kind"] == kind
    }


def test_limits_list_what_the_stored_plan_uses_up(crew: Crew) -> None:
    """The lanes listed are exactly those whose planned departures reach their daily limit,
    the hubs those handling their throughput, the regions those using their driver-hours,
    each with the plan's own figures; a viewer may read it and nothing new is created."""
    scenario_id, base = paris_tripled(crew)
    net, plan = version_plan(crew.db, crew.refs["ann"], scenario_id, 2)
    assert plan is not None
    assert crew.post("ann", f"/api/v1/scenarios/{scenario_id}/share").status_code == 200
    r = crew.get("vic", f"{base}/limits")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["scenario_name"], body["n"]) == ("paris-x3", 2)

    label_of = {
        f"{net.hub_by_id[ln.origin].name}→{net.hub_by_id[ln.destination].name}": ln.id
        for ln in net.lanes
    }
    lanes = {
        (label_of[label], day): (float(used), float(limit))
        for label, days in _full_lanes(net, plan).items()
        for day, (used, limit) in days.items()
    }
    assert lanes, "tripled freight out of Paris should fill a lane"
    assert _rows(body, "lane") == lanes

    tonnes = _hub_tonnes(net, plan)
    hubs = {
        (h.id, day)
        for h in net.hubs
        for day in range(net.calendar.days)
        if h.is_open_on(day)
        and h.capacity_t_per_day > 0
        and tonnes[(h.id, day)] >= FULL * h.capacity_t_per_day
    }
    hub_rows = _rows(body, "hub")
    assert set(hub_rows) == hubs
    for (hub_id, day), (used, limit) in hub_rows.items():
        assert abs(used - tonnes[(hub_id, day)]) < 1e-6
        assert limit == net.hub_by_id[hub_id].capacity_t_per_day

    hours = _driver_hours(net, plan)
    pools = {(p.region, p.day): p.drivers * p.hours_per_driver for p in net.drivers}
    regions = {k for k, avail in pools.items() if avail > 0 and hours[k] >= FULL * avail}
    assert set(_rows(body, "drivers")) == regions
    assert len(crew.get("ann", "/api/v1/scenarios").json()) == 2  # live and paris-x3 only


def test_limits_narrow_to_kinds_days_and_hubs(crew: Crew) -> None:
    """Kinds, days and hubs narrow the list to what touches them, and the text says so."""
    _, base = paris_tripled(crew)
    every = crew.get("ann", f"{base}/limits").json()["at_limit"]
    lane_days = {u["day"] for u in every if u["kind"] == "lane"}
    day = min(lane_days)
    r = crew.get("ann", f"{base}/limits", params={"kinds": ["lane"], "days": [day]})
    body = r.json()
    expected = [u for u in every if u["kind"] == "lane" and u["day"] == day]
    assert sorted(body["at_limit"], key=str) == sorted(expected, key=str)
    assert "(lanes, on " in body["text"]
    r = crew.get("ann", f"{base}/limits", params={"hubs": ["PAR"], "kinds": ["lane"]})
    assert r.status_code == 200 and r.json()["at_limit"]
    assert all("PAR" in u["entity_id"].split("-") for u in r.json()["at_limit"])


def test_unsolved_unknown_and_out_of_range_are_refused_in_words(crew: Crew) -> None:
    """An unsolved version says to solve it first (400); an unknown hub or region and a day
    past the plan's week are refused in words (400), a day past any week or an unknown kind
    as invalid (422), a missing token (401) and a missing version (404)."""
    r = crew.get("vic", "/api/v1/scenarios/live/versions/1/limits")
    assert r.status_code == 400 and "not solved" in r.json()["detail"]
    _solved(crew, "live", 1)
    base = "/api/v1/scenarios/live/versions/1/limits"
    r = crew.get("vic", base, params={"hubs": ["XXX"]})
    assert r.status_code == 400 and "no hub with id “XXX”" in r.json()["detail"]
    r = crew.get("vic", base, params={"regions": ["atlantis"]})
    assert r.status_code == 400 and "no region called “atlantis”" in r.json()["detail"]
    r = crew.get("vic", base, params={"days": [20]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "days[0]"
    r = crew.get("vic", base, params={"days": [9]})  # a valid index, past this 7-day week
    assert r.status_code == 400 and "outside the plan's week" in r.json()["detail"]
    r = crew.get("vic", base, params={"kinds": ["trucks"]})
    assert r.status_code == 422
    assert crew.client.get(base).status_code == 401
    assert crew.get("vic", "/api/v1/scenarios/live/versions/9/limits").status_code == 404


def test_limits_are_documented(crew: Crew) -> None:
    """The OpenAPI document describes the route, its filters and its problem responses."""
    doc = crew.client.get("/api/v1/openapi.json").json()
    op = doc["paths"]["/api/v1/scenarios/{scenario}/versions/{n}/limits"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"kinds", "days", "hubs", "regions"}
    assert {"200", "400", "401", "404"} <= set(op["responses"])
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/BindingConstraints")
