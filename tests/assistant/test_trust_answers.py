"""What a planner reads about trust: quality in words, warning lines, noise, guarded proposals."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from assistant.answers import kpi_table, run_line
from assistant.bots import layout
from assistant.conversation import AskResult, ask, new_deps
from solver import Network, Plan, SolveSettings, evaluate
from storage import put_solve_run
from tests.assistant.conftest import FAST, World
from tools import (
    KpiChange,
    SolveRunView,
    create_scenario,
    edit_scenario,
    list_proposals,
    version_network,
)
from tools.solving import settings_key

ROOMY = FAST.model_copy(update={"time_limit_s": 120.0})
"""FAST's effort with a safety stop that does not fire on a busy machine."""


def _ask(
    world: World,
    question: str,
    conversation_id: str | None = None,
    settings: SolveSettings = FAST,
) -> AskResult:
    deps = new_deps(world.db, world.planner, solve_settings=settings)
    return asyncio.run(ask(question, deps=deps, conversation_id=conversation_id))


def _store_empty_plan(world: World, scenario: str, n: int, settings: Mapping[str, Any]) -> None:
    """Store a plan that dispatches nothing (0% on time) as a 'feasible' solve at a 72% gap."""
    net: Network = version_network(world.db, world.planner, scenario, n)
    cal = net.calendar
    plan = Plan(
        network_hash=net.content_hash(),
        n_buckets=cal.days * cal.buckets_per_day,
        buckets_per_day=cal.buckets_per_day,
    )
    kpis = evaluate(net, plan).kpis
    with world.db.write_session() as s:
        put_solve_run(
            s,
            net.content_hash(),
            settings,
            status="feasible",
            objective=kpis.total_cost_eur,
            bound=kpis.total_cost_eur * 0.28,
            gap=0.72,
            plan_json=plan.model_dump_json(),
            kpis=kpis.model_dump(mode="json"),
        )


def test_what_if_answer_says_quality_in_words(world: World) -> None:
    """The re-plan line says how far from the best possible plan, not 'gap x%' or 'optimal'."""
    result = _ask(world, "what if volumes rise 20% in the north?", settings=ROOMY)
    line = next(p for p in result.answer.split("\n\n") if p.startswith("**Re-planned:**"))
    assert "the best possible plan" in line
    assert "gap" not in line and "optimal" not in line
    assert "Not a plan to act on" not in result.answer


def test_answers_on_a_collapsed_live_plan_warn_and_never_say_adopt(world: World) -> None:
    """Live's stored plan serves nothing: the what-if and the VP summary both warn about it."""
    _store_empty_plan(world, "live", 1, settings_key(FAST))
    first = _ask(world, "what if volumes rise 20% in the north?")
    paragraphs = first.answer.split("\n\n")
    assert paragraphs[0].startswith("⚠ Not a plan to act on")
    warned = [p for p in paragraphs if p.startswith("⚠ Not a plan to act on")]
    assert paragraphs[: len(warned)] == warned  # warnings come first, before anything else
    assert any(p.startswith("⚠ Not a plan to act on (the baseline v1): service ") for p in warned)
    summary = _ask(world, "summarise this for the VP", conversation_id=first.conversation_id)
    assert "Recommendation: Adopt" not in summary.answer
    assert "re-plan live first" in summary.answer or "Do not adopt" in summary.answer


def _propose_model(override: bool) -> FunctionModel:
    """A stand-in LLM that calls ``propose`` once and then repeats what the tool said."""

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        returned = [p for p in messages[-1].parts if isinstance(p, ToolReturnPart)]
        if returned:
            return ModelResponse(parts=[TextPart(str(returned[0].content))])
        args = {"reason": "peak plan", "override": override}
        return ModelResponse(parts=[ToolCallPart("propose", json.dumps(args))])

    return FunctionModel(model)


def test_propose_tool_refuses_a_collapsed_plan_unless_overridden(world: World) -> None:
    """The agent's propose names the reasons and records nothing; the override is recorded."""
    create_scenario(world.db, world.planner, "peak")
    edit_scenario(world.db, world.planner, "peak", {"op": "scale_demand", "factor": 1.1})
    _store_empty_plan(world, "peak", 2, {"test": "collapsed"})

    def run(override: bool) -> str:
        deps = new_deps(world.db, world.planner, scenario="peak", solve_settings=FAST)
        return asyncio.run(ask("propose it", deps=deps, model=_propose_model(override))).answer

    refused = run(False)
    assert refused.startswith("Not proposed") and "service collapsed" in refused
    assert list_proposals(world.db, world.admin, status=None) == []
    accepted = run(True)
    assert "Proposed with an override" in accepted and "service collapsed" in accepted
    (proposal,) = list_proposals(world.db, world.admin)
    assert proposal.n == 2 and any("service collapsed" in r for r in proposal.override_reasons)


