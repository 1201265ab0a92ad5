"""``lanewise solve``: solve a network file, print JSON KPIs, export the plan."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from tools import demo_network, evaluate, read_plan, write_network

runner = CliRunner()


def test_solve_json_and_export_agree(tmp_path: Path) -> None:
    """--json prints objective, bound, gap, seconds and KPIs; the export evaluates to them.

    With neighbourhood-search rounds, so the searched plan is the one printed and exported.
    """
    net = demo_network(hubs=6, seed=1)
    path = write_network(net, tmp_path / "net.json")
    out_dir = tmp_path / "plan"
    args = ["--time-limit", "300", "--search-rounds", "2", "--json", "--export", str(out_dir)]
    result = runner.invoke(app, ["solve", str(path), *args])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["status"] in ("optimal", "feasible")
    for key in ("objective_eur", "best_bound_eur", "gap", "seconds", "ortools_version"):
        assert data[key] is not None
    assert data["best_bound_eur"] <= data["objective_eur"] + 1e-6
    kpis = evaluate(net, read_plan(out_dir)).kpis
    assert abs(kpis.total_cost_eur - data["objective_eur"]) < 0.01
    assert data["kpis"]["service_level"] == kpis.service_level


def test_unreadable_network_exits_2_naming_the_path(tmp_path: Path) -> None:
    """A missing network file is reported with its path and exit code 2."""
    result = runner.invoke(app, ["solve", str(tmp_path / "none.json"), "--json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "none.json" in data["error"]


def test_invalid_gap_exits_2(tmp_path: Path) -> None:
    """A gap above 1 is refused with the option named."""
    path = write_network(demo_network(hubs=5, seed=1), tmp_path / "net.json")
    result = runner.invoke(app, ["solve", str(path), "--gap", "3", "--json"])
    assert result.exit_code == 2
    assert "relative_gap" in result.stdout


def test_solve_says_plan_quality_in_words(tmp_path: Path) -> None:
    """The table says how far from the best possible plan; --json keeps the numbers beside it."""
    path = write_network(demo_network(hubs=6, seed=1), tmp_path / "net.json")
    shown = runner.invoke(app, ["solve", str(path), "--time-limit", "300"])
    assert shown.exit_code == 0, shown.stdout
    text = " ".join(re.sub(r"[│┃┌┐└┘├┤┬┴┼─━┏┓┗┛]", " ", shown.stdout).split())  # unwrap cells
    assert "the best possible plan" in text
    for old in ("best bound", "LP bound", "gap"):
        assert old not in text
    data = json.loads(runner.invoke(app, ["solve", str(path), "--json"]).stdout)
    assert "the best possible plan" in data["quality"]
    assert data["status"] == "optimal" or not data["quality"].startswith("proven")
    assert data["gap"] is not None and data["best_bound_eur"] <= data["objective_eur"] + 1e-6


def test_solve_json_from_a_real_process_is_one_json_document(tmp_path: Path) -> None:
    """``lanewise solve --json`` run as a process prints only JSON on stdout (what the
    solver's native code prints goes to stderr)."""
    path = write_network(demo_network(hubs=5, seed=2), tmp_path / "net.json")
    lanewise = Path(sys.executable).with_name("lanewise")
    done = subprocess.run(
        [str(lanewise), "solve", str(path), "--json", "--time-limit", "300"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["objective_eur"] > 0
