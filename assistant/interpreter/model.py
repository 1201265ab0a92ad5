"""The built-in interpreter as a pydantic-ai model function.

It plugs into the same agent loop as any LLM: it reads the conversation, answers with
tool calls, and once the tools have returned, with text built from what they returned.
So tools, answers and logs are the same whichever model serves. It reads the network's
names from the agent's instructions (the block after :data:`NAMES_MARKER`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    RetryPromptPart,
    ToolReturnPart,
    UserPromptPart,
)
from pydantic_ai.models.function import AgentInfo

from assistant.edit_scope import any_unscoped
from assistant.interpreter import intents as it
from assistant.interpreter.edits import edit_for, with_amount
from assistant.interpreter.loop import parse_loop_question
from assistant.interpreter.parse import date_notes, parse_question, replaces_last
from assistant.interpreter.replies import AskAgain, Declined, completed_question
from assistant.interpreter.scorecards import parse_scorecard_question
from assistant.interpreter.vocabulary import Vocabulary

NAMES_MARKER = "NETWORK NAMES (JSON):"
"""Line in the agent instructions after which the current network's names follow as JSON."""

HELP_TEXT = (
    "I can change the scenario and re-plan it, or look at it. For example:\n"
    "- what if volumes rise 20% in the north?\n"
    "- double ACME's volume out of Lyon on Friday\n"
    "- close Hamburg on Monday and Tuesday · close the Lyon-Paris lane\n"
    "- cut drivers in the east by 15% · move 10 trailers from Paris to Lyon\n"
    "- raise contract rates by 8% · set the service target to 97%\n"
    "- make it 30% · and Köln as well · not Monday — Tuesday · undo that\n"
    "- close Paris tomorrow · volumes up 10% in the north but not in Hamburg\n"
    "- compare with live · why is service down? · which lanes are at capacity on Tuesday?\n"
    "- where will the network be out of balance by Thursday? · summarise this for the VP\n"
    "- does the plan survive +20%? · what does service cost us? · list scenarios · history\n"
    "- what's different from live? · go back to version 2 · clone this as peak-plan · find Lyon"
)


def vocabulary_from(instructions: str | None) -> Vocabulary:
    """The network names embedded in the agent instructions."""
    if not instructions or NAMES_MARKER not in instructions:
        return Vocabulary(())
    data = json.loads(instructions.split(NAMES_MARKER, 1)[1].strip().splitlines()[0])
    return Vocabulary.build(
        hubs=[(h[0], h[1], h[2], h[3] if len(h) > 3 else "") for h in data.get("hubs", [])],
        customers=list(data.get("customers", [])),
        carriers=list(data.get("carriers", [])),
    )


def _questions(messages: Sequence[ModelMessage]) -> list[str]:
    """The planner's questions in the conversation, oldest first."""
    return [
        part.content
        for message in messages
        if isinstance(message, ModelRequest)
        for part in message.parts
        if isinstance(part, UserPromptPart) and isinstance(part.content, str)
    ]


def _earlier_question(messages: Sequence[ModelMessage], question: str) -> str:
    """The question asked before ``question`` in this conversation ('' for the first)."""
    asked = _questions(messages)
    if asked and asked[-1] == question:
        asked = asked[:-1]
    return asked[-1] if asked else ""


def _latest_question(messages: Sequence[ModelMessage]) -> str:
    for message in reversed(messages):
        if isinstance(message, ModelRequest):
            for part in reversed(message.parts):
                if isinstance(part, UserPromptPart) and isinstance(part.content, str):
                    return part.content
    return ""


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    text = getattr(content, "text", None)
    if text is None and isinstance(content, dict):
        text = content.get("text")
    return str(text) if text is not None else json.dumps(content, default=str)[:2000]


def _returned_text(part: ToolReturnPart | RetryPromptPart) -> str:
    """A tool's answer; a refused call (sent back for a retry) says why nothing was done."""
    if isinstance(part, RetryPromptPart):
        return f"I could not do that, so nothing was changed: {refusal_words(part.content)}"
    if part.outcome == "retried":
        return f"I could not do that, so nothing was changed: {refusal_words(part.content)}"
    return _content_text(part.content)


