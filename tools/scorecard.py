"""Scorecards: two to five solved versions side by side, with drill-downs and an XLSX export.

A scorecard puts the headline KPIs of each version in one column, with the change
against the first column (the baseline), the violations of each plan, and the same
figures broken down by region, hub, lane and customer, so a planner can see where a
difference comes from. Every figure is recomputed from the stored plan's independent
evaluation and the version's network; nothing is solved here. A version without a plan,
or whose plan should not be acted on, is labelled in its column.

Versions are named ``scenario:n`` (``12:3``), ``scenario`` (its head) or by name
(``north-growth:2``), comma-separated: ``12:3,12:4,15:1``.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from pydantic import BaseModel

from solver import Evaluation, Network
from storage import Database
from tools.compare import HEADLINES, Unit, compare_results
from tools.csv_cells import escape_cell
from tools.errors import InvalidRequest
from tools.identity import UserRef, is_plain_int
from tools.scenarios import (
    VersionRef,
    get_version,
    version_network,
    version_title,
)
from tools.solving import VersionResult, version_result

__all__ = [
    "DRILL_LEVELS",
    "DrillLevel",
    "DrillRow",
    "DrillTable",
    "Scorecard",
    "ScorecardColumn",
    "ScorecardKpi",
    "parse_versions",
    "scorecard",
    "scorecard_xlsx",
]

MIN_VERSIONS, MAX_VERSIONS = 2, 5
DrillLevel = Literal["region", "hub", "lane", "customer"]
DRILL_LEVELS: tuple[DrillLevel, ...] = ("region", "hub", "lane", "customer")


class ScorecardColumn(BaseModel):
    """One version of the scorecard: where it is, what it did, and how far to trust it."""

    scenario_id: int
    scenario_name: str
    n: int
    label: str
    title: str
    url: str
    solved: bool
    quality: str
    warnings: list[str]
    hard_violations: int
    soft_violations: int
    top_violations: list[str]


class ScorecardKpi(BaseModel):
    """One headline KPI across the columns, with each column's change against the first."""

    key: str
    label: str
    unit: Unit
    values: list[float | None]
    deltas: list[float | None]
    better: list[bool | None]
    notes: list[str]


class DrillRow(BaseModel):
    """One region, hub, lane or customer: each metric's value per column."""

    key: str
    label: str
    values: list[list[float | None]]
    """``values[column][metric]``; None where the entity is not in that version."""


class DrillTable(BaseModel):
    """The breakdown at one level, rows ranked by how much the first metric moves."""

    level: DrillLevel
    metrics: list[str]
    units: list[Unit]
    rows: list[DrillRow]


class Scorecard(BaseModel):
    """Two to five versions side by side: KPIs, deltas, violations and breakdowns."""

    columns: list[ScorecardColumn]
    kpis: list[ScorecardKpi]
    drill: list[DrillTable]


def parse_versions(text: str) -> list[VersionRef]:
    """Read ``"12:3,12:4,15:1"`` (scenario:version, scenario alone for its head).

    Raises
    ------
    InvalidRequest
        Naming ``versions`` and why: fewer than two or more than five, a repeated
        version, an empty item or a version number that is not a positive number.
    """
    items = [part.strip() for part in text.split(",")]
    if any(not item for item in items):
        raise InvalidRequest("versions: an item is empty; write e.g. 12:3,12:4,15:1")
    refs: list[VersionRef] = []
    for item in items:
        scenario, sep, number = item.rpartition(":")
        if not sep:
            scenario, number = item, ""
        if sep and not (is_plain_int(number) and int(number) >= 1):
            raise InvalidRequest(f"versions: {item!r} has no version number after ':'")
        if not scenario.strip():
            raise InvalidRequest(f"versions: {item!r} names no scenario")
        key: int | str = int(scenario) if is_plain_int(scenario) else scenario.strip()
        refs.append(VersionRef(scenario=key, n=int(number) if number else None))
    if not MIN_VERSIONS <= len(refs) <= MAX_VERSIONS:
        raise InvalidRequest(
            f"versions: {len(refs)} given; compare {MIN_VERSIONS} to {MAX_VERSIONS} versions"
        )
    return refs


def _column(result: VersionResult, title: str, url: str) -> ScorecardColumn:
    ordered = sorted(result.violations, key=lambda v: (not v.hard, -abs(v.amount), v.message))
    kpis = result.kpis
    return ScorecardColumn(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        label=f"{result.scenario_name} v{result.n}",
        title=title,
        url=url,
        solved=result.evaluation is not None,
        quality=result.run.quality if result.run else "not solved yet",
        warnings=result.warnings,
        hard_violations=kpis.hard_violations if kpis else 0,
        soft_violations=kpis.soft_violations if kpis else 0,
        top_violations=[v.message for v in ordered[:5]],
    )


