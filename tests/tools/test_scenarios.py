"""Scenario use cases: clone is a pointer, edits make versions, rebase or conflict on a
stale head, diff and revert, sharing and private invisibility, promotion records."""

from __future__ import annotations

import math

import pytest
from sqlmodel import func, select

from solver import Network, parse_edit
from storage import Database, VersionRow, put_solve_run
from tests.tools.conftest import Team, make_team
from tools import (
    Conflict,
    InvalidEdit,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    add_comment,
    audit_trail,
    clone_scenario,
    create_scenario,
    decisions,
    diff_versions,
    edit_scenario,
    get_scenario,
    get_version,
    history,
    list_comments,
    list_proposals,
    list_scenarios,
    promote,
    propose,
    revert,
    share,
    unshare,
    version_network,
)

NORTH_UP = {"op": "scale_demand", "origin_regions": "north", "factor": 1.2}
CLOSE_STR = {"op": "close_hub", "hubs": "Strasbourg"}


def _versions(team: Team) -> int:
    with team.db.session() as s:
        return int(s.exec(select(func.count()).select_from(VersionRow)).one())


def _north_t(net: Network) -> float:
    return math.fsum(d.volume_t for d in net.demands if net.hub_by_id[d.origin].region == "north")


def test_clone_is_a_pointer(team: Team) -> None:
    """Creating and cloning scenarios adds no version and shares the source's head."""
    before = _versions(team)
    a = create_scenario(team.db, team.ann, "growth")
    b = clone_scenario(team.db, team.ann, "growth", "growth-copy")
    live = get_scenario(team.db, team.ann, "live")
    assert _versions(team) == before
    assert a.network_hash == b.network_hash == live.network_hash
    assert a.head == b.head == live.head == 1
    assert not a.shared and a.owner == "ann"


def test_edit_makes_a_version_with_the_edited_network(team: Team, network: Network) -> None:
    """An edit adds version 2 whose network has north tonnes x 1.2; history shows both."""
    create_scenario(team.db, team.ann, "growth")
    v = edit_scenario(team.db, team.ann, "growth", NORTH_UP, expected_head=1, message="peak")
    assert (v.n, v.author, v.rebased, v.kind.value) == (2, "ann", False, "edit")
    assert v.descriptions == ["Scale demand out of the north region by +20%"]
    net = version_network(team.db, team.ann, "growth", 2)
    assert _north_t(net) == pytest.approx(_north_t(network) * 1.2)
    assert net.content_hash() == v.network_hash
    hist = history(team.db, team.ann, "growth")
    assert [h.n for h in hist] == [2, 1] and hist[0].message == "peak"
    assert version_network(team.db, team.ann, "live").content_hash() == network.content_hash()


def test_invalid_edit_writes_nothing(team: Team) -> None:
    """An edit that matches nothing is refused with the reason and no version is written."""
    create_scenario(team.db, team.ann, "growth")
    before = _versions(team)
    bad = {"op": "scale_demand", "origin_regions": "nort", "factor": 1.2}
    with pytest.raises(InvalidEdit, match="regions are: east, north, south"):
        edit_scenario(team.db, team.ann, "growth", bad)
    with pytest.raises(InvalidEdit, match="op"):
        edit_scenario(team.db, team.ann, "growth", {"op": "explode"})
    assert _versions(team) == before


def test_stale_disjoint_write_is_rebased(team: Team) -> None:
    """Two writers from v1 touching different entities both land; the second is rebased."""
    create_scenario(team.db, team.ann, "growth", shared=True)
    first = edit_scenario(team.db, team.ann, "growth", CLOSE_STR, expected_head=1)
    second = edit_scenario(team.db, team.bob, "growth", NORTH_UP, expected_head=1)
    assert (first.n, second.n) == (2, 3)
    assert second.rebased and second.based_on_n == 1
    net = version_network(team.db, team.bob, "growth")
    assert not net.hub_by_id["STR"].open
    live = version_network(team.db, team.bob, "live")
    assert _north_t(net) == pytest.approx(_north_t(live) * 1.2)


def test_stale_overlapping_write_is_refused_naming_both(team: Team) -> None:
    """Two writers from v1 scaling the same demand: the second gets a Conflict naming both."""
    create_scenario(team.db, team.ann, "growth", shared=True)
    edit_scenario(team.db, team.ann, "growth", NORTH_UP, expected_head=1)
    lil = {"op": "scale_demand", "origin_hubs": "Lille", "delta_t": 10}
    with pytest.raises(Conflict) as info:
        edit_scenario(team.db, team.bob, "growth", lil, expected_head=1)
    err = info.value
    assert "Scale demand from Lille by +10 t" in str(err)
    assert "Scale demand out of the north region by +20%" in str(err) and "ann" in str(err)
    assert err.mine[0].author == "bob" and err.theirs[0].author == "ann"
    assert err.theirs[0].version_n == 2 and err.head_n == 2
    assert "demand:D1" in err.mine[0].entities
    assert get_scenario(team.db, team.ann, "growth").head == 2


