"""Fixtures shared by the storage, tools and CLI tests: databases and a tiny network.

Import the fixtures into a directory's conftest.py. PostgreSQL tests get a fresh schema
per test (dropped afterwards), so reruns and parallel runs never see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from solver import Network, parse_network
from storage import Database


def tiny_network(name: str = "tiny") -> Network:
    """Four hubs in three regions, five lanes, six demands, two trailer pools, drivers."""

    def hub(hid: str, hname: str, region: str, lat: float, lon: float) -> dict[str, Any]:
        return {
            "id": hid,
            "name": hname,
            "region": region,
            "lat": lat,
            "lon": lon,
            "capacity_t_per_day": 600,
            "handling_cost_eur_per_t": 2.0,
        }

    def lane(o: str, d: str, km: float) -> dict[str, Any]:
        return {
            "id": f"{o}-{d}",
            "origin": o,
            "destination": d,
            "distance_km": km,
            "transit_h": km / 70,
            "cost_eur_per_truck": km * 1.4,
            "cost_eur_per_t": 0.3,
            "truck_capacity_t": 24,
            "max_trucks_per_day": 6,
        }

    def demand(did: str, o: str, d: str, day: int, vol: float) -> dict[str, Any]:
        return {
            "id": did,
            "origin": o,
            "destination": d,
            "release_day": day,
            "volume_t": vol,
            "due_h": 36,
            "customer": "Acme",
            "penalty_late_eur_per_t": 10,
            "penalty_unserved_eur_per_t": 100,
        }

    return parse_network(
        {
            "name": name,
            "hubs": [
                hub("LIL", "Lille", "north", 50.63, 3.06),
                hub("PAR", "Paris", "north", 48.86, 2.35),
                hub("LYS", "Lyon", "south", 45.76, 4.84),
                hub("STR", "Strasbourg", "east", 48.57, 7.75),
            ],
            "lanes": [
                lane("LIL", "PAR", 225),
                lane("PAR", "LIL", 225),
                lane("PAR", "LYS", 465),
                lane("LYS", "PAR", 465),
                lane("STR", "LYS", 490),
            ],
            "demands": [
                demand("D1", "LIL", "LYS", 0, 40),
                demand("D2", "PAR", "LYS", 1, 60),
                demand("D3", "LYS", "PAR", 0, 25),
                demand("D4", "STR", "LYS", 2, 20),
                demand("D5", "LIL", "PAR", 3, 15),
                demand("D6", "PAR", "LIL", 4, 30),
            ],
            "fleet": [{"hub": "PAR", "trailers": 20}, {"hub": "LYS", "trailers": 10}],
            "drivers": [
                {"region": r, "day": d, "drivers": 10}
                for r in ("north", "south", "east")
                for d in range(7)
            ],
        }
    )


@pytest.fixture
def network() -> Network:
    """The tiny four-hub network."""
    return tiny_network()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database in a fresh temporary file."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    yield db
    db.dispose()


def _drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def pg_schema(postgres_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema name (dropped after the test)."""
    schema = f"lw_test_{uuid.uuid4().hex[:12]}"
    yield schema
    _drop_schema(postgres_url, schema)


@pytest.fixture
def pg_db(postgres_url: str, pg_schema: str) -> Iterator[Database]:
    """A migrated PostgreSQL database confined to a fresh schema."""
    db = Database(postgres_url, schema=pg_schema)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    database: Database = request.getfixturevalue(name)
    return database
