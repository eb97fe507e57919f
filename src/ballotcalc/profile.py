"""The union profile: who a letter is from, and how the union writes one.

A small TOML file (read with the standard library's `tomllib`) that turns a circular or a notice
into a letter on the union's paper: its name and address, the signatory and role, how references
are made, the salutation and closing for members and for an employer, and the next steps a
circular ends with unless the ballot file gives its own. It holds no figures and no law: it
changes how a document is addressed and signed, never what it says about the ballot.

Where it is found (`find_profile`): `--profile PATH`; else `ballotcalc.toml` or `union.toml` in
the ballot file's folder; else `union.toml` or `ballotcalc.toml` in the user's configuration
folder (`click.get_app_dir("ballotcalc")`, e.g. ~/.config/ballotcalc). None of them: documents
are as they were, with no letter.

A profile that cannot be used is an `InputError` located as `FILE:LINE: field: message` (exit 2):
TOML gives the line of a syntax error, and `_key_lines` finds the line of each key, which
tomllib does not keep.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from msgspec import Struct
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from ballotcalc.errors import InputError, Problem

PROFILE_NAMES = ("ballotcalc.toml", "union.toml")
"""The names a profile has beside a ballot file or in the configuration folder, in that order."""
APP_NAME = "ballotcalc"
MAX_PROFILE_BYTES = 64 * 1024
"""Far more than any profile needs; a larger file named by mistake is refused, not read."""

REFERENCE_FIELDS: Mapping[str, str] = {
    "union_short": "the union's short name (`short_name`, else `name`)",
    "year": "the year of the date of the ballot (its closing date; else its opening date; else "
    "the letter's date)",
    "ballot_slug": "the ballot file's name without its extension, in lower case, with anything "
    "but letters and digits made a hyphen (`rmt-lu-pay-2025`)",
    "document": "which document: `circular` (summary), `members` or `employer` (the result "
    "notice), `ballot` or `action` (the notice of ballot or of action)",
}
"""The placeholders a reference format may use, and what each stands for (docs/guide.md)."""

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class Addressing(BaseModel):
    """How a letter to one audience opens and closes."""

    model_config = _STRICT

    salutation: _Text = Field(description='How the letter opens: "Dear Member".')
    closing: _Text = Field(description='How it closes: "Yours sincerely".')


class Profile(BaseModel):
    """A union's letter-writing profile (the TOML file's top level)."""

    model_config = _STRICT

    name: _Text = Field(description="The union's name, at the head of every letter.")
    short_name: _Text | None = Field(default=None, description="For references: `FWU`.")
    address: list[_Text] = Field(default=[], max_length=8, description="Address lines.")
    contact: list[_Text] = Field(
        default=[], max_length=4, description="Lines under the address: telephone, email, web."
    )
    signatory: _Text = Field(description="Who signs the letter.")
    role: _Text | None = Field(default=None, description="The signatory's role.")
    reference: _Text = Field(
        default="{union_short}/{year}/{ballot_slug}",
        description="How a letter's reference is made; placeholders in braces (REFERENCE_FIELDS).",
    )
    next_steps: _Long | None = Field(
        default=None,
        description="What the union does next, ending a circular and a notice to members unless "
        "the ballot file has its own `next_steps:`. Paragraphs are separated by a blank line.",
    )
    members: Addressing = Field(
        default=Addressing(salutation="Dear Member", closing="Yours sincerely"),
        description="Opening and closing of letters to members (circulars, s.231 notices).",
    )
    employer: Addressing = Field(
        default=Addressing(salutation="Dear Sir or Madam", closing="Yours faithfully"),
        description="Opening and closing of notices to an employer (s.231A, s.226A, s.234A).",
    )

    @field_validator("reference")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        """A misspelt placeholder would print as itself on every letter: refuse it here."""
        try:
            parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(value)]
        except ValueError as exc:
            raise ValueError(
                f"not a reference format ({exc}); write a brace as {{{{ or }}}}"
            ) from None
        known = ", ".join(f"{{{name}}}" for name in REFERENCE_FIELDS)
        for name, _, _ in parsed:
            if name is not None and name not in REFERENCE_FIELDS:
                shown = f"{{{name}}}" if name else "{}"
                raise ValueError(f"unknown placeholder {shown} (known: {known})")
        if any(name is not None and (spec or conv) for name, spec, conv in parsed):
            raise ValueError(f"placeholders take no format or conversion (known: {known})")
        return value


class LoadedProfile(Struct, frozen=True):
    """A profile and the file it came from (a letter's provenance, and errors' location)."""

    profile: Profile
    file: str


def find_profile(ballot_file: str, *, app_dir: Path | None = None) -> Path | None:
    """The profile that applies to a ballot file when `--profile` is not given, or None.

    Beside the ballot first (a union keeps its ballots and its profile together), then the
    user's configuration folder. Two profiles in the same folder are refused: which one was
    meant cannot be guessed, and the wrong one would sign the letter.
    """
    folders = [Path(ballot_file).parent, app_dir if app_dir is not None else config_folder()]
    for folder in folders:
        found = [folder / name for name in PROFILE_NAMES if (folder / name).is_file()]
        if len(found) > 1:
            raise InputError.single(
                str(found[1]),
                f"two union profiles in one folder ({found[0].name} and {found[1].name}): keep "
                "one, or name the one to use with --profile",
            )
        if found:
            return found[0]
    return None


def config_folder() -> Path:
    """The user's configuration folder for ballotcalc (click's rules per platform)."""
    import click

    return Path(click.get_app_dir(APP_NAME))


def load_profile(path: str | Path) -> LoadedProfile:
    """Read and validate a profile; every problem located `FILE:LINE: field: message`."""
    from ballotcalc.loading import decode_text, refuse_special_file

    shown = str(path)
    refuse_special_file(Path(path), shown)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError.single(shown, "no such union profile file") from None
    except IsADirectoryError:
        raise InputError.single(shown, "is a directory; give the profile's TOML file") from None
    except OSError as exc:
        raise InputError.single(shown, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise InputError.single(shown, f"is over {MAX_PROFILE_BYTES // 1024} KiB: not a profile")
    text = decode_text(raw, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = _toml_error(exc)
        raise InputError.single(shown, f"not valid TOML: {message}", line=line) from None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        lines = _key_lines(text)
        raise InputError(_problem(shown, error, lines) for error in exc.errors()) from None
    return LoadedProfile(profile, shown)


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None]:
    """tomllib's message without its "(at line N, column M)", and N."""
    message = str(exc)
    match = _AT_LINE.search(message)
    if match is None:
        return message, None
    return f"{message[: match.start()]} (column {match.group(2)})", int(match.group(1))


