"""The assistant's eval set: planner questions → tool calls and edits → answers.

Run ``python -m evals.assistant [--hubs 40] [--time-limit 5] [--model builtin]``. Each
case is a short conversation on the demo network (live); the last answer is checked for
the tool it called, the edits it made (each expected field must match) and what the
answer must show (the version link and the KPI table when something changed). Works with
any configured model (``LANEWISE_MODEL``), so an LLM can be measured against the same set.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_evals import Case, Dataset
from pydantic_evals.evaluators import Evaluator, EvaluatorContext

from assistant.conversation import ask, new_deps
from tools import (
    Database,
    SolveSettings,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    user_ref,
)


class Expected(BaseModel):
    """What the last answer of a case must show."""

    tools: list[str]
    edits: list[dict[str, Any]] = []
    answer_contains: list[str] = []
    changed: bool = False


class Outcome(BaseModel):
    """What the assistant did on the last turn."""

    tools: list[str]
    edits: list[dict[str, Any]]
    answer: str
    url: str | None


def _case(name: str, turns: list[str], expected: Expected) -> Case[list[str], Outcome, None]:
    return Case(
        name=name,
        inputs=turns,
        expected_output=Outcome(
            tools=expected.tools,
            edits=expected.edits,
            answer="\n".join(expected.answer_contains),
            url="changed" if expected.changed else None,
        ),
    )


def cases() -> list[Case[list[str], Outcome, None]]:
    """The eval set on the default 40-hub demo's names."""
    north_up = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]}
    return [
        _case(
            "region volume",
            ["what if volumes rise 20% in the north?"],
            Expected(tools=["what_if"], edits=[north_up], changed=True),
        ),
        _case(
            "peak on days",
            ["a 60% peak-season increase on Friday and Saturday"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "scale_demand", "factor": 1.6, "days": [4, 5]}],
                changed=True,
            ),
        ),
        _case(
            "customer out of hub",
            ["double ACME's volume out of Paris"],
            Expected(
                tools=["what_if"],
                edits=[
                    {
                        "op": "scale_demand",
                        "factor": 2.0,
                        "customers": ["ACME Logistics"],
                        "origin_hubs": ["PAR"],
                    }
                ],
                changed=True,
            ),
        ),
        _case(
            "close hub some days",
            ["close Hamburg on Monday and Tuesday"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "close_hub", "hubs": ["HAM"], "days": [0, 1]}],
                changed=True,
            ),
        ),
        _case(
            "hub capacity",
            ["cut Munich capacity by 20%"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "set_hub_capacity", "hubs": ["MUN"], "factor": 0.8}],
                changed=True,
            ),
        ),
        _case(
            "drivers",
            ["cut drivers in the east by 15%"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "set_drivers", "region": "east", "factor": 0.85}],
                changed=True,
            ),
        ),
        _case(
            "fleet move",
            ["move 10 trailers from Paris to Lyon"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "move_trailers", "from_hub": "PAR", "to_hub": "LYO", "count": 10}],
                changed=True,
            ),
        ),
        _case(
            "rates",
            ["raise contract rates by 8%"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "scale_lane_rates", "factor": 1.08, "carrier": "contract"}],
                changed=True,
            ),
        ),
        _case(
            "service policy",
            ["set the service target to 97%"],
            Expected(
                tools=["what_if"],
                edits=[{"op": "set_service_policy", "service_target": 0.97}],
                changed=True,
            ),
        ),
        _case(
            "two edits",
            ["volumes rise 10% in the east and close Hamburg on Monday"],
            Expected(
                tools=["what_if"],
                edits=[
                    {"op": "scale_demand", "factor": 1.1, "origin_regions": ["east"]},
                    {"op": "close_hub", "hubs": ["HAM"], "days": [0]},
                ],
                changed=True,
            ),
        ),
        _case(
            "make it 30%",
            ["what if volumes rise 20% in the north?", "make it 30%"],
            Expected(tools=["what_if"], edits=[{**north_up, "factor": 1.3}], changed=True),
        ),
        _case(
            "and close too",
            ["what if volumes rise 20% in the north?", "and close Köln too"],
            Expected(tools=["what_if"], edits=[{"op": "close_hub", "hubs": ["KOL"]}], changed=True),
        ),
        _case(
            "undo",
            ["what if volumes rise 20% in the north?", "undo that"],
            Expected(tools=["undo"], answer_contains=["Revert to v"], changed=True),
        ),
        _case(
            "compare",
            ["what if volumes rise 20% in the north?", "compare with live"],
            Expected(tools=["compare"], answer_contains=["against **live"]),
        ),
        _case(
            "why",
            ["what if volumes rise 20% in the north?", "why is service down?"],
            Expected(tools=["explain"], answer_contains=["On-time service is"]),
        ),
        _case(
            "balance",
            ["where will the network be out of balance by Thursday?"],
            Expected(tools=["explain"], answer_contains=["By the end of Thursday"]),
        ),
        _case(
            "summary",
            ["what if volumes rise 20% in the north?", "summarise this for the VP"],
            Expected(tools=["summarise"], answer_contains=["Recommendation:", "Main risk:"]),
        ),
        _case(
            "short name",
            ["close Frankfurt"],
            Expected(tools=["what_if"], edits=[{"op": "close_hub", "hubs": ["FRA"]}], changed=True),
        ),
        _case(
            "not understood",
            ["what if it rains on the moon?"],
            Expected(tools=[], answer_contains=["changed nothing"]),
        ),
    ]


