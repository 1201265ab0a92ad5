"""Request bodies of the API, with examples for the OpenAPI document.

Responses are the use cases' own views (``tools.ScenarioView``, ``tools.VersionView`` ...),
so every channel shows the same fields.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tools import Edit, FreeText, NameText

__all__ = [
    "CloneRequest",
    "CommentCreate",
    "EditRequest",
    "LimitQuery",
    "PromoteRequest",
    "ProposalCreate",
    "RefQuery",
    "RevertRequest",
    "ScenarioCreate",
    "ScenarioPath",
    "SolveRequest",
    "TokenOut",
    "UserCreate",
    "UserCreated",
    "UserRoleChange",
    "VersionPath",
]


def plain_ref(value: str) -> str:
    """Refuse references whose numbers are not plain digits (e.g. ``²``), which look numeric
    but name no id; ``"12"``, ``"live"``, ``"12@3"`` and ``"north/versions/2"`` pass."""
    for part in value.replace("/versions/", "@").split("@"):
        token = part.strip().lstrip("v")
        if token.isdigit() and not token.isascii():
            raise ValueError(f"{part.strip()!r} is not a number: write ids and versions as 0-9")
    return value


ScenarioPath = Annotated[
    str,
    Path(
        description="Scenario id, or its name (your own first, then shared ones).",
        examples=["2", "live"],
        max_length=200,
    ),
    AfterValidator(plain_ref),
]
RefQuery = Annotated[str, AfterValidator(plain_ref)]
"""A scenario or version reference in a query or body (checked like :data:`ScenarioPath`)."""
VersionPath = Annotated[int, Path(ge=1, le=10**9, description="Version number.", examples=[1])]
LimitQuery = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


class ScenarioCreate(BaseModel):
    """A new scenario pointing at a version of another one (copies nothing)."""

    model_config = _examples(
        {"name": "north-growth", "source": "live", "description": "Volumes +20% in the north"},
        {"name": "lyon-closed", "source": "2", "n": 3, "shared": True},
    )

    name: NameText = Field(min_length=1, max_length=100, description="Unique among your scenarios.")
    source: RefQuery = Field(default="live", max_length=200, description="Scenario id or name.")
    n: int | None = Field(default=None, ge=1, description="Version of the source (None: head).")
    shared: bool = Field(default=False, description="Visible to the team (else private).")
    description: FreeText = Field(default="", max_length=2000)


class CloneRequest(BaseModel):
    """A copy of a scenario at its current head."""

    model_config = _examples({"name": "north-growth-b", "shared": False})

    name: NameText = Field(min_length=1, max_length=100)
    shared: bool = False


class EditRequest(BaseModel):
    """Typed edits applied in order as one new version (see the ``op`` of each edit)."""

    model_config = _examples(
        {
            "edits": [{"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}],
            "message": "North volumes +20%",
        },
        {
            "edits": [
                {"op": "close_hub", "hubs": ["LYS"], "days": ["mon", "tue"]},
                {"op": "set_drivers", "region": "south", "factor": 0.9},
            ],
            "message": "Lyon closed Monday and Tuesday; 10% fewer drivers in the south",
        },
    )

    edits: list[Edit] = Field(min_length=1, max_length=200)
    message: FreeText = Field(default="", max_length=2000, description="Why (kept in the history).")


class RevertRequest(BaseModel):
    """A new version whose network equals an earlier one (history is kept)."""

    model_config = _examples({"to_n": 1, "message": "Back to the imported network"})

    to_n: int = Field(ge=1, le=10**9, description="The version to restore.")
    message: FreeText = Field(default="", max_length=2000)


class SolveRequest(BaseModel):
    """Solver settings; anything left out takes the interactive defaults."""

    model_config = _examples({}, {"mip_nodes": 200, "relative_gap": 0.005})

    time_limit_s: float | None = Field(
        default=None,
        gt=0,
        le=3600,
        description="Wall-clock safety stop: a solve it cuts short is 'unfinished'.",
    )
    relative_gap: float | None = Field(default=None, ge=0, le=1, description="Stop at this gap.")
    mip_nodes: int | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description="Effort: branch-and-bound nodes per MIP stage (the plan depends on it).",
    )
    lp_rounds: int | None = Field(
        default=None, ge=1, le=1000, description="Effort: column-generation rounds at most."
    )
    threads: int | None = Field(default=None, ge=1, le=64)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    backend: Literal["highs", "scip", "cp_sat"] | None = None


class CommentCreate(BaseModel):
    """A remark on a version."""

    model_config = _examples({"text": "Lyon's Tuesday peak looks too high — check the carrier."})

    text: FreeText = Field(min_length=1, max_length=10_000)


class ProposalCreate(BaseModel):
    """Ask approvers to promote this exact version to live."""

    model_config = _examples({"message": "Ready for Monday: covers the north peak."})

    message: FreeText = Field(default="", max_length=2000)
    override: bool = Field(
        default=False,
        description=(
            "Propose although the plan has reasons against acting on it (unfinished, "
            "collapsed service, hard violations, no bound); the reasons are recorded and "
            "shown to the approvers. Without it such a proposal is refused with the reasons."
        ),
    )


class PromoteRequest(BaseModel):
    """Approve one exact version (by its network hash) as the new live plan."""

    model_config = _examples(
        {
            "network_hash": "3f2a" + "0" * 60,
            "reason": "Approved in the Tuesday S&OP meeting: +1.2% cost for 99% service.",
        }
    )

    network_hash: str = Field(
        pattern=r"^[0-9a-fA-F]{64}$",
        description="The network hash of the version you reviewed (from its page or GET).",
    )
    reason: FreeText = Field(min_length=1, max_length=2000, description="Why it goes live.")


class UserCreate(BaseModel):
    """A new user and their role (admin only)."""

    model_config = _examples({"name": "ann", "email": "ann@example.com", "role": "planner"})

    name: NameText = Field(min_length=1, max_length=100)
    email: NameText = Field(min_length=3, max_length=320)
    role: Literal["viewer", "planner", "approver", "admin"]


class UserRoleChange(BaseModel):
    """A new role for a user (admin only)."""

    model_config = _examples({"role": "approver"})

    role: Literal["viewer", "planner", "approver", "admin"]


class UserCreated(BaseModel):
    """A user just created, with their API token (shown this once)."""

    id: int
    name: str
    email: str
    role: str
    token: str


class TokenOut(BaseModel):
    """A new API token (shown this once; the previous one stops working)."""

    token: str
