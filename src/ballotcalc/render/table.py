"""The human view: rich tables for a terminal. Never a data format (it wraps and colours).

All user text goes in as `rich.text.Text`, so `Depot [North]` is never read as markup, and through
`printable`, so control sequences in a ballot file never reach the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ballotcalc.judging import SURVEY_FINDING, BallotOutcome, BallotStatus, Entry
from ballotcalc.numbers import percent, whole
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.console import text_console
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

DECISION_STYLE = {
    Decision.MANDATE: "bold green",
    Decision.AT_RISK: "bold yellow",
    Decision.NO_MANDATE: "bold red",
    Decision.CONSULTATIVE_MAJORITY_FOR: "cyan",
    Decision.CONSULTATIVE_MAJORITY_AGAINST: "cyan",
    Decision.CONSULTATIVE_TIE: "cyan",
}
SHOUTED = frozenset({Decision.AT_RISK, Decision.NO_MANDATE})
"""Decisions written in capitals in a table, to stand out in a terminal."""


def _met(value: bool | None) -> Text:
    if value is None:
        return Text("n/a", style="dim")
    return Text("met", style="green") if value else Text("not met", style="red")


def _decision(decision: Decision) -> Text:
    word = DECISION_WORDS[decision]
    return Text(word.upper() if decision in SHOUTED else word, style=DECISION_STYLE[decision])


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
    table = Table(title="Turnout", title_justify="left", show_edge=False, expand=False)
    for name, justify in (("Unit", "left"), ("Eligible", "right"), ("Votes cast", "right"),
                          ("Turnout", "right"), ("Threshold", "right"), ("Test", "left"),
                          ("Votes short", "right")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for unit in outcome.units:
        d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
        table.add_row(
            Text(printable(unit.name)),
            "unknown" if unit.eligible is None else whole(unit.eligible),
            whole(unit.votes_cast),
            pct_text(turnout_pct(unit, d)),
            threshold_text(unit.turnout_threshold) or "none",
            _met(unit.turnout_met),
            "" if unit.votes_short is None else whole(unit.votes_short),
        )
    return table


def _questions_table(outcome: BallotOutcome, unit: UnitOutcome, decimals: int | None) -> Table:
    table = Table(title="Questions", title_justify="left", show_edge=False)
    table.add_column("Question", no_wrap=True)
    for name, justify in (("Yes", "right"), ("No", "right"),
                          ("Spoiled", "right"), ("Yes % of valid", "right"),
                          ("Yes % of eligible", "right"), ("Majority", "left"),
                          ("40% support", "left"), ("Decision", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
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
            _met(q.majority_met),
            _met(q.support_met),
            _decision(q.decision),
        )
    return table


def _reasons(unit: UnitOutcome, questions: Sequence[QuestionOutcome], decimals: int | None) -> Text:
    text = Text()
    for q in questions:
        for reason in reasons(unit, q, decimals):
            text.append(f"• {q.id}: ", style="bold")
            text.append(reason + "\n")
    return text


BAR_WIDTH = 10


def turnout_bar(unit: UnitOutcome) -> Text:
    """A small bar of the unit's turnout (0-100%) with `│` at the threshold, green where the core
    found the turnout test met (or not applied).

    Cells are filled by the exact share rounded down, so a failing turnout never reaches the mark,
    and a turnout exactly on the threshold fills every cell before it.
    """
    turnout, threshold = unit.turnout, unit.turnout_threshold
    if turnout is None:
        return Text("")
    filled = min(BAR_WIDTH, (turnout * BAR_WIDTH).__floor__())
    met = unit.turnout_met is not False
    cells = ["█"] * filled + ["░"] * (BAR_WIDTH - filled)
    if threshold is not None:
        cells.insert(min(BAR_WIDTH, (threshold * BAR_WIDTH).__ceil__()), "│")
    return Text("".join(cells), style="green" if met else "red")


def _shortfall(unit: UnitOutcome) -> Text:
    """What a unit lacked, in votes: further returns for turnout, further Yes for 40% support."""
    return Text("\n".join(shortfall_lines(unit)), style="red")


def shortfall_lines(unit: UnitOutcome) -> list[str]:
    """The core's shortfalls of a unit, short: turnout once, then support or majority per question
    (none for a consultative ballot, which has no test to fall short of)."""
    lines = []
    if unit.votes_short:
        lines.append(f"{whole(unit.votes_short)} {'vote' if unit.votes_short == 1 else 'votes'}")
    for q in unit.questions:
        tests = {s.test for s in unit.shortfalls(q)}
        if "support" in tests:
            lines.append(f"{q.id}: {whole(q.yes_short)} Yes")
        elif "majority" in tests:
            lines.append(f"{q.id}: no majority")
    return lines


def _units_table(
    outcome: BallotOutcome,
    units: Sequence[UnitOutcome],
    summary: UnitsSummary | None,
    options: RenderOptions,
    *,
    title: str,
    shown: Sequence[UnitOutcome],
) -> Table:
    """One row per unit (name, figures, turnout bar, verdict per question, votes short) + totals."""
    decimals = options.decimals
    table = Table(
        title=title,
        title_justify="left",
        show_edge=False,
        show_footer=summary is not None,
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
    )
    total = summary.totals if summary is not None else None
    table.add_column("Unit", footer="Total", min_width=16, ratio=1)
    table.add_column(
        "Eligible",
        justify="right",
        no_wrap=True,
        footer="" if total is None or total.eligible is None else whole(total.eligible),
    )
    table.add_column(
        "Voted",
        justify="right",
        no_wrap=True,
        footer="" if total is None else whole(total.votes_cast),
    )
    total_turnout = ""
    if summary is not None and summary.turnout is not None:
        d = human_decimals(summary.turnout, None, decimals)
        total_turnout = pct_text(percent(summary.turnout, d))
    table.add_column("Turnout", justify="right", footer=total_turnout, no_wrap=True)
    threshold = units[0].turnout_threshold if units else None
    table.add_column(
        f"vs {threshold_text(threshold)}" if threshold is not None else "", no_wrap=True
    )
    for index, q in enumerate(outcome.questions):
        footer = "" if summary is None else _count_footer(summary, index)
        table.add_column(q.id, footer=footer, no_wrap=True)
    table.add_column("Short", no_wrap=True)
    for unit in shown:
        d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
        table.add_row(
            Text(printable(unit.name)),
            "unknown" if unit.eligible is None else whole(unit.eligible),
            whole(unit.votes_cast),
            pct_text(turnout_pct(unit, d)),
            turnout_bar(unit),
            *[_decision(q.decision) for q in unit.questions],
            _shortfall(unit),
        )
    return table


def _count_footer(summary: UnitsSummary, index: int) -> str:
    """Under a question's column: units with a mandate, or (consultative) with a majority for."""
    c = summary.questions[index]
    if summary.consultative:
        return f"{c.decisions[Decision.CONSULTATIVE_MAJORITY_FOR]} majority for"
    return f"{c.mandate} pass"


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
            + ("" if summary.information_only else "; under separate ballots they are not a test")
            + "."
        )
    return text


