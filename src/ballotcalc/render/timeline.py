"""`ballotcalc timeline` output: a table for people, JSON and CSV for scripts, iCalendar for
diaries.

Only formatting: every date comes from `ballotcalc.timeline.Timeline`. The iCalendar file is built
with the maintained `icalendar` library (RFC 5545 escaping, folding and line endings are easy to get
subtly wrong by hand). Re-importing a calendar must update its events, never double them or be
ignored (RFC 5545 s.3.8.4.7, s.3.8.7.2, s.3.8.7.4):

* UID: from the ballot file's NAME (not its folder, so a colleague's clone gives the same events),
  its title and the entry's key; not from the file's content, so correcting a date or a figure
  keeps the event. Two ballots side by side differ by name or title, and each SUMMARY starts with
  the title so a diary can tell them apart. Renaming the file or retitling the ballot starts a new
  set of events.
* DTSTAMP and LAST-MODIFIED: when the ballot was last revised (`revised`, given by the command: the
  file's modification time, or SOURCE_DATE_EPOCH), never the clock.
* SEQUENCE: whole seconds from 2020-01-01 UTC to that revision. A later save always gives a higher
  number, as calendar programs need to take an update (a hash of the content would not rise), and
  the same file gives the same calendar byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from ballotcalc._version import __version__
from ballotcalc.bank_holidays import weekday
from ballotcalc.plan import Plan
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.formats import TimelineFormat
from ballotcalc.timeline import Entry, Timeline

if TYPE_CHECKING:
    from rich.text import Text

CSV_COLUMNS = (
    "file",
    "title",
    "regime",
    "date",
    "weekday",
    "day_flag",
    "key",
    "what",
    "rule",
    "kind",
    "to_check",
    "note",
)
VERDICT_WORDS = {
    "possible": "PLAN POSSIBLE",
    "not-possible": "PLAN NOT POSSIBLE",
    "cannot-check": "PLAN CANNOT BE CHECKED",
}


def _entry_record(e: Entry) -> dict[str, Any]:
    return {
        "date": e.day.isoformat(),
        "weekday": weekday(e.day),
        "day_flag": e.day_flag,
        "key": e.key,
        "what": e.what,
        "rule": e.rule,
        "kind": e.kind,
        "to_check": e.to_check,
        "note": e.note,
    }


def _plan_record(plan: Plan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "verdict": plan.verdict,
        "checks": [{"ok": c.ok, "says": c.says, "rule": c.rule} for c in plan.checks],
        "relies_on": list(plan.relies_on),
    }


def render_json(t: Timeline) -> str:
    record = {
        "file": t.file,
        "sha256": t.sha256,
        "title": t.title,
        "regime": None if t.regime is None else {"id": t.regime.id, "name": t.regime.name},
        "consultative": t.consultative,
        "bank_holidays": [b.value for b in t.bank_holidays],
        "entries": [_entry_record(e) for e in t.entries],
        "plan": _plan_record(t.plan),
        "notes": list(t.notes),
        "warnings": [str(w) for w in t.warnings],
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
            weekday(e.day),
            e.day_flag or "",
            e.key,
            e.what,
            e.rule,
            e.kind,
            e.to_check,
            e.note,
        )
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
"""SEQUENCE counts seconds from here: it fits RFC 5545's 32-bit INTEGER until 2088."""
SEQUENCE_MAX = 2**31 - 1


def event_uid(file: str, title: str, key: str) -> str:
    """A UID that outlives edits to the ballot: the file's name (without its folder), the title,
    and the entry's key."""
    seed = "\n".join((PurePath(file).name, title, key))
    return hashlib.sha256(seed.encode()).hexdigest()[:32] + "@ballotcalc"


def sequence(revised: dt.datetime) -> int:
    """SEQUENCE for a calendar made from a ballot revised at `revised`: rises with every later
    revision; 0 for one revised before 2020, and never above a 32-bit INTEGER (RFC 5545 s.3.3.8)."""
    return min(SEQUENCE_MAX, max(0, int((revised - SEQUENCE_EPOCH).total_seconds())))


