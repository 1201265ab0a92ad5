"""Alerts through the real app: the watcher running in the server raises alerts when a
stormy week's actuals arrive over the API, posts them together, once, to a (fake) Slack
channel and a (fake) Teams conversation with the prepared fix's link, lists them over the
API and on the pages, takes an acknowledgement of each, and clears them when the next week
runs as planned."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.alerts import GROUP_LIMIT, ChannelNotifier, channel_notifier
from assistant.api import create_app
from assistant.config import AssistantSettings
from solver import SimulationSettings, simulate_week
from solver.replan import actuals_through
from tests.assistant.chat_fakes import FakeConnector, FakeSlack
from tools import (
    Database,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    solve_version,
    user_ref,
    version_plan,
)
from tools.watch import AlertView

PUBLIC = "http://lanewise.example.com"
ALERT_CHANNEL = "CALERTS"
TEAMS_CONVERSATION = "19:alerts@thread.tacv2"


@dataclass
class World:
    """The app's client, its database, a planner's token and the two fake platforms."""

    db: Database
    client: TestClient
    slack: FakeSlack
    teams: FakeConnector
    planner: UserRef
    token: str


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """Live = the 6-hub demo, solved; the app serves Slack and Teams and watches live."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin = user_ref(db, bootstrap_admin(db, "ada", "ada@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=6, seed=2))
    view, token = create_user(db, admin, "pia", "pia@example.com", "planner")
    pia = user_ref(db, view.id)
    solve_version(db, pia, "live")
    with FakeSlack().running() as slack, FakeConnector().running() as teams:
        settings = AssistantSettings(
            public_url=PUBLIC,
            slack_signing_secret="s3cret",
            slack_bot_token="xoxb-test-token",
            slack_api_url=slack.api_url,
            teams_enabled=True,
            teams_auth_enabled=False,
            watch=True,
            watch_poll_s=0.2,
            playbooks=False,
            alert_slack_channel=ALERT_CHANNEL,
            alert_teams_service_url=teams.url + "/",
            alert_teams_conversation_id=TEAMS_CONVERSATION,
        )
        app = create_app(db, settings, secret=b"0123456789abcdef0123456789abcdef")
        with TestClient(app) as client:
            yield World(db, client, slack, teams, pia, token)
    db.dispose()


def _post_week(world: World, week: str, settings: SimulationSettings, through: int) -> None:
    """Post a simulated week as known by the end of ``through`` (a JSON file, as a TMS
    export would be uploaded)."""
    net, plan = version_plan(world.db, world.planner, "live")
    assert plan is not None
    known = actuals_through(net, simulate_week(net, plan, settings, week), through)
    r = world.client.post(
        "/api/v1/actuals",
        files={"file": (f"{week}.json", known.model_dump_json(), "application/json")},
        headers={"Authorization": f"Bearer {world.token}"},
    )
    assert r.status_code == 201, r.text


