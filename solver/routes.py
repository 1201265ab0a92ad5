"""Candidate routes (hub sequences over lanes) for every origin-destination pair.

The design model does not route over every path of the network: each demand may use
the ``k`` cheapest simple routes through one intermediate "via" hub (the shortest path
``o -> m`` joined to ``m -> d``, for the ``m`` that make the cheapest such joins; the
plain shortest path is the join through any hub on it) plus the fastest route, and,
where a hub pair is served by several lanes (own fleet and contract), the variants
that swap one hop to the other lanes. Costs
per tonne assume full trucks: ``cost_eur_per_truck / truck_capacity_t +
cost_eur_per_t + handling at the next hub``. All-pairs shortest paths come from
``scipy.sparse.csgraph`` (C speed), so 150 hubs and 2,000 OD pairs take milliseconds.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from solver.network import Network

PARALLEL_VARIANTS = 3
"""Lanes considered per hub pair served by several lanes (own fleet and contract, say)."""


@dataclass(frozen=True, slots=True)
class Indexed:
    """A network's hubs, lanes and demands in id order, with numeric lookups."""

    hub_ids: tuple[str, ...]
    lane_ids: tuple[str, ...]
    demand_ids: tuple[str, ...]
    hub_index: dict[str, int]
    lane_origin: np.ndarray
    lane_dest: np.ndarray
    lane_tau: np.ndarray
    lane_usable: np.ndarray


def index_network(net: Network) -> Indexed:
    """Sort entities by id (input order never matters) and compute lane transit buckets."""
    hub_ids = tuple(sorted(net.hub_by_id))
    hub_index = {h: i for i, h in enumerate(hub_ids)}
    lanes = sorted(net.lanes, key=lambda lane: lane.id)
    bh = net.calendar.bucket_h
    days = range(net.calendar.days)
    open_some_day = {h.id for h in net.hubs if any(h.is_open_on(d) for d in days)}
    return Indexed(
        hub_ids=hub_ids,
        lane_ids=tuple(lane.id for lane in lanes),
        demand_ids=tuple(sorted(net.demand_by_id)),
        hub_index=hub_index,
        lane_origin=np.array([hub_index[lane.origin] for lane in lanes], dtype=np.int64),
        lane_dest=np.array([hub_index[lane.destination] for lane in lanes], dtype=np.int64),
        lane_tau=np.array(
            [max(1, int(np.ceil(lane.transit_h / bh - 1e-9))) for lane in lanes], dtype=np.int64
        ),
        lane_usable=np.array(
            [
                lane.active
                and lane.max_trucks_per_day > 0
                and lane.origin in open_some_day
                and lane.destination in open_some_day
                for lane in lanes
            ],
            dtype=bool,
        ),
    )


def lane_cost_per_t(net: Network, idx: Indexed) -> np.ndarray:
    """Full-truck cost per tonne of each lane, including handling at its destination."""
    out = np.empty(len(idx.lane_ids))
    for i, lane_id in enumerate(idx.lane_ids):
        lane = net.lane_by_id[lane_id]
        dest = net.hub_by_id[lane.destination]
        out[i] = (
            lane.cost_eur_per_truck / lane.truck_capacity_t
            + lane.cost_eur_per_t
            + dest.handling_cost_eur_per_t
        )
    return out


