"""Versioned what-if scenarios: create, clone, edit, history, diff, revert, share,
comment, propose and promote to live — with permissions and safe concurrent writes.

A *version* is immutable (parents, edits, author, message, time, network hash); a
*scenario* is a named pointer to its head version. Version numbers ``n`` count along a
scenario's history (a clone continues the numbering of its source), and every version
has a stable address ``/scenarios/{id}/versions/{n}``.

Every write names the head it was based on. If the head moved in between, the write is
rebased when its edits touch entities disjoint from the changes that came in between,
and refused with :class:`~tools.errors.Conflict` naming both sides otherwise. The head
moves only by compare-and-set in the database, so no write is lost across threads or
processes, on SQLite and PostgreSQL alike.

Every function takes the acting user explicitly; a private scenario is reported as not
found to everyone but its owner.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from solver import (
    Edit,
    EditError,
    Network,
    NetworkValidationError,
    apply_edits,
    describe_edits,
    edits_to_json,
    parse_edits,
    parse_network,
)
from solver.trust import plan_health
from storage import (
    AuditRow,
    CommentRow,
    Database,
    DecisionRow,
    NetworkBlob,
    ProposalRow,
    Role,
    ScenarioRow,
    SolveRunRow,
    UserRow,
    VersionKind,
    VersionRow,
    advance_head,
    ancestry,
    as_utc,
    get_network,
    put_network,
    record_audit,
    solve_runs_for,
    utcnow,
)
from tools.access import (
    can_see,
    require_editable,
    require_owner,
    require_role,
    require_visible,
)
from tools.diff import EntityChange, KpiDelta, changed_keys, kpi_deltas, network_diff, overlay
from tools.diff_words import DiffGroup, describe_changes, groups_text
from tools.errors import (
    Conflict,
    ConflictingEdit,
    InvalidEdit,
    InvalidRequest,
    NotFound,
    UntrustedPlan,
)
from tools.identity import UserRef, fits_id, is_plain_int, load_actor

__all__ = [
    "LIVE",
    "AuditEntryView",
    "CommentView",
    "DecisionView",
    "DiffView",
    "ProposalView",
    "ScenarioRef",
    "ScenarioView",
    "VersionKey",
    "VersionRef",
    "VersionView",
    "add_comment",
    "audit_trail",
    "clone_scenario",
    "create_live",
    "create_scenario",
    "decisions",
    "diff_versions",
    "edit_scenario",
    "get_scenario",
    "get_version",
    "history",
    "import_network",
    "list_comments",
    "list_proposals",
    "list_scenarios",
    "parse_version_ref",
    "promote",
    "proposal_blockers",
    "propose",
    "revert",
    "share",
    "unshare",
    "version_network",
]


LIVE = "live"
"""Name of the protected scenario that holds the committed plan."""

MAX_WRITE_ATTEMPTS = 200
"""Compare-and-set retries before a write gives up (with a Conflict, never silently)."""

ScenarioRef = int | str
"""A scenario by id (``12`` or ``"12"``) or by name (own scenarios first, then shared)."""

_NAME = re.compile(r"^[^@\s/][^@/]{0,99}$")


# --------------------------------------------------------------------- views


class ScenarioView(BaseModel):
    """A scenario as the channels show it."""

    id: int
    name: str
    description: str
    owner: str
    owner_id: int
    shared: bool
    protected: bool
    is_live: bool
    head: int | None
    head_version_id: int | None
    network_hash: str | None
    network_name: str | None
    created_at: datetime
    updated_at: datetime
    url: str


class VersionView(BaseModel):
    """One immutable version, addressed through the scenario it was read from."""

    scenario_id: int
    scenario_name: str
    n: int
    version_id: int
    kind: VersionKind
    parent_n: int | None
    merged_from: str | None = None
    edits: list[dict[str, Any]]
    descriptions: list[str]
    author: str
    message: str
    created_at: datetime
    network_hash: str
    rebased: bool
    based_on_n: int | None
    url: str


class VersionKey(BaseModel):
    """A version's address and content hash."""

    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    url: str


class DiffView(BaseModel):
    """What changed from version ``a`` to version ``b``, and the KPI deltas if both solved."""

    a: VersionKey
    b: VersionKey
    identical: bool
    changes: list[EntityChange]
    summary: dict[str, dict[str, int]]
    groups: list[DiffGroup] = []
    """The changes grouped by kind (demand, hubs, lanes, drivers, fleet, policy) in words,
    with totals, and every change on its own line."""
    text: str = ""
    """The grouped changes as Markdown: what chat, Slack, the CLI and the pages show."""
    kpis: list[KpiDelta] | None
    kpi_note: str


class CommentView(BaseModel):
    """A comment on a version."""

    id: int
    scenario_id: int
    n: int
    author: str
    text: str
    created_at: datetime


class ProposalView(BaseModel):
    """A request to promote one exact version to live."""

    id: int
    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    author: str
    message: str
    status: str
    created_at: datetime
    override_reasons: list[str] = []
    """Reasons against the plan the author overrode to propose it (approvers read these)."""


class DecisionView(BaseModel):
    """A promotion to live: who, when, why, which exact version, and the KPIs then."""

    id: int
    scenario_id: int
    scenario_name: str
    n: int
    live_n: int
    network_hash: str
    approver: str
    reason: str
    kpis: dict[str, Any] | None
    created_at: datetime
    url: str


class AuditEntryView(BaseModel):
    """One line of the audit trail."""

    id: int
    at: datetime
    actor: str | None
    action: str
    entity: str
    details: dict[str, Any]


class VersionRef(BaseModel):
    """A version: scenario (id or name) and number ``n`` (None: the head)."""

    scenario: int | str
    n: int | None = None


