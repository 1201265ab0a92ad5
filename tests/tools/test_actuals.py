"""Actuals: the file format (CSV / XLSX / JSON), its errors, and the idempotent import."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from solver import (
    DeliveryActual,
    DispatchActual,
    Disruption,
    DriverActual,
    TrailerActual,
    WeekActuals,
)
from storage import ActualRow
from tests.tools.conftest import Team
from tools import InvalidRequest, PermissionDenied, create_scenario, edit_scenario
from tools.actuals import import_actuals, list_actual_weeks, week_actuals
from tools.actuals_io import ActualsImportError, read_actuals, write_actuals

WEEK = "2026-W49"


def sample() -> WeekActuals:
    """A week on the tiny network with a row in every table."""
    return WeekActuals(
        week=WEEK,
        source="tms",
        dispatches=(
            DispatchActual(lane_id="LIL-PAR", bucket=1, trucks=2, loaded_t=41.5, transit_h=3.6),
            DispatchActual(lane_id="PAR-LYS", bucket=2, trucks=2, loaded_t=40.0, empty_trailers=1),
        ),
        deliveries=(
            DeliveryActual(demand_id="D1", picked_up_t=41.5, delivered_t=41.5, delivered_h=15.0),
            DeliveryActual(
                demand_id="D2", part=1, picked_up_t=30.0, delivered_t=30.0, delivered_h=40
            ),
            DeliveryActual(demand_id="D2", part=2, picked_up_t=28.0),
        ),
        trailers=(TrailerActual(hub="PAR", day=0, trailers=18),),
        drivers=(DriverActual(region="north", day=0, drivers=9),),
        disruptions=(Disruption(kind="hub", entity="LYS", day=2, hours=6, reason="strike"),),
    )


@pytest.mark.parametrize("name", ["week", "week.xlsx", "week.json"])
def test_every_form_reads_back_equal_and_writes_the_same_bytes(tmp_path: Path, name: str) -> None:
    acts = sample()
    path = write_actuals(acts, tmp_path / "a" / name)
    again = write_actuals(acts, tmp_path / "b" / name)
    assert read_actuals(path).actuals == acts.canonical()
    if path.is_file():
        assert path.read_bytes() == again.read_bytes()


def _csv(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_problems_name_file_row_column_and_reason(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    _csv(folder, "dispatches.csv", "lane_id,bucket,trucks,loaded_t,colour\nLIL-PAR,1,2,40,red\n")
    _csv(
        folder,
        "deliveries.csv",
        "demand_id,part,picked_up_t,delivered_t,delivered_h\n"
        "D1,1,x,5,\n"  # not a number
        "D2,1,3,4,2\n"  # more delivered than picked up
        "D3,0,3,1,2\n",  # part below 1
    )
    _csv(folder, "drivers.csv", "region,day,drivers\nnorth,1,4\nnorth,1,5\n")
    with pytest.raises(ActualsImportError) as caught:
        read_actuals(folder, week=WEEK)
    found = {(i.file, i.row, i.column) for i in caught.value.issues}
    assert found == {
        ("dispatches.csv", 1, "colour"),
        ("deliveries.csv", 2, "picked_up_t"),
        ("deliveries.csv", 3, "delivered_t"),
        ("deliveries.csv", 4, "part"),
        ("drivers.csv", 3, None),
    }
    reasons = {(i.row, i.column): i.reason for i in caught.value.issues if i.file != "x"}
    assert reasons[(1, "colour")] == "unknown column"
    assert "'x' is not a number" in reasons[(2, "picked_up_t")]
    assert "more than picked_up_t" in reasons[(3, "delivered_t")]
    assert "repeats row 2" in reasons[(3, None)]


def test_week_must_be_given_and_agree(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    _csv(folder, "drivers.csv", "region,day,drivers\nnorth,1,4\n")
    with pytest.raises(ActualsImportError, match="which week"):
        read_actuals(folder)
    with pytest.raises(ActualsImportError, match="not an ISO week"):
        read_actuals(folder, week="2026-49")
    _csv(folder, "actuals.csv", "key,value\nweek,2026-W48\n")
    with pytest.raises(ActualsImportError) as caught:
        read_actuals(folder, week=WEEK)
    (issue,) = caught.value.issues
    assert (issue.file, issue.row, issue.column) == ("actuals.csv", 2, "value")
    assert read_actuals(folder).actuals.week == "2026-W48"


def test_xlsx_and_json_problems_name_sheet_and_row(tmp_path: Path) -> None:
    path = write_actuals(sample(), tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["trailers"]["C2"] = -3
    wb.save(path)
    with pytest.raises(ActualsImportError) as caught:
        read_actuals(path)
    (issue,) = caught.value.issues
    assert (issue.file, issue.sheet, issue.row, issue.column) == (
        "w.xlsx",
        "trailers",
        2,
        "trailers",
    )
    data = sample().model_dump(mode="json")
    data["dispatches"][1]["trucks"] = "two"
    target = tmp_path / "w.json"
    target.write_text(json.dumps(data))
    with pytest.raises(ActualsImportError) as caught:
        read_actuals(target)
    (issue,) = caught.value.issues
    assert (issue.sheet, issue.row, issue.column) == ("dispatches", 2, "trucks")


def _rows(team: Team) -> list[ActualRow]:
    with team.db.session() as s:
        return list(s.exec(select(ActualRow)))


def test_reimport_is_idempotent_and_a_corrected_row_replaces_the_old(
    team: Team, tmp_path: Path
) -> None:
    path = write_actuals(sample(), tmp_path / "week")
    first = import_actuals(team.db, team.ann, read_actuals(path))
    assert (first.added, first.updated, first.unchanged) == (8, 0, 0)
    assert (first.scenario_name, first.n) == ("live", 1)
    again = import_actuals(team.db, team.ann, read_actuals(path))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 8)
    assert len(_rows(team)) == 8
    (path / "drivers.csv").write_text("region,day,drivers\nnorth,0,7\nnorth,1,8\n")
    fixed = import_actuals(team.db, team.ann, read_actuals(path))
    assert (fixed.added, fixed.updated, fixed.unchanged) == (1, 1, 7)
    stored = week_actuals(team.db, team.vic, WEEK)
    assert [(d.day, d.drivers) for d in stored.actuals.drivers] == [(0, 7), (1, 8)]
    assert [i.added for i in stored.imports] == [8, 0, 1]
    assert [(w.week, w.n, w.rows) for w in list_actual_weeks(team.db, team.vic)] == [(WEEK, 1, 9)]


def test_reference_errors_store_nothing_and_name_the_row(team: Team, tmp_path: Path) -> None:
    path = write_actuals(sample(), tmp_path / "week")
    (path / "deliveries.csv").write_text("demand_id,picked_up_t\nD1,40\nD99,3\n", encoding="utf-8")
    (path / "dispatches.csv").write_text("lane_id,bucket,trucks,loaded_t\nLIL-PAR,40,1,3\n")
    with pytest.raises(ActualsImportError) as caught:
        import_actuals(team.db, team.ann, read_actuals(path))
    found = {(i.file, i.row, i.column, i.reason) for i in caught.value.issues}
    assert found == {
        ("dispatches.csv", 2, "bucket", "outside the 28-bucket week"),
        ("deliveries.csv", 3, "demand_id", "unknown demand 'D99'"),
    }
    assert _rows(team) == []


def test_a_week_stays_with_the_version_it_executed(team: Team) -> None:
    import_actuals(team.db, team.ann, sample())
    scenario = create_scenario(team.db, team.ann, "more")
    edit_scenario(team.db, team.ann, scenario.id, [{"op": "scale_demand", "factor": 1.1}])
    with pytest.raises(InvalidRequest, match="stored against live v1"):
        import_actuals(team.db, team.ann, sample(), scenario=scenario.id)
    with pytest.raises(PermissionDenied):
        import_actuals(team.db, team.vic, sample())


def test_network_hash_must_match_the_version(team: Team) -> None:
    wrong = sample().model_copy(update={"network_hash": "0" * 64})
    with pytest.raises(ActualsImportError, match="names network 000000000000"):
        import_actuals(team.db, team.ann, wrong)


def test_json_with_empty_tables_reads(tmp_path: Path) -> None:
    acts = WeekActuals(week=WEEK, drivers=(DriverActual(region="north", day=0, drivers=9),))
    path = write_actuals(acts, tmp_path / "w.json")
    assert json.loads(path.read_text())["disruptions"] == []
    assert read_actuals(path).actuals == acts


def test_cell_and_reference_problems_are_reported_together(team: Team, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    _csv(folder, "dispatches.csv", "lane_id,bucket,trucks,loaded_t\nLIL-PAR,1,x,3\nNOPE,2,1,3\n")
    _csv(folder, "drivers.csv", "region,day,drivers\nnorth,1,4\nnorth,1,5\n")
    with pytest.raises(ActualsImportError) as strict:
        read_actuals(folder, week=WEEK)
    assert len(strict.value.issues) == 2  # reading alone cannot know the lanes
    parsed = read_actuals(folder, week=WEEK, collect=True)
    with pytest.raises(ActualsImportError) as caught:
        import_actuals(team.db, team.ann, parsed)
    assert [(i.file, i.row, i.column) for i in caught.value.issues] == [
        ("dispatches.csv", 2, "trucks"),
        ("dispatches.csv", 3, "lane_id"),
        ("drivers.csv", 3, None),
    ]
    assert _rows(team) == []
