"""The human view: rich tables for a terminal. Never a data format (it wraps and colours).

All user text goes in as `rich.text.Text`, so `Depot [North]` is never read as markup, and through
`printable`, so control sequences in a ballot file never reach the terminal.

Any screen: a table is printed only where `console.wide` says it fits whole (figures and decisions
never cut, names wrapped only at spaces, 80 columns or more); otherwise the same figures are
printed as stacked blocks (`stacked`), one per unit, question or ballot file. The two layouts
share their marks (`marks`: decision words and colours, the turnout bar, shortfalls and
knife-edges) and the figures from `wording`; nothing here decides anything. Many ballots at once
are the overview (`overview`).
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ballotcalc.judging import SURVEY_FINDING, BallotOutcome, BallotStatus, Entry, Listed
from ballotcalc.numbers import percent, whole
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.console import text_console, wide
from ballotcalc.render.marks import (
    KNIFE_EDGE_STYLE,
    decision,
    flagged_edges,
    knife_edge_sentences,
    margin_cell,
    met,
    turnout_bar,
)
from ballotcalc.render.stacked import outcome_blocks, totals_block, unit_block
from ballotcalc.render.wording import (
    DECISION_WORDS,
    QUESTION_TYPES,
    count_text,
    human_decimals,
    pct_text,
    printable,
    reasons,
    threshold_text,
    turnout_pct,
    yes_pct,
    yes_pct_of_eligible,
)
from ballotcalc.tally import Decision, QuestionOutcome, UnitOutcome
from ballotcalc.units import UnitsSummary, select

MAX_TABLE_UNITS = 500
"""Rows of the per-unit table. A terminal is no place to read 200,000 rows (and laying them out took
minutes); past this the table says how many more there are and where to find them: JSON and CSV
always give every unit."""
NAME_WIDTH = 16
"""The least width of a table's name column: a unit's name wraps at its spaces within it, and a
table that cannot give it this much (or its longest word) is printed as stacked blocks."""


# --- the tables ----------------------------------------------------------------------------------


def _header(outcome: BallotOutcome) -> Text:
    b = outcome.ballot
    text = Text()
    text.append(printable(b.title), style="bold")
    who = " · ".join(printable(x) for x in (b.union, b.employer) if x)
    if who:
        text.append(f"\n{who}")
    dates = [f"opened {b.opened}" if b.opened else "", f"closed {b.closed}" if b.closed else ""]
    if any(dates):
        text.append("\n" + ", ".join(d for d in dates if d))
    text.append(f"\nRegime: {outcome.regime.id} — {outcome.regime.name}", style="cyan")
    if b.survey:
        text.append("\n" + outcome.survey_headline, style="bold")
        text.append(f"\n{SURVEY_FINDING}", style="yellow")
    elif outcome.consultative:
        text.append("\nConsultative ballot: no statutory test, no mandate.", style="yellow")
    return text


def _turnout_table(outcome: BallotOutcome, decimals: int | None) -> Table:
    """One row per unit: figures, the turnout test, votes short. Only the unit's name may wrap."""
    table = Table(title="Turnout", title_justify="left", show_edge=False, expand=False)
    table.add_column("Unit", min_width=NAME_WIDTH)
    for name, justify in (("Eligible", "right"), ("Votes\ncast", "right"),
                          ("Turnout", "right"), ("Threshold", "right"), ("Test", "left"),
                          ("Votes\nshort", "right")):  # fmt: skip
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for unit in outcome.units:
        d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
        table.add_row(
            Text(printable(unit.name), overflow="fold"),
            "unknown" if unit.eligible is None else whole(unit.eligible),
            whole(unit.votes_cast),
            pct_text(turnout_pct(unit, d)),
            threshold_text(unit.turnout_threshold) or "none",
            met(unit.turnout_met),
            "" if unit.votes_short is None else whole(unit.votes_short),
        )
    return table


