"""Renderers: interchangeable ways to print judged ballots, chosen by one `--format` enum.

Each renderer is a function from outcomes and options to text (`formats.Renderer`), chosen by a
member of `formats.ResultFormat`. Renderers only format: every figure and decision comes from the
core (tests/test_render_guard.py checks that no module here computes one). Modules are imported
only when their format is asked for, so `--format json` never pays for rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from ballotcalc.render.formats import Renderer, ResultFormat

if TYPE_CHECKING:
    from ballotcalc.judging import Listed
    from ballotcalc.tally import Decision
    from ballotcalc.units import SortKey

NOT_LEGAL_ADVICE = (
    "ballotcalc states what the figures mean under the rules it ships; it is not legal advice."
)


class RenderOptions(Struct, frozen=True):
    decimals: int | None = None
    """Decimals for percentages; None means each format's default."""
    color: bool = False
    width: int | None = None
    sort: SortKey | None = None
    """Order of the per-unit table: name, turnout or margin (None: as in the file). Table only."""
    only: tuple[Decision, ...] = ()
    """Show only units whose worst decision is one of these. Table only: JSON and CSV always give
    every unit."""
    revised: dt.datetime | None = None
    """When the ballot file was last changed (aware): the iCalendar timeline's DTSTAMP, required
    there and unused elsewhere."""


__all__ = [
    "NOT_LEGAL_ADVICE",
    "RenderOptions",
    "Renderer",
    "ResultFormat",
    "render",
    "render_pieces",
    "renderer_for",
]


def renderer_for(fmt: ResultFormat) -> Renderer[Sequence[Listed], str]:
    return ResultFormat(fmt).renderer()


def render(
    outcomes: Sequence[Listed], fmt: ResultFormat | str, options: RenderOptions | None = None
) -> str:
    """Render judged ballots (and ballots without results yet, as open) in one of the
    `ResultFormat`s."""
    return renderer_for(ResultFormat(fmt))(outcomes, options or RenderOptions())


def render_pieces(
    outcomes: Sequence[Listed], fmt: ResultFormat | str, options: RenderOptions | None = None
) -> Iterator[str] | Iterator[bytes]:
    """`render`, as pieces in order. JSON comes a thousand units at a time, as the UTF-8 bytes
    orjson writes (`machine.json_pieces`), so a national ballot's 15 MB are written as they are
    made rather than held whole first, and never decoded and encoded again; the other formats
    are one piece of text."""
    if ResultFormat(fmt) is ResultFormat.JSON:
        from ballotcalc.render.machine import json_pieces

        return json_pieces(outcomes, options or RenderOptions())
    return iter((render(outcomes, fmt, options),))
