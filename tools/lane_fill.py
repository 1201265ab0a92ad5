"""Where a stored plan runs trucks empty or part-full: 'which lanes run empty?'.

Read-only, like :mod:`tools.hub_traffic`: from a version's stored plan and its independent
evaluation, the lanes that carry empty own-fleet trailers back (repositioning: the trips an
imbalance of freight costs) and the lanes whose loaded trucks leave most of their room
unused, each with its days. Nothing is solved and no version is created.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, computed_field

from solver import DAY_NAMES, LaneBucketUse, Network
from storage import Database
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.insights import days_asked, solved_result, with_plan_warning
from tools.scenarios import ScenarioRef, version_network

__all__ = ["LaneFill", "LaneFillRow", "lane_fill"]

SHOWN = 8
"""At most this many lanes are listed in each part of the answer."""


class LaneFillRow(BaseModel):
    """One lane over the days asked: its loaded trucks, their fill, its empty trailers."""

    lane_id: str
    label: str
    loaded_trucks: int
    loaded_t: float
    room_t: float
    """Truck capacity its loaded trucks dispatch (tonnes)."""
    empty_trailers: int
    days_empty: list[int]
    """Days (0 = Monday) on which it carries empty trailers."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def fill(self) -> float | None:
        """Loaded tonnes over the room of its loaded trucks (None without loaded trucks)."""
        return self.loaded_t / self.room_t if self.room_t > 0 else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unused_t(self) -> float:
        """Room its loaded trucks leave unused (tonnes)."""
        return max(0.0, self.room_t - self.loaded_t)


class LaneFill(BaseModel):
    """Empty and part-full running of a version's plan, and the answer in words."""

    scenario_id: int
    scenario_name: str
    n: int
    days: list[int]
    regions: list[str]
    """The regions the lanes were narrowed to (none: every lane)."""
    lanes: list[LaneFillRow]
    """Every lane that dispatches anything on the days asked, by lane id."""
    text: str


def _rows(
    net: Network, buckets: Sequence[LaneBucketUse], days: set[int], regions: set[str]
) -> list[LaneFillRow]:
    """Per lane, loaded trucks, tonnes, truck room and empty trailers over ``days``, of the
    lanes with an end in ``regions`` (every lane when empty)."""
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    empty_days: dict[str, set[int]] = defaultdict(set)
    for b in buckets:
        if b.day not in days:
            continue
        row = acc[b.lane_id]
        row[0] += b.trucks
        row[1] += b.loaded_t
        row[2] += b.capacity_t
        row[3] += b.empty_trailers
        if b.empty_trailers:
            empty_days[b.lane_id].add(b.day)
    lanes = {ln.id: ln for ln in net.lanes}
    out = []
    for lane_id in sorted(acc):
        trucks, loaded, room, empty = acc[lane_id]
        lane = lanes[lane_id]
        ends = {net.hub_by_id[lane.origin].region, net.hub_by_id[lane.destination].region}
        if (not trucks and not empty) or (regions and not ends & regions):
            continue
        label = f"{net.hub_by_id[lane.origin].name} → {net.hub_by_id[lane.destination].name}"
        out.append(
            LaneFillRow(
                lane_id=lane_id,
                label=label,
                loaded_trucks=int(trucks),
                loaded_t=loaded,
                room_t=room,
                empty_trailers=int(empty),
                days_empty=sorted(empty_days[lane_id]),
            )
        )
    return out


def _day_list(days: Sequence[int]) -> str:
    return ", ".join(DAY_NAMES[d][:3] for d in days)


def _empty_lines(rows: Sequence[LaneFillRow]) -> list[str]:
    empty = sorted(
        (r for r in rows if r.empty_trailers), key=lambda r: (-r.empty_trailers, r.lane_id)
    )
    if not empty:
        return ["No lane carries empty trailers in this plan."]
    total = sum(r.empty_trailers for r in empty)
    lines = [
        f"**Empty trailers repositioned: {total}** on {len(empty)} lane"
        f"{'s' if len(empty) != 1 else ''} (most first):"
    ]
    lines += [
        f"- {r.label} ({r.lane_id}): {r.empty_trailers} empty ({_day_list(r.days_empty)})"
        for r in empty[:SHOWN]
    ]
    if len(empty) > SHOWN:
        lines.append(f"- and {len(empty) - SHOWN} more lanes")
    return lines


def _part_full_lines(rows: Sequence[LaneFillRow]) -> list[str]:
    loaded = [r for r in rows if r.loaded_trucks]
    if not loaded:
        return ["No lane runs a loaded truck on these days."]
    room = sum(r.room_t for r in loaded)
    fill = sum(r.loaded_t for r in loaded) / room if room > 0 else 0.0
    ranked = sorted(loaded, key=lambda r: (-r.unused_t, r.lane_id))
    lines = [
        f"**Loaded trucks run {fill:.0%} full on average**; the most room left unused:",
    ]
    lines += [
        f"- {r.label} ({r.lane_id}): {r.loaded_trucks} trucks {r.fill or 0.0:.0%} full, "
        f"{r.unused_t:,.0f} t of room unused"
        for r in ranked[:SHOWN]
        if r.unused_t >= 0.5
    ]
    return lines


def lane_fill(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    days: Sequence[int] = (),
    regions: Sequence[str] = (),
) -> LaneFill:
    """The lanes of the version's stored plan that carry empty trailers, and those whose
    loaded trucks leave most room unused, over ``days`` (0 = Monday; none: the week), of the
    lanes with an end in ``regions`` (none: every lane).

    Raises
    ------
    InvalidRequest
        When a day is outside the plan's week, a region is not the network's, or the
        version is not solved.
    """
    result = solved_result(db, actor, scenario, n)
    evaluation = result.evaluation
    assert evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    wanted = days_asked(net, days)
    known = {h.region for h in net.hubs}
    for region in regions:
        if region not in known:
            raise InvalidRequest(
                f"regions: “{region}” is no region of this network ({', '.join(sorted(known))})"
            )
    rows = _rows(net, evaluation.lane_buckets, set(wanted), set(regions))
    when = f" on {', '.join(DAY_NAMES[d] for d in wanted)}" if days else ""
    where = f" on lanes to or from the {' and the '.join(sorted(regions))}" if regions else ""
    lines = [f"Empty and part-full running in **{result.scenario_name} v{result.n}**{where}{when}:"]
    lines += _empty_lines(rows)
    lines += _part_full_lines(rows)
    return LaneFill(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        days=wanted,
        regions=sorted(regions),
        lanes=rows,
        text=with_plan_warning(result, "\n".join(lines)),
    )
