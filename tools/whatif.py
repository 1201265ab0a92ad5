"""The what-if loop as one use case: edit → instant impact → re-plan → evaluate → compare.

This is what a planner's question turns into, whichever channel asked it: the edits land
as a new version of the caller's scenario (created from live when there is none yet);
before any solve, the parent's plan is evaluated on the edited network and cut-off
origin–destination pairs are named, so the damage of doing nothing shows at once; then
the version is solved (warm-started from the parent's plan), evaluated independently, and
compared with its parent and with live. The outcome carries the reasons not to act on
the new plan (and on the parent it is compared with), and the cost delta is judged
against the two plans' uncertainty before anything is called better or worse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from solver import (
    Churn,
    Edit,
    Evaluation,
    SolveProgress,
    SolveSettings,
    Violation,
    unreachable_pairs,
)
from storage import Database
from tools.compare import KpiChange, compare_results
from tools.continuation import continue_in_background
from tools.edit_check import check_edits
from tools.errors import Conflict, InvalidRequest
from tools.identity import UserRef
from tools.jobs import await_full_effort_solves
from tools.scenarios import (
    LIVE,
    ScenarioRef,
    ScenarioView,
    VersionView,
    create_scenario,
    edit_scenario,
    free_name,
    get_scenario,
    get_version,
    revert,
    version_network,
)
from tools.solving import (
    INTERACTIVE_SETTINGS,
    SolveRunView,
    VersionResult,
    instant_impact,
    parent_adjusted,
    replan_churn,
    solve_version,
    version_result,
)
from tools.trust import CostNoise

ProgressFn = Callable[[SolveProgress], None]


class ViolationBrief(BaseModel):
    """A violation as an answer lists it."""

    kind: str
    hard: bool
    message: str
    entities: list[str]
    amount: float
    unit: str


class WhatIfOutcome(BaseModel):
    """Everything an answer to a what-if question shows, and the version it created."""

    scenario_id: int
    scenario_name: str
    version: int
    parent_version: int | None
    url: str
    edits: list[str]
    rebased: bool
    reachability: str | None
    instant_violations: list[ViolationBrief]
    run: SolveRunView
    vs_parent: list[KpiChange]
    vs_live: list[KpiChange]
    violations: list[ViolationBrief]
    main_driver: str | None
    tradeoff: str
    warnings: list[str] = []
    """Reasons not to act on the re-planned version's plan (empty: none found)."""
    parent_warnings: list[str] = []
    """Reasons not to trust the parent's plan, the baseline of the comparison."""
    cost_noise: CostNoise | None = None
    """The cost delta against the parent, judged against the two plans' uncertainty."""
    edit_effect: str | None = None
    """The edit's own cost effect, when the re-plan also ran untouched freight cheaper."""
    churn_share: float | None = None
    """Share of the parent's dispatches away from the edit that the re-plan changed."""
    stability: str | None = None
    """The churn in words: how much of the plan moved where the edit does not reach."""
    playbook: str | None = None
    """Which contingency playbook answered at once, and how old it is (None: solved now)."""
    playbook_url: str | None = None
    """The playbook's scenario version."""


def brief(violation: Violation) -> ViolationBrief:
    """The answer's view of one violation."""
    return ViolationBrief(
        kind=str(violation.kind),
        hard=violation.hard,
        message=violation.message,
        entities=list(violation.entities),
        amount=violation.amount,
        unit=violation.unit,
    )


def _ranked(violations: Sequence[Violation], limit: int = 8) -> list[ViolationBrief]:
    ordered = sorted(violations, key=lambda v: (not v.hard, -abs(v.amount), v.message))
    return [brief(v) for v in ordered[:limit]]


def scenario_name_for(message: str) -> str:
    """A scenario's name from the question that started it (a second one gets ``#2``)."""
    text = re.sub(r"^\s*(what\s+(happens\s+)?if|and|suppose|imagine)\b", "", message, flags=re.I)
    words = re.sub(r"[^\w%+.-]+", " ", text).split()[:7]
    title = " ".join(words)[:60] or "what-if"
    return f"{title[0].upper()}{title[1:]}"


def ensure_scenario(
    db: Database, actor: UserRef, scenario: ScenarioRef | None, *, message: str
) -> ScenarioView:
    """The caller's scenario; a new private one from live when ``scenario`` is None or live."""
    if scenario is not None:
        current = get_scenario(db, actor, scenario)
        if not current.is_live:
            return current
    for _ in range(5):  # another request may take the free name first: look again
        try:
            return create_scenario(
                db, actor, free_name(db, actor, scenario_name_for(message)), source=LIVE
            )
        except Conflict:
            continue
    return create_scenario(db, actor, free_name(db, actor, scenario_name_for(message)), source=LIVE)


