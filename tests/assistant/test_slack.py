"""Slack: signed slash commands and mentions against the real app, answered in the thread as
Block Kit by the built-in interpreter; bad, stale and unsigned requests refused with 401
and nothing stored; unknown Slack users politely refused. The Slack Web API is a local
fake on 127.0.0.1 that records every call."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import func, select

from assistant.answers import fmt_value
from assistant.api.app import create_app
from assistant.bots import layout
from assistant.config import AssistantSettings
from assistant.conversation import AskResult
from assistant.slack import EVENTS_PATH, SlackBot, mount
from assistant.slack.blocks import answer_blocks, to_mrkdwn
from storage import ConversationRow, ScenarioRow
from tests.assistant.chat_fakes import (
    NOT_IN_CHANNEL,
    FakeSlack,
    command_body,
    mention_body,
    slack_headers,
)
from tools import (
    Database,
    KpiChange,
    SolveSettings,
    UserRef,
    ViolationBrief,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    get_conversation,
    link_identity,
    thread_conversation,
    user_ref,
    version_result,
)
from tools.continuation import stop_background_solves

SECRET = "slack-test-signing-secret"
FAST = SolveSettings(time_limit_s=3.0, relative_gap=0.02)
PUBLIC = "http://lanewise.test"
QUESTION = "what if volumes rise 20% in the north?"


@dataclass
class SlackWorld:
    """The app, its database, the linked planner, and the fake Slack API."""

    db: Database
    client: TestClient
    slack: FakeSlack
    bot: SlackBot
    pia: UserRef

    def post(self, body: str, *, content_type: str, headers: dict[str, str]) -> Any:
        return self.client.post(
            EVENTS_PATH, content=body, headers={"Content-Type": content_type, **headers}
        )

    def command(self, text: str, *, user: str = "UPIA", channel: str = "C1") -> Any:
        body = command_body(
            text, user=user, channel=channel, response_url=self.slack.response_url()
        )
        return self.post(
            body,
            content_type="application/x-www-form-urlencoded",
            headers=slack_headers(SECRET, body),
        )

    def mention(self, text: str, **kw: Any) -> Any:
        body = mention_body(text, **kw)
        return self.post(body, content_type="application/json", headers=slack_headers(SECRET, body))


def _conversations(db: Database) -> int:
    with db.session() as s:
        return int(s.exec(select(func.count()).select_from(ConversationRow)).one())


def _scenarios(db: Database) -> int:
    with db.session() as s:
        return int(s.exec(select(func.count()).select_from(ScenarioRow)).one())


def slack_settings(slack: FakeSlack) -> AssistantSettings:
    """Settings of an app serving Slack against the fake API."""
    return AssistantSettings(
        slack_signing_secret=SECRET,
        slack_bot_token="xoxb-test-token",
        slack_api_url=slack.api_url,
        public_url=PUBLIC,
    )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SlackWorld]:
    """Live = the 8-hub demo; Slack user UPIA is linked to planner pia; the app serves Slack."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin = user_ref(db, bootstrap_admin(db, "ada", "ada@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=8, seed=3))
    pia = user_ref(db, create_user(db, admin, "pia", "pia@example.com", "planner")[0].id)
    link_identity(db, admin, "slack", "UPIA", "pia")
    with FakeSlack().running() as slack:
        settings = slack_settings(slack)
        app = create_app(db, settings, secret=b"0123456789abcdef0123456789abcdef")
        bot: SlackBot = app.state.slack
        bot.solve_settings = FAST
        with TestClient(app) as client:
            yield SlackWorld(db, client, slack, bot, pia)
    db.dispose()