def test_edit_after_new_demand_in_selection_conflicts(team: Team) -> None:
    """A stale filter edit whose selection grew through an intervening add is refused."""
    create_scenario(team.db, team.ann, "growth", shared=True)
    add = {"op": "add_demand", "origin": "Paris", "destination": "Lyon", "volume_t": 5, "days": 0}
    edit_scenario(team.db, team.ann, "growth", add, expected_head=1)
    with pytest.raises(Conflict):
        edit_scenario(team.db, team.bob, "growth", NORTH_UP, expected_head=1)


def test_revert_makes_a_new_version_equal_to_an_earlier_one(team: Team) -> None:
    """Reverting to v1 adds v4 with v1's exact network; v2 and v3 stay in history."""
    create_scenario(team.db, team.ann, "growth")
    edit_scenario(team.db, team.ann, "growth", NORTH_UP)
    edit_scenario(team.db, team.ann, "growth", CLOSE_STR)
    v = revert(team.db, team.ann, "growth", 1)
    assert v.n == 4 and v.kind.value == "revert"
    assert v.network_hash == get_version(team.db, team.ann, "growth", 1).network_hash
    assert [h.n for h in history(team.db, team.ann, "growth")] == [4, 3, 2, 1]
    with pytest.raises(InvalidRequest, match="already has the network"):
        revert(team.db, team.ann, "growth", 1)


def test_stale_revert_keeps_disjoint_changes(team: Team) -> None:
    """A revert of v2's change, based on v2 while v3 closed a hub, keeps the closure."""
    create_scenario(team.db, team.ann, "growth", shared=True)
    edit_scenario(team.db, team.ann, "growth", NORTH_UP)
    edit_scenario(team.db, team.bob, "growth", CLOSE_STR, expected_head=2)
    v = revert(team.db, team.ann, "growth", 1, expected_head=2)
    assert v.rebased and v.n == 4
    net = version_network(team.db, team.ann, "growth")
    live = version_network(team.db, team.ann, "live")
    assert _north_t(net) == pytest.approx(_north_t(live))
    assert not net.hub_by_id["STR"].open


def test_diff_entities_fields_and_kpi_deltas(team: Team, network: Network) -> None:
    """Diff names each changed entity and field; KPI deltas appear once both are solved."""
    create_scenario(team.db, team.ann, "growth")
    v2 = edit_scenario(team.db, team.ann, "growth", [NORTH_UP, CLOSE_STR])
    d = diff_versions(team.db, team.ann, "growth@1", "growth@2")
    keys = {c.key for c in d.changes}
    north = {x.id for x in network.demands if network.hub_by_id[x.origin].region == "north"}
    assert keys == {f"demand:{i}" for i in north} | {"hub:STR"}
    d1 = next(c for c in d.changes if c.key == "demand:D1")
    assert d1.change == "changed" and d1.fields[0].field == "volume_t"
    assert (d1.fields[0].before, d1.fields[0].after) == (40.0, pytest.approx(48.0))
    assert d.summary == {
        "demand": {"added": 0, "removed": 0, "changed": len(north)},
        "hub": {"added": 0, "removed": 0, "changed": 1},
    }
    assert d.kpis is None and "not solved" in d.kpi_note
    settings = {"backend": "highs", "seed": 0}
    with team.db.write_session() as s:
        put_solve_run(
            s,
            network.content_hash(),
            settings,
            status="optimal",
            kpis={"total_cost_eur": 1000.0, "service_level": 0.9, "label": "x"},
        )
        put_solve_run(
            s,
            v2.network_hash,
            settings,
            status="optimal",
            kpis={"total_cost_eur": 1250.5, "service_level": 0.85, "label": "y"},
        )
    d = diff_versions(team.db, team.ann, "live", "growth")
    deltas = {k.name: k.delta for k in d.kpis or []}
    assert deltas == {"total_cost_eur": pytest.approx(250.5), "service_level": pytest.approx(-0.05)}
    assert diff_versions(team.db, team.ann, "live", "growth@1").identical


