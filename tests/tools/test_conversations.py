"""Conversations: saved and replaced by their owner, invisible to everyone else."""

from __future__ import annotations

import pytest

from tests.tools.conftest import Team
from tools import NotFound, create_scenario
from tools.conversations import get_conversation, list_conversations, save_conversation


def test_conversations_belong_to_their_owner(team: Team) -> None:
    """Messages round-trip; updates replace them; other users and private scenarios see nothing."""
    msgs = [{"role": "user", "text": "what if volumes rise 20% in the north?"}]
    c = save_conversation(team.db, team.ann, msgs, scenario="live", title="north")
    assert get_conversation(team.db, team.ann, c.id).messages == msgs
    more = [*msgs, {"role": "assistant", "text": "Created v2"}]
    again = save_conversation(team.db, team.ann, more, conversation_id=c.id)
    assert (again.id, again.messages, again.title) == (c.id, more, "north")
    assert [x.id for x in list_conversations(team.db, team.ann)] == [c.id]
    assert list_conversations(team.db, team.bob) == []
    with pytest.raises(NotFound):
        get_conversation(team.db, team.bob, c.id)
    with pytest.raises(NotFound):
        save_conversation(team.db, team.bob, [], conversation_id=c.id)
    create_scenario(team.db, team.ann, "private")
    with pytest.raises(NotFound):
        save_conversation(team.db, team.bob, msgs, scenario="private")
