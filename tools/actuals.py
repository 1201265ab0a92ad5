"""Actuals use cases: import a week's actuals against the version it executed, read them back.

A week is stored against one version (by default the head of ``live`` at the first import;
later imports of the same week reuse that version). Rows are stored per (week, table,
row key), so importing the same file twice changes nothing and a corrected row replaces
the old one; nothing is stored when any row is invalid.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from solver import ACTUALS_TABLES, WeekActuals, row_key
from storage import (
    ActualsImportRow,
    Database,
    Role,
    VersionRow,
    actual_rows,
    actual_weeks,
    record_audit,
    upsert_actual_rows,
    week_version_id,
)
from tools.access import require_role
from tools.actuals_io import ActualsFile, check_actuals_against
from tools.errors import InvalidRequest, NotFound
from tools.executed_plan import EXECUTED_PLAN_KEY, executed_plan_of
from tools.identity import UserRef, load_actor
from tools.scenarios import LIVE, ScenarioRef, VersionView, get_version, version_network

__all__ = [
    "ActualsImportView",
    "ActualsWeekView",
    "StoredWeek",
    "import_actuals",
    "list_actual_weeks",
    "week_actuals",
]


class ActualsImportView(BaseModel):
    """What one import did: the week, the version it is stored against, rows by outcome."""

    id: int
    week: str
    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    url: str
    source: str
    added: int
    updated: int
    unchanged: int
    rows_in_week: int
    settings: dict[str, Any] | None
    created_at: datetime


class ActualsWeekView(BaseModel):
    """A week with actuals: the version it executed and how many rows are stored."""

    week: str
    scenario_id: int
    scenario_name: str
    n: int
    url: str
    rows: int


class StoredWeek(BaseModel):
    """A week's stored actuals with the version they executed and the imports that wrote them."""

    version: VersionView
    actuals: WeekActuals
    imports: list[ActualsImportView]


def _version_of_week(db: Database, actor: UserRef, week: str) -> VersionView | None:
    with db.session() as s:
        version_id = week_version_id(s, week)
        row = s.get(VersionRow, version_id) if version_id is not None else None
    if row is None:
        return None
    return get_version(db, actor, row.scenario_id, row.n)


def _target_version(
    db: Database, actor: UserRef, week: str, scenario: ScenarioRef | None, n: int | None
) -> VersionView:
    """The version a week's import is stored against (see the module notes)."""
    stored = _version_of_week(db, actor, week)
    if scenario is None and n is None:
        return stored or get_version(db, actor, LIVE)
    wanted = get_version(db, actor, scenario if scenario is not None else LIVE, n)
    if stored is not None and stored.version_id != wanted.version_id:
        raise InvalidRequest(
            f"week {week} is stored against {stored.scenario_name} v{stored.n}, "
            f"not {wanted.scenario_name} v{wanted.n}: a week executes one version"
        )
    return wanted


def _import_view(row: ActualsImportRow, version: VersionView, rows: int) -> ActualsImportView:
    assert row.id is not None
    return ActualsImportView(
        id=row.id,
        week=row.week,
        scenario_id=version.scenario_id,
        scenario_name=version.scenario_name,
        n=version.n,
        network_hash=row.network_hash,
        url=version.url,
        source=row.source,
        added=row.added,
        updated=row.updated,
        unchanged=row.unchanged,
        rows_in_week=rows,
        settings=row.settings,
        created_at=row.created_at,
    )


