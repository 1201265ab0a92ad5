"""The assistant's eval set: planner questions → tool calls and edits → answers.

Run ``python -m evals.assistant [--hubs 40] [--time-limit 5] [--dry] [--json]``. Each
case is a short conversation on the demo network (live) and belongs to a family
(demand, closures, …, unknown-typo-negation). The last turn is checked for the tools it
called, the exact edits it made, and its answer: the version link and KPI table when it
changed data, the clarifying question when it had to ask. A case that changed data is
also checked on the network of the version the answer links to: it must equal the
parent's network with exactly the expected edits applied, nothing else changed; a case
that asks must create no version at all.

Scores are printed per family, for the tuned set and for the held-out paraphrases
(:mod:`evals.assistant_heldout`) separately, with the count of data-changing edits made
on unknown names, typos and negations (the target is zero). ``--dry`` runs the built-in
interpreter alone (no tools, no solve) to check its calls in a second; the default runs
the whole agent with any configured model (``LANEWISE_MODEL``), and the report names it.
A model may ask through the ``clarify`` tool where a case expects a question back, and
calls a tool refused and sent back for a retry are not counted as made. A case whose
expected edits the network refuses (reopening a hub that is open) expects exactly those
edits refused: nothing created and an answer that says nothing was changed; of a change
between two places, a way that carries no freight or has no lane is left out, and the
answer says so.
``--case "question"`` runs only the one-turn cases asking exactly that (repeatable).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ModelRequest, ToolReturnPart, UserPromptPart

from assistant.config import get_settings
from assistant.conversation import ask, new_deps
from assistant.interpreter.model import respond
from assistant.interpreter.vocabulary import Vocabulary
from evals import assistant_cases, assistant_heldout
from evals.assistant_spec import EDIT_TOOLS, SAFETY_FAMILY, Spec
from solver import program_stdout
from solver.edits import apply_edits, parse_edits
from solver.errors import EditError
from solver.network import Network
from tools import (
    LIVE,
    Database,
    SolveSettings,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    get_version,
    list_scenarios,
    user_ref,
    version_network,
)

ASK_TOOL = "clarify"
"""The tool a model asks the planner with: the same as answering with a question."""


@dataclass
class Outcome:
    """What the assistant did on the last turn of a case."""

    tools: list[str]
    edits: list[dict[str, Any]]
    answer: str
    replace_previous: bool = False
    into: list[str] = field(default_factory=list)
    url: str | None = None
    versions_added: int = 0
    network_ok: bool | None = None
    error: str | None = None
    refused_edits: list[list[dict[str, Any]]] = field(default_factory=list)
    """The edits of each of the turn's edit-tool calls that were refused and sent back."""
    expected_refused: bool = False
    """The network the last turn started from refuses the case's expected edits."""
    expected_edits: list[dict[str, Any]] | None = None
    """The case's edits that the network takes, when a way without freight or lane of a
    change between two places was left out of them (None: the case's edits as written)."""


def expected_edits(spec: Spec, outcome: Outcome) -> list[dict[str, Any]]:
    """The edits the last turn must make: the case's, less any way without freight or lane."""
    return list(spec.edits) if outcome.expected_edits is None else outcome.expected_edits


