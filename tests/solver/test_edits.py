"""Edits: each operation's effect (numbers recomputed from the input), description,
touched entities, and the error it raises when it matches nothing or would break the network."""

from __future__ import annotations

import math
from typing import Any

import pytest

from solver import EditError, Network, parse_network
from solver.edits import (
    AddLane,
    ScaleDemand,
    SetLaneTransit,
    apply_edits,
    edit_json_schema,
    edit_json_schemas,
    parse_edit,
    parse_edits,
    touches_of,
)


def _hub(
    hid: str, name: str, region: str, lat: float, lon: float, cap: float = 500
) -> dict[str, Any]:
    return {
        "id": hid,
        "name": name,
        "region": region,
        "lat": lat,
        "lon": lon,
        "capacity_t_per_day": cap,
        "handling_cost_eur_per_t": 2.0,
    }


def _lane(lid: str, o: str, d: str, km: float, carrier: str = "own") -> dict[str, Any]:
    return {
        "id": lid,
        "origin": o,
        "destination": d,
        "distance_km": km,
        "transit_h": km / 70,
        "cost_eur_per_truck": km * 1.5,
        "cost_eur_per_t": 0.5,
        "truck_capacity_t": 24,
        "max_trucks_per_day": 8,
        "carrier": carrier,
    }


def _demand(did: str, o: str, d: str, day: int, vol: float, cust: str = "Acme") -> dict[str, Any]:
    return {
        "id": did,
        "origin": o,
        "destination": d,
        "release_day": day,
        "volume_t": vol,
        "due_h": 36,
        "customer": cust,
        "penalty_late_eur_per_t": 10,
        "penalty_unserved_eur_per_t": 100,
    }


@pytest.fixture
def net() -> Network:
    """Four hubs in three regions, six lanes (one contract), nine demands, fleet, drivers."""
    return parse_network(
        {
            "name": "tiny",
            "hubs": [
                _hub("LIL", "Lille", "north", 50.63, 3.06),
                _hub("PAR", "Paris", "north", 48.86, 2.35, cap=900),
                _hub("LYS", "Lyon", "south", 45.76, 4.84),
                _hub("STR", "Strasbourg", "east", 48.57, 7.75),
            ],
            "lanes": [
                _lane("LIL-PAR", "LIL", "PAR", 225),
                _lane("PAR-LIL", "PAR", "LIL", 225),
                _lane("PAR-LYS", "PAR", "LYS", 465),
                _lane("LYS-PAR", "LYS", "PAR", 465),
                _lane("PAR-STR", "PAR", "STR", 490, carrier="contract"),
                _lane("STR-LYS", "STR", "LYS", 490),
            ],
            "demands": [
                _demand("D1", "LIL", "LYS", 0, 40),
                _demand("D2", "LIL", "LYS", 5, 10),
                _demand("D3", "PAR", "LYS", 1, 60, cust="Bolt"),
                _demand("D4", "PAR", "STR", 2, 30, cust="Bolt"),
                _demand("D5", "LYS", "PAR", 0, 25),
                _demand("D6", "LYS", "LIL", 3, 15, cust="Cargo"),
                _demand("D7", "STR", "LYS", 4, 20),
                _demand("D8", "STR", "PAR", 6, 12, cust="Cargo"),
                _demand("D9", "PAR", "LIL", 6, 0, cust="Bolt"),
            ],
            "fleet": [{"hub": "PAR", "trailers": 20}, {"hub": "LYS", "trailers": 10}],
            "drivers": [
                {"region": r, "day": d, "drivers": 10} for r in ("north", "south") for d in range(7)
            ],
        }
    )


def _vol(net: Network) -> dict[str, float]:
    return {d.id: d.volume_t for d in net.demands}


def _region(net: Network, hub: str) -> str:
    return net.hub_by_id[hub].region


# ------------------------------------------------------------------ scale_demand


