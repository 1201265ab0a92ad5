"""A server killed (SIGKILL) during a solve job or during writes, on SQLite and PostgreSQL:
the next server on the same database reports the job failed at start-up (before anyone
reads it; the job list and the job's own page agree), the database is intact, and every
write that was acknowledged is there."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import text

from storage import SolveJobRow
from tests.scenario_fixtures import db, pg_db, pg_schema, sqlite_db  # noqa: F401
from tools import Database, bootstrap_admin, create_live, create_user, demo_network, user_ref

SERVER = """
import sys, uvicorn
from assistant.api import create_app
from assistant.config import AssistantSettings
from tools import Database
url, schema, port = sys.argv[1], sys.argv[2] or None, int(sys.argv[3])
db = Database(url, schema=schema)
settings = AssistantSettings(public_url="http://testserver", solve_workers=1)
app = create_app(db, settings, secret=b"k" * 32)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(database: Database) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A real server process over ``database``, ready to answer."""
    port = _free_port()
    args = [sys.executable, "-c", SERVER, database.url, database.schema or "", str(port)]
    proc = subprocess.Popen(args, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")
        yield proc, base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def _status(database: Database, job_id: str) -> str:
    with database.session() as s:
        row = s.get(SolveJobRow, job_id)
        assert row is not None
        return row.status


def test_a_job_of_a_killed_server_is_failed_when_the_next_starts(db: Database) -> None:  # noqa: F811
    """Kill -9 the server while its solve job runs: the job is failed as the next server
    starts (not left 'running' until its limit + 300 s), /jobs and /jobs/{id} say so, and
    the next solve of the same version runs to the end."""
    admin = user_ref(db, bootstrap_admin(db, "root", "root@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=20, seed=3))
    _, token = create_user(db, admin, "ann", "ann@example.com", "planner")
    auth = {"Authorization": f"Bearer {token}"}
    effort: dict[str, Any] = {"time_limit_s": 300, "relative_gap": 0.0, "mip_nodes": 100_000}
    with _server(db) as (proc, base):
        r = httpx.post(f"{base}/api/v1/scenarios/live/versions/1/solves", json=effort, headers=auth)
        assert r.status_code == 202, r.text
        job = r.json()["id"]
        deadline = time.monotonic() + 60
        while _status(db, job) != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _status(db, job) == "running"
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert _status(db, job) == "running"  # nobody could mark it: the process is gone
    killed_at = time.monotonic()
    with _server(db) as (_, base):
        assert _status(db, job) == "failed"  # at start-up, before anyone reads it
        started_s = time.monotonic() - killed_at
        listed = {j["id"]: j for j in httpx.get(f"{base}/api/v1/jobs", headers=auth).json()}
        one = httpx.get(f"{base}/api/v1/jobs/{job}", headers=auth).json()
        assert listed[job]["status"] == one["status"] == "failed"
        assert "worker stopped" in one["error"] and one["finished_at"] is not None
        print(f"job failed {started_s:.1f} s after the kill (restart included)")
        quick = {"time_limit_s": 60, "relative_gap": 0.05, "mip_nodes": 50}
        r = httpx.post(f"{base}/api/v1/scenarios/live/versions/1/solves", json=quick, headers=auth)
        assert r.status_code == 202 and r.json()["id"] != job
        again = r.json()["id"]
        deadline = time.monotonic() + 120
        while _status(db, again) in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _status(db, again) == "succeeded"


def _writer(
    base: str, auth: dict[str, str], scenario: int, acked: list[int], stop: threading.Event
) -> None:
    """Edit one scenario over and over, recording every version the server acknowledged."""
    head = 1
    edit = {"op": "scale_demand", "origin_regions": ["north"], "factor": 1.01}
    with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
        while not stop.is_set():
            try:
                r = client.post(
                    f"/api/v1/scenarios/{scenario}/edits",
                    json={"edits": [edit], "message": f"after {head}"},
                    headers={"If-Match": f'"{head}"'},
                )
            except httpx.TransportError:
                return  # the server is gone; whatever was not answered was not acknowledged
            assert r.status_code == 201, r.text
            head = int(r.json()["n"])
            acked.append(head)


def test_writes_acknowledged_before_a_kill_are_all_there(db: Database) -> None:  # noqa: F811
    """Four writers edit their scenarios while the server is killed with SIGKILL: after a
    restart the database passes its integrity check and every acknowledged version reads
    back with its edit, each scenario's head at least the last acknowledged version."""
    admin = user_ref(db, bootstrap_admin(db, "root", "root@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=8, seed=3))
    _, token = create_user(db, admin, "ann", "ann@example.com", "planner")
    auth = {"Authorization": f"Bearer {token}"}
    acked: dict[int, list[int]] = {}
    with _server(db) as (proc, base):
        for i in range(4):
            r = httpx.post(f"{base}/api/v1/scenarios", json={"name": f"w{i}"}, headers=auth)
            assert r.status_code == 201, r.text
            acked[int(r.json()["id"])] = []
        stop = threading.Event()
        writers = [
            threading.Thread(target=_writer, args=(base, auth, sid, acked[sid], stop))
            for sid in acked
        ]
        for w in writers:
            w.start()
        deadline = time.monotonic() + 60
        while sum(map(len, acked.values())) < 12 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        stop.set()
        for w in writers:
            w.join(timeout=60)
    assert all(acked.values()), acked
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    with _server(db) as (_, base), httpx.Client(base_url=base, headers=auth) as client:
        for sid, versions in acked.items():
            head = client.get(f"/api/v1/scenarios/{sid}").json()["head"]
            assert head >= versions[-1]
            for n in versions:
                v = client.get(f"/api/v1/scenarios/{sid}/versions/{n}")
                assert v.status_code == 200, (sid, n, v.text)
                assert v.json()["message"] == f"after {n - 1}"
