"""Authentication and authorisation: bearer tokens (401), roles (403), private scenarios (404),
all answered as problem+json naming what is wrong."""

from __future__ import annotations

from tests.assistant.api.conftest import Crew
from tools import deactivate_user, rotate_token

PROBLEM = "application/problem+json"


def test_missing_token_is_401_with_challenge(crew: Crew) -> None:
    """No Authorization header: 401, a Bearer challenge, and the field named."""
    r = crew.client.get("/api/v1/scenarios")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.headers["www-authenticate"].startswith("Bearer")
    body = r.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"
    assert body["errors"][0]["field"] == "Authorization"


def test_wrong_scheme_and_bad_token_are_401(crew: Crew) -> None:
    """Basic auth or an unknown token are refused alike."""
    basic = crew.client.get("/api/v1/scenarios", headers={"Authorization": "Basic YTpi"})
    assert basic.status_code == 401
    bad = crew.client.get("/api/v1/scenarios", headers={"Authorization": "Bearer lw_nope"})
    assert bad.status_code == 401
    assert "invalid" in bad.json()["detail"]
    assert 'error="invalid_token"' in bad.headers["www-authenticate"]


def test_rotated_and_deactivated_tokens_stop_working(crew: Crew) -> None:
    """After rotation the old token is 401 and the new one works; deactivation revokes."""
    old = crew.tokens["ann"]
    new = rotate_token(crew.db, crew.refs["ann"])
    assert (
        crew.client.get("/api/v1/me", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    )
    me = crew.client.get("/api/v1/me", headers={"Authorization": f"Bearer {new}"})
    assert me.status_code == 200 and me.json()["name"] == "ann"
    deactivate_user(crew.db, crew.refs["root"], "ann")
    gone = crew.client.get("/api/v1/me", headers={"Authorization": f"Bearer {new}"})
    assert gone.status_code == 401


def test_me_reports_the_role(crew: Crew) -> None:
    """/me names the token's user and role."""
    body = crew.get("vic", "/api/v1/me").json()
    assert (body["name"], body["role"]) == ("vic", "viewer")


def test_viewer_cannot_create_scenarios(crew: Crew) -> None:
    """A viewer reads but may not create: 403 saying which role is needed."""
    r = crew.post("vic", "/api/v1/scenarios", json={"name": "mine"})
    assert r.status_code == 403
    assert r.headers["content-type"].startswith(PROBLEM)
    assert "planner" in r.json()["detail"]


def test_private_scenario_is_404_to_others_even_by_name(crew: Crew) -> None:
    """Ann's private scenario does not exist for Bob (404, same as a missing one), by id or
    name, for reads, writes and its versions; sharing makes it visible."""
    sc = crew.create("ann", "secret-plan")
    for url in (
        f"/api/v1/scenarios/{sc['id']}",
        "/api/v1/scenarios/secret-plan",
        f"/api/v1/scenarios/{sc['id']}/versions/1",
        f"/api/v1/scenarios/{sc['id']}/versions",
        f"/api/v1/scenarios/{sc['id']}/versions/1/result",
    ):
        r = crew.get("bob", url)
        assert r.status_code == 404, url
        assert r.headers["content-type"].startswith(PROBLEM)
    missing = crew.get("bob", "/api/v1/scenarios/99999")
    assert missing.status_code == 404
    assert [s["name"] for s in crew.get("bob", "/api/v1/scenarios").json()] == ["live"]
    shared = crew.post("ann", f"/api/v1/scenarios/{sc['id']}/share")
    assert shared.status_code == 200 and shared.json()["shared"] is True
    assert crew.get("bob", f"/api/v1/scenarios/{sc['id']}").status_code == 200


def test_only_the_owner_shares(crew: Crew) -> None:
    """Bob may see Ann's shared scenario but not unshare it (403)."""
    sc = crew.create("ann", "team-plan", shared=True)
    r = crew.post("bob", f"/api/v1/scenarios/{sc['id']}/unshare")
    assert r.status_code == 403 and "owner" in r.json()["detail"]


def test_admin_manages_users_and_tokens(crew: Crew) -> None:
    """Admins create users (token shown once, and it works), change roles; others get 403."""
    r = crew.post(
        "root", "/api/v1/users", json={"name": "pia", "email": "pia@example.com", "role": "viewer"}
    )
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    me = crew.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["name"], me["role"]) == ("pia", "viewer")
    up = crew.client.put("/api/v1/users/pia/role", headers=crew.h("root"), json={"role": "planner"})
    assert up.status_code == 200 and up.json()["role"] == "planner"
    assert crew.get("ann", "/api/v1/users").status_code == 403
    names = [u["name"] for u in crew.get("root", "/api/v1/users").json()]
    assert names == ["root", "ann", "bob", "vic", "apo", "pia"]
    dup = crew.post(
        "root", "/api/v1/users", json={"name": "pia", "email": "x@example.com", "role": "viewer"}
    )
    assert dup.status_code == 409
    bad = crew.post(
        "root", "/api/v1/users", json={"name": "zed", "email": "zed@example.com", "role": "boss"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "role"


def test_new_token_for_myself(crew: Crew) -> None:
    """POST /me/token issues a working token and retires the one used."""
    r = crew.post("bob", "/api/v1/me/token")
    assert r.status_code == 200
    fresh = r.json()["token"]
    assert crew.get("bob", "/api/v1/me").status_code == 401
    ok = crew.client.get("/api/v1/me", headers={"Authorization": f"Bearer {fresh}"})
    assert ok.json()["name"] == "bob"
