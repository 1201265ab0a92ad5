"""Chat conversations kept for their owner: messages as JSON, optionally tied to a scenario."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from storage import ConversationRow, Database, as_utc, utcnow
from tools.errors import InvalidRequest, NotFound
from tools.identity import UserRef, load_actor
from tools.scenarios import ScenarioRef, _resolve

__all__ = ["ConversationView", "get_conversation", "list_conversations", "save_conversation"]


class ConversationView(BaseModel):
    """A conversation and its messages (JSON, as the assistant serialised them)."""

    id: str
    user: str
    scenario_id: int | None
    title: str
    messages: list[Any]
    created_at: datetime
    updated_at: datetime


def _view(row: ConversationRow, user: str) -> ConversationView:
    return ConversationView(
        id=row.id,
        user=user,
        scenario_id=row.scenario_id,
        title=row.title,
        messages=list(row.messages),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def save_conversation(
    db: Database,
    actor: UserRef,
    messages: list[Any],
    *,
    conversation_id: str | None = None,
    scenario: ScenarioRef | None = None,
    title: str | None = None,
) -> ConversationView:
    """Create a conversation (no id) or replace the messages of one of your own.

    Raises
    ------
    NotFound
        If ``conversation_id`` is not one of the actor's conversations, or the scenario
        is not visible to them.
    InvalidRequest
        If the messages are not JSON-serialisable.
    """
    try:
        data = json.loads(json.dumps(messages))
    except (TypeError, ValueError) as exc:
        raise InvalidRequest(f"messages: not JSON-serialisable ({exc})") from None
    with db.write_session() as s:
        me = load_actor(s, actor)
        assert me.id is not None
        scenario_id = _resolve(s, me, scenario).id if scenario is not None else None
        if conversation_id is None:
            row = ConversationRow(
                id=uuid.uuid4().hex,
                user_id=me.id,
                scenario_id=scenario_id,
                title=title or "",
                messages=data,
            )
        else:
            found = s.get(ConversationRow, conversation_id)
            if found is None or found.user_id != me.id:
                raise NotFound(f"no conversation {conversation_id!r}")
            row = found
            row.messages = data
            if scenario_id is not None:
                row.scenario_id = scenario_id
            if title is not None:
                row.title = title
            row.updated_at = utcnow()
        s.add(row)
        s.flush()
        return _view(row, me.name)


def get_conversation(db: Database, actor: UserRef, conversation_id: str) -> ConversationView:
    """One of the actor's conversations (others' are reported as not found)."""
    with db.session() as s:
        me = load_actor(s, actor)
        row = s.get(ConversationRow, conversation_id)
        if row is None or row.user_id != me.id:
            raise NotFound(f"no conversation {conversation_id!r}")
        return _view(row, me.name)


def list_conversations(db: Database, actor: UserRef, *, limit: int = 50) -> list[ConversationView]:
    """The actor's conversations, most recently updated first."""
    with db.session() as s:
        me = load_actor(s, actor)
        rows = s.exec(
            select(ConversationRow)
            .where(ConversationRow.user_id == me.id)
            .order_by(col(ConversationRow.updated_at).desc(), col(ConversationRow.id))
            .limit(limit)
        )
        return [_view(r, me.name) for r in rows]
