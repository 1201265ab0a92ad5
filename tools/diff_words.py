"""Differences between two networks in a planner's words: grouped by kind, with totals.

:func:`tools.diff.network_diff` lists every entity that changed, field by field, in the
network's own terms (``volume_t 16.4 → 26.24`` on 75 demands). A planner reads a change
the way it was made: "north demand +20%: 75 demands, +1,840 t/week", "Hamburg closed
Mon–Wed", "lane Berlin→Madrid departures halved". :func:`describe_changes` turns the
entity list into such lines, one group per kind of thing (demand, hubs, lanes, drivers,
fleet, policy and service), each with:

- ``summary``: a few lines with totals, recomputed from the two networks; changes alike
  are merged (the same factor on many demands, the same closure at several hubs), and a
  set of demands is named by the smallest scope that selects exactly it (a region, a
  customer, a hub, an origin–destination pair, optionally on some days);
- ``details``: every changed entity on its own line, with names (ids only where a demand
  needs one to be found) and translated field names, for the fold on the version page
  and the XLSX (:func:`diff_xlsx`).

Everything here is pure: the same two networks give the same words.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from pydantic import BaseModel

from solver import DAY_NAMES, Demand, Network
from solver.edits import format_days
from tools.csv_cells import escape_cell
from tools.diff import EntityChange
from tools.wording import join_words

__all__ = [
    "DIFF_KINDS",
    "FIELD_WORDS",
    "DiffGroup",
    "DiffKind",
    "describe_changes",
    "diff_xlsx",
    "groups_text",
]

DiffKind = Literal["demand", "hubs", "lanes", "drivers", "fleet", "policy"]
DIFF_KINDS: tuple[DiffKind, ...] = ("demand", "hubs", "lanes", "drivers", "fleet", "policy")
"""The groups of a diff, in the order they are shown."""

_TITLES: dict[DiffKind, str] = {
    "demand": "Demand",
    "hubs": "Hubs",
    "lanes": "Lanes",
    "drivers": "Drivers",
    "fleet": "Fleet",
    "policy": "Policy and service",
}
_KIND_OF: dict[str, DiffKind] = {
    "demand": "demand",
    "hub": "hubs",
    "lane": "lanes",
    "region": "drivers",
    "fleet": "fleet",
    "policy": "policy",
    "calendar": "policy",
    "name": "policy",
}

FIELD_WORDS: dict[str, str] = {
    # hubs
    "name": "name",
    "region": "region",
    "lat": "latitude",
    "lon": "longitude",
    "kind": "kind",
    "capacity_t_per_day": "capacity",
    "handling_cost_eur_per_t": "handling cost",
    "trailer_parking": "trailer parking",
    "open": "open",
    "closed_days": "closed on",
    # lanes
    "origin": "from",
    "destination": "to",
    "distance_km": "distance",
    "transit_h": "transit time",
    "cost_eur_per_truck": "cost per dispatch",
    "cost_eur_per_t": "cost per tonne",
    "truck_capacity_t": "truck size",
    "max_trucks_per_day": "departures per day",
    "carrier": "carrier",
    "active": "in service",
    # demands
    "release_day": "release day",
    "volume_t": "volume",
    "due_h": "due within",
    "customer": "customer",
    "priority": "priority",
    "penalty_late_eur_per_t": "late penalty",
    "penalty_unserved_eur_per_t": "unserved penalty",
    # fleet and drivers
    "hub": "hub",
    "trailers": "trailers",
    "day": "day",
    "drivers": "drivers",
    "hours_per_driver": "hours per driver",
    # policy and calendar
    "service_target": "on-time service target",
    "max_late_h": "late allowance",
    "days": "days in the plan",
    "buckets_per_day": "time buckets per day",
    "value": "network name",
}
"""A planner's words for every field of the network model."""