def _kpis(results: Sequence[VersionResult]) -> list[ScorecardKpi]:
    base = results[0]
    comparisons = [compare_results(base, r) for r in results]
    out = []
    for h in HEADLINES:
        values: list[float | None] = [
            float(getattr(r.kpis, h.key)) if r.kpis is not None else None for r in results
        ]
        deltas: list[float | None] = [None]
        better: list[bool | None] = [None]
        notes = [""]
        for cmp in comparisons[1:]:
            change = next((c for c in cmp.changes if c.key == h.key), None)
            deltas.append(change.delta if change else None)
            better.append(change.better if change else None)
            notes.append(change.note if change else cmp.note)
        out.append(
            ScorecardKpi(
                key=h.key,
                label=h.label,
                unit=h.unit,
                values=values,
                deltas=deltas,
                better=better,
                notes=notes,
            )
        )
    return out


_METRICS: dict[DrillLevel, tuple[tuple[str, Unit], ...]] = {
    "region": (
        ("Transport cost / week", "eur"),
        ("Demand", "t"),
        ("On-time service", "share"),
        ("Late", "t"),
        ("Unserved", "t"),
    ),
    "hub": (
        ("Transport cost / week", "eur"),
        ("Demand", "t"),
        ("On-time service", "share"),
        ("Unserved", "t"),
        ("Peak hub use", "share"),
    ),
    "lane": (
        ("Transport cost / week", "eur"),
        ("Dispatches", "count"),
        ("Loaded", "t"),
        ("Truck fill", "share"),
    ),
    "customer": (
        ("Demand", "t"),
        ("On-time service", "share"),
        ("Late", "t"),
        ("Unserved", "t"),
        ("Service penalties / week", "eur"),
    ),
}
"""Per level: the metrics shown (transport = line-haul + empty repositioning of the lanes
leaving the region or hub; demand figures by the demand's origin)."""


class _Acc:
    """Sums per entity of one version."""

    def __init__(self) -> None:
        self.transport: dict[str, float] = defaultdict(float)
        self.demand: dict[str, float] = defaultdict(float)
        self.on_time: dict[str, float] = defaultdict(float)
        self.late: dict[str, float] = defaultdict(float)
        self.unserved: dict[str, float] = defaultdict(float)
        self.penalty: dict[str, float] = defaultdict(float)
        self.dispatches: dict[str, float] = defaultdict(float)
        self.loaded: dict[str, float] = defaultdict(float)
        self.capacity: dict[str, float] = defaultdict(float)
        self.hub_use: dict[str, float] = defaultdict(float)


def _accumulate(net: Network, ev: Evaluation, level: DrillLevel) -> tuple[_Acc, dict[str, str]]:
    """Per entity of ``level``: the sums behind the metrics, and each entity's label."""
    acc = _Acc()
    labels: dict[str, str] = {}
    hub_name = {h.id: h.name for h in net.hubs}
    region = {h.id: h.region for h in net.hubs}

    def lane_key(lane_id: str) -> str | None:
        lane = net.lane_by_id.get(lane_id)
        if lane is None:
            return None
        if level == "lane":
            labels[lane.id] = f"{hub_name[lane.origin]} → {hub_name[lane.destination]}"
            return lane.id
        if level == "hub":
            labels[lane.origin] = hub_name[lane.origin]
            return lane.origin
        if level == "region":
            labels[region[lane.origin]] = region[lane.origin]
            return region[lane.origin]
        return None

    for lb in ev.lane_buckets:
        key = lane_key(lb.lane_id)
        lane = net.lane_by_id.get(lb.lane_id)
        if key is None or lane is None:
            continue
        acc.transport[key] += (
            lb.trucks * lane.cost_eur_per_truck
            + lb.loaded_t * lane.cost_eur_per_t
            + lb.empty_trailers * lane.cost_eur_per_truck
        )
        acc.dispatches[key] += lb.trucks + lb.empty_trailers
        acc.loaded[key] += lb.loaded_t
        acc.capacity[key] += lb.capacity_t
    if level == "lane":
        for lane in net.lanes:
            labels.setdefault(lane.id, f"{hub_name[lane.origin]} → {hub_name[lane.destination]}")
    for o in ev.demands:
        d = net.demand_by_id.get(o.demand_id)
        if d is None or level == "lane":
            continue
        if level == "customer":
            key = d.customer or "(no customer)"
        elif level == "hub":
            key = d.origin
        else:
            key = region[d.origin]
        labels.setdefault(key, hub_name[key] if level == "hub" else key)
        acc.demand[key] += o.volume_t
        acc.on_time[key] += o.on_time_t
        acc.late[key] += o.late_t
        acc.unserved[key] += o.unserved_t
        acc.penalty[key] += (
            o.late_t * d.penalty_late_eur_per_t + o.unserved_t * d.penalty_unserved_eur_per_t
        )
    if level == "hub":
        for hd in ev.hub_days:
            labels.setdefault(hd.hub_id, hub_name.get(hd.hub_id, hd.hub_id))
            acc.hub_use[hd.hub_id] = max(acc.hub_use[hd.hub_id], hd.utilisation)
    return acc, labels