def _questions_table(outcome: BallotOutcome, unit: UnitOutcome, decimals: int | None) -> Table:
    """One row per question: counts, shares, tests and the decision ("knife-edge" under it where
    a test was met with little to spare). Headers are broken by hand so no column is wider than
    its figures need; nothing in it wraps."""
    table = Table(title="Questions", title_justify="left", show_edge=False)
    table.add_column("Question", no_wrap=True)
    for name, justify in (("Yes", "right"), ("No", "right"),
                          ("Spoiled", "right"), ("Yes %\nof valid", "right"),
                          ("Yes %\nof eligible", "right"), ("Majority", "left"),
                          ("40%\nsupport", "left"), ("Decision", "left")):  # fmt: skip
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for q in unit.questions:
        table.add_row(
            Text(printable(q.id)),
            whole(q.yes),
            whole(q.no),
            whole(q.spoiled),
            pct_text(yes_pct(q, human_decimals(q.yes_share, None, decimals))),
            pct_text(
                yes_pct_of_eligible(
                    q, human_decimals(q.yes_share_of_eligible, q.support_threshold, decimals)
                )
            ),
            met(q.majority_met),
            met(q.support_met),
            decision(q.decision, knife_edge=bool(flagged_edges(q))),
        )
    return table


def _reasons(unit: UnitOutcome, questions: Sequence[QuestionOutcome], decimals: int | None) -> Text:
    """Why each question lacks a mandate (or is at risk), then which tests a mandate met with
    little to spare, one bullet each."""
    text = Text()
    for q in questions:
        for reason in reasons(unit, q, decimals):
            text.append(f"• {printable(q.id)}: ", style="bold")
            text.append(reason + "\n")
        for edge in knife_edge_sentences(unit, q):
            text.append(f"• {printable(q.id)}: ", style="bold")
            text.append(edge + "\n", style=KNIFE_EDGE_STYLE)
    return text


def _units_table(
    outcome: BallotOutcome,
    units: Sequence[UnitOutcome],
    summary: UnitsSummary | None,
    options: RenderOptions,
    *,
    title: str,
    shown: Sequence[UnitOutcome],
) -> Table:
    """One row per unit (name, figures, turnout bar, decision per question, votes short and
    knife-edges) + totals. Only the unit's name may wrap."""
    decimals = options.decimals
    table = Table(
        title=title,
        title_justify="left",
        show_edge=False,
        show_footer=summary is not None,
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),  # with the box's divider, two spaces between columns
    )
    eligible, voted, turnout = _total_figures(summary, decimals)
    table.add_column("Unit", footer="Total", min_width=NAME_WIDTH)
    table.add_column("Eligible", justify="right", no_wrap=True, footer=eligible)
    table.add_column("Voted", justify="right", no_wrap=True, footer=voted)
    table.add_column("Turnout", justify="right", footer=turnout, no_wrap=True)
    threshold = units[0].turnout_threshold if units else None
    table.add_column(
        f"vs {threshold_text(threshold)}" if threshold is not None else "", no_wrap=True
    )
    for index, q in enumerate(outcome.questions):
        footer = "" if summary is None else _count_footer(summary, index)
        table.add_column(Text(printable(q.id)), footer=footer, no_wrap=True)
    table.add_column("Short")
    for unit in shown:
        d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
        table.add_row(
            Text(printable(unit.name), overflow="fold"),
            "unknown" if unit.eligible is None else whole(unit.eligible),
            whole(unit.votes_cast),
            pct_text(turnout_pct(unit, d)),
            turnout_bar(unit),
            *[decision(q.decision) for q in unit.questions],
            margin_cell(unit),
        )
    return table


def _total_figures(summary: UnitsSummary | None, decimals: int | None) -> tuple[str, str, str]:
    """The totals under the per-unit table: eligible, voted, turnout ("" where unknown)."""
    if summary is None:
        return "", "", ""
    total = summary.totals
    turnout = ""
    if summary.turnout is not None:
        turnout = pct_text(
            percent(summary.turnout, human_decimals(summary.turnout, None, decimals))
        )
    eligible = "" if total.eligible is None else whole(total.eligible)
    return eligible, whole(total.votes_cast), turnout


