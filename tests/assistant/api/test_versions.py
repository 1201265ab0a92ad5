"""Versions over HTTP: edits with If-Match (428 without, 412 ahead of the head, rebase when
disjoint, 409 naming both edits when not), invalid edits naming the field, history, revert
and diff against the parent and live."""

from __future__ import annotations

import io
import math
from typing import Any

from markupsafe import escape
from openpyxl import load_workbook

from tests.assistant.api.conftest import Crew
from tools import version_network

NORTH_UP = {"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}


def _edit(crew: Crew, user: str, sid: int, edits: list[dict[str, Any]], head: str | None) -> Any:
    headers = {"If-Match": head} if head is not None else {}
    return crew.post(
        user,
        f"/api/v1/scenarios/{sid}/edits",
        headers=headers,
        json={"edits": edits, "message": "m"},
    )


def _north_t(crew: Crew, sid: int, n: int) -> float:
    net = version_network(crew.db, crew.refs["ann"], sid, n)
    north = {h.id for h in net.hubs if h.region == "north"}
    return math.fsum(d.volume_t for d in net.demands if d.origin in north)


def test_edit_creates_a_version_with_the_change(crew: Crew) -> None:
    """+20% in the north: v2 with the edit in words, Location/ETag, and north tonnes x1.2
    read back from the stored network."""
    sc = crew.create("ann", "north")
    r = _edit(crew, "ann", sc["id"], [NORTH_UP], '"1"')
    assert r.status_code == 201, r.text
    v = r.json()
    assert (v["n"], v["parent_n"], v["kind"], v["rebased"]) == (2, 1, "edit", False)
    assert r.headers["location"] == f"/api/v1/scenarios/{sc['id']}/versions/2"
    assert r.headers["etag"] == '"2"'
    assert "north" in v["descriptions"][0].lower() and "20" in v["descriptions"][0]
    assert math.isclose(_north_t(crew, sc["id"], 2), 1.2 * _north_t(crew, sc["id"], 1))
    assert _north_t(crew, sc["id"], 1) == 145.0
    got = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/2").json()
    assert got == v
    assert crew.get("ann", f"/api/v1/scenarios/{sc['id']}").headers["etag"] == '"2"'


def test_if_match_is_required_and_checked(crew: Crew) -> None:
    """No If-Match: 428; garbage: 400 naming If-Match; a version past the head: 412; W/ and
    unquoted forms are read; '*' means the current head."""
    sc = crew.create("ann", "s")
    missing = _edit(crew, "ann", sc["id"], [NORTH_UP], None)
    assert missing.status_code == 428
    assert missing.json()["errors"][0]["field"] == "If-Match"
    bad = _edit(crew, "ann", sc["id"], [NORTH_UP], "abc")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "If-Match"
    ahead = _edit(crew, "ann", sc["id"], [NORTH_UP], '"7"')
    assert ahead.status_code == 412 and "v7" in ahead.json()["detail"]
    weak = _edit(crew, "ann", sc["id"], [NORTH_UP], 'W/"1"')
    assert weak.status_code == 201 and weak.json()["n"] == 2
    star = _edit(crew, "ann", sc["id"], [{"op": "close_hub", "hubs": ["STR"]}], "*")
    assert star.status_code == 201 and star.json()["n"] == 3


def test_stale_disjoint_edit_is_rebased(crew: Crew) -> None:
    """Bob edits from v1 after Ann's v2 touched other entities: rebased into v3, both kept."""
    sc = crew.create("ann", "team", shared=True)
    assert _edit(crew, "ann", sc["id"], [NORTH_UP], '"1"').status_code == 201
    r = _edit(crew, "bob", sc["id"], [{"op": "close_hub", "hubs": ["STR"]}], '"1"')
    assert r.status_code == 201, r.text
    assert (r.json()["n"], r.json()["rebased"], r.json()["based_on_n"]) == (3, True, 1)
    net = version_network(crew.db, crew.refs["ann"], sc["id"], 3)
    assert not net.hub_by_id["STR"].open
    assert math.isclose(_north_t(crew, sc["id"], 3), 1.2 * 145.0)


def test_overlapping_stale_edit_is_409_naming_both(crew: Crew) -> None:
    """Bob scales Paris demand from v1 after Ann scaled the north (which includes Paris):
    409 naming Bob's edit (mine) and Ann's (theirs, v2), the head to re-read, nothing written."""
    sc = crew.create("ann", "team", shared=True)
    assert _edit(crew, "ann", sc["id"], [NORTH_UP], '"1"').status_code == 201
    r = _edit(
        crew,
        "bob",
        sc["id"],
        [{"op": "scale_demand", "origin_hubs": ["PAR"], "factor": 0.5}],
        '"1"',
    )
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["head"] == 2
    mine, theirs = body["mine"][0], body["theirs"][0]
    assert mine["author"] == "bob" and "paris" in mine["description"].lower()
    assert theirs["author"] == "ann" and theirs["version_n"] == 2
    assert "north" in theirs["description"].lower()
    assert set(mine["entities"]) == set(theirs["entities"]) >= {"demand:D2", "demand:D6"}
    assert mine["description"] in body["detail"] and theirs["description"] in body["detail"]
    assert crew.get("ann", f"/api/v1/scenarios/{sc['id']}").json()["head"] == 2


def test_invalid_edits_name_the_field(crew: Crew) -> None:
    """A negative factor, an unknown op or a hub that does not exist: 422 naming the field."""
    sc = crew.create("ann", "s")
    neg = _edit(
        crew, "ann", sc["id"], [{"op": "scale_demand", "regions": ["north"], "factor": -1}], '"1"'
    )
    assert neg.status_code == 422
    assert neg.json()["errors"][0]["field"] == "edits[0].factor"
    op = _edit(crew, "ann", sc["id"], [{"op": "teleport"}], '"1"')
    assert op.status_code == 422 and op.json()["errors"][0]["field"].startswith("edits[0]")
    empty = _edit(crew, "ann", sc["id"], [], '"1"')
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "edits"
    nohub = _edit(crew, "ann", sc["id"], [{"op": "close_hub", "hubs": ["Atlantis"]}], '"1"')
    assert nohub.status_code == 422
    assert nohub.json()["errors"][0]["field"] == "edits"
    assert "Atlantis" in nohub.json()["detail"]
    assert crew.get("ann", f"/api/v1/scenarios/{sc['id']}").json()["head"] == 1


def test_live_and_viewers_are_not_edited(crew: Crew) -> None:
    """Live changes only by promotion (403), a viewer edits nothing (403)."""
    live = crew.get("root", "/api/v1/scenarios/live").json()
    assert _edit(crew, "root", live["id"], [NORTH_UP], '"1"').status_code == 403
    sc = crew.create("ann", "shared", shared=True)
    assert _edit(crew, "vic", sc["id"], [NORTH_UP], '"1"').status_code == 403


def test_history_revert_and_diff(crew: Crew) -> None:
    """History lists v3..v1; revert to v1 makes v4 with v1's network; diffs name the changed
    entities against the parent and against live."""
    sc = crew.create("ann", "h")
    sid = sc["id"]
    _edit(crew, "ann", sid, [NORTH_UP], '"1"')
    _edit(crew, "ann", sid, [{"op": "close_hub", "hubs": ["STR"]}], '"2"')
    hist = crew.get("ann", f"/api/v1/scenarios/{sid}/versions").json()
    assert [v["n"] for v in hist] == [3, 2, 1]
    assert [
        v["n"] for v in crew.get("ann", f"/api/v1/scenarios/{sid}/versions?limit=2").json()
    ] == [3, 2]
    d = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/3/diff").json()
    assert (d["a"]["n"], d["b"]["n"]) == (2, 3)
    assert [c["key"] for c in d["changes"]] == ["hub:STR"]
    d_live = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/3/diff?against=live").json()
    keys = {c["key"] for c in d_live["changes"]}
    assert "hub:STR" in keys and {"demand:D1", "demand:D2"} <= keys
    assert d_live["a"]["scenario_name"] == "live"
    no_parent = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/1/diff")
    assert no_parent.status_code == 400 and no_parent.json()["errors"][0]["field"] == "against"
    bad_ref = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/3/diff?against=live@x")
    assert bad_ref.status_code == 400
    rv = crew.post(
        "ann", f"/api/v1/scenarios/{sid}/revert", headers={"If-Match": '"3"'}, json={"to_n": 1}
    )
    assert rv.status_code == 201, rv.text
    assert (rv.json()["n"], rv.json()["kind"]) == (4, "revert")
    assert rv.json()["network_hash"] == sc["network_hash"]
    again = crew.post(
        "ann", f"/api/v1/scenarios/{sid}/revert", headers={"If-Match": '"4"'}, json={"to_n": 1}
    )
    assert again.status_code == 400
    missing = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/9")
    assert missing.status_code == 404


def test_diff_in_words_on_the_api_the_page_and_in_xlsx(crew: Crew) -> None:
    """Against live, a north +20% and a Strasbourg closure read as a demand line with the
    count and tonnes (recomputed here from the stored networks) and 'Strasbourg closed
    Mon–Wed'; the version page shows the same lines with every change behind a fold, and
    both the API and the page hand out the same changes as a workbook."""
    sid = crew.create("ann", "words")["id"]
    _edit(crew, "ann", sid, [NORTH_UP], '"1"')
    _edit(crew, "ann", sid, [{"op": "close_hub", "hubs": ["STR"], "days": "Mon-Wed"}], '"2"')
    d = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/3/diff?against=live").json()
    assert [g["kind"] for g in d["groups"]] == ["demand", "hubs"]
    before, after = (
        version_network(crew.db, crew.refs["ann"], "live"),
        version_network(crew.db, crew.refs["ann"], sid, 3),
    )
    north = {h.id for h in before.hubs if h.region == "north"}
    moved = [x for x in before.demands if x.origin in north]
    added = math.fsum(after.demand_by_id[x.id].volume_t - x.volume_t for x in moved)
    demand, hubs = d["groups"]
    assert demand["summary"] == [
        f"North demand +20%: {len(moved)} demands, +{added:,.0f} t/week "
        f"({math.fsum(x.volume_t for x in moved):,.0f} → "
        f"{math.fsum(after.demand_by_id[x.id].volume_t for x in moved):,.0f} t)"
    ]
    assert hubs["summary"] == ["Strasbourg closed Mon–Wed"]
    assert len(demand["details"]) == len(moved) and demand["entities"] == len(moved)
    assert d["text"].splitlines()[1:] == [
        "**Demand**",
        f"- {demand['summary'][0]}",
        "**Hubs**",
        "- Strasbourg closed Mon–Wed",
    ]
    xlsx = crew.get("ann", f"/api/v1/scenarios/{sid}/versions/3/diff?against=live&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats"
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["Every change"].max_row - 1 == len(d["changes"])
    client = crew.client
    login = client.post(
        "/login", data={"name": "ann", "token": crew.tokens["ann"]}, follow_redirects=False
    )
    assert login.status_code == 303
    html = client.get(f"/scenarios/{sid}/versions/3").text
    assert escape(demand["summary"][0]) in html and "Strasbourg closed Mon–Wed" in html
    against_live = html.split("Against live", 1)[1]
    fold = against_live.split("Every change (", 1)[1].split("</details>", 1)[0]
    assert all(escape(line) in fold for line in demand["details"])
    live_id = d["a"]["scenario_id"]
    link = f"/scenarios/{sid}/versions/3/changes.xlsx?against={live_id}@1"
    assert escape(link) in html
    page_xlsx = client.get(link)
    assert page_xlsx.status_code == 200
    same = load_workbook(io.BytesIO(page_xlsx.content))
    assert [r for r in same["Fields"].iter_rows(values_only=True)] == [
        r for r in book["Fields"].iter_rows(values_only=True)
    ]
