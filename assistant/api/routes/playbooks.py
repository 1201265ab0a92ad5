"""Contingency playbooks: the pre-solved responses to losing a critical hub or lane."""

from __future__ import annotations

from fastapi import APIRouter, Query

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from tools.playbooks import PlaybookView, list_playbooks

router = APIRouter(tags=["playbooks"])


@router.get("/playbooks", response_model=list[PlaybookView], responses=problem_responses(401))
def playbooks(
    db: DbDep,
    actor: ActorDep,
    include_old: bool = Query(
        default=False, alias="all", description="Also those solved against earlier live versions."
    ),
) -> list[PlaybookView]:
    """Playbooks solved against live's head, newest first: the contingency, its scenario
    version, when it was solved and how long ago, and its cost and service."""
    return list_playbooks(db, actor, include_old=include_old)