_UNITS: dict[str, str] = {
    "due_h": " h",
    "volume_t": " t",
    "penalty_late_eur_per_t": " €/t",
    "penalty_unserved_eur_per_t": " €/t",
}
_SUMMARY_WORDS = {"due_h": "service window"}
"""Words of a field in a merged line where they read better than in a single change."""
_MAX_NAMES = 3
"""Names listed in a merged line before 'and N more'."""
_MAX_CLASSES = 5
"""Distinct volume factors shown one line each; more are merged into one line."""


class DiffGroup(BaseModel):
    """One kind of change (demand, hubs, …): lines with totals and every change in words."""

    kind: DiffKind
    title: str
    entities: int
    """Entities of this kind added, removed or changed."""
    summary: list[str]
    """A few lines with totals (changes alike merged)."""
    details: list[str]
    """Every changed entity on its own line."""


# ------------------------------------------------------------------ formatting


def _num(x: float) -> str:
    if abs(x - round(x)) < 1e-9 or abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}".rstrip("0").rstrip(".")


def _signed(x: float) -> str:
    sign = "+" if x > 0 else "−" if x < 0 else "±"
    return f"{sign}{_num(abs(x))}"


def _pct(before: float, after: float) -> str:
    """A relative change: '+20%', '−15%', '+12.5%'; 'halved' and 'doubled' read as such."""
    if before == 0:
        return "from zero"
    p = (after / before - 1.0) * 100.0
    text = f"{abs(p):.0f}" if abs(p - round(p)) < 0.05 else f"{abs(p):.1f}"
    return f"{'+' if p > 0 else '−'}{text}%"


def _ratio_words(before: float, after: float) -> str:
    if before > 0 and math.isclose(after, before / 2, rel_tol=1e-6):
        return "halved"
    if before > 0 and math.isclose(after, before * 2, rel_tol=1e-6):
        return "doubled"
    return _pct(before, after)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _days(days: Iterable[int], horizon: int) -> str:
    text = format_days(list(days), horizon)
    return text or "every day"


def _per_horizon(net: Network) -> str:
    return "week" if net.calendar.days == 7 else f"{net.calendar.days} days"


def _value(fld: str, v: Any, horizon: int = 7) -> str:
    """A field's value with its unit, as a planner reads it."""
    if v is None:
        return "none" if fld == "service_target" else "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if fld == "closed_days":
        return _days(v, horizon) if v else "no day"
    if fld in ("release_day", "day") and isinstance(v, int):
        return DAY_NAMES[v % 7]
    if fld == "service_target" and isinstance(v, int | float):
        return f"{v:.1%}"
    if isinstance(v, int | float):
        x = float(v)
        if fld.endswith("_eur_per_t"):
            return f"€{x:,.2f}/t"
        if fld.endswith("_eur_per_truck"):
            return f"€{_num(x)}"
        if fld == "capacity_t_per_day":
            return f"{_num(x)} t/day"
        if fld.endswith("_t"):
            return f"{_num(x)} t"
        if fld.endswith("_h"):
            return f"{_num(x)} h"
        if fld.endswith("_km"):
            return f"{_num(x)} km"
        if fld == "hours_per_driver":
            return f"{_num(x)} h"
        return _num(x)
    return str(v)


def _field(f: str, a: Any, b: Any, horizon: int) -> str:
    """One field's change in words; opening, closing and closed days read as such."""
    if f == "open" and isinstance(b, bool):
        return "reopened" if b else "closed all week"
    if f == "active" and isinstance(b, bool):
        return "back in service" if b else "closed"
    if f == "closed_days":
        if b:
            return f"closed {_days(b, horizon)}" + (f" (was {_days(a, horizon)})" if a else "")
        return f"open every day (was closed {_days(a or [], horizon)})"
    return (
        f"{FIELD_WORDS.get(f, f.replace('_', ' '))} {_value(f, a, horizon)} → "
        f"{_value(f, b, horizon)}"
    )


def _fields(row_fields: Iterable[tuple[str, Any, Any]], horizon: int) -> str:
    return "; ".join(_field(f, a, b, horizon) for f, a, b in row_fields)


# ------------------------------------------------------------------ naming