def _units_view(outcome: BallotOutcome, options: RenderOptions) -> list[Text | Table]:
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
        else "Units (separate ballots, s.228: each judged on its own)"
    )
    parts: list[Text | Table] = [
        Text(),
        _units_table(outcome, units, outcome.summary, options, title=title, shown=shown),
    ]
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


def _ballot(outcome: BallotOutcome, options: RenderOptions) -> Group:
    decimals = options.decimals
    parts: list[Text | Table] = [_header(outcome)]
    many = len(outcome.units) > 1
    if not many and not outcome.ballot.survey:  # a survey's one figure is in its header
        parts += [Text(), _turnout_table(outcome, decimals)]
        for unit in outcome.units if outcome.questions else ():  # a survey has no questions
            parts += [Text(), _questions_table(outcome, unit, decimals)]
            why = _reasons(unit, unit.questions, decimals)
            if why.plain:
                parts += [Text(), why]
    if many or outcome.information_units:
        parts += _units_view(outcome, options)
    texts = dict(zip((q.id for q in outcome.questions), outcome.questions, strict=True))
    asked = Text()
    for qid, question in texts.items():
        asked.append(f"{qid}", style="bold")
        asked.append(f" ({QUESTION_TYPES[question.type]})")
        asked.append(f": {printable(question.text)}\n" if question.text else "\n")
    if asked.plain:
        parts += [Text(), asked]
    if outcome.notes:
        notes = Text("Notes\n", style="bold")
        for note in outcome.notes:
            notes.append(f"• {printable(note)}\n")
        parts += [notes]
    return Group(*parts)


