"""The scenario list and the scorecard page as a planner uses them in a browser session."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.assistant.api.conftest import Crew
from tests.assistant.api.test_compare import _edited, _solved
from tools import get_scenario, propose, share, version_result


def _login(crew: Crew, user: str) -> TestClient:
    r = crew.client.post(
        "/login",
        data={"name": user, "token": crew.tokens[user], "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    return crew.client


def test_list_shows_state_owner_kpis_and_chat(crew: Crew) -> None:
    """The list names each scenario's state (live / proposed / draft), owner and head cost,
    links to the chat, and offers a box per scenario to compare."""
    a = _edited(
        crew, "north-up", {"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}
    )
    _edited(crew, "idea", {"op": "close_hub", "hubs": ["STR"]})
    _solved(crew, "live", 1)
    _solved(crew, a, 2)
    share(crew.db, crew.refs["ann"], a)
    propose(crew.db, crew.refs["ann"], a, override=True)
    html = _login(crew, "ann").get("/").text
    kpis = version_result(crew.db, crew.refs["ann"], a, 2).kpis
    assert kpis is not None
    row = re.search(r"north-up</a>.*?</tr>", html, re.S)
    assert row and "proposed" in row.group(0) and f"€{kpis.total_cost_eur:,.0f}" in row.group(0)
    idea = re.search(r"idea</a>.*?</tr>", html, re.S)
    assert idea and "draft" in idea.group(0) and "not solved" in idea.group(0)
    assert 'href="/chat"' in html and f'name="v" value="{a}:2"' in html


def test_compare_page_and_its_workbook(crew: Crew) -> None:
    """Ticking two scenarios opens their scorecard with the stored costs and a breakdown by
    region; its XLSX link downloads the same figures."""
    a = _edited(
        crew, "north-up", {"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}
    )
    _solved(crew, "live", 1)
    _solved(crew, a, 2)
    client = _login(crew, "ann")
    page = client.get(f"/compare?v=1:1&v={a}:2")
    assert page.status_code == 200, page.text
    costs = [version_result(crew.db, crew.refs["ann"], s, n).kpis for s, n in ((1, 1), (a, 2))]
    for k in costs:
        assert k is not None and f"€{k.total_cost_eur:,.0f}" in page.text
    assert 'id="by-region"' in page.text and "north" in page.text
    link = re.search(r'href="(/compare\.xlsx\?versions=[^"]+)"', page.text)
    assert link
    x = client.get(link.group(1).replace("&amp;", "&"))
    wb = load_workbook(io.BytesIO(x.content))
    row = next(r for r in wb["KPIs"].iter_rows(values_only=True) if r[0] == "Total cost / week")
    assert [round(v, 2) for v in row[1:3]] == [round(k.total_cost_eur, 2) for k in costs if k]
    assert client.get("/compare?v=1:1").status_code in (400, 422)


def test_rename_from_the_list(crew: Crew) -> None:
    """The rename form (with the page's CSRF token) renames the scenario in the database."""
    sc = crew.create("ann", "first try")
    client = _login(crew, "ann")
    html = client.get("/").text
    token = re.search(r'name="csrf" value="([^"]+)"', html)
    assert token
    r = client.post(
        f"/scenarios/{sc['id']}/rename",
        data={"name": "North peak", "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert get_scenario(crew.db, crew.refs["ann"], sc["id"]).name == "North peak"
