"""The Slack manifest and Teams package point Slack and Teams at this server's routes, with
the ids filled in, and ``lanewise chat-apps`` writes them; bad URLs and ids are refused."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]
from typer.testing import CliRunner

from assistant.cli import app
from assistant.slack.app import COMMAND, EVENTS_PATH
from assistant.slack.manifest import slack_manifest
from assistant.teams.app import MESSAGES_PATH
from assistant.teams.package import teams_manifest, teams_package

BASE = "https://plan.example.org/lw"
APP_ID = "7d4b3c1a-0000-4000-8000-00000000b07a"


def test_slack_manifest_points_at_the_events_route() -> None:
    """The slash command, events and interactivity all post to /slack/events on the server,
    with the scopes the bot uses."""
    manifest = yaml.safe_load(slack_manifest(BASE + "/"))
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    settings = manifest["settings"]
    urls = {command["url"], settings["event_subscriptions"]["request_url"]}
    urls.add(settings["interactivity"]["request_url"])
    assert urls == {BASE + EVENTS_PATH}
    assert settings["event_subscriptions"]["bot_events"] == ["app_mention"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands"} <= scopes
    assert "example.com" not in slack_manifest(BASE).replace("example.org", "")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_teams_package_has_the_bot_id_domain_and_icons() -> None:
    """The package holds the manifest (app and bot id = the Entra app id, the server's
    domain) and Teams-sized icons (192 px colour, 32 px outline)."""
    with zipfile.ZipFile(io.BytesIO(teams_package(APP_ID.upper(), BASE))) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
        assert _png_size(zf.read("color.png")) == (192, 192)
        assert _png_size(zf.read("outline.png")) == (32, 32)
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["validDomains"] == ["plan.example.org"]
    assert manifest["developer"]["websiteUrl"] == BASE
    assert all(len(c["title"]) <= 32 for c in manifest["bots"][0]["commandLists"][0]["commands"])
    assert len(manifest["description"]["short"]) <= 80
    assert MESSAGES_PATH == "/teams/messages"


def test_bad_urls_and_ids_are_refused() -> None:
    """Plain http, a missing host, a query, and an app id that is not a GUID are errors."""
    for url in ("http://plan.example.org", "https://", "https://x.org/?a=1"):
        with pytest.raises(ValueError, match="url"):
            slack_manifest(url)
    with pytest.raises(ValueError, match="app_id"):
        teams_manifest("my-bot", BASE)


def test_cli_writes_manifest_and_package(tmp_path: Path) -> None:
    """lanewise chat-apps slack-manifest prints the YAML; teams-package writes the zip; a bad
    URL exits 1 with the reason."""
    runner = CliRunner()
    r = runner.invoke(app, ["chat-apps", "slack-manifest", "--url", BASE])
    assert r.exit_code == 0 and f"url: {BASE}{EVENTS_PATH}" in r.stdout
    out = tmp_path / "teams.zip"
    r = runner.invoke(
        app,
        [
            "chat-apps",
            "teams-package",
            "--url",
            BASE,
            "--app-id",
            APP_ID,
            "--out",
            str(out),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["bytes"] == out.stat().st_size > 0
    r = runner.invoke(app, ["chat-apps", "slack-manifest", "--url", "http://plan.example.org"])
    assert r.exit_code == 1 and "https" in r.output
