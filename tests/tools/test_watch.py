"""The watcher: alerts raised once per condition, delivered, acknowledged and cleared,
with a prepared fix scenario; two watchers on one database raise each alert once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from solver import SimulationSettings, demo_network, simulate_week
from solver.edits import CloseHub
from solver.replan import actuals_through
from storage import Database
from tests.tools.conftest import Team, make_team
from tools import (
    PermissionDenied,
    create_scenario,
    edit_scenario,
    get_scenario,
    get_version,
    promote,
    revert,
    share,
    solve_version,
    version_plan,
)
from tools.actuals import import_actuals
from tools.watch import (
    AlertView,
    WatchSettings,
    acknowledge_alert,
    list_alerts,
    watch_once,
)

STORMY = "2026-W49"
CALM = "2026-W50"


@dataclass
class FakeChannel:
    """A notifier that records what it was given, like a chat channel would show it: one
    message per call, listing that evaluation's alerts."""

    name: str
    got: list[AlertView] = field(default_factory=list)
    messages: list[list[AlertView]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, alerts: list[AlertView]) -> list[str]:
        with self.lock:
            self.messages.append(list(alerts))
            self.got.extend(alerts)
        return [self.name]


@pytest.fixture
def live(db: Database) -> Team:
    """A 6-hub demo as live, solved."""
    team = make_team(db, demo_network(hubs=6, seed=2))
    solve_version(team.db, team.ann, "live")
    return team


def _import_week(team: Team, week: str, settings: SimulationSettings, through: int) -> None:
    """Import a simulated week as it is known by the end of ``through`` (0 = Monday)."""
    net, plan = version_plan(team.db, team.ann, "live")
    assert plan is not None
    whole = simulate_week(net, plan, settings, week)
    import_actuals(team.db, team.ann, actuals_through(net, whole, through))


def _stormy(team: Team) -> None:
    net, _ = version_plan(team.db, team.ann, "live")
    settings = SimulationSettings(
        seed=5,
        region_bias={r: 0.5 for r in net.regions[:2]},
        outage_hub=net.hubs[0].id,
        outage_day=0,
    )
    _import_week(team, STORMY, settings, 0)


CALM_SETTINGS = SimulationSettings(
    seed=1, demand_sigma=0, customer_sigma=0, region_sigma=0, transit_sigma_h=0, driver_absence=0
)


def test_an_alert_fires_once_reaches_the_channels_is_acknowledged_and_clears(live: Team) -> None:
    """Monday's actuals of a stormy week raise imbalance alerts once, delivered together
    (one message per channel) with the prepared re-plan's link; re-evaluating raises
    nothing new; a planner acknowledges one; when the next (calm) week's actuals arrive,
    they clear."""
    slack, teams = FakeChannel("slack"), FakeChannel("teams")

    def both(alerts: list[AlertView]) -> list[str]:
        return slack(alerts) + teams(alerts)

    _stormy(live)
    first = watch_once(live.db, notifier=both)
    assert first.evaluated and first.week == STORMY and first.through_day == 0
    raised = first.raised
    assert raised and all(a.kind == "imbalance" for a in raised)
    assert len({a.key for a in raised}) == len(raised)
    assert [a.id for a in slack.got] == [a.id for a in raised] == [a.id for a in teams.got]
    assert len(slack.messages) == len(teams.messages) == 1  # one message for the evaluation
    # the fix: the mid-week re-plan, filed as a scenario the team can open; live untouched
    assert first.fix_url is not None and all(a.fix_url == first.fix_url for a in raised)
    fix = raised[0]
    assert fix.fix_scenario_id is not None and fix.fix_n is not None
    version = get_version(live.db, live.bob, fix.fix_scenario_id, fix.fix_n)
    assert version.edits and all(e["op"] == "move_trailers" for e in version.edits)
    assert get_scenario(live.db, live.vic, fix.fix_scenario_id).shared
    assert get_scenario(live.db, live.ann, "live").head == 1

    stored = list_alerts(live.db, live.vic)
    assert {a.id for a in stored} == {a.id for a in raised}
    assert all(a.status == "open" and a.notified == ["slack", "teams"] for a in stored)

    # nothing new: not evaluated; forced: evaluated, but the same conditions raise nothing
    assert not watch_once(live.db, notifier=both).evaluated
    again = watch_once(live.db, notifier=both, force=True)
    assert again.evaluated and again.raised == [] and again.cleared == []
    assert len(slack.got) == len(raised) == len(list_alerts(live.db, live.vic))
    assert len(slack.messages) == 1

    # acknowledged by a planner (a viewer may not), read back from the database
    with pytest.raises(PermissionDenied):
        acknowledge_alert(live.db, live.vic, raised[0].id)
    acked = acknowledge_alert(live.db, live.bob, raised[0].id)
    assert acked.status == "acknowledged" and acked.acknowledged_by == "bob"
    [back] = [a for a in list_alerts(live.db, live.vic) if a.id == raised[0].id]
    assert back.status == "acknowledged" and back.acknowledged_at is not None

    # the next week runs as planned: the stormy week's conditions are gone, so are its alerts
    _import_week(live, CALM, CALM_SETTINGS, 1)
    calm = watch_once(live.db, notifier=both)
    assert calm.evaluated and calm.week == CALM and calm.raised == []
    assert sorted(calm.cleared) == sorted(a.id for a in raised)
    assert list_alerts(live.db, live.vic) == []
    history = list_alerts(live.db, live.vic, include_cleared=True)
    assert {a.status for a in history} == {"cleared"}
    assert all(a.cleared_at is not None for a in history)
    assert len(slack.got) == len(raised)


