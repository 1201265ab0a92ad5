"""Check edits against the network they would change, before any scenario or version exists.

A what-if question on live first creates a private scenario, then edits it. An edit that
the network refuses (an unknown name, a filter that selects nothing, an invalid result)
must leave no trace: checking it here first means a refused question creates nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from solver import Edit, EditError, apply_edits, parse_edits
from storage import Database
from tools.errors import InvalidEdit, InvalidRequest
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, version_network


def check_edits(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef | None,
    edits: Sequence[Edit | Mapping[str, Any]],
    *,
    base_version: int | None = None,
) -> None:
    """Apply ``edits`` to the version they are meant for (``base_version`` of ``scenario``,
    its head by default, live's head when there is no scenario) without storing anything.

    Raises
    ------
    InvalidEdit
        An edit is malformed, matches nothing or would make the network invalid.
    InvalidRequest
        There are no edits.
    """
    if not edits:
        raise InvalidRequest("no edits given")
    network = version_network(db, actor, scenario if scenario is not None else LIVE, base_version)
    try:
        apply_edits(network, parse_edits(list(edits)))
    except (EditError, ValueError) as exc:
        raise InvalidEdit(str(exc)) from None