def parse_version_ref(text: str | VersionRef) -> VersionRef:
    """Read ``"north-growth@3"``, ``"12@3"``, ``"live"`` or ``"12/versions/3"``.

    Examples
    --------
    >>> parse_version_ref("north@3")
    VersionRef(scenario='north', n=3)
    >>> parse_version_ref("7").n is None
    True
    """
    if isinstance(text, VersionRef):
        return text
    raw = text.strip().removeprefix("/scenarios/")
    for sep in ("@", "/versions/"):
        if sep in raw:
            left, right = raw.rsplit(sep, 1)
            if not is_plain_int(right.strip().lstrip("v")):
                raise InvalidRequest(f"version {right!r} in {text!r} is not a number")
            scen: int | str = int(left) if is_plain_int(left) else left
            return VersionRef(scenario=scen, n=int(right.strip().lstrip("v")))
    return VersionRef(scenario=int(raw) if is_plain_int(raw) else raw)


# ------------------------------------------------------------------- helpers


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(UserRow).where(col(UserRow.id).in_(ids)))
    return {r.id: r.name for r in rows if r.id is not None}


def _resolve(session: Session, me: UserRow, ref: ScenarioRef) -> ScenarioRow:
    """A scenario the actor can see, by id or name; NotFound otherwise."""
    if isinstance(ref, int) or is_plain_int(ref.strip()):
        row = session.get(ScenarioRow, int(ref)) if fits_id(int(ref)) else None
        return require_visible(me, row, ref)
    name = ref.strip()
    rows = [
        r
        for r in session.exec(
            select(ScenarioRow).where(func.lower(ScenarioRow.name) == name.lower())
        )
        if can_see(me, r)
    ]
    if not rows:
        raise NotFound(f"no scenario {ref!r}")
    if len(rows) == 1:
        return rows[0]
    mine = [r for r in rows if r.owner_id == me.id]
    if len(mine) == 1:
        return mine[0]
    ids = ", ".join(str(r.id) for r in rows)
    raise InvalidRequest(f"several scenarios are named {name!r} (ids {ids}): use the id")


def _head(session: Session, sc: ScenarioRow) -> VersionRow:
    if sc.head_version_id is None:
        raise NotFound(f"scenario {sc.name!r} has no versions")
    row = session.get(VersionRow, sc.head_version_id)
    if row is None:  # pragma: no cover - guarded by the schema
        raise NotFound(f"head of scenario {sc.name!r} is missing")
    return row


def _version(session: Session, sc: ScenarioRow, n: int | None) -> VersionRow:
    """Version ``n`` in the scenario's history (the head if None)."""
    head = _head(session, sc)
    if n is None or n == head.n:
        return head
    if n < 1 or n > head.n:
        raise NotFound(f"scenario {sc.name!r} has no version {n} (its head is v{head.n})")
    own = session.exec(
        select(VersionRow).where(VersionRow.scenario_id == sc.id).where(VersionRow.n == n)
    ).first()
    if own is not None:
        return own
    current: VersionRow | None = head
    while current is not None and current.n > n:
        current = session.get(VersionRow, current.parent_id) if current.parent_id else None
    if current is None or current.n != n:
        raise NotFound(f"scenario {sc.name!r} has no version {n}")
    return current


def _scenario_view(session: Session, sc: ScenarioRow) -> ScenarioView:
    assert sc.id is not None
    head = session.get(VersionRow, sc.head_version_id) if sc.head_version_id else None
    owner = _names(session, {sc.owner_id}).get(sc.owner_id, "?")
    net_name = None
    if head is not None:
        net_name = session.exec(
            select(NetworkBlob.name).where(NetworkBlob.hash == head.network_hash)
        ).first()
    return ScenarioView(
        id=sc.id,
        name=sc.name,
        description=sc.description,
        owner=owner,
        owner_id=sc.owner_id,
        shared=sc.shared,
        protected=sc.protected,
        is_live=sc.protected and sc.name == LIVE,
        head=head.n if head else None,
        head_version_id=head.id if head else None,
        network_hash=head.network_hash if head else None,
        network_name=net_name,
        created_at=as_utc(sc.created_at),
        updated_at=as_utc(sc.updated_at),
        url=f"/scenarios/{sc.id}",
    )


def _version_view(
    session: Session, sc: ScenarioRow, v: VersionRow, names: Mapping[int, str] | None = None
) -> VersionView:
    assert sc.id is not None and v.id is not None
    names = names if names is not None else _names(session, {v.author_id})
    based_on_n = None
    if v.based_on_id is not None:
        based = session.get(VersionRow, v.based_on_id)
        based_on_n = based.n if based else None
    merged_from = None
    if v.merge_parent_id is not None:
        src = session.get(VersionRow, v.merge_parent_id)
        if src is not None:
            src_sc = session.get(ScenarioRow, src.scenario_id)
            merged_from = f"{src_sc.name if src_sc else '?'} v{src.n}"
    return VersionView(
        scenario_id=sc.id,
        scenario_name=sc.name,
        n=v.n,
        version_id=v.id,
        kind=VersionKind(v.kind),
        parent_n=v.n - 1 if v.parent_id is not None else None,
        merged_from=merged_from,
        edits=list(v.edits),
        descriptions=list(v.descriptions),
        author=names.get(v.author_id, "?"),
        message=v.message,
        created_at=as_utc(v.created_at),
        network_hash=v.network_hash,
        rebased=v.based_on_id is not None,
        based_on_n=based_on_n,
        url=f"/scenarios/{sc.id}/versions/{v.n}",
    )


def _check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name) or is_plain_int(name):
        raise InvalidRequest(
            f"name {name!r}: 1-100 characters, not only digits, without '@' or '/'"
        )
    if name.lower() == LIVE:
        raise InvalidRequest(f"name {name!r} is reserved for the committed plan")
    return name


def _network(session: Session, db: Database, v: VersionRow) -> Network:
    return get_network(session, v.network_hash, db)


# ------------------------------------------------------------------ creating


def _new_scenario(
    session: Session,
    me: UserRow,
    name: str,
    *,
    head: VersionRow | None,
    shared: bool,
    protected: bool = False,
    description: str = "",
) -> ScenarioRow:
    assert me.id is not None
    sc = ScenarioRow(
        name=name,
        owner_id=me.id,
        shared=shared,
        protected=protected,
        description=description,
        head_version_id=head.id if head else None,
        base_version_id=head.id if head else None,
    )
    session.add(sc)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"you already have a scenario named {name!r}") from None
    return sc