@dataclass
class Verdict:
    """One case's result: passed or the reasons it failed."""

    spec: Spec
    held_out: bool
    outcome: Outcome
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No check failed."""
        return not self.failures


def _same(want: Any, have: Any) -> bool:
    if isinstance(want, float | int) and isinstance(have, float | int):
        return math.isclose(float(want), float(have), rel_tol=0, abs_tol=1e-5)
    if isinstance(want, list) and isinstance(have, list):
        return len(want) == len(have) and all(_same(a, b) for a, b in zip(want, have, strict=True))
    if isinstance(want, dict) and isinstance(have, dict):
        return want.keys() == have.keys() and all(_same(want[k], have[k]) for k in want)
    return bool(want == have)


def judge(spec: Spec, outcome: Outcome, *, held_out: bool, dry: bool = False) -> Verdict:
    """Check one outcome against its case (``dry``: tools were not run, so their answers
    are not checked)."""
    verdict = Verdict(spec, held_out, outcome)
    fail = verdict.failures
    if outcome.error:
        fail.append(f"error: {outcome.error}")
    if outcome.expected_refused:
        _judge_refusal(spec, outcome, fail)
        return verdict
    called = [name for name in outcome.tools if name != ASK_TOOL]
    if called != list(spec.tools) or (spec.tools and ASK_TOOL in outcome.tools):
        fail.append(f"tools {outcome.tools} != {list(spec.tools)}")
    want = expected_edits(spec, outcome)
    if set(EDIT_TOOLS) & set(spec.tools) and not _same(want, outcome.edits):
        fail.append(f"edits {outcome.edits} != {want}")
    for words in _left_out_words(spec, outcome):
        if words not in outcome.answer.lower():
            fail.append(f"answer lacks {words!r}")
    if "spill_over" in spec.tools and sorted(outcome.into) != sorted(spec.into):
        fail.append(f"watched {outcome.into} != {list(spec.into)}")
    if outcome.replace_previous != spec.replace_previous:
        fail.append(f"replace_previous is {outcome.replace_previous}")
    lowered = outcome.answer.lower()
    for phrase in spec.says if not (dry and spec.tools) else ():
        if phrase.lower() not in lowered:
            fail.append(f"answer lacks {phrase!r}")
    shown = outcome.url is not None and outcome.url in outcome.answer
    if (
        spec.changes_data
        and outcome.url is not None
        and not (shown and "| KPI |" in outcome.answer)
    ):
        fail.append("answer lacks the version link or the KPI table")
    if not spec.changes_data and outcome.versions_added:
        fail.append(f"{outcome.versions_added} version(s) created where none should be")
    if outcome.network_ok is False:
        fail.append("the version's network is not the parent's with exactly these edits")
    return verdict


REFUSED_WORDS = "nothing was changed"
"""What an answer says when the network refused its edits."""
NO_FREIGHT_WORDS = "no freight runs"
"""What an answer says of a way without freight it left out."""
NO_LANE_WORDS = "there is no lane"
"""What an answer says of a way without a lane it left out."""


def _left_out_words(spec: Spec, outcome: Outcome) -> list[str]:
    """What the answer must say of the ways the network has nothing on: for freight left
    out, that none runs; for a lane left out, that there is none."""
    if outcome.expected_edits is None:
        return []
    dropped = [e for e in spec.edits if e not in outcome.expected_edits]
    lanes = any(e.get("op") != "scale_demand" for e in dropped) or any(
        e not in spec.edits for e in outcome.expected_edits
    )
    freight = any(e.get("op") == "scale_demand" for e in dropped)
    return [w for w, said in ((NO_FREIGHT_WORDS, freight), (NO_LANE_WORDS, lanes)) if said]


def _judge_refusal(spec: Spec, outcome: Outcome, fail: list[str]) -> None:
    """A case whose expected edits the network refuses: they were tried and refused, no
    other tool changed anything, nothing was created, and the answer says so."""
    if outcome.tools:
        fail.append(f"tools {outcome.tools} made where {list(spec.tools)} must be refused")
    if not any(_same(list(spec.edits), tried) for tried in outcome.refused_edits):
        fail.append(f"refused edits {outcome.refused_edits} != {list(spec.edits)}")
    if outcome.versions_added:
        fail.append(f"{outcome.versions_added} version(s) created for refused edits")
    if REFUSED_WORDS not in outcome.answer.lower():
        fail.append(f"answer lacks {REFUSED_WORDS!r}")


def _what_if_edits(
    calls: Sequence[tuple[str, dict[str, Any]]],
) -> tuple[list[dict[str, Any]], bool]:
    """The edits of every version-making call (what-if, why-not, spill-over) of a turn."""
    edits = [e for name, args in calls if name in EDIT_TOOLS for e in args.get("edits", [])]
    replace = any(args.get("replace_previous") for name, args in calls if name == "what_if")
    return edits, replace


def _watched(calls: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    """The regions the turn's spill-over calls watch."""
    return [r for name, args in calls if name == "spill_over" for r in args.get("into", [])]


