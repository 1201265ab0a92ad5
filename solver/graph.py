"""Graph analysis of a freight network: who gets cut off by a closure, which elements matter most.

Everything here works on the network alone (no solve), so an answer such as "closing Lyon
cuts off 4 OD pairs (312 t/week)" is available the moment an edit is made.

Conventions
-----------
- **Usable hubs** are open, have throughput capacity above zero and are not closed on every
  day of the horizon (an all-week closure removes the hub). Hubs closed on *some* days stay
  in the graph; the demand that depends on them on those days is reported as *at risk*.
- **Usable lanes** are active, have ``max_trucks_per_day > 0`` and join two usable hubs.
  Parallel lanes between the same two hubs form one graph edge.
- **Reachable in time** means the fastest route's summed lane transit hours fit within the
  demand's ``due_h`` plus the policy's ``max_late_h``. Waiting and time-bucket rounding are
  ignored, so this is a lower bound on the real travel time: a pair reported cut off for
  being too slow can not be served by any plan.
- **Routing cost** of a tonne on a lane is the full-truck rate (dispatch cost over truck
  capacity plus the variable rate) plus handling at the hub it arrives at; demand is routed
  on its cheapest route, or on its fastest one when the cheapest misses the window.
- Volumes are tonnes per planning horizon (per week for the usual 7-day calendar).
- Ties are broken by the order of sorted ids, so results do not depend on input order.

Examples
--------
>>> from solver.network import parse_network
>>> hub = {"region": "r", "lat": 0, "lon": 0, "capacity_t_per_day": 100,
...        "handling_cost_eur_per_t": 1}
>>> lane = {"distance_km": 100, "transit_h": 2, "cost_eur_per_truck": 200,
...         "truck_capacity_t": 20, "max_trucks_per_day": 3}
>>> net = parse_network({"name": "line",
...     "hubs": [{"id": h, "name": h, **hub} for h in "ABC"],
...     "lanes": [{"id": "AB", "origin": "A", "destination": "B", **lane},
...               {"id": "BC", "origin": "B", "destination": "C", **lane}],
...     "demands": [{"id": "d1", "origin": "A", "destination": "C", "release_day": 0,
...                  "volume_t": 30, "due_h": 24, "penalty_late_eur_per_t": 10,
...                  "penalty_unserved_eur_per_t": 100}]})
>>> closed = net.model_copy(update={"hubs": tuple(
...     h.model_copy(update={"open": h.id != "B"}) for h in net.hubs)})
>>> unreachable_pairs(closed, before=net).summary
'Without hub B: 1 OD pair cut off (30 t/week).'
>>> critical_elements(net, top=1)[0].id
'B'
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from solver.network import DAY_NAMES, Demand, Hub, Lane, Network

ElementKind = Literal["hub", "lane"]
PairStatus = Literal["no_path", "too_slow", "at_risk"]

_CUT: frozenset[str] = frozenset({"no_path", "too_slow"})
_NO_HUBS: frozenset[str] = frozenset()
_NO_LANES: frozenset[str] = frozenset()


# ----------------------------------------------------------------------------------------
# Public result types


@dataclass(frozen=True, slots=True)
class UnreachablePair:
    """Demand of one origin–destination pair that has no usable route (or is at risk).

    ``status`` is ``no_path`` (no route at all), ``too_slow`` (the fastest route misses the
    service window plus the late allowance) or ``at_risk`` (every route in time passes a hub
    that is closed on a day the freight would be travelling). ``blocked_by`` names the hubs
    responsible where known (a closed origin or destination, or the day-closed hubs).
    """

    origin: str
    origin_name: str
    destination: str
    destination_name: str
    status: PairStatus
    demand_ids: tuple[str, ...]
    volume_t: float
    customers: tuple[str, ...]
    fastest_transit_h: float | None
    window_h: float
    blocked_by: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class ReachabilityReport:
    """Result of :func:`unreachable_pairs`: cut-off pairs, at-risk pairs and what was removed.

    With a ``before`` network, ``removed_hubs`` and ``removed_lanes`` list the graph
    elements usable before but not after (lanes that merely follow from a removed hub are
    left out) and the pairs are only those the change made worse.
    """

    cut_off: tuple[UnreachablePair, ...]
    at_risk: tuple[UnreachablePair, ...]
    horizon_days: int
    compared: bool = False
    removed_hubs: tuple[str, ...] = ()
    removed_lanes: tuple[str, ...] = ()
    removed_labels: tuple[str, ...] = field(default=(), repr=False)

    @property
    def cut_off_t(self) -> float:
        """Tonnes per horizon on the cut-off pairs."""
        return sum(p.volume_t for p in self.cut_off)

    @property
    def at_risk_t(self) -> float:
        """Tonnes per horizon on the at-risk pairs."""
        return sum(p.volume_t for p in self.at_risk)

    @property
    def customers(self) -> tuple[str, ...]:
        """Customers with cut-off demand, sorted."""
        return tuple(sorted({c for p in self.cut_off for c in p.customers}))

    @property
    def summary(self) -> str:
        """One sentence for the answer, e.g. ``Without hub Lyon (LYS): 4 OD pairs cut off …``."""
        per = _per_horizon(self.horizon_days)
        prefix = f"Without {', '.join(self.removed_labels)}: " if self.removed_labels else ""
        if not self.cut_off and not self.at_risk:
            if self.compared:
                text = "no origin–destination pair is cut off or put at risk."
                return prefix + text if prefix else text[0].upper() + text[1:]
            return "Every origin–destination pair with demand has a route within its window."
        parts: list[str] = []
        if self.cut_off:
            n_cust = len(self.customers)
            cust = f", {n_cust} customer{'s' if n_cust != 1 else ''}" if n_cust else ""
            parts.append(
                f"{_pairs(len(self.cut_off))} cut off ({_fmt_t(self.cut_off_t)} t{per}{cust})"
            )
        if self.at_risk:
            parts.append(
                f"{_pairs(len(self.at_risk))} at risk on closure days "
                f"({_fmt_t(self.at_risk_t)} t{per})"
            )
        return prefix + "; ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class ElementRef:
    """A hub or a lane, by kind and id: what a ``cost_without`` callable is asked about."""

    kind: ElementKind
    id: str


@dataclass(frozen=True, slots=True)
class CriticalElement:
    """A hub or lane ranked by what its loss would cost.

    ``flow_t`` is the tonnage through it (for a hub, freight passing *through*, not starting
    or ending there) and ``betweenness`` that tonnage as a share of all routable tonnes. The
    loss figures re-route the freight passing through it on the remaining network:
    ``cut_off_t`` tonnes lose every route in time, ``rerouted_t`` find another,
    ``detour_km`` is their tonne-weighted mean extra distance, and ``est_loss_eur`` prices
    both (unserved penalty plus the extra routing cost). ``own_t`` is a hub's own freight
    (starting or ending there), which goes with it but is not a weakness of the network, so
    it is reported and not ranked. ``cost_without_eur`` is filled for the candidates
    evaluated by a ``cost_without`` callable (e.g. a quick re-solve).
    """

    kind: ElementKind
    id: str
    name: str
    flow_t: float
    betweenness: float
    cut_off_t: float
    rerouted_t: float
    detour_km: float | None
    est_loss_eur: float
    own_t: float
    cost_without_eur: float | None
    reason: str

    @property
    def ref(self) -> ElementRef:
        """This element as an :class:`ElementRef`."""
        return ElementRef(self.kind, self.id)


# ----------------------------------------------------------------------------------------
# The graph


def _hub_usable(network: Network, hub: Hub) -> bool:
    if not hub.open or hub.capacity_t_per_day <= 0:
        return False
    return not set(range(network.calendar.days)) <= set(hub.closed_days)


def _lane_usable(lane: Lane) -> bool:
    return lane.active and lane.max_trucks_per_day > 0


def _lane_cost_per_t(lane: Lane) -> float:
    return lane.cost_eur_per_truck / lane.truck_capacity_t + lane.cost_eur_per_t


def _usable_pairs(network: Network, hubs: Iterable[str]) -> dict[tuple[str, str], list[Lane]]:
    usable = set(hubs)
    pairs: dict[tuple[str, str], list[Lane]] = defaultdict(list)
    for lane in sorted(network.lanes, key=lambda x: x.id):
        if _lane_usable(lane) and lane.origin in usable and lane.destination in usable:
            pairs[(lane.origin, lane.destination)].append(lane)
    return dict(sorted(pairs.items()))


def network_graph(network: Network) -> nx.DiGraph:
    """The network as a directed graph over usable hubs and lanes.

    Node attributes: ``name``, ``region``, ``kind``, ``lat``, ``lon``,
    ``capacity_t_per_day``, ``handling_cost_eur_per_t``, ``closed_days``. Edge attributes
    describe the cheapest lane between the two hubs (``lane_id``, ``distance_km``,
    ``transit_h``, ``cost_eur_per_t`` at full truck, ``cost_eur_per_truck``) and all of
    them together (``lane_ids``, ``min_transit_h``, ``capacity_t_per_day`` summed).

    Parameters
    ----------
    network
        The network; closed or zero-capacity hubs and inactive or zero-truck lanes are left
        out (see the module conventions).

    Returns
    -------
    networkx.DiGraph
        Nodes and edges are inserted in sorted id order, so traversals are deterministic.
    """
    graph = nx.DiGraph(name=network.name)
    for hub in sorted(network.hubs, key=lambda h: h.id):
        if _hub_usable(network, hub):
            graph.add_node(
                hub.id,
                name=hub.name,
                region=hub.region,
                kind=hub.kind.value,
                lat=hub.lat,
                lon=hub.lon,
                capacity_t_per_day=hub.capacity_t_per_day,
                handling_cost_eur_per_t=hub.handling_cost_eur_per_t,
                closed_days=hub.closed_days,
            )
    for (origin, destination), lanes in _usable_pairs(network, graph.nodes).items():
        cheapest = min(lanes, key=lambda x: (_lane_cost_per_t(x), x.transit_h, x.id))
        graph.add_edge(
            origin,
            destination,
            lane_id=cheapest.id,
            lane_ids=tuple(x.id for x in lanes),
            distance_km=cheapest.distance_km,
            transit_h=cheapest.transit_h,
            min_transit_h=min(x.transit_h for x in lanes),
            cost_eur_per_t=_lane_cost_per_t(cheapest),
            cost_eur_per_truck=cheapest.cost_eur_per_truck,
            capacity_t_per_day=sum(x.truck_capacity_t * x.max_trucks_per_day for x in lanes),
        )
    return graph


# ----------------------------------------------------------------------------------------
# Routing


@dataclass(frozen=True, slots=True)
class _Route:
    hubs: tuple[str, ...]
    lanes: tuple[str, ...]
    km: float
    transit_h: float
    cost_eur_per_t: float


@dataclass(frozen=True, slots=True)
class _Blocked:
    status: Literal["no_path", "too_slow"]
    fastest_h: float | None


_Metric = Literal["cost", "time"]
_Pred = npt.NDArray[np.int32]


class _Router:
    """Cheapest and fastest routes over the usable graph, optionally without some elements.

    The graph comes from :func:`network_graph`; shortest paths run on a sparse matrix of it
    (SciPy's Dijkstra), which keeps the many re-routings of :func:`critical_elements` fast.
    """

    def __init__(self, network: Network) -> None:
        self.network = network
        self.graph = network_graph(network)
        pairs = _usable_pairs(network, self.graph.nodes)
        self.by_cost = {
            k: tuple(sorted(v, key=lambda x: (_lane_cost_per_t(x), x.transit_h, x.id)))
            for k, v in pairs.items()
        }
        self.by_time = {
            k: tuple(sorted(v, key=lambda x: (x.transit_h, _lane_cost_per_t(x), x.id)))
            for k, v in pairs.items()
        }
        self.handling = {h.id: h.handling_cost_eur_per_t for h in network.hubs}
        self.nodes: list[str] = list(self.graph.nodes)
        self.index = {h: i for i, h in enumerate(self.nodes)}
        self.pairs = list(pairs)
        self.rows = np.array([self.index[u] for u, _ in self.pairs], dtype=np.int64)
        self.cols = np.array([self.index[v] for _, v in self.pairs], dtype=np.int64)
        self.pair_of_lane = {
            lane.id: k for k, pair in enumerate(self.pairs) for lane in self.by_cost[pair]
        }
        self.base = {
            metric: np.array(
                [self._weight(metric, self._first(metric, pair)) for pair in self.pairs],
                dtype=np.float64,
            )
            for metric in ("cost", "time")
        }
        self._matrices: dict[tuple[_Metric, frozenset[str], frozenset[str]], csr_array] = {}
        self._preds: dict[tuple[str, _Metric, frozenset[str], frozenset[str]], _Pred] = {}

    def _first(self, metric: _Metric, pair: tuple[str, str]) -> Lane:
        return (self.by_cost if metric == "cost" else self.by_time)[pair][0]

    def _weight(self, metric: _Metric, lane: Lane) -> float:
        if metric == "time":
            return lane.transit_h
        return _lane_cost_per_t(lane) + self.handling[lane.destination]

    def _pick(self, metric: _Metric, u: str, v: str, drop_lanes: frozenset[str]) -> Lane | None:
        table = self.by_cost if metric == "cost" else self.by_time
        for lane in table[(u, v)]:
            if lane.id not in drop_lanes:
                return lane
        return None

    def _matrix(
        self, metric: _Metric, drop_hubs: frozenset[str], drop_lanes: frozenset[str]
    ) -> csr_array:
        key = (metric, drop_hubs, drop_lanes)
        cached = self._matrices.get(key)
        if cached is not None:
            return cached
        weights = self.base[metric].copy()
        keep = np.ones(len(self.pairs), dtype=bool)
        for lane_id in drop_lanes:
            k = self.pair_of_lane.get(lane_id)
            if k is None:
                continue
            lane = self._pick(metric, *self.pairs[k], drop_lanes)
            if lane is None:
                keep[k] = False
            else:
                weights[k] = self._weight(metric, lane)
        for hub in drop_hubs:
            i = self.index.get(hub)
            if i is not None:
                keep &= (self.rows != i) & (self.cols != i)
        n = len(self.nodes)
        matrix = csr_array(
            (weights[keep], (self.rows[keep], self.cols[keep])), shape=(n, n), dtype=np.float64
        )
        self._matrices[key] = matrix
        return matrix

    def _pred(
        self, origin: str, metric: _Metric, drop_hubs: frozenset[str], drop_lanes: frozenset[str]
    ) -> _Pred:
        key = (origin, metric, drop_hubs, drop_lanes)
        cached = self._preds.get(key)
        if cached is None:
            matrix = self._matrix(metric, drop_hubs, drop_lanes)
            _dist, pred = dijkstra(
                matrix, directed=True, indices=self.index[origin], return_predecessors=True
            )
            cached = self._preds[key] = pred
        return cached

    def forget_drops(self) -> None:
        """Drop cached trees computed without some elements (keeps memory flat in loops)."""
        self._matrices = {k: v for k, v in self._matrices.items() if not k[1] and not k[2]}
        self._preds = {k: v for k, v in self._preds.items() if not k[2] and not k[3]}

    def path(
        self,
        origin: str,
        destination: str,
        metric: _Metric,
        drop_hubs: frozenset[str] = _NO_HUBS,
        drop_lanes: frozenset[str] = _NO_LANES,
    ) -> _Route | None:
        if (
            origin == destination
            or origin in drop_hubs
            or destination in drop_hubs
            or origin not in self.index
            or destination not in self.index
        ):
            return None
        pred = self._pred(origin, metric, drop_hubs, drop_lanes)
        start, at = self.index[origin], self.index[destination]
        backwards = [at]
        while at != start:
            at = int(pred[at])
            if at < 0:
                return None
            backwards.append(at)
        nodes = [self.nodes[i] for i in reversed(backwards)]
        lanes: list[Lane] = []
        for u, v in pairwise(nodes):
            lane = self._pick(metric, u, v, drop_lanes)
            assert lane is not None  # the matrix only holds pairs with a usable lane
            lanes.append(lane)
        return _Route(
            hubs=tuple(nodes),
            lanes=tuple(x.id for x in lanes),
            km=sum(x.distance_km for x in lanes),
            transit_h=sum(x.transit_h for x in lanes),
            cost_eur_per_t=self.handling[origin]
            + sum(_lane_cost_per_t(x) + self.handling[x.destination] for x in lanes),
        )

    def route(
        self,
        demand: Demand,
        drop_hubs: frozenset[str] = _NO_HUBS,
        drop_lanes: frozenset[str] = _NO_LANES,
    ) -> _Route | _Blocked:
        """Cheapest route if it is in time, else the fastest one, else why there is none."""
        window = _window_h(self.network, demand)
        cheapest = self.path(demand.origin, demand.destination, "cost", drop_hubs, drop_lanes)
        if cheapest is None:
            return _Blocked("no_path", None)
        if cheapest.transit_h <= window:
            return cheapest
        fastest = self.path(demand.origin, demand.destination, "time", drop_hubs, drop_lanes)
        assert fastest is not None  # a cheapest route exists, so some route does
        if fastest.transit_h <= window:
            return fastest
        return _Blocked("too_slow", fastest.transit_h)


def _window_h(network: Network, demand: Demand) -> float:
    return demand.due_h + network.policy.max_late_h


def _window_days(network: Network, demand: Demand) -> frozenset[int]:
    """Days (cyclic) the freight may be travelling: release day up to the end of its window."""
    days = network.calendar.days
    span = min(days, max(1, math.ceil(_window_h(network, demand) / 24.0)))
    return frozenset((demand.release_day + k) % days for k in range(span))


# ----------------------------------------------------------------------------------------
# Reachability


@dataclass(frozen=True, slots=True)
class _State:
    status: Literal["ok", "no_path", "too_slow", "at_risk"]
    fastest_h: float | None
    blocked_by: tuple[str, ...] = ()
    closed_days: tuple[tuple[str, tuple[int, ...]], ...] = ()


def _demand_states(network: Network) -> dict[str, _State]:
    """Reachability of every demand with volume, keyed by demand id."""
    router = _Router(network)
    usable = set(router.graph.nodes)
    partly_closed = {
        h.id: frozenset(h.closed_days) for h in network.hubs if h.id in usable and h.closed_days
    }
    states: dict[str, _State] = {}
    for d in sorted(network.demands, key=lambda x: x.id):
        if d.volume_t <= 0:
            continue
        closed_ends = tuple(h for h in (d.origin, d.destination) if h not in usable)
        if closed_ends:
            states[d.id] = _State("no_path", None, closed_ends)
            continue
        window = _window_h(network, d)
        fastest = router.path(d.origin, d.destination, "time")
        if fastest is None:
            states[d.id] = _State("no_path", None)
            continue
        if fastest.transit_h > window:
            states[d.id] = _State("too_slow", fastest.transit_h)
            continue
        days = _window_days(network, d)
        closing = {h: tuple(sorted(c & days)) for h, c in partly_closed.items() if c & days}
        on_route = tuple(h for h in fastest.hubs if h in closing)
        if on_route:
            alt = router.path(d.origin, d.destination, "time", drop_hubs=frozenset(closing))
            if alt is None or alt.transit_h > window:
                states[d.id] = _State(
                    "at_risk",
                    fastest.transit_h,
                    on_route,
                    tuple((h, closing[h]) for h in on_route),
                )
                continue
        states[d.id] = _State("ok", fastest.transit_h)
    return states


def _hub_label(network: Network, hub_id: str) -> str:
    hub = network.hub_by_id.get(hub_id)
    if hub is None or hub.name == hub_id:
        return hub_id
    return f"{hub.name} ({hub_id})"


def _hub_name(network: Network, hub_id: str) -> str:
    hub = network.hub_by_id.get(hub_id)
    return hub.name if hub is not None else hub_id


def _lane_label(network: Network, lane: Lane) -> str:
    return f"{_hub_name(network, lane.origin)} → {_hub_name(network, lane.destination)} ({lane.id})"


def _pair_reason(network: Network, status: str, states: list[_State], window_h: float) -> str:
    first = states[0]
    if status == "no_path":
        if first.blocked_by:
            return " and ".join(f"{_hub_label(network, h)} is closed" for h in first.blocked_by)
        return "no route over open hubs and active lanes"
    if status == "too_slow":
        return (
            f"fastest route takes {first.fastest_h:.1f} h, beyond the {window_h:.1f} h window "
            f"(due time plus late allowance)"
        )
    closures: dict[str, set[int]] = defaultdict(set)
    for s in states:
        for hub, days in s.closed_days:
            closures[hub].update(days)
    named = ", ".join(
        f"{_hub_label(network, h)} (closed {', '.join(DAY_NAMES[d % 7] for d in sorted(ds))})"
        for h, ds in sorted(closures.items())
    )
    return f"every route in time passes {named} while the freight travels"


def _group(
    network: Network, states: Mapping[str, _State], demand_ids: Iterable[str]
) -> list[UnreachablePair]:
    groups: dict[tuple[str, str, PairStatus], list[Demand]] = defaultdict(list)
    for did in demand_ids:
        d = network.demand_by_id[did]
        status = states[did].status
        if status == "ok":
            raise ValueError(f"demand {did!r} is reachable; it is not an unreachable pair")
        groups[(d.origin, d.destination, status)].append(d)
    pairs: list[UnreachablePair] = []
    for (origin, destination, status), demands in groups.items():
        demands.sort(key=lambda x: x.id)
        group_states = [states[d.id] for d in demands]
        window = max(_window_h(network, d) for d in demands)
        blocked = sorted({h for s in group_states for h in s.blocked_by})
        fastest = [s.fastest_h for s in group_states if s.fastest_h is not None]
        pairs.append(
            UnreachablePair(
                origin=origin,
                origin_name=_hub_name(network, origin),
                destination=destination,
                destination_name=_hub_name(network, destination),
                status=status,
                demand_ids=tuple(d.id for d in demands),
                volume_t=sum(d.volume_t for d in demands),
                customers=tuple(sorted({d.customer for d in demands if d.customer})),
                fastest_transit_h=min(fastest) if fastest else None,
                window_h=window,
                blocked_by=tuple(blocked),
                reason=_pair_reason(network, status, group_states, window),
            )
        )
    pairs.sort(key=lambda p: (-p.volume_t, p.origin, p.destination, p.status))
    return pairs


def unreachable_pairs(network: Network, *, before: Network | None = None) -> ReachabilityReport:
    """Origin–destination pairs with demand that no route serves in time, named before solving.

    A demand is *cut off* when its origin or destination is closed, when no route joins them
    (``no_path``) or when even the fastest route misses ``due_h + max_late_h``
    (``too_slow``). It is *at risk* when it has a route in time, but every such route passes
    a hub closed on one of the days the freight would travel (release day up to the end of
    its window): a plan may still serve it by waiting, so this is a warning, not a verdict.
    Demands with zero volume are ignored.

    Parameters
    ----------
    network
        The network to analyse (typically after an edit).
    before
        The network before the change. When given, only demands the change made worse are
        reported: cut off now but not before, or at risk now but fine before (demands the
        change added count as fine before).

    Returns
    -------
    ReachabilityReport
        Pairs sorted by tonnes (largest first), then by origin and destination id.
    """
    after_states = _demand_states(network)
    removed_hubs: tuple[str, ...] = ()
    removed_lanes: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    if before is None:
        cut_ids = [i for i, s in after_states.items() if s.status in _CUT]
        risk_ids = [i for i, s in after_states.items() if s.status == "at_risk"]
    else:
        before_states = _demand_states(before)
        ok = _State("ok", None)
        cut_ids = [
            i
            for i, s in after_states.items()
            if s.status in _CUT and before_states.get(i, ok).status not in _CUT
        ]
        risk_ids = [
            i
            for i, s in after_states.items()
            if s.status == "at_risk" and before_states.get(i, ok).status == "ok"
        ]
        g_before, g_after = network_graph(before), network_graph(network)
        removed_hubs = tuple(sorted(set(g_before.nodes) - set(g_after.nodes)))
        lanes_after = {x for _, _, ids in g_after.edges(data="lane_ids") for x in ids}
        removed_lanes = tuple(
            sorted(
                x
                for u, v, ids in g_before.edges(data="lane_ids")
                if u not in removed_hubs and v not in removed_hubs
                for x in ids
                if x not in lanes_after
            )
        )
        labels = tuple(f"hub {_hub_label(before, h)}" for h in removed_hubs) + tuple(
            f"lane {_lane_label(before, before.lane_by_id[x])}" for x in removed_lanes
        )
    return ReachabilityReport(
        cut_off=tuple(_group(network, after_states, cut_ids)),
        at_risk=tuple(_group(network, after_states, risk_ids)),
        horizon_days=network.calendar.days,
        compared=before is not None,
        removed_hubs=removed_hubs,
        removed_lanes=removed_lanes,
        removed_labels=labels,
    )


# ----------------------------------------------------------------------------------------
# Critical elements


def _check_flows(network: Network, flows: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(k for k in flows if k not in network.lane_by_id)
    if unknown:
        raise ValueError(f"flows: unknown lane id(s) {', '.join(map(repr, unknown))}")
    bad = sorted(k for k, v in flows.items() if not (math.isfinite(v) and v >= 0))
    if bad:
        raise ValueError(
            f"flows: lane(s) {', '.join(map(repr, bad))} have a negative or non-finite flow"
        )
    return {k: float(v) for k, v in flows.items()}


@dataclass(slots=True)
class _Impact:
    flow_t: float = 0.0
    cut_off_t: float = 0.0
    rerouted_t: float = 0.0
    extra_km_t: float = 0.0
    loss_eur: float = 0.0
    own_t: float = 0.0


def critical_elements(
    network: Network,
    *,
    top: int = 5,
    flows: Mapping[str, float] | None = None,
    cost_without: Callable[[ElementRef], float] | None = None,
    candidates: int | None = None,
) -> tuple[CriticalElement, ...]:
    """Rank hubs and lanes by what losing each would cost, from the graph alone.

    Every routable demand is routed on its cheapest route in time (see the module
    conventions). For each hub and lane the demand routed over (or through) it is re-routed
    without it; tonnes with no route in time are cut off, the others are rerouted with
    their extra km and routing cost. The estimated loss prices cut tonnes at each demand's
    unserved penalty plus the extra routing cost (never below zero per demand; lateness
    inside the allowance is not priced). A hub's own freight is reported (``own_t``) but not
    priced: losing the place freight starts or ends at is not something routing can avoid.
    Elements rank by estimated loss, then by flow through them (flow-weighted betweenness),
    then hubs before lanes, then id; elements nothing passes through are left out.

    Parameters
    ----------
    network
        The network to analyse.
    top
        How many elements to return (at least 1).
    flows
        Lane tonnes from a plan (lane id -> tonnes per horizon). When given, lane flows are
        taken from it, hub through-flow is estimated from it (inflow minus the demand ending
        at the hub, or outflow minus the demand starting there, whichever is larger; exact
        when all demand is served), and demand is assigned to the plan's lanes (those with
        flow) before re-routing on the whole network. Flows on unusable lanes are ignored.
    cost_without
        Optional ``cost_without(element) -> total cost`` (e.g. a quick re-solve without the
        element). It is called for the first ``candidates`` elements of the graph ranking,
        which are then re-ranked by it (higher cost first; ties keep the graph order).
    candidates
        How many top elements ``cost_without`` evaluates; defaults to ``top``.

    Returns
    -------
    tuple[CriticalElement, ...]
        At most ``top`` elements, most critical first.

    Raises
    ------
    ValueError
        If ``top`` or ``candidates`` is out of range, ``flows`` names an unknown lane or has
        a negative value, or ``cost_without`` returns NaN.
    """
    if top < 1:
        raise ValueError(f"top: must be at least 1, got {top}")
    n_candidates = top if candidates is None else candidates
    if n_candidates < top:
        raise ValueError(f"candidates: must be at least top ({top}), got {candidates}")
    plan_flows = _check_flows(network, flows) if flows is not None else None
    router = _Router(network)
    usable_lanes = {x for ids in router.by_cost.values() for x in (lane.id for lane in ids)}

    # Baseline assignment of every routable demand.
    base_drop = _NO_LANES
    if plan_flows is not None:
        base_drop = frozenset(x for x in usable_lanes if plan_flows.get(x, 0.0) <= 0.0)
    routes: dict[str, _Route] = {}
    for d in sorted(network.demands, key=lambda x: x.id):
        if d.volume_t <= 0 or d.origin not in router.graph or d.destination not in router.graph:
            continue
        r = router.route(d, drop_lanes=base_drop)
        if not isinstance(r, _Route) and base_drop:
            r = router.route(d)
        if isinstance(r, _Route):
            routes[d.id] = r
    total_t = sum(network.demand_by_id[i].volume_t for i in routes)

    impacts: dict[tuple[ElementKind, str], _Impact] = {}
    for hub in router.graph.nodes:
        impacts[("hub", hub)] = _Impact()
    for lane_id in sorted(usable_lanes):
        impacts[("lane", lane_id)] = _Impact()

    # Flow through each element.
    users: dict[tuple[ElementKind, str], list[str]] = defaultdict(list)
    ends: dict[str, list[str]] = defaultdict(list)
    for did, r in routes.items():
        for hub in r.hubs[1:-1]:
            users[("hub", hub)].append(did)
        for lane_id in r.lanes:
            users[("lane", lane_id)].append(did)
        d = network.demand_by_id[did]
        ends[d.origin].append(did)
        ends[d.destination].append(did)
    if plan_flows is None:
        for key, dids in users.items():
            impacts[key].flow_t = sum(network.demand_by_id[i].volume_t for i in dids)
    else:
        inflow: dict[str, float] = defaultdict(float)
        outflow: dict[str, float] = defaultdict(float)
        for lane_id in usable_lanes:
            t = plan_flows.get(lane_id, 0.0)
            impacts[("lane", lane_id)].flow_t = t
            lane = network.lane_by_id[lane_id]
            outflow[lane.origin] += t
            inflow[lane.destination] += t
        demand_to: dict[str, float] = defaultdict(float)
        demand_from: dict[str, float] = defaultdict(float)
        for d in network.demands:
            demand_to[d.destination] += d.volume_t
            demand_from[d.origin] += d.volume_t
        for hub in router.graph.nodes:
            impacts[("hub", hub)].flow_t = max(
                0.0, inflow[hub] - demand_to[hub], outflow[hub] - demand_from[hub]
            )

    # Consequences of losing each element.
    for (kind, eid), impact in impacts.items():
        drop_hubs = frozenset({eid}) if kind == "hub" else _NO_HUBS
        drop_lanes = frozenset({eid}) if kind == "lane" else _NO_LANES
        if kind == "hub":
            impact.own_t = sum(network.demand_by_id[i].volume_t for i in ends.get(eid, []))
        cut: list[str] = []
        for did in users.get((kind, eid), []):
            d = network.demand_by_id[did]
            new = router.route(d, drop_hubs, drop_lanes)
            if not isinstance(new, _Route):
                cut.append(did)
                continue
            old = routes[did]
            impact.rerouted_t += d.volume_t
            impact.extra_km_t += d.volume_t * (new.km - old.km)
            impact.loss_eur += d.volume_t * max(0.0, new.cost_eur_per_t - old.cost_eur_per_t)
        for did in cut:
            d = network.demand_by_id[did]
            impact.cut_off_t += d.volume_t
            impact.loss_eur += d.volume_t * d.penalty_unserved_eur_per_t
        router.forget_drops()

    def name_of(kind: ElementKind, eid: str) -> str:
        if kind == "hub":
            return _hub_name(network, eid)
        lane = network.lane_by_id[eid]
        return f"{_hub_name(network, lane.origin)} → {_hub_name(network, lane.destination)}"

    ranked = sorted(
        (
            (kind, eid, imp)
            for (kind, eid), imp in impacts.items()
            if imp.flow_t > 0 or imp.cut_off_t > 0 or imp.rerouted_t > 0
        ),
        key=lambda t: (-t[2].loss_eur, -t[2].flow_t, -t[2].cut_off_t, t[0], t[1]),
    )
    per = _per_horizon(network.calendar.days)
    costs: dict[tuple[ElementKind, str], float] = {}
    if cost_without is not None:
        pool = ranked[:n_candidates]
        for kind, eid, _imp in pool:
            value = float(cost_without(ElementRef(kind, eid)))
            if math.isnan(value):
                raise ValueError(f"cost_without returned NaN for {kind} {eid!r}")
            costs[(kind, eid)] = value
        order = {(k, e): i for i, (k, e, _) in enumerate(pool)}
        ranked = sorted(pool, key=lambda t: (-costs[(t[0], t[1])], order[(t[0], t[1])]))

    out: list[CriticalElement] = []
    for kind, eid, imp in ranked[:top]:
        label = (
            _hub_label(network, eid)
            if kind == "hub"
            else _lane_label(network, network.lane_by_id[eid])
        )
        share = imp.flow_t / total_t if total_t > 0 else 0.0
        detour = imp.extra_km_t / imp.rerouted_t if imp.rerouted_t > 0 else None
        verb = "pass through" if kind == "hub" else "carried"
        consequences: list[str] = []
        if imp.cut_off_t > 0:
            consequences.append(f"cuts off {_fmt_t(imp.cut_off_t)} t{per}")
        if imp.rerouted_t > 0 and detour is not None:
            consequences.append(
                f"reroutes {_fmt_t(imp.rerouted_t)} t{per} ({detour:+,.0f} km on average)"
            )
        loss = (
            f"losing it {' and '.join(consequences)}, est. €{imp.loss_eur:,.0f}"
            if consequences
            else "losing it changes no route"
        )
        reason = f"{label}: {_fmt_t(imp.flow_t)} t{per} {verb} ({_fmt_share(share)}); {loss}"
        if imp.own_t > 0:
            reason += f"; its own {_fmt_t(imp.own_t)} t{per} would go with it"
        cost = costs.get((kind, eid))
        if cost is not None:
            reason += f"; total cost without it €{cost:,.0f}"
        out.append(
            CriticalElement(
                kind=kind,
                id=eid,
                name=name_of(kind, eid),
                flow_t=imp.flow_t,
                betweenness=share,
                cut_off_t=imp.cut_off_t,
                rerouted_t=imp.rerouted_t,
                detour_km=detour,
                est_loss_eur=imp.loss_eur,
                own_t=imp.own_t,
                cost_without_eur=cost,
                reason=reason,
            )
        )
    return tuple(out)


# ----------------------------------------------------------------------------------------
# Formatting


def _per_horizon(days: int) -> str:
    return "/week" if days == 7 else f" per {days}-day horizon"


def _fmt_t(tonnes: float) -> str:
    return f"{tonnes:,.0f}" if abs(tonnes) >= 10 or tonnes == int(tonnes) else f"{tonnes:,.1f}"


def _fmt_share(share: float) -> str:
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def _pairs(n: int) -> str:
    return f"{n} OD pair{'s' if n != 1 else ''}"