def _blocks_of(call: Any) -> list[dict[str, Any]]:
    blocks = call.data["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _table_rows(blocks: list[dict[str, Any]]) -> dict[str, list[str]]:
    [table] = [b for b in blocks if b["type"] == "table"]
    rows = [[cell["text"] for cell in row] for row in table["rows"]]
    return {row[0]: row[1:] for row in rows[1:]}


def test_slash_command_answers_in_a_thread_and_mentions_continue_it(world: SlackWorld) -> None:
    """/lanewise is acknowledged before the answer is worked out (Slack wants the ack within
    3 s, whatever the solve takes); the question opens a thread and the answer
    follows in it as Block Kit (edits, KPI table equal to the stored version's KPIs,
    violations, a button to the version); a mention in the thread continues the same
    conversation and scenario, and Slack's retry of that event is not answered twice."""
    r = world.command(QUESTION)
    assert r.status_code == 200
    posted_by_then = world.slack.recorder.of("chat.postMessage")
    assert len(posted_by_then) < 2, "the command's ack waited for the answer"
    assert "Working on" in r.json()["text"] and r.json()["response_type"] == "ephemeral"

    slack = world.slack.recorder
    assert slack.of("auth.test"), "bolt checks the token with auth.test"
    opener, answer = slack.wait_for("chat.postMessage", 2)
    assert opener.data["channel"] == "C1" and QUESTION in opener.data["text"]
    assert "Bearer xoxb-test-token" in opener.data["_authorization"]
    thread_ts = "1700000001.000100"
    assert answer.data["thread_ts"] == thread_ts and answer.data["channel"] == "C1"

    blocks = _blocks_of(answer)
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"] == QUESTION
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert any("*Changed:*" in t and "north" in t and "+20%" in t for t in texts)
    assert any("*Violations after re-planning:*" in t for t in texts)
    assert not any("**" in t for t in texts), "Markdown bold is converted to mrkdwn"

    # The KPI table shows what the database holds for the new version.
    conversation_id = thread_conversation(world.db, world.pia, "slack", f"T1:C1:{thread_ts}")
    assert conversation_id is not None
    turn = get_conversation(world.db, world.pia, conversation_id).messages[0]
    scenario, version = turn["scenario_id"], turn["version"]
    stop_background_solves()  # an unfinished solve's better plan may land any time
    stored = version_result(world.db, world.pia, scenario, version)
    assert stored.kpis is not None
    rows = _table_rows(blocks)
    assert rows["Total cost / week"][1] == fmt_value(stored.kpis.total_cost_eur, "eur")
    assert rows["Unserved"][1] == fmt_value(stored.kpis.unserved_t, "t")

    [actions] = [b for b in blocks if b["type"] == "actions"]
    button = actions["elements"][0]
    assert button["url"] == f"{PUBLIC}/scenarios/{scenario}/versions/{version}"
    context = next(b for b in blocks if b["type"] == "context")["elements"][0]["text"]
    assert conversation_id in context and "pia" in context

    # A mention in the thread continues the conversation; a retry of it is ignored.
    follow = "what if volumes rise 10% in the south?"
    for retry in (False, True):
        headers_extra = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        body = mention_body(follow, user="UPIA", ts="1700000050.000100", thread_ts=thread_ts)
        r = world.post(
            body,
            content_type="application/json",
            headers={**slack_headers(SECRET, body), **(headers_extra if retry else {})},
        )
        assert r.status_code == 200
    third = slack.wait_for("chat.postMessage", 3)[2]
    assert third.data["thread_ts"] == thread_ts
    assert follow in _blocks_of(third)[0]["text"]["text"]
    conversation = get_conversation(world.db, world.pia, conversation_id)
    assert len(conversation.messages) == 2
    assert conversation.messages[1]["scenario_id"] == scenario
    assert conversation.messages[1]["version"] == version + 1
    deadline = time.monotonic() + 60
    while world.bot.busy and time.monotonic() < deadline:
        time.sleep(0.05)
    assert world.bot.busy == 0
    assert len(slack.of("chat.postMessage")) == 3, "the retried event was answered once"
    assert _conversations(world.db) == 1


@pytest.mark.parametrize("how", ["unsigned", "wrong secret", "stale timestamp", "tampered body"])
def test_bad_signatures_are_refused_and_nothing_happens(world: SlackWorld, how: str) -> None:
    """Unsigned, wrongly signed, replayed (5+ minutes old) and tampered requests get 401;
    no Slack call is made and no conversation or scenario is stored."""
    before = _scenarios(world.db)
    body = command_body(QUESTION, user="UPIA", response_url=world.slack.response_url())
    headers = {
        "unsigned": {},
        "wrong secret": slack_headers("not-the-secret", body),
        "stale timestamp": slack_headers(SECRET, body, timestamp=int(time.time()) - 600),
        "tampered body": slack_headers(SECRET, body.replace("20%25", "90%25")),
    }[how]
    r = world.post(body, content_type="application/x-www-form-urlencoded", headers=headers)
    assert r.status_code == 401
    time.sleep(0.5)
    assert world.slack.recorder.calls == []
    assert _conversations(world.db) == 0 and _scenarios(world.db) == before


def test_unknown_users_are_refused_politely(world: SlackWorld) -> None:
    """An unlinked Slack user gets a polite, private refusal naming the link command, by
    response_url for the command and as an ephemeral message for a mention; nothing is
    posted to the channel and nothing is stored."""
    before = _scenarios(world.db)
    r = world.command(QUESTION, user="UNKNOWN")
    assert r.status_code == 200
    [refusal] = world.slack.recorder.wait_for("response_url")
    assert refusal.data["response_type"] == "ephemeral"
    assert "not linked" in refusal.data["text"]
    assert "lanewise user link-slack <your Lanewise user> UNKNOWN" in refusal.data["text"]

    r = world.mention(QUESTION, user="UNKNOWN", ts="1700000100.000100", event_id="Ev9")
    assert r.status_code == 200
    [ephemeral] = world.slack.recorder.wait_for("chat.postEphemeral")
    assert ephemeral.data["user"] == "UNKNOWN" and "not linked" in ephemeral.data["text"]
    assert ephemeral.data["thread_ts"] == "1700000100.000100"
    assert world.slack.recorder.of("chat.postMessage") == []
    assert _conversations(world.db) == 0 and _scenarios(world.db) == before


def test_empty_command_gets_help_and_closed_channels_are_explained(world: SlackWorld) -> None:
    """A bare /lanewise is answered with help in the acknowledgement; a command in a
    channel the bot cannot post to is explained privately and nothing is stored."""
    r = world.command("   ")
    assert r.status_code == 200 and "what-if question" in r.json()["text"]
    r = world.command(QUESTION, channel=NOT_IN_CHANNEL)
    assert r.status_code == 200
    [note] = world.slack.recorder.wait_for("response_url")
    assert "not_in_channel" in note.data["text"] and "/invite" in note.data["text"]
    assert _conversations(world.db) == 0


def test_failures_are_reported_in_the_thread(world: SlackWorld) -> None:
    """When answering fails, the thread is told so (not left silent) and nothing is stored."""

    async def broken(question: str, **kw: Any) -> AskResult:
        raise RuntimeError("solver crashed")

    world.bot.asker = broken
    r = world.mention(QUESTION, user="UPIA", ts="1700000200.000100", event_id="Ev7")
    assert r.status_code == 200
    [post] = world.slack.recorder.wait_for("chat.postMessage")
    assert post.data["thread_ts"] == "1700000200.000100"
    text = _blocks_of(post)[0]["text"]["text"]
    assert text.startswith(":warning: Something went wrong") and "RuntimeError" in text
    assert _conversations(world.db) == 0


def test_app_serves_slack_only_when_configured(tmp_path: Path) -> None:
    """Without a signing secret and bot token the app has no Slack route (404); a bot
    cannot be built with only one of them."""
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app(db, AssistantSettings(), secret=b"0123456789abcdef0123456789abcdef")
    with TestClient(app) as client:
        body = command_body(QUESTION, user="UPIA", response_url="http://127.0.0.1:9/r")
        r = client.post(
            EVENTS_PATH,
            content=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                **slack_headers(SECRET, body),
            },
        )
        assert r.status_code == 404
    with pytest.raises(ValueError, match="LANEWISE_SLACK_SIGNING_SECRET"):
        mount(FastAPI(), AssistantSettings(slack_bot_token="xoxb-x"), db=db)
    db.dispose()


