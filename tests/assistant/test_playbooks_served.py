"""The server keeps playbooks current: once live is solved its watcher solves the critical
hub's playbook, and after a promotion it solves it again against the new live."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.config import AssistantSettings
from solver.edits import ScaleDemand
from tools import (
    Database,
    bootstrap_admin,
    create_live,
    create_scenario,
    create_user,
    demo_network,
    edit_scenario,
    promote,
    share,
    solve_version,
    user_ref,
)


def _wait(check: Any, timeout_s: float = 240.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("the server's watcher did not get there in time")
        time.sleep(0.5)


def test_the_server_solves_playbooks_and_follows_live(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin = user_ref(db, bootstrap_admin(db, "ada", "ada@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=6, seed=2))
    view, token = create_user(db, admin, "pia", "pia@example.com", "planner")
    pia = user_ref(db, view.id)
    apo = user_ref(db, create_user(db, admin, "apo", "apo@example.com", "approver")[0].id)
    solve_version(db, pia, "live")
    settings = AssistantSettings(
        watch=True, watch_poll_s=0.5, playbook_hubs=1, playbook_lanes=0, playbook_days="wed"
    )
    auth = {"Authorization": f"Bearer {token}"}
    app = create_app(db, settings, secret=b"0123456789abcdef0123456789abcdef")
    with TestClient(app) as client:

        def current() -> list[dict[str, Any]]:
            found: list[dict[str, Any]] = client.get("/api/v1/playbooks", headers=auth).json()
            return found

        [first] = _wait(current)
        assert first["current"] and first["live_n"] == 1
        assert first["title"].endswith("down on Wednesday")

        change = create_scenario(db, pia, "forecast", source="live")
        share(db, pia, change.id)
        grown = edit_scenario(db, pia, change.id, [ScaleDemand(factor=1.05)])
        solve_version(db, pia, change.id, grown.n)
        promote(db, apo, change.id, grown.n, grown.network_hash, "new forecast")
        solve_version(db, pia, "live")
        [renewed] = _wait(lambda: [p for p in current() if p["live_n"] == 2])
        assert renewed["key"] == first["key"] and renewed["id"] != first["id"]
        old = client.get("/api/v1/playbooks?all=true", headers=auth).json()
        assert {p["id"]: p["current"] for p in old} == {first["id"]: False, renewed["id"]: True}
    db.dispose()
