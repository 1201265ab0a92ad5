"""Users, roles and API tokens. Only admins manage users; the first admin bootstraps itself.

Tokens are shown once and stored as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from storage import AuditRow, Database, Role, UserRow, as_utc, record_audit
from tools.access import require_role
from tools.errors import Conflict, InvalidRequest, NotFound, PermissionDenied

__all__ = [
    "UserRef",
    "UserView",
    "authenticate",
    "bootstrap_admin",
    "create_user",
    "deactivate_user",
    "end_sessions",
    "first_admin",
    "list_users",
    "rotate_token",
    "session_generation",
    "session_user",
    "set_role",
    "user_ref",
]


def is_plain_int(text: str) -> bool:
    """True for ASCII digits only: '12' yes, '²' or '١٢' no (int() would refuse them)."""
    return text.isascii() and text.isdecimal()


MAX_ID = 2**63 - 1
"""Largest id a row can have (a signed 64-bit integer on every database)."""


def fits_id(value: int) -> bool:
    """Whether ``value`` can be a row id; larger numbers would overflow the database query."""
    return 0 <= value <= MAX_ID


TOKEN_PREFIX = "lw_"


class UserRef(BaseModel):
    """Who is acting: passed explicitly to every use case (its role is re-read each time)."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    role: Role


class UserView(BaseModel):
    """A user as shown to admins."""

    id: int
    name: str
    email: str
    role: Role
    active: bool
    has_token: bool
    created_at: datetime


def _view(row: UserRow) -> UserView:
    assert row.id is not None
    return UserView(
        id=row.id,
        name=row.name,
        email=row.email,
        role=Role(row.role),
        active=row.active,
        has_token=row.token_hash is not None,
        created_at=as_utc(row.created_at),
    )


def _ref(row: UserRow) -> UserRef:
    assert row.id is not None
    return UserRef(id=row.id, name=row.name, role=Role(row.role))


def hash_token(token: str) -> str:
    """SHA-256 (hex) of an API token, the only form stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def load_actor(session: Session, actor: UserRef) -> UserRow:
    """The acting user's current row; PermissionDenied if unknown or deactivated."""
    row = session.get(UserRow, actor.id)
    if row is None or not row.active:
        raise PermissionDenied(f"user {actor.name!r} is not an active user")
    return row


def _find_user(session: Session, ref: int | str) -> UserRow:
    if isinstance(ref, int) or (isinstance(ref, str) and is_plain_int(ref)):
        row = session.get(UserRow, int(ref)) if fits_id(int(ref)) else None
    else:
        row = session.exec(
            select(UserRow).where(func.lower(UserRow.name) == ref.strip().lower())
        ).first()
        if row is None:
            row = session.exec(
                select(UserRow).where(func.lower(UserRow.email) == ref.strip().lower())
            ).first()
    if row is None:
        raise NotFound(f"no user {ref!r}")
    return row


def _validate(name: str, email: str) -> tuple[str, str]:
    name, email = name.strip(), email.strip()
    if not name:
        raise InvalidRequest("name: must not be empty")
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise InvalidRequest(f"email: {email!r} is not an email address")
    return name, email


def _insert(session: Session, name: str, email: str, role: Role) -> tuple[UserRow, str]:
    token = _new_token()
    row = UserRow(name=name, email=email, role=role.value, token_hash=hash_token(token))
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"a user named {name!r} or with email {email!r} already exists") from None
    return row, token


def bootstrap_admin(db: Database, name: str, email: str) -> tuple[UserView, str]:
    """Create the first admin of an empty database; returns the user and its API token.

    Raises
    ------
    Conflict
        If any user exists already (use :func:`create_user` as an admin instead).
    """
    name, email = _validate(name, email)
    with db.write_session() as s:
        if s.exec(select(func.count()).select_from(UserRow)).one() > 0:
            raise Conflict("users exist already: an admin creates further users")
        row, token = _insert(s, name, email, Role.ADMIN)
        record_audit(s, row.id, "user.bootstrap", f"user:{row.id}", {"name": name})
        return _view(row), token


def create_user(
    db: Database, actor: UserRef, name: str, email: str, role: Role | str
) -> tuple[UserView, str]:
    """Admin: add a user with a role; returns the user and its API token (shown once)."""
    name, email = _validate(name, email)
    try:
        role = Role(role)
    except ValueError:
        raise InvalidRequest(
            f"role: {role!r} is not one of {', '.join(r.value for r in Role)}"
        ) from None
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "managing users")
        row, token = _insert(s, name, email, role)
        record_audit(s, me.id, "user.create", f"user:{row.id}", {"name": name, "role": role})
        return _view(row), token


