"""Comments, proposals and promotion over HTTP: only approvers promote, and only the exact
version they reviewed; the decision is recorded and live moves."""

from __future__ import annotations

from typing import Any

from solver import Plan, evaluate
from storage import put_solve_run
from tests.assistant.api.conftest import Crew
from tools import version_network


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
    jobs = crew.get("apo", "/api/v1/jobs?scenario=live").json()
    full = [j for j in jobs if j["n"] == 2 and j["settings"]["mip_nodes"] == 200]
    assert full, "live's new head is solved with full effort after promotion"


def test_private_scenarios_cannot_be_proposed(crew: Crew) -> None:
    """Proposing a private scenario is refused with the reason (share it first)."""
    v = _edited(crew, shared=False)
    r = crew.post("ann", f"/api/v1/scenarios/{v['scenario_id']}/versions/2/proposals", json={})
    assert r.status_code == 400 and "share" in r.json()["detail"]


def _store_collapsed_plan(crew: Crew, scenario_id: int, n: int) -> None:
    """Store a plan that dispatches nothing (0% on time) as the version's solve."""
    net = version_network(crew.db, crew.refs["ann"], scenario_id, n)
    cal = net.calendar
    plan = Plan(
        network_hash=net.content_hash(),
        n_buckets=cal.days * cal.buckets_per_day,
        buckets_per_day=cal.buckets_per_day,
    )
    kpis = evaluate(net, plan).kpis
    with crew.db.write_session() as s:
        put_solve_run(
            s,
            net.content_hash(),
            {"test": "collapsed"},
            status="feasible",
            objective=kpis.total_cost_eur,
            bound=kpis.total_cost_eur * 0.3,
            gap=0.7,
            plan_json=plan.model_dump_json(),
            kpis=kpis.model_dump(mode="json"),
        )


def test_collapsed_plan_is_proposed_only_with_a_recorded_override(crew: Crew) -> None:
    """Without override: 400 naming the collapse, nothing proposed. With it: 201, and the
    approver reads the overridden reasons in the proposal list and on the version page."""
    v = _edited(crew)
    sid = v["scenario_id"]
    _store_collapsed_plan(crew, sid, 2)
    url = f"/api/v1/scenarios/{sid}/versions/2/proposals"
    refused = crew.post("ann", url, json={"message": "ship it"})
    assert refused.status_code == 400, refused.text
    assert "service collapsed" in refused.json()["detail"]
    assert crew.get("apo", "/api/v1/proposals").json() == []
    made = crew.post("ann", url, json={"message": "ship it", "override": True})
    assert made.status_code == 201, made.text
    (seen,) = crew.get("apo", "/api/v1/proposals").json()
    assert seen["message"] == "ship it"
    assert any("service collapsed" in r for r in seen["override_reasons"])
    result = crew.get("apo", f"/api/v1/scenarios/{sid}/versions/2/result").json()
    assert result["quality"] == "not yet proven: at most 70.0% above the best possible plan"
    assert any("service collapsed" in w for w in result["warnings"])
    crew.client.post(
        "/login",
        data={"name": "apo", "token": crew.tokens["apo"], "next": "/"},
        follow_redirects=False,
    )
    page = crew.client.get(f"/scenarios/{sid}/versions/2").text
    assert "Not a plan to act on" in page and "Proposed with an override, despite" in page
