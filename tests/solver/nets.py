"""Tiny named networks for solver and evaluation tests, small enough to solve by hand.

Every network uses 1 day of 4 six-hour buckets unless stated, lanes of 5 h transit (one
bucket), truck cost 100 EUR, 10 t trucks, handling 1 EUR/t at every hub.
"""

from __future__ import annotations

from typing import Any

from solver.network import Network, parse_network


def hub(hid: str, name: str, region: str = "north", **kw: Any) -> dict[str, Any]:
    """A hub row with generous defaults."""
    row: dict[str, Any] = {
        "id": hid,
        "name": name,
        "region": region,
        "lat": 45.0,
        "lon": 5.0,
        "capacity_t_per_day": 1000.0,
        "handling_cost_eur_per_t": 1.0,
    }
    row.update(kw)
    return row


def lane(origin: str, destination: str, **kw: Any) -> dict[str, Any]:
    """A lane row ``O-D`` with the defaults above."""
    row: dict[str, Any] = {
        "id": f"{origin}-{destination}",
        "origin": origin,
        "destination": destination,
        "distance_km": 100.0,
        "transit_h": 5.0,
        "cost_eur_per_truck": 100.0,
        "cost_eur_per_t": 0.0,
        "truck_capacity_t": 10.0,
        "max_trucks_per_day": 10,
        "carrier": "contract",
    }
    row.update(kw)
    return row


def demand(did: str, origin: str, destination: str, volume: float, **kw: Any) -> dict[str, Any]:
    """A demand row released on day 0, due within 24 h, 50 EUR/t late, 1000 EUR/t unserved."""
    row: dict[str, Any] = {
        "id": did,
        "origin": origin,
        "destination": destination,
        "release_day": 0,
        "volume_t": volume,
        "due_h": 24.0,
        "penalty_late_eur_per_t": 50.0,
        "penalty_unserved_eur_per_t": 1000.0,
    }
    row.update(kw)
    return row


def network(
    name: str,
    hubs: list[dict[str, Any]],
    lanes: list[dict[str, Any]],
    demands: list[dict[str, Any]],
    **kw: Any,
) -> Network:
    """Parse a network with a one-day, four-bucket calendar unless ``calendar`` is given."""
    data: dict[str, Any] = {
        "name": name,
        "calendar": {"days": 1, "buckets_per_day": 4},
        "hubs": hubs,
        "lanes": lanes,
        "demands": demands,
    }
    data.update(kw)
    return parse_network(data)


def line3(**lane_kw: Any) -> Network:
    """A - B - C line with contract lanes both ways, 25 t from A to C (3 trucks direct)."""
    hubs = [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma", region="south")]
    lanes = [lane("A", "B", **lane_kw), lane("B", "C", **lane_kw)]
    return network("line3", hubs, lanes, [demand("D1", "A", "C", 25.0)])
