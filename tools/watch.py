"""Watch live and alert: re-evaluate whenever actuals or forecasts arrive, raise alerts once.

The watcher looks at two inputs, both in the database: the actuals imports (a new week or
more days of one) and live's head version (a new forecast or any promoted change). When
their fingerprint differs from the one last evaluated (``watch_state``), or the periodic
re-check is due, it evaluates:

- **projected imbalance**: the newest week with actuals is frozen after its last known
  day and carried on with its plan (:func:`solver.replan.carry_on_week`, one LP); every
  hub-day within ``horizon_days`` whose own-fleet trailers are projected at least
  ``imbalance_threshold`` off the plan (or below zero) is a condition;
- **service at risk**: carrying on delivers less than ``service_floor`` of the tonnes
  still to move on time;
- **hard violation**: live's plan (or, for a new live version not solved yet, its
  parent's plan on the new network) breaks a hard rule.

Each condition has a key; an alert is raised the first time a key appears and stays the
one alert for it (de-duplicated by a unique column in the database, so several watchers
raise it once) until the condition goes away, when it is cleared. A planner acknowledges
an alert to say it is being handled. New alerts of a week come with a prepared fix: the
mid-week re-plan filed as a scenario shared with the team (:func:`mid_week_replan`),
linked from every alert of that evaluation. Delivery to Slack, Teams or anything else is
the injected ``notifier``'s business: this module only records what it reports.

Several server processes may run watchers on one database: an evaluation holds a claim
(:mod:`tools.claims`), so only one evaluates at a time, and the schedule is a row that
every process reads.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import func as sa_func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from solver import DAY_NAMES, Network, Plan, WeekActuals
from solver.replan import carry_on_week, imbalances
from storage import (
    ActualsImportRow,
    AlertRow,
    Database,
    Role,
    ScenarioRow,
    UserRow,
    WatchStateRow,
    acknowledge_alert_row,
    as_utc,
    clear_alert_row,
    insert_alert,
    open_alerts,
    record_audit,
    utcnow,
)
from tools.access import require_role
from tools.actuals import list_actual_weeks, week_actuals
from tools.claims import hold_key, release_key
from tools.errors import NotFound
from tools.identity import UserRef, fits_id, load_actor, user_ref
from tools.plan_vs_actual import week_plan
from tools.replan import last_known_day, mid_week_replan
from tools.scenarios import LIVE, get_version, share
from tools.solving import instant_impact, version_result

__all__ = [
    "WATCHER_NAME",
    "AlertNotifier",
    "AlertView",
    "Condition",
    "WatchOutcome",
    "WatchSettings",
    "Watcher",
    "acknowledge_alert",
    "current_conditions",
    "get_alert",
    "list_alerts",
    "live_exists",
    "watch_inputs",
    "watch_once",
    "watcher_user",
]

log = logging.getLogger(__name__)

WATCHER_NAME = "lanewise-watcher"
"""The user the watcher acts as (a planner without an API token: nobody signs in as it)."""
_STATE = "live"
_LEASE_KEY = "watch:live"


class WatchSettings(BaseModel):
    """What makes an alert, and how often the watcher looks."""

    imbalance_threshold: int = Field(default=3, ge=1, description="Trailers off the plan.")
    horizon_days: int = Field(default=3, ge=1, le=6, description="Days after the cut watched.")
    service_floor: float = Field(
        default=0.95, gt=0, le=1, description="On-time share of the tonnes still to move."
    )
    prepare_fix: bool = Field(default=True, description="File the mid-week re-plan for alerts.")
    recheck_s: float = Field(
        default=3600.0, gt=0, description="Evaluate at least this often, even with no news."
    )
    lease_s: float = Field(default=600.0, gt=0, description="Longest one evaluation may hold.")


class Condition(BaseModel):
    """Something the watcher found wrong now, under a key that names it across evaluations."""

    key: str
    kind: str = Field(description="imbalance, service or violation.")
    week: str = ""
    subject: str
    message: str
    details: dict[str, object] = Field(default_factory=dict)
    version_id: int | None = None


class AlertView(BaseModel):
    """An alert as the channels show it."""

    id: int
    key: str
    kind: str
    week: str
    subject: str
    message: str
    status: str
    details: dict[str, object]
    fix_scenario_id: int | None
    fix_n: int | None
    fix_url: str | None
    notified: list[str]
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    raised_at: datetime
    seen_at: datetime
    cleared_at: datetime | None


AlertNotifier = Callable[[list[AlertView]], list[str]]
"""Delivers the alerts one evaluation raised (Slack, Teams ...: one message for them all)
and names the channels it reached."""


class WatchOutcome(BaseModel):
    """What one call of :func:`watch_once` did."""

    evaluated: bool
    reason: str
    inputs: str
    week: str | None = None
    through_day: int | None = None
    raised: list[AlertView] = Field(default_factory=list)
    cleared: list[int] = Field(default_factory=list)
    still_open: int = 0
    fix_url: str | None = None
    seconds: float = 0.0


# ------------------------------------------------------------------------- identity


def watcher_user(db: Database) -> UserRef:
    """The watcher's own planner account, created on first use (safe from two processes)."""
    with db.session() as s:
        row = s.exec(select(UserRow).where(UserRow.name == WATCHER_NAME)).first()
    if row is None:
        try:
            with db.write_session() as s:
                row = UserRow(
                    name=WATCHER_NAME, email="watcher@lanewise.invalid", role=Role.PLANNER.value
                )
                s.add(row)
                s.flush()
                record_audit(s, row.id, "user.create", f"user:{row.id}", {"name": WATCHER_NAME})
        except IntegrityError:  # another process created it first
            pass
        with db.session() as s:
            row = s.exec(select(UserRow).where(UserRow.name == WATCHER_NAME)).one()
    assert row.id is not None
    return user_ref(db, row.id)


