"""Plan stability: how much of a plan an edit changed beyond what the edit reaches.

A planner who closes one hub expects the dispatches far from it to stay as they were;
a re-plan that reshuffles the whole network is hard to execute and hard to trust. The
*reach* of an edit is every lane whose own data changed or that touches a hub whose data
changed, plus every lane that a changed demand (new, removed, different volume or window)
or a demand the parent's plan ran over such a lane travels on in either plan.
:func:`dispatch_churn` counts the dispatches (trucks and empty trailers per lane bucket)
moved between the parent's and the child's plans on the lanes outside that reach.

Examples
--------
>>> from solver.demo import demo_network, cheapest_path_plan
>>> net = demo_network(hubs=8, seed=1)
>>> plan = cheapest_path_plan(net)
>>> dispatch_churn(net, net, plan, plan).share
0.0
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.network import Network
from solver.plan import Plan


@dataclass(frozen=True, slots=True)
class Churn:
    """Dispatches moved outside the edit's reach, out of the dispatches there.

    A move is one dispatch taken away or added on a lane bucket; shifting a truck from one
    bucket to another is one move (one removed, one added: the larger side is counted).
    """

    changed_outside: int
    parent_outside: int
    child_outside: int
    reach_lanes: frozenset[str]

    @property
    def share(self) -> float:
        """Moves outside the reach over the larger plan's dispatches there (0 to 1)."""
        total = max(self.parent_outside, self.child_outside)
        return self.changed_outside / total if total else 0.0


def edit_reach(before: Network, after: Network, parent: Plan, child: Plan) -> frozenset[str]:
    """Lanes an edit reaches: changed lanes, lanes at changed hubs, and the lanes of changed
    demands and of the demands the parent ran over the former two."""
    hubs_b, hubs_a = before.hub_by_id, after.hub_by_id
    changed_hubs = {h for h in hubs_b.keys() | hubs_a.keys() if hubs_b.get(h) != hubs_a.get(h)}
    lanes_b, lanes_a = before.lane_by_id, after.lane_by_id
    reach = {
        lid
        for lid in lanes_b.keys() | lanes_a.keys()
        if lanes_b.get(lid) != lanes_a.get(lid)
        or any(
            lane is not None and (lane.origin in changed_hubs or lane.destination in changed_hubs)
            for lane in (lanes_b.get(lid), lanes_a.get(lid))
        )
    }
    dem_b, dem_a = before.demand_by_id, after.demand_by_id
    changed_demands = {d for d in dem_b.keys() | dem_a.keys() if dem_b.get(d) != dem_a.get(d)}
    # freight the parent ran over a changed lane or hub has to move with it
    changed_demands |= {
        dp.demand_id
        for dp in parent.demands
        if any(leg.lane_id in reach for s in dp.shipments for leg in s.legs)
    }
    for plan in (parent, child):
        for dp in plan.demands:
            if dp.demand_id in changed_demands:
                reach.update(leg.lane_id for s in dp.shipments for leg in s.legs)
    return frozenset(reach)


def dispatch_churn(before: Network, after: Network, parent: Plan, child: Plan) -> Churn:
    """Dispatches that differ between ``parent`` and ``child`` on lanes the edit does not reach."""
    reach = edit_reach(before, after, parent, child)

    def grid(plan: Plan) -> dict[tuple[str, int], int]:
        return {
            (r.lane_id, r.bucket): r.trucks + r.empty_trailers
            for r in plan.lane_buckets
            if r.lane_id not in reach
        }

    old, new = grid(parent), grid(child)
    keys = old.keys() | new.keys()
    added = sum(max(0, new.get(k, 0) - old.get(k, 0)) for k in keys)
    removed = sum(max(0, old.get(k, 0) - new.get(k, 0)) for k in keys)
    return Churn(max(added, removed), sum(old.values()), sum(new.values()), reach)