@dataclass
class _Names:
    """Hub names and regions from both networks (the newer one wins)."""

    hub: dict[str, str] = field(default_factory=dict)
    region: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, a: Network, b: Network) -> _Names:
        out = cls()
        for net in (a, b):
            out.hub.update({h.id: h.name for h in net.hubs})
            out.region.update({h.id: h.region for h in net.hubs})
        return out

    def h(self, hub_id: str) -> str:
        return self.hub.get(hub_id, hub_id)

    def od(self, origin: str, destination: str) -> str:
        return f"{self.h(origin)}→{self.h(destination)}"

    def demand(self, d: Mapping[str, Any]) -> str:
        day = DAY_NAMES[int(d.get("release_day", 0)) % 7][:3]
        customer = f", {d['customer']}" if d.get("customer") else ""
        return f"{self.od(str(d['origin']), str(d['destination']))}, {day}{customer} ({d['id']})"


# ------------------------------------------------------------------ demand


_Key = Callable[[Demand], str]


def _scope(
    net: Network, chosen: set[str], names: _Names, others: frozenset[str] = frozenset()
) -> str:
    """The smallest description that selects exactly ``chosen`` among ``net``'s demands.

    Tries every demand first, then one attribute at a time (origin region, destination
    region, customer, origin hub, destination hub, origin–destination pair), alone and
    restricted to the release days of the chosen demands; the fewest values win. When no
    description fits exactly, demands in ``others`` (changed otherwise, described on their
    own line) may be included too: "ACME demand doubled" beside "north demand +140%
    (Fri, Sat)" where both edits met. Falls back to the origin regions of the chosen
    demands, said to be part of them.
    """
    for ignore in (frozenset(), others - chosen):
        found = _fit(net, chosen, names, ignore)
        if found is not None:
            return found[2]
    region = names.region
    regions = sorted({region.get(d.origin, "?") for d in net.demands if d.id in chosen})
    return f"part of {join_words(regions, limit=_MAX_NAMES)} demand"


def _fit(
    net: Network, chosen: set[str], names: _Names, ignore: frozenset[str]
) -> tuple[int, int, str] | None:
    """The best description selecting ``chosen`` and nothing else outside ``ignore``:
    (values named, rank of the attribute, words), or None."""
    demands = [d for d in net.demands if d.id in chosen]
    horizon = net.calendar.days
    region = names.region
    keys: list[tuple[_Key, Callable[[list[str]], str]]] = [
        (lambda d: "", lambda v: "all demand"),
        (lambda d: region.get(d.origin, "?"), lambda v: f"{join_words(v)} demand"),
        (lambda d: region.get(d.destination, "?"), lambda v: f"demand into the {join_words(v)}"),
        (lambda d: d.customer, lambda v: f"{join_words(v)} demand"),
        (lambda d: d.origin, lambda v: f"demand from {join_words([names.h(x) for x in v])}"),
        (lambda d: d.destination, lambda v: f"demand to {join_words([names.h(x) for x in v])}"),
        (
            lambda d: f"{d.origin}\x00{d.destination}",
            lambda v: "demand on " + join_words([names.od(*x.split("\x00")) for x in v]),
        ),
    ]
    days = sorted({d.release_day for d in demands})
    best: tuple[int, int, str] | None = None
    for rank, (key, words) in enumerate(keys):
        values = sorted({key(d) for d in demands})
        if len(values) > _MAX_NAMES or (rank > 0 and not all(values)):
            continue
        for on_days in (False, True):
            if on_days and len(days) >= horizon:
                continue
            picked = {
                d.id
                for d in net.demands
                if key(d) in values
                and (not on_days or d.release_day in days)
                and d.id not in ignore
            }
            if picked == chosen:
                text = words(values) + (f" ({_days(days, horizon)})" if on_days else "")
                cand = (len(values) + (1 if on_days else 0), rank, text)
                if best is None or cand[:2] < best[:2]:
                    best = cand
                break
    # a region at either end ("to or from the south"), checked last: it names one region
    ends = [{region.get(d.origin, "?"), region.get(d.destination, "?")} for d in demands]
    common = sorted(set.intersection(*ends)) if ends else []
    for r in common:
        for on_days in (False, True):
            if on_days and len(days) >= horizon:
                continue
            picked = {
                d.id
                for d in net.demands
                if r in (region.get(d.origin), region.get(d.destination))
                and (not on_days or d.release_day in days)
                and d.id not in ignore
            }
            if picked == chosen:
                text = f"demand to or from the {r}" + (
                    f" ({_days(days, horizon)})" if on_days else ""
                )
                cand = (1 + (1 if on_days else 0), len(keys), text)
                if best is None or cand[:2] < best[:2]:
                    best = cand
                break
    return best


