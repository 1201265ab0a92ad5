"""Plan stability: dispatches changed outside an edit's reach are counted, those inside not."""

from __future__ import annotations

from solver.demo import cheapest_path_plan, demo_network
from solver.edits import CloseLane
from solver.plan import LaneBucket, Plan
from solver.stability import dispatch_churn, edit_reach


def _with_extra_truck(plan: Plan, lane_id: str) -> Plan:
    rows = list(plan.lane_buckets)
    k = next(i for i, r in enumerate(rows) if r.lane_id == lane_id)
    rows[k] = rows[k].model_copy(update={"trucks": rows[k].trucks + 1})
    return plan.model_copy(update={"lane_buckets": tuple(rows)})


def test_identical_plans_have_no_churn() -> None:
    """The same plan before and after an edit changes nothing anywhere."""
    net = demo_network(hubs=8, seed=1)
    plan = cheapest_path_plan(net)
    churn = dispatch_churn(net, net, plan, plan)
    assert churn.changed_outside == 0 and churn.share == 0.0
    assert churn.parent_outside == sum(r.trucks + r.empty_trailers for r in plan.lane_buckets)


def test_change_on_the_closed_lane_is_inside_the_reach() -> None:
    """A closed lane and its hubs' lanes are the edit's reach: changes there are not churn."""
    net = demo_network(hubs=8, seed=1)
    plan = cheapest_path_plan(net)
    used = sorted({r.lane_id for r in plan.lane_buckets if r.trucks})
    closed = used[0]
    after = CloseLane(lanes=(closed,)).apply(net)
    reach = edit_reach(net, after, plan, plan)
    assert closed in reach
    inside = _with_extra_truck(plan, closed)
    assert dispatch_churn(net, after, plan, inside).changed_outside == 0
    far = next(lid for lid in used if lid not in reach)
    outside = _with_extra_truck(plan, far)
    churn = dispatch_churn(net, after, plan, outside)
    assert churn.changed_outside == 1
    assert 0 < churn.share < 1


def test_new_lane_bucket_counts_as_changed() -> None:
    """A dispatch the parent did not have, outside the reach, is one change."""
    net = demo_network(hubs=8, seed=1)
    plan = cheapest_path_plan(net)
    lane_id = sorted(net.lane_by_id)[0]
    taken = {(r.lane_id, r.bucket) for r in plan.lane_buckets}
    bucket = next(b for b in range(plan.n_buckets) if (lane_id, b) not in taken)
    extra = plan.model_copy(
        update={
            "lane_buckets": (
                *plan.lane_buckets,
                LaneBucket(
                    lane_id=lane_id, bucket=bucket, trucks=0, loaded_t=0.0, empty_trailers=2
                ),
            )
        }
    )
    assert dispatch_churn(net, net, plan, extra).changed_outside == 2


def test_lanes_of_freight_that_rode_a_closed_lane_are_inside_the_reach() -> None:
    """Freight the parent ran over a closed lane has to move: its other lanes are reach too,
    and the reach is still not the whole network."""
    net = demo_network(hubs=8, seed=1)
    plan = cheapest_path_plan(net)
    multi = next(
        dp for dp in plan.demands for s in dp.shipments if len({leg.lane_id for leg in s.legs}) > 1
    )
    legs = [leg.lane_id for s in multi.shipments for leg in s.legs]
    after = CloseLane(lanes=(legs[0],)).apply(net)
    reach = edit_reach(net, after, plan, plan)
    assert set(legs) <= reach
    assert len(reach) < len(net.lanes)