def test_scale_north_origin_by_20_percent(net: Network) -> None:
    """Scaling north-origin demand x1.2 multiplies exactly those tonnes and leaves the rest."""
    edit = parse_edit({"op": "scale_demand", "origin_regions": "North", "factor": 1.2})
    out = edit.apply(net)
    north = [d for d in net.demands if _region(net, d.origin) == "north"]
    expected = math.fsum(d.volume_t for d in north) * 1.2
    got = math.fsum(d.volume_t for d in out.demands if _region(out, d.origin) == "north")
    assert got == pytest.approx(expected)
    before, after = _vol(net), _vol(out)
    for d in net.demands:
        if _region(net, d.origin) != "north":
            assert after[d.id] == before[d.id]
    assert edit.touches(net) == frozenset(f"demand:{d.id}" for d in north)
    assert edit.describe(net) == "Scale demand out of the north region by +20%"
    assert _vol(net)["D1"] == 40  # the input is untouched


def test_scale_by_tonnes_on_a_lane_spreads_in_proportion(net: Network) -> None:
    """+30 t on Lille→Lyon adds 30 t in total, split 40:10 over the two demands."""
    edit = parse_edit({"op": "scale_demand", "lanes": ["Lille→Lyon"], "delta_t": 30})
    after = _vol(edit.apply(net))
    assert after["D1"] == pytest.approx(40 + 30 * 40 / 50)
    assert after["D2"] == pytest.approx(10 + 30 * 10 / 50)
    assert "on Lille→Lyon by +30 t" in edit.describe(net)


def test_scale_with_days_and_customer_filters(net: Network) -> None:
    """Day and customer filters combine: only Bolt's Mon–Fri demands halve."""
    edit = parse_edit(
        {"op": "scale_demand", "customers": ["bolt"], "days": "Mon-Fri", "factor": 0.5}
    )
    after = _vol(edit.apply(net))
    assert after["D3"] == 30 and after["D4"] == 15
    assert after["D9"] == 0 and after["D1"] == 40  # Sunday, other customer
    assert edit.describe(net).endswith("(Mon–Fri)")


def test_scale_demand_errors(net: Network) -> None:
    """Unknown regions list the known ones; empty selections and over-cuts are refused."""
    with pytest.raises(EditError, match=r"no origin region 'nort' — regions are: east, north"):
        parse_edit({"op": "scale_demand", "origin_regions": "nort", "factor": 1.2}).apply(net)
    with pytest.raises(EditError, match="no demand matches"):
        parse_edit(
            {"op": "scale_demand", "origin_hubs": "Lille", "days": "Sun", "factor": 2}
        ).apply(net)
    with pytest.raises(EditError, match="carry only 50 t"):
        parse_edit({"op": "scale_demand", "origin_hubs": "LIL", "delta_t": -60}).apply(net)
    with pytest.raises(EditError, match="did you mean 'Lyon'"):
        parse_edit({"op": "scale_demand", "hubs": "Lyonn", "factor": 2}).apply(net)
    with pytest.raises(EditError, match="exactly one of factor, delta_t"):
        parse_edit({"op": "scale_demand", "factor": 2, "delta_t": 3})
    with pytest.raises(EditError, match="no customer 'Acmee'"):
        parse_edit({"op": "scale_demand", "customers": "Acmee", "factor": 2}).apply(net)


# ----------------------------------------------------------- add / remove demand


def test_add_demand_per_day_with_defaults_from_the_same_pair(net: Network) -> None:
    """Adding 5 t/day Mon–Wed Lille→Lyon creates three demands that copy the pair's terms."""
    edit = parse_edit(
        {
            "op": "add_demand",
            "origin": "lille",
            "destination": "LYS",
            "volume_t": 5,
            "days": "Mon-Wed",
        }
    )
    out = edit.apply(net)
    new = [d for d in out.demands if d.id not in net.demand_by_id]
    assert sorted(d.release_day for d in new) == [0, 1, 2]
    assert all(d.volume_t == 5 and d.due_h == 36 and d.origin == "LIL" for d in new)
    assert edit.touches(net) == frozenset(f"demand:{d.id}" for d in new)
    assert edit.describe(net) == "Add 5 t/day of demand from Lille to Lyon (Mon–Wed)"
    assert edit.apply(net) == out  # deterministic ids
    with pytest.raises(EditError, match="already exist"):
        edit.apply(out)


