"""Which resources a stored plan uses to their limit: 'which lanes are at capacity?'.

Read-only: the answer comes from the version's stored plan and its independent evaluation
(lanes' departures against their daily limit, hubs' tonnes against their throughput, a
region's driver-hours against those available), per day of the plan's week. Nothing is
solved and no version is created.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from solver import DAY_NAMES, Evaluation, Network
from solver.edits import format_days
from storage import Database
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.insights import SATURATED, solved_result, with_plan_warning
from tools.scenarios import ScenarioRef, version_network

ResourceKind = Literal["lane", "hub", "drivers"]
KINDS: tuple[ResourceKind, ...] = ("lane", "hub", "drivers")

FULL_SHARE = SATURATED
"""A hub or driver pool used at or above this share of its limit is at its limit, the share
the explanations call binding (tonnes and hours are continuous; a lane is at its limit only
when every departure is used)."""

SHOWN = 10
"""At most this many resources of each kind are listed; the rest are counted."""


class LimitUse(BaseModel):
    """One resource on one day: what the plan uses of what it may."""

    kind: ResourceKind
    entity_id: str
    label: str
    day: int
    used: float
    limit: float
    unit: str
    """'departures', 't handled' or 'driver-hours'."""

    @property
    def share(self) -> float:
        """Used over the limit (0 when there is no limit)."""
        return self.used / self.limit if self.limit > 0 else 0.0


class BindingConstraints(BaseModel):
    """The resources at their limit in a version's plan, and the answer in words."""

    scenario_id: int
    scenario_name: str
    n: int
    at_limit: list[LimitUse]
    """Every resource-day at its limit, in the answer's order."""
    text: str


def _hub(net: Network, hub_id: str) -> str:
    hub = net.hub_by_id.get(hub_id)
    return hub.name if hub else hub_id


def _uses(net: Network, evaluation: Evaluation) -> list[LimitUse]:
    """Every resource-day with a limit, and what the plan uses of it."""
    out: list[LimitUse] = []
    for ld in evaluation.lane_days:
        lane = net.lane_by_id.get(ld.lane_id)
        label = f"{_hub(net, lane.origin)}→{_hub(net, lane.destination)}" if lane else ld.lane_id
        out.append(
            LimitUse(
                kind="lane",
                entity_id=ld.lane_id,
                label=label,
                day=ld.day,
                used=ld.dispatches,
                limit=ld.max_trucks,
                unit="departures",
            )
        )
    for hd in evaluation.hub_days:
        out.append(
            LimitUse(
                kind="hub",
                entity_id=hd.hub_id,
                label=_hub(net, hd.hub_id),
                day=hd.day,
                used=hd.throughput_t,
                limit=hd.capacity_t,
                unit="t handled",
            )
        )
    for dd in evaluation.driver_days:
        if dd.hours_available is not None:
            out.append(
                LimitUse(
                    kind="drivers",
                    entity_id=dd.region,
                    label=dd.region,
                    day=dd.day,
                    used=dd.hours_used,
                    limit=dd.hours_available,
                    unit="driver-hours",
                )
            )
    return out


def at_limit(use: LimitUse) -> bool:
    """Whether the plan uses all of a resource on a day: every departure of a lane, or at
    least :data:`FULL_SHARE` of a hub's throughput or a region's driver-hours."""
    if use.limit <= 0:
        return False  # closed or without capacity: nothing to use up
    if use.kind == "lane":
        return use.used >= use.limit
    return use.share >= FULL_SHARE


def _number(x: float) -> str:
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 or x >= 100 else f"{x:,.1f}"


def _line(kind: ResourceKind, label: str, rows: Sequence[LimitUse], horizon: int) -> str:
    """'Lane Berlin→Hamburg: 6 of 6 departures used on Tuesday' (days with the same figures
    are said once: '… on Mon–Fri'; other figures follow: '; 4 of 4 on Sat')."""
    head = {"lane": "Lane", "hub": "Hub", "drivers": "Drivers in the"}[kind]
    by_figures: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        by_figures.setdefault((_number(r.used), _number(r.limit)), []).append(r.day)
    parts = []
    for i, ((used, limit), days) in enumerate(by_figures.items()):
        when = DAY_NAMES[days[0]] if len(days) == 1 else (format_days(days, horizon) or "every day")
        unit = f" {rows[0].unit}" if i == 0 else ""
        verb = " used" if i == 0 and rows[0].kind != "hub" else ""
        on = "" if when == "every day" else "on "
        parts.append(f"{used} of {limit}{unit}{verb} {on}{when}")
    return f"{head} {label}: " + "; ".join(parts)


