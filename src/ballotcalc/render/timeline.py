"""`ballotcalc timeline` output: a table for people, JSON and CSV for scripts, iCalendar for
diaries.

Only formatting: every date comes from `ballotcalc.timeline.Timeline`. The iCalendar file is built
with the maintained `icalendar` library (RFC 5545 escaping, folding and line endings are easy to get
subtly wrong by hand) and is deterministic: each event's UID is derived from the ballot file's
sha256 and the entry's key, and DTSTAMP is fixed from the ballot's own dates, never the clock, so
the same file gives the same calendar and re-importing it updates events instead of doubling them.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import json
from typing import Any

from ballotcalc._version import __version__
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.timeline import Entry, Timeline

CSV_COLUMNS = ("file", "title", "regime", "date", "key", "what", "rule", "kind", "to_check", "note")


class TimelineFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    ICS = "ics"


def _entry_record(e: Entry) -> dict[str, Any]:
    return {
        "date": e.day.isoformat(),
        "key": e.key,
        "what": e.what,
        "rule": e.rule,
        "kind": e.kind,
        "to_check": e.to_check,
        "note": e.note,
    }


def render_json(t: Timeline) -> str:
    record = {
        "file": t.file,
        "sha256": t.sha256,
        "title": t.title,
        "regime": None if t.regime is None else {"id": t.regime.id, "name": t.regime.name},
        "consultative": t.consultative,
        "entries": [_entry_record(e) for e in t.entries],
        "notes": list(t.notes),
    }
    document = {"ballotcalc": __version__, "disclaimer": NOT_LEGAL_ADVICE, "timeline": record}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(t: Timeline) -> str:
    from ballotcalc.render.cells import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    regime = "" if t.regime is None else t.regime.id
    for e in t.entries:
        row = (
            t.file,
            t.title,
            regime,
            e.day.isoformat(),
            e.key,
            e.what,
            e.rule,
            e.kind,
            e.to_check,
            e.note,
        )
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def event_uid(sha256: str, key: str) -> str:
    """A stable UID: the same ballot file and entry always give the same event."""
    return hashlib.sha256(f"{sha256}:{key}".encode()).hexdigest()[:32] + "@ballotcalc"


def stamp_day(t: Timeline) -> dt.date:
    """DTSTAMP's day, fixed by the ballot (never the clock): the date of the ballot, else the
    opening day, else the earliest entry."""
    by_key = {e.key: e.day for e in t.entries}
    for key in ("date-of-ballot", "opened"):
        if key in by_key:
            return by_key[key]
    return min(by_key.values(), default=dt.date(1970, 1, 1))


def render_ics(t: Timeline) -> bytes:
    """An iCalendar file: one all-day event per date, with the rule and any note in the text."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//ballotcalc//ballotcalc {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Ballot dates: {t.title}")
    stamp = dt.datetime.combine(stamp_day(t), dt.time(0, 0), tzinfo=dt.UTC)
    for e in t.entries:
        event = Event()
        event.add("uid", event_uid(t.sha256, e.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", e.day)
        event.add("dtend", e.day + dt.timedelta(days=1))
        event.add("summary", e.what + (" (date to check)" if e.to_check else ""))
        lines = [f"{t.title}", f"Rule: {e.rule}"]
        if e.note:
            lines.append(e.note)
        if e.to_check:
            lines.append("This date rests on an unsettled month-end reading: check it.")
        lines.append(NOT_LEGAL_ADVICE)
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def render_table(t: Timeline, *, color: bool = False, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    from ballotcalc.render.console import text_console
    from ballotcalc.render.wording import printable

    buffer = io.StringIO()
    console = text_console(buffer, color=color, width=width)
    head = Text(printable(t.title), style="bold")
    if t.regime is not None:
        head.append(f"\nRegime: {t.regime.id} — {t.regime.name}", style="cyan")
    console.print(head)
    if t.entries:
        table = Table(show_edge=False)
        table.add_column("Date", no_wrap=True)
        table.add_column("What")
        table.add_column("Rule")
        for e in t.entries:
            what = Text(e.what)
            if e.note:
                what.append(f"\n{e.note}", style="dim")
            day = Text(e.day.isoformat())
            if e.to_check:
                day.append(" check", style="bold yellow")
            table.add_row(day, what, Text(e.rule))
        console.print(table)
    else:
        console.print(Text("No statutory dates can be worked out from this file.", style="yellow"))
    if t.notes:
        notes = Text("\n")
        notes.append("Notes\n", style="bold")
        for note in t.notes:
            notes.append(f"• {printable(note)}\n")
        console.print(notes, end="")
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()


def render(
    t: Timeline, fmt: TimelineFormat | str, *, color: bool = False, width: int | None = None
) -> bytes:
    """The timeline in one format, as bytes (iCalendar is bytes with CRLF line ends)."""
    fmt = TimelineFormat(fmt)
    if fmt is TimelineFormat.ICS:
        return render_ics(t)
    if fmt is TimelineFormat.JSON:
        return render_json(t).encode()
    if fmt is TimelineFormat.CSV:
        return render_csv(t).encode()
    return render_table(t, color=color, width=width).encode()
