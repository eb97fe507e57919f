"""`ballotcalc mandates` output: a table for people, JSON and CSV for scripts, iCalendar for diaries.

Only formatting: every status, date and count of days comes from `ballotcalc.mandates.Register`.
The calendar is made by the timeline's calendar code (`render.timeline.calendar_ics`: stable UIDs,
DTSTAMP and SEQUENCE from when the ballots were last revised), one event per mandate's last day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ballotcalc._version import __version__
from ballotcalc.mandates import (
    ActionNotice,
    MandateLine,
    NoticeNeed,
    Reballot,
    Register,
    Status,
    ends,
)
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.timeline import CalendarEvent, calendar_ics

if TYPE_CHECKING:  # rich is imported only for the table
    from rich.console import RenderableType
    from rich.text import Text

CSV_COLUMNS = (
    "file", "title", "regime", "unit", "question", "type", "decision", "status", "kind",
    "from", "last_day", "last_day_to_check", "last_day_if_agreed", "days_left", "reballot",
    "reballot_by", "told_employer", "notices", "notified_on", "notice_need", "notice_covers_to",
    "beyond_mandate", "on",
)  # fmt: skip
"""One row per unit and question (one per open ballot, with no question). `notices` lists the
recorded notices of action, `;`-separated, each `received: days` (or `received: from DAY`, with
`ceased DAY`); `beyond_mandate` the notified days after the mandate, space-separated."""

STATUS_WORDS = {
    Status.LIVE: "live",
    Status.AT_RISK: "at risk (s.297A)",
    Status.EXPIRED: "expired",
    Status.NOT_YET: "not yet (ballot closes later)",
    Status.NONE: "none",
    Status.UNDATED: "mandate, no closing date",
    Status.OPEN: "open ballot",
}
STATUS_STYLES = {
    Status.LIVE: "green",
    Status.AT_RISK: "yellow",
    Status.EXPIRED: "red",
    Status.NOT_YET: "cyan",
    Status.NONE: "red",
    Status.UNDATED: "yellow",
    Status.OPEN: "cyan",
}


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def line_record(line: MandateLine) -> dict[str, Any]:
    """One line of the register, every field by name, in the order scripts see them."""
    return {
        "file": line.file,
        "title": line.title,
        "regime": line.regime,
        "unit": line.unit,
        "question": line.question,
        "type": line.question_type,
        "decision": None if line.decision is None else line.decision.value,
        "status": line.status.value,
        "kind": line.kind,
        "from": _day(line.date_of_ballot),
        "last_day": _day(line.last_day),
        "last_day_to_check": line.last_day_to_check,
        "last_day_if_agreed": _day(line.last_day_if_agreed),
        "days_left": line.days_left,
        "reballot": line.reballot.value or None,
        "reballot_by": _day(line.reballot_by),
        "told_employer": _day(line.told_employer),
        "notices": [notice_record(n) for n in line.notices],
        "notified_on": line.notified_on,
        "notice_need": line.notice_need.value or None,
        "notice_covers_to": _day(line.notice_covers_to),
        "beyond_mandate": [day.isoformat() for day in line.beyond_mandate],
    }


def notice_record(n: ActionNotice) -> dict[str, Any]:
    return {
        "received": n.received.isoformat(),
        "action": n.action,
        "continuous_from": _day(n.continuous_from),
        "days": [day.isoformat() for day in n.days],
        "ceased": _day(n.ceased),
    }


def _notice_cell(n: ActionNotice) -> str:
    """One notice in a CSV cell or the table: when received, and what it notified."""
    if n.continuous_from is not None:
        what = f"from {n.continuous_from.isoformat()}"
        if n.ceased is not None:
            what += f", ceased {n.ceased.isoformat()}"
    else:
        what = " ".join(day.isoformat() for day in n.days)
    return f"{n.received.isoformat()}: {what}"


def render_json(r: Register) -> str:
    document = {
        "ballotcalc": __version__,
        "disclaimer": NOT_LEGAL_ADVICE,
        "on": r.on.isoformat(),
        "mandates": [line_record(line) for line in r.lines],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(r: Register) -> str:
    from ballotcalc.render.cells import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in r.lines:
        record = line_record(line)
        record["notices"] = "; ".join(_notice_cell(n) for n in line.notices)
        record["beyond_mandate"] = " ".join(record["beyond_mandate"])
        row = [record[c] for c in CSV_COLUMNS[:-1]] + [r.on.isoformat()]
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def event_title(line: MandateLine) -> str:
    """A calendar event's title: the ballot, the unit, the question and what the day is."""
    what = "last day to begin action" if line.kind == "begin-within" else "mandate ends"
    at_risk = " (at risk, s.297A)" if line.status is Status.AT_RISK else ""
    return f"{line.title} - {line.unit}: {line.question} {what}{at_risk}"


