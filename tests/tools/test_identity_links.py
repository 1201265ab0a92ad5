"""Chat identities and threads: only admins link Slack/Teams users, unlinked or deactivated
users are nobody, and a thread resumes its participant's own conversation."""

from __future__ import annotations

import pytest

from tests.tools.conftest import Team
from tools import (
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    Role,
    audit_trail,
    deactivate_user,
    link_identity,
    list_identity_links,
    remember_thread,
    save_conversation,
    thread_conversation,
    unlink_identity,
    user_for_identity,
)


def test_admin_links_and_lookup_returns_the_user(team: Team) -> None:
    """A linked Slack id resolves to its user and role; an unknown id resolves to nobody."""
    view = link_identity(team.db, team.admin, "slack", " U024BE7LH ", "ann")
    assert (view.provider, view.external_id, view.user, view.role) == (
        "slack",
        "U024BE7LH",
        "ann",
        Role.PLANNER,
    )
    assert user_for_identity(team.db, "slack", "U024BE7LH") == team.ann
    assert user_for_identity(team.db, "slack", "U024BE7LX") is None
    assert user_for_identity(team.db, "teams", "U024BE7LH") is None
    assert user_for_identity(team.db, "slack", "") is None


def test_only_admins_link(team: Team) -> None:
    """A planner cannot link anyone (not even themself) and nothing is stored."""
    with pytest.raises(PermissionDenied, match="admin"):
        link_identity(team.db, team.ann, "slack", "U1", "ann")
    with pytest.raises(PermissionDenied):
        list_identity_links(team.db, team.ann)
    assert user_for_identity(team.db, "slack", "U1") is None
    assert list_identity_links(team.db, team.admin) == []


def test_relinking_is_idempotent_and_conflicts_name_the_owner(team: Team) -> None:
    """Linking the same pair twice keeps one link; another user needs an unlink first."""
    link_identity(team.db, team.admin, "slack", "U1", "ann")
    link_identity(team.db, team.admin, "slack", "U1", "ann@example.com")
    assert [(v.external_id, v.user) for v in list_identity_links(team.db, team.admin)] == [
        ("U1", "ann")
    ]
    with pytest.raises(Conflict, match="ann"):
        link_identity(team.db, team.admin, "slack", "U1", "bob")
    unlink_identity(team.db, team.admin, "slack", "U1")
    assert user_for_identity(team.db, "slack", "U1") is None
    link_identity(team.db, team.admin, "slack", "U1", "bob")
    assert user_for_identity(team.db, "slack", "U1") == team.bob
    with pytest.raises(NotFound):
        unlink_identity(team.db, team.admin, "slack", "U2")
    actions = [e.action for e in audit_trail(team.db, team.admin, limit=20)]
    assert actions.count("identity.link") == 2 and actions.count("identity.unlink") == 1


def test_teams_ids_are_case_insensitive_and_inputs_checked(team: Team) -> None:
    """Entra object ids match whatever their case; bad provider, id or user are named."""
    oid = "6F1B0C2A-9D7E-4F51-8C3B-2A4D5E6F7A8B"
    link_identity(team.db, team.admin, "Teams", oid, "vic")
    assert user_for_identity(team.db, "teams", oid.lower()) == team.vic
    with pytest.raises(InvalidRequest, match="provider"):
        link_identity(team.db, team.admin, "discord", "x", "vic")
    with pytest.raises(InvalidRequest, match="external_id"):
        link_identity(team.db, team.admin, "slack", "   ", "vic")
    with pytest.raises(InvalidRequest, match="external_id"):
        link_identity(team.db, team.admin, "slack", "U1 U2", "vic")
    with pytest.raises(NotFound, match="nobody"):
        link_identity(team.db, team.admin, "slack", "U3", "nobody")
    assert [v.provider for v in list_identity_links(team.db, team.admin, "teams")] == ["teams"]
    assert list_identity_links(team.db, team.admin, "slack") == []


def test_deactivated_users_are_nobody(team: Team) -> None:
    """Deactivating a linked user makes their chat id resolve to nobody, and they cannot be
    linked again."""
    link_identity(team.db, team.admin, "slack", "U9", "bob")
    deactivate_user(team.db, team.admin, "bob")
    assert user_for_identity(team.db, "slack", "U9") is None
    with pytest.raises(InvalidRequest, match="deactivated"):
        link_identity(team.db, team.admin, "slack", "U10", "bob")


def test_threads_resume_the_participants_own_conversation(team: Team) -> None:
    """Each participant of a thread gets back their own conversation; another user's
    conversation cannot be attached to a thread."""
    key = "T1:C1:1700000000.000100"
    assert thread_conversation(team.db, team.ann, "slack", key) is None
    ann_conv = save_conversation(team.db, team.ann, [{"q": "hi"}]).id
    bob_conv = save_conversation(team.db, team.bob, [{"q": "hello"}]).id
    remember_thread(team.db, team.ann, "slack", key, ann_conv)
    remember_thread(team.db, team.ann, "slack", key, ann_conv)
    assert thread_conversation(team.db, team.ann, "slack", key) == ann_conv
    assert thread_conversation(team.db, team.bob, "slack", key) is None
    assert thread_conversation(team.db, team.ann, "teams", key) is None
    with pytest.raises(NotFound):
        remember_thread(team.db, team.bob, "slack", key, ann_conv)
    remember_thread(team.db, team.bob, "slack", key, bob_conv)
    assert thread_conversation(team.db, team.bob, "slack", key) == bob_conv
    assert thread_conversation(team.db, team.ann, "slack", key) == ann_conv
