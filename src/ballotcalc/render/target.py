"""`ballotcalc target` output: a rich view with a chart for people; JSON and CSV, same figures.

Only formatting: every figure comes from `ballotcalc.planning.Plan`. Percentages go through
`numbers.percent` with the threshold they are read against, so a projection short of the line never
prints as "50.00%".
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ballotcalc._version import __version__
from ballotcalc.bank_holidays import show
from ballotcalc.numbers import percent, whole
from ballotcalc.planning import DAYS_LEFT_RULE, Need, Pace, Plan, Position, UnitsPlan
from ballotcalc.posting import Posting
from ballotcalc.render import NOT_LEGAL_ADVICE

if TYPE_CHECKING:
    from rich.console import Console

CHART_WIDTH = 40
CSV_COLUMNS = (
    "file", "title", "regime", "status", "eligible", "opened", "closed", "as_of", "returned",
    "turnout_so_far_pct", "turnout_threshold_pct", "returns_target", "still_needed", "days_elapsed",
    "days_left", "per_day_needed", "rate_per_day", "projected_returns", "projected_turnout_pct",
    "projected_met", "crossing_day", "crossing_in_time", "support_threshold_pct", "yes_needed",
    "yes_share_pct", "support_returns_needed", "support_reachable", "support_still_needed",
    "overall_still_needed", "yes_so_far", "yes_so_far_estimated", "yes_still_needed",
    "yes_per_day_needed", "average_meets", "recent_days", "recent_first_day", "recent_rate_per_day",
    "recent_projected_returns", "recent_projected_yes", "recent_meets", "last_posting_day",
    "post_days", "bank_holidays", "posting_day_passed",
)  # fmt: skip


def _pct(value: Fraction | None, threshold: Fraction | None = None) -> Decimal | None:
    return None if value is None else percent(value, 2, threshold=threshold)


def _rate(value: Fraction | None) -> Decimal | None:
    return None if value is None else percent(value / 100, 2)


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def figures(plan: Plan) -> dict[str, Any]:
    """The flat figures shared by JSON and CSV (JSON nests `support`, `counts` and `chart`)."""
    s = plan.support
    return {
        "file": plan.file,
        "title": plan.title,
        "regime": plan.regime.id,
        "status": plan.status,
        "eligible": plan.eligible,
        "opened": _day(plan.opened),
        "closed": _day(plan.closed),
        "as_of": _day(plan.as_of),
        "returned": plan.returned,
        "turnout_so_far_pct": _pct(plan.turnout_so_far, plan.turnout_threshold),
        "turnout_threshold_pct": _pct(plan.turnout_threshold),
        "returns_target": plan.target,
        "still_needed": plan.still_needed,
        "days_elapsed": plan.days_elapsed,
        "days_left": plan.days_left,
        "per_day_needed": plan.per_day_needed,
        "rate_per_day": _rate(plan.rate),
        "projected_returns": plan.projected_returns,
        "projected_turnout_pct": _pct(plan.projected_turnout, plan.turnout_threshold),
        "projected_met": plan.projected_met,
        "crossing_day": _day(plan.crossing_day),
        "crossing_in_time": plan.crossing_in_time,
        "support_threshold_pct": None if s is None else _pct(s.threshold),
        "yes_needed": None if s is None else s.yes_needed,
        "yes_share_pct": None if s is None else _pct(s.yes_share),
        "support_returns_needed": None if s is None else s.returns_needed,
        "support_reachable": None if s is None else s.reachable,
        "support_still_needed": None if s is None else s.still_needed,
        "overall_still_needed": plan.overall_still_needed,
        **support_figures(plan.position.support),
        "average_meets": None if plan.position.average is None else plan.position.average.meets,
        "recent_days": plan.recent_days,
        **recent_figures(plan.position.recent),
        **posting_figures(plan.posting),
    }


def support_figures(need: Need | None) -> dict[str, Any]:
    """The 40% test in Yes votes: so far (estimated or counted), still needed, per day left."""
    return {
        "yes_so_far": None if need is None else need.so_far,
        "yes_so_far_estimated": None if need is None or need.so_far is None else need.estimated,
        "yes_still_needed": None if need is None else need.still,
        "yes_per_day_needed": None if need is None else need.per_day,
    }


def recent_figures(pace: Pace | None) -> dict[str, Any]:
    return {
        "recent_first_day": None if pace is None else _day(pace.first_day),
        "recent_rate_per_day": None if pace is None else _rate(pace.rate),
        "recent_projected_returns": None if pace is None else pace.projected_returns,
        "recent_projected_yes": None if pace is None else pace.projected_yes,
        "recent_meets": None if pace is None else pace.meets,
    }


def posting_figures(posting: Posting | None) -> dict[str, Any]:
    return {
        "last_posting_day": None if posting is None else _day(posting.last_day),
        "post_days": None if posting is None else posting.post_days,
        "bank_holidays": None if posting is None else [c.value for c in posting.calendars],
        "posting_day_passed": None if posting is None else posting.passed,
    }


def _json_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def render_json(plan: Plan | UnitsPlan) -> str:
    if isinstance(plan, UnitsPlan):
        from ballotcalc.render import target_units

        return target_units.render_json(plan)
    record = {k: _json_value(v) for k, v in figures(plan).items()}
    if plan.posting is not None:
        record["posting_rule"] = plan.posting.rule
    record["sha256"] = plan.sha256
    record["regime_name"] = plan.regime.name
    record["days_left_rule"] = DAYS_LEFT_RULE
    record["notes"] = list(plan.notes)
    record["counts"] = [{"date": p.day.isoformat(), "returned": p.returned} for p in plan.points]
    record["chart"] = [
        {
            "date": c.day.isoformat(),
            "line": c.line,
            "returned": c.returned,
            "projected": c.projected,
        }
        for c in plan.chart
    ]
    document = {"ballotcalc": __version__, "disclaimer": NOT_LEGAL_ADVICE, "target": record}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(plan: Plan | UnitsPlan) -> str:
    from ballotcalc.render.cells import safe_cell

    if isinstance(plan, UnitsPlan):
        from ballotcalc.render import target_units

        return target_units.render_csv(plan)

    row = figures(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow([safe_cell(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


# --- the human view ------------------------------------------------------------------------------


def _summary(plan: Plan) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    add = rows.append
    add(("Eligible", "unknown" if plan.eligible is None else whole(plan.eligible)))
    counted = f"{whole(plan.returned)} by the end of {plan.as_of}" if plan.as_of else "no count yet"
    add(("Returned", counted))
    if plan.turnout_so_far is not None:
        add(("Turnout so far", f"{_pct(plan.turnout_so_far, plan.turnout_threshold)}%"))
    if plan.days_left is not None:
        since = f"after {plan.as_of}" if plan.as_of else "from the opening day"
        add(
            (
                "Days left",
                f"{plan.days_left} ({since} up to and including the closing day "
                f"{plan.closed}; votes may be cast on it, s.246)",
            )
        )
    where = plan.position
    if plan.target is not None and plan.turnout_threshold is not None:
        add(
            (
                "Turnout test",
                f"{whole(plan.target)} returns needed ({_pct(plan.turnout_threshold)}% of "
                f"{whole(plan.eligible or 0)}, rounded up)",
            )
        )
        if plan.still_needed == 0:
            add(("  still needed", "none: the turnout threshold is reached"))
        else:
            add(("  still needed", f"{whole(plan.still_needed or 0)} returns"))
            if plan.per_day_needed is not None:
                add(("  per day left", f"{whole(plan.per_day_needed)} returns (rounded up)"))
            elif not plan.days_left:
                add(("  per day left", "no day is left after the last count"))
    if where.support is not None:
        threshold = None if plan.support is None else plan.support.threshold
        rows += need_rows(where.support, where.yes_share, plan.eligible or 0, threshold)
    for label, pace in (("Pace so far", where.average), ("Recent pace", where.recent)):
        if pace is not None:
            add((label, pace_text(pace, label == "Recent pace")))
            add(("  at the close", projection_text(pace, where, plan.turnout_threshold)))
    if plan.target is not None and plan.still_needed:
        if plan.crossing_day is not None:
            when = "before the close" if plan.crossing_in_time else "AFTER the close: too late"
            add(("Would reach the line", f"{plan.crossing_day} ({when})"))
        elif plan.crossing_in_time is False:
            add(("Would reach the line", "never at the current rate"))
    elif plan.target is not None and plan.crossing_day is not None:
        add(("Reached the line", f"by the count of {plan.crossing_day}"))
    s = plan.support
    if s is not None:
        if s.yes_share is None:
            add(
                (
                    "Returns for 40%",
                    "give --yes-share P (expected Yes as a % of papers returned), or `yes` in a "
                    "returns entry",
                )
            )
        elif not s.reachable:
            add(
                (
                    "Returns for 40%",
                    f"not reachable at {_pct(s.yes_share)}% Yes: even if all "
                    f"{whole(plan.eligible or 0)} voted",
                )
            )
        else:
            add(
                (
                    "Returns for 40%",
                    f"{whole(s.returns_needed or 0)} at {_pct(s.yes_share)}% Yes "
                    f"({whole(s.still_needed or 0)} more)",
                )
            )
    if plan.overall_still_needed is not None and s is not None and s.still_needed is not None:
        add(("Returns for every test", f"{whole(plan.overall_still_needed)} more"))
    if plan.posting is not None:
        add(("Last posting day", posting_text(plan.posting)))
    return rows


def need_rows(
    need: Need, yes_share: Fraction | None, eligible: int, threshold: Fraction | None
) -> list[tuple[str, str]]:
    """The support test's own lines: Yes needed, Yes so far, and the rest per day."""
    rows = [
        (
            "Support test",
            f"{whole(need.needed)} Yes needed ({_pct(threshold)}% of {whole(eligible)} "
            "entitled, rounded up)",
        )
    ]
    if need.so_far is None:
        rows.append(
            (
                "  Yes so far",
                "unknown: give --yes-share P (expected Yes as a % of papers returned), or `yes` "
                "in a returns entry",
            )
        )
        return rows
    so_far = whole(need.so_far)
    if need.estimated:
        so_far = (
            f"~{so_far} (estimated: {_pct(yes_share)}% Yes of the papers returned, rounded down)"
        )
    rows.append(("  Yes so far", so_far))
    if need.still == 0:
        rows.append(("  still needed", "none: the support threshold is reached"))
        return rows
    rows.append(("  still needed", f"{whole(need.still or 0)} Yes"))
    rows.append(
        (
            "  per day left",
            f"{whole(need.per_day)} Yes (rounded up)"
            if need.per_day is not None
            else "no day is left after the last count",
        )
    )
    return rows


