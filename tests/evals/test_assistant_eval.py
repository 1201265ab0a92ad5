"""The assistant eval: with the whole agent, cases whose expected edits the network
refuses (reopening a hub that is open) pass when the agent refuses them and says so, and
of a change between two places the way without freight or lane is not expected; the dry
run reads the network as the agent does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.assistant import DryWorld, Outcome, _taken, all_cases, judge, main
from evals.assistant_spec import close, close_lane, edit, lane_capacity, scale
from solver import demo_network
from solver.network import Network
from storage import Database
from tools import LIVE, bootstrap_admin, create_live, user_ref, version_network

CROSS_DOCKS = "close every cross-dock except Lyon on Saturday"
REOPEN = edit("closures", "reopen Hamburg", close("HAM", reopen=True))


def _refused(**changes: Any) -> Outcome:
    outcome = Outcome(
        [],
        [],
        "I could not do that, so nothing was changed: Hamburg (HAM) already open",
        refused_edits=[[close("HAM", reopen=True)]],
        expected_refused=True,
    )
    for key, value in changes.items():
        setattr(outcome, key, value)
    return outcome


def test_a_refused_reopen_of_an_open_hub_passes() -> None:
    """Tried, refused, nothing created, said so: the case passes."""
    assert judge(REOPEN, _refused(), held_out=False).passed


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"versions_added": 1}, "version(s) created"),
        ({"answer": "Done."}, "nothing was changed"),
        ({"refused_edits": [[close("BER", reopen=True)]]}, "refused edits"),
        ({"refused_edits": []}, "refused edits"),
        ({"tools": ["what_if"], "edits": [close("HAM")]}, "must be refused"),
    ],
)
def test_a_refusal_that_changed_something_or_was_not_said_fails(
    changes: dict[str, Any], why: str
) -> None:
    """A version made, a refusal not said, other edits tried, or another change made: fails."""
    verdict = judge(REOPEN, _refused(**changes), held_out=False)
    assert not verdict.passed and any(why in failure for failure in verdict.failures)


def test_the_full_run_passes_reopening_an_open_hub(capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m evals.assistant --case 'reopen Hamburg'`` on the demo, where Hamburg is
    open: the built-in agent's refusal passes (it failed as 'tools [] != [what_if]')."""
    main(["--case", "reopen Hamburg", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["tuned"]["cases"] == 1
    assert summary["tuned"]["passed"] == 1, summary["failures"]


def test_the_dry_run_reads_the_network_as_the_agent_does(tmp_path: Path) -> None:
    """The dry run's interpreter sees the hubs in the order the agent reads them from the
    database, so a list it names ('every cross-dock except Lyon') comes out the same in
    both runs (it came out in another order in the full run and counted as an unsafe edit)."""
    db = Database(f"sqlite:///{tmp_path / 'eval.db'}")
    admin_view, _ = bootstrap_admin(db, "admin", "admin@example.com")
    admin = user_ref(db, admin_view.id)
    create_live(db, admin, demo_network(hubs=40))
    stored = version_network(db, admin, LIVE)
    assert [h.id for h in DryWorld(40).net.hubs] == [h.id for h in stored.hubs]
    spec = next(s for s, _ in all_cases() if s.turns == (CROSS_DOCKS,))
    assert judge(spec, DryWorld(40).run(spec), held_out=False, dry=True).passed


def test_a_change_between_two_hubs_expects_only_the_ways_with_freight() -> None:
    """Freight runs Nuremberg→Munich but not back: the case 'freight between Munich and
    Nuremberg grows 10%' expects the one way changed; with none either way, a refusal."""
    net = demo_network(hubs=40)
    mun_nur = scale(1.1, origin_hubs=["MUN"], destination_hubs=["NUR"])
    nur_mun = scale(1.1, origin_hubs=["NUR"], destination_hubs=["MUN"])
    assert _taken(net, [mun_nur, nur_mun]) == [nur_mun]
    par_lyo = scale(1.1, origin_hubs=["PAR"], destination_hubs=["LYO"])
    lyo_par = scale(1.1, origin_hubs=["LYO"], destination_hubs=["PAR"])
    assert _taken(net, [par_lyo, lyo_par]) is None
    assert _taken(net, [nur_mun]) == [nur_mun]
    spec = edit("demand", "freight between Munich and Nuremberg grows 10%", mun_nur, nur_mun)
    said = "No freight runs from Munich to Nuremberg, so that way is not changed."
    outcome = Outcome(["what_if"], [nur_mun], said, expected_edits=[nur_mun])
    assert judge(spec, outcome, held_out=True).passed
    outcome.answer = "Done."
    assert not judge(spec, outcome, held_out=True).passed
    outcome = Outcome(
        [], [], "I could not do that, so nothing was changed", expected_edits=[nur_mun]
    )
    assert not judge(spec, outcome, held_out=True).passed


def test_a_lane_change_between_two_hubs_expects_only_the_lane_that_exists() -> None:
    """On a network without the lane Lyon→Paris, 'close the lane between Paris and Lyon'
    expects Paris→Lyon closed and an answer saying there is no lane the other way; rates
    between them expect the one lane's; with no lane either way, a refusal."""
    data = demo_network(hubs=40).canonical_dict()
    data["lanes"] = [ln for ln in data["lanes"] if ln["id"] != "LYO-PAR"]
    net = Network.model_validate(data)
    par_lyo, lyo_par = close_lane("PAR-LYO"), close_lane("LYO-PAR")
    assert _taken(net, [par_lyo, lyo_par]) == [par_lyo]
    assert _taken(net, [lyo_par, par_lyo]) == [par_lyo]
    both = lane_capacity("PAR-LYO", trucks_delta=-2), lane_capacity("LYO-PAR", trucks_delta=-2)
    assert _taken(net, list(both)) == [both[0]]
    rates = {"op": "scale_lane_rates", "factor": 1.03, "lanes": ["PAR-LYO", "LYO-PAR"]}
    assert _taken(net, [rates]) == [{**rates, "lanes": ["PAR-LYO"]}]
    assert _taken(net, [close_lane("ROM-BER"), close_lane("BER-ROM")]) is None
    spec = edit("lanes", "close the lane between Paris and Lyon", par_lyo, lyo_par)
    said = "There is no lane from Lyon to Paris, so only Paris→Lyon is closed."
    outcome = Outcome(["what_if"], [par_lyo], said, expected_edits=[par_lyo])
    assert judge(spec, outcome, held_out=True).passed
    outcome.answer = "No freight runs from Lyon to Paris."
    assert not judge(spec, outcome, held_out=True).passed
