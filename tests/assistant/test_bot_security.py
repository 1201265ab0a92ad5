"""Slack and Teams under hostile requests: replays ignored, unreadable bodies and a
broken Slack API never a 500, forged Teams tokens refused with 401."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.slack import EVENTS_PATH
from assistant.teams.app import MESSAGES_PATH, token_shape_problem
from tests.assistant.chat_fakes import FakeSlack, command_body, slack_headers
from tests.assistant.test_slack import (
    SECRET,
    SlackWorld,
    _conversations,
    _scenarios,
    slack_settings,
    world,  # noqa: F401
)
from tests.assistant.test_teams import PROD, activity
from tests.assistant.test_teams import world as teams_world  # noqa: F401
from tools import Database

QUESTION = "what if volumes rise 20% in the north?"


def test_a_replayed_signed_request_is_ignored(world: SlackWorld) -> None:  # noqa: F811
    body = command_body(QUESTION, user="UPIA", response_url=world.slack.response_url())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **slack_headers(SECRET, body),
    }
    first = world.client.post(EVENTS_PATH, content=body, headers=headers)
    assert first.status_code == 200
    world.slack.recorder.wait_for("chat.postMessage", 2)
    deadline = time.monotonic() + 60
    while world.bot.busy and time.monotonic() < deadline:
        time.sleep(0.1)
    scenarios = _scenarios(world.db)
    # the same signed bytes again: a replay (a genuine retry of Slack is signed anew)
    again = world.client.post(EVENTS_PATH, content=body, headers=headers)
    assert again.status_code == 200
    time.sleep(1.0)
    while world.bot.busy and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _scenarios(world.db) == scenarios
    assert len(world.slack.recorder.of("chat.postMessage")) == 2


def test_a_signed_body_that_is_not_json_is_not_a_server_error(world: SlackWorld) -> None:  # noqa: F811
    body = "{this is not json"
    r = world.client.post(
        EVENTS_PATH,
        content=body,
        headers={"Content-Type": "application/json", **slack_headers(SECRET, body)},
    )
    assert r.status_code == 200
    assert _conversations(world.db) == 0
    unsigned = world.client.post(
        EVENTS_PATH, content=body, headers={"Content-Type": "application/json"}
    )
    assert unsigned.status_code == 401


def test_slack_api_unreachable_is_not_a_server_error(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    with FakeSlack().running() as slack:
        settings = slack_settings(slack).model_copy(
            update={"slack_api_url": "http://127.0.0.1:9/api/"}  # nothing listens: auth.test fails
        )
    app = create_app(db, settings, secret=b"0123456789abcdef0123456789abcdef")
    with TestClient(app, raise_server_exceptions=False) as client:
        body = command_body(QUESTION, user="UPIA", response_url="http://127.0.0.1:9/r")
        r = client.post(
            EVENTS_PATH,
            content=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                **slack_headers(SECRET, body),
            },
        )
        assert r.status_code in (200, 401), r.text
    db.dispose()


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


FORGED = {
    "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'aud': 'x'})}.",
    "HS256 without kid": f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64({'aud': 'x'})}.c2ln",
    "RS256 without kid": f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64({'aud': 'x'})}.c2ln",
    "garbage header": "!!!.e30.c2ln",
}


@pytest.mark.parametrize("how", sorted(FORGED))
def test_forged_teams_tokens_are_401(teams_world: object, how: str) -> None:  # noqa: F811
    db = teams_world.db  # type: ignore[attr-defined]
    app = create_app(db, PROD, secret=b"0123456789abcdef0123456789abcdef")
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(
            MESSAGES_PATH,
            json=activity(QUESTION),
            headers={"Authorization": f"Bearer {FORGED[how]}"},
        )
    assert r.status_code == 401, r.text
    assert token_shape_problem(f"Bearer {FORGED[how]}") is not None


def test_token_shape_accepts_a_plausible_bot_framework_token() -> None:
    header = _b64({"alg": "RS256", "typ": "JWT", "kid": "k1"})
    assert token_shape_problem(f"Bearer {header}.{_b64({'aud': 'x'})}.c2ln") is None
