"""Slips an officer makes that validate cleanly and would still fake a mandate.

Each rule here turns a file that parses into one that cannot be what was meant: a year typed
wrong (opened 2014-05-01, closed 2024-05-29 picks the 2011 law and no turnout test), results for a
ballot that has not closed, percentages typed where counts belong (73/26/1 with 962 papers
returned), an export's TOTAL row judged as one more employer. The rules are pure functions of the
figures; `model.consistency` turns what they find into located problems, and `ballotcalc new`
shares the date rule. Where a real ballot can look like a slip (a ballot that ran for months,
counts that happen to add up to 100), the ballot file says so with a confirming key.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from ballotcalc.errors import InputError

if TYPE_CHECKING:
    from ballotcalc.loading import PathKey
    from ballotcalc.model import Ballot, Counts, Unit

MAX_OPEN_WEEKS = 12
"""Longer than any industrial action ballot runs (they are usually 2 to 6 weeks): a longer one is
far more likely a year typed wrong than a real ballot, so it needs `long_ballot_confirmed`."""
LONG_BALLOT_KEY = "long_ballot_confirmed"
PERCENT_KEY = "counts_not_percentages_confirmed"
TODAY_ENV = "BALLOTCALC_TODAY"
"""Sets "today" (YYYY-MM-DD) for the check that results are not for a ballot still open; for tests
and for preparing documents ahead of the date."""

PERCENT_TOTAL = 100
PERCENT_NEAR = 50
"""Votes cast within this of 100 could be a small ballot whose counts add up to 100: not flagged."""


def period_problem(
    opened: dt.date | None, closed: dt.date | None, *, long_confirmed: bool = False
) -> str | None:
    """What is wrong with a ballot's dates, in words, or None.

    A ballot cannot close before it opens; one open more than `MAX_OPEN_WEEKS` weeks is refused
    unless confirmed, because the opening date chooses the law (a 2014 typo for 2024 judges a
    2024 ballot with no turnout test).
    """
    if opened is None or closed is None:
        return None
    if closed < opened:
        return f"closed {closed} is before the ballot opened ({opened})"
    days = (closed - opened).days
    if days > 7 * MAX_OPEN_WEEKS and not long_confirmed:
        return (
            f"opened {opened} and closed {closed}, {days:,} days later: more than "
            f"{MAX_OPEN_WEEKS} weeks; is a year or month typed wrong? (the opening date chooses "
            f"the law). If the ballot really ran that long, add `{LONG_BALLOT_KEY}: true`"
        )
    return None


def today() -> dt.date:
    """Today, or the day `BALLOTCALC_TODAY` gives; a value that is not a date is an input error."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError.single(
            TODAY_ENV, f"'{value}' is not a date (dates are written YYYY-MM-DD)"
        ) from None


def future_problem(opened: dt.date | None, closed: dt.date | None) -> str | None:
    """Results for a ballot that has not closed yet (by its closing date, else its opening date)."""
    day = closed or opened
    if day is None:
        return None
    now = today()
    if day <= now:
        return None
    which = "closes" if closed is not None else "opens"
    return (
        f"the ballot {which} on {day}, after today ({now}), but the file gives results: a "
        "result is known only after the ballot closes; check the date (a ballot still open has "
        "no votes_cast or results)"
    )


def percent_like(yes: int, no: int, spoiled: int, votes_cast: int) -> bool:
    """Counts that are probably percentages: Yes + No (+ spoiled) make exactly 100 while the
    votes cast are far from 100, so they cannot be the counts of those papers."""
    hundred = yes + no == PERCENT_TOTAL or yes + no + spoiled == PERCENT_TOTAL
    return hundred and abs(votes_cast - PERCENT_TOTAL) > PERCENT_NEAR


def percent_message(yes: int, no: int, spoiled: int, votes_cast: int) -> str:
    total = yes + no + spoiled
    return (
        f"yes {yes:,}, no {no:,}, spoiled {spoiled:,} (together {total:,}) look like "
        f"percentages, not counts: {votes_cast:,} papers were returned; enter the numbers of "
        "papers from the scrutineer's report. If these really are the counts, add "
        f"`{PERCENT_KEY}: true`"
    )


_TOTAL_TEMPLATE = (
    "^{g}(?:(?:{grand}|{sub}){g})?"
    "(?:{total}{s}?|{sum}|{overall}|{summary}|{all}(?:{g}(?:{units}|{total}{s}?))?|{total}{s}?{g}{all})"
    "{g}$"
)
_GAP = "[ \t_.:*()#/-]*"
"""What may stand between and around the words: spaces and punctuation, never a line break."""
_WORDS = ("grand", "sub", "total", "s", "sum", "overall", "summary", "all", "units")


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


_TOTAL_NAME = re.compile(
    _TOTAL_TEMPLATE.format(g=_GAP, **{w: w for w in _WORDS}), re.IGNORECASE | re.MULTILINE
)
"""The names a membership export gives a total row (TOTAL, Grand total, Sub-total, Sum, All,
Overall...), in any case and with any spaces or punctuation; a workplace is never called "Total"."""
TOTAL_NAME_SCHEMA = _TOTAL_TEMPLATE.format(g=_GAP, **{w: _any_case(w) for w in _WORDS})
"""The same names as a JSON Schema pattern (which has no flag for case), for editors."""


