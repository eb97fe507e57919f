"""Renderers: interchangeable ways to print judged ballots, chosen by one `--format` enum.

Each renderer is a function from outcomes and options to text. Renderers only format: every figure
and verdict comes from the tally. Modules are imported only when their format is asked for, so
`--format json` never pays for rich.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome
    from ballotcalc.tally import Decision
    from ballotcalc.units import SortKey

NOT_LEGAL_ADVICE = (
    "ballotcalc states what the figures mean under the rules it ships; it is not legal advice."
)


class ResultFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    decimals: int | None = None
    """Decimals for percentages; None means each format's default."""
    color: bool = False
    width: int | None = None
    sort: SortKey | None = None
    """Order of the per-unit table: name, turnout or margin (None: as in the file). Table only."""
    only: tuple[Decision, ...] = ()
    """Show only units whose worst decision is one of these. Table only: JSON and CSV always give
    every unit."""


Renderer = Callable[[Sequence["BallotOutcome"], RenderOptions], str]

_RENDERERS: dict[ResultFormat, tuple[str, str]] = {
    ResultFormat.TABLE: ("ballotcalc.render.table", "render_table"),
    ResultFormat.JSON: ("ballotcalc.render.machine", "render_json"),
    ResultFormat.CSV: ("ballotcalc.render.machine", "render_csv"),
}


def renderer_for(fmt: ResultFormat) -> Renderer:
    module, name = _RENDERERS[fmt]
    renderer: Renderer = getattr(import_module(module), name)
    return renderer


def render(
    outcomes: Sequence[BallotOutcome], fmt: ResultFormat | str, options: RenderOptions | None = None
) -> str:
    """Render judged ballots in one of the `ResultFormat`s."""
    return renderer_for(ResultFormat(fmt))(outcomes, options or RenderOptions())


def render_pieces(
    outcomes: Sequence[BallotOutcome], fmt: ResultFormat | str, options: RenderOptions | None = None
) -> Iterator[str]:
    """`render`, as pieces of text in order. JSON comes a few hundred units at a time, so a
    national ballot's 15 MB are written as they are made rather than held whole first."""
    if ResultFormat(fmt) is ResultFormat.JSON:
        from ballotcalc.render.machine import json_pieces

        return json_pieces(outcomes, options or RenderOptions())
    return iter((render(outcomes, fmt, options),))
