"""Read and write networks as a folder of CSV files, one XLSX workbook, or JSON.

The tables are those of :class:`solver.Network`: ``hubs``, ``lanes``, ``demands``,
``fleet`` and ``drivers``, one CSV file (``hubs.csv`` ...) or one sheet each, plus
``network`` (``network.csv`` / sheet ``network``) holding the name, calendar and
service policy as ``key,value`` rows. Columns, types and units are documented in
``docs/data-format.md``.

Import checks everything before it returns: unreadable cells, missing required or
unknown columns, value ranges and cross references (unknown hubs, duplicate ids ...).
Every problem becomes an :class:`ImportIssue` naming the file (and sheet), the row,
the column and the reason, and all of them are raised together in one
:class:`NetworkImportError`; an invalid input imports nothing.

Export is lossless (the network read back has the same ``content_hash()``) and
deterministic (the same network gives the same bytes, XLSX included).

Examples
--------
>>> import tempfile, pathlib
>>> from solver import demo_network
>>> net = demo_network(hubs=6, seed=1)
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = pathlib.Path(tmp) / "net"
...     _ = write_network(net, folder)
...     read_network(folder).content_hash() == net.content_hash()
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import openpyxl
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from solver import (
    Calendar,
    Demand,
    DriverPool,
    Hub,
    Lane,
    Network,
    NetworkValidationError,
    ServicePolicy,
    TrailerPool,
    ValidationIssue,
    demo_network,
    parse_network,
)
from tools.csv_cells import escape_cell, unescape_cell
from tools.file_limits import CellBudget, LimitExceeded, zip_problems

__all__ = [
    "HEADER_TABLE",
    "TABLES",
    "ImportIssue",
    "NetworkImportError",
    "NetworkSummary",
    "RegionSummary",
    "columns",
    "demo_network",
    "network_format",
    "network_summary",
    "read_network",
    "read_network_csv",
    "read_network_json",
    "read_network_xlsx",
    "write_network",
    "write_network_csv",
    "write_network_json",
    "write_network_xlsx",
]

TABLES: tuple[str, ...] = ("hubs", "lanes", "demands", "fleet", "drivers")
"""The row tables, in the order files and sheets are read and written."""
HEADER_TABLE = "network"
"""The key/value table holding the network's name, calendar and policy."""

