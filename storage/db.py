"""One :class:`Database` object per database: engine, sessions, migrations, network cache.

SQLite runs in WAL mode with a busy timeout, foreign keys on, and explicit ``BEGIN``
(``BEGIN IMMEDIATE`` for write sessions, so a read-then-write transaction never fails
half-way when another process committed in between). PostgreSQL can be confined to one
schema (``schema=``), which the tests use to get a clean database per session.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from solver.network import Network
from storage.settings import StorageSettings, normalise_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
"""The Alembic environment shipped inside the package."""

_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class Database:
    """Engine, sessions and migrations for one database URL.

    Parameters
    ----------
    url
        SQLAlchemy URL (``sqlite:///path.db`` or ``postgresql+psycopg://...``).
    schema
        PostgreSQL only: keep every table in this schema (created if missing).
    migrate
        Run the Alembic migrations up to head now.
    network_cache_size
        How many decoded networks to keep in memory, keyed by content hash.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> db = Database(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'x.db'}")
    >>> db.current_revision() == db.head_revision()
    True
    """

    def __init__(
        self,
        url: str,
        *,
        schema: str | None = None,
        migrate: bool = True,
        network_cache_size: int = 64,
        echo: bool = False,
    ) -> None:
        self.url = normalise_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if schema is not None and not _SCHEMA_NAME.match(schema):
            raise ValueError(f"schema {schema!r}: use letters, digits and underscores")
        if schema is not None and self.dialect != "postgresql":
            raise ValueError("schema= is only supported on PostgreSQL")
        self.schema = schema
        self.engine = self._make_engine(echo)
        self._cache: OrderedDict[str, Network] = OrderedDict()
        self._cache_size = network_cache_size
        self._lock = threading.Lock()
        if migrate:
            self.migrate()

    # ------------------------------------------------------------------ engine

    def _make_engine(self, echo: bool) -> Engine:
        if self.dialect == "sqlite":
            path = make_url(self.url).database
            if path and path != ":memory:":
                _private_file(Path(path))
            engine = create_engine(
                self.url,
                echo=echo,
                connect_args={"timeout": 60, "check_same_thread": False},
                poolclass=NullPool,
            )
            event.listen(engine, "connect", _sqlite_on_connect)
            event.listen(engine, "begin", _sqlite_on_begin)
            return engine
        connect_args: dict[str, Any] = {}
        if self.schema:
            connect_args["options"] = f"-csearch_path={self.schema}"
        engine = create_engine(self.url, echo=echo, connect_args=connect_args, pool_pre_ping=True)
        if self.schema:
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading (and small writes); committed by the caller."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """A session whose transaction takes the write lock up front on SQLite.

        Commits on normal exit, rolls back on an exception.
        """
        bind = self.engine.execution_options(lanewise_immediate=True)
        with Session(bind, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close pooled connections (call before a process fork or at exit)."""
        self.engine.dispose()

    # -------------------------------------------------------------- migrations

    def _alembic_config(self, connection: Connection) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.attributes["connection"] = connection
        return cfg

    def migrate(self, revision: str = "head") -> None:
        """Upgrade the schema to ``revision`` (idempotent; safe from several processes).

        On a SQLite file the first connection also switches the journal to WAL, which
        races with another process creating the schema; a lock file next to the
        database makes the whole step one process at a time.
        """
        path = make_url(self.url).database if self.dialect == "sqlite" else None
        if path and path != ":memory:":
            with FileLock(f"{path}.migrate-lock", mode=0o600):
                self._upgrade(revision)
        else:
            self._upgrade(revision)

    def _upgrade(self, revision: str) -> None:
        with self.engine.connect() as conn:
            # One migrator at a time across processes: SQLite takes the write lock at BEGIN,
            # PostgreSQL holds a transaction-level advisory lock.
            conn = conn.execution_options(lanewise_immediate=True)
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(724105551)"))
            command.upgrade(self._alembic_config(conn), revision)
            conn.commit()

    def downgrade(self, revision: str = "base") -> None:
        """Downgrade the schema (used by tests of the migrations)."""
        with self.engine.connect() as conn:
            command.downgrade(self._alembic_config(conn), revision)
            conn.commit()

    def current_revision(self) -> str | None:
        """The migration revision the database is at (None if empty)."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        """The newest migration revision shipped with this code."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        return ScriptDirectory.from_config(cfg).get_current_head()

    # ----------------------------------------------------------- network cache

    def cached_network(self, network_hash: str) -> Network | None:
        """A decoded network from the in-memory cache, if present."""
        with self._lock:
            net = self._cache.get(network_hash)
            if net is not None:
                self._cache.move_to_end(network_hash)
            return net

    def cache_network(self, network_hash: str, network: Network) -> None:
        """Remember a decoded network (least recently used ones are dropped)."""
        with self._lock:
            self._cache[network_hash] = network
            self._cache.move_to_end(network_hash)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        """Forget every cached network (for cold-start measurements)."""
        with self._lock:
            self._cache.clear()

    def __repr__(self) -> str:
        return f"Database({make_url(self.url).render_as_string(hide_password=True)!r})"


def _private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by its owner only: 0600 in 0700.

    A folder that exists already keeps its mode; the database file is always made 0600
    (SQLite gives its journal and WAL files the same mode).
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
            path.chmod(0o600)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions are unreliable).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("lanewise_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_DEFAULTS: dict[tuple[str, str | None], Database] = {}
_DEFAULTS_LOCK = threading.Lock()


def default_database() -> Database:
    """The database the environment names (``DATABASE_URL`` / ``LANEWISE_HOME``).

    One :class:`Database` per distinct URL is created (and migrated) on first use and
    reused afterwards, so changing the environment selects another database.
    """
    settings = StorageSettings()
    key = (settings.resolved_url(), settings.database_schema)
    with _DEFAULTS_LOCK:
        db = _DEFAULTS.get(key)
        if db is None:
            db = Database(key[0], schema=key[1])
            _DEFAULTS[key] = db
        return db
