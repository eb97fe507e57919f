"""The command line: parse options, call the core, pick a renderer, return an exit code.

Exit codes are a contract for scripts and CI:
  0  success (for `check`: every question of every ballot has a mandate)
  1  `check` only: some question fails or is at risk
  2  bad input or usage: the message names the file, line and field
Domain errors become messages in one place (`BallotcalcGroup.invoke`); anything else is a bug and
gets one line asking for a report, or the traceback with --debug / BALLOTCALC_DEBUG=1.
Heavy modules are imported inside the commands so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ballotcalc._version import __version__
from ballotcalc.errors import BallotcalcError, InputError, Problem, capped_lines

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome, LoadedBallot
    from ballotcalc.rules import Settings

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  (check only) a question has no mandate: it fails or is at risk
  2  bad input: each error is FILE:LINE: field: message
"""


def _debug_requested() -> bool:
    return os.environ.get("BALLOTCALC_DEBUG", "") not in ("", "0") or "--debug" in sys.argv


class BallotcalcGroup(click.Group):
    """A group that turns ballotcalc's own errors into clean messages and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            report(exc.problems)
            raise SystemExit(EXIT_INPUT) from None
        except BallotcalcError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(EXIT_INPUT) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            raise SystemExit(130) from None
        except Exception as exc:
            if _debug_requested():
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}. This is a bug in ballotcalc "
                f"{__version__}; please report it with the command you ran "
                "(run again with --debug for the traceback).",
                err=True,
            )
            raise SystemExit(EXIT_INPUT) from None


def report(problems: Sequence[Problem]) -> None:
    """Print problems to stderr, capped."""
    for line in capped_lines(problems):
        click.echo(line, err=True)


@click.group(cls=BallotcalcGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="ballotcalc")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def cli(debug: bool) -> None:
    """Judge UK trade union ballot results against the law that applied, exactly.

    Reads a YAML ballot file, chooses the legal regime from the date the ballot opened, decides
    every threshold on whole numbers (never on rounded percentages), and reports the result.
    ballotcalc is not legal advice.
    """


# --- shared options ---------------------------------------------------------------------------


def _parse_s68(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


def judging_options(func: F) -> F:
    """--regime, --s68-from: the options that change which law a ballot is judged by."""
    func = click.option(
        "--s68-from",
        "s68_from",
        metavar="DATE",
        envvar="BALLOTCALC_S68_FROM",
        callback=_parse_s68,
        help="Date ERA 2025 s.68 (repeal of the 50% turnout threshold) came into force. "
        "Default: not commenced. Env: BALLOTCALC_S68_FROM.",
    )(func)
    func = click.option(
        "--regime",
        metavar="ID",
        help="Judge under this regime instead of the one chosen from the dates "
        "(see `ballotcalc rules`).",
    )(func)
    return func


def decimals_option(func: F) -> F:
    return click.option(
        "--decimals",
        type=click.IntRange(0, 6),
        default=None,
        help="Decimal places for percentages (default: 1 in tables, 2 near a threshold and in "
        "JSON/CSV). A printed figure never crosses its threshold.",
    )(func)


files_argument = click.argument(
    "files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str)
)


def _settings(s68_from: dt.date | None) -> Settings:
    from ballotcalc.rules import Settings

    return Settings(s68_from=s68_from)


def _judge_all(
    files: Sequence[str], regime: str | None, s68_from: dt.date | None
) -> tuple[list[BallotOutcome], list[Problem]]:
    """Judge every file; collect every file's problems instead of stopping at the first."""
    from ballotcalc.judging import judge, load_ballot

    _check_regime(regime)
    settings = _settings(s68_from)
    outcomes: list[BallotOutcome] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded: LoadedBallot = load_ballot(file)
            outcomes.append(judge(loaded, regime=regime, settings=settings))
        except InputError as exc:
            problems.extend(exc.problems)
    return outcomes, problems


