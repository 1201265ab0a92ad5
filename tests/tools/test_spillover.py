"""Spill-over: a change in one region is judged in another from the two stored plans.

Network: Alpha (A) → Beta (B) freight, 10 t, in the north, normally via the north transit
hub Hanse (H) on contract lanes (100 EUR a truck each). With H closed, the only way is A → S
(contract, south hub) then S → B on the own fleet (south drivers, 5 h), whose trailer comes
back empty B → S (north drivers). The east runs its own 10 t E → A on the own fleet
(east drivers) whatever happens to H, its trailer coming back empty A → E (north drivers).
One day; 9 h drivers: two in the north, one in the south and one in the east.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from solver import Plan, SolveSettings
from solver.network import Network
from storage import Database
from tests.solver.nets import demand, hub, lane, network
from tests.tools.conftest import make_team
from tools import InvalidRequest, list_scenarios, version_network, version_plan
from tools.solving import version_result
from tools.spillover import region_label, region_spill_over, spill_over, what_if_spill_over

FAST = SolveSettings(time_limit_s=60.0, relative_gap=0.0, mip_nodes=50)


def corridor() -> Network:
    """A→B via H (cheap) or via S (dear, south own fleet); E→A in the east on its own."""
    own = {"carrier": "own"}
    return network(
        "corridor",
        [
            hub("A", "Alpha"),
            hub("B", "Beta"),
            hub("H", "Hanse"),
            hub("S", "Sud", region="south"),
            hub("E", "Est", region="east"),
        ],
        [
            lane("A", "H"),
            lane("H", "B"),
            lane("A", "S", cost_eur_per_truck=150.0),
            lane("S", "B", cost_eur_per_truck=150.0, **own),
            lane("B", "S", cost_eur_per_truck=150.0, **own),
            lane("E", "A", **own),
            lane("A", "E", **own),
        ],
        [demand("D1", "A", "B", 10.0), demand("D2", "E", "A", 10.0)],
        drivers=[
            {"region": r, "day": 0, "drivers": count, "hours_per_driver": 9.0}
            for r, count in (("north", 2), ("south", 1), ("east", 1))
        ],
    )


def _by_region(net: Network, plan: Plan) -> tuple[dict[str, float], dict[str, int]]:
    """Driver-hours per region (own-fleet dispatches, by origin) and dispatches on the lanes
    touching each region, counted straight from the stored plan."""
    hours: dict[str, float] = defaultdict(float)
    dispatches: dict[str, int] = defaultdict(int)
    for row in plan.lane_buckets:
        lane_ = net.lane_by_id[row.lane_id]
        moves = row.trucks + row.empty_trailers
        if lane_.carrier.value == "own":
            hours[net.hub_by_id[lane_.origin].region] += moves * lane_.transit_h
        for region in {net.hub_by_id[lane_.origin].region, net.hub_by_id[lane_.destination].region}:
            dispatches[region] += moves
    return hours, dispatches


def _ends(net: Network, lane_id: str) -> tuple[str, str]:
    """A lane's origin and destination hub ids."""
    found = net.lane_by_id[lane_id]
    return found.origin, found.destination


