"""'rename this to North peak' and 'share it with the team' in chat: the scenario's name and
visibility read back from the database; without a scenario in the conversation nothing is
renamed or shared."""

from __future__ import annotations

import asyncio

import pytest

from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import Rename, Share
from assistant.interpreter.parse import parse_question
from tests.assistant.conftest import FAST, World, six_hubs
from tools import get_scenario, list_scenarios


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("rename this to North peak", Rename("North peak")),
        ('call it "East cut"', Rename("East cut")),
        ("please rename the scenario as Peak plan", Rename("Peak plan")),
        ("share it with the team", Share()),
        ("unshare this", Share(unshare=True)),
    ],
)
def test_phrasings_of_rename_and_share(question: str, intent: Rename | Share) -> None:
    """Names after 'rename … to' or 'call it' are kept as written; 'call it a day' is none."""
    assert parse_question(question, six_hubs()) == [intent]
    assert not any(isinstance(i, Rename) for i in parse_question("call it a day", six_hubs()))


def test_rename_and_share_the_conversations_scenario(world: World) -> None:
    """After a what-if, 'rename this to North peak' renames its scenario and 'share it with
    the team' shares it: both read back from the database, and a viewer then sees it."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    first = asyncio.run(ask("what if volumes rise 20% in the north?", deps=deps))
    assert first.scenario_id is not None
    renamed = asyncio.run(ask("rename this to North peak", deps=deps)).answer
    assert "now called **North peak**" in renamed
    assert get_scenario(world.db, world.planner, first.scenario_id).name == "North peak"
    assert "North peak" not in {s.name for s in list_scenarios(world.db, world.viewer)}
    shared = asyncio.run(ask("share it with the team", deps=deps)).answer
    assert "is shared" in shared
    assert get_scenario(world.db, world.planner, first.scenario_id).shared
    assert "North peak" in {s.name for s in list_scenarios(world.db, world.viewer)}


def test_nothing_is_renamed_without_a_scenario(world: World) -> None:
    """With no scenario in the conversation yet, live keeps its name and nothing is created."""
    before = [(s.id, s.name) for s in list_scenarios(world.db, world.planner)]
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    answer = asyncio.run(ask("rename this to North peak", deps=deps)).answer
    assert "no scenario in this conversation" in answer.lower()
    assert [(s.id, s.name) for s in list_scenarios(world.db, world.planner)] == before