def _solved(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None,
    settings: SolveSettings | None,
    progress: ProgressFn | None,
) -> tuple[SolveRunView, VersionResult]:
    run = solve_version(db, actor, scenario, n, settings=settings, progress=progress)
    if run.status == "unfinished":  # the answer says so; the solve goes on meanwhile
        version_n = get_version(db, actor, scenario, n).n
        continue_in_background(db, actor, scenario, version_n, settings or INTERACTIVE_SETTINGS)
    return run, version_result(db, actor, scenario, n, settings=settings)


def _baseline(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None,
    settings: SolveSettings | None,
    progress: ProgressFn | None,
) -> VersionResult:
    """A version compared against: its best stored plan (a full-effort one wins), even an
    unfinished one (its warnings say so); solved first only when it has none.

    A full-effort solve of it still running (live's, at start-up) is waited for first, so
    the answer compares with that plan whatever the machine's load (see
    :func:`tools.jobs.await_full_effort_solves`)."""
    version = get_version(db, actor, scenario, n)
    await_full_effort_solves(db, version.network_hash, progress=progress)
    stored = version_result(db, actor, scenario, n)
    if stored.evaluation is not None:
        return stored
    return _solved(db, actor, scenario, n, settings, progress)[1]


def _fmt_eur(x: float) -> str:
    return f"€{abs(x):,.0f}"


def tradeoff_sentence(changes: Sequence[KpiChange]) -> str:
    """One sentence: what the change costs and what it does to service."""
    by = {c.key: c for c in changes}
    cost, service = by.get("total_cost_eur"), by.get("service_level")
    if cost is None or cost.delta is None or service is None or service.delta is None:
        return "No trade-off to report: one side is not solved."
    assert cost.before is not None and service.before is not None and service.after is not None
    pct = cost.delta / cost.before * 100 if cost.before else 0.0
    sign = "+" if cost.delta >= 0 else "-"
    cost_words = (
        f"moves cost by {sign}{_fmt_eur(cost.delta)} per week ({pct:+.1f}%), but {cost.note}"
        if cost.note
        else f"costs {_fmt_eur(cost.delta)} more per week ({pct:+.1f}%)"
        if cost.delta > 0.5
        else f"saves {_fmt_eur(cost.delta)} per week ({pct:+.1f}%)"
        if cost.delta < -0.5
        else "leaves cost unchanged"
    )
    pts = service.delta * 100
    service_words = (
        f"service stays at {service.after:.1%}"
        if abs(pts) < 0.05
        else f"service {'rises' if pts > 0 else 'falls'} {abs(pts):.1f} points "
        f"to {service.after:.1%}"
    )
    return f"The change {cost_words}; {service_words}."


def _main_driver(result: VersionResult, parent: VersionResult) -> str | None:
    """The violation that weighs most, or else the cost component that moved most."""
    hard = [v for v in result.violations if v.hard]
    if hard:
        top = max(hard, key=lambda v: (abs(v.amount), v.message))
        return top.message
    if result.kpis is None or parent.kpis is None:
        return None
    parts = (
        ("linehaul_cost_eur", "line-haul cost"),
        ("handling_cost_eur", "handling cost"),
        ("empty_cost_eur", "empty repositioning"),
        ("late_penalty_eur", "late-delivery penalties"),
        ("unserved_penalty_eur", "unserved-freight penalties"),
    )
    moves = [(getattr(result.kpis, key) - getattr(parent.kpis, key), label) for key, label in parts]
    delta, label = max(moves, key=lambda m: (abs(m[0]), m[1]))
    if abs(delta) < 0.5:
        return None
    return f"Mostly {label}: {'+' if delta > 0 else '-'}{_fmt_eur(delta)} per week."


def what_if(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef | None,
    edits: Sequence[Edit | Mapping[str, Any]],
    *,
    message: str,
    base_version: int | None = None,
    settings: SolveSettings | None = None,
    progress: ProgressFn | None = None,
) -> WhatIfOutcome:
    """Apply ``edits`` as a new version of ``scenario`` and report its impact and re-plan.

    ``base_version`` redoes a change from an earlier version ("make it 30%"): the scenario
    is first reverted to that version, then the edits are applied, so history keeps both.
    A question a current contingency playbook answers (the same edits on live) is answered
    from it at once (:func:`tools.playbooks.answer_from_playbook`). Edits the network refuses
    are refused before a scenario is created, so a refused question leaves nothing behind.
    """
    check_edits(db, actor, scenario, edits, base_version=base_version)
    if base_version is None:
        from tools.playbooks import answer_from_playbook  # playbooks build on this module

        ready = answer_from_playbook(db, actor, edits, scenario=scenario, message=message)
        if ready is not None:
            return ready
    sc = ensure_scenario(db, actor, scenario, message=message)
    if base_version is not None and base_version != sc.head:
        revert(db, actor, sc.id, base_version, message=f"Back to v{base_version} to redo a change")
    version = edit_scenario(db, actor, sc.id, edits, message=message)
    return outcome_of(db, actor, version, settings=settings, progress=progress)


