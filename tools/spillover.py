"""Spill-over: does a change made in one region cascade into another?

"Can we cut drivers in the east by 20% without it spilling into the west?" is a what-if on
the east whose answer also watches the west. For each watched region this module compares
the parent's and the child's stored plans: the region's driver-hours used against those
available per day, the dispatches on lanes touching it, and the on-time service and
unserved tonnes of the freight that starts or ends there. A change in the region is only
called a cascade when the region is worse off by more than the two plans' combined
uncertainty (their proven gaps, :mod:`tools.trust`), or when its drivers are newly short:
two plans equally close to the best can run a region a little differently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from solver import Edit, Evaluation, Network, SolveSettings
from storage import Database
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, get_version, version_network
from tools.solving import VersionResult, version_result
from tools.trust import CostNoise, cost_noise
from tools.whatif import ProgressFn, WhatIfOutcome, what_if

__all__ = [
    "RegionDriverDay",
    "RegionSpillOver",
    "SpillOverAnswer",
    "check_regions",
    "region_label",
    "region_spill_over",
    "spill_over",
    "what_if_spill_over",
]

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS_EPS = 0.5
"""Driver-hours a week below which a change in a region's driver use is no change."""
SHARE_EPS = 0.0005
"""On-time share (0.05 points) below which a change in service is no change."""
TONNES_EPS = 0.05
"""Tonnes below which a change in unserved freight is no change."""


_COMPASS = frozenset(
    "north south east west north-east north-west south-east south-west northeast northwest "
    "southeast southwest".split()
)


def region_label(region: str) -> str:
    """A region in a sentence: 'the south', 'the central region', 'the Iberia region'."""
    return f"the {region}" if region.lower() in _COMPASS else f"the {region} region"


class RegionDriverDay(BaseModel):
    """One day of a region's drivers: hours used before and after, and those available."""

    day: int
    hours_before: float
    hours_after: float
    available_before: float | None
    available_after: float | None
    """None: the region has no driver limit that day."""


class RegionSpillOver(BaseModel):
    """What a change did to one watched region, with the verdict and its reasons."""

    region: str
    label: str
    """The region in a sentence ('the south', 'the central region')."""
    driver_days: list[RegionDriverDay]
    dispatches_before: int
    dispatches_after: int
    dispatches_changed: int
    """Dispatch moves on lanes touching the region (a truck moved between buckets is one)."""
    demand_t: float
    on_time_before: float | None
    on_time_after: float | None
    """Share of the region's freight (to or from it) on time; None when it has none."""
    unserved_before_t: float
    unserved_after_t: float
    newly_short_days: list[int]
    cost_change_eur: float
    """Dispatch cost on the region's lanes plus its freight's penalties, after − before."""
    noise: CostNoise | None
    spills: bool | None
    """True: a cascade; False: none; None: cannot be told (a plan missing or unbounded)."""
    verdict: str


class SpillOverAnswer(BaseModel):
    """A what-if with the spill-over verdict for each watched region."""

    outcome: WhatIfOutcome
    regions: list[RegionSpillOver]
    note: str | None = None
    """Why the regions could not be judged (a plan missing), when they could not."""


def check_regions(
    db: Database, actor: UserRef, scenario: ScenarioRef | None, regions: Sequence[str]
) -> list[str]:
    """The watched regions as the network spells them; an unknown one is a clear error."""
    net = version_network(db, actor, scenario if scenario is not None else LIVE)
    known = {r.lower(): r for r in net.regions}
    if not regions:
        raise InvalidRequest("spill-over: name the region to watch (e.g. the south)")
    out: list[str] = []
    for region in regions:
        name = known.get(region.strip().lower().removeprefix("the ").strip())
        if name is None:
            raise InvalidRequest(
                f"spill-over: there is no region called “{region}” in this network "
                f"(its regions are {', '.join(sorted(net.regions))}), so nothing was changed"
            )
        if name not in out:
            out.append(name)
    return out


