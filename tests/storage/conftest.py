"""Database fixtures for the storage tests."""

from tests.scenario_fixtures import db, network, pg_db, pg_schema, sqlite_db

__all__ = ["db", "network", "pg_db", "pg_schema", "sqlite_db"]
