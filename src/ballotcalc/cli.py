"""The command line: a click group that registers the commands and reports errors in one place.

Exit codes are a contract for scripts and CI:
  0  success (for `check`: every question of every ballot has a mandate; for `timeline`: the
     plan given is possible)
  1  `check`: some question has no mandate (fails, is at risk, or is consultative or a survey);
     `timeline`: the plan given is not possible, or cannot be checked
  2  bad input or usage: the message names the file, line and field
  141  stdout was closed by its reader (`| head -1`): exit quietly (see EXIT_BROKEN_PIPE)
A failed write to stdout (a full disk) is input/output trouble, not a bug: one line, exit 2.
Domain errors become messages here (`BallotcalcGroup.invoke`); anything else is a bug and gets one
line asking for a report, or the traceback with --debug / BALLOTCALC_DEBUG=1. Each command lives in
its own module under `ballotcalc.commands`, which is imported only when that command is asked for
(COMMANDS), and imports heavy modules only when it runs.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import sys
from collections.abc import Mapping
from typing import Any

import click

from ballotcalc._version import __version__
from ballotcalc.commands.common import EXIT_CODES_HELP, EXIT_INPUT, report
from ballotcalc.errors import BallotcalcError, InputError
from ballotcalc.standard_output import OutputFailed, guarded_stdout

COMMANDS: Mapping[str, str] = {
    "audit": "ballotcalc.commands.audit:audit",
    "check": "ballotcalc.commands.check:check",
    "mandates": "ballotcalc.commands.mandates:mandates",
    "new": "ballotcalc.commands.new:new",
    "notice": "ballotcalc.commands.notice:notice",
    "result": "ballotcalc.commands.result:result",
    "rules": "ballotcalc.commands.rules:rules",
    "schema": "ballotcalc.commands.schema:schema",
    "summary": "ballotcalc.commands.summary:summary",
    "target": "ballotcalc.commands.target:target",
    "timeline": "ballotcalc.commands.timeline:timeline",
    "validate": "ballotcalc.commands.validate:validate",
}
"""Command name -> "module:attribute" of its click command. A run imports only the module of the
command it runs (click's "Lazily Loading Subcommands" pattern): `result` does not pay for the
others, and `--version` for none. `--help` imports them all, for their one-line help."""


def _debug_requested() -> bool:
    return os.environ.get("BALLOTCALC_DEBUG", "") not in ("", "0") or "--debug" in sys.argv


EXIT_BROKEN_PIPE = 141
"""The reader of stdout went away (`ballotcalc check ballots/*.yaml | head -1`): exit quietly with
128 + SIGPIPE, as a shell reports for a program killed by SIGPIPE (`yes | head -1`), rather than 0,
which would claim output nobody read was delivered, or 1/2, which mean something else here."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null so nothing tries to write (or flush) to the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        # stdout is not a file descriptor (a test runner's buffer): replace the object instead
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


class BallotcalcGroup(click.Group):
    """A group that turns ballotcalc's own errors into clean messages and exit code 2, and loads
    each command from its "module:attribute" in `lazy_commands` only when it is asked for."""

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: Mapping[str, str] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every name, without importing anything; sorted, as click lists registered commands."""
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the one command asked for; None for an unknown name, so click reports it."""
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """click (8.4+) suggests close names ("Did you mean") from the registered commands only,
        which are none here: suggest from every listed name instead."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            # NoSuchCommand is click 8.4+; earlier versions make no suggestion at all
            no_such: type[click.exceptions.NoSuchCommand] | tuple[()] = getattr(
                click.exceptions, "NoSuchCommand", ()
            )
            if not isinstance(exc, no_such) or exc.possibilities:
                raise
            names = self.list_commands(ctx)
            raise type(exc)(exc.command_name, possibilities=names, ctx=ctx) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run with stdout guarded, so a failed write to it (a full disk: `> /dev/full`) is one
        line naming standard output and exit 2, wherever it happens (`standard_output`)."""
        with guarded_stdout():
            try:
                return super().main(*args, **kwargs)
            except OutputFailed as exc:
                click.echo(str(exc), err=True)
                _silence_stdout()
                raise SystemExit(EXIT_INPUT) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`--help` and `--version` print while the arguments are parsed: a closed pipe there too."""
        try:
            return super().parse_args(ctx, args)
        except BrokenPipeError:
            _silence_stdout()
            raise SystemExit(EXIT_BROKEN_PIPE) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return self._invoke(ctx)
            finally:
                # flush here, not at interpreter exit, so a closed pipe is caught below
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise SystemExit(EXIT_BROKEN_PIPE) from None

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (BrokenPipeError, OutputFailed):
            raise
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
            if _debug_requested() or ctx.params.get("debug"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc}. This is a bug in ballotcalc "
                f"{__version__}; please report it with the command you ran "
                "(run again with --debug for the traceback).",
                err=True,
            )
            raise SystemExit(EXIT_INPUT) from None


@click.group(
    cls=BallotcalcGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES_HELP,
    lazy_commands=COMMANDS,
)
@click.version_option(__version__, "-V", "--version", prog_name="ballotcalc")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def cli(debug: bool) -> None:
    """Judge UK trade union ballot results against the law that applied, exactly.

    Reads a YAML ballot file, chooses the legal regime from the date the ballot opened, decides
    every threshold on whole numbers (never on rounded percentages), and reports the result.
    ballotcalc is not legal advice.
    """


def main() -> None:
    """Console-script entry point, with the cycle collector off for the run.

    A run is short and builds many objects that live to its end (a national ballot: 200,000 units,
    each with its figures, outcome and output), none of them in reference cycles: the cyclic
    garbage of a whole run is a few hundred objects left by importing, the same for 20 units or
    200,000 (tests/test_scale.py checks that it does not grow with the units). The collector would
    only walk those live objects again and again to find nothing. Measured (CPU time, median of 7
    interleaved runs) after the YAML reader and the JSON encoder were replaced: with it off, a
    20,000-unit `result --format json` takes a quarter less CPU (units_csv 0.89 s against 1.21 s; inline YAML
    1.74 s against 2.49 s); `gc.freeze()` after the imports saved almost none of that (1.15 s,
    2.44 s), since the objects that cost are made after it. The run ends with a normal interpreter
    shutdown: ending it with `os._exit` saved under 5% and would skip `atexit` handlers and any
    buffered file left open.
    """
    gc.disable()
    cli(prog_name="ballotcalc")
