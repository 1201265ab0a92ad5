"""'Out of balance by Thursday, what do we adjust now?' re-plans from the week's actuals."""

from __future__ import annotations

import asyncio

from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import Replan
from assistant.interpreter.loop import parse_loop_question
from tests.assistant.conftest import FAST, World
from tools import SimulationSettings, simulate_version_week, solve_version


def test_the_question_is_read_as_a_mid_week_replan() -> None:
    """Days after 'by' and 'after' are read; a plain balance question is left to the parser."""
    q = "where will the network be out of balance by Thursday, and what do we adjust now?"
    assert parse_loop_question(q) == Replan(by_day=3, through=None)
    assert parse_loop_question("replan the balance after Tuesday by fri") == Replan(4, 1)
    assert parse_loop_question("where will the network be out of balance by Thursday?") is None


def test_the_answer_names_the_week_the_days_and_both_options(world: World) -> None:
    """The built-in interpreter calls the re-plan tool on the newest week with actuals."""
    solve_version(world.db, world.planner, "live", settings=FAST)
    simulate_version_week(world.db, world.planner, "2026-W49", SimulationSettings(seed=2))
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    q = "after Monday, where will the network be out of balance by Thursday? what do we adjust now?"
    result = asyncio.run(ask(q, deps=deps))
    assert "Week 2026-W49 as it stands after Monday" in result.answer
    assert "At the start of Thursday" in result.answer
    assert "carry on" in result.answer and "re-plan" in result.answer