def _volume_lines(
    a: Network, b: Network, ids: Sequence[str], names: _Names, others: frozenset[str]
) -> list[str]:
    """Volume changes merged by common factor: 'north demand +20%: 75 demands, +1,840 t/week'."""
    before = {d.id: d.volume_t for d in a.demands}
    after = {d.id: d.volume_t for d in b.demands}
    classes: dict[float, list[str]] = defaultdict(list)
    for i in ids:
        ratio = round(after[i] / before[i], 3) if before[i] > 0 else math.inf
        classes[ratio].append(i)
    per = _per_horizon(a)
    if len(classes) > _MAX_CLASSES:
        classes = {math.nan: list(ids)}
    lines = []
    for ratio, members in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        t0 = math.fsum(before[i] for i in members)
        t1 = math.fsum(after[i] for i in members)
        scope = _scope(a, set(members), names, others)
        factor = "volume changed" if math.isnan(ratio) else _ratio_words(t0, t1)
        lines.append(
            f"{scope} {factor}: {_plural(len(members), 'demand')}, "
            f"{_signed(t1 - t0)} t/{per} ({_num(t0)} → {_num(t1)} t)"
        )
    return lines


def _demand_group(
    a: Network, b: Network, changes: Sequence[EntityChange], names: _Names
) -> list[str]:
    lines: list[str] = []
    per = _per_horizon(a)
    horizon = a.calendar.days
    every = frozenset(c.id for c in changes)  # changed otherwise: may be named with a set
    by_field: dict[str, list[EntityChange]] = defaultdict(list)
    for c in changes:
        if c.change == "changed":
            for f in c.fields:
                by_field[f.field].append(c)
    if by_field.get("volume_t"):
        moved = [c.id for c in by_field.pop("volume_t")]
        lines.extend(_volume_lines(a, b, moved, names, every))
    for fld, group in sorted(by_field.items()):
        pairs = {(repr(f.before), repr(f.after)) for c in group for f in c.fields if f.field == fld}
        values = [(f.before, f.after) for c in group for f in c.fields if f.field == fld]
        if len(pairs) == 1:
            x, y = values[0]
            how = f"{_value(fld, x, horizon)} → {_value(fld, y, horizon)}"
        else:
            numeric = all(isinstance(x, int | float) for pair in values for x in pair)
            steps = {round(float(y) - float(x), 6) for x, y in values} if numeric else set()
            step = steps.pop() if len(steps) == 1 else None
            if step is None:
                how = "changed"
            elif fld == "due_h":
                how = f"{_num(abs(step))} h {'longer' if step > 0 else 'shorter'}"
            else:
                how = f"{_signed(step)}{_UNITS.get(fld, '')}"
        scope = _scope(a, {c.id for c in group}, names, every)
        lines.append(
            f"{_SUMMARY_WORDS.get(fld, FIELD_WORDS.get(fld, fld))} {how} for {scope}: "
            f"{_plural(len(group), 'demand')}"
        )
    for change, sign, net in (("added", 1, b), ("removed", -1, a)):
        ids = {c.id for c in changes if c.change == change}
        if not ids:
            continue
        rows = [d for d in net.demands if d.id in ids]
        tonnes = math.fsum(d.volume_t for d in rows)
        where: dict[str, int] = defaultdict(int)
        for d in rows:
            where[names.region.get(d.origin, "?")] += 1
        spread = ", ".join(f"{r} {k}" for r, k in sorted(where.items(), key=lambda kv: -kv[1]))
        lines.append(
            f"{_plural(len(rows), 'demand')} {change}: {_signed(sign * tonnes)} t/{per} "
            f"(from {spread})"
        )
    return lines