def render_ics(r: Register, revised: dt.datetime) -> bytes:
    """An iCalendar file with one all-day event on the last day of each mandate (and each one at
    risk); its UID from the ballot file's name, title, unit and question, so importing again after
    an edit updates the events."""
    events = []
    for line in ends(r.lines):
        assert line.last_day is not None
        text = [
            line.title,
            f"Unit: {line.unit}",
            f"Question: {line.question} ({line.question_type})",
            f"Mandate from {_day(line.date_of_ballot)} (the date of the ballot, s.246) to "
            f"{line.last_day.isoformat()} (s.234).",
        ]
        if line.kind == "begin-within":
            text.append("Action must begin by this day; a new ballot is needed for action after.")
        else:
            text.append("A new ballot must have closed by this day for action to go on after it.")
        if line.last_day_if_agreed is not None:
            text.append(
                f"If the employer agrees a longer period: {line.last_day_if_agreed.isoformat()}."
            )
        if line.last_day_to_check:
            text.append("This date rests on an unsettled month-end reading: check it.")
        events.append(
            CalendarEvent(
                uid_file=line.file,
                uid_title=line.title,
                key=f"mandate-end\n{line.unit}\n{line.question}",
                day=line.last_day,
                summary=event_title(line),
                lines=tuple(text),
            )
        )
    return calendar_ics("Mandates", events, revised)


def _reballot_words(line: MandateLine) -> str:
    if line.reballot is Reballot.BEFORE and line.reballot_by is not None:
        return f"close a new ballot by {line.reballot_by.isoformat()}"
    if line.reballot is Reballot.NOW:
        return "needed now"
    return ""


NEED_WORDS = {
    NoticeNeed.NONE_RECORDED: (
        "none recorded within the mandate: any action needs a notice (s.234A)"
    ),
    NoticeNeed.AFTER: "days after {to} need a new notice{within}",
    NoticeNeed.CEASED: "ceased {to}: action again needs a new notice (s.234A(7)){within}",
    NoticeNeed.MANDATE_ENDS: (
        "notified to {to}, the mandate's last day: the mandate ends then; further action needs a "
        "new ballot"
    ),
    NoticeNeed.COVERED: "continuous action notified: covered to the last day",
    NoticeNeed.NOT_APPLICABLE: "",
}


def _notices_words(line: MandateLine) -> str:
    """The notices column: the notices recorded, what further action needs, and days notified
    after the mandate."""
    parts = [
        f"notice received {n.received.isoformat()} for "
        + (
            ", ".join(day.isoformat() for day in n.days)
            if n.continuous_from is None
            else f"continuous action from {n.continuous_from.isoformat()}"
            + (f", ceased {n.ceased.isoformat()}" if n.ceased else "")
        )
        for n in line.notices
    ]
    if line.told_employer is not None:
        parts.insert(0, f"told {line.told_employer.isoformat()}")
    need = NEED_WORDS[line.notice_need]
    if need:
        within = (
            f", up to the mandate's last day, {_day(line.last_day)}"
            if line.kind == "expires" and line.last_day is not None
            else ""
        )
        parts.append(need.format(to=_day(line.notice_covers_to), within=within))
    if line.notified_on is not None and line.notices:
        parts.append("notified on the day asked about" if line.notified_on else
                     "not notified on the day asked about")  # fmt: skip
    if line.beyond_mandate:
        days = ", ".join(day.isoformat() for day in line.beyond_mandate)
        parts.append(f"NOT COVERED: {days} after the mandate; a new ballot is needed")
    return "; ".join(parts)


