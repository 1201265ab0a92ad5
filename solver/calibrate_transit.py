"""Transit calibration: lanes whose trucks persistently take longer (or shorter) than planned.

Each week's dispatch rows carry the trucks' average door-to-door hours. Per lane, the
extra hours over the lane's transit time are averaged week by week (weighted by the
dispatches), and a lane is proposed for a new transit time when its mean extra is both
material (``|extra| >= min_effect_h``) and persistent: seen in at least ``min_weeks``
weeks and at least ``min_z`` standard errors of the weekly means away from zero. Lanes
with the same extra (to :data:`STEP_H`) share one ``set_lane_transit`` edit adding it, so a
network-wide delay reads as one change. Nothing here applies them: the use case files them
with the demand factors as a scenario for a planner to approve.

Why it matters: a plan timed on transit times its trucks do not keep books connections
that are then missed, so its freight leaves on later departures than planned; planning
on the observed times puts the forecast loads where the trucks really run them.

Examples
--------
>>> from solver.demo import demo_network
>>> calibrate_transit(demo_network(hubs=6, seed=1), []).edits
()
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from solver.actuals import WeekActuals
from solver.edits import SetLaneTransit
from solver.network import Network

__all__ = ["STEP_H", "TransitCalibration", "TransitEvidence", "calibrate_transit"]

STEP_H = 0.1
"""Proposed extra hours are rounded to this step; lanes with the same step share an edit."""


class TransitEvidence(BaseModel):
    """Why a lane's transit time is proposed (or not): its planned and observed hours."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lane_id: str
    planned_h: float
    observed_h: float
    extra_h: float
    dispatches: int
    weeks: int
    weekly_extra_h: tuple[float, ...]
    std_error: float | None
    z: float | None


class TransitCalibration(BaseModel):
    """Proposed lane transit edits with their evidence; ``skipped`` lanes were not material."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edits: tuple[SetLaneTransit, ...]
    evidence: tuple[TransitEvidence, ...]
    skipped: tuple[TransitEvidence, ...]


def _weekly_extra(
    network: Network, weeks: Sequence[WeekActuals]
) -> dict[str, list[tuple[float, float]]]:
    """Per lane, (mean extra hours, dispatches) of every week that ran it."""
    out: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for week in weeks:
        hours: dict[str, float] = defaultdict(float)
        count: dict[str, float] = defaultdict(float)
        for d in week.dispatches:
            n = d.trucks + d.empty_trailers
            if d.transit_h is None or n == 0 or d.lane_id not in network.lane_by_id:
                continue
            hours[d.lane_id] += (d.transit_h - network.lane_by_id[d.lane_id].transit_h) * n
            count[d.lane_id] += n
        for lane_id in sorted(count):
            out[lane_id].append((hours[lane_id] / count[lane_id], count[lane_id]))
    return out


def _evidence(network: Network, lane_id: str, rows: list[tuple[float, float]]) -> TransitEvidence:
    total = sum(n for _, n in rows)
    extra = sum(e * n for e, n in rows) / total
    weekly = tuple(round(e, 4) for e, _ in rows)
    se: float | None = None
    z: float | None = None
    if len(weekly) >= 2:
        mean = sum(weekly) / len(weekly)
        var = sum((x - mean) ** 2 for x in weekly) / (len(weekly) - 1)
        se = math.sqrt(var / len(weekly))
        z = abs(extra) / se if se > 0 else None
    planned = network.lane_by_id[lane_id].transit_h
    return TransitEvidence(
        lane_id=lane_id,
        planned_h=planned,
        observed_h=round(planned + extra, 4),
        extra_h=round(extra, 4),
        dispatches=int(total),
        weeks=len(weekly),
        weekly_extra_h=weekly,
        std_error=None if se is None else round(se, 6),
        z=None if z is None else round(z, 3),
    )


def calibrate_transit(
    network: Network,
    weeks: Sequence[WeekActuals],
    *,
    min_effect_h: float = 0.25,
    min_z: float = 2.0,
    min_weeks: int = 2,
) -> TransitCalibration:
    """Lane transit changes the weeks support (see the module docs), one edit per extra step."""
    kept: list[TransitEvidence] = []
    skipped: list[TransitEvidence] = []
    for lane_id, rows in sorted(_weekly_extra(network, weeks).items()):
        ev = _evidence(network, lane_id, rows)
        step = round(round(ev.extra_h / STEP_H) * STEP_H, 2)
        material = abs(ev.extra_h) >= min_effect_h and step != 0
        persistent = ev.weeks >= max(min_weeks, 2) and (ev.z is None or ev.z >= min_z)
        fits = ev.planned_h + step > 0
        (kept if material and persistent and fits else skipped).append(ev)
    by_step: dict[float, list[str]] = defaultdict(list)
    for ev in kept:
        by_step[round(round(ev.extra_h / STEP_H) * STEP_H, 2)].append(ev.lane_id)
    edits = tuple(
        SetLaneTransit(lanes=tuple(sorted(ids)), add_h=step)
        for step, ids in sorted(by_step.items())
    )
    return TransitCalibration(edits=edits, evidence=tuple(kept), skipped=tuple(skipped))
