"""What a solved version's plan runs on a lane, over HTTP: GET …/versions/{n}/traffic.

The expected departures, tonnes and fill are recomputed from the stored plan (its lane
buckets) and the network's lanes, not from the evaluation the route reads.
"""

from __future__ import annotations

from collections import defaultdict

from solver import Network, Plan
from tests.assistant.api.conftest import Crew
from tests.assistant.api.test_insights import _solved, paris_tripled
from tools import version_plan


def plan_by_day(net: Network, plan: Plan, lane_id: str) -> dict[int, tuple[int, int, float]]:
    """Day → (loaded trucks, empty trailers, tonnes) the plan dispatches on one lane."""
    out: dict[int, tuple[int, int, float]] = defaultdict(lambda: (0, 0, 0.0))
    for lb in plan.lane_buckets:
        if lb.lane_id == lane_id:
            trucks, empty, tonnes = out[net.calendar.day_of(lb.bucket)]
            out[net.calendar.day_of(lb.bucket)] = (
                trucks + lb.trucks,
                empty + lb.empty_trailers,
                tonnes + lb.loaded_t,
            )
    return out


def test_traffic_gives_the_plans_departures_tonnes_and_fill_per_day(crew: Crew) -> None:
    """Each day of the Paris→Lyon lane carries the plan's own loaded and empty departures,
    tonnes, fill and the lane's daily limit; a viewer may read it and nothing is created."""
    scenario_id, base = paris_tripled(crew)
    net, plan = version_plan(crew.db, crew.refs["ann"], scenario_id, 2)
    assert plan is not None
    assert crew.post("ann", f"/api/v1/scenarios/{scenario_id}/share").status_code == 200
    r = crew.get("vic", f"{base}/traffic", params={"origin": "PAR", "destination": "LYS"})
    assert r.status_code == 200, r.text
    body = r.json()
    lane = net.lane_by_id["PAR-LYS"]
    expected = plan_by_day(net, plan, "PAR-LYS")
    assert sum(t for t, _, _ in expected.values()) > 0, "tripled Paris freight should run"
    assert body["lane_ids"] == ["PAR-LYS"] and body["via"] == []
    assert [row["day"] for row in body["days"]] == list(range(net.calendar.days))
    for row in body["days"]:
        trucks, empty, tonnes = expected[row["day"]]
        assert (row["loaded_trucks"], row["empty_trailers"]) == (trucks, empty)
        assert abs(row["tonnes"] - tonnes) < 1e-6
        fill = tonnes / (trucks * lane.truck_capacity_t) if trucks else 0.0
        assert abs(row["fill"] - fill) < 1e-9
        assert row["max_trucks_per_day"] == lane.max_trucks_per_day
    assert "Paris→Lyon" in body["text"] and f"of {lane.max_trucks_per_day} allowed" in body["text"]
    assert len(crew.get("ann", "/api/v1/scenarios").json()) == 2  # live and paris-x3 only


