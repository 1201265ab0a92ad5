"""Calibration use case: weeks of actuals → a proposed scenario with demand factors, lane
transit times and their evidence.

The fits are :func:`solver.calibrate_demand` and :func:`solver.calibrate_transit` (pure).
The proposal is a new private scenario branched from the version the newest of the weeks
executed, with one version holding the edits and a message stating the evidence; it
changes nothing else. A planner reviews it and an approver promotes it like any other
scenario: calibration is never applied silently.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from solver import (
    Calibration,
    Edit,
    FactorEvidence,
    TransitCalibration,
    TransitEvidence,
    calibrate_demand,
    calibrate_transit,
)
from storage import Database
from tools.actuals import list_actual_weeks, week_actuals
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.scenarios import (
    ScenarioView,
    VersionView,
    create_scenario,
    edit_scenario,
    version_network,
)

__all__ = [
    "CalibrationProposal",
    "evidence_sentence",
    "proposal_lines",
    "propose_calibration",
    "transit_sentence",
]


class CalibrationProposal(BaseModel):
    """The fitted calibration and, when it proposes edits, the scenario version holding them."""

    calibration: Calibration
    transit: TransitCalibration
    base: VersionView
    scenario: ScenarioView | None
    version: VersionView | None


def evidence_sentence(ev: FactorEvidence) -> str:
    """One line of evidence, e.g. ``customer ACME: ×1.32 over 4 weeks (z 17.9)``."""
    z = f", z {ev.z:.1f}" if ev.z is not None else ""
    return (
        f"{ev.dimension} {ev.key}: ×{ev.factor:.3f} ({ev.actual_t:,.0f} t actual vs "
        f"{ev.planned_t:,.0f} t forecast over {ev.weeks} week(s){z})"
    )


def transit_sentence(ev: TransitEvidence) -> str:
    """One line of evidence, e.g. ``lane PAR-LYS: 7.8 h observed vs 7.0 h planned (…)``."""
    z = f", z {ev.z:.1f}" if ev.z is not None else ""
    return (
        f"lane {ev.lane_id}: {ev.observed_h:.1f} h observed vs {ev.planned_h:.1f} h planned "
        f"({ev.extra_h:+.1f} h over {ev.dispatches} dispatches in {ev.weeks} week(s){z})"
    )


def proposal_lines(proposal: CalibrationProposal) -> list[str]:
    """The proposal in plain lines (the CLI prints them, the chat shows them): what was
    proposed from which version, one line of evidence per edit, and that live is untouched;
    or why nothing was proposed."""
    weeks = ", ".join(proposal.calibration.weeks)
    if proposal.version is None:
        few = (
            " (a deviation must show in at least 2 weeks)"
            if len(proposal.calibration.weeks) < 2
            else ""
        )
        return [f"No persistent demand or transit deviation in {weeks}: nothing to propose{few}."]
    v, base = proposal.version, proposal.base
    return [
        f"Proposed {v.scenario_name} v{v.n} from {base.scenario_name} v{base.n}, fitted to "
        f"{weeks}: {v.url}",
        *(f"- {evidence_sentence(ev)}" for ev in proposal.calibration.evidence),
        *(f"- {transit_sentence(ev)}" for ev in proposal.transit.evidence),
        "Live is unchanged: review the proposal, then propose it for promotion like any scenario.",
    ]


def propose_calibration(
    db: Database,
    actor: UserRef,
    weeks: list[str] | None = None,
    *,
    last: int | None = None,
    name: str | None = None,
    min_effect: float = 0.03,
    min_z: float = 2.0,
) -> CalibrationProposal:
    """Fit demand factors and lane transit times to stored weeks and file them as a new
    scenario (planners).

    ``weeks`` names the weeks; ``last`` takes the newest ``last`` weeks with actuals
    instead.

    Raises
    ------
    NotFound
        A week has no actuals.
    InvalidRequest
        No weeks were given (or none are stored), or both ``weeks`` and ``last``.
    """
    if weeks and last is not None:
        raise InvalidRequest("give either weeks or last, not both")
    if last is not None:
        weeks = [w.week for w in list_actual_weeks(db, actor)[: max(last, 0)]]
        if not weeks:
            raise InvalidRequest("no weeks of actuals are stored yet")
    if not weeks:
        raise InvalidRequest("name at least one week of actuals to calibrate from")
    stored = [week_actuals(db, actor, w) for w in sorted(set(weeks))]
    base = stored[-1].version
    network = version_network(db, actor, base.scenario_id, base.n)
    calibration = calibrate_demand(
        network, [s.actuals for s in stored], min_effect=min_effect, min_z=min_z
    )
    transit = calibrate_transit(network, [s.actuals for s in stored], min_z=min_z)
    edits: list[Edit] = [*calibration.edits, *transit.edits]
    if not edits:
        return CalibrationProposal(
            calibration=calibration, transit=transit, base=base, scenario=None, version=None
        )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    scenario = create_scenario(
        db,
        actor,
        name or f"calibration {calibration.weeks[0]}..{calibration.weeks[-1]} {stamp}",
        source=base.scenario_id,
        n=base.n,
        description="Demand factors and transit times fitted to actuals; review before promoting.",
    )
    lines = "\n".join(
        [f"- {evidence_sentence(ev)}" for ev in calibration.evidence]
        + [f"- {transit_sentence(ev)}" for ev in transit.evidence]
    )
    message = (
        f"Calibration from {len(stored)} week(s) of actuals ({', '.join(calibration.weeks)}) "
        f"against {base.scenario_name} v{base.n}:\n{lines}"
    )
    version = edit_scenario(db, actor, scenario.id, edits, message=message)
    return CalibrationProposal(
        calibration=calibration, transit=transit, base=base, scenario=scenario, version=version
    )
