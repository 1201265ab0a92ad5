"""Why answers: one line per lever (its days listed), ranked for the question, ten at most.

The networks are built so every saving can be worked out by hand (contract lanes of one
bucket, €100 per 10 t truck, handling €1/t at every hub, no freight can wait a day), and
the tests compare with those hand figures, not with the explanation's own numbers.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from solver import Network, SolveSettings, evaluate
from storage import Database
from tests.solver.nets import demand, hub, lane, network
from tools import (
    UserRef,
    bootstrap_admin,
    import_network,
    solve_version,
    user_ref,
    version_plan,
    why_levers,
)

EXACT = SolveSettings(time_limit_s=60, relative_gap=1e-6)
WEEK: dict[str, Any] = {"days": 7, "buckets_per_day": 4}
ON_TIME_ONLY: dict[str, Any] = {"max_late_h": 1.0}  # late freight is lost, never carried on


def three_levers() -> Network:
    """Three limits whose worth is known by hand (per day, then per week):

    - Beta→Gamma, 2 trucks a day for 35 t a day (Mon–Fri, €250/t unserved): one more truck
      serves 10 t and saves 10 × (250 − 3) − 2 × 100 = €2,270 a day, €11,350 a week;
    - Papa→Quebec, 1 truck for 20 t on Monday (€5,000/t unserved): one more serves 10 t and
      saves 10 × (5,000 − 2) − 100 = €49,880;
    - Xray→Zulu, 1 truck for 20 t a day (every day): the other 10 t go on time by Yankee at
      €50/t a lane, so one more direct truck saves money (about €900 a day; the exact figure
      is the LP's, with the plan's trucks held) and serves nothing more on time.
    """
    return network(
        "three-levers",
        [
            hub("A", "Alpha"),
            hub("B", "Beta"),
            hub("C", "Gamma", region="south"),
            hub("P", "Papa"),
            hub("Q", "Quebec", region="south"),
            hub("X", "Xray"),
            hub("Y", "Yankee"),
            hub("Z", "Zulu", region="south"),
        ],
        [
            lane("A", "B"),
            lane("B", "C", max_trucks_per_day=2),
            lane("P", "Q", max_trucks_per_day=1),
            lane("X", "Z", max_trucks_per_day=1),
            lane("X", "Y", cost_eur_per_t=50.0),
            lane("Y", "Z", cost_eur_per_t=50.0),
        ],
        [
            demand(
                f"AC{d}", "A", "C", 35.0, release_day=d, due_h=12.0, penalty_unserved_eur_per_t=250
            )
            for d in range(5)
        ]
        + [demand("PQ", "P", "Q", 20.0, due_h=12.0, penalty_unserved_eur_per_t=5000)]
        + [
            demand(
                f"XZ{d}", "X", "Z", 20.0, release_day=d, due_h=12.0, penalty_unserved_eur_per_t=5000
            )
            for d in range(7)
        ],
        calendar=WEEK,
        policy=ON_TIME_ONLY,
    )


def spokes(k: int = 12) -> Network:
    """``k`` hubs each send 20 t to Hub on Monday over a lane of one truck a day: one more
    truck serves 10 t more and saves 10 × (penalty − 2) − 100, a penalty distinct per spoke."""
    return network(
        "spokes",
        [hub("H", "Hub")] + [hub(f"S{i}", f"Spoke {i}") for i in range(k)],
        [lane(f"S{i}", "H", max_trucks_per_day=1) for i in range(k)],
        [
            demand(f"D{i}", f"S{i}", "H", 20.0, due_h=12.0, penalty_unserved_eur_per_t=100 + 10 * i)
            for i in range(k)
        ],
        calendar=WEEK,
        policy=ON_TIME_ONLY,
    )


def spoke_saving(i: int) -> float:
    return 10 * (100 + 10 * i - 2) - 100


def _solved(db: Database, net: Network) -> tuple[UserRef, int]:
    view, _ = bootstrap_admin(db, "root", "root@example.com")
    admin = user_ref(db, view.id)
    sc = import_network(db, admin, net, net.name)
    solve_version(db, admin, sc.id, settings=EXACT)
    return admin, sc.id


def test_a_cost_question_ranks_by_saving_and_a_service_question_by_freight_served(
    db: Database,
) -> None:
    """The same limit on five days is one line with the days; a cost question puts the
    cheaper-route lever first, a service question leaves it out (it serves nothing more)."""
    admin, sid = _solved(db, three_levers())
    cost = why_levers(db, admin, sid, focus="cost")
    assert [(lv.entity, lv.days) for lv in cost.levers] == [
        ("P-Q", [0]),
        ("B-C", list(range(5))),
        ("X-Z", list(range(7))),
    ]
    worth = [lv.saving_eur for lv in cost.levers]
    assert worth[:2] == pytest.approx([49_880, 5 * 2270], abs=1)
    assert 7 * 800 < worth[2] < 7 * 1100
    served = [lv.more_on_time_t for lv in cost.levers]
    assert served == pytest.approx([10, 50, 0], abs=0.01)
    assert cost.checked and all(lv.checked for lv in cost.levers)
    per_day = cost.levers[2].saving_eur / 7
    assert (
        f"3. One more truck on Xray → Zulu every day: saves €{worth[2]:,.0f} a week "
        f"(€{per_day:,.0f} a day)"
    ) in cost.text
    service = why_levers(db, admin, sid, focus="service")
    assert [lv.entity for lv in service.levers] == ["B-C", "P-Q"]  # Xray→Zulu serves nothing
    line = (
        "1. One more truck on Beta → Gamma on Mon–Fri: serves 50 t more on time, "
        "saves €11,350 a week (€2,270 a day)"
    )
    assert line in service.text
    assert "Xray → Zulu" not in service.text.split("**Why it is lost**")[0]
    assert "**Why it is lost**" in service.text
    network, plan = version_plan(db, admin, sid)
    assert plan is not None
    lost = sum(o.unserved_t for o in evaluate(network, plan).demands if o.demand_id[:2] == "AC")
    assert service.reasons == [  # one line per flow and blocker, days listed, tonnes summed
        f"Alpha → Gamma, Mon–Fri: {lost:,.0f} t unserved — daily truck limit of "
        "Beta → Gamma (2 trucks) on Mon–Fri",
        "Papa → Quebec, Mon: 10 t unserved — daily truck limit of Papa → Quebec (1 truck) on Mon",
    ]


def test_ten_lines_at_most_the_rest_counted(db: Database) -> None:
    """Twelve levers: ten numbered lines best first, then '… and 2 smaller levers'; the
    list holds all twelve with the hand-computed savings, in order."""
    admin, sid = _solved(db, spokes(12))
    why = why_levers(db, admin, sid, focus="cost")
    assert why.shown == 10
    numbered = re.findall(r"(?m)^(\d+)\. ", why.text)
    assert numbered == [str(i) for i in range(1, 11)]
    assert "… and 2 smaller levers" in why.text
    expected = sorted(range(12), key=lambda i: -spoke_saving(i))
    assert [lv.entity for lv in why.levers] == [f"S{i}-H" for i in expected]
    for lv, i in zip(why.levers, expected, strict=True):
        assert lv.saving_eur == pytest.approx(spoke_saving(i), abs=1)
        assert lv.days == [0] and lv.more_on_time_t == pytest.approx(10, abs=0.01)


def test_with_no_time_left_the_same_levers_come_as_estimates(db: Database) -> None:
    """A spent time budget skips the re-solves: the levers are the same, their savings are
    the LP's estimates, and the answer says so."""
    admin, sid = _solved(db, three_levers())
    full = why_levers(db, admin, sid, focus="cost")
    quick = why_levers(db, admin, sid, focus="cost", budget_s=0.0)
    assert not quick.checked and not any(lv.checked for lv in quick.levers)
    assert {(lv.entity, tuple(lv.days)) for lv in quick.levers} == {
        (lv.entity, tuple(lv.days)) for lv in full.levers
    }
    assert "estimates" in quick.text and "(estimate)" not in quick.text  # said once
    assert "estimates" not in full.text
