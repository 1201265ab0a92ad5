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
from dataclasses import dataclass
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
from assistant.interpreter.parse import date_notes, parse_question, replaces_last, stress_note
from assistant.interpreter.replies import AskAgain, Declined, completed_question
from assistant.interpreter.scorecards import parse_scorecard_question
from assistant.interpreter.vocabulary import CARRIER_KINDS, Vocabulary

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
    "- what's different from live? · go back to version 2 · clone this as peak-plan · find Lyon\n"
    "- how did last week go against the plan? · where was the model wrong?"
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


_NEW_FREIGHT_HINT = (
    " The network carries no such freight yet; to plan new freight, say e.g. “new customer: "
    "50 t a day from Paris to Lyon”."
)


def _refused_text(content: Any) -> str:
    """Why nothing was done; freight asked for where none runs gets the way to add it."""
    said = refusal_words(content)
    if said.lower().startswith("no demand matches"):
        said = f"{said.rstrip('.')}.{_NEW_FREIGHT_HINT}"
    return f"I could not do that, so nothing was changed: {said}"


def _returned_text(part: ToolReturnPart | RetryPromptPart) -> str:
    """A tool's answer; a refused call (sent back for a retry) says why nothing was done."""
    if isinstance(part, RetryPromptPart) or part.outcome == "retried":
        return _refused_text(part.content)
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
_NO_LANE = re.compile(r"^(?:edit (\d+) \(.*?\): )?no lane from (.+) to (.+?)\.?$", re.S)
"""A refusal because a lane named by its two hubs does not exist: the edit's number (none
when it was the only edit) and the two hubs, as named."""
_SWAPPED = (
    ("origin_hubs", "destination_hubs"),
    ("origin_regions", "destination_regions"),
)
_LANE_DONE = {
    "close_lane": "closed",
    "reopen_lane": "reopened",
    "set_lane_capacity": "changed",
    "scale_lane_rates": "changed",
    "use_lane": "tried",
}
"""What a lane change does to the lane it is made on, as the answer says it."""


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


def _lane_back(ref: str) -> set[str]:
    """The other way of a lane named 'A-B' by its hubs ('B-A'; every reading when a hub id
    holds a dash itself)."""
    return {f"{ref[i + 1 :]}-{ref[:i]}" for i, c in enumerate(ref) if c == "-"}


def _lane_ref(edit: dict[str, Any]) -> tuple[str, str] | None:
    """The field and value of a lane change on one lane ('lanes': ['A-B'] or 'lane': 'A-B')."""
    if edit.get("op") not in _LANE_DONE:
        return None
    lanes = edit.get("lanes")
    if isinstance(lanes, list) and len(lanes) == 1 and isinstance(lanes[0], str):
        return "lanes", lanes[0]
    lane = edit.get("lane")
    return ("lane", lane) if isinstance(lane, str) else None


def _lane_twin(edit: dict[str, Any], edits: list[dict[str, Any]]) -> bool:
    """Whether ``edits`` also make ``edit``'s change on the other way of its one lane."""
    found = _lane_ref(edit)
    if found is None:
        return False
    field, ref = found
    return any({**edit, field: [b] if field == "lanes" else b} in edits for b in _lane_back(ref))


@dataclass(frozen=True)
class _LeftOut:
    """A way of a change between two places on which the network has nothing: the call
    again without it, and what the answer says of it."""

    args: dict[str, Any]
    missing: str
    """'no freight runs' or 'there is no lane'."""
    where: str
    """'from Munich to Nuremberg'."""
    only: str = ""
    """The way still changed and how ('Berlin→Vienna is closed'); '' for freight."""

    def said(self, refused: bool = False) -> str:
        """The sentence that opens the answer: which way was left out and what that means
        (``refused``: the rest was refused too, so nothing was done on the other way)."""
        head = self.missing[0].upper() + self.missing[1:]
        if not self.only:
            return f"{head} {self.where}, so that way is not changed."
        return f"{head} {self.where}." if refused else f"{head} {self.where}, so only {self.only}."


def _hub_ids(vocab: Vocabulary) -> dict[str, str]:
    """Hub ids by name (lower case), as refusals name hubs."""
    return {e.label.lower(): e.key for e in vocab.of_kind("hub")}