_FIELD_WORDS = {
    "region": "a region",
    "hubs": "which hubs",
    "hub": "a hub",
    "lanes": "which lanes",
    "factor": "a factor",
    "days": "which days",
    "count": "how many",
    "from_hub": "the hub the trailers leave",
    "to_hub": "the hub the trailers go to",
    "question": "the question to ask",
}


def refusal_words(content: Any) -> str:
    """A refusal in one or two sentences: validation details become words, never raw JSON
    or a validator's own phrasing ('Input should be …', 'Input tag … found using')."""
    if isinstance(content, str):
        text = content.strip()
        if not text.startswith(("[", "{")):
            return text
        try:
            content = json.loads(text)
        except json.JSONDecodeError:
            return "The change was not valid."
    errors = content if isinstance(content, list) else [content]
    sentences = [_error_words(e) if isinstance(e, dict) else str(e) for e in errors]
    text = "; ".join(dict.fromkeys(sentences)) or "the change was not valid"
    return text[0].upper() + text[1:].rstrip(".") + "."


def _error_words(error: dict[str, Any]) -> str:
    """One validation error as a clause: which change, which field, what is wrong."""
    loc = [str(p) for p in error.get("loc", ()) if not str(p).isdigit()]
    about_edits = not loc or loc[0] == "edits"
    tagged = about_edits and len(loc) > 1 and loc[1] not in _FIELD_WORDS
    op = loc[1] if tagged else ""  # the edit's kind: edits → set_drivers → region
    name = loc[-1] if loc else ""
    if about_edits:
        what = f"the {op.replace('_', ' ')} change" if op else "the change"
    else:
        what = "the request"  # another tool's argument, e.g. clarify's question
    kind = str(error.get("type", ""))
    if kind == "missing":
        return f"{what} needs {_FIELD_WORDS.get(name, name.replace('_', ' '))}"
    if kind == "json_invalid":
        return f"the details of {what} were not readable (broken JSON)"
    msg = str(error.get("msg", "is not valid")).removeprefix("Value error, ").strip()
    if kind.startswith("union_tag") or "does not match any of the expected tags" in msg:
        tag = re.search(r"tag '([^']+)'", msg)
        called = f" called “{tag.group(1)}”" if tag else ""
        return f"there is no change{called}, so it could not be made"
    field = name.replace("_", " ") if name not in ("edits", op) else ""
    msg = re.sub(r"^Input should\b", "should", msg)
    if field and msg.lower().startswith(field.lower()):
        field = ""  # 'factor must be positive' already names its field
    if msg[:1].isupper() and not msg.startswith("I "):
        msg = msg[0].lower() + msg[1:]
    return f"{what}: {field + ' ' if field else ''}{msg}"


def _previous_what_if(messages: Sequence[ModelMessage]) -> dict[str, Any] | None:
    """The arguments of the conversation's last ``what_if`` call."""
    for message in reversed(messages):
        if isinstance(message, ModelResponse):
            for call in reversed(message.parts):
                if isinstance(call, ToolCallPart) and call.tool_name == "what_if":
                    return call.args_as_dict()
    return None


_NO_FREIGHT = re.compile(r"^edit (\d+) \(.*?\): no demand matches: (.+)$", re.S)
"""A refusal of one edit of several because no freight matches it: its number and where."""
_SWAPPED = (
    ("origin_hubs", "destination_hubs"),
    ("origin_regions", "destination_regions"),
)


def _way_back(edit: dict[str, Any]) -> dict[str, Any]:
    """A demand change with its origins and destinations swapped: the other direction."""
    back = dict(edit)
    for a, b in _SWAPPED:
        back.pop(a, None)
        back.pop(b, None)
        if edit.get(b):
            back[a] = edit[b]
        if edit.get(a):
            back[b] = edit[a]
    return back


