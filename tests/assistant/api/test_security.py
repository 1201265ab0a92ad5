"""Hostile input over HTTP: every row of the hardening table answered without a 5xx.

The app runs over SQLite and PostgreSQL (the ``db`` fixture); each test sends what broke
the server before and checks both the status and that nothing was stored.
"""

from __future__ import annotations

import io
import json
import os
import stat
import time
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api.security import SESSION_COOKIE
from assistant.config import AssistantSettings
from storage import SolveJobRow, as_utc, start_job, utcnow
from tests.assistant.api.conftest import SECRET, Crew, make_crew
from tests.scenario_fixtures import db, pg_db, pg_schema, sqlite_db  # noqa: F401
from tests.tools.test_file_limits import _bomb
from tools import Database, SolveSettings, submit_solve_job
from tools.jobs import DEAD_AFTER_S, _Heartbeat

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _crew(database: Database, **settings: Any) -> Iterator[Crew]:
    tokens, refs = make_crew(database)
    app = create_app(
        database,
        AssistantSettings(public_url="http://testserver", solve_workers=1, **settings),
        secret=SECRET,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Crew(db=database, client=client, tokens=tokens, refs=refs)


@pytest.fixture
def both(db: Database) -> Iterator[Crew]:  # noqa: F811
    """The API over SQLite and over PostgreSQL."""
    yield from _crew(db)


def _versions(crew: Crew, scenario: str) -> int:
    r = crew.get("ann", f"/api/v1/scenarios/{scenario}/versions")
    assert r.status_code == 200, r.text
    return len(r.json())


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"op": "scale_demand", "origin_regions": ["north"], "delta_t": NaN}', "delta_t"),
        ('{"op": "scale_demand", "origin_regions": ["north"], "factor": Infinity}', "factor"),
        ('{"op": "scale_demand", "origin_regions": ["north"], "factor": 1e308}', "factor"),
        ('{"op": "set_drivers", "region": "north", "factor": 1e308}', "factor"),
        ('{"op": "set_fleet_size", "hub": "LYS", "trailers_delta": 1e30}', "trailers_delta"),
        ('{"op": "set_service_policy", "max_late_h": -Infinity}', "max_late_h"),
    ],
)
def test_non_finite_and_huge_numbers_in_edits_are_422_naming_the_field(
    both: Crew, body: str, field: str
) -> None:
    sc = both.create("ann", "numbers")
    before = _versions(both, str(sc["id"]))
    r = both.client.post(
        f"/api/v1/scenarios/{sc['id']}/edits",
        content='{"edits": [' + body + "]}",
        headers=both.h("ann", **{"If-Match": '"1"', "Content-Type": "application/json"}),
    )
    assert r.status_code == 422, r.text
    assert any(field in e["field"] for e in r.json()["errors"]), r.text
    assert _versions(both, str(sc["id"])) == before


# ------------------------------------------------------------------------ ids and text


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/scenarios/99999999999999999999999",
        "/api/v1/scenarios/9223372036854775808/versions/1/why",
        "/api/v1/scenarios/9223372036854775808/versions",
        "/api/v1/scenarios/live/versions/1/compare?against=9223372036854775808@1",
        "/api/v1/users/99999999999999999999999",
        "/api/v1/alerts/99999999999999999999999",
    ],
)
def test_ids_beyond_64_bits_are_404(both: Crew, url: str) -> None:
    user = "root" if "/users/" in url else "ann"
    r = both.get(user, url)
    assert r.status_code == 404, r.text


def test_pages_with_ids_beyond_64_bits_are_404(both: Crew) -> None:
    login = both.client.post(
        "/login", data={"name": "ann", "token": both.tokens["ann"]}, follow_redirects=False
    )
    assert login.status_code == 303, login.text
    r = both.client.get("/scenarios/99999999999999999999999/versions/1")
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/scenarios", {"name": "a\u0000b"}),
        ("post", "/api/v1/scenarios", {"name": "ok", "description": "x\u0000"}),
        ("post", "/api/v1/scenarios/{sc}/versions/1/comments", {"text": "nul \u0000 here"}),
        (
            "post",
            "/api/v1/scenarios/{sc}/edits",
            {"edits": [{"op": "close_hub", "hubs": ["LYS"]}], "message": "\u0000"},
        ),
        (
            "post",
            "/api/v1/scenarios/{sc}/edits",
            {"edits": [{"op": "close_hub", "hubs": ["LY\u0000S"]}]},
        ),
        ("post", "/api/v1/chat", {"message": "close Lyon\u0000"}),
        ("post", "/api/v1/chat", {"message": "hi", "conversation_id": "\u0000"}),
    ],
)
def test_nul_in_names_messages_comments_and_chat_is_422(
    both: Crew, method: str, url: str, body: dict[str, Any]
) -> None:
    sc = both.create("ann", "texts")
    r = both.client.request(
        method.upper(),
        url.format(sc=sc["id"]),
        json=body,
        headers=both.h("ann", **{"If-Match": '"1"'}),
    )
    assert r.status_code == 422, r.text
    assert "control characters" in r.text
    assert _versions(both, str(sc["id"])) == 1


