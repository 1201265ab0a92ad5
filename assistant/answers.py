"""Plain-language answers (Markdown) from the use cases' results.

Every answer that changed or evaluated something shows the edits in words, the KPIs
before → after with deltas (against the parent and live), the violations, the main
driver, the trade-off in one sentence and the link to the version. The plan's quality is
said in words (never "optimal" unless proven), an answer built on a plan that should not
be acted on opens with one warning line, and a cost delta inside the solver's noise gets
no ✓/✗ verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches

from tools import (
    Comparison,
    CriticalElement,
    DiffView,
    KpiChange,
    RegionSpillOver,
    ScenarioView,
    Scorecard,
    SolveRunView,
    SpillOverAnswer,
    VersionResult,
    VersionView,
    ViolationBrief,
    WhatIfOutcome,
    WhyAnswer,
    WhyNotAnswer,
    not_to_act_on,
)
from tools.wording import join_words


def fmt_value(value: float | None, unit: str) -> str:
    """A KPI value in its unit: €1,234 · 97.2% · 1,234 t · 123 · €0.052."""
    if value is None:
        return "–"
    if unit == "eur":
        return f"€{value:,.0f}"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "t":
        return f"{value:,.0f} t"
    if unit == "eur_per_tkm":
        return f"€{value:.3f}"
    return f"{value:,.0f}"


_SHOWN_STEP = {"eur": 0.5, "share": 0.0005, "t": 0.5, "eur_per_tkm": 0.0005}
"""Half the last digit each unit is shown with: a smaller change reads as none."""


def shows_as_zero(change: KpiChange) -> bool:
    """Whether the change rounds to nothing as shown (e.g. −0.0 pts): no sign, no verdict."""
    return change.delta is not None and abs(change.delta) < _SHOWN_STEP.get(change.unit, 0.5)


def fmt_delta(change: KpiChange) -> str:
    """The change with its sign, and for money its percentage: +€12,300 (+1.4%)."""
    d = change.delta
    if d is None:
        return "–"
    if shows_as_zero(change):
        return "="
    sign = "+" if d > 0 else "−"
    if change.unit == "eur":
        pct = f" ({d / change.before * 100:+.1f}%)" if change.before else ""
        return f"{sign}€{abs(d):,.0f}{pct}"
    if change.unit == "share":
        return f"{sign}{abs(d) * 100:.1f} pts"
    if change.unit == "t":
        return f"{sign}{abs(d):,.0f} t"
    if change.unit == "eur_per_tkm":
        return f"{sign}€{abs(d):.3f}"
    return f"{sign}{abs(d):,.0f}"


def verdict_mark(change: KpiChange) -> str:
    """' ✓' / ' ✗' for a change that is better / worse, or ' (within noise)' when unjudged."""
    if change.note:
        return " (within noise)"
    if shows_as_zero(change):
        return ""  # no change as shown: nothing to judge
    return "" if change.better is None else (" ✓" if change.better else " ✗")


def noise_lines(changes: Sequence[KpiChange]) -> list[str]:
    """What a change without a verdict means, e.g. a cost delta inside the solver's noise."""
    return [f"_{c.label}: {c.note}._" for c in changes if c.note]


def kpi_table(vs_parent: Sequence[KpiChange], vs_live: Sequence[KpiChange] = ()) -> str:
    """A Markdown table: KPI, before, after, change (and change against live)."""
    live = {c.key: c for c in vs_live}
    head = "| KPI | before | after | change |" + (" vs live |" if live else "")
    rule = "|---|---:|---:|---:|" + ("---:|" if live else "")
    rows = [head, rule]
    for c in vs_parent:
        row = (
            f"| {c.label} | {fmt_value(c.before, c.unit)} | {fmt_value(c.after, c.unit)} "
            f"| {fmt_delta(c)}{verdict_mark(c)} |"
        )
        if live:
            row += f" {fmt_delta(live[c.key]) if c.key in live else '–'} |"
        rows.append(row)
    return "\n".join(rows)


HARD_MARK = "⊘"
"""Marks a hard violation; ⊘ and ⚠ are in the fonts the chat ships (Inter) and in the ones
Slack and Teams use, where emoji like ⛔ show as a missing glyph."""
SOFT_MARK = "⚠"
"""Marks a soft violation (plain ⚠, no emoji variant, so it renders as text everywhere)."""