# ------------------------------------------------------------------ hubs and lanes


@dataclass
class _Merge:
    """Entities that changed alike, with summed before / after where a sum means something."""

    phrase: str
    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    before: float = 0.0
    after: float = 0.0
    unit: str = ""
    single: str = ""
    """The before → after of a lone entity, when the phrase is relative."""
    what: str = ""
    how: str = ""
    """For a relative change of one field: the field's words and the change ('+8%')."""


_Scope = Callable[[Sequence[str]], str | None]


def _merged_lines(
    merges: Mapping[str, _Merge], *, noun: str, where: str, scope: _Scope
) -> list[str]:
    """One line per kind of change; several entities changed alike share one line.

    Relative changes of several fields over the same entities ("cost per dispatch +8%",
    "cost per tonne +8%" on the same lanes) are said once; a set of entities that is a
    whole class (every contract lane, every hub of a region) is called by it.
    """
    joined: dict[tuple[tuple[str, ...], str], list[_Merge]] = defaultdict(list)
    lines = []
    for m in merges.values():
        if len(m.names) == 1:
            lines.append(f"{noun}{m.names[0]} {m.phrase}" + (f" ({m.single})" if m.single else ""))
        elif m.how and not m.unit:
            joined[(tuple(sorted(m.ids)), m.how)].append(m)
        else:
            lines.append(_many(m, m.phrase, noun=noun, where=where, scope=scope))
    for (_, how), group in joined.items():
        what = join_words([m.what for m in group])
        lines.append(_many(group[0], f"{what} {how}", noun=noun, where=where, scope=scope))
    return lines


def _many(m: _Merge, phrase: str, *, noun: str, where: str, scope: _Scope) -> str:
    total = f": {_num(m.before)} → {_num(m.after)} {m.unit} in total" if m.unit else ""
    whole = scope(m.ids)
    listed = join_words(sorted(m.names), limit=_MAX_NAMES)
    who = whole or f"{_plural(len(m.names), noun.strip() or 'hub')} ({listed})"
    return f"{phrase} {where} {who}{total}"


def _add(
    merges: dict[str, _Merge],
    phrase: str,
    ident: str,
    name: str,
    *,
    before: float = 0.0,
    after: float = 0.0,
    unit: str = "",
    single: str = "",
    what: str = "",
    how: str = "",
) -> None:
    m = merges.setdefault(phrase, _Merge(phrase=phrase, unit=unit, what=what, how=how))
    m.ids.append(ident)
    m.names.append(name)
    m.before += before
    m.after += after
    m.single = single


def _class_of(ids: Sequence[str], pools: Mapping[str, Sequence[str]], plural: str) -> str | None:
    """'all 52 contract lanes' when ``ids`` are exactly one of ``pools`` (e.g. by carrier)."""
    chosen = set(ids)
    for label, members in pools.items():
        if set(members) == chosen and len(members) > 1:
            return f"all {len(members)} {label} {plural}"
    return None


