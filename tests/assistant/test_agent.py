"""The agent loop end to end: questions in, versions and answers out, state read back."""

from __future__ import annotations

import asyncio
import json
import re
import time

import pytest
from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ModelRequest, RetryPromptPart, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from assistant.agent import agent
from assistant.conversation import AskResult, ask, new_deps
from assistant.interpreter.model import interpret
from tests.assistant.conftest import FAST, World
from tools import (
    LIVE,
    UserRef,
    get_conversation,
    get_scenario,
    history,
    list_scenarios,
    version_network,
)


def _ask(world: World, question: str, *, actor: UserRef | None = None, **kw: object) -> AskResult:
    deps = new_deps(world.db, actor or world.planner, solve_settings=FAST)
    return asyncio.run(ask(question, deps=deps, **kw))  # type: ignore[arg-type]


def _north_tonnes(world: World, scenario: int | str, n: int | None = None) -> float:
    net = version_network(world.db, world.planner, scenario, n)
    north = {h.id for h in net.hubs if h.region == "north"}
    return sum(d.volume_t for d in net.demands if d.origin in north)


def test_what_if_creates_a_version_with_the_edit_applied(world: World) -> None:
    """'volumes rise 20% in the north' makes a new private scenario whose north volume is +20%."""
    live_north = _north_tonnes(world, LIVE)
    result = _ask(world, "what if volumes rise 20% in the north?")
    assert result.error is None
    assert result.scenario_id is not None and result.version == 2
    assert _north_tonnes(world, result.scenario_id) == pytest.approx(live_north * 1.2, rel=1e-4)
    assert result.edits == ["Scale demand out of the north region by +20%"]
    assert result.url and result.url.endswith(f"/scenarios/{result.scenario_id}/versions/2")
    assert result.url in result.answer
    cost = next(k for k in result.kpis if k.key == "total_cost_eur")
    assert cost.before is not None and cost.after is not None
    assert cost.delta == pytest.approx(cost.after - cost.before)
    assert [c.name for c in result.tool_calls] == ["what_if"]
    scenario = get_scenario(world.db, world.planner, result.scenario_id)
    assert scenario.owner == "pia" and not scenario.shared


def test_follow_ups_revise_undo_and_remember_the_scenario(world: World) -> None:
    """'make it 30%' redoes the change from the same base; 'undo that' goes back; all persisted."""
    live_north = _north_tonnes(world, LIVE)
    first = _ask(world, "what if volumes rise 20% in the north?")
    conv = first.conversation_id
    second = _ask(world, "make it 30%", conversation_id=conv)
    assert second.scenario_id == first.scenario_id
    assert second.scenario_id is not None
    assert _north_tonnes(world, second.scenario_id) == pytest.approx(live_north * 1.3, rel=1e-4)
    third = _ask(world, "undo that", conversation_id=conv)
    assert _north_tonnes(world, second.scenario_id) == pytest.approx(live_north, rel=1e-4)
    assert third.version is not None and third.version > (second.version or 0)
    versions = history(world.db, world.planner, second.scenario_id)
    assert [v.n for v in versions] == list(range(len(versions), 0, -1))
    stored = get_conversation(world.db, world.planner, conv)
    turns = stored.messages
    assert [t["question"] for t in turns] == [
        "what if volumes rise 20% in the north?",
        "make it 30%",
        "undo that",
    ]
    assert [c["name"] for c in turns[1]["tool_calls"]] == ["what_if"]
    assert stored.scenario_id == first.scenario_id


def test_ambiguous_or_unknown_questions_change_nothing(world: World) -> None:
    """Nonsense gets examples back and no scenario is created or edited."""
    before = {s.id for s in __import__("tools").list_scenarios(world.db, world.planner)}
    result = _ask(world, "what if it rains on the moon?")
    assert "changed nothing" in result.answer
    assert result.tool_calls == [] and result.scenario_id is None
    after = {s.id for s in __import__("tools").list_scenarios(world.db, world.planner)}
    assert after == before


def test_edit_that_matches_nothing_is_reported_not_applied(world: World) -> None:
    """A scripted model asking for a region that does not exist gets the tool's reason back."""

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        last = messages[-1]
        if isinstance(last, ModelRequest):
            refused = [p for p in last.parts if isinstance(p, ToolReturnPart)]
            if refused:
                assert refused[0].outcome == "retried"
                return ModelResponse(parts=[TextPart(f"Could not: {refused[0].content}")])
        edit = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["atlantis"]}
        return ModelResponse(parts=[ToolCallPart("what_if", {"edits": [edit]})])

    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("scale atlantis", deps=deps, model=FunctionModel(model)))
    assert "atlantis" in result.answer and "regions are" in result.answer
    assert result.version is None