# ------------------------------------------------------------------------ conditions


def live_exists(db: Database) -> bool:
    """Whether the database holds live yet (nothing is watched, nor any account made, before)."""
    with db.session() as s:
        return (
            s.exec(select(ScenarioRow.id).where(col(ScenarioRow.protected).is_(True))).first()
            is not None
        )


def watch_inputs(db: Database) -> str:
    """A fingerprint of what the watcher evaluates: live's head and the newest actuals import."""
    with db.session() as s:
        live = s.exec(
            select(ScenarioRow.head_version_id).where(col(ScenarioRow.protected).is_(True))
        ).first()
        last_import = s.exec(select(sa_func.max(ActualsImportRow.id))).one()
    return f"live={live or 0};actuals={last_import or 0}"


def _hub(net: Network, hub_id: str) -> str:
    hub = net.hub_by_id.get(hub_id)
    return f"{hub.name} ({hub_id})" if hub else hub_id


class _WeekState(BaseModel):
    """The week the watcher evaluated: which one, up to which day, against which version."""

    week: str
    through_day: int
    scenario_id: int
    n: int
    version_id: int


def _week_conditions(
    db: Database, actor: UserRef, settings: WatchSettings
) -> tuple[list[Condition], _WeekState | None]:
    """Imbalance and service conditions of the newest week with actuals, carrying on."""
    weeks = list_actual_weeks(db, actor)
    if not weeks:
        return [], None
    stored = week_actuals(db, actor, weeks[0].week)
    base = stored.version
    network, plan, _ = week_plan(db, actor, stored)
    if plan is None:
        return [], None
    through = last_known_day(network, stored.actuals)
    if not 0 <= through < network.calendar.days - 1:
        return [], None  # nothing known yet, or the whole week has happened
    state = _WeekState(
        week=stored.actuals.week,
        through_day=through,
        scenario_id=base.scenario_id,
        n=base.n,
        version_id=base.version_id,
    )
    return _projected(network, plan, stored.actuals, state, settings), state


