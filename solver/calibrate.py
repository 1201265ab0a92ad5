"""Calibration: persistent demand deviations over weeks of actuals, turned into proposed edits.

Model: a demand's actual tonnes are its forecast volume times a factor per customer, per
origin region and per release weekday (the same structure as the week simulator's bias).
The three sets of factors are not identifiable together (customers ×c with regions ÷c
predict the same tonnes), so fitting them all at once spreads one bias over every factor:
three weeks of +30% out of one region came out as that region ×1.20, every other region
×0.88 and every customer ×1.1, and the proposal told a planner that regions as forecast
were 12% short. :func:`calibrate_demand` therefore selects factors forward, fewest first:
starting from the forecast, it adds the one factor that, given the factors already kept,
is material (``|f - 1| >= min_effect``), persistent (seen in at least ``min_weeks``
weeks, two by default: one week cannot tell a bias from noise, and at least ``min_z``
standard errors of its week-by-week estimates away from 1) and reduces the squared error
of tonnes per (week, demand) most; it refits the kept factors together by backfitting
and repeats until no factor qualifies. Kept factors are proposed as ``scale_demand``
edits, each with its evidence (weeks, tonnes planned and actual, weekly ratios, standard
error). Nothing here applies them: the use case files them as a scenario for a planner to
approve.

Examples
--------
>>> Calibration(weeks=(), edits=(), evidence=(), skipped=()).edits
()
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from solver.actuals import WeekActuals
from solver.edits import ScaleDemand
from solver.network import DAY_NAMES, Demand, Network

__all__ = ["Calibration", "FactorEvidence", "calibrate_demand"]

FactorDimension = Literal["customer", "region", "weekday"]
_DIMENSIONS: tuple[FactorDimension, ...] = ("customer", "region", "weekday")


class FactorEvidence(BaseModel):
    """Why a demand factor is proposed (or not): the tonnes and weeks behind it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dimension: FactorDimension
    key: str
    factor: float
    planned_t: float
    actual_t: float
    weeks: int
    weekly_factors: tuple[float, ...]
    std_error: float | None
    z: float | None


class Calibration(BaseModel):
    """Proposed demand edits with their evidence; ``skipped`` factors were not material."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weeks: tuple[str, ...]
    edits: tuple[ScaleDemand, ...]
    evidence: tuple[FactorEvidence, ...]
    skipped: tuple[FactorEvidence, ...]


_Obs = tuple[int, Demand, float]  # week index, demand, actual tonnes


def _key(dim: FactorDimension, d: Demand, region_of: dict[str, str]) -> str:
    if dim == "customer":
        return d.customer
    if dim == "region":
        return region_of[d.origin]
    return str(d.release_day)


def _observations(network: Network, weeks: Sequence[WeekActuals]) -> list[_Obs]:
    out: list[_Obs] = []
    for i, week in enumerate(weeks):
        picked: dict[str, float] = defaultdict(float)
        for row in week.deliveries:
            if row.demand_id in network.demand_by_id:
                picked[row.demand_id] += row.picked_up_t
        for demand_id in sorted(picked):
            d = network.demand_by_id[demand_id]
            if d.volume_t > 0:
                out.append((i, d, picked[demand_id]))
    return out


def _fit(
    obs: list[_Obs],
    region_of: dict[str, str],
    free: dict[FactorDimension, set[str]],
    iterations: int,
) -> dict[FactorDimension, dict[str, float]]:
    """Backfitted factors; only keys in ``free`` move, the others stay at 1."""
    f: dict[FactorDimension, dict[str, float]] = {
        dim: defaultdict(lambda: 1.0) for dim in _DIMENSIONS
    }
    for _ in range(iterations):
        change = 0.0
        for dim in _DIMENSIONS:
            num: dict[str, float] = defaultdict(float)
            den: dict[str, float] = defaultdict(float)
            for _, d, actual in obs:
                key = _key(dim, d, region_of)
                if key not in free[dim]:
                    continue
                others = math.prod(f[o][_key(o, d, region_of)] for o in _DIMENSIONS if o != dim)
                num[key] += actual
                den[key] += d.volume_t * others
            for key in num:
                new = num[key] / den[key] if den[key] > 0 else 1.0
                change = max(change, abs(new - f[dim][key]))
                f[dim][key] = new
        if change < 1e-9:
            break
    return f


def _evidence(
    obs: list[_Obs],
    region_of: dict[str, str],
    f: dict[FactorDimension, dict[str, float]],
    dim: FactorDimension,
    key: str,
    n_weeks: int,
) -> FactorEvidence:
    """The factor of ``key`` given the other dimensions' factors ``f`` (for a kept factor of
    a converged fit, its own value), with its weekly estimates and their standard error."""
    num: dict[int, float] = defaultdict(float)
    den: dict[int, float] = defaultdict(float)
    planned = actual = 0.0
    for week, d, a in obs:
        if _key(dim, d, region_of) != key:
            continue
        others = math.prod(f[o][_key(o, d, region_of)] for o in _DIMENSIONS if o != dim)
        num[week] += a
        den[week] += d.volume_t * others
        planned += d.volume_t
        actual += a
    weekly = tuple(round(num[w] / den[w], 6) for w in sorted(num) if den[w] > 0)
    total = sum(den.values())
    factor = sum(num.values()) / total if total > 0 else 1.0
    se: float | None = None
    z: float | None = None
    if len(weekly) >= 2:
        mean = sum(weekly) / len(weekly)
        var = sum((x - mean) ** 2 for x in weekly) / (len(weekly) - 1)
        se = math.sqrt(var / len(weekly))
        z = abs(factor - 1.0) / se if se > 0 else math.inf
    label = DAY_NAMES[int(key) % 7] if dim == "weekday" else key
    return FactorEvidence(
        dimension=dim,
        key=label,
        factor=round(factor, 6),
        planned_t=round(planned, 3),
        actual_t=round(actual, 3),
        weeks=len(weekly),
        weekly_factors=weekly,
        std_error=None if se is None else round(se, 6),
        z=None if z is None or math.isinf(z) else round(z, 3),
    )


def _error_drop(
    obs: list[_Obs],
    region_of: dict[str, str],
    f: dict[FactorDimension, dict[str, float]],
    dim: FactorDimension,
    key: str,
    factor: float,
) -> float:
    """How much scaling ``key``'s predicted tonnes by ``factor`` lowers the squared error."""
    drop = 0.0
    for _, d, a in obs:
        if _key(dim, d, region_of) == key:
            p = d.volume_t * math.prod(f[o][_key(o, d, region_of)] for o in _DIMENSIONS)
            drop += (a - p) ** 2 - (a - p * factor) ** 2
    return drop


