"""Cost–service frontier: known costs per target on a tiny network, the monotone rule, the knee.

The network: lane A→B (one 6 h bucket, 100 EUR per 10 t truck, handling 1 EUR/t at each
end), 25 t due within 6 h, late 1 EUR/t, unserved only 5 EUR/t: carrying a tonne costs
12 EUR, so without a target nothing is carried. Meeting target t needs ceil(25 t / 10)
trucks: cost = 100 * trucks + 2 * carried + 5 * (25 - carried).
"""

from __future__ import annotations

import pytest

from solver import FrontierPoint, SolveSettings, cost_service_frontier, knee_index
from solver.frontier import frontier_report, targets_around, with_target
from solver.network import Network
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=1e-6)


def cheap_loss() -> Network:
    return network(
        "cheap-loss",
        [hub("A", "Alpha"), hub("B", "Beta")],
        [lane("A", "B")],
        [
            demand(
                "D1",
                "A",
                "B",
                25.0,
                due_h=6.0,
                penalty_late_eur_per_t=1.0,
                penalty_unserved_eur_per_t=5.0,
            )
        ],
    )


def test_each_target_costs_what_its_trucks_cost() -> None:
    """40% → 1 truck (195 EUR), 80% → 2 (265), 100% → 3 (350); the knee is at 80%."""
    net = cheap_loss()
    f = cost_service_frontier(net, [1.0, 0.4, 0.8], SETTINGS)
    assert [p.target for p in f.points] == [0.4, 0.8, 1.0]
    assert [p.cost_eur for p in f.points] == pytest.approx([195.0, 265.0, 350.0])
    assert [p.trucks for p in f.points] == [1, 2, 3]
    assert [p.service_level for p in f.points] == pytest.approx([0.4, 0.8, 1.0])
    assert [p.unserved_t for p in f.points] == pytest.approx([15.0, 5.0, 0.0])
    assert all(p.met for p in f.points)
    assert f.knee_index == 1 and f.points[1].knee
    assert "The knee is at 80% (€265)" in f.text
    assert net.policy.service_target is None  # the network itself is not changed


def test_targets_are_checked() -> None:
    """A target outside [0, 1] names itself."""
    with pytest.raises(ValueError, match=r"1\.5 is not a share"):
        cost_service_frontier(cheap_loss(), [0.9, 1.5], SETTINGS)


def point(target: float, cost: float, service: float) -> FrontierPoint:
    return FrontierPoint(
        target=target,
        met=service >= target,
        from_target=target,
        cost_eur=cost,
        service_level=service,
        on_time_t=service * 100,
        late_t=0.0,
        unserved_t=(1 - service) * 100,
        trucks=10,
        empty_trailers=0,
        status="feasible",
        seconds=1.0,
    )


def test_a_cheaper_plan_for_a_higher_target_serves_the_lower_ones() -> None:
    """The 95% solve found a cheaper plan than the 90% one: 90% reports it; 99% is unmet."""
    f = frontier_report(
        cheap_loss(),
        [point(0.90, 120.0, 0.91), point(0.95, 110.0, 0.96), point(0.99, 150.0, 0.97)],
    )
    assert [(p.target, p.cost_eur, p.from_target, p.met) for p in f.points] == [
        (0.90, 110.0, 0.95, True),
        (0.95, 110.0, 0.95, True),
        (0.99, 150.0, 0.99, False),
    ]
    assert "Not reached by any plan: 99%" in f.text


def test_knee_is_the_point_farthest_from_the_chord() -> None:
    """Scaled to [0, 1]: (0.5, 0.1) lies 0.28 off the chord; collinear points have no knee."""
    assert knee_index([(0.90, 100.0), (0.95, 110.0), (1.00, 200.0)]) == 1
    assert knee_index([(0.9, 100.0), (0.92, 101.0), (0.96, 104.0), (1.0, 200.0)]) == 2
    assert knee_index([(0.90, 100.0), (0.95, 150.0), (1.00, 200.0)]) is None
    assert knee_index([(0.9, 1.0), (1.0, 2.0)]) is None


def test_with_target_sets_only_the_policy() -> None:
    """The frontier network differs from the original only in its service target."""
    net = cheap_loss()
    t = with_target(net, 0.97)
    assert t.policy.service_target == 0.97
    assert t.model_copy(update={"policy": net.policy}).content_hash() == net.content_hash()


def test_default_targets_sit_around_the_plan() -> None:
    """From two points under the plan's service, rounded down to half a point, to 100%."""
    assert targets_around(0.994) == (0.97, 0.976, 0.982, 0.988, 0.994, 1.0)
    assert targets_around(0.842, points=3) == (0.82, 0.91, 1.0)
    assert targets_around(1.0, points=2) == (0.98, 1.0)
    with pytest.raises(ValueError, match="points"):
        targets_around(0.9, points=1)
