"""Stacked blocks: the tables on a screen too narrow for them. Each unit, question or ballot file is
a bold heading (the name) and indented lines that rich wraps at spaces, so "1,402" or "49.91%"
stays whole at any width (`console.wide` decides which layout a screen gets).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from ballotcalc.judging import BallotOutcome
from ballotcalc.numbers import whole
from ballotcalc.render.marks import (
    KNIFE_EDGE_STYLE,
    decision,
    flagged_edges,
    knife_edge_lines,
    met,
    shortfall_lines,
    turnout_bar,
)
from ballotcalc.render.wording import (
    QUESTION_TYPES,
    human_decimals,
    pct_text,
    printable,
    threshold_text,
    turnout_pct,
    yes_pct,
    yes_pct_of_eligible,
)
from ballotcalc.tally import QuestionOutcome, UnitOutcome

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