_ROW_MODELS: dict[str, type[BaseModel]] = {
    "hubs": Hub,
    "lanes": Lane,
    "demands": Demand,
    "fleet": TrailerPool,
    "drivers": DriverPool,
}
_ENTITY_TABLE = {
    "hub": "hubs",
    "lane": "lanes",
    "demand": "demands",
    "trailer pool": "fleet",
    "driver pool": "drivers",
}
_HEADER_FIELDS: dict[str, FieldInfo] = {
    "name": Network.model_fields["name"],
    **{f"calendar.{k}": f for k, f in Calendar.model_fields.items()},
    **{f"policy.{k}": f for k, f in ServicePolicy.model_fields.items()},
}
_FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
Cell = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem in an imported file: where (file, sheet, row, column) and why.

    ``row`` counts like a spreadsheet (the header is row 1); ``None`` when the problem
    concerns a whole file, sheet or column.
    """

    file: str
    row: int | None
    column: str | None
    reason: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}"


class NetworkImportError(ValueError):
    """An input could not be imported; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = list(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{len(self.issues)} problem(s), nothing imported:\n{lines}")


# --------------------------------------------------------------------------- columns


def _scalar(annotation: Any) -> tuple[Any, bool]:
    """The non-None type of a field annotation and whether None is allowed."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(get_args(annotation))
    return annotation, False


def columns(table: str) -> tuple[str, ...]:
    """Column names of a row table, in file order (``key``, ``value`` for the header).

    >>> columns("fleet")
    ('hub', 'trailers')
    """
    if table == HEADER_TABLE:
        return ("key", "value")
    return tuple(_ROW_MODELS[table].model_fields)


def _required(info: FieldInfo) -> bool:
    return info.is_required()


def _parse_cell(value: Cell, info: FieldInfo) -> Any:
    """Convert a CSV string or XLSX cell to the field's Python type, or raise ValueError."""
    kind, _ = _scalar(info.annotation)
    if isinstance(value, str):
        value = value.strip()
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise ValueError(f"{value!r} is not a boolean (use true or false)")
    if kind is int:
        return _to_int(value)
    if kind is float:
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        try:
            number = float(value)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if get_origin(kind) is tuple:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return [_to_int(value)]
        parts = [p for p in str(value).replace(",", ";").split(";") if p.strip()]
        return [_to_int(p.strip()) for p in parts]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_int(value: Cell) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def _format_cell(value: Any) -> Cell:
    """A field value as written to XLSX (native types) before CSV turns it into text."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value
    raise TypeError(f"cannot write {type(value).__name__} values")


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_cell(value: Cell) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return escape_cell(value) if isinstance(value, str) else _csv_text(value)


# --------------------------------------------------------------------------- export


def _header_rows(network: Network) -> list[tuple[str, Cell]]:
    data = network.model_dump(mode="python")
    rows: list[tuple[str, Cell]] = [("name", network.name)]
    for key in _HEADER_FIELDS:
        if "." in key:
            group, name = key.split(".", 1)
            rows.append((key, _format_cell(data[group][name])))
    return rows


def _header_cells() -> list[Cell]:
    return list(columns(HEADER_TABLE))


def _table_rows(network: Network, table: str) -> list[list[Cell]]:
    cols = columns(table)
    return [[_format_cell(raw[c]) for c in cols] for raw in network.canonical_dict()[table]]


def write_network_csv(network: Network, folder: str | Path) -> Path:
    """Write ``network.csv`` and one CSV per table into ``folder`` (created if missing).

    Files are UTF-8 with a header row, rows sorted by their key, floats written exactly.
    """
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[list[Cell]]] = {
        HEADER_TABLE: [_header_cells(), *(list(r) for r in _header_rows(network))]
    }
    for table in TABLES:
        files[table] = [list[Cell](columns(table)), *_table_rows(network, table)]
    for table, rows in files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
        (path / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return path


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed timestamp (reproducible bytes)."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = str(arcname if arcname is not None else filename)
        self.writestr(name, Path(filename).read_bytes(), compress_type, compresslevel)


def save_workbook(wb: openpyxl.Workbook, target: Path) -> Path:
    """Save a workbook with fixed timestamps, so the same content gives the same bytes."""
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    wb.properties.creator = "lanewise"
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return target


def _xlsx_value(value: Cell) -> Cell:
    """Floats Excel would round (more than 16 significant digits) are kept as exact text."""
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)
    return value


def write_network_xlsx(network: Network, path: str | Path) -> Path:
    """Write one workbook: sheet ``network`` (key/value) and one sheet per table."""
    target = Path(path)
    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    sheets: dict[str, list[list[Cell]]] = {
        HEADER_TABLE: [_header_cells(), *(list(r) for r in _header_rows(network))]
    }
    for table in TABLES:
        sheets[table] = [list[Cell](columns(table)), *_table_rows(network, table)]
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = name
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=_xlsx_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
                if r == 1:
                    cell.font = bold
        ws.freeze_panes = "A2"
        for c, header in enumerate(rows[0], start=1):
            width = max(
                len(str(header)),
                *(len(_csv_text(row[c - 1])) for row in rows[1:] or [[""] * len(rows[0])]),
            )
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = min(40, width + 2)
    return save_workbook(wb, target)


def write_network_json(network: Network, path: str | Path) -> Path:
    """Write the canonical network as indented JSON (sorted keys and rows)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(network.canonical_dict(), indent=2, sort_keys=True, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


# --------------------------------------------------------------------------- import


@dataclass(slots=True)
class _Table:
    """A table as read from a file or sheet: its header and data rows (with row numbers)."""

    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, list[Cell]]]

    def issue(self, row: int | None, column: str | None, reason: str) -> ImportIssue:
        return ImportIssue(self.file, row, column, reason, self.sheet)


