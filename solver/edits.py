"""The edit algebra: typed, pure operations on a :class:`~solver.network.Network`.

Every edit is a frozen pydantic model with a literal ``op`` field; :data:`Edit` is their
discriminated union. Each edit has

* ``apply(network) -> Network``: pure, returns a new validated network;
* ``describe(network) -> str``: one line for people, naming hubs by their names;
* ``touches(network) -> frozenset[str]``: the keys of the entities it changes
  (``hub:LYS``, ``lane:LYS-PAR``, ``demand:D0001``, ``fleet:LYS``,
  ``region:north/drivers/0``, ``policy``), used to detect conflicting concurrent edits.

Filters select entities by id, by name (case-insensitive), by region or by attribute.
An edit that selects nothing, changes nothing, or would make the network invalid raises
:class:`~solver.errors.EditError` saying why.

Examples
--------
>>> from solver.network import parse_network
>>> net = parse_network({"name": "t", "hubs": [
...     {"id": "A", "name": "Alpha", "region": "north", "lat": 50, "lon": 3,
...      "capacity_t_per_day": 100, "handling_cost_eur_per_t": 2},
...     {"id": "B", "name": "Beta", "region": "south", "lat": 45, "lon": 4,
...      "capacity_t_per_day": 100, "handling_cost_eur_per_t": 2}],
...   "demands": [{"id": "D1", "origin": "A", "destination": "B", "release_day": 0,
...      "volume_t": 10, "due_h": 24, "penalty_late_eur_per_t": 5,
...      "penalty_unserved_eur_per_t": 50}]})
>>> edit = parse_edit({"op": "scale_demand", "origin_regions": ["North"], "factor": 1.2})
>>> edit.describe(net)
'Scale demand out of the north region by +20%'
>>> edit.apply(net).demands[0].volume_t
12.0
>>> sorted(edit.touches(net))
['demand:D1']
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import statistics
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from solver.domains import (
    MAX_HOURS,
    Count,
    CountDelta,
    Euros,
    Factor,
    Hours,
    HoursDelta,
    Km,
    Name,
    Tonnes,
    TonnesDelta,
)
from solver.errors import EditError, NetworkValidationError
from solver.network import (
    DAY_NAMES,
    CarrierKind,
    Demand,
    DriverPool,
    Hub,
    HubKind,
    Lane,
    LaneRule,
    Network,
    TrailerPool,
    ViaRule,
    parse_network,
)
from solver.wording import join_words

__all__ = [
    "AddDemand",
    "AddLane",
    "CloseHub",
    "CloseLane",
    "Edit",
    "MoveTrailers",
    "RemoveDemand",
    "ReopenHub",
    "ReopenLane",
    "RouteVia",
    "ScaleDemand",
    "ScaleLaneRates",
    "SetDrivers",
    "SetDueHours",
    "SetFleetSize",
    "SetHubCapacity",
    "SetLaneCapacity",
    "SetLaneTransit",
    "SetServicePolicy",
    "UseLane",
    "apply_edits",
    "describe_edits",
    "edit_json_schema",
    "edit_json_schemas",
    "parse_edit",
    "parse_edits",
    "touches_of",
]

ROAD_CIRCUITY = 1.25
"""Road distance over great-circle distance, used when a new lane gives no distance."""

VOLUME_DECIMALS = 3
"""Scaled volumes are rounded to kilograms so that results hash the same everywhere."""

# --------------------------------------------------------------------------- days

_DAY_ALIASES: dict[str, int] = {}
for _i, _name in enumerate(DAY_NAMES):
    _DAY_ALIASES[_name.lower()] = _i
    _DAY_ALIASES[_name[:3].lower()] = _i
    _DAY_ALIASES[_name[:2].lower()] = _i
_DAY_ALIASES.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})
_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "weekends": (5, 6),
}
_RANGE_SEPARATORS = ("–", "—", "..", "-", " to ")


def _one_day(token: str) -> int:
    key = token.strip().lower().rstrip(".")
    if key.isdigit():
        return int(key)
    if key in _DAY_ALIASES:
        return _DAY_ALIASES[key]
    raise ValueError(f"unknown day {token!r}: use 0-13 (0 = Monday) or a day name like 'Mon'")


def _day_token(token: str) -> list[int]:
    key = token.strip().lower()
    if key in _DAY_GROUPS:
        return list(_DAY_GROUPS[key])
    for sep in _RANGE_SEPARATORS:
        if sep in key:
            left, right = key.split(sep, 1)
            start, end = _one_day(left), _one_day(right)
            if end < start:
                end += 7
            return [d % 7 if end < 7 else d for d in range(start, end + 1)]
    return [_one_day(key)]


def _parse_days(value: Any) -> Any:
    """Accept ints, day names, ranges ('Mon-Fri') and groups ('weekend'); return sorted ints."""
    if value is None:
        return None
    items: Iterable[Any] = [value] if isinstance(value, str | int) else value
    days: set[int] = set()
    for item in items:
        if isinstance(item, bool):
            raise ValueError("a day is a number 0-13 or a day name, not a boolean")
        if isinstance(item, int):
            days.add(item)
        elif isinstance(item, str):
            for part in item.split(","):
                if part.strip():
                    days.update(_day_token(part))
        else:
            raise ValueError(f"a day is a number 0-13 or a day name, got {item!r}")
    if not days:
        raise ValueError("give at least one day, or leave days out for the whole horizon")
    bad = sorted(d for d in days if d < 0 or d > 13)
    if bad:
        raise ValueError(f"days must be between 0 (Monday) and 13, got {bad}")
    return tuple(sorted(days))


_DAYS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "array",
            "items": {
                "anyOf": [
                    {"type": "integer", "minimum": 0, "maximum": 13},
                    {"type": "string"},
                ]
            },
        },
        {"type": "string"},
        {"type": "null"},
    ],
    "default": None,
    "description": (
        "Days of the horizon, 0 = Monday: numbers, day names ('Mon'), ranges ('Mon-Fri') or "
        "'weekdays'/'weekend'. Leave out for every day."
    ),
}

Days = Annotated[tuple[int, ...] | None, BeforeValidator(_parse_days), WithJsonSchema(_DAYS_SCHEMA)]
"""Optional set of day indices; ``None`` means every day of the horizon."""

DaysRequired = Annotated[
    tuple[int, ...],
    BeforeValidator(_parse_days),
    WithJsonSchema({**_DAYS_SCHEMA, "anyOf": _DAYS_SCHEMA["anyOf"][:2], "default": None}),
]


def _strs(value: Any) -> Any:
    """Let a single string stand for a one-element list."""
    return (value,) if isinstance(value, str) else value


Names = Annotated[tuple[Name, ...], BeforeValidator(_strs)]
"""One or more references (ids or names); a single string is accepted."""


def format_days(days: Sequence[int] | None, horizon: int = 7) -> str:
    """Human form of a set of days: 'Mon–Fri', 'Sat, Sun', 'Mon, Wed–Fri'; '' for all days."""
    if days is None or set(days) >= set(range(horizon)):
        return ""
    ordered = sorted(set(days))

    def name(d: int) -> str:
        short = DAY_NAMES[d % 7][:3]
        return short if d < 7 else f"{short} (wk {d // 7 + 1})"

    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{name(run[0])}–{name(run[-1])}")
        else:
            parts.extend(name(d) for d in run)
    return ", ".join(parts)


def _days_suffix(days: Sequence[int] | None, horizon: int) -> str:
    text = format_days(days, horizon)
    return f" ({text})" if text else ""


def _pct(factor: float) -> str:
    p = (factor - 1.0) * 100.0
    text = f"{p:+.0f}" if abs(p - round(p)) < 1e-9 else f"{p:+.1f}"
    return f"{text}%"


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 else f"{x:,.1f}"


# ----------------------------------------------------------------- entity lookup


def _suggest(ref: str, candidates: Iterable[str]) -> str:
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(ref, pool, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [
            lowered[c] for c in difflib.get_close_matches(ref.lower(), lowered, n=3, cutoff=0.6)
        ]
    if close:
        return " — did you mean " + " or ".join(repr(c) for c in close) + "?"
    if len(pool) <= 12:
        return " — known: " + ", ".join(pool) if pool else " — there are none"
    return ""


def resolve_hub(net: Network, ref: str) -> Hub:
    """Find a hub by id (exact, then case-insensitive) or by name (case-insensitive)."""
    hub = net.hub_by_id.get(ref)
    if hub is not None:
        return hub
    key = ref.strip().lower()
    for h in net.hubs:
        if h.id.lower() == key:
            return h
    named = [h for h in net.hubs if h.name.lower() == key]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = ", ".join(h.id for h in named)
        raise EditError(f"hub name {ref!r} is ambiguous ({ids}); use the hub id")
    candidates = [h.name for h in net.hubs] + [h.id for h in net.hubs]
    raise EditError(f"no hub {ref!r}{_suggest(ref, candidates)}")


def resolve_region(net: Network, ref: str, context: str = "") -> str:
    """Find a region (case-insensitive); the error lists the known regions."""
    key = ref.strip().lower()
    for region in net.regions:
        if region.lower() == key:
            return region
    where = f"{context} " if context else ""
    raise EditError(f"no {where}region {ref!r} — regions are: {', '.join(net.regions)}")


def _lane_pair(net: Network, ref: str) -> tuple[str, str] | None:
    """Read 'A→B', 'A->B', 'A to B' or 'A-B' (hub ids or names) as an (origin, dest) pair."""
    text = ref.strip()
    for sep in ("→", "->", " to ", "–", "-", "/"):
        start = 0
        while True:
            pos = text.find(sep, start)
            if pos < 0:
                break
            left, right = text[:pos].strip(), text[pos + len(sep) :].strip()
            start = pos + 1
            if not left or not right:
                continue
            try:
                return resolve_hub(net, left).id, resolve_hub(net, right).id
            except EditError:
                continue
    return None


def resolve_lanes(net: Network, ref: str) -> list[Lane]:
    """Lanes named by id (case-insensitive) or by an origin→destination pair of hubs."""
    lane = net.lane_by_id.get(ref)
    if lane is not None:
        return [lane]
    key = ref.strip().lower()
    exact = [ln for ln in net.lanes if ln.id.lower() == key]
    if exact:
        return exact
    pair = _lane_pair(net, ref)
    if pair is not None:
        found = [ln for ln in net.lanes if (ln.origin, ln.destination) == pair]
        if found:
            return found
        o, d = (net.hub_by_id[p].name for p in pair)
        raise EditError(f"no lane from {o} to {d}")
    raise EditError(
        f"no lane {ref!r}: give a lane id or 'origin→destination' with hub ids or names"
        f"{_suggest(ref, [ln.id for ln in net.lanes])}"
    )


def _od_pair(net: Network, ref: str) -> tuple[str, str]:
    """An origin-destination pair for demand filters: a lane id or 'A→B' with hubs."""
    pair = _lane_pair(net, ref)
    if pair is not None:
        return pair
    lane = net.lane_by_id.get(ref) or next(
        (ln for ln in net.lanes if ln.id.lower() == ref.strip().lower()), None
    )
    if lane is not None:
        return lane.origin, lane.destination
    raise EditError(
        f"cannot read {ref!r} as an origin→destination pair: use 'Lyon→Paris' or 'LYS-PAR' "
        "with hub names or ids"
    )


def _hub_name(net: Network, hub_id: str) -> str:
    hub = net.hub_by_id.get(hub_id)
    return hub.name if hub is not None else hub_id


def _hub_label(net: Network, ref: str) -> str:
    """The hub's name if the reference resolves, else the reference as written."""
    try:
        return resolve_hub(net, ref).name
    except EditError:
        return ref


