"""Actuals over HTTP: upload (zip of CSV, XLSX, JSON), idempotent re-upload, located errors,
stored weeks and plan vs actual (JSON and XLSX)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from solver import SimulationSettings
from tests.assistant.api.conftest import Crew
from tools import simulate_version_week, solve_version, write_actuals

WEEK = "2026-W49"
NAMES = {"json": "w.json", "xlsx": "w.xlsx", "csv": "w.zip"}


def _upload(crew: Crew, tmp_path: Path, fmt: str) -> bytes:
    solve_version(crew.db, crew.refs["ann"], "live")
    sim = simulate_version_week(
        crew.db, crew.refs["ann"], WEEK, SimulationSettings(seed=5), store=False
    )
    if fmt != "csv":
        return write_actuals(sim.actuals, tmp_path / NAMES[fmt]).read_bytes()
    folder = write_actuals(sim.actuals, tmp_path / "csv")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.glob("*.csv")):
            zf.write(p, p.name)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_upload_twice_then_read_and_compare(crew: Crew, tmp_path: Path, fmt: str) -> None:
    body = _upload(crew, tmp_path, fmt)
    files = {"file": (NAMES[fmt], body)}
    first = crew.post("ann", "/api/v1/actuals", files=files, data={"week": WEEK})
    assert first.status_code == 201, first.text
    added = first.json()["added"]
    assert added > 0 and (first.json()["scenario_name"], first.json()["n"]) == ("live", 1)
    again = crew.post("ann", "/api/v1/actuals", files=files, data={"week": WEEK})
    assert (again.json()["added"], again.json()["unchanged"]) == (0, added)
    assert crew.post("vic", "/api/v1/actuals", files=files).status_code == 403
    weeks = crew.get("vic", "/api/v1/actuals").json()
    assert [(w["week"], w["rows"]) for w in weeks] == [(WEEK, added)]
    stored = crew.get("vic", f"/api/v1/actuals/{WEEK}").json()
    assert len(stored["imports"]) == 2
    review = crew.get("vic", f"/api/v1/actuals/{WEEK}/plan-vs-actual")
    assert review.status_code == 200, review.text
    rows = review.json()["report"]["rows"]
    sizes = [abs(r["deviation_t"]) for r in rows]
    assert sizes == sorted(sizes, reverse=True)
    xlsx = crew.get("vic", f"/api/v1/actuals/{WEEK}/plan-vs-actual", params={"format": "xlsx"})
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb["deviations"].max_row == len(rows) + 1


def test_bad_upload_lists_every_problem_and_stores_nothing(crew: Crew) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("dispatches.csv", "lane_id,bucket,trucks,loaded_t\nLIL-PAR,1,x,3\nNOPE,2,1,3\n")
    r = crew.post(
        "ann", "/api/v1/actuals", files={"file": ("w.zip", buf.getvalue())}, data={"week": WEEK}
    )
    assert r.status_code == 422, r.text
    assert r.json()["title"] == "Actuals cannot be imported"
    assert [(e["field"], e["reason"]) for e in r.json()["errors"]] == [
        ("dispatches.csv, row 2, column trucks", "'x' is not a whole number"),
        ("dispatches.csv, row 3, column lane_id", "unknown lane 'NOPE'"),
    ]
    assert crew.get("vic", "/api/v1/actuals").json() == []
    missing = crew.get("vic", "/api/v1/actuals/2026-W50/plan-vs-actual")
    assert missing.status_code == 404
    assert crew.get("vic", "/api/v1/actuals/2026-50").status_code == 422


def test_calibration_is_proposed_as_a_scenario(crew: Crew) -> None:
    solve_version(crew.db, crew.refs["ann"], "live")
    for seed, week in ((3, WEEK), (4, "2026-W50")):
        settings = SimulationSettings(seed=seed, customer_bias={"Acme": 0.4}, customer_sigma=0.0)
        simulate_version_week(crew.db, crew.refs["ann"], week, settings)
    body = {"last": 2, "name": "acme calibrated"}
    assert crew.post("vic", "/api/v1/actuals/calibration", json=body).status_code == 403
    r = crew.post("ann", "/api/v1/actuals/calibration", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["scenario"]["name"] == "acme calibrated"
    assert "customer Acme" in r.json()["version"]["message"]
    missing = crew.post("ann", "/api/v1/actuals/calibration", json={"weeks": ["2026-W01"]})
    assert missing.status_code == 404


def test_simulate_over_the_api(crew: Crew) -> None:
    solve_version(crew.db, crew.refs["ann"], "live")
    body = {"week": "2026-W51", "settings": {"seed": 3, "outage_hub": "PAR"}, "store": False}
    r = crew.post("vic", "/api/v1/actuals/simulate", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["stored"] is None
    assert r.json()["actuals"]["disruptions"][0]["entity"] == "PAR"
    again = crew.post("vic", "/api/v1/actuals/simulate", json=body)
    assert again.json()["actuals"] == r.json()["actuals"]
    assert (
        crew.post("vic", "/api/v1/actuals/simulate", json={**body, "store": True}).status_code
        == 403
    )
    stored = crew.post("ann", "/api/v1/actuals/simulate", json={**body, "store": True})
    assert (
        stored.status_code == 200 and stored.json()["stored"]["settings"]["simulator"]["seed"] == 3
    )
    bad = crew.post(
        "ann", "/api/v1/actuals/simulate", json={**body, "settings": {"outage_hub": "X"}}
    )
    assert bad.status_code == 400 and "unknown outage hub 'X'" in bad.json()["detail"]
