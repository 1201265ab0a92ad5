"""Typed errors of the use cases; every channel maps them to its own form (HTTP, chat, CLI)."""

from __future__ import annotations

from pydantic import BaseModel


class ToolError(Exception):
    """Base of the errors a use case raises on purpose; the message is for people."""


class NotFound(ToolError):
    """The thing does not exist, or the actor may not know that it exists."""


class PermissionDenied(ToolError):
    """The actor can see the thing but their role or ownership does not allow the action."""


class InvalidRequest(ToolError):
    """The request cannot be carried out as asked (ambiguous name, nothing to do, ...)."""


class UntrustedPlan(InvalidRequest):
    """The version's plan has reasons against acting on it; ``reasons`` names them."""

    def __init__(self, message: str, *, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = reasons


class InvalidEdit(ToolError):
    """An edit does not apply to the network: it matches nothing or would make it invalid."""


class ConflictingEdit(BaseModel):
    """One side of a conflict: which edit, by whom, in which version."""

    description: str
    author: str
    version_n: int | None = None
    entities: list[str] = []


class Conflict(ToolError):
    """A write based on a stale head overlaps the changes that came in between.

    ``mine`` and ``theirs`` name the overlapping edits (description, author, version), and
    ``head_n`` is the head to re-read before trying again.
    """

    def __init__(
        self,
        message: str,
        *,
        mine: list[ConflictingEdit] | None = None,
        theirs: list[ConflictingEdit] | None = None,
        head_n: int | None = None,
    ) -> None:
        super().__init__(message)
        self.mine = mine or []
        self.theirs = theirs or []
        self.head_n = head_n
