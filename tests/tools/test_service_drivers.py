"""Why service is lost, by resource and flow: a lane full on five days is one reason with
its days, and one flow losing freight on five days is one line with the tonnes summed."""

from __future__ import annotations

from solver import evaluate
from storage import Database
from tests.tools.test_levers import _solved, three_levers
from tools import service_drivers, version_plan


def test_a_lane_full_on_five_days_is_one_reason_with_its_days(db: Database) -> None:
    """Beta→Gamma runs its two trucks a day Monday to Friday: the binding resources name it
    once with those days (recomputed from the stored plan's trucks) and first, as it blocks
    the most lost freight; Alpha→Gamma's five lost days are one line with their tonnes
    (recomputed from an independent evaluation of the plan)."""
    admin, sid = _solved(db, three_levers())
    network, plan = version_plan(db, admin, sid)
    assert plan is not None
    bpd = network.calendar.buckets_per_day
    limit = network.lane_by_id["B-C"].max_trucks_per_day
    full_days = sorted(
        {lb.bucket // bpd for lb in plan.lane_buckets if lb.lane_id == "B-C" and lb.trucks >= limit}
    )
    assert full_days == [0, 1, 2, 3, 4]
    why = service_drivers(db, admin, sid)
    first = why.binding[0]
    assert (first.entity_id, first.days, first.days_text) == ("B-C", full_days, "Mon–Fri")
    assert [b.entity_id for b in why.binding].count("B-C") == 1
    lost = sum(o.unserved_t for o in evaluate(network, plan).demands if o.demand_id[:2] == "AC")
    flow = [x for x in why.text.splitlines() if x.startswith("- Alpha (A) → Gamma (C)")]
    assert flow == [
        f"- Alpha (A) → Gamma (C) (Mon–Fri): 0 t late, {lost:,.0f} t unserved — "
        "lane Beta (B) → Gamma (C) at 100% on Mon–Fri"
    ]
    assert "Most binding: lane Beta (B) → Gamma (C) at 100% on Mon–Fri." in why.text
    assert "Monday" not in why.text and "Tuesday" not in why.text