def _select(
    obs: list[_Obs],
    region_of: dict[str, str],
    every: dict[FactorDimension, set[str]],
    qualifies: Callable[[FactorDimension, str, FactorEvidence], bool],
    iterations: int,
    n_weeks: int,
) -> tuple[dict[FactorDimension, set[str]], dict[FactorDimension, dict[str, float]]]:
    """Forward selection (see the module's docs): the kept keys and their joint fit."""
    kept: dict[FactorDimension, set[str]] = {dim: set() for dim in _DIMENSIONS}
    f = _fit(obs, region_of, kept, iterations)
    while True:
        best: tuple[float, FactorDimension, str] | None = None
        for dim in _DIMENSIONS:
            for key in sorted(every[dim] - kept[dim]):
                ev = _evidence(obs, region_of, f, dim, key, n_weeks)
                if not qualifies(dim, key, ev):
                    continue
                drop = _error_drop(obs, region_of, f, dim, key, ev.factor)
                if best is None or drop > best[0]:
                    best = (drop, dim, key)
        if best is None or best[0] <= 0:
            return kept, f
        kept[best[1]].add(best[2])
        f = _fit(obs, region_of, kept, iterations)


def calibrate_demand(
    network: Network,
    weeks: Sequence[WeekActuals],
    *,
    min_effect: float = 0.03,
    min_z: float = 2.0,
    min_weeks: int = 2,
    iterations: int = 50,
) -> Calibration:
    """Demand factors per customer, origin region and weekday that the weeks support.

    Demands without a customer are fitted but never get a customer edit (no filter can
    select them).
    """
    region_of = {h.id: h.region for h in network.hubs}
    obs = _observations(network, weeks)
    every: dict[FactorDimension, set[str]] = {
        dim: {_key(dim, d, region_of) for _, d, _ in obs} for dim in _DIMENSIONS
    }

    def qualifies(dim: FactorDimension, key: str, ev: FactorEvidence) -> bool:
        material = abs(ev.factor - 1.0) >= min_effect
        persistent = ev.weeks >= max(min_weeks, 2) and (ev.z is None or ev.z >= min_z)
        return material and persistent and not (dim == "customer" and not key)

    kept, final = _select(obs, region_of, every, qualifies, iterations, len(weeks))
    skipped = [
        _evidence(obs, region_of, final, dim, key, len(weeks))
        for dim in _DIMENSIONS
        for key in sorted(every[dim] - kept[dim])
    ]
    evidence: list[FactorEvidence] = []
    edits: list[ScaleDemand] = []
    for dim in _DIMENSIONS:
        for key in sorted(kept[dim]):
            ev = _evidence(obs, region_of, final, dim, key, len(weeks))
            factor = round(ev.factor, 3)
            if abs(factor - 1.0) < min_effect:  # it was another factor's shadow
                skipped.append(ev)
                continue
            evidence.append(ev)
            if dim == "customer":
                edits.append(ScaleDemand(customers=(key,), factor=factor))
            elif dim == "region":
                edits.append(ScaleDemand(origin_regions=(key,), factor=factor))
            else:
                edits.append(ScaleDemand(days=(int(key),), factor=factor))
    return Calibration(
        weeks=tuple(w.week for w in weeks),
        edits=tuple(edits),
        evidence=tuple(evidence),
        skipped=tuple(skipped),
    )