def _lane_label(net: Network, lane: Lane) -> str:
    return f"{_hub_name(net, lane.origin)}→{_hub_name(net, lane.destination)}"


def _join(items: Sequence[str], limit: int = 3) -> str:
    """Edit descriptions name at most ``limit`` things, then how many more."""
    return join_words(items, limit=limit)


def _check_days(net: Network, days: Sequence[int] | None, what: str) -> tuple[int, ...]:
    horizon = net.calendar.days
    if days is None:
        return tuple(range(horizon))
    outside = [d for d in days if d >= horizon]
    if outside:
        raise EditError(f"{what}: day(s) {outside} are outside the {horizon}-day horizon")
    return tuple(days)


_M = TypeVar("_M", bound=BaseModel)


def _replace(model: _M, what: str, **changes: Any) -> _M:
    """A validated copy of ``model`` with ``changes``; field errors become EditError."""
    try:
        return type(model).model_validate({**model.model_dump(), **changes})
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise EditError(f"{what} would be invalid: {reasons}") from None


def _pool(hub: str, trailers: int) -> TrailerPool:
    """A trailer pool, or an EditError naming the hub when the count leaves its domain."""
    try:
        return TrailerPool(hub=hub, trailers=trailers)
    except ValidationError as exc:
        reasons = "; ".join(f"trailers: {e['msg']}" for e in exc.errors())
        raise EditError(f"the fleet at {hub} would be invalid: {reasons}") from None


def _rebuild(net: Network, **tables: Any) -> Network:
    """A new network with some tables or header fields replaced, fully re-checked."""
    fields = {name: getattr(net, name) for name in type(net).model_fields}
    fields.update(tables)
    try:
        new = Network(**fields)
        return parse_network(new)
    except NetworkValidationError as exc:
        reasons = "; ".join(str(i) for i in exc.issues)
        raise EditError(f"the edit would make the network invalid: {reasons}") from None
    except ValidationError as exc:
        raise EditError(f"the edit would make the network invalid: {exc}") from None


