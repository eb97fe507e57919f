"""The marks the tables and the stacked blocks share: decision words and colours, the turnout bar,
shortfalls and knife-edges, in rich `Text`. Nothing here decides anything: each mark shows what
the core decided (`tally`, `units`).
"""

from __future__ import annotations

from rich.text import Text

from ballotcalc.numbers import whole
from ballotcalc.render.wording import (
    DECISION_WORDS,
    printable,
    spare_text,
    test_label,
)
from ballotcalc.tally import Decision, Margin, QuestionOutcome, UnitOutcome

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
