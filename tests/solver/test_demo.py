"""Demo networks: deterministic, realistic, connected, and feasible but tight."""

from __future__ import annotations

import math
import re
from collections import defaultdict

import networkx as nx
import pytest

from solver import CarrierKind, Network, cheapest_path_plan, demo_network, evaluate
from solver.demo import great_circle_km, load_cities, transit_hours

REGIONS = {"north", "south", "east", "west", "central"}


@pytest.fixture(scope="module")
def net40() -> Network:
    """The default demo network (40 hubs, seed 7)."""
    return demo_network()


@pytest.fixture(scope="module")
def net12() -> Network:
    """A small demo network."""
    return demo_network(hubs=12, seed=3)


def test_same_seed_gives_byte_identical_json() -> None:
    """Two builds with the same hubs and seed serialise to the same bytes and hash."""
    a, b = demo_network(hubs=20, seed=11), demo_network(hubs=20, seed=11)
    assert a.canonical_json().encode() == b.canonical_json().encode()
    assert a.content_hash() == b.content_hash()


def test_default_is_byte_identical_and_seed_matters(net40: Network) -> None:
    """The default demo is reproducible; another seed gives another network."""
    assert demo_network(hubs=40, seed=7).canonical_json() == net40.canonical_json()
    assert demo_network(hubs=40, seed=8).content_hash() != net40.content_hash()


def test_city_list_is_large_and_continental() -> None:
    """The shipped list holds at least 450 cities, all in continental Europe."""
    cities = load_cities()
    assert len(cities) >= 450
    assert {"DE", "FR", "IT", "ES", "PL", "NL"} <= {c.country for c in cities}
    assert all(36.0 <= c.lat <= 72.0 and -10.0 <= c.lon <= 30.0 for c in cities)


@pytest.mark.parametrize("hubs", [5, 12, 40, 400])
def test_sizes_regions_and_connectivity(hubs: int) -> None:
    """Any size from 5 to 400 has that many hubs, all five regions, and strongly connected lanes."""
    net = demo_network(hubs=hubs, seed=7)
    assert len(net.hubs) == hubs
    assert set(net.regions) == REGIONS
    graph = nx.DiGraph((lane.origin, lane.destination) for lane in net.lanes)
    graph.add_nodes_from(h.id for h in net.hubs)
    assert nx.is_strongly_connected(graph)
    names = {(c.name, c.lat, c.lon) for c in load_cities()}
    assert all((h.name, h.lat, h.lon) in names for h in net.hubs)


def test_ids_are_short_and_readable(net40: Network) -> None:
    """Hub ids are 3-character codes, lanes are ORIGIN-DEST, demands D0001..."""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]{2}", h.id) for h in net40.hubs)
    assert all(lane.id == f"{lane.origin}-{lane.destination}" for lane in net40.lanes)
    assert sorted(d.id for d in net40.demands)[0] == "D0001"
    assert [h.id for h in net40.hubs if h.name == "Paris"] == ["PAR"]


def test_lanes_follow_roads_and_driving_rules(net40: Network) -> None:
    """Distance is great-circle x 1.2-1.3; transit adds EU breaks and rests to 70 km/h."""
    hubs = net40.hub_by_id
    for lane in net40.lanes:
        o, d = hubs[lane.origin], hubs[lane.destination]
        crow = great_circle_km(o.lat, o.lon, d.lat, d.lon)
        assert 1.19 <= lane.distance_km / crow <= 1.31
        assert lane.transit_h >= lane.distance_km / 70.0 - 1e-9
        assert lane.truck_capacity_t == 24.0
    assert transit_hours(630.0) == 9.75  # 9 h driving, one 45 min break
    assert transit_hours(700.0) == 21.75  # 10 h: 9 h + break, 11 h rest, 1 h


def test_both_directions_and_carrier_mix(net40: Network) -> None:
    """Every lane has its reverse; contract lanes exist and cost more per km than own ones."""
    pairs = {(lane.origin, lane.destination) for lane in net40.lanes}
    assert all((d, o) in pairs for o, d in pairs)
    rate: dict[CarrierKind, list[float]] = defaultdict(list)
    for lane in net40.lanes:
        rate[lane.carrier].append(lane.cost_eur_per_truck / lane.distance_km)
    assert len(rate[CarrierKind.CONTRACT]) >= 0.1 * len(net40.lanes)
    own = sum(rate[CarrierKind.OWN]) / len(rate[CarrierKind.OWN])
    contract = sum(rate[CarrierKind.CONTRACT]) / len(rate[CarrierKind.CONTRACT])
    assert contract > 1.1 * own


