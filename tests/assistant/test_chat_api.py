"""Chat over HTTP through the real app: ``POST /api/v1/chat`` and its event stream.

One database for the module (live = the 8-hub demo); every test starts its own
conversations, so identical what-ifs re-use the stored solve and the module stays fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.config import AssistantSettings
from tools import (
    LIVE,
    Database,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    get_conversation,
    list_conversations,
    list_scenarios,
    user_ref,
    version_network,
)

QUESTION = "what if volumes rise 20% in the north?"
CHAT = "/api/v1/chat"
STREAM = "/api/v1/chat/stream"


@dataclass
class ChatApp:
    """The app's client over a database with live, a planner (pia), another planner (bob)
    and a viewer (vic), with their API tokens."""

    db: Database
    app: FastAPI
    client: TestClient
    tokens: dict[str, str]
    refs: dict[str, UserRef]

    def post(self, user: str | None, url: str, body: dict[str, Any]) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return self.client.post(url, json=body, headers=headers)

    def stream(self, user: str, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """POST to the stream endpoint and read every event (name, JSON data) until it ends."""
        events: list[tuple[str, dict[str, Any]]] = []
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        with self.client.stream("POST", STREAM, json=body, headers=headers) as response:
            assert response.status_code == 200, response.read()
            assert response.headers["content-type"].startswith("text/event-stream")
            kind = "message"
            for line in response.iter_lines():
                if line.startswith("event:"):
                    kind = line.split(":", 1)[1].strip()
                elif line.startswith("data:"):
                    events.append((kind, json.loads(line.split(":", 1)[1])))
                    kind = "message"
        return events


@pytest.fixture(scope="module")
def chat_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatApp]:
    """The app over a fresh SQLite database; solves limited to 3 s."""
    path: Path = tmp_path_factory.mktemp("chat-api") / "lanewise.db"
    db = Database(f"sqlite:///{path}")
    admin_view, admin_token = bootstrap_admin(db, "ada", "ada@example.com")
    admin = user_ref(db, admin_view.id)
    create_live(db, admin, demo_network(hubs=8, seed=3))
    tokens, refs = {"ada": admin_token}, {"ada": admin}
    for name, role in (("pia", "planner"), ("bob", "planner"), ("vic", "viewer")):
        view, token = create_user(db, admin, name, f"{name}@example.com", role)
        tokens[name], refs[name] = token, user_ref(db, view.id)
    settings = AssistantSettings(public_url="http://testserver", solve_time_limit_s=3.0)
    app = create_app(db, settings, secret=b"chat-api-test-secret-0123456789")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield ChatApp(db=db, app=app, client=client, tokens=tokens, refs=refs)
    db.dispose()


def _north_tonnes(
    chat_app: ChatApp, scenario: int | str, n: int | None = None, *, user: str = "pia"
) -> float:
    """Tonnes leaving north hubs in a version, summed from its network (as ``user`` sees it)."""
    net = version_network(chat_app.db, chat_app.refs[user], scenario, n)
    north = {h.id for h in net.hubs if h.region == "north"}
    return sum(d.volume_t for d in net.demands if d.origin in north)


def test_chat_answers_with_the_version_it_created(chat_app: ChatApp) -> None:
    """The answer names the new version; that version has north volumes +20%, and the KPIs
    in the answer are those the results endpoint reports for it."""
    r = chat_app.post("pia", CHAT, {"message": QUESTION})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error"] is None
    sid, n = body["scenario_id"], body["version"]
    assert n == 2 and body["url"] == f"http://testserver/scenarios/{sid}/versions/2"
    assert body["url"] in body["answer"]
    assert body["edits"] == ["Scale demand out of the north region by +20%"]
    assert [c["name"] for c in body["tool_calls"]] == ["what_if"]
    assert _north_tonnes(chat_app, sid) == pytest.approx(_north_tonnes(chat_app, LIVE) * 1.2)
    cost = next(k for k in body["kpis"] if k["key"] == "total_cost_eur")
    assert cost["delta"] == pytest.approx(cost["after"] - cost["before"])
    result = chat_app.client.get(
        f"/api/v1/scenarios/{sid}/versions/{n}/result",
        headers={"Authorization": f"Bearer {chat_app.tokens['pia']}"},
    ).json()
    assert result["kpis"]["total_cost_eur"] == pytest.approx(cost["after"])
    live_cost = next(k for k in body["kpis_vs_live"] if k["key"] == "total_cost_eur")
    assert live_cost["after"] == pytest.approx(cost["after"])


def test_follow_up_continues_the_conversation(chat_app: ChatApp) -> None:
    """'make it 30%' with the conversation id redoes the change in the same scenario, and
    the conversation keeps both turns with their tool calls."""
    first = chat_app.post("pia", CHAT, {"message": QUESTION}).json()
    conv = first["conversation_id"]
    second = chat_app.post("pia", CHAT, {"message": "make it 30%", "conversation_id": conv})
    assert second.status_code == 200, second.text
    body = second.json()
    assert body["conversation_id"] == conv and body["scenario_id"] == first["scenario_id"]
    assert body["version"] > first["version"]
    assert _north_tonnes(chat_app, body["scenario_id"], body["version"]) == pytest.approx(
        _north_tonnes(chat_app, LIVE) * 1.3
    )
    stored = get_conversation(chat_app.db, chat_app.refs["pia"], conv)
    assert [t["question"] for t in stored.messages] == [QUESTION, "make it 30%"]
    assert [c["name"] for c in stored.messages[1]["tool_calls"]] == ["what_if"]


def test_stream_shows_steps_progress_and_tokens_then_the_answer(chat_app: ChatApp) -> None:
    """The stream opens the what_if step, reports the solve, closes the step with its result,
    streams the answer's text and ends with the same answer as ``POST /chat``."""
    events = chat_app.stream("bob", {"message": QUESTION})
    kinds = [k for k, _ in events]
    assert kinds[0] == "tool_call" and kinds[-1] == "answer"
    call = events[0][1]
    assert call["name"] == "what_if"
    assert call["args"]["edits"][0]["factor"] == pytest.approx(1.2)
    done = kinds.index("tool_result")
    result = events[done][1]
    assert result["call_id"] == call["call_id"] and result["ok"] is True
    assert set(kinds[1:done]) <= {"progress"}
    tokens = [d["text"] for k, d in events if k == "token"]
    assert len(tokens) > 10 and set(kinds[done + 1 : -1]) == {"token"}
    answer = events[-1][1]["result"]
    assert "".join(tokens) == answer["answer"]
    assert answer["version"] == 2 and answer["url"] in answer["answer"]
    assert result["content"] in answer["answer"]
    stored = get_conversation(chat_app.db, chat_app.refs["bob"], answer["conversation_id"])
    assert stored.messages[-1]["answer"] == answer["answer"]


