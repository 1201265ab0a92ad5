"""Contingency playbooks: solved in advance on the sweep executor, stored as shared scenarios,
answering 'X is down on Wednesday' at once while live is unchanged, re-solved when it moves."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from solver import demo_network
from solver.edits import CloseHub, ScaleDemand
from storage import Database
from tests.tools.conftest import Team, make_team
from tools import (
    create_scenario,
    edit_scenario,
    get_scenario,
    get_version,
    promote,
    share,
    solve_version,
    version_network,
    version_result,
)
from tools.executor import ProcessPoolExecutorBackend
from tools.playbooks import PlaybookView, list_playbooks, refresh_playbooks
from tools.whatif import what_if

WEDNESDAY = 2


@pytest.fixture(scope="module")
def executor() -> Iterator[ProcessPoolExecutorBackend]:
    """One worker process for the module's sweeps."""
    with ProcessPoolExecutorBackend(max_workers=1) as ex:
        yield ex


@pytest.fixture
def live(db: Database) -> Team:
    """A 6-hub demo as live, solved."""
    team = make_team(db, demo_network(hubs=6, seed=2))
    solve_version(team.db, team.ann, "live")
    return team


def _refresh(team: Team, executor: ProcessPoolExecutorBackend) -> list[PlaybookView]:
    result = refresh_playbooks(team.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor)
    assert result.refreshed and not result.failed, result
    return result.solved


def _hub_playbook(playbooks: list[PlaybookView]) -> PlaybookView:
    [hub] = [p for p in playbooks if p.element_kind == "hub"]
    return hub


def test_playbooks_are_shared_scenarios_that_answer_at_once(
    live: Team, executor: ProcessPoolExecutorBackend
) -> None:
    solved = _refresh(live, executor)
    assert {p.element_kind for p in solved} == {"hub", "lane"}
    listed = list_playbooks(live.db, live.vic)
    assert [(p.id, p.key) for p in listed] == sorted(((p.id, p.key) for p in solved), reverse=True)
    playbook = _hub_playbook(solved)
    assert playbook.current and playbook.live_n == 1 and "on Wednesday" in playbook.title
    # a scenario the whole team can open, its edit the contingency, solved
    version = get_version(live.db, live.bob, playbook.scenario_id, playbook.n)
    assert get_scenario(live.db, live.vic, playbook.scenario_id).shared
    assert version.edits == [
        {"op": "close_hub", "hubs": [playbook.element_id], "days": [WEDNESDAY]}
    ]
    assert version_result(live.db, live.vic, playbook.scenario_id, playbook.n).kpis is not None
    # nothing new to do while live stays as it is
    again = refresh_playbooks(live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor)
    assert not again.refreshed and again.reason == "every playbook is current"

    # the question, naming the hub by name: answered from the playbook, in the asker's
    # own scenario, with the playbook's numbers, within a second
    name = version_network(live.db, live.ann, "live").hub_by_id[playbook.element_id].name
    start = time.perf_counter()
    answer = what_if(
        live.db,
        live.bob,
        None,
        [CloseHub(hubs=(name,), days=(WEDNESDAY,))],
        message=f"{name} is down on Wednesday",
    )
    assert time.perf_counter() - start < 1.0
    assert answer.playbook is not None and playbook.title in answer.playbook
    assert "s ago against live v1" in answer.playbook
    assert answer.playbook_url == playbook.url
    mine = get_version(live.db, live.bob, answer.scenario_id, answer.version)
    assert get_scenario(live.db, live.bob, answer.scenario_id).owner == "bob"
    assert mine.network_hash == version.network_hash and answer.url == mine.url
    stored = version_result(live.db, live.bob, answer.scenario_id, answer.version)
    assert stored.kpis is not None
    after = {c.key: c.after for c in answer.vs_live}
    assert after["total_cost_eur"] == pytest.approx(stored.kpis.total_cost_eur)
    assert get_scenario(live.db, live.ann, "live").head == 1

    # another day is not a playbook: solved as usual
    other = what_if(
        live.db, live.bob, None, [CloseHub(hubs=(name,), days=(3,))], message="Thursday"
    )
    assert other.playbook is None


def test_playbooks_follow_live(live: Team, executor: ProcessPoolExecutorBackend) -> None:
    """When live moves on, the old playbooks no longer answer; a refresh re-solves them
    against the new live, and they answer again, saying so."""
    first = _hub_playbook(_refresh(live, executor))
    change = create_scenario(live.db, live.ann, "forecast", source="live")
    share(live.db, live.ann, change.id)
    grown = edit_scenario(live.db, live.ann, change.id, [ScaleDemand(factor=1.05)])
    solve_version(live.db, live.ann, change.id, grown.n)
    promote(live.db, live.apo, change.id, grown.n, grown.network_hash, "new forecast")
    new_live = get_scenario(live.db, live.ann, "live").head
    assert list_playbooks(live.db, live.vic) == []
    old = list_playbooks(live.db, live.vic, include_old=True)
    assert [p.id for p in old if p.key == first.key] == [first.id] and not old[0].current
    name = version_network(live.db, live.ann, "live").hub_by_id[first.element_id].name
    edits = [CloseHub(hubs=(name,), days=(WEDNESDAY,))]
    assert what_if(live.db, live.bob, None, edits, message="down").playbook is None

    solve_version(live.db, live.ann, "live")
    renewed = _hub_playbook(_refresh(live, executor))
    assert renewed.key == first.key and renewed.live_n == new_live and renewed.id != first.id
    answer = what_if(live.db, live.bob, None, edits, message="down again")
    assert answer.playbook is not None and f"against live v{new_live}" in answer.playbook
