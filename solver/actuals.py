"""What a week's execution actually did: dispatches, deliveries, trailers, drivers, disruptions.

:class:`WeekActuals` is the data model of the actuals format (``docs/actuals-format.md``):
one ISO week of what the TMS executed against a plan. Every row model is an immutable
pydantic object with units in its field names, like :mod:`solver.network`. Each table has
a *row key* (:func:`row_key`) that identifies a source row within its week, so importing
the same rows again replaces them instead of adding them twice.

:func:`check_actuals` checks actuals against the network they were executed on (known
lanes, demands, hubs and regions, buckets and days inside the calendar, unique keys) and
reports every problem at once.

Examples
--------
>>> acts = WeekActuals(week="2026-W49", dispatches=(
...     DispatchActual(lane_id="A-B", bucket=2, trucks=1, loaded_t=18.5),))
>>> row_key("dispatches", acts.dispatches[0])
'A-B/2'
>>> week_start_iso("2026-W49")
'2026-11-30'
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from solver.errors import ValidationIssue
from solver.network import Network

__all__ = [
    "ACTUALS_TABLES",
    "DeliveryActual",
    "DispatchActual",
    "Disruption",
    "DriverActual",
    "TrailerActual",
    "WeekActuals",
    "check_actuals",
    "row_key",
    "week_start_iso",
]

ACTUALS_TABLES: tuple[str, ...] = (
    "dispatches",
    "deliveries",
    "trailers",
    "drivers",
    "disruptions",
)
"""The row tables of the actuals format, in file and sheet order."""

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class DispatchActual(_Frozen):
    """Trucks that left on one lane in one departure bucket of the week, and their load."""

    lane_id: str = Field(min_length=1)
    bucket: int = Field(ge=0, description="Departure bucket within the week (0 = Mon 00:00).")
    trucks: int = Field(ge=0, description="Loaded truck dispatches.")
    loaded_t: float = Field(ge=0, description="Tonnes carried by those trucks.")
    empty_trailers: int = Field(default=0, ge=0, description="Empty repositioning dispatches.")
    transit_h: float | None = Field(
        default=None, gt=0, description="Average door-to-door hours of these dispatches."
    )


class DeliveryActual(_Frozen):
    """Tonnes of one demand picked up and delivered (one row per delivered part)."""

    demand_id: str = Field(min_length=1)
    part: int = Field(default=1, ge=1, description="Part number when delivered in several.")
    picked_up_t: float = Field(ge=0, description="Tonnes the customer handed over.")
    delivered_t: float = Field(default=0.0, ge=0, description="Tonnes delivered.")
    delivered_h: float | None = Field(
        default=None, ge=0, description="Hour of delivery from Monday 00:00 of the week."
    )

    @model_validator(mode="after")
    def _consistent(self) -> DeliveryActual:
        if self.delivered_t > self.picked_up_t + 1e-6:
            raise ValueError("delivered_t is more than picked_up_t")
        if self.delivered_t > 0 and self.delivered_h is None:
            raise ValueError("delivered_h is required when tonnes were delivered")
        return self


class TrailerActual(_Frozen):
    """Own-fleet trailers on hand at a hub at the start of a day."""

    hub: str = Field(min_length=1)
    day: int = Field(ge=0, le=13)
    trailers: int = Field(ge=0)


class DriverActual(_Frozen):
    """Drivers who actually worked in a region on a day."""

    region: str = Field(min_length=1)
    day: int = Field(ge=0, le=13)
    drivers: int = Field(ge=0)


class Disruption(_Frozen):
    """A hub or lane out of service for some hours of a day."""

    kind: Literal["hub", "lane"]
    entity: str = Field(min_length=1, description="Hub id or lane id.")
    day: int = Field(ge=0, le=13)
    hours: float = Field(default=24.0, gt=0, le=24, description="Hours out of service.")
    reason: str = ""


class WeekActuals(_Frozen):
    """One ISO week of actuals; ``network_hash`` (optional) names the network executed."""

    week: str = Field(description="ISO week, e.g. 2026-W49.")
    network_hash: str = ""
    source: str = Field(default="", description="Where the rows came from (TMS, simulator).")
    dispatches: tuple[DispatchActual, ...] = ()
    deliveries: tuple[DeliveryActual, ...] = ()
    trailers: tuple[TrailerActual, ...] = ()
    drivers: tuple[DriverActual, ...] = ()
    disruptions: tuple[Disruption, ...] = ()

    @field_validator("week", mode="after")
    @classmethod
    def _iso_week(cls, value: str) -> str:
        week_start_iso(value)
        return value

    def rows(self, table: str) -> tuple[BaseModel, ...]:
        """The rows of one table by name (one of :data:`ACTUALS_TABLES`)."""
        if table not in ACTUALS_TABLES:
            raise KeyError(f"unknown actuals table {table!r}")
        rows: tuple[BaseModel, ...] = getattr(self, table)
        return rows

    def canonical(self) -> WeekActuals:
        """The same actuals with every table sorted by its row key."""
        update: dict[str, Any] = {t: _sorted_rows(t, self.rows(t)) for t in ACTUALS_TABLES}
        return self.model_copy(update=update)


def week_start_iso(week: str) -> str:
    """The Monday of an ISO week ``YYYY-Www`` as ``YYYY-MM-DD``; ValueError if invalid."""
    match = _WEEK.match(week.strip())
    if match is None:
        raise ValueError(f"{week!r} is not an ISO week (write it like 2026-W49)")
    try:
        monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"{week!r}: year {match[1]} has no week {int(match[2])}") from None
    return monday.isoformat()


def _sort_key(table: str, row: BaseModel) -> tuple[Any, ...]:
    if isinstance(row, DispatchActual):
        return (row.lane_id, row.bucket)
    if isinstance(row, DeliveryActual):
        return (row.demand_id, row.part)
    if isinstance(row, TrailerActual):
        return (row.hub, row.day)
    if isinstance(row, DriverActual):
        return (row.region, row.day)
    if isinstance(row, Disruption):
        return (row.kind, row.entity, row.day)
    raise TypeError(f"not a row of {table!r}: {type(row).__name__}")


def _sorted_rows(table: str, rows: Iterable[BaseModel]) -> tuple[BaseModel, ...]:
    return tuple(sorted(rows, key=lambda r: _sort_key(table, r)))


def row_key(table: str, row: BaseModel) -> str:
    """The key of a source row within its week: re-importing a key replaces the row.

    >>> row_key("drivers", DriverActual(region="north", day=3, drivers=12))
    'north/3'
    """
    return "/".join(str(part) for part in _sort_key(table, row))


def _dupes(table: str, rows: Iterable[BaseModel]) -> list[ValidationIssue]:
    counts = Counter(row_key(table, r) for r in rows)
    return [
        ValidationIssue(table, key, "key", f"appears {n} times; each key once per week")
        for key, n in counts.items()
        if n > 1
    ]


def check_actuals(network: Network, actuals: WeekActuals) -> list[ValidationIssue]:
    """Every reference and range problem of actuals against the network executed.

    Each issue's ``entity`` is the table, ``entity_id`` the row key and ``field`` the
    column, so readers can point at the file row.
    """
    issues: list[ValidationIssue] = []
    cal = network.calendar
    days, n_buckets = cal.days, cal.n_buckets
    hubs, lanes, demands = network.hub_by_id, network.lane_by_id, network.demand_by_id
    regions = set(network.regions)
    for table in ACTUALS_TABLES:
        issues.extend(_dupes(table, actuals.rows(table)))

    def add(table: str, row: BaseModel, fld: str, reason: str) -> None:
        issues.append(ValidationIssue(table, row_key(table, row), fld, reason))

    for d in actuals.dispatches:
        if d.lane_id not in lanes:
            add("dispatches", d, "lane_id", f"unknown lane {d.lane_id!r}")
        if d.bucket >= n_buckets:
            add("dispatches", d, "bucket", f"outside the {n_buckets}-bucket week")
    for dl in actuals.deliveries:
        if dl.demand_id not in demands:
            add("deliveries", dl, "demand_id", f"unknown demand {dl.demand_id!r}")
    for tr in actuals.trailers:
        if tr.hub not in hubs:
            add("trailers", tr, "hub", f"unknown hub {tr.hub!r}")
        if tr.day >= days:
            add("trailers", tr, "day", f"outside the {days}-day week")
    for dr in actuals.drivers:
        if dr.region not in regions:
            add("drivers", dr, "region", f"no hub is in region {dr.region!r}")
        if dr.day >= days:
            add("drivers", dr, "day", f"outside the {days}-day week")
    for ds in actuals.disruptions:
        known = hubs if ds.kind == "hub" else lanes
        if ds.entity not in known:
            add("disruptions", ds, "entity", f"unknown {ds.kind} {ds.entity!r}")
        if ds.day >= days:
            add("disruptions", ds, "day", f"outside the {days}-day week")
    if actuals.network_hash and actuals.network_hash != network.content_hash():
        issues.append(
            ValidationIssue(
                "actuals",
                actuals.week,
                "network_hash",
                f"names network {actuals.network_hash[:12]}…, but the version executed is "
                f"{network.content_hash()[:12]}…",
            )
        )
    return issues