def _region_lanes(net: Network, region: str) -> set[str]:
    """Lanes that start or end at a hub of ``region``."""
    hubs = net.hub_by_id
    return {
        lane.id
        for lane in net.lanes
        if (lane.origin in hubs and hubs[lane.origin].region == region)
        or (lane.destination in hubs and hubs[lane.destination].region == region)
    }


def _dispatches(ev: Evaluation, lanes: set[str]) -> dict[tuple[str, int], int]:
    """Dispatches (loaded and empty) per lane bucket on ``lanes``."""
    return {
        (r.lane_id, r.bucket): r.trucks + r.empty_trailers
        for r in ev.lane_buckets
        if r.lane_id in lanes and r.trucks + r.empty_trailers > 0
    }


def _dispatch_cost(net: Network, ev: Evaluation, lanes: set[str]) -> float:
    """Line-haul and empty-move cost of the dispatches on ``lanes``."""
    total = 0.0
    for r in ev.lane_buckets:
        lane = net.lane_by_id.get(r.lane_id)
        if lane is None or r.lane_id not in lanes:
            continue
        total += (r.trucks + r.empty_trailers) * lane.cost_eur_per_truck
        total += r.loaded_t * lane.cost_eur_per_t
    return total


def _region_demands(net: Network, region: str) -> dict[str, tuple[float, float]]:
    """Demands to or from ``region``: their late and unserved penalties per tonne."""
    hubs = net.hub_by_id
    return {
        d.id: (d.penalty_late_eur_per_t, d.penalty_unserved_eur_per_t)
        for d in net.demands
        if any(h in hubs and hubs[h].region == region for h in (d.origin, d.destination))
    }


def _service(
    ev: Evaluation, demands: Mapping[str, tuple[float, float]]
) -> tuple[float, float, float, float]:
    """Volume, on-time tonnes, unserved tonnes and penalties of ``demands`` in a plan."""
    volume = on_time = unserved = penalty = 0.0
    for d in ev.demands:
        rates = demands.get(d.demand_id)
        if rates is None:
            continue
        volume += d.volume_t
        on_time += d.on_time_t
        unserved += d.unserved_t
        penalty += d.late_t * rates[0] + d.unserved_t * rates[1]
    return volume, on_time, unserved, penalty


def _driver_days(
    parent: Evaluation, child: Evaluation, region: str, days: int
) -> list[RegionDriverDay]:
    before = {d.day: d for d in parent.driver_days if d.region == region}
    after = {d.day: d for d in child.driver_days if d.region == region}
    rows = []
    for day in range(days):
        b, a = before.get(day), after.get(day)
        rows.append(
            RegionDriverDay(
                day=day,
                hours_before=b.hours_used if b else 0.0,
                hours_after=a.hours_used if a else 0.0,
                available_before=b.hours_available if b else None,
                available_after=a.hours_available if a else None,
            )
        )
    return rows


def _short(row: RegionDriverDay, *, after: bool) -> bool:
    used = row.hours_after if after else row.hours_before
    avail = row.available_after if after else row.available_before
    return avail is not None and used > avail + 1e-6 * max(1.0, avail)


