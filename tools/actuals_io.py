"""Read and write a week's actuals as a folder of CSV files, one XLSX workbook, or JSON.

The tables are those of :class:`solver.WeekActuals`: ``dispatches``, ``deliveries``,
``trailers``, ``drivers`` and ``disruptions`` (each optional: a TMS may send only some),
plus an optional ``actuals`` key/value table with ``week``, ``network_hash`` and
``source``. Columns, types and units are in ``docs/actuals-format.md``; cells are read
with the same rules (and the same code) as network files (:mod:`tools.network_io`); CSV
text cells a spreadsheet would run as formulas are written with a leading apostrophe
(:mod:`tools.csv_cells`) and read back without it.

Reading checks everything before it returns and raises one :class:`ActualsImportError`
listing every problem with file (and sheet), row, column and reason.
:func:`check_actuals_against` adds the checks that need the network executed (unknown
lanes, demands, hubs, regions; buckets and days outside the week), located the same way.

Examples
--------
>>> import tempfile, pathlib
>>> from solver import DriverActual, WeekActuals
>>> acts = WeekActuals(week="2026-W49", drivers=(DriverActual(region="north", day=0, drivers=9),))
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_actuals(acts, pathlib.Path(tmp) / "week")
...     read_actuals(path).actuals == acts
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from pydantic import BaseModel, ValidationError

from solver import (
    ACTUALS_TABLES,
    DeliveryActual,
    DispatchActual,
    Disruption,
    DriverActual,
    Network,
    TrailerActual,
    WeekActuals,
    check_actuals,
    row_key,
    week_start_iso,
)
from tools.csv_cells import unescape_cell
from tools.network_io import (
    Cell,
    ImportIssue,
    NetworkImportError,
    _blank,
    _csv_cell,
    _csv_text,
    _format_cell,
    _make_table,
    _parse_cell,
    _Table,
    _xlsx_cell,
    _xlsx_value,
    network_format,
    save_workbook,
)

__all__ = [
    "ACTUALS_HEADER",
    "ActualsFile",
    "ActualsImportError",
    "actuals_columns",
    "check_actuals_against",
    "read_actuals",
    "write_actuals",
]

ACTUALS_HEADER = "actuals"
"""The optional key/value table naming the week, the network executed and the source."""
_HEADER_KEYS = ("week", "network_hash", "source")
_ROW_MODELS: dict[str, type[BaseModel]] = {
    "dispatches": DispatchActual,
    "deliveries": DeliveryActual,
    "trailers": TrailerActual,
    "drivers": DriverActual,
    "disruptions": Disruption,
}


class ActualsImportError(NetworkImportError):
    """Actuals could not be imported; ``issues`` lists every problem found."""


@dataclass(slots=True)
class ActualsFile:
    """Actuals as read, with where each row came from (to locate later problems)."""

    actuals: WeekActuals
    where: dict[tuple[str, str], ImportIssue] = field(default_factory=dict)
    name: str = ""
    issues: list[ImportIssue] = field(default_factory=list)
    """Problems found while reading with ``collect=True``; raised by the network check."""


def actuals_columns(table: str) -> tuple[str, ...]:
    """Column names of an actuals table, in file order.

    >>> actuals_columns("drivers")
    ('region', 'day', 'drivers')
    """
    if table == ACTUALS_HEADER:
        return ("key", "value")
    return tuple(_ROW_MODELS[table].model_fields)


# --------------------------------------------------------------------------- reading


def _parse_table(
    table_name: str, table: _Table, issues: list[ImportIssue]
) -> list[tuple[int, BaseModel]]:
    model = _ROW_MODELS[table_name]
    fields = model.model_fields
    header_ok = True
    for c in table.header:
        if c not in fields:
            issues.append(table.issue(1, c or "(blank)", "unknown column"))
            header_ok = False
    for name, info in fields.items():
        if info.is_required() and name not in table.header:
            issues.append(table.issue(1, name, "required column is missing"))
            header_ok = False
    for c in sorted({c for c in table.header if table.header.count(c) > 1}):
        issues.append(table.issue(1, c, "column appears more than once"))
        header_ok = False
    if not header_ok:
        return []
    out: list[tuple[int, BaseModel]] = []
    for row_no, cells in table.rows:
        if len(cells) > len(table.header) and not _blank(cells[len(table.header) :]):
            issues.append(table.issue(row_no, None, "more cells than header columns"))
        data: dict[str, Any] = {}
        bad: set[str] = set()
        for col, value in zip(table.header, cells, strict=False):
            if value is None or (isinstance(value, str) and not value.strip()):
                if fields[col].is_required():
                    issues.append(table.issue(row_no, col, "required value is empty"))
                    bad.add(col)
                continue
            try:
                data[col] = _parse_cell(value, fields[col])
            except ValueError as exc:
                issues.append(table.issue(row_no, col, str(exc)))
                bad.add(col)
        for col in table.header[len(cells) :]:
            if fields[col].is_required():
                issues.append(table.issue(row_no, col, "required value is empty"))
                bad.add(col)
        if bad:
            continue
        try:
            out.append((row_no, model.model_validate(data)))
        except ValidationError as exc:
            for err in exc.errors():
                at = str(err["loc"][0]) if err["loc"] else _named_field(err["msg"], fields)
                got = f" (got {data[at]!r})" if at is not None and at in data else ""
                reason = str(err["msg"]).removeprefix("Value error, ")
                issues.append(table.issue(row_no, at, reason + got))
    return out


def _named_field(message: str, fields: Mapping[str, Any]) -> str | None:
    """The column a whole-row check is about: the field its message starts with."""
    words = message.removeprefix("Value error, ").split()
    return words[0] if words and words[0] in fields else None


def _parse_header(table: _Table, issues: list[ImportIssue]) -> dict[str, tuple[int, str]]:
    if table.header[:2] != ["key", "value"] or len(table.header) > 2:
        found = ",".join(table.header)
        issues.append(table.issue(1, None, f"header must be 'key,value', found {found!r}"))
        return {}
    out: dict[str, tuple[int, str]] = {}
    for row_no, cells in table.rows:
        key = "" if not cells or cells[0] is None else str(cells[0]).strip()
        value = cells[1] if len(cells) > 1 else None
        if key not in _HEADER_KEYS:
            known = ", ".join(_HEADER_KEYS)
            issues.append(table.issue(row_no, "key", f"unknown key {key!r} (known: {known})"))
        elif key in out:
            issues.append(table.issue(row_no, "key", f"{key!r} repeats row {out[key][0]}"))
        elif value is not None and str(value).strip():
            out[key] = (row_no, _csv_text(value).strip())
    return out


def _assemble(
    name: str,
    tables: Mapping[str, _Table],
    issues: list[ImportIssue],
    week: str | None,
    collect: bool,
) -> ActualsFile:
    header: dict[str, tuple[int, str]] = {}
    head_table = tables.get(ACTUALS_HEADER)
    if head_table is not None:
        header = _parse_header(head_table, issues)
    where: dict[tuple[str, str], ImportIssue] = {}
    rows: dict[str, list[BaseModel]] = {}
    for table_name in ACTUALS_TABLES:
        if table_name not in tables:
            continue
        table = tables[table_name]
        rows[table_name] = []
        for row_no, r in _parse_table(table_name, table, issues):
            key = row_key(table_name, r)
            if (table_name, key) in where:
                first = where[(table_name, key)].row
                issues.append(table.issue(row_no, None, f"key {key!r} repeats row {first}"))
            else:
                where[(table_name, key)] = table.issue(row_no, None, "")
                rows[table_name].append(r)
    if not any(t in tables for t in ACTUALS_TABLES):
        listed = ", ".join(ACTUALS_TABLES)
        issues.append(ImportIssue(name, None, None, f"no actuals table found (expected {listed})"))
    file_week = header.get("week")
    chosen = week or (file_week[1] if file_week else None)
    if chosen is None:
        issues.append(ImportIssue(name, None, None, "which week? give --week or a 'week' row"))
    elif week and file_week and file_week[1] != week:
        assert head_table is not None
        issues.append(head_table.issue(file_week[0], "value", f"week {file_week[1]} is not {week}"))
    week_ok = chosen is not None
    if chosen is not None:
        try:
            week_start_iso(chosen)
        except ValueError as exc:
            week_ok = False
            if file_week and not week:
                assert head_table is not None
                issues.append(head_table.issue(file_week[0], "value", str(exc)))
            else:
                issues.append(ImportIssue(name, None, "week", str(exc)))
    if issues and not (collect and week_ok and any(rows.values())):
        raise ActualsImportError(_ordered(issues))
    assert chosen is not None
    actuals = WeekActuals.model_validate(
        {
            "week": chosen,
            "network_hash": header.get("network_hash", (0, ""))[1],
            "source": header.get("source", (0, ""))[1],
            **rows,
        }
    )
    return ActualsFile(actuals=actuals.canonical(), where=where, name=name, issues=list(issues))


def _ordered(issues: Sequence[ImportIssue]) -> list[ImportIssue]:
    order = {t: i for i, t in enumerate((ACTUALS_HEADER, *ACTUALS_TABLES))}

    def key(i: ImportIssue) -> tuple[int, int, int]:
        stem = i.sheet or Path(i.file).name.removesuffix(".csv")
        return (order.get(stem, -1), i.row or 0, 0 if i.column is None else 1)

    return sorted(dict.fromkeys(issues), key=key)


def _read_csv(folder: Path) -> tuple[dict[str, _Table], list[ImportIssue]]:
    tables: dict[str, _Table] = {}
    issues: list[ImportIssue] = []
    for table in (ACTUALS_HEADER, *ACTUALS_TABLES):
        path = folder / f"{table}.csv"
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            raw = [
                [unescape_cell(cell) for cell in row]
                for row in csv.reader(io.StringIO(text, newline=""))
            ]
        except UnicodeDecodeError as exc:
            issues.append(ImportIssue(path.name, None, None, f"not UTF-8 text ({exc.reason})"))
            continue
        except csv.Error as exc:
            issues.append(ImportIssue(path.name, None, None, f"not valid CSV: {exc}"))
            continue
        parsed, problems = _make_table(path.name, None, raw)
        issues.extend(problems)
        if parsed is not None:
            tables[table] = parsed
    return tables, issues


def _read_xlsx(path: Path) -> tuple[dict[str, _Table], list[ImportIssue]]:
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        return {}, [ImportIssue(path.name, None, None, f"not a readable XLSX workbook: {exc}")]
    tables: dict[str, _Table] = {}
    issues: list[ImportIssue] = []
    try:
        for table in (ACTUALS_HEADER, *ACTUALS_TABLES):
            if table not in wb.sheetnames:
                continue
            cells = ([_xlsx_cell(v) for v in row] for row in wb[table].iter_rows(values_only=True))
            parsed, problems = _make_table(path.name, table, cells)
            issues.extend(problems)
            if parsed is not None:
                tables[table] = parsed
    finally:
        wb.close()
    return tables, issues


def _read_json(path: Path) -> tuple[dict[str, _Table], list[ImportIssue]]:
    """JSON lists of objects become tables; row numbers count list entries from 1."""
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        return {}, [ImportIssue(name, None, None, f"not UTF-8 ({exc.reason})")]
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        return {}, [ImportIssue(name, None, None, reason)]
    if not isinstance(data, dict):
        return {}, [ImportIssue(name, None, None, "must be a JSON object")]
    issues: list[ImportIssue] = []
    tables: dict[str, _Table] = {}
    known = {*_HEADER_KEYS, *ACTUALS_TABLES}
    for key in sorted(set(data) - known):
        issues.append(ImportIssue(name, None, key, "unknown field"))
    head = [[k, data[k]] for k in _HEADER_KEYS if k in data]
    tables[ACTUALS_HEADER] = _Table(
        name, ACTUALS_HEADER, ["key", "value"], list(enumerate(head, 2))
    )
    for table in ACTUALS_TABLES:
        if table not in data:
            continue
        entries = data[table]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            issues.append(ImportIssue(name, None, None, "must be a list of objects", table))
            continue
        header = list(dict.fromkeys(k for e in entries for k in e)) or list(actuals_columns(table))
        rows = [(i, [_json_cell(e.get(c)) for c in header]) for i, e in enumerate(entries, start=1)]
        tables[table] = _Table(name, table, header, rows)
    return tables, issues


def _json_cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value)


def read_actuals(
    path: str | Path, week: str | None = None, *, collect: bool = False
) -> ActualsFile:
    """Read actuals from a CSV folder, an ``.xlsx`` workbook or a ``.json`` file.

    ``week`` (ISO, e.g. ``2026-W49``) is required unless the file names it; when both
    do, they must agree. With ``collect=True`` problems in rows are kept in
    :attr:`ActualsFile.issues` (with the rows that did read) instead of raised, so
    :func:`check_actuals_against` reports them together with the network's.

    Raises
    ------
    ActualsImportError
        Every problem found (file, sheet, row, column, reason); nothing is returned.
        With ``collect=True`` only when the week is unknown or no row reads.
    """
    target = Path(path)
    if not target.exists():
        raise ActualsImportError([ImportIssue(str(target), None, None, "no such file or folder")])
    fmt = network_format(target)
    if fmt == "xlsx":
        tables, issues = _read_xlsx(target)
    elif fmt == "json":
        tables, issues = _read_json(target)
    elif target.is_dir():
        tables, issues = _read_csv(target)
    else:
        reason = "expected a folder of CSV files, .xlsx or .json"
        raise ActualsImportError([ImportIssue(str(target), None, None, reason)])
    return _assemble(target.name, tables, issues, week, collect)


def check_actuals_against(network: Network, parsed: ActualsFile) -> None:
    """Check actuals against the network executed; every problem located by file and row.

    Raises
    ------
    ActualsImportError
        For unknown lanes, demands, hubs or regions, buckets or days outside the week,
        or a ``network_hash`` that is not the network's, together with the problems the
        reading collected.
    """
    issues: list[ImportIssue] = list(parsed.issues)
    for problem in check_actuals(network, parsed.actuals):
        loc = parsed.where.get((problem.entity, problem.entity_id))
        if loc is not None:
            issues.append(ImportIssue(loc.file, loc.row, problem.field, problem.reason, loc.sheet))
        else:
            issues.append(ImportIssue(parsed.name, None, problem.field, problem.reason))
    if issues:
        raise ActualsImportError(_ordered(issues))


# --------------------------------------------------------------------------- writing


def _tables(actuals: WeekActuals) -> dict[str, list[list[Cell]]]:
    canonical = actuals.canonical()
    out: dict[str, list[list[Cell]]] = {
        ACTUALS_HEADER: [
            ["key", "value"],
            ["week", canonical.week],
            ["network_hash", canonical.network_hash],
            ["source", canonical.source],
        ]
    }
    for table in ACTUALS_TABLES:
        cols = actuals_columns(table)
        out[table] = [
            list[Cell](cols),
            *(
                [_format_cell(r.model_dump(mode="python")[c]) for c in cols]
                for r in canonical.rows(table)
            ),
        ]
    return out


def write_actuals(actuals: WeekActuals, path: str | Path) -> Path:
    """Write actuals as a CSV folder, an ``.xlsx`` workbook or a ``.json`` file (by path).

    Deterministic: the same actuals give the same bytes; reading them back gives equal
    actuals.
    """
    target = Path(path)
    fmt = network_format(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        text = json.dumps(actuals.canonical().model_dump(mode="json"), indent=2, sort_keys=True)
        target.write_text(text + "\n", encoding="utf-8")
        return target
    tables = _tables(actuals)
    if fmt == "xlsx":
        wb = openpyxl.Workbook()
        bold = Font(bold=True)
        for i, (name, rows) in enumerate(tables.items()):
            ws = wb.active if i == 0 else wb.create_sheet()
            assert ws is not None
            ws.title = name
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    cell = ws.cell(row=r, column=c, value=_xlsx_value(value))
                    if isinstance(value, str):
                        cell.data_type = "s"
                    if r == 1:
                        cell.font = bold
            ws.freeze_panes = "A2"
        return save_workbook(wb, target)
    if target.exists() and not target.is_dir():
        reason = "exists and is not a folder (CSV export)"
        raise ActualsImportError([ImportIssue(str(target), None, None, reason)])
    target.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
        (target / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return target
