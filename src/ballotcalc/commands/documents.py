"""Options shared by the document commands (`summary`, `notice`): format, output, template, the
union profile that makes a document a letter, the footer, and how a document is delivered."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ballotcalc.render.formats import DocumentFormat, choices

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome
    from ballotcalc.model import Ballot
    from ballotcalc.profile import LoadedProfile
    from ballotcalc.render.letter import Letter, LetterKind

    LetterMaker = Callable[[Ballot, str, LetterKind], Letter | None]

F = TypeVar("F", bound=Callable[..., Any])

_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
             ".html": "html", ".htm": "html"}  # fmt: skip


def document_options(func: F) -> F:
    """--format, -o/--output, --force, --template, --profile, --no-profile, --no-footer."""
    func = click.option(
        "--no-footer",
        is_flag=True,
        help="Leave out the provenance footer (ballotcalc's version, the regime, the file's "
        "sha256), for a document meant for someone else: the employer's notice above all. A "
        "notice then also leaves out the not-legal-advice line; a circular keeps it.",
    )(func)
    func = click.option(
        "--no-profile",
        is_flag=True,
        help="Do not send the document as a letter, even if a union profile is found.",
    )(func)
    func = click.option(
        "--profile",
        metavar="PATH",
        help="Send the document as a letter from the union this TOML profile describes. "
        "Default: ballotcalc.toml or union.toml beside the ballot file, else in "
        "ballotcalc's configuration folder; none found, no letter.",
    )(func)
    func = click.option(
        "--template",
        type=click.Path(exists=True, dir_okay=False, path_type=str),
        help="Your own Jinja2 template instead of the shipped one. Its escaping follows --format "
        "(or the template's name, e.g. circular.html.j2).",
    )(func)
    func = click.option("--force", is_flag=True, help="Replace the -o file if it exists.")(func)
    func = click.option(
        "-o",
        "--output",
        metavar="PATH",
        help="Write to PATH (whole or not at all) instead of stdout; '-' means stdout.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(choices(DocumentFormat)),
        default=None,
        help="markdown (default), text, html (one standalone file, printable on A4), or pdf "
        "(that HTML printed to A4; needs -o and the pdf extra: pip install 'ballotcalc[pdf]').",
    )(func)
    return func


def format_for(fmt: str | None, template: str | None) -> str:
    """--format if given; else the format a --template's name implies; else markdown."""
    if fmt is not None:
        return fmt
    if template is not None:
        suffixes = Path(template).suffixes
        if suffixes and suffixes[-1] == ".j2":
            suffixes = suffixes[:-1]
        if suffixes and suffixes[-1].lower() in _SUFFIXES:
            return _SUFFIXES[suffixes[-1].lower()]
    return "markdown"


def check_output(fmt: str, output: str | None) -> None:
    """A binary document (PDF) goes to a file, never to a terminal: checked before any work."""
    from ballotcalc.errors import BallotcalcError
    from ballotcalc.output import STDOUT

    if not DocumentFormat(fmt).binary:
        return
    if output is None or (output == STDOUT and sys.stdout.isatty()):
        raise BallotcalcError(
            f"--format {fmt} makes a binary file: give -o FILE.{fmt} (it is never written to "
            "a terminal)"
        )


def letter_maker(*, profile: str | None, no_profile: bool) -> LetterMaker:
    """A function giving a ballot's letter (the ballot, its file, the kind of document): from
    `--profile`, else the profile found for the file (`profile.find_profile`), each profile read
    once; None for a ballot with no profile, or with `--no-profile`."""
    from ballotcalc.guards import today
    from ballotcalc.profile import find_profile, load_profile
    from ballotcalc.render.letter import letter_for

    loaded: dict[Path, LoadedProfile] = {}
    day = today()

    def make(ballot: Ballot, file: str, kind: LetterKind) -> Letter | None:
        if no_profile:
            return None
        path = Path(profile) if profile is not None else find_profile(file)
        if path is None:
            return None
        if path not in loaded:
            loaded[path] = load_profile(path)
        return letter_for(loaded[path].profile, ballot, file, kind, day)

    return make


def letters(
    outcomes: Sequence[BallotOutcome],
    kind: LetterKind,
    *,
    profile: str | None,
    no_profile: bool,
) -> list[Letter | None]:
    """Each judged ballot's letter, or None (`letter_maker`)."""
    make = letter_maker(profile=profile, no_profile=no_profile)
    return [make(o.ballot, o.file, kind) for o in outcomes]


def deliver(
    text: str,
    fmt: str,
    output: str | None,
    *,
    force: bool,
    files: Sequence[str],
    template: str | None = None,
) -> None:
    """Write the rendered document where `-o` says: text as it is; a PDF printed from it (the
    HTML), dated by the ballot files (`revised_at`), written whole or not at all."""
    from ballotcalc.commands.common import report
    from ballotcalc.output import STDOUT, emit, write_atomic

    if not DocumentFormat(fmt).binary:
        report(emit(text, output, force=force))
        return
    data = printer(files, template)(text)
    if output is None or output == STDOUT:
        click.echo(data, nl=False)  # a pipe or a file (check_output refused a terminal)
        return
    report(write_atomic(Path(output), data, force=force))


def printer(files: Sequence[str], template: str | None) -> Callable[[str], bytes]:
    """A function printing an HTML document as PDF, dated by the ballot files (or
    SOURCE_DATE_EPOCH: `revised_at`), reading only `data:` URLs and files in the folder of
    `template` (`render.pdf_fetcher`). Each URL left out is a warning on stderr, once however many
    PDFs the command prints."""
    from ballotcalc.commands.common import report
    from ballotcalc.commands.timeline import revised_at
    from ballotcalc.errors import Problem
    from ballotcalc.render.pdf import pdf_bytes
    from ballotcalc.render.wording import printable

    when = revised_at(list(files))
    folder = None if template is None else Path(template).parent
    warned: set[str] = set()

    def print_pdf(html: str) -> bytes:
        done = pdf_bytes(html, when=when, folder=folder)
        fresh = [r for r in done.refused if r.url not in warned]
        warned.update(r.url for r in fresh)
        report(
            [
                Problem(
                    template or "--format pdf",
                    f"{printable(_shortened(r.url))} was not read: {r.why}; the PDF is "
                    "written without it",
                    severity="warning",
                )
                for r in fresh
            ]
        )
        return done.data

    return print_pdf


def _shortened(url: str, limit: int = 120) -> str:
    """A URL short enough for a one-line warning (a data: URL is never refused, but a long one
    could be)."""
    return url if len(url) <= limit else url[: limit - 3] + "..."