def pace_text(pace: Pace, recent: bool) -> str:
    since = (
        f"over the {pace.days} days from {pace.first_day} to the last count"
        if recent
        else f"over {pace.days} days since the opening day (both counted)"
    )
    return f"{_rate(pace.rate)} returns a day {since}"


def projection_text(pace: Pace, where: Position, threshold: Fraction | None) -> str:
    """Where a pace leads by the close, and whether that meets each test."""
    text = f"{whole(pace.projected_returns)} returns"
    if where.eligible:
        text += f" ({_pct(Fraction(pace.projected_returns, where.eligible), threshold)}%)"
    if pace.projected_yes is not None:
        text += f", ~{whole(pace.projected_yes)} Yes"
    short = []
    if pace.turnout_met is False:
        short.append("the turnout threshold")
    if pace.support_met is False:
        short.append("the support threshold")
    if short:
        return f"{text}: SHORT of {' and '.join(short)}"
    if pace.meets:
        return f"{text}: meets every test"
    if where.support is not None and pace.projected_yes is None:
        return f"{text}; the support test cannot be told without a Yes share"
    return text


def posting_text(posting: Posting) -> str:
    text = (
        f"{show(posting.last_day)}: post takes up to {posting.post_days} working "
        f"day{'' if posting.post_days == 1 else 's'} (--post-days); "
        f"{' and '.join(c.label for c in posting.calendars)} bank holidays"
    )
    if posting.skipped:
        text += "; skipped " + ", ".join(f"{d} ({why})" for d, why in posting.skipped)
    if posting.passed:
        text += "; this day has PASSED: papers posted now may arrive too late"
    return text


