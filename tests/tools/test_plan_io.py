"""Plan export (CSV folder, XLSX, JSON) reads back to the same plan and the same KPIs."""

from __future__ import annotations

from pathlib import Path

import pytest

from solver import Network, SolveSettings, evaluate
from solver.demo import demo_network
from tools.network_solve import NetworkSolve, solve_network
from tools.plan_io import PlanImportError, read_plan, write_plan


@pytest.fixture(scope="module")
def solved() -> tuple[Network, NetworkSolve]:
    """An 8-hub demo network and its solve (a couple of seconds)."""
    net = demo_network(hubs=8, seed=2)
    return net, solve_network(net, SolveSettings(time_limit_s=10, relative_gap=0.01))


@pytest.mark.parametrize("name", ["plan", "plan.xlsx", "plan.json"])
def test_round_trip_same_plan_and_kpis(
    solved: tuple[Network, NetworkSolve], tmp_path: Path, name: str
) -> None:
    """A plan read back from its export equals it and evaluates to identical KPIs."""
    net, run = solved
    assert run.result.plan is not None and run.evaluation is not None
    path = write_plan(net, run.result.plan, tmp_path / name)
    back = read_plan(path)
    assert back == run.result.plan.canonical()
    assert evaluate(net, back).kpis == run.evaluation.kpis


def test_csv_folder_has_the_documented_tables(
    solved: tuple[Network, NetworkSolve], tmp_path: Path
) -> None:
    """The CSV export holds plan, lane_buckets, legs, demands, kpis and violations files."""
    net, run = solved
    assert run.result.plan is not None
    folder = write_plan(net, run.result.plan, tmp_path / "out")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "demands.csv",
        "kpis.csv",
        "lane_buckets.csv",
        "legs.csv",
        "plan.csv",
        "violations.csv",
    ]
    kpis = dict(line.split(",", 1) for line in (folder / "kpis.csv").read_text().splitlines()[1:])
    assert float(kpis["total_cost_eur"]) == pytest.approx(run.result.objective_eur, abs=0.005)


def test_xlsx_export_is_byte_identical(
    solved: tuple[Network, NetworkSolve], tmp_path: Path
) -> None:
    """Exporting the same plan twice gives the same workbook bytes."""
    net, run = solved
    assert run.result.plan is not None
    a = write_plan(net, run.result.plan, tmp_path / "a.xlsx").read_bytes()
    b = write_plan(net, run.result.plan, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_broken_csv_names_file_row_and_column(
    solved: tuple[Network, NetworkSolve], tmp_path: Path
) -> None:
    """A non-numeric truck count is reported with its file, row and column."""
    net, run = solved
    assert run.result.plan is not None
    folder = write_plan(net, run.result.plan, tmp_path / "bad")
    lines = (folder / "lane_buckets.csv").read_text().splitlines()
    cells = lines[1].split(",")
    cells[6] = "many"
    lines[1] = ",".join(cells)
    (folder / "lane_buckets.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(PlanImportError) as err:
        read_plan(folder)
    issue = err.value.issues[0]
    assert issue.file.endswith("lane_buckets.csv") and issue.row == 2 and issue.column == "trucks"


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    """Reading a path that does not exist fails with the path in the message."""
    with pytest.raises(PlanImportError, match="no such file"):
        read_plan(tmp_path / "nothing")