def _way_back(edit: dict[str, Any]) -> dict[str, Any]:
    """A demand change in the other direction (origins and destinations swapped)."""
    pairs = (("origin_hubs", "destination_hubs"), ("origin_regions", "destination_regions"))
    back = {k: v for k, v in edit.items() if not any(k in pair for pair in pairs)}
    for a, b in pairs:
        if edit.get(b):
            back[a] = edit[b]
        if edit.get(a):
            back[b] = edit[a]
    return back


def _lane_back(edit: dict[str, Any]) -> list[dict[str, Any]]:
    """A change of one lane 'A-B' on the other way ('B-A'), as the interpreter writes it."""
    lanes, lane = edit.get("lanes"), edit.get("lane")
    ref = lanes[0] if isinstance(lanes, list) and len(lanes) == 1 else lane
    if not isinstance(ref, str):
        return []
    backs = {f"{ref[i + 1 :]}-{ref[:i]}" for i, c in enumerate(ref) if c == "-"}
    field = "lane" if isinstance(lane, str) else "lanes"
    return [{**edit, field: b if field == "lane" else [b]} for b in sorted(backs)]


def _without_missing_lanes(net: Network, edit: dict[str, Any]) -> dict[str, Any]:
    """A change of several lanes that names both ways of a pair ('rates between A and B'),
    without the ways that are no lane of ``net``."""
    lanes = edit.get("lanes")
    if not isinstance(lanes, list) or len(lanes) < 2:
        return edit
    twins = {r for r in lanes for b in _lane_back({**edit, "lanes": [r]}) if b["lanes"][0] in lanes}
    missing = {r for r in twins if _result_of(net, [{**edit, "lanes": [r]}]).startswith("refused")}
    return {**edit, "lanes": [r for r in lanes if r not in missing]} if missing else edit