def _projected(
    network: Network,
    plan: Plan,
    actuals: WeekActuals,
    state: _WeekState,
    settings: WatchSettings,
) -> list[Condition]:
    """Conditions of carrying on with the plan from the week's cut."""
    option = carry_on_week(network, plan, actuals, state.through_day)
    week, through = state.week, state.through_day
    last = min(through + settings.horizon_days, network.calendar.days - 1)
    horizon = [p for p in option.projection if through < p.day <= last]
    out: list[Condition] = []
    for p in imbalances(horizon, threshold=settings.imbalance_threshold):
        short = p.imbalance < 0 or p.projected < 0
        side = "short" if short else "surplus"
        day = DAY_NAMES[p.day % 7]
        words = (
            f"short of {abs(p.imbalance)} trailers"
            if short
            else f"piling up {p.imbalance} trailers"
        )
        out.append(
            Condition(
                key=f"imbalance:{week}:{p.hub_id}:{p.day}:{side}",
                kind="imbalance",
                week=week,
                subject=_hub(network, p.hub_id),
                message=(
                    f"{_hub(network, p.hub_id)} is projected {words} at the start of {day} "
                    f"({p.projected} on hand vs {p.planned} planned), carrying on with the plan "
                    f"after {DAY_NAMES[through % 7]}'s actuals of {week}."
                ),
                details={
                    "hub_id": p.hub_id,
                    "day": p.day,
                    "planned": p.planned,
                    "projected": p.projected,
                    "imbalance": p.imbalance,
                    "through_day": through,
                },
                version_id=state.version_id,
            )
        )
    if option.service_level < settings.service_floor:
        out.append(
            Condition(
                key=f"service:{week}",
                kind="service",
                week=week,
                subject=f"week {week}",
                message=(
                    f"Service at risk in {week}: carrying on with the plan after "
                    f"{DAY_NAMES[through % 7]}, {option.service_level:.1%} of the "
                    f"{option.demand_t:,.0f} t still to move arrive on time "
                    f"({option.unserved_t:,.0f} t unserved; floor "
                    f"{settings.service_floor:.0%})."
                ),
                details={
                    "service_level": round(option.service_level, 4),
                    "demand_t": round(option.demand_t, 3),
                    "late_t": round(option.late_t, 3),
                    "unserved_t": round(option.unserved_t, 3),
                    "through_day": through,
                },
                version_id=state.version_id,
            )
        )
    return out


def _violation_conditions(db: Database, actor: UserRef) -> list[Condition]:
    """Hard violations of live's plan (or of its parent's plan on a new live version)."""
    live = get_version(db, actor, LIVE)
    evaluation = version_result(db, actor, LIVE).evaluation or instant_impact(db, actor, LIVE)
    if evaluation is None:
        return []
    out: list[Condition] = []
    for v in evaluation.violations:
        if not v.hard:
            continue
        day = "" if v.day is None else str(v.day)
        out.append(
            Condition(
                key=f"violation:{v.kind}:{','.join(v.entities)}:{day}"[:255],
                kind="violation",
                subject=", ".join(v.entities)[:255],
                message=f"Live v{live.n} breaks a hard rule: {v.message}",
                details={
                    "violation": str(v.kind),
                    "entities": list(v.entities),
                    "day": v.day,
                    "amount": v.amount,
                    "unit": v.unit,
                },
                version_id=live.version_id,
            )
        )
    return out


def _conditions(
    db: Database, actor: UserRef, settings: WatchSettings
) -> tuple[list[Condition], _WeekState | None]:
    found, state = _week_conditions(db, actor, settings)
    with contextlib.suppress(NotFound):  # no live yet: nothing to violate
        found += _violation_conditions(db, actor)
    return found, state


def current_conditions(
    db: Database, settings: WatchSettings | None = None
) -> tuple[list[Condition], str | None, int | None]:
    """Every condition that holds now, with the week and last day evaluated (no alerts)."""
    found, state = _conditions(db, watcher_user(db), settings or WatchSettings())
    return found, state.week if state else None, state.through_day if state else None


# ---------------------------------------------------------------------------- alerts


def _views(rows: list[AlertRow], db: Database) -> list[AlertView]:
    with db.session() as s:
        names = {
            u.id: u.name
            for u in s.exec(
                select(UserRow).where(
                    col(UserRow.id).in_({r.acknowledged_by_id for r in rows} - {None})
                )
            )
        }
    out = []
    for r in rows:
        assert r.id is not None
        out.append(
            AlertView(
                id=r.id,
                key=r.key,
                kind=r.kind,
                week=r.week,
                subject=r.subject,
                message=r.message,
                status=r.status,
                details=dict(r.details),
                fix_scenario_id=r.fix_scenario_id,
                fix_n=r.fix_n,
                fix_url=(
                    f"/scenarios/{r.fix_scenario_id}/versions/{r.fix_n}"
                    if r.fix_scenario_id is not None and r.fix_n is not None
                    else None
                ),
                notified=list(r.notified),
                acknowledged_by=names.get(r.acknowledged_by_id)
                if r.acknowledged_by_id is not None
                else None,
                acknowledged_at=as_utc(r.acknowledged_at) if r.acknowledged_at else None,
                raised_at=as_utc(r.raised_at),
                seen_at=as_utc(r.seen_at),
                cleared_at=as_utc(r.cleared_at) if r.cleared_at else None,
            )
        )
    return out