def binding_constraints(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    kinds: Sequence[ResourceKind] = (),
    days: Sequence[int] = (),
    hubs: Sequence[str] = (),
    regions: Sequence[str] = (),
) -> BindingConstraints:
    """Lanes whose planned departures reach their daily limit, hubs at their throughput
    capacity and regions whose drivers are all used, per day, in the version's stored plan.

    ``kinds``, ``days``, ``hubs`` and ``regions`` narrow the answer (a lane is a hub's or
    region's when either end is; drivers are a hub's region's); empty means all. The plan is
    read, never solved: an unsolved version is refused.
    """
    result = solved_result(db, actor, scenario, n)
    evaluation = result.evaluation
    assert evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    _check_scope(net, days, hubs, regions)
    region_of = {h.id: h.region for h in net.hubs}
    wanted_regions = set(regions) | {region_of[h] for h in hubs if h in region_of}

    def in_scope(use: LimitUse) -> bool:
        if kinds and use.kind not in kinds:
            return False
        if days and use.day not in days:
            return False
        if not hubs and not regions:
            return True
        if use.kind == "drivers":
            return use.entity_id in wanted_regions
        if use.kind == "hub":
            return use.entity_id in hubs or region_of.get(use.entity_id) in regions
        lane = net.lane_by_id.get(use.entity_id)
        ends = (lane.origin, lane.destination) if lane else ()
        return any(e in hubs or region_of.get(e) in regions for e in ends)

    scoped = [u for u in _uses(net, evaluation) if in_scope(u)]
    full = [u for u in scoped if at_limit(u)]
    horizon = net.calendar.days
    grouped: dict[tuple[ResourceKind, str], list[LimitUse]] = {}
    for u in sorted(full, key=lambda u: (KINDS.index(u.kind), u.entity_id, u.day)):
        grouped.setdefault((u.kind, u.entity_id), []).append(u)
    what = f"{result.scenario_name} v{result.n}"
    asked = _scope_words(kinds, days, net, hubs, regions)
    lines: list[str] = []
    ordered: list[LimitUse] = []
    for kind in KINDS:
        of_kind = sorted(
            ((key, rows) for key, rows in grouped.items() if key[0] == kind),
            key=lambda kr: (-len(kr[1]), kr[1][0].label),
        )
        for _, rows in of_kind[:SHOWN]:
            lines.append(f"- {_line(kind, rows[0].label, rows, horizon)}")
        if len(of_kind) > SHOWN:
            more = len(of_kind) - SHOWN
            noun = {"lane": "lanes", "hub": "hubs", "drivers": "regions"}[kind]
            lines.append(f"- … and {more} more {noun}")
        ordered.extend(u for _, rows in of_kind for u in rows)
    if lines:
        text = f"At their limit in **{what}**{asked}:\n" + "\n".join(lines)
    else:
        spare = sorted(scoped, key=lambda u: -u.share)[:3]
        fullest = "; ".join(_line(u.kind, u.label, [u], horizon) for u in spare if u.share > 0)
        text = f"Nothing is at its limit in **{what}**{asked}." + (
            f" The fullest: {fullest}." if fullest else ""
        )
    return BindingConstraints(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        at_limit=ordered,
        text=with_plan_warning(result, text),
    )


def _check_scope(
    net: Network, days: Sequence[int], hubs: Sequence[str], regions: Sequence[str]
) -> None:
    """Refuse a day, hub id or region the network does not have: it would narrow the answer
    to nothing and read as 'nothing is at its limit'."""
    for hub in hubs:
        if hub not in net.hub_by_id:
            raise InvalidRequest(f"there is no hub with id “{hub}” in this network")
    for region in regions:
        if region not in net.regions:
            raise InvalidRequest(
                f"there is no region called “{region}” in this network "
                f"(its regions are {', '.join(sorted(net.regions))})"
            )
    for day in days:
        if not 0 <= day < net.calendar.days:
            raise InvalidRequest(
                f"day {day} is outside the plan's week (0 = Monday to {net.calendar.days - 1})"
            )


def _scope_words(
    kinds: Sequence[ResourceKind],
    days: Sequence[int],
    net: Network,
    hubs: Sequence[str],
    regions: Sequence[str],
) -> str:
    """' (lanes, at or near Berlin, on Tuesday)': what the answer was narrowed to."""
    parts = []
    if kinds:
        nouns = {"lane": "lanes", "hub": "hubs", "drivers": "drivers"}
        parts.append(" and ".join(nouns[k] for k in kinds))
    places = [_hub(net, h) for h in hubs] + [f"the {r}" for r in regions]
    if places:
        parts.append("at " + " and ".join(places))
    if days:
        parts.append("on " + ", ".join(DAY_NAMES[d] for d in sorted(set(days))))
    return f" ({', '.join(parts)})" if parts else ""
