"""Comments, proposals and promotion over HTTP: only approvers promote, and only the exact
version they reviewed; the decision is recorded and live moves."""

from __future__ import annotations

from typing import Any

from tests.assistant.api.conftest import Crew


def _edited(crew: Crew, shared: bool = True) -> dict[str, Any]:
    sc = crew.create("ann", "north", shared=shared)
    r = crew.post(
        "ann",
        f"/api/v1/scenarios/{sc['id']}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [{"op": "close_hub", "hubs": ["STR"]}], "message": "Strasbourg shut"},
    )
    assert r.status_code == 201, r.text
    v: dict[str, Any] = r.json()
    return v


def test_comments_on_versions(crew: Crew) -> None:
    """Planners comment on a version; everyone who sees it reads the comments in order;
    viewers cannot comment; empty text names the field."""
    v = _edited(crew)
    base = f"/api/v1/scenarios/{v['scenario_id']}"
    first = crew.post("bob", f"{base}/versions/2/comments", json={"text": "Check Lyon"})
    assert first.status_code == 201
    assert (first.json()["author"], first.json()["n"]) == ("bob", 2)
    crew.post("ann", f"{base}/versions/1/comments", json={"text": "Baseline"})
    on_v2 = crew.get("vic", f"{base}/versions/2/comments").json()
    assert [c["text"] for c in on_v2] == ["Check Lyon"]
    all_ = crew.get("vic", f"{base}/comments").json()
    assert [(c["n"], c["text"]) for c in all_] == [(2, "Check Lyon"), (1, "Baseline")]
    assert crew.get("vic", f"{base}/comments?n=1").json()[0]["text"] == "Baseline"
    assert crew.post("vic", f"{base}/versions/2/comments", json={"text": "hi"}).status_code == 403
    blank = crew.post("ann", f"{base}/versions/2/comments", json={"text": "   "})
    assert blank.status_code == 400 and blank.json()["errors"][0]["field"] == "text"
    empty = crew.post("ann", f"{base}/versions/2/comments", json={"text": ""})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "text"


def test_propose_then_promote_by_an_approver_only(crew: Crew) -> None:
    """A planner proposes; a planner cannot promote (403); a wrong hash is a 409; the approver
    promotes the reviewed hash: the decision names them and why, live gets v2 with that
    network, the proposal is approved, and the decision log lists it."""
    v = _edited(crew)
    sid = v["scenario_id"]
    base = f"/api/v1/scenarios/{sid}/versions/2"
    p = crew.post("ann", f"{base}/proposals", json={"message": "ready"})
    assert p.status_code == 201 and p.json()["status"] == "open"
    assert [x["id"] for x in crew.get("apo", "/api/v1/proposals").json()] == [p.json()["id"]]
    body = {"network_hash": v["network_hash"], "reason": "Approved in S&OP"}
    planner = crew.post("ann", f"{base}/promote", json=body)
    assert planner.status_code == 403 and "approver" in planner.json()["detail"]
    wrong = crew.post("apo", f"{base}/promote", json={**body, "network_hash": "a" * 64})
    assert wrong.status_code == 409
    blank = crew.post("apo", f"{base}/promote", json={**body, "reason": ""})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "reason"
    short = crew.post("apo", f"{base}/promote", json={**body, "network_hash": "abc"})
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "network_hash"
    ok = crew.post("apo", f"{base}/promote", json=body)
    assert ok.status_code == 201, ok.text
    d = ok.json()
    assert (d["approver"], d["reason"], d["n"], d["live_n"]) == ("apo", "Approved in S&OP", 2, 2)
    assert d["network_hash"] == v["network_hash"]
    live = crew.get("vic", "/api/v1/scenarios/live").json()
    assert (live["head"], live["network_hash"]) == (2, v["network_hash"])
    assert ok.headers["location"] == f"/api/v1/scenarios/{live['id']}/versions/2"
    assert crew.get("apo", "/api/v1/proposals?status=approved").json()[0]["status"] == "approved"
    assert crew.get("apo", "/api/v1/proposals").json() == []
    log = crew.get("vic", "/api/v1/decisions").json()
    assert [(x["approver"], x["scenario_name"]) for x in log] == [("apo", "north")]


def test_private_scenarios_cannot_be_proposed(crew: Crew) -> None:
    """Proposing a private scenario is refused with the reason (share it first)."""
    v = _edited(crew, shared=False)
    r = crew.post("ann", f"/api/v1/scenarios/{v['scenario_id']}/versions/2/proposals", json={})
    assert r.status_code == 400 and "share" in r.json()["detail"]
