"""Every command's `--format`: one enum per command, and the renderer each member stands for.

pip-audit's `_format` pattern (`OutputFormatChoice.to_format`): the enum is both the click choice
list (`choices`) and the key to a renderer behind one small interface (`Renderer`: the subject and
the `RenderOptions` in, the text out). Each `renderer()` is a `match` ending in `assert_never`, so
mypy refuses a member without a renderer, and tests/test_formats.py walks every member of every
enum. A renderer's module is imported only when its format is asked for (`--format json` never
pays for rich). Document formats (`summary`, `notice`) are rendered by templates: their member's
strategy is its template suffix and its escaping (`render.templating`).

This module is imported by the commands to build their options, so it imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar, assert_never

if TYPE_CHECKING:
    from ballotcalc.judging import Listed
    from ballotcalc.mandates import Register
    from ballotcalc.planning import Plan, UnitsPlan
    from ballotcalc.render import RenderOptions
    from ballotcalc.timeline import Timeline

S_contra = TypeVar("S_contra", contravariant=True)
O_co = TypeVar("O_co", str, bytes, covariant=True)


class Renderer(Protocol[S_contra, O_co]):
    """One output format of one command: what the command computed, and the options, to text."""

    def __call__(self, subject: S_contra, options: RenderOptions, /) -> O_co: ...


def choices(formats: type[enum.StrEnum]) -> list[str]:
    """The click choice list of a format enum, in the enum's order."""
    return [member.value for member in formats]


class ResultFormat(enum.StrEnum):
    """`result --format` (and `ballotcalc.api.render`)."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"

    def renderer(self) -> Renderer[Sequence[Listed], str]:
        match self:
            case ResultFormat.TABLE:
                from ballotcalc.render.table import render_table

                return render_table
            case ResultFormat.JSON:
                from ballotcalc.render.machine import render_json

                return render_json
            case ResultFormat.CSV:
                from ballotcalc.render.machine import render_csv

                return render_csv
            case _:  # pragma: no cover - mypy proves every member is handled
                assert_never(self)


class TimelineFormat(enum.StrEnum):
    """`timeline --format`. Every renderer gives bytes: iCalendar keeps its CRLF line ends."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    ICS = "ics"

    def renderer(self) -> Renderer[Timeline, bytes]:
        from ballotcalc.render import timeline as out

        match self:
            case TimelineFormat.TABLE:
                return lambda t, o: out.render_table(t, color=o.color, width=o.width).encode()
            case TimelineFormat.JSON:
                return lambda t, o: out.render_json(t).encode()
            case TimelineFormat.CSV:
                return lambda t, o: out.render_csv(t).encode()
            case TimelineFormat.ICS:
                return lambda t, o: out.render_ics(t, _revised(o))
            case _:  # pragma: no cover - mypy proves every member is handled
                assert_never(self)


def _revised(options: RenderOptions) -> dt.datetime:
    if options.revised is None:
        raise ValueError("an iCalendar file needs the time the ballot was revised")
    return options.revised


class TargetFormat(enum.StrEnum):
    """`target --format`."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"

    def renderer(self) -> Renderer[Plan | UnitsPlan, str]:
        from ballotcalc.render import target as out

        match self:
            case TargetFormat.TABLE:
                return lambda p, o: out.render_table(p, color=o.color, width=o.width)
            case TargetFormat.JSON:
                return lambda p, o: out.render_json(p)
            case TargetFormat.CSV:
                return lambda p, o: out.render_csv(p)
            case _:  # pragma: no cover - mypy proves every member is handled
                assert_never(self)


class MandatesFormat(enum.StrEnum):
    """`mandates --format`. Every renderer gives bytes: iCalendar keeps its CRLF line ends."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    ICS = "ics"

    def renderer(self) -> Renderer[Register, bytes]:
        from ballotcalc.render import mandates as out

        match self:
            case MandatesFormat.TABLE:
                return lambda r, o: out.render_table(r, color=o.color, width=o.width).encode()
            case MandatesFormat.JSON:
                return lambda r, o: out.render_json(r).encode()
            case MandatesFormat.CSV:
                return lambda r, o: out.render_csv(r).encode()
            case MandatesFormat.ICS:
                return lambda r, o: out.render_ics(r, _revised(o))
            case _:  # pragma: no cover - mypy proves every member is handled
                assert_never(self)


Audience = Literal["members", "employer"]
AUDIENCES: tuple[Audience, ...] = ("members", "employer")
"""Who a result notice is for: `notice --to`'s choices (s.231 members, s.231A employer)."""


class DocumentFormat(enum.StrEnum):
    """`summary --format` and `notice --format`: the targets a document can be rendered for; each
    has its own templates (`suffix`) and escaping (`render.templating.environment`). PDF is the
    HTML rendering printed by WeasyPrint (`render.pdf`, the optional `pdf` extra): its templates
    and escaping are HTML's (`source`), and it is the one binary member (`binary`)."""

    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"
    PDF = "pdf"

    @property
    def source(self) -> DocumentFormat:
        """The format whose templates and escaping make this one: itself, or HTML for PDF."""
        return DocumentFormat.HTML if self is DocumentFormat.PDF else self

    @property
    def extension(self) -> str:
        """A written file's extension: the template suffix, or `pdf`."""
        return "pdf" if self is DocumentFormat.PDF else self.suffix

    @property
    def binary(self) -> bool:
        """Bytes, not text: never written to a terminal (`-o` is required)."""
        return self is DocumentFormat.PDF

    @property
    def suffix(self) -> str:
        """The shipped templates' suffix: `summary.md.j2`, `notice.txt.j2`, ..."""
        match self:
            case DocumentFormat.MARKDOWN:
                return "md"
            case DocumentFormat.TEXT:
                return "txt"
            case DocumentFormat.HTML | DocumentFormat.PDF:
                return "html"
            case _:  # pragma: no cover - mypy proves every member is handled
                assert_never(self)


FORMAT_ENUMS: dict[str, type[enum.StrEnum]] = {
    "result": ResultFormat,
    "timeline": TimelineFormat,
    "target": TargetFormat,
    "mandates": MandatesFormat,
    "summary": DocumentFormat,
    "notice": DocumentFormat,
}
"""Each command with a `--format`, and its enum (a test checks each command's choices are it)."""
