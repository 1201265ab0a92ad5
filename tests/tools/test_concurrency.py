"""Concurrent writers on one scenario, in threads and in separate processes, on SQLite and
PostgreSQL: every edit is accounted for (applied, rebased, or refused with a conflict),
the parent chain is intact, and no successful write is lost."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pytest

from solver import Demand, Network, apply_edits, parse_edits, parse_network
from storage import Database
from tests.tools.conftest import Team
from tools import (
    Conflict,
    UserRef,
    edit_scenario,
    get_scenario,
    history,
    import_network,
    version_network,
)

Outcome = tuple[str, str, int | None]  # (demand id, applied/rebased/conflict, version id)


def _busy_network(base: Network, writers: int) -> Network:
    """The tiny network plus one private demand per writer (W0..) and one shared demand S."""
    extra = [
        Demand(
            id=did,
            origin="PAR",
            destination="LYS",
            release_day=0,
            volume_t=100,
            due_h=36,
            penalty_late_eur_per_t=10,
            penalty_unserved_eur_per_t=100,
        )
        for did in [*(f"W{w}" for w in range(writers)), "S"]
    ]
    fields = {name: getattr(base, name) for name in type(base).model_fields}
    fields["demands"] = (*base.demands, *extra)
    return parse_network(Network(**fields))


def _write_many(
    db: Database, actor: UserRef, scenario_id: int, writer: int, edits: int, shared_every: int
) -> list[Outcome]:
    """One writer: read the head, then add 1 t to its own demand (or to S), naming that head."""
    out: list[Outcome] = []
    for i in range(edits):
        target = "S" if i % shared_every == 0 else f"W{writer}"
        head = get_scenario(db, actor, scenario_id).head
        edit = {"op": "scale_demand", "demand_ids": [target], "delta_t": 1}
        try:
            v = edit_scenario(db, actor, scenario_id, edit, expected_head=head)
            out.append((target, "rebased" if v.rebased else "applied", v.version_id))
        except Conflict as exc:
            assert exc.theirs and exc.theirs[0].entities == [f"demand:{target}"]
            out.append((target, "conflict", None))
    return out


def _process_writer(
    url: str, schema: str | None, actor: UserRef, scenario_id: int, writer: int, edits: int
) -> list[Outcome]:
    db = Database(url, schema=schema, migrate=False)
    try:
        return _write_many(db, actor, scenario_id, writer, edits, shared_every=4)
    finally:
        db.dispose()


def _setup(team: Team, network: Network, writers: int) -> tuple[int, Network]:
    busy = _busy_network(network, writers)
    sc = import_network(team.db, team.ann, busy, "busy", shared=True)
    return sc.id, busy


def _verify(team: Team, scenario_id: int, base: Network, results: list[Outcome]) -> Counter[str]:
    """Read everything back and check it against the writers' own accounts."""
    done = [r for r in results if r[1] != "conflict"]
    hist = history(team.db, team.vic, scenario_id, limit=None)
    # The parent chain is intact: v(k) -> v(k-1) -> ... -> v1, one version per success.
    assert [h.n for h in hist] == list(range(len(done) + 1, 0, -1))
    ids = {h.version_id for h in hist}
    assert {r[2] for r in done} <= ids, "a successful write is missing from the history"
    final = version_network(team.db, team.vic, scenario_id)
    gained = Counter(r[0] for r in done)
    for did, demand in base.demand_by_id.items():
        got = final.demand_by_id[did].volume_t
        assert got == pytest.approx(demand.volume_t + gained.get(did, 0)), did
    # Own demands are never contended: those writes all land.
    assert not [r for r in results if r[0] != "S" and r[1] == "conflict"]
    # Every version is exactly its parent plus its own edits.
    for newer, older in pairwise(hist):
        parent = version_network(team.db, team.vic, scenario_id, older.n)
        assert apply_edits(parent, parse_edits(newer.edits)).content_hash() == newer.network_hash
    return Counter(r[1] for r in results)


def test_threads_write_concurrently(team: Team, network: Network) -> None:
    """4 threads x 12 edits: all accounted for, none lost, own-demand edits all land."""
    writers, edits = 4, 12
    sid, base = _setup(team, network, writers)
    actors = [team.ann, team.bob, team.apo, team.admin]
    with ThreadPoolExecutor(writers) as pool:
        futures = [
            pool.submit(_write_many, team.db, actors[w], sid, w, edits, 3) for w in range(writers)
        ]
        results = [r for f in futures for r in f.result()]
    assert len(results) == writers * edits
    counts = _verify(team, sid, base, results)
    assert counts["applied"] + counts["rebased"] >= writers * edits - edits


@pytest.mark.slow
def test_processes_write_concurrently(team: Team, network: Network) -> None:
    """8 processes x 50 edits on one scenario: every edit accounted for, no lost update."""
    writers, edits = 8, 50
    sid, base = _setup(team, network, writers)
    ctx = multiprocessing.get_context("fork")
    actors = [team.ann, team.bob]
    with ctx.Pool(writers) as pool:
        jobs = [
            pool.apply_async(
                _process_writer,
                (team.db.url, team.db.schema, actors[w % 2], sid, w, edits),
            )
            for w in range(writers)
        ]
        results = [r for job in jobs for r in job.get(timeout=600)]
    assert len(results) == writers * edits
    counts = _verify(team, sid, base, results)
    # Contention really happened: some writes were rebased past others.
    assert counts["rebased"] > 0
    print(f"\n{team.db.dialect}: {dict(counts)}")