def _values(acc: _Acc, level: DrillLevel, key: str) -> list[float | None]:
    demand = acc.demand.get(key, 0.0)
    service = acc.on_time.get(key, 0.0) / demand if demand > 0 else None
    transport = acc.transport.get(key, 0.0)
    if level == "region":
        return [transport, demand, service, acc.late.get(key, 0.0), acc.unserved.get(key, 0.0)]
    if level == "hub":
        return [transport, demand, service, acc.unserved.get(key, 0.0), acc.hub_use.get(key)]
    if level == "lane":
        cap = acc.capacity.get(key, 0.0)
        fill = acc.loaded.get(key, 0.0) / cap if cap > 0 else None
        return [transport, acc.dispatches.get(key, 0.0), acc.loaded.get(key, 0.0), fill]
    return [
        demand,
        service,
        acc.late.get(key, 0.0),
        acc.unserved.get(key, 0.0),
        acc.penalty.get(key, 0.0),
    ]


def _drill(
    nets: Sequence[Network], results: Sequence[VersionResult], level: DrillLevel
) -> DrillTable:
    per: list[tuple[_Acc, dict[str, str]] | None] = [
        _accumulate(net, r.evaluation, level) if r.evaluation is not None else None
        for net, r in zip(nets, results, strict=True)
    ]
    labels: dict[str, str] = {}
    for item in per:
        if item is not None:
            labels.update(item[1])
    width = len(_METRICS[level])
    rows = []
    for key in sorted(labels):
        values = [
            _values(item[0], level, key) if item is not None and key in item[1] else [None] * width
            for item in per
        ]
        rows.append(DrillRow(key=key, label=labels[key], values=values))

    def spread(row: DrillRow) -> float:
        first = [v[0] for v in row.values if v[0] is not None]
        return max(first) - min(first) if first else 0.0

    rows.sort(key=lambda r: (-spread(r), r.label))
    return DrillTable(
        level=level,
        metrics=[m for m, _ in _METRICS[level]],
        units=[u for _, u in _METRICS[level]],
        rows=rows,
    )


def scorecard(
    db: Database,
    actor: UserRef,
    versions: Sequence[VersionRef] | str,
    *,
    levels: Sequence[DrillLevel] = DRILL_LEVELS,
) -> Scorecard:
    """Two to five versions side by side, the first one the baseline of every change.

    Raises
    ------
    InvalidRequest
        When fewer than two or more than five versions are named (``versions: …``).
    NotFound
        When a version does not exist or is a private scenario of someone else.
    """
    refs = parse_versions(versions) if isinstance(versions, str) else list(versions)
    if not MIN_VERSIONS <= len(refs) <= MAX_VERSIONS:
        raise InvalidRequest(
            f"versions: {len(refs)} given; compare {MIN_VERSIONS} to {MAX_VERSIONS} versions"
        )
    results, nets, columns = [], [], []
    for ref in refs:
        version = get_version(db, actor, ref.scenario, ref.n)
        result = version_result(db, actor, version.scenario_id, version.n)
        results.append(result)
        nets.append(version_network(db, actor, version.scenario_id, version.n))
        columns.append(_column(result, version_title(version), version.url))
    seen = [(c.scenario_id, c.n) for c in columns]
    if len(set(seen)) != len(seen):
        raise InvalidRequest("versions: a version is named twice")
    return Scorecard(
        columns=columns,
        kpis=_kpis(results),
        drill=[_drill(nets, results, level) for level in levels],
    )


def _cell_format(unit: Unit) -> str:
    return {
        "eur": "#,##0",
        "share": "0.0%",
        "t": "#,##0",
        "count": "#,##0",
        "eur_per_tkm": "0.000",
    }[unit]


def scorecard_xlsx(card: Scorecard) -> bytes:
    """The scorecard as a workbook: KPIs, violations, one sheet per breakdown level."""
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    assert ws is not None
    ws.title = "KPIs"
    labels = [c.label for c in card.columns]
    ws.append(["KPI", *labels, *(f"change {lab}" for lab in labels[1:])])
    ws.append(["Edits", *(escape_cell(c.title) for c in card.columns)])
    ws.append(["Plan quality", *(escape_cell(c.quality) for c in card.columns)])
    ws.append(["Not to act on", *(escape_cell("; ".join(c.warnings) or "–") for c in card.columns)])
    for k in card.kpis:
        ws.append([k.label, *k.values, *k.deltas[1:]])
        for cell in ws[ws.max_row][1:]:
            cell.number_format = _cell_format(k.unit)
    for cell in ws[1]:
        cell.font = bold
    vs = wb.create_sheet("Violations")
    vs.append(["Version", "Hard", "Soft", "Largest"])
    for c in card.columns:
        vs.append(
            [
                c.label,
                c.hard_violations,
                c.soft_violations,
                escape_cell(" | ".join(c.top_violations)),
            ]
        )
    for cell in vs[1]:
        cell.font = bold
    for table in card.drill:
        sheet = wb.create_sheet(f"By {table.level}")
        sheet.append(
            [table.level.capitalize(), *(f"{m} · {lab}" for lab in labels for m in table.metrics)]
        )
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([escape_cell(row.label), *(v for col in row.values for v in col)])
            for j, cell in enumerate(sheet[sheet.max_row][1:]):
                cell.number_format = _cell_format(table.units[j % len(table.units)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
