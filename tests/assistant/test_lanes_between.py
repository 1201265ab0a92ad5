"""Lane changes 'between' two hubs on a network where only one of the two ways is a lane:
the change is made to the lane that exists and the answer says the other way has none;
with no lane either way, nothing changes and the answer names both ways."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.conversation import AskResult, ask, new_deps
from solver.network import Network
from tests.assistant.conftest import FAST, World
from tools import (
    LIVE,
    Database,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    list_scenarios,
    user_ref,
    version_network,
)
from tools.continuation import stop_background_solves


@pytest.fixture
def one_way(tmp_path: Path) -> Iterator[World]:
    """The 8-hub demo as live, less its lane Vienna→Berlin: Berlin→Vienna is the one lane
    between Berlin and Vienna; Madrid and Munich have none either way."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin_view, _ = bootstrap_admin(db, "ada", "ada@example.com")
    admin = user_ref(db, admin_view.id)
    data = demo_network(hubs=8, seed=3).canonical_dict()
    data["lanes"] = [ln for ln in data["lanes"] if ln["id"] != "VIE-BER"]
    create_live(db, admin, Network.model_validate(data))
    planner_view, _ = create_user(db, admin, "pia", "pia@example.com", "planner")
    viewer_view, _ = create_user(db, admin, "vic", "vic@example.com", "viewer")
    yield World(db, admin, user_ref(db, planner_view.id), user_ref(db, viewer_view.id))
    stop_background_solves()
    db.dispose()


def _ask(world: World, question: str) -> AskResult:
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    return asyncio.run(ask(question, deps=deps))


def _lanes(world: World, scenario: int | str) -> dict[str, tuple[bool, int, float]]:
    """Each lane's open flag, trucks a day and rate per truck."""
    net = version_network(world.db, world.planner, scenario)
    return {ln.id: (ln.active, ln.max_trucks_per_day, ln.cost_eur_per_truck) for ln in net.lanes}


def _changed(world: World, result: AskResult) -> set[str]:
    assert result.scenario_id is not None
    before, after = _lanes(world, LIVE), _lanes(world, result.scenario_id)
    return {lane for lane in before if before[lane] != after[lane]}


def test_closing_the_lane_between_two_hubs_closes_the_one_that_exists(one_way: World) -> None:
    """'Close the lane between Berlin and Vienna' where only Berlin→Vienna is a lane: that
    lane is closed in a new version, and the answer says there is no lane the other way
    (the whole question used to be refused, naming Vienna→Berlin)."""
    result = _ask(one_way, "close the lane between Berlin and Vienna")
    assert result.error is None and result.version == 2, result.answer
    assert _changed(one_way, result) == {"BER-VIE"}
    assert _lanes(one_way, result.scenario_id or 0)["BER-VIE"][0] is False
    assert "There is no lane from Vienna to Berlin, so only Berlin→Vienna is closed" in (
        result.answer
    )
    assert result.url is not None and result.url in result.answer


def test_fewer_departures_between_two_hubs_change_the_lane_that_exists(one_way: World) -> None:
    """'2 fewer departures between Vienna and Berlin' (the missing way said first): Berlin→
    Vienna runs 2 trucks a day fewer, and the answer says Vienna→Berlin has no lane."""
    trucks = _lanes(one_way, LIVE)["BER-VIE"][1]
    result = _ask(one_way, "2 fewer departures between Vienna and Berlin")
    assert result.error is None and result.version == 2, result.answer
    assert _changed(one_way, result) == {"BER-VIE"}
    assert _lanes(one_way, result.scenario_id or 0)["BER-VIE"][1] == trucks - 2
    assert "There is no lane from Vienna to Berlin" in result.answer


def test_rates_between_two_hubs_change_the_lane_that_exists(one_way: World) -> None:
    """'Raise rates between Berlin and Vienna by 5%': Berlin→Vienna costs 5% more, nothing
    else changes, and the answer says there is no lane from Vienna to Berlin."""
    rate = _lanes(one_way, LIVE)["BER-VIE"][2]
    result = _ask(one_way, "raise rates between Berlin and Vienna by 5%")
    assert result.error is None and result.version == 2, result.answer
    assert _changed(one_way, result) == {"BER-VIE"}
    assert _lanes(one_way, result.scenario_id or 0)["BER-VIE"][2] == pytest.approx(rate * 1.05)
    assert "There is no lane from Vienna to Berlin" in result.answer


def test_a_lane_between_two_hubs_with_no_lane_either_way_changes_nothing(
    one_way: World,
) -> None:
    """Between Madrid and Munich there is no lane either way: nothing is created, and the
    answer says so for both directions (it used to name only the first)."""
    result = _ask(one_way, "close the lane between Madrid and Munich")
    assert result.version is None and result.scenario_id is None
    assert [s.head for s in list_scenarios(one_way.db, one_way.planner)] == [1]
    assert "nothing was changed" in result.answer
    assert "from Madrid to Munich" in result.answer and "from Munich to Madrid" in result.answer