def total_rows(names: Sequence[str]) -> list[int]:
    """The indexes of the names that are a total row's.

    A national ballot has 200,000 units, so the names are searched as one text by one pattern
    (in C), not one call per name; a name with a line break in it cannot be a total's."""
    text = "\n".join(names)
    if text.count("\n") != len(names) - 1:  # a name spans lines: one at a time
        return [i for i, name in enumerate(names) if "\n" not in name and is_total_name(name)]
    return [text.count("\n", 0, match.start()) for match in _TOTAL_NAME.finditer(text)]


def is_total_name(name: str) -> bool:
    return _TOTAL_NAME.fullmatch(name) is not None


TOTAL_ROW_MESSAGE = (
    "is a total or subtotal row, not a workplace or employer, and would be judged as one: "
    "remove the row (ballotcalc adds up the units itself)"
)


def sum_row(units: Sequence[Unit], question_ids: Sequence[str]) -> int | None:
    """The index of a unit whose every figure is the sum of the other units' (a total row with a
    name the export chose), or None.

    Counts are never negative, so only a unit with half of all the votes cast can be one. It must
    be the only such unit: two halves are two like workplaces and units with no votes, not a total
    (with one half, at least two other units had votes).
    """
    if len(units) < 3:
        return None
    votes = [u.votes_cast or 0 for u in units]  # searched in C below: a national ballot has 200,000
    total_votes = sum(votes)
    half, odd = divmod(total_votes, 2)
    if odd or not half or votes.count(half) != 1:
        return None
    index = votes.index(half)
    unit = units[index]
    others = [u for i, u in enumerate(units) if i != index]
    if unit.eligible is not None:
        eligible = [u.eligible for u in others]
        if any(e is None for e in eligible) or unit.eligible != sum(e or 0 for e in eligible):
            return None
    results = [u.results for u in others]
    if unit.results is None or any(r is None for r in results):
        return None  # a ballot still open: no figures to add up
    total = unit.results
    rows = [r for r in results if r is not None]
    adds_up = all(
        qid in total
        and all(qid in r for r in rows)
        and all(
            getattr(total[qid], answer) == sum(getattr(r[qid], answer) for r in rows)
            for answer in ("yes", "no", "spoiled")
        )
        for qid in question_ids
    )
    return index if adds_up else None


# --- figures that do not reconcile, in documents ---------------------------------------------------


class Mismatch(Struct, frozen=True):
    """One question of one separate ballot whose Yes + No + spoiled is not its votes cast."""

    path: PathKey
    """Where the counts are: ("results", id), or ("units", index, "results", id)."""
    unit: str | None
    question: str
    answered: int
    votes_cast: int

    def sentence(self) -> str:
        where = f"{self.unit}, " if self.unit is not None else ""
        return (
            f"{where}question {self.question}: Yes + No + spoiled = {self.answered:,}, "
            f"not the {self.votes_cast:,} votes cast"
        )


def unreconciled(ballot: Ballot) -> tuple[Mismatch, ...]:
    """Every question whose answers do not add up to the votes cast (the file's own figures, unit
    by unit). Validation refuses more answers than papers; fewer is a warning, and this list is
    what documents must not pass over in silence."""
    each: list[tuple[PathKey, str | None, int, dict[str, Counts]]]
    if ballot.units is not None:
        each = [
            (("units", i), u.name, u.votes_cast, u.results)
            for i, u in enumerate(ballot.units)
            if u.votes_cast is not None and u.results is not None
        ]
    elif ballot.results is not None and ballot.votes_cast is not None:
        each = [((), None, ballot.votes_cast, ballot.results)]
    else:
        return ()
    return tuple(
        Mismatch((*prefix, "results", qid), name, qid, c.yes + c.no + c.spoiled, votes_cast)
        for prefix, name, votes_cast, results in each
        for qid, c in results.items()
        if c.yes + c.no + c.spoiled != votes_cast
    )


AS_REPORTED_OPTION = "--figures-as-reported"


def _listed(mismatches: Sequence[Mismatch]) -> str:
    shown = "; ".join(m.sentence() for m in mismatches[:3])
    more = f"; and {len(mismatches) - 3:,} more" if len(mismatches) > 3 else ""
    return shown + more


def figures_caution(mismatches: Sequence[Mismatch]) -> str | None:
    """The caution a circular carries when its figures do not reconcile; None when they do."""
    if not mismatches:
        return None
    return (
        f"Caution: these figures do not add up ({_listed(mismatches)}). Check them against the "
        "scrutineer's report before relying on this circular."
    )


def as_reported_line(mismatches: Sequence[Mismatch]) -> str | None:
    """What a statutory notice records when it was made from such figures at the user's word."""
    if not mismatches:
        return None
    return (
        "The figures in this notice are as the scrutineer reported them, although they do not "
        f"add up ({_listed(mismatches)})."
    )


def refusal(mismatch: Mismatch) -> str:
    """Why no statutory notice is made from these figures, and what to do."""
    return (
        f"{mismatch.sentence()}: a statutory notice is not made from figures that do not add "
        "up; correct them from the scrutineer's report, or, if they are exactly as the "
        f"scrutineer reported them, give {AS_REPORTED_OPTION} (the notice then says so)"
    )
