"""Links from chat platforms to Lanewise: external user ids and chat threads.

``external_identity`` maps a Slack or Teams user to a Lanewise user (one Lanewise user
may have several); ``chat_thread`` maps a chat thread, per participant, to the
conversation that continues in it, so a thread resumes its conversation from any process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import utcnow

__all__ = ["ChatThreadRow", "ExternalIdentityRow"]


def _ts() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class ExternalIdentityRow(SQLModel, table=True):
    """A user id on a chat platform (``slack`` / ``teams``) that acts as a Lanewise user."""

    __tablename__ = "external_identity"
    __table_args__ = (
        UniqueConstraint("provider", "external_id", name="uq_external_identity_provider_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=16)
    external_id: str = Field(max_length=255)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = _ts()


class ChatThreadRow(SQLModel, table=True):
    """The conversation a participant continues in one chat thread."""

    __tablename__ = "chat_thread"
    __table_args__ = (
        UniqueConstraint("provider", "thread_key", "user_id", name="uq_chat_thread_key_user"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=16)
    thread_key: str = Field(max_length=512)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    conversation_id: str = Field(foreign_key="conversation.id", max_length=64)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
