"""Map the interpreter's edit intents to edit objects in the JSON form the tools accept."""

from __future__ import annotations

from typing import Any, assert_never

from assistant.interpreter.intents import (
    Amount,
    CloseHub,
    CloseLane,
    Drivers,
    EditIntent,
    FleetSize,
    HubCapacity,
    LaneCapacity,
    LaneTransit,
    LoseDemand,
    MoveTrailers,
    NewDemand,
    NewLane,
    Rates,
    RouteVia,
    ScaleVolume,
    ServicePolicy,
    ServicePromise,
    UseLane,
)


def _demand_filters(scope: ScaleVolume) -> dict[str, Any]:
    """The demand filters of a volume-like scope, as edit fields (no op, no amount)."""
    filters = edit_for(
        ScaleVolume(Amount(factor=1.0), **{k: getattr(scope, k) for k in _SCOPE_FIELDS})
    )
    del filters["op"], filters["factor"]
    return _drop_empty(filters)


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items() if v not in ((), None)
    }


def _factor_or(amount: Amount, absolute: str, delta: str) -> dict[str, Any]:
    if amount.factor is not None:
        return {"factor": amount.factor}
    if amount.delta is not None:
        return {delta: amount.delta}
    return {absolute: amount.value}


_SCOPE_FIELDS = (
    "origin_regions",
    "destination_regions",
    "regions",
    "origin_hubs",
    "destination_hubs",
    "hubs",
    "customers",
    "days",
)


def _count(amount: Amount, absolute: str, delta: str) -> dict[str, Any]:
    """Counted things (trucks, drivers, trailers) take whole numbers; a share stays a factor."""
    if amount.factor is not None:
        return {"factor": amount.factor}
    if amount.delta is not None:
        return {delta: round(amount.delta)}
    return {absolute: round(amount.value or 0.0)}


def edit_for(intent: EditIntent) -> dict[str, Any]:
    """The edit (as a JSON-ready dict with its ``op``) that carries out one intent."""
    match intent:
        case ScaleVolume():
            if intent.amount.factor is None and intent.amount.delta is None:
                raise ValueError("a volume change needs a factor or tonnes, not a total")
            amount = (
                {"factor": intent.amount.factor}
                if intent.amount.factor is not None
                else {"delta_t": intent.amount.delta}
            )
            return _drop_empty(
                {
                    "op": "scale_demand",
                    **amount,
                    "origin_regions": intent.origin_regions,
                    "destination_regions": intent.destination_regions,
                    "regions": intent.regions,
                    "origin_hubs": intent.origin_hubs,
                    "destination_hubs": intent.destination_hubs,
                    "hubs": intent.hubs,
                    "customers": intent.customers,
                    "days": intent.days,
                }
            )
        case CloseHub():
            op = "reopen_hub" if intent.reopen else "close_hub"
            return _drop_empty(
                {"op": op, "hubs": intent.hubs, "kinds": intent.kinds, "days": intent.days}
            )
        case HubCapacity():
            return {
                **_drop_empty(
                    {
                        "op": "set_hub_capacity",
                        "hubs": (intent.hub,) if intent.hub else (),
                        "kinds": intent.kinds,
                        "regions": intent.regions,
                    }
                ),
                **_factor_or(intent.amount, "capacity_t_per_day", "delta_t_per_day"),
            }
        case CloseLane():
            op = "reopen_lane" if intent.reopen else "close_lane"
            return {"op": op, "lanes": [f"{intent.origin}-{intent.destination}"]}
        case LaneTransit():
            change = {"transit_h": intent.hours} if intent.hours is not None else {}
            return {
                "op": "set_lane_transit",
                "lanes": [f"{intent.origin}-{intent.destination}"],
                **(change or {"add_h": intent.add_h}),
            }
        case NewDemand():
            return _drop_empty(
                {
                    "op": "add_demand",
                    "origin": intent.origin,
                    "destination": intent.destination,
                    "volume_t": intent.tonnes,
                    "days": intent.days,
                    "customer": intent.customer or None,
                }
            )
        case NewLane():
            return _drop_empty(
                {
                    "op": "add_lane",
                    "origin": intent.origin,
                    "destination": intent.destination,
                    "carrier": intent.carrier,
                }
            )
        case LaneCapacity():
            return {
                "op": "set_lane_capacity",
                "lanes": [f"{intent.origin}-{intent.destination}"],
                **_count(intent.amount, "max_trucks_per_day", "trucks_delta"),
            }
        case Drivers():
            return _drop_empty(
                {
                    "op": "set_drivers",
                    "region": intent.regions[0] if intent.regions else None,
                    "days": intent.days,
                    **_count(intent.amount, "drivers", "drivers_delta"),
                }
            )
        case MoveTrailers():
            return {
                "op": "move_trailers",
                "from_hub": intent.source,
                "to_hub": intent.target,
                "count": intent.count,
            }
        case FleetSize():
            return {
                "op": "set_fleet_size",
                "hub": intent.hub,
                **_count(intent.amount, "trailers", "trailers_delta"),
            }
        case Rates():
            return _drop_empty(
                {
                    "op": "scale_lane_rates",
                    "factor": intent.factor,
                    "carrier": intent.carrier,
                    "lanes": intent.lanes,
                    "origin_hubs": intent.origin_hubs,
                    "destination_hubs": intent.destination_hubs,
                    "hubs": intent.hubs,
                }
            )
        case ServicePromise():
            return _drop_empty(
                {
                    "op": "set_due_hours",
                    **_demand_filters(intent.scope),
                    "due_h": intent.due_h,
                    "delta_h": intent.delta_h,
                }
            )
        case LoseDemand():
            return {"op": "remove_demand", **_demand_filters(intent.scope)}
        case ServicePolicy():
            return _drop_empty(
                {
                    "op": "set_service_policy",
                    "service_target": intent.service_target,
                    "service_target_change": intent.target_change,
                    "max_late_h": intent.max_late_h,
                }
            )
        case RouteVia():
            pair = (f"{intent.origin}→{intent.destination}",) if intent.origin else ()
            return _drop_empty(
                {
                    "op": "route_via",
                    "lanes": pair,
                    "origin_hubs": intent.origin_hubs,
                    "customers": intent.customers,
                    "days": intent.days,
                    "via_hub": intent.via,
                }
            )
        case UseLane():
            return _drop_empty(
                {
                    "op": "use_lane",
                    "lane": f"{intent.origin}-{intent.destination}",
                    "days": intent.days,
                }
            )
        case _:
            assert_never(intent)


