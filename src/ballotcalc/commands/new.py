"""`ballotcalc new`: a commented skeleton ballot file, from prompts on a terminal or from flags.

The file it writes is a *live* ballot (no `votes_cast`, no `results`): the figures are left as
commented-out examples, so a skeleton can never be judged as a real result by accident (`result`
shows a live ballot as open with nothing judged, `check` refuses it, and both point at `target`). Every value the user typed is
written as a double-quoted YAML string (JSON quoting, which YAML reads the same way), so a title
such as `yes`, `0123` or `a: b # c` stays the text it was. Before anything is written the text is
loaded and validated exactly as `ballotcalc validate` would, so `new` never writes a file that
ballotcalc itself would refuse.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

import click
import msgspec
from msgspec import Struct

from ballotcalc.commands.common import EXIT_CODES_HELP, date_option, report
from ballotcalc.errors import BallotcalcError
from ballotcalc.guards import period_problem

SERVICES = ("health", "education", "fire", "transport", "border-security")
KINDS = ("statutory", "consultative", "survey")
SURVEY = "survey"
NONE = "none"
DEFAULT_SCHEMA = "ballot.schema.json"
PLACEHOLDER_TITLE = "New ballot (replace this title)"
MAX_TEXT = 500
"""The model's limit for short text fields (`model.Text`)."""


class Answers(Struct, frozen=True):
    """What the skeleton is filled with; None leaves the key as a commented-out example."""

    title: str
    union: str | None = None
    employer: str | None = None
    jurisdiction: str = "gb"
    kind: str = "statutory"
    opened: dt.date | None = None
    closed: dt.date | None = None
    eligible: int | None = None
    important_public_service: str | None = None
    schema: str = DEFAULT_SCHEMA
    responses: int | None = None
    """A survey's one figure (`kind: survey`): the number who responded."""

    @property
    def survey(self) -> bool:
        return self.kind == SURVEY


# --- quoting ------------------------------------------------------------------------------------


def quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar that loads back as exactly `value`.

    JSON's quoting is valid YAML; on top of it every character that is not printable (controls,
    the line and paragraph separators YAML would fold, a byte-order mark) is escaped, so the
    file stays readable for non-ASCII text such as `Caffi Café` and still loads unchanged.
    """
    body = json.dumps(value, ensure_ascii=False)[1:-1]
    out = []
    for char in body:
        if char.isprintable() or char == " ":
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def clean_text(value: str, name: str) -> str | None:
    """A text answer stripped, or None when blank; refuses what the ballot file cannot hold."""
    text = value.strip()
    if not text:
        return None
    if any(unicodedata.category(c) == "Cs" for c in text):
        raise click.BadParameter("is not valid text (undecodable bytes)", param_hint=name)
    if len(text) > MAX_TEXT:
        raise click.BadParameter(
            f"is {len(text)} characters long; at most {MAX_TEXT}", param_hint=name
        )
    return text


# --- the skeleton -------------------------------------------------------------------------------


def _key(name: str, value: str | None, example: str, comment: list[str]) -> list[str]:
    """Comment lines, then `name: value`, or the commented-out example when value is None."""
    lines = [f"# {c}" for c in comment]
    lines.append(f"{name}: {value}" if value is not None else f"# {name}: {example}")
    return lines


def _editor_lines(a: Answers, what: str) -> list[str]:
    """The opening comments every file `new` writes: the schema line and how to read the file."""
    return [
        f"# yaml-language-server: $schema={a.schema}",
        f"# A {what} file for ballotcalc, made by `ballotcalc new`. Lines starting with # are comments.",
        "# The first line lets an editor with the YAML language server check this file as you type;",
        "# write the schema next to this file with `ballotcalc schema > ballot.schema.json`.",
        "# Text is in double quotes so that words such as yes, no or 0123 stay text.",
        "#",
    ]


def _who(a: Answers, what: str) -> list[str]:
    return [
        *_key("title", quoted(a.title), '"..."', [f"What the {what} is about."]),
        *_key("union", _q(a.union), '"..."', [f"The union holding the {what}."]),
        *_key("employer", _q(a.employer), '"..."', ["The employer (or employers)."]),
        *_key(
            "jurisdiction",
            a.jurisdiction,
            "gb",
            ["gb (England, Wales, Scotland) or ni (Northern Ireland)."],
        ),
    ]


def survey_skeleton(a: Answers) -> str:
    """The text of a survey file (`kind: survey`): those asked and those who responded, which
    give a response rate and nothing to judge. Its one figure is required (a survey file is
    never open), so it is always written, never a placeholder."""
    assert a.responses is not None
    lines = [
        *_editor_lines(a, "survey"),
        "# A survey puts no question to a vote: it gives a response rate, no statutory test and no",
        "# mandate. Check it with `ballotcalc validate FILE`; `ballotcalc result FILE` shows the",
        "# response rate. (A ballot, statutory or consultative: `ballotcalc new --kind statutory`.)",
        "",
        *_who(a, "survey"),
        *_key(
            "opened",
            _day(a.opened),
            "YYYY-MM-DD",
            ["First day the survey went out (optional: no law is chosen by a survey's dates)."],
        ),
        *_key("closed", _day(a.closed), "YYYY-MM-DD", ["Last day to respond (optional)."]),
        *_key("kind", a.kind, SURVEY, ["survey: no question put to a vote, never a mandate."]),
        *_key("source", None, '"https://..."', ["Where the figures were published (optional)."]),
        *_key(
            "eligible",
            None if a.eligible is None else str(a.eligible),
            "0",
            [
                "Number asked: a plain whole number, no commas. The base of the response rate;",
                "without it the rate is unknown.",
            ],
        ),
        *_key("responses", str(a.responses), "0", ["Number who responded (at most eligible)."]),
    ]
    return "\n".join(lines) + "\n"


def skeleton(a: Answers) -> str:
    """The text of the ballot file (a live ballot: no figures that could be judged); a survey's
    is `survey_skeleton`."""
    if a.survey:
        return survey_skeleton(a)
    service = a.important_public_service
    lines = [
        *_editor_lines(a, "ballot"),
        "# Check it with `ballotcalc validate FILE`. While the ballot is open: `ballotcalc target FILE`",
        "# (returns still needed) and `ballotcalc timeline FILE` (statutory dates). After the count,",
        "# fill in votes_cast and results at the end and run `ballotcalc result FILE`.",
        "",
        *_who(a, "ballot"),
        *_key(
            "opened",
            _day(a.opened),
            "YYYY-MM-DD",
            ["First day voting papers were sent out: chooses the legal regime."],
        ),
        *_key(
            "closed",
            _day(a.closed),
            "YYYY-MM-DD",
            ["Last day votes could be cast: the date of the ballot (TULRCA s.246)."],
        ),
        *_key(
            "kind",
            a.kind,
            "statutory",
            [
                "statutory (TULRCA s.226) or consultative (indicative only; never a mandate);",
                "a survey (no question put to a vote) is written by `ballotcalc new --kind survey`.",
            ],
        ),
        *_key(
            "important_public_service",
            service,
            "health",
            [
                "Where most of those entitled to vote normally work in an important public service:",
                "health | education | fire | transport | border-security. Under gb-tua-2016 this",
                "turns on the 40% support test (Trade Union Act 2016 s.3; SI 2017/132-136).",
            ],
        ),
        *_key(
            "devolved_welsh_authority",
            None,
            "true",
            ["Services of devolved Welsh authorities: no 40% test from 2017-09-13."],
        ),
        *_key(
            "regime",
            None,
            "gb-tua-2016",
            ["Override the regime normally chosen from the dates (see `ballotcalc rules`)."],
        ),
        *_key("scrutineer", None, '"..."', ["The independent scrutineer (optional)."]),
        *_key("source", None, '"https://..."', ["Where the figures were published (optional)."]),
        *_key(
            "eligible",
            None if a.eligible is None else str(a.eligible),
            "0",
            [
                "Number entitled to vote (E): a plain whole number, no commas. Needed for the 50%",
                "turnout test; may be left out only where no test needs it.",
            ],
        ),
        "",
        "# The questions on the voting paper; strike and action short of a strike are separate",
        "# questions (s.229(2)). Delete one that was not asked. type: strike | asos | other.",
        "questions:",
        "  - id: strike",
        "    type: strike",
        '    text: "Are you prepared to take part in strike action?"',
        "  - id: asos",
        "    type: asos",
        '    text: "Are you prepared to take part in industrial action short of a strike?"',
        "",
        "# While the ballot is open, the scrutineer's interim counts (cumulative papers returned,",
        "# in date order) for `ballotcalc target`:",
        "# returns:",
        "#   - {date: YYYY-MM-DD, returned: 0}",
        "",
        "# After the count, uncomment these and copy the figures from the scrutineer's report.",
        "# Until then this is a live ballot: `result` shows it as open, `check` refuses it.",
        "# votes_cast: papers returned, spoiled ones included (s.297A); results: per question id.",
        "# votes_cast: 0",
        "# results:",
        "#   strike: {yes: 0, no: 0, spoiled: 0}",
        "#   asos: {yes: 0, no: 0, spoiled: 0}",
    ]
    return "\n".join(lines) + "\n"


def _q(value: str | None) -> str | None:
    return None if value is None else quoted(value)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def self_check(text: str, shown: str) -> None:
    """Load and validate `text` as `validate` would; raise InputError rather than write it."""
    from ballotcalc.errors import InputError
    from ballotcalc.loading import parse_yaml
    from ballotcalc.model import validate

    _, problems = validate(parse_yaml(text.encode("utf-8"), shown))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)


# --- prompts ------------------------------------------------------------------------------------


def _date_answer(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"'{value.strip()}' is not a date (YYYY-MM-DD)") from None


def _count_answer(value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        raise click.BadParameter(f"'{text}' is not a whole number (digits only, no commas)")
    return int(text)


def _required_count(value: str) -> int:
    count = _count_answer(value)
    if count is None:
        raise click.BadParameter("cannot be empty")
    return count


def _text_answer(name: str, required: bool) -> Callable[[str], str | None]:
    def convert(value: str) -> str | None:
        text = clean_text(value, name)
        if text is None and required:
            raise click.BadParameter("cannot be empty")
        return text

    return convert


def ask(a: Answers, given: set[str]) -> Answers:
    """Prompt (on stderr, so `new -` can still print the file) for every main field not given."""
    values: dict[str, Any] = {}

    def prompt(name: str, label: str, proc: Callable[[str], Any], default: str = "") -> None:
        if name in given:
            return
        values[name] = click.prompt(
            label, default=default, show_default=bool(default), value_proc=proc, err=True
        )

    prompt("title", "Title (what the ballot is about)", _text_answer("title", True))
    prompt("union", "Union (blank to leave out)", _text_answer("union", False))
    prompt("employer", "Employer (blank to leave out)", _text_answer("employer", False))
    prompt(
        "opened", "Opened, first day papers went out (YYYY-MM-DD, blank if unknown)", _date_answer
    )
    prompt("closed", "Closed, last day to vote (YYYY-MM-DD, blank if unknown)", _date_answer)
    if a.survey:  # no test, so no public service; its one figure is required
        prompt("eligible", "Number asked (blank if unknown)", _count_answer)
        prompt("responses", "Number who responded", _required_count)
        return msgspec.structs.replace(a, **values)
    prompt("eligible", "Number entitled to vote (blank if unknown)", _count_answer)
    if "important_public_service" not in given:
        service = click.prompt(
            "Important public service",
            type=click.Choice((NONE, *SERVICES)),
            default=NONE,
            err=True,
        )
        values["important_public_service"] = None if service == NONE else service
    return msgspec.structs.replace(a, **values)


def stdin_is_terminal() -> bool:
    """Whether someone can answer prompts (a function, so tests can stand in for a terminal)."""
    return sys.stdin.isatty()


# --- the command --------------------------------------------------------------------------------


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("path", required=False, default="-", type=click.Path(path_type=str))
@click.option("--title", help="What the ballot is about.")
@click.option("--union", help="The union holding the ballot.")
@click.option("--employer", help="The employer (or employers).")
@date_option("--opened", help="First day voting papers were sent out (chooses the regime).")
@date_option("--closed", help="Last day votes could be cast (the date of the ballot, s.246).")
@click.option(
    "--eligible", type=click.IntRange(0, 10**9), help="Number entitled to vote (a whole number)."
)
@click.option(
    "--important-public-service",
    "service",
    type=click.Choice((NONE, *SERVICES)),
    help="The important public service most voters work in, or none (turns on the 40% test).",
)
@click.option(
    "--jurisdiction", type=click.Choice(("gb", "ni")), default="gb", show_default=True,
    help="gb (England, Wales, Scotland) or ni (Northern Ireland).",
)  # fmt: skip
@click.option(
    "--kind", type=click.Choice(KINDS), default="statutory", show_default=True,
    help="A statutory ballot (s.226), a consultative one (no mandate), or a survey (no question "
    "put to a vote: a response rate; needs --responses).",
)  # fmt: skip
@click.option(
    "--responses", type=click.IntRange(0, 10**9),
    help="Survey only (--kind survey): the number who responded (required: a survey file holds "
    "its one figure).",
)  # fmt: skip
@click.option(
    "--schema",
    "schema_ref",
    metavar="PATH|URL",
    default=DEFAULT_SCHEMA,
    show_default=True,
    help="The JSON Schema named on the file's first line, for editors.",
)
@click.option(
    "--input/--no-input",
    "ask_user",
    default=None,
    help="Ask for the main fields (default: only when stdin is a terminal). --no-input never "
    "asks: fields not given as options are left as commented-out examples.",
)
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def new(
    path: str,
    title: str | None,
    union: str | None,
    employer: str | None,
    opened: dt.date | None,
    closed: dt.date | None,
    eligible: int | None,
    service: str | None,
    jurisdiction: str,
    kind: str,
    responses: int | None,
    schema_ref: str,
    ask_user: bool | None,
    force: bool,
) -> None:
    """Write a commented skeleton ballot file to PATH ('-' or nothing: stdout).

    On a terminal it asks for the title, union, employer, dates, number entitled to vote and
    important public service; options answer them for scripts. The file is a live ballot: the
    figures (votes_cast, results) are commented-out examples to fill in after the count, so it is
    never judged by accident. With --kind survey it writes a survey file (those asked and
    --responses, the number who responded: a response rate, no test, no mandate). An existing
    PATH is replaced only with --force.
    """
    from ballotcalc.output import emit

    given = {
        name
        for name, value in (
            ("title", title),
            ("union", union),
            ("employer", employer),
            ("opened", opened),
            ("closed", closed),
            ("eligible", eligible),
            ("important_public_service", service),
            ("responses", responses),
        )
        if value is not None
    }
    if responses is not None and kind != SURVEY:
        raise click.BadParameter("is for a survey only (--kind survey)", param_hint="--responses")
    if kind == SURVEY and service not in (None, NONE):
        raise click.BadParameter(
            "is not part of a survey: a survey has no statutory test",
            param_hint="--important-public-service",
        )
    if any(c in schema_ref for c in "\r\n") or not schema_ref.strip():
        raise click.BadParameter("must be one line", param_hint="--schema")
    if title is not None and clean_text(title, "--title") is None:
        raise click.BadParameter("cannot be empty", param_hint="--title")
    answers = Answers(
        title=PLACEHOLDER_TITLE if title is None else title.strip(),
        union=None if union is None else clean_text(union, "--union"),
        employer=None if employer is None else clean_text(employer, "--employer"),
        jurisdiction=jurisdiction,
        kind=kind,
        opened=opened,
        closed=closed,
        eligible=eligible,
        important_public_service=None if service in (None, NONE) else service,
        schema=schema_ref.strip(),
        responses=responses,
    )
    if ask_user is None:
        ask_user = stdin_is_terminal()
    if ask_user:
        try:
            answers = ask(answers, given)
        except click.Abort:  # the input ended, or Ctrl-C, before every question was answered
            raise BallotcalcError(
                "the questions were not all answered (the input ended or was interrupted); "
                "nothing was written"
            ) from None
    if answers.survey and answers.responses is None:  # never a placeholder figure
        raise click.BadParameter(
            "is required for a survey (--kind survey): the number who responded, its one figure",
            param_hint="--responses",
        )
    wrong_dates = period_problem(answers.opened, answers.closed)  # the rule ballot files obey
    if wrong_dates is not None:
        raise click.BadParameter(wrong_dates, param_hint="closed")
    text = skeleton(answers)
    self_check(text, path)
    report(emit(text, path, force=force))