def _without_missing_lane(args: dict[str, Any], refusal: str, vocab: Vocabulary) -> _LeftOut | None:
    """When a lane change between two hubs (one per way, or one change listing both ways,
    as 'rates between Berlin and Vienna' is) was refused because one way has no lane: the
    change on the lane that exists."""
    found = _NO_LANE.match(refusal.strip())
    edits = [dict(e) for e in args.get("edits", [])]
    if found is None or not edits:
        return None
    number, origin, destination = found.groups()
    i = int(number) - 1 if number else 0
    if not 0 <= i < len(edits) or (number is None and len(edits) > 1):
        return None
    edit = edits[i]
    ids = _hub_ids(vocab)
    o, d = ids.get(origin.strip().lower()), ids.get(destination.strip().lower())
    missing = f"{o}-{d}" if o and d else None
    where = f"from {origin.strip()} to {destination.strip()}"
    only = f"{destination.strip()}→{origin.strip()} is {_LANE_DONE.get(str(edit.get('op')), '')}"
    lanes = edit.get("lanes")
    one = _lane_ref(edit)
    if one is not None and _lane_twin(edit, edits) and missing in (None, one[1]):
        kept = [e for j, e in enumerate(edits) if j != i]
    elif (
        edit.get("op") in _LANE_DONE
        and isinstance(lanes, list)
        and missing is not None
        and missing in lanes
        and _lane_back(missing) & set(lanes)
    ):
        kept = [*edits[:i], {**edit, "lanes": [r for r in lanes if r != missing]}, *edits[i + 1 :]]
    else:
        return None
    return _LeftOut({**args, "edits": kept}, "there is no lane", where, only)


def _without_missing_way(call: ToolCallPart, refusal: str, vocab: Vocabulary) -> _LeftOut | None:
    """When ``call`` changed something both ways between two places ('volumes between Munich
    and Nuremberg up 10%', 'close the lane between Berlin and Vienna') and was refused
    because one way has nothing to change (no freight, no lane): the call without that way."""
    if call.tool_name not in _VERSION_TOOLS:
        return None
    args = call.args_as_dict()
    found = _NO_FREIGHT.match(refusal.strip())
    if found is None:
        return _without_missing_lane(args, refusal, vocab)
    edits = list(args.get("edits", []))
    i = int(found.group(1)) - 1
    if not 0 <= i < len(edits) or edits[i].get("op") != "scale_demand":
        return None
    if _way_back(edits[i]) == edits[i] or _way_back(edits[i]) not in edits:
        return None
    kept = [e for j, e in enumerate(edits) if j != i]
    return _LeftOut({**args, "edits": kept}, "no freight runs", found.group(2).strip().rstrip("."))


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


def _left_out_by(
    request: ModelRequest, calls: dict[str, ToolCallPart], vocab: Vocabulary
) -> list[tuple[ToolCallPart, _LeftOut]]:
    """Each call refused in ``request`` for a way without freight or lane alone."""
    out: list[tuple[ToolCallPart, _LeftOut]] = []
    for part in request.parts:
        refusal = _refusal(part)
        call = calls.get(getattr(part, "tool_call_id", None) or "")
        left = _without_missing_way(call, refusal, vocab) if call and refusal else None
        if call is not None and left is not None:
            out.append((call, left))
    return out


def _other_direction(messages: Sequence[ModelMessage], vocab: Vocabulary) -> ModelResponse | None:
    """The refused change again without the way that has no freight or no lane, when the
    last call was refused for that alone (a change between two places means each way that
    has something to change; one with nothing either way is still refused)."""
    last = messages[-1] if messages else None
    if not isinstance(last, ModelRequest):
        return None
    for call, left in _left_out_by(last, _calls_by_id(messages), vocab):
        return _call(call.tool_name, left.args)
    return None


def _directions_left_out(messages: Sequence[ModelMessage], vocab: Vocabulary) -> list[_LeftOut]:
    """Each way this turn left out of a change because it has no freight or no lane."""
    start = max(
        (
            i
            for i, m in enumerate(messages)
            if isinstance(m, ModelRequest) and any(isinstance(p, UserPromptPart) for p in m.parts)
        ),
        default=0,
    )
    calls = _calls_by_id(messages)
    return [
        left
        for message in messages[start:]
        if isinstance(message, ModelRequest)
        for _, left in _left_out_by(message, calls, vocab)
    ]


_NO_FREIGHT_AT_ALL = re.compile(r"^(?:edit \d+ \(.*?\): )?no demand matches: (.+)$", re.S)


