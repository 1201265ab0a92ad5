"""A week's plan-vs-actual review as an XLSX workbook, for people who live in spreadsheets.

Sheets: ``summary`` (the week, the version, the network totals), ``deviations`` (every row,
biggest deviation first), ``demand_bias``, ``transit_bias`` and ``hub_throughput``. The
same review gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from solver import Bias, DeviationRow
from tools.network_io import Cell, save_workbook
from tools.plan_vs_actual import WeekReview

__all__ = ["DEVIATION_COLUMNS", "write_week_review_xlsx"]

DEVIATION_COLUMNS: tuple[str, ...] = (
    "dimension",
    "key",
    "label",
    "planned_t",
    "actual_t",
    "deviation_t",
    "deviation_share",
    "planned_trucks",
    "actual_trucks",
    "planned_empties",
    "actual_empties",
    "planned_cost_eur",
    "actual_cost_eur",
    "planned_on_time",
    "actual_on_time",
)
_BIAS_COLUMNS = ("dimension", "key", "planned", "actual", "ratio", "observations")
_HUB_COLUMNS = (
    "hub_id",
    "label",
    "capacity_t_per_day",
    "planned_peak_t",
    "actual_peak_t",
    "planned_days_over",
    "actual_days_over",
)


def _deviation(row: DeviationRow) -> list[Cell]:
    data = row.model_dump(mode="json")
    return [data[c] for c in DEVIATION_COLUMNS]


def _bias(row: Bias) -> list[Cell]:
    data = row.model_dump(mode="json")
    return [data[c] for c in _BIAS_COLUMNS]


def write_week_review_xlsx(review: WeekReview, path: str | Path) -> Path:
    """Write the review to ``path`` (an ``.xlsx`` file; parent folders are created)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    report = review.report
    version = review.version
    sheets: dict[str, list[list[Cell]]] = {
        "summary": [
            ["key", "value"],
            ["week", report.week],
            ["scenario", version.scenario_name],
            ["version", version.n],
            ["network_hash", version.network_hash],
            *([c, v] for c, v in zip(DEVIATION_COLUMNS, _deviation(report.totals), strict=True)),
        ],
        "deviations": [list(DEVIATION_COLUMNS), *(_deviation(r) for r in report.rows)],
        "demand_bias": [list(_BIAS_COLUMNS), *(_bias(b) for b in report.demand_bias)],
        "transit_bias": [list(_BIAS_COLUMNS), *(_bias(b) for b in report.transit_bias)],
        "hub_throughput": [
            list(_HUB_COLUMNS),
            *([h.model_dump(mode="json")[c] for c in _HUB_COLUMNS] for h in report.hub_throughput),
        ],
    }
    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    for i, (name, rows) in enumerate(sheets.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = name
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if r == 1:
                    cell.font = bold
        ws.freeze_panes = "A2"
    return save_workbook(wb, target)
