"""The human view: rich tables for a terminal. Never a data format (it wraps and colours).

All user text goes in as `rich.text.Text`, so `Depot [North]` is never read as markup, and through
`printable`, so control sequences in a ballot file never reach the terminal.

Any screen: a table is printed only where `console.wide` says it fits whole (figures and decisions
never cut, names wrapped only at spaces, 80 columns or more); otherwise the same figures are
printed as stacked blocks, one per unit, question or ballot file, each a bold heading (the name)
and indented lines that rich wraps at spaces, so "1,402" or "49.91%" stays whole at any width.
The two layouts share the marks below (decision words and colours, the turnout bar, shortfalls
and knife-edges) and the figures from `wording`; nothing here decides anything.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Sequence

from msgspec import Struct
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ballotcalc.judging import SURVEY_FINDING, BallotOutcome, BallotStatus, Entry, Listed
from ballotcalc.numbers import percent, whole
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.console import text_console, wide
from ballotcalc.render.wording import (
    DECISION_WORDS,
    QUESTION_TYPES,
    count_text,
    human_decimals,
    pct_text,
    printable,
    reasons,
    spare_text,
    test_label,
    threshold_text,
    turnout_pct,
    yes_pct,
    yes_pct_of_eligible,
)
from ballotcalc.tally import Decision, Margin, QuestionOutcome, UnitOutcome
from ballotcalc.units import UnitsSummary, select

MAX_TABLE_UNITS = 500
"""Rows of the per-unit table. A terminal is no place to read 200,000 rows (and laying them out took
minutes); past this the table says how many more there are and where to find them: JSON and CSV
always give every unit."""
NAME_WIDTH = 16
"""The least width of a table's name column: a unit's name wraps at its spaces within it, and a
table that cannot give it this much (or its longest word) is printed as stacked blocks."""


# --- marks the tables and the stacked blocks share --------------------------------------------

DECISION_STYLE = {
    Decision.MANDATE: "bold green",
    Decision.AT_RISK: "bold yellow",
    Decision.NO_MANDATE: "bold red",
    Decision.CONSULTATIVE_MAJORITY_FOR: "cyan",
    Decision.CONSULTATIVE_MAJORITY_AGAINST: "cyan",
    Decision.CONSULTATIVE_TIE: "cyan",
}
SHOUTED = frozenset({Decision.AT_RISK, Decision.NO_MANDATE})
"""Decisions written in capitals, to stand out in a terminal."""
FLAGGED = frozenset({Decision.MANDATE, Decision.AT_RISK})
"""Decisions whose knife-edges a terminal view flags: where a narrow margin could be mistaken for
a comfortable mandate. (JSON and CSV list every question's knife-edges, whatever its decision.)"""
KNIFE_EDGE_STYLE = "bold yellow"


def met(value: bool | None) -> Text:
    if value is None:
        return Text("n/a", style="dim")
    return Text("met", style="green") if value else Text("not met", style="red")


def decision(d: Decision, *, knife_edge: bool = False, sep: str = "\n") -> Text:
    """The decision in its words; a flagged knife-edge adds "knife-edge" (on a second line)."""
    word = DECISION_WORDS[d]
    text = Text(word.upper() if d in SHOUTED else word, style=DECISION_STYLE[d])
    if knife_edge:
        text.append(f"{sep}knife-edge", style=KNIFE_EDGE_STYLE)
    return text


def flagged_edges(q: QuestionOutcome) -> dict[str, Margin]:
    """The knife-edges a terminal view flags for `q`, by test (none unless `q` is `FLAGGED`)."""
    if q.decision not in FLAGGED:
        return {}
    return {m.test: m for m in q.knife_edges}


def turnout_edge(unit: UnitOutcome) -> Margin | None:
    """The unit's turnout knife-edge, if any flagged question has one (turnout is one test for the
    whole unit, so it is flagged once)."""
    for q in unit.questions:
        edge = flagged_edges(q).get("turnout")
        if edge is not None:
            return edge
    return None


def knife_edge_lines(unit: UnitOutcome) -> list[str]:
    """A unit's flagged knife-edges: "turnout: no votes to spare" once, then per question
    "strike 40% support: 12 votes to spare"."""
    lines = []
    edge = turnout_edge(unit)
    if edge is not None:
        lines.append(f"turnout: {spare_text(edge.votes)}")
    for q in unit.questions:
        for test, m in flagged_edges(q).items():
            if test != "turnout":
                lines.append(f"{printable(q.id)} {test_label(q, m.test)}: {spare_text(m.votes)}")
    return lines


SHORT_TESTS = {
    "turnout": "turnout",
    "majority": "majority",
    "support": "Yes",
    "literal_majority": "s.297A",
}
"""A test in a table cell, beside the shortfalls ("strike: 44 Yes"): "asos: 56 Yes to spare"."""


def knife_edge_cells(unit: UnitOutcome) -> list[str]:
    """`knife_edge_lines`, short enough for a table cell: "turnout: 0 to spare", "asos: 56 Yes to
    spare", "strike: majority 2 to spare"."""
    lines = []
    edge = turnout_edge(unit)
    if edge is not None:
        lines.append(f"turnout: {whole(edge.votes)} to spare")
    for q in unit.questions:
        for test, m in flagged_edges(q).items():
            if test != "turnout":
                lines.append(f"{printable(q.id)}: {whole(m.votes)} {SHORT_TESTS[test]} to spare")
    return lines


def knife_edge_sentences(unit: UnitOutcome, q: QuestionOutcome) -> list[str]:
    """Why a mandate of `q` is a knife-edge, one sentence per test, for the reasons under a table."""
    return [
        f"knife-edge: {test_label(q, m.test)} met with {spare_text(m.votes)}; a recount or a "
        "challenge could turn it"
        for m in flagged_edges(q).values()
    ]


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
    is_met = unit.turnout_met is not False
    cells = ["█"] * filled + ["░"] * (BAR_WIDTH - filled)
    if threshold is not None:
        cells.insert(min(BAR_WIDTH, (threshold * BAR_WIDTH).__ceil__()), "│")
    return Text("".join(cells), style="green" if is_met else "red")


def shortfall_lines(unit: UnitOutcome) -> list[str]:
    """The core's shortfalls of a unit, short: turnout once, then support or majority per question
    (none for a consultative ballot, which has no test to fall short of)."""
    lines = []
    if unit.votes_short:
        lines.append(f"{whole(unit.votes_short)} {'vote' if unit.votes_short == 1 else 'votes'}")
    for q in unit.questions:
        tests = {s.test for s in unit.shortfalls(q)}
        if "support" in tests:
            lines.append(f"{printable(q.id)}: {whole(q.yes_short)} Yes")
        elif "majority" in tests:
            lines.append(f"{printable(q.id)}: no majority")
    return lines


def margin_cell(unit: UnitOutcome) -> Text:
    """What a unit lacked (red) and what it met with little to spare (yellow), one per line."""
    text = Text("\n".join(shortfall_lines(unit)), style="red")
    edges = knife_edge_cells(unit)
    if edges:
        if text.plain:
            text.append("\n")
        text.append("\n".join(edges), style=KNIFE_EDGE_STYLE)
    return text


# --- stacked blocks: the tables on a screen too narrow for them -----------------------------------

INDENT = 2
"""Columns a block's lines are indented under its heading."""


def block(heading: Text, lines: Sequence[Text]) -> list[RenderableType]:
    """A heading, then its lines indented (a wrapped line keeps the indent)."""
    heading.stylize("bold")
    return [
        heading,
        *(Padding(line, (0, 0, 0, INDENT), expand=False) for line in lines if line.plain),
    ]


def _eligible(unit: UnitOutcome) -> str:
    return "unknown" if unit.eligible is None else whole(unit.eligible)


def turnout_line(unit: UnitOutcome, decimals: int | None) -> Text:
    """ "Turnout 51.2% (needed 50%): met", or "(no turnout threshold)"."""
    d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
    text = Text(f"Turnout {pct_text(turnout_pct(unit, d))}")
    if unit.turnout_threshold is None:
        text.append(" (no turnout threshold)")
        return text
    text.append(f" (needed {threshold_text(unit.turnout_threshold)}): ")
    text.append_text(met(unit.turnout_met))
    if unit.votes_short:
        text.append(f", {whole(unit.votes_short)} short", style="red")
    return text


def single_unit(unit: UnitOutcome, decimals: int | None) -> list[Text]:
    """The turnout table of a ballot without units, as lines."""
    counts = Text(f"Eligible {_eligible(unit)} · voted {whole(unit.votes_cast)}")
    return [counts, turnout_line(unit, decimals)]


def question_block(
    unit: UnitOutcome, q: QuestionOutcome, decimals: int | None
) -> list[RenderableType]:
    """A row of the questions table as a block: the counts, the two shares and their tests, and
    the decision (with "knife-edge" where a test was met with little to spare)."""
    heading = Text(printable(q.id))
    heading.append(f" ({QUESTION_TYPES[q.type]})", style="not bold")
    counts = Text(f"Yes {whole(q.yes)} · No {whole(q.no)} · spoiled {whole(q.spoiled)}")
    valid = Text(
        f"Yes {pct_text(yes_pct(q, human_decimals(q.yes_share, None, decimals)))} of valid "
        "votes; majority: "
    )
    valid.append_text(met(q.majority_met))
    d = human_decimals(q.yes_share_of_eligible, q.support_threshold, decimals)
    eligible = Text(f"Yes {pct_text(yes_pct_of_eligible(q, d))} of those entitled")
    if q.support_threshold is not None:
        eligible.append(f" (needed {threshold_text(q.support_threshold)}): ")
        eligible.append_text(met(q.support_met))
    verdict = Text("Decision: ")
    verdict.append_text(decision(q.decision, knife_edge=bool(flagged_edges(q)), sep=" · "))
    return block(heading, [counts, valid, eligible, verdict])


def unit_block(unit: UnitOutcome, decimals: int | None) -> list[RenderableType]:
    """A row of the per-unit table as a block: name, figures, turnout against its threshold, each
    question's decision with its Yes and No, then what it lacked and what it met narrowly."""
    d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
    figures = Text(
        f"Eligible {_eligible(unit)} · voted {whole(unit.votes_cast)} · turnout "
        f"{pct_text(turnout_pct(unit, d))}"
    )
    bar = turnout_bar(unit)
    if bar.plain:
        figures.append(" ")
        figures.append_text(bar)
        if unit.turnout_threshold is not None:
            figures.append(f" (needed {threshold_text(unit.turnout_threshold)})")
    lines = [figures]
    for q in unit.questions:
        line = Text(f"{printable(q.id)}: ")
        line.append_text(decision(q.decision))
        line.append(f" · Yes {whole(q.yes)} · No {whole(q.no)}")
        lines.append(line)
    short = shortfall_lines(unit)
    if short:
        lines.append(Text("Short: " + "; ".join(short), style="red"))
    edges = knife_edge_lines(unit)
    if edges:
        lines.append(Text("Knife-edge: " + "; ".join(edges), style=KNIFE_EDGE_STYLE))
    return block(Text(printable(unit.name)), lines)


def totals_block(figures: str, counts: Sequence[str]) -> list[RenderableType]:
    """The per-unit table's footer as a block: the summed figures, then per question its count."""
    return block(Text("Total"), [Text(figures), Text(" · ".join(c for c in counts if c))])


def ballot_block(
    title: str, file: str, facts: Sequence[str], result: Text, error: Text | None
) -> list[RenderableType]:
    """A row of the overview of many ballot files as a block."""
    lines = [Text(printable(file), style="dim"), Text(" · ".join(f for f in facts if f)), result]
    if error is not None:
        lines.append(error)
    return block(Text(printable(title) if title else printable(file)), lines)


def outcome_blocks(outcome: BallotOutcome, decimals: int | None) -> list[RenderableType]:
    """The turnout and questions tables of a ballot without units, as blocks."""
    parts: list[RenderableType] = []
    for unit in outcome.units:
        parts += block(Text(printable(unit.name)), single_unit(unit, decimals))
        for q in unit.questions if outcome.questions else ():
            parts += [Text(), *question_block(unit, q, decimals)]
    return parts


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
            + ("" if summary.information_only else "; under separate ballots they are not a test")
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


def _console(buffer: io.StringIO, options: RenderOptions) -> Console:
    return text_console(buffer, color=options.color, width=options.width)


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
    console = _console(buffer, options)
    for index, outcome in enumerate(outcomes):
        if index:
            console.rule()
        if isinstance(outcome, Entry):
            console.print(_open_ballot(outcome))
        else:
            console.print(_ballot(outcome, options, console))
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()


# --- many ballots: the overview -----------------------------------------------------------------


def _overview_result(outcome: BallotOutcome, sep: str) -> Text:
    """Per question: the decision (a ballot without units) or how many units have a mandate."""
    text = Text()
    summary = outcome.summary
    for index, q in enumerate(outcome.questions):
        if index:
            text.append(sep)
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
            text.append(f"mandate in {c.mandate}/{summary.units} units", style=style)
        else:
            unit = outcome.units[0]
            uq = unit.questions[index]
            text.append_text(decision(uq.decision, knife_edge=bool(flagged_edges(uq)), sep=", "))
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


class _Cell(Text):
    """A cell whose text may fold mid-word (a file path, an error message) once its column is
    narrower than `least`: it asks the table for no more than that, where plain Text asks for its
    longest word, so one long path cannot push the overview into stacked blocks."""

    least: int = NAME_WIDTH

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measured = super().__rich_measure__(console, options)
        return Measurement(min(measured.minimum, self.least), measured.maximum)


class _Row(Struct, frozen=True):
    """One ballot file in the overview, as both layouts show it."""

    closed: str
    title: str
    file: str
    regime: str
    turnout: str
    result: Text
    error: str

    def ballot_cell(self) -> Text:
        cell = _Cell(self.title, overflow="fold")
        cell.least = max([NAME_WIDTH, *(cell_len(word) for word in self.title.split())])
        cell.append(("\n" if self.title else "") + self.file, style="dim")
        if self.error:
            cell.append("\n" + self.error, style="bold red")
        return cell


def _overview_row(entry: Entry, decimals: int | None, sep: str) -> _Row:
    ballot = entry.ballot
    closed = "" if ballot is None or ballot.closed is None else str(ballot.closed)
    title = printable(ballot.title) if ballot is not None else ""
    file = printable(entry.file)
    if entry.outcome is not None:
        return _Row(
            closed,
            title,
            file,
            entry.outcome.regime.id,
            _overview_turnout(entry.outcome, decimals),
            _overview_result(entry.outcome, sep),
            "",
        )
    if entry.status != "error" and entry.status.open:
        return _Row(closed, title, file, "", "", Text("open (no results yet)", style="cyan"), "")
    first = entry.problems[0]
    more = f" (and {len(entry.problems) - 1} more)" if len(entry.problems) > 1 else ""
    where = f"line {first.line}: " if first.line is not None else ""
    field = f"{first.path}: " if first.path else ""
    error = f"ERROR {where}{printable(field + first.message)}{more}"
    return _Row(closed, title, file, "", "", Text("ERROR", style="bold red"), error)


def render_overview(entries: Sequence[Entry], options: RenderOptions) -> str:
    """One row per ballot file (title, closed date, regime, turnout, verdict per question), by date;
    on a narrow screen, one block per file.

    A live ballot is listed as open; a broken file is listed with its first error (the command also
    prints every error to stderr and exits 2).
    """
    buffer = io.StringIO()
    console = _console(buffer, options)
    table = Table(show_edge=False, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0))
    table.add_column("Closed", no_wrap=True)
    table.add_column("Ballot", min_width=NAME_WIDTH)
    table.add_column("Regime", no_wrap=True)
    table.add_column("Turnout", no_wrap=True)
    table.add_column("Result")
    rows = [_overview_row(entry, options.decimals, "\n") for entry in entries]
    for row in rows:
        table.add_row(row.closed, row.ballot_cell(), row.regime, row.turnout, row.result)
    if wide(console, table):
        console.print(table)
    else:
        for index, entry in enumerate(entries):
            row = _overview_row(entry, options.decimals, "; ")
            facts = [f"closed {row.closed}" if row.closed else "", row.regime]
            facts.append(f"turnout {row.turnout}" if row.turnout else "")
            error = Text(row.error, style="bold red") if row.error else None
            if index:
                console.print()
            console.print(*ballot_block(row.title, row.file, facts, row.result, error))
    counts = {
        "judged": sum(1 for e in entries if e.status == BallotStatus.JUDGED),
        "open": sum(1 for e in entries if e.status != "error" and e.status.open),
        "error": sum(1 for e in entries if e.status == "error"),
    }
    tail = Text(
        f"{len(entries)} ballot files: {counts['judged']} judged, {counts['open']} open, "
        f"{counts['error']} with errors. `ballotcalc result FILE` shows one in full."
    )
    console.print(tail)
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()