@pytest.mark.parametrize(
    "url", ["/api/v1/scenarios/a%00b", "/api/v1/jobs/%00", "/api/v1/jobs?scenario=%00"]
)
def test_nul_in_paths_and_queries_is_422(both: Crew, url: str) -> None:
    r = both.get("ann", url)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


def test_control_characters_in_an_uploaded_network_are_422(both: Crew) -> None:
    r = both.get("ann", "/api/v1/scenarios/live/versions/1/network?format=json")
    assert r.status_code == 200, r.text
    data = r.json()
    data["hubs"][0]["name"] = "Lyon\u0000"
    up = both.post(
        "ann",
        "/api/v1/networks",
        files={"file": ("net.json", json.dumps(data).encode(), "application/json")},
        data={"name": "nul-net"},
    )
    assert up.status_code == 422, up.text
    assert "control characters" in up.text


# ---------------------------------------------------------------------- request limits


def test_a_body_over_the_limit_is_413_before_it_is_parsed(sqlite_db: Database) -> None:  # noqa: F811
    for crew in _crew(sqlite_db, max_body_mb=0.01):
        big = '{"edits": [], "message": "' + "x" * 20_000 + '"}'
        r = crew.client.post(
            "/api/v1/scenarios/live/edits",
            content=big,
            headers=crew.h("ann", **{"Content-Type": "application/json"}),
        )
        assert r.status_code == 413, r.text
        assert r.json()["errors"][0]["field"] == "body"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"edits": [], "message": "'
            for _ in range(40):
                yield b"x" * 1000
            yield b'"}'

        r = crew.client.post(
            "/api/v1/scenarios/live/edits",
            content=chunks(),
            headers=crew.h("ann", **{"Content-Type": "application/json"}),
        )
        assert r.status_code == 413, r.text
        small = crew.post("ann", "/api/v1/scenarios", json={"name": "fine"})
        assert small.status_code == 201, small.text


# ---------------------------------------------------------------------- CORS, headers


