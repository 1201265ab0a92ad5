"""Scenarios read like the work: named after the question that started them (no timestamp),
numbered when the name is taken, and each what-if titled with its own edit."""

from __future__ import annotations

import asyncio

from assistant.conversation import ask, new_deps
from tests.assistant.conftest import FAST, World
from tools import get_scenario


def test_names_and_titles_follow_the_questions(world: World) -> None:
    """'make it 30%' is titled +30% although the scenario keeps the name of its first
    question; the same question in a new conversation gets the name with '#2'."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    first = asyncio.run(ask("what if volumes rise 20% in the north?", deps=deps))
    assert first.scenario_id is not None
    assert get_scenario(world.db, world.planner, first.scenario_id).name == (
        "Volumes rise 20% in the north"
    )
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    redo = asyncio.run(ask("make it 30%", deps=deps, conversation_id=first.conversation_id))
    title = next(p for p in redo.answer.split("\n\n") if p.startswith("**Volumes rise 20%"))
    assert f"— v{redo.version}: " in title and "+30%" in title and "+20%" not in title
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    again = asyncio.run(ask("what if volumes rise 20% in the north?", deps=deps))
    assert again.scenario_id is not None and again.scenario_id != first.scenario_id
    assert get_scenario(world.db, world.planner, again.scenario_id).name == (
        "Volumes rise 20% in the north #2"
    )
