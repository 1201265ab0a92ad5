"""Chat guards with several server processes, channel privacy, and hostile chat text.

Two app instances (each with its own engine, as two ``--workers`` processes) share one
database: a replayed signed request or a retried event reaching the other instance is
ignored, and one participant's questions in one thread are answered one at a time. An
answer posted in a channel links a scenario the team can open; one in a direct message
stays private. Control characters in Slack, Teams and CLI text are refused with the
reason, on SQLite and PostgreSQL, and nothing is stored.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import func, select
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app as cli
from assistant.cli.ask import chat_command
from assistant.conversation import AskResult, ask
from assistant.slack import EVENTS_PATH, SlackBot
from storage import ConversationRow, ScenarioRow
from tests.assistant.chat_fakes import FakeSlack, command_body, mention_body, slack_headers
from tests.assistant.test_slack import FAST, SECRET, slack_settings
from tests.assistant.test_teams import DEV, PIA_OID, activity
from tests.scenario_fixtures import pg_schema  # noqa: F401
from tools import (
    Database,
    NotFound,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    get_conversation,
    get_scenario,
    link_identity,
    thread_conversation,
    user_ref,
)

COOKIE_SECRET = b"0123456789abcdef0123456789abcdef"
QUESTION = "what if volumes rise 20% in the north?"
CHAT = "hello there"  # answered by the built-in interpreter without a solve


@dataclass
class Pair:
    """Two app instances over one database, the fake Slack API, and the users."""

    db: Database
    clients: tuple[TestClient, TestClient]
    bots: tuple[SlackBot, SlackBot]
    slack: FakeSlack
    pia: UserRef
    bob: UserRef

    def post(self, which: int, body: str, content_type: str, **sign: Any) -> Any:
        headers = {"Content-Type": content_type, **slack_headers(SECRET, body, **sign)}
        return self.clients[which].post(EVENTS_PATH, content=body, headers=headers)

    def idle(self, timeout_s: float = 120.0) -> None:
        """Wait until neither instance works on an answer."""
        deadline = time.monotonic() + timeout_s
        time.sleep(0.3)
        while any(b.busy for b in self.bots) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(b.busy for b in self.bots)

    def posts(self) -> list[Any]:
        return self.slack.recorder.of("chat.postMessage")


def _setup(db: Database) -> tuple[UserRef, UserRef]:
    admin = user_ref(db, bootstrap_admin(db, "ada", "ada@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=8, seed=3))
    pia = user_ref(db, create_user(db, admin, "pia", "pia@example.com", "planner")[0].id)
    bob = user_ref(db, create_user(db, admin, "bob", "bob@example.com", "planner")[0].id)
    link_identity(db, admin, "slack", "UPIA", "pia")
    link_identity(db, admin, "teams", PIA_OID, "pia")
    return pia, bob


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    """Live = the 8-hub demo, Slack user UPIA linked to pia, two app instances serving Slack."""
    if request.param == "sqlite":
        urls = [(f"sqlite:///{tmp_path / 'lanewise.db'}", None)] * 2
    else:
        url, schema = request.getfixturevalue("postgres_url"), request.getfixturevalue("pg_schema")
        urls = [(url, schema)] * 2
    dbs = [Database(url, schema=schema) for url, schema in urls]
    pia, bob = _setup(dbs[0])
    with FakeSlack().running() as slack:
        apps: list[FastAPI] = [
            create_app(d, slack_settings(slack), secret=COOKIE_SECRET) for d in dbs
        ]
        bots = (apps[0].state.slack, apps[1].state.slack)
        for bot in bots:
            bot.solve_settings = FAST
        with TestClient(apps[0]) as a, TestClient(apps[1]) as b:
            yield Pair(dbs[0], (a, b), bots, slack, pia, bob)
    for d in dbs:
        d.dispose()


def _count(db: Database, row: type[ConversationRow] | type[ScenarioRow]) -> int:
    with db.session() as s:
        return int(s.exec(select(func.count()).select_from(row)).one())


def test_replays_and_retries_reaching_another_process_are_ignored(pair: Pair) -> None:
    """The same signed slash command sent to the second instance, and a retried event
    (signed anew, same event id) sent to the second instance, change nothing."""
    form = "application/x-www-form-urlencoded"
    body = command_body(CHAT, user="UPIA", response_url=pair.slack.response_url())
    now = int(time.time())
    assert pair.post(0, body, form, timestamp=now).status_code == 200
    pair.idle()
    assert len(pair.posts()) == 2  # the question opening the thread, and the answer
    assert pair.post(1, body, form, timestamp=now).status_code == 200  # a replay
    pair.idle()
    assert len(pair.posts()) == 2 and _count(pair.db, ConversationRow) == 1

    event = mention_body(CHAT, user="UPIA", ts="200.1", event_id="EvRetry")
    assert pair.post(0, event, "application/json", timestamp=now).status_code == 200
    pair.idle()
    assert pair.post(1, event, "application/json", timestamp=now + 1).status_code == 200
    pair.idle()
    assert len(pair.posts()) == 3 and _count(pair.db, ConversationRow) == 2


def test_one_question_at_a_time_per_thread_across_processes(pair: Pair) -> None:
    """Two questions of one participant in one thread, reaching two instances at once, are
    answered one after the other, and the conversation keeps both turns."""
    lock = threading.Lock()
    active, overlap, calls = [0], [0], [0]

    async def tracked(question: str, **kw: Any) -> AskResult:
        with lock:
            active[0] += 1
            calls[0] += 1
            overlap[0] = max(overlap[0], active[0])
        time.sleep(1.5)
        try:
            return await ask(question, **kw)
        finally:
            with lock:
                active[0] -= 1

    for bot in pair.bots:
        bot.asker = tracked
    first = mention_body(CHAT, user="UPIA", ts="300.1", event_id="EvA")
    second = mention_body(
        "and hello again", user="UPIA", ts="300.2", thread_ts="300.1", event_id="EvB"
    )
    threads = [
        threading.Thread(target=pair.post, args=(i, body, "application/json"))
        for i, body in enumerate((first, second))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pair.idle()
    assert calls[0] == 2 and overlap[0] == 1
    conversation = thread_conversation(pair.db, pair.pia, "slack", "T1:C1:300.1")
    assert conversation is not None
    assert len(get_conversation(pair.db, pair.pia, conversation).messages) == 2
    assert len(pair.posts()) == 2


def _scenario_of_last_answer(pair: Pair) -> tuple[int, str]:
    post = pair.posts()[-1]
    text = json.dumps(post.data)
    with pair.db.session() as s:
        newest = s.exec(select(ScenarioRow).order_by(ScenarioRow.id.desc())).first()  # type: ignore[union-attr]
    assert newest is not None and newest.id is not None
    return newest.id, text


def test_a_what_if_asked_in_a_channel_opens_for_the_team_and_in_a_dm_stays_private(
    pair: Pair,
) -> None:
    """A what-if asked with /lanewise in a channel creates a scenario another planner can
    open (its link works for the channel), and the answer says it was shared; the same
    question in a direct message creates a scenario only the asker sees."""
    form = "application/x-www-form-urlencoded"
    in_channel = command_body(
        QUESTION, user="UPIA", channel="C1", response_url=pair.slack.response_url()
    )
    assert pair.post(0, in_channel, form).status_code == 200
    pair.idle()
    shared_id, text = _scenario_of_last_answer(pair)
    assert "Shared with the team" in text
    assert get_scenario(pair.db, pair.bob, shared_id).shared
    assert f"/scenarios/{shared_id}/versions/" in text

    in_dm = command_body(
        QUESTION, user="UPIA", channel="D1", response_url=pair.slack.response_url()
    )
    assert pair.post(1, in_dm, form).status_code == 200
    pair.idle()
    private_id, text = _scenario_of_last_answer(pair)
    assert private_id != shared_id and "Shared with the team" not in text
    assert not get_scenario(pair.db, pair.pia, private_id).shared
    with pytest.raises(NotFound):
        get_scenario(pair.db, pair.bob, private_id)


@pytest.mark.parametrize("text", ["close\x00Lyon", "what if \x1b[31mvolumes rise"])
def test_control_characters_in_slack_text_are_refused_and_nothing_is_stored(
    pair: Pair, text: str
) -> None:
    """A mention holding NUL or an escape gets an answer naming the character, on SQLite
    and PostgreSQL, and no conversation or scenario is stored."""
    scenarios = _count(pair.db, ScenarioRow)
    event = mention_body(text, user="UPIA", ts="400.1", event_id="EvNul")
    assert pair.post(0, event, "application/json").status_code == 200
    pair.idle()
    [post] = pair.posts()
    bad = "U+0000" if "\x00" in text else "U+001B"
    assert bad in json.dumps(post.data) and "control characters" in json.dumps(post.data)
    assert _count(pair.db, ConversationRow) == 0 and _count(pair.db, ScenarioRow) == scenarios


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def teams_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Live = the 8-hub demo, Pia linked in Slack and Teams, on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    else:
        url, schema = request.getfixturevalue("postgres_url"), request.getfixturevalue("pg_schema")
        db = Database(url, schema=schema)
    _setup(db)
    yield db
    db.dispose()


def _teams(db: Database, text: str, conversation_type: str) -> dict[str, Any]:
    app = create_app(db, DEV, secret=COOKIE_SECRET)
    app.state.teams.solve_settings = FAST
    body = activity(text, conversation="19:planning@thread.tacv2;messageid=1")
    body["conversation"]["conversationType"] = conversation_type
    with TestClient(app) as client:
        r = client.post("/teams/messages", json=body)
    assert r.status_code == 200, r.text
    [reply] = r.json()["activities"]
    return dict(reply)


def test_control_characters_in_teams_text_are_refused(teams_db: Database) -> None:
    """A Teams message with NUL is answered with the reason; nothing is stored."""
    reply = _teams(teams_db, "close\x00Lyon", "personal")
    assert "U+0000" in reply["text"]
    assert _count(teams_db, ConversationRow) == 0


def test_a_what_if_in_a_teams_channel_opens_for_the_team(tmp_path: Path) -> None:
    """A what-if asked in a Teams channel links a scenario shared with the team."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    _, bob = _setup(db)
    reply = _teams(db, QUESTION, "channel")
    assert "Shared with the team" in json.dumps(reply)
    with db.session() as s:
        newest = s.exec(select(ScenarioRow).order_by(ScenarioRow.id.desc())).first()  # type: ignore[union-attr]
    assert newest is not None and newest.id is not None
    assert get_scenario(db, bob, newest.id).shared
    db.dispose()


def test_control_characters_in_cli_questions_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lanewise ask`` with an escape character and the terminal chat with NUL say which
    character is refused; the chat goes on and nothing is stored."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_SCHEMA", raising=False)
    monkeypatch.delenv("LANEWISE_USER", raising=False)
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--hubs", "6", "--json"]).exit_code == 0
    asked = runner.invoke(cli, ["ask", "close \x1b[31mLyon"])
    assert asked.exit_code == 1 and "U+001B" in asked.output
    terminal = typer.Typer()
    terminal.command()(chat_command)  # the terminal conversation of ``lanewise chat``
    chat = runner.invoke(terminal, [], input="close\x00Lyon\n\n")
    assert chat.exit_code == 0 and "U+0000" in chat.output
    db = Database(f"sqlite:///{tmp_path / 'home' / 'lanewise.db'}")
    assert _count(db, ConversationRow) == 0
    db.dispose()
