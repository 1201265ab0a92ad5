"""The whole agent driven by a model over HTTP: a local OpenAI-compatible server replays
scripted replies (tool calls, broken ones included), and what the agent did is read back
from the database and from the requests the server received."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.messages import ModelMessage
from pydantic_ai.models.function import AgentInfo, FunctionModel

from assistant.chat.streaming import Answer, ToolFinished, stream_ask
from assistant.config import AssistantSettings
from assistant.conversation import AskResult, ask, new_deps
from tests.assistant.conftest import FAST, World
from tests.assistant.fake_openai import ECHO, Script, serve_fake_openai
from tools import LIVE, get_scenario, list_scenarios, version_network

Reply = str | dict[str, Any] | int


def _versions(world: World) -> int:
    """Every version the planner can see, live's included (read from the database)."""
    return sum(s.head or 0 for s in list_scenarios(world.db, world.planner))


def _ask(world: World, question: str, replies: Sequence[Reply]) -> tuple[AskResult, Script]:
    """Ask once, with the scripted server as the configured model (``model_base_url``)."""
    script = Script(list(replies))
    with serve_fake_openai(script) as url:
        settings = AssistantSettings(model="scripted", model_base_url=url)
        deps = new_deps(world.db, world.planner, settings=settings, solve_settings=FAST)
        result = asyncio.run(ask(question, deps=deps, settings=settings))
    return result, script


def _ask_in(
    world: World, question: str, replies: Sequence[Reply], conversation_id: str
) -> tuple[AskResult, Script]:
    """Ask a follow-up in an existing conversation, with the scripted server as the model."""
    script = Script(list(replies))
    with serve_fake_openai(script) as url:
        settings = AssistantSettings(model="scripted", model_base_url=url)
        deps = new_deps(world.db, world.planner, settings=settings, solve_settings=FAST)
        result = asyncio.run(
            ask(question, deps=deps, settings=settings, conversation_id=conversation_id)
        )
    return result, script


def _tool_messages(script: Script, n: int) -> list[str]:
    """The tool results the server received in its ``n``-th request (0-based)."""
    return [m["content"] for m in script.requests[n]["messages"] if m["role"] == "tool"]


def _no_raw_errors(text: str) -> None:
    for raw in ("[{", '"loc"', "'loc'", '"type":', "Input should", "Field required"):
        assert raw not in text, f"{raw!r} reached the planner: {text}"


def test_clarify_asks_with_the_closest_names_and_changes_nothing(world: World) -> None:
    """A model that calls `clarify` for 'nroth' ends the turn with a question offering
    'north'; no scenario or version is created and the model is not asked again."""
    before = _versions(world)
    result, script = _ask(
        world,
        "what if volumes rise 20% in the nroth?",
        [{"name": "clarify", "args": {"question": "Which region?", "unclear": ["nroth"]}}],
    )
    assert result.error is None
    assert result.answer.startswith("Which region?")
    assert "Did you mean north?" in result.answer and "changed nothing" in result.answer
    assert [c.name for c in result.tool_calls] == ["clarify"]
    assert result.version is None and result.scenario_id is None
    assert _versions(world) == before
    assert len(script.requests) == 1  # the question ended the turn


def test_clarify_beside_an_edit_stops_the_edit(world: World) -> None:
    """A reply that both edits and asks only asks: the edit beside `clarify` is not run and
    no version is created."""
    before = _versions(world)
    edit = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]}

    def both(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        return ModelResponse(
            parts=[
                ToolCallPart("what_if", {"edits": [edit]}),
                ToolCallPart("clarify", {"question": "North or west?", "unclear": []}),
            ]
        )

    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("north or west +20%", deps=deps, model=FunctionModel(both)))
    assert result.answer.startswith("North or west?")
    assert result.version is None and _versions(world) == before


def _north_drivers(world: World, scenario: int | str, n: int | None = None) -> list[int]:
    net = version_network(world.db, world.planner, scenario, n)
    return [p.drivers for p in sorted(net.drivers, key=lambda p: p.day) if p.region == "north"]