def _direction_without_freight(call: ToolCallPart, refusal: str) -> tuple[int, str] | None:
    """When ``call`` changed freight both ways between two places ('volumes between Munich
    and Nuremberg up 10%') and was refused because one direction carries none: the index
    of that direction's edit and where no freight runs ('from Munich to Nuremberg')."""
    found = _NO_FREIGHT.match(refusal.strip())
    if call.tool_name not in _VERSION_TOOLS or found is None:
        return None
    edits = list(call.args_as_dict().get("edits", []))
    i = int(found.group(1)) - 1
    if not 0 <= i < len(edits) or edits[i].get("op") != "scale_demand":
        return None
    if _way_back(edits[i]) == edits[i] or _way_back(edits[i]) not in edits:
        return None
    return i, found.group(2).strip().rstrip(".")


def _refusal(part: Any) -> str | None:
    """The reason a tool call was refused and sent back, if ``part`` is one."""
    refused = isinstance(part, RetryPromptPart) or (
        isinstance(part, ToolReturnPart) and part.outcome == "retried"
    )
    return part.content if refused and isinstance(part.content, str) else None


def _calls_by_id(messages: Sequence[ModelMessage]) -> dict[str, ToolCallPart]:
    return {
        part.tool_call_id: part
        for message in messages
        if isinstance(message, ModelResponse)
        for part in message.parts
        if isinstance(part, ToolCallPart)
    }


def _other_direction(messages: Sequence[ModelMessage]) -> ModelResponse | None:
    """The refused change again without the direction that carries no freight, when the
    last call was refused for that alone (a change between two places means each way
    that has freight; one that has none in either way is still refused)."""
    last = messages[-1] if messages else None
    if not isinstance(last, ModelRequest):
        return None
    calls = _calls_by_id(messages)
    for part in last.parts:
        refusal = _refusal(part)
        call = calls.get(getattr(part, "tool_call_id", None) or "")
        dropped = _direction_without_freight(call, refusal) if call and refusal else None
        if call is not None and dropped is not None:
            args = call.args_as_dict()
            edits = [e for j, e in enumerate(args["edits"]) if j != dropped[0]]
            return _call(call.tool_name, {**args, "edits": edits})
    return None


def _directions_left_out(messages: Sequence[ModelMessage]) -> list[str]:
    """Where no freight runs, for each direction this turn left out of a change."""
    start = max(
        (
            i
            for i, m in enumerate(messages)
            if isinstance(m, ModelRequest) and any(isinstance(p, UserPromptPart) for p in m.parts)
        ),
        default=0,
    )
    calls = _calls_by_id(messages)
    out: list[str] = []
    for message in messages[start:]:
        if not isinstance(message, ModelRequest):
            continue
        for part in message.parts:
            refusal = _refusal(part)
            call = calls.get(getattr(part, "tool_call_id", None) or "")
            dropped = _direction_without_freight(call, refusal) if call and refusal else None
            if dropped is not None:
                out.append(dropped[1])
    return out


_NO_FREIGHT_AT_ALL = re.compile(r"^(?:edit \d+ \(.*?\): )?no demand matches: (.+)$", re.S)


def _without_freight_text(left_out: list[str], returned: Sequence[Any]) -> str:
    """The answer when ways without freight were left out of a change between two places:
    said first, or, when the other way has none either, as the one reason nothing changed."""
    refusals = [_refusal(p) for p in returned]
    empty = [_NO_FREIGHT_AT_ALL.match(r.strip()) if r else None for r in refusals]
    if empty and all(empty):
        ways = [*left_out, *(m.group(1).strip().rstrip(".") for m in empty if m)]
        return f"I could not do that, so nothing was changed: no freight runs {' or '.join(ways)}."
    said = "\n\n".join(_returned_text(p) for p in returned)
    return f"No freight runs {' or '.join(left_out)}, so that way is not changed.\n\n{said}"