def outcome_of(
    db: Database,
    actor: UserRef,
    version: VersionView,
    *,
    settings: SolveSettings | None = None,
    progress: ProgressFn | None = None,
) -> WhatIfOutcome:
    """Impact, re-plan and comparisons of one version against its parent and live."""
    sid = version.scenario_id
    parent_n = version.parent_n
    reachability = None
    parent_run: VersionResult | None = None
    if parent_n is not None:
        parent_run = _baseline(db, actor, sid, parent_n, settings, progress)
        before_net = version_network(db, actor, sid, parent_n)
        after_net = version_network(db, actor, sid, version.n)
        report = unreachable_pairs(after_net, before=before_net)
        if report.cut_off or report.at_risk:
            reachability = report.summary
    impact = instant_impact(db, actor, sid, version.n)
    already = {v.message for v in parent_run.violations} if parent_run else set()
    instant = [v for v in impact.violations if v.message not in already] if impact else []
    run, result = _solved(db, actor, sid, version.n, settings, progress)
    adjusted = None
    if parent_n is not None and run.objective_eur is not None:
        adjusted = parent_adjusted(db, actor, sid, version.n, settings=settings)
    churn = replan_churn(db, actor, sid, version.n)
    live = get_scenario(db, actor, LIVE)
    live_result = _baseline(db, actor, live.id, live.head, settings, progress)
    parent_result = parent_run or result
    to_parent = compare_results(parent_result, result)
    vs_parent = to_parent.changes
    return WhatIfOutcome(
        scenario_id=sid,
        scenario_name=version.scenario_name,
        version=version.n,
        parent_version=parent_n,
        url=version.url,
        edits=list(version.descriptions),
        rebased=version.rebased,
        reachability=reachability,
        instant_violations=_ranked(instant),
        run=run,
        vs_parent=vs_parent,
        vs_live=compare_results(live_result, result).changes,
        violations=_ranked(result.violations),
        main_driver=_main_driver(result, parent_result),
        tradeoff=tradeoff_sentence(vs_parent),
        warnings=result.warnings,
        parent_warnings=parent_run.warnings if parent_run is not None else [],
        cost_noise=to_parent.cost_noise,
        edit_effect=_effect_words(adjusted, result, parent_result, parent_n),
        churn_share=churn.share if churn is not None else None,
        stability=_stability_words(churn),
    )


def _effect_words(
    adjusted: Evaluation | None,
    result: VersionResult,
    parent: VersionResult,
    parent_n: int | None,
) -> str | None:
    """The delta split into the edit's own effect and the re-plan's unrelated saving."""
    if adjusted is None or result.kpis is None or parent.kpis is None:
        return None
    base = adjusted.kpis.total_cost_eur
    saving = parent.kpis.total_cost_eur - base
    effect = result.kpis.total_cost_eur - base
    sign = "+" if effect >= 0 else "-"
    return (
        f"Not all of this is the edit: run the way this re-plan runs the freight the edit "
        f"does not touch, v{parent_n}'s plan would cost {_fmt_eur(saving)} per week less "
        f"({_fmt_eur(base)}). Against that, the edit's own effect is {sign}{_fmt_eur(effect)} "
        f"per week ({effect / base:+.1%}). v{parent_n}'s stored plan is unchanged."
    )


def _stability_words(churn: Churn | None) -> str | None:
    """How many departures changed away from the edit, in a sentence (None: none there)."""
    total = max(churn.parent_outside, churn.child_outside) if churn is not None else 0
    if churn is None or total == 0:
        return None
    return (
        f"{churn.changed_outside:,} of the {total:,} truck and empty-trailer departures on "
        f"lanes the edit does not reach changed ({churn.share:.1%})."
    )


def undo_last(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    *,
    settings: SolveSettings | None = None,
    progress: ProgressFn | None = None,
) -> WhatIfOutcome:
    """Revert the scenario to the version before its head (a new version; history is kept)."""
    head = get_version(db, actor, scenario)
    if head.parent_n is None:
        raise InvalidRequest(f"{head.scenario_name} v{head.n} has no earlier version to go back to")
    version = revert(db, actor, scenario, head.parent_n, message=f"Undo v{head.n}")
    return outcome_of(db, actor, version, settings=settings, progress=progress)