def test_a_hard_violation_of_a_new_live_version_is_alerted_and_clears(live: Team) -> None:
    """A forecast promoted to live that the plan no longer fits (a hub closed) raises a
    violation alert at once, before anyone re-plans; reopening it clears the alert."""
    net = get_version(live.db, live.ann, "live")
    hub = demo_network(hubs=6, seed=2).hubs[1]
    sc = create_scenario(live.db, live.ann, "close a hub", source="live")
    share(live.db, live.ann, sc.id)
    closed = edit_scenario(live.db, live.ann, sc.id, [CloseHub(hubs=(hub.id,))])
    promote(live.db, live.apo, sc.id, closed.n, closed.network_hash, "planned closure")
    channel = FakeChannel("teams")
    first = watch_once(live.db, notifier=channel)
    assert first.evaluated and first.week is None
    assert first.raised and {a.kind for a in first.raised} == {"violation"}
    assert any(hub.id in a.subject for a in first.raised) and len(channel.got) == len(first.raised)
    assert all(a.fix_url is None for a in first.raised)
    reopened = revert(live.db, live.ann, sc.id, 1)
    promote(live.db, live.apo, sc.id, reopened.n, reopened.network_hash, "closure called off")
    assert get_version(live.db, live.ann, "live").network_hash == net.network_hash
    after = watch_once(live.db, notifier=channel)
    assert sorted(after.cleared) == sorted(a.id for a in first.raised) and not after.raised
    assert list_alerts(live.db, live.vic) == []


def test_two_watchers_on_one_database_raise_each_alert_once(live: Team) -> None:
    """Two watcher instances (server processes) evaluating at the same moment, and again
    one after the other with force, deliver every alert once and store it once."""
    _stormy(live)
    channel = FakeChannel("slack")
    settings = WatchSettings(prepare_fix=False)
    barrier = threading.Barrier(2)
    outcomes = []

    def run(owner: str) -> None:
        barrier.wait()
        outcomes.append(watch_once(live.db, owner=owner, notifier=channel, settings=settings))

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for owner in ("w0", "w1"):
        watch_once(live.db, owner=owner, notifier=channel, settings=settings, force=True)
    stored = list_alerts(live.db, live.vic, include_cleared=True)
    assert stored and len(channel.got) == len(stored)
    assert len({a.key for a in stored}) == len(stored)
    assert sum(len(o.raised) for o in outcomes) == len(stored)


def test_a_database_not_set_up_yet_is_left_alone(sqlite_db: Database) -> None:
    """Before live exists the watcher (and the playbook refresh) do nothing — no account is
    made — so the first user can still be the bootstrap admin."""
    from tools import bootstrap_admin
    from tools.playbooks import refresh_playbooks

    outcome = watch_once(sqlite_db)
    assert not outcome.evaluated and outcome.reason == "there is no live network yet"
    assert not refresh_playbooks(sqlite_db).refreshed
    admin, _ = bootstrap_admin(sqlite_db, "root", "root@example.com")
    assert admin.role == "admin"


def test_service_at_risk_is_one_alert_for_the_week(live: Team) -> None:
    """Carrying on below the service floor raises one service alert for the week (with the
    on-time share in words), not one per evaluation; the calm next week clears it."""
    settings = WatchSettings(service_floor=1.0, prepare_fix=False)
    _stormy(live)
    raised = watch_once(live.db, settings=settings).raised
    [service] = [a for a in raised if a.kind == "service"]
    assert service.key == f"service:{STORMY}" and "Service at risk in 2026-W49" in service.message
    level = service.details["service_level"]
    assert isinstance(level, float) and level < 1.0 and f"{level:.1%}" in service.message
    again = watch_once(live.db, settings=settings, force=True)
    assert again.raised == []
    _import_week(live, CALM, CALM_SETTINGS, 1)
    calm = watch_once(live.db, settings=settings)
    assert service.id in calm.cleared
