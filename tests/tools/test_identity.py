"""Users: the first admin bootstraps once, only admins manage users, tokens authenticate
until revoked, and the last admin cannot be removed."""

from __future__ import annotations

import pytest

from storage import Database
from tools import (
    Conflict,
    InvalidRequest,
    PermissionDenied,
    Role,
    authenticate,
    bootstrap_admin,
    create_user,
    deactivate_user,
    first_admin,
    list_users,
    rotate_token,
    set_role,
    user_ref,
)


def test_bootstrap_once_and_tokens(sqlite_db: Database) -> None:
    """Bootstrap makes one admin whose token authenticates; a second bootstrap is refused."""
    view, token = bootstrap_admin(sqlite_db, "root", "root@example.com")
    assert view.role == Role.ADMIN and token.startswith("lw_")
    me = authenticate(sqlite_db, token)
    assert (me.name, me.role) == ("root", Role.ADMIN)
    assert first_admin(sqlite_db) == me
    with pytest.raises(Conflict):
        bootstrap_admin(sqlite_db, "other", "other@example.com")
    with pytest.raises(PermissionDenied):
        authenticate(sqlite_db, token + "x")


def test_only_admins_manage_users(sqlite_db: Database) -> None:
    """A planner cannot add users or change roles; an admin can, and the change takes effect."""
    _, tok = bootstrap_admin(sqlite_db, "root", "root@example.com")
    admin = authenticate(sqlite_db, tok)
    ann_view, ann_tok = create_user(sqlite_db, admin, "ann", "ann@example.com", "planner")
    ann = authenticate(sqlite_db, ann_tok)
    with pytest.raises(PermissionDenied, match="admin"):
        create_user(sqlite_db, ann, "eve", "eve@example.com", "admin")
    with pytest.raises(PermissionDenied):
        list_users(sqlite_db, ann)
    with pytest.raises(Conflict, match="already exists"):
        create_user(sqlite_db, admin, "ann", "ann2@example.com", "viewer")
    with pytest.raises(InvalidRequest, match="role"):
        create_user(sqlite_db, admin, "zed", "zed@example.com", "boss")
    with pytest.raises(InvalidRequest, match="email"):
        create_user(sqlite_db, admin, "zed", "zed", "viewer")
    set_role(sqlite_db, admin, "ann", "approver")
    assert user_ref(sqlite_db, ann_view.id).role == Role.APPROVER
    assert [u.name for u in list_users(sqlite_db, admin)] == ["root", "ann"]


def test_revocation_and_last_admin(sqlite_db: Database) -> None:
    """Rotating or deactivating revokes old tokens; the last admin stays an admin."""
    _, tok = bootstrap_admin(sqlite_db, "root", "root@example.com")
    admin = authenticate(sqlite_db, tok)
    new = rotate_token(sqlite_db, admin)
    with pytest.raises(PermissionDenied):
        authenticate(sqlite_db, tok)
    assert authenticate(sqlite_db, new) == admin
    with pytest.raises(Conflict, match="last admin"):
        set_role(sqlite_db, admin, "root", "planner")
    with pytest.raises(Conflict, match="last admin"):
        deactivate_user(sqlite_db, admin, "root")
    _, bob_tok = create_user(sqlite_db, admin, "bob", "bob@example.com", "planner")
    bob = authenticate(sqlite_db, bob_tok)
    deactivate_user(sqlite_db, admin, "bob")
    with pytest.raises(PermissionDenied):
        authenticate(sqlite_db, bob_tok)
    with pytest.raises(PermissionDenied, match="not an active user"):
        list_users(sqlite_db, bob)


def test_only_ascii_digits_are_ids() -> None:
    """'12' is an id; '²' and Arabic-Indic digits are names (int() would refuse them)."""
    from tools.identity import is_plain_int

    assert is_plain_int("12")
    assert not is_plain_int("²") and not is_plain_int("١٢") and not is_plain_int("")