def _blank(row: Sequence[Cell]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _make_table(
    file: str,
    sheet: str | None,
    raw_rows: Iterable[Sequence[Cell]],
    budget: CellBudget | None = None,
) -> tuple[_Table | None, list[ImportIssue]]:
    """A table from its rows (header first), read within the row and cell limits."""
    try:
        rows = list((budget or CellBudget()).rows(raw_rows))
    except LimitExceeded as exc:
        # stop the whole import at once: reading on would only fill memory
        raise NetworkImportError([ImportIssue(file, None, None, str(exc), sheet)]) from None
    if not rows or _blank(rows[0]):
        return None, [ImportIssue(file, 1, None, "the header row is missing", sheet)]
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [(i, list(row)) for i, row in enumerate(rows[1:], start=2) if not _blank(row)]
    return _Table(file, sheet, header, body), []


def _read_csv_tables(folder: Path) -> tuple[dict[str, _Table], list[ImportIssue]]:
    budget = CellBudget()
    tables: dict[str, _Table] = {}
    issues: list[ImportIssue] = []
    for table in (HEADER_TABLE, *TABLES):
        name = f"{table}.csv"
        path = folder / name
        if not path.is_file():
            issues.append(ImportIssue(name, None, None, f"file missing in {folder}"))
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            issues.append(ImportIssue(name, None, None, f"not UTF-8 text ({exc.reason})"))
            continue
        raw = (
            [unescape_cell(cell) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""))
        )
        try:
            parsed, problems = _make_table(name, None, raw, budget)
        except csv.Error as exc:
            issues.append(ImportIssue(name, None, None, f"not valid CSV: {exc}"))
            continue
        issues.extend(problems)
        if parsed is not None:
            tables[table] = parsed
    return tables, issues


def _read_xlsx_tables(path: Path) -> tuple[dict[str, _Table], list[ImportIssue]]:
    name = path.name
    limits = zip_problems(path)
    if limits:
        return {}, [ImportIssue(name, None, None, reason) for reason in limits]
    budget = CellBudget()
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        return {}, [ImportIssue(name, None, None, f"not a readable XLSX workbook: {exc}")]
    tables: dict[str, _Table] = {}
    issues: list[ImportIssue] = []
    try:
        for table in (HEADER_TABLE, *TABLES):
            if table not in wb.sheetnames:
                issues.append(ImportIssue(name, None, None, f"sheet {table!r} is missing"))
                continue
            raw = wb[table].iter_rows(values_only=True)
            cells = ([_xlsx_cell(v) for v in row] for row in raw)
            try:
                parsed, problems = _make_table(name, table, cells, budget)
            except NetworkImportError:
                raise
            except Exception as exc:  # broken or hostile XML inside the sheet
                issues.append(
                    ImportIssue(name, None, None, f"not a readable XLSX sheet: {exc}", table)
                )
                continue
            issues.extend(problems)
            if parsed is not None:
                tables[table] = parsed
    finally:
        wb.close()
    return tables, issues


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


@dataclass(slots=True)
class _Parsed:
    """Rows that parsed, with their row numbers; the header; issues found so far."""

    header: dict[str, Any]
    header_rows: dict[str, int]
    rows: dict[str, list[tuple[int, dict[str, Any]]]]
    failed_keys: dict[str, set[str]]
    failed_regions: set[str]
    issues: list[ImportIssue]


def _parse_header(table: _Table, out: _Parsed) -> None:
    if table.header[:2] != ["key", "value"] or len(table.header) > 2:
        out.issues.append(
            table.issue(1, None, f"header must be 'key,value', found {','.join(table.header)!r}")
        )
        return
    seen: dict[str, int] = {}
    for row_no, cells in table.rows:
        key = "" if not cells or cells[0] is None else str(cells[0]).strip()
        value = cells[1] if len(cells) > 1 else None
        if key not in _HEADER_FIELDS:
            known = ", ".join(_HEADER_FIELDS)
            out.issues.append(table.issue(row_no, "key", f"unknown key {key!r} (known: {known})"))
            continue
        if key in seen:
            out.issues.append(table.issue(row_no, "key", f"{key!r} repeats row {seen[key]}"))
            continue
        seen[key] = row_no
        out.header_rows[key] = row_no
        if value is None or (isinstance(value, str) and not value.strip()):
            if _required(_HEADER_FIELDS[key]):
                out.issues.append(table.issue(row_no, "value", f"{key} is required"))
            continue
        try:
            parsed = _parse_cell(value, _HEADER_FIELDS[key])
        except ValueError as exc:
            out.issues.append(table.issue(row_no, "value", str(exc)))
            continue
        group, _, name = key.partition(".")
        if name:
            out.header.setdefault(group, {})[name] = parsed
        else:
            out.header[key] = parsed
    if "name" not in seen:
        out.issues.append(table.issue(None, "key", "the 'name' row is missing"))
    for group, model in (("calendar", Calendar), ("policy", ServicePolicy)):
        try:
            model.model_validate(out.header.get(group, {}))
        except ValidationError as exc:
            for err in exc.errors():
                key = f"{group}.{err['loc'][0]}" if err["loc"] else group
                out.issues.append(
                    table.issue(out.header_rows.get(key), "value", f"{key}: {err['msg']}")
                )
            out.header.pop(group, None)


