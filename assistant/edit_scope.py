"""Edits carry their scope explicitly: a name that does not resolve, or a scope left out,
never turns a change into a change of the whole network.

A model's ``what_if`` call is checked before anything is stored. Every hub, region and
customer it names must be one of the network's (otherwise the closest names are offered),
and an edit that could be limited to hubs, regions, lanes or customers but names none is
refused unless the call says ``everywhere`` — the planner said the whole network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assistant.closest_names import NameKind, did_you_mean, resolves
from tools import Edit, NetworkNames

_EDIT: TypeAdapter[Edit] = TypeAdapter(Edit)

_NAME_FIELDS: dict[str, NameKind] = {
    "hubs": "hub",
    "origin_hubs": "hub",
    "destination_hubs": "hub",
    "hub": "hub",
    "from_hub": "hub",
    "to_hub": "hub",
    "origin": "hub",
    "destination": "hub",
    "regions": "region",
    "origin_regions": "region",
    "destination_regions": "region",
    "region": "region",
    "customers": "customer",
}
"""Fields of edits that hold names, and what kind of name each holds."""

SCOPE_FIELDS = (*_NAME_FIELDS, "lanes", "demand_ids", "kinds", "carrier")
"""Fields that limit where an edit applies; days limit when, not where."""


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    return [str(v.value if isinstance(v, Enum) else v) for v in items]


def unscoped(edit: Edit) -> bool:
    """Whether ``edit`` could be limited to some hubs, regions, lanes or customers but names
    none, so it would apply to the whole network."""
    fields = [f for f in SCOPE_FIELDS if f in type(edit).model_fields]
    return bool(fields) and not any(_values(getattr(edit, f)) for f in fields)


def any_unscoped(edits: Iterable[Mapping[str, Any]]) -> bool:
    """Whether some edit given as JSON data applies to the whole network (one that is not a
    valid edit is left for the tool to refuse)."""
    for data in edits:
        try:
            if unscoped(_EDIT.validate_python(data)):
                return True
        except ValidationError:
            continue
    return False


def scope_problems(edits: Sequence[Edit], names: NetworkNames, *, everywhere: bool) -> list[str]:
    """Why these edits may not be made as they are, one sentence each (none: they may)."""
    problems: list[str] = []
    for i, edit in enumerate(edits, 1):
        which = f"Edit {i} ({edit.op.replace('_', ' ')})" if len(edits) > 1 else "The change"
        for field, kind in _NAME_FIELDS.items():
            if field not in type(edit).model_fields:
                continue
            for word in _values(getattr(edit, field)):
                if not resolves(word, kind, names):
                    problems.append(f"{which}: {did_you_mean(word, names, kind)}")
        if not everywhere and unscoped(edit):
            problems.append(
                f"{which} names no hub, region, lane or customer, so it would change the whole "
                "network. Set everywhere=true only if the planner said so (everywhere, all, "
                "network-wide); otherwise name the scope, or ask with clarify."
            )
    return problems