def violation_mark(hard: bool) -> str:
    """The symbol in front of a violation: the same in chat, pages, Slack and Teams."""
    return HARD_MARK if hard else SOFT_MARK


def violation_lines(violations: Sequence[ViolationBrief], *, limit: int = 6) -> str:
    """Bulleted violations, hard ones first, with a count of the rest."""
    if not violations:
        return "none"
    lines = [f"- {violation_mark(v.hard)} {v.message}" for v in violations[:limit]]
    if len(violations) > limit:
        lines.append(f"- … and {len(violations) - limit} more")
    return "\n" + "\n".join(lines)


def run_line(run: SolveRunView) -> str:
    """How good the plan is, in words, and how it was obtained (time, warm start, re-use)."""
    how = "re-used an identical earlier solve" if run.reused else f"{run.seconds or 0:.1f} s"
    if run.warm_started:
        how += ", started from the best plan known for it"
    return f"{run.quality} ({how})"


def warning_lines(result: VersionResult | None, *, baseline: VersionResult | None = None) -> str:
    """The warning lines an answer opens with: its plan's, then its baseline's, if any."""
    lines = []
    if result is not None:
        lines.append(not_to_act_on(result.warnings))
    if baseline is not None and baseline is not result:
        lines.append(
            not_to_act_on(
                baseline.warnings,
                what=f"the baseline {baseline.scenario_name} v{baseline.n}",
            )
        )
    return "\n\n".join(line for line in lines if line)


def link(public_url: str, path: str) -> str:
    """An absolute link to a page of the app."""
    return public_url.rstrip("/") + path


def version_name(edits: Sequence[str], *, limit: int = 80) -> str:
    """': <what this version did>' for a title, so a redo ("make it 30%") reads as itself."""
    text = "; ".join(edits)
    if not text:
        return ""
    return ": " + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def what_if_answer(outcome: WhatIfOutcome, *, public_url: str, lead: Sequence[str] = ()) -> str:
    """The full answer to a question that changed the scenario; ``lead`` (the answer to a
    why-not or spill-over question) comes first after the warnings."""
    url = link(public_url, outcome.url)
    parts = [
        line
        for line in (
            not_to_act_on(outcome.warnings),
            not_to_act_on(outcome.parent_warnings, what=f"the baseline v{outcome.parent_version}"),
        )
        if line
    ]
    parts += [*lead]
    parts += [
        f"**{outcome.scenario_name} — v{outcome.version}{version_name(outcome.edits)}** "
        f"([open]({url}))",
        "**Changed:**\n" + "\n".join(f"- {e}" for e in outcome.edits),
    ]
    if outcome.playbook:
        shown = (
            f" ([playbook]({link(public_url, outcome.playbook_url)}))"
            if outcome.playbook_url
            else ""
        )
        parts.append(f"_{outcome.playbook}_{shown}")
    if outcome.rebased:
        parts.append("_Someone else changed the scenario meanwhile; your change was rebased._")
    if outcome.reachability:
        parts.append(f"**Cut off at once:** {outcome.reachability}")
    if outcome.instant_violations:
        parts.append(
            "**If nobody re-plans** (today's plan on the changed network):"
            + violation_lines(outcome.instant_violations, limit=4)
        )
    parts.append(f"**Re-planned:** {run_line(outcome.run)}")
    if outcome.stability:
        parts.append(f"**Stability:** {outcome.stability}")
    parts.append(kpi_table(outcome.vs_parent, outcome.vs_live))
    parts.extend(noise_lines(outcome.vs_parent))
    parts.append("**Violations after re-planning:** " + violation_lines(outcome.violations))
    if outcome.main_driver:
        parts.append(f"**Main driver:** {outcome.main_driver}")
    parts.append(f"**Trade-off:** {outcome.tradeoff}")
    if outcome.edit_effect:
        parts.append(f"**The edit alone:** {outcome.edit_effect}")
    parts.append(f"Version: {url}")
    return "\n\n".join(parts)


def why_not_answer(answer: WhyNotAnswer, *, public_url: str) -> str:
    """A why-not question: the verdict and the plan's reasons first (after any warning),
    then the what-if."""
    return what_if_answer(
        answer.outcome, public_url=public_url, lead=[f"**Why not?** {answer.summary}"]
    )


def spill_over_answer(answer: SpillOverAnswer, *, public_url: str) -> str:
    """A spill-over question: one verdict line per watched region (after any warning), then
    the what-if."""
    lines = [f"**Spill-over into {r.label}:** {r.verdict}" for r in answer.regions]
    if answer.note:
        lines.append(f"**Spill-over:** cannot be judged: {answer.note}.")
    return what_if_answer(answer.outcome, public_url=public_url, lead=lines)


