"""What the built-in interpreter understood a question to ask for.

Each intent is a small frozen dataclass; :mod:`assistant.interpreter.parse` produces them
from text and :mod:`assistant.interpreter.model` turns them into tool calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Amount:
    """A change: a factor (1.2 = +20%), a delta (+30 t) or an absolute value."""

    factor: float | None = None
    delta: float | None = None
    value: float | None = None

    def words(self, unit: str = "") -> str:
        """Human form: '+20%', '-15 t', 'to 900 t'."""
        if self.factor is not None:
            pct = (self.factor - 1.0) * 100
            return f"{pct:+.0f}%" if abs(pct - round(pct)) < 1e-9 else f"{pct:+.1f}%"
        if self.delta is not None:
            return f"{self.delta:+g}{(' ' + unit) if unit else ''}"
        return f"to {self.value:g}{(' ' + unit) if unit else ''}"


@dataclass(frozen=True, slots=True)
class ScaleVolume:
    """Change demand volume, filtered by origin, destination, either end, customer and days."""

    amount: Amount
    origin_regions: tuple[str, ...] = ()
    destination_regions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    """Regions at either end ('at the northern hubs', 'to and from the north')."""
    origin_hubs: tuple[str, ...] = ()
    destination_hubs: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()
    days: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CloseHub:
    """Close (or reopen) hubs (by id, or every hub of some kinds), all week or on some days."""

    hubs: tuple[str, ...]
    days: tuple[int, ...] = ()
    reopen: bool = False
    kinds: tuple[str, ...] = ()
    within: tuple[str, ...] = ()
    """Regions the hubs were picked from ('the relays in the north'): named, so not left
    over; no edit field."""


@dataclass(frozen=True, slots=True)
class HubCapacity:
    """Change the daily throughput capacity of a hub, or of every hub of some kinds and
    regions (``hub`` empty)."""

    hub: str
    amount: Amount
    kinds: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CloseLane:
    """Close (or reopen) the lane between two hubs."""

    origin: str
    destination: str
    reopen: bool = False


@dataclass(frozen=True, slots=True)
class LaneCapacity:
    """Change the trucks per day a lane can dispatch."""

    origin: str
    destination: str
    amount: Amount


@dataclass(frozen=True, slots=True)
class LaneTransit:
    """Set a lane's transit time (``hours``) or add hours to it (``add_h``, negative: faster)."""

    origin: str
    destination: str
    hours: float | None = None
    add_h: float | None = None


@dataclass(frozen=True, slots=True)
class NewDemand:
    """Freight the network does not carry yet: ``tonnes`` released on each of ``days`` (every
    day when empty) from ``origin`` to ``destination``, for ``customer`` ('' if not named)."""

    origin: str
    destination: str
    tonnes: float
    days: tuple[int, ...] = ()
    customer: str = ""


@dataclass(frozen=True, slots=True)
class NewLane:
    """A lane the network does not have yet, from ``origin`` to ``destination``; its figures
    come from the reverse lane or the network's rates over the road distance."""

    origin: str
    destination: str
    carrier: str | None = None


@dataclass(frozen=True, slots=True)
class Drivers:
    """Change the drivers available in a region (optionally on some days)."""

    amount: Amount
    regions: tuple[str, ...] = ()
    days: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MoveTrailers:
    """Move trailers from one home hub to another."""

    source: str
    target: str
    count: int


@dataclass(frozen=True, slots=True)
class FleetSize:
    """Change the trailers based at a hub."""

    hub: str
    amount: Amount


@dataclass(frozen=True, slots=True)
class Rates:
    """Scale line-haul rates, optionally only of one carrier kind, some lanes ('A-B') or the
    lanes leaving, reaching or touching some hubs."""

    factor: float
    carrier: str | None = None
    lanes: tuple[str, ...] = ()
    origin_hubs: tuple[str, ...] = ()
    destination_hubs: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ServicePolicy:
    """Set the service target (share of tonnes on time), change it by some points, or set
    the lateness allowed."""

    service_target: float | None = None
    max_late_h: float | None = None
    target_change: float | None = None