def _row_key(table: str, row: Mapping[str, Any]) -> str | None:
    if table == "fleet":
        key = row.get("hub")
    elif table == "drivers":
        region, day = row.get("region"), row.get("day")
        return f"{region}/day {day}" if region not in (None, "") and day is not None else None
    else:
        key = row.get("id")
    return None if key in (None, "") else str(key)


def _parse_rows(table_name: str, table: _Table, out: _Parsed) -> None:
    model = _ROW_MODELS[table_name]
    fields = model.model_fields
    unknown = [c for c in table.header if c not in fields]
    for c in unknown:
        out.issues.append(table.issue(1, c or "(blank)", "unknown column"))
    missing = [
        name for name, info in fields.items() if _required(info) and name not in table.header
    ]
    for c in missing:
        out.issues.append(table.issue(1, c, "required column is missing"))
    dupes = {c for c in table.header if table.header.count(c) > 1}
    for c in sorted(dupes):
        out.issues.append(table.issue(1, c, "column appears more than once"))
    if missing or dupes:
        return  # rows cannot be read reliably; the column problems say why
    rows: list[tuple[int, dict[str, Any]]] = []
    for row_no, cells in table.rows:
        if len(cells) > len(table.header) and not _blank(cells[len(table.header) :]):
            out.issues.append(table.issue(row_no, None, "more cells than header columns"))
        data: dict[str, Any] = {}
        reported: set[str] = set()
        for col, value in zip(table.header, cells, strict=False):
            if col not in fields:
                continue
            info = fields[col]
            if value is None or (isinstance(value, str) and not value.strip()):
                if _required(info):
                    out.issues.append(table.issue(row_no, col, "required value is empty"))
                    reported.add(col)
                continue
            try:
                data[col] = _parse_cell(value, info)
            except ValueError as exc:
                out.issues.append(table.issue(row_no, col, str(exc)))
                reported.add(col)
        for col in table.header[len(cells) :]:
            if col in fields and _required(fields[col]):
                out.issues.append(table.issue(row_no, col, "required value is empty"))
                reported.add(col)
        ok = not reported
        try:
            model.model_validate(data)
        except ValidationError as exc:
            ok = False
            for err in exc.errors():
                where = str(err["loc"][0]) if err["loc"] else None
                if where not in reported:
                    out.issues.append(table.issue(row_no, where, _reason(err["msg"], data, where)))
        if ok and not unknown:
            rows.append((row_no, data))
        else:
            key = _row_key(table_name, {c: v for c, v in zip(table.header, cells, strict=False)})
            if key is not None:
                out.failed_keys[table_name].add(key)
            if table_name == "hubs":
                region = dict(zip(table.header, cells, strict=False)).get("region")
                if region not in (None, ""):
                    out.failed_regions.add(str(region).strip())
    out.rows[table_name] = rows


def _reason(msg: str, data: Mapping[str, Any], col: str | None) -> str:
    if col is not None and col in data:
        return f"{msg} (got {data[col]!r})"
    return msg


def _reference_issues(
    tables: Mapping[str, _Table], out: _Parsed, header_table: _Table | None
) -> None:
    """Cross-row checks of :func:`solver.parse_network`, mapped back to rows and columns."""
    data: dict[str, Any] = dict(out.header)
    data.setdefault("name", "?")
    for table in TABLES:
        data[table] = [row for _, row in out.rows.get(table, [])]
    try:
        parse_network(data)
    except NetworkValidationError as exc:
        for issue in exc.issues:
            out.issues.extend(_locate(issue, tables, out, header_table))


def _locate(
    issue: ValidationIssue,
    tables: Mapping[str, _Table],
    out: _Parsed,
    header_table: _Table | None,
) -> list[ImportIssue]:
    """Where a model issue sits in the files; [] when an already reported row caused it."""
    table_name = _ENTITY_TABLE.get(issue.entity)
    if table_name is None or table_name not in tables:
        if header_table is None:
            return []
        key = issue.field if issue.field in out.header_rows else None
        row = out.header_rows.get(key) if key else None
        return [header_table.issue(row, "value" if row else None, f"{issue.field}: {issue.reason}")]
    table = tables[table_name]
    field = issue.field.split(".", 1)[0]
    if issue.reason.startswith("unknown hub") or issue.reason == "no hub is in this region":
        rows = [r for r in out.rows[table_name] if _row_key(table_name, r[1]) == issue.entity_id]
        ref = rows[0][1].get(field) if rows else None
        if ref is not None and (
            str(ref) in out.failed_keys["hubs"] or str(ref) in out.failed_regions
        ):
            return []  # the hub's own row failed and is reported already
    column = field
    if field == "id" and table_name == "fleet":
        column = "hub"
    elif field == "id" and table_name == "drivers":
        column = "region"
    matches = [n for n, row in out.rows[table_name] if _row_key(table_name, row) == issue.entity_id]
    if issue.entity_id.startswith("#") and not matches:
        return [table.issue(None, column, issue.reason)]
    return [table.issue(n, column, issue.reason) for n in matches] or [
        table.issue(None, column, f"{issue.entity} {issue.entity_id}: {issue.reason}")
    ]


