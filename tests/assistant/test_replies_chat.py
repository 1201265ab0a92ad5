"""A planner's reply to the assistant's question completes it, through the stored conversation."""

from __future__ import annotations

import asyncio

import pytest

from assistant.conversation import AskResult, ask, new_deps
from tests.assistant.conftest import FAST, World
from tools import list_scenarios, version_network


def _ask(world: World, question: str, conversation_id: str | None = None) -> AskResult:
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    return asyncio.run(ask(question, deps=deps, conversation_id=conversation_id))


def _asked(world: World, question: str, says: str) -> AskResult:
    """The answer to ``question``: a question holding ``says`` that stores nothing."""
    before = len(list_scenarios(world.db, world.planner))
    asked = _ask(world, question)
    assert says in asked.answer and asked.version is None
    assert len(list_scenarios(world.db, world.planner)) == before
    return asked


def test_yes_to_did_you_mean_makes_the_change_asked_about(world: World) -> None:
    """'close Berln on Monday' asks and stores nothing; 'yes' closes Berlin on Monday only."""
    asked = _asked(world, "close Berln on Monday", "Berlin")
    done = _ask(world, "yes", conversation_id=asked.conversation_id)
    assert done.scenario_id is not None and done.version is not None
    net = version_network(world.db, world.planner, done.scenario_id, done.version)
    closed = {h.id: tuple(h.closed_days) for h in net.hubs if h.closed_days or not h.open}
    assert closed == {"BER": (0,)}


def test_no_to_did_you_mean_changes_nothing(world: World) -> None:
    """'no' after a question creates no scenario and says nothing changed."""
    before = len(list_scenarios(world.db, world.planner))
    asked = _ask(world, "close Berln on Monday")
    declined = _ask(world, "no", conversation_id=asked.conversation_id)
    assert "changed nothing" in declined.answer and declined.version is None
    assert len(list_scenarios(world.db, world.planner)) == before


def test_raise_it_answers_which_way_the_service_target_goes(world: World) -> None:
    """'Change the service target by 2 points' asks up or down and stores nothing; 'raise
    it' makes the target two points higher than the scenario's, in a new version."""
    first = _ask(world, "set the service target to 90%")
    conv, scenario = first.conversation_id, first.scenario_id
    assert scenario is not None and first.version is not None
    asked = _ask(world, "change the service target by 2 points", conversation_id=conv)
    assert "up or down" in asked.answer and asked.version is None
    done = _ask(world, "raise it", conversation_id=conv)
    assert done.scenario_id == scenario and done.version == first.version + 1
    net = version_network(world.db, world.planner, scenario, done.version)
    assert net.policy.service_target == pytest.approx(0.92)


def test_contract_answers_whose_costs_rise(world: World) -> None:
    """On live (contract and own-fleet lanes) 'costs up 5%' asks whose rates and stores
    nothing; 'contract' raises every contract lane's rate by 5% and no own-fleet lane's."""
    asked = _asked(world, "costs up 5%", "own-fleet")
    done = _ask(world, "contract", conversation_id=asked.conversation_id)
    assert done.scenario_id is not None and done.version is not None
    live = {ln.id: ln for ln in version_network(world.db, world.planner, "live").lanes}
    after = version_network(world.db, world.planner, done.scenario_id, done.version)
    for lane in after.lanes:
        factor = 1.05 if lane.carrier.value == "contract" else 1.0
        was = live[lane.id]
        assert lane.cost_eur_per_truck == pytest.approx(was.cost_eur_per_truck * factor, abs=0.01)


def test_yes_to_all_week_makes_the_change_for_the_whole_week(world: World) -> None:
    """'Berlin-Munich takes 2 hours longer on Monday' asks (transit holds all week) and
    stores nothing; 'yes' adds the 2 hours to the lane, read back from the stored version."""
    asked = _asked(
        world, "Berlin-Munich takes 2 hours longer on Monday", "Should it apply all week?"
    )
    done = _ask(world, "yes", conversation_id=asked.conversation_id)
    assert done.scenario_id is not None and done.version is not None
    net = version_network(world.db, world.planner, done.scenario_id, done.version)
    transit = {lane.id: lane.transit_h for lane in net.lanes}
    assert transit["BER-MUN"] == pytest.approx(9.5 + 2.0) and transit["MUN-BER"] == 9.5
