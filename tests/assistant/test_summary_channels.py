"""The VP summary reads the same in chat, Slack and Teams: the use case's text, line by line."""

from __future__ import annotations

import asyncio
import json

from assistant.bots import layout
from assistant.conversation import ask, new_deps
from assistant.slack.blocks import answer_blocks, to_mrkdwn
from assistant.teams.cards import answer_card
from tests.assistant.conftest import FAST, World
from tools import executive_summary


def test_summary_is_the_same_text_on_every_channel(world: World) -> None:
    """After a what-if, 'summarise this for the VP' answers with the brief of the scenario's
    head; the Slack blocks and the Teams card carry each of its lines unchanged."""
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    first = asyncio.run(ask("what if volumes rise 20% in the north?", deps=deps))
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(
        ask("summarise this for the VP", deps=deps, conversation_id=first.conversation_id)
    )
    assert first.scenario_id is not None
    brief = executive_summary(world.db, world.planner, first.scenario_id)
    assert result.answer == brief.text
    assert len(brief.text.split()) <= 120 and brief.edits  # the edit of the conversation
    print(brief.text)
    assert all(e in brief.text for e in brief.edits)
    parts = layout("summarise this for the VP", result)
    slack = json.dumps(answer_blocks(parts), ensure_ascii=False)
    teams = json.dumps(answer_card(parts), ensure_ascii=False)
    for line in brief.text.splitlines():
        if line.strip():
            assert json.dumps(to_mrkdwn(line), ensure_ascii=False)[1:-1].lstrip("• ") in slack
            assert json.dumps(line, ensure_ascii=False)[1:-1] in teams