@dataclass(frozen=True, slots=True)
class ServicePromise:
    """Promise delivery within ``due_h`` hours, or shift the windows by ``delta_h`` hours,
    for the demand selected by a volume-like scope (``scope.amount`` is unused)."""

    scope: ScaleVolume
    due_h: float | None = None
    delta_h: float | None = None


@dataclass(frozen=True, slots=True)
class LoseDemand:
    """Remove the demand a volume-like scope selects: a customer lost ('what if ACME
    leaves?'), possibly only some of its freight (``scope.amount`` is unused)."""

    scope: ScaleVolume


@dataclass(frozen=True, slots=True)
class Revise:
    """'make it 30%': redo the previous change with another amount. ``bare``: the number came
    without a unit ('make it 25'), so it keeps the unit of the change it redoes; ``signed``:
    it came with a way ('make it 8 more', '-8'), else it keeps the way of that change."""

    amount: Amount
    bare: bool = False
    signed: bool = False


@dataclass(frozen=True, slots=True)
class ReviseDays:
    """'not Monday — Tuesday': redo the previous change on other days."""

    days: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Also:
    """'and Köln as well': the previous change again, for another hub, region or customer;
    with ``instead`` ('Lyon instead'), that change redone for it in place of the old one;
    with an ``amount`` ('and in the north by 5%'), by that amount (``bare`` and ``signed``
    as for :class:`Revise`)."""

    kind: str
    keys: tuple[str, ...]
    instead: bool = False
    amount: Amount | None = None
    bare: bool = False
    signed: bool = False


@dataclass(frozen=True, slots=True)
class AlsoDays:
    """'and on Tuesday too': the previous change again, on more days."""

    days: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Undo:
    """Revert the scenario to the version before the last change."""


@dataclass(frozen=True, slots=True)
class Compare:
    """Compare the current scenario with live (or its parent)."""

    target: str = "live"


@dataclass(frozen=True, slots=True)
class Explain:
    """Why is service down / what should we change / where is the network out of balance."""

    topic: str = "service"
    by_day: int | None = None


@dataclass(frozen=True, slots=True)
class AtLimit:
    """Which lanes, hubs or driver pools the plan uses to their limit ('which lanes are at
    capacity?'), narrowed to kinds ('lane', 'hub', 'drivers'), days, hubs and regions; read
    from the stored plan, nothing is changed."""

    kinds: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    hubs: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LaneTraffic:
    """What the plan runs from one hub to another ('how many trucks BER-HAM daily?'), on
    some days or all week; read from the stored plan, nothing is changed."""

    origin: str
    destination: str
    days: tuple[int, ...] = ()
    both_ways: bool = False
    """'Between A and B': the lane back too."""


