"""A lane the network does not have yet, in a planner's words ('add a lane from Lyon to
Vienna'): an ``add_lane`` edit, both ways when said 'between', never on a mere question
about a lane. The last test runs one through the tools and reads the lane back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic_ai import ToolCallPart

from assistant.conversation import ask, new_deps
from assistant.interpreter.vocabulary import Vocabulary
from tests.assistant.conftest import FAST, World
from tests.assistant.test_parse_phrasings import Chat, edits_of
from tools import version_network


def lane(origin: str, destination: str, **more: Any) -> dict[str, Any]:
    return {"op": "add_lane", "origin": origin, "destination": destination, **more}


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("add a lane from Lyon to Vienna", [lane("LYS", "VIE")]),
        ("open a new lane Paris to Munich", [lane("PAR", "MUN")]),
        (
            "what if we had a direct link between Berlin and Vienna",
            [lane("BER", "VIE"), lane("VIE", "BER")],
        ),
        ("add a contract lane from Hamburg to Lyon", [lane("HAM", "LYS", carrier="contract")]),
        ("suppose we ran a lane from Paris to Munich", [lane("PAR", "MUN")]),
        (
            "new lane Lyon-Vienna and close Paris on Monday",
            [lane("LYS", "VIE"), {"op": "close_hub", "hubs": ["PAR"], "days": [0]}],
        ),
    ],
)
def test_a_new_lane_is_added_as_said(
    question: str, edits: list[dict[str, Any]], six_hub_vocab: Vocabulary
) -> None:
    """A verb of making a lane with two hubs adds it in the order said (both ways for
    'between'), with the carrier kind named, beside the message's other changes."""
    assert edits_of(Chat(six_hub_vocab).ask(question)) == edits


@pytest.mark.parametrize(
    "question",
    [
        "is there a direct lane from Lyon to Vienna?",
        "do we have a lane from Lyon to Vienna?",
        "we run a lane from Paris to Munich with 3 trucks a day",
        "reopen the Paris-Lyon lane",
    ],
)
def test_a_lane_asked_about_or_reopened_is_no_new_lane(
    question: str, six_hub_vocab: Vocabulary
) -> None:
    """A question or a statement about a lane adds none ('do we have a lane …?' added one);
    reopening a lane is not adding one."""
    response = Chat(six_hub_vocab).ask(question)
    calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert not any(
        e.get("op") == "add_lane" for c in calls for e in c.args_as_dict().get("edits", [])
    )


def test_the_new_lane_lands_in_the_version_with_the_reverse_lanes_figures(world: World) -> None:
    """Through the tools: the new version has the lane Paris→Vienna (the demo has neither
    way), with a distance, transit and rate of its own; live keeps its lanes."""
    live_before = version_network(world.db, world.planner, "live")
    assert "PAR-VIE" not in live_before.lane_by_id
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("add a lane from Paris to Vienna", deps=deps))
    assert [c.name for c in result.tool_calls] == ["what_if"], result.answer
    assert result.scenario_id is not None and result.version is not None
    changed = version_network(world.db, world.planner, result.scenario_id, result.version)
    new = changed.lane_by_id["PAR-VIE"]
    assert (new.origin, new.destination) == ("PAR", "VIE")
    assert new.distance_km > 0 and new.transit_h > 0 and new.cost_eur_per_truck > 0
    assert len(changed.lanes) == len(live_before.lanes) + 1
    assert version_network(world.db, world.planner, "live") == live_before
