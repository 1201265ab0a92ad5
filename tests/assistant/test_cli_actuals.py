"""``lanewise actuals`` and ``lanewise simulate-week`` drive the actuals use cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tools import default_database, first_admin, read_actuals, solve_version

runner = CliRunner()
WEEK = "2026-W50"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised home (6-hub demo as live) whose live plan is solved."""
    path = tmp_path_factory.mktemp("actuals-cli")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LANEWISE_HOME", str(path / "home"))
        mp.delenv("DATABASE_URL", raising=False)
        mp.delenv("DATABASE_SCHEMA", raising=False)
        result = runner.invoke(app, ["init", "--hubs", "6", "--json"])
        assert result.exit_code == 0, result.output
        db = default_database()
        admin = first_admin(db)
        assert admin is not None
        solve_version(db, admin, "live")
    return path


@pytest.fixture
def env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LANEWISE_HOME", str(home / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_SCHEMA", raising=False)
    monkeypatch.delenv("LANEWISE_USER", raising=False)
    return home


def _json(args: list[str], code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def test_simulate_import_again_and_compare(env: Path) -> None:
    out = env / "w50.xlsx"
    sim = _json(["simulate-week", "--week", WEEK, "--seed", "4", "--outage-hub", "x"], code=1)
    assert "unknown outage hub 'x'" in sim["message"]
    sim = _json(
        [
            "simulate-week",
            "--week",
            WEEK,
            "--seed",
            "4",
            "--region-bias",
            "north=0.3",
            "--out",
            str(out),
        ]
    )
    assert sim["stored"]["settings"]["simulator"]["region_bias"] == {"north": 0.3}
    assert sim["stored"]["added"] > 0
    assert read_actuals(out).actuals.model_dump(mode="json") == sim["actuals"]
    again = _json(["actuals", "import", str(out), "--week", WEEK])
    assert (again["added"], again["updated"]) == (0, 0)
    assert again["unchanged"] == sim["stored"]["added"]
    review = _json(["actuals", "vs-plan", WEEK, "--xlsx", str(env / "review.xlsx")])
    north = next(
        b
        for b in review["report"]["demand_bias"]
        if (b["dimension"], b["key"]) == ("region", "north")
    )
    assert north["ratio"] > 1.1
    assert (env / "review.xlsx").exists()
    text = runner.invoke(app, ["actuals", "vs-plan", WEEK, "--top", "3"])
    assert text.exit_code == 0 and "Biggest deviations" in text.stdout
    weeks = _json(["actuals", "weeks"])
    assert [w["week"] for w in weeks] == [WEEK]
    one = runner.invoke(app, ["actuals", "calibrate", WEEK])
    assert one.exit_code == 0 and "at least 2 weeks" in one.stdout
    kept = _json(
        [
            *("simulate-week", "--week", "2026-W48", "--seed", "5"),
            *("--region-bias", "north=0.3", "--trucks-keep-schedule"),
        ]
    )
    assert kept["stored"]["settings"]["simulator"]["trucks_wait"] is False
    proposal = _json(["actuals", "calibrate", "--last", "2", "--name", "north up"])
    assert proposal["scenario"]["name"] == "north up" and proposal["version"]["n"] == 2
    assert ("region", "north") in {
        (e["dimension"], e["key"]) for e in proposal["calibration"]["evidence"]
    }
    assert _json(["scenario", "list"])[0]["head"] == 1  # live is untouched


def test_import_errors_are_listed_with_file_row_column(env: Path) -> None:
    folder = env / "bad"
    folder.mkdir()
    (folder / "dispatches.csv").write_text("lane_id,bucket,trucks,loaded_t\nNOPE,1,1,3\n")
    result = _json(["actuals", "import", str(folder), "--week", "2026-W51"], code=2)
    assert result["issues"] == [
        {
            "file": "dispatches.csv",
            "sheet": None,
            "row": 2,
            "column": "lane_id",
            "reason": "unknown lane 'NOPE'",
        }
    ]
    text = runner.invoke(app, ["actuals", "import", str(folder), "--week", "2026-W51"])
    assert text.exit_code == 2 and "dispatches.csv, row 2, column 'lane_id'" in text.stdout
    missing = runner.invoke(app, ["actuals", "show", "2026-W51"])
    assert missing.exit_code == 1 and "no actuals for week 2026-W51" in missing.output