GOOD_DRIVERS = {"edits": [{"op": "set_drivers", "region": "north", "drivers": 3}]}


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (
            {"name": "what_if", "args": {"edits": [{"op": "set_drivers", "drivers": 3}]}},
            "region",
        ),
        ({"name": "what_if", "raw_args": '{"edits": [{"op": "set_drivers", '}, "JSON"),
        (
            {"name": "what_if", "args": {"edits": [{"op": "set_driverz", "region": "north"}]}},
            "set_driverz",
        ),
        ({"name": "teleport", "args": {"to": "north"}}, "teleport"),
    ],
    ids=["missing-field", "broken-json", "wrong-enum", "unknown-tool"],
)
def test_a_malformed_call_is_retried_and_the_correct_one_is_made(
    world: World, bad: dict[str, Any], said: str
) -> None:
    """A malformed tool call (missing field, broken JSON, unknown op, unknown tool) goes back
    to the model with the reason; its corrected call makes exactly the corrected edit: north's
    driver pools read back as 3, every other region's as on live."""
    live_other = [
        p for p in version_network(world.db, world.planner, LIVE).drivers if p.region != "north"
    ]
    result, script = _ask(
        world,
        "set drivers in the north to 3",
        [bad, {"name": "what_if", "args": GOOD_DRIVERS}, "Done: north has 3 drivers a day."],
    )
    assert result.error is None and result.answer == "Done: north has 3 drivers a day."
    assert result.scenario_id is not None and result.version == 2
    drivers = _north_drivers(world, result.scenario_id)
    assert drivers and set(drivers) == {3}
    net = version_network(world.db, world.planner, result.scenario_id)
    assert [p for p in net.drivers if p.region != "north"] == live_other
    retried = _tool_messages(script, 1)
    assert len(retried) == 1 and said in retried[0]
    assert [c.name for c in result.tool_calls][-1] == "what_if"


@pytest.mark.parametrize(
    ("edit", "everywhere", "told"),
    [
        ({"op": "scale_demand", "factor": 1.2, "origin_regions": ["nroth"]}, False, "north"),
        ({"op": "scale_demand", "factor": 1.2, "origin_regions": ["Atlantis"]}, False, "regions"),
        ({"op": "close_hub", "hubs": ["Berlinn"]}, False, "Berlin (BER)"),
        ({"op": "scale_demand", "factor": 1.2, "customers": ["Acme Logistcs"]}, False, "ACME"),
        ({"op": "scale_demand", "factor": 1.2}, False, "whole network"),
        ({"op": "scale_demand", "factor": 1.2, "days": [0]}, False, "whole network"),
        ({"op": "scale_demand", "factor": 1.2, "origin_regions": ["nroth"]}, True, "north"),
    ],
    ids=[
        "typo-region",
        "unknown-region",
        "typo-hub",
        "typo-customer",
        "no-scope",
        "days-only",
        "typo-even-with-everywhere",
    ],
)
def test_an_unresolved_or_missing_scope_is_refused_never_widened(
    world: World, edit: dict[str, Any], everywhere: bool, told: str
) -> None:
    """A what-if whose scope names something unknown, or names no place without
    `everywhere`, is sent back to the model with the closest names (the server receives that
    message) and nothing is created: no scenario, no version."""
    before = _versions(world)
    scenarios = len(list_scenarios(world.db, world.planner))
    args = {"edits": [edit], **({"everywhere": True} if everywhere else {})}
    result, script = _ask(
        world, "what if?", [{"name": "what_if", "args": args}, "Which one did you mean?"]
    )
    refused = _tool_messages(script, 1)
    assert len(refused) == 1 and told in refused[0] and "Nothing was changed" in refused[0]
    assert result.answer == "Which one did you mean?" and result.version is None
    assert _versions(world) == before
    assert len(list_scenarios(world.db, world.planner)) == scenarios


def test_the_typo_region_message_names_north(world: World) -> None:
    """The refusal of 'nroth' says 'Did you mean north?' in the words the model receives."""
    edit = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["nroth"]}
    _, script = _ask(world, "nroth +20%", [{"name": "what_if", "args": {"edits": [edit]}}, "?"])
    assert (
        "“nroth” is not a region of this network. Did you mean north?"
        in (_tool_messages(script, 1)[0])
    )


def test_everywhere_said_explicitly_changes_the_whole_network(world: World) -> None:
    """With `everywhere`, an edit without a scope applies to all demand: total tonnes read
    back are live's × 1.1."""
    live_total = sum(d.volume_t for d in version_network(world.db, world.planner, LIVE).demands)
    edit = {"op": "scale_demand", "factor": 1.1}
    result, _ = _ask(
        world,
        "volumes rise 10% everywhere",
        [{"name": "what_if", "args": {"edits": [edit], "everywhere": True}}, ECHO],
    )
    assert result.error is None and result.scenario_id is not None
    net = version_network(world.db, world.planner, result.scenario_id)
    assert sum(d.volume_t for d in net.demands) == pytest.approx(live_total * 1.1, rel=1e-4)
    assert result.url is not None and result.url in result.answer  # the tool's answer, relayed