def _exactly_one(model: BaseModel, *names: str) -> None:
    given = [n for n in names if getattr(model, n) is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of {', '.join(names)} (got {len(given)})")


# ------------------------------------------------------------------------- base


class EditBase(BaseModel, ABC):
    """Common behaviour of edits: frozen, strict about unknown fields, pure."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )

    @abstractmethod
    def apply(self, network: Network) -> Network:
        """Return the edited network; raise EditError if nothing matches or it would be invalid."""

    @abstractmethod
    def describe(self, network: Network) -> str:
        """One line for people, naming hubs by name (never raises on unmatched filters)."""

    @abstractmethod
    def touches(self, network: Network) -> frozenset[str]:
        """Keys of the entities this edit changes when applied to ``network``."""

    def label(self) -> str:
        """A network-free one-line summary (the op and its arguments), for logs."""
        args = self.model_dump(mode="json", exclude={"op"}, exclude_none=True)
        args = {k: v for k, v in args.items() if v not in ((), [], False)}
        return f"{self.op_name}({json.dumps(args, ensure_ascii=False, sort_keys=True)})"

    @property
    def op_name(self) -> str:
        """The discriminator value."""
        return str(getattr(self, "op"))  # noqa: B009


# ---------------------------------------------------------------------- demand


_EDIT_CONFIG = ConfigDict(
    frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
)


class DemandFilter(BaseModel):
    """Which demands: all conditions must hold; within a list any value matches."""

    model_config = _EDIT_CONFIG

    demand_ids: Names = Field(default=(), description="Demand ids.")
    origin_regions: Names = Field(default=(), description="Regions the freight leaves from.")
    destination_regions: Names = Field(default=(), description="Regions the freight goes to.")
    regions: Names = Field(default=(), description="Regions at either end.")
    origin_hubs: Names = Field(default=(), description="Origin hubs (ids or names).")
    destination_hubs: Names = Field(default=(), description="Destination hubs (ids or names).")
    hubs: Names = Field(default=(), description="Hubs at either end (ids or names).")
    lanes: Names = Field(
        default=(), description="Origin→destination pairs, e.g. 'Lyon→Paris' or a lane id."
    )
    customers: Names = Field(default=(), description="Customer names (case-insensitive).")
    days: Days = None

    def _has_filter(self) -> bool:
        return any(getattr(self, f) for f in DemandFilter.model_fields)

    def select(self, net: Network) -> list[Demand]:
        """Demands matching every condition; EditError naming the unknown value or the reason."""
        preds: list[Callable[[Demand], bool]] = []
        if self.demand_ids:
            known = {d.id.lower(): d.id for d in net.demands}
            ids = set()
            for ref in self.demand_ids:
                if ref.lower() not in known:
                    raise EditError(f"no demand {ref!r}{_suggest(ref, known.values())}")
                ids.add(known[ref.lower()])
            preds.append(lambda d: d.id in ids)
        region_of = {h.id: h.region for h in net.hubs}
        if self.origin_regions:
            rs = {resolve_region(net, r, "origin") for r in self.origin_regions}
            preds.append(lambda d: region_of.get(d.origin) in rs)
        if self.destination_regions:
            rd = {resolve_region(net, r, "destination") for r in self.destination_regions}
            preds.append(lambda d: region_of.get(d.destination) in rd)
        if self.regions:
            rr = {resolve_region(net, r) for r in self.regions}
            preds.append(
                lambda d: region_of.get(d.origin) in rr or region_of.get(d.destination) in rr
            )
        if self.origin_hubs:
            ho = {resolve_hub(net, h).id for h in self.origin_hubs}
            preds.append(lambda d: d.origin in ho)
        if self.destination_hubs:
            hd = {resolve_hub(net, h).id for h in self.destination_hubs}
            preds.append(lambda d: d.destination in hd)
        if self.hubs:
            hh = {resolve_hub(net, h).id for h in self.hubs}
            preds.append(lambda d: d.origin in hh or d.destination in hh)
        if self.lanes:
            pairs = {_od_pair(net, ref) for ref in self.lanes}
            preds.append(lambda d: (d.origin, d.destination) in pairs)
        if self.customers:
            known_c = {d.customer.lower(): d.customer for d in net.demands if d.customer}
            cs = set()
            for c in self.customers:
                if c.lower() not in known_c:
                    raise EditError(f"no customer {c!r}{_suggest(c, known_c.values())}")
                cs.add(c.lower())
            preds.append(lambda d: d.customer.lower() in cs)
        if self.days is not None:
            days = set(_check_days(net, self.days, "demand filter"))
            preds.append(lambda d: d.release_day in days)
        chosen = [d for d in net.demands if all(p(d) for p in preds)]
        if not chosen:
            what = self.describe_filter(net) or "in the network"
            raise EditError(f"no demand matches: {what.strip()}")
        return chosen

    def describe_filter(self, net: Network) -> str:
        """Words for the filter, e.g. ' out of the north region on Lyon→Paris (Mon–Fri)'."""
        parts: list[str] = []
        if self.demand_ids:
            parts.append(f"{_join(list(self.demand_ids))}")
        if self.origin_regions:
            parts.append(f"out of the {_join([r.lower() for r in self.origin_regions])} region")
        if self.destination_regions:
            parts.append(f"into the {_join([r.lower() for r in self.destination_regions])} region")
        if self.regions:
            parts.append(f"to or from the {_join([r.lower() for r in self.regions])} region")
        if self.origin_hubs:
            parts.append("from " + _join([_hub_label(net, h) for h in self.origin_hubs]))
        if self.destination_hubs:
            parts.append("to " + _join([_hub_label(net, h) for h in self.destination_hubs]))
        if self.hubs:
            parts.append("to or from " + _join([_hub_label(net, h) for h in self.hubs]))
        if self.lanes:
            labels: list[str] = []
            for ref in self.lanes:
                try:
                    o, d = _od_pair(net, ref)
                    labels.append(f"{_hub_name(net, o)}→{_hub_name(net, d)}")
                except EditError:
                    labels.append(ref)
            parts.append("on " + _join(labels))
        if self.customers:
            parts.append("for " + _join(list(self.customers)))
        text = " ".join(parts)
        return (" " + text if text else "") + _days_suffix(self.days, net.calendar.days)


class ScaleDemand(DemandFilter, EditBase):
    """Scale the volume of the selected demands by a factor or by a total change in tonnes.

    A change in tonnes is spread over the selected demands in proportion to their volume
    (equally if they are all zero); a cut may not exceed the selected volume.
    """

    op: Literal["scale_demand"] = "scale_demand"
    factor: Factor | None = Field(default=None, description="Multiply volumes (1.2 = +20%).")
    delta_t: TonnesDelta | None = Field(
        default=None, description="Add (or with a minus sign, remove) this many tonnes in total."
    )

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        _exactly_one(self, "factor", "delta_t")
        if self.factor == 1.0 or self.delta_t == 0.0:
            raise ValueError("a factor of 1 or a change of 0 t changes nothing")
        return self

    def _new_volumes(self, chosen: list[Demand]) -> dict[str, float]:
        if self.factor is not None:
            f = self.factor
            return {d.id: round(d.volume_t * f, VOLUME_DECIMALS) for d in chosen}
        delta = float(self.delta_t or 0.0)
        total = math.fsum(d.volume_t for d in chosen)
        if total + delta < -1e-9:
            raise EditError(
                f"cannot remove {_num(-delta)} t: the selected demands carry only {_num(total)} t"
            )
        if total > 0:
            return {
                d.id: max(0.0, round(d.volume_t + delta * d.volume_t / total, VOLUME_DECIMALS))
                for d in chosen
            }
        share = delta / len(chosen)
        return {d.id: round(d.volume_t + share, VOLUME_DECIMALS) for d in chosen}

    def apply(self, network: Network) -> Network:
        chosen = self.select(network)
        volumes = self._new_volumes(chosen)
        if all(volumes[d.id] == d.volume_t for d in chosen):
            raise EditError("the selected demands carry no volume, so scaling changes nothing")
        demands = tuple(
            _replace(d, f"demand {d.id}", volume_t=volumes[d.id]) if d.id in volumes else d
            for d in network.demands
        )
        return _rebuild(network, demands=demands)

    def describe(self, network: Network) -> str:
        if self.factor is not None:
            amount = f"by {_pct(self.factor)}"
        else:
            amount = f"by {float(self.delta_t or 0):+,.0f} t"
        where = self.describe_filter(network)
        days = _days_suffix(self.days, network.calendar.days)
        core = where[: len(where) - len(days)] if days else where
        subject = "demand" if core else "all demand"
        return f"Scale {subject}{core} {amount}{days}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset(f"demand:{d.id}" for d in self.select(network))
        except EditError:
            return frozenset()


class SetDueHours(DemandFilter, EditBase):
    """Change the service promise of the selected demands: due within so many hours of
    release ("next-day everywhere"), or that many hours more or less ("relax by a day")."""

    op: Literal["set_due_hours"] = "set_due_hours"
    due_h: Hours | None = Field(default=None, gt=0, description="Due within this many hours.")
    delta_h: Annotated[float, Field(ge=-MAX_HOURS, le=MAX_HOURS, allow_inf_nan=False)] | None = (
        Field(default=None, description="Add (or with a minus sign, remove) hours of window.")
    )

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        _exactly_one(self, "due_h", "delta_h")
        if self.delta_h == 0.0:
            raise ValueError("a change of 0 h changes nothing")
        return self

    def apply(self, network: Network) -> Network:
        chosen = self.select(network)
        due = {d.id: self.due_h or d.due_h + float(self.delta_h or 0.0) for d in chosen}
        short = [d.id for d in chosen if due[d.id] <= 0]
        if short:
            raise EditError(
                f"that would leave {len(short)} demand(s) with no time at all (e.g. {short[0]})"
            )
        if all(due[d.id] == d.due_h for d in chosen):
            raise EditError("the selected demands already have that service window")
        demands = tuple(
            _replace(d, f"demand {d.id}", due_h=due[d.id]) if d.id in due else d
            for d in network.demands
        )
        return _rebuild(network, demands=demands)

    def describe(self, network: Network) -> str:
        where = self.describe_filter(network)
        days = _days_suffix(self.days, network.calendar.days)
        core = where[: len(where) - len(days)] if days else where
        subject = "demand" if core else "all demand"
        if self.due_h is not None:
            return f"Promise {subject}{core} within {_num(self.due_h)} h{days}"
        return (
            f"Change the service window of {subject}{core} by {float(self.delta_h or 0):+g} h{days}"
        )

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset(f"demand:{d.id}" for d in self.select(network))
        except EditError:
            return frozenset()


class RemoveDemand(DemandFilter, EditBase):
    """Remove the selected demands from the network (at least one filter is required)."""

    op: Literal["remove_demand"] = "remove_demand"

    @model_validator(mode="after")
    def _some_filter(self) -> Self:
        if not self._has_filter():
            raise ValueError("say which demands to remove (ids, regions, hubs, lanes, ...)")
        return self

    def apply(self, network: Network) -> Network:
        gone = {d.id for d in self.select(network)}
        return _rebuild(network, demands=tuple(d for d in network.demands if d.id not in gone))

    def describe(self, network: Network) -> str:
        try:
            chosen = self.select(network)
            count = f"{len(chosen)} demand{'s' if len(chosen) != 1 else ''} "
            count += f"({_num(math.fsum(d.volume_t for d in chosen))} t)"
        except EditError:
            count = "demand"
        return f"Remove {count}{self.describe_filter(network)}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset(f"demand:{d.id}" for d in self.select(network))
        except EditError:
            return frozenset()


class AddDemand(EditBase):
    """Add ``volume_t`` tonnes released on each of ``days`` from origin to destination.

    Fields left out are taken from existing demands on the same origin-destination pair,
    else from all demands (median), so the new freight looks like what the network carries.
    New ids are ``<id_prefix>-<day>`` or derived from the content of the edit.
    """

    op: Literal["add_demand"] = "add_demand"
    origin: Name = Field(min_length=1, description="Origin hub (id or name).")
    destination: Name = Field(min_length=1, description="Destination hub (id or name).")
    volume_t: Tonnes = Field(gt=0, description="Tonnes released on each selected day.")
    days: Days = None
    due_h: Hours | None = Field(default=None, gt=0, description="Due within this many hours.")
    customer: Name = ""
    priority: int | None = Field(default=None, ge=1, le=3)
    penalty_late_eur_per_t: Euros | None = None
    penalty_unserved_eur_per_t: Euros | None = None
    id_prefix: Name | None = Field(default=None, min_length=1, description="Prefix of new ids.")

    def _ids(self, network: Network, days: Sequence[int]) -> list[str]:
        if self.id_prefix:
            prefix = self.id_prefix
        else:
            o, d = resolve_hub(network, self.origin).id, resolve_hub(network, self.destination).id
            payload = self.model_dump_json(exclude={"days"}) + f"|{o}|{d}"
            prefix = f"{o}-{d}-" + hashlib.sha256(payload.encode()).hexdigest()[:6]
        return [
            f"{prefix}-{DAY_NAMES[day % 7][:3]}{'' if day < 7 else day // 7 + 1}" for day in days
        ]

    def _defaults(self, network: Network, o: str, d: str) -> dict[str, Any]:
        similar = [x for x in network.demands if (x.origin, x.destination) == (o, d)]
        pool = similar or list(network.demands)
        values: dict[str, Any] = {}
        for fld in ("due_h", "priority", "penalty_late_eur_per_t", "penalty_unserved_eur_per_t"):
            mine = getattr(self, fld)
            if mine is not None:
                values[fld] = mine
            elif pool:
                med = statistics.median_low(sorted(getattr(x, fld) for x in pool))
                values[fld] = med
            else:
                raise EditError(
                    f"add_demand: give {fld}: the network has no demand to take it from"
                )
        return values

    def apply(self, network: Network) -> Network:
        o = resolve_hub(network, self.origin).id
        d = resolve_hub(network, self.destination).id
        if o == d:
            raise EditError("add_demand: origin and destination are the same hub")
        days = _check_days(network, self.days, "add_demand")
        values = self._defaults(network, o, d)
        ids = self._ids(network, days)
        clash = [i for i in ids if i in network.demand_by_id]
        if clash:
            raise EditError(f"add_demand: demand id(s) {clash} already exist")
        new = []
        for demand_id, day in zip(ids, days, strict=True):
            try:
                new.append(
                    Demand(
                        id=demand_id,
                        origin=o,
                        destination=d,
                        release_day=day,
                        volume_t=self.volume_t,
                        customer=self.customer,
                        **values,
                    )
                )
            except ValidationError as exc:
                raise EditError(f"add_demand: the new demand would be invalid: {exc}") from None
        return _rebuild(network, demands=(*network.demands, *new))

    def describe(self, network: Network) -> str:
        o, d = _hub_label(network, self.origin), _hub_label(network, self.destination)
        per = "/day" if self.days is None or len(self.days) > 1 else ""
        cust = f" for {self.customer}" if self.customer else ""
        due = f", due within {_num(self.due_h)} h" if self.due_h is not None else ""
        days = _days_suffix(self.days, network.calendar.days)
        return f"Add {_num(self.volume_t)} t{per} of demand from {o} to {d}{cust}{days}{due}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            days = _check_days(network, self.days, "add_demand")
            return frozenset(f"demand:{i}" for i in self._ids(network, days))
        except EditError:
            return frozenset()


# ------------------------------------------------------------------------- hubs


class HubFilter(BaseModel):
    """Which hubs: by id or name, by region, by kind (conditions combine with AND)."""

    model_config = _EDIT_CONFIG

    hubs: Names = Field(default=(), description="Hub ids or names.")
    regions: Names = Field(default=(), description="Regions.")
    kinds: tuple[HubKind, ...] = Field(default=(), description="Hub kinds.")

    @model_validator(mode="after")
    def _some_filter(self) -> Self:
        if not (self.hubs or self.regions or self.kinds):
            raise ValueError("say which hubs: give hubs, regions or kinds")
        return self

    def select(self, net: Network) -> list[Hub]:
        """Hubs matching the filter; EditError on an unknown name or an empty selection."""
        chosen = list(net.hubs)
        if self.hubs:
            ids = {resolve_hub(net, h).id for h in self.hubs}
            chosen = [h for h in chosen if h.id in ids]
        if self.regions:
            rs = {resolve_region(net, r) for r in self.regions}
            chosen = [h for h in chosen if h.region in rs]
        if self.kinds:
            ks = set(self.kinds)
            chosen = [h for h in chosen if h.kind in ks]
        if not chosen:
            raise EditError(f"no hub matches: {self.describe_hubs(net)}")
        return chosen

    def describe_hubs(self, net: Network) -> str:
        """Words for the selection, e.g. 'Lyon' or 'the depots in the north region'."""
        if self.hubs and not self.regions and not self.kinds:
            return _join([_hub_label(net, h) for h in self.hubs])
        kinds = _join([f"{k.value}s" for k in self.kinds]) if self.kinds else "hubs"
        text = f"the {kinds}"
        if self.regions:
            text += f" in the {_join([r.lower() for r in self.regions])} region"
        if self.hubs:
            text += " among " + _join([_hub_label(net, h) for h in self.hubs])
        return text

    def hub_touches(self, net: Network) -> frozenset[str]:
        """``hub:<id>`` for every selected hub (empty if the filter does not match)."""
        try:
            return frozenset(f"hub:{h.id}" for h in self.select(net))
        except EditError:
            return frozenset()


class CloseHub(HubFilter, EditBase):
    """Close hubs for the whole horizon, or only on some days."""

    op: Literal["close_hub"] = "close_hub"
    days: Days = None

    def apply(self, network: Network) -> Network:
        chosen = {h.id for h in self.select(network)}
        days = None if self.days is None else _check_days(network, self.days, "close_hub")
        changed = False
        hubs = []
        for h in network.hubs:
            if h.id in chosen:
                if days is None:
                    new = _replace(h, f"hub {h.id}", open=False)
                elif not h.open:
                    new = h  # closed all week already
                else:
                    new = _replace(h, f"hub {h.id}", closed_days=sorted({*h.closed_days, *days}))
                changed = changed or (new.open, new.closed_days) != (h.open, h.closed_days)
                h = new
            hubs.append(h)
        if not changed:
            raise EditError(f"{self.describe_hubs(network)} already closed{self._when(network)}")
        return _rebuild(network, hubs=tuple(hubs))

    def _when(self, network: Network) -> str:
        text = format_days(self.days, network.calendar.days)
        return f" on {text}" if text else ""

    def describe(self, network: Network) -> str:
        when = self._when(network) or " for the whole week"
        return f"Close {self.describe_hubs(network)}{when}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.hub_touches(network)


class ReopenHub(HubFilter, EditBase):
    """Reopen hubs: every day (clearing closures), or only some days."""

    op: Literal["reopen_hub"] = "reopen_hub"
    days: Days = None

    def apply(self, network: Network) -> Network:
        chosen = {h.id for h in self.select(network)}
        days = None if self.days is None else set(_check_days(network, self.days, "reopen_hub"))
        changed = False
        hubs = []
        for h in network.hubs:
            if h.id in chosen:
                if days is None:
                    new = _replace(h, f"hub {h.id}", open=True, closed_days=())
                elif not h.open:
                    closed = [d for d in range(network.calendar.days) if d not in days]
                    new = _replace(h, f"hub {h.id}", open=True, closed_days=closed)
                else:
                    keep = [d for d in h.closed_days if d not in days]
                    new = _replace(h, f"hub {h.id}", closed_days=keep)
                changed = changed or (new.open, new.closed_days) != (h.open, h.closed_days)
                h = new
            hubs.append(h)
        if not changed:
            raise EditError(f"{self.describe_hubs(network)} already open{self._when(network)}")
        return _rebuild(network, hubs=tuple(hubs))

    def _when(self, network: Network) -> str:
        text = format_days(self.days, network.calendar.days)
        return f" on {text}" if text else ""

    def describe(self, network: Network) -> str:
        return f"Reopen {self.describe_hubs(network)}{self._when(network)}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.hub_touches(network)


class SetHubCapacity(HubFilter, EditBase):
    """Set hub throughput capacity (t/day) to a value, or scale it by a factor."""

    op: Literal["set_hub_capacity"] = "set_hub_capacity"
    capacity_t_per_day: Tonnes | None = None
    factor: Factor | None = None
    delta_t_per_day: TonnesDelta | None = Field(
        default=None, description="Add (or with a minus sign, remove) this many t/day."
    )

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        _exactly_one(self, "capacity_t_per_day", "factor", "delta_t_per_day")
        return self

    def _new_capacity(self, old: float) -> float:
        if self.capacity_t_per_day is not None:
            return self.capacity_t_per_day
        if self.delta_t_per_day is not None:
            return max(0.0, round(old + self.delta_t_per_day, VOLUME_DECIMALS))
        return round(old * float(self.factor or 0), VOLUME_DECIMALS)

    def apply(self, network: Network) -> Network:
        chosen = {h.id for h in self.select(network)}
        hubs = []
        changed = False
        for h in network.hubs:
            if h.id in chosen:
                cap = self._new_capacity(h.capacity_t_per_day)
                changed = changed or cap != h.capacity_t_per_day
                h = _replace(h, f"hub {h.id}", capacity_t_per_day=cap)
            hubs.append(h)
        if not changed:
            raise EditError(f"capacity of {self.describe_hubs(network)} is already as asked")
        return _rebuild(network, hubs=tuple(hubs))

    def describe(self, network: Network) -> str:
        target = self.describe_hubs(network)
        if self.capacity_t_per_day is not None:
            was = ""
            try:
                chosen = self.select(network)
                if len(chosen) == 1:
                    was = f" (was {_num(chosen[0].capacity_t_per_day)})"
            except EditError:
                pass
            return f"Set capacity of {target} to {_num(self.capacity_t_per_day)} t/day{was}"
        if self.delta_t_per_day is not None:
            return f"Change capacity of {target} by {self.delta_t_per_day:+,.0f} t/day"
        return f"Scale capacity of {target} by {_pct(float(self.factor or 0))}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.hub_touches(network)


# ------------------------------------------------------------------------ lanes


class LaneFilter(BaseModel):
    """Which lanes: ids or 'A→B' pairs, end hubs, end regions (direction), carrier kind."""

    model_config = _EDIT_CONFIG

    lanes: Names = Field(
        default=(), description="Lane ids or 'origin→destination' pairs (hub ids or names)."
    )
    origin_hubs: Names = Field(default=(), description="Lanes leaving these hubs.")
    destination_hubs: Names = Field(default=(), description="Lanes arriving at these hubs.")
    hubs: Names = Field(default=(), description="Lanes touching these hubs at either end.")
    origin_regions: Names = Field(default=(), description="Lanes leaving these regions.")
    destination_regions: Names = Field(default=(), description="Lanes arriving in these regions.")
    carrier: CarrierKind | None = Field(default=None, description="'own' fleet or 'contract'.")

    def _has_filter(self) -> bool:
        return any(getattr(self, f) for f in LaneFilter.model_fields)

    def select(self, net: Network) -> list[Lane]:
        """Lanes matching every condition; EditError on an unknown name or empty selection."""
        chosen = list(net.lanes)
        if self.lanes:
            ids = {ln.id for ref in self.lanes for ln in resolve_lanes(net, ref)}
            chosen = [ln for ln in chosen if ln.id in ids]
        region_of = {h.id: h.region for h in net.hubs}
        if self.origin_hubs:
            ho = {resolve_hub(net, h).id for h in self.origin_hubs}
            chosen = [ln for ln in chosen if ln.origin in ho]
        if self.destination_hubs:
            hd = {resolve_hub(net, h).id for h in self.destination_hubs}
            chosen = [ln for ln in chosen if ln.destination in hd]
        if self.hubs:
            hh = {resolve_hub(net, h).id for h in self.hubs}
            chosen = [ln for ln in chosen if ln.origin in hh or ln.destination in hh]
        if self.origin_regions:
            ro = {resolve_region(net, r, "origin") for r in self.origin_regions}
            chosen = [ln for ln in chosen if region_of.get(ln.origin) in ro]
        if self.destination_regions:
            rd = {resolve_region(net, r, "destination") for r in self.destination_regions}
            chosen = [ln for ln in chosen if region_of.get(ln.destination) in rd]
        if self.carrier is not None:
            chosen = [ln for ln in chosen if ln.carrier == self.carrier]
        if not chosen:
            raise EditError(f"no lane matches: {self.describe_lanes(net)}")
        return chosen

    def describe_lanes(self, net: Network) -> str:
        """Words for the selection: 'lane Lyon→Paris', 'the contract lanes out of the north'."""
        if self.lanes and not any(
            getattr(self, f) for f in LaneFilter.model_fields if f != "lanes"
        ):
            labels: list[str] = []
            for ref in self.lanes:
                try:
                    labels.extend(_lane_label(net, ln) for ln in resolve_lanes(net, ref))
                except EditError:
                    labels.append(ref)
            labels = list(dict.fromkeys(labels))
            return ("lane " if len(labels) == 1 else "lanes ") + _join(labels)
        kind = f"{self.carrier.value} " if self.carrier is not None else ""
        text = f"the {kind}lanes" if self._has_filter() else "all lanes"
        if self.lanes:
            text += " among " + _join(list(self.lanes))
        if self.origin_hubs:
            text += " from " + _join([_hub_label(net, h) for h in self.origin_hubs])
        if self.destination_hubs:
            text += " to " + _join([_hub_label(net, h) for h in self.destination_hubs])
        if self.hubs:
            text += " at " + _join([_hub_label(net, h) for h in self.hubs])
        if self.origin_regions:
            text += f" out of the {_join([r.lower() for r in self.origin_regions])} region"
        if self.destination_regions:
            text += f" into the {_join([r.lower() for r in self.destination_regions])} region"
        return text

    def lane_touches(self, net: Network) -> frozenset[str]:
        """``lane:<id>`` for every selected lane (empty if the filter does not match)."""
        try:
            return frozenset(f"lane:{ln.id}" for ln in self.select(net))
        except EditError:
            return frozenset()


def _update_lanes(
    net: Network, chosen: Iterable[Lane], change: Callable[[Lane], dict[str, Any]]
) -> tuple[tuple[Lane, ...], bool]:
    ids = {ln.id for ln in chosen}
    lanes = []
    changed = False
    for ln in net.lanes:
        if ln.id in ids:
            new = _replace(ln, f"lane {ln.id}", **change(ln))
            changed = changed or new != ln
            ln = new
        lanes.append(ln)
    return tuple(lanes), changed


class CloseLane(LaneFilter, EditBase):
    """Take lanes out of service (active = false)."""

    op: Literal["close_lane"] = "close_lane"

    @model_validator(mode="after")
    def _some_filter(self) -> Self:
        if not self._has_filter():
            raise ValueError("say which lanes to close (lanes, hubs, regions or carrier)")
        return self

    def apply(self, network: Network) -> Network:
        lanes, changed = _update_lanes(network, self.select(network), lambda _: {"active": False})
        if not changed:
            raise EditError(f"{self.describe_lanes(network)} already closed")
        return _rebuild(network, lanes=lanes)

    def describe(self, network: Network) -> str:
        return f"Close {self.describe_lanes(network)}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.lane_touches(network)


class ReopenLane(LaneFilter, EditBase):
    """Put closed lanes back in service (active = true)."""

    op: Literal["reopen_lane"] = "reopen_lane"

    @model_validator(mode="after")
    def _some_filter(self) -> Self:
        if not self._has_filter():
            raise ValueError("say which lanes to reopen (lanes, hubs, regions or carrier)")
        return self

    def apply(self, network: Network) -> Network:
        lanes, changed = _update_lanes(network, self.select(network), lambda _: {"active": True})
        if not changed:
            raise EditError(f"{self.describe_lanes(network)} already open")
        return _rebuild(network, lanes=lanes)

    def describe(self, network: Network) -> str:
        return f"Reopen {self.describe_lanes(network)}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.lane_touches(network)


class SetLaneCapacity(LaneFilter, EditBase):
    """Set the maximum trucks per day and/or the truck capacity (t) of the selected lanes."""

    op: Literal["set_lane_capacity"] = "set_lane_capacity"
    max_trucks_per_day: Count | None = None
    trucks_delta: CountDelta | None = Field(
        default=None, description="Add (or with a minus sign, remove) trucks per day."
    )
    factor: Factor | None = Field(
        default=None, description="Multiply trucks per day (0.5 = half), rounded half up."
    )
    truck_capacity_t: Tonnes | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _some_value(self) -> Self:
        counts = (self.max_trucks_per_day, self.trucks_delta, self.factor)
        if sum(v is not None for v in counts) > 1:
            raise ValueError("give one of max_trucks_per_day, trucks_delta or factor")
        if all(v is None for v in (*counts, self.truck_capacity_t)):
            raise ValueError(
                "give max_trucks_per_day, trucks_delta and/or truck_capacity_t (or a factor)"
            )
        if self.trucks_delta == 0:
            raise ValueError("a change of 0 trucks changes nothing")
        return self

    def _changes(self, lane: Lane) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.max_trucks_per_day is not None:
            out["max_trucks_per_day"] = self.max_trucks_per_day
        if self.trucks_delta is not None:
            out["max_trucks_per_day"] = max(0, lane.max_trucks_per_day + self.trucks_delta)
        if self.factor is not None:
            out["max_trucks_per_day"] = math.floor(lane.max_trucks_per_day * self.factor + 0.5)
        if self.truck_capacity_t is not None:
            out["truck_capacity_t"] = self.truck_capacity_t
        return out

    def apply(self, network: Network) -> Network:
        lanes, changed = _update_lanes(network, self.select(network), self._changes)
        if not changed:
            raise EditError(f"capacity of {self.describe_lanes(network)} is already as asked")
        return _rebuild(network, lanes=lanes)

    def describe(self, network: Network) -> str:
        parts = []
        if self.max_trucks_per_day is not None:
            parts.append(f"at most {self.max_trucks_per_day} trucks/day")
        if self.factor is not None:
            return f"Scale trucks/day of {self.describe_lanes(network)} by {_pct(self.factor)}" + (
                f" with trucks of {_num(self.truck_capacity_t)} t" if self.truck_capacity_t else ""
            )
        if self.trucks_delta is not None:
            return f"Change {self.describe_lanes(network)} by {self.trucks_delta:+d} trucks/day" + (
                f" with trucks of {_num(self.truck_capacity_t)} t" if self.truck_capacity_t else ""
            )
        if self.truck_capacity_t is not None:
            parts.append(f"trucks of {_num(self.truck_capacity_t)} t")
        return f"Set {self.describe_lanes(network)} to {' with '.join(parts)}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.lane_touches(network)


class SetLaneTransit(LaneFilter, EditBase):
    """Set, or add hours to, the transit time of the selected lanes (e.g. calibrated delays)."""

    op: Literal["set_lane_transit"] = "set_lane_transit"
    transit_h: Hours | None = Field(default=None, gt=0, description="New transit time (h).")
    add_h: HoursDelta | None = Field(
        default=None, description="Hours added to each lane's transit (negative: faster)."
    )

    @model_validator(mode="after")
    def _one_value(self) -> Self:
        _exactly_one(self, "transit_h", "add_h")
        if self.add_h == 0:
            raise ValueError("adding 0 hours changes nothing")
        if not self._has_filter():
            raise ValueError("say which lanes (lanes, hubs, regions or carrier)")
        return self

    def _changes(self, lane: Lane) -> dict[str, Any]:
        if self.transit_h is not None:
            return {"transit_h": self.transit_h}
        new = round(lane.transit_h + (self.add_h or 0.0), 2)
        if new <= 0:
            raise EditError(
                f"add_h: lane {lane.id} takes {_num(lane.transit_h)} h; "
                f"{_num(self.add_h or 0.0)} h would leave no transit time"
            )
        return {"transit_h": new}

    def apply(self, network: Network) -> Network:
        lanes, changed = _update_lanes(network, self.select(network), self._changes)
        if not changed:
            raise EditError(f"transit of {self.describe_lanes(network)} is already as asked")
        return _rebuild(network, lanes=lanes)

    def describe(self, network: Network) -> str:
        if self.transit_h is not None:
            return f"Set the transit of {self.describe_lanes(network)} to {_num(self.transit_h)} h"
        hours = self.add_h or 0.0
        change = f"Add {_num(hours)} h to" if hours > 0 else f"Take {_num(-hours)} h off"
        return f"{change} the transit of {self.describe_lanes(network)}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.lane_touches(network)


class ScaleLaneRates(LaneFilter, EditBase):
    """Scale the per-truck and per-tonne rates of the selected lanes (all lanes if no filter)."""

    op: Literal["scale_lane_rates"] = "scale_lane_rates"
    factor: Factor = Field(description="Multiply rates (1.05 = +5%).")

    @model_validator(mode="after")
    def _not_one(self) -> Self:
        if self.factor == 1.0:
            raise ValueError("a factor of 1 changes nothing")
        return self

    def apply(self, network: Network) -> Network:
        f = self.factor
        lanes, changed = _update_lanes(
            network,
            self.select(network),
            lambda ln: {
                "cost_eur_per_truck": round(ln.cost_eur_per_truck * f, 2),
                "cost_eur_per_t": round(ln.cost_eur_per_t * f, 4),
            },
        )
        if not changed:
            raise EditError(
                f"{self.describe_lanes(network)} have zero rates; scaling changes nothing"
            )
        return _rebuild(network, lanes=lanes)

    def describe(self, network: Network) -> str:
        return f"Scale rates of {self.describe_lanes(network)} by {_pct(self.factor)}"

    def touches(self, network: Network) -> frozenset[str]:
        return self.lane_touches(network)


def _haversine_km(a: Hub, b: Hub) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


class AddLane(EditBase):
    """Add a directed lane. Missing figures come from the reverse lane if there is one, else
    from the network's median rates per km and speed over the road distance
    (great-circle x ``ROAD_CIRCUITY``)."""

    op: Literal["add_lane"] = "add_lane"
    origin: Name = Field(min_length=1, description="Origin hub (id or name).")
    destination: Name = Field(min_length=1, description="Destination hub (id or name).")
    id: Name | None = Field(default=None, min_length=1, description="Defaults to 'ORIG-DEST'.")
    distance_km: Km | None = None
    transit_h: Hours | None = Field(default=None, gt=0)
    cost_eur_per_truck: Euros | None = None
    cost_eur_per_t: Euros | None = None
    truck_capacity_t: Tonnes | None = Field(default=None, gt=0)
    max_trucks_per_day: Count | None = None
    carrier: CarrierKind = CarrierKind.OWN

    def _lane_id(self, network: Network) -> str:
        if self.id:
            return self.id
        o, d = resolve_hub(network, self.origin).id, resolve_hub(network, self.destination).id
        base = f"{o}-{d}" if self.carrier == CarrierKind.OWN else f"{o}-{d}-{self.carrier.value}"
        return base

    def _figures(self, network: Network, o: Hub, d: Hub) -> dict[str, Any]:
        given = {
            k: getattr(self, k)
            for k in (
                "distance_km",
                "transit_h",
                "cost_eur_per_truck",
                "cost_eur_per_t",
                "truck_capacity_t",
                "max_trucks_per_day",
            )
            if getattr(self, k) is not None
        }
        reverse = next(
            (
                ln
                for ln in network.lanes
                if (ln.origin, ln.destination) == (d.id, o.id) and ln.carrier == self.carrier
            ),
            None,
        )
        if reverse is not None:
            base = reverse.model_dump(
                include={
                    "distance_km",
                    "transit_h",
                    "cost_eur_per_truck",
                    "cost_eur_per_t",
                    "truck_capacity_t",
                    "max_trucks_per_day",
                }
            )
            return {**base, **given}
        same_kind = [ln for ln in network.lanes if ln.carrier == self.carrier] or list(
            network.lanes
        )
        if not same_kind:
            missing = [
                k
                for k in ("distance_km", "transit_h", "cost_eur_per_truck", "truck_capacity_t")
                if k not in given
            ]
            if missing:
                raise EditError(
                    f"add_lane: give {', '.join(missing)}: the network has no lane to copy from"
                )
        dist = given.get("distance_km") or round(_haversine_km(o, d) * ROAD_CIRCUITY, 1)

        def med(values: Iterable[float]) -> float:
            return float(statistics.median(sorted(values)))

        out: dict[str, Any] = {"distance_km": dist}
        if same_kind:
            out["transit_h"] = round(
                dist / med(ln.distance_km / ln.transit_h for ln in same_kind), 2
            )
            out["cost_eur_per_truck"] = round(
                dist * med(ln.cost_eur_per_truck / ln.distance_km for ln in same_kind), 2
            )
            out["cost_eur_per_t"] = round(
                dist * med(ln.cost_eur_per_t / ln.distance_km for ln in same_kind), 4
            )
            out["truck_capacity_t"] = med(ln.truck_capacity_t for ln in same_kind)
            out["max_trucks_per_day"] = int(med(ln.max_trucks_per_day for ln in same_kind))
        else:
            out["max_trucks_per_day"] = 10
        out.update(given)
        return out

    def apply(self, network: Network) -> Network:
        o, d = resolve_hub(network, self.origin), resolve_hub(network, self.destination)
        if o.id == d.id:
            raise EditError("add_lane: origin and destination are the same hub")
        lane_id = self._lane_id(network)
        if lane_id in network.lane_by_id:
            existing = network.lane_by_id[lane_id]
            state = "" if existing.active else " (closed: use reopen_lane)"
            raise EditError(
                f"lane {lane_id} ({_lane_label(network, existing)}) already exists{state}"
            )
        try:
            lane = Lane(
                id=lane_id,
                origin=o.id,
                destination=d.id,
                carrier=self.carrier,
                **self._figures(network, o, d),
            )
        except ValidationError as exc:
            raise EditError(f"add_lane: the new lane would be invalid: {exc}") from None
        return _rebuild(network, lanes=(*network.lanes, lane))

    def describe(self, network: Network) -> str:
        o, d = _hub_label(network, self.origin), _hub_label(network, self.destination)
        extra = []
        if self.distance_km is not None:
            extra.append(f"{_num(self.distance_km)} km")
        if self.cost_eur_per_truck is not None:
            extra.append(f"€{_num(self.cost_eur_per_truck)}/truck")
        if self.max_trucks_per_day is not None:
            extra.append(f"{self.max_trucks_per_day} trucks/day")
        kind = f" {self.carrier.value}" if self.carrier != CarrierKind.OWN else ""
        tail = f" ({', '.join(extra)})" if extra else ""
        return f"Add{kind} lane {o}→{d}{tail}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset({f"lane:{self._lane_id(network)}"})
        except EditError:
            return frozenset({f"lane:{self.id or self.origin + '-' + self.destination}"})


# ---------------------------------------------------------------- drivers, fleet


class SetDrivers(EditBase):
    """Set the drivers available in a region on some days (absolute or by a factor)."""

    op: Literal["set_drivers"] = "set_drivers"
    region: Name = Field(min_length=1)
    days: Days = None
    drivers: Count | None = Field(default=None, description="Drivers per day.")
    factor: Factor | None = Field(default=None, description="Multiply (0.8 = -20%).")
    drivers_delta: CountDelta | None = Field(
        default=None, description="Add (or with a minus sign, remove) drivers per day."
    )
    hours_per_driver: float | None = Field(default=None, gt=0, le=24)

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        _exactly_one(self, "drivers", "factor", "drivers_delta")
        return self

    def _days(self, network: Network) -> tuple[int, ...]:
        return _check_days(network, self.days, "set_drivers")

    def apply(self, network: Network) -> Network:
        region = resolve_region(network, self.region)
        days = set(self._days(network))
        pools = {(p.region, p.day): p for p in network.drivers}
        if self.drivers is None:
            missing = sorted(d for d in days if (region, d) not in pools)
            if len(missing) == len(days):
                raise EditError(
                    f"no driver pools in the {region} region{_days_suffix(self.days, 99)} "
                    "to scale: set an absolute number of drivers instead"
                )
            days -= set(missing)
        changed = False
        for day in sorted(days):
            old = pools.get((region, day))
            if old is None:
                hours = self.hours_per_driver
                new = DriverPool(
                    region=region,
                    day=day,
                    drivers=int(self.drivers or 0),
                    **({"hours_per_driver": hours} if hours is not None else {}),
                )
            else:
                if self.drivers is not None:
                    count = self.drivers
                elif self.drivers_delta is not None:
                    count = max(0, old.drivers + self.drivers_delta)
                else:
                    count = math.floor(old.drivers * float(self.factor or 0) + 0.5)
                changes: dict[str, Any] = {"drivers": count}
                if self.hours_per_driver is not None:
                    changes["hours_per_driver"] = self.hours_per_driver
                new = _replace(old, f"driver pool {region}/day {day}", **changes)
            changed = changed or new != old
            pools[(region, day)] = new
        if not changed:
            raise EditError(f"drivers in the {region} region are already as asked")
        drivers = tuple(pools[k] for k in sorted(pools))
        return _rebuild(network, drivers=drivers)

    def describe(self, network: Network) -> str:
        days = _days_suffix(self.days, network.calendar.days)
        hours = (
            f", {_num(self.hours_per_driver)} h each" if self.hours_per_driver is not None else ""
        )
        where = f"drivers in the {self.region.lower()} region"
        if self.drivers is not None:
            return f"Set {where} to {self.drivers} per day{hours}{days}"
        if self.drivers_delta is not None:
            return f"Change {where} by {self.drivers_delta:+d} per day{hours}{days}"
        return f"Scale {where} by {_pct(float(self.factor or 0))}{hours}{days}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            region = resolve_region(network, self.region)
            return frozenset(f"region:{region}/drivers/{d}" for d in self._days(network))
        except EditError:
            return frozenset()


class MoveTrailers(EditBase):
    """Move ``count`` trailers from one home hub's pool to another's."""

    op: Literal["move_trailers"] = "move_trailers"
    from_hub: Name = Field(min_length=1, description="Hub giving trailers (id or name).")
    to_hub: Name = Field(min_length=1, description="Hub receiving trailers (id or name).")
    count: Count = Field(gt=0)

    def apply(self, network: Network) -> Network:
        src, dst = resolve_hub(network, self.from_hub), resolve_hub(network, self.to_hub)
        if src.id == dst.id:
            raise EditError("move_trailers: from_hub and to_hub are the same hub")
        pools = {p.hub: p for p in network.fleet}
        have = pools[src.id].trailers if src.id in pools else 0
        if have < self.count:
            raise EditError(
                f"{src.name} has {have} trailer(s); cannot move {self.count} to {dst.name}"
            )
        pools[src.id] = _pool(src.id, have - self.count)
        before = pools[dst.id].trailers if dst.id in pools else 0
        pools[dst.id] = _pool(dst.id, before + self.count)
        return _rebuild(network, fleet=tuple(pools[k] for k in sorted(pools)))

    def describe(self, network: Network) -> str:
        a, b = _hub_label(network, self.from_hub), _hub_label(network, self.to_hub)
        return f"Move {self.count} trailer{'s' if self.count != 1 else ''} from {a} to {b}"

    def touches(self, network: Network) -> frozenset[str]:
        keys = set()
        for ref in (self.from_hub, self.to_hub):
            try:
                keys.add(f"fleet:{resolve_hub(network, ref).id}")
            except EditError:
                continue
        return frozenset(keys)


class SetFleetSize(EditBase):
    """Set the number of trailers based at a hub."""

    op: Literal["set_fleet_size"] = "set_fleet_size"
    hub: Name = Field(min_length=1, description="Home hub (id or name).")
    trailers: Count | None = None
    trailers_delta: CountDelta | None = Field(
        default=None, description="Add (or with a minus sign, remove) trailers."
    )

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        _exactly_one(self, "trailers", "trailers_delta")
        return self

    def apply(self, network: Network) -> Network:
        hub = resolve_hub(network, self.hub)
        pools = {p.hub: p for p in network.fleet}
        old = pools[hub.id].trailers if hub.id in pools else 0
        if self.trailers_delta is not None and old + self.trailers_delta < 0:
            raise EditError(f"{hub.name} has only {old} trailers to remove")
        new = self.trailers if self.trailers is not None else old + int(self.trailers_delta or 0)
        if hub.id in pools and old == new:
            raise EditError(f"{hub.name} already has {new} trailers")
        pools[hub.id] = _pool(hub.id, new)
        return _rebuild(network, fleet=tuple(pools[k] for k in sorted(pools)))

    def describe(self, network: Network) -> str:
        was = ""
        try:
            hub = resolve_hub(network, self.hub)
            pool = next((p for p in network.fleet if p.hub == hub.id), None)
            was = f" (was {pool.trailers if pool else 0})"
        except EditError:
            pass
        if self.trailers_delta is not None:
            return (
                f"Change the fleet at {_hub_label(network, self.hub)} by "
                f"{self.trailers_delta:+d} trailers{was}"
            )
        return f"Set the fleet at {_hub_label(network, self.hub)} to {self.trailers} trailers{was}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset({f"fleet:{resolve_hub(network, self.hub).id}"})
        except EditError:
            return frozenset({f"fleet:{self.hub}"})


# ------------------------------------------------------------------------ policy


class SetServicePolicy(EditBase):
    """Change the service target (share of tonnes on time) and/or the lateness limit."""

    op: Literal["set_service_policy"] = "set_service_policy"
    service_target: float | None = Field(
        default=None, ge=0, le=1, description="Minimum share of tonnes on time (0.95 = 95%)."
    )
    service_target_change: float | None = Field(
        default=None,
        ge=-1,
        le=1,
        description=(
            "Raise (+) or lower (-) the network's current service target by this share "
            "(0.02 = 2 points)."
        ),
    )
    remove_service_target: bool = Field(default=False, description="Drop the service target.")
    max_late_h: Hours | None = None

    @model_validator(mode="after")
    def _some_value(self) -> Self:
        targets = [
            self.service_target is not None,
            self.service_target_change is not None,
            self.remove_service_target,
        ]
        if not any(targets) and self.max_late_h is None:
            raise ValueError(
                "give service_target, service_target_change, max_late_h or remove_service_target"
            )
        if sum(targets) > 1:
            raise ValueError(
                "give one of service_target, service_target_change and remove_service_target"
            )
        return self

    def _target(self, network: Network) -> float | None:
        """The service target this edit sets on ``network`` (None: it sets none)."""
        if self.service_target is not None:
            return self.service_target
        if self.service_target_change is None:
            return None
        current = network.policy.service_target
        if current is None:
            raise EditError(
                "service_target_change: the network has no service target to raise or lower; "
                "set one (service_target)"
            )
        target = round(current + self.service_target_change, 9)
        if not 0 <= target <= 1:
            raise EditError(
                f"service_target_change: {current * 100:.4g}% changed by "
                f"{self.service_target_change * 100:+.4g} points is {target * 100:.4g}%, "
                "outside 0-100%"
            )
        return target

    def apply(self, network: Network) -> Network:
        changes: dict[str, Any] = {}
        target = self._target(network)
        if target is not None:
            changes["service_target"] = target
        if self.remove_service_target:
            changes["service_target"] = None
        if self.max_late_h is not None:
            changes["max_late_h"] = self.max_late_h
        policy = _replace(network.policy, "service policy", **changes)
        if policy == network.policy:
            raise EditError("the service policy is already as asked")
        return _rebuild(network, policy=policy)

    def describe(self, network: Network) -> str:
        parts = []
        if self.service_target is not None:
            parts.append(f"set the service target to {self.service_target * 100:.4g}%")
        if self.service_target_change is not None:
            verb = "raise" if self.service_target_change >= 0 else "lower"
            change = f"{verb} the service target by {abs(self.service_target_change) * 100:.4g}"
            try:
                parts.append(f"{change} points (to {(self._target(network) or 0) * 100:.4g}%)")
            except EditError:
                parts.append(f"{change} points")
        if self.remove_service_target:
            parts.append("set no service target")
        if self.max_late_h is not None:
            parts.append(f"set max lateness to {_num(self.max_late_h)} h")
        text = " and ".join(parts).replace(" and set ", " and ")
        return text[0].upper() + text[1:]

    def touches(self, network: Network) -> frozenset[str]:
        return frozenset({"policy"})


# ------------------------------------------------------------------ forced routing


class RouteVia(DemandFilter, EditBase):
    """Make the selected demands pass through one hub (a planner's "why not via H?").

    The rule is stored on the network (:class:`~solver.network.ViaRule`), so every solve
    routes that freight through the hub or leaves it late or unserved, and evaluation
    flags a plan that does not. A new rule for a demand replaces its earlier one.
    """

    op: Literal["route_via"] = "route_via"
    via_hub: Name = Field(description="The hub the freight must pass through (id or name).")

    @model_validator(mode="after")
    def _some_filter(self) -> Self:
        if not self._has_filter():
            raise ValueError(
                "say whose freight goes through the hub (an origin→destination pair, "
                "origin hubs, customers or demand ids)"
            )
        return self

    def apply(self, network: Network) -> Network:
        via = resolve_hub(network, self.via_hub)
        chosen = self.select(network)
        ends = [d for d in chosen if via.id in (d.origin, d.destination)]
        if ends:
            pairs = _join(
                list(
                    dict.fromkeys(
                        f"{_hub_name(network, d.origin)}→{_hub_name(network, d.destination)}"
                        for d in ends
                    )
                )
            )
            raise EditError(
                f"{via.name} is an end of the {pairs} freight: a via hub must lie between "
                "origin and destination"
            )
        if not any(via.is_open_on(day) for day in range(network.calendar.days)):
            raise EditError(f"{via.name} is closed all week: no freight can pass through it")
        ids = tuple(sorted(d.id for d in chosen))
        if all(network.via_of.get(i) == via.id for i in ids):
            raise EditError(
                f"the freight{self.describe_filter(network)} already goes via {via.name}"
            )
        taken = set(ids)
        kept = []
        for rule in network.via_rules:
            rest = tuple(i for i in rule.demand_ids if i not in taken)
            if rest:
                kept.append(ViaRule(demand_ids=rest, via=rule.via))
        kept.append(ViaRule(demand_ids=ids, via=via.id))
        return _rebuild(network, via_rules=tuple(kept))

    def describe(self, network: Network) -> str:
        via = _hub_label(network, self.via_hub)
        return f"Route the freight{self.describe_filter(network)} via {via}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset(f"demand:{d.id}" for d in self.select(network))
        except EditError:
            return frozenset()


def resolve_one_lane(net: Network, ref: str) -> Lane:
    """The one lane a reference names; several lanes on one hub pair is a question, not a guess."""
    found = resolve_lanes(net, ref)
    if len(found) > 1:
        ids = _join([f"{ln.id} ({ln.carrier.value})" for ln in found])
        raise EditError(f"{_lane_label(net, found[0])} is served by {ids}: name the lane by its id")
    return found[0]


def lane_open_days(net: Network, lane: Lane) -> tuple[int, ...]:
    """Days on which a dispatch may leave on ``lane`` (lane usable, both hub-days open)."""
    if not lane.active or lane.max_trucks_per_day <= 0:
        return ()
    cal = net.calendar
    bh = cal.bucket_h
    tau = max(1, math.ceil(lane.transit_h / bh - 1e-9))
    origin, dest = net.hub_by_id[lane.origin], net.hub_by_id[lane.destination]
    days = set()
    for bucket in range(cal.n_buckets):
        day = cal.day_of(bucket)
        if origin.is_open_on(day) and dest.is_open_on(cal.day_of(bucket + tau)):
            days.add(day)
    return tuple(sorted(days))


class UseLane(EditBase):
    """Make a lane carry freight on a truck (on given days): a planner's "why not use it?"."""

    op: Literal["use_lane"] = "use_lane"
    lane: Name = Field(description="Lane id or 'origin→destination' (hub ids or names).")
    days: Days = None

    def apply(self, network: Network) -> Network:
        lane = resolve_one_lane(network, self.lane)
        label = _lane_label(network, lane)
        if not lane.active:
            raise EditError(f"lane {label} is closed: reopen it before asking to use it")
        if lane.max_trucks_per_day <= 0:
            raise EditError(f"lane {label} allows no trucks a day: raise its capacity first")
        days = _check_days(network, self.days, f"lane {label}")
        open_days = set(lane_open_days(network, lane))
        if not open_days & set(days):
            when = _days_suffix(self.days, network.calendar.days) or " on any day"
            raise EditError(f"no truck can leave on lane {label}{when}: its hubs are closed then")
        rule = LaneRule(lane=lane.id, days=() if self.days is None else tuple(days))
        if rule in network.lane_rules:
            raise EditError(
                f"lane {label} is already required{_days_suffix(self.days, network.calendar.days)}"
            )
        kept = tuple(r for r in network.lane_rules if r.lane != lane.id)
        return _rebuild(network, lane_rules=(*kept, rule))

    def describe(self, network: Network) -> str:
        try:
            label = _lane_label(network, resolve_one_lane(network, self.lane))
        except EditError:
            label = self.lane
        when = _days_suffix(self.days, network.calendar.days)
        return f"Run at least one loaded truck on lane {label}{when}"

    def touches(self, network: Network) -> frozenset[str]:
        try:
            return frozenset({f"lane:{resolve_one_lane(network, self.lane).id}"})
        except EditError:
            return frozenset()


# ------------------------------------------------------------------------- union

Edit = Annotated[
    ScaleDemand
    | AddDemand
    | RemoveDemand
    | CloseHub
    | ReopenHub
    | SetHubCapacity
    | CloseLane
    | ReopenLane
    | AddLane
    | SetLaneCapacity
    | SetLaneTransit
    | ScaleLaneRates
    | SetDrivers
    | MoveTrailers
    | SetFleetSize
    | SetServicePolicy
    | SetDueHours
    | RouteVia
    | UseLane,
    Field(discriminator="op"),
]
"""Any edit; the ``op`` field says which."""

_EDIT_ADAPTER: TypeAdapter[Edit] = TypeAdapter(Edit)
_EDITS_ADAPTER: TypeAdapter[list[Edit]] = TypeAdapter(list[Edit])

EDIT_TYPES: tuple[type[EditBase], ...] = (
    ScaleDemand,
    AddDemand,
    RemoveDemand,
    CloseHub,
    ReopenHub,
    SetHubCapacity,
    CloseLane,
    ReopenLane,
    AddLane,
    SetLaneCapacity,
    SetLaneTransit,
    ScaleLaneRates,
    SetDrivers,
    MoveTrailers,
    SetFleetSize,
    SetServicePolicy,
    SetDueHours,
    RouteVia,
    UseLane,
)
"""Every edit class, in the order of :data:`Edit`."""


def _edit_error_from(exc: ValidationError, prefix: str = "") -> EditError:
    reasons = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        reasons.append(f"{prefix}{loc}: {err['msg']}" if loc else f"{prefix}{err['msg']}")
    return EditError("invalid edit: " + "; ".join(reasons))


def parse_edit(data: Any) -> Edit:
    """Validate one edit from a dict (or JSON text); errors name the field and the reason."""
    try:
        if isinstance(data, str | bytes):
            return _EDIT_ADAPTER.validate_json(data)
        if isinstance(data, EditBase):
            return _EDIT_ADAPTER.validate_python(data.model_dump())
        return _EDIT_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise _edit_error_from(exc) from None


def parse_edits(data: Any) -> list[Edit]:
    """Validate a list of edits (or JSON text of a list, or a single edit)."""
    try:
        raw = json.loads(data) if isinstance(data, str | bytes) else data
    except json.JSONDecodeError as exc:
        raise EditError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if isinstance(raw, dict):
        return [parse_edit(raw)]
    if not isinstance(raw, list):
        raise EditError("edits must be a JSON object or a list of objects")
    out: list[Edit] = []
    for i, item in enumerate(raw):
        try:
            out.append(
                item if isinstance(item, EditBase) else _EDIT_ADAPTER.validate_python(item)  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            raise _edit_error_from(exc, prefix=f"edit {i + 1}: ") from None
    return out


def edits_to_json(edits: Sequence[Edit]) -> list[dict[str, Any]]:
    """JSON-ready dicts of the edits (the stored form)."""
    return [e.model_dump(mode="json", exclude_defaults=True) | {"op": e.op} for e in edits]


def apply_edits(network: Network, edits: Sequence[Edit]) -> Network:
    """Apply edits in order; an error names the edit (position and description) that failed."""
    net = network
    for i, edit in enumerate(edits):
        try:
            net = edit.apply(net)
        except EditError as exc:
            if len(edits) == 1:
                raise
            raise EditError(f"edit {i + 1} ({edit.describe(net)}): {exc}") from None
    return net


def describe_edits(network: Network, edits: Sequence[Edit]) -> list[str]:
    """The description of each edit, each read against the network it applies to."""
    out = []
    net = network
    for edit in edits:
        out.append(edit.describe(net))
        try:
            net = edit.apply(net)
        except EditError:
            continue
    return out


def touches_of(network: Network, edits: Sequence[Edit]) -> frozenset[str]:
    """Union of the entity keys the edits touch, each read against the network it applies to."""
    keys: set[str] = set()
    net = network
    for edit in edits:
        keys |= edit.touches(net)
        try:
            net = edit.apply(net)
        except EditError:
            continue
    return frozenset(keys)


def edit_json_schema() -> dict[str, Any]:
    """JSON schema of :data:`Edit` (a ``oneOf`` keyed by ``op``), for agents and the API."""
    return _EDIT_ADAPTER.json_schema()


def edit_json_schemas() -> dict[str, dict[str, Any]]:
    """JSON schema of each edit type, keyed by its ``op``."""
    out = {}
    for cls in EDIT_TYPES:
        op = cls.model_fields["op"].default
        out[str(op)] = cls.model_json_schema()
    return out