def test_cors_is_off_unless_origins_are_configured(sqlite_db: Database) -> None:  # noqa: F811
    for crew in _crew(sqlite_db):
        r = crew.client.options(
            "/api/v1/health",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
        assert "access-control-allow-origin" not in r.headers
        r = crew.client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_cors_allows_only_the_configured_origins(sqlite_db: Database) -> None:  # noqa: F811
    for crew in _crew(sqlite_db, cors_origins="https://plan.example.com/, https://b.example"):
        ok = crew.client.get("/api/v1/health", headers={"Origin": "https://plan.example.com"})
        assert ok.headers["access-control-allow-origin"] == "https://plan.example.com"
        evil = crew.client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in evil.headers


def test_chat_ui_config_allows_no_origin_by_default() -> None:
    from assistant.chat.mount import CONFIG_TOML

    assert 'allow_origins = ["*"]' not in CONFIG_TOML
    assert "allow_origins = []" in CONFIG_TOML


def test_pages_carry_security_headers(both: Crew) -> None:
    page = both.client.get("/login")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    api = both.get("ann", "/api/v1/scenarios")
    assert api.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------------- file limits


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_an_xlsx_bomb_upload_is_422_naming_the_limit(
    sqlite_db: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    bomb = _bomb(tmp_path).read_bytes()
    for crew in _crew(sqlite_db):
        before = _rss()
        r = crew.post(
            "ann",
            "/api/v1/networks",
            files={"file": ("bomb.xlsx", bomb, "application/octet-stream")},
            data={"name": "bomb"},
        )
        assert r.status_code == 422, r.text
        assert any("unpacked size" in e["reason"] for e in r.json()["errors"])
        assert _rss() - before < 50 * 2**20


def test_xml_entities_in_an_xlsx_upload_are_422(
    sqlite_db: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    net = tmp_path / "net.xlsx"
    for crew in _crew(sqlite_db):
        r = crew.get("ann", "/api/v1/scenarios/live/versions/1/network?format=xlsx")
        assert r.status_code == 200
        net.write_bytes(r.content)
        evil = io.BytesIO()
        with zipfile.ZipFile(net) as src, zipfile.ZipFile(evil, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "xl/workbook.xml":
                    data = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>' + data
                dst.writestr(info, data)
        r = crew.post(
            "ann",
            "/api/v1/networks",
            files={"file": ("evil.xlsx", evil.getvalue(), "application/octet-stream")},
            data={"name": "evil"},
        )
        assert r.status_code == 422, r.text
        assert "XML entities" in r.text


def test_the_secret_and_its_home_are_private(tmp_path: Path) -> None:
    from assistant.api.security import load_secret

    home = tmp_path / "home"
    load_secret(None, home)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "secret").stat().st_mode) == 0o600


# ------------------------------------------------------------------------ jobs, crash


def _running_job(database: Database, ref: Any, silent_s: float, limit_s: float = 5) -> str:
    """A job marked running whose worker last showed life ``silent_s`` seconds ago."""
    job = submit_solve_job(database, ref, "live", 1, settings=SolveSettings(time_limit_s=limit_s))
    with database.write_session() as s:
        assert start_job(s, job.id)
        row = s.get(SolveJobRow, job.id)
        assert row is not None
        row.updated_at = utcnow() - timedelta(seconds=silent_s)
        s.add(row)
    return job.id


def _status(database: Database, job_id: str) -> str:
    with database.session() as s:
        row = s.get(SolveJobRow, job_id)
        assert row is not None
        return row.status


def test_jobs_left_running_by_a_dead_server_are_failed_at_start(db: Database) -> None:  # noqa: F811
    tokens, refs = make_crew(db)
    dead = _running_job(db, refs["ann"], silent_s=120)
    alive = _running_job(db, refs["bob"], silent_s=0, limit_s=6)
    app = create_app(db, AssistantSettings(public_url="http://testserver"), secret=SECRET)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert _status(db, dead) == "failed"  # at start-up, before anyone reads it
        assert _status(db, alive) == "running"  # another live worker keeps its job
        headers = {"Authorization": f"Bearer {tokens['root']}"}
        listed = {j["id"]: j for j in client.get("/api/v1/jobs", headers=headers).json()}
        one = client.get(f"/api/v1/jobs/{dead}", headers=headers).json()
        assert listed[dead]["status"] == one["status"] == "failed"
        assert "worker stopped" in one["error"]
        assert listed[alive]["status"] == "running"


def test_lists_and_single_reads_agree_on_a_job_whose_worker_died(crew: Crew) -> None:
    job = _running_job(crew.db, crew.refs["ann"], silent_s=0)
    with crew.db.write_session() as s:
        row = s.get(SolveJobRow, job)
        assert row is not None
        row.updated_at = utcnow() - timedelta(seconds=DEAD_AFTER_S + 5)
        s.add(row)
    listed = {j["id"]: j["status"] for j in crew.get("ann", "/api/v1/jobs").json()}
    assert listed[job] == "failed"
    assert crew.get("ann", f"/api/v1/jobs/{job}").json()["status"] == "failed"


def test_a_running_worker_shows_it_is_alive(crew: Crew) -> None:
    job = _running_job(crew.db, crew.refs["ann"], silent_s=100)
    with _Heartbeat(crew.db, job, interval_s=0.05):
        time.sleep(0.3)
    with crew.db.session() as s:
        row = s.get(SolveJobRow, job)
        assert row is not None
        assert utcnow() - as_utc(row.updated_at) < timedelta(seconds=5)


# ----------------------------------------------------------------------------- sessions


def _login(crew: Crew, user: str) -> str:
    """Sign in on the pages in a fresh browser; the session cookie it got."""
    client = TestClient(crew.client.app)
    r = client.post(
        "/login", data={"name": user, "token": crew.tokens[user]}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    return str(r.cookies[SESSION_COOKIE])


def _page(crew: Crew, cookie: str) -> int:
    client = TestClient(crew.client.app)
    client.cookies.set(SESSION_COOKIE, cookie)
    status: int = client.get("/", follow_redirects=False).status_code
    return status


def test_a_token_rotation_ends_every_session_of_that_user(crew: Crew) -> None:
    ann, bob = _login(crew, "ann"), _login(crew, "bob")
    assert _page(crew, ann) == 200
    r = crew.post("ann", "/api/v1/me/token")
    assert r.status_code in (200, 201), r.text
    assert _page(crew, ann) == 303  # back to the login form
    assert _page(crew, bob) == 200  # other users keep theirs


def test_signing_out_ends_the_sessions_of_every_browser(crew: Crew) -> None:
    first, second = _login(crew, "ann"), _login(crew, "ann")
    client = TestClient(crew.client.app)
    client.cookies.set(SESSION_COOKIE, first)
    csrf = crew.client.app.state.signer.csrf_token(first)
    r = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert _page(crew, first) == 303 and _page(crew, second) == 303
    assert _page(crew, _login(crew, "ann")) == 200  # signing in again works


# --------------------------------------------------------- every operation, hostile values

HUGE_ID = "99999999999999999999999"
_NON_FINITE = (float("nan"), float("inf"), -float("inf"), 1e308)


def _operations(crew: Crew) -> list[tuple[str, str, dict[str, Any]]]:
    spec = crew.client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if (method.upper(), path) != ("POST", "/api/v1/me/token")
    ]


def _hostile_numbers(value: Any, bad: float) -> Any:
    """The example with every number replaced by ``bad`` (booleans kept)."""
    if isinstance(value, dict):
        return {k: _hostile_numbers(v, bad) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile_numbers(v, bad) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return bad
    return value


def test_no_operation_answers_5xx_to_ids_beyond_64_bits_or_nul(both: Crew) -> None:
    """Every path parameter of every operation, given a 77-bit number or a NUL."""
    tried = 0
    for method, path, _ in _operations(both):
        if "{" not in path:
            continue
        for value in (HUGE_ID, "%00", "9223372036854775808"):
            url = path
            for name in ("scenario", "n", "job_id", "user"):
                url = url.replace("{" + name + "}", value)
            user = "root" if "/users/" in path else "ann"
            r = both.client.request(
                method, url, headers=both.h(user, **{"If-Match": '"1"'}), json={}
            )
            assert r.status_code < 500, (method, url, r.status_code, r.text)
            tried += 1
    assert tried >= 60


def test_no_operation_answers_5xx_to_non_finite_numbers(both: Crew) -> None:
    """Every documented request body example, with each number NaN, ±Infinity or 1e308."""
    sc = both.create("ann", "hostile-numbers")
    tried = 0
    for method, path, op in _operations(both):
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        schema = content.get("schema", {})
        ref = schema.get("$ref", "")
        spec = both.client.get("/api/v1/openapi.json").json()
        model = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else schema
        examples = model.get("examples") or [{}]
        url = path.replace("{scenario}", str(sc["id"])).replace("{n}", "1")
        url = url.replace("{job_id}", "x").replace("{user}", "ann")
        for example in examples:
            for bad in _NON_FINITE:
                body = json.dumps(_hostile_numbers(example, bad))  # NaN / Infinity literals
                r = both.client.request(
                    method,
                    url,
                    content=body,
                    headers=both.h(
                        "root" if "/users" in path else "ann",
                        **{"If-Match": '"1"', "Content-Type": "application/json"},
                    ),
                )
                assert r.status_code < 500, (method, url, body, r.text)
                tried += 1
    assert tried >= 20


def test_chat_cookies_are_secure_under_an_https_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import chainlit.auth.cookie as chainlit_cookie

    from assistant.chat.mount import secure_chat_cookies

    monkeypatch.setattr(chainlit_cookie, "_cookie_secure", False)
    assert not secure_chat_cookies(AssistantSettings(public_url="http://127.0.0.1:8000"))
    assert secure_chat_cookies(AssistantSettings(public_url="https://plan.example.com"))


def test_unauthenticated_requests_get_401_before_any_other_check(both: Crew) -> None:
    for method, url, kw in [
        ("POST", "/api/v1/scenarios/live/edits", {"content": b"{not json"}),  # was 428
        ("POST", "/api/v1/scenarios", {"json": {"name": ""}}),  # was 422
        ("GET", "/api/v1/jobs?limit=0", {}),  # was 422
    ]:
        r = both.client.request(method, url, **kw)
        assert r.status_code == 401, (method, url, r.text)
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert both.client.get("/api/v1/health").status_code == 200
    assert both.client.get("/api/v1/openapi.json").status_code == 200
