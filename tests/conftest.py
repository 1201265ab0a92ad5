"""Shared fixtures: offline model settings, PostgreSQL availability policy."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

POSTGRES_URL = os.environ.get(
    "LANEWISE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the test PostgreSQL database; under CI=true an unreachable server fails."""
    if not _postgres_reachable():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is unreachable and CI=true requires it")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable (set CI=true to require it)")
    return POSTGRES_URL
