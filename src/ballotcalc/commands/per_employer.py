"""One document per unit (employer or workplace): which units (`--unit`), and where each goes.

Under separate ballots (TULRCA s.228) each employer must be told its own result (s.231A), and the
notices of ballot and of action (s.226A, s.234A) are given employer by employer; a notice holding
every employer's figures would tell each employer about the others. So every command that makes
documents per unit shares these pieces, and only these:

* `unit_option` and `pick_units`: `--unit NAME` (repeatable; exact name, case-insensitive), an
  unknown name refused (exit 2) with the closest name suggested;
* `emit_per_unit`: with `-o DIR/` (`output.is_directory_target`) one file per unit, named from the
  unit's name (`output.write_each`: safe names, collisions refused before anything is written),
  and nothing else; otherwise one document (stdout or `-o FILE`) in which each unit's document
  starts on a new page (HTML) or after a clear separator (markdown, text);
* `together`: that one document made from finished per-unit texts, for a command whose template
  renders one unit at a time.

A command gives `emit_per_unit` its own list of (unit name, context) and a function rendering a
list of contexts as one document; with plain texts the function is `together`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from ballotcalc.errors import InputError, Problem
from ballotcalc.render.formats import DocumentFormat

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

UNIT_OPTION = "--unit"

MARKDOWN_SEPARATOR = "\n\n---\n\n"
"""Between two units' documents in markdown: a thematic break (a rule when rendered)."""
TEXT_SEPARATOR = "\n\n" + "-" * 72 + "\n\n"
"""Between two units' documents in plain text: a full-width rule."""
PAGE_BREAK_CLASS = "unit-document"
"""HTML: the wrapper of each unit's document after the first in `together`; it starts a page."""

_BODY = re.compile(r"<body[^>]*>(?P<inner>.*)</body>", re.DOTALL)


class Named(Protocol):
    """Anything with a unit's name: `model.Unit`, `tally.UnitOutcome`, a command's own record."""

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def unit_option(func: F) -> F:
    """`--unit NAME`, repeatable, arriving as a tuple of names (empty: every unit)."""
    return click.option(
        "--unit",
        "units",
        metavar="NAME",
        multiple=True,
        help="Only this unit (employer or workplace), by its exact name, case ignored; repeat "
        "for several. Default: every unit.",
    )(func)


def unknown_names(names: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """Why each of `wanted` names no unit among `names`, in words (empty when all are known)."""
    import difflib

    known = {name.casefold() for name in names}
    folded = {name.casefold(): name for name in names}
    reasons: list[str] = []
    for name in dict.fromkeys(wanted):
        if name.casefold() in known:
            continue
        close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
        hint = (
            f"did you mean '{folded[close[0]]}'?"
            if close
            else f"the units are named as in the ballot (e.g. '{names[0]}')"
            if names
            else "the ballot has no units"
        )
        reasons.append(f"no unit is named '{name}'; {hint}")
    return reasons


def pick_units(units: Sequence[N], wanted: Sequence[str], *, file: str) -> list[N]:
    """The units named in `wanted` (every unit when it is empty), in the ballot's order.

    A name matches exactly, case ignored (no partial match: "Leeds" must not pick "Leeds
    Teaching Hospitals" and "Leeds Community" both). Raises `InputError` (exit 2), one problem per
    unknown name, each with the closest name of a unit in `file` where there is one.
    """
    if not wanted:
        return list(units)
    reasons = unknown_names([u.name for u in units], wanted)
    if reasons:
        raise InputError(Problem(file, reason, path=UNIT_OPTION) for reason in reasons)
    chosen = {name.casefold() for name in wanted}
    return [u for u in units if u.name.casefold() in chosen]


def pick_each(ballots: Sequence[tuple[str, Sequence[N]]], wanted: Sequence[str]) -> list[list[N]]:
    """`pick_units` for several ballots (file, units) at once: each name must name a unit of at
    least one of them; each ballot keeps the units named among its own (perhaps none)."""
    if len(ballots) == 1:
        file, units = ballots[0]
        return [pick_units(units, wanted, file=file)]
    if not wanted:
        return [list(units) for _, units in ballots]
    every = [u.name for _, units in ballots for u in units]
    reasons = unknown_names(every, wanted)
    if reasons:
        files = ", ".join(file for file, _ in ballots)
        raise InputError(Problem(files, reason, path=UNIT_OPTION) for reason in reasons)
    chosen = {name.casefold() for name in wanted}
    return [[u for u in units if u.name.casefold() in chosen] for _, units in ballots]


def together(texts: Sequence[str], fmt: DocumentFormat | str) -> str:
    """Finished per-unit documents as one: markdown and text joined by a clear separator; HTML as
    one page whose head is the first document's, each later document's body in a block that
    starts a new printed page. One document is returned unchanged."""
    fmt = DocumentFormat(fmt)
    if len(texts) <= 1:
        return "".join(texts)
    if fmt is DocumentFormat.MARKDOWN:
        return MARKDOWN_SEPARATOR.join(t.strip("\n") for t in texts) + "\n"
    if fmt is DocumentFormat.TEXT:
        return TEXT_SEPARATOR.join(t.strip("\n") for t in texts) + "\n"
    first = _BODY.search(texts[0])
    if first is None:
        raise ValueError("an HTML document without a <body> cannot be joined")
    blocks = [first.group("inner")]
    for text in texts[1:]:
        found = _BODY.search(text)
        if found is None:
            raise ValueError("an HTML document without a <body> cannot be joined")
        blocks.append(
            f'<div class="{PAGE_BREAK_CLASS}" style="break-before: page; '
            f'page-break-before: always">{found.group("inner")}</div>'
        )
    return texts[0][: first.start("inner")] + "\n".join(blocks) + texts[0][first.end("inner") :]


def emit_per_unit(
    documents: Sequence[tuple[str, T]],
    render: Callable[[Sequence[T]], str],
    fmt: DocumentFormat | str,
    output: str | None,
    *,
    force: bool,
    print_pdf: Callable[[str], bytes] | None = None,
) -> tuple[Problem, ...]:
    """Each (unit name, context) as its own document: with `-o DIR/` one file per unit (named from
    the unit's name, extension from `fmt`) and nothing else; otherwise `render` of them all as one
    document to stdout or `-o FILE`. `render` must start each context's document on a new page
    (HTML) or after a separator (see `together`). For a binary format (PDF) `render` gives the
    HTML and `print_pdf` prints it. Returns the writer's warnings."""
    from ballotcalc.output import STDOUT, emit, is_directory_target, write_atomic, write_each

    fmt = DocumentFormat(fmt)
    finish: Callable[[str], str | bytes] = lambda text: text  # noqa: E731
    if fmt.binary:
        if print_pdf is None:
            raise ValueError(f"--format {fmt} needs a printer")
        finish = print_pdf
    suffix = "." + fmt.extension
    if output is not None and is_directory_target(output):
        return write_each(
            Path(output), [(name, finish(render([context]))) for name, context in documents],
            suffix, force=force,
        )  # fmt: skip
    whole = finish(render([context for _, context in documents]))
    if isinstance(whole, str):
        return emit(whole, output, force=force)
    if output is None or output == STDOUT:
        click.echo(whole, nl=False)  # a pipe (a terminal was refused before any work)
        return ()
    return write_atomic(Path(output), whole, force=force)