def _hub_group(a: Network, b: Network, changes: Sequence[EntityChange], names: _Names) -> list[str]:
    merges: dict[str, _Merge] = {}
    horizon = a.calendar.days
    for c in changes:
        name = names.h(c.id)
        if c.change == "added":
            hub = b.hub_by_id[c.id]
            phrase = f"added ({hub.region}, {_num(hub.capacity_t_per_day)} t/day)"
            _add(merges, phrase, c.id, name)
            continue
        if c.change == "removed":
            _add(merges, "removed", c.id, name)
            continue
        for f in c.fields:
            if f.field == "open":
                _add(merges, "closed all week" if not f.after else "reopened", c.id, name)
            elif f.field == "closed_days":
                after_days = list(f.after or [])
                phrase = (
                    f"closed {_days(after_days, horizon)}"
                    if after_days
                    else f"open every day again (was closed {_days(f.before or [], horizon)})"
                )
                _add(merges, phrase, c.id, name)
            elif f.field == "capacity_t_per_day":
                x, y = float(f.before), float(f.after)
                _add(
                    merges,
                    f"capacity {_ratio_words(x, y)}",
                    c.id,
                    name,
                    before=x,
                    after=y,
                    unit="t/day",
                    single=f"{_num(x)} → {_num(y)} t/day",
                )
            elif f.field in ("handling_cost_eur_per_t", "trailer_parking"):
                x, y = float(f.before), float(f.after)
                how = _ratio_words(x, y)
                _add(
                    merges,
                    f"{FIELD_WORDS[f.field]} {how}",
                    c.id,
                    name,
                    single=f"{_value(f.field, x)} → {_value(f.field, y)}",
                    what=FIELD_WORDS[f.field],
                    how=how,
                )
            else:
                _add(merges, _fields([(f.field, f.before, f.after)], horizon), c.id, name)
    regions: dict[str, list[str]] = defaultdict(list)
    for h in a.hubs:
        regions[f"{h.region}"].append(h.id)
    pools = {"": [h.id for h in a.hubs]} | {f"{r}": ids for r, ids in regions.items()}

    def scope(ids: Sequence[str]) -> str | None:
        found = _class_of(ids, pools, "hubs")
        if found is None:
            return None
        # "all 40  hubs" for the whole network, "all 6 south hubs" for a region
        return " ".join(found.split())

    return _merged_lines(merges, noun="", where="at", scope=scope)


def _lane_group(
    a: Network, b: Network, changes: Sequence[EntityChange], names: _Names
) -> list[str]:
    merges: dict[str, _Merge] = {}
    for c in changes:
        net = b if c.change == "added" else a
        lane = net.lane_by_id[c.id]
        name = names.od(lane.origin, lane.destination)
        if c.change == "added":
            phrase = (
                f"added ({lane.carrier}, {lane.max_trucks_per_day} departures a day, "
                f"€{_num(lane.cost_eur_per_truck)} per dispatch)"
            )
            _add(merges, phrase, c.id, name)
            continue
        if c.change == "removed":
            _add(merges, "removed", c.id, name)
            continue
        for f in c.fields:
            if f.field == "active":
                _add(merges, "reopened" if f.after else "closed", c.id, name)
            elif f.field == "max_trucks_per_day":
                x, y = float(f.before), float(f.after)
                phrase = "no departures" if y == 0 else f"departures {_ratio_words(x, y)}"
                _add(
                    merges,
                    phrase,
                    c.id,
                    name,
                    before=x,
                    after=y,
                    unit="departures a day",
                    single=f"{_num(x)} → {_num(y)} a day",
                )
            elif f.field in ("cost_eur_per_truck", "cost_eur_per_t", "truck_capacity_t"):
                x, y = float(f.before), float(f.after)
                how = _ratio_words(x, y)
                _add(
                    merges,
                    f"{FIELD_WORDS[f.field]} {how}",
                    c.id,
                    name,
                    single=f"{_value(f.field, x)} → {_value(f.field, y)}",
                    what=FIELD_WORDS[f.field],
                    how=how,
                )
            else:
                _add(merges, _fields([(f.field, f.before, f.after)], a.calendar.days), c.id, name)
    carriers: dict[str, list[str]] = defaultdict(list)
    for lane in a.lanes:
        carriers[str(lane.carrier)].append(lane.id)
    pools = {"": [x.id for x in a.lanes]} | dict(carriers)

    def scope(ids: Sequence[str]) -> str | None:
        found = _class_of(ids, pools, "lanes")
        return " ".join(found.split()) if found else None

    return _merged_lines(merges, noun="lane ", where="on", scope=scope)


# ------------------------------------------------------------------ drivers, fleet, policy


