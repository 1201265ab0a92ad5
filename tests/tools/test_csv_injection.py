"""CSV exports hold no cell a spreadsheet would run as a formula, and read back exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from solver import (
    DeliveryActual,
    DispatchActual,
    Disruption,
    DriverActual,
    Network,
    SolveSettings,
    TrailerActual,
    WeekActuals,
    parse_network,
)
from solver.demo import demo_network
from tools.actuals_io import read_actuals, write_actuals
from tools.csv_cells import FORMULA_PREFIXES, escape_cell, unescape_cell
from tools.network_io import read_network, write_network
from tools.network_solve import solve_network
from tools.plan_io import read_plan, write_plan

HOSTILE = [
    '=HYPERLINK("http://evil.example","Lyon")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted",
    "'s-Hertogenbosch",
]


@pytest.fixture(scope="module")
def hostile() -> Network:
    """A small demo network whose hub names and customers start like formulas."""
    net = demo_network(hubs=6, seed=3)
    hubs = [
        h.model_copy(update={"name": HOSTILE[i % len(HOSTILE)] + f" {i}"})
        for i, h in enumerate(net.hubs)
    ]
    demands = [
        d.model_copy(update={"customer": HOSTILE[i % len(HOSTILE)]})
        for i, d in enumerate(net.demands)
    ]
    data = net.model_dump(mode="json")
    data["hubs"] = [h.model_dump(mode="json") for h in hubs]
    data["demands"] = [d.model_dump(mode="json") for d in demands]
    return parse_network(data)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _formula_cells(folder: Path) -> list[tuple[str, str]]:
    """Cells a spreadsheet opening the CSV files would evaluate as formulas."""
    found = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                found.extend(
                    (path.name, cell)
                    for cell in row
                    if cell.startswith(FORMULA_PREFIXES) and not _is_number(cell)
                )
    return found


def test_escape_round_trips_and_leaves_plain_text_alone() -> None:
    for text in [*HOSTILE, "Lyon", "", "'", "''", "'x", "-5", "\tx", "\rx"]:
        assert unescape_cell(escape_cell(text)) == text
    assert escape_cell("Lyon") == "Lyon" and escape_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert escape_cell("=1+1") == "'=1+1"


def test_network_csv_export_holds_no_formulas_and_reads_back(
    hostile: Network, tmp_path: Path
) -> None:
    folder = write_network(hostile, tmp_path / "net")
    assert _formula_cells(folder) == []
    hubs = (folder / "hubs.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in hubs and "'+cmd" in hubs
    assert read_network(folder).content_hash() == hostile.content_hash()


def test_plan_csv_export_holds_no_formulas_and_reads_back(hostile: Network, tmp_path: Path) -> None:
    run = solve_network(hostile, SolveSettings(time_limit_s=10, relative_gap=0.05))
    assert run.result.plan is not None
    folder = write_plan(hostile, run.result.plan, tmp_path / "plan", run.evaluation)
    assert _formula_cells(folder) == []
    assert any("'=HYPERLINK" in p.read_text(encoding="utf-8") for p in folder.glob("*.csv"))
    assert read_plan(folder) == run.result.plan.canonical()


def test_actuals_csv_export_holds_no_formulas_and_reads_back(tmp_path: Path) -> None:
    """Actuals whose ids, reasons and source start like formulas are exported as text cells
    a spreadsheet shows verbatim, and the export reads back to the same actuals."""
    acts = WeekActuals(
        week="2026-W49",
        source=HOSTILE[0],
        dispatches=(DispatchActual(lane_id=HOSTILE[1], bucket=3, trucks=2, loaded_t=30.5),),
        deliveries=(DeliveryActual(demand_id=HOSTILE[2], picked_up_t=12.0, delivered_t=0.0),),
        trailers=(TrailerActual(hub=HOSTILE[3], day=1, trailers=4),),
        drivers=(DriverActual(region=HOSTILE[4], day=2, drivers=9),),
        disruptions=(Disruption(kind="hub", entity=HOSTILE[5], day=0, hours=6.0, reason="-2+3"),),
    )
    folder = write_actuals(acts, tmp_path / "week")
    assert _formula_cells(folder) == []
    assert "'=HYPERLINK" in (folder / "actuals.csv").read_text(encoding="utf-8")
    assert "'-2+3" in (folder / "disruptions.csv").read_text(encoding="utf-8")
    assert read_actuals(folder).actuals == acts
