"""The notices of ballot (s.226A) and of industrial action (s.234A) as documents: formatting only.

What each notice contains, in which words and order, and whether it may be sent, is decided in
`ballotcalc.advance_notices`; this module writes dates and figures out and hands the items to the
templates (`advance_notice.{md,txt,html}.j2`). A notice that would fail in law is rendered only as
a DRAFT, marked on its heading, with the reasons listed for the officer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from ballotcalc.bank_holidays import weekday
from ballotcalc.numbers import whole
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.documents import DocumentKind, long_date
from ballotcalc.render.formats import DocumentFormat

if TYPE_CHECKING:
    import datetime as dt

    from ballotcalc.advance_notices import AdvanceNotice, Entry
    from ballotcalc.render.letter import Letter


def day_in_words(day: dt.date) -> str:
    """Monday 2 March 2026: a notice names each day unmistakably."""
    return f"{weekday(day)} {long_date(day)}"


class ItemView(Struct, frozen=True):
    number: int
    key: str
    kind: str
    words: str
    cite: str
    value: str | None
    """A single value (a day, a total, the explanation, the action)."""
    rows: tuple[tuple[str, str], ...]
    """A list (name, "") or a count per name (name, figure)."""


class NoticeView(Struct, frozen=True):
    title: str
    basis: str
    employer: str
    union: str | None
    ballot: str
    received: str
    action: str | None
    draft: bool
    refusals: tuple[str, ...]
    items: tuple[ItemView, ...]
    not_legal_advice: str
    letter: Letter | None = None
    """The letter head and end when a union profile is used (`render.letter`); None: no letter."""
    advice: bool = True
    """Print `not_legal_advice` (false with `--no-footer`: the notice states what the law
    requires, and no conclusion)."""


def _value(entry: Entry) -> str | None:
    match entry.rule.kind:
        case "statement":
            return None
        case "date":
            return None if entry.day is None else day_in_words(entry.day)
        case "total":
            return None if entry.number is None else whole(entry.number)
        case "explanation":
            return entry.text
        case "action":
            a = entry.action
            if a is None:
                return None
            if a.continuous_from is not None:
                return (
                    "The action is intended to be continuous. The intended date for any of the "
                    f"affected employees to begin to take part: {day_in_words(a.continuous_from)}."
                )
            days = "; ".join(day_in_words(d) for d in a.days)
            return (
                "The action is intended to be discontinuous. The intended dates for any of the "
                f"affected employees to take part: {days}."
            )
    return None


def _rows(entry: Entry) -> tuple[tuple[str, str], ...]:
    if entry.rule.kind == "list":
        return tuple((name, "") for name in entry.names)
    if entry.rule.kind == "count_by":
        return tuple((name, whole(n)) for name, n in entry.counts)
    return ()


def notice_view(notice: AdvanceNotice, *, draft: bool) -> NoticeView:
    from ballotcalc.advance_notices import ACTION_TYPES

    return NoticeView(
        title=notice.version.title,
        basis=notice.version.basis,
        employer=notice.employer,
        union=notice.union,
        ballot=notice.ballot,
        received=day_in_words(notice.received),
        action=None if notice.action_type is None else ACTION_TYPES[notice.action_type],
        draft=draft,
        refusals=tuple(f"{r.says} ({r.rule})" for r in notice.refusals),
        items=tuple(
            ItemView(
                number=index,
                key=entry.rule.key,
                kind=entry.rule.kind,
                words=entry.rule.words,
                cite=entry.rule.cite,
                value=_value(entry),
                rows=_rows(entry),
            )
            for index, entry in enumerate(notice.entries, start=1)
        ),
        not_legal_advice=NOT_LEGAL_ADVICE,
    )


def render_advance_notice(
    notice: AdvanceNotice,
    fmt: DocumentFormat | str,
    *,
    template: str | None = None,
    letter: Letter | None = None,
    footer: bool = True,
) -> str:
    """One employer's notice of ballot or of action; one that would fail in law is marked DRAFT
    (the command writes it only when asked to). `letter` sends it as a letter; `footer` False
    leaves out the not-legal-advice line (`--no-footer`)."""
    from msgspec.structs import replace

    from ballotcalc.render.templating import render_template

    view = replace(notice_view(notice, draft=not notice.lawful), letter=letter, advice=footer)
    return render_template(
        DocumentKind.ADVANCE_NOTICE, DocumentFormat(fmt), {"n": view}, template=template
    )