def _units_blocks(
    outcome: BallotOutcome, summary: UnitsSummary | None, decimals: int | None,
    shown: Sequence[UnitOutcome], title: str,
) -> list[RenderableType]:  # fmt: skip
    """The per-unit table as stacked blocks, for a screen too narrow for it."""
    parts: list[RenderableType] = [Text(title, style="italic")]
    for unit in shown:
        parts += [Text(), *unit_block(unit, decimals)]
    if summary is not None:
        eligible, voted, turnout = _total_figures(summary, decimals)
        figures = " · ".join(
            f"{label} {value}"
            for label, value in (("eligible", eligible), ("voted", voted), ("turnout", turnout))
            if value
        )
        counts = [
            f"{printable(q.id)}: {_count_footer(summary, index)}"
            for index, q in enumerate(outcome.questions)
        ]
        parts += [Text(), *totals_block(figures[:1].upper() + figures[1:], counts)]
    return parts


def _count_footer(summary: UnitsSummary, index: int) -> str:
    """Under a question's column: units with a mandate, or (consultative) with a majority for."""
    c = summary.questions[index]
    if summary.consultative:
        return f"{c.decisions[Decision.CONSULTATIVE_MAJORITY_FOR]} majority for"
    return f"{c.mandate} {DECISION_WORDS[Decision.MANDATE]}"


def _mandate_counts(summary: UnitsSummary) -> Text:
    text = Text()
    if summary.information_only:
        text.append("If each unit were judged alone (for information only; not the legal test): ")
    if summary.consultative:
        text.append("Consultative ballot, no mandate in any unit. Yes had a majority on every ")
        text.append(f"question in {summary.majority_for} of {summary.units} units", style="bold")
        text.append("; ")
        text.append(f"{summary.units - (summary.majority_for or 0)}", style="bold")
        text.append(" did not.")
    else:
        text.append(f"{summary.with_mandate} of {summary.units} units", style="bold")
        text.append(" have a mandate for every question; ")
        text.append(f"{summary.without_mandate}", style="bold")
        text.append(" do not.")
    for c in summary.questions:
        text.append(f"\n  {count_text(c)}")
    if summary.turnout is not None:
        text.append(
            "\nTotals are the sums of the units' figures"
            + (
                ""
                if summary.information_only
                else ", for information"
                if summary.consultative
                else "; under separate ballots they are not a test"
            )
            + "."
        )
    return text


def _units_view(
    outcome: BallotOutcome, options: RenderOptions, console: Console
) -> list[RenderableType]:
    """The per-unit part of a ballot with units: the table, the filter in use, the counts."""
    aggregated = outcome.aggregation == "aggregate"
    units = outcome.information_units if aggregated else outcome.units
    chosen = select(units, sort=options.sort, only=options.only)
    hidden = max(0, len(chosen) - MAX_TABLE_UNITS)
    shown = chosen[:MAX_TABLE_UNITS]
    title = (
        "Units, each judged alone, for information only (aggregated ballot, s.228A: the legal "
        "test is the total above)"
        if aggregated
        else "Units (each counted on its own; a consultative ballot has no statutory test)"
        if outcome.summary is not None and outcome.summary.consultative
        else "Units (separate ballots, s.228: each judged on its own)"
    )
    table = _units_table(outcome, units, outcome.summary, options, title=title, shown=shown)
    parts: list[RenderableType] = [Text()]
    if wide(console, table):
        parts.append(table)
    else:
        parts += _units_blocks(outcome, outcome.summary, options.decimals, shown, title)
    if len(chosen) != len(units):
        filters = []
        if options.only:
            filters.append("--only " + ",".join(d.value.replace("_", "-") for d in options.only))
        parts.append(
            Text(
                f"Showing {len(chosen):,} of {len(units):,} units ({' '.join(filters)}); "
                "the totals and counts are of all units.",
                style="dim",
            )
        )
    if hidden:
        parts.append(
            Text(
                f"{hidden:,} more units not shown: the table stops at {MAX_TABLE_UNITS:,} rows. "
                "Use --format csv or --format json for every unit, or --only and --sort to "
                "choose the rows shown.",
                style="bold",
            )
        )
    if outcome.summary is not None:
        parts += [Text(), _mandate_counts(outcome.summary)]
    at_risk = [u for u in chosen if u.decision is Decision.AT_RISK]
    if at_risk:
        parts += [
            Text(),
            Text(
                "AT RISK: Yes beats No but is not more than half of all votes cast including spoiled "
                "papers; s.297A counts spoiled papers as votes, and whether that applies to the "
                "majority test is unsettled.",
                style="yellow",
            ),
        ]
    return parts


