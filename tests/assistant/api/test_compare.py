"""Scorecards and renaming over HTTP: the real app, numbers read back from the database."""

from __future__ import annotations

import io
import time
from typing import Any

from openpyxl import load_workbook

from tests.assistant.api.conftest import Crew
from tools import get_scenario, version_result


def _solved(crew: Crew, sid: int | str, n: int) -> None:
    job: dict[str, Any] = crew.post(
        "ann", f"/api/v1/scenarios/{sid}/versions/{n}/solves", json={"time_limit_s": 20}
    ).json()
    deadline = time.monotonic() + 60
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = crew.get("ann", f"/api/v1/jobs/{job['id']}").json()
    assert job["status"] == "succeeded", job


def _edited(crew: Crew, name: str, edit: dict[str, Any]) -> int:
    sc = crew.create("ann", name)
    r = crew.post(
        "ann",
        f"/api/v1/scenarios/{sc['id']}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [edit]},
    )
    assert r.status_code in (200, 201), r.text
    sid: int = sc["id"]
    return sid


def test_compare_three_versions_as_json_and_xlsx(crew: Crew) -> None:
    """GET /compare?versions=live:1,A:2,B:2 gives three columns whose KPIs equal each
    version's stored result, deltas against live, a breakdown by region, and the same
    figures in the XLSX download."""
    a = _edited(
        crew, "north-up", {"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}
    )
    b = _edited(crew, "shut-str", {"op": "close_hub", "hubs": ["STR"]})
    for sid, n in (("live", 1), (a, 2), (b, 2)):
        _solved(crew, sid, n)
    r = crew.get("ann", f"/api/v1/compare?versions=live:1,{a}:2,shut-str&by=region")
    assert r.status_code == 200, r.text
    card = r.json()
    assert [c["label"] for c in card["columns"]] == ["live v1", "north-up v2", "shut-str v2"]
    cost = next(k for k in card["kpis"] if k["key"] == "total_cost_eur")
    for i, (sid, n) in enumerate((("live", 1), (a, 2), (b, 2))):
        kpis = version_result(crew.db, crew.refs["ann"], sid, n).kpis
        assert kpis is not None and cost["values"][i] == kpis.total_cost_eur
    assert abs(cost["deltas"][1] - (cost["values"][1] - cost["values"][0])) < 1e-6
    assert [t["level"] for t in card["drill"]] == ["region"]
    x = crew.get("ann", f"/api/v1/compare?versions=live:1,{a}:2,{b}:2&format=xlsx")
    assert x.status_code == 200 and "scorecard-" in x.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(x.content))
    row = next(r for r in wb["KPIs"].iter_rows(values_only=True) if r[0] == "Total cost / week")
    assert [round(v, 2) for v in row[1:4]] == [round(v, 2) for v in cost["values"]]


def test_compare_bad_versions_answer_422_naming_the_field(crew: Crew) -> None:
    """One version, six, or a bad number: 422 with errors[0].field == 'versions'; a private
    scenario of someone else is 404 as everywhere."""
    for bad in ("live:1", "1,1,1,1,1,1", "live:x,live:1"):
        r = crew.get("ann", f"/api/v1/compare?versions={bad}")
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["errors"][0]["field"] == "versions"
    secret = crew.create("bob", "bobs-secret")
    r = crew.get("ann", f"/api/v1/compare?versions=live:1,{secret['id']}:1")
    assert r.status_code == 404


def test_rename_a_scenario(crew: Crew) -> None:
    """PATCH /scenarios/{id} renames it (read back from the database); others cannot; live
    cannot; a taken name is a 409."""
    sc = crew.create("ann", "first try")
    crew.create("ann", "taken")
    r = crew.client.patch(
        f"/api/v1/scenarios/{sc['id']}", headers=crew.h("ann"), json={"name": "North +30% peak"}
    )
    assert r.status_code == 200 and r.json()["name"] == "North +30% peak"
    assert get_scenario(crew.db, crew.refs["ann"], sc["id"]).name == "North +30% peak"
    again = crew.client.patch(
        f"/api/v1/scenarios/{sc['id']}", headers=crew.h("ann"), json={"name": "taken"}
    )
    assert again.status_code == 409
    crew.post("ann", f"/api/v1/scenarios/{sc['id']}/share")
    theirs = crew.client.patch(
        f"/api/v1/scenarios/{sc['id']}", headers=crew.h("bob"), json={"name": "mine now"}
    )
    assert theirs.status_code == 403
    live = crew.client.patch("/api/v1/scenarios/live", headers=crew.h("root"), json={"name": "x"})
    assert live.status_code in (400, 403) and "renamed" in live.json()["detail"]
