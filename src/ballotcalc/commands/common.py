"""Options and helpers shared by several commands."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ballotcalc.errors import InputError, Problem, capped_lines

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from ballotcalc.judging import BallotOutcome, LoadedBallot
    from ballotcalc.rules import Settings

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  check: a question has no mandate (it fails, is at risk, or is in a
     consultative ballot or survey, which never gives one; see --consultative-ok);
     timeline: the plan given is not possible, or cannot be checked
  2  bad input: each error is FILE:LINE: field: message
"""


def report(problems: Sequence[Problem]) -> None:
    """Print problems (errors and warnings) to stderr, capped."""
    for line in capped_lines(problems):
        click.echo(line, err=True)


def _parse_date(
    ctx: click.Context, param: click.Parameter, value: str | tuple[str, ...] | None
) -> dt.date | tuple[dt.date, ...] | None:
    """A YYYY-MM-DD value as a date (a repeatable option's values as a tuple of dates)."""
    if isinstance(value, tuple):
        return tuple(_one_date(v) for v in value)
    return _one_date(value) if value else None


def _one_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


def date_option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    """A YYYY-MM-DD option that arrives as a `datetime.date`."""
    return click.option(*names, metavar="DATE", callback=_parse_date, **kwargs)


def complete_regime(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion for --regime: the ids in the shipped regime table."""
    from click.shell_completion import CompletionItem

    from ballotcalc.rules import rulebook

    return [CompletionItem(i) for i in rulebook().ids if i.startswith(incomplete)]


ALLOW_OUTSIDE_PATHS_ENV = "BALLOTCALC_ALLOW_OUTSIDE_PATHS"


def file_output_options(func: F) -> F:
    """-o/--output PATH (default '-', stdout) and --force, for the commands whose output is data
    (a register, a timeline); the documents have their own (`commands.documents`)."""
    func = click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")(func)
    return click.option(
        "-o",
        "--output",
        default="-",
        show_default=True,
        metavar="PATH",
        help="Write to PATH instead of stdout ('-'); the file is written whole or not at all.",
    )(func)


def judging_options(func: F) -> F:
    """The options of every command that reads ballot files: --regime and --s68-from, which change
    which law a ballot is judged by, and --allow-outside-paths, which changes what it may read."""
    func = click.option(
        "--allow-outside-paths",
        "allow_outside_paths",
        is_flag=True,
        envvar=ALLOW_OUTSIDE_PATHS_ENV,
        help="Let a ballot's units_csv be an absolute path or outside the ballot file's folder "
        "(refused by default: a ballot file from someone else could name any file). "
        f"Env: {ALLOW_OUTSIDE_PATHS_ENV}=1.",
    )(func)
    func = date_option(
        "--s68-from",
        "s68_from",
        envvar="BALLOTCALC_S68_FROM",
        help="Date ERA 2025 s.68 (repeal of the 50% turnout threshold) came into force. "
        "Default: not commenced. Env: BALLOTCALC_S68_FROM.",
    )(func)
    func = click.option(
        "--regime",
        metavar="ID",
        shell_complete=complete_regime,
        help="Judge under this regime instead of the one chosen from the dates "
        "(see `ballotcalc rules`).",
    )(func)
    return func


def bom_option(func: F) -> F:
    """--bom: the one switch for a byte-order mark, on every command with CSV output."""
    return click.option(
        "--bom",
        is_flag=True,
        help="With --format csv: begin with a UTF-8 byte-order mark, so a spreadsheet opened by "
        "double-click (Excel) reads the file as UTF-8 and keeps accents and full-width signs.",
    )(func)


def table_format_option(formats: Sequence[str], help_text: str) -> Callable[[F], F]:
    """--format for a command whose default is the table for people (as `fmt`)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default="table",
        show_default=True,
        help=help_text,
    )


def no_color_option(func: F) -> F:
    """--no-color, on every command with a table for people (NO_COLOR and FORCE_COLOR: `use_color`)."""
    return click.option(
        "--no-color", is_flag=True, help="No colour in the table (also: NO_COLOR=1)."
    )(func)


def check_bom(bom: bool, fmt: str) -> None:
    """--bom is for CSV only: a byte-order mark is not allowed in JSON (RFC 8259 s.8.1)."""
    if bom and fmt != "csv":
        raise click.UsageError(f"--bom applies only to --format csv, not --format {fmt}")


def decimals_option(func: F) -> F:
    return click.option(
        "--decimals",
        type=click.IntRange(0, 6),
        default=None,
        help="Decimal places for percentages (default: 1 in tables, 2 near a threshold and in "
        "JSON/CSV). A printed figure never crosses its threshold.",
    )(func)


def files_argument(func: F) -> F:
    return click.argument(
        "files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str)
    )(func)


def paths_argument(func: F) -> F:
    """FILES that may include directories (each stands for its *.yaml and *.yml ballot files)."""
    return click.argument(
        "files", nargs=-1, required=True, type=click.Path(path_type=str), metavar="FILE|DIR..."
    )(func)


def settings(s68_from: dt.date | None) -> Settings:
    from ballotcalc.rules import Settings

    return Settings(s68_from=s68_from)


def check_regime(regime: str | None) -> None:
    from ballotcalc.rules import rulebook

    if regime is not None and regime not in rulebook().ids:
        raise click.BadParameter(
            f"unknown regime '{regime}' (known: {', '.join(rulebook().ids)})", param_hint="--regime"
        )


def judge_all(
    files: Sequence[str],
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool = False,
) -> tuple[list[BallotOutcome], list[Problem]]:
    """Judge every file; collect every file's problems instead of stopping at the first."""
    judged, problems = judge_each(files, regime, s68_from, allow_outside_paths)
    return [outcome for _, outcome in judged], problems


def judge_each(
    files: Sequence[str],
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool = False,
) -> tuple[list[tuple[LoadedBallot, BallotOutcome]], list[Problem]]:
    """As `judge_all`, keeping each loaded file (to locate a problem found after judging)."""
    from ballotcalc.judging import judge, load_ballot

    check_regime(regime)
    rules_settings = settings(s68_from)
    judged: list[tuple[LoadedBallot, BallotOutcome]] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
            judged.append((loaded, judge(loaded, regime=regime, settings=rules_settings)))
        except InputError as exc:
            problems.extend(exc.problems)
    return judged, problems


def use_color(no_color: bool) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set; FORCE_COLOR forces it."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def terminal_width() -> int | None:
    """The terminal's width; when piped, COLUMNS if set (as rich and most tools read it: a narrow
    view for a phone or an email, `COLUMNS=60 ballotcalc result FILE > out.txt`), else None for
    the renderers' fixed width, so piped output is stable."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def warn(outcomes: Sequence[BallotOutcome]) -> None:
    report([w for o in outcomes for w in o.warnings])
