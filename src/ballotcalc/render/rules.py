"""`ballotcalc rules`: the regime table, for people."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.console import text_console
from ballotcalc.render.wording import threshold_text
from ballotcalc.rules import Regime, RuleBook


def _opened(regime: Regime) -> str:
    def bound(value: object) -> str:
        return "the commencement of ERA 2025 s.68" if value == "s68_from" else str(value)

    start, end = regime.opened_from, regime.opened_before
    if start is None and end is None:
        return "any date"
    if start is None:
        return f"before {bound(end)}"
    if end is None:
        return f"from {bound(start)}"
    return f"{bound(start)} to before {bound(end)}"


def _support(regime: Regime) -> str:
    if regime.support_threshold is None:
        return "none"
    scope = (
        " (important public services)"
        if regime.support_applies_to_important_public_services
        else ""
    )
    return f"{threshold_text(regime.support_threshold)} of eligible{scope}"


def regime_cells(regime: Regime) -> tuple[str, ...]:
    """A regime at a glance, after its id and name: when ballots opened, the turnout and support
    thresholds, the mandate and the notice of action (the table here and docs/regimes.md)."""
    return (
        _opened(regime),
        threshold_text(regime.turnout_threshold) or "none",
        _support(regime),
        regime.mandate.describe() if regime.mandate else "none",
        regime.describe_notice(),
    )


def _console(buffer: io.StringIO) -> Console:
    return text_console(buffer, width=120)


def render_regimes(book: RuleBook) -> str:
    buffer = io.StringIO()
    table = Table(show_lines=True)
    for column in ("id", "name", "ballots opened", "turnout", "40% support", "mandate", "notice"):
        table.add_column(column)
    for r in book.regimes:
        table.add_row(r.id, r.name, *regime_cells(r))
    console = _console(buffer)
    console.print(table)
    console.print(Text(NOT_LEGAL_ADVICE))
    return buffer.getvalue()


def render_regime(book: RuleBook, r: Regime) -> str:
    """One regime in full: what an officer needs to apply it, each rule with its provision as
    cited where the ballot is held (TULRCA sections in Great Britain, TULR(NI) Order articles in
    Northern Ireland)."""

    def cite(section: str) -> str:
        return book.cite(r.jurisdiction, section)

    lines = [
        f"{r.id}: {r.name}",
        f"  jurisdiction: {r.jurisdiction}",
        f"  ballots opened: {_opened(r)}",
    ]
    setting = book.setting_of(r)
    if setting is not None:
        lines.append(f"  commencement: {setting.describe()}")
    lines += [
        f"  turnout test: {threshold_text(r.turnout_threshold) or 'none'}"
        + (" of those entitled to vote" if r.turnout_threshold else ""),
        f"  support test: {_support(r)}",
    ]
    if r.support_threshold is not None and r.support_applies_to_important_public_services:
        lines.append(
            "  important public services (the ballot file's important_public_service: value; "
            "the test applies where most of those entitled normally work in one):"
        )
        lines += [f"    - {s.id}: {s.name} ({s.regulations})" for s in book.public_services]
    for x in r.support_exemptions:
        lines.append(
            f"  exception ({x.id}): no support test: {x.describe()}; say so with "
            f"{x.ballot_flag}: true in the ballot file"
        )
    lines += [
        "  majority: more Yes than No"
        + (
            f"; spoiled papers count as votes cast ({cite('297A')}), so Yes not more than half "
            "of all votes cast is reported as at risk"
            if r.spoiled_count_as_votes
            else ""
        ),
        "  mandate"
        + (f" ({cite('234')})" if r.mandate else "")
        + f": {r.mandate.describe() if r.mandate else 'none'}",
        "  notice of action"
        + (f" ({cite('234A')})" if r.notice_days else "")
        + f": {r.describe_notice()}",
    ]
    if r.notice is not None:  # the result notice, in the words of the regime's version of s.231
        words = r.notice.wording
        lines.append(f"  members and employer must be told ({cite('231')}; {cite('231A')}):")
        lines += [f"    - {words.statements.get(item, item)}" for item in r.information_items]
        lines.append(f"    (words: {words.source})")
        if words.caution:
            lines.append(f"    CAUTION: {words.caution}")
    lines += ["  sources:", *[f"    - {s}" for s in r.sources]]
    if r.notes:
        lines += ["  notes:", *[f"    - {n}" for n in r.notes]]
    return "\n".join([*lines, NOT_LEGAL_ADVICE]) + "\n"
