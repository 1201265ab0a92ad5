"""Chat identities and threads: which Lanewise user a Slack or Teams user acts as, and
which conversation a chat thread continues.

Only admins link identities; a chat user without a link (or linked to a deactivated user)
is nobody, so the bots refuse them instead of acting.

Examples
--------
>>> import tempfile, pathlib
>>> from tools import bootstrap_admin, create_user, user_ref
>>> from storage import Database
>>> db = Database(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'x.db'}")
>>> admin = user_ref(db, bootstrap_admin(db, "root", "root@example.com")[0].id)
>>> _ = create_user(db, admin, "ann", "ann@example.com", "planner")
>>> link_identity(db, admin, "slack", "U024BE7LH", "ann").user
'ann'
>>> user_for_identity(db, "slack", "U024BE7LH").name
'ann'
>>> user_for_identity(db, "slack", "U999") is None
True
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage import ConversationRow, Database, Role, UserRow, as_utc, record_audit, utcnow
from storage.links import ChatThreadRow, ExternalIdentityRow
from tools.access import require_role
from tools.errors import Conflict, InvalidRequest, NotFound
from tools.identity import UserRef, _find_user, load_actor

__all__ = [
    "ChatProvider",
    "IdentityLinkView",
    "link_identity",
    "list_identity_links",
    "remember_thread",
    "thread_conversation",
    "unlink_identity",
    "user_for_identity",
]

ChatProvider = Literal["slack", "teams"]
"""The chat platforms whose users can be linked."""

_PROVIDERS: tuple[str, ...] = get_args(ChatProvider)


class IdentityLinkView(BaseModel):
    """A chat user id and the Lanewise user it acts as."""

    provider: str
    external_id: str
    user_id: int
    user: str
    role: Role
    created_at: datetime


def _provider(provider: str) -> str:
    p = provider.strip().lower()
    if p not in _PROVIDERS:
        raise InvalidRequest(f"provider: {provider!r} is not one of {', '.join(_PROVIDERS)}")
    return p


def normalise_external_id(provider: str, external_id: str) -> str:
    """The stored form of a chat user id: trimmed; Teams (Entra) ids compared lowercase.

    Slack ids (``U024BE7LH``) are case-sensitive upper-case strings and are kept as given.
    """
    value = external_id.strip()
    if not value:
        raise InvalidRequest("external_id: must not be empty")
    if len(value) > 255:
        raise InvalidRequest("external_id: longer than 255 characters")
    if any(c.isspace() for c in value):
        raise InvalidRequest(f"external_id: {external_id!r} contains whitespace")
    return value.lower() if _provider(provider) == "teams" else value


def _view(link: ExternalIdentityRow, user: UserRow) -> IdentityLinkView:
    assert user.id is not None
    return IdentityLinkView(
        provider=link.provider,
        external_id=link.external_id,
        user_id=user.id,
        user=user.name,
        role=Role(user.role),
        created_at=as_utc(link.created_at),
    )


def _find_link(session: Session, provider: str, external_id: str) -> ExternalIdentityRow | None:
    return session.exec(
        select(ExternalIdentityRow)
        .where(ExternalIdentityRow.provider == provider)
        .where(ExternalIdentityRow.external_id == external_id)
    ).first()


def link_identity(
    db: Database, actor: UserRef, provider: str, external_id: str, user: int | str
) -> IdentityLinkView:
    """Admin: let a Slack or Teams user act as a Lanewise user (idempotent).

    Parameters
    ----------
    provider
        ``slack`` (a member id such as ``U024BE7LH``) or ``teams`` (the Entra object id,
        ``aadObjectId``, or the channel's ``from.id``).
    user
        The Lanewise user, by id, name or email.

    Raises
    ------
    PermissionDenied
        Unless the actor is an admin.
    Conflict
        If the chat id already acts as another user (unlink it first).
    NotFound
        If the Lanewise user does not exist.
    """
    p = _provider(provider)
    ext = normalise_external_id(p, external_id)
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "linking chat identities")
        target = _find_user(s, user)
        assert target.id is not None
        if not target.active:
            raise InvalidRequest(f"user: {target.name!r} is deactivated")
        existing = _find_link(s, p, ext)
        if existing is not None:
            if existing.user_id == target.id:
                return _view(existing, target)
            other = s.get(UserRow, existing.user_id)
            raise Conflict(
                f"{p} user {ext!r} already acts as {other.name if other else existing.user_id!r};"
                " unlink it first"
            )
        row = ExternalIdentityRow(
            provider=p, external_id=ext, user_id=target.id, created_by_id=me.id
        )
        s.add(row)
        try:
            s.flush()
        except IntegrityError:
            raise Conflict(f"{p} user {ext!r} was linked meanwhile; try again") from None
        record_audit(
            s, me.id, "identity.link", f"user:{target.id}", {"provider": p, "external_id": ext}
        )
        return _view(row, target)


def unlink_identity(db: Database, actor: UserRef, provider: str, external_id: str) -> None:
    """Admin: the chat id stops acting as anyone.

    Raises
    ------
    NotFound
        If the chat id is not linked.
    """
    p = _provider(provider)
    ext = normalise_external_id(p, external_id)
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "linking chat identities")
        existing = _find_link(s, p, ext)
        if existing is None:
            raise NotFound(f"{p} user {ext!r} is not linked")
        s.delete(existing)
        record_audit(
            s,
            me.id,
            "identity.unlink",
            f"user:{existing.user_id}",
            {"provider": p, "external_id": ext},
        )


def list_identity_links(
    db: Database, actor: UserRef, provider: str | None = None
) -> list[IdentityLinkView]:
    """Admin: every chat link (of one provider), by provider and chat id."""
    p = _provider(provider) if provider is not None else None
    with db.session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "listing chat identities")
        query = select(ExternalIdentityRow, UserRow).where(
            ExternalIdentityRow.user_id == UserRow.id
        )
        if p is not None:
            query = query.where(ExternalIdentityRow.provider == p)
        query = query.order_by(
            col(ExternalIdentityRow.provider), col(ExternalIdentityRow.external_id)
        )
        return [_view(link, user) for link, user in s.exec(query)]


def user_for_identity(db: Database, provider: str, external_id: str) -> UserRef | None:
    """The active Lanewise user a chat user acts as, or None if unlinked or deactivated."""
    p = _provider(provider)
    try:
        ext = normalise_external_id(p, external_id)
    except InvalidRequest:
        return None
    with db.session() as s:
        link = _find_link(s, p, ext)
        if link is None:
            return None
        row = s.get(UserRow, link.user_id)
        if row is None or not row.active or row.id is None:
            return None
        return UserRef(id=row.id, name=row.name, role=Role(row.role))


def _thread_key(thread_key: str) -> str:
    key = thread_key.strip()
    if not key or len(key) > 512:
        raise InvalidRequest("thread_key: must be 1 to 512 characters")
    return key


def thread_conversation(db: Database, actor: UserRef, provider: str, thread_key: str) -> str | None:
    """The id of the actor's conversation in this chat thread, if they spoke there before."""
    p, key = _provider(provider), _thread_key(thread_key)
    with db.session() as s:
        me = load_actor(s, actor)
        row = s.exec(
            select(ChatThreadRow)
            .where(ChatThreadRow.provider == p)
            .where(ChatThreadRow.thread_key == key)
            .where(ChatThreadRow.user_id == me.id)
        ).first()
        return row.conversation_id if row is not None else None


def remember_thread(
    db: Database, actor: UserRef, provider: str, thread_key: str, conversation_id: str
) -> None:
    """Record that the actor's conversation continues in this chat thread.

    Raises
    ------
    NotFound
        If the conversation is not one of the actor's.
    """
    p, key = _provider(provider), _thread_key(thread_key)
    with db.write_session() as s:
        me = load_actor(s, actor)
        conversation = s.get(ConversationRow, conversation_id)
        if conversation is None or conversation.user_id != me.id:
            raise NotFound(f"no conversation {conversation_id!r}")
        assert me.id is not None
        row = s.exec(
            select(ChatThreadRow)
            .where(ChatThreadRow.provider == p)
            .where(ChatThreadRow.thread_key == key)
            .where(ChatThreadRow.user_id == me.id)
        ).first()
        if row is None:
            row = ChatThreadRow(
                provider=p, thread_key=key, user_id=me.id, conversation_id=conversation_id
            )
        else:
            row.conversation_id = conversation_id
            row.updated_at = utcnow()
        s.add(row)