@dataclass
class ToolsMatch(Evaluator[list[str], Outcome, None]):
    """The last turn called exactly the expected tools, in order."""

    def evaluate(self, ctx: EvaluatorContext[list[str], Outcome, None]) -> bool:
        assert ctx.expected_output is not None
        return ctx.output.tools == ctx.expected_output.tools


@dataclass
class EditsMatch(Evaluator[list[str], Outcome, None]):
    """Every expected edit field has the expected value (numbers within 1e-6)."""

    def evaluate(self, ctx: EvaluatorContext[list[str], Outcome, None]) -> bool:
        assert ctx.expected_output is not None
        expected, actual = ctx.expected_output.edits, ctx.output.edits
        if len(expected) != len(actual) and expected:
            return False
        for want, got in zip(expected, actual, strict=False):
            for key, value in want.items():
                have = got.get(key)
                if isinstance(value, float) and isinstance(have, int | float):
                    if abs(value - have) > 1e-6:
                        return False
                elif have != value:
                    return False
        return True


@dataclass
class AnswerShows(Evaluator[list[str], Outcome, None]):
    """The answer holds the expected phrases, and a link and KPI table when it changed data."""

    def evaluate(self, ctx: EvaluatorContext[list[str], Outcome, None]) -> bool:
        assert ctx.expected_output is not None
        wanted = [p for p in ctx.expected_output.answer.split("\n") if p]
        if not all(p in ctx.output.answer for p in wanted):
            return False
        if ctx.expected_output.url == "changed":
            return (
                bool(ctx.output.url)
                and str(ctx.output.url) in ctx.output.answer
                and ("| KPI |" in ctx.output.answer)
            )
        return True


class _World:
    def __init__(self, hubs: int, settings: SolveSettings) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="lanewise-eval-"))
        self.db = Database(f"sqlite:///{self.home / 'eval.db'}")
        admin_view, _ = bootstrap_admin(self.db, "eval-admin", "admin@example.com")
        admin = user_ref(self.db, admin_view.id)
        create_live(self.db, admin, demo_network(hubs=hubs))
        planner, _ = create_user(self.db, admin, "eval-planner", "planner@example.com", "planner")
        self.planner: UserRef = user_ref(self.db, planner.id)
        self.settings = settings

    async def run(self, turns: list[str]) -> Outcome:
        conversation: str | None = None
        result = None
        for question in turns:
            deps = new_deps(self.db, self.planner, solve_settings=self.settings)
            result = await ask(question, deps=deps, conversation_id=conversation)
            conversation = result.conversation_id
        assert result is not None
        edits = [e for c in result.tool_calls if c.name == "what_if" for e in c.args["edits"]]
        return Outcome(
            tools=[c.name for c in result.tool_calls],
            edits=edits,
            answer=result.answer,
            url=result.url,
        )


def dataset() -> Dataset[list[str], Outcome, None]:
    """The eval set with its evaluators."""
    return Dataset(
        name="lanewise-assistant",
        cases=cases(),
        evaluators=[ToolsMatch(), EditsMatch(), AnswerShows()],
    )


def main(argv: list[str] | None = None) -> None:
    """Run the eval set and print the report (``--json`` for pass rates per evaluator)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, default=40)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    world = _World(args.hubs, SolveSettings(time_limit_s=args.time_limit, relative_gap=0.02))
    report = dataset().evaluate_sync(world.run, max_concurrency=1, progress=not args.json)
    if args.json:
        rows = {c.name: {k: v.value for k, v in c.assertions.items()} for c in report.cases}
        failures = [f.name for f in report.failures]
        print(json.dumps({"cases": rows, "errors": failures}, indent=2))
    else:
        report.print(include_input=True, include_output=False, include_durations=True)


if __name__ == "__main__":
    main()