def _best_lanes(idx: Indexed, weight: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """The cheapest usable lane per ordered hub pair (ties by lane id) as a graph."""
    h = len(idx.hub_ids)
    best = np.full((h, h), -1, dtype=np.int64)
    best_w = np.full((h, h), np.inf)
    for i in np.flatnonzero(idx.lane_usable):
        o, d = idx.lane_origin[i], idx.lane_dest[i]
        if weight[i] < best_w[o, d]:
            best_w[o, d] = weight[i]
            best[o, d] = i
    rows, cols = np.nonzero(best >= 0)
    graph = sp.csr_matrix((best_w[rows, cols] + 1e-9, (rows, cols)), shape=(h, h))
    return graph, best


def _walk(pred: np.ndarray, o: int, d: int) -> list[int] | None:
    """Hub sequence of the shortest path o -> d from a predecessor row, or None."""
    if o == d:
        return [o]
    nodes = [d]
    while nodes[-1] != o:
        p = int(pred[nodes[-1]])
        if p < 0:
            return None
        nodes.append(p)
    return nodes[::-1]


def candidate_routes(
    net: Network,
    idx: Indexed,
    pairs: list[tuple[int, int]],
    *,
    k: int = 3,
    max_legs: int = 40,
) -> dict[tuple[int, int], list[tuple[int, ...]]]:
    """Up to ``k`` cheapest via-hub routes plus the fastest route for each (o, d) pair.

    Returns lane-index tuples, cheapest first; pairs with no route map to an empty list.
    """
    cost = lane_cost_per_t(net, idx)
    graph, best = _best_lanes(idx, cost)
    parallel: dict[tuple[int, int], list[int]] = {}
    for i in np.flatnonzero(idx.lane_usable):
        parallel.setdefault((int(idx.lane_origin[i]), int(idx.lane_dest[i])), []).append(int(i))
    for key in parallel:
        parallel[key].sort(key=lambda i: (cost[i], i))
    dist, pred = dijkstra(graph, return_predecessors=True)
    fast_w = idx.lane_tau.astype(float) + 1e-4 * cost / max(1.0, float(cost.max(initial=1.0)))
    fgraph, fbest = _best_lanes(idx, fast_w)
    _, fpred = dijkstra(fgraph, return_predecessors=True)
    out: dict[tuple[int, int], list[tuple[int, ...]]] = {}
    for o, d in sorted(set(pairs)):
        found: dict[tuple[int, ...], float] = {}
        if np.isfinite(dist[o, d]):
            via = dist[o, :] + dist[:, d]
            order = np.argsort(via, kind="stable")
            for m in order[: max(4 * k, 8)]:
                if not np.isfinite(via[m]) or len(found) >= k:
                    break
                first = _walk(pred[o], o, int(m))
                second = _walk(pred[int(m)], int(m), d)
                if first is None or second is None:
                    continue
                nodes = first + second[1:]
                if len(set(nodes)) != len(nodes) or len(nodes) - 1 > max_legs:
                    continue
                lanes = tuple(int(best[u, v]) for u, v in itertools.pairwise(nodes))
                found.setdefault(lanes, float(via[m]))
            fnodes = _walk(fpred[o], o, d)
            if fnodes is not None and len(fnodes) - 1 <= max_legs:
                flanes = tuple(int(fbest[u, v]) for u, v in itertools.pairwise(fnodes))
                found.setdefault(flanes, float(sum(cost[i] for i in flanes)))
        for lanes in list(found):
            for pos, lane in enumerate(lanes):
                key = (int(idx.lane_origin[lane]), int(idx.lane_dest[lane]))
                for alt in parallel.get(key, [])[1:PARALLEL_VARIANTS]:
                    variant = (*lanes[:pos], alt, *lanes[pos + 1 :])
                    found.setdefault(variant, float(sum(cost[i] for i in variant)))
        out[(o, d)] = [r for r, _ in sorted(found.items(), key=lambda kv: (kv[1], kv[0]))]
    return out


def via_routes(
    net: Network,
    idx: Indexed,
    triples: list[tuple[int, int, int]],
    *,
    k: int = 3,
) -> dict[tuple[int, int, int], list[tuple[int, ...]]]:
    """Up to ``k`` cheapest simple routes ``o -> m -> d`` for each (o, d, via m) triple.

    Each is a candidate route to ``m`` joined to one from ``m``; triples with no such
    route map to an empty list (the freight can only be late or unserved).
    """
    cost = lane_cost_per_t(net, idx)
    legs = sorted({(o, m) for o, _, m in triples} | {(m, d) for _, d, m in triples})
    part = candidate_routes(net, idx, legs, k=k)
    out: dict[tuple[int, int, int], list[tuple[int, ...]]] = {}
    for o, d, m in sorted(set(triples)):
        found: dict[tuple[int, ...], float] = {}
        for first in part.get((o, m), []):
            for second in part.get((m, d), []):
                lanes = (*first, *second)
                nodes = [o, *(int(idx.lane_dest[i]) for i in lanes)]
                if len(set(nodes)) == len(nodes):
                    found.setdefault(lanes, float(sum(cost[i] for i in lanes)))
        ranked = sorted(found.items(), key=lambda kv: (kv[1], kv[0]))
        out[(o, d, m)] = [r for r, _ in ranked[: 2 * k]]
    return out
