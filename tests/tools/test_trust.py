"""Trust guards in the use cases: words for plan quality, collapsed plans, noisy deltas.

A plan whose service collapsed must never be recommended or proposed without an
explicit, recorded override; a cost delta inside the two plans' uncertainty gets no
better/worse verdict; an unfinished solve is shown but never re-used as if final.
"""

from __future__ import annotations

from typing import Any

import pytest

from solver import Network, Plan, SolveSettings, evaluate
from storage import put_solve_run
from tests.tools.conftest import Team
from tools import (
    UntrustedPlan,
    audit_trail,
    compare_versions,
    create_scenario,
    edit_scenario,
    executive_summary,
    list_proposals,
    propose,
    solve_version,
    version_network,
    version_plan,
    version_result,
)
from tools.solving import settings_key

FAST = SolveSettings(time_limit_s=20.0, relative_gap=0.02)
NORTH_UP = {"op": "scale_demand", "origin_regions": "north", "factor": 1.2}
NORTH_A_BIT = {"op": "scale_demand", "origin_regions": "north", "factor": 1.01}


def _empty_plan(net: Network) -> Plan:
    """A plan that dispatches nothing: every tonne unserved, on-time service 0%."""
    cal = net.calendar
    return Plan(
        network_hash=net.content_hash(),
        n_buckets=cal.days * cal.buckets_per_day,
        buckets_per_day=cal.buckets_per_day,
    )


def _store(
    team: Team,
    scenario: str,
    n: int,
    plan: Plan,
    *,
    status: str,
    gap: float | None,
    settings: dict[str, Any] | None = None,
) -> None:
    """Store ``plan`` as a solve of the version's network, evaluated like a real run."""
    net = version_network(team.db, team.ann, scenario, n)
    kpis = evaluate(net, plan).kpis
    with team.db.write_session() as s:
        put_solve_run(
            s,
            net.content_hash(),
            settings or {"test": "stored"},
            status=status,
            objective=kpis.total_cost_eur,
            bound=None if gap is None else kpis.total_cost_eur * (1 - gap),
            gap=gap,
            plan_json=plan.model_dump_json(),
            kpis=kpis.model_dump(mode="json"),
        )


def _collapsed_growth(team: Team) -> None:
    """Live solved for real; shared scenario 'growth' v2 holding a plan that serves nothing."""
    solve_version(team.db, team.ann, "live", settings=FAST)
    create_scenario(team.db, team.ann, "growth", shared=True)
    edit_scenario(team.db, team.ann, "growth", NORTH_UP)
    net = version_network(team.db, team.ann, "growth", 2)
    _store(team, "growth", 2, _empty_plan(net), status="feasible", gap=0.72)


def test_collapsed_plan_is_flagged_and_its_summary_does_not_say_adopt(team: Team) -> None:
    """A 0%-on-time plan: warnings name the collapse; the brief warns and says do not adopt."""
    _collapsed_growth(team)
    result = version_result(team.db, team.ann, "growth", 2)
    assert any("service collapsed" in w for w in result.warnings)
    assert result.run is not None
    assert result.run.quality == "not yet proven: at most 72.0% above the best possible plan"
    brief = executive_summary(team.db, team.ann, "growth", 2)
    assert brief.text.startswith("⚠ Not a plan to act on (growth v2): ")
    assert "service collapsed" in brief.text
    assert "Recommendation: Adopt" not in brief.text
    assert "Recommendation: Do not adopt" in brief.text
    assert len(brief.text.split()) <= 120
    assert brief.edits and all(e in brief.text for e in brief.edits)  # what changed, still
    assert brief.warnings == result.warnings


def test_healthy_plan_has_no_warnings_and_may_be_recommended(team: Team) -> None:
    """The same scenario solved for real carries no warning line and no refusal."""
    solve_version(team.db, team.ann, "live", settings=FAST)
    create_scenario(team.db, team.ann, "growth", shared=True)
    edit_scenario(team.db, team.ann, "growth", NORTH_UP)
    solve_version(team.db, team.ann, "growth", settings=FAST)
    result = version_result(team.db, team.ann, "growth", 2)
    assert result.warnings == []
    assert result.run is not None and "of the best possible plan" in result.run.quality
    brief = executive_summary(team.db, team.ann, "growth", 2)
    assert "Not a plan to act on" not in brief.text and "Do not adopt" not in brief.text
    assert propose(team.db, team.ann, "growth").override_reasons == []


def test_propose_refuses_a_collapsed_plan_and_records_an_override(team: Team) -> None:
    """Without override: refused with the reasons, nothing stored. With: stored and readable."""
    _collapsed_growth(team)
    with pytest.raises(UntrustedPlan, match="service collapsed") as refused:
        propose(team.db, team.ann, "growth", message="ship it")
    assert any("service collapsed" in r for r in refused.value.reasons)
    assert list_proposals(team.db, team.apo) == []

    made = propose(team.db, team.ann, "growth", message="ship it", override=True)
    assert made.override_reasons == refused.value.reasons
    # read back from the database by the approver, in a fresh session
    (seen,) = list_proposals(team.db, team.apo)
    assert seen.id == made.id and seen.message == "ship it"
    assert seen.override_reasons == refused.value.reasons
    entry = next(e for e in audit_trail(team.db, team.apo) if e.action == "scenario.propose")
    assert entry.details["override"] is True
    assert entry.details["reasons"] == refused.value.reasons


def test_cost_delta_inside_the_noise_gets_no_verdict(team: Team) -> None:
    """+1% north volume on live's own plan: no ✓/✗ at 5% gaps, a verdict at proven 0%."""
    create_scenario(team.db, team.ann, "bit", shared=True)
    edit_scenario(team.db, team.ann, "bit", NORTH_A_BIT)
    solve_version(team.db, team.ann, "live", settings=FAST)
    _, plan = version_plan(team.db, team.ann, "live")
    assert plan is not None
    for gap in (0.05, 0.0):
        _store(team, "live", 1, plan, status="feasible", gap=gap, settings={"g": gap})
        _store(team, "bit", 2, plan, status="feasible", gap=gap, settings={"g": gap})
        cmp = compare_versions(team.db, team.ann, "bit", 2, against="live")
        cost = next(c for c in cmp.changes if c.key == "total_cost_eur")
        assert cost.delta is not None and abs(cost.delta) > 1.0
        assert cmp.cost_noise is not None
        if gap > 0:
            assert cost.better is None and not cmp.cost_noise.distinguishable
            assert cost.note.startswith("the difference is within what the solver can distinguish")
            assert "(±€" in cost.note
        else:
            assert cost.better is not None and cost.note == ""
            assert cmp.cost_noise.distinguishable


def test_unfinished_run_is_shown_labelled_and_solved_again(team: Team) -> None:
    """A stored unfinished run reads as unfinished; solving again does not re-use it."""
    net = version_network(team.db, team.ann, "live")
    key = settings_key(FAST)
    _store(team, "live", 1, _empty_plan(net), status="unfinished", gap=0.5, settings=key)
    shown = version_result(team.db, team.ann, "live")
    assert shown.run is not None and shown.run.quality.startswith("unfinished")
    assert any("unfinished" in w for w in shown.warnings)
    again = solve_version(team.db, team.ann, "live", settings=FAST)
    assert not again.reused and again.warm_started
    assert again.status != "unfinished"
    assert version_result(team.db, team.ann, "live").run.status == again.status  # type: ignore[union-attr]