def test_private_scenarios_are_invisible_to_others(team: Team) -> None:
    """Another user's private scenario is 'not found' everywhere, like one that does not exist."""
    sc = create_scenario(team.db, team.ann, "secret")
    edit_scenario(team.db, team.ann, "secret", NORTH_UP)
    for user in (team.bob, team.vic, team.apo, team.admin):
        assert "secret" not in {x.name for x in list_scenarios(team.db, user)}
        for ref in ("secret", sc.id):
            with pytest.raises(NotFound) as info:
                get_scenario(team.db, user, ref)
            assert str(info.value) == f"no scenario {ref!r}"
        with pytest.raises(NotFound):
            get_version(team.db, user, sc.id, 2)
        with pytest.raises(NotFound):
            diff_versions(team.db, user, "live", f"{sc.id}@2")
        with pytest.raises(NotFound):
            clone_scenario(team.db, user, sc.id, "mine")
        with pytest.raises(NotFound):
            history(team.db, user, sc.id)
        with pytest.raises(NotFound):
            audit_trail(team.db, user, scenario=sc.id)
    with pytest.raises(NotFound):
        get_scenario(team.db, team.bob, 9999)
    share(team.db, team.ann, "secret")
    assert get_scenario(team.db, team.vic, sc.id).shared
    with pytest.raises(PermissionDenied, match="only the owner"):
        unshare(team.db, team.bob, sc.id)
    unshare(team.db, team.ann, sc.id)
    with pytest.raises(NotFound):
        get_scenario(team.db, team.vic, sc.id)


# --------------------------------------------------------------- permissions

ROLES = ("vic", "ann", "apo", "admin")  # viewer, planner, approver, admin
ALLOWED = {
    "read_shared": {"vic", "ann", "apo", "admin"},
    "create": {"ann", "apo", "admin"},
    "edit_shared": {"ann", "apo", "admin"},
    "comment": {"ann", "apo", "admin"},
    "propose": {"ann", "apo", "admin"},
    "promote": {"apo", "admin"},
    "manage_users": {"admin"},
}


def _attempt(team: Team, who: str, action: str) -> None:
    from tools import create_user, list_users

    user = getattr(team, who)
    db = team.db
    if action == "read_shared":
        history(db, user, "shared-plan")
    elif action == "create":
        create_scenario(db, user, f"new-{who}")
    elif action == "edit_shared":
        edit_scenario(db, user, "shared-plan", CLOSE_STR)
    elif action == "comment":
        add_comment(db, user, "shared-plan", "looks fine")
    elif action == "propose":
        propose(db, user, "shared-plan", n=2)
    elif action == "promote":
        v = get_version(db, user, "shared-plan", 2)
        promote(db, user, "shared-plan", 2, v.network_hash, "peak season")
    elif action == "manage_users":
        create_user(db, user, f"x-{who}", f"x-{who}@example.com", "viewer")
        list_users(db, user)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_permission_matrix(sqlite_team: Team, who: str, action: str) -> None:
    """Each role may do exactly its actions on a shared scenario; others are denied."""
    team = sqlite_team
    create_scenario(team.db, team.bob, "shared-plan", shared=True)
    edit_scenario(team.db, team.bob, "shared-plan", NORTH_UP)
    if who in ALLOWED[action]:
        _attempt(team, who, action)
    else:
        with pytest.raises(PermissionDenied):
            _attempt(team, who, action)


@pytest.fixture
def sqlite_team(sqlite_db: Database, network: Network) -> Team:
    """The team on SQLite only (the matrix is about rules, not the database)."""
    return make_team(sqlite_db, network)


def test_nobody_edits_live_or_others_private(team: Team) -> None:
    """Live changes only by promotion; a viewer cannot even edit their own scenario."""
    for user in (team.ann, team.apo, team.admin):
        with pytest.raises(PermissionDenied, match="protected"):
            edit_scenario(team.db, user, "live", CLOSE_STR)
    create_scenario(team.db, team.ann, "mine")
    with pytest.raises(NotFound):
        edit_scenario(team.db, team.bob, "mine", CLOSE_STR)
    with pytest.raises(PermissionDenied):
        create_scenario(team.db, team.vic, "viewer-plan")


# ----------------------------------------------------------------- promotion


def test_promotion_approves_one_exact_version_and_records_the_decision(team: Team) -> None:
    """Promotion puts v2's exact network live, with who, why and the KPIs then."""
    create_scenario(team.db, team.ann, "growth", shared=True)
    v2 = edit_scenario(team.db, team.ann, "growth", NORTH_UP)
    with team.db.write_session() as s:
        put_solve_run(
            s,
            v2.network_hash,
            {"seed": 0},
            status="optimal",
            gap=0.004,
            kpis={"total_cost_eur": 900.0},
        )
    prop = propose(team.db, team.ann, "growth", message="ready")
    assert [p.id for p in list_proposals(team.db, team.apo)] == [prop.id]
    with pytest.raises(PermissionDenied):
        promote(team.db, team.ann, "growth", 2, v2.network_hash, "ship it")
    edit_scenario(team.db, team.ann, "growth", CLOSE_STR)  # v3 differs from what was reviewed
    v3 = get_version(team.db, team.ann, "growth", 3)
    with pytest.raises(Conflict, match="not the approved"):
        promote(team.db, team.apo, "growth", 3, v2.network_hash, "ship it")
    d = promote(team.db, team.apo, "growth", 2, v2.network_hash, "peak season volumes")
    assert (d.approver, d.reason, d.n, d.live_n) == ("apo", "peak season volumes", 2, 2)
    assert d.kpis == {"total_cost_eur": 900.0} and d.network_hash == v2.network_hash
    live = get_version(team.db, team.vic, "live")
    assert live.network_hash == v2.network_hash and live.merged_from == "growth v2"
    assert live.kind.value == "promote" and v3.network_hash != live.network_hash
    assert [x.id for x in decisions(team.db, team.vic)] == [d.id]
    assert list_proposals(team.db, team.apo) == []
    assert list_proposals(team.db, team.apo, status="approved")[0].id == prop.id