def _call(name: str, args: dict[str, Any] | None = None) -> ModelResponse:
    """A tool call; a what-if whose edits name no place was parsed as meant for the whole
    network, and says so (``everywhere``), as the tool requires."""
    args = dict(args or {})
    if (
        name in ("what_if", "why_not", "spill_over")
        and not args.get("everywhere")
        and any_unscoped(args.get("edits", []))
    ):
        args["everywhere"] = True
    return ModelResponse(parts=[ToolCallPart(name, args)])


def _text(text: str) -> ModelResponse:
    return ModelResponse(parts=[TextPart(text)])


_VERSION_TOOLS = ("what_if", "why_not", "spill_over", "undo", "revert_to")
"""Tools whose call leaves the conversation on a version made from a change."""


def _made_a_version(messages: Sequence[ModelMessage]) -> bool:
    """Whether an earlier turn of the conversation changed the scenario."""
    return any(
        isinstance(call, ToolCallPart) and call.tool_name in _VERSION_TOOLS
        for message in messages
        if isinstance(message, ModelResponse)
        for call in message.parts
    )


def _revise(messages: Sequence[ModelMessage], amount: it.Amount) -> ModelResponse:
    previous = _previous_what_if(messages)
    if previous is None:
        return _text("There is no earlier change in this conversation to adjust. " + HELP_TEXT)
    edits = list(previous.get("edits", []))
    for i in range(len(edits) - 1, -1, -1):
        revised = with_amount(edits[i], amount)
        if revised is not None:
            edits[i] = revised
            return _call(
                "what_if",
                {
                    "edits": edits,
                    "message": f"Redo with {amount.words()}",
                    "replace_previous": True,
                },
            )
    return _text("The last change has no amount I could adjust. " + HELP_TEXT)


_DAY_OPS = ("scale_demand", "close_hub", "reopen_hub", "set_drivers")
_ENTITY_FIELDS = {
    "hub": ("hubs", "origin_hubs", "destination_hubs", "hub"),
    "region": ("origin_regions", "destination_regions", "regions", "region"),
    "customer": ("customers",),
}


def _revise_days(messages: Sequence[ModelMessage], days: tuple[int, ...]) -> ModelResponse:
    """'not Monday — Tuesday': the previous change again on other days, from the same base."""
    previous = _previous_what_if(messages)
    edits = list(previous.get("edits", [])) if previous else []
    if not edits or not any(e.get("op") in _DAY_OPS for e in edits):
        return _text(
            "There is no earlier change with days in this conversation to move, so I changed "
            "nothing. Which change do you mean?"
        )
    revised = [{**e, "days": list(days)} if e.get("op") in _DAY_OPS else e for e in edits]
    return _call(
        "what_if",
        {"edits": revised, "message": "Redo on other days", "replace_previous": True},
    )


def _also(
    messages: Sequence[ModelMessage],
    kind: str,
    keys: tuple[str, ...],
    *,
    instead: bool = False,
    names: tuple[str, ...] = (),
) -> ModelResponse:
    """'and Köln as well': the conversation's last change again, for the new entities only;
    'Köln instead': that change redone for them in place of the last one (same base)."""
    previous = _previous_what_if(messages)
    edits = list(previous.get("edits", [])) if previous else []
    for i in range(len(edits) - 1, -1, -1):
        last = edits[i]
        fields = [f for f in _ENTITY_FIELDS[kind] if f in last]
        if len(fields) != 1:
            continue
        name = fields[0]
        if isinstance(last[name], list):
            new_edits = [{**last, name: list(keys)}]
        else:
            new_edits = [{**last, name: key} for key in keys]
        if instead:
            redone = [*edits[:i], *new_edits, *edits[i + 1 :]]
            return _call(
                "what_if",
                {
                    "edits": redone,
                    "message": f"Instead: {', '.join(keys)}",
                    "replace_previous": True,
                },
            )
        return _call("what_if", {"edits": new_edits, "message": f"Also {', '.join(keys)}"})
    return _text(
        f"I'm not sure which change to repeat for {', '.join(names or keys)}, so I changed "
        "nothing. Could you say the change in full?"
    )


