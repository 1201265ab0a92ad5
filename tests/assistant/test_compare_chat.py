"""'compare my last three scenarios' in chat: a scorecard of the caller's newest scenarios
against live, with the stored numbers and links to the scorecard page and its XLSX."""

from __future__ import annotations

import asyncio

from assistant.answers import fmt_value
from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import CompareScenarios
from assistant.interpreter.scorecards import parse_scorecard_question
from tests.assistant.conftest import FAST, World
from tools import get_scenario, rename_scenario, version_result
from tools.continuation import stop_background_solves


def test_phrasings_of_a_scorecard_question() -> None:
    """Counts in words or digits; a plain 'compare with live' is not a scorecard question."""
    assert parse_scorecard_question("compare my last three scenarios") == CompareScenarios(3)
    assert parse_scorecard_question("Compare the latest 2 scenarios please") == CompareScenarios(2)
    assert parse_scorecard_question("my last four scenarios side by side") == CompareScenarios(4)
    assert parse_scorecard_question("compare with live") is None
    assert parse_scorecard_question("compare my last seven scenarios") is None


def test_compare_my_last_scenarios(world: World) -> None:
    """Two what-ifs in two conversations, then the scorecard question: live and both
    scenarios as columns, their stored costs, and the page and XLSX links."""
    ids = []
    for question in ("what if volumes rise 20% in the north?", "cut drivers in the east by 15%"):
        deps = new_deps(world.db, world.planner, solve_settings=FAST)
        result = asyncio.run(ask(question, deps=deps))
        assert result.scenario_id is not None
        ids.append(result.scenario_id)
    # an unfinished what-if goes on solving in the background and may store a better plan
    # at any time: let none land between the scorecard's reading and this test's
    stop_background_solves()
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    answer = asyncio.run(ask("compare my last three scenarios", deps=deps)).answer
    assert "You have 2 scenarios of your own" in answer
    for sid in ids:
        sc = get_scenario(world.db, world.planner, sid)
        kpis = version_result(world.db, world.planner, sid, sc.head).kpis
        assert kpis is not None
        assert f"{sc.name} v{sc.head}" in answer
        assert fmt_value(kpis.total_cost_eur, "eur") in answer
    live = get_scenario(world.db, world.planner, "live")
    head = next(line for line in answer.splitlines() if line.startswith("| KPI |"))
    first = get_scenario(world.db, world.planner, ids[0])
    assert head.index(f"live v{live.head}") < head.index(f"{first.name} v{first.head}")
    assert (
        f"/compare?versions={live.id}:{live.head}," in answer
        and "/compare.xlsx?versions=" in answer
    )


def test_phrasings_that_name_the_scenarios() -> None:
    """Ids after 'scenario', quoted names and 'A vs B' name the scenarios (live dropped: it is
    always the first column); comparisons with the parent, a version, the figures or a
    question stay the general comparison."""
    named = {
        "compare scenario 12 and 14": ("12", "14"),
        "compare scenarios 3, 4 and 7": ("3", "4", "7"),
        "scenario 3 vs scenario 4": ("3", "4"),
        "compare scenario 12 with live": ("12",),
        "compare 'North peak' with 'East cut'": ("North peak", "East cut"),
        "compare “North peak” with live": ("North peak",),
        "North peak vs East cut?": ("North peak", "East cut"),
        "compare North peak and East cut side by side": ("North peak", "East cut"),
    }
    for question, names in named.items():
        assert parse_scorecard_question(question) == CompareScenarios(len(names), names), question
    for general in (
        "compare with live",
        "compare with the parent",
        "compare this with live",
        "compare cost and service against live",
        "compare v3 and v5",
        "what is the difference vs live?",
        "how does cost compare with live?",
        "forecast vs actual",
        "this week versus last week",
    ):
        assert parse_scorecard_question(general) is None, general


def test_compare_two_named_scenarios(world: World) -> None:
    """'compare A and B' by name: live, A and B as columns with their stored costs, whatever
    the conversation's own scenario is."""
    names = {}
    for question, name in (
        ("what if volumes rise 20% in the north?", "North peak"),
        ("cut drivers in the east by 15%", "East drivers"),
        ("raise contract rates by 8%", "Rates up"),
    ):
        deps = new_deps(world.db, world.planner, solve_settings=FAST)
        result = asyncio.run(ask(question, deps=deps))
        if result.scenario_id is not None:
            names[name] = rename_scenario(world.db, world.planner, result.scenario_id, name)
    stop_background_solves()  # no better plan may land between the answer and the check
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    answer = asyncio.run(ask("compare North peak and east drivers", deps=deps)).answer
    head = next(line for line in answer.splitlines() if line.startswith("| KPI |"))
    assert head.count(" v") == 3 and head.index("live v") < head.index("North peak v")
    assert head.index("North peak v") < head.index("East drivers v")
    assert "Rates up" not in answer and len(names) == 3
    for name in ("North peak", "East drivers"):
        sc = names[name]
        kpis = version_result(world.db, world.planner, sc.id, sc.head).kpis
        assert kpis is not None and fmt_value(kpis.total_cost_eur, "eur") in answer


def test_an_unknown_name_is_asked_about_not_guessed(world: World) -> None:
    """A name that is no scenario compares nothing: the answer names it, offers the closest
    scenario and lists the ones there are."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("what if volumes rise 20% in the north?", deps=deps))
    assert result.scenario_id is not None
    sc = rename_scenario(world.db, world.planner, result.scenario_id, "North peak")
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    answer = asyncio.run(ask("compare Nort peak vs live", deps=deps)).answer
    assert "No scenario is called “Nort peak”" in answer
    assert f"Did you mean “North peak” ({sc.id})?" in answer
    assert "| KPI |" not in answer