def region_spill_over(
    parent_net: Network,
    parent: Evaluation,
    child_net: Network,
    child: Evaluation,
    region: str,
    *,
    gap_before: float | None,
    gap_after: float | None,
) -> RegionSpillOver:
    """How the child's plan runs ``region`` against the parent's, and whether that is a
    cascade: the region worse off beyond the plans' combined uncertainty, or newly short."""
    lanes = _region_lanes(parent_net, region) | _region_lanes(child_net, region)
    old, new = _dispatches(parent, lanes), _dispatches(child, lanes)
    keys = old.keys() | new.keys()
    added = sum(max(0, new.get(k, 0) - old.get(k, 0)) for k in keys)
    removed = sum(max(0, old.get(k, 0) - new.get(k, 0)) for k in keys)
    rates = {**_region_demands(parent_net, region), **_region_demands(child_net, region)}
    vol_b, on_b, uns_b, pen_b = _service(parent, rates)
    vol_a, on_a, uns_a, pen_a = _service(child, rates)
    days = _driver_days(parent, child, region, child_net.calendar.days)
    newly_short = [r.day for r in days if _short(r, after=True) and not _short(r, after=False)]
    lines_before = _dispatch_cost(parent_net, parent, lanes)
    cost_change = _dispatch_cost(child_net, child, lanes) - lines_before + (pen_a - pen_b)
    noise = cost_noise(
        before_eur=parent.kpis.total_cost_eur,
        after_eur=child.kpis.total_cost_eur,
        gap_before=gap_before,
        gap_after=gap_after,
    )
    spill = RegionSpillOver(
        region=region,
        label=region_label(region),
        driver_days=days,
        dispatches_before=sum(old.values()),
        dispatches_after=sum(new.values()),
        dispatches_changed=max(added, removed),
        demand_t=max(vol_a, vol_b),
        on_time_before=on_b / vol_b if vol_b > 0 else None,
        on_time_after=on_a / vol_a if vol_a > 0 else None,
        unserved_before_t=uns_b,
        unserved_after_t=uns_a,
        newly_short_days=newly_short,
        cost_change_eur=cost_change,
        noise=noise,
        spills=None,
        verdict="",
    )
    spills, verdict = _verdict(spill)
    return spill.model_copy(update={"spills": spills, "verdict": verdict})


def _worse(s: RegionSpillOver) -> list[str]:
    """The ways the region is worse off after the change (empty: none)."""
    out = []
    hours = sum(r.hours_after - r.hours_before for r in s.driver_days)
    if hours > HOURS_EPS:
        out.append("drivers")
    if (
        s.on_time_before is not None
        and s.on_time_after is not None
        and s.on_time_after < s.on_time_before - SHARE_EPS
    ):
        out.append("service")
    if s.unserved_after_t > s.unserved_before_t + TONNES_EPS:
        out.append("unserved")
    return out


def _hours_words(s: RegionSpillOver) -> str:
    """The region's driver use per day, before → after, against what is available."""
    n = max(1, len(s.driver_days))
    before = sum(r.hours_before for r in s.driver_days) / n
    after = sum(r.hours_after for r in s.driver_days) / n
    limits = [r.available_after for r in s.driver_days]
    of = (
        f" of {sum(a for a in limits if a is not None) / n:,.0f} h/day"
        if all(a is not None for a in limits)
        else " h/day (no driver limit)"
    )
    who = f"{s.label}'s driver use"
    if abs(after - before) * n <= HOURS_EPS:
        text = f"{who} is unchanged at {after:,.0f}{of}"
    else:
        verb = "rises" if after > before else "falls"
        text = f"{who} {verb} from {before:,.0f} to {after:,.0f}{of}"
        top = max(s.driver_days, key=lambda r: (abs(r.hours_after - r.hours_before), -r.day))
        avail = f" of {top.available_after:,.0f}" if top.available_after is not None else ""
        text += (
            f" (most on {_DAYS[top.day % 7]}: {top.hours_before:,.0f} → "
            f"{top.hours_after:,.0f}{avail} h)"
        )
    if s.newly_short_days:
        days = ", ".join(_DAYS[d % 7] for d in s.newly_short_days)
        text += f", short of drivers on {days}"
    return text


