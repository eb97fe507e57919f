"""The human view: rich tables for a terminal. Never a data format (it wraps and colours).

All user text goes in as `rich.text.Text`, so `Depot [North]` is never read as markup, and through
`printable`, so control sequences in a ballot file never reach the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ballotcalc.judging import BallotOutcome
from ballotcalc.numbers import whole
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.wording import (
    QUESTION_TYPES,
    human_decimals,
    pct_text,
    printable,
    reasons,
    threshold_text,
    turnout_pct,
    yes_pct,
    yes_pct_of_eligible,
)
from ballotcalc.tally import QuestionOutcome, UnitOutcome

VERDICT_STYLE = {"pass": "bold green", "fail": "bold red", "at-risk": "bold yellow"}
VERDICT_WORDS = {"pass": "pass", "fail": "FAIL", "at-risk": "AT RISK"}


def _met(value: bool | None) -> Text:
    if value is None:
        return Text("n/a", style="dim")
    return Text("met", style="green") if value else Text("not met", style="red")


def _verdict(verdict: str) -> Text:
    return Text(VERDICT_WORDS[verdict], style=VERDICT_STYLE[verdict])


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
    if b.kind == "consultative":
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
                          ("40% support", "left"), ("Verdict", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for q in unit.questions:
        table.add_row(
            Text(printable(q.id)),
            whole(q.yes),
            whole(q.no),
            whole(q.spoiled),
            pct_text(yes_pct(q, human_decimals(q.yes_share, None, decimals))),
            pct_text(yes_pct_of_eligible(q, human_decimals(
                q.yes_share_of_eligible, q.support_threshold, decimals))),
            _met(q.majority_met),
            _met(q.support_met),
            _verdict(q.verdict),
        )
    return table


def _reasons(unit: UnitOutcome, questions: Sequence[QuestionOutcome], decimals: int | None) -> Text:
    text = Text()
    for q in questions:
        for reason in reasons(unit, q, decimals):
            text.append(f"• {q.id}: ", style="bold")
            text.append(reason + "\n")
    return text


def _ballot(outcome: BallotOutcome, decimals: int | None) -> Group:
    parts: list[Text | Table] = [_header(outcome), Text(), _turnout_table(outcome, decimals)]
    for unit in outcome.units:
        parts += [Text(), _questions_table(outcome, unit, decimals)]
        why = _reasons(unit, unit.questions, decimals)
        if why.plain:
            parts += [Text(), why]
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


def render_table(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="auto" if options.color else None,
        width=options.width or 100,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for index, outcome in enumerate(outcomes):
        if index:
            console.rule()
        console.print(_ballot(outcome, options.decimals))
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()
