"""Export a plan the way a TMS imports it (CSV folder, XLSX workbook, JSON) and read it back.

Tables (documented column by column in ``docs/plan-format.md``):

- ``plan``: the plan's identity (format version, network hash, calendar) as key/value rows;
- ``lane_buckets``: per lane and departure bucket the trucks, empty trailers and tonnes;
- ``legs``: per demand, shipment and leg the lane, departure and arrival buckets, tonnes;
- ``demands``: per demand the volume and the tonnes on time, late and unserved;
- ``kpis``: the evaluation's KPIs; ``violations``: every violation with its entities.

Export is deterministic (same plan, same bytes, XLSX included) and lossless for the
plan: :func:`read_plan` rebuilds an equal :class:`~solver.Plan`, which evaluates to the
same KPIs. Descriptive columns (names, days, times, KPIs) are written for people and
ignored on reading.

Examples
--------
>>> import tempfile, pathlib
>>> from solver import Plan
>>> from solver.demo import demo_network
>>> net = demo_network(hubs=5, seed=1)
>>> plan = Plan(network_hash=net.content_hash(), n_buckets=28, buckets_per_day=4)
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = write_plan(net, plan, pathlib.Path(tmp) / "plan")
...     read_plan(folder) == plan.canonical()
True
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from pydantic import BaseModel, ValidationError

from solver import DAY_NAMES, DemandPlan, Evaluation, LaneBucket, Leg, Network, Plan, Shipment
from solver import evaluate as evaluate_plan
from tools.csv_cells import escape_cell, unescape_cell
from tools.file_limits import zip_problems
from tools.network_io import Cell, ImportIssue, network_format, save_workbook

PLAN_TABLES: tuple[str, ...] = (
    "plan",
    "lane_buckets",
    "legs",
    "demands",
    "kpis",
    "violations",
)
"""Tables of an exported plan, in file / sheet order."""

LANE_BUCKET_COLUMNS = (
    "lane_id",
    "origin",
    "destination",
    "carrier",
    "bucket",
    "departs",
    "trucks",
    "empty_trailers",
    "loaded_t",
    "capacity_t",
    "fill",
)
LEG_COLUMNS = (
    "demand_id",
    "shipment",
    "leg",
    "lane_id",
    "origin",
    "destination",
    "depart_bucket",
    "arrive_bucket",
    "departs",
    "arrives",
    "tonnes",
)
DEMAND_COLUMNS = (
    "demand_id",
    "origin",
    "destination",
    "release_day",
    "volume_t",
    "shipped_t",
    "on_time_t",
    "late_t",
    "unserved_t",
    "planned",
)
KPI_COLUMNS = ("kpi", "value")
VIOLATION_COLUMNS = ("kind", "hard", "entities", "day", "amount", "unit", "message")
PLAN_COLUMNS = ("key", "value")


class PlanImportError(ValueError):
    """A plan export could not be read; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = list(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{len(self.issues)} problem(s) reading the plan:\n{lines}")


def bucket_label(bucket: int, buckets_per_day: int, n_buckets: int) -> str:
    """Human time of a (possibly unwrapped) bucket start, e.g. ``Tue 06:00 (+1 week)``.

    >>> bucket_label(5, 4, 28), bucket_label(29, 4, 28)
    ('Tue 06:00', 'Mon 06:00 (+1 week)')
    """
    week, b = divmod(bucket, n_buckets)
    day, slot = divmod(b, buckets_per_day)
    minutes = round(slot * 24 * 60 / buckets_per_day)
    text = f"{DAY_NAMES[day % 7][:3]} {minutes // 60:02d}:{minutes % 60:02d}"
    return text + (f" (+{week} week{'s' if week > 1 else ''})" if week else "")


def plan_tables(
    network: Network, plan: Plan, evaluation: Evaluation | None = None
) -> dict[str, list[list[Cell]]]:
    """All export tables as rows (header first), for ``plan`` evaluated on ``network``."""
    ev = evaluation or evaluate_plan(network, plan)
    plan = plan.canonical()
    bpd, nb = plan.buckets_per_day, plan.n_buckets
    lanes = network.lane_by_id
    hubs = network.hub_by_id

    def hub_name(hub_id: str | None) -> str:
        hub = hubs.get(hub_id or "")
        return hub.name if hub is not None else (hub_id or "")

    lb_rows: list[list[Cell]] = [list(LANE_BUCKET_COLUMNS)]
    for r in plan.lane_buckets:
        lane = lanes.get(r.lane_id)
        cap = r.trucks * lane.truck_capacity_t if lane is not None else None
        lb_rows.append(
            [
                r.lane_id,
                hub_name(lane.origin if lane else None),
                hub_name(lane.destination if lane else None),
                lane.carrier.value if lane else "",
                r.bucket,
                bucket_label(r.bucket, bpd, nb),
                r.trucks,
                r.empty_trailers,
                r.loaded_t,
                cap,
                round(r.loaded_t / cap, 4) if cap else None,
            ]
        )
    leg_rows: list[list[Cell]] = [list(LEG_COLUMNS)]
    for dp in plan.demands:
        for s_no, shipment in enumerate(dp.shipments, start=1):
            for l_no, leg in enumerate(shipment.legs, start=1):
                lane = lanes.get(leg.lane_id)
                leg_rows.append(
                    [
                        dp.demand_id,
                        s_no,
                        l_no,
                        leg.lane_id,
                        hub_name(lane.origin if lane else None),
                        hub_name(lane.destination if lane else None),
                        leg.depart_bucket,
                        leg.arrive_bucket,
                        bucket_label(leg.depart_bucket, bpd, nb),
                        bucket_label(leg.arrive_bucket, bpd, nb),
                        shipment.tonnes,
                    ]
                )
    outcome = {o.demand_id: o for o in ev.demands}
    stated = {dp.demand_id: dp for dp in plan.demands}
    demand_rows: list[list[Cell]] = [list(DEMAND_COLUMNS)]
    for did in sorted(set(stated) | set(outcome)):
        d = network.demand_by_id.get(did)
        o = outcome.get(did)
        stated_dp = stated.get(did)
        demand_rows.append(
            [
                did,
                hub_name(d.origin) if d else "",
                hub_name(d.destination) if d else "",
                DAY_NAMES[d.release_day % 7] if d else "",
                d.volume_t if d else None,
                stated_dp.shipped_t if stated_dp else 0.0,
                o.on_time_t if o else None,
                stated_dp.late_t if stated_dp else (o.late_t if o else 0.0),
                stated_dp.unserved_t if stated_dp else (o.unserved_t if o else 0.0),
                stated_dp is not None,
            ]
        )
    kpi_rows: list[list[Cell]] = [list(KPI_COLUMNS)]
    for key, value in ev.kpis.model_dump().items():
        kpi_rows.append([key, value])
    violation_rows: list[list[Cell]] = [list(VIOLATION_COLUMNS)]
    for v in ev.violations:
        violation_rows.append(
            [v.kind.value, v.hard, " ".join(v.entities), v.day, v.amount, v.unit, v.message]
        )
    head: list[list[Cell]] = [
        list(PLAN_COLUMNS),
        ["format_version", plan.format_version],
        ["network_hash", plan.network_hash],
        ["n_buckets", plan.n_buckets],
        ["buckets_per_day", plan.buckets_per_day],
    ]
    return {
        "plan": head,
        "lane_buckets": lb_rows,
        "legs": leg_rows,
        "demands": demand_rows,
        "kpis": kpi_rows,
        "violations": violation_rows,
    }


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_plan_csv(
    network: Network, plan: Plan, folder: str | Path, evaluation: Evaluation | None = None
) -> Path:
    """Write one CSV per table (``lane_buckets.csv``, ``legs.csv`` ...) into ``folder``."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for table, rows in plan_tables(network, plan, evaluation).items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([escape_cell(v) if isinstance(v, str) else _csv_text(v) for v in row])
        (path / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_plan_xlsx(
    network: Network, plan: Plan, path: str | Path, evaluation: Evaluation | None = None
) -> Path:
    """Write one workbook with a sheet per table; the same plan gives the same bytes."""
    target = Path(path)
    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    first = True
    for name, rows in plan_tables(network, plan, evaluation).items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = name
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if r == 1:
                    cell.font = bold
        ws.freeze_panes = "A2"
    return save_workbook(wb, target)


def write_plan_json(
    network: Network, plan: Plan, path: str | Path, evaluation: Evaluation | None = None
) -> Path:
    """Write ``{"plan": ..., "kpis": ..., "violations": [...]}`` as indented JSON."""
    ev = evaluation or evaluate_plan(network, plan)
    data = {
        "plan": plan.canonical().model_dump(mode="json"),
        "kpis": ev.kpis.model_dump(mode="json"),
        "violations": [v.model_dump(mode="json") for v in ev.violations],
    }
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def write_plan(
    network: Network, plan: Plan, path: str | Path, evaluation: Evaluation | None = None
) -> Path:
    """Write a plan as a CSV folder, an ``.xlsx`` workbook or a ``.json`` file (by path).

    Raises
    ------
    PlanImportError
        If ``path`` is an existing file but names a CSV folder export.
    """
    target = Path(path)
    fmt = network_format(target)
    if fmt == "xlsx":
        return write_plan_xlsx(network, plan, target, evaluation)
    if fmt == "json":
        return write_plan_json(network, plan, target, evaluation)
    if target.exists() and not target.is_dir():
        raise PlanImportError(
            [ImportIssue(str(target), None, None, "exists and is not a folder (CSV export)")]
        )
    return write_plan_csv(network, plan, target, evaluation)


# --------------------------------------------------------------------------- reading

_Rows = list[dict[str, str]]


def _read_csv(folder: Path, issues: list[ImportIssue]) -> dict[str, tuple[str, _Rows]]:
    tables: dict[str, tuple[str, _Rows]] = {}
    for table in ("plan", "lane_buckets", "legs", "demands"):
        file = folder / f"{table}.csv"
        if not file.exists():
            issues.append(ImportIssue(str(file), None, None, "missing"))
            continue
        with file.open(encoding="utf-8", newline="") as fh:
            rows = [
                {k: unescape_cell(v) if isinstance(v, str) else v for k, v in row.items()}
                for row in csv.DictReader(fh)
            ]
            tables[table] = (str(file), rows)
    return tables


def _read_xlsx(path: Path, issues: list[ImportIssue]) -> dict[str, tuple[str, _Rows]]:
    limits = zip_problems(path)
    if limits:
        issues.extend(ImportIssue(str(path), None, None, reason) for reason in limits)
        return {}
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        issues.append(ImportIssue(str(path), None, None, f"not a readable workbook: {exc}"))
        return {}
    tables: dict[str, tuple[str, _Rows]] = {}
    for table in ("plan", "lane_buckets", "legs", "demands"):
        if table not in wb.sheetnames:
            issues.append(ImportIssue(str(path), None, None, "missing sheet", sheet=table))
            continue
        rows = list(wb[table].iter_rows(values_only=True))
        header = [str(h) if h is not None else "" for h in (rows[0] if rows else ())]
        tables[table] = (
            f"{path}[{table}]",
            [
                {h: "" if v is None else _csv_text(v) for h, v in zip(header, row, strict=False)}
                for row in rows[1:]
                if any(v is not None for v in row)
            ],
        )
    wb.close()
    return tables


def _parse(
    model: type[BaseModel],
    data: dict[str, Any],
    file: str,
    row: int | None,
    issues: list[ImportIssue],
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            column = ".".join(str(p) for p in err["loc"]) or None
            issues.append(ImportIssue(file, row, column, err["msg"]))
        return None


def _cells(row: dict[str, str], names: Iterable[str]) -> dict[str, str]:
    return {n: row.get(n, "") for n in names}


def _plan_from_tables(tables: dict[str, tuple[str, _Rows]], issues: list[ImportIssue]) -> Plan:
    head: dict[str, str] = {}
    if "plan" in tables:
        head = {r.get("key", ""): r.get("value", "") for r in tables["plan"][1]}
    lane_buckets: list[LaneBucket] = []
    if "lane_buckets" in tables:
        file, rows = tables["lane_buckets"]
        for i, r in enumerate(rows, start=2):
            lb = _parse(
                LaneBucket,
                _cells(r, ("lane_id", "bucket", "trucks", "loaded_t", "empty_trailers")),
                file,
                i,
                issues,
            )
            if lb is not None:
                lane_buckets.append(lb)
    shipments: dict[str, dict[int, list[tuple[int, Leg, str, int]]]] = {}
    if "legs" in tables:
        file, rows = tables["legs"]
        for i, r in enumerate(rows, start=2):
            leg = _parse(
                Leg, _cells(r, ("lane_id", "depart_bucket", "arrive_bucket")), file, i, issues
            )
            try:
                s_no, l_no = int(r.get("shipment", "")), int(r.get("leg", ""))
            except ValueError:
                issues.append(ImportIssue(file, i, "shipment", "shipment and leg must be integers"))
                continue
            if leg is not None:
                by_ship = shipments.setdefault(r.get("demand_id", ""), {})
                by_ship.setdefault(s_no, []).append((l_no, leg, r.get("tonnes", ""), i))
    demands: list[DemandPlan] = []
    seen: set[str] = set()
    legs_file = tables["legs"][0] if "legs" in tables else "legs"
    if "demands" in tables:
        file, rows = tables["demands"]
        for i, r in enumerate(rows, start=2):
            did = r.get("demand_id", "")
            if r.get("planned", "true").strip().lower() == "false":
                continue  # listed for people: a demand the plan does not mention
            seen.add(did)
            ships = []
            for s_no in sorted(shipments.get(did, {})):
                parts = sorted(shipments[did][s_no], key=lambda p: p[0])
                tonnes = {p[2] for p in parts}
                if len(tonnes) != 1:
                    issues.append(
                        ImportIssue(
                            legs_file,
                            parts[0][3],
                            "tonnes",
                            "legs of one shipment differ in tonnes",
                        )
                    )
                    continue
                ship = _parse(
                    Shipment,
                    {"tonnes": tonnes.pop(), "legs": [p[1] for p in parts]},
                    legs_file,
                    parts[0][3],
                    issues,
                )
                if ship is not None:
                    ships.append(ship)
            dp = _parse(
                DemandPlan,
                {
                    "demand_id": did,
                    "shipments": ships,
                    "late_t": r.get("late_t", "") or 0.0,
                    "unserved_t": r.get("unserved_t", "") or 0.0,
                },
                file,
                i,
                issues,
            )
            if dp is not None:
                demands.append(dp)
    for did in sorted(set(shipments) - seen):
        issues.append(
            ImportIssue(legs_file, None, "demand_id", f"demand {did!r} has legs but no demands row")
        )
    plan = _parse(
        Plan,
        {
            "format_version": head.get("format_version", ""),
            "network_hash": head.get("network_hash", ""),
            "n_buckets": head.get("n_buckets", ""),
            "buckets_per_day": head.get("buckets_per_day", ""),
            "lane_buckets": lane_buckets,
            "demands": demands,
        },
        tables["plan"][0] if "plan" in tables else "plan",
        None,
        issues,
    )
    if issues or plan is None:
        raise PlanImportError(issues)
    canonical: Plan = plan.canonical()
    return canonical


def read_plan(path: str | Path) -> Plan:
    """Read a plan exported by :func:`write_plan` (CSV folder, ``.xlsx`` or ``.json``).

    Raises
    ------
    PlanImportError
        Every problem found (file or sheet, row, column, reason); nothing is returned.
    """
    target = Path(path)
    if not target.exists():
        raise PlanImportError([ImportIssue(str(target), None, None, "no such file or folder")])
    fmt = network_format(target)
    issues: list[ImportIssue] = []
    if fmt == "json":
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise PlanImportError(
                [ImportIssue(str(target), None, None, f"invalid JSON: {exc}")]
            ) from None
        body = data.get("plan", data) if isinstance(data, dict) else data
        plan = _parse(Plan, body, str(target), None, issues)
        if issues or plan is None:
            raise PlanImportError(issues)
        canonical: Plan = plan.canonical()
        return canonical
    if fmt == "xlsx":
        tables = _read_xlsx(target, issues)
    elif target.is_dir():
        tables = _read_csv(target, issues)
    else:
        raise PlanImportError(
            [ImportIssue(str(target), None, None, "expected a folder of CSV files, .xlsx or .json")]
        )
    if issues:
        raise PlanImportError(issues)
    return _plan_from_tables(tables, issues)


__all__ = [
    "PLAN_TABLES",
    "PlanImportError",
    "bucket_label",
    "plan_tables",
    "read_plan",
    "write_plan",
    "write_plan_csv",
    "write_plan_json",
    "write_plan_xlsx",
]
