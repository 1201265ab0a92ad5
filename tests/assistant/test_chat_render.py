"""What the chat shows while an answer is worked out: inputs in words, live progress."""

from __future__ import annotations

from assistant.chat.render import STOP_HINT, progress_text, readable_args, step_summary


def test_tool_inputs_read_as_words_not_json() -> None:
    """A what_if call's edits become numbered lines with the edit kind first; no braces,
    quotes or underscores; empty arguments are left out."""
    text = readable_args(
        {
            "edits": [
                {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"], "days": []},
                {"op": "close_hub", "hub": "HAM", "days": [0, 1]},
            ],
            "message": "What if volumes rise 20% in the north?",
            "replace_previous": False,
        }
    )
    assert text.splitlines() == [
        "- **Edits**:",
        "  1. scale demand: factor 1.2, origin regions north",
        "  2. close hub: hub HAM, days 0, 1",
        "- **Message**: What if volumes rise 20% in the north?",
        "- **Replace previous**: no",
    ]
    assert not any(c in text for c in '{}"_')
    assert readable_args({}) == "(no inputs)"


def test_progress_names_the_work_time_best_plan_and_quality_in_words() -> None:
    """The progress element says what runs, the seconds, the best plan in euros, how good it
    is in the words answers use and how to stop; before any plan or bound it says so."""
    text = progress_text(
        tool="what_if", elapsed_s=12.4, phase="mip", incumbent_eur=412_300.4, gap=0.064
    )
    assert text.startswith("**Changing a copy of the plan and re-planning it** · 12 s")
    assert "Now: choosing trucks and routes" in text
    assert "Best plan so far: €412,300 per week" in text
    assert "How good: not yet proven: at most 6.4% above the best possible plan" in text
    assert text.endswith(f"_{STOP_HINT}_")
    early = progress_text(tool="solve", elapsed_s=0.4, phase="lp", incumbent_eur=None, gap=None)
    assert "none found yet" in early and "How good" not in early
    found = progress_text(tool="solve", elapsed_s=3, phase="repair", incumbent_eur=1e5, gap=None)
    assert "How good: no bound known yet" in found
    for phase in ("candidates", "lp", "slope", "mip", "reflow", "search", "done"):
        said = progress_text(tool="solve", elapsed_s=1, phase=phase, incumbent_eur=None, gap=None)
        assert f"Now: {phase}" not in said  # every phase of a solve is said in words
    stopping = progress_text(
        tool="solve", elapsed_s=3, phase="mip", incumbent_eur=None, gap=None, stopping=True
    )
    assert stopping.startswith("**Stopping at the solver's next step**")
    assert STOP_HINT not in stopping


def test_a_finished_step_never_repeats_the_answer() -> None:
    """A step's output is its time (and on failure the first line of why), not the tool's
    Markdown answer."""
    answer = "## Volumes +20%\n| KPI | before | after |\n..."
    done = step_summary(ok=True, seconds=3.21, content=answer)
    assert done == "Done in 3.2 s; the answer below has the result." and "KPI" not in done
    failed = step_summary(ok=False, seconds=0.5, content="no hub named Hamburgg\nmore detail")
    assert failed == "Stopped after 0.5 s: no hub named Hamburgg"