def test_an_edit_that_matches_nothing_creates_no_scenario(world: World) -> None:
    """An edit the network refuses after its names resolve (no demand Rome→Rome) is sent back
    and leaves no scenario behind."""
    before = len(list_scenarios(world.db, world.planner))
    edit = {
        "op": "scale_demand",
        "factor": 1.2,
        "origin_hubs": ["ROM"],
        "destination_hubs": ["ROM"],
    }
    result, script = _ask(
        world, "Rome to Rome +20%", [{"name": "what_if", "args": {"edits": [edit]}}, "?"]
    )
    assert "no demand matches" in _tool_messages(script, 1)[0]
    assert result.version is None and len(list_scenarios(world.db, world.planner)) == before


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (
            {"name": "what_if", "args": {"edits": [{"op": "set_drivers", "drivers": 3}]}},
            "needs a region",
        ),
        ({"name": "what_if", "raw_args": '{"edits": [ '}, "not readable"),
        ({"name": "teleport", "args": {}}, "no action called “teleport”"),
        (
            {"name": "what_if", "args": {"edits": [{"op": "close_hub", "hubs": ["Atlantis"]}]}},
            "“Atlantis” is not a hub",
        ),
        ({"name": "clarify", "args": {"unclear": ["nroth"]}}, "needs the question to ask"),
    ],
    ids=["missing-field", "broken-json", "unknown-tool", "unknown-name", "question-missing"],
)
def test_retries_exhausted_are_told_in_words(world: World, bad: dict[str, Any], said: str) -> None:
    """A model that repeats a broken call until the retries run out gets a sentence back to
    the planner (which thing, why, nothing changed), never validation JSON; no version."""
    before = _versions(world)
    result, script = _ask(world, "cut drivers", [bad] * 5)
    assert len(script.requests) == 3  # the first try and two retries
    assert said in result.answer and "nothing was changed" in result.answer
    assert result.error == result.answer
    _no_raw_errors(result.answer)
    assert result.version is None and _versions(world) == before


def test_streamed_tool_results_are_in_words(world: World) -> None:
    """The chat stream's refused tool step says why in words (the chat UI and the API stream
    show it), and the answer that follows is the corrected one."""
    script = Script(
        [
            {"name": "what_if", "args": {"edits": [{"op": "set_drivers", "drivers": 3}]}},
            {"name": "what_if", "args": GOOD_DRIVERS},
            ECHO,
        ]
    )

    async def collect(url: str) -> list[object]:
        settings = AssistantSettings(model="scripted", model_base_url=url)
        deps = new_deps(world.db, world.planner, settings=settings, solve_settings=FAST)
        return [e async for e in stream_ask("drivers north 3", deps=deps, settings=settings)]

    with serve_fake_openai(script) as url:
        events = asyncio.run(collect(url))
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [e.ok for e in finished] == [False, True]
    assert "needs a region" in finished[0].content
    _no_raw_errors(finished[0].content)
    answer = next(e for e in events if isinstance(e, Answer)).result
    assert answer.version == 2 and answer.scenario_id is not None
    assert answer.scenario_id != get_scenario(world.db, world.planner, LIVE).id
    assert set(_north_drivers(world, answer.scenario_id)) == {3}


def test_a_model_quoting_the_validation_error_is_put_into_words(world: World) -> None:
    """A model that relays the raw validation error it received as its answer: the planner
    reads which change and what it lacks, not the validator's JSON; nothing is created."""
    before = _versions(world)
    bad = {"name": "what_if", "args": {"edits": [{"op": "set_drivers", "drivers": 3}]}}
    result, script = _ask(world, "cut drivers", [bad, ECHO])
    assert '"loc"' in _tool_messages(script, 1)[0]  # what the model received was raw
    assert "The set drivers change needs a region." in result.answer
    _no_raw_errors(result.answer)
    assert result.version is None and _versions(world) == before


def test_a_stress_test_of_an_unknown_region_is_refused_with_the_closest_name(
    world: World,
) -> None:
    """A stress test whose region is misspelt is sent back with 'Did you mean north?' before
    anything is solved, never run on the whole network instead."""
    stress = {"name": "stress_test", "args": {"factor": 1.2, "regions": ["nroth"]}}
    result, script = _ask(world, "does the plan survive +20% in the nroth?", [stress, "Which?"])
    refused = _tool_messages(script, 1)
    assert len(refused) == 1 and "Did you mean north?" in refused[0]
    assert result.answer == "Which?"
    assert [c.refused for c in result.tool_calls] == [True]


def test_the_answer_to_a_question_continues_the_conversation(world: World) -> None:
    """After the model asked (clarify), the planner's reply 'north' is a new turn of the same
    conversation: the model sees its question in the history, and the edit it then makes is
    the one read back (north's volume × 1.2)."""
    first, _ = _ask(
        world,
        "what if volumes rise 20% in the nroth?",
        [{"name": "clarify", "args": {"question": "Which region?", "unclear": ["nroth"]}}],
    )
    edit = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]}
    second, script = _ask_in(
        world,
        "north",
        [{"name": "what_if", "args": {"edits": [edit]}}, ECHO],
        first.conversation_id,
    )
    history = script.requests[0]["messages"]
    assert any("Did you mean north?" in str(m.get("content")) for m in history)
    assert second.error is None and second.scenario_id is not None and second.version == 2
    live = version_network(world.db, world.planner, LIVE)
    north = {h.id for h in live.hubs if h.region == "north"}
    before = sum(d.volume_t for d in live.demands if d.origin in north)
    after_net = version_network(world.db, world.planner, second.scenario_id)
    after = sum(d.volume_t for d in after_net.demands if d.origin in north)
    assert after == pytest.approx(before * 1.2, rel=1e-4)
