"""`ballotcalc target` for a ballot with units: a table grouped for the turnout drive; JSON and CSV.

Only formatting: every figure and every grouping comes from `ballotcalc.planning.UnitsPlan`. A unit
without a count is written as such ("no returns yet", null, an empty cell), never as 0.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ballotcalc._version import __version__
from ballotcalc.numbers import percent, whole
from ballotcalc.planning import DAYS_LEFT_RULE, Group, Need, Pace, Position, UnitsPlan, UnitTarget
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.target import (
    need_rows,
    pace_text,
    posting_figures,
    posting_text,
    print_heading,
    print_notes,
    projection_text,
)

GROUP_TITLES: dict[Group, str] = {
    "met": "Met: every test reached by the counts so far",
    "within-reach": "Within reach at the recent pace",
    "out-of-reach": "Out of reach at the recent pace",
    "unknown": "Not enough to judge",
    "no-returns": "No returns yet",
}
CSV_COLUMNS = (
    "file", "unit", "group", "gap", "eligible", "as_of", "returned", "days_elapsed", "days_left",
    "returns_needed", "returns_still_needed", "returns_per_day_needed", "yes_needed", "yes_so_far",
    "yes_so_far_estimated", "yes_still_needed", "yes_per_day_needed", "yes_share_pct",
    "yes_share_from", "average_rate_per_day", "average_projected_returns", "average_projected_yes",
    "average_meets", "recent_days", "recent_first_day", "recent_rate_per_day",
    "recent_projected_returns", "recent_projected_yes", "recent_meets", "last_posting_day",
    "post_days", "bank_holidays", "posting_day_passed",
)  # fmt: skip


def _pct(value: Fraction | None, threshold: Fraction | None = None) -> Decimal | None:
    return None if value is None else percent(value, 2, threshold=threshold)


def _rate(value: Fraction) -> Decimal:
    return percent(value / 100, 2)


def _need(need: Need | None) -> dict[str, Any] | None:
    if need is None:
        return None
    return {
        "needed": need.needed,
        "so_far": need.so_far,
        "so_far_estimated": None if need.so_far is None else need.estimated,
        "still_needed": need.still,
        "per_day_needed": need.per_day,
    }


def _pace(pace: Pace | None) -> dict[str, Any] | None:
    if pace is None:
        return None
    return {
        "first_day": pace.first_day.isoformat(),
        "days": pace.days,
        "returns": pace.returns,
        "rate_per_day": _rate(pace.rate),
        "projected_returns": pace.projected_returns,
        "projected_yes": pace.projected_yes,
        "meets": pace.meets,
    }


def _position(where: Position) -> dict[str, Any]:
    return {
        "eligible": where.eligible,
        "as_of": None if where.as_of is None else where.as_of.isoformat(),
        "returned": where.returned,
        "days_elapsed": where.days_elapsed,
        "days_left": where.days_left,
        "group": where.group,
        "gap": where.gap,
        "turnout": _need(where.turnout),
        "support": _need(where.support),
        "yes_share_pct": _pct(where.yes_share),
        "pace_so_far": _pace(where.average),
        "recent_pace": _pace(where.recent),
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def render_json(plan: UnitsPlan) -> str:
    t = plan.totals
    record: dict[str, Any] = {
        "file": plan.file,
        "sha256": plan.sha256,
        "title": plan.title,
        "regime": plan.regime.id,
        "regime_name": plan.regime.name,
        "status": plan.status,
        "opened": None if plan.opened is None else plan.opened.isoformat(),
        "closed": plan.closed.isoformat(),
        "turnout_threshold_pct": _pct(plan.turnout_threshold),
        "support_threshold_pct": _pct(plan.support_threshold),
        "recent_days": plan.recent_days,
        "posting": None
        if plan.posting is None
        else {
            **posting_figures(plan.posting),
            "rule": plan.posting.rule,
        },
        "days_left_rule": DAYS_LEFT_RULE,
        "notes": list(plan.notes),
        "totals": {
            "units": t.units,
            "groups": dict(t.groups),
            "eligible": t.eligible,
            "units_with_returns": t.with_returns,
            "returned": t.returned,
            "returns_still_needed": t.returns_still_needed,
            "yes_still_needed": t.yes_still_needed,
            "legal_test": False,
        },
        "aggregate": None if plan.aggregate is None else _position(plan.aggregate),
        "units": [
            {"name": u.name, "yes_share_from": u.yes_share_from, **_position(u.position)}
            for u in plan.units
        ],
    }
    document = {
        "ballotcalc": __version__,
        "disclaimer": NOT_LEGAL_ADVICE,
        "target": _json_value(record),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def csv_row(plan: UnitsPlan, unit: UnitTarget) -> dict[str, Any]:
    p = unit.position
    t, s, a, r = p.turnout, p.support, p.average, p.recent
    return {
        "file": plan.file,
        "unit": unit.name,
        "group": p.group,
        "gap": p.gap,
        "eligible": p.eligible,
        "as_of": None if p.as_of is None else p.as_of.isoformat(),
        "returned": p.returned,
        "days_elapsed": p.days_elapsed,
        "days_left": p.days_left,
        "returns_needed": None if t is None else t.needed,
        "returns_still_needed": None if t is None else t.still,
        "returns_per_day_needed": None if t is None else t.per_day,
        "yes_needed": None if s is None else s.needed,
        "yes_so_far": None if s is None else s.so_far,
        "yes_so_far_estimated": None if s is None or s.so_far is None else s.estimated,
        "yes_still_needed": None if s is None else s.still,
        "yes_per_day_needed": None if s is None else s.per_day,
        "yes_share_pct": _pct(p.yes_share),
        "yes_share_from": unit.yes_share_from,
        "average_rate_per_day": None if a is None else _rate(a.rate),
        "average_projected_returns": None if a is None else a.projected_returns,
        "average_projected_yes": None if a is None else a.projected_yes,
        "average_meets": None if a is None else a.meets,
        "recent_days": plan.recent_days,
        "recent_first_day": None if r is None else r.first_day.isoformat(),
        "recent_rate_per_day": None if r is None else _rate(r.rate),
        "recent_projected_returns": None if r is None else r.projected_returns,
        "recent_projected_yes": None if r is None else r.projected_yes,
        "recent_meets": None if r is None else r.meets,
        **posting_figures(plan.posting),
    }


def render_csv(plan: UnitsPlan) -> str:
    """One row per unit, in the table's order (group, then gap)."""
    from ballotcalc.render.cells import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for unit in plan.units:
        row = csv_row(plan, unit)
        writer.writerow([safe_cell(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


# --- the human view ------------------------------------------------------------------------------


def _still(need: Need | None, unit: str) -> str:
    if need is None:
        return "—"
    if need.still is None:
        return "?"
    if need.still == 0:
        return "met"
    per_day = "" if need.per_day is None else f" ({whole(need.per_day)}/day)"
    return f"{whole(need.still)} {unit}{per_day}"


def _pace_cell(pace: Pace | None, where: Position) -> str:
    if pace is None:
        return "—"
    mark = {True: "meets", False: "SHORT", None: "?"}[pace.meets]
    return f"{_rate(pace.rate)}/day → {whole(pace.projected_returns)} {mark}"


def render_table(plan: UnitsPlan, *, color: bool = False, width: int | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    from ballotcalc.render.console import text_console
    from ballotcalc.render.wording import printable

    buffer = io.StringIO()
    console = text_console(buffer, color=color, width=width)
    print_heading(console, plan)
    if plan.posting is not None:
        console.print(Text.assemble(("Last posting day  ", "bold"), posting_text(plan.posting)))
    support = plan.support_threshold is not None
    days = [u.position.as_of for u in plan.units if u.position.as_of is not None]
    latest = max(days, default=None)
    if latest is not None:
        console.print(
            f"Counts up to the end of {latest} (a unit whose last count is earlier shows its day)"
        )
    if plan.aggregate is not None:
        _whole_ballot(console, plan)
    for group, count in plan.totals.groups:
        if not count:
            continue
        units = [u for u in plan.units if u.position.group == group]
        console.print()
        console.print(Text(f"{GROUP_TITLES[group]} ({count:,})", style="bold"))
        table = Table(show_edge=False, box=None, pad_edge=False, header_style="bold")
        table.add_column("Unit", overflow="fold")
        table.add_column("Eligible", justify="right")
        table.add_column("Returned", justify="right")
        table.add_column("Turnout: still needed", justify="right")
        if support:
            table.add_column(f"{_pct(plan.support_threshold)}%: Yes still needed", justify="right")
        table.add_column("Pace so far → close", justify="right")
        table.add_column(f"Last {plan.recent_days} days → close", justify="right")
        for unit in units:
            p = unit.position
            returned = "no returns yet" if p.returned is None else whole(p.returned)
            if p.as_of is not None and p.as_of != latest:
                returned += f" by {p.as_of}"
            cells = [
                printable(unit.name),
                "?" if p.eligible is None else whole(p.eligible),
                returned,
                _still(p.turnout, "returns"),
            ]
            if support:
                yes = _still(p.support, "Yes")
                if p.support is not None and p.support.estimated and p.support.still:
                    yes = "~" + yes
                cells.append(yes)
            cells += [_pace_cell(p.average, p), _pace_cell(p.recent, p)]
            table.add_row(*cells)
        console.print(table)
    t = plan.totals
    console.print()
    totals = Text("Totals (information, not a legal test)\n", style="bold")
    totals.append(
        f"{t.units:,} units; {t.with_returns:,} with returns: {whole(t.returned)} papers returned"
        + ("" if t.eligible is None else f" of {whole(t.eligible)} entitled")
    )
    if t.returns_still_needed is not None:
        totals.append(
            f"\nReturns still needed for turnout, added up: {whole(t.returns_still_needed)}"
        )
    if t.yes_still_needed is not None:
        totals.append(f"\nYes still needed for the 40% test, added up: {whole(t.yes_still_needed)}")
    console.print(totals)
    print_notes(console, plan)
    console.print(Text(NOT_LEGAL_ADVICE, style="dim italic"))
    return buffer.getvalue()


def _whole_ballot(console: Any, plan: UnitsPlan) -> None:
    """An aggregated ballot's own line: the units added together, which the tests judge."""
    from rich.table import Table
    from rich.text import Text

    where = plan.aggregate
    assert where is not None
    threshold = plan.turnout_threshold
    console.print()
    console.print(Text("The whole ballot (s.228A: the units added together)", style="bold"))
    table = Table(show_header=False, show_edge=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    if where.returned is None:
        table.add_row("Returned", "no day has a count from every unit yet")
    else:
        table.add_row("Returned", f"{whole(where.returned)} by the end of {where.as_of}")
    if where.turnout is not None and where.turnout.still is not None:
        table.add_row("Turnout: still needed", _still(where.turnout, "returns"))
    if where.support is not None:
        rows = need_rows(
            where.support, where.yes_share, where.eligible or 0, plan.support_threshold
        )
        for name, value in rows:
            table.add_row(name, value)
    for label, pace in (("Pace so far", where.average), ("Recent pace", where.recent)):
        if pace is not None:
            table.add_row(label, pace_text(pace, label == "Recent pace"))
            table.add_row("  at the close", projection_text(pace, where, threshold))
    console.print(table)