def test_weekly_demand_profile_and_customers(net40: Network) -> None:
    """Mon-Fri carry most tonnes, Saturday little, Sunday almost none; customers own many flows."""
    by_day = [0.0] * 7
    for d in net40.demands:
        by_day[d.release_day] += d.volume_t
    total = sum(by_day)
    assert min(by_day[:5]) > 2 * by_day[5] > by_day[6]
    assert by_day[6] < 0.05 * total
    assert 8 * 40 <= len(net40.demands) <= 20 * 40
    flows: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for d in net40.demands:
        flows[d.customer].add((d.origin, d.destination))
    assert len(flows) >= 8
    assert max(len(f) for f in flows.values()) >= 10
    assert all(d.due_h % 24 == 0 and d.due_h >= 24 for d in net40.demands)
    assert all(d.penalty_unserved_eur_per_t > d.penalty_late_eur_per_t > 0 for d in net40.demands)


def test_hub_kinds_are_plausible(net40: Network) -> None:
    """The biggest cities are main hubs; all four kinds occur at 40 hubs."""
    assert {h.kind.value for h in net40.hubs} == {"hub", "relay", "depot", "cross-dock"}
    population = {c.name: c.population for c in load_cities()}
    biggest = max(net40.hubs, key=lambda h: population[h.name])
    assert biggest.kind.value == "hub"


@pytest.mark.parametrize("hubs", [12, 40, 150])
def test_cheapest_path_plan_is_feasible_but_tight(hubs: int) -> None:
    """Routing every demand on its cheapest path breaks no hard rule, serves all on time,
    and puts some hub-days, lane-days and driver-days at 85-96% of capacity."""
    net = demo_network(hubs=hubs, seed=7)
    ev = evaluate(net, cheapest_path_plan(net))
    assert ev.hard_violations == ()
    assert ev.kpis.service_level == pytest.approx(1.0)
    assert ev.kpis.unserved_t == 0
    assert any(0.85 <= h.utilisation <= 0.95 for h in ev.hub_days)
    assert any(0.85 <= u.utilisation <= 0.96 for u in ev.lane_days)
    assert any(0.85 <= u.utilisation <= 0.95 for u in ev.driver_days)
    assert ev.kpis.hub_utilisation_max <= 1.0
    # Recompute one tight hub-day by hand from the plan: tonnes leaving or arriving.
    tightest = max(ev.hub_days, key=lambda h: h.utilisation)
    plan = cheapest_path_plan(net)
    lanes = net.lane_by_id
    handled = 0.0
    for dp in plan.demands:
        for s in dp.shipments:
            first = s.legs[0]
            if (
                lanes[first.lane_id].origin == tightest.hub_id
                and (first.depart_bucket % 28) // 4 == tightest.day
            ):
                handled += s.tonnes
            for leg in s.legs:
                if (
                    lanes[leg.lane_id].destination == tightest.hub_id
                    and (leg.arrive_bucket % 28) // 4 == tightest.day
                ):
                    handled += s.tonnes
    capacity = net.hub_by_id[tightest.hub_id].capacity_t_per_day
    assert handled == pytest.approx(tightest.throughput_t)
    assert 0.85 <= handled / capacity <= 0.95


def test_directional_imbalance_on_own_corridors(net40: Network) -> None:
    """Some own-fleet corridors carry far more loaded trucks one way, so empties must return."""
    plan = cheapest_path_plan(net40)
    loaded: dict[str, int] = defaultdict(int)
    for lb in plan.lane_buckets:
        loaded[lb.lane_id] += lb.trucks
    lanes = net40.lane_by_id
    skewed = [
        lane.id
        for lane in net40.lanes
        if lane.carrier is CarrierKind.OWN
        and loaded[lane.id] >= 10
        and loaded[lane.id] >= 1.5 * loaded[f"{lane.destination}-{lane.origin}"]
    ]
    assert len(skewed) >= 3
    empties = sum(lb.empty_trailers for lb in plan.lane_buckets)
    assert empties > 0
    assert all(
        lanes[lb.lane_id].carrier is CarrierKind.OWN
        for lb in plan.lane_buckets
        if lb.empty_trailers
    )


@pytest.mark.parametrize("hubs", [4, 401, True, 10.0])
def test_rejects_sizes_out_of_range(hubs: object) -> None:
    """Hub counts outside 5..400 (or not integers) are refused with the reason."""
    with pytest.raises(ValueError, match="hubs must be"):
        demo_network(hubs=hubs, seed=1)  # type: ignore[arg-type]


def test_capacities_cover_the_plan_with_spare_on_most_hubs(net12: Network) -> None:
    """Most hubs keep visible slack (the network is tight, not saturated)."""
    ev = evaluate(net12, cheapest_path_plan(net12))
    peak: dict[str, float] = defaultdict(float)
    for h in ev.hub_days:
        peak[h.hub_id] = max(peak[h.hub_id], h.utilisation)
    slack = [u for u in peak.values() if u < 0.8]
    assert len(slack) >= len(peak) / 2
    assert math.isclose(ev.kpis.service_level, 1.0)
