"""New business in a planner's words: freight the network does not carry yet.

'new customer Bosch: 50 t a day from Hamburg to Munich' adds demand (``add_demand``);
whatever the words leave open (the way, the hubs, how a week's tonnes spread) is asked,
and words of losing freight never add any. The last test runs one through the tools and
reads the new demands back from the stored version.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic_ai import ModelResponse, ToolCallPart

from assistant.conversation import ask, new_deps
from assistant.interpreter.vocabulary import Vocabulary
from evals.assistant_spec import add_demand as added
from tests.assistant.conftest import FAST, World
from tests.assistant.test_parse_phrasings import Chat, call_of, edits_of, question_of
from tools import version_network


def _calls(response: ModelResponse) -> list[ToolCallPart]:
    return [p for p in response.parts if isinstance(p, ToolCallPart)]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "new customer Bosch: 50 t a day from Hamburg to Munich",
            added("HAM", "MUN", 50.0, customer="Bosch"),
        ),
        (
            "we won a new contract, 50 t every day from Paris to Vienna",
            added("PAR", "VIE", 50.0),
        ),
        (
            "Bosch is a new customer, 30 t/day Hamburg to Munich",
            added("HAM", "MUN", 30.0, customer="Bosch"),
        ),
        (
            "new contract with Nordbau: 80 t on Tuesday from Berlin to Lyon",
            added("BER", "LYS", 80.0, days=[1], customer="Nordbau"),
        ),
        (
            "new customer ACME Logistics 20 t a day to Vienna from Paris",
            added("PAR", "VIE", 20.0, customer="ACME Logistics"),
        ),
        (
            "onboarding Siemens with 20 tonnes daily from Berlin to Vienna",
            added("BER", "VIE", 20.0, customer="Siemens"),
        ),
        (  # a week's tonnes over the days named
            "new business: 100 t a week on Mondays and Thursdays from Paris to Lyon",
            added("PAR", "LYS", 50.0, days=[0, 3]),
        ),
        (  # 'each day' is how much, not every day of the week
            "new customer Bosch 50 t each day on Monday and Tuesday from Hamburg to Munich",
            added("HAM", "MUN", 50.0, days=[0, 1], customer="Bosch"),
        ),
    ],
)
def test_new_business_adds_the_freight_said(
    question: str, edit: dict[str, Any], six_hub_vocab: Vocabulary
) -> None:
    """Words of new business with tonnes and two hubs in order add that freight, on the
    days said (every day when none), for the customer named (a new name is kept as said)."""
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("new customer 50 t a day between Paris and Lyon", "Which way"),
        ("new customer Bosch: 200 t a week from Hamburg to Munich", "On which days"),
        ("new customer Bosch 50 t from Hamburg to Munich", "a day, a week, or once"),
        ("new customer 50 t on Monday and Tuesday from Paris to Lyon", "or in all"),
        ("new customer Bosch 50 t a day from the north to Vienna", "a hub at each end"),
        ("new customer: 50 t or 80 t a day from Paris to Lyon", "How many tonnes"),
    ],
)
def test_what_new_business_leaves_open_is_asked(
    question: str, asked: str, six_hub_vocab: Vocabulary
) -> None:
    """No direction, a week's tonnes with no days, no 'a day'/'a week', a region for an end
    or two amounts: asked, nothing changed."""
    response = Chat(six_hub_vocab).ask(question)
    assert not _calls(response)
    assert asked in question_of(response) and "changed nothing" in question_of(response)


@pytest.mark.parametrize(
    ("question", "reply", "edit"),
    [
        (
            "new customer Bosch: 200 t a week from Hamburg to Munich",
            "weekdays",
            added("HAM", "MUN", 40.0, days=[0, 1, 2, 3, 4], customer="Bosch"),
        ),
        (
            "new customer Bosch: 200 t a week from Hamburg to Munich",
            "every day",
            added("HAM", "MUN", 28.57, customer="Bosch"),
        ),
        (
            "new customer 50 t on Monday and Tuesday from Paris to Lyon",
            "in all",
            added("PAR", "LYS", 25.0, days=[0, 1]),
        ),
        (
            "new customer 50 t a day between Paris and Lyon",
            "from Lyon to Paris",
            added("LYS", "PAR", 50.0),
        ),
        (
            "new customer Bosch 50 t from Hamburg to Munich",
            "a day",
            added("HAM", "MUN", 50.0, customer="Bosch"),
        ),
    ],
)
def test_a_reply_completes_the_new_freight(
    question: str, reply: str, edit: dict[str, Any], six_hub_vocab: Vocabulary
) -> None:
    """The reply to the question asked puts in the missing piece, and only that."""
    chat = Chat(six_hub_vocab)
    assert not _calls(chat.ask(question))
    assert edits_of(chat.ask(reply)) == [edit]


def test_a_direction_named_in_a_reply_picks_that_way(six_hub_vocab: Vocabulary) -> None:
    """'Lyon to Paris' to 'from Paris to Lyon, or from Lyon to Paris?' is the second way (the
    two differ only by the order of their words)."""
    chat = Chat(six_hub_vocab)
    assert not _calls(chat.ask("move 5 trailers between Paris and Lyon"))
    move = {"op": "move_trailers", "from_hub": "LYS", "to_hub": "PAR", "count": 5}
    assert edits_of(chat.ask("Lyon to Paris please")) == [move]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "add 100 t from Hamburg to Munich",
            {
                "op": "scale_demand",
                "delta_t": 100.0,
                "origin_hubs": ["HAM"],
                "destination_hubs": ["MUN"],
            },
        ),
        (
            "we lose 200 t from Hamburg to Munich",
            {
                "op": "scale_demand",
                "delta_t": -200.0,
                "origin_hubs": ["HAM"],
                "destination_hubs": ["MUN"],
            },
        ),
        (
            "we lose the new contract's 200 t from Hamburg to Munich",
            {
                "op": "scale_demand",
                "delta_t": -200.0,
                "origin_hubs": ["HAM"],
                "destination_hubs": ["MUN"],
            },
        ),
        (
            "Hamburg to Munich loses 200 t on Monday",
            {
                "op": "scale_demand",
                "delta_t": -200.0,
                "origin_hubs": ["HAM"],
                "destination_hubs": ["MUN"],
                "days": [0],
            },
        ),
    ],
)
def test_tonnes_without_new_business_change_the_freight_there(
    question: str, edit: dict[str, Any], six_hub_vocab: Vocabulary
) -> None:
    """Tonnes between two hubs without words of new business change the freight already
    carried; tonnes lost there are freight lost, never the lane closed (it was)."""
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [edit]


def test_new_freight_can_be_resized(six_hub_vocab: Vocabulary) -> None:
    """'make it 40' after new freight of 30 t a day is 40 t a day, not 70."""
    chat = Chat(six_hub_vocab)
    chat.ask("new customer Bosch: 30 t a day from Hamburg to Munich")
    name, args = call_of(chat.ask("make it 40"))
    assert name == "what_if" and args["edits"] == [added("HAM", "MUN", 40.0, customer="Bosch")]


def test_new_freight_lands_in_the_version_as_said(world: World) -> None:
    """Through the tools: the new version holds one new demand per day of the week for the
    new customer, 25 t each, Paris to Vienna (a pair the demo does not carry), and live's
    demands are unchanged."""
    live_before = version_network(world.db, world.planner, "live")
    question = "new customer Bosch: 25 t a day from Paris to Vienna"
    result = asyncio.run(ask(question, deps=new_deps(world.db, world.planner, solve_settings=FAST)))
    assert [c.name for c in result.tool_calls] == ["what_if"], result.answer
    assert result.scenario_id is not None and result.version is not None
    changed = version_network(world.db, world.planner, result.scenario_id, result.version)
    new = [d for d in changed.demands if d.id not in live_before.demand_by_id]
    assert sorted(d.release_day for d in new) == list(range(live_before.calendar.days))
    assert {(d.origin, d.destination, d.customer, d.volume_t) for d in new} == {
        ("PAR", "VIE", "Bosch", 25.0)
    }
    assert version_network(world.db, world.planner, "live") == live_before


def test_tonnes_where_no_freight_runs_say_how_to_add_new_freight(
    world: World, six_hub_vocab: Vocabulary
) -> None:
    """'add 100 t from Paris to Vienna' where the demo carries nothing changes nothing and
    says how to plan it as new freight; the phrasing offered is itself understood."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("add 100 t from Paris to Vienna", deps=deps))
    assert result.version is None
    assert "no demand matches" in result.answer and "“new customer: " in result.answer
    offered = result.answer.split("“", 1)[1].split("”", 1)[0]
    assert edits_of(Chat(six_hub_vocab).ask(offered)) == [added("PAR", "LYS", 50.0)]


@pytest.mark.parametrize(
    "question",
    [
        "did we win the new contract for 50 t a day Paris to Lyon?",
        "the contract for 50 t a day Paris to Lyon starts Monday",
        "50 t a day Paris to Lyon",
    ],
)
def test_tonnes_a_day_on_a_pair_never_set_hub_capacity(
    question: str, six_hub_vocab: Vocabulary
) -> None:
    """Tonnes a day said for a pair of hubs, in a question or as 'the contract', change no
    hub: they had cut both hubs' capacity by 50 t a day, or set it to 50 t a day ('contract'
    read as a word of falling, the pair as two hubs' capacity)."""
    response = Chat(six_hub_vocab).ask(question)
    calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
    ops = {e["op"] for c in calls for e in c.args_as_dict().get("edits", [])}
    assert "set_hub_capacity" not in ops and "changed nothing" in question_of(response)