class CalendarEvent(Struct, frozen=True):
    """One all-day event of a calendar: its UID comes from `event_uid(uid_file, uid_title, key)`."""

    uid_file: str
    uid_title: str
    key: str
    day: dt.date
    summary: str
    lines: tuple[str, ...]
    """The description, one line each (the not-legal-advice line is added)."""


def render_ics(t: Timeline, revised: dt.datetime) -> bytes:
    """An iCalendar file: one all-day event per date, with the rule and any note in the text.

    `revised` (aware) is when the ballot was last changed: it sets DTSTAMP, LAST-MODIFIED and
    SEQUENCE, so an import after a change updates the events.
    """
    title = " ".join(t.title.split())  # a name is one line (X-WR-CALNAME is not escaped as text)
    events = []
    for e in t.entries:
        lines = [f"{t.title}", f"Rule: {e.rule}"]
        if e.note:
            lines.append(e.note)
        if e.to_check:
            lines.append("This date rests on an unsettled month-end reading: check it.")
        summary = f"{title}: {e.what}" + (" (date to check)" if e.to_check else "")
        events.append(CalendarEvent(t.file, t.title, e.key, e.day, summary, tuple(lines)))
    return calendar_ics(f"Ballot dates: {title}", events, revised)


def calendar_ics(name: str, events: Iterable[CalendarEvent], revised: dt.datetime) -> bytes:
    """The iCalendar file of `events` (`name` shown by calendar programs), stamped with
    `revised`: the one place ballotcalc writes RFC 5545 (timeline and mandates share it)."""
    from icalendar import Calendar, Event

    stamp = revised.astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//ballotcalc//ballotcalc {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", " ".join(name.split()))
    for e in events:
        event = Event()
        event.add("uid", event_uid(e.uid_file, e.uid_title, e.key))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", sequence(stamp))
        event.add("dtstart", e.day)
        event.add("dtend", e.day + dt.timedelta(days=1))  # RFC 5545: an all-day event's end
        event.add("summary", " ".join(e.summary.split()))
        event.add("description", "\n".join([*e.lines, NOT_LEGAL_ADVICE]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def render_table(t: Timeline, *, color: bool = False, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    from ballotcalc.render.console import lay_out, text_console
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
        table.add_column("What", overflow="fold")
        table.add_column("Rule", overflow="fold")
        for e in t.entries:
            what = Text(e.what)
            if e.day_flag:
                what.append(f"\nnot a working day: {e.day_flag}", style="yellow")
            if e.note:
                what.append(f"\n{e.note}", style="dim")
            day = Text(f"{e.day.isoformat()} {weekday(e.day)[:3]}")
            if e.to_check:
                day.append(" check", style="bold yellow")
            table.add_row(day, what, Text(e.rule))
        lay_out(console, table)  # dates whole, words unbroken; too narrow even for that: folded
        console.print(table)
    else:
        console.print(Text("No statutory dates can be worked out from this file.", style="yellow"))
    if t.plan is not None:
        console.print(_plan_text(t.plan, Text), end="")
    if t.notes:
        notes = Text("\n")
        notes.append("Notes\n", style="bold")
        for note in t.notes:
            notes.append(f"• {printable(note)}\n")
        console.print(notes, end="")
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()


def _plan_text(plan: Plan, text: type[Text]) -> Text:
    """The verdict first, then each check with its rule (rich is imported by the caller)."""
    style = "bold green" if plan.possible else "bold red"
    out = text("\n")
    out.append(VERDICT_WORDS[plan.verdict] + "\n", style=style)
    for c in plan.checks:
        out.append("  ✓ " if c.ok else "  ✗ ", style="green" if c.ok else "red")
        out.append(f"{c.says} ")
        out.append(f"({c.rule})\n", style="dim")
    if plan.relies_on:
        out.append("  Relies on: " + "; ".join(plan.relies_on) + ".\n", style="yellow")
    return out


def render(
    t: Timeline,
    fmt: TimelineFormat | str,
    *,
    color: bool = False,
    width: int | None = None,
    revised: dt.datetime | None = None,
) -> bytes:
    """The timeline in one format, as bytes (iCalendar is bytes with CRLF line ends; it needs
    `revised`, when the ballot was last changed)."""
    options = RenderOptions(color=color, width=width, revised=revised)
    return TimelineFormat(fmt).renderer()(t, options)