def test_add_demand_errors(net: Network) -> None:
    """Same origin and destination, unknown hubs, and days beyond the horizon are refused."""
    with pytest.raises(EditError, match="same hub"):
        parse_edit(
            {"op": "add_demand", "origin": "PAR", "destination": "paris", "volume_t": 1}
        ).apply(net)
    with pytest.raises(EditError, match="no hub 'Nice'"):
        parse_edit(
            {"op": "add_demand", "origin": "Nice", "destination": "PAR", "volume_t": 1}
        ).apply(net)
    with pytest.raises(EditError, match="outside the 7-day horizon"):
        parse_edit(
            {"op": "add_demand", "origin": "LIL", "destination": "PAR", "volume_t": 1, "days": [9]}
        ).apply(net)


def test_remove_demand(net: Network) -> None:
    """Removing Cargo's demands drops exactly D6 and D8; an empty filter is refused."""
    edit = parse_edit({"op": "remove_demand", "customers": "Cargo"})
    out = edit.apply(net)
    assert set(net.demand_by_id) - set(out.demand_by_id) == {"D6", "D8"}
    assert edit.describe(net) == "Remove 2 demands (27 t) for Cargo"
    assert edit.touches(net) == {"demand:D6", "demand:D8"}
    with pytest.raises(EditError, match="say which demands"):
        parse_edit({"op": "remove_demand"})
    with pytest.raises(EditError, match="no demand 'D99'"):
        parse_edit({"op": "remove_demand", "demand_ids": "D99"}).apply(net)


# --------------------------------------------------------------------------- hubs


def test_close_and_reopen_hub(net: Network) -> None:
    """Closing Lyon at the weekend sets closed days; reopening Saturday leaves Sunday."""
    close = parse_edit({"op": "close_hub", "hubs": "Lyon", "days": "weekend"})
    out = close.apply(net)
    assert out.hub_by_id["LYS"].closed_days == (5, 6)
    assert close.describe(net) == "Close Lyon on Sat, Sun"
    assert close.touches(net) == {"hub:LYS"}
    with pytest.raises(EditError, match="already closed"):
        close.apply(out)
    reopen = parse_edit({"op": "reopen_hub", "hubs": "LYS", "days": ["Sat"]})
    assert reopen.apply(out).hub_by_id["LYS"].closed_days == (6,)
    full = parse_edit({"op": "close_hub", "hubs": "Lyon"}).apply(net)
    assert not full.hub_by_id["LYS"].open
    with pytest.raises(EditError, match="already closed"):
        close.apply(full)
    reopened = parse_edit({"op": "reopen_hub", "hubs": "Lyon", "days": "Mon"}).apply(full)
    assert reopened.hub_by_id["LYS"].is_open_on(0) and not reopened.hub_by_id["LYS"].is_open_on(1)
    with pytest.raises(EditError, match="already open"):
        parse_edit({"op": "reopen_hub", "hubs": "Lyon"}).apply(net)


def test_set_hub_capacity(net: Network) -> None:
    """Absolute capacity on one hub; a factor on a region multiplies each hub's capacity."""
    edit = parse_edit({"op": "set_hub_capacity", "hubs": "Paris", "capacity_t_per_day": 1200})
    assert edit.apply(net).hub_by_id["PAR"].capacity_t_per_day == 1200
    assert edit.describe(net) == "Set capacity of Paris to 1,200 t/day (was 900)"
    scaled = parse_edit({"op": "set_hub_capacity", "regions": "north", "factor": 0.9}).apply(net)
    assert scaled.hub_by_id["PAR"].capacity_t_per_day == pytest.approx(810)
    assert scaled.hub_by_id["LIL"].capacity_t_per_day == pytest.approx(450)
    assert scaled.hub_by_id["LYS"].capacity_t_per_day == 500
    with pytest.raises(EditError, match="capacity_t_per_day"):
        parse_edit({"op": "set_hub_capacity", "hubs": "Paris", "capacity_t_per_day": -1})
    with pytest.raises(EditError, match="no hub matches"):
        parse_edit(
            {"op": "set_hub_capacity", "regions": "east", "kinds": ["depot"], "factor": 2}
        ).apply(net)


