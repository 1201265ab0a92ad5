"""The built-in interpreter as a model: follow-ups read the conversation's earlier calls,
answers say how dates were read, refusals are sentences."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ModelRequest, ToolReturnPart, UserPromptPart
from pydantic_ai.models import ModelRequestParameters
from pydantic_ai.models.function import AgentInfo

from assistant.interpreter.model import interpret, refusal_words, respond
from assistant.interpreter.vocabulary import DAY_NAMES, Vocabulary

VOCAB = Vocabulary.build(
    hubs=[("PAR", "Paris", "west", "hub"), ("LYO", "Lyon", "west", "hub")],
    customers=["Nordbau"],
)


def _conversation(*turns: tuple[str, dict[str, object] | None]) -> list[ModelMessage]:
    """Earlier turns: each question with the what_if call it made (if any)."""
    messages: list[ModelMessage] = []
    for question, args in turns:
        messages.append(ModelRequest(parts=[UserPromptPart(question)]))
        if args is not None:
            messages.append(ModelResponse(parts=[ToolCallPart("what_if", args)]))
            messages.append(ModelRequest(parts=[ToolReturnPart("what_if", "done")]))
        messages.append(ModelResponse(parts=[TextPart("done")]))
    return messages


def _call(response: ModelResponse) -> tuple[str, dict[str, object]]:
    [part] = response.parts
    assert isinstance(part, ToolCallPart)
    return part.tool_name, part.args_as_dict()


def test_and_as_well_repeats_the_last_change_for_the_new_name() -> None:
    """'and Lyon as well' after closing Paris on Monday closes Lyon on Monday."""
    history = _conversation(
        ("close Paris on Monday", {"edits": [{"op": "close_hub", "hubs": ["PAR"], "days": [0]}]})
    )
    name, args = _call(respond("and Lyon as well", history, VOCAB))
    assert name == "what_if"
    assert args["edits"] == [{"op": "close_hub", "hubs": ["LYO"], "days": [0]}]
    assert not args.get("replace_previous")


def test_other_days_redo_the_last_change() -> None:
    """'not Monday — Tuesday' redoes the change on Tuesday, replacing the previous version."""
    history = _conversation(
        ("close Paris on Monday", {"edits": [{"op": "close_hub", "hubs": ["PAR"], "days": [0]}]})
    )
    name, args = _call(respond("not Monday — Tuesday", history, VOCAB))
    assert name == "what_if" and args["replace_previous"] is True
    assert args["edits"] == [{"op": "close_hub", "hubs": ["PAR"], "days": [1]}]


def test_follow_up_without_an_earlier_change_asks() -> None:
    """'and Lyon too' with nothing to repeat changes nothing and says so."""
    [part] = respond("and Lyon too", _conversation(), VOCAB).parts
    assert isinstance(part, TextPart) and "changed nothing" in part.content


def no_tools_info() -> AgentInfo:
    """What the agent tells a model turn: no tools, text answers allowed, no instructions."""
    return AgentInfo(
        function_tools=[],
        allow_text_output=True,
        output_tools=[],
        model_settings=None,
        model_request_parameters=ModelRequestParameters(),
        instructions=None,
    )


def test_the_answer_says_how_a_date_was_read() -> None:
    """After the tools ran, the answer starts with the weekday a date was read as."""
    messages = _conversation()
    messages.append(ModelRequest(parts=[UserPromptPart("close Paris tomorrow")]))
    messages.append(ModelResponse(parts=[ToolCallPart("what_if", {"edits": []})]))
    messages.append(ModelRequest(parts=[ToolReturnPart("what_if", "the answer")]))
    [part] = interpret(messages, no_tools_info()).parts
    tomorrow = DAY_NAMES[(date.today() + timedelta(days=1)).weekday()]
    assert isinstance(part, TextPart)
    assert part.content.startswith(f"(I read “tomorrow” as {tomorrow}.)")
    assert part.content.endswith("the answer")


def test_validation_errors_become_sentences() -> None:
    """Raw validation details are turned into words naming the change and what it lacks."""
    errors = [
        {
            "type": "missing",
            "loc": ["edits", 0, "set_drivers", "region"],
            "msg": "Field required",
            "input": {"op": "set_drivers", "factor": 0.9},
        }
    ]
    text = refusal_words(errors)
    assert text == "The set drivers change needs a region."
    assert refusal_words("region 'x' not found") == "region 'x' not found"
