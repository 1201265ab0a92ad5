"""API latency benchmark: read endpoints of a served Lanewise, alone and under concurrent users.

A fresh database gets the demo network as live (solved), a scenario with volumes +20% in
the north (solved, warm-started) and one planner per simulated user. The app is served by
uvicorn in this process on a free loopback port, and httpx clients measure:

* **alone**: each endpoint requested one at a time (after a warm-up);
* **under load**: ``users`` clients, each with its own token, walking the endpoint list
  concurrently for ``rounds`` rounds.

The what-if question end to end needs the conversational agent: pass a
:class:`WhatIfProbe` (one question asked through HTTP, e.g. ``POST /chat``) to
:func:`run_benchmark` and it is timed alongside the endpoints, alone and under load.

Run: ``python -m evals.api [--hubs 40] [--users 20] [--requests 30] [--workers 1] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import httpx
import uvicorn
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from assistant.api import create_app
from assistant.config import AssistantSettings
from solver import program_stdout
from tools import (
    Database,
    SolveSettings,
    bootstrap_admin,
    create_live,
    create_scenario,
    create_user,
    demo_network,
    edit_scenario,
    solve_version,
    user_ref,
)

__all__ = [
    "EndpointLatency",
    "LatencyReport",
    "WhatIfProbe",
    "percentile",
    "run_benchmark",
    "serve_in_processes",
    "serve_in_thread",
]

TARGET_WHAT_IF_P95_S = 10.0
"""Issue target: a what-if answer (solved, warm-started) p95 <= 10 s alone on this machine."""


class WhatIfProbe(Protocol):
    """Asks one what-if question end to end through the served app and waits for the answer."""

    def __call__(self, client: httpx.AsyncClient, token: str) -> Awaitable[None]: ...


class EndpointLatency(BaseModel):
    """Latencies of one endpoint in milliseconds, alone and under load."""

    name: str
    path: str
    alone_n: int
    alone_p50_ms: float
    alone_p95_ms: float
    load_n: int
    load_p50_ms: float
    load_p95_ms: float
    errors: int


class LatencyReport(BaseModel):
    """The benchmark's setup and figures."""

    hubs: int
    lanes: int
    demands: int
    users: int
    workers: int
    requests_alone: int
    rounds_under_load: int
    solve_time_limit_s: float
    setup_s: float
    load_wall_s: float
    load_requests_per_s: float
    endpoints: list[EndpointLatency]
    what_if: EndpointLatency | None


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between closest ranks.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(db: Database, settings: AssistantSettings) -> Iterator[str]:
    """Serve the app over ``db`` with uvicorn on a free loopback port; yields the base URL."""
    port = _free_port()
    app = create_app(db, settings, secret=b"benchmark-session-secret-0123456789")
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name="lanewise-bench-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the benchmark server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def serve_in_processes(db_url: str, workers: int) -> Iterator[str]:
    """Serve with ``lanewise serve``'s worker factory in ``workers`` uvicorn processes on a
    free loopback port (all over the database at ``db_url``); yields the base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "LANEWISE_SECRET": "benchmark-session-secret-0123456789",
        "LANEWISE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "assistant.cli.serve:app_factory",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the benchmark server exited with code {proc.returncode}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the benchmark server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _setup(
    folder: Path, hubs: int, users: int, solve_s: float
) -> tuple[Database, list[str], int, tuple[int, int, int]]:
    """Database with live and a solved +20% north scenario; one planner token per user."""
    db = Database(f"sqlite:///{folder / 'bench.db'}")
    admin_view, _ = bootstrap_admin(db, "admin", "admin@localhost")
    admin = user_ref(db, admin_view.id)
    net = demo_network(hubs=hubs, seed=7)
    create_live(db, admin, net)
    settings = SolveSettings(time_limit_s=solve_s)
    solve_version(db, admin, "live", 1, settings=settings)
    sc = create_scenario(db, admin, "north-growth", shared=True)
    region = sorted(net.regions)[0]
    edit_scenario(
        db,
        admin,
        sc.id,
        [{"op": "scale_demand", "origin_regions": [region], "factor": 1.2}],
        expected_head=1,
    )
    solve_version(db, admin, sc.id, 2, settings=settings)
    tokens = []
    for i in range(users):
        _, token = create_user(db, admin, f"planner{i}", f"planner{i}@example.com", "planner")
        tokens.append(token)
    return db, tokens, sc.id, (len(net.hubs), len(net.lanes), len(net.demands))


def _endpoints(sid: int) -> list[tuple[str, str]]:
    base = f"/api/v1/scenarios/{sid}"
    return [
        ("health", "/api/v1/health"),
        ("list scenarios", "/api/v1/scenarios"),
        ("scenario", base),
        ("history", f"{base}/versions"),
        ("version", f"{base}/versions/2"),
        ("diff vs live", f"{base}/versions/2/diff?against=live"),
        ("result (KPIs, violations)", f"{base}/versions/2/result"),
        ("compare vs live", f"{base}/versions/2/compare?against=live"),
        ("export network JSON", f"{base}/versions/2/network?format=json"),
        ("version page (HTML)", f"/scenarios/{sid}/versions/2"),
    ]


async def _login(client: httpx.AsyncClient, name: str, token: str) -> None:
    r = await client.post("/login", data={"name": name, "token": token, "next": "/"})
    if r.status_code != 303:
        raise RuntimeError(f"login of {name} failed: {r.status_code}")


async def _timed(client: httpx.AsyncClient, path: str) -> tuple[float, bool]:
    start = time.perf_counter()
    r = await client.get(path)
    await r.aread()
    return (time.perf_counter() - start) * 1000.0, r.status_code == 200


async def _measure(
    base_url: str,
    tokens: list[str],
    sid: int,
    requests_alone: int,
    rounds: int,
    probe: WhatIfProbe | None,
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int], float, int]:
    endpoints = _endpoints(sid)
    alone: dict[str, list[float]] = defaultdict(list)
    load: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    timeout = httpx.Timeout(300.0)

    def client_for(i: int) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {tokens[i]}"},
            timeout=timeout,
            limits=httpx.Limits(max_connections=4),
        )

    async with client_for(0) as client:
        await _login(client, "planner0", tokens[0])
        for name, path in endpoints:
            for _ in range(2):  # warm-up: caches, first template render
                await _timed(client, path)
            for _ in range(requests_alone):
                ms, ok = await _timed(client, path)
                alone[name].append(ms)
                errors[name] += not ok
        if probe is not None:
            for _ in range(max(1, requests_alone // 10)):
                start = time.perf_counter()
                await probe(client, tokens[0])
                alone["what-if"].append((time.perf_counter() - start) * 1000.0)

    async def user(i: int) -> int:
        done = 0
        async with client_for(i) as client:
            await _login(client, f"planner{i}", tokens[i])
            for r in range(rounds):
                order = endpoints[i % len(endpoints) :] + endpoints[: i % len(endpoints)]
                for name, path in order:
                    ms, ok = await _timed(client, path)
                    load[name].append(ms)
                    errors[name] += not ok
                    done += 1
                if probe is not None and r == 0:
                    start = time.perf_counter()
                    await probe(client, tokens[i])
                    load["what-if"].append((time.perf_counter() - start) * 1000.0)
        return done

    start = time.perf_counter()
    counts = await asyncio.gather(*(user(i) for i in range(len(tokens))))
    wall = time.perf_counter() - start
    return alone, load, errors, wall, sum(counts)


def _latency(name: str, path: str, a: list[float], b: list[float], err: int) -> EndpointLatency:
    return EndpointLatency(
        name=name,
        path=path,
        alone_n=len(a),
        alone_p50_ms=round(percentile(a, 50), 2),
        alone_p95_ms=round(percentile(a, 95), 2),
        load_n=len(b),
        load_p50_ms=round(percentile(b, 50), 2),
        load_p95_ms=round(percentile(b, 95), 2),
        errors=err,
    )


def run_benchmark(
    hubs: int = 40,
    *,
    users: int = 20,
    requests_alone: int = 30,
    rounds: int = 3,
    solve_time_limit_s: float = 20.0,
    workers: int = 1,
    what_if: WhatIfProbe | None = None,
) -> LatencyReport:
    """Set up, serve and measure; see the module docstring. Everything is torn down after.

    ``workers`` > 1 serves with that many uvicorn processes (``lanewise serve --workers``)
    instead of one server thread in this process.
    """
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lanewise-bench-api-") as tmp:
        db, tokens, sid, size = _setup(Path(tmp), hubs, users, solve_time_limit_s)
        setup_s = time.perf_counter() - t0
        settings = AssistantSettings(public_url="http://127.0.0.1")
        try:
            server = (
                serve_in_thread(db, settings)
                if workers == 1
                else serve_in_processes(db.url, workers)
            )
            with server as base_url:
                alone, load, errors, wall, count = asyncio.run(
                    _measure(base_url, tokens, sid, requests_alone, rounds, what_if)
                )
        finally:
            db.dispose()
    endpoints = [
        _latency(name, path, alone[name], load[name], errors[name])
        for name, path in _endpoints(sid)
    ]
    probe = (
        _latency("what-if", "(probe)", alone["what-if"], load["what-if"], 0)
        if what_if is not None
        else None
    )
    return LatencyReport(
        hubs=size[0],
        lanes=size[1],
        demands=size[2],
        users=users,
        workers=workers,
        requests_alone=requests_alone,
        rounds_under_load=rounds,
        solve_time_limit_s=solve_time_limit_s,
        setup_s=round(setup_s, 2),
        load_wall_s=round(wall, 2),
        load_requests_per_s=round(count / wall, 1) if wall > 0 else math.nan,
        endpoints=endpoints,
        what_if=probe,
    )


def _table(report: LatencyReport) -> Table:
    table = Table(
        title=f"API latency on the {report.hubs}-hub demo ({report.lanes} lanes, "
        f"{report.demands} demands): alone and with {report.users} concurrent users, "
        f"{report.workers} server process(es)",
    )
    table.add_column("endpoint")
    for col in ("alone p50 ms", "alone p95 ms", "load p50 ms", "load p95 ms", "errors"):
        table.add_column(col, justify="right")
    rows = [*report.endpoints, *([report.what_if] if report.what_if else [])]
    for e in rows:
        table.add_row(
            e.name,
            f"{e.alone_p50_ms:.1f}",
            f"{e.alone_p95_ms:.1f}",
            f"{e.load_p50_ms:.1f}",
            f"{e.load_p95_ms:.1f}",
            str(e.errors),
        )
    return table


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, default=40)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="Requests per endpoint alone.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds per user under load.")
    parser.add_argument("--solve-time", type=float, default=20.0, help="Solve limit (setup).")
    parser.add_argument("--workers", type=int, default=1, help="Server processes (>1: uvicorn).")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    args = parser.parse_args(argv)
    with program_stdout():  # the solver's native prints go to stderr, not the report
        report = run_benchmark(
            args.hubs,
            users=args.users,
            requests_alone=args.requests,
            rounds=args.rounds,
            solve_time_limit_s=args.solve_time,
            workers=args.workers,
        )
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), indent=2))
        return
    console = Console(width=max(Console().width, 110))
    console.print(_table(report))
    console.print(
        f"Setup {report.setup_s:.1f} s (two solves); under load: {report.load_wall_s:.1f} s wall, "
        f"{report.load_requests_per_s:.1f} requests/s. What-if end to end: "
        + (
            f"p95 {report.what_if.alone_p95_ms / 1000:.1f} s alone "
            f"(target {TARGET_WHAT_IF_P95_S:.0f} s)"
            if report.what_if
            else "not measured (no what-if probe given)"
        )
    )


if __name__ == "__main__":
    main()