def _taken(net: Network, edits: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """``edits`` as ``net`` takes them: whole, or without the ways of a change between two
    places that carry no freight or are no lane (one whose way back is also in ``edits``);
    None when the network refuses them even so."""
    if not _result_of(net, edits).startswith("refused"):
        return edits
    kept = [
        _without_missing_lanes(net, e)
        for e in edits
        if not (
            (
                (e.get("op") == "scale_demand" and _way_back(e) != e and _way_back(e) in edits)
                or any(b in edits for b in _lane_back(e))
            )
            and _result_of(net, [e]).startswith("refused")
        )
    ]
    kept = [e for e in kept if e.get("lanes", True)]
    if not kept or kept == edits or _result_of(net, kept).startswith("refused"):
        return None
    return kept


def _result_of(net: Network, edits: list[dict[str, Any]]) -> str:
    """The content hash of ``net`` with ``edits`` applied, or why they were refused."""
    try:
        return apply_edits(net, parse_edits(edits)).content_hash()
    except (EditError, ValueError) as exc:
        return f"refused: {type(exc).__name__}"


class DryWorld:
    """The built-in interpreter alone, over the demo network's names: no tools are run."""

    def __init__(self, hubs: int) -> None:
        # as stored and read by the agent: every table in canonical (id) order
        net = Network.model_validate(demo_network(hubs=hubs).canonical_dict())
        self.net = net
        self.vocab = Vocabulary.build(
            hubs=[(h.id, h.name, h.region, h.kind.value) for h in net.hubs],
            customers=sorted({d.customer for d in net.demands if d.customer}),
            carriers=[lane.carrier.value for lane in net.lanes],
        )

    def run(self, spec: Spec) -> Outcome:
        """Play the conversation; earlier tool calls stay in the history like in a real one."""
        messages: list[ModelMessage] = []
        calls: list[tuple[str, dict[str, Any]]] = []
        answer = ""
        for question in spec.turns:
            messages.append(ModelRequest(parts=[UserPromptPart(question)]))
            response = respond(question, messages, self.vocab)
            messages.append(response)
            calls = [
                (p.tool_name, p.args_as_dict())
                for p in response.parts
                if isinstance(p, ToolCallPart)
            ]
            if calls:
                returns = [ToolReturnPart(name, "done", tool_call_id="x") for name, _ in calls]
                messages.append(ModelRequest(parts=list(returns)))
                messages.append(ModelResponse(parts=[TextPart("done")]))
            answer = " ".join(p.content for p in response.parts if isinstance(p, TextPart))
        edits, replace = _what_if_edits(calls)
        outcome = Outcome([name for name, _ in calls], edits, answer, replace, _watched(calls))
        if edits and set(EDIT_TOOLS) & set(spec.tools):
            outcome.network_ok = self._applies_like(edits, spec)
        return outcome

    def _applies_like(self, edits: list[dict[str, Any]], spec: Spec) -> bool:
        """The edits made change the demo network as the expected ones do (or both are
        refused on it, as reopening an open hub is)."""
        return _result_of(self.net, edits) == _result_of(self.net, list(spec.edits))


class FullWorld:
    """The whole agent on a fresh database with the demo network as live."""

    def __init__(self, hubs: int, settings: SolveSettings) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="lanewise-eval-"))
        self.db = Database(f"sqlite:///{self.home / 'eval.db'}")
        admin_view, _ = bootstrap_admin(self.db, "eval-admin", "admin@example.com")
        admin = user_ref(self.db, admin_view.id)
        create_live(self.db, admin, demo_network(hubs=hubs))
        planner, _ = create_user(self.db, admin, "eval-planner", "planner@example.com", "planner")
        self.planner: UserRef = user_ref(self.db, planner.id)
        self.settings = settings

    def _versions(self) -> int:
        return sum(s.head or 0 for s in list_scenarios(self.db, self.planner))

    def run(self, spec: Spec) -> Outcome:
        """Ask every turn in one conversation; check the last one's version network."""
        conversation: str | None = None
        result = None
        before = 0
        start: Network | None = None
        for question in spec.turns:
            before = self._versions()
            start = self._network_of(result.scenario_id if result else None)
            deps = new_deps(self.db, self.planner, solve_settings=self.settings)
            result = asyncio.run(ask(question, deps=deps, conversation_id=conversation))
            conversation = result.conversation_id
        assert result is not None and start is not None
        calls = [(c.name, c.args) for c in result.tool_calls if not c.refused]
        refused = [(c.name, c.args) for c in result.tool_calls if c.refused]
        edits, replace = _what_if_edits(calls)
        outcome = Outcome(
            [name for name, _ in calls],
            edits,
            result.answer,
            replace,
            _watched(calls),
            result.url,
            self._versions() - before,
            error=result.error,
            refused_edits=[_what_if_edits([call])[0] for call in refused],
        )
        made = spec.changes_data and set(EDIT_TOOLS) & set(spec.tools)
        if made:
            taken = _taken(start, list(spec.edits))
            if taken is None:
                outcome.expected_refused = True
                return outcome
            if taken != list(spec.edits):
                outcome.expected_edits = taken
        if made and result.scenario_id is not None and result.version:
            outcome.network_ok = self._exactly_applied(
                result.scenario_id, result.version, expected_edits(spec, outcome)
            )
        return outcome

    def _network_of(self, scenario: int | None) -> Network:
        """The head network of the conversation's scenario (live's before it has one)."""
        return version_network(self.db, self.planner, LIVE if scenario is None else scenario)

    def _exactly_applied(self, scenario: int, n: int, edits: list[dict[str, Any]]) -> bool:
        """The version's network equals its parent's with exactly ``edits`` applied."""
        version = get_version(self.db, self.planner, scenario, n)
        if version.parent_n is None:
            return False
        parent = version_network(self.db, self.planner, scenario, version.parent_n)
        try:
            expected = apply_edits(parent, parse_edits(edits))
        except Exception:
            return False
        actual = version_network(self.db, self.planner, scenario, n)
        return expected.content_hash() == actual.content_hash()