# -------------------------------------------------------------------------- lanes


def test_close_reopen_and_add_lane(net: Network) -> None:
    """A lane named by hub names closes; adding the reverse of a lane copies its figures."""
    close = parse_edit({"op": "close_lane", "lanes": "Paris -> Lyon"})
    out = close.apply(net)
    assert not out.lane_by_id["PAR-LYS"].active
    assert close.describe(net) == "Close lane Paris→Lyon"
    assert close.touches(net) == {"lane:PAR-LYS"}
    assert (
        parse_edit({"op": "reopen_lane", "lanes": "PAR-LYS"})
        .apply(out)
        .lane_by_id["PAR-LYS"]
        .active
    )
    with pytest.raises(EditError, match="already closed"):
        close.apply(out)
    with pytest.raises(EditError, match="lane Paris→Lyon already open"):
        parse_edit({"op": "reopen_lane", "lanes": "PAR-LYS"}).apply(net)
    add = parse_edit({"op": "add_lane", "origin": "Lyon", "destination": "Strasbourg"})
    added = add.apply(net).lane_by_id["LYS-STR"]
    reverse = net.lane_by_id["STR-LYS"]
    assert (added.distance_km, added.cost_eur_per_truck) == (
        reverse.distance_km,
        reverse.cost_eur_per_truck,
    )
    assert add.touches(net) == {"lane:LYS-STR"}
    with pytest.raises(EditError, match="already exists"):
        parse_edit({"op": "add_lane", "origin": "LIL", "destination": "PAR"}).apply(net)
    with pytest.raises(EditError, match="no lane from Lille to Strasbourg"):
        parse_edit({"op": "close_lane", "lanes": "Lille→Strasbourg"}).apply(net)


def test_add_lane_without_reverse_uses_network_medians(net: Network) -> None:
    """Without a reverse lane, distance is great-circle x circuity and rates the median per km."""
    edit = AddLane(origin="LIL", destination="STR")
    lane = edit.apply(net).lane_by_id["LIL-STR"]
    lil, stra = net.hub_by_id["LIL"], net.hub_by_id["STR"]
    p1, p2 = math.radians(lil.lat), math.radians(stra.lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(stra.lon - lil.lon) / 2) ** 2
    )
    km = 2 * 6371.0088 * math.asin(math.sqrt(h)) * 1.25
    assert lane.distance_km == pytest.approx(km, abs=0.1)
    assert lane.cost_eur_per_truck == pytest.approx(lane.distance_km * 1.5, rel=1e-3)
    assert lane.transit_h == pytest.approx(lane.distance_km / 70, rel=1e-3)


def test_lane_capacity_and_rates(net: Network) -> None:
    """Lane capacity is set on the selection; contract rates scale and own rates do not."""
    cap = parse_edit({"op": "set_lane_capacity", "origin_hubs": "Paris", "max_trucks_per_day": 3})
    out = cap.apply(net)
    assert {ln.id for ln in out.lanes if ln.max_trucks_per_day == 3} == {
        "PAR-LIL",
        "PAR-LYS",
        "PAR-STR",
    }
    assert cap.touches(net) == {"lane:PAR-LIL", "lane:PAR-LYS", "lane:PAR-STR"}
    rates = parse_edit({"op": "scale_lane_rates", "carrier": "contract", "factor": 1.1})
    after = rates.apply(net)
    assert after.lane_by_id["PAR-STR"].cost_eur_per_truck == pytest.approx(490 * 1.5 * 1.1)
    assert (
        after.lane_by_id["PAR-LYS"].cost_eur_per_truck
        == net.lane_by_id["PAR-LYS"].cost_eur_per_truck
    )
    assert rates.describe(net) == "Scale rates of the contract lanes by +10%"
    with pytest.raises(EditError, match="no lane matches"):
        parse_edit(
            {
                "op": "scale_lane_rates",
                "carrier": "contract",
                "origin_regions": "south",
                "factor": 2,
            }
        ).apply(net)
    with pytest.raises(EditError, match="max_trucks_per_day, trucks_delta and/or truck_capacity_t"):
        parse_edit({"op": "set_lane_capacity", "lanes": "PAR-LYS"})