def import_actuals(
    db: Database,
    actor: UserRef,
    parsed: ActualsFile | WeekActuals,
    *,
    scenario: ScenarioRef | None = None,
    n: int | None = None,
    settings: dict[str, Any] | None = None,
) -> ActualsImportView:
    """Store a week's actuals against the version executed; planners only.

    ``scenario`` / ``n`` choose the version (default: the week's version if it has
    actuals already, else the head of live). ``settings`` are recorded with the import
    (the simulator's seed and noise), and with them the plan the week executed (the
    version's plan now, unless ``settings`` name it; see :mod:`tools.executed_plan`).
    Idempotent per (week, table, row key).

    Raises
    ------
    ActualsImportError
        Any row that does not fit the version's network (file, row, column, reason);
        nothing is stored.
    InvalidRequest
        The week is stored against another version already.
    """
    file = parsed if isinstance(parsed, ActualsFile) else ActualsFile(parsed, name="actuals")
    actuals = file.actuals
    with db.session() as s:
        require_role(load_actor(s, actor), Role.PLANNER, "importing actuals")
    version = _target_version(db, actor, actuals.week, scenario, n)
    network = version_network(db, actor, version.scenario_id, version.n)
    check_actuals_against(network, file)
    rows = [
        (table, row_key(table, r), r.model_dump(mode="json"))
        for table in ACTUALS_TABLES
        for r in actuals.rows(table)
    ]
    recorded = dict(settings or {})
    if EXECUTED_PLAN_KEY not in recorded:  # the plan the week ran: the version's plan now
        executed = executed_plan_of(db, version.network_hash)
        recorded[EXECUTED_PLAN_KEY] = executed.model_dump() if executed else None
    with db.write_session() as s:
        stored = week_version_id(s, actuals.week)
        if stored is not None and stored != version.version_id:
            raise InvalidRequest(
                f"week {actuals.week} was just stored against another version by someone "
                "else: import again to use it"
            )
        record = ActualsImportRow(
            week=actuals.week,
            scenario_id=version.scenario_id,
            version_id=version.version_id,
            network_hash=version.network_hash,
            source=actuals.source or file.name,
            user_id=actor.id,
            settings=recorded,
        )
        s.add(record)
        s.flush()
        assert record.id is not None
        counts = upsert_actual_rows(
            s, week=actuals.week, version_id=version.version_id, import_id=record.id, rows=rows
        )
        record.added, record.updated, record.unchanged = (
            counts.added,
            counts.updated,
            counts.unchanged,
        )
        s.add(record)
        s.flush()
        total = len(actual_rows(s, actuals.week))
        record_audit(
            s,
            actor.id,
            "actuals.import",
            f"week:{actuals.week}",
            {
                "version": f"{version.scenario_name} v{version.n}",
                "source": record.source,
                "added": counts.added,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            },
        )
    return _import_view(record, version, total)


def week_actuals(db: Database, actor: UserRef, week: str) -> StoredWeek:
    """A week's stored actuals, the version they executed and their imports (any role)."""
    version = _version_of_week(db, actor, week)
    if version is None:
        raise NotFound(f"no actuals for week {week}")
    with db.session() as s:
        stored = actual_rows(s, week)
        imports = list(
            s.exec(
                select(ActualsImportRow)
                .where(ActualsImportRow.week == week)
                .order_by(col(ActualsImportRow.id))
            )
        )
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in ACTUALS_TABLES}
    for r in stored:
        tables[r.table_name].append(r.data)
    actuals = WeekActuals.model_validate(
        {"week": week, "network_hash": version.network_hash, "source": "stored", **tables}
    ).canonical()
    return StoredWeek(
        version=version,
        actuals=actuals,
        imports=[_import_view(i, version, len(stored)) for i in imports],
    )


def list_actual_weeks(db: Database, actor: UserRef) -> list[ActualsWeekView]:
    """Every week with actuals (newest first) and the version each executed."""
    with db.session() as s:
        weeks = actual_weeks(s)
        versions = {v: s.get(VersionRow, v) for _, v, _ in weeks}
    out = []
    for week, version_id, rows in weeks:
        row = versions[version_id]
        if row is None:  # pragma: no cover - guarded by the schema
            continue
        view = get_version(db, actor, row.scenario_id, row.n)
        out.append(
            ActualsWeekView(
                week=week,
                scenario_id=view.scenario_id,
                scenario_name=view.scenario_name,
                n=view.n,
                url=view.url,
                rows=rows,
            )
        )
    return out
