"""One family of exceptions, so the CLI can turn every domain failure into a message in one place.

A `Problem` is a single finding about an input file; an `InputError` carries one or more of them and
always means exit code 2. Nothing here imports click or rich: the library raises, the CLI reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

MAX_PROBLEMS_SHOWN = 50
"""Cap on the problems printed for one run, so a broken 20,000-row file does not flood the screen."""

Severity = Literal["error", "warning"]


class Problem(Struct, frozen=True):
    """A finding about an input file, located as precisely as we can: file, line, dotted field path."""

    file: str
    message: str
    line: int | None = None
    path: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        prefix = "warning: " if self.severity == "warning" else ""
        if self.path:
            return f"{where}: {self.path}: {prefix}{self.message}"
        return f"{where}: {prefix}{self.message}"


class BallotcalcError(Exception):
    """Base of every error ballotcalc raises on purpose (as opposed to a bug)."""


class InputError(BallotcalcError):
    """The input cannot be used as given. Exit code 2."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(str(self.problems[0]))

    @classmethod
    def single(
        cls, file: str, message: str, *, line: int | None = None, path: str | None = None
    ) -> InputError:
        return cls([Problem(file=file, message=message, line=line, path=path)])


def capped_lines(problems: Iterable[Problem], cap: int = MAX_PROBLEMS_SHOWN) -> list[str]:
    """Problems as printable lines, at most `cap` of them and then a line counting the rest."""
    items = list(problems)
    lines = [str(p) for p in items[:cap]]
    if len(items) > cap:
        lines.append(f"... and {len(items) - cap} more")
    return lines