def test_lane_trucks_by_a_factor(net: Network) -> None:
    """'half the departures': trucks per day scale by a factor, rounded half up."""
    before = net.lane_by_id["PAR-LYS"].max_trucks_per_day
    half = parse_edit({"op": "set_lane_capacity", "lanes": "PAR-LYS", "factor": 0.5})
    assert half.apply(net).lane_by_id["PAR-LYS"].max_trucks_per_day == math.floor(
        before * 0.5 + 0.5
    )
    assert half.describe(net).startswith("Scale trucks/day of ")
    with pytest.raises(ValueError, match="one of max_trucks_per_day, trucks_delta or factor"):
        parse_edit(
            {"op": "set_lane_capacity", "lanes": "PAR-LYS", "factor": 0.5, "trucks_delta": 1}
        )


def test_service_promises(net: Network) -> None:
    """Due hours are set ('next-day') or relaxed ('by a day') on the selected demands only."""
    nextday = parse_edit({"op": "set_due_hours", "due_h": 24})
    assert {d.due_h for d in nextday.apply(net).demands} == {24.0}
    assert nextday.describe(net) == "Promise all demand within 24 h"
    relax = parse_edit({"op": "set_due_hours", "origin_hubs": ["PAR"], "delta_h": 24})
    after = relax.apply(net)
    for old, new in zip(net.demands, after.demands, strict=True):
        assert new.due_h == (old.due_h + 24 if old.origin == "PAR" else old.due_h)
    assert relax.touches(net) == {f"demand:{d.id}" for d in net.demands if d.origin == "PAR"}
    with pytest.raises(EditError, match="no time at all"):
        parse_edit({"op": "set_due_hours", "delta_h": -10_000}).apply(net)
    with pytest.raises(ValueError, match="exactly one of due_h, delta_h"):
        parse_edit({"op": "set_due_hours", "due_h": 24, "delta_h": 1})


# ---------------------------------------------------------------- drivers, fleet


def test_set_drivers(net: Network) -> None:
    """Absolute drivers on weekdays; a factor rounds per day; unknown regions are named."""
    edit = parse_edit({"op": "set_drivers", "region": "North", "days": "Mon-Fri", "drivers": 6})
    out = edit.apply(net)
    by = {(p.region, p.day): p.drivers for p in out.drivers}
    assert [by[("north", d)] for d in range(7)] == [6, 6, 6, 6, 6, 10, 10]
    assert by[("south", 0)] == 10
    assert edit.touches(net) == frozenset(f"region:north/drivers/{d}" for d in range(5))
    assert edit.describe(net) == "Set drivers in the north region to 6 per day (Mon–Fri)"
    scaled = parse_edit({"op": "set_drivers", "region": "south", "factor": 0.75}).apply(net)
    assert {p.drivers for p in scaled.drivers if p.region == "south"} == {8}  # 7.5 rounds up
    halved = parse_edit({"op": "set_drivers", "region": "south", "factor": 0.25}).apply(net)
    assert {p.drivers for p in halved.drivers if p.region == "south"} == {3}  # 2.5 rounds up
    created = parse_edit({"op": "set_drivers", "region": "east", "drivers": 4}).apply(net)
    assert sum(p.drivers for p in created.drivers if p.region == "east") == 28
    with pytest.raises(EditError, match="no region 'west' — regions are: east, north, south"):
        parse_edit({"op": "set_drivers", "region": "west", "drivers": 1}).apply(net)
    with pytest.raises(EditError, match="no driver pools in the east region"):
        parse_edit({"op": "set_drivers", "region": "east", "factor": 2}).apply(net)