def test_days_narrow_and_hubs_without_a_lane_name_their_connections(crew: Crew) -> None:
    """Days narrow the answer to those days; between Lille and Lyon, which no lane joins, the
    answer says so and names Paris, one lane from each."""
    _, base = paris_tripled(crew)
    r = crew.get(
        "ann", f"{base}/traffic", params={"origin": "PAR", "destination": "LYS", "days": [1, 3]}
    )
    assert [row["day_name"] for row in r.json()["days"]] == ["Tuesday", "Thursday"]
    assert "on Tuesday, Thursday" in r.json()["text"]
    r = crew.get("ann", f"{base}/traffic", params={"origin": "LIL", "destination": "LYS"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["lane_ids"], body["days"], body["via"]) == ([], [], ["PAR"])
    assert "no direct lane Lille→Lyon" in body["text"] and "Paris (PAR)" in body["text"]


def test_both_ways_reads_the_lane_back_too(crew: Crew) -> None:
    """With ``both_ways`` ('between Paris and Lyon') the answer holds Paris→Lyon and
    Lyon→Paris, each day of each with the plan's own departures; between Strasbourg and
    Lyon, joined one way only, it reads that lane and says there is none back."""
    scenario_id, base = paris_tripled(crew)
    net, plan = version_plan(crew.db, crew.refs["ann"], scenario_id, 2)
    assert plan is not None
    ends = {"origin": "PAR", "destination": "LYS", "both_ways": True}
    body = crew.get("ann", f"{base}/traffic", params=ends).json()
    assert body["both_ways"] is True
    assert body["lane_ids"] == ["PAR-LYS", "LYS-PAR"]
    for lane_id in body["lane_ids"]:
        expected = plan_by_day(net, plan, lane_id)
        rows = [row for row in body["days"] if row["lane_id"] == lane_id]
        assert [row["day"] for row in rows] == list(range(net.calendar.days))
        assert [row["loaded_trucks"] for row in rows] == [expected[d][0] for d in range(7)]
    assert "between Paris and Lyon (both directions)" in body["text"]
    assert "Lane PAR-LYS" in body["text"] and "Lane LYS-PAR" in body["text"]
    one_way = {"origin": "STR", "destination": "LYS", "both_ways": True}
    body = crew.get("ann", f"{base}/traffic", params=one_way).json()
    assert body["lane_ids"] == ["STR-LYS"]
    assert "No direct lane Lyon→Strasbourg." in body["text"]
    body = crew.get("ann", f"{base}/traffic", params={"origin": "PAR", "destination": "LYS"})
    assert body.json()["lane_ids"] == ["PAR-LYS"] and body.json()["both_ways"] is False


def test_unknown_lanes_and_unsolved_versions_are_refused_in_words(crew: Crew) -> None:
    """An unsolved version says to solve it first (400); an unknown hub, a lane from a hub to
    itself and a day past the plan's week are refused in words (400); a missing end is
    invalid (422), a missing token 401 and a missing version 404."""
    base = "/api/v1/scenarios/live/versions/1/traffic"
    ends = {"origin": "PAR", "destination": "LYS"}
    r = crew.get("vic", base, params=ends)
    assert r.status_code == 400 and "not solved" in r.json()["detail"]
    _solved(crew, "live", 1)
    r = crew.get("vic", base, params={"origin": "PAR", "destination": "XXX"})
    assert r.status_code == 400 and "no hub with id “XXX”" in r.json()["detail"]
    r = crew.get("vic", base, params={"origin": "PAR", "destination": "PAR"})
    assert r.status_code == 400 and "two different hubs" in r.json()["detail"]
    r = crew.get("vic", base, params={**ends, "days": [9]})
    assert r.status_code == 400 and "outside the plan's week" in r.json()["detail"]
    r = crew.get("vic", base, params={"origin": "PAR"})
    assert r.status_code == 422
    assert crew.client.get(base, params=ends).status_code == 401
    missing = "/api/v1/scenarios/live/versions/9/traffic"
    assert crew.get("vic", missing, params=ends).status_code == 404


def test_traffic_is_documented(crew: Crew) -> None:
    """The OpenAPI document describes the route, its parameters and its problem responses."""
    doc = crew.client.get("/api/v1/openapi.json").json()
    op = doc["paths"]["/api/v1/scenarios/{scenario}/versions/{n}/traffic"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"origin", "destination", "days", "both_ways"}
    assert {"200", "400", "401", "404"} <= set(op["responses"])
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/LaneTraffic")


def test_fill_gives_each_lanes_empty_trailers_and_truck_room(crew: Crew) -> None:
    """GET …/fill lists every lane the plan dispatches on with its loaded trucks, tonnes,
    truck room and empty trailers, recomputed from the stored plan; a day narrows it; a day
    outside the week is a 422 naming the field."""
    scenario_id, base = paris_tripled(crew)
    net, plan = version_plan(crew.db, crew.refs["ann"], scenario_id, 2)
    assert plan is not None
    r = crew.get("ann", f"{base}/fill")
    assert r.status_code == 200, r.text
    body = r.json()
    expected: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for lb in plan.lane_buckets:
        row = expected[lb.lane_id]
        row[0] += lb.trucks
        row[1] += lb.loaded_t
        row[2] += lb.trucks * net.lane_by_id[lb.lane_id].truck_capacity_t
        row[3] += lb.empty_trailers
    shown = {row["lane_id"]: row for row in body["lanes"]}
    assert set(shown) == {k for k, v in expected.items() if v[0] or v[3]}
    for lane_id, (trucks, loaded, room, empty) in expected.items():
        if lane_id not in shown:
            continue
        row = shown[lane_id]
        assert row["loaded_trucks"] == trucks and row["empty_trailers"] == empty
        assert abs(row["loaded_t"] - loaded) < 1e-6 and abs(row["room_t"] - room) < 1e-6
        assert abs(row["unused_t"] - max(0.0, room - loaded)) < 1e-6
    monday = crew.get("ann", f"{base}/fill", params={"days": [0]}).json()
    assert monday["days"] == [0]
    assert sum(r["loaded_trucks"] for r in monday["lanes"]) == sum(
        lb.trucks for lb in plan.lane_buckets if net.calendar.day_of(lb.bucket) == 0
    )
    bad = crew.get("ann", f"{base}/fill", params={"days": [20]})
    assert bad.status_code == 422 and "days" in bad.text


def test_fill_narrows_to_a_regions_lanes_and_names_an_unknown_region(crew: Crew) -> None:
    """GET …/fill?regions=R keeps the lanes with an end in R; a region the network does not
    have is a 400 naming the field and the regions there are."""
    scenario_id, base = paris_tripled(crew)
    net, _ = version_plan(crew.db, crew.refs["ann"], scenario_id, 2)
    region = net.hub_by_id["PAR"].region
    body = crew.get("ann", f"{base}/fill", params={"regions": [region]}).json()
    assert body["regions"] == [region] and body["lanes"]
    for row in body["lanes"]:
        lane = net.lane_by_id[row["lane_id"]]
        ends = {net.hub_by_id[lane.origin].region, net.hub_by_id[lane.destination].region}
        assert region in ends
    bad = crew.get("ann", f"{base}/fill", params={"regions": ["atlantis"]})
    assert bad.status_code == 400 and "regions" in bad.json()["detail"]
