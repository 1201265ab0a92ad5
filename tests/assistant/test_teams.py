"""Teams (Microsoft 365 Agents SDK): message activities answered by the same assistant as
Adaptive Cards — in the HTTP response for ``deliveryMode: expectReplies``, else sent to
the conversation through the connector (a local fake) — as the linked Lanewise user;
unknown users refused politely; with JWT validation on, requests without a valid token
for our app id are refused with 401 and nothing is stored."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import func, select

from assistant.answers import fmt_value
from assistant.api.app import create_app
from assistant.config import AssistantSettings
from assistant.teams import MESSAGES_PATH, TeamsBot, mount
from assistant.teams.cards import ADAPTIVE_CARD
from storage import ConversationRow
from tests.assistant.chat_fakes import FakeConnector
from tools import (
    Database,
    SolveSettings,
    UserRef,
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

FAST = SolveSettings(time_limit_s=3.0, relative_gap=0.02)
PUBLIC = "http://lanewise.test"
APP_ID = "7d4b3c1a-0000-4000-8000-00000000b07a"
PIA_OID = "6F1B0C2A-9D7E-4F51-8C3B-2A4D5E6F7A8B"
QUESTION = "what if volumes rise 20% in the north?"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"


def activity(
    text: str,
    *,
    oid: str | None = PIA_OID,
    conversation: str = "a:1pia-chat",
    expect_replies: bool = True,
    service_url: str = SERVICE_URL,
) -> dict[str, Any]:
    """A Teams message activity addressed to the bot, mentioning it as Teams does."""
    sender: dict[str, Any] = {"id": "29:1pia", "name": "Pia"}
    if oid is not None:
        sender["aadObjectId"] = oid
    body: dict[str, Any] = {
        "type": "message",
        "id": uuid.uuid4().hex,
        "timestamp": "2026-11-25T10:00:00Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "recipient": {"id": f"28:{APP_ID}", "name": "Lanewise"},
        "conversation": {"id": conversation, "conversationType": "personal"},
        "text": f"<at>Lanewise</at> {text}",
        "textFormat": "plain",
        "entities": [
            {
                "type": "mention",
                "text": "<at>Lanewise</at>",
                "mentioned": {"id": f"28:{APP_ID}", "name": "Lanewise"},
            }
        ],
    }
    if expect_replies:
        body["deliveryMode"] = "expectReplies"
    return body


@dataclass
class TeamsWorld:
    """The database, the linked planner and a client of an app serving Teams."""

    db: Database
    pia: UserRef
    admin: UserRef


def _conversations(db: Database) -> int:
    with db.session() as s:
        return int(s.exec(select(func.count()).select_from(ConversationRow)).one())


@pytest.fixture
def world(tmp_path: Path) -> Iterator[TeamsWorld]:
    """Live = the 8-hub demo; Pia's Entra object id is linked to planner pia."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin = user_ref(db, bootstrap_admin(db, "ada", "ada@example.com")[0].id)
    create_live(db, admin, demo_network(hubs=8, seed=3))
    pia = user_ref(db, create_user(db, admin, "pia", "pia@example.com", "planner")[0].id)
    link_identity(db, admin, "teams", PIA_OID, "pia")
    yield TeamsWorld(db, pia, admin)
    db.dispose()


def _client(world: TeamsWorld, settings: AssistantSettings) -> TestClient:
    """A client of the real app (create_app), which serves Teams because it is configured."""
    app = create_app(world.db, settings, secret=b"0123456789abcdef0123456789abcdef")
    bot: TeamsBot = app.state.teams
    bot.solve_settings = FAST
    return TestClient(app)


DEV = AssistantSettings(teams_enabled=True, teams_auth_enabled=False, public_url=PUBLIC)
PROD = AssistantSettings(teams_app_id=APP_ID, teams_app_password="pw", public_url=PUBLIC)


