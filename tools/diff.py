"""Differences between two networks, entity by entity and field by field, and KPI deltas.

Entity keys match the ones edits report as touched (``hub:LYS``, ``lane:LYS-PAR``,
``demand:D1``, ``fleet:LYS``, ``region:north/drivers/0``, ``policy``, ``calendar``,
``name``), so a diff says which entities a change touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel

from solver import Network, parse_network

__all__ = [
    "EntityChange",
    "FieldChange",
    "KpiDelta",
    "changed_keys",
    "kpi_deltas",
    "network_diff",
    "overlay",
]

_TABLES: tuple[tuple[str, str], ...] = (
    ("hubs", "hub"),
    ("lanes", "lane"),
    ("demands", "demand"),
    ("fleet", "fleet"),
    ("drivers", "drivers"),
)
_HEADER = ("name", "calendar", "policy")


class FieldChange(BaseModel):
    """One field of one entity: value before and after."""

    field: str
    before: Any = None
    after: Any = None


class EntityChange(BaseModel):
    """An entity added, removed or changed (with the fields that changed)."""

    key: str
    entity: str
    id: str
    label: str
    change: Literal["added", "removed", "changed"]
    fields: list[FieldChange] = []


class KpiDelta(BaseModel):
    """One KPI in both versions and the difference (after - before)."""

    name: str
    before: float
    after: float
    delta: float


def _key(table: str, row: Mapping[str, Any]) -> str:
    if table == "fleet":
        return f"fleet:{row['hub']}"
    if table == "drivers":
        return f"region:{row['region']}/drivers/{row['day']}"
    return f"{dict(_TABLES)[table]}:{row['id']}"


def _rows(net: Network) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every entity of the network by key: (table, JSON-ready row)."""
    data = net.model_dump(mode="json")
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for table, _ in _TABLES:
        for row in data[table]:
            out[_key(table, row)] = (table, row)
    for name in _HEADER:
        value = data[name]
        out[name] = ("header", value if isinstance(value, dict) else {"value": value})
    return out


def _label(key: str, row: Mapping[str, Any], nets: Iterable[Network]) -> str:
    names: dict[str, str] = {}
    for net in nets:
        names.update({h.id: h.name for h in net.hubs})
    if key.startswith("hub:"):
        return str(row.get("name", row.get("id")))
    if key.startswith("lane:") or key.startswith("demand:"):
        o, d = row.get("origin", "?"), row.get("destination", "?")
        prefix = "" if key.startswith("lane:") else f"{row.get('id')} "
        return f"{prefix}{names.get(o, o)}→{names.get(d, d)}"
    if key.startswith("fleet:"):
        return f"trailers at {names.get(row['hub'], row['hub'])}"
    if key.startswith("region:"):
        return f"drivers {row.get('region')} day {row.get('day')}"
    return key


def network_diff(a: Network, b: Network) -> list[EntityChange]:
    """Entities added, removed and changed from ``a`` to ``b``, sorted by key."""
    ra, rb = _rows(a), _rows(b)
    out: list[EntityChange] = []
    for key in sorted(set(ra) | set(rb)):
        before, after = ra.get(key), rb.get(key)
        if before is not None and after is not None and before[1] == after[1]:
            continue
        row = (after or before)[1]  # type: ignore[index]
        entity = key.split(":", 1)[0]
        ident = key.split(":", 1)[1] if ":" in key else key
        label = _label(key, row, (a, b))
        if before is None:
            out.append(EntityChange(key=key, entity=entity, id=ident, label=label, change="added"))
        elif after is None:
            out.append(
                EntityChange(key=key, entity=entity, id=ident, label=label, change="removed")
            )
        else:
            fields = [
                FieldChange(field=f, before=before[1].get(f), after=after[1].get(f))
                for f in sorted(set(before[1]) | set(after[1]))
                if before[1].get(f) != after[1].get(f)
            ]
            out.append(
                EntityChange(
                    key=key, entity=entity, id=ident, label=label, change="changed", fields=fields
                )
            )
    return out


def changed_keys(a: Network, b: Network) -> frozenset[str]:
    """Keys of the entities that differ between two networks."""
    return frozenset(c.key for c in network_diff(a, b))


def overlay(base: Network, source: Network, keys: Iterable[str]) -> Network:
    """``base`` with the entities named by ``keys`` set to their state in ``source``.

    Entities absent from ``source`` are removed. Used to rebase a revert onto a newer head.

    Raises
    ------
    NetworkValidationError
        If the result is not a valid network.
    """
    wanted = set(keys)
    rs = _rows(source)
    data = base.model_dump(mode="json")
    for table, _ in _TABLES:
        kept = [row for row in data[table] if _key(table, row) not in wanted]
        added = [rs[k][1] for k in sorted(wanted) if k in rs and rs[k][0] == table]
        data[table] = kept + added
    for name in _HEADER:
        if name in wanted:
            data[name] = source.model_dump(mode="json")[name]
    return parse_network(data)


def kpi_deltas(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[KpiDelta]:
    """Deltas of every numeric KPI present in both (booleans and other values skipped)."""
    out = []
    for name in sorted(set(before) & set(after)):
        x, y = before[name], after[name]
        if isinstance(x, bool) or isinstance(y, bool):
            continue
        if isinstance(x, int | float) and isinstance(y, int | float):
            out.append(KpiDelta(name=name, before=x, after=y, delta=float(y) - float(x)))
    return out