def spill_over_follow_up(
    regions: Sequence[RegionSpillOver], version: VersionView, *, public_url: str
) -> str:
    """'does that spill over into the west?': the verdicts for the version the last change
    made, against the one before it (nothing is changed)."""
    url = link(public_url, version.url)
    lines = [f"**Spill-over into {r.label}:** {r.verdict}" for r in regions]
    lines.append(
        f"Judged from **{version.scenario_name} v{version.n}** against v{version.parent_n} "
        f"(nothing changed): {url}"
    )
    return "\n\n".join(lines)


def comparison_answer(comparison: Comparison, *, public_url: str) -> str:
    """Two versions side by side."""
    a, b = comparison.before, comparison.after
    title = f"**{b.scenario_name} v{b.n}** against **{a.scenario_name} v{a.n}**"
    if comparison.note:
        return f"{title}: {comparison.note}. Ask me to solve it first."
    url = link(public_url, f"/scenarios/{b.scenario_id}/versions/{b.n}")
    violations = [
        ViolationBrief(
            kind=str(v.kind),
            hard=v.hard,
            message=v.message,
            entities=list(v.entities),
            amount=v.amount,
            unit=v.unit,
        )
        for v in b.violations
    ]
    warned = warning_lines(b, baseline=a)
    quality = [f"_{r.scenario_name} v{r.n}: {r.run.quality}._" for r in (a, b) if r.run is not None]
    return "\n\n".join(
        ([warned] if warned else [])
        + [title, kpi_table(comparison.changes)]
        + noise_lines(comparison.changes)
        + quality
        + ["**Violations:** " + violation_lines(violations), f"Version: {url}"]
    )


def scenarios_answer(scenarios: Sequence[ScenarioView], *, public_url: str) -> str:
    """The scenarios the caller can see."""
    if not scenarios:
        return "You have no scenarios yet."

    def visibility(s: ScenarioView) -> str:
        return "live" if s.is_live else "shared" if s.shared else "private"

    lines = [
        f"- **{s.name}** (v{s.head}, {s.owner}, {visibility(s)}) — {link(public_url, s.url)}"
        for s in scenarios
    ]
    return "Scenarios you can see:\n" + "\n".join(lines)


def history_answer(versions: Sequence[VersionView], *, public_url: str) -> str:
    """A scenario's versions, newest first."""
    if not versions:
        return "No versions."
    lines = []
    for v in versions:
        what = "; ".join(v.descriptions) or v.message or str(v.kind)
        lines.append(f"- v{v.n} · {v.author} · {v.created_at:%Y-%m-%d %H:%M} · {what}")
    return f"History of **{versions[0].scenario_name}**:\n" + "\n".join(lines)


def diff_answer(diff: DiffView, *, public_url: str) -> str:
    """What changed between two versions, grouped by kind with totals, in a planner's words;
    every change one by one is on the version page (behind a fold) and in its XLSX."""
    if diff.identical:
        return (
            f"**{diff.b.scenario_name} v{diff.b.n}** has the same network as "
            f"**{diff.a.scenario_name} v{diff.a.n}**."
        )
    against = f"{diff.a.scenario_id}@{diff.a.n}"
    page = link(public_url, f"{diff.b.url}#diff")
    xlsx = link(public_url, f"{diff.b.url}/changes.xlsx?against={against}")
    return (
        f"{diff.text}\n\nEvery change one by one: [on the version page]({page}) · "
        f"[download XLSX]({xlsx})"
    )


def why_answer(why: WhyAnswer, *, public_url: str) -> str:
    """Why service is lost or what would cut cost: at most ten levers, one line each, best
    first, and a link to every lever (the levers page folds the rest)."""
    page = link(
        public_url, f"/scenarios/{why.scenario_id}/versions/{why.n}/levers?focus={why.focus}"
    )
    rest = len(why.levers) - why.shown
    more = f"[all {len(why.levers)} levers]({page})" if rest > 0 else f"[levers page]({page})"
    version = link(public_url, f"/scenarios/{why.scenario_id}/versions/{why.n}")
    return f"{why.text}\n\n{more} · Version: {version}"