def list_alerts(
    db: Database, actor: UserRef, *, include_cleared: bool = False, limit: int = 100
) -> list[AlertView]:
    """Alerts newest first (any role): those still holding, or every one."""
    with db.session() as s:
        load_actor(s, actor)
        stmt = select(AlertRow).order_by(col(AlertRow.id).desc()).limit(max(1, min(limit, 1000)))
        if not include_cleared:
            stmt = stmt.where(col(AlertRow.open_key).is_not(None))
        rows = list(s.exec(stmt))
    return _views(rows, db)


def get_alert(db: Database, actor: UserRef, alert_id: int) -> AlertView:
    """One alert (any role); NotFound if there is none with that id."""
    with db.session() as s:
        load_actor(s, actor)
        row = s.get(AlertRow, alert_id) if fits_id(alert_id) else None
    if row is None:
        raise NotFound(f"no alert {alert_id}")
    return _views([row], db)[0]


def acknowledge_alert(db: Database, actor: UserRef, alert_id: int) -> AlertView:
    """Planner: say an alert is being handled. Acknowledging again, or a cleared alert,
    changes nothing and returns it as it is."""
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.PLANNER, "acknowledging alerts")
        row = s.get(AlertRow, alert_id) if fits_id(alert_id) else None
        if row is None:
            raise NotFound(f"no alert {alert_id}")
        assert me.id is not None
        if acknowledge_alert_row(s, alert_id, me.id):
            record_audit(s, me.id, "alert.acknowledge", f"alert:{alert_id}", {"key": row.key})
    return get_alert(db, actor, alert_id)


# --------------------------------------------------------------------------- watching


def _prepare_fix(
    db: Database, actor: UserRef, state: _WeekState, settings: WatchSettings
) -> tuple[int, int] | None:
    """File the mid-week re-plan of the week as a scenario shared with the team."""
    try:
        view = mid_week_replan(
            db,
            actor,
            state.week,
            through=state.through_day,
            threshold=settings.imbalance_threshold,
        )
    except Exception:  # a fix that cannot be prepared must not stop the alert
        log.exception("preparing the re-plan of %s failed", state.week)
        return None
    if view.scenario is None or view.version is None:
        return None
    share(db, actor, view.scenario.id)
    return view.scenario.id, view.version.n


def watch_once(
    db: Database,
    *,
    owner: str | None = None,
    notifier: AlertNotifier | None = None,
    settings: WatchSettings | None = None,
    force: bool = False,
) -> WatchOutcome:
    """Evaluate live if something new arrived (or ``force``), raise, keep and clear alerts.

    Holds the watcher's claim while it evaluates: a call while another process (or
    thread) evaluates returns at once with ``evaluated`` False. The alerts an evaluation
    raises are passed to ``notifier`` together (one message per channel); the channels it
    names are stored with each alert.
    """
    settings = settings or WatchSettings()
    owner = owner or uuid.uuid4().hex
    start = time.perf_counter()
    inputs = watch_inputs(db)
    if not live_exists(db):  # a database not set up yet: its first user must be an admin
        return WatchOutcome(evaluated=False, reason="there is no live network yet", inputs=inputs)
    if not hold_key(db, _LEASE_KEY, owner, ttl_s=settings.lease_s):
        return WatchOutcome(evaluated=False, reason="another watcher is evaluating", inputs=inputs)
    try:
        with db.session() as s:
            state_row = s.get(WatchStateRow, _STATE)
        now = utcnow()
        due = state_row is None or state_row.next_due_at is None
        due = due or (state_row is not None and now >= as_utc(state_row.next_due_at or now))
        if not force and state_row is not None and state_row.inputs == inputs and not due:
            return WatchOutcome(evaluated=False, reason="nothing new", inputs=inputs)
        return _evaluate(db, owner, inputs, notifier, settings, start)
    finally:
        release_key(db, _LEASE_KEY, owner)


