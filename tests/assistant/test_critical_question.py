"""'Which hub is most critical?' answers from the network and the plan: the hubs and lanes
whose loss would hurt most, each with its freight and what losing it cuts off or re-routes."""

from __future__ import annotations

import asyncio

import pytest

from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import Critical
from assistant.interpreter.parse import parse_question
from tests.assistant.conftest import FAST, World, six_hubs
from tests.assistant.test_parse import TODAY
from tools import critical_elements, list_scenarios, solve_version


@pytest.mark.parametrize(
    "question",
    [
        "which hub is most critical?",
        "what are our critical hubs?",
        "which lanes matter most?",
        "what are the single points of failure?",
        "where are our weak spots?",
        "what would hurt most to lose?",
    ],
)
def test_ways_of_asking_what_the_network_depends_on(question: str) -> None:
    """Asking which hubs or lanes matter most, in several words, is one read-only question."""
    assert parse_question(question, six_hubs(), TODAY) == [Critical()]


@pytest.mark.parametrize(
    "question", ["what if our most critical hub closes?", "make Hamburg more important"]
)
def test_a_change_is_not_the_question(question: str) -> None:
    """A what-if or a change that uses the words is not answered with the ranking."""
    assert Critical() not in parse_question(question, six_hubs(), TODAY)


def test_the_answer_ranks_what_losing_each_would_do(world: World) -> None:
    """The answer lists the ranking of the graph analysis on live's plan, first the element
    whose loss costs most, with its tonnes; it changes nothing."""
    solve_version(world.db, world.planner, "live", settings=FAST)
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("which hub is most critical?", deps=deps))
    ranked = critical_elements(world.db, world.planner, "live", top=5, resolve_top=0)
    assert "**The hubs and lanes whose loss would hurt most** in live v1" in result.answer
    assert f"1. {ranked[0].kind} {ranked[0].reason}" in result.answer
    first = ranked[0]
    follow_up = (
        f"what if we lose {first.name}?"
        if first.kind == "hub"
        else f"what if the {first.name} lane closes?"
    )
    assert f"ask “{follow_up}”" in result.answer
    assert [s.name for s in list_scenarios(world.db, world.planner)] == ["live"]
