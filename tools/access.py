"""Who may do what: roles, ownership and visibility, enforced for every channel.

* viewer: reads shared scenarios (and live);
* planner: also creates scenarios and edits their own and shared ones, comments, proposes;
* approver: also promotes a version to live;
* admin: also manages users.

A private scenario is visible to its owner only; to everyone else it does not exist.
"""

from __future__ import annotations

from storage import Role, ScenarioRow, UserRow
from tools.errors import NotFound, PermissionDenied

__all__ = [
    "can_edit",
    "can_see",
    "require_editable",
    "require_owner",
    "require_role",
    "require_visible",
]


def role_of(user: UserRow) -> Role:
    """The user's role as an enum."""
    return Role(user.role)


def require_role(user: UserRow, role: Role, action: str) -> None:
    """Raise PermissionDenied unless the user's role is at least ``role``."""
    if role_of(user).rank < role.rank:
        raise PermissionDenied(
            f"{user.name} is a {user.role}; {action} needs the {role.value} role or higher"
        )


def can_see(user: UserRow, scenario: ScenarioRow) -> bool:
    """Shared (and live) scenarios are visible to all users; private ones to their owner."""
    return scenario.shared or scenario.protected or scenario.owner_id == user.id


def require_visible(user: UserRow, scenario: ScenarioRow | None, ref: object) -> ScenarioRow:
    """The scenario, or NotFound (the same answer as for a scenario that does not exist)."""
    if scenario is None or not can_see(user, scenario):
        raise NotFound(f"no scenario {ref!r}")
    return scenario


def can_edit(user: UserRow, scenario: ScenarioRow) -> bool:
    """Planners and above edit their own and shared scenarios; nobody edits live directly."""
    return (
        not scenario.protected
        and role_of(user).rank >= Role.PLANNER.rank
        and (scenario.owner_id == user.id or scenario.shared)
    )


def require_editable(user: UserRow, scenario: ScenarioRow, action: str = "editing") -> None:
    """Raise PermissionDenied with the reason if the user may not change the scenario."""
    if scenario.protected:
        raise PermissionDenied(
            f"scenario {scenario.name!r} is protected: change it by promoting a version"
        )
    require_role(user, Role.PLANNER, action)
    if not can_edit(user, scenario):
        raise PermissionDenied(f"scenario {scenario.name!r} belongs to someone else")


def require_owner(user: UserRow, scenario: ScenarioRow, action: str) -> None:
    """Only the owner may share or unshare a scenario."""
    if scenario.owner_id != user.id:
        raise PermissionDenied(f"only the owner of {scenario.name!r} may {action} it")