def _also_days(messages: Sequence[ModelMessage], days: tuple[int, ...]) -> ModelResponse:
    """'and on Tuesday too': the conversation's last change again, on the new days only."""
    previous = _previous_what_if(messages)
    edits = list(previous.get("edits", [])) if previous else []
    dated = [{**e, "days": list(days)} for e in edits if e.get("op") in _DAY_OPS]
    if not dated:
        return _text(
            "There is no earlier change with days in this conversation to repeat, so I "
            "changed nothing. Which change do you mean?"
        )
    return _call("what_if", {"edits": dated, "message": "Also on other days"})


def _asked_text(clarify: it.Clarify) -> str:
    """The question back to the planner."""
    if clarify.question:
        return clarify.question
    listed = "\n".join(f"- {c}" for c in clarify.candidates)
    return f"Which one do you mean by “{clarify.phrase}”? I changed nothing yet.\n{listed}"


def _answer_to_asked(
    reply: str, messages: Sequence[ModelMessage], vocab: Vocabulary, today: date | None
) -> tuple[str, list[it.Intent]] | Declined | it.Clarify | None:
    """When the last turn asked and ``reply`` answers it: the completed question and what
    it says (kept only when understood without another question), a :class:`Declined`, or
    the question again when the reply did not choose."""
    last = next((m for m in reversed(messages) if isinstance(m, ModelResponse)), None)
    if last is None or any(isinstance(p, ToolCallPart) for p in last.parts):
        return None
    shown = " ".join(p.content for p in last.parts if isinstance(p, TextPart))
    asked_before = _questions(messages)
    if asked_before and asked_before[-1] == reply:
        asked_before = asked_before[:-1]
    if not asked_before:
        return None
    earlier, before = asked_before[-1], asked_before[-2] if len(asked_before) > 1 else ""
    clarify = next(
        (i for i in parse_question(earlier, vocab, today, before) if isinstance(i, it.Clarify)),
        None,
    )
    if clarify is None or _asked_text(clarify) != shown:
        return None  # the last answer was not this question (or the names changed since)
    completed = completed_question(earlier, clarify, reply, vocab)
    if isinstance(completed, AskAgain):
        return clarify
    if completed is None or isinstance(completed, Declined):
        return completed
    intents = parse_question(completed, vocab, today, before)
    if any(isinstance(i, it.Clarify | it.NotUnderstood) for i in intents):
        return None
    return completed, intents


