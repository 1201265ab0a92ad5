"""The actuals pages through the real app: the weeks stored, and one week against its plan with
its totals (recomputed here from the stored dispatches), charts per day and per lane, the
deviation map, the biggest deviations, where the model was wrong, and the XLSX it links to."""

from __future__ import annotations

import re

from tests.assistant.api.conftest import Crew
from tools import SimulationSettings, simulate_version_week, solve_version, week_actuals

WEEK = "2026-W49"


def _signed_in(crew: Crew, user: str) -> None:
    r = crew.client.post(
        "/login",
        data={"name": user, "token": crew.tokens[user], "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def test_no_week_yet_says_how_to_get_one(crew: Crew) -> None:
    """Before any actuals, the page lists no week and says how to import or simulate one."""
    _signed_in(crew, "vic")
    page = crew.client.get("/actuals")
    assert page.status_code == 200
    assert "No week of actuals is stored yet" in page.text
    assert 'href="/actuals"' in page.text  # in the navigation of every page


def test_a_week_against_its_plan(crew: Crew) -> None:
    """A stored week is listed with the version it executed; its page shows the tonnes the
    stored dispatches carried, the charts and the map, the deviation rows, the planted lane delay
    among the model's errors, and an XLSX link that downloads the workbook."""
    solve_version(crew.db, crew.refs["ann"], "live")
    lane = "PAR-LYS"
    simulate_version_week(
        crew.db, crew.refs["ann"], WEEK, SimulationSettings(seed=3, lane_delay_h={lane: 4.0})
    )
    _signed_in(crew, "vic")
    listing = crew.client.get("/actuals")
    assert f'data-week="{WEEK}"' in listing.text and "live v1" in listing.text

    page = crew.client.get(f"/actuals/{WEEK}")
    assert page.status_code == 200, page.text
    stored = week_actuals(crew.db, crew.refs["vic"], WEEK)
    dispatched = sum(d.loaded_t for d in stored.actuals.dispatches)
    tonnes = re.search(r'data-kpi="tonnes">.*?class="value">([^<]+)<', page.text, re.S)
    assert tonnes is not None and tonnes.group(1) == f"{dispatched:,.1f} t"
    assert 'id="daily-chart"' in page.text and 'id="lane-chart"' in page.text
    assert 'id="deviation-map"' in page.text and "where freight left the plan" in page.text
    assert page.text.count('data-dimension="lane"') >= 1
    assert f'data-dimension="lane" data-key="{lane}"' in page.text  # 4 h late: a model error

    xlsx = re.search(r'href="(/api/v1/actuals/[^"]+format=xlsx)" id="xlsx"', page.text)
    assert xlsx is not None
    book = crew.client.get(xlsx.group(1).replace("&amp;", "&"), headers=crew.h("vic"))
    assert book.status_code == 200 and book.content[:2] == b"PK"


def test_a_week_not_stored_or_badly_named(crew: Crew) -> None:
    """A week without actuals is not found; a malformed week is refused, naming it."""
    _signed_in(crew, "vic")
    assert crew.client.get("/actuals/2026-W50").status_code == 404
    assert crew.client.get("/actuals/next-week").status_code == 422
