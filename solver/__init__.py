"""Pure, deterministic planning core: network model, edits, OR-Tools formulations, evaluation.

Nothing here does I/O or imports another Lanewise package.
"""

from solver.errors import EditError, NetworkValidationError, ValidationIssue
from solver.network import (
    DAY_NAMES,
    Calendar,
    CarrierKind,
    Demand,
    DriverPool,
    Hub,
    HubKind,
    Lane,
    Network,
    ServicePolicy,
    TrailerPool,
    network_from_json,
    parse_network,
)

__all__ = [
    "DAY_NAMES",
    "Calendar",
    "CarrierKind",
    "Demand",
    "DriverPool",
    "EditError",
    "Hub",
    "HubKind",
    "Lane",
    "Network",
    "NetworkValidationError",
    "ServicePolicy",
    "TrailerPool",
    "ValidationIssue",
    "network_from_json",
    "parse_network",
]