def _import(
    db: Database,
    me_ref: UserRef,
    network: Network,
    name: str,
    *,
    message: str,
    shared: bool,
    protected: bool,
    description: str,
) -> ScenarioView:
    try:
        network = parse_network(network)
    except NetworkValidationError as exc:
        raise InvalidRequest(str(exc)) from None
    with db.write_session() as s:
        me = load_actor(s, me_ref)
        assert me.id is not None
        sc = _new_scenario(
            s, me, name, head=None, shared=shared, protected=protected, description=description
        )
        assert sc.id is not None
        digest = put_network(s, network)
        v = VersionRow(
            scenario_id=sc.id,
            n=1,
            kind=VersionKind.IMPORT.value,
            edits=[],
            descriptions=[f"Import network {network.name!r}"],
            touches=[],
            author_id=me.id,
            message=message,
            network_hash=digest,
        )
        s.add(v)
        s.flush()
        assert v.id is not None
        if not advance_head(s, sc.id, None, v.id):  # pragma: no cover - row is brand new
            raise Conflict("the new scenario was changed while being created")
        record_audit(
            s, me.id, "scenario.import", f"scenario:{sc.id}", {"name": name, "hash": digest}
        )
        s.flush()
        s.refresh(sc)
        return _scenario_view(s, sc)


def import_network(
    db: Database,
    actor: UserRef,
    network: Network,
    name: str,
    *,
    message: str = "",
    shared: bool = False,
    description: str = "",
) -> ScenarioView:
    """Planner: store a network as the first version of a new (private) scenario."""
    name = _check_name(name)
    with db.session() as s:
        require_role(load_actor(s, actor), Role.PLANNER, "importing a network")
    return _import(
        db,
        actor,
        network,
        name,
        message=message or f"Imported {network.name}",
        shared=shared,
        protected=False,
        description=description,
    )


def create_live(
    db: Database, actor: UserRef, network: Network, *, message: str = ""
) -> ScenarioView:
    """Admin: create the protected ``live`` scenario holding the committed plan (once)."""
    with db.session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "creating the live scenario")
        existing = s.exec(
            select(ScenarioRow).where(ScenarioRow.name == LIVE).where(col(ScenarioRow.protected))
        ).first()
        if existing is not None:
            raise Conflict("the live scenario exists already; change it by promoting a version")
    return _import(
        db,
        actor,
        network,
        LIVE,
        message=message or f"Initial live network {network.name}",
        shared=True,
        protected=True,
        description="The committed plan",
    )


def create_scenario(
    db: Database,
    actor: UserRef,
    name: str,
    *,
    source: ScenarioRef = LIVE,
    n: int | None = None,
    shared: bool = False,
    description: str = "",
) -> ScenarioView:
    """Planner: a new scenario whose head is version ``n`` of ``source`` (default: live's head).

    It is a pointer, so creating it copies nothing (O(1)), whatever the network's size.
    """
    name = _check_name(name)
    with db.write_session() as s:
        me = load_actor(s, actor)
        src = _resolve(s, me, source)
        require_role(me, Role.PLANNER, "creating scenarios")
        base = _version(s, src, n)
        sc = _new_scenario(s, me, name, head=base, shared=shared, description=description)
        record_audit(
            s,
            me.id,
            "scenario.create",
            f"scenario:{sc.id}",
            {"name": name, "from_scenario": src.id, "from_n": base.n},
        )
        return _scenario_view(s, sc)


def clone_scenario(
    db: Database, actor: UserRef, source: ScenarioRef, name: str, *, shared: bool = False
) -> ScenarioView:
    """Planner: copy a scenario as a new pointer at its current head (O(1))."""
    return create_scenario(db, actor, name, source=source, shared=shared)


# -------------------------------------------------------------------- reading


def list_scenarios(db: Database, actor: UserRef) -> list[ScenarioView]:
    """Every scenario the actor can see: live first, then by id."""
    with db.session() as s:
        me = load_actor(s, actor)
        rows = s.exec(
            select(ScenarioRow)
            .where(
                or_(
                    col(ScenarioRow.shared),
                    col(ScenarioRow.protected),
                    ScenarioRow.owner_id == me.id,
                )
            )
            .order_by(col(ScenarioRow.protected).desc(), col(ScenarioRow.id))
        )
        return [_scenario_view(s, r) for r in rows]


def get_scenario(db: Database, actor: UserRef, scenario: ScenarioRef) -> ScenarioView:
    """One scenario (NotFound if it does not exist or is someone else's private one)."""
    with db.session() as s:
        return _scenario_view(s, _resolve(s, load_actor(s, actor), scenario))