def _driver_group(a: Network, b: Network, changes: Sequence[EntityChange]) -> list[str]:
    before = {(p.region, p.day): p for p in a.drivers}
    after = {(p.region, p.day): p for p in b.drivers}
    horizon = a.calendar.days
    per = _per_horizon(a)
    days: dict[str, list[int]] = defaultdict(list)
    hours: dict[tuple[str, float, float], list[int]] = defaultdict(list)
    for c in changes:
        region, _, day_s = c.id.split("/")
        key = (region, int(day_s))
        days[region].append(key[1])
        p, q = before.get(key), after.get(key)
        if p is not None and q is not None and p.hours_per_driver != q.hours_per_driver:
            hours[(region, p.hours_per_driver, q.hours_per_driver)].append(key[1])
    lines = []
    for region, ds in sorted(days.items()):
        x = sum(before[(region, d)].drivers for d in ds if (region, d) in before)
        y = sum(after[(region, d)].drivers for d in ds if (region, d) in after)
        if x == y:
            continue
        lines.append(
            f"{region} drivers {_ratio_words(x, y)} ({_days(ds, horizon)}): "
            f"{_num(x)} → {_num(y)} driver-days/{per}"
        )
    for (region, h0, h1), ds in sorted(hours.items()):
        lines.append(
            f"{region} driver hours {_num(h0)} → {_num(h1)} h a day ({_days(ds, horizon)})"
        )
    return lines


def _fleet_group(
    a: Network, b: Network, changes: Sequence[EntityChange], names: _Names
) -> list[str]:
    before = {p.hub: p.trailers for p in a.fleet}
    after = {p.hub: p.trailers for p in b.fleet}
    deltas = {
        c.id: after.get(c.id, 0) - before.get(c.id, 0)
        for c in changes
        if after.get(c.id, 0) != before.get(c.id, 0)
    }
    if not deltas:
        return []
    ranked = sorted(deltas.items(), key=lambda kv: (-abs(kv[1]), names.h(kv[0])))
    moves = ", ".join(f"{names.h(h)} {_signed(d)}" for h, d in ranked[:5])
    if len(ranked) > 5:
        moves += f" and {len(ranked) - 5} more hubs"
    total0, total1 = sum(before.values()), sum(after.values())
    if total0 == total1:
        moved = sum(d for d in deltas.values() if d > 0)
        return [f"{_plural(moved, 'trailer')} moved between hubs: {moves}"]
    return [f"fleet {_num(total0)} → {_num(total1)} trailers ({_signed(total1 - total0)}): {moves}"]


def _policy_lines(changes: Sequence[EntityChange], horizon: int) -> list[str]:
    lines = []
    for c in changes:
        for f in c.fields:
            if f.field == "max_late_h":
                lines.append(
                    f"freight more than {_value(f.field, f.before)} → "
                    f"{_value(f.field, f.after)} late counts as unserved"
                )
            else:
                lines.append(_fields([(f.field, f.before, f.after)], horizon))
    return lines


# ------------------------------------------------------------------ details


def _detail(c: EntityChange, a: Network, b: Network, names: _Names) -> str:
    """One entity's change in words, every changed field translated."""
    horizon = a.calendar.days
    net = b if c.change == "added" else a
    if c.entity == "demand":
        d = net.demand_by_id[c.id]
        what = f"demand {names.demand(d.model_dump())}"
        size = f"{_num(d.volume_t)} t"
    elif c.entity == "hub":
        what, size = names.h(c.id), ""
    elif c.entity == "lane":
        lane = net.lane_by_id[c.id]
        what, size = f"lane {names.od(lane.origin, lane.destination)}", ""
    elif c.entity == "fleet":
        what, size = f"trailers at {names.h(c.id)}", ""
    elif c.entity == "region":
        region, _, day = c.id.split("/")
        what, size = f"{region} drivers on {DAY_NAMES[int(day) % 7]}", ""
    else:
        what, size = (
            {"policy": "service policy", "calendar": "planning calendar"}.get(c.entity, "network"),
            "",
        )
    if c.change != "changed":
        return f"{what} {c.change}" + (f" ({size})" if size else "")
    if c.entity in ("fleet", "region") and [f.field for f in c.fields] in (
        ["trailers"],
        ["drivers"],
    ):
        f = c.fields[0]
        return f"{what}: {_value(f.field, f.before)} → {_value(f.field, f.after)}"
    return f"{what}: {_fields(((f.field, f.before, f.after) for f in c.fields), horizon)}"


