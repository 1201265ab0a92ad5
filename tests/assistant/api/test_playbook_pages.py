"""The playbooks page through the real app: each critical element's playbook with its
status, age, scenario link and cost and service against live; planners (not viewers)
refresh them with the form's CSRF token, a refresh of an unchanged live does nothing and
says so, and a promotion shows them stale — all read back from the database."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from assistant.api import create_app
from assistant.config import AssistantSettings
from solver.edits import ScaleDemand
from storage import PlaybookRow, ScenarioRow
from tools import (
    Database,
    UserRef,
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

SECRET = b"0123456789abcdef0123456789abcdef"


@dataclass
class Site:
    """The app's client, its database, the users' tokens and references."""

    db: Database
    client: TestClient
    tokens: dict[str, str]
    refs: dict[str, UserRef]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """Live = the 6-hub demo, solved; one playbook per refresh (the critical hub, down on
    Wednesday); no watcher, so only the page's button refreshes."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin = user_ref(db, bootstrap_admin(db, "ada", "ada@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=6, seed=2))
    tokens, refs = {}, {}
    for name, role in (("pia", "planner"), ("vic", "viewer"), ("apo", "approver")):
        view, token = create_user(db, admin, name, f"{name}@example.com", role)
        tokens[name], refs[name] = token, user_ref(db, view.id)
    solve_version(db, refs["pia"], "live")
    settings = AssistantSettings(
        public_url="http://testserver",
        watch=False,
        playbook_hubs=1,
        playbook_lanes=0,
        playbook_days="wed",
    )
    app = create_app(db, settings, secret=SECRET)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Site(db, client, tokens, refs)
    db.dispose()


def _login(site: Site, name: str) -> str:
    """Sign ``name`` in; the playbooks page's HTML."""
    r = site.client.post("/login", data={"name": name, "token": site.tokens[name]})
    assert r.status_code == 200, r.text
    page = site.client.get("/playbooks")
    assert page.status_code == 200
    return page.text


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf token in the page"
    return m.group(1)


def _rows(db: Database) -> list[PlaybookRow]:
    with db.session() as s:
        return list(s.exec(select(PlaybookRow).order_by(PlaybookRow.id)))  # type: ignore[arg-type]


def _scenarios(db: Database) -> int:
    with db.session() as s:
        return len(list(s.exec(select(ScenarioRow.id))))


def _wait_for(check: object, timeout_s: float = 240.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the refresh did not finish in time"
        time.sleep(0.5)


def test_planners_refresh_playbooks_from_the_page_and_see_them_go_stale(site: Site) -> None:
    """Viewers see the page but cannot refresh; a planner's refresh (CSRF checked) files the
    critical hub's playbook, shown current with its link, cost against live and age; asking
    again on the same live files nothing and says so; after a promotion it shows stale."""
    # a viewer sees the page, without the button, and may not refresh
    page = _login(site, "vic")
    assert "No playbooks yet" in page and "Refresh playbooks" not in page
    r = site.client.post("/playbooks/refresh", data={"csrf": _csrf(page)})
    assert r.status_code == 403 and _rows(site.db) == []

    # a planner: without the form's token refused; with it, the refresh runs
    page = _login(site, "pia")
    assert "Refresh playbooks" in page
    r = site.client.post("/playbooks/refresh", data={"csrf": "forged"}, follow_redirects=False)
    assert r.status_code == 403 and _rows(site.db) == []
    r = site.client.post("/playbooks/refresh", data={"csrf": _csrf(page)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/playbooks?refresh=started"
    _wait_for(
        lambda: (
            len(_rows(site.db)) == 1 and "being solved" not in site.client.get("/playbooks").text
        )
    )
    [row] = _rows(site.db)
    assert row.title.endswith("down on Wednesday") and row.superseded_at is None
    page = site.client.get("/playbooks").text
    assert row.title in page and 'class="playbook-current"' in page
    assert f'href="/scenarios/{row.scenario_id}/versions/{row.n}"' in page
    cost = {c["key"]: c for c in row.outcome["vs_live"]}["total_cost_eur"]
    assert f"€{cost['after']:,.0f}" in page and "vs live" in page
    assert "against live v1, still live&#39;s head" in page

    # again on the same live: nothing to do, said so, nothing filed
    before = _scenarios(site.db)
    r = site.client.post("/playbooks/refresh", data={"csrf": _csrf(page)})
    assert r.status_code == 200 and "Nothing to refresh" in r.text
    assert _scenarios(site.db) == before and len(_rows(site.db)) == 1

    # live moves on: the playbook is stale until refreshed
    pia, apo = site.refs["pia"], site.refs["apo"]
    change = create_scenario(site.db, pia, "forecast", source="live")
    share(site.db, pia, change.id)
    grown = edit_scenario(site.db, pia, change.id, [ScaleDemand(factor=1.05)])
    solve_version(site.db, pia, change.id, grown.n)
    promote(site.db, apo, change.id, grown.n, grown.network_hash, "new forecast")
    page = site.client.get("/playbooks").text
    assert 'class="playbook-stale"' in page and "live is now v2" in page