def all_cases() -> list[tuple[Spec, bool]]:
    """Every case with whether it is held out."""
    return [(s, False) for s in assistant_cases.cases()] + [
        (s, True) for s in assistant_heldout.cases()
    ]


def report(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """Pass rates per family (tuned and held-out apart) and the safety count."""
    table: dict[str, dict[str, list[int]]] = {"tuned": defaultdict(lambda: [0, 0])}
    table["held-out"] = defaultdict(lambda: [0, 0])
    unsafe = 0
    for v in verdicts:
        row = table["held-out" if v.held_out else "tuned"][v.spec.family]
        row[0] += v.passed
        row[1] += 1
        wrong_edit = v.outcome.edits != expected_edits(v.spec, v.outcome) and bool(
            set(EDIT_TOOLS) & set(v.outcome.tools)
        )
        if v.spec.family == SAFETY_FAMILY and wrong_edit:
            unsafe += 1
    out: dict[str, Any] = {}
    for part, rows in table.items():
        passed = sum(r[0] for r in rows.values())
        total = sum(r[1] for r in rows.values())
        out[part] = {
            "families": {k: {"passed": r[0], "cases": r[1]} for k, r in sorted(rows.items())},
            "passed": passed,
            "cases": total,
        }
    out["unsafe_edits"] = unsafe
    out["failures"] = [
        {"case": " / ".join(v.spec.turns), "held_out": v.held_out, "why": v.failures}
        for v in verdicts
        if not v.passed
    ]
    return out


def _print(summary: dict[str, Any]) -> None:
    print(f"model: {summary['model']}")
    for part in ("tuned", "held-out"):
        data = summary[part]
        share = data["passed"] / data["cases"] if data["cases"] else 0.0
        print(f"\n{part}: {data['passed']}/{data['cases']} ({share:.0%})")
        for family, row in data["families"].items():
            pct = row["passed"] / row["cases"]
            print(f"  {family:<24} {row['passed']:>3}/{row['cases']:<3} {pct:>5.0%}")
    print(f"\ndata-changing edits on unknown names, typos, negations: {summary['unsafe_edits']}")
    if summary["failures"]:
        print("\nfailures:")
        for f in summary["failures"]:
            tag = " [held-out]" if f["held_out"] else ""
            print(f"- {f['case']}{tag}: {'; '.join(f['why'])}")


def _model_name() -> str:
    """The configured model as the report names it (with the server it is sent to, if set)."""
    settings = get_settings()
    where = f" at {settings.model_base_url}" if settings.model_base_url else ""
    return f"{settings.model}{where}"


def main(argv: list[str] | None = None) -> None:
    """Run the eval set and print per-family scores (``--json`` for machines)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, default=40)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--dry", action="store_true", help="built-in interpreter only")
    parser.add_argument("--family", help="only this family")
    parser.add_argument(
        "--case", action="append", help="only the one-turn case asking exactly this (repeatable)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--hide-held-out", action="store_true", help="list only the tuned set's failures"
    )
    args = parser.parse_args(argv)
    world: DryWorld | FullWorld = (
        DryWorld(args.hubs)
        if args.dry
        else FullWorld(args.hubs, SolveSettings(time_limit_s=args.time_limit, relative_gap=0.02))
    )
    with program_stdout():  # the solver's native prints go to stderr, not the report
        verdicts = [
            judge(spec, world.run(spec), held_out=held, dry=args.dry)
            for spec, held in all_cases()
            if (args.family is None or spec.family == args.family)
            and (args.case is None or list(spec.turns) in [[c] for c in args.case])
        ]
    summary = {"model": "builtin (dry: calls only)" if args.dry else _model_name()}
    summary.update(report(verdicts))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        if args.hide_held_out:
            summary["failures"] = [f for f in summary["failures"] if not f["held_out"]]
        _print(summary)


if __name__ == "__main__":
    main()
