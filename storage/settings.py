"""Where the database lives: ``DATABASE_URL`` or a SQLite file under ``LANEWISE_HOME``."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class StorageSettings(BaseSettings):
    """Storage configuration read from the environment.

    ``LANEWISE_HOME`` (default ``./.lanewise``) holds ``lanewise.db`` when no
    ``DATABASE_URL`` is set; ``DATABASE_URL`` selects another database, e.g.
    ``postgresql+psycopg://user@host/db`` (``postgresql://`` is read as psycopg 3).
    ``DATABASE_SCHEMA`` puts every table in one PostgreSQL schema (created if missing).
    """

    model_config = SettingsConfigDict(extra="ignore")

    lanewise_home: Path = Field(default=Path(".lanewise"))
    database_url: str | None = None
    database_schema: str | None = None

    def resolved_url(self) -> str:
        """The SQLAlchemy URL to connect to."""
        if self.database_url:
            return normalise_url(self.database_url)
        return f"sqlite:///{(self.lanewise_home / 'lanewise.db').resolve()}"


def normalise_url(url: str) -> str:
    """Point bare PostgreSQL URLs at the installed psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