def _console(buffer: io.StringIO, options: RenderOptions) -> Console:
    return text_console(buffer, color=options.color, width=options.width)


def render_table(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = _console(buffer, options)
    for index, outcome in enumerate(outcomes):
        if index:
            console.rule()
        console.print(_ballot(outcome, options))
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()


# --- many ballots: the overview -----------------------------------------------------------------


def _overview_result(outcome: BallotOutcome) -> Text:
    text = Text()
    summary = outcome.summary
    for index, q in enumerate(outcome.questions):
        if index:
            text.append("; ")
        text.append(f"{printable(q.id)}: ")
        if outcome.aggregation == "separate" and summary is not None:
            c = summary.questions[index]
            if summary.consultative:
                n = c.decisions[Decision.CONSULTATIVE_MAJORITY_FOR]
                text.append(f"{n}/{summary.units} units majority for (no mandate)", style="cyan")
                continue
            style = (
                "green" if c.mandate == summary.units else ("red" if not c.mandate else "yellow")
            )
            text.append(f"{c.mandate}/{summary.units} units pass", style=style)
        else:
            text.append_text(_decision(outcome.units[0].questions[index].decision))
    return text


def _overview_turnout(outcome: BallotOutcome, decimals: int | None) -> str:
    if outcome.aggregation == "separate" and outcome.summary is not None:
        if outcome.summary.turnout is None:
            return "unknown"
        d = human_decimals(outcome.summary.turnout, None, decimals)
        return f"{pct_text(percent(outcome.summary.turnout, d))} total"
    unit = outcome.units[0]
    d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
    return pct_text(turnout_pct(unit, d))


def render_overview(entries: Sequence[Entry], options: RenderOptions) -> str:
    """One row per ballot file (title, closed date, regime, turnout, verdict per question), by date.

    A live ballot is listed as open; a broken file is listed with its first error (the command also
    prints every error to stderr and exits 2).
    """
    table = Table(show_edge=False, box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True)
    for name in ("Closed", "Ballot", "Regime", "Turnout", "Result"):
        table.add_column(
            name,
            no_wrap=name in ("Closed", "Turnout"),
            overflow="fold",
            ratio=2 if name == "Ballot" else None,
        )
    for entry in entries:
        ballot = entry.ballot
        closed = "" if ballot is None or ballot.closed is None else str(ballot.closed)
        title = Text(printable(ballot.title) if ballot is not None else "")
        title.append(("\n" if ballot is not None else "") + printable(entry.file), style="dim")
        if entry.outcome is not None:
            table.add_row(
                closed,
                title,
                entry.outcome.regime.id,
                _overview_turnout(entry.outcome, options.decimals),
                _overview_result(entry.outcome),
            )
        elif entry.status != "error" and entry.status.open:
            table.add_row(closed, title, "", "", Text("open (no results yet)", style="cyan"))
        else:
            first = entry.problems[0]
            more = f" (and {len(entry.problems) - 1} more)" if len(entry.problems) > 1 else ""
            where = f"line {first.line}: " if first.line is not None else ""
            field = f"{first.path}: " if first.path else ""
            table.add_row(
                closed,
                title,
                "",
                "",
                Text(f"ERROR {where}{printable(field + first.message)}{more}", style="bold red"),
            )
    counts = {
        "judged": sum(1 for e in entries if e.status == BallotStatus.JUDGED),
        "open": sum(1 for e in entries if e.status != "error" and e.status.open),
        "error": sum(1 for e in entries if e.status == "error"),
    }
    tail = Text(
        f"{len(entries)} ballot files: {counts['judged']} judged, {counts['open']} open, "
        f"{counts['error']} with errors. `ballotcalc result FILE` shows one in full."
    )
    buffer = io.StringIO()
    console = _console(buffer, options)
    console.print(table)
    console.print(tail)
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()