def _nothing_there(refusal: str | None) -> tuple[str, str] | None:
    """What a refusal says is missing and where, when it is a way without freight or lane
    ('no freight runs', 'from Munich to Nuremberg')."""
    if refusal is None:
        return None
    freight = _NO_FREIGHT_AT_ALL.match(refusal.strip())
    if freight is not None:
        return "no freight runs", freight.group(1).strip().rstrip(".")
    lane = _NO_LANE.match(refusal.strip())
    if lane is not None:
        return "there is no lane", f"from {lane.group(2).strip()} to {lane.group(3).strip()}"
    return None


def _left_out_text(left_out: list[_LeftOut], returned: Sequence[Any]) -> str:
    """The answer when ways without freight or lane were left out of a change between two
    places: said first, or, when the other way has nothing either, as the one reason
    nothing changed (naming every way)."""
    empty = [_nothing_there(_refusal(p)) for p in returned]
    if empty and all(empty):
        ways: dict[str, list[str]] = {}
        for missing, where in [*((x.missing, x.where) for x in left_out), *filter(None, empty)]:
            ways.setdefault(missing, []).append(where)
        said = "; ".join(f"{missing} {' or '.join(w)}" for missing, w in ways.items())
        return f"I could not do that, so nothing was changed: {said}."
    said = "\n\n".join(_returned_text(p) for p in returned)
    refused = any(_refusal(p) for p in returned)
    freight = [x.where for x in left_out if not x.only]
    heads = [x.said(refused) for x in left_out if x.only]
    if freight:
        heads.insert(0, f"No freight runs {' or '.join(freight)}, so that way is not changed.")
    return " ".join(dict.fromkeys(heads)) + f"\n\n{said}"


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


def _revise(
    messages: Sequence[ModelMessage], amount: it.Amount, *, bare: bool, signed: bool
) -> ModelResponse:
    previous = _previous_what_if(messages)
    if previous is None:
        return _text("There is no earlier change in this conversation to adjust. " + HELP_TEXT)
    edits = list(previous.get("edits", []))
    for i in range(len(edits) - 1, -1, -1):
        revised = with_amount(edits[i], amount, bare=bare, signed=signed)
        if revised is not None:
            for j in _other_way(edits, i):  # 'between A and B' made one edit each way
                edits[j] = {**revised, "lanes": edits[j]["lanes"]}
            edits[i] = revised
            said = next(
                (
                    it.Amount(factor=v) if k == "factor" else it.Amount(delta=v)
                    for k, v in revised.items()
                    if k
                    in (
                        "factor",
                        "delta_t",
                        "trucks_delta",
                        "drivers_delta",
                        "trailers_delta",
                        "add_h",
                    )
                ),
                amount,
            )
            return _call(
                "what_if",
                {
                    "edits": edits,
                    "message": f"Redo with {said.words()}",
                    "replace_previous": True,
                },
            )
    return _text("The last change has no amount I could adjust. " + HELP_TEXT)


_DAY_OPS = ("scale_demand", "close_hub", "reopen_hub", "set_drivers")
_ENTITY_FIELDS = {
    "hub": ("hubs", "origin_hubs", "destination_hubs", "hub"),
    "region": ("origin_regions", "destination_regions", "regions", "region"),
    "customer": ("customers",),
    "carrier": ("carrier",),
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
    messages: Sequence[ModelMessage], also: it.Also, *, names: tuple[str, ...] = ()
) -> ModelResponse:
    """'and Köln as well': the conversation's last change again, for the new entities only
    (by the amount said, if any: 'and in the north by 5%'); 'Köln instead': that change
    redone for them in place of the last one (same base)."""
    kind, keys, instead = also.kind, also.keys, also.instead
    previous = _previous_what_if(messages)
    edits = list(previous.get("edits", [])) if previous else []
    if kind == "hub" and len(keys) == 2 and not instead and also.amount is None:
        lanes = _lane_edits_again(edits, keys)
        if lanes:  # 'close Paris-Lyon' then 'and Berlin-Hamburg too'
            return _call("what_if", {"edits": lanes, "message": f"Also {'-'.join(keys)}"})
    for i in range(len(edits) - 1, -1, -1):
        last = edits[i]
        fields = [f for f in _ENTITY_FIELDS[kind] if f in last]
        if kind == "carrier" and not fields and last.get("op") == "scale_lane_rates":
            fields, instead = ["carrier"], True  # 'raise all rates 5%' then 'contract only'
        if len(fields) != 1:
            continue
        name = fields[0]
        if isinstance(last.get(name), list):
            new_edits = [{**last, name: list(keys)}]
        else:
            new_edits = [{**last, name: key} for key in keys]
        if also.amount is not None:
            amount = also.amount
            redone = [with_amount(e, amount, bare=also.bare, signed=also.signed) for e in new_edits]
            if any(e is None for e in redone):
                return _text(
                    f"The last change has no amount I could set to {amount.words()} for "
                    f"{', '.join(names or keys)}, so I changed nothing. Could you say the "
                    "change in full?"
                )
            new_edits = [e for e in redone if e is not None]
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
    if kind == "carrier":
        names = tuple(f"{CARRIER_KINDS.get(k, k)} lanes" for k in keys)
    said = names or keys
    return _text(
        f"I'm not sure which change to repeat for {', '.join(said)}, so I changed "
        "nothing. Could you say the change in full?"
    )


