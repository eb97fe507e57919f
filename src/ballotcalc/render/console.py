"""The one way ballotcalc's rich views make a Console: into a buffer, never reading user text as
markup or emoji, coloured only when asked, at a fixed width when piped (so output is stable).

Also the one rule for choosing a layout: a table is printed only where it fits whole. rich fits a
table that is too wide by cutting cells (`6,…`, `AT R…`) or by dropping columns, and an officer
reading a figure cut short may act on the wrong one; so every figure column is marked `no_wrap`
and `lay_out` sets every column's width itself: figures whole, other text wrapped only at spaces,
or no table at all. Where it cannot, the caller prints stacked blocks instead.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table

PIPED_WIDTH = 100
NARROW = 80
"""Below this many columns the per-unit and per-question views are always stacked blocks: a table
squeezed that far wraps every name over several lines even where its figures would fit."""
_UNBOUNDED = 100_000
"""A width no table reaches: measuring at it gives each column's natural and least widths."""


def text_console(buffer: io.StringIO, *, color: bool = False, width: int | None = None) -> Console:
    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        width=width or PIPED_WIDTH,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _content_widths(console: Console, table: Table, column: Column) -> tuple[int, int]:
    """A column's least and natural content widths: a `no_wrap` column (figures, decisions) needs
    its widest cell whole; any other needs its longest word (or its `min_width`)."""
    cells = [*([column.header] if table.show_header else []), *column.cells]
    if table.show_footer:
        cells.append(column.footer)
    unbounded = console.options.update_width(_UNBOUNDED)
    measured = [console.measure(cell, options=unbounded) for cell in cells] or [Measurement(1, 1)]
    natural = max(m.maximum for m in measured)
    least = natural if column.no_wrap else max(m.minimum for m in measured)
    least = max(least, column.min_width or 0)
    return least, max(natural, least)


def lay_out(console: Console, table: Table) -> bool:
    """Fix every column's width so that `table` fits the console with every figure whole and every
    word unbroken, and say so; or say it cannot fit (and leave it to be printed another way).

    rich shrinks a table too wide for the screen by cutting cells or squeezing columns below their
    longest word; this never does. Wrapping columns give up width widest first, each down to its
    least, so a long name wraps at its spaces before a shorter one does.
    """
    ranges = [_content_widths(console, table, column) for column in table.columns]
    table_natural = console.measure(table, options=console.options.update_width(_UNBOUNDED))
    overhead = table_natural.maximum - sum(natural for _, natural in ranges)  # padding, dividers
    budget = console.width - overhead
    if sum(least for least, _ in ranges) > budget:
        return False
    widths = [natural for _, natural in ranges]
    for _ in range(sum(widths) - budget):
        slack = [i for i, (least, _) in enumerate(ranges) if widths[i] > least]
        widths[max(slack, key=lambda i: widths[i])] -= 1
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return True


def wide(console: Console, *tables: Table) -> bool:
    """Print `tables` as tables (True, their columns laid out) or as stacked blocks: tables only at
    `NARROW` columns or more, and only if every one of them fits whole."""
    return console.width >= NARROW and all([lay_out(console, t) for t in tables])
