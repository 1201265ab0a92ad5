"""Scenario pages: login with name + token (signed cookie), the list of visible scenarios,
the version page with KPIs, edits, history, diffs, charts and comments; private → 404."""

from __future__ import annotations

import re
import time
from html import escape

from fastapi.testclient import TestClient
from markupsafe import escape as markup_escape

from tests.assistant.api.conftest import Crew
from tools import version_result


def _login(crew: Crew, user: str) -> TestClient:
    r = crew.client.post(
        "/login",
        data={"name": user, "token": crew.tokens[user], "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=lax" in r.headers["set-cookie"].lower()
    return crew.client


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf token in the page"
    return m.group(1)


def test_pages_need_a_login(crew: Crew) -> None:
    """Without a session the pages redirect to the login form, keeping the target."""
    r = crew.client.get("/scenarios/1/versions/1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fscenarios%2F1%2Fversions%2F1"
    form = crew.client.get("/login")
    assert form.status_code == 200 and 'name="token"' in form.text


def test_wrong_name_or_token_is_refused(crew: Crew) -> None:
    """A token with another user's name, or a bad token, does not sign in (401, no cookie)."""
    for name, token in (("bob", crew.tokens["ann"]), ("ann", "lw_wrong")):
        r = crew.client.post("/login", data={"name": name, "token": token}, follow_redirects=False)
        assert r.status_code == 401 and "do not match" in r.text
        assert "set-cookie" not in r.headers


def test_login_redirects_only_to_local_paths(crew: Crew) -> None:
    """An absolute 'next' URL is replaced by / (no open redirect)."""
    r = crew.client.post(
        "/login",
        data={"name": "ann", "token": crew.tokens["ann"], "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_index_lists_visible_scenarios(crew: Crew) -> None:
    """The index shows live and the user's own scenarios, not other people's private ones."""
    crew.create("bob", "bobs-private")
    crew.create("ann", "anns-plan")
    client = _login(crew, "ann")
    html = client.get("/").text
    assert "anns-plan" in html and "live" in html and "bobs-private" not in html


def test_version_page_shows_kpis_edits_history_and_charts(crew: Crew) -> None:
    """After solving live and an edited scenario, the page shows the same KPI values as the
    API, the edit in words, the history, the diff against parent and live, the map, the
    imbalance and KPI charts with plotly served locally."""
    sc = crew.create("ann", "north-growth")
    sid = sc["id"]
    crew.post(
        "ann",
        f"/api/v1/scenarios/{sid}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [{"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}]},
    )
    for url in (
        "/api/v1/scenarios/live/versions/1/solves",
        f"/api/v1/scenarios/{sid}/versions/2/solves",
    ):
        job = crew.post("ann", url, json={"time_limit_s": 5}).json()
        deadline = time.monotonic() + 60
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.1)
            job = crew.get("ann", f"/api/v1/jobs/{job['id']}").json()
        assert job["status"] == "succeeded", job
    client = _login(crew, "ann")
    page = client.get(f"/scenarios/{sid}/versions/2")
    assert page.status_code == 200
    html = page.text
    kpis = version_result(crew.db, crew.refs["ann"], sid, 2).kpis
    assert kpis is not None
    assert f"€{kpis.total_cost_eur:,.0f}" in html
    assert f"{kpis.service_level:.1%}" in html
    assert "vs parent v1" in html and "vs live v1" in html
    words = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/2").json()["descriptions"][0]
    assert escape(words) in html  # the edit in words
    assert 'href="/scenarios/' + str(sid) + '/versions/1"' in html  # history / parent link
    # four north demands changed, in words, vs parent and vs live
    assert html.count("North demand +20%: 4 demands, +") == 2
    brief = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/2/brief").json()["text"]
    assert 'id="brief"' in html and str(markup_escape(brief)) in html  # the API's brief
    for div in ("chart-map", "chart-imbalance", "chart-kpis"):
        assert f'id="{div}"' in html
    assert '<script src="/vendor/plotly.min.js">' in html and "cdn.plot.ly" not in html
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert client.get(f"/scenarios/{sid}", follow_redirects=False).headers["location"] == (
        f"/scenarios/{sid}/versions/2"
    )


def test_unsolved_page_offers_a_solve(crew: Crew) -> None:
    """An unsolved version says so and offers a planner the solve button."""
    client = _login(crew, "ann")
    html = client.get("/scenarios/1/versions/1").text
    assert "Not solved yet." in html and "/scenarios/1/versions/1/solve" in html


def test_private_page_is_404_to_others(crew: Crew) -> None:
    """Ann's private scenario page answers 404 (HTML) to Bob, like a missing one."""
    sc = crew.create("ann", "secret")
    client = _login(crew, "bob")
    r = client.get(f"/scenarios/{sc['id']}/versions/1")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "secret" not in r.text
    assert client.get("/scenarios/999/versions/1").status_code == 404


def test_comment_form_needs_the_csrf_token(crew: Crew) -> None:
    """The page's comment form posts with its CSRF token; without it the post is refused."""
    client = _login(crew, "ann")
    html = client.get("/scenarios/1/versions/1").text
    refused = client.post(
        "/scenarios/1/versions/1/comments", data={"text": "forged"}, follow_redirects=False
    )
    assert refused.status_code == 403
    ok = client.post(
        "/scenarios/1/versions/1/comments",
        data={"text": "Looks right", "csrf": _csrf(html)},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    page = client.get("/scenarios/1/versions/1").text
    assert "Looks right" in page and "forged" not in page


def test_decision_shows_on_the_live_version(crew: Crew) -> None:
    """After a promotion, the new live version's page shows who approved it and why."""
    sc = crew.create("ann", "go", shared=True)
    v = crew.post(
        "ann",
        f"/api/v1/scenarios/{sc['id']}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [{"op": "close_hub", "hubs": ["STR"]}]},
    ).json()
    crew.post(
        "apo",
        f"/api/v1/scenarios/{sc['id']}/versions/2/promote",
        json={"network_hash": v["network_hash"], "reason": "Strasbourg lease ends"},
    )
    client = _login(crew, "vic")
    html = client.get("/scenarios/1/versions/2").text
    assert "Strasbourg lease ends" in html and "apo" in html and 'id="decision"' in html


def test_logout_forgets_the_session(crew: Crew) -> None:
    """Signing out (with the form's token) sends the next page view to the login form."""
    client = _login(crew, "ann")
    html = client.get("/").text
    r = client.post("/logout", data={"csrf": _csrf(html)}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303
