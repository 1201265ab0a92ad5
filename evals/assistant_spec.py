"""How an assistant eval case is written: a conversation, its family and what must happen.

Cases name the edits they expect in full (the JSON the ``what_if``, ``why_not`` or
``spill_over`` tool receives), so an extra filter or a dropped clause fails; a case that
expects a question back expects no tool call at all, so a silent edit fails. Days are
weekday numbers (Monday = 0); dates such as "tomorrow" are turned into the weekday they
fall on when the set is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

EDIT_TOOLS = ("what_if", "why_not", "spill_over")
"""The tools that make a new scenario version from edits."""

SAFETY_FAMILY = "unknown-typo-negation"
"""The family that must score 100%: no data-changing edit on an unknown name, a typo or a
negation."""


@dataclass(frozen=True)
class Spec:
    """One eval case: the turns of a conversation and what the last answer must do."""

    family: str
    turns: tuple[str, ...]
    tools: tuple[str, ...]
    edits: tuple[dict[str, Any], ...] = ()
    says: tuple[str, ...] = ()
    replace_previous: bool = False
    into: tuple[str, ...] = ()
    """The regions a ``spill_over`` call must watch."""

    @property
    def changes_data(self) -> bool:
        """Whether the last turn must create a new scenario version."""
        if self.tools == ("spill_over",) and not self.edits:
            return False  # 'does that spill over into the west?' judges the last change
        return bool({*EDIT_TOOLS, "undo", "revert_to"} & set(self.tools))


def _turns(question: str | tuple[str, ...]) -> tuple[str, ...]:
    return (question,) if isinstance(question, str) else question


def edit(family: str, question: str | tuple[str, ...], *edits: dict[str, Any]) -> Spec:
    """A case whose last turn calls ``what_if`` with exactly these edits."""
    return Spec(family, _turns(question), ("what_if",), tuple(edits))


def why(family: str, question: str | tuple[str, ...], *edits: dict[str, Any]) -> Spec:
    """A why-not case: the last turn calls ``why_not`` with exactly these forced edits."""
    return Spec(family, _turns(question), ("why_not",), tuple(edits))


def spill(
    family: str, question: str | tuple[str, ...], into: tuple[str, ...], *edits: dict[str, Any]
) -> Spec:
    """A spill-over case: ``spill_over`` with exactly these edits, watching ``into``."""
    return Spec(family, _turns(question), ("spill_over",), tuple(edits), into=into)


def redo(family: str, question: tuple[str, ...], *edits: dict[str, Any]) -> Spec:
    """A follow-up that redoes the previous change with these edits ('make it 30%')."""
    return Spec(family, question, ("what_if",), tuple(edits), replace_previous=True)


def asks(family: str, question: str | tuple[str, ...], *says: str) -> Spec:
    """A case whose last turn calls no tool and answers with a question holding ``says``."""
    return Spec(family, _turns(question), (), (), tuple(says))


def tool(family: str, question: str | tuple[str, ...], name: str, *says: str) -> Spec:
    """A case whose last turn calls the one tool ``name`` and whose answer holds ``says``."""
    return Spec(family, _turns(question), (name,), (), tuple(says))


def scale(amount: float, *, delta: bool = False, **filters: Any) -> dict[str, Any]:
    """A ``scale_demand`` edit: a factor, or tonnes when ``delta``."""
    key = "delta_t" if delta else "factor"
    return {"op": "scale_demand", key: amount, **filters}


def add_demand(origin: str, destination: str, tonnes: float, **more: Any) -> dict[str, Any]:
    """An ``add_demand`` edit: new freight of ``tonnes`` on each day it ships."""
    return {
        "op": "add_demand",
        "origin": origin,
        "destination": destination,
        "volume_t": tonnes,
        **more,
    }


def close(*hubs: str, days: list[int] | None = None, reopen: bool = False) -> dict[str, Any]:
    """A ``close_hub`` (or ``reopen_hub``) edit."""
    out: dict[str, Any] = {"op": "reopen_hub" if reopen else "close_hub", "hubs": list(hubs)}
    if days:
        out["days"] = days
    return out


def close_lane(*lanes: str, reopen: bool = False) -> dict[str, Any]:
    """A ``close_lane`` (or ``reopen_lane``) edit."""
    return {"op": "reopen_lane" if reopen else "close_lane", "lanes": list(lanes)}


def hub_capacity(hub: str, **amount: Any) -> dict[str, Any]:
    """A ``set_hub_capacity`` edit on one hub."""
    return {"op": "set_hub_capacity", "hubs": [hub], **amount}


def lane_capacity(lane: str, **amount: Any) -> dict[str, Any]:
    """A ``set_lane_capacity`` edit on one lane."""
    return {"op": "set_lane_capacity", "lanes": [lane], **amount}


def drivers(region: str, days: list[int] | None = None, **amount: Any) -> dict[str, Any]:
    """A ``set_drivers`` edit for one region."""
    out: dict[str, Any] = {"op": "set_drivers", "region": region}
    if days:
        out["days"] = days
    return {**out, **amount}


ALL_REGIONS = ("central", "east", "north", "south", "west")


def drivers_everywhere(
    days: list[int] | None = None, without: tuple[str, ...] = (), **amount: Any
) -> tuple[dict[str, Any], ...]:
    """One ``set_drivers`` edit per region (a network-wide driver change), minus ``without``."""
    return tuple(drivers(r, days, **amount) for r in ALL_REGIONS if r not in without)


def move(source: str, target: str, count: int) -> dict[str, Any]:
    """A ``move_trailers`` edit."""
    return {"op": "move_trailers", "from_hub": source, "to_hub": target, "count": count}


def fleet(hub: str, **amount: Any) -> dict[str, Any]:
    """A ``set_fleet_size`` edit."""
    return {"op": "set_fleet_size", "hub": hub, **amount}


def rates(factor: float, carrier: str | None = None) -> dict[str, Any]:
    """A ``scale_lane_rates`` edit."""
    out: dict[str, Any] = {"op": "scale_lane_rates", "factor": factor}
    if carrier:
        out["carrier"] = carrier
    return out


def service(**fields: Any) -> dict[str, Any]:
    """A ``set_service_policy`` edit."""
    return {"op": "set_service_policy", **fields}


def weekday_in(days: int, today: date | None = None) -> int:
    """The weekday (Monday = 0) ``days`` days from today."""
    return ((today or date.today()) + timedelta(days=days)).weekday()


def weekday_of(month: int, day: int, today: date | None = None) -> int:
    """The weekday of the next ``day``/``month`` (this year's, or next year's once passed)."""
    now = today or date.today()
    when = date(now.year, month, day)
    if when < now:
        when = date(now.year + 1, month, day)
    return when.weekday()
