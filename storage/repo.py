"""Low-level persistence operations used by the use cases in ``tools/``.

Content-addressed networks, solve runs keyed by (network hash, settings hash), the
compare-and-set that moves a scenario's head, ancestry walks and the audit log.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from solver.network import Network
from storage.db import Database
from storage.models import (
    AuditRow,
    NetworkBlob,
    ScenarioRow,
    SolveRunRow,
    VersionRow,
    utcnow,
)

__all__ = [
    "advance_head",
    "ancestry",
    "compress_text",
    "decompress_text",
    "find_solve_run",
    "get_network",
    "put_network",
    "put_solve_run",
    "record_audit",
    "settings_hash",
    "solve_runs_for",
]

COMPRESSION_LEVEL = 6


def compress_text(text: str) -> bytes:
    """zlib-compressed UTF-8."""
    return zlib.compress(text.encode("utf-8"), COMPRESSION_LEVEL)


def decompress_text(data: bytes) -> str:
    """Inverse of :func:`compress_text`."""
    return zlib.decompress(data).decode("utf-8")


def _insert_ignore(session: Session, table: Any, values: dict[str, Any], key: list[str]) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=key)
    elif dialect == "sqlite":
        stmt = sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=key)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database dialect {dialect!r}")
    session.execute(stmt)


def put_network(session: Session, network: Network) -> str:
    """Store a network once (by content hash) and return the hash; existing ones are kept."""
    canonical = network.canonical_json()
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    if session.get(NetworkBlob, digest) is None:
        _insert_ignore(
            session,
            NetworkBlob.__table__,  # type: ignore[attr-defined]
            {
                "hash": digest,
                "data": compress_text(canonical),
                "raw_bytes": len(canonical.encode("utf-8")),
                "name": network.name,
                "created_at": utcnow(),
            },
            ["hash"],
        )
    return digest


def get_network(session: Session, network_hash: str, db: Database | None = None) -> Network:
    """Load a stored network by hash (from the database's cache when possible).

    Rows come back in canonical order (sorted by key), whatever order they were written in.

    Raises
    ------
    KeyError
        If no network with this hash is stored.
    """
    if db is not None:
        cached = db.cached_network(network_hash)
        if cached is not None:
            return cached
    blob = session.get(NetworkBlob, network_hash)
    if blob is None:
        raise KeyError(f"no stored network with hash {network_hash}")
    # Stored networks were validated when written; the JSON is trusted here.
    network = Network.model_validate_json(decompress_text(blob.data))
    if db is not None:
        db.cache_network(network_hash, network)
    return network


def advance_head(session: Session, scenario_id: int, expected: int | None, new: int) -> bool:
    """Compare-and-set: move the scenario's head to ``new`` only if it is still ``expected``.

    Returns False (and changes nothing) if another writer moved the head first.
    """
    cond = (
        ScenarioRow.head_version_id.is_(None)  # type: ignore[union-attr]
        if expected is None
        else col(ScenarioRow.head_version_id) == expected
    )
    stmt = (
        update(ScenarioRow)
        .where(col(ScenarioRow.id) == scenario_id)
        .where(cond)
        .values(head_version_id=new, updated_at=utcnow())
    )
    result = session.execute(stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


def ancestry(session: Session, head_id: int, stop_id: int | None = None) -> list[VersionRow]:
    """First-parent chain from ``head_id`` back to the root (or to ``stop_id``, excluded)."""
    out: list[VersionRow] = []
    current: int | None = head_id
    while current is not None and current != stop_id:
        row = session.get(VersionRow, current)
        if row is None:
            raise KeyError(f"version {current} is missing")
        out.append(row)
        current = row.parent_id
    return out


def settings_hash(settings: Mapping[str, Any]) -> str:
    """SHA-256 of settings as canonical JSON (sorted keys), the solve-run cache key."""
    text = json.dumps(dict(settings), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def put_solve_run(
    session: Session,
    network_hash: str,
    settings: Mapping[str, Any],
    *,
    status: str,
    objective: float | None = None,
    bound: float | None = None,
    gap: float | None = None,
    solver_version: str = "",
    plan_json: str | None = None,
    kpis: Mapping[str, Any] | None = None,
    message: str = "",
    duration_s: float | None = None,
) -> SolveRunRow:
    """Create or update the solve run for (network, settings); the plan is compressed."""
    key = settings_hash(settings)
    row = session.exec(
        select(SolveRunRow)
        .where(SolveRunRow.network_hash == network_hash)
        .where(SolveRunRow.settings_hash == key)
    ).first()
    if row is None:
        row = SolveRunRow(network_hash=network_hash, settings_hash=key, status=status)
    row.status = status
    row.objective = objective
    row.bound = bound
    row.gap = gap
    row.solver_version = solver_version
    row.settings = json.loads(json.dumps(dict(settings), default=str))
    row.plan = compress_text(plan_json) if plan_json is not None else None
    row.kpis = dict(kpis) if kpis is not None else None
    row.message = message
    row.duration_s = duration_s
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def find_solve_run(
    session: Session, network_hash: str, settings: Mapping[str, Any]
) -> SolveRunRow | None:
    """The stored run for exactly this network and settings, if any."""
    return session.exec(
        select(SolveRunRow)
        .where(SolveRunRow.network_hash == network_hash)
        .where(SolveRunRow.settings_hash == settings_hash(settings))
    ).first()


def solve_runs_for(session: Session, network_hash: str) -> list[SolveRunRow]:
    """Every stored run of a network, newest first."""
    return list(
        session.exec(
            select(SolveRunRow)
            .where(SolveRunRow.network_hash == network_hash)
            .order_by(col(SolveRunRow.updated_at).desc(), col(SolveRunRow.id).desc())
        )
    )


def record_audit(
    session: Session,
    actor_id: int | None,
    action: str,
    entity: str,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Append an audit entry (in the caller's transaction)."""
    session.add(
        AuditRow(
            actor_id=actor_id,
            action=action,
            entity=entity,
            details=json.loads(json.dumps(dict(details or {}), default=str)),
        )
    )