def _problem(file: str, error: Any, lines: Mapping[tuple[str, ...], int]) -> Problem:
    loc = tuple(str(part) for part in error["loc"])
    path = ".".join(loc)
    line = None
    for end in range(len(loc), 0, -1):  # the key itself, else the nearest table or key above it
        line = lines.get(loc[:end])
        if line is not None:
            break
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        known = ", ".join(_known_keys(loc[:-1]))
        message = f"unknown key (known here: {known})"
    elif error["type"] == "missing":
        message = "is required"
        line = lines.get(loc[:-1]) if len(loc) > 1 else None  # the table it is missing from
    return Problem(file, message, line=line, path=path)


def _known_keys(table: tuple[str, ...]) -> list[str]:
    model: type[BaseModel] = Profile
    if table and table[0] in ("members", "employer"):
        model = Addressing
    return list(model.model_fields)


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each table header and key (dotted keys included), for error messages.

    Enough TOML for a profile: `[table]` headers, `key = value` and `a.b = value` lines, and
    multi-line strings skipped over. A key not found here is reported without a line.
    """
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header is not None:
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        lines.setdefault((*table, *_dotted(key.group(1))), number)
        rest = line[key.end() :]
        for quotes in ('"""', "'''"):
            if rest.count(quotes) % 2 == 1:
                in_string = quotes
                break
    return lines


def _dotted(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in key.split("."))
