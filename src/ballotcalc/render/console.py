"""The one way ballotcalc's rich views make a Console: into a buffer, never reading user text as
markup or emoji, coloured only when asked, at a fixed width when piped (so output is stable)."""

from __future__ import annotations

import io

from rich.console import Console

PIPED_WIDTH = 100


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