def _ballot(outcome: BallotOutcome, options: RenderOptions, console: Console) -> Group:
    decimals = options.decimals
    parts: list[RenderableType] = [_header(outcome)]
    many = len(outcome.units) > 1
    if not many and not outcome.ballot.survey:  # a survey's one figure is in its header
        tables = [_turnout_table(outcome, decimals)]
        for unit in outcome.units if outcome.questions else ():  # a survey has no questions
            tables.append(_questions_table(outcome, unit, decimals))
        if wide(console, *tables):
            for table in tables:
                parts += [Text(), table]
        else:
            parts += [Text(), *outcome_blocks(outcome, decimals)]
        for unit in outcome.units if outcome.questions else ():
            why = _reasons(unit, unit.questions, decimals)
            if why.plain:
                parts += [Text(), why]
    if many or outcome.information_units:
        parts += _units_view(outcome, options, console)
    texts = dict(zip((q.id for q in outcome.questions), outcome.questions, strict=True))
    asked = Text()
    for qid, question in texts.items():
        asked.append(f"{qid}", style="bold")
        asked.append(f" ({QUESTION_TYPES[question.type]})")
        asked.append(f": {printable(question.text)}\n" if question.text else "\n")
    if asked.plain:
        parts += [Text(), asked]
    if outcome.notes:
        notes = Text()
        notes.append("Notes\n", style="bold")  # the heading only: Text(style=) would bold them all
        for note in outcome.notes:
            notes.append(f"• {printable(note)}\n")
        parts += [notes]
    return Group(*parts)


OPEN_WORDS = {
    BallotStatus.LIVE: "open: no results yet",
    BallotStatus.PLANNED: "planned: no results yet (not opened)",
}
"""The status line of a ballot without results, shown alone or in full (`result FILE`, `--full`)."""


def _open_ballot(entry: Entry) -> Text:
    """A ballot without results yet: what the file says of it and where to look instead. Nothing
    is judged, so there is no regime, verdict or mandate here."""
    ballot, status = entry.ballot, entry.status
    assert ballot is not None and isinstance(status, BallotStatus) and status.open
    text = Text()
    text.append(printable(ballot.title), style="bold")
    who = " · ".join(printable(x) for x in (ballot.union, ballot.employer) if x)
    if who:
        text.append(f"\n{who}")
    text.append(f"\n{printable(entry.file)}", style="dim")
    dates = [
        f"opened {ballot.opened}" if ballot.opened else "",
        f"closes {ballot.closed}" if ballot.closed else "",
    ]
    if any(dates):
        text.append("\n" + " · ".join(d for d in dates if d))
    text.append(f"\n{OPEN_WORDS[status]}", style="bold cyan")
    text.append(f"\n`ballotcalc target {printable(shlex.quote(entry.file))}`", style="bold")
    text.append(" shows the returns still needed.")
    return text


def render_table(outcomes: Sequence[Listed], options: RenderOptions) -> str:
    """Each ballot in full, one after another; a ballot without results yet (an `Entry`) as the
    short block of `_open_ballot`."""
    buffer = io.StringIO()
    console = text_console(buffer, color=options.color, width=options.width)
    for index, outcome in enumerate(outcomes):
        if index:
            console.rule()
        if isinstance(outcome, Entry):
            console.print(_open_ballot(outcome))
        else:
            console.print(_ballot(outcome, options, console))
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()