def _respond(
    question: str, messages: Sequence[ModelMessage], vocab: Vocabulary, today: date | None = None
) -> ModelResponse:
    replan = parse_loop_question(question)
    if replan is not None:
        return _call("replan_week", {"by_day": replan.by_day, "through": replan.through})
    scorecard = parse_scorecard_question(question)
    if scorecard is not None:
        return _call("compare_scenarios", {"count": scorecard.count})
    answered = _answer_to_asked(question, messages, vocab, today)
    if isinstance(answered, Declined):
        return _text("All right — I changed nothing.")
    if isinstance(answered, it.Clarify):
        return _text(_asked_text(answered))
    if answered is not None:
        question, intents = answered
    else:
        intents = parse_question(question, vocab, today, _earlier_question(messages, question))
    edits: list[dict[str, Any]] = []
    why_not = False
    watched: tuple[str, ...] = ()
    for intent in intents:
        match intent:
            case it.WhyNot():
                why_not = True
            case it.SpillOver(regions=regions):
                watched = regions
            case it.Clarify():
                return _text(_asked_text(intent))
            case it.NotUnderstood(understood=understood, clause=clause):
                seen = f"I recognised: {', '.join(understood)}. " if understood else ""
                part = f" “{clause}”" if clause and clause.strip() != question.strip() else ""
                return _text(
                    f"I did not understand what to change or show{part}, so I changed "
                    f"nothing. {seen}\n{HELP_TEXT}"
                )
            case it.ReviseDays(days=days):
                return _revise_days(messages, days)
            case it.Also(kind=kind, keys=keys, instead=instead):
                labels = {e.key: e.label for e in vocab.entities if e.kind == kind}
                names = tuple(labels.get(k, k) for k in keys)
                return _also(messages, kind, keys, instead=instead, names=names)
            case it.AlsoDays(days=days):
                return _also_days(messages, days)
            case it.Help():
                return _text(HELP_TEXT)
            case it.Revise(amount=amount):
                return _revise(messages, amount)
            case it.Undo():
                return _call("undo")
            case it.Compare(target=target):
                return _call("compare", {"target": target})
            case it.Explain(topic=topic, by_day=by_day):
                return _call("explain", {"topic": topic, "by_day": by_day})
            case it.AtLimit(kinds=kinds, days=days, hubs=hubs, regions=regions):
                return _call(
                    "binding_constraints",
                    {
                        "kinds": list(kinds),
                        "days": list(days),
                        "hubs": list(hubs),
                        "regions": list(regions),
                    },
                )
            case it.LaneTraffic(origin=o, destination=d, days=days, both_ways=both_ways):
                lane = {"origin": o, "destination": d, "days": list(days)}
                return _call("lane_traffic", {**lane, "both_ways": True} if both_ways else lane)
            case it.Summarise():
                return _call("summarise")
            case it.ListScenarios():
                return _call("list_scenarios")
            case it.History():
                return _call("history")
            case it.Solve():
                return _call("solve")
            case it.Stress(factor=factor, regions=regions, draws=draws):
                return _call(
                    "stress_test", {"factor": factor, "regions": list(regions), "draws": draws}
                )
            case it.Frontier():
                return _call("frontier")
            case it.Propose(reason=reason):
                return _call("propose", {"reason": reason or question})
            case it.Diff(target=target):
                return _call("diff", {"against": target})
            case it.Find(query=query):
                return _call("find", {"query": query})
            case it.Clone(name=name):
                return _call("clone", {"name": name})
            case it.RevertTo(version=version):
                return _call("revert_to", {"version": version})
            case _:
                edits.append(edit_for(intent))
    if watched and not edits and not _made_a_version(messages):
        named = " and ".join(f"the {r}" for r in watched)
        return _text(
            f"Which change should I check for spill-over into {named}? There is none in "
            "this conversation yet: say it with the change (e.g. “cut drivers in the east by "
            "20% without it spilling into the west”). I changed nothing."
        )
    if watched:  # no edits: the conversation's last change is judged, nothing is changed
        return _call(
            "spill_over", {"edits": edits, "into": list(watched), "message": question.strip()}
        )
    if why_not:
        return _call("why_not", {"edits": edits, "message": question.strip()})
    args: dict[str, Any] = {"edits": edits, "message": question.strip()}
    if _previous_what_if(messages) is not None and replaces_last(question, vocab):
        args["replace_previous"] = True
    return _call("what_if", args)


def respond(
    question: str, messages: Sequence[ModelMessage], vocab: Vocabulary, today: date | None = None
) -> ModelResponse:
    """The tool calls (or the question back) for one planner question in a conversation."""
    return _respond(question, messages, vocab, today)


def interpret(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
    """One model turn: tool calls for a new question, or the answer once tools returned."""
    last = messages[-1] if messages else None
    question = _latest_question(messages)
    if isinstance(last, ModelRequest):
        returned = [p for p in last.parts if isinstance(p, ToolReturnPart | RetryPromptPart)]
        if returned:
            again = _other_direction(messages)
            if again is not None:
                return again
            notes = date_notes(question)
            head = f"(I read {', '.join(notes)}.)\n\n" if notes else ""
            left_out = _directions_left_out(messages)
            if left_out:
                return _text(head + _without_freight_text(left_out, returned))
            return _text(head + "\n\n".join(_returned_text(p) for p in returned))
    if not question.strip():
        return _text(HELP_TEXT)
    return _respond(question, messages, vocabulary_from(info.instructions))