def test_promotion_refused_when_live_moved_past_the_base(team: Team) -> None:
    """A scenario built on an older live cannot overwrite a newer live plan."""
    create_scenario(team.db, team.ann, "a", shared=True)
    create_scenario(team.db, team.bob, "b", shared=True)
    va = edit_scenario(team.db, team.ann, "a", NORTH_UP)
    vb = edit_scenario(team.db, team.bob, "b", CLOSE_STR)
    promote(team.db, team.apo, "a", 2, va.network_hash, "first")
    with pytest.raises(Conflict, match="live moved to v2"):
        promote(team.db, team.apo, "b", 2, vb.network_hash, "second")
    # a scenario created from the new live can be promoted
    create_scenario(team.db, team.bob, "b2", shared=True)
    vb2 = edit_scenario(team.db, team.bob, "b2", CLOSE_STR)
    assert promote(team.db, team.apo, "b2", 3, vb2.network_hash, "second").live_n == 3
    # work continued on a promoted scenario builds on live and can go live too
    va3 = edit_scenario(
        team.db, team.ann, "a", {"op": "set_fleet_size", "hub": "LYS", "trailers": 3}
    )
    with pytest.raises(Conflict, match="live moved to v3"):
        promote(team.db, team.apo, "a", 3, va3.network_hash, "third")
    create_scenario(team.db, team.ann, "c", shared=True)
    vc = edit_scenario(
        team.db, team.ann, "c", {"op": "set_fleet_size", "hub": "LYS", "trailers": 4}
    )
    promote(team.db, team.apo, "c", 4, vc.network_hash, "fleet")
    vc5 = edit_scenario(
        team.db, team.ann, "c", {"op": "set_fleet_size", "hub": "PAR", "trailers": 9}
    )
    assert promote(team.db, team.apo, "c", 5, vc5.network_hash, "more fleet").live_n == 5


def test_comments_and_audit_trail(team: Team) -> None:
    """Comments attach to versions; the audit trail says who did what, newest first."""
    create_scenario(team.db, team.ann, "growth", shared=True)
    edit_scenario(team.db, team.ann, "growth", NORTH_UP, message="peak")
    add_comment(team.db, team.bob, "growth", "check Lille capacity", n=2)
    [c] = list_comments(team.db, team.vic, "growth")
    assert (c.n, c.author, c.text) == (2, "bob", "check Lille capacity")
    trail = audit_trail(team.db, team.vic, scenario="growth")
    assert [(e.actor, e.action) for e in trail] == [
        ("bob", "scenario.comment"),
        ("ann", "scenario.edit"),
        ("ann", "scenario.create"),
    ]
    assert trail[1].details["message"] == "peak"
    create_scenario(team.db, team.ann, "hidden")
    assert all("hidden" not in str(e.details) for e in audit_trail(team.db, team.vic))
    assert any(e.details.get("name") == "hidden" for e in audit_trail(team.db, team.admin))


def test_names_and_numbers(team: Team) -> None:
    """Bad names and versions out of range are refused with the reason."""
    with pytest.raises(InvalidRequest, match="reserved"):
        create_scenario(team.db, team.ann, "Live")
    with pytest.raises(InvalidRequest):
        create_scenario(team.db, team.ann, "a@b")
    create_scenario(team.db, team.ann, "growth")
    with pytest.raises(Conflict, match="already have"):
        create_scenario(team.db, team.ann, "growth")
    create_scenario(team.db, team.bob, "growth", shared=True)  # another owner: allowed
    assert get_scenario(team.db, team.ann, "growth").owner == "ann"
    share(team.db, team.ann, "growth")
    with pytest.raises(InvalidRequest, match="several scenarios"):
        get_scenario(team.db, team.apo, "growth")
    with pytest.raises(NotFound, match="head is v1"):
        get_version(team.db, team.ann, "live", 5)
    assert parse_edit(NORTH_UP).op == "scale_demand"