def _other_way(edits: Sequence[dict[str, Any]], i: int) -> list[int]:
    """Indices of the edits that are edit ``i`` on its lane's other direction."""
    lanes = edits[i].get("lanes")
    if not isinstance(lanes, list) or len(lanes) != 1:
        return []
    back = "-".join(reversed(str(lanes[0]).split("-", 1)))
    rest = {k: v for k, v in edits[i].items() if k != "lanes"}
    return [
        j
        for j, e in enumerate(edits)
        if j != i
        and e.get("lanes") == [back]
        and {k: v for k, v in e.items() if k != "lanes"} == rest
    ]


def _lane_edits_again(
    edits: Sequence[dict[str, Any]], ends: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The last lane change again on the lane between ``ends`` (both ways when it was made
    both ways); [] when the last change is of no lane."""
    last = edits[-1] if edits else None
    if last is None or not isinstance(last.get("lanes"), list) or len(last["lanes"]) != 1:
        return []
    same = [
        e
        for e in edits
        if {k: v for k, v in e.items() if k != "lanes"}
        == {k: v for k, v in last.items() if k != "lanes"}
    ]
    pairs = {tuple(str(lane).split("-", 1)) for e in same for lane in e.get("lanes", [])}
    first, second = ends
    both_ways = any((b, a) in pairs for a, b in pairs)
    ways = [(first, second), (second, first)] if both_ways else [(first, second)]
    return [{**last, "lanes": [f"{a}-{b}"]} for a, b in ways]


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
        if scorecard.names:
            return _call("compare_scenarios", {"scenarios": list(scorecard.names)})
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
            case it.Also(kind=kind, keys=keys):
                labels = {e.key: e.label for e in vocab.entities if e.kind == kind}
                names = tuple(labels.get(k, k) for k in keys)
                return _also(messages, intent, names=names)
            case it.AlsoDays(days=days):
                return _also_days(messages, days)
            case it.Help():
                return _text(HELP_TEXT)
            case it.Revise(amount=amount, bare=bare, signed=signed):
                return _revise(messages, amount, bare=bare, signed=signed)
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
            case it.HubTraffic(hub=hub, days=days):
                return _call("hub_traffic", {"hub": hub, "days": list(days)})
            case it.EmptyRunning(days=days, regions=regions):
                asked = {"days": list(days), "regions": list(regions)}
                return _call("lane_fill", {k: v for k, v in asked.items() if v})
            case it.Summarise():
                return _call("summarise")
            case it.ReviewWeek(week=week):
                return _call("week_review", {"week": week} if week else {})
            case it.Critical():
                return _call("critical")
            case it.Calibrate(last=last, weeks=weeks):
                chosen = {"weeks": list(weeks)} if weeks else {"last": last} if last else {}
                return _call("calibrate", chosen)
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
            case it.Rename(name=name):
                return _call("rename", {"name": name})
            case it.Share(unshare=unshare):
                return _call("share", {"unshare": True} if unshare else {})
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
            vocab = vocabulary_from(info.instructions)
            again = _other_direction(messages, vocab)
            if again is not None:
                return again
            notes = date_notes(question)
            head = f"(I read {', '.join(notes)}.)\n\n" if notes else ""
            if any(getattr(p, "tool_name", "") == "stress_test" for p in returned):
                tested = stress_note(question)
                head += f"{tested}\n\n" if tested else ""
            left_out = _directions_left_out(messages, vocab)
            if left_out:
                return _text(head + _left_out_text(left_out, returned))
            return _text(head + "\n\n".join(_returned_text(p) for p in returned))
    if not question.strip():
        return _text(HELP_TEXT)
    return _respond(question, messages, vocabulary_from(info.instructions))