def get_version(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> VersionView:
    """Version ``n`` of a scenario (its head if None)."""
    with db.session() as s:
        sc = _resolve(s, load_actor(s, actor), scenario)
        return _version_view(s, sc, _version(s, sc, n))


def version_network(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> Network:
    """The network of version ``n`` (head if None), from the content-addressed store."""
    with db.session() as s:
        sc = _resolve(s, load_actor(s, actor), scenario)
        return _network(s, db, _version(s, sc, n))


def history(
    db: Database, actor: UserRef, scenario: ScenarioRef, *, limit: int | None = 100
) -> list[VersionView]:
    """The scenario's versions, newest first, following first parents back to the import."""
    with db.session() as s:
        sc = _resolve(s, load_actor(s, actor), scenario)
        head = _head(s, sc)
        chain: list[VersionRow] = []
        current: VersionRow | None = head
        while current is not None and (limit is None or len(chain) < limit):
            chain.append(current)
            current = s.get(VersionRow, current.parent_id) if current.parent_id else None
        names = _names(s, {v.author_id for v in chain})
        return [_version_view(s, sc, v, names) for v in chain]


def _key(sc: ScenarioRow, v: VersionRow) -> VersionKey:
    assert sc.id is not None
    return VersionKey(
        scenario_id=sc.id,
        scenario_name=sc.name,
        n=v.n,
        network_hash=v.network_hash,
        url=f"/scenarios/{sc.id}/versions/{v.n}",
    )


def _latest_kpis(session: Session, network_hash: str) -> dict[str, tuple[dict[str, Any], Any]]:
    out: dict[str, tuple[dict[str, Any], Any]] = {}
    for run in solve_runs_for(session, network_hash):
        if run.kpis and run.settings_hash not in out:
            out[run.settings_hash] = (run.kpis, run.updated_at)
    return out


def diff_versions(
    db: Database, actor: UserRef, a: VersionRef | str, b: VersionRef | str
) -> DiffView:
    """Entities added / removed / changed from ``a`` to ``b``; KPI deltas if both are solved
    with the same settings (the most recent such pair of solve runs)."""
    ra, rb = parse_version_ref(a), parse_version_ref(b)
    with db.session() as s:
        me = load_actor(s, actor)
        sa, sb = _resolve(s, me, ra.scenario), _resolve(s, me, rb.scenario)
        va, vb = _version(s, sa, ra.n), _version(s, sb, rb.n)
        na, nb = _network(s, db, va), _network(s, db, vb)
        changes = [] if va.network_hash == vb.network_hash else network_diff(na, nb)
        summary: dict[str, dict[str, int]] = {}
        for c in changes:
            bucket = summary.setdefault(c.entity, {"added": 0, "removed": 0, "changed": 0})
            bucket[c.change] += 1
        ka, kb = _latest_kpis(s, va.network_hash), _latest_kpis(s, vb.network_hash)
        common = set(ka) & set(kb)
        kpis: list[KpiDelta] | None = None
        if common:
            best = max(common, key=lambda h: max(ka[h][1], kb[h][1]))
            kpis = kpi_deltas(ka[best][0], kb[best][0])
            note = f"KPIs of the solve runs with settings {best[:12]}"
        elif not ka or not kb:
            missing = [f"v{v.n}" for v, k in ((va, ka), (vb, kb)) if not k]
            note = f"no KPI deltas: {' and '.join(missing)} not solved"
        else:
            note = "no KPI deltas: the two versions were solved with different settings"
        groups = describe_changes(na, nb, changes)
        a_name, b_name = f"{sa.name} v{va.n}", f"{sb.name} v{vb.n}"
        if not changes:
            text = f"{b_name} has the same network as {a_name}."
        else:
            count = f"{len(changes):,} change{'s' if len(changes) != 1 else ''}"
            text = f"From {a_name} to {b_name} ({count}):\n{groups_text(groups)}"
        return DiffView(
            a=_key(sa, va),
            b=_key(sb, vb),
            identical=va.network_hash == vb.network_hash,
            changes=changes,
            summary=summary,
            groups=groups,
            text=text,
            kpis=kpis,
            kpi_note=note,
        )


# -------------------------------------------------------------------- writing


@dataclass
class _Draft:
    network: Network
    kind: VersionKind
    edits: list[dict[str, Any]]
    descriptions: list[str]
    touches: list[list[str]]
    message: str
    merge_parent_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _Stale(Exception):
    """The head moved between reading it and writing: read again."""


_DraftFn = Callable[[Session, VersionRow, Network, list[VersionRow]], _Draft]
_AfterFn = Callable[[Session, UserRow, VersionRow], Any]


def _intervening(session: Session, head: VersionRow, base: VersionRow) -> list[VersionRow]:
    """Versions after ``base`` up to ``head`` (oldest first); Conflict if base is not behind."""
    if head.id == base.id:
        return []
    chain = ancestry(session, head.id or 0, stop_id=base.id)
    if not chain or chain[-1].parent_id != base.id:
        raise Conflict(f"v{base.n} is not in the history of the current head v{head.n}")
    return list(reversed(chain))


def _write(
    db: Database,
    actor: UserRef,
    scenario_id: int,
    base: VersionRow,
    draft_for: _DraftFn,
    action: str,
    after: _AfterFn | None = None,
) -> tuple[VersionView, Any]:
    """Create a version on top of the current head via compare-and-set, retrying on races.

    ``after`` runs in the same transaction once the head has moved (e.g. to record a
    decision), so both land together or not at all; its result is returned alongside.
    """
    for attempt in range(MAX_WRITE_ATTEMPTS):
        with db.session() as s:
            me = load_actor(s, actor)
            sc = s.get(ScenarioRow, scenario_id)
            assert sc is not None and me.id is not None
            head = _head(s, sc)
            between = _intervening(s, head, base)
            draft = draft_for(s, head, _network(s, db, head), between)
        try:
            with db.write_session() as s:
                digest = put_network(s, draft.network)
                v = VersionRow(
                    scenario_id=scenario_id,
                    n=head.n + 1,
                    parent_id=head.id,
                    merge_parent_id=draft.merge_parent_id,
                    based_on_id=base.id if between else None,
                    kind=draft.kind.value,
                    edits=draft.edits,
                    descriptions=draft.descriptions,
                    touches=draft.touches,
                    author_id=me.id,
                    message=draft.message,
                    network_hash=digest,
                )
                s.add(v)
                try:
                    s.flush()
                except IntegrityError:
                    raise _Stale from None
                assert v.id is not None
                if not advance_head(s, scenario_id, head.id, v.id):
                    raise _Stale
                details = {
                    "n": v.n,
                    "descriptions": draft.descriptions,
                    "message": draft.message,
                    "hash": digest,
                    **({"rebased_from": base.n} if between else {}),
                    **draft.extra,
                }
                record_audit(s, me.id, action, f"scenario:{scenario_id}", details)
                extra = after(s, me, v) if after is not None else None
                s.flush()
                sc = s.get(ScenarioRow, scenario_id)
                assert sc is not None
                return _version_view(s, sc, v, {me.id: me.name}), extra
        except _Stale:
            time.sleep(random.uniform(0.0, min(0.05, 0.002 * (attempt + 1))))
            continue
    raise Conflict(
        f"the scenario changed {MAX_WRITE_ATTEMPTS} times while writing; nothing was written, "
        "try again"
    )


def _per_edit_touches(net: Network, edits: Sequence[Edit]) -> list[frozenset[str]]:
    out = []
    for edit in edits:
        out.append(edit.touches(net))
        try:
            net = edit.apply(net)
        except EditError:
            continue
    return out


def _raise_conflicts(
    session: Session,
    mine: Sequence[tuple[str, frozenset[str]]],
    my_author: str,
    between: Sequence[VersionRow],
    head: VersionRow,
) -> None:
    names = _names(session, {v.author_id for v in between})
    pairs: list[tuple[ConflictingEdit, ConflictingEdit]] = []
    for v in between:
        groups = [set(t) for t in v.touches]
        descs = list(v.descriptions) or [v.message or v.kind]
        if len(descs) != len(groups):
            groups = [set().union(*groups)] if groups else [set()]
            descs = ["; ".join(descs)]
        for their_desc, their_keys in zip(descs, groups, strict=True):
            for my_desc, my_keys in mine:
                common = sorted(my_keys & their_keys)
                if common:
                    pairs.append(
                        (
                            ConflictingEdit(description=my_desc, author=my_author, entities=common),
                            ConflictingEdit(
                                description=their_desc,
                                author=names.get(v.author_id, "?"),
                                version_n=v.n,
                                entities=common,
                            ),
                        )
                    )
    if not pairs:
        return
    mine_c, theirs_c = pairs[0]
    shown = ", ".join(mine_c.entities[:5]) + (" ..." if len(mine_c.entities) > 5 else "")
    more = f" (and {len(pairs) - 1} more overlapping pair(s))" if len(pairs) > 1 else ""
    raise Conflict(
        f"your edit '{mine_c.description}' and '{theirs_c.description}' by {theirs_c.author} "
        f"(v{theirs_c.version_n}) both change {shown}{more}; the head is now v{head.n}: "
        "look at it and try again",
        mine=[p[0] for p in pairs],
        theirs=[p[1] for p in pairs],
        head_n=head.n,
    )


def _coerce_edits(
    edits: Sequence[Edit | Mapping[str, Any]] | Edit | Mapping[str, Any],
) -> list[Edit]:
    raw: Any = [edits] if isinstance(edits, Mapping) or hasattr(edits, "op") else list(edits)
    try:
        parsed = parse_edits(raw)
    except EditError as exc:
        raise InvalidEdit(str(exc)) from None
    if not parsed:
        raise InvalidRequest("no edits given")
    return parsed


def edit_scenario(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    edits: Sequence[Edit | Mapping[str, Any]] | Edit | Mapping[str, Any],
    *,
    expected_head: int | None = None,
    message: str = "",
) -> VersionView:
    """Planner: apply edits as a new version on top of ``expected_head`` (default: the head now).

    If other versions landed after ``expected_head``, the edits are rebased onto the new
    head when they touch entities disjoint from those versions' changes (the result has
    ``rebased=True``); otherwise :class:`Conflict` names both sides.

    Raises
    ------
    InvalidEdit
        An edit matches nothing or would make the network invalid.
    Conflict
        The changes that came in between touch the same entities.
    """
    parsed = _coerce_edits(edits)
    with db.session() as s:
        me = load_actor(s, actor)
        sc = _resolve(s, me, scenario)
        require_editable(me, sc)
        base = _version(s, sc, expected_head)
        base_net = _network(s, db, base)
        assert sc.id is not None
        scenario_id, my_name = sc.id, me.name
    try:
        result_on_base = apply_edits(base_net, parsed)
    except EditError as exc:
        raise InvalidEdit(str(exc)) from None
    descriptions = describe_edits(base_net, parsed)
    touches_base = _per_edit_touches(base_net, parsed)
    stored = edits_to_json(parsed)

    def draft(s: Session, head: VersionRow, head_net: Network, between: list[VersionRow]) -> _Draft:
        if not between:
            net, touches = result_on_base, touches_base
        else:
            on_head = _per_edit_touches(head_net, parsed)
            touches = [a | b for a, b in zip(touches_base, on_head, strict=True)]
            _raise_conflicts(
                s, list(zip(descriptions, touches, strict=True)), my_name, between, head
            )
            try:
                net = apply_edits(head_net, parsed)
            except EditError as exc:
                raise InvalidEdit(f"after rebasing onto v{head.n}: {exc}") from None
        return _Draft(
            network=net,
            kind=VersionKind.EDIT,
            edits=stored,
            descriptions=descriptions,
            touches=[sorted(t) for t in touches],
            message=message,
        )

    return _write(db, actor, scenario_id, base, draft, "scenario.edit")[0]


def revert(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    to_n: int,
    *,
    expected_head: int | None = None,
    message: str = "",
) -> VersionView:
    """Planner: a new version whose network equals version ``to_n`` (history is kept).

    If the head moved past ``expected_head`` with disjoint changes, those are kept and only
    the entities the revert restores are set back.
    """
    with db.session() as s:
        me = load_actor(s, actor)
        sc = _resolve(s, me, scenario)
        require_editable(me, sc, "reverting")
        base = _version(s, sc, expected_head)
        target = _version(s, sc, to_n)
        if target.network_hash == base.network_hash:
            raise InvalidRequest(f"v{base.n} already has the network of v{target.n}")
        base_net, target_net = _network(s, db, base), _network(s, db, target)
        assert sc.id is not None
        scenario_id, my_name, target_n = sc.id, me.name, target.n
    keys = changed_keys(base_net, target_net)
    text = f"Revert to v{target_n}"

    def draft(s: Session, head: VersionRow, head_net: Network, between: list[VersionRow]) -> _Draft:
        if not between:
            net = target_net
        else:
            _raise_conflicts(s, [(text, keys)], my_name, between, head)
            try:
                net = overlay(head_net, target_net, keys)
            except NetworkValidationError as exc:
                raise Conflict(
                    f"reverting onto v{head.n} gives an invalid network: {exc}"
                ) from None
        return _Draft(
            network=net,
            kind=VersionKind.REVERT,
            edits=[],
            descriptions=[text],
            touches=[sorted(keys)],
            message=message or text,
            extra={"to_n": target_n},
        )

    return _write(db, actor, scenario_id, base, draft, "scenario.revert")[0]


def _set_shared(db: Database, actor: UserRef, scenario: ScenarioRef, shared: bool) -> ScenarioView:
    verb = "share" if shared else "unshare"
    with db.write_session() as s:
        me = load_actor(s, actor)
        sc = _resolve(s, me, scenario)
        if sc.protected:
            raise InvalidRequest(f"scenario {sc.name!r} is always shared")
        require_owner(me, sc, verb)
        if sc.shared != shared:
            sc.shared = shared
            sc.updated_at = utcnow()
            s.add(sc)
            record_audit(s, me.id, f"scenario.{verb}", f"scenario:{sc.id}", {"name": sc.name})
            s.flush()
        return _scenario_view(s, sc)


def share(db: Database, actor: UserRef, scenario: ScenarioRef) -> ScenarioView:
    """Owner: make a scenario visible to the team."""
    return _set_shared(db, actor, scenario, True)


def unshare(db: Database, actor: UserRef, scenario: ScenarioRef) -> ScenarioView:
    """Owner: make a scenario private again (invisible to everyone else)."""
    return _set_shared(db, actor, scenario, False)


def free_name(db: Database, actor: UserRef, name: str) -> str:
    """``name``, or ``name #k`` with the smallest k not used by the caller's own scenarios."""
    wanted = _check_name(name)
    with db.session() as s:
        me = load_actor(s, actor)
        taken = {
            n.lower() for n in s.exec(select(ScenarioRow.name).where(ScenarioRow.owner_id == me.id))
        }
    k = 1
    candidate = wanted
    while candidate.lower() in taken or candidate.lower() == LIVE:
        k += 1
        candidate = f"{wanted[:94]} #{k}"
    return candidate


def rename_scenario(db: Database, actor: UserRef, scenario: ScenarioRef, name: str) -> ScenarioView:
    """Owner: give a scenario a new name (its versions and links stay; live keeps its name)."""
    new = _check_name(name)
    with db.write_session() as s:
        me = load_actor(s, actor)
        sc = _resolve(s, me, scenario)
        if sc.protected:
            raise InvalidRequest(f"name: scenario {sc.name!r} cannot be renamed")
        require_owner(me, sc, "rename")
        if sc.name != new:
            old = sc.name
            sc.name = new
            sc.updated_at = utcnow()
            s.add(sc)
            try:
                s.flush()
            except IntegrityError:
                raise Conflict(f"you already have a scenario named {new!r}") from None
            record_audit(s, me.id, "scenario.rename", f"scenario:{sc.id}", {"from": old, "to": new})
            s.flush()
        return _scenario_view(s, sc)


def version_title(version: VersionView, *, limit: int = 90) -> str:
    """What a version did, in words: its own edits (or its message), shortened to ``limit``."""
    text = "; ".join(version.descriptions) or version.message or str(version.kind)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -------------------------------------------------------------- collaboration


def add_comment(
    db: Database, actor: UserRef, scenario: ScenarioRef, text: str, *, n: int | None = None
) -> CommentView:
    """Planner: comment on version ``n`` (head if None) of a visible scenario."""
    text = text.strip()
    if not text:
        raise InvalidRequest("text: a comment must not be empty")
    with db.write_session() as s:
        me = load_actor(s, actor)
        sc = _resolve(s, me, scenario)
        require_role(me, Role.PLANNER, "commenting")
        v = _version(s, sc, n)
        assert sc.id is not None and v.id is not None and me.id is not None
        row = CommentRow(scenario_id=sc.id, version_id=v.id, author_id=me.id, text=text)
        s.add(row)
        s.flush()
        assert row.id is not None
        record_audit(s, me.id, "scenario.comment", f"scenario:{sc.id}", {"n": v.n, "text": text})
        return CommentView(
            id=row.id,
            scenario_id=sc.id,
            n=v.n,
            author=me.name,
            text=text,
            created_at=as_utc(row.created_at),
        )


def list_comments(
    db: Database, actor: UserRef, scenario: ScenarioRef, *, n: int | None = None
) -> list[CommentView]:
    """Comments on a scenario (on one version if ``n`` is given), oldest first."""
    with db.session() as s:
        sc = _resolve(s, load_actor(s, actor), scenario)
        q = select(CommentRow).where(CommentRow.scenario_id == sc.id)
        if n is not None:
            q = q.where(CommentRow.version_id == _version(s, sc, n).id)
        rows = list(s.exec(q.order_by(col(CommentRow.id))))
        names = _names(s, {r.author_id for r in rows})
        out = []
        for r in rows:
            v = s.get(VersionRow, r.version_id)
            assert r.id is not None and sc.id is not None and v is not None
            out.append(
                CommentView(
                    id=r.id,
                    scenario_id=sc.id,
                    n=v.n,
                    author=names.get(r.author_id, "?"),
                    text=r.text,
                    created_at=as_utc(r.created_at),
                )
            )
        return out


OVERRIDE_NOTE = "\n\n⚠ Proposed with an override, despite:"
"""Where a proposal's message records the reasons its author overrode (one ``- `` line each)."""


def _split_override(message: str) -> tuple[str, list[str]]:
    """A stored proposal message as (the author's words, the overridden reasons)."""
    text, found, note = message.partition(OVERRIDE_NOTE)
    if not found:
        return message, []
    return text, [line[2:] for line in note.splitlines() if line.startswith("- ")]


def _proposal_view(session: Session, p: ProposalRow) -> ProposalView:
    sc = session.get(ScenarioRow, p.scenario_id)
    v = session.get(VersionRow, p.version_id)
    assert p.id is not None and sc is not None and v is not None
    message, overridden = _split_override(p.message)
    return ProposalView(
        id=p.id,
        scenario_id=p.scenario_id,
        scenario_name=sc.name,
        n=v.n,
        network_hash=p.network_hash,
        author=_names(session, {p.author_id}).get(p.author_id, "?"),
        message=message,
        status=p.status,
        created_at=as_utc(p.created_at),
        override_reasons=overridden,
    )


def _latest_solved(session: Session, network_hash: str) -> SolveRunRow | None:
    """The newest stored solve of a network that was evaluated (the plan a version shows)."""
    return next((r for r in solve_runs_for(session, network_hash) if r.kpis), None)


def plan_reasons(run: SolveRunRow | None) -> list[str]:
    """Why a stored solve's plan should not be acted on (nothing when no solve is stored)."""
    if run is None or run.kpis is None:
        return []
    share = run.kpis.get("service_level")
    health = plan_health(
        status=run.status,
        gap=run.gap,
        on_time_share=float(share) if share is not None else None,
        hard_violations=int(run.kpis.get("hard_violations") or 0),
    )
    return list(health.reasons)


def proposal_blockers(
    db: Database, actor: UserRef, scenario: ScenarioRef, *, n: int | None = None
) -> list[str]:
    """Why version ``n`` (head if None) would be refused for approval without an override."""
    with db.session() as s:
        me = load_actor(s, actor)
        v = _version(s, _resolve(s, me, scenario), n)
        return plan_reasons(_latest_solved(s, v.network_hash))


def propose(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    *,
    n: int | None = None,
    message: str = "",
    override: bool = False,
) -> ProposalView:
    """Planner: ask approvers to promote version ``n`` (head if None) of a shared scenario.

    A version whose plan has reasons against acting on it (unfinished, collapsed service,
    hard violations, no bound) is refused with those reasons, unless ``override`` is set:
    then the reasons are recorded with the proposal and shown to the approvers.
    """
    with db.write_session() as s:
        me = load_actor(s, actor)
        sc = _resolve(s, me, scenario)
        require_editable(me, sc, "proposing")
        if not sc.shared:
            raise InvalidRequest(f"share {sc.name!r} first: approvers cannot see private scenarios")
        v = _version(s, sc, n)
        assert sc.id is not None and v.id is not None and me.id is not None
        reasons = plan_reasons(_latest_solved(s, v.network_hash))
        if reasons and not override:
            raise UntrustedPlan(
                f"{sc.name} v{v.n} is not a plan to act on: {'; '.join(reasons)}. "
                "Fix it or re-plan it first, or propose it with an explicit override "
                "(the reasons are then recorded and shown to the approvers).",
                reasons=reasons,
            )
        stored = message
        if reasons:
            stored += OVERRIDE_NOTE + "".join(f"\n- {r}" for r in reasons)
        p = ProposalRow(
            scenario_id=sc.id,
            version_id=v.id,
            network_hash=v.network_hash,
            author_id=me.id,
            message=stored,
        )
        s.add(p)
        s.flush()
        details: dict[str, Any] = {"n": v.n, "message": message}
        if reasons:
            details |= {"proposal": p.id, "override": True, "reasons": reasons}
        record_audit(s, me.id, "scenario.propose", f"scenario:{sc.id}", details)
        return _proposal_view(s, p)


def list_proposals(
    db: Database, actor: UserRef, *, status: str | None = "open"
) -> list[ProposalView]:
    """Proposals on scenarios the actor can see (``status=None`` for all), newest first."""
    with db.session() as s:
        me = load_actor(s, actor)
        q = select(ProposalRow).order_by(col(ProposalRow.id).desc())
        if status is not None:
            q = q.where(ProposalRow.status == status)
        out = []
        for p in s.exec(q):
            sc = s.get(ScenarioRow, p.scenario_id)
            if sc is not None and can_see(me, sc):
                out.append(_proposal_view(s, p))
        return out


def _live(session: Session) -> ScenarioRow:
    row = session.exec(
        select(ScenarioRow).where(ScenarioRow.name == LIVE).where(col(ScenarioRow.protected))
    ).first()
    if row is None:
        raise NotFound("there is no live scenario yet (run `lanewise init`)")
    return row


def _is_ancestor(session: Session, ancestor_id: int, v: VersionRow) -> bool:
    """Whether ``ancestor_id`` is reachable from ``v`` through first or merge parents."""
    seen: set[int] = set()
    stack = [v]
    while stack:
        cur = stack.pop()
        if cur.id == ancestor_id:
            return True
        assert cur.id is not None
        if cur.id in seen:
            continue
        seen.add(cur.id)
        for pid in (cur.parent_id, cur.merge_parent_id):
            if pid is not None and pid not in seen:
                parent = session.get(VersionRow, pid)
                if parent is not None:
                    stack.append(parent)
    return False


def _decision_view(session: Session, me: UserRow, d: DecisionRow) -> DecisionView:
    sc = session.get(ScenarioRow, d.scenario_id)
    v = session.get(VersionRow, d.version_id)
    lv = session.get(VersionRow, d.live_version_id)
    assert d.id is not None and sc is not None and v is not None and lv is not None
    visible = can_see(me, sc)
    return DecisionView(
        id=d.id,
        scenario_id=d.scenario_id if visible else 0,
        scenario_name=sc.name if visible else "(private scenario)",
        n=v.n,
        live_n=lv.n,
        network_hash=d.network_hash,
        approver=_names(session, {d.approver_id}).get(d.approver_id, "?"),
        reason=d.reason,
        kpis=d.kpis,
        created_at=as_utc(d.created_at),
        url=f"/scenarios/{lv.scenario_id}/versions/{lv.n}",
    )


def promote(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int,
    network_hash: str,
    reason: str,
) -> DecisionView:
    """Approver: make version ``n`` of a scenario the live plan, approving its exact content.

    ``network_hash`` is the content the approver reviewed; if version ``n`` holds another
    network the promotion is refused. Live must not have moved past what the version was
    built on: its history must hold live's head, or the version live last promoted.
    Records a decision (who, when, why, the KPIs of the latest solve of that network) and
    a new live version that merges the approved one, in one transaction.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidRequest("reason: say why this version goes live")
    with db.session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.APPROVER, "promoting to live")
        sc = _resolve(s, me, scenario)
        if sc.protected:
            raise InvalidRequest("promote a scenario's version, not live itself")
        v = _version(s, sc, n)
        if v.network_hash != network_hash.strip().lower():
            raise Conflict(
                f"{sc.name} v{v.n} holds network {v.network_hash[:12]}, not the approved "
                f"{network_hash[:12]}: review this version before promoting it"
            )
        live = _live(s)
        live_head = _head(s, live)
        if live_head.network_hash == v.network_hash:
            raise InvalidRequest(f"live v{live_head.n} already has this network")
        assert live.id is not None and sc.id is not None and v.id is not None
        live_id, source_id, version_id, version_n = live.id, sc.id, v.id, v.n
        source_name = sc.name
        runs = [r for r in solve_runs_for(s, v.network_hash) if r.kpis]
        kpis = dict(runs[0].kpis) if runs and runs[0].kpis else None
        live_head_row = live_head

    def draft(s: Session, head: VersionRow, head_net: Network, between: list[VersionRow]) -> _Draft:
        assert head.id is not None
        version_row = s.get(VersionRow, version_id)
        assert version_row is not None
        builds_on_live = _is_ancestor(s, head.id, version_row) or (
            head.merge_parent_id is not None and _is_ancestor(s, head.merge_parent_id, version_row)
        )
        if not builds_on_live:
            names = _names(s, {head.author_id})
            raise Conflict(
                f"live moved to v{head.n} ({'; '.join(head.descriptions) or head.kind}, by "
                f"{names.get(head.author_id, '?')}) after {source_name} v{version_n} was based "
                "on it: create the scenario again from live and re-apply its edits",
                theirs=[
                    ConflictingEdit(
                        description="; ".join(head.descriptions) or head.kind,
                        author=names.get(head.author_id, "?"),
                        version_n=head.n,
                    )
                ],
                head_n=head.n,
            )
        net = _network(s, db, version_row)
        text = f"Promote {source_name} v{version_n}: {reason}"
        return _Draft(
            network=net,
            kind=VersionKind.PROMOTE,
            edits=[],
            descriptions=[text],
            touches=[sorted(changed_keys(head_net, net))],
            message=reason,
            merge_parent_id=version_id,
            extra={"scenario": source_id, "scenario_n": version_n},
        )

    def record(s: Session, me: UserRow, live_version: VersionRow) -> DecisionView:
        assert me.id is not None and live_version.id is not None
        open_proposals = list(
            s.exec(
                select(ProposalRow)
                .where(ProposalRow.version_id == version_id)
                .where(ProposalRow.status == "open")
                .order_by(col(ProposalRow.id))
            )
        )
        d = DecisionRow(
            scenario_id=source_id,
            version_id=version_id,
            live_version_id=live_version.id,
            proposal_id=open_proposals[0].id if open_proposals else None,
            network_hash=network_hash.strip().lower(),
            approver_id=me.id,
            reason=reason,
            kpis=kpis,
        )
        s.add(d)
        for p in open_proposals:
            p.status = "approved"
            p.decided_by_id = me.id
            p.decided_at = utcnow()
            s.add(p)
        s.flush()
        record_audit(
            s,
            me.id,
            "decision.record",
            f"scenario:{source_id}",
            {"decision": d.id, "n": version_n, "live_n": live_version.n, "reason": reason},
        )
        return _decision_view(s, me, d)

    _, decision = _write(
        db, actor, live_id, live_head_row, _whole(draft), "live.promote", after=record
    )
    assert isinstance(decision, DecisionView)
    return decision


def _whole(draft: _DraftFn) -> _DraftFn:
    """Promotions replace live's network whole: they ignore the 'between' list and instead
    require the current live head to be an ancestor of the promoted version."""

    def wrapped(
        s: Session, head: VersionRow, head_net: Network, between: list[VersionRow]
    ) -> _Draft:
        return draft(s, head, head_net, [])

    return wrapped


def decisions(db: Database, actor: UserRef, *, limit: int = 50) -> list[DecisionView]:
    """Promotion records, newest first (private source scenarios are not named)."""
    with db.session() as s:
        me = load_actor(s, actor)
        rows = s.exec(select(DecisionRow).order_by(col(DecisionRow.id).desc()).limit(limit))
        return [_decision_view(s, me, d) for d in rows]


def audit_trail(
    db: Database,
    actor: UserRef,
    *,
    scenario: ScenarioRef | None = None,
    action: str | None = None,
    user: str | None = None,
    limit: int = 100,
) -> list[AuditEntryView]:
    """Who changed what, when and why, newest first.

    With ``scenario``: that scenario's entries (it must be visible). Without: everything
    for admins; for others, the entries of the scenarios they can see and their own actions.
    """
    with db.session() as s:
        me = load_actor(s, actor)
        q = select(AuditRow)
        if scenario is not None:
            sc = _resolve(s, me, scenario)
            q = q.where(AuditRow.entity == f"scenario:{sc.id}")
        elif Role(me.role) != Role.ADMIN:
            visible = [f"scenario:{r.id}" for r in s.exec(select(ScenarioRow)) if can_see(me, r)]
            q = q.where(or_(col(AuditRow.entity).in_(visible), AuditRow.actor_id == me.id))
        if action is not None:
            q = q.where(col(AuditRow.action).startswith(action))
        if user is not None:
            urow = s.exec(select(UserRow).where(func.lower(UserRow.name) == user.lower())).first()
            q = q.where(AuditRow.actor_id == (urow.id if urow else -1))
        rows = list(s.exec(q.order_by(col(AuditRow.id).desc()).limit(limit)))
        names = _names(s, {r.actor_id for r in rows if r.actor_id is not None})
        return [
            AuditEntryView(
                id=r.id or 0,
                at=as_utc(r.at),
                actor=names.get(r.actor_id) if r.actor_id is not None else None,
                action=r.action,
                entity=r.entity,
                details=r.details,
            )
            for r in rows
        ]
