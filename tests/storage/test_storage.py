"""Storage: migrations build the schema from an empty database (SQLite and PostgreSQL),
networks are stored once by content, the head moves only by compare-and-set, solve runs
are keyed by network and settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel, func, select

from solver import Network, parse_edit
from storage import (
    Database,
    NetworkBlob,
    ScenarioRow,
    SolveRunRow,
    StorageSettings,
    UserRow,
    VersionRow,
    advance_head,
    find_solve_run,
    get_network,
    put_network,
    put_solve_run,
)

TABLES = {
    "user_account",
    "network_blob",
    "scenario",
    "version",
    "solve_run",
    "comment",
    "proposal",
    "decision",
    "conversation",
    "audit_log",
}


def _tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_build_schema_from_empty(db: Database) -> None:
    """From an empty database the migrations create every table, matching the models, and
    downgrading removes them all."""
    assert db.current_revision() == db.head_revision() is not None
    assert _tables(db) >= TABLES
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == []
    db.downgrade("base")
    assert _tables(db) == set()
    db.migrate()
    assert _tables(db) >= TABLES


def test_migrate_is_idempotent_and_runs_on_open(tmp_path: Path) -> None:
    """Opening the same file again finds the schema at head and changes nothing."""
    url = f"sqlite:///{tmp_path / 'sub' / 'x.db'}"
    Database(url).dispose()
    again = Database(url)
    assert again.current_revision() == again.head_revision()
    assert (tmp_path / "sub" / "x.db").exists()


def _owner(db: Database) -> int:
    with db.write_session() as s:
        user = UserRow(name="ann", email="ann@example.com", role="planner")
        s.add(user)
        s.flush()
        assert user.id is not None
        return user.id


def test_network_stored_once_by_content(db: Database, network: Network) -> None:
    """The same network written twice (rows in another order) is one compressed blob."""
    shuffled = Network(**{**network.__dict__, "demands": tuple(reversed(network.demands))})
    with db.write_session() as s:
        h1 = put_network(s, network)
        h2 = put_network(s, shuffled)
    with db.write_session() as s:
        h3 = put_network(s, network)
    assert h1 == h2 == h3 == network.content_hash()
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(NetworkBlob)).one() == 1
        blob = s.get(NetworkBlob, h1)
        assert blob is not None
        assert len(blob.data) < blob.raw_bytes == len(network.canonical_json().encode())
        loaded = get_network(s, h1)
        assert loaded.content_hash() == h1 and loaded.canonical_json() == network.canonical_json()
    edited = parse_edit({"op": "close_hub", "hubs": "Lyon"}).apply(network)
    with db.write_session() as s:
        put_network(s, edited)
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(NetworkBlob)).one() == 2
        with pytest.raises(KeyError):
            get_network(s, "0" * 64)


def test_network_cache_serves_repeated_reads(sqlite_db: Database, network: Network) -> None:
    """A cached network is returned without touching the stored row."""
    with sqlite_db.write_session() as s:
        h = put_network(s, network)
    assert sqlite_db.cached_network(h) is None
    with sqlite_db.session() as s:
        loaded = get_network(s, h, sqlite_db)
    assert loaded.content_hash() == h and sqlite_db.cached_network(h) is loaded
    with sqlite_db.session() as s:
        s.delete(s.get(NetworkBlob, h))  # gone from the table, still served from memory
        assert get_network(s, h, sqlite_db) is loaded
        s.rollback()
    sqlite_db.clear_cache()
    assert sqlite_db.cached_network(h) is None


def test_head_moves_only_by_compare_and_set(db: Database, network: Network) -> None:
    """advance_head succeeds from the expected head and refuses from a stale one."""
    owner = _owner(db)
    with db.write_session() as s:
        h = put_network(s, network)
        sc = ScenarioRow(name="s", owner_id=owner)
        s.add(sc)
        s.flush()
        assert sc.id is not None
        v1 = VersionRow(scenario_id=sc.id, n=1, kind="import", author_id=owner, network_hash=h)
        s.add(v1)
        s.flush()
        assert v1.id is not None
        assert advance_head(s, sc.id, None, v1.id)
        v2 = VersionRow(
            scenario_id=sc.id, n=2, parent_id=v1.id, kind="edit", author_id=owner, network_hash=h
        )
        s.add(v2)
        s.flush()
        assert v2.id is not None
        assert not advance_head(s, sc.id, None, v2.id)  # stale: head is v1 now
        assert advance_head(s, sc.id, v1.id, v2.id)
        assert not advance_head(s, sc.id, v1.id, v2.id)
        sid, v2id = sc.id, v2.id
    with db.session() as s:
        row = s.get(ScenarioRow, sid)
        assert row is not None and row.head_version_id == v2id


def test_solve_runs_keyed_by_network_and_settings(db: Database, network: Network) -> None:
    """Re-storing a run for the same (network, settings) updates it; other settings add one."""
    settings = {"backend": "highs", "time_limit_s": 10, "seed": 1}
    with db.write_session() as s:
        h = put_network(s, network)
        put_solve_run(s, h, settings, status="running")
        put_solve_run(
            s,
            h,
            dict(reversed(list(settings.items()))),
            status="optimal",
            objective=123.5,
            plan_json='{"trucks": []}',
            kpis={"total_cost_eur": 123.5, "service_level": 0.97},
        )
        put_solve_run(s, h, {**settings, "seed": 2}, status="optimal", objective=120.0)
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(SolveRunRow)).one() == 2
        run = find_solve_run(s, h, settings)
        assert run is not None and run.status == "optimal" and run.objective == 123.5
        assert run.kpis == {"total_cost_eur": 123.5, "service_level": 0.97}
        assert run.plan is not None and run.plan != b'{"trucks": []}'


def test_settings_pick_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """LANEWISE_HOME places the SQLite file; DATABASE_URL overrides it (postgres → psycopg)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    assert StorageSettings().resolved_url() == f"sqlite:///{tmp_path / 'home' / 'lanewise.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert StorageSettings().resolved_url() == "postgresql+psycopg://u@h/db"


def _open(url: str) -> str | None:
    db = Database(url)
    try:
        return db.current_revision()
    finally:
        db.dispose()


def test_processes_opening_a_fresh_file_migrate_once(tmp_path: Path) -> None:
    """Four processes opening the same new SQLite file at once all end at head, no errors."""
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'race.db'}"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        revisions = pool.map(_open, [url] * 4)
    assert len(set(revisions)) == 1 and revisions[0] is not None
