"""'compare my last three scenarios' in chat: a scorecard of the caller's newest scenarios
against live, with the stored numbers and links to the scorecard page and its XLSX."""

from __future__ import annotations

import asyncio

from assistant.answers import fmt_value
from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import CompareScenarios
from assistant.interpreter.scorecards import parse_scorecard_question
from tests.assistant.conftest import FAST, World
from tools import get_scenario, version_result


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
