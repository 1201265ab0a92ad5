"""Explanations of a solved version over HTTP: service drivers, trailer balance, the brief."""

from __future__ import annotations

import time
from typing import Any

from tests.assistant.api.conftest import Crew


def _solved(crew: Crew, sid: int | str, n: int) -> None:
    job: dict[str, Any] = crew.post(
        "ann", f"/api/v1/scenarios/{sid}/versions/{n}/solves", json={"time_limit_s": 5}
    ).json()
    deadline = time.monotonic() + 60
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = crew.get("ann", f"/api/v1/jobs/{job['id']}").json()
    assert job["status"] == "succeeded", job


def paris_tripled(crew: Crew) -> tuple[int, str]:
    """A solved scenario 'paris-x3' (version 2) where Paris's outbound freight triples: its
    id and the version's URL."""
    sc = crew.create("ann", "paris-x3")
    crew.post(
        "ann",
        f"/api/v1/scenarios/{sc['id']}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [{"op": "scale_demand", "origin_hubs": ["PAR"], "factor": 3}]},
    )
    _solved(crew, sc["id"], 2)
    return sc["id"], f"/api/v1/scenarios/{sc['id']}/versions/2"


def test_unsolved_versions_cannot_be_explained(crew: Crew) -> None:
    """Explain, balance and brief of an unsolved version say to solve it first (400)."""
    for what in ("explain", "balance", "brief"):
        r = crew.get("vic", f"/api/v1/scenarios/live/versions/1/{what}")
        assert r.status_code == 400 and "not solved" in r.json()["detail"], what


def test_explain_balance_and_brief(crew: Crew) -> None:
    """After solving live and a scenario where Paris demand triples: the explanation reports
    the result's service level and lists at most `top` losses; balance names the last day by
    default; the brief compares with live and shows the cost change of the result KPIs."""
    _solved(crew, "live", 1)
    _, base = paris_tripled(crew)
    kpis = crew.get("ann", f"{base}/result").json()["kpis"]
    ex = crew.get("ann", f"{base}/explain?top=2").json()
    assert ex["service_level"] == kpis["service_level"]
    assert len(ex["losses"]) <= 2
    assert f"{kpis['service_level']:.1%}" in ex["text"]
    bal = crew.get("ann", f"{base}/balance").json()
    assert bal["by_day"] == 6 and bal["by_day_name"] == "Sunday"
    monday = crew.get("ann", f"{base}/balance?by_day=0").json()
    assert monday["by_day"] == 0
    bad = crew.get("ann", f"{base}/balance?by_day=20")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "by_day"
    brief = crew.get("ann", f"{base}/brief").json()
    live_k = crew.get("ann", "/api/v1/scenarios/live/versions/1/result").json()["kpis"]
    cost = next(c for c in brief["changes"] if c["key"] == "total_cost_eur")
    assert (cost["before"], cost["after"]) == (live_k["total_cost_eur"], kpis["total_cost_eur"])
    assert len(brief["text"].split()) <= 120
