"""The network model: whole-network validation, order-independent identity, immutability."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from solver import Network, NetworkValidationError, network_from_json, parse_network


def tiny() -> dict[str, Any]:
    """Two hubs, a lane each way, one demand, a trailer pool and a driver pool."""
    hub = {"region": "north", "capacity_t_per_day": 100.0, "handling_cost_eur_per_t": 2.0}
    lane = {
        "distance_km": 300.0,
        "transit_h": 5.0,
        "cost_eur_per_truck": 500.0,
        "truck_capacity_t": 24.0,
        "max_trucks_per_day": 3,
    }
    return {
        "name": "tiny",
        "hubs": [
            {"id": "A", "name": "Alpha", "lat": 52.5, "lon": 13.4, **hub},
            {"id": "B", "name": "Beta", "lat": 53.5, "lon": 10.0, **hub},
        ],
        "lanes": [
            {"id": "A-B", "origin": "A", "destination": "B", **lane},
            {"id": "B-A", "origin": "B", "destination": "A", **lane},
        ],
        "demands": [
            {
                "id": "D1",
                "origin": "A",
                "destination": "B",
                "release_day": 0,
                "volume_t": 20.0,
                "due_h": 24.0,
                "penalty_late_eur_per_t": 50.0,
                "penalty_unserved_eur_per_t": 200.0,
            }
        ],
        "fleet": [{"hub": "A", "trailers": 4}],
        "drivers": [{"region": "north", "day": 0, "drivers": 2}],
    }


def issue_keys(exc: NetworkValidationError) -> set[tuple[str, str, str]]:
    return {(i.entity, i.entity_id, i.field) for i in exc.issues}


def test_valid_network_parses_with_defaults() -> None:
    """A valid dict gives a Network with the default weekly calendar (7 days x 4 buckets)."""
    net = parse_network(tiny())
    assert len(net.hubs) == 2 and net.calendar.n_buckets == 28
    assert net.lane_by_id["A-B"].destination == "B"
    assert net.regions == ("north",)


def test_every_problem_is_reported_at_once() -> None:
    """Field and reference errors come back together, each naming entity, id and field."""
    data = tiny()
    data["hubs"][0]["capacity_t_per_day"] = -5
    data["hubs"].append(dict(data["hubs"][1]))  # duplicate id B
    data["lanes"][0]["destination"] = "Z"
    data["demands"][0]["destination"] = "A"
    data["fleet"][0]["hub"] = "Q"
    data["drivers"][0]["region"] = "nowhere"
    data["surprise"] = 1
    with pytest.raises(NetworkValidationError) as err:
        parse_network(data)
    keys = issue_keys(err.value)
    assert {
        ("hub", "A", "capacity_t_per_day"),
        ("network", "tiny", "surprise"),
        ("hub", "B", "id"),
        ("lane", "A-B", "destination"),
        ("demand", "D1", "destination"),
        ("trailer pool", "Q", "hub"),
        ("driver pool", "nowhere/day 0", "region"),
    } <= keys
    assert all(i.reason for i in err.value.issues)
    assert "unknown hub 'Z'" in str(err.value)


def test_hash_ignores_row_order() -> None:
    """Reversing every table gives the same canonical JSON and content hash."""
    data = tiny()
    shuffled = {k: list(reversed(v)) if isinstance(v, list) else v for k, v in data.items()}
    a, b = parse_network(data), parse_network(shuffled)
    assert a.canonical_json() == b.canonical_json()
    assert a.content_hash() == b.content_hash()
    changed = tiny()
    changed["demands"][0]["volume_t"] = 21.0
    assert parse_network(changed).content_hash() != a.content_hash()


def test_network_is_frozen() -> None:
    """Networks and their rows cannot be modified in place."""
    net = parse_network(tiny())
    with pytest.raises(ValidationError):
        net.name = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        net.hubs[0].capacity_t_per_day = 1.0  # type: ignore[misc]


def test_json_round_trip_and_bad_json() -> None:
    """Canonical JSON reads back to an equal network; malformed JSON is one clear issue."""
    net = parse_network(tiny())
    assert network_from_json(net.canonical_json()) == net
    with pytest.raises(NetworkValidationError, match="invalid JSON"):
        network_from_json("{not json")


def test_horizon_checks() -> None:
    """Days beyond the calendar are refused for demands, closures and driver pools."""
    data = tiny()
    data["calendar"] = {"days": 5, "buckets_per_day": 2}
    data["demands"][0]["release_day"] = 6
    data["hubs"][0]["closed_days"] = [5]
    data["drivers"][0]["day"] = 5
    with pytest.raises(NetworkValidationError) as err:
        parse_network(data)
    assert {
        ("demand", "D1", "release_day"),
        ("hub", "A", "closed_days"),
        ("driver pool", "north/day 5", "day"),
    } <= issue_keys(err.value)
    assert isinstance(parse_network(tiny()), Network)