@dataclass(frozen=True, slots=True)
class HubTraffic:
    """What the plan runs at one hub ('how busy is Munich?', 'what leaves Paris on Monday?'),
    on some days or all week; read from the stored plan, nothing is changed."""

    hub: str
    days: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class EmptyRunning:
    """Where the plan runs trucks empty or part-full ('which lanes run empty?'), on some days
    or all week, on every lane or those to or from some regions; read from the stored plan,
    nothing is changed."""

    days: tuple[int, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Summarise:
    """An executive summary of the current scenario."""


@dataclass(frozen=True, slots=True)
class ListScenarios:
    """The scenarios the caller can see."""


@dataclass(frozen=True, slots=True)
class History:
    """The versions of the current scenario."""


@dataclass(frozen=True, slots=True)
class Solve:
    """Re-plan the current version."""


@dataclass(frozen=True, slots=True)
class Stress:
    """Does the plan survive a volume change (held trucks, re-routed flows)?"""

    factor: float = 1.2
    regions: tuple[str, ...] = ()
    draws: int = 0


@dataclass(frozen=True, slots=True)
class Frontier:
    """The cost-service trade-off curve."""


@dataclass(frozen=True, slots=True)
class Propose:
    """Propose the current version for approval."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed in the network against the parent version or live."""

    target: str = "parent"


@dataclass(frozen=True, slots=True)
class Find:
    """Which hubs, regions or customers have a name like this."""

    query: str


@dataclass(frozen=True, slots=True)
class Clone:
    """Copy the current scenario under a new name."""

    name: str


@dataclass(frozen=True, slots=True)
class Rename:
    """Give the conversation's scenario a new name ('rename this to North peak')."""

    name: str


@dataclass(frozen=True, slots=True)
class Share:
    """Make the conversation's scenario visible to the team ('share it with the team'), or
    private again with ``unshare``."""

    unshare: bool = False


@dataclass(frozen=True, slots=True)
class RevertTo:
    """Go back to an earlier version number."""

    version: int


@dataclass(frozen=True, slots=True)
class Help:
    """What the interpreter can do."""


@dataclass(frozen=True, slots=True)
class Clarify:
    """Ask before acting: a name fitted several entities, or a word or date was not placed.

    ``question`` is the whole question to ask when it is not "which one of these?".
    """

    phrase: str
    candidates: tuple[str, ...]
    question: str = ""


@dataclass(frozen=True, slots=True)
class NotUnderstood:
    """Nothing actionable was recognised; say what was understood."""

    understood: tuple[str, ...] = field(default_factory=tuple)
    clause: str = ""


@dataclass(frozen=True, slots=True)
class RouteVia:
    """Force freight through a hub: 'route Berlin→Madrid freight through Lyon'."""

    via: str
    origin: str = ""
    destination: str = ""
    origin_hubs: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    """Days the freight is released on ('… through Munich on Monday'); none: all week."""


@dataclass(frozen=True, slots=True)
class UseLane:
    """Make a lane run a loaded truck: 'use the Hamburg–Prague lane on Monday'."""

    origin: str
    destination: str
    days: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class WhyNot:
    """'why not …?': the edits with it force the planner's alternative; the answer says why
    the plan avoided it."""


@dataclass(frozen=True, slots=True)
class SpillOver:
    """'… without it spilling into the south': the edits with it apply where they say, and
    the answer watches these regions for a cascade."""

    regions: tuple[str, ...]


EditIntent = (
    ScaleVolume
    | CloseHub
    | HubCapacity
    | CloseLane
    | LaneCapacity
    | LaneTransit
    | NewDemand
    | NewLane
    | Drivers
    | MoveTrailers
    | FleetSize
    | Rates
    | ServicePolicy
    | ServicePromise
    | LoseDemand
    | RouteVia
    | UseLane
)


@dataclass(frozen=True, slots=True)
class ReviewWeek:
    """Plan vs actual of a stored week of actuals (``week``: ISO week; None: the newest)."""

    week: str | None = None


@dataclass(frozen=True, slots=True)
class Calibrate:
    """Fit the forecast (demand factors, lane transit times) to stored weeks of actuals and
    file it as a proposed scenario: the newest ``last`` weeks, or the ISO ``weeks`` named
    (neither: the tool's default)."""

    last: int | None = None
    weeks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Critical:
    """The hubs and lanes whose loss would hurt most (read-only)."""


QueryIntent = (
    Revise
    | ReviseDays
    | Also
    | AlsoDays
    | Undo
    | Compare
    | Explain
    | AtLimit
    | LaneTraffic
    | HubTraffic
    | EmptyRunning
    | Rename
    | Share
    | Summarise
    | ReviewWeek
    | Calibrate
    | Critical
    | ListScenarios
    | History
    | Solve
    | Stress
    | Frontier
    | Propose
    | Diff
    | Find
    | Clone
    | RevertTo
    | Help
    | Clarify
    | NotUnderstood
    | WhyNot
    | SpillOver
)
Intent = EditIntent | QueryIntent


@dataclass(frozen=True, slots=True)
class Replan:
    """Mid-week: freeze the week's actuals (up to ``through``) and re-plan the rest; report
    the trailer balance at ``by_day``."""

    by_day: int | None = None
    through: int | None = None


@dataclass(frozen=True, slots=True)
class CompareScenarios:
    """A scorecard against live of the scenarios ``names`` (ids or names, as said), or of
    the caller's ``count`` most recently changed scenarios when none is named."""

    count: int = 3
    names: tuple[str, ...] = ()
