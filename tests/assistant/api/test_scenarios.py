"""Scenarios over HTTP: list, create, clone, read (with ETag), share, audit; bad input answers
problem+json naming the field."""

from __future__ import annotations

from tests.assistant.api.conftest import Crew


def test_create_read_and_list(crew: Crew) -> None:
    """A created scenario points at live's head, has an ETag and a Location, and is listed
    after live for its owner."""
    r = crew.post("ann", "/api/v1/scenarios", json={"name": "north", "description": "d"})
    assert r.status_code == 201
    body = r.json()
    assert r.headers["location"] == f"/api/v1/scenarios/{body['id']}"
    assert r.headers["etag"] == '"1"'
    assert (body["name"], body["owner"], body["shared"], body["head"]) == ("north", "ann", False, 1)
    live = crew.get("ann", "/api/v1/scenarios/live").json()
    assert body["network_hash"] == live["network_hash"]
    got = crew.get("ann", f"/api/v1/scenarios/{body['id']}")
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    assert [s["name"] for s in crew.get("ann", "/api/v1/scenarios").json()] == ["live", "north"]


def test_clone_continues_from_the_head(crew: Crew) -> None:
    """A clone starts at its source's head (after an edit: v2) with the same network."""
    sc = crew.create("ann", "base")
    edit = crew.post(
        "ann",
        f"/api/v1/scenarios/{sc['id']}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [{"op": "close_hub", "hubs": ["STR"]}]},
    )
    assert edit.status_code == 201, edit.text
    clone = crew.post("bob", f"/api/v1/scenarios/{sc['id']}/clone", json={"name": "copy"})
    assert clone.status_code == 404  # private to ann
    clone = crew.post("ann", f"/api/v1/scenarios/{sc['id']}/clone", json={"name": "copy"})
    assert clone.status_code == 201
    assert clone.json()["head"] == 2
    assert clone.json()["network_hash"] == edit.json()["network_hash"]


def test_duplicate_name_is_conflict(crew: Crew) -> None:
    """The same owner cannot have two scenarios of one name (409)."""
    crew.create("ann", "twice")
    r = crew.post("ann", "/api/v1/scenarios", json={"name": "twice"})
    assert r.status_code == 409 and "twice" in r.json()["detail"]


def test_bad_names_name_the_field(crew: Crew) -> None:
    """A reserved or malformed name is refused naming ``name``; a missing one is 422."""
    for name in ("live", "a/b", "123"):
        r = crew.post("ann", "/api/v1/scenarios", json={"name": name})
        assert r.status_code == 400, name
        assert r.json()["errors"][0]["field"] == "name", r.json()
    missing = crew.post("ann", "/api/v1/scenarios", json={})
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["errors"] == [{"field": "name", "reason": "Field required"}]
    extra = crew.post("ann", "/api/v1/scenarios", json={"name": "x", "colour": "red"})
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "colour"


def test_unknown_source_is_404(crew: Crew) -> None:
    """Creating from a scenario that does not exist names it."""
    r = crew.post("ann", "/api/v1/scenarios", json={"name": "x", "source": "nowhere"})
    assert r.status_code == 404 and "nowhere" in r.json()["detail"]


def test_not_json_body_is_422(crew: Crew) -> None:
    """A body that is not JSON is a validation problem, not a server error."""
    r = crew.client.post(
        "/api/v1/scenarios",
        headers={**crew.h("ann"), "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


def test_audit_lists_changes(crew: Crew) -> None:
    """The scenario's audit trail shows its creation and sharing, newest first."""
    sc = crew.create("ann", "audited")
    crew.post("ann", f"/api/v1/scenarios/{sc['id']}/share")
    actions = [a["action"] for a in crew.get("ann", f"/api/v1/scenarios/{sc['id']}/audit").json()]
    assert actions == ["scenario.share", "scenario.create"]


def test_unknown_route_and_method_are_problems(crew: Crew) -> None:
    """404 and 405 from routing are problem+json too."""
    r = crew.get("ann", "/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["status"] == 404
    m = crew.client.delete("/api/v1/scenarios", headers=crew.h("ann"))
    assert m.status_code == 405 and m.json()["title"] == "Method not allowed"


def test_numbers_must_be_plain_digits(crew: Crew) -> None:
    """A reference that looks numeric but is not 0-9 ('²') is refused naming the parameter,
    in paths, queries and bodies, instead of failing inside."""
    path = crew.get("ann", "/api/v1/scenarios/²")
    assert path.status_code == 422 and path.json()["errors"][0]["field"] == "scenario"
    query = crew.get("ann", "/api/v1/scenarios/live/versions/1/diff?against=live@²")
    assert query.status_code == 422 and query.json()["errors"][0]["field"] == "against"
    body = crew.post("ann", "/api/v1/scenarios", json={"name": "x", "source": "³"})
    assert body.status_code == 422 and body.json()["errors"][0]["field"] == "source"
    user = crew.client.put("/api/v1/users/²/role", headers=crew.h("root"), json={"role": "viewer"})
    assert user.status_code == 422 and user.json()["errors"][0]["field"] == "user"