def test_llm_path_uses_the_same_tools_and_answer(world: World) -> None:
    """A function model standing in for an LLM reaches the same what_if tool and answer text."""

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        last = messages[-1]
        returned = [p for p in last.parts if isinstance(p, ToolReturnPart)]
        if returned:
            return ModelResponse(parts=[TextPart(str(returned[0].content))])
        edit = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]}
        return ModelResponse(parts=[ToolCallPart("what_if", json.dumps({"edits": [edit]}))])

    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("north +20%", deps=deps, model=FunctionModel(model)))
    assert result.edits == ["Scale demand out of the north region by +20%"]
    assert "Trade-off" in result.answer


def test_the_agent_cannot_promote_or_delete() -> None:
    """No tool of the agent promotes to live or deletes anything."""
    names = set(agent._function_toolset.tools)
    assert "what_if" in names and "propose" in names
    assert not {n for n in names if "promote" in n or "delete" in n}


def test_viewer_cannot_change_anything(world: World) -> None:
    """A viewer's what-if is refused with the reason; nothing is created."""
    result = _ask(world, "what if volumes rise 20% in the north?", actor=world.viewer)
    assert result.answer.startswith("Not allowed:") and "viewer" in result.answer
    assert result.version is None


def test_diff_revert_to_and_clone(world: World) -> None:
    """Diff names the changed demands; 'go back to version 1' restores live's volumes; clone
    continues in a copy owned by the caller."""
    live_north = _north_tonnes(world, LIVE)
    first = _ask(world, "what if volumes rise 20% in the north?")
    conv = first.conversation_id
    diff = _ask(world, "what's different from the parent?", conversation_id=conv)
    assert [c.name for c in diff.tool_calls] == ["diff"]
    # grouped in words with totals, recomputed here from the two versions' networks
    assert first.scenario_id is not None
    before = version_network(world.db, world.planner, first.scenario_id, 1)
    after = version_network(world.db, world.planner, first.scenario_id, 2)
    north = {h.id for h in before.hubs if h.region == "north"}
    moved = [d for d in before.demands if d.origin in north]
    added = sum(after.demand_by_id[d.id].volume_t - d.volume_t for d in moved)
    assert f"- North demand +20%: {len(moved)} demands, +{added:,.0f} t/week" in diff.answer
    assert "**Demand**" in diff.answer and "volume_t" not in diff.answer
    assert "D0" not in diff.answer.split("Every change")[0]  # names, not demand ids
    assert "/changes.xlsx?against=" in diff.answer and "#diff" in diff.answer
    back = _ask(world, "go back to version 1", conversation_id=conv)
    assert [c.name for c in back.tool_calls] == ["revert_to"]
    assert first.scenario_id is not None
    assert _north_tonnes(world, first.scenario_id) == pytest.approx(live_north, rel=1e-6)
    copy = _ask(world, "clone this as north-copy", conversation_id=conv)
    assert "north-copy" in copy.answer
    scenario = get_scenario(world.db, world.planner, "north-copy")
    assert scenario.owner == "pia" and copy.scenario_id == scenario.id