def _card(reply: dict[str, Any]) -> dict[str, Any]:
    [attachment] = reply["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD
    card: dict[str, Any] = attachment["content"]
    return card


def _kpi_rows(card: dict[str, Any]) -> dict[str, list[str]]:
    [table] = [b for b in card["body"] if b["type"] == "Table"]
    rows = [[c["items"][0]["text"] for c in row["cells"]] for row in table["rows"]]
    return {row[0]: row[1:] for row in rows[1:]}


def test_expect_replies_answers_with_a_card_and_continues_the_chat(world: TeamsWorld) -> None:
    """A question from a linked user comes back in the response as an Adaptive Card with
    the edits, a KPI table equal to the stored version's KPIs, the violations and a
    button to the version; the next message in the chat continues the same conversation."""
    with _client(world, DEV) as client:
        r = client.post(MESSAGES_PATH, json=activity(QUESTION))
        assert r.status_code == 200, r.text
        [reply] = [a for a in r.json()["activities"] if a["type"] == "message"]
        assert reply["conversation"]["id"] == "a:1pia-chat"
        card = _card(reply)
        assert card["version"] == "1.5" and card["body"][0]["text"] == QUESTION
        texts = [b["text"] for b in card["body"] if b["type"] == "TextBlock"]
        assert any(t.startswith("**Changed:**") and "north" in t for t in texts)
        assert any(t.startswith("**Violations after re-planning:**") for t in texts)

        conversation_id = thread_conversation(world.db, world.pia, "teams", "msteams:a:1pia-chat")
        assert conversation_id is not None and any(conversation_id in t for t in texts)
        turn = get_conversation(world.db, world.pia, conversation_id).messages[0]
        stop_background_solves()  # an unfinished solve's better plan may land any time
        stored = version_result(world.db, world.pia, turn["scenario_id"], turn["version"])
        assert stored.kpis is not None
        rows = _kpi_rows(card)
        assert rows["Total cost / week"][1] == fmt_value(stored.kpis.total_cost_eur, "eur")
        [action] = card["actions"]
        assert action["type"] == "Action.OpenUrl"
        assert (
            action["url"] == f"{PUBLIC}/scenarios/{turn['scenario_id']}/versions/{turn['version']}"
        )

        r = client.post(MESSAGES_PATH, json=activity("what if volumes rise 10% in the south?"))
        assert r.status_code == 200
        conversation = get_conversation(world.db, world.pia, conversation_id)
        assert len(conversation.messages) == 2
        assert conversation.messages[1]["version"] == turn["version"] + 1
        assert _conversations(world.db) == 1


def test_unknown_teams_users_are_refused_politely(world: TeamsWorld) -> None:
    """A sender whose Entra id is not linked gets a polite refusal naming the link command
    (with their id) and nothing is stored; so does a sender without any Entra id."""
    stranger = "0f0f0f0f-1111-4222-8333-444455556666"
    with _client(world, DEV) as client:
        r = client.post(MESSAGES_PATH, json=activity(QUESTION, oid=stranger))
        assert r.status_code == 200
        [reply] = r.json()["activities"]
        assert (
            "not linked" in reply["text"]
            and f"link-teams <your Lanewise user> {stranger}" in (reply["text"])
        )
        assert "attachments" not in reply or not reply["attachments"]
        r = client.post(MESSAGES_PATH, json=activity(QUESTION, oid=None))
        assert "29:1pia" in r.json()["activities"][0]["text"]
    assert _conversations(world.db) == 0


def test_normal_delivery_returns_at_once_and_sends_the_answer(world: TeamsWorld) -> None:
    """Without expectReplies the request is accepted before the answer is worked out (a
    typing indicator is sent, no answer yet) and the answer card is posted to the
    conversation through the connector afterwards."""
    with FakeConnector().running() as connector, _client(world, DEV) as client:
        r = client.post(
            MESSAGES_PATH,
            json=activity(QUESTION, expect_replies=False, service_url=connector.url + "/"),
        )
        assert r.status_code == 202
        sent_by_then = [c.data.get("type") for c in connector.recorder.of("activity")]
        assert "message" not in sent_by_then, "the request waited for the answer"
        calls = connector.recorder.wait_for(
            "activity", where=lambda c: c.data.get("type") == "message"
        )
        assert calls[0].path.startswith("/v3/conversations/a:1pia-chat/activities")
        card = _card(calls[0].data)
        assert card["body"][0]["text"] == QUESTION and "Total cost / week" in _kpi_rows(card)
        kinds = [c.data["type"] for c in connector.recorder.of("activity")]
        assert kinds[0] == "typing"
    assert _conversations(world.db) == 1


@pytest.fixture
def signing_key(monkeypatch: pytest.MonkeyPatch) -> rsa.RSAPrivateKey:
    """A key standing in for Microsoft's: the SDK fetches it instead of the published JWKS,
    and tokens it obtains for outgoing calls are fixed (no network)."""
    from microsoft_agents.authentication.msal import MsalAuth
    from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    async def signing_key_for(self: Any, jwks_uri: str, header: dict[str, Any]) -> Any:
        return key.public_key()

    async def access_token(self: Any, resource_url: str, scopes: list[str], **kw: Any) -> str:
        return "outgoing-token"

    monkeypatch.setattr(jwt_token_validator._JwkClientManager, "get_signing_key", signing_key_for)
    monkeypatch.setattr(MsalAuth, "get_access_token", access_token)
    return key


def _token(key: rsa.RSAPrivateKey, **claims: Any) -> str:
    now = int(time.time())
    payload = {
        "iss": "https://api.botframework.com",
        "aud": APP_ID,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "serviceurl": SERVICE_URL,
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "k1"})