# ------------------------------------------------------------------ entry points


def describe_changes(a: Network, b: Network, changes: Sequence[EntityChange]) -> list[DiffGroup]:
    """The changes from ``a`` to ``b`` grouped by kind, in words, with totals.

    ``changes`` is :func:`tools.diff.network_diff` of the two networks. Groups come in the
    order of :data:`DIFF_KINDS`, empty ones left out.
    """
    names = _Names.of(a, b)
    by_kind: dict[DiffKind, list[EntityChange]] = defaultdict(list)
    for c in changes:
        by_kind[_KIND_OF.get(c.entity, "policy")].append(c)
    out = []
    for kind in DIFF_KINDS:
        group = by_kind.get(kind)
        if not group:
            continue
        if kind == "demand":
            summary = _demand_group(a, b, group, names)
        elif kind == "hubs":
            summary = _hub_group(a, b, group, names)
        elif kind == "lanes":
            summary = _lane_group(a, b, group, names)
        elif kind == "drivers":
            summary = _driver_group(a, b, group)
        elif kind == "fleet":
            summary = _fleet_group(a, b, group, names)
        else:
            summary = _policy_lines(group, a.calendar.days)
        details = [_detail(c, a, b, names) for c in group]
        out.append(
            DiffGroup(
                kind=kind,
                title=_TITLES[kind],
                entities=len(group),
                summary=[s[:1].upper() + s[1:] for s in summary] or ["no change in total"],
                details=details,
            )
        )
    return out


def groups_text(groups: Sequence[DiffGroup], *, bold: bool = True) -> str:
    """The grouped lines as Markdown: a heading per kind and its summary lines."""
    lines = []
    for g in groups:
        lines.append(f"**{g.title}**" if bold else g.title)
        lines.extend(f"- {s}" for s in g.summary)
    return "\n".join(lines)


def diff_xlsx(title: str, groups: Sequence[DiffGroup], changes: Sequence[EntityChange]) -> bytes:
    """A workbook of a diff: the grouped lines, then every change field by field.

    Text from the network (names, customers) is escaped so a spreadsheet never runs it as a
    formula.
    """
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws.append([escape_cell(title)])
    ws.append(["Kind", "Change"])
    for g in groups:
        for s in g.summary:
            ws.append([g.title, escape_cell(s)])
    for cell in (*ws[1], *ws[2]):
        cell.font = bold
    words = wb.create_sheet("Every change")
    words.append(["Kind", "Change"])
    for g in groups:
        for s in g.details:
            words.append([g.title, escape_cell(s)])
    fields = wb.create_sheet("Fields")
    fields.append(["Kind", "Entity", "Id", "Change", "Field", "Before", "After"])
    for c in changes:
        kind = _TITLES[_KIND_OF.get(c.entity, "policy")]
        base = [kind, escape_cell(c.label), escape_cell(c.id), c.change]
        if not c.fields:
            fields.append([*base, "", "", ""])
        for f in c.fields:
            fields.append(
                [
                    *base,
                    FIELD_WORDS.get(f.field, f.field),
                    _cell(f.before),
                    _cell(f.after),
                ]
            )
    for sheet in (words, fields):
        for cell in sheet[1]:
            cell.font = bold
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(v: Any) -> float | int | str | None:
    if v is None or isinstance(v, bool):
        return None if v is None else ("yes" if v else "no")
    if isinstance(v, int | float):
        return v
    if isinstance(v, list | tuple):
        return escape_cell(", ".join(str(x) for x in v))
    return escape_cell(str(v))