def test_fleet_moves_and_size(net: Network) -> None:
    """Moving trailers keeps the total; too many is refused; an unchanged size is an error."""
    move = parse_edit({"op": "move_trailers", "from_hub": "Paris", "to_hub": "Lille", "count": 5})
    out = move.apply(net)
    pools = {p.hub: p.trailers for p in out.fleet}
    assert pools == {"PAR": 15, "LIL": 5, "LYS": 10}
    assert move.touches(net) == {"fleet:PAR", "fleet:LIL"}
    assert move.describe(net) == "Move 5 trailers from Paris to Lille"
    with pytest.raises(EditError, match="Lyon has 10 trailer"):
        parse_edit({"op": "move_trailers", "from_hub": "LYS", "to_hub": "PAR", "count": 11}).apply(
            net
        )
    size = parse_edit({"op": "set_fleet_size", "hub": "Lyon", "trailers": 14})
    assert {p.hub: p.trailers for p in size.apply(net).fleet}["LYS"] == 14
    assert size.describe(net) == "Set the fleet at Lyon to 14 trailers (was 10)"
    with pytest.raises(EditError, match="already has 10 trailers"):
        parse_edit({"op": "set_fleet_size", "hub": "Lyon", "trailers": 10}).apply(net)


def test_service_policy(net: Network) -> None:
    """Service target and lateness change; an out-of-range target is refused at parse time."""
    edit = parse_edit({"op": "set_service_policy", "service_target": 0.95, "max_late_h": 12})
    out = edit.apply(net)
    assert (out.policy.service_target, out.policy.max_late_h) == (0.95, 12)
    assert edit.describe(net) == "Set the service target to 95% and max lateness to 12 h"
    assert edit.touches(net) == {"policy"}
    with pytest.raises(EditError, match="service_target"):
        parse_edit({"op": "set_service_policy", "service_target": 1.5})
    with pytest.raises(EditError, match="already as asked"):
        parse_edit({"op": "set_service_policy", "max_late_h": 24}).apply(net)


def test_service_target_change(net: Network) -> None:
    """A change in points moves the network's own target; no target or beyond 100% is refused."""
    with_target = parse_edit({"op": "set_service_policy", "service_target": 0.9}).apply(net)
    up = parse_edit({"op": "set_service_policy", "service_target_change": 0.02})
    assert up.apply(with_target).policy.service_target == pytest.approx(0.92)
    assert up.describe(with_target) == "Raise the service target by 2 points (to 92%)"
    down = parse_edit({"op": "set_service_policy", "service_target_change": -0.05})
    assert down.apply(with_target).policy.service_target == pytest.approx(0.85)
    assert net.policy.service_target is None
    with pytest.raises(EditError, match="no service target to raise or lower"):
        up.apply(net)
    with pytest.raises(EditError, match="outside 0-100%"):
        parse_edit({"op": "set_service_policy", "service_target_change": 0.2}).apply(with_target)
    with pytest.raises(EditError, match="one of service_target"):
        parse_edit(
            {"op": "set_service_policy", "service_target": 0.9, "service_target_change": 0.1}
        )


# ----------------------------------------------------------------- composition


def test_apply_edits_in_order_and_name_the_failing_edit(net: Network) -> None:
    """A sequence applies in order; a failure names the edit's position and description."""
    edits = parse_edits(
        [
            {"op": "remove_demand", "origin_hubs": "LIL"},
            {"op": "scale_demand", "origin_regions": "north", "factor": 2},
        ]
    )
    out = apply_edits(net, edits)
    north_non_lil = [
        d for d in net.demands if _region(net, d.origin) == "north" and d.origin != "LIL"
    ]
    got = math.fsum(d.volume_t for d in out.demands)
    rest = math.fsum(d.volume_t for d in net.demands if _region(net, d.origin) != "north")
    assert got == pytest.approx(rest + 2 * math.fsum(d.volume_t for d in north_non_lil))
    assert touches_of(net, edits) >= {"demand:D1", "demand:D3"}
    bad = parse_edits([edits[0], edits[0]])
    with pytest.raises(EditError, match=r"edit 2 \(Remove demand from Lille\): no demand matches"):
        apply_edits(net, bad)


