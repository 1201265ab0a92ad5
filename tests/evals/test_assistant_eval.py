"""The assistant eval run with the whole agent: cases whose expected edits the network
refuses (reopening a hub that is open) pass when the agent refuses them and says so."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evals.assistant import Outcome, judge, main
from evals.assistant_spec import close, edit

REOPEN = edit("closures", "reopen Hamburg", close("HAM", reopen=True))


def _refused(**changes: Any) -> Outcome:
    outcome = Outcome(
        [],
        [],
        "I could not do that, so nothing was changed: Hamburg (HAM) already open",
        refused_edits=[close("HAM", reopen=True)],
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
        ({"refused_edits": [close("BER", reopen=True)]}, "refused edits"),
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