def test_same_question_twice_gets_two_scenarios(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two questions that would name their scenarios alike (same words, same second) each get
    their own scenario: the second name is numbered."""
    import tools.whatif

    monkeypatch.setattr(tools.whatif, "scenario_name_for", lambda message: "North +20%")
    first = _ask(world, "what if volumes rise 20% in the north?")
    second = _ask(world, "what if volumes rise 20% in the north?")
    assert first.scenario_id != second.scenario_id
    assert second.scenario_id is not None
    assert get_scenario(world.db, world.planner, second.scenario_id).name == "North +20% #2"


def _scenario_count(world: World) -> int:
    return len(list_scenarios(world.db, world.planner))


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("what if volumes rise 20% in the nroth?", "north"),
        ("volumes rise 20% in Atlantis", "Atlantis"),
        ("close Berlinn on Monday", "Berlin"),
    ],
)
def test_unknown_name_asks_and_makes_no_version(world: World, question: str, word: str) -> None:
    """An unknown or misspelt name gets a question back naming it; no scenario, no version."""
    before = _scenario_count(world)
    result = _ask(world, question)
    assert word in result.answer and "changed nothing" in result.answer
    assert result.tool_calls == [] and result.version is None and result.scenario_id is None
    assert _scenario_count(world) == before


def test_and_as_well_repeats_the_change_for_the_new_hub(world: World) -> None:
    """'close Berlin on Monday' then 'and Paris as well': Paris closes on Monday too, Berlin
    stays closed (a new version on top, not a redo)."""
    first = _ask(world, "close Berlin on Monday")
    second = _ask(world, "and Paris as well", conversation_id=first.conversation_id)
    assert second.scenario_id == first.scenario_id and second.scenario_id is not None
    assert [c.args["edits"] for c in second.tool_calls] == [
        [{"op": "close_hub", "hubs": ["PAR"], "days": [0]}]
    ]
    net = version_network(world.db, world.planner, second.scenario_id)
    closed = {h.id: h.closed_days for h in net.hubs if h.closed_days}
    assert closed == {"BER": (0,), "PAR": (0,)}


def test_not_monday_but_tuesday_moves_the_change(world: World) -> None:
    """'not Monday — Tuesday' redoes the closure on Tuesday instead of Monday."""
    first = _ask(world, "close Berlin on Monday")
    second = _ask(world, "not Monday — Tuesday", conversation_id=first.conversation_id)
    assert second.scenario_id is not None
    net = version_network(world.db, world.planner, second.scenario_id)
    assert {h.id: h.closed_days for h in net.hubs if h.closed_days} == {"BER": (1,)}


def test_a_malformed_edit_is_refused_in_words(world: World) -> None:
    """A tool call that fails validation is answered in a sentence, never as raw JSON."""

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        if any(isinstance(p, RetryPromptPart | ToolReturnPart) for p in messages[-1].parts):
            return interpret(messages, info)
        edit = {"op": "set_drivers", "factor": 0.9}
        return ModelResponse(parts=[ToolCallPart("what_if", {"edits": [edit]})])

    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("cut drivers", deps=deps, model=FunctionModel(model)))
    assert "nothing was changed" in result.answer and "needs a region" in result.answer
    assert "[{" not in result.answer and "loc" not in result.answer
    assert result.version is None


def test_why_answers_one_line_per_lever_within_the_time_limit(world: World) -> None:
    """'why is service down?' answers with at most ten levers, each lever once (its days
    listed), and a link to all of them; a model asking the cost question gets the levers
    ranked by saving. Both stay within the chat's time limit (solve included)."""
    started = time.monotonic()
    why = _ask(world, "why is service down?")
    assert [c.name for c in why.tool_calls] == ["explain"]
    assert time.monotonic() - started < FAST.time_limit_s + 30
    live = get_scenario(world.db, world.planner, LIVE)
    assert f"/scenarios/{live.id}/versions/{live.head}/levers?focus=service" in why.answer
    levers = re.findall(r"(?m)^\d+\. (.+?)(?: on [^:]+| every day)?: ", why.answer)
    assert len(levers) <= 10 and len(levers) == len(set(levers))  # one line per lever

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        returned = [p for p in messages[-1].parts if isinstance(p, ToolReturnPart)]
        if returned:
            return ModelResponse(parts=[TextPart(str(returned[0].content))])
        return ModelResponse(parts=[ToolCallPart("explain", {"topic": "cost"})])

    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    cost = asyncio.run(
        ask("what would help most to cut cost?", deps=deps, model=FunctionModel(model))
    )
    assert "levers?focus=cost" in cost.answer and "The plan costs €" in cost.answer
    savings = [
        float(x.replace(",", ""))
        for x in re.findall(r"(?m)^\d+\. .*?saves €([\d,]+) a week", cost.answer)
    ]
    assert savings == sorted(savings, reverse=True)


def test_the_built_in_interpreter_answers_a_cost_question_with_cost_levers(world: World) -> None:
    """'what would help most to cut cost?' in the built-in interpreter ranks cost levers (the
    cost focus and its page), never the service explanation."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    cost = asyncio.run(ask("what would help most to cut cost?", deps=deps))
    assert "What would cut cost most" in cost.answer and "levers?focus=cost" in cost.answer
    assert "What would help service most" not in cost.answer


def _tonnes(world: World, scenario: int | str, origin: str, destination: str) -> float:
    net = version_network(world.db, world.planner, scenario)
    return sum(
        d.volume_t for d in net.demands if (d.origin, d.destination) == (origin, destination)
    )


def test_a_change_between_two_hubs_changes_the_way_that_has_freight(world: World) -> None:
    """'Volumes between Berlin and Munich up 10%' where freight runs Berlin→Munich only:
    that way is raised and the answer says no freight runs the other way (the whole
    question used to be refused because Munich→Berlin matched nothing)."""
    assert _tonnes(world, LIVE, "MUN", "BER") == 0 < _tonnes(world, LIVE, "BER", "MUN")
    result = _ask(world, "volumes between Berlin and Munich up 10%")
    assert result.error is None and result.version == 2, result.answer
    assert result.scenario_id is not None
    assert result.edits == ["Scale demand from Berlin to Munich by +10%"]
    assert _tonnes(world, result.scenario_id, "BER", "MUN") == pytest.approx(
        _tonnes(world, LIVE, "BER", "MUN") * 1.1, rel=1e-4
    )
    assert "No freight runs from Munich to Berlin" in result.answer
    assert result.url is not None and result.url in result.answer


def test_a_change_between_two_hubs_without_freight_either_way_changes_nothing(
    world: World,
) -> None:
    """Between Paris and Rome no freight runs either way: nothing is created, and the
    answer says so for both directions."""
    result = _ask(world, "volumes between Paris and Rome up 10%")
    assert result.version is None and result.scenario_id is None
    assert "nothing was changed" in result.answer
    assert "from Paris to Rome" in result.answer and "from Rome to Paris" in result.answer