def _wait(check: Any, timeout_s: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("the watcher did not get there in time")
        time.sleep(0.1)


def test_alerts_reach_slack_teams_and_the_pages_and_clear(world: World) -> None:
    auth = {"Authorization": f"Bearer {world.token}"}
    net, _ = version_plan(world.db, world.planner, "live")
    stormy = SimulationSettings(
        seed=5,
        region_bias={r: 0.5 for r in net.regions[:2]},
        outage_hub=net.hubs[0].id,
        outage_day=0,
    )
    _post_week(world, "2026-W49", stormy, 0)

    def delivered() -> list[dict[str, Any]]:
        # alerts are stored together, then posted one by one
        found = world.client.get("/api/v1/alerts", headers=auth).json()
        done = all({"slack", "teams"} <= set(a["notified"]) for a in found)
        return found if done else []

    alerts = _wait(delivered)
    assert all(a["kind"] == "imbalance" for a in alerts)
    fix = alerts[0]["fix_url"]
    assert fix and all(a["fix_url"] == fix for a in alerts)

    # the evaluation's alerts posted together: one message to the Slack alert channel and
    # one to the Teams conversation, listing them biggest first, with the fix's button
    [post] = world.slack.recorder.of("chat.postMessage")
    assert post.data["channel"] == ALERT_CHANNEL and PUBLIC + fix in str(post.data["blocks"])
    [card] = world.teams.recorder.wait_for("activity", 1)
    assert TEAMS_CONVERSATION in card.path and PUBLIC + fix in str(card.data["attachments"])
    ranked = sorted(alerts, key=lambda a: (-abs(a["details"]["imbalance"]), a["id"]))
    shown = ranked[:GROUP_LIMIT]
    for text in (str(post.data["blocks"]), str(card.data["attachments"])):
        places = [text.index(a["message"][:60]) for a in shown]
        assert places == sorted(places)  # biggest first
        assert all(a["message"][:60] not in text for a in ranked[GROUP_LIMIT:])
        if len(alerts) > GROUP_LIMIT:
            assert f"and {len(alerts) - GROUP_LIMIT} more" in text and PUBLIC + "/alerts" in text
    # the fix opens for the team: a shared scenario of trailer moves, live untouched
    version = world.client.get(f"/api/v1{fix}", headers=auth).json()
    assert version["edits"] and {e["op"] for e in version["edits"]} == {"move_trailers"}

    # acknowledged over the API; the page lists it with the fix and acknowledges the others
    first = alerts[-1]["id"]
    r = world.client.post(f"/api/v1/alerts/{first}/acknowledge", headers=auth)
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert r.json()["acknowledged_by"] == "pia"
    assert world.client.get(f"/api/v1/alerts/{first}", headers=auth).json()["status"] == (
        "acknowledged"
    )
    login = world.client.post(
        "/login",
        data={"name": "pia", "token": world.token, "next": "/alerts"},
        follow_redirects=True,
    )
    assert login.status_code == 200
    page = world.client.get("/alerts").text
    assert f'href="{fix}"' in page and page.count(">Acknowledge</button>") == len(alerts) - 1
    assert "open alert" in world.client.get("/").text

    # the next week runs as planned: the stormy week's alerts clear, nothing new is posted
    calm = SimulationSettings(
        seed=1,
        demand_sigma=0,
        customer_sigma=0,
        region_sigma=0,
        transit_sigma_h=0,
        driver_absence=0,
    )
    _post_week(world, "2026-W50", calm, 1)
    _wait(lambda: world.client.get("/api/v1/alerts", headers=auth).json() == [])
    history = world.client.get("/api/v1/alerts?all=true", headers=auth).json()
    assert len(history) == len(alerts) and {a["status"] for a in history} == {"cleared"}
    assert len(world.slack.recorder.of("chat.postMessage")) == 1
    assert "No alerts holding now" in world.client.get("/alerts").text


def _imbalance(alert_id: int, hub: str, trailers: int) -> AlertView:
    now = datetime.now(UTC)
    return AlertView(
        id=alert_id,
        key=f"imbalance:2026-W49:{hub}:2:short",
        kind="imbalance",
        week="2026-W49",
        subject=f"Hub {hub} ({hub})",
        message=f"Hub {hub} ({hub}) is projected short of {trailers} trailers on Wednesday.",
        status="open",
        details={"hub_id": hub, "day": 2, "imbalance": -trailers},
        fix_scenario_id=7,
        fix_n=2,
        fix_url="/scenarios/7/versions/2",
        notified=[],
        acknowledged_by=None,
        acknowledged_at=None,
        raised_at=now,
        seen_at=now,
        cleared_at=None,
    )


def test_many_alerts_are_one_message_biggest_first_capped(tmp_path: Path) -> None:
    """Eight alerts of one evaluation reach Slack and Teams as one message each: the five
    biggest (most trailers off plan) in order, 'and 3 more' with the alerts page's link,
    and the shared prepared fix as a button."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    alerts = [
        _imbalance(i, f"H{i}", trailers) for i, trailers in enumerate([3, 9, 4, 12, 5, 7, 6, 8])
    ]
    with FakeSlack().running() as slack, FakeConnector().running() as teams:
        settings = AssistantSettings(
            public_url=PUBLIC,
            slack_signing_secret="s3cret",
            slack_bot_token="xoxb-test-token",
            slack_api_url=slack.api_url,
            teams_enabled=True,
            teams_auth_enabled=False,
            alert_slack_channel=ALERT_CHANNEL,
            alert_teams_service_url=teams.url + "/",
            alert_teams_conversation_id=TEAMS_CONVERSATION,
        )
        notifier = channel_notifier(db, settings)
        assert isinstance(notifier, ChannelNotifier)
        assert notifier(alerts) == ["slack", "teams"]
        [post] = slack.recorder.of("chat.postMessage")
        [card] = teams.recorder.wait_for("activity", 1)
    db.dispose()
    for text in (str(post.data["blocks"]), str(card.data["attachments"])):
        assert "8 new alerts: trailer imbalance ahead at 8 hubs" in text
        order = [text.index(f"short of {n} trailers") for n in (12, 9, 8, 7, 6)]
        assert order == sorted(order)
        assert all(f"short of {n} trailers" not in text for n in (5, 4, 3))
        assert "and 3 more on the alerts page" in text and f"{PUBLIC}/alerts" in text
        assert f"{PUBLIC}/scenarios/7/versions/2" in text
