"""Differences in words: what a planner reads for a what-if against live, on the 40-hub demo.

Every total in a line is recomputed here from the two networks, not from the diff.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import pytest
from openpyxl import load_workbook

from solver import Network
from solver.demo import demo_network
from solver.edits import (
    AddDemand,
    CloseHub,
    EditBase,
    MoveTrailers,
    RemoveDemand,
    ScaleDemand,
    ScaleLaneRates,
    SetDrivers,
    SetDueHours,
    SetLaneCapacity,
    SetServicePolicy,
)
from tools import DiffGroup, describe_changes, diff_xlsx, network_diff

RAW_FIELDS = ("volume_t", "max_trucks_per_day", "closed_days", "cost_eur_per_truck", "hours_per")


@pytest.fixture(scope="module")
def live() -> Network:
    return demo_network(hubs=40, seed=7)


def _apply(net: Network, edits: Sequence[EditBase]) -> Network:
    for e in edits:
        net = e.apply(net)
    return net


def _groups(a: Network, b: Network) -> dict[str, DiffGroup]:
    return {g.kind: g for g in describe_changes(a, b, network_diff(a, b))}


def _tonnes(text: str) -> float:
    """The signed tonnes of a demand line: '+1,294 t/week' → 1294.0."""
    m = re.search(r"([+−])([\d,.]+) t/week", text)
    assert m, text
    return (1 if m.group(1) == "+" else -1) * float(m.group(2).replace(",", ""))


def test_north_demand_up_20_percent_is_one_line_with_totals(live: Network) -> None:
    """'north +20%' reads as one demand line with the count and the tonnes added, where the
    field-by-field diff has one row per demand; every demand is still listed in the details."""
    after = ScaleDemand(origin_regions=["north"], factor=1.2).apply(live)
    changes = network_diff(live, after)
    groups = describe_changes(live, after, changes)
    assert [g.kind for g in groups] == ["demand"]
    north = {h.id for h in live.hubs if h.region == "north"}
    moved = [d for d in live.demands if d.origin in north]
    added = sum(after.demand_by_id[d.id].volume_t - d.volume_t for d in moved)
    (line,) = groups[0].summary
    assert line.startswith(f"North demand +20%: {len(moved)} demands, +")
    assert _tonnes(line) == pytest.approx(added, abs=0.5)
    assert len(changes) == len(moved) > 50  # what a planner had to read before
    assert len(groups[0].details) == len(moved)
    assert all("volume" in d and "→" in d for d in groups[0].details)
    assert not any(f in line for f in RAW_FIELDS)


def test_closures_lanes_drivers_fleet_and_policy_in_words(live: Network) -> None:
    """Each kind of change is its own group, in names, with the totals a planner checks."""
    ber_ham = live.lane_by_id["BER-HAM"]
    after = _apply(
        live,
        [
            CloseHub(hubs=["Hamburg"], days=["Mon", "Tue", "Wed"]),
            SetLaneCapacity(lanes=["BER-HAM"], factor=0.5),
            ScaleLaneRates(carrier="contract", factor=1.08),
            SetDrivers(region="east", factor=0.85),
            MoveTrailers(from_hub="Paris", to_hub="Lyon", count=10),
            SetServicePolicy(service_target=0.97),
        ],
    )
    g = _groups(live, after)
    assert list(g) == ["hubs", "lanes", "drivers", "fleet", "policy"]
    assert g["hubs"].summary == ["Hamburg closed Mon–Wed"]
    assert g["hubs"].details == ["Hamburg: closed Mon–Wed"]
    half = ber_ham.max_trucks_per_day // 2
    contract = [x for x in live.lanes if x.carrier == "contract"]
    assert set(g["lanes"].summary) == {
        f"Lane Berlin→Hamburg departures halved ({ber_ham.max_trucks_per_day} → {half} a day)",
        f"Cost per tonne and cost per dispatch +8% on all {len(contract)} contract lanes",
    }
    east_before = sum(p.drivers for p in live.drivers if p.region == "east")
    east_after = sum(p.drivers for p in after.drivers if p.region == "east")
    (drivers,) = g["drivers"].summary
    assert drivers.startswith("East drivers −")
    assert f"(every day): {east_before:,} → {east_after:,} driver-days/week" in drivers
    assert g["fleet"].summary == ["10 trailers moved between hubs: Lyon +10, Paris −10"]
    assert g["policy"].summary == ["On-time service target none → 97.0%"]
    lines = [s for grp in g.values() for s in grp.summary + grp.details]
    assert not any(f in s for s in lines for f in RAW_FIELDS)
    assert not any(re.search(r"\b[A-Z]{3}-[A-Z]{3}\b", s) for s in lines)  # names, not lane ids


def test_overlapping_edits_add_up_to_the_whole_change(live: Network) -> None:
    """Two demand edits that meet (a customer doubled, north +20% on Fri and Sat) read as one
    line per distinct change, and their tonnes add up to the total change of demand."""
    after = _apply(
        live,
        [
            ScaleDemand(origin_regions=["north"], factor=1.2, days=["Fri", "Sat"]),
            ScaleDemand(customers=["ACME Logistics"], factor=2.0),
        ],
    )
    (group,) = describe_changes(live, after, network_diff(live, after))
    total = sum(d.volume_t for d in after.demands) - sum(d.volume_t for d in live.demands)
    assert sum(_tonnes(s) for s in group.summary) == pytest.approx(total, abs=1.5)
    assert group.summary[0].startswith("ACME Logistics demand doubled: ")
    assert any(s.startswith("North demand (Fri, Sat) +20%: ") for s in group.summary)
    changed = sum(1 for d in live.demands if after.demand_by_id[d.id].volume_t != d.volume_t)
    counts = [int(re.search(r": ([\d,]+) demands?", s).group(1)) for s in group.summary]  # type: ignore[union-attr]
    assert sum(counts) == changed == group.entities


def test_workbook_holds_every_change(live: Network) -> None:
    """The XLSX has the grouped lines, every change in words, and every field before/after."""
    after = _apply(
        live,
        [ScaleDemand(origin_regions=["north"], factor=1.2), CloseHub(hubs=["Hamburg"])],
    )
    changes = network_diff(live, after)
    groups = describe_changes(live, after, changes)
    wb = load_workbook(io.BytesIO(diff_xlsx("From live v1 to north v2", groups, changes)))
    assert wb.sheetnames == ["Summary", "Every change", "Fields"]
    summary = [r[1] for r in wb["Summary"].iter_rows(min_row=3, values_only=True)]
    assert summary == [s for g in groups for s in g.summary]
    assert wb["Every change"].max_row - 1 == len(changes)
    fields = list(wb["Fields"].iter_rows(min_row=2, values_only=True))
    assert len(fields) == sum(len(c.fields) for c in changes)
    vol = next(r for r in fields if r[4] == "volume")
    d = live.demand_by_id[str(vol[2])]
    assert (vol[5], vol[6]) == (d.volume_t, after.demand_by_id[d.id].volume_t)


def test_service_windows_and_demands_added_or_removed(live: Network) -> None:
    """A shorter service window to or from a region, a customer's Sunday freight removed and
    a new flow added: each its own line, counts and tonnes recomputed from the networks."""
    after = _apply(
        live,
        [
            SetDueHours(regions=["south"], delta_h=-12),
            RemoveDemand(customers=["Nordbau"], days=["Sun"]),
            AddDemand(origin="Paris", destination="Lyon", volume_t=40, days=["Mon", "Tue"]),
        ],
    )
    (group,) = describe_changes(live, after, network_diff(live, after))
    south = {h.id for h in live.hubs if h.region == "south"}
    removed = [d for d in live.demands if d.id not in after.demand_by_id]
    shorter = [
        d
        for d in live.demands
        if d.id in after.demand_by_id and (d.origin in south or d.destination in south)
    ]
    assert removed and all(d.customer == "Nordbau" and d.release_day == 6 for d in removed)
    gone = sum(d.volume_t for d in removed)
    assert group.summary[0] == (
        f"Service window 12 h shorter for demand to or from the south: {len(shorter)} demands"
    )
    assert group.summary[1].startswith("2 demands added: +80 t/week")
    assert group.summary[2].startswith(f"{len(removed)} demands removed: −")
    assert _tonnes(group.summary[2]) == pytest.approx(-gone, abs=0.06)