def _check_regime(regime: str | None) -> None:
    from ballotcalc.rules import rulebook

    if regime is not None and regime not in rulebook().ids:
        raise click.BadParameter(
            f"unknown regime '{regime}' (known: {', '.join(rulebook().ids)})", param_hint="--regime"
        )


def _color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _warn(outcomes: Sequence[BallotOutcome]) -> None:
    report([w for o in outcomes for w in o.warnings])


# --- commands ---------------------------------------------------------------------------------


@cli.command(epilog=EXIT_CODES_HELP)
@files_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for people; json or csv for scripts and spreadsheets.",
)
@judging_options
@decimals_option
@click.option("--no-color", is_flag=True, help="No colour in the table (also: NO_COLOR=1).")
def result(
    files: tuple[str, ...],
    fmt: str,
    regime: str | None,
    s68_from: dt.date | None,
    decimals: int | None,
    no_color: bool,
) -> None:
    """Judge each ballot FILE and show the result: turnout, each question, each test, the verdict."""
    from ballotcalc.render import RenderOptions, render

    outcomes, problems = _judge_all(files, regime, s68_from)
    _warn(outcomes)
    if outcomes:
        color = fmt == "table" and _color(no_color)
        width = click.get_terminal_size()[0] if sys.stdout.isatty() else None
        options = RenderOptions(decimals=decimals, color=color, width=width)
        click.echo(render(outcomes, fmt, options), nl=False, color=color)
    if problems:
        raise InputError(problems)


@cli.command(epilog=EXIT_CODES_HELP)
@files_argument
@judging_options
def check(files: tuple[str, ...], regime: str | None, s68_from: dt.date | None) -> None:
    """Exit 0 only if every question of every ballot FILE gives a mandate.

    Prints one line per question (and per workplace or employer): pass, FAIL or AT RISK, with the
    reason. Suitable for scripts and pre-commit hooks.
    """
    from ballotcalc.render.wording import reasons

    outcomes, problems = _judge_all(files, regime, s68_from)
    _warn(outcomes)
    all_pass = True
    for outcome in outcomes:
        many = len(outcome.units) > 1
        for unit in outcome.units:
            for q in unit.questions:
                where = f"{unit.name}: " if many else ""
                why = "; ".join(reasons(unit, q))
                words = {"pass": "pass", "fail": "FAIL", "at-risk": "AT RISK"}[q.verdict]
                click.echo(f"{outcome.file}: {where}{q.id}: {words}" + (f" ({why})" if why else ""))
                all_pass = all_pass and q.verdict == "pass"
    if problems:
        raise InputError(problems)
    if not all_pass:
        raise SystemExit(EXIT_FAIL)


@cli.command(epilog=EXIT_CODES_HELP)
@files_argument
@judging_options
def validate(files: tuple[str, ...], regime: str | None, s68_from: dt.date | None) -> None:
    """Check each ballot FILE and print only errors and warnings (nothing when all is well)."""
    from ballotcalc.judging import judge, load_ballot

    _check_regime(regime)
    settings = _settings(s68_from)
    problems: list[Problem] = []
    for file in files:
        try:
            loaded = load_ballot(file)
            problems.extend(loaded.warnings)
            if loaded.ballot.results is not None:
                judge(loaded, regime=regime, settings=settings)
        except InputError as exc:
            problems.extend(exc.problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(problems)
    report(problems)


@cli.command()
@click.argument("regime_id", required=False, metavar="[ID]")
def rules(regime_id: str | None) -> None:
    """List the legal regimes ballotcalc applies, or show one in full with its sources."""
    from ballotcalc.render.rules import render_regime, render_regimes
    from ballotcalc.rules import rulebook

    book = rulebook()
    if regime_id is None:
        click.echo(render_regimes(book), nl=False)
    else:
        click.echo(render_regime(book, book.get(regime_id)), nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ballotcalc")
