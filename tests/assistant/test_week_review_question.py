"""'How did last week go against the plan?' answers from the stored actuals: the week's totals
against its plan, the biggest deviations and where the model was wrong."""

from __future__ import annotations

import asyncio

import pytest

from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import ReviewWeek
from assistant.interpreter.loop import parse_review_question
from solver import demo_network
from tests.assistant.conftest import FAST, World, six_hubs
from tests.assistant.test_parse_phrasings import Chat, call_of, question_of
from tools import (
    SimulationSettings,
    simulate_version_week,
    solve_version,
    week_actuals,
    week_vs_plan,
)

WEEK = "2026-W49"


@pytest.mark.parametrize(
    "question",
    [
        "how did last week go against the plan?",
        "how did last week go?",
        "how did we do last week?",
        "plan vs actual",
        "actuals against the plan please",
        "how is this week going vs plan?",
        "how are we doing against the plan so far this week?",
        "where was the model wrong?",
        "what went wrong last week?",
    ],
)
def test_questions_about_how_a_week_went_read_its_actuals(question: str) -> None:
    """Ways of asking how the week went against the plan are one plan-vs-actual question on
    the newest stored week."""
    assert parse_review_question(question) == ReviewWeek()


def test_a_named_week_is_the_week_reviewed() -> None:
    """An ISO week in the question ('2026-W49', '2026w7') is the week read."""
    assert parse_review_question("how did 2026-W49 go?") == ReviewWeek("2026-W49")
    assert parse_review_question("plan vs actual for 2026w7") == ReviewWeek("2026-W07")


@pytest.mark.parametrize(
    "question",
    [
        "how is this scenario doing against the plan?",
        "what if volumes rise 20% next week?",
        "how did cost change?",
        "compare with the plan",
    ],
)
def test_other_questions_are_left_to_the_parser(question: str) -> None:
    """'Against the plan' without a word of the week or its execution compares versions, and
    a what-if about next week stays a what-if."""
    assert parse_review_question(question) is None


def test_the_answer_restates_the_weeks_report(world: World) -> None:
    """Asked after a simulated week, the answer gives the week's dispatched tonnes (summed
    here from the stored dispatches), names the planted region bias and links the XLSX."""
    solve_version(world.db, world.planner, "live", settings=FAST)
    region = demo_network(hubs=8, seed=3).regions[0]  # the world's live network
    simulate_version_week(
        world.db, world.planner, WEEK, SimulationSettings(seed=2, region_bias={region: 0.3})
    )
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("how did last week go against the plan?", deps=deps))
    stored = week_actuals(world.db, world.planner, WEEK)
    dispatched = sum(d.loaded_t for d in stored.actuals.dispatches)
    assert f"**Week {WEEK} against the plan of live v1**" in result.answer
    assert f"{dispatched:,.1f} t dispatched" in result.answer
    assert f"region {region}:" in result.answer
    assert f"/api/v1/actuals/{WEEK}/plan-vs-actual?format=xlsx" in result.answer
    assert f"/actuals/{WEEK})" in result.answer  # the week's page with its charts
    review = week_vs_plan(world.db, world.planner, WEEK)
    biggest = next(r for r in review.report.rows if r.dimension != "network")
    assert f"{biggest.dimension} {biggest.label or biggest.key}:" in result.answer


def test_without_actuals_the_answer_says_how_to_get_them(world: World) -> None:
    """With no week stored, the answer says so and how to import or simulate one."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("how did last week go against the plan?", deps=deps))
    assert "No week of actuals is stored yet" in result.answer
    assert "lanewise actuals import" in result.answer


@pytest.mark.parametrize(
    ("question", "reply", "tool"),
    [
        ("so far, how are we doing on cost?", "the actuals", "week_review"),
        ("so far, how are we doing on cost?", "the plan", "summarise"),
        ("so far how is service looking?", "actuals please", "week_review"),
        ("to date, what is limiting service?", "the plan", "explain"),
    ],
)
def test_so_far_asks_plan_or_actuals_then_answers_the_one_chosen(
    question: str, reply: str, tool: str
) -> None:
    """'So far, how are we doing?' may ask about the plan or about the week's actuals: the
    interpreter asks which, changing nothing, and the reply picks the tool."""
    chat = Chat(six_hubs())
    asked = question_of(chat.ask(question))
    assert "the plan as it stands" in asked and "the actuals" in asked
    assert "I changed nothing" in asked
    assert call_of(chat.ask(reply))[0] == tool
