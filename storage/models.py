"""Database tables (SQLModel). The schema itself is created by the Alembic migrations.

Networks are stored content-addressed (``network_blob``, keyed by SHA-256 of the
canonical JSON, zlib-compressed). A ``version`` is immutable; a ``scenario`` is a mutable
pointer to a head version, moved only by compare-and-set. Plans, settings and KPIs are
stored as JSON so this layer does not depend on their shape.
"""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Read a stored time as UTC (SQLite hands back naive datetimes)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class Role(StrEnum):
    """What a user may do; each role includes the rights of the ones before it."""

    VIEWER = "viewer"
    PLANNER = "planner"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Order of the roles: viewer 0 < planner 1 < approver 2 < admin 3."""
        return _ROLE_RANK[self]


_ROLE_RANK = {Role.VIEWER: 0, Role.PLANNER: 1, Role.APPROVER: 2, Role.ADMIN: 3}


class VersionKind(StrEnum):
    """How a version came to be."""

    IMPORT = "import"
    EDIT = "edit"
    REVERT = "revert"
    PROMOTE = "promote"


class UserRow(SQLModel, table=True):
    """A person (or bot) acting in Lanewise, with one role and an optional API token."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    email: str = Field(unique=True)
    role: str
    token_hash: str | None = Field(default=None, unique=True)
    active: bool = True
    created_at: datetime = _ts()


class NetworkBlob(SQLModel, table=True):
    """A network stored once by the SHA-256 of its canonical JSON (zlib-compressed)."""

    __tablename__ = "network_blob"

    hash: str = Field(primary_key=True, max_length=64)
    data: bytes = Field(sa_type=LargeBinary, nullable=False)
    raw_bytes: int
    name: str
    created_at: datetime = _ts()


class ScenarioRow(SQLModel, table=True):
    """A named, mutable pointer to a head version; ``live`` is the protected one."""

    __tablename__ = "scenario"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_scenario_owner_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    description: str = ""
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    shared: bool = False
    protected: bool = False
    head_version_id: int | None = Field(default=None, index=True)
    base_version_id: int | None = None
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class VersionRow(SQLModel, table=True):
    """An immutable step in a scenario's history: parents, edits, author, network hash."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("scenario_id", "n", name="uq_version_scenario_n"),)

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    n: int
    parent_id: int | None = Field(default=None, foreign_key="version.id", index=True)
    merge_parent_id: int | None = Field(default=None, foreign_key="version.id")
    based_on_id: int | None = Field(default=None, foreign_key="version.id")
    kind: str
    edits: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    descriptions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    touches: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    author_id: int = Field(foreign_key="user_account.id", index=True)
    message: str = ""
    network_hash: str = Field(foreign_key="network_blob.hash", index=True, max_length=64)
    created_at: datetime = _ts()


class SolveRunRow(SQLModel, table=True):
    """A solve of one network with one settings object; the same pair re-uses the run."""

    __tablename__ = "solve_run"
    __table_args__ = (
        UniqueConstraint("network_hash", "settings_hash", name="uq_solve_network_settings"),
    )

    id: int | None = Field(default=None, primary_key=True)
    network_hash: str = Field(foreign_key="network_blob.hash", index=True, max_length=64)
    settings_hash: str = Field(max_length=64)
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solver_version: str = ""
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    plan: bytes | None = Field(default=None, sa_type=LargeBinary)
    kpis: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    message: str = ""
    duration_s: float | None = None
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class CommentRow(SQLModel, table=True):
    """A remark on a version."""

    __tablename__ = "comment"

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    version_id: int = Field(foreign_key="version.id", index=True)
    author_id: int = Field(foreign_key="user_account.id")
    text: str
    created_at: datetime = _ts()


class ProposalRow(SQLModel, table=True):
    """A request to promote one exact version (by network hash) to live."""

    __tablename__ = "proposal"

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    version_id: int = Field(foreign_key="version.id")
    network_hash: str = Field(max_length=64)
    author_id: int = Field(foreign_key="user_account.id")
    message: str = ""
    status: str = "open"
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _ts()


class DecisionRow(SQLModel, table=True):
    """A promotion to live: who approved which exact version, when, why, and the KPIs."""

    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    version_id: int = Field(foreign_key="version.id")
    live_version_id: int = Field(foreign_key="version.id")
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id")
    network_hash: str = Field(max_length=64)
    approver_id: int = Field(foreign_key="user_account.id")
    reason: str
    kpis: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = _ts()


class ConversationRow(SQLModel, table=True):
    """A chat with the assistant, its messages kept as JSON."""

    __tablename__ = "conversation"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    scenario_id: int | None = Field(default=None, foreign_key="scenario.id")
    title: str = ""
    messages: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class AuditRow(SQLModel, table=True):
    """One entry of the audit log: who did what to which entity, when, with details."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts()
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    action: str = Field(index=True)
    entity: str = Field(index=True)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
