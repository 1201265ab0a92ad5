"""Graph analysis: reachability after closures and critical hubs and lanes, on tiny networks."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from solver.graph import (
    ElementRef,
    critical_elements,
    network_graph,
    unreachable_pairs,
)
from solver.network import Network, parse_network

TRUCK_EUR = 480.0
TRUCK_T = 24.0
HANDLING = 2.0
UNSERVED = 300.0


def hub(hid: str, name: str | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "id": hid,
        "name": name or hid,
        "region": "r",
        "lat": 48.0,
        "lon": 2.0,
        "capacity_t_per_day": 500,
        "handling_cost_eur_per_t": HANDLING,
        **kw,
    }


def lane(o: str, d: str, km: float = 100.0, **kw: Any) -> dict[str, Any]:
    return {
        "id": kw.pop("id", f"{o}-{d}"),
        "origin": o,
        "destination": d,
        "distance_km": km,
        "transit_h": km / 50.0,
        "cost_eur_per_truck": TRUCK_EUR * km / 100.0,
        "truck_capacity_t": TRUCK_T,
        "max_trucks_per_day": 5,
        **kw,
    }


def both(a: str, b: str, km: float = 100.0) -> list[dict[str, Any]]:
    return [lane(a, b, km), lane(b, a, km)]


def demand(did: str, o: str, d: str, t: float, **kw: Any) -> dict[str, Any]:
    return {
        "id": did,
        "origin": o,
        "destination": d,
        "release_day": 0,
        "volume_t": t,
        "due_h": 24.0,
        "penalty_late_eur_per_t": 20.0,
        "penalty_unserved_eur_per_t": UNSERVED,
        **kw,
    }


def net(
    hubs: list[dict[str, Any]],
    lanes: list[dict[str, Any]],
    demands: list[dict[str, Any]],
    **kw: Any,
) -> Network:
    return parse_network({"name": "t", "hubs": hubs, "lanes": lanes, "demands": demands, **kw})


def with_hub(network: Network, hid: str, **update: Any) -> Network:
    hubs = tuple(h.model_copy(update=update) if h.id == hid else h for h in network.hubs)
    return network.model_copy(update={"hubs": hubs})


def with_lane(network: Network, lid: str, **update: Any) -> Network:
    lanes = tuple(x.model_copy(update=update) if x.id == lid else x for x in network.lanes)
    return network.model_copy(update={"lanes": lanes})


def lane_cost_per_t(km: float) -> float:
    """Full-truck routing cost of the fixture lanes, recomputed from their rates."""
    return TRUCK_EUR * km / 100.0 / TRUCK_T


@pytest.fixture
def line() -> Network:
    """A -> B -> C with two customers shipping A -> C and one shipping A -> B."""
    return net(
        [hub("A", "Alpha"), hub("B", "Bravo"), hub("C", "Charlie")],
        [lane("A", "B"), lane("B", "C")],
        [
            demand("d1", "A", "C", 10, customer="Xco"),
            demand("d2", "A", "C", 20, customer="Yco"),
            demand("d3", "A", "B", 5, customer="Xco"),
            demand("d4", "C", "A", 7, customer="Zco"),  # no lane back: cut off before too
            demand("d0", "A", "C", 0, customer="Empty"),  # no volume, ignored
        ],
    )


@pytest.fixture
def ring() -> Network:
    """Four hubs N-E-S-W in a bidirectional ring of 100 km lanes; 10 t from N to E."""
    lanes = both("N", "E") + both("E", "S") + both("S", "W") + both("W", "N")
    return net([hub(h) for h in "NESW"], lanes, [demand("d1", "N", "E", 10, due_h=48)])


@pytest.fixture
def star() -> Network:
    """Centre X with spokes to leaves P, Q, R, S; all freight flows leaf to leaf."""
    lanes = [x for leaf in "PQRS" for x in both("X", leaf)]
    demands = [
        demand("pq", "P", "Q", 12),
        demand("qr", "Q", "R", 8),
        demand("rs", "R", "S", 30),
        demand("sp", "S", "P", 5),
        demand("pr", "P", "R", 9),
    ]
    return net([hub("X", "Centre")] + [hub(h) for h in "PQRS"], lanes, demands)


# ---------------------------------------------------------------------------- network_graph


def test_graph_keeps_only_usable_hubs_and_lanes() -> None:
    """Closed, all-week-closed and zero-capacity hubs and inactive or zero-truck lanes drop out;
    a hub closed on some days stays; parallel lanes form one edge with summed capacity."""
    network = net(
        [
            hub("A"),
            hub("B", closed_days=[2]),
            hub("C", open=False),
            hub("D", closed_days=list(range(7))),
            hub("E", capacity_t_per_day=0),
            hub("F"),
        ],
        [
            lane("A", "B", 100),
            lane("A", "B", 100, id="A-B-contract", cost_eur_per_truck=600, max_trucks_per_day=2),
            lane("B", "F", 50, active=False),
            lane("F", "A", 50, max_trucks_per_day=0),
            lane("A", "C"),
            lane("A", "D"),
            lane("A", "E"),
            lane("A", "F", 80),
        ],
        [],
    )
    g = network_graph(network)
    assert sorted(g.nodes) == ["A", "B", "F"]
    assert sorted(g.edges) == [("A", "B"), ("A", "F")]
    ab = g.edges["A", "B"]
    assert ab["lane_ids"] == ("A-B", "A-B-contract")
    assert ab["lane_id"] == "A-B"  # 480 EUR per truck is cheaper than 600
    assert ab["capacity_t_per_day"] == pytest.approx(TRUCK_T * 5 + TRUCK_T * 2)
    assert ab["cost_eur_per_t"] == pytest.approx(lane_cost_per_t(100))
    assert g.nodes["B"]["closed_days"] == (2,)


# ------------------------------------------------------------------------ unreachable_pairs


def test_closing_the_middle_of_a_line_cuts_off_the_pairs_through_it(line: Network) -> None:
    """Closing B cuts off A->C (30 t, two customers) and A->B (B is closed); C->A, already
    unreachable before the change, is not blamed on it."""
    closed = with_hub(line, "B", open=False)
    report = unreachable_pairs(closed, before=line)
    assert [(p.origin, p.destination, p.status) for p in report.cut_off] == [
        ("A", "C", "no_path"),
        ("A", "B", "no_path"),
    ]
    ac, ab = report.cut_off
    assert ac.demand_ids == ("d1", "d2")
    assert ac.volume_t == pytest.approx(30)
    assert ac.customers == ("Xco", "Yco")
    assert ab.blocked_by == ("B",)
    assert "Bravo (B) is closed" in ab.reason
    assert report.removed_hubs == ("B",)
    assert report.removed_lanes == ()  # lanes of a closed hub follow from it
    assert report.cut_off_t == pytest.approx(35)
    assert report.at_risk == ()
    assert report.summary == "Without hub Bravo (B): 2 OD pairs cut off (35 t/week, 2 customers)."


def test_without_before_every_unreachable_pair_is_reported(line: Network) -> None:
    """On its own, the line network reports C->A (no lane back); zero-volume demand is ignored."""
    report = unreachable_pairs(line)
    assert [(p.origin, p.destination, p.demand_ids) for p in report.cut_off] == [
        ("C", "A", ("d4",))
    ]
    assert report.cut_off[0].reason == "no route over open hubs and active lanes"
    assert report.summary == "1 OD pair cut off (7 t/week, 1 customer)."


def test_a_parallel_lane_keeps_the_pair_connected() -> None:
    """Deactivating one of two parallel lanes cuts nothing off; deactivating both does, and the
    report names both lanes."""
    network = net(
        [hub("A"), hub("B")],
        [lane("A", "B"), lane("A", "B", id="A-B-2")],
        [demand("d1", "A", "B", 4)],
    )
    one = with_lane(network, "A-B", active=False)
    assert unreachable_pairs(one, before=network).summary == (
        "Without lane A → B (A-B): no origin–destination pair is cut off or put at risk."
    )
    assert unreachable_pairs(network, before=network).summary == (
        "No origin–destination pair is cut off or put at risk."
    )
    two = with_lane(one, "A-B-2", max_trucks_per_day=0)
    report = unreachable_pairs(two, before=network)
    assert [p.demand_ids for p in report.cut_off] == [("d1",)]
    assert report.removed_lanes == ("A-B", "A-B-2")


@pytest.mark.parametrize(("max_late_h", "cut"), [(4.0, True), (5.0, False)])
def test_a_route_slower_than_the_window_is_cut_off(max_late_h: float, cut: bool) -> None:
    """A->B->C takes 10 h + 10 h; due in 15 h plus a late allowance of 4 h (window 19 h) is
    too slow, plus 5 h (window 20 h) is just in time."""
    network = net(
        [hub("A"), hub("B"), hub("C")],
        [lane("A", "B", 500), lane("B", "C", 500)],
        [demand("d1", "A", "C", 3, due_h=15)],
        policy={"max_late_h": max_late_h},
    )
    report = unreachable_pairs(network)
    if not cut:
        assert report.cut_off == ()
        return
    (pair,) = report.cut_off
    assert pair.status == "too_slow"
    assert pair.fastest_transit_h == pytest.approx(20.0)
    assert pair.window_h == pytest.approx(19.0)
    assert "20.0 h, beyond the 19.0 h window" in pair.reason


def test_a_day_closure_puts_freight_travelling_that_day_at_risk() -> None:
    """B closed on Tuesday: A->C released Monday with a 48 h window passes B on Tuesday and is
    at risk; the same pair released Wednesday is fine; A->D has a detour around B and is fine."""
    network = net(
        [hub("A"), hub("B", "Bravo"), hub("C"), hub("D"), hub("E")],
        [lane("A", "B"), lane("B", "C"), lane("B", "D"), lane("A", "E"), lane("E", "D", 150)],
        [
            demand("mon", "A", "C", 10, release_day=0),
            demand("wed", "A", "C", 6, release_day=2),
            demand("dee", "A", "D", 4, release_day=0),
        ],
    )
    closed = with_hub(network, "B", closed_days=(1,))
    report = unreachable_pairs(closed, before=network)
    assert report.cut_off == ()
    (pair,) = report.at_risk
    assert (pair.origin, pair.destination, pair.demand_ids) == ("A", "C", ("mon",))
    assert pair.blocked_by == ("B",)
    assert "Bravo (B) (closed Tuesday)" in pair.reason
    assert report.removed_hubs == ()
    assert report.summary == "1 OD pair at risk on closure days (10 t/week)."
    assert unreachable_pairs(network).at_risk == ()


def test_report_does_not_depend_on_input_order(line: Network) -> None:
    """Shuffling hubs, lanes and demands gives the same report."""
    closed = with_hub(line, "B", open=False)
    rnd = random.Random(7)
    tables = {k: list(getattr(closed, k)) for k in ("hubs", "lanes", "demands")}
    for rows in tables.values():
        rnd.shuffle(rows)
    shuffled = closed.model_copy(update={k: tuple(v) for k, v in tables.items()})
    assert unreachable_pairs(shuffled, before=line) == unreachable_pairs(closed, before=line)


# ----------------------------------------------------------------------- critical_elements


def _by_id(network: Network, **kw: Any) -> dict[str, Any]:
    return {e.id: e for e in critical_elements(network, top=100, **kw)}


def test_losing_a_ring_lane_reroutes_the_long_way_round(ring: Network) -> None:
    """Without N->E the 10 t go N->W->S->E: 200 km further, priced at two more lanes and two
    more handlings per tonne; nothing is cut off."""
    lane_ne = _by_id(ring)["N-E"]
    assert lane_ne.kind == "lane"
    assert lane_ne.flow_t == pytest.approx(10)
    assert lane_ne.betweenness == pytest.approx(1.0)
    assert lane_ne.cut_off_t == 0
    assert lane_ne.rerouted_t == pytest.approx(10)
    assert lane_ne.detour_km == pytest.approx(300 - 100)
    extra_per_t = 2 * lane_cost_per_t(100) + 2 * HANDLING
    assert lane_ne.est_loss_eur == pytest.approx(10 * extra_per_t)
    assert "reroutes 10 t/week (+200 km on average)" in lane_ne.reason
    assert set(_by_id(ring)) == {"N-E"}  # no hub has freight passing through it


def test_hub_through_freight_is_ranked_and_its_own_freight_reported(line: Network) -> None:
    """On the line, losing B cuts off the 30 t passing through it (priced at the unserved
    penalty) and takes its own 5 t with it (reported, not priced); A and C, which nothing
    passes through, are not listed; lane A-B, carrying 35 t with no alternative, ranks first."""
    elements = critical_elements(line, top=10)
    assert [e.id for e in elements] == ["A-B", "B", "B-C"]
    b = elements[1]
    assert (b.flow_t, b.cut_off_t, b.own_t) == pytest.approx((30, 30, 5))
    assert b.rerouted_t == 0 and b.detour_km is None
    assert b.est_loss_eur == pytest.approx(30 * UNSERVED)
    assert b.reason == (
        "Bravo (B): 30 t/week pass through (86%); losing it cuts off 30 t/week, est. €9,000; "
        "its own 5 t/week would go with it"
    )
    assert elements[0].est_loss_eur == pytest.approx(35 * UNSERVED)


def test_star_centre_ranks_first(star: Network) -> None:
    """Every tonne passes the centre of a star: it ranks first with betweenness 1 and cuts off
    all 64 t when lost."""
    first = critical_elements(star, top=3)[0]
    assert (first.kind, first.id, first.name) == ("hub", "X", "Centre")
    assert first.betweenness == pytest.approx(1.0)
    assert first.cut_off_t == pytest.approx(12 + 8 + 30 + 5 + 9)
    assert first.est_loss_eur == pytest.approx(64 * UNSERVED)


def test_star_centre_ranks_first_by_betweenness_when_nothing_is_priced(star: Network) -> None:
    """With zero penalties every estimated loss is 0; flow through the element decides, so the
    centre still comes first and the busiest spoke next."""
    free = star.model_copy(
        update={
            "demands": tuple(
                d.model_copy(update={"penalty_unserved_eur_per_t": 0.0}) for d in star.demands
            )
        }
    )
    ranked = critical_elements(free, top=2)
    assert [e.id for e in ranked] == ["X", "R-X"]  # R-X and X-S both carry 30 t: ids decide
    assert ranked[1].flow_t == pytest.approx(30)


def test_plan_flows_drive_betweenness(ring: Network) -> None:
    """A plan that sends N->E the long way round makes W and S carry 10 t each; losing W->S then
    sends the freight back to the direct lane, 200 km shorter and no dearer."""
    flows = {"N-W": 10.0, "W-S": 10.0, "S-E": 10.0}
    elements = _by_id(ring, flows=flows)
    assert elements["W"].flow_t == pytest.approx(10)
    assert elements["S"].flow_t == pytest.approx(10)
    assert elements["W-S"].betweenness == pytest.approx(1.0)
    assert elements["W-S"].detour_km == pytest.approx(-200)
    assert elements["W-S"].est_loss_eur == 0
    assert "N-E" not in elements  # the plan does not use it: no flow, nothing to reroute
    assert "W" not in _by_id(ring)


def test_flows_are_checked(ring: Network) -> None:
    """Unknown lane ids and negative flows are refused with the lane named."""
    with pytest.raises(ValueError, match=r"unknown lane id.*'X-Y'"):
        critical_elements(ring, flows={"X-Y": 1.0})
    with pytest.raises(ValueError, match="'N-E' have a negative"):
        critical_elements(ring, flows={"N-E": -1.0})
    with pytest.raises(ValueError, match="top: must be at least 1"):
        critical_elements(ring, top=0)
    with pytest.raises(ValueError, match="candidates: must be at least top"):
        critical_elements(ring, top=3, candidates=2)


def test_cost_without_reranks_the_top_candidates(star: Network) -> None:
    """A cost_without callable is asked about the first `candidates` of the graph ranking only,
    and those are re-ranked by the cost it returns, which each element then carries."""
    graph_order = [e.ref for e in critical_elements(star, top=4)]
    calls: list[ElementRef] = []
    fake = {ref: 1000.0 + 10 * i for i, ref in enumerate(graph_order)}  # reverses the order

    def cost_without(ref: ElementRef) -> float:
        calls.append(ref)
        return fake[ref]

    ranked = critical_elements(star, top=2, cost_without=cost_without, candidates=4)
    assert calls == graph_order
    assert [e.ref for e in ranked] == [graph_order[3], graph_order[2]]
    assert ranked[0].cost_without_eur == pytest.approx(1030.0)
    assert ranked[0].reason.endswith("total cost without it €1,030")
    with pytest.raises(ValueError, match="NaN"):
        critical_elements(star, cost_without=lambda ref: math.nan)


def test_critical_elements_do_not_depend_on_input_order(star: Network) -> None:
    """Shuffling the tables gives the same ranking and numbers."""
    rnd = random.Random(3)
    tables = {k: list(getattr(star, k)) for k in ("hubs", "lanes", "demands")}
    for rows in tables.values():
        rnd.shuffle(rows)
    shuffled = star.model_copy(update={k: tuple(v) for k, v in tables.items()})
    assert critical_elements(shuffled, top=10) == critical_elements(star, top=10)