def _bar(returned: int | None, projected: int | None, line: int | None, scale: int) -> str:
    cells = [" "] * (CHART_WIDTH + 1)
    value, mark = (returned, "█") if returned is not None else (projected, "░")
    if value is not None and scale:
        for i in range(min(CHART_WIDTH, value * CHART_WIDTH // scale)):
            cells[i] = mark
    if line is not None and scale:
        cells[min(CHART_WIDTH, line * CHART_WIDTH // scale)] = "│"
    return "".join(cells).rstrip()


def chart_lines(plan: Plan) -> list[str]:
    """Plain text lines: one per day (or every few days), the count or projection as a bar and
    the straight line to the threshold as a mark."""
    if not plan.chart:
        return []
    scale = max(
        [
            plan.target or 0,
            *(c.returned or 0 for c in plan.chart),
            *(c.projected or 0 for c in plan.chart),
            *(c.line or 0 for c in plan.chart),
        ]
    )
    lines = []
    for c in plan.chart:
        if c.returned is None and c.projected is None and c.line is None:
            continue
        figure = (
            whole(c.returned)
            if c.returned is not None
            else f"~{whole(c.projected)}"
            if c.projected is not None
            else ""
        )
        line = "" if c.line is None else whole(c.line)
        bar = _bar(c.returned, c.projected, c.line, scale)
        lines.append(f"{c.day}  {figure:>8}  {line:>8}  {bar}")
    return lines


def print_heading(console: Console, plan: Plan | UnitsPlan) -> None:
    """The ballot's title, dates and regime, and why there is nothing to chase if there is not:
    the same head for one ballot and for a ballot with units."""
    from rich.text import Text

    from ballotcalc.render.wording import printable

    head = Text(printable(plan.title), style="bold")
    head.append(f"\nopened {plan.opened or 'unknown'}, closes {plan.closed}")
    head.append(f"\nRegime: {plan.regime.id} — {plan.regime.name}", style="cyan")
    console.print(head)
    if plan.status != "chase":
        word = (
            "Consultative ballot: no threshold, nothing to chase."
            if plan.status == "consultative"
            else f"No threshold under {plan.regime.id}: nothing to chase."
        )
        console.print(Text(word, style="bold yellow"))


def render_table(plan: Plan | UnitsPlan, *, color: bool = False, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    if isinstance(plan, UnitsPlan):
        from ballotcalc.render import target_units

        return target_units.render_table(plan, color=color, width=width)

    from ballotcalc.render.console import text_console

    buffer = io.StringIO()
    console = text_console(buffer, color=color, width=width)
    print_heading(console, plan)
    table = Table(show_header=False, show_edge=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for name, value in _summary(plan):
        table.add_row(name, value)
    console.print(table)
    lines = chart_lines(plan)
    if lines:
        console.print()
        legend = "█ counted  ░ projected at this rate"
        if plan.target is not None:
            legend += "  │ line to the threshold"
        console.print(
            Text(f"{'date':10}  {'returned':>8}  {'line':>8}  {legend}", style="bold"),
            overflow="ignore",
            crop=False,
        )
        for text in lines:
            console.print(Text(text), overflow="ignore", crop=False)
    if plan.notes:
        print_notes(console, plan)
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()


def print_notes(console: Console, plan: Plan | UnitsPlan) -> None:
    """The plan's notes, and the rule of its last safe posting day: the same foot for one ballot
    and for a ballot with units."""
    from rich.text import Text

    from ballotcalc.render.wording import printable

    notes = Text("\n")
    notes.append("Notes\n", style="bold")
    for note in plan.notes:
        notes.append(f"• {printable(note)}\n")
    if plan.posting is not None:
        notes.append(f"• {plan.posting.rule[0].upper()}{plan.posting.rule[1:]}.\n")
    console.print(notes, end="")