def test_stream_reports_solver_progress_while_solving(chat_app: ChatApp) -> None:
    """A question whose solve is not stored yet reports progress (elapsed time, phase)."""
    events = chat_app.stream("pia", {"message": "what if volumes rise 7% in the south?"})
    progress = [d for k, d in events if k == "progress"]
    assert progress, [k for k, _ in events]
    assert all(p["elapsed_s"] >= 0 and p["phase"] for p in progress)
    assert events[-1][0] == "answer" and events[-1][1]["result"]["version"] == 2


@pytest.mark.parametrize("url", [CHAT, STREAM])
def test_without_a_valid_token_the_answer_is_401(chat_app: ChatApp, url: str) -> None:
    """No token and a wrong token both get 401 problem+json naming the Authorization header."""
    for headers in ({}, {"Authorization": "Bearer lw_not-a-token"}):
        r = chat_app.client.post(url, json={"message": QUESTION}, headers=headers)
        assert r.status_code == 401
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["errors"][0]["field"] == "Authorization"


@pytest.mark.parametrize("url", [CHAT, STREAM])
def test_bad_input_names_the_field(chat_app: ChatApp, url: str) -> None:
    """A blank message, an unknown field, an unknown conversation or scenario are refused
    before anything is asked, each naming what is wrong."""
    blank = chat_app.post("pia", url, {"message": "   "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "message"
    extra = chat_app.post("pia", url, {"message": QUESTION, "model": "gpt"})
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "model"
    conv = chat_app.post("pia", url, {"message": QUESTION, "conversation_id": "nope"})
    assert conv.status_code == 404 and "nope" in conv.json()["detail"]
    scenario = chat_app.post("pia", url, {"message": QUESTION, "scenario": "no-such-plan"})
    assert scenario.status_code == 404 and "no-such-plan" in scenario.json()["detail"]


def test_conversations_of_others_are_not_found(chat_app: ChatApp) -> None:
    """bob cannot continue pia's conversation: 404, and pia's conversation is unchanged."""
    first = chat_app.post("pia", CHAT, {"message": "list scenarios"}).json()
    conv = first["conversation_id"]
    r = chat_app.post("bob", CHAT, {"message": "undo that", "conversation_id": conv})
    assert r.status_code == 404
    stored = get_conversation(chat_app.db, chat_app.refs["pia"], conv)
    assert [t["question"] for t in stored.messages] == ["list scenarios"]


def test_viewer_is_refused_changes_and_solves(chat_app: ChatApp) -> None:
    """A viewer's what-if and 'solve' are answered with the refusal (the same answer over
    JSON and on the stream) and create or solve nothing."""
    before = len(list_scenarios(chat_app.db, chat_app.refs["vic"]))
    r = chat_app.post("vic", CHAT, {"message": QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert body["answer"].startswith("Not allowed") and body["version"] is None
    assert len(list_scenarios(chat_app.db, chat_app.refs["vic"])) == before
    solve = chat_app.post("vic", CHAT, {"message": "solve"})
    assert solve.status_code == 200
    assert solve.json()["answer"].startswith("Not allowed") and "viewer" in solve.json()["answer"]
    events = chat_app.stream("vic", {"message": "solve"})
    assert events[0][0] == "tool_call" and events[0][1]["name"] == "solve"
    assert events[-1][0] == "answer"
    assert events[-1][1]["result"]["answer"].startswith("Not allowed")


def test_chat_sign_in_rules(chat_app: ChatApp) -> None:
    """The chat UI signs in with a user name or email plus that user's API token; another
    user's name, a wrong token or a deactivated user is refused."""
    from assistant.chat.context import sign_in
    from tools import deactivate_user

    db, tokens = chat_app.db, chat_app.tokens
    pia = sign_in(db, "pia", tokens["pia"])
    assert pia is not None and pia.name == "pia"
    by_email = sign_in(db, "PIA@example.com", tokens["pia"])
    assert by_email is not None and by_email.id == pia.id
    assert sign_in(db, "bob", tokens["pia"]) is None
    assert sign_in(db, "pia", "lw_wrong") is None
    assert sign_in(db, "pia", "") is None
    view, token = create_user(db, chat_app.refs["ada"], "tmp", "tmp@example.com", "planner")
    assert sign_in(db, "tmp", token) is not None
    deactivate_user(db, chat_app.refs["ada"], view.id)
    assert sign_in(db, "tmp", token) is None


def test_chat_ui_is_mounted_and_its_sign_in_opens_the_pages(
    chat_app: ChatApp, tmp_path: Path
) -> None:
    """With the chat UI mounted on the app: its sign-in takes name + token, and also signs
    in to the scenario pages; a page session signs in to the chat, and only a browser that
    has one is offered that sign-in (no failed attempt, so no error, before typing)."""
    from assistant.chat import mount_chat_ui

    app = chat_app.app
    mount_chat_ui(app, root=tmp_path / "chat", secret=b"chat-api-test-secret-0123456789")
    with TestClient(app) as browser:
        config = browser.get("/chat/auth/config", headers={"accept-encoding": "gzip"}).json()
        assert config["requireLogin"] and config["passwordAuth"]
        assert config["headerAuth"] is False
        refused = browser.post(
            "/chat/login", data={"username": "bob", "password": chat_app.tokens["pia"]}
        )
        assert refused.status_code == 401 and "lanewise_session" not in refused.cookies
        assert browser.get("/", follow_redirects=False).status_code == 303  # pages: sign in
        ok = browser.post(
            "/chat/login", data={"username": "pia", "password": chat_app.tokens["pia"]}
        )
        assert ok.status_code == 200, ok.text
        assert {"access_token", "lanewise_session"} <= set(ok.cookies)
        index = browser.get("/", follow_redirects=False)
        assert index.status_code == 200 and "pia" in index.text
    with TestClient(app) as other:
        page_login = other.post(
            "/login",
            data={"name": "bob", "token": chat_app.tokens["bob"], "next": "/"},
            follow_redirects=False,
        )
        assert page_login.status_code == 303
        assert other.get("/chat/auth/config").json()["headerAuth"] is True
        header = other.post("/chat/auth/header")
        assert header.status_code == 200 and "access_token" in header.cookies


def test_chat_page_loads_every_asset_from_this_server(chat_app: ChatApp, tmp_path: Path) -> None:
    """The chat page names no other host in a stylesheet, script or preconnect (it works
    offline); its font stylesheet and the Inter font it points to are served here; the
    scenario pages link to the chat."""
    from assistant.chat import mount_chat_ui

    app = chat_app.app
    mount_chat_ui(app, root=tmp_path / "chat", secret=b"chat-api-test-secret-0123456789")
    with TestClient(app) as browser:
        page = browser.get("/chat/")
        assert page.status_code == 200 and '<div id="root">' in page.text
        loaded = re.findall(r'<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"', page.text)
        assert loaded and all(url.startswith("/chat/") for url in loaded), loaded
        assert "fonts.googleapis" not in page.text and "katex" not in page.text
        fonts = [url for url in loaded if url.endswith(".css") and "fonts" in url]
        assert fonts == ["/chat/public/fonts/inter.css"], loaded
        css = browser.get(fonts[0])
        assert css.status_code == 200 and 'font-family: "Inter"' in css.text
        font_url = "/chat/public/fonts/" + re.findall(r'url\("([^"]+)"\)', css.text)[0]
        font = browser.get(font_url)
        assert font.status_code == 200 and font.content[:4] == b"\x00\x01\x00\x00"  # TrueType
        browser.post("/login", data={"name": "pia", "token": chat_app.tokens["pia"], "next": "/"})
        index = browser.get("/")
        assert index.status_code == 200 and 'href="/chat"' in index.text


async def test_cancel_stops_the_solve_and_stores_no_answer(chat_app: ChatApp) -> None:
    """Cancelling once the solve reports progress ends the stream with AnswerCancelled: no
    answer event, no stored conversation turn; the version the question made stays, with
    no plan stored for it."""
    import threading

    from assistant.chat.streaming import AnswerCancelled, SolverProgress, stream_ask
    from assistant.conversation import new_deps
    from tools import version_result

    db, bob = chat_app.db, chat_app.refs["bob"]
    before_convs = len(list_conversations(db, bob))
    before_scenarios = {s.id for s in list_scenarios(db, bob)}
    settings = AssistantSettings(public_url="http://testserver", solve_time_limit_s=30.0)
    deps = new_deps(db, bob, settings=settings)
    cancel = threading.Event()
    seen: list[str] = []
    with pytest.raises(AnswerCancelled):
        async for event in stream_ask(
            "what if volumes rise 11% in the east?", deps=deps, settings=settings, cancel=cancel
        ):
            seen.append(event.type)
            if isinstance(event, SolverProgress):
                cancel.set()
    assert "progress" in seen and "answer" not in seen and "token" not in seen
    assert len(list_conversations(db, bob)) == before_convs
    made = [s for s in list_scenarios(db, bob) if s.id not in before_scenarios]
    assert len(made) == 1 and made[0].head == 2
    assert version_result(db, bob, made[0].id, 2).evaluation is None