def _facts(s: RegionSpillOver) -> str:
    """Driver use, dispatches, service and unserved freight of the region, before → after."""
    parts = [_hours_words(s)]
    total = max(s.dispatches_before, s.dispatches_after)
    parts.append(
        f"{s.dispatches_changed:,} of {total:,} dispatches on lanes touching {s.label} changed"
    )
    if s.on_time_before is not None and s.on_time_after is not None:
        if abs(s.on_time_after - s.on_time_before) <= SHARE_EPS:
            parts.append(f"on-time service there stays at {s.on_time_after:.1%}")
        else:
            verb = "falls" if s.on_time_after < s.on_time_before else "rises"
            parts.append(
                f"on-time service there {verb} from {s.on_time_before:.1%} to {s.on_time_after:.1%}"
            )
    if abs(s.unserved_after_t - s.unserved_before_t) <= TONNES_EPS:
        parts.append(f"unserved freight stays at {s.unserved_after_t:,.1f} t")
    else:
        parts.append(
            f"unserved freight goes from {s.unserved_before_t:,.1f} t to "
            f"{s.unserved_after_t:,.1f} t"
        )
    return "; ".join(parts)


def _verdict(s: RegionSpillOver) -> tuple[bool | None, str]:
    """Yes / no / cannot tell, with the numbers behind it."""
    facts = _facts(s)
    worse = _worse(s)
    if s.newly_short_days:
        return True, f"Yes — {facts}."
    if not worse:
        return False, f"No — {facts}."
    noise = s.noise
    if noise is None or noise.uncertainty_eur is None:
        return None, (
            f"Cannot tell — {facts}; one of the plans has no known bound, so this may be how "
            "the solver happened to run it rather than the change."
        )
    if abs(s.cost_change_eur) <= noise.uncertainty_eur:
        return False, (
            f"Not clear — {facts}; that moves €{abs(s.cost_change_eur):,.0f} of cost there, "
            f"within what the solver can distinguish (±€{noise.uncertainty_eur:,.0f}), so it "
            "is not called a cascade."
        )
    sign = "+" if s.cost_change_eur >= 0 else "−"
    return True, f"Yes — {facts} ({sign}€{abs(s.cost_change_eur):,.0f} a week of cost there)."


def _gap(result: VersionResult) -> float | None:
    return result.run.gap if result.run is not None else None


def spill_over(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int, regions: Sequence[str]
) -> list[RegionSpillOver]:
    """Version ``n``'s stored plan against its parent's, for each watched region."""
    names = check_regions(db, actor, scenario, regions)
    version = get_version(db, actor, scenario, n)
    if version.parent_n is None:
        raise InvalidRequest(
            f"spill-over: {version.scenario_name} v{version.n} has no earlier version to compare"
        )
    parent = version_result(db, actor, scenario, version.parent_n)
    child = version_result(db, actor, scenario, n)
    if parent.evaluation is None or child.evaluation is None:
        missing = [f"v{r.n}" for r in (parent, child) if r.evaluation is None]
        raise InvalidRequest(f"spill-over: {' and '.join(missing)} has no plan yet")
    parent_net = version_network(db, actor, scenario, version.parent_n)
    child_net = version_network(db, actor, scenario, n)
    return [
        region_spill_over(
            parent_net,
            parent.evaluation,
            child_net,
            child.evaluation,
            name,
            gap_before=_gap(parent),
            gap_after=_gap(child),
        )
        for name in names
    ]


def what_if_spill_over(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef | None,
    edits: Sequence[Edit | Mapping[str, Any]],
    into: Sequence[str],
    *,
    message: str,
    settings: SolveSettings | None = None,
    progress: ProgressFn | None = None,
) -> SpillOverAnswer:
    """Apply ``edits`` as a what-if, then say whether each region of ``into`` is hit too.

    The regions are checked first: an unknown one changes nothing.
    """
    names = check_regions(db, actor, scenario, into)
    outcome = what_if(
        db, actor, scenario, edits, message=message, settings=settings, progress=progress
    )
    try:
        regions = spill_over(db, actor, outcome.scenario_id, outcome.version, names)
    except InvalidRequest as exc:  # the what-if stands; only the spill-over cannot be judged
        return SpillOverAnswer(
            outcome=outcome, regions=[], note=str(exc).removeprefix("spill-over: ")
        )
    return SpillOverAnswer(outcome=outcome, regions=regions)
