"""Service promises said as their new length or as a change of it, and a request to judge
the change ('then see if the east can cope') beside the change, in any sentence form."""

from __future__ import annotations

from typing import Any

import pytest

from tests.assistant.test_parse_phrasings import Chat, edits_of
from tests.assistant.test_parse_planner_shorthand import six_hubs


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "push the service promise to 48h for the west",
            {"origin_regions": ["west"], "due_h": 48.0},
        ),
        ("give the north 2 days for delivery", {"origin_regions": ["north"], "due_h": 48.0}),
        ("extend the promise to 72 hours for Nordbau", {"customers": ["Nordbau"], "due_h": 72.0}),
        ("SLA of 24h for ACME", {"customers": ["ACME Logistics"], "due_h": 24.0}),
        (
            "give the west 12 more hours on its windows",
            {"origin_regions": ["west"], "delta_h": 12.0},
        ),
        ("relax the windows in the east by a day", {"origin_regions": ["east"], "delta_h": 24.0}),
        ("shorten lead times in the north by 6h", {"origin_regions": ["north"], "delta_h": -6.0}),
    ],
)
def test_a_promise_is_set_to_its_new_length_or_changed_by_an_amount(
    question: str, edit: dict[str, Any]
) -> None:
    """'to 48h', 'of 24h', '2 days for delivery' set the promise; 'by a day', '12 more hours'
    change it ('extend … to 72 hours' was read as 72 hours more)."""
    (made,) = edits_of(Chat(six_hubs()).ask(question))
    assert made == {"op": "set_due_hours", **edit}


@pytest.mark.parametrize(
    "question",
    [
        "close Vienna, then see if the east can cope",
        "close Vienna and check whether service holds",
        "close Vienna and tell me how the east copes",
        "close Vienna. Tell me how the east does",
    ],
)
def test_a_request_to_judge_the_change_is_answered_by_it(question: str) -> None:
    """Asking to see, check or be told how the change goes, after it (a clause, 'and …', or
    a new sentence), is answered by the what-if's before → after: the whole question was not
    understood."""
    assert edits_of(Chat(six_hubs()).ask(question)) == [{"op": "close_hub", "hubs": ["VIE"]}]