def test_cost_change_inside_the_noise_has_no_tick_or_cross() -> None:
    """A cost row whose delta is inside the noise shows '(within noise)', never ✓ or ✗."""
    noisy = KpiChange(
        key="total_cost_eur",
        label="Total cost / week",
        unit="eur",
        before=100_000.0,
        after=101_000.0,
        delta=1_000.0,
        better=None,
        note="the difference is within what the solver can distinguish (±€9,000)",
    )
    judged = noisy.model_copy(update={"better": False, "note": ""})
    noisy_row = kpi_table([noisy]).splitlines()[-1]
    assert "(within noise)" in noisy_row and "✓" not in noisy_row and "✗" not in noisy_row
    assert "✗" in kpi_table([judged]).splitlines()[-1]


def test_run_line_never_says_optimal_unless_proven() -> None:
    """'feasible' at 8.7% reads as not yet proven; only 'optimal' reads as proven."""
    base: dict[str, Any] = {
        "network_hash": "h",
        "objective_eur": 1.0,
        "best_bound_eur": 0.9,
        "seconds": 1.0,
        "solver_version": "x",
        "settings": {},
        "reused": False,
        "warm_started": False,
        "message": "",
        "solved_at": "2026-01-01T00:00:00Z",
    }
    feasible = SolveRunView(status="feasible", gap=0.087, **base)
    proven = SolveRunView(status="optimal", gap=0.004, **base)
    assert run_line(feasible).startswith("not yet proven: at most 8.7% above the best possible")
    assert run_line(proven).startswith("proven within 0.4% of the best possible plan")
    assert "proven" not in run_line(SolveRunView(status="unfinished", gap=0.2, **base))


def test_why_answer_on_a_collapsed_plan_opens_with_the_warning(world: World) -> None:
    """'why is service down?' read from a plan that serves nothing says so in its first line."""
    _store_empty_plan(world, "live", 1, settings_key(FAST))
    answer = _ask(world, "why is service down?").answer
    assert answer.startswith("⚠ Not a plan to act on: service collapsed: only 0.0% of tonnes")


def test_slack_and_teams_tables_show_no_verdict_inside_the_noise() -> None:
    """The bots' KPI table marks a within-noise cost change as such, not ✓ or ✗."""
    noisy = KpiChange(
        key="total_cost_eur",
        label="Total cost / week",
        unit="eur",
        before=100_000.0,
        after=99_000.0,
        delta=-1_000.0,
        better=None,
        note="the difference is within what the solver can distinguish (±€9,000)",
    )
    result = AskResult(
        conversation_id="c",
        answer="**S — v2**",
        scenario_id=1,
        version=2,
        url="u",
        edits=["Scale demand"],
        kpis=[noisy],
        kpis_vs_live=[],
        violations=[],
        tool_calls=[],
    )
    table = layout("q", result).kpis
    assert table is not None
    (row,) = table.rows
    assert row[-1].endswith("(within noise)") and "✓" not in row[-1] and "✗" not in row[-1]


def test_a_change_that_rounds_to_nothing_reads_as_none() -> None:
    """−0.04 points of service or −0.3 t: shown as '=' with no ✓/✗; −0.06 points is a change."""
    from assistant.answers import fmt_delta, verdict_mark
    from tools import KpiChange
    from tools.compare import Unit

    def change(unit: Unit, before: float, after: float) -> KpiChange:
        return KpiChange(
            key="k",
            label="k",
            unit=unit,
            before=before,
            after=after,
            delta=after - before,
            better=after > before,
        )

    tiny_share, tiny_t = change("share", 0.9, 0.8996), change("t", 10.0, 9.7)
    assert fmt_delta(tiny_share) == "=" and verdict_mark(tiny_share) == ""
    assert fmt_delta(tiny_t) == "=" and verdict_mark(tiny_t) == ""
    real = change("share", 0.9, 0.8994)
    assert fmt_delta(real) == "−0.1 pts" and verdict_mark(real) == " ✗"