def _evaluate(
    db: Database,
    owner: str,
    inputs: str,
    notifier: AlertNotifier | None,
    settings: WatchSettings,
    start: float,
) -> WatchOutcome:
    actor = watcher_user(db)
    found, state = _conditions(db, actor, settings)
    conditions = {c.key: c for c in found}
    with db.session() as s:
        held = {r.open_key: r for r in open_alerts(s) if r.open_key is not None}
    new_keys = [k for k in conditions if k not in held]
    fix = None
    if (
        new_keys
        and state is not None
        and settings.prepare_fix
        and any(conditions[k].week == state.week for k in new_keys)
    ):
        fix = _prepare_fix(db, actor, state, settings)
    raised: list[AlertRow] = []
    cleared: list[int] = []
    now = utcnow()
    with db.write_session() as s:
        for key, row in held.items():
            if key in conditions:
                row.seen_at = now
                s.add(row)
            elif row.id is not None and clear_alert_row(s, row.id):
                cleared.append(row.id)
        for key in new_keys:
            c = conditions[key]
            row = AlertRow(
                key=key,
                open_key=key,
                kind=c.kind,
                week=c.week,
                subject=c.subject,
                message=c.message,
                details=dict(c.details),
                version_id=c.version_id,
                fix_scenario_id=fix[0] if fix else None,
                fix_n=fix[1] if fix else None,
                raised_at=now,
                seen_at=now,
            )
            if insert_alert(s, row):
                raised.append(row)
        state_row = s.get(WatchStateRow, _STATE) or WatchStateRow(name=_STATE)
        state_row.inputs = inputs
        state_row.evaluated_at = now
        state_row.next_due_at = now + timedelta(seconds=settings.recheck_s)
        state_row.evaluated_by = owner[:255]
        state_row.outcome = (
            f"{len(conditions)} conditions, {len(raised)} raised, {len(cleared)} cleared"
        )
        s.add(state_row)
    views = _views(raised, db)
    if notifier is not None and views:
        _notify(db, notifier, views)
    return WatchOutcome(
        evaluated=True,
        reason="evaluated",
        inputs=inputs,
        week=state.week if state else None,
        through_day=state.through_day if state else None,
        raised=views,
        cleared=cleared,
        still_open=len(conditions),
        fix_url=f"/scenarios/{fix[0]}/versions/{fix[1]}" if fix else None,
        seconds=round(time.perf_counter() - start, 3),
    )


def _notify(db: Database, notifier: AlertNotifier, views: list[AlertView]) -> None:
    """Deliver one evaluation's new alerts together; record the channels on each of them."""
    try:
        channels = notifier(views)
    except Exception:  # a failing channel must not lose the alerts: they stay on the pages
        log.exception("delivering alerts %s failed", [v.id for v in views])
        return
    with db.write_session() as s:
        for view in views:
            stored = s.get(AlertRow, view.id)
            if stored is not None:
                stored.notified = sorted(set(stored.notified) | set(channels))
                s.add(stored)
            view.notified = sorted(set(view.notified) | set(channels))


class Watcher:
    """Runs :func:`watch_once` every ``poll_s`` seconds in a background thread of a server,
    and each of ``also`` (further periodic work, e.g. keeping playbooks current) in a
    thread of its own, so long work there never holds alerts back.

    Every process of a server may run one: the claim in the database lets one evaluate at
    a time, and the schedule row tells each whether there is anything new.
    """

    def __init__(
        self,
        db: Database,
        *,
        notifier: AlertNotifier | None = None,
        settings: WatchSettings | None = None,
        poll_s: float = 10.0,
        also: Sequence[Callable[[], object]] = (),
    ) -> None:
        self.db = db
        self.notifier = notifier
        self.settings = settings or WatchSettings()
        self.poll_s = poll_s
        self.owner = f"watcher-{uuid.uuid4().hex}"
        self.stopped = threading.Event()
        self.threads = [
            threading.Thread(target=self._loop, args=(self._watch,), name="lanewise-watcher"),
            *(
                threading.Thread(target=self._loop, args=(work,), name="lanewise-watcher-also")
                for work in also
            ),
        ]
        for thread in self.threads:
            thread.daemon = True

    def _watch(self) -> object:
        return watch_once(self.db, owner=self.owner, notifier=self.notifier, settings=self.settings)

    def _loop(self, work: Callable[[], object]) -> None:
        while not self.stopped.is_set():
            try:
                work()
            except Exception:  # a failed round is retried at the next poll
                log.exception("the watcher's periodic work failed")
            self.stopped.wait(self.poll_s)

    def start(self) -> Watcher:
        """Start watching in the background."""
        for thread in self.threads:
            thread.start()
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop after the work under way (if any, waiting at most ``timeout_s`` for it)."""
        self.stopped.set()
        for thread in self.threads:
            if thread.is_alive():
                thread.join(timeout_s)