def list_users(db: Database, actor: UserRef) -> list[UserView]:
    """Admin: every user, by id."""
    with db.session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "listing users")
        return [_view(r) for r in s.exec(select(UserRow).order_by(col(UserRow.id)))]


def _admins_left(session: Session, without: int) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(UserRow)
            .where(UserRow.role == Role.ADMIN.value)
            .where(col(UserRow.active))
            .where(UserRow.id != without)
        ).one()
    )


def set_role(db: Database, actor: UserRef, user: int | str, role: Role | str) -> UserView:
    """Admin: change a user's role (the last active admin keeps theirs)."""
    try:
        new_role = Role(role)
    except ValueError:
        raise InvalidRequest(
            f"role: {role!r} is not one of viewer, planner, approver, admin"
        ) from None
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "managing users")
        row = _find_user(s, user)
        assert row.id is not None
        if row.role == Role.ADMIN.value and new_role != Role.ADMIN and _admins_left(s, row.id) == 0:
            raise Conflict(f"{row.name} is the last admin; make someone else admin first")
        before = row.role
        row.role = new_role.value
        s.add(row)
        record_audit(
            s, me.id, "user.role", f"user:{row.id}", {"from": before, "to": new_role.value}
        )
        s.flush()
        return _view(row)


def deactivate_user(db: Database, actor: UserRef, user: int | str) -> UserView:
    """Admin: disable a user and revoke their token (history keeps their name)."""
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.ADMIN, "managing users")
        row = _find_user(s, user)
        assert row.id is not None
        if row.role == Role.ADMIN.value and _admins_left(s, row.id) == 0:
            raise Conflict(f"{row.name} is the last admin and cannot be deactivated")
        row.active = False
        row.token_hash = None
        s.add(row)
        record_audit(s, me.id, "user.deactivate", f"user:{row.id}", {"name": row.name})
        s.flush()
        return _view(row)


def rotate_token(db: Database, actor: UserRef, user: int | str | None = None) -> str:
    """A new API token for yourself, or (admin) for another user; the old one stops working."""
    with db.write_session() as s:
        me = load_actor(s, actor)
        row = me if user is None else _find_user(s, user)
        if row.id != me.id:
            require_role(me, Role.ADMIN, "issuing tokens for other users")
        token = _new_token()
        row.token_hash = hash_token(token)
        s.add(row)
        record_audit(s, me.id, "user.token", f"user:{row.id}", {})
        return token


def authenticate(db: Database, token: str) -> UserRef:
    """The active user holding this API token; PermissionDenied otherwise."""
    with db.session() as s:
        row = s.exec(select(UserRow).where(UserRow.token_hash == hash_token(token.strip()))).first()
        if row is None or not row.active:
            raise PermissionDenied("invalid or revoked API token")
        return _ref(row)


SESSION_ENDING_ACTIONS = ("user.token", "user.logout")
"""Audit actions that end every web session of the user they concern."""


def session_generation(db: Database, user_id: int) -> int:
    """How often the user's web sessions were ended (token rotations and sign-outs).

    A session records the generation it was issued in; once the number moves on, every
    session issued before is over, in every process and on every machine.
    """
    with db.session() as s:
        count = s.exec(
            select(func.count())
            .select_from(AuditRow)
            .where(AuditRow.entity == f"user:{user_id}")
            .where(col(AuditRow.action).in_(SESSION_ENDING_ACTIONS))
        ).one()
    return int(count)


def end_sessions(db: Database, actor: UserRef) -> None:
    """Sign the actor out everywhere: every web session issued so far stops working."""
    with db.write_session() as s:
        me = load_actor(s, actor)
        record_audit(s, me.id, "user.logout", f"user:{me.id}", {})


def session_user(db: Database, user_id: int, generation: int) -> UserRef:
    """The active user of a web session of this generation; PermissionDenied if it ended."""
    ref = user_ref(db, user_id)
    if session_generation(db, user_id) != generation:
        raise PermissionDenied("the session ended (signed out, or the API token changed)")
    return ref


def user_ref(db: Database, user: int | str) -> UserRef:
    """Look up an active user by id, name or email (for trusted local channels like the CLI)."""
    with db.session() as s:
        row = _find_user(s, user)
        if not row.active:
            raise PermissionDenied(f"user {row.name!r} is deactivated")
        return _ref(row)


def first_admin(db: Database) -> UserRef | None:
    """The earliest active admin, if any (the CLI's default identity)."""
    with db.session() as s:
        row = s.exec(
            select(UserRow)
            .where(UserRow.role == Role.ADMIN.value)
            .where(col(UserRow.active))
            .order_by(col(UserRow.id))
        ).first()
        return _ref(row) if row is not None else None