def _moves(net: Network, before: Plan, after: Plan, region: str) -> int:
    """Dispatch moves on lanes touching ``region``: per lane bucket, the larger of the
    dispatches added and those taken away."""

    def grid(plan: Plan) -> dict[tuple[str, int], int]:
        return {
            (r.lane_id, r.bucket): r.trucks + r.empty_trailers
            for r in plan.lane_buckets
            if region in {net.hub_by_id[h].region for h in _ends(net, r.lane_id)}
        }

    old, new = grid(before), grid(after)
    keys = old.keys() | new.keys()
    added = sum(max(0, new.get(k, 0) - old.get(k, 0)) for k in keys)
    removed = sum(max(0, old.get(k, 0) - new.get(k, 0)) for k in keys)
    return max(added, removed)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_closing_the_north_hub_spills_into_the_south(db: Database) -> None:
    """South driver-hours and dispatches, recomputed from the stored plans, are the ones the
    verdict gives; it says yes; the east, untouched, gets a no with its unchanged numbers."""
    team = make_team(db, corridor())
    answer = what_if_spill_over(
        db,
        team.ann,
        None,
        [{"op": "close_hub", "hubs": ["H"]}],
        ["south", "the East"],
        message="close the hub — does it spill over into the south or the east?",
        settings=FAST,
    )
    sid, n = answer.outcome.scenario_id, answer.outcome.version
    assert not version_network(db, team.ann, sid, n).hub_by_id["H"].open
    parent_n = answer.outcome.parent_version
    assert parent_n is not None
    net_b, plan_b = version_plan(db, team.ann, sid, parent_n)
    net_a, plan_a = version_plan(db, team.ann, sid, n)
    assert plan_b is not None and plan_a is not None
    hours_b, disp_b = _by_region(net_b, plan_b)
    hours_a, disp_a = _by_region(net_a, plan_a)
    assert hours_b["south"] == 0 and hours_a["south"] == pytest.approx(5.0)

    south, east = answer.regions
    assert (south.region, east.region) == ("south", "east")
    assert south.driver_days[0].hours_before == pytest.approx(hours_b["south"])
    assert south.driver_days[0].hours_after == pytest.approx(hours_a["south"])
    assert (south.dispatches_before, south.dispatches_after) == (disp_b["south"], disp_a["south"])
    assert south.spills is True
    assert south.verdict.startswith("Yes — the south's driver use rises from 0 to 5 of 9 h/day")
    assert south.dispatches_changed == _moves(net_a, plan_b, plan_a, "south") == disp_a["south"]
    assert f"{disp_a['south']} of {disp_a['south']} dispatches on lanes touching the south" in (
        south.verdict
    )

    assert hours_a["east"] == pytest.approx(hours_b["east"]) and hours_a["east"] > 0
    assert east.spills is False
    assert east.verdict.startswith(
        f"No — the east's driver use is unchanged at {hours_a['east']:,.0f} of 9 h/day; "
        f"{_moves(net_a, plan_b, plan_a, 'east')} of {disp_a['east']} dispatches on lanes "
        "touching the east changed"
    )
    assert "on-time service there stays at 100.0%" in east.verdict


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_a_change_within_the_solvers_gap_is_not_called_a_cascade(db: Database) -> None:
    """The same two plans, judged as if each were only proven within 100% of the best: the
    south's extra cost is inside that uncertainty, so it is not called a cascade;
    with no bound at all it cannot be told."""
    team = make_team(db, corridor())
    answer = what_if_spill_over(
        db,
        team.ann,
        None,
        [{"op": "close_hub", "hubs": ["H"]}],
        ["south"],
        message="close the hub",
        settings=FAST,
    )
    sid, n, parent_n = (
        answer.outcome.scenario_id,
        answer.outcome.version,
        answer.outcome.parent_version,
    )
    assert parent_n is not None
    before, after = (
        version_result(db, team.ann, sid, parent_n),
        version_result(db, team.ann, sid, n),
    )
    assert before.evaluation is not None and after.evaluation is not None
    nets = version_network(db, team.ann, sid, parent_n), version_network(db, team.ann, sid, n)
    loose = region_spill_over(
        nets[0],
        before.evaluation,
        nets[1],
        after.evaluation,
        "south",
        gap_before=1.0,
        gap_after=1.0,
    )
    assert answer.regions[0].cost_change_eur == pytest.approx(loose.cost_change_eur)
    assert loose.noise is not None and loose.noise.uncertainty_eur is not None
    assert abs(loose.cost_change_eur) <= loose.noise.uncertainty_eur
    assert loose.spills is False and loose.verdict.startswith("Not clear — ")
    unbounded = region_spill_over(
        nets[0],
        before.evaluation,
        nets[1],
        after.evaluation,
        "south",
        gap_before=None,
        gap_after=None,
    )
    assert unbounded.spills is None and unbounded.verdict.startswith("Cannot tell — ")


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_an_unknown_region_changes_nothing(db: Database) -> None:
    """Watching a region the network does not have is refused before any version exists."""
    team = make_team(db, corridor())
    with pytest.raises(InvalidRequest, match=r"no region called “Narnia”.*east, north, south"):
        what_if_spill_over(
            db,
            team.ann,
            None,
            [{"op": "close_hub", "hubs": ["H"]}],
            ["Narnia"],
            message="close the hub without spilling into Narnia",
            settings=FAST,
        )
    assert [s.name for s in list_scenarios(db, team.ann) if not s.is_live] == []
    with pytest.raises(InvalidRequest, match="no earlier version"):
        live = next(s for s in list_scenarios(db, team.ann) if s.is_live)
        spill_over(db, team.ann, live.id, 1, ["south"])


def test_regions_read_as_places_in_the_verdict() -> None:
    """Compass regions read 'the south'; any other name reads 'the central region'."""
    assert [region_label(r) for r in ("south", "North-East", "central", "Iberia")] == [
        "the south",
        "the North-East",
        "the central region",
        "the Iberia region",
    ]
