"""``lanewise replan`` answers where the network is out of balance and files the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tools import (
    SimulationSettings,
    default_database,
    first_admin,
    simulate_version_week,
    solve_version,
)

runner = CliRunner()
WEEK = "2026-W50"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised home (6-hub demo as live), solved, with a simulated week stored."""
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_SCHEMA", raising=False)
    monkeypatch.delenv("LANEWISE_USER", raising=False)
    result = runner.invoke(app, ["init", "--hubs", "6", "--json"])
    assert result.exit_code == 0, result.output
    db = default_database()
    admin = first_admin(db)
    assert admin is not None
    solve_version(db, admin, "live")
    simulate_version_week(db, admin, WEEK, SimulationSettings(seed=3, demand_sigma=0.3))
    return tmp_path


def test_replan_through_a_weekday_prints_the_balance_and_trade_off(home: Path) -> None:
    """Weekday names are read, the frozen day is said, and JSON carries the same numbers."""
    result = runner.invoke(app, ["replan", "--week", WEEK, "--through", "tue", "--by", "fri"])
    assert result.exit_code == 0, result.output
    assert f"Week {WEEK} as it stands after Tuesday" in result.output
    assert "At the start of Friday" in result.output
    assert "re-plan" in result.output and "carry on" in result.output
    result = runner.invoke(
        app, ["replan", "--week", WEEK, "--through", "1", "--no-scenario", "--json"]
    )
    data = json.loads(result.stdout)
    assert (data["through_day"], data["by_day"], data["version"]) == (1, 4, None)
    for row in data["imbalances"]:
        assert row["imbalance"] == row["projected"] - row["planned"]


def test_a_bad_day_is_named(home: Path) -> None:
    """An unreadable day names the option; a day past the week names the field."""
    result = runner.invoke(app, ["replan", "--week", WEEK, "--through", "someday"])
    assert result.exit_code != 0 and "--through" in result.output
    result = runner.invoke(app, ["replan", "--week", WEEK, "--through", "sun"])
    assert result.exit_code == 1 and "through" in result.output