def matches_answer(query: str, matches: Sequence[str]) -> str:
    """Names that fit a search."""
    if not matches:
        return f"Nothing in the network is called anything like “{query}”."
    return f"Matches for “{query}”:\n" + "\n".join(f"- {m}" for m in matches)


SCENARIOS_LISTED = 8
"""At most this many scenario names are listed when a name given is no scenario."""


def unknown_scenarios_text(
    unknown: Sequence[str], visible: Sequence[ScenarioView], current: int | None
) -> str:
    """Names that are no scenario, with the closest names the caller can see (and the
    conversation's own scenario, which 'compare with live' compares) instead of a guess."""
    labels = {s.name.lower(): s for s in visible if not s.is_live}
    lines = []
    for name in unknown:
        close = get_close_matches(name.lower(), list(labels), n=3, cutoff=0.5)
        named = [f"“{labels[c].name}” ({labels[c].id})" for c in close]
        hint = f" Did you mean {join_words(named, last='or')}?" if named else ""
        lines.append(f"No scenario is called “{name}”.{hint}")
    mine = [s for s in visible if not s.is_live and s.id == current]
    if mine:
        lines.append(
            f"This conversation works in “{mine[0].name}”: “compare with live” compares it."
        )
    newest = sorted((s for s in visible if not s.is_live), key=lambda s: s.id, reverse=True)
    others = join_words([f"“{s.name}” ({s.id})" for s in newest], limit=SCENARIOS_LISTED)
    lines.append(
        f"Scenarios you can compare, newest first: {others}."
        if others
        else "You can see no scenario yet."
    )
    return " ".join(lines)


def scorecard_answer(card: Scorecard, *, public_url: str) -> str:
    """Versions side by side: headline KPIs with changes against the first, violations,
    plan quality, and links to the scorecard page and its XLSX."""
    cols = card.columns
    warned = [line for c in cols if (line := not_to_act_on(c.warnings, what=c.label)) is not None]
    head = "| KPI | " + " | ".join(c.label for c in cols) + " |"
    rule = "|---|" + "---:|" * len(cols)
    rows = [head, rule, "| What it did | " + " | ".join(c.title for c in cols) + " |"]
    for k in card.kpis:
        cells = []
        for i in range(len(cols)):
            change = KpiChange(
                key=k.key,
                label=k.label,
                unit=k.unit,
                before=k.values[0],
                after=k.values[i],
                delta=k.deltas[i],
                better=k.better[i],
                note=k.notes[i],
            )
            cell = fmt_value(k.values[i], k.unit)
            if i > 0 and k.deltas[i] is not None:
                cell += f" ({fmt_delta(change)}{verdict_mark(change)})"
            cells.append(cell)
        rows.append(f"| {k.label} | " + " | ".join(cells) + " |")
    rows.append("| Plan quality | " + " | ".join(c.quality for c in cols) + " |")
    versions = ",".join(f"{c.scenario_id}:{c.n}" for c in cols)
    page = link(public_url, f"/compare?versions={versions}")
    xlsx = link(public_url, f"/compare.xlsx?versions={versions}")
    return "\n\n".join(
        [
            *warned,
            f"**{len(cols)} versions side by side** (changes against {cols[0].label}):",
            "\n".join(rows),
            f"By region, hub, lane and customer: [open the scorecard]({page}) · "
            f"[download XLSX]({xlsx})",
        ]
    )


def critical_answer(
    elements: Sequence[CriticalElement], *, version: VersionView, public_url: str
) -> str:
    """The hubs and lanes whose loss would cost most, each with the freight through it and
    what losing it would cut off or re-route (an estimate over the network's routes)."""
    if not elements:
        name = f"{version.scenario_name} v{version.n}"
        return f"{name} has no hub or lane whose loss changes a route."
    lines = [
        f"**The hubs and lanes whose loss would hurt most** in {version.scenario_name} "
        f"v{version.n} ([open]({link(public_url, version.url)})):",
        *(f"{i}. {e.kind} {e.reason}" for i, e in enumerate(elements, start=1)),
        "",
        "_Estimated by re-routing the freight through each over the rest of the network, not "
        f"by re-planning: ask “{_loss_question(elements[0])}” for the re-planned cost and "
        "service._",
    ]
    return "\n".join(lines)


def _loss_question(element: CriticalElement) -> str:
    """The what-if that re-plans without ``element``, in words the interpreter reads."""
    if element.kind == "hub":
        return f"what if we lose {element.name}?"
    return f"what if the {element.name} lane closes?"
