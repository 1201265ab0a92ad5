"""Planner routing rules in model terms: via hubs per demand, lane buckets that must run.

A :class:`~solver.network.ViaRule` makes a demand's timed paths pass through one hub;
a :class:`~solver.network.LaneRule` asks for at least one dispatch on a lane over some
days. The design model (:mod:`solver.formulation`), pricing (:mod:`solver.pricing`),
candidate routes and evaluation read the rules through these helpers, so every solve
honours the same rules and a plan that breaks one is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.columns import Columns
from solver.network import Network
from solver.routes import Indexed


@dataclass(frozen=True, slots=True)
class LaneRuleBuckets:
    """A lane rule as the lane's index and the cycle buckets whose dispatches count."""

    lane: int
    lane_id: str
    days: tuple[int, ...]
    buckets: np.ndarray


def via_hubs(net: Network, idx: Indexed) -> np.ndarray:
    """Per demand (id order) the index of the hub it must pass through, -1 where free."""
    via = net.via_of
    return np.array(
        [idx.hub_index[via[d]] if d in via else -1 for d in idx.demand_ids], dtype=np.int64
    )


def columns_breaking_via(cols: Columns, idx: Indexed, via: np.ndarray) -> np.ndarray:
    """True for the timed paths whose demand has a via hub that the path never reaches."""
    out = np.zeros(cols.n, dtype=bool)
    need = via[cols.demand] >= 0
    if not need.any():
        return out
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    reached = idx.lane_dest[cols.leg_lane] == via[cols.demand[leg_col]]
    visits = np.zeros(cols.n, dtype=bool)
    visits[leg_col[reached]] = True
    out[need & ~visits] = True
    return out


def lane_rule_buckets(net: Network, idx: Indexed, lb_open: np.ndarray) -> list[LaneRuleBuckets]:
    """Each lane rule's open cycle buckets on its days (all days when the rule names none)."""
    cal = net.calendar
    lane_pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    day_of = np.arange(cal.n_buckets) // cal.buckets_per_day
    out: list[LaneRuleBuckets] = []
    for rule in sorted(net.lane_rules, key=lambda r: r.lane):
        lane = lane_pos[rule.lane]
        days = rule.days or tuple(range(cal.days))
        on_days = np.isin(day_of, days) & lb_open[lane]
        out.append(LaneRuleBuckets(lane, rule.lane, days, np.flatnonzero(on_days)))
    return out
