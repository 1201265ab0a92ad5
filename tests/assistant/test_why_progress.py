"""While a why answer is worked out, the progress element says what is being done with the
solved plan, not a search for a plan."""

from __future__ import annotations

from assistant.chat.render import progress_text


def test_reading_a_solved_plan_shows_its_phase_without_a_plan_search() -> None:
    """Pricing the limits and checking the levers are named in words; no 'best plan so far'
    line claims a plan is still being searched for."""
    for phase, words in (
        ("explain", "pricing every limit the plan runs into"),
        ("verify", "checking the best levers by re-solving"),
    ):
        text = progress_text(
            tool="explain", elapsed_s=4.2, phase=phase, incumbent_eur=None, gap=None
        )
        assert text.startswith("**Finding what would help most** · 4 s")
        assert words in text and "Best plan so far" not in text
