"""``lanewise serve``: a fresh home gets the database, the first admin and live, and prints
the URL and a login; a second start creates nothing; the app it serves answers over HTTP."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api import create_app
from assistant.cli import app as cli
from assistant.cli.serve import prepare
from assistant.config import AssistantSettings, get_settings
from tools import Database, PermissionDenied, authenticate, list_scenarios


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty LANEWISE_HOME; the public URL and cached settings are restored afterwards."""
    for var in ("DATABASE_URL", "DATABASE_SCHEMA", "LANEWISE_SECRET"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LANEWISE_PUBLIC_URL", "unset")
    monkeypatch.delenv("LANEWISE_PUBLIC_URL")
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


def test_prepare_bootstraps_once(tmp_path: Path) -> None:
    """First run: admin with a working token and live from the demo; second run: nothing new
    and no token; --new-token: a new token, and the old one stops working."""
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    first = prepare(db, hubs=6, seed=1)
    assert first.admin_created and first.live_created and first.token is not None
    admin = authenticate(db, first.token)
    assert (admin.name, admin.role.value) == ("admin", "admin")
    assert first.live.name == "live" and first.live.head == 1
    [live] = list_scenarios(db, admin)
    assert live.network_name is not None and "6 hubs" in live.network_name
    second = prepare(db, hubs=6, seed=1)
    assert (second.admin_created, second.live_created, second.token) == (False, False, None)
    assert second.live.network_hash == first.live.network_hash
    third = prepare(db, new_token=True)
    assert third.token is not None and authenticate(db, third.token).name == "admin"
    with pytest.raises(PermissionDenied):
        authenticate(db, first.token)
    db.dispose()


def test_serve_command_prints_url_and_login(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lanewise serve --json` on a fresh home prints the URL and a token that signs in to the
    app it hands to uvicorn; the home gets its database and session secret."""
    captured: dict[str, Any] = {}

    def fake_run(app: Any, host: str, port: int, log_level: str) -> None:
        captured.update(app=app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--hubs", "6", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["url"] == "http://127.0.0.1:8123/"
    assert info["login"]["user"] == "admin" and info["login"]["token"].startswith("lw_")
    assert info["live_created"] is True and info["live"]["head"] == 1
    assert (captured["host"], captured["port"]) == ("127.0.0.1", 8123)
    assert (fresh_home / "lanewise.db").exists() and (fresh_home / "secret").exists()
    with TestClient(captured["app"]) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {info['login']['token']}"})
        assert me.status_code == 200 and me.json()["name"] == "admin"
        assert client.get("/api/v1/health").json()["status"] == "ok"
    from assistant.cli.serve import app_factory

    with TestClient(app_factory()) as worker:  # what each --workers process serves
        me = worker.get("/api/v1/me", headers={"Authorization": f"Bearer {info['login']['token']}"})
        assert me.json()["name"] == "admin"
    again = CliRunner().invoke(cli, ["serve", "--port", "8123"])
    assert again.exit_code == 0, again.output
    assert "http://127.0.0.1:8123/" in again.stdout and "--new-token" in again.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_app_answers_over_a_real_socket(tmp_path: Path) -> None:
    """The app served by uvicorn on loopback answers health and the login page."""
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    prepare(db, hubs=6, seed=1)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(db, AssistantSettings(), secret=b"k" * 32),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
        assert health.status_code == 200 and health.json()["schema_revision"] is not None
        login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
        assert login.status_code == 200 and "Sign in" in login.text
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.dispose()


def test_configured_chat_channels_are_mounted(tmp_path: Path) -> None:
    """With Slack credentials set, the served app also answers on /slack/events; without,
    only the API, the pages and the chat UI are served."""
    from assistant.cli.serve import build_app

    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    plain, channels = build_app(db, AssistantSettings(secret="s" * 32))
    assert channels == ["api", "pages", "chat"]
    assert TestClient(plain).post("/slack/events", content=b"{}").status_code == 404
    slack = AssistantSettings(
        secret="s" * 32, slack_signing_secret="shh", slack_bot_token="xoxb-test"
    )
    app, channels = build_app(db, slack)
    assert channels == ["api", "pages", "chat", "slack"]
    unsigned = TestClient(app).post("/slack/events", content=b"{}")
    assert unsigned.status_code == 401  # served, and it checks Slack's signature
    db.dispose()
