"""The freight network data model: hubs, lanes, demand, fleet, drivers, calendar.

Every model is an immutable pydantic v2 object; units are explicit in field names
(``_km``, ``_h``, ``_t`` for tonnes, ``_eur``). A :class:`Network` is validated as a
whole by :func:`parse_network`, which reports *every* problem at once, each naming the
entity, its id, the field and the reason. :meth:`Network.canonical_json` and
:meth:`Network.content_hash` give an order-independent identity, so identical
networks are recognised (and stored, solved) once.

Examples
--------
>>> from solver.network import Hub, parse_network
>>> net = parse_network({"name": "tiny", "hubs": [
...     {"id": "A", "name": "Alpha", "region": "north", "lat": 52.5, "lon": 13.4,
...      "capacity_t_per_day": 100, "handling_cost_eur_per_t": 2}]})
>>> len(net.content_hash())
64
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from solver.domains import Count, Euros, Hours, Km, Name, Tonnes
from solver.errors import NetworkValidationError, ValidationIssue

DAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


class HubKind(StrEnum):
    """What a site does in the network."""

    HUB = "hub"
    RELAY = "relay"
    DEPOT = "depot"
    CROSS_DOCK = "cross-dock"


class CarrierKind(StrEnum):
    """Own fleet lanes must balance trailers; contract lanes do not, at a higher rate."""

    OWN = "own"
    CONTRACT = "contract"


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


def _sorted_days(days: Sequence[int]) -> tuple[int, ...]:
    return tuple(sorted(set(days)))


class Calendar(_Frozen):
    """A cyclic planning horizon of ``days`` days, each split into equal time buckets."""

    days: int = Field(default=7, ge=1, le=14, description="Length of the cyclic horizon.")
    buckets_per_day: int = Field(default=4, ge=1, le=24, description="Time buckets per day.")

    @property
    def bucket_h(self) -> float:
        """Length of one time bucket in hours."""
        return 24.0 / self.buckets_per_day

    @property
    def n_buckets(self) -> int:
        """Number of time buckets in the horizon."""
        return self.days * self.buckets_per_day

    def day_of(self, bucket: int) -> int:
        """The day (0 = Monday) a bucket falls on, wrapping around the cyclic week."""
        return (bucket % self.n_buckets) // self.buckets_per_day

    def day_name(self, day: int) -> str:
        """Human name of a day index (Monday first)."""
        return DAY_NAMES[day % 7]


class Hub(_Frozen):
    """A site that handles freight: throughput capacity, handling cost, parking."""

    id: Name = Field(min_length=1)
    name: Name = Field(min_length=1)
    region: Name = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: HubKind = HubKind.HUB
    capacity_t_per_day: Tonnes = Field(description="Tonnes the hub can handle per day.")
    handling_cost_eur_per_t: Euros
    trailer_parking: Count = Field(default=1000, description="Trailers parked at once.")
    open: bool = True
    closed_days: tuple[int, ...] = Field(default=(), description="Days (0 = Monday) closed.")

    @field_validator("closed_days", mode="after")
    @classmethod
    def _days_sorted(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(d < 0 or d > 13 for d in value):
            raise ValueError("days must be between 0 (Monday) and 13")
        return _sorted_days(value)

    def is_open_on(self, day: int) -> bool:
        """Whether the hub handles freight on ``day``."""
        return self.open and day not in self.closed_days


class Lane(_Frozen):
    """A directed hub-to-hub line-haul link served by trucks."""

    id: Name = Field(min_length=1)
    origin: Name = Field(min_length=1)
    destination: Name = Field(min_length=1)
    distance_km: Km
    transit_h: Hours = Field(gt=0)
    cost_eur_per_truck: Euros = Field(description="Fixed cost of one dispatch.")
    cost_eur_per_t: Euros = Field(default=0.0, description="Variable cost per tonne.")
    truck_capacity_t: Tonnes = Field(gt=0)
    max_trucks_per_day: Count
    carrier: CarrierKind = CarrierKind.OWN
    active: bool = True


class Demand(_Frozen):
    """Freight released at ``origin`` on ``release_day`` that must reach ``destination``."""

    id: Name = Field(min_length=1)
    origin: Name = Field(min_length=1)
    destination: Name = Field(min_length=1)
    release_day: int = Field(ge=0, le=13)
    volume_t: Tonnes
    due_h: Hours = Field(gt=0, description="Service window: due within this many hours.")
    customer: Name = Field(default="", description="Customer name, for filters and reports.")
    priority: int = Field(default=2, ge=1, le=3, description="1 = highest.")
    penalty_late_eur_per_t: Euros
    penalty_unserved_eur_per_t: Euros


class TrailerPool(_Frozen):
    """Trailers based at a home hub (own fleet)."""

    hub: Name = Field(min_length=1)
    trailers: Count


class DriverPool(_Frozen):
    """Drivers available in a region on a day; each drives at most ``hours_per_driver``."""

    region: Name = Field(min_length=1)
    day: int = Field(ge=0, le=13)
    drivers: Count
    hours_per_driver: float = Field(default=9.0, gt=0, le=24)


class ServicePolicy(_Frozen):
    """Network-wide service rules."""

    service_target: float | None = Field(
        default=None, ge=0, le=1, description="Minimum share of tonnes on time, if any."
    )
    max_late_h: Hours = Field(
        default=24.0, description="Freight later than due + this is counted unserved."
    )


ENTITY_TABLES: tuple[str, ...] = ("hubs", "lanes", "demands", "fleet", "drivers")
"""The list-valued tables of a network, in canonical order."""


class ViaRule(_Frozen):
    """The listed demands must pass through hub ``via`` (a planner's forced routing)."""

    demand_ids: tuple[Name, ...] = Field(min_length=1)
    via: Name = Field(min_length=1)


class LaneRule(_Frozen):
    """Lane ``lane`` must run a loaded truck on ``days`` (any day when empty)."""

    lane: Name = Field(min_length=1)
    days: tuple[int, ...] = Field(default=(), description="Days (0 = Monday); () = any day.")

    @field_validator("days", mode="after")
    @classmethod
    def _days_sorted(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(d < 0 or d > 13 for d in value):
            raise ValueError("days must be between 0 (Monday) and 13")
        return _sorted_days(value)


class Network(_Frozen):
    """A whole freight network; build it with :func:`parse_network` to get full checks."""

    name: Name = Field(min_length=1)
    calendar: Calendar = Calendar()
    policy: ServicePolicy = ServicePolicy()
    hubs: tuple[Hub, ...] = ()
    lanes: tuple[Lane, ...] = ()
    demands: tuple[Demand, ...] = ()
    fleet: tuple[TrailerPool, ...] = ()
    drivers: tuple[DriverPool, ...] = ()
    via_rules: tuple[ViaRule, ...] = ()
    lane_rules: tuple[LaneRule, ...] = ()

    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, ignored_types=(cached_property,)
    )

    @cached_property
    def hub_by_id(self) -> dict[str, Hub]:
        """Hubs keyed by id."""
        return {h.id: h for h in self.hubs}

    @cached_property
    def lane_by_id(self) -> dict[str, Lane]:
        """Lanes keyed by id."""
        return {lane.id: lane for lane in self.lanes}

    @cached_property
    def demand_by_id(self) -> dict[str, Demand]:
        """Demands keyed by id."""
        return {d.id: d for d in self.demands}

    @cached_property
    def via_of(self) -> dict[str, str]:
        """The hub each demand with a via rule must pass through, keyed by demand id."""
        return {d: rule.via for rule in self.via_rules for d in rule.demand_ids}

    @property
    def regions(self) -> tuple[str, ...]:
        """Distinct hub regions, sorted."""
        return tuple(sorted({h.region for h in self.hubs}))

    def canonical_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every table sorted by its key: input order does not matter."""
        data = self.model_dump(mode="json")
        data["hubs"].sort(key=lambda r: r["id"])
        data["lanes"].sort(key=lambda r: r["id"])
        data["demands"].sort(key=lambda r: r["id"])
        data["fleet"].sort(key=lambda r: r["hub"])
        data["drivers"].sort(key=lambda r: (r["region"], r["day"]))
        for rules in ("via_rules", "lane_rules"):
            if not data[rules]:
                del data[rules]  # networks without rules keep the hash they always had
        return data

    def canonical_json(self) -> str:
        """Canonical JSON: sorted keys and rows, no whitespace, floats as Python prints them."""
        return json.dumps(
            self.canonical_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON (hex)."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


_ROW_MODELS: dict[str, type[_Frozen]] = {
    "hubs": Hub,
    "lanes": Lane,
    "demands": Demand,
    "fleet": TrailerPool,
    "drivers": DriverPool,
}
_ENTITY_NAMES: dict[str, str] = {
    "hubs": "hub",
    "lanes": "lane",
    "demands": "demand",
    "fleet": "trailer pool",
    "drivers": "driver pool",
}


def _row_key(table: str, row: Mapping[str, Any] | BaseModel, index: int) -> str:
    get = row.get if isinstance(row, Mapping) else lambda k: getattr(row, k, None)
    if table == "fleet":
        key = get("hub")
    elif table == "drivers":
        key = f"{get('region')}/day {get('day')}"
    else:
        key = get("id")
    return str(key) if key not in (None, "") else f"#{index + 1}"


def _issues_from(error: ValidationError, entity: str, entity_id: str) -> Iterable[ValidationIssue]:
    for err in error.errors():
        loc = [str(p) for p in err["loc"]]
        yield ValidationIssue(
            entity=entity,
            entity_id=entity_id,
            field=".".join(loc) or "-",
            reason=err["msg"],
        )


def _reference_issues(net: Network) -> list[ValidationIssue]:
    """Cross-entity checks: unique ids, references that resolve, sensible pairs."""
    issues: list[ValidationIssue] = []

    def dupes(table: str, keys: Iterable[str]) -> None:
        for key, count in Counter(keys).items():
            if count > 1:
                issues.append(
                    ValidationIssue(
                        _ENTITY_NAMES[table], key, "id", f"appears {count} times; ids are unique"
                    )
                )

    dupes("hubs", (h.id for h in net.hubs))
    dupes("lanes", (lane.id for lane in net.lanes))
    dupes("demands", (d.id for d in net.demands))
    dupes("fleet", (p.hub for p in net.fleet))
    dupes("drivers", (f"{p.region}/day {p.day}" for p in net.drivers))
    hubs = {h.id for h in net.hubs}
    regions = {h.region for h in net.hubs}
    days = net.calendar.days
    for hub in net.hubs:
        for day in hub.closed_days:
            if day >= days:
                issues.append(
                    ValidationIssue(
                        "hub", hub.id, "closed_days", f"day {day} is outside the {days}-day horizon"
                    )
                )
    for lane in net.lanes:
        for fld in ("origin", "destination"):
            ref = getattr(lane, fld)
            if ref not in hubs:
                issues.append(ValidationIssue("lane", lane.id, fld, f"unknown hub {ref!r}"))
        if lane.origin == lane.destination:
            issues.append(ValidationIssue("lane", lane.id, "destination", "equals the origin"))
    for d in net.demands:
        for fld in ("origin", "destination"):
            ref = getattr(d, fld)
            if ref not in hubs:
                issues.append(ValidationIssue("demand", d.id, fld, f"unknown hub {ref!r}"))
        if d.origin == d.destination:
            issues.append(ValidationIssue("demand", d.id, "destination", "equals the origin"))
        if d.release_day >= days:
            issues.append(
                ValidationIssue("demand", d.id, "release_day", f"outside the {days}-day horizon")
            )
    for pool in net.fleet:
        if pool.hub not in hubs:
            issues.append(ValidationIssue("trailer pool", pool.hub, "hub", "unknown hub"))
    for dp in net.drivers:
        key = f"{dp.region}/day {dp.day}"
        if dp.region not in regions:
            issues.append(ValidationIssue("driver pool", key, "region", "no hub is in this region"))
        if dp.day >= days:
            issues.append(
                ValidationIssue("driver pool", key, "day", f"outside the {days}-day horizon")
            )
    issues.extend(_rule_issues(net))
    return issues


def _rule_issues(net: Network) -> list[ValidationIssue]:
    """Via and lane rules name existing entities; a via hub is never a demand's own end."""
    issues: list[ValidationIssue] = []
    seen: set[str] = set()
    for rule in net.via_rules:
        if rule.via not in net.hub_by_id:
            issues.append(ValidationIssue("via rule", rule.via, "via", "unknown hub"))
        for did in rule.demand_ids:
            demand = net.demand_by_id.get(did)
            if demand is None:
                issues.append(
                    ValidationIssue("via rule", rule.via, "demand_ids", f"unknown demand {did!r}")
                )
            elif rule.via in (demand.origin, demand.destination):
                issues.append(
                    ValidationIssue("via rule", rule.via, "via", f"is an end of demand {did}")
                )
            if did in seen:
                issues.append(
                    ValidationIssue(
                        "via rule", rule.via, "demand_ids", f"demand {did} has two via rules"
                    )
                )
            seen.add(did)
    for lrule in net.lane_rules:
        if lrule.lane not in net.lane_by_id:
            issues.append(ValidationIssue("lane rule", lrule.lane, "lane", "unknown lane"))
        for day in lrule.days:
            if day >= net.calendar.days:
                issues.append(
                    ValidationIssue(
                        "lane rule", lrule.lane, "days", f"day {day} is outside the horizon"
                    )
                )
    return issues


def parse_network(data: Mapping[str, Any] | Network) -> Network:
    """Validate raw network data (or re-check a Network) and report every problem at once.

    Raises
    ------
    NetworkValidationError
        With one :class:`ValidationIssue` per problem: entity, id, field and reason.
    """
    if isinstance(data, Network):
        problems = _reference_issues(data)
        if problems:
            raise NetworkValidationError(problems)
        return data
    issues: list[ValidationIssue] = []
    rows: dict[str, list[BaseModel]] = {}
    for table, model in _ROW_MODELS.items():
        raw = data.get(table) or []
        if not isinstance(raw, Sequence) or isinstance(raw, str):
            issues.append(
                ValidationIssue("network", str(data.get("name", "?")), table, "must be a list")
            )
            continue
        parsed: list[BaseModel] = []
        for i, row in enumerate(raw):
            key = _row_key(table, row, i) if isinstance(row, Mapping | BaseModel) else f"#{i + 1}"
            try:
                parsed.append(model.model_validate(row))
            except ValidationError as exc:
                issues.extend(_issues_from(exc, _ENTITY_NAMES[table], key))
        rows[table] = parsed
    header: dict[str, Any] = {
        k: data[k] for k in ("name", "calendar", "policy", "via_rules", "lane_rules") if k in data
    }
    unknown = set(data) - set(header) - set(_ROW_MODELS)
    for key in sorted(unknown):
        issues.append(ValidationIssue("network", str(data.get("name", "?")), key, "unknown field"))
    try:
        net = Network.model_validate({**header, **rows})
    except ValidationError as exc:
        issues.extend(_issues_from(exc, "network", str(data.get("name", "?"))))
        raise NetworkValidationError(issues) from None
    issues.extend(_reference_issues(net))
    if issues:
        raise NetworkValidationError(issues)
    return net


def network_from_json(text: str | bytes) -> Network:
    """Parse a network from JSON text with full validation."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NetworkValidationError(
            [ValidationIssue("network", "-", f"line {exc.lineno}", f"invalid JSON: {exc.msg}")]
        ) from None
    if not isinstance(data, dict):
        raise NetworkValidationError(
            [ValidationIssue("network", "-", "-", "must be a JSON object")]
        )
    return parse_network(data)


TableName = Literal["hubs", "lanes", "demands", "fleet", "drivers"]