def test_edit_json_schema_covers_every_op() -> None:
    """The union schema is keyed by op and lists every edit; each op has its own schema."""
    schema = edit_json_schema()
    assert schema["discriminator"]["propertyName"] == "op"
    ops = set(schema["discriminator"]["mapping"])
    assert ops == set(edit_json_schemas())
    assert len(ops) == 19
    days = edit_json_schemas()["close_hub"]["properties"]["days"]
    assert any(alt.get("type") == "string" for alt in days["anyOf"])


def test_stored_form_round_trips(net: Network) -> None:
    """An edit dumped to JSON and parsed back applies to the same network."""
    edit = ScaleDemand(origin_regions=("north",), days=(0, 1), factor=1.5)
    again = parse_edit(edit.model_dump_json())
    assert again == edit
    assert again.apply(net) == edit.apply(net)


def test_relative_capacity_fleet_and_driver_changes(net: Network) -> None:
    """Deltas add to the current value: trucks per day, hub t/day, trailers, drivers."""
    lane = net.lanes[0]
    hub = net.hubs[0]
    out = apply_edits(
        net,
        parse_edits(
            [
                {"op": "set_lane_capacity", "lanes": [lane.id], "trucks_delta": 2},
                {"op": "set_hub_capacity", "hubs": [hub.id], "delta_t_per_day": -50},
            ]
        ),
    )
    assert out.lane_by_id[lane.id].max_trucks_per_day == lane.max_trucks_per_day + 2
    assert out.hub_by_id[hub.id].capacity_t_per_day == pytest.approx(hub.capacity_t_per_day - 50)
    pool = net.fleet[0]
    fleet = apply_edits(
        net, parse_edits([{"op": "set_fleet_size", "hub": pool.hub, "trailers_delta": 5}])
    )
    assert {p.hub: p.trailers for p in fleet.fleet}[pool.hub] == pool.trailers + 5
    with pytest.raises(EditError, match="only"):
        apply_edits(
            net,
            parse_edits(
                [{"op": "set_fleet_size", "hub": pool.hub, "trailers_delta": -pool.trailers - 1}]
            ),
        )
    dp = net.drivers[0]
    drivers = apply_edits(
        net,
        parse_edits(
            [{"op": "set_drivers", "region": dp.region, "days": [dp.day], "drivers_delta": -1}]
        ),
    )
    after = {(p.region, p.day): p.drivers for p in drivers.drivers}
    assert after[(dp.region, dp.day)] == max(0, dp.drivers - 1)


def test_lane_transit_is_set_or_shifted_and_never_left_at_zero(net: Network) -> None:
    """``set_lane_transit`` sets the hours of the chosen lanes or adds to them; it touches
    only those lanes, and taking away more hours than a lane takes is refused by name."""
    lane = net.lanes[0]
    later = apply_edits(net, [SetLaneTransit(lanes=(lane.id,), add_h=1.5)])
    assert later.lane_by_id[lane.id].transit_h == round(lane.transit_h + 1.5, 2)  # to the hundredth
    assert all(later.lane_by_id[ln.id] == ln for ln in net.lanes[1:])
    fixed = apply_edits(net, [SetLaneTransit(lanes=(lane.id,), transit_h=9.0)])
    assert fixed.lane_by_id[lane.id].transit_h == 9.0
    edit = SetLaneTransit(lanes=(lane.id,), add_h=-lane.transit_h)
    with pytest.raises(EditError, match=r"add_h: lane .* would leave no transit time"):
        apply_edits(net, [edit])
    assert touches_of(net, [edit]) == {f"lane:{lane.id}"}
    assert SetLaneTransit(lanes=(lane.id,), add_h=0.5).describe(net).startswith("Add 0.5 h to")
    with pytest.raises(ValueError, match="exactly one of transit_h, add_h"):
        SetLaneTransit(lanes=(lane.id,))
