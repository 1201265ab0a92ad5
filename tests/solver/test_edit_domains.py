"""Every number of an edit or a network is finite and inside its documented domain."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from solver import EditError, parse_network
from solver.domains import MAX_COUNT, MAX_FACTOR, MAX_TONNES
from solver.edits import apply_edits, parse_edit, parse_edits
from solver.errors import NetworkValidationError


def _net() -> Any:
    return parse_network(
        {
            "name": "t",
            "hubs": [
                {
                    "id": hub,
                    "name": name,
                    "region": region,
                    "lat": 50,
                    "lon": 3,
                    "capacity_t_per_day": 100,
                    "handling_cost_eur_per_t": 2,
                }
                for hub, name, region in (("A", "Alpha", "north"), ("B", "Beta", "south"))
            ],
            "lanes": [
                {
                    "id": "A-B",
                    "origin": "A",
                    "destination": "B",
                    "distance_km": 100,
                    "transit_h": 2,
                    "cost_eur_per_truck": 300,
                    "truck_capacity_t": 20,
                    "max_trucks_per_day": 5,
                }
            ],
            "demands": [
                {
                    "id": "D1",
                    "origin": "A",
                    "destination": "B",
                    "release_day": 0,
                    "volume_t": 10,
                    "due_h": 24,
                    "penalty_late_eur_per_t": 5,
                    "penalty_unserved_eur_per_t": 50,
                }
            ],
            "fleet": [{"hub": "A", "trailers": 4}],
            "drivers": [{"region": "north", "day": 0, "drivers": 3}],
        }
    )


# (edit, the field the error must name): one per numeric field of every edit kind
BAD_NUMBERS: list[tuple[dict[str, Any], str]] = [
    ({"op": "scale_demand", "origin_regions": ["north"], "delta_t": math.nan}, "delta_t"),
    ({"op": "scale_demand", "origin_regions": ["north"], "delta_t": math.inf}, "delta_t"),
    ({"op": "scale_demand", "origin_regions": ["north"], "factor": 1e308}, "factor"),
    ({"op": "scale_demand", "origin_regions": ["north"], "factor": -math.inf}, "factor"),
    ({"op": "add_demand", "origin": "A", "destination": "B", "volume_t": 1e308}, "volume_t"),
    (
        {"op": "add_demand", "origin": "A", "destination": "B", "volume_t": 1, "due_h": math.inf},
        "due_h",
    ),
    (
        {
            "op": "add_demand",
            "origin": "A",
            "destination": "B",
            "volume_t": 1,
            "penalty_unserved_eur_per_t": 1e308,
        },
        "penalty_unserved_eur_per_t",
    ),
    ({"op": "set_hub_capacity", "hubs": ["A"], "factor": 1e308}, "factor"),
    ({"op": "set_hub_capacity", "hubs": ["A"], "capacity_t_per_day": math.nan}, "capacity"),
    ({"op": "set_hub_capacity", "hubs": ["A"], "delta_t_per_day": -math.inf}, "delta_t_per_day"),
    ({"op": "set_lane_capacity", "lanes": ["A-B"], "trucks_delta": 10**30}, "trucks_delta"),
    ({"op": "set_lane_capacity", "lanes": ["A-B"], "truck_capacity_t": 1e308}, "truck_capacity"),
    ({"op": "scale_lane_rates", "factor": 1e308}, "factor"),
    ({"op": "scale_lane_rates", "factor": math.nan}, "factor"),
    ({"op": "add_lane", "origin": "B", "destination": "A", "distance_km": 1e308}, "distance_km"),
    ({"op": "add_lane", "origin": "B", "destination": "A", "transit_h": math.inf}, "transit_h"),
    ({"op": "set_drivers", "region": "north", "factor": 1e308}, "factor"),
    ({"op": "set_drivers", "region": "north", "drivers": 10**20}, "drivers"),
    ({"op": "set_drivers", "region": "north", "drivers_delta": -(10**20)}, "drivers_delta"),
    ({"op": "move_trailers", "from_hub": "A", "to_hub": "B", "count": 10**20}, "count"),
    ({"op": "set_fleet_size", "hub": "A", "trailers_delta": 10**20}, "trailers_delta"),
    ({"op": "set_service_policy", "max_late_h": math.inf}, "max_late_h"),
    ({"op": "set_service_policy", "service_target": math.nan}, "service_target"),
]


@pytest.mark.parametrize(("edit", "field"), BAD_NUMBERS, ids=lambda v: str(v)[:60])
def test_non_finite_or_huge_numbers_are_refused_naming_the_field(
    edit: dict[str, Any], field: str
) -> None:
    with pytest.raises(EditError) as err:
        parse_edit(edit)
    assert field in str(err.value)


def test_json_text_with_nan_and_infinity_is_refused() -> None:
    text = '[{"op": "scale_demand", "origin_regions": ["north"], "delta_t": NaN}]'
    with pytest.raises(EditError, match="delta_t"):
        parse_edits(text)
    with pytest.raises(EditError, match="factor"):
        parse_edit('{"op": "scale_lane_rates", "factor": Infinity}')


def test_results_beyond_the_domain_are_edit_errors_not_overflow() -> None:
    net = _net()
    # each edit is in its own domain, but the result would leave the network's
    big_scale = {"op": "set_hub_capacity", "hubs": ["A"], "capacity_t_per_day": MAX_TONNES}
    cases = [
        [big_scale, {"op": "set_hub_capacity", "hubs": ["A"], "factor": MAX_FACTOR}],
        [
            {"op": "set_fleet_size", "hub": "A", "trailers": MAX_COUNT},
            {"op": "set_fleet_size", "hub": "A", "trailers_delta": MAX_COUNT},
        ],
        [
            {"op": "set_fleet_size", "hub": "B", "trailers": MAX_COUNT},
            {"op": "move_trailers", "from_hub": "A", "to_hub": "B", "count": 4},
        ],
    ]
    for edits in cases:
        with pytest.raises(EditError) as err:
            apply_edits(net, parse_edits(edits))
        assert "would be invalid" in str(err.value)


def test_edits_at_the_edge_of_their_domain_still_apply() -> None:
    net = _net()
    out = parse_edit({"op": "scale_demand", "demand_ids": ["D1"], "factor": MAX_FACTOR}).apply(net)
    assert out.demands[0].volume_t == 10 * MAX_FACTOR
    cut = parse_edit({"op": "scale_demand", "demand_ids": ["D1"], "factor": 0}).apply(net)
    assert cut.demands[0].volume_t == 0


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("hubs", "capacity_t_per_day", math.nan),
        ("hubs", "handling_cost_eur_per_t", math.inf),
        ("hubs", "lat", math.nan),
        ("lanes", "distance_km", 1e308),
        ("lanes", "max_trucks_per_day", 10**30),
        ("demands", "volume_t", math.inf),
        ("demands", "penalty_late_eur_per_t", 1e308),
        ("fleet", "trailers", 10**30),
        ("drivers", "drivers", 10**30),
    ],
)
def test_network_numbers_are_finite_and_bounded(table: str, field: str, value: float) -> None:
    data = json.loads(_net().canonical_json())
    data[table][0][field] = value
    with pytest.raises(NetworkValidationError) as err:
        parse_network(data)
    assert any(i.field == field for i in err.value.issues)


@pytest.mark.parametrize("bad", ["Ly\x00on", "Lyon\x1b[31m", "Ly\non"])
def test_control_characters_in_names_are_refused(bad: str) -> None:
    data = json.loads(_net().canonical_json())
    data["hubs"][0]["name"] = bad
    with pytest.raises(NetworkValidationError) as err:
        parse_network(data)
    assert any(i.field == "name" and "control characters" in i.reason for i in err.value.issues)
    with pytest.raises(EditError, match="control characters"):
        parse_edit({"op": "close_hub", "hubs": [bad]})
    with pytest.raises(EditError, match="customer"):
        parse_edit(
            {"op": "add_demand", "origin": "A", "destination": "B", "volume_t": 1, "customer": bad}
        )