# --------------------------------------------------------------- rendering


def _result(**kw: Any) -> AskResult:
    base: dict[str, Any] = {
        "conversation_id": "c1",
        "answer": "",
        "scenario_id": 3,
        "version": 4,
        "url": f"{PUBLIC}/scenarios/3/versions/4",
        "edits": [],
        "kpis": [],
        "kpis_vs_live": [],
        "violations": [],
        "tool_calls": [],
    }
    return AskResult.model_validate({**base, **kw})


def test_markdown_becomes_mrkdwn() -> None:
    """Bold, links, bullets and headings are rewritten; &, < and > are escaped."""
    md = "# Plan\n**Trade-off:** costs <more> & [open](https://x.test/a?b=1)\n- one\n  - two"
    assert to_mrkdwn(md) == (
        "*Plan*\n*Trade-off:* costs &lt;more&gt; &amp; <https://x.test/a?b=1|open>\n• one\n  • two"
    )


def test_blocks_of_an_evaluated_answer() -> None:
    """Edits, the KPI table (with marks and live deltas), violations (hard first, capped),
    the rest of the answer without the repeated parts, and the version button."""
    kpi = KpiChange(
        key="total_cost_eur",
        label="Total cost / week",
        unit="eur",
        before=1000.0,
        after=1100.0,
        delta=100.0,
        better=False,
    )
    soft = ViolationBrief(kind="late", hard=False, message="soft", entities=[], amount=1, unit="t")
    hard = ViolationBrief(kind="hub", hard=True, message="hard", entities=[], amount=1, unit="t")
    answer = (
        "**S — v4** ([open](u))\n\n**Changed:**\n- Close Lyon\n\n| KPI | before |\n|---|---:|\n"
        "| x | 1 |\n\n**Violations after re-planning:** \n- hard\n\n**Trade-off:** dearer\n\n"
        "Version: u"
    )
    result = _result(
        answer=answer,
        edits=["Close Lyon"],
        kpis=[kpi],
        kpis_vs_live=[kpi],
        violations=[soft] * 7 + [hard],
    )
    view = layout("close lyon", result)
    assert view.blocks == ["**S — v4** ([open](u))", "**Trade-off:** dearer"]
    assert view.violations[0] == "⊘ hard" and view.violations[1] == "⚠ soft"
    assert len(view.violations) == 6
    assert view.more_violations == 2
    blocks = answer_blocks(view, user="pia")
    rows = _table_rows(blocks)
    assert rows["Total cost / week"] == ["€1,000", "€1,100", "+€100 (+10.0%) ✗", "+€100 (+10.0%)"]
    texts = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "… and 2 more" in texts and "*Trade-off:* dearer" in texts
    assert "⊘ hard" in texts and "⛔" not in texts and "\ufe0f" not in texts
    assert "Version:" not in texts and "*Changed:*\n• Close Lyon" in texts
    button = next(b for b in blocks if b["type"] == "actions")["elements"][0]
    assert button["text"]["text"] == "Open version 4"


def test_blocks_of_a_plain_answer_keep_tables_and_stay_within_limits() -> None:
    """An answer without edits keeps its own tables (the first native, the next
    monospace) and is capped at Slack's 50 blocks."""
    table = "| a | b |\n|---|---:|\n| x | 10 |"
    result = _result(answer=f"Compare:\n\n{table}\n\n{table}", url=None, version=None)
    blocks = answer_blocks(layout("compare", result))
    assert [b["type"] for b in blocks] == ["header", "section", "table", "section", "context"]
    assert blocks[3]["text"]["text"] == "```a   b\nx  10```"
    many = _result(answer="\n\n".join(f"p{i}" for i in range(80)))
    blocks = answer_blocks(layout("many", many))
    assert len(blocks) == 50 and blocks[-1]["type"] == "context"
    assert blocks[-2]["type"] == "actions"