def _with_hours(edit: dict[str, Any], amount: Amount, *, signed: bool) -> dict[str, Any] | None:
    """A transit change with other hours ('make it 3' after '+2 h': +3 h; after '-1 h': -3 h
    unless signed); a share is no number of hours, so None."""
    hours = amount.delta if amount.delta is not None else amount.value
    if hours is None or hours == 0:
        return None
    if "transit_h" in edit:
        return {**edit, "transit_h": abs(hours)}
    old = edit["add_h"]
    if not signed and isinstance(old, int | float) and old * hours < 0:
        hours = -hours  # '30 minutes quicker' then 'make it 45' stays quicker
    return {**edit, "add_h": hours}


def _with_tonnes(
    edit: dict[str, Any], amount: Amount, *, bare: bool, signed: bool
) -> dict[str, Any] | None:
    """New freight with other tonnes a day: a level as said ('make it 80'), a signed change
    added to it ('20 t more'), a share of it ('10% more'); None if nothing would be left."""
    old = float(edit["volume_t"])
    if amount.value is not None:
        tonnes = amount.value
    elif amount.delta is not None:
        tonnes = old + amount.delta if signed and not bare else abs(amount.delta)
    else:
        tonnes = old * (amount.factor or 1.0)
    return {**edit, "volume_t": round(tonnes, 3)} if tonnes > 0 else None


def with_amount(
    edit: dict[str, Any], amount: Amount, *, bare: bool = False, signed: bool = True
) -> dict[str, Any] | None:
    """The same edit with another amount ('make it 30%'), or None if it has no amount.

    A ``bare`` number ('make it 25' after '+20%') keeps the edit's unit: a share of a
    change made by a share, never 25 t of one made in percent. An amount not ``signed``
    keeps the edit's way: 'cut drivers by 5' then 'make it 8' cuts 8 (it added 8).
    """
    if "add_h" in edit or "transit_h" in edit:
        return _with_hours(edit, amount, signed=signed)
    if edit.get("op") == "add_demand":  # 'make it 80' / '+20 t' / '10% more' after new freight
        return _with_tonnes(edit, amount, bare=bare, signed=signed)
    keys = ("factor", "delta_t", "trucks_delta", "drivers_delta", "trailers_delta", "count")
    if not any(k in edit for k in keys):
        return None
    if bare and "factor" in edit and amount.delta is not None:
        amount = Amount(factor=round(1.0 + amount.delta / 100.0, 6))
    revised = {k: v for k, v in edit.items() if k not in keys}
    if "count" in edit:
        if amount.delta is None and amount.value is None:
            return None
        revised["count"] = int(abs(amount.delta if amount.delta is not None else amount.value or 0))
        return revised
    old_factor = edit.get("factor")
    if amount.factor is not None:
        factor = amount.factor
        if not signed and old_factor is not None and old_factor < 1.0 < factor:
            factor = 2.0 - factor  # "cut by 15%" then "make it 20%" keeps the direction
        revised["factor"] = round(factor, 6)
        return revised
    delta_key = next((k for k in keys[1:5] if k in edit), "delta_t")
    if amount.delta is not None:
        old_delta = edit.get(delta_key)
        delta = amount.delta
        if not signed and isinstance(old_delta, int | float) and old_delta * delta < 0:
            delta = -delta  # "5 fewer drivers" then "make it 8" keeps the direction
        revised[delta_key] = int(delta) if delta_key != "delta_t" and delta == int(delta) else delta
        return revised
    return None
