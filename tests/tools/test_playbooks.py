"""Contingency playbooks: solved in advance on the sweep executor, stored as shared scenarios,
answering 'X is down on Wednesday' at once while live is unchanged, re-solved when it moves."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import select

from solver import SimulationSettings, demo_network, simulate_week
from solver.edits import CloseHub, ScaleDemand
from solver.replan import actuals_through
from storage import Database, PlaybookRow, ScenarioRow, WatchStateRow
from tests.tools.conftest import Team, make_team
from tools import (
    INTERACTIVE_SETTINGS,
    PermissionDenied,
    create_scenario,
    edit_scenario,
    get_scenario,
    get_version,
    promote,
    share,
    solve_version,
    version_network,
    version_plan,
    version_result,
)
from tools.actuals import import_actuals
from tools.executor import ProcessPoolExecutorBackend, TaskError, TaskOutcome
from tools.identity import UserRef
from tools.playbooks import (
    PlaybookBoard,
    PlaybookView,
    list_playbooks,
    playbook_board,
    refresh_playbooks,
    request_playbook_refresh,
)
from tools.watch import watch_once
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
    assert not again.refreshed and again.reason.startswith("every playbook is current")

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
    """When live moves on, the old playbooks no longer answer with their numbers: the
    question is re-planned now, saying the playbook is stale, and a refresh is queued; the
    refresh re-solves them against the new live, the new one takes the old one's role (the
    old kept, superseded), and they answer again, saying so."""
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
    solve_version(live.db, live.ann, "live")
    # the stale playbook does not answer with its old numbers: re-planned now, saying so
    stale = what_if(live.db, live.bob, None, edits, message="down")
    assert stale.playbook is not None and stale.playbook_url == first.url
    assert f"against live v1; live has changed since (now v{new_live})" in stale.playbook
    assert "re-planned now" in stale.playbook and "is queued" in stale.playbook
    mine = version_result(live.db, live.bob, stale.scenario_id, stale.version)
    assert mine.kpis is not None
    after = {c.key: c.after for c in stale.vs_live}
    assert after["total_cost_eur"] == pytest.approx(mine.kpis.total_cost_eur)
    with live.db.session() as s:
        queued = s.get(WatchStateRow, "playbooks")
        assert queued is not None and queued.next_due_at is not None

    renewed = _hub_playbook(_refresh(live, executor))
    assert renewed.key == first.key and renewed.live_n == new_live and renewed.id != first.id
    answer = what_if(live.db, live.bob, None, edits, message="down again")
    assert answer.playbook is not None and f"against live v{new_live}" in answer.playbook
    # the old playbook is kept, marked superseded by the new one; the request is served
    with live.db.session() as s:
        old_row = s.get(PlaybookRow, first.id)
        assert old_row is not None and old_row.superseded_by_id == renewed.id
        assert old_row.superseded_at is not None
        new_row = s.get(PlaybookRow, renewed.id)
        assert new_row is not None and new_row.superseded_at is None
        served = s.get(WatchStateRow, "playbooks")
        assert served is not None and served.next_due_at is None
    board = playbook_board(live.db, live.vic)
    assert [(e.key, e.status) for e in board.entries if e.key == first.key] == [
        (first.key, "current")
    ]
    assert {e.playbook.id for e in board.entries if e.playbook} == {
        p.id for p in list_playbooks(live.db, live.vic)
    }


def _scenario_count(db: Database) -> int:
    with db.session() as s:
        return len(list(s.exec(select(ScenarioRow.id))))


def test_repeated_refreshes_and_watches_of_an_unchanged_live_add_nothing(
    live: Team, executor: ProcessPoolExecutorBackend
) -> None:
    """Refreshing three times (forced or queued included) and watching three times on an
    unchanged live file scenarios only the first time; each later refresh says it had
    nothing to do."""
    _refresh(live, executor)
    after_first = _scenario_count(live.db)
    for force in (False, True):
        again = refresh_playbooks(
            live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor, force=force
        )
        assert not again.refreshed and again.solved == []
        assert again.reason.startswith("every playbook is current against live v1")
    request_playbook_refresh(live.db, live.bob)
    queued = refresh_playbooks(live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor)
    assert not queued.refreshed and queued.reason.startswith("every playbook is current")
    assert _scenario_count(live.db) == after_first

    net, plan = version_plan(live.db, live.ann, "live")
    assert plan is not None
    stormy = SimulationSettings(seed=5, region_bias={r: 0.5 for r in net.regions[:2]})
    import_actuals(
        live.db, live.ann, actuals_through(net, simulate_week(net, plan, stormy, "2026-W49"), 0)
    )
    outcomes = [watch_once(live.db, force=True) for _ in range(3)]
    assert all(o.evaluated for o in outcomes) and outcomes[1].raised == outcomes[2].raised == []
    after_watch = _scenario_count(live.db)
    assert after_watch <= after_first + 1  # at most the first evaluation's prepared fix
    for _ in range(3):
        watch_once(live.db, force=True)
        refresh_playbooks(live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor)
    assert _scenario_count(live.db) == after_watch


def test_a_playbook_run_is_stored_like_any_solve(
    live: Team, executor: ProcessPoolExecutorBackend
) -> None:
    """A playbook's solve is stored as every solve is (solver, settings, status, gap), and
    its answer shows that run's status words and warnings, as the version's page does."""
    playbook = _hub_playbook(_refresh(live, executor))
    result = version_result(live.db, live.vic, playbook.scenario_id, playbook.n)
    assert result.run is not None and result.run.solver_version.startswith("ortools ")
    assert result.run.settings == INTERACTIVE_SETTINGS.model_dump(mode="json")
    assert result.run.status in {"optimal", "feasible", "unfinished"}
    assert playbook.quality == result.run.quality and playbook.warnings == result.warnings
    name = version_network(live.db, live.ann, "live").hub_by_id[playbook.element_id].name
    answer = what_if(
        live.db, live.bob, None, [CloseHub(hubs=(name,), days=(WEDNESDAY,))], message="down"
    )
    assert answer.playbook is not None
    assert answer.run.quality == result.run.quality and answer.warnings == result.warnings
    assert answer.run.gap == result.run.gap and answer.run.status == result.run.status
    with pytest.raises(PermissionDenied):
        request_playbook_refresh(live.db, live.vic)


@dataclass
class CrashingExecutor:
    """An executor whose every solve crashes, looking at the playbooks board while the
    refresh is under way (as the page would)."""

    db: Database
    viewer: UserRef
    seen: list[PlaybookBoard] = field(default_factory=list)

    def map(
        self,
        fn: Callable[[Any], Any],
        items: Iterable[Any],
        *,
        on_done: Callable[[TaskOutcome[Any]], None] | None = None,
    ) -> list[TaskOutcome[Any]]:
        self.seen.append(playbook_board(self.db, self.viewer))
        crash = TaskError(type="RuntimeError", message="the solver crashed", traceback="")
        return [TaskOutcome(i, None, crash, 0.0) for i, _ in enumerate(items)]

    def close(self) -> None:
        return None


def test_the_board_tells_refreshing_failed_and_stale_apart(
    live: Team, executor: ProcessPoolExecutorBackend
) -> None:
    """After live moves, a refresh whose solves crash shows the contingency 'refreshing'
    while it runs and 'failed' with the reason after; the old playbook keeps its role
    (not superseded) and a later refresh says the failure is waiting for a retry, which a
    queued refresh runs."""
    first = _hub_playbook(_refresh(live, executor))
    change = create_scenario(live.db, live.ann, "forecast", source="live")
    share(live.db, live.ann, change.id)
    grown = edit_scenario(live.db, live.ann, change.id, [ScaleDemand(factor=1.05)])
    solve_version(live.db, live.ann, change.id, grown.n)
    promote(live.db, live.apo, change.id, grown.n, grown.network_hash, "new forecast")
    solve_version(live.db, live.ann, "live")
    [stale] = [e for e in playbook_board(live.db, live.vic).entries if e.key == first.key]
    assert stale.status == "stale" and "live is now v2" in stale.words

    crashing = CrashingExecutor(live.db, live.vic)
    result = refresh_playbooks(live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=crashing)
    assert not result.refreshed and result.failed
    [during] = crashing.seen
    assert {e.status for e in during.entries} == {"refreshing"} and during.refreshing
    board = playbook_board(live.db, live.vic)
    [failed] = [e for e in board.entries if e.key == first.key]
    assert failed.status == "failed" and "the solver crashed" in failed.words
    assert failed.playbook is not None and failed.playbook.id == first.id
    with live.db.session() as s:
        kept = s.get(PlaybookRow, first.id)
        assert kept is not None and kept.superseded_at is None

    again = refresh_playbooks(live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor)
    assert not again.refreshed and "failed (refresh again to retry them)" in again.reason
    request_playbook_refresh(live.db, live.bob)
    retried = refresh_playbooks(live.db, hubs=1, lanes=1, days=(WEDNESDAY,), executor=executor)
    assert retried.refreshed and {p.key for p in retried.solved} == {e.key for e in board.entries}
    assert {e.status for e in playbook_board(live.db, live.vic).entries} == {"current"}
