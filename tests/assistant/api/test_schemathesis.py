"""Property-based requests generated from the OpenAPI document never cause a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.api import create_app
from assistant.config import AssistantSettings
from tests.assistant.api.conftest import SECRET, make_crew
from tools import Database

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXCLUDED = {("POST", "/api/v1/me/token")}
"""Operations left out: rotating the caller's own token would sign the run out."""


@pytest.fixture
def fuzz_schema(tmp_path: Path) -> Iterator[tuple[Any, dict[str, str]]]:
    """The app's OpenAPI schema (loaded through the app) and the crew's tokens."""
    db = Database(f"sqlite:///{tmp_path / 'fuzz.db'}")
    tokens, _ = make_crew(db)
    app = create_app(
        db,
        AssistantSettings(public_url="http://testserver", max_solve_time_s=10),
        secret=SECRET,
    )
    yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", app), tokens
    app.state.solve_executor.shutdown(wait=True, cancel_futures=True)
    db.dispose()


def _checker(op: Any, token: str) -> Any:
    """A hypothesis test of one operation: generated requests, none answered with a 5xx."""

    @given(case=op.as_strategy())
    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,  # seeded: the same requests on every run, so CI never fails at random
        database=None,
    )
    def check(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
        )

    return check


def test_no_server_errors(fuzz_schema: tuple[Any, dict[str, str]]) -> None:
    """Any generated request to any operation is answered without a 5xx (as planner ann; the
    user management operations as the admin)."""
    schema, tokens = fuzz_schema
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 30
    tried = 0
    for op in operations:
        if (op.method.upper(), op.path) in EXCLUDED:
            continue
        _checker(op, tokens["root" if op.path.startswith("/api/v1/users") else "ann"])()
        tried += 1
    assert tried == len(operations) - len(EXCLUDED)
