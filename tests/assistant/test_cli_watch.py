"""``lanewise watch``, ``lanewise alerts`` and ``lanewise playbooks`` from the shell."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import get_settings
from solver import SimulationSettings, simulate_week
from solver.replan import actuals_through
from storage import AlertRow
from tests.assistant.chat_fakes import FakeSlack
from tools import default_database, first_admin, import_actuals, solve_version, version_plan

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with the 6-hub demo as live, solved, and Monday's actuals of a stormy week."""
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_SCHEMA", raising=False)
    monkeypatch.delenv("LANEWISE_USER", raising=False)
    result = runner.invoke(app, ["init", "--hubs", "6", "--json"])
    assert result.exit_code == 0, result.output
    db = default_database()
    admin = first_admin(db)
    assert admin is not None
    solve_version(db, admin, "live")
    net, plan = version_plan(db, admin, "live")
    assert plan is not None
    stormy = SimulationSettings(
        seed=5, region_bias={r: 0.5 for r in net.regions[:2]}, outage_hub=net.hubs[0].id,
        outage_day=0,
    )  # fmt: skip
    import_actuals(db, admin, actuals_through(net, simulate_week(net, plan, stormy, "2026-W49"), 0))
    return tmp_path


def _json(args: list[str]) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_watch_lists_acknowledges_and_refreshes_playbooks(home: Path) -> None:
    outcome = _json(["watch", "--no-fix"])
    assert isinstance(outcome, dict) and outcome["evaluated"] and outcome["raised"]
    listed = _json(["alerts"])
    assert isinstance(listed, list)
    assert [a["id"] for a in listed] == sorted((a["id"] for a in outcome["raised"]), reverse=True)
    first = listed[0]["id"]
    acked = _json(["alerts", "ack", str(first)])
    assert isinstance(acked, dict) and acked["status"] == "acknowledged"
    table = runner.invoke(app, ["alerts"])
    assert table.exit_code == 0 and "acknowledged by" in table.output
    assert "Not evaluated: nothing new" in runner.invoke(app, ["watch", "--no-force"]).output

    refreshed = _json(["playbooks", "refresh", "--hubs", "1", "--lanes", "0", "--days", "wed"])
    assert isinstance(refreshed, dict) and len(refreshed["solved"]) == 1
    assert refreshed["solved"][0]["title"].endswith("down on Wednesday")
    current = _json(["playbooks"])
    assert isinstance(current, list)
    assert [p["id"] for p in current] == [refreshed["solved"][0]["id"]]
    assert "ago" in runner.invoke(app, ["playbooks"]).output
    bad = runner.invoke(app, ["playbooks", "refresh", "--days", "someday"])
    assert bad.exit_code != 0 and "--days" in bad.output


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each command reads the environment of its test (the settings are read once)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _slack_env(monkeypatch: pytest.MonkeyPatch, slack: FakeSlack) -> None:
    """Configure Slack and its alert channel as a server would be."""
    get_settings.cache_clear()
    monkeypatch.setenv("LANEWISE_SLACK_SIGNING_SECRET", "s3cret")
    monkeypatch.setenv("LANEWISE_SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("LANEWISE_SLACK_API_URL", slack.api_url)
    monkeypatch.setenv("LANEWISE_ALERT_SLACK_CHANNEL", "CALERTS")


def _stored_alerts() -> list[AlertRow]:
    with default_database().session() as s:
        return list(s.exec(select(AlertRow)))


def test_watch_posts_to_the_configured_channel_as_the_server_does(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lanewise watch` posts the evaluation's new alerts to the configured Slack channel,
    as one message, and records the channel with each alert in the database."""
    with FakeSlack().running() as slack:
        _slack_env(monkeypatch, slack)
        result = runner.invoke(app, ["watch", "--no-fix"])
        assert result.exit_code == 0, result.output
        assert slack.recorder.of("chat.postMessage"), result.output
        [post] = slack.recorder.of("chat.postMessage")
    stored = _stored_alerts()
    assert stored and all(a.notified == ["slack"] for a in stored)
    assert post.data["channel"] == "CALERTS" and "Posted to slack (one message)" in result.output
    assert f"{len(stored)} new alerts" in str(post.data["blocks"]) or len(stored) == 1


def test_watch_no_post_is_a_dry_look(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lanewise watch --no-post` raises and stores the alerts but posts nothing."""
    with FakeSlack().running() as slack:
        _slack_env(monkeypatch, slack)
        result = runner.invoke(app, ["watch", "--no-fix", "--no-post"])
        assert result.exit_code == 0, result.output
        assert slack.recorder.of("chat.postMessage") == []
    stored = _stored_alerts()
    assert stored and all(a.notified == [] for a in stored)
    assert "Not posted (--no-post)" in result.output