def _assemble(tables: dict[str, _Table], issues: list[ImportIssue]) -> Network:
    out = _Parsed({}, {}, {}, defaultdict(set), set(), list(issues))
    header_table = tables.get(HEADER_TABLE)
    if header_table is not None:
        _parse_header(header_table, out)
    for table in TABLES:
        if table in tables:
            _parse_rows(table, tables[table], out)
    complete = header_table is not None and all(t in out.rows for t in TABLES)
    if complete:
        _reference_issues(tables, out, header_table)
    if out.issues:
        raise NetworkImportError(_sorted(out.issues))
    data: dict[str, Any] = dict(out.header)
    for table in TABLES:
        data[table] = [row for _, row in out.rows[table]]
    return parse_network(data)


def _sorted(issues: Iterable[ImportIssue]) -> list[ImportIssue]:
    order = {name: i for i, name in enumerate((HEADER_TABLE, *TABLES))}

    def key(issue: ImportIssue) -> tuple[int, int, int]:
        stem = issue.sheet or issue.file.removesuffix(".csv")
        return (order.get(stem, -1), issue.row or 0, 0 if issue.column is None else 1)

    unique = list(dict.fromkeys(issues))
    return sorted(unique, key=key)


def read_network_csv(folder: str | Path) -> Network:
    """Read a network from a folder written by :func:`write_network_csv` (or by hand).

    Raises
    ------
    NetworkImportError
        Listing every problem with file, row, column and reason; nothing is imported.
    """
    path = Path(folder)
    if not path.is_dir():
        raise NetworkImportError([ImportIssue(str(path), None, None, "is not a folder")])
    tables, issues = _read_csv_tables(path)
    return _assemble(tables, issues)


def read_network_xlsx(path: str | Path) -> Network:
    """Read a network from one workbook with sheets ``network``, ``hubs``, ``lanes`` ...

    Formulas are read by their last computed value.

    Raises
    ------
    NetworkImportError
        Listing every problem with file, sheet, row, column and reason.
    """
    target = Path(path)
    if not target.is_file():
        raise NetworkImportError([ImportIssue(str(target), None, None, "file not found")])
    tables, issues = _read_xlsx_tables(target)
    return _assemble(tables, issues)