def test_jwt_validation_refuses_unauthenticated_requests(
    world: TeamsWorld, signing_key: rsa.RSAPrivateKey
) -> None:
    """With JWT validation on, a missing header, a malformed token, a token for another
    app, an expired token, an untrusted issuer and a token signed by another key are
    refused with 401 and nothing is stored; a valid token is served."""
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    bad = {
        "missing": None,
        "malformed": "Bearer not-a-jwt",
        "other audience": f"Bearer {_token(signing_key, aud='someone-else')}",
        "expired": f"Bearer {_token(signing_key, exp=int(time.time()) - 3600)}",
        "untrusted issuer": f"Bearer {_token(signing_key, iss='https://evil.example')}",
        "other key": f"Bearer {_token(other_key)}",
        "not bearer": f"Basic {_token(signing_key)}",
    }
    with _client(world, PROD) as client:
        for how, header in bad.items():
            headers = {"Authorization": header} if header else {}
            r = client.post(MESSAGES_PATH, json=activity(QUESTION), headers=headers)
            assert r.status_code == 401, how
        assert _conversations(world.db) == 0
        ok = {"Authorization": f"Bearer {_token(signing_key)}"}
        r = client.post(MESSAGES_PATH, json=activity("   "), headers=ok)
        assert r.status_code == 200, r.text
        [reply] = r.json()["activities"]
        assert "what-if question" in reply["text"]
    assert _conversations(world.db) == 0


def test_teams_configuration_is_checked(world: TeamsWorld) -> None:
    """Without Teams settings the app has no bot endpoint; JWT validation needs the app
    id, and an app id needs its password."""
    app = create_app(world.db, AssistantSettings(), secret=b"0123456789abcdef0123456789abcdef")
    with TestClient(app) as client:
        assert client.post(MESSAGES_PATH, json=activity(QUESTION)).status_code == 404
    with pytest.raises(ValueError, match="LANEWISE_TEAMS_APP_ID"):
        mount(FastAPI(), AssistantSettings(teams_enabled=True), db=world.db)
    with pytest.raises(ValueError, match="LANEWISE_TEAMS_APP_PASSWORD"):
        mount(FastAPI(), AssistantSettings(teams_app_id=APP_ID), db=world.db)
    assert _conversations(world.db) == 0
