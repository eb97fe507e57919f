"""Many ballots at once (`result DIR`): one row per ballot by date, its status and each question's
outcome, or stacked blocks on a narrow screen.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from msgspec import Struct
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ballotcalc.judging import BallotOutcome, BallotStatus, Entry
from ballotcalc.numbers import percent
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.console import text_console, wide
from ballotcalc.render.marks import decision, flagged_edges
from ballotcalc.render.stacked import ballot_block
from ballotcalc.render.table import NAME_WIDTH
from ballotcalc.render.wording import (
    human_decimals,
    pct_text,
    printable,
    turnout_pct,
)
from ballotcalc.tally import Decision


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
    console = text_console(buffer, color=options.color, width=options.width)
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
