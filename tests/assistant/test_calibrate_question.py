"""'Calibrate the forecast on the last 4 weeks' in chat: the fitted forecast is filed as a new
scenario with its evidence and re-planned beside its base; live never changes."""

from __future__ import annotations

import asyncio

import pytest

from assistant.conversation import ask, new_deps
from assistant.interpreter.intents import Calibrate
from assistant.interpreter.loop import parse_calibrate_question
from solver import SimulationSettings, demo_network
from tests.assistant.conftest import FAST, World, six_hubs
from tests.assistant.test_parse_phrasings import Chat, call_of
from tools import get_scenario, list_scenarios, simulate_version_week, solve_version
from tools import version_network as network_of

WEEKS = ("2026-W47", "2026-W48", "2026-W49")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("calibrate the forecast", Calibrate()),
        ("recalibrate demand on the last 3 weeks", Calibrate(last=3)),
        ("please calibrate from the past four weeks of actuals", Calibrate(last=4)),
        ("learn from the actuals", Calibrate()),
        ("update the forecast with what actually happened", Calibrate()),
        ("fit the demand model to the last few weeks", Calibrate()),
        ("correct transit times from last week's actuals", Calibrate(last=1)),
        ("calibrate on 2026-W48 and 2026-w49", Calibrate(weeks=("2026-W48", "2026-W49"))),
    ],
)
def test_ways_of_asking_to_learn_from_past_weeks(question: str, intent: Calibrate) -> None:
    """Asking to fit the forecast to past weeks, in several words, is one calibration of the
    weeks said (the newest N, the ISO weeks named, or the tool's default)."""
    assert parse_calibrate_question(question) == intent


@pytest.mark.parametrize(
    "question",
    [
        "adjust demand up 10% after last week",
        "update the forecast: volumes rise 20% in the north",
        "how did last week go against the plan?",
        "what if the model is wrong about the north?",
        "fit 3 more trucks on Paris to Lyon",
    ],
)
def test_a_change_or_another_question_is_not_a_calibration(question: str) -> None:
    """A question stating a change of its own, or asking something else about the past, is
    left to the other readings."""
    assert parse_calibrate_question(question) is None


def test_the_interpreter_calls_calibrate_with_the_weeks_said() -> None:
    """The built-in interpreter turns the question into one `calibrate` call."""
    chat = Chat(six_hubs())
    assert call_of(chat.ask("calibrate the forecast on the last 3 weeks")) == (
        "calibrate",
        {"last": 3},
    )


def _simulate(world: World, region: str) -> None:
    solve_version(world.db, world.planner, "live", settings=FAST)
    for seed, week in enumerate(WEEKS, start=1):
        settings = SimulationSettings(
            seed=seed, region_bias={region: 0.3}, region_sigma=0.0, customer_sigma=0.0
        )
        simulate_version_week(world.db, world.planner, week, settings)


def test_calibration_from_chat_is_a_new_scenario_with_evidence(world: World) -> None:
    """After three weeks with +30% freight out of one region, 'calibrate …' files a scenario
    whose demand out of that region is about 30% higher, names the region in its evidence,
    answers with the re-planned version against its base, and leaves live at v1."""
    region = demo_network(hubs=8, seed=3).regions[0]  # the world's live network
    _simulate(world, region)
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("calibrate the forecast on the last 3 weeks", deps=deps))
    assert f"fitted to {', '.join(WEEKS)}" in result.answer
    assert f"- region {region}: ×1.3" in result.answer
    assert "Live is unchanged" in result.answer
    proposed = [s for s in list_scenarios(world.db, world.planner) if s.name.startswith("calib")]
    assert len(proposed) == 1 and f"/scenarios/{proposed[0].id}" in result.answer
    assert get_scenario(world.db, world.planner, "live").head == 1
    live = network_of(world.db, world.planner, "live")
    mine = network_of(world.db, world.planner, proposed[0].id)
    in_region = {h.id for h in live.hubs if h.region == region}

    def out_of_region(net: object) -> float:
        return sum(d.volume_t for d in net.demands if d.origin in in_region)  # type: ignore[attr-defined]

    assert out_of_region(mine) / out_of_region(live) == pytest.approx(1.3, abs=0.05)
    assert deps.outcome is not None and deps.scenario_id == proposed[0].id


def test_without_actuals_nothing_is_filed(world: World) -> None:
    """With no week stored, the answer says how to get weeks, and no scenario is made."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("learn from the actuals", deps=deps))
    assert "No week of actuals is stored yet" in result.answer
    assert [s.name for s in list_scenarios(world.db, world.planner)] == ["live"]


def test_a_viewer_may_not_file_a_calibration(world: World) -> None:
    """A viewer asking to calibrate is told it is not allowed, and nothing is filed."""
    _simulate(world, demo_network(hubs=8, seed=3).regions[0])
    deps = new_deps(world.db, world.viewer, solve_settings=FAST)
    result = asyncio.run(ask("calibrate the forecast", deps=deps))
    assert "Not allowed" in result.answer
    assert [s.name for s in list_scenarios(world.db, world.planner)] == ["live"]