def _blocks(lines: Sequence[MandateLine], text: type[Text]) -> list[RenderableType]:
    """The table's rows as blocks: each unit's name, then a line per question with its status,
    dates and days left, and what a re-ballot needs (rich is imported by the caller)."""
    from ballotcalc.render.stacked import block
    from ballotcalc.render.wording import printable

    by_unit: dict[str, list[MandateLine]] = {}
    for line in lines:
        by_unit.setdefault(line.unit, []).append(line)
    out: list[RenderableType] = []
    for unit, rows in by_unit.items():
        body = []
        for line in rows:
            row = text(f"{line.question or '(no question)'}: ")
            row.append(STATUS_WORDS[line.status], style=STATUS_STYLES[line.status])
            facts = [f"from {_day(line.date_of_ballot)}" if line.date_of_ballot else ""]
            if line.last_day is not None:
                begin = " (begin by)" if line.kind == "begin-within" else ""
                check = " check" if line.last_day_to_check else ""
                facts.append(f"last day {_day(line.last_day)}{begin}{check}")
            if line.days_left is not None:
                facts.append(f"{line.days_left:,} days left")
            row.append("".join(f" · {f}" for f in facts if f))
            words = _reballot_words(line)
            body += [row, text(f"re-ballot: {words}", style="dim")] if words else [row]
        out += [text(), *block(text(printable(unit)), body)]
    return out


def render_table(r: Register, *, color: bool = False, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    from ballotcalc.render.console import text_console, wide
    from ballotcalc.render.wording import printable

    buffer = io.StringIO()
    console = text_console(buffer, color=color, width=width)
    console.print(Text(f"Mandates on {r.on.isoformat()}", style="bold"))
    counts = ", ".join(
        f"{r.count(status)} {STATUS_WORDS[status]}" for status in Status if r.count(status)
    )
    console.print(Text(f"{len(r.lines)} lines (unit and question): {counts or 'none'}"))
    by_file: dict[str, list[MandateLine]] = {}
    for line in r.lines:
        by_file.setdefault(line.file, []).append(line)
    for file, lines in by_file.items():
        first = lines[0]
        head = Text("\n")
        head.append(printable(first.title), style="bold")
        head.append(f"\n{file}", style="dim")
        if first.regime is not None:
            head.append(f" · regime {first.regime}", style="cyan")
        console.print(head)
        table = Table(show_edge=False)
        table.add_column("Unit")
        table.add_column("Question")
        table.add_column("Status", no_wrap=True)
        table.add_column("From", no_wrap=True)
        table.add_column("Last day", no_wrap=True)
        table.add_column("Days left", justify="right", no_wrap=True)
        table.add_column("Re-ballot")
        for line in lines:
            last = Text(_day(line.last_day) or "")
            if line.kind == "begin-within" and line.last_day is not None:
                last.append(" begin by", style="dim")
            if line.last_day_to_check:
                last.append(" check", style="bold yellow")
            table.add_row(
                Text(printable(line.unit)),
                Text(line.question or ""),
                Text(STATUS_WORDS[line.status], style=STATUS_STYLES[line.status]),
                Text(_day(line.date_of_ballot) or ""),
                last,
                Text("" if line.days_left is None else f"{line.days_left:,}"),
                Text(_reballot_words(line)),
            )
        if wide(console, table):
            console.print(table)
        else:  # a narrow screen: one block per unit rather than names and figures cut short
            for part in _blocks(lines, Text):
                console.print(part)
        if any(line.notices or line.told_employer for line in lines):
            notices = Text("Notices of action (s.234A) recorded, and what further action needs\n")
            for line in lines:
                words = _notices_words(line)
                if words and line.question is not None:
                    notices.append(f"• {printable(line.unit)} · {line.question}: ", style="bold")
                    notices.append(words + "\n")
            console.print(notices, end="")
    console.print(
        Text(
            "\nDays left count the day asked about (1 on the last day). A mandate runs from the "
            "date of the ballot (s.246) for the regime's period (s.234); before 2017 and in "
            "Northern Ireland the period is for action to begin (begin by), and action begun in "
            "time may go on after it.",
            style="dim",
        )
    )
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()