def read_network_json(path: str | Path) -> Network:
    """Read a network from JSON (the layout of :meth:`Network.canonical_dict`).

    Raises
    ------
    NetworkImportError
        With each validation issue as ``column`` = ``entity id.field``.
    """
    target = Path(path)
    if not target.is_file():
        raise NetworkImportError([ImportIssue(str(target), None, None, "file not found")])
    name = target.name
    try:
        data = json.loads(target.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NetworkImportError(
            [ImportIssue(name, None, None, f"not UTF-8 ({exc.reason})")]
        ) from None
    except json.JSONDecodeError as exc:
        raise NetworkImportError(
            [ImportIssue(name, exc.lineno, None, f"invalid JSON: {exc.msg} (column {exc.colno})")]
        ) from None
    if not isinstance(data, dict):
        raise NetworkImportError([ImportIssue(name, None, None, "must be a JSON object")])
    try:
        return parse_network(data)
    except NetworkValidationError as exc:
        raise NetworkImportError(
            [
                ImportIssue(name, None, f"{i.entity} {i.entity_id!r}.{i.field}", i.reason)
                for i in exc.issues
            ]
        ) from None


Format = Literal["csv", "xlsx", "json"]


def network_format(path: str | Path) -> Format:
    """The format a path stands for: ``.xlsx``, ``.json``, otherwise a CSV folder.

    >>> network_format("net.xlsx"), network_format("net.json"), network_format("net")
    ('xlsx', 'json', 'csv')
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".json":
        return "json"
    return "csv"


def read_network(path: str | Path) -> Network:
    """Read a network from a CSV folder, an ``.xlsx`` workbook or a ``.json`` file.

    Raises
    ------
    NetworkImportError
        Every problem found (file, sheet, row, column, reason); nothing is imported.
    """
    target = Path(path)
    if not target.exists():
        raise NetworkImportError([ImportIssue(str(target), None, None, "no such file or folder")])
    fmt = network_format(target)
    if fmt == "xlsx":
        return read_network_xlsx(target)
    if fmt == "json":
        return read_network_json(target)
    if not target.is_dir():
        raise NetworkImportError(
            [ImportIssue(str(target), None, None, "expected a folder of CSV files, .xlsx or .json")]
        )
    return read_network_csv(target)


def write_network(network: Network, path: str | Path) -> Path:
    """Write a network as a CSV folder, an ``.xlsx`` workbook or a ``.json`` file (by path).

    Raises
    ------
    NetworkImportError
        If ``path`` names an existing file but the format is a folder of CSV files.
    """
    target = Path(path)
    fmt = network_format(target)
    if fmt == "xlsx":
        return write_network_xlsx(network, target)
    if fmt == "json":
        return write_network_json(network, target)
    if target.exists() and not target.is_dir():
        raise NetworkImportError(
            [ImportIssue(str(target), None, None, "exists and is not a folder (CSV export)")]
        )
    return write_network_csv(network, target)


# --------------------------------------------------------------------------- summary


class RegionSummary(BaseModel):
    """One region of a network: hubs, weekly tonnes out and in, capacity and drivers."""

    region: str
    hubs: int
    outbound_t_per_week: float
    inbound_t_per_week: float
    hub_capacity_t_per_day: float
    driver_days_per_week: int


class NetworkSummary(BaseModel):
    """What a network holds, in numbers: counts, tonnes, capacities, regions, identity."""

    name: str
    content_hash: str
    days: int
    buckets_per_day: int
    hubs: int
    hub_kinds: dict[str, int]
    lanes: int
    own_lanes: int
    contract_lanes: int
    demands: int
    customers: int
    weekly_t: float
    hub_capacity_t_per_day: float
    lane_trucks_per_day: int
    trailers: int
    driver_days_per_week: int
    regions: list[RegionSummary]


def network_summary(network: Network) -> NetworkSummary:
    """Counts, weekly tonnes, capacities and regions of a network (for ``info`` views).

    >>> from solver import demo_network
    >>> s = network_summary(demo_network(hubs=10, seed=2))
    >>> s.hubs, len(s.regions)
    (10, 5)
    """
    region_of = {h.id: h.region for h in network.hubs}
    out_t: dict[str, float] = defaultdict(float)
    in_t: dict[str, float] = defaultdict(float)
    for d in network.demands:
        out_t[region_of.get(d.origin, "?")] += d.volume_t
        in_t[region_of.get(d.destination, "?")] += d.volume_t
    kinds: dict[str, int] = defaultdict(int)
    for h in network.hubs:
        kinds[h.kind.value] += 1
    regions = [
        RegionSummary(
            region=r,
            hubs=sum(1 for h in network.hubs if h.region == r),
            outbound_t_per_week=round(out_t[r], 3),
            inbound_t_per_week=round(in_t[r], 3),
            hub_capacity_t_per_day=sum(h.capacity_t_per_day for h in network.hubs if h.region == r),
            driver_days_per_week=sum(p.drivers for p in network.drivers if p.region == r),
        )
        for r in network.regions
    ]
    own = sum(1 for lane in network.lanes if lane.carrier.value == "own")
    return NetworkSummary(
        name=network.name,
        content_hash=network.content_hash(),
        days=network.calendar.days,
        buckets_per_day=network.calendar.buckets_per_day,
        hubs=len(network.hubs),
        hub_kinds=dict(sorted(kinds.items())),
        lanes=len(network.lanes),
        own_lanes=own,
        contract_lanes=len(network.lanes) - own,
        demands=len(network.demands),
        customers=len({d.customer for d in network.demands if d.customer}),
        weekly_t=round(sum(d.volume_t for d in network.demands), 3),
        hub_capacity_t_per_day=sum(h.capacity_t_per_day for h in network.hubs),
        lane_trucks_per_day=sum(lane.max_trucks_per_day for lane in network.lanes),
        trailers=sum(p.trailers for p in network.fleet),
        driver_days_per_week=sum(p.drivers for p in network.drivers),
        regions=regions,
    )
