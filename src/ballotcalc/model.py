"""The ballot file contract: pydantic models, and the checks that need more than one field.

Models are strict where figures are concerned (a count is an int, never `True`, `12.0` or "1,234")
and forbid unknown keys, because a typo such as `spolied:` would otherwise drop spoiled papers from
the count without a word. Validation errors are translated into `Problem`s carrying the file's line
numbers, which pydantic does not know.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from msgspec import Struct
from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError

from ballotcalc import guards
from ballotcalc.errors import InputError, Problem
from ballotcalc.loading import Document, PathKey

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaValue

    from ballotcalc.units_csv import UnitsTable


class SchemaExtra(Struct, frozen=True):
    """Annotation that adds keywords to a type's JSON Schema, for what the validator checks in code.

    `extra` is a function returning the keywords, called only when the schema is generated (so the
    regime table is not read for an ordinary run; a function, not a dict, as pydantic hashes it).
    """

    extra: Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.extra())
        return schema


Count = Annotated[int, Field(strict=True, ge=0, le=10**9)]
"""A head count. The upper bound is far above any UK electorate and stops absurd figures early."""

_NOT_BLANK = SchemaExtra(lambda: {"pattern": r"\S"})
"""Text is stripped before its length is checked, so text of only spaces is refused: the schema
says so with a pattern that needs one character that is not white space."""
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), _NOT_BLANK
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), _NOT_BLANK
]

# Own error types: their message is complete, `_message` adds no "(got ...)".
_DAY_ERROR = "ballotcalc_day"
_REGIME_ERROR = "ballotcalc_regime"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_day(value: Any) -> Any:
    """A day as written in a ballot file: `YYYY-MM-DD` text (our YAML reader never makes dates),
    or a `datetime.date` from a Python caller.

    Pydantic's lax date parsing would also take `2019-03-18T00:00:00` and a Unix timestamp such as
    `1552867200`, which the JSON Schema (`format: date`) refuses: a date is a date, in both.
    """
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    shown = repr(value) if isinstance(value, str) else f"{_kind(value)} {_plain(value)}"
    raise PydanticCustomError(
        _DAY_ERROR, "must be a date written YYYY-MM-DD, not {shown}", {"shown": shown}
    )


Day = Annotated[dt.date, Field(strict=False), BeforeValidator(_iso_day)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]


def _known_regime(value: str) -> str:
    """An unknown regime is refused when the file is read, live or not, as the schema refuses it."""
    from ballotcalc.rules import rulebook

    ids = rulebook().ids
    if value not in ids:
        raise PydanticCustomError(
            _REGIME_ERROR,
            "unknown regime '{value}' (known: {known})",
            {"value": value, "known": ", ".join(ids)},
        )
    return value


def _regime_ids() -> dict[str, Any]:
    """The regime ids of the shipped table, as an enum editors complete."""
    from ballotcalc.rules import rulebook

    return {"enum": list(rulebook().ids)}


ColumnTarget = Annotated[
    str,
    StringConstraints(
        pattern=r"^(name|eligible|votes_cast|group|told_employer|ignore|[A-Za-z][A-Za-z0-9_-]{0,39}\.(yes|no|spoiled|spoilt))$"
    ),
]
"""What `units_csv_columns:` maps a CSV header to (`units_csv.COLUMN_TARGET` reads it)."""
RegimeId = Annotated[Identifier, AfterValidator(_known_regime), SchemaExtra(_regime_ids)]
QuestionType = Literal["strike", "asos", "other"]
ImportantPublicService = Literal["health", "education", "fire", "transport", "border-security"]
NO_SERVICE = "none"
"""What `ballotcalc new` offers for "not an important public service": read as the key left out."""

SURVEY = "survey"
BRITISH_SPOILED = "spoilt"
"""The British spelling, accepted wherever `spoiled` is a key (giving both is an error)."""

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class Counts(BaseModel):
    """The answers to one question: Yes, No, and papers spoiled or invalid for that question."""

    model_config = _STRICT

    yes: Count = Field(description="Number answering Yes.", examples=[2107])
    no: Count = Field(description="Number answering No.", examples=[896])
    spoiled: Count = Field(
        default=0,
        validation_alias=AliasChoices("spoiled", BRITISH_SPOILED),
        description="Spoiled or otherwise invalid papers for this question (counted among the "
        "votes cast). `spoilt` is accepted too (not both).",
        examples=[7],
    )


class Question(BaseModel):
    """One question on the voting paper (s.229(2): strike and action short of a strike are separate)."""

    model_config = _STRICT

    id: Identifier = Field(
        description="Short name used as the key in `results`.", examples=["strike"]
    )
    type: QuestionType = Field(
        description="strike, asos (action short of a strike) or other.", examples=["strike"]
    )
    text: LongText | None = Field(
        default=None,
        description="The question as printed on the voting paper.",
        examples=["Are you prepared to take part in strike action?"],
    )


def _given(key: str) -> dict[str, Any]:
    """JSON Schema: `key` is present with a value (the loader treats `key:` with nothing as absent)."""
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _all_given(*keys: str) -> dict[str, Any]:
    return {"required": list(keys), "properties": {k: {"not": {"type": "null"}} for k in keys}}


def _any_given(*keys: str) -> dict[str, Any]:
    return {"anyOf": [_given(k) for k in keys]}


class Return(BaseModel):
    """One interim count from the scrutineer while the ballot is open: papers returned so far."""

    model_config = _STRICT

    date: Day = Field(description="The day of the count.", examples=["2011-11-08"])
    returned: Count = Field(
        description="Voting papers returned so far (cumulative, spoiled ones included).",
        examples=[3400],
    )
    yes: Count | None = Field(
        default=None,
        description="Optional: Yes answers among those papers, where an indicative count gives "
        "them (scrutineers do not count votes before the close). The latest one is the Yes share "
        "`target` assumes for the 40% support test, unless --yes-share is given; with several "
        "questions, give the lowest.",
        examples=[2600],
    )


class NoticeGiven(BaseModel):
    """A notice the employer has received: the s.226A notice of the ballot, or a s.234A notice of
    industrial action (continuous from a day, or discontinuous on listed days). Recorded so that
    `mandates` and `timeline` can say what is notified and what would need a new notice."""

    model_config = ConfigDict(
        **_STRICT,
        json_schema_extra={  # as `_notified_check` refuses, for editors
            "if": {"properties": {"kind": {"const": "ballot"}}},
            "then": {"not": _any_given("days", "continuous_from", "action", "ceased")},
            "else": {"oneOf": [_given("days"), _given("continuous_from")]},
        },
    )

    kind: Literal["ballot", "action"] = Field(
        description="ballot: the s.226A notice of the ballot; action: a s.234A notice of "
        "industrial action.",
        examples=["action"],
    )
    received: Day = Field(
        description="The day the employer received it (the day that counts in law, not the day "
        "it was sent).",
        examples=["2026-04-01"],
    )
    action: Literal["strike", "asos"] | None = Field(
        default=None,
        description="Action notices: the type of action notified (strike, or asos: action short "
        "of a strike); may be left out where the ballot gave a mandate for one type only.",
    )
    days: list[Day] | None = Field(
        default=None,
        min_length=1,
        max_length=400,
        description="Action notices for discontinuous action: each day of action, in date order.",
        examples=[["2026-04-14", "2026-04-15"]],
    )
    continuous_from: Day | None = Field(
        default=None,
        description="Action notices for continuous action: the day it begins.",
        examples=["2026-04-14"],
    )
    ceased: Day | None = Field(
        default=None,
        description="Continuous action only: the day the union stopped authorising it. Action "
        "authorised again later needs a new notice (s.234A(7)), unless suspended by agreement "
        "or to obey a court (s.234A(7A), (7B)).",
    )


class Unit(BaseModel):
    """One separate ballot of a workplace or employer (TULRCA s.228): the questions are shared.

    Every statutory test applies to each unit on its own unless the union may aggregate (s.228A).
    """

    model_config = _STRICT

    name: Text = Field(
        description="The workplace or employer (never a total row such as TOTAL or Grand total).",
        examples=["Leeds Teaching Hospitals"],
        json_schema_extra={"not": {"pattern": guards.TOTAL_NAME_SCHEMA}},
    )
    eligible: Count | None = Field(
        default=None, description="Number entitled to vote in this unit (E)."
    )
    votes_cast: Count | None = Field(
        default=None,
        description="Voting papers returned in this unit, spoiled ones included (V; s.297A). "
        "Required once the ballot has closed (when any unit has results); absent while it is open.",
    )
    results: dict[Identifier, Counts] | None = Field(
        default=None,
        description="Answers per question id. Required once the ballot has closed (when any unit "
        "has results); absent while it is open.",
    )
    returns: list[Return] | None = Field(
        default=None,
        max_length=400,
        description="Interim cumulative counts of papers returned in this unit while the ballot is "
        "open, in date order, in the shape of the top-level `returns` (for `ballotcalc target`).",
    )
    told_employer: Day | None = Field(
        default=None,
        description="The day this employer was told the result (s.231A), if not the ballot's "
        "`told_employer`: the s.234A notice period can begin no earlier.",
    )
    notices: list[NoticeGiven] | None = Field(
        default=None,
        max_length=100,
        description="Notices this employer has received (s.226A, s.234A), as for the ballot.",
    )
    figures_explanation: LongText | None = Field(
        default=None,
        description="How this employer's figures in a notice of ballot or of action were arrived "
        "at (s.226A(2)(c), s.234A(3)(a)), if not the ballot's `figures_explanation`.",
    )
    group: Text | None = Field(
        default=None,
        description="The unit's group, such as its region or sector (what `group_by` names): "
        "`summary` adds a roll-up per group, for information only. In a units CSV, a `group` "
        "column, or the column `units_csv_columns:` maps to group (e.g. `Region: group`).",
        examples=["North West"],
    )

    @property
    def counted(self) -> bool:
        """The unit has its final figures (votes cast or results): the ballot has closed."""
        return self.results is not None or self.votes_cast is not None


def _judged_needs_a_regime(*keys: str) -> dict[str, Any]:
    """A statutory ballot with any of `keys` is judged: a date or `regime:` must choose its law."""
    return {
        "if": {
            **_any_given(*keys),
            "not": {"required": ["kind"], "properties": {"kind": {"const": "consultative"}}},
        },
        "then": _any_given("opened", "closed", "regime"),
    }


_SURVEY = {"required": ["kind"], "properties": {"kind": {"const": "survey"}}}
_NOT_IN_A_SURVEY = ("questions", "results", "votes_cast", "units", "units_csv", "units_csv_columns",
                    "aggregation", "group_by", "returns", "question", "yes", "no", "spoiled",
                    "spoilt")  # fmt: skip
"""What a survey (kind: survey) cannot have: it puts no question to a vote."""


def _ballot_rules(schema: dict[str, Any]) -> None:
    """The checks across fields of `consistency` and `judge` that a JSON Schema can state, so
    editors flag them as `validate` does (tests/test_schema_agreement.py holds the two together)."""
    rules = [
        # units: each unit has its own figures; a list here or a CSV, not both
        {
            "if": _given("units"),
            "then": {"not": _any_given("units_csv", "eligible", "votes_cast", "results")},
        },
        {
            "if": _given("units_csv"),
            "then": {"not": _any_given("eligible", "votes_cast", "results")},
        },
        {"if": _given("aggregation"), "then": _any_given("units", "units_csv")},
        {"if": _given("units_csv_columns"), "then": _given("units_csv")},
        # units are all counted (closed) or none is (open); only an open ballot's units take a
        # returns CSV, and top-level returns are for a ballot without units
        {
            "if": {"properties": {"units": {"contains": _any_given("votes_cast", "results")}}},
            "then": {
                "properties": {"units": {"items": _all_given("votes_cast", "results")}},
                "not": _given("returns_csv"),
            },
        },
        {"if": _given("units"), "then": {"not": _given("returns")}},
        {"if": _given("units_csv"), "then": {"not": _any_given("returns", "returns_csv")}},
        {
            "if": _given("returns_csv"),
            "then": {
                **_given("units"),
                "properties": {"units": {"items": {"not": _given("returns")}}},
            },
        },
        {"if": _given("group_by"), "then": _any_given("units", "units_csv")},
        # results need the papers returned to be judged against
        {"if": _given("results"), "then": _given("votes_cast")},
        # a survey is those asked and those who responded, and nothing to judge
        {"if": _given("responses"), "then": _SURVEY},
        {"if": _SURVEY, "then": {"required": ["responses"], "not": _any_given(*_NOT_IN_A_SURVEY)}},
        _judged_needs_a_regime("results", "units", "units_csv"),
    ]
    schema["allOf"] = rules


class Ballot(BaseModel):
    """A ballot file, after the single-question shorthand has been expanded."""

    model_config = ConfigDict(**_STRICT, json_schema_extra=_ballot_rules)

    title: Text = Field(description="What the ballot was about.")
    union: Text | None = Field(default=None, description="The union holding the ballot.")
    employer: Text | None = Field(default=None, description="The employer (or employers).")
    jurisdiction: Literal["gb", "ni"] = Field(
        default="gb", description="gb (England, Wales, Scotland) or ni (Northern Ireland)."
    )
    opened: Day | None = Field(
        default=None,
        description="First day voting papers were sent: chooses the legal regime.",
        examples=["2019-03-18"],
    )
    closed: Day | None = Field(
        default=None,
        description="Last day votes could be cast: the date of the ballot (s.246).",
        examples=["2019-04-29"],
    )
    kind: Literal["statutory", "consultative", "survey"] = Field(
        default="statutory",
        description="statutory (TULRCA s.226), consultative (indicative; no mandate), or survey "
        "(no question put to a vote: `eligible` asked and `responses` received give a response "
        "rate; no mandate, no statutory test).",
    )
    important_public_service: ImportantPublicService | Literal["none"] | None = Field(
        default=None,
        description="Set when most of those entitled to vote normally work in an important public "
        "service (SI 2017/132-136): turns on the 40% support test under gb-tua-2016. `none` (as "
        "`ballotcalc new` offers it) is the same as leaving it out.",
    )
    devolved_welsh_authority: bool = Field(
        default=False,
        description="Set for services of devolved Welsh authorities: no 40% test from 2017-09-13 "
        "(Trade Union (Wales) Act 2017 s.1(4)).",
    )
    long_ballot_confirmed: bool = Field(
        default=False,
        description="Set to true to confirm a ballot really was open more than 12 weeks; "
        "otherwise such dates are refused as a likely year typo (the opening date chooses the law).",
    )
    counts_not_percentages_confirmed: bool = Field(
        default=False,
        description="Set to true to confirm counts that add up to 100 (Yes + No, or with spoiled) "
        "while votes cast are far from 100 are real counts; otherwise they are refused as "
        "percentages typed as counts.",
    )
    regime: RegimeId | None = Field(
        default=None, description="Override the regime normally chosen from the dates."
    )
    scrutineer: Text | None = Field(default=None, description="The independent scrutineer.")
    source: LongText | None = Field(default=None, description="Where the figures were published.")
    reference: Text | None = Field(
        default=None,
        description="The reference on letters about this ballot, instead of the one the union "
        "profile's `reference` format makes (letters only: see `--profile`).",
        examples=["FWU/IA/2025/07"],
    )
    next_steps: LongText | None = Field(
        default=None,
        description="What the union does next, in its own words, ending a circular or a notice "
        "to members sent as a letter, instead of the union profile's `next_steps` (letters only: "
        "see `--profile`). Paragraphs are separated by a blank line.",
    )
    eligible: Count | None = Field(
        default=None,
        description="Number entitled to vote (E). May be left out only where no test needs it.",
    )
    votes_cast: Count | None = Field(
        default=None,
        description="Voting papers returned, spoiled ones included (V; s.297A).",
    )
    units: list[Unit] | None = Field(
        default=None,
        min_length=1,
        description="Separate ballots of workplaces or employers (s.228), each judged on its own "
        "unless `aggregation: aggregate`. Instead of the top-level eligible/votes_cast/results. "
        "After loading, also holds the units read from `units_csv`.",
    )
    units_csv: Text | None = Field(
        default=None,
        description="A CSV file of units, instead of `units`: a path relative to the ballot file, "
        "in its folder or below it (anything else needs --allow-outside-paths).",
        examples=["pay-2022-units.csv"],
    )
    units_csv_columns: dict[Text, ColumnTarget] | None = Field(
        default=None,
        description="Headers of `units_csv` that ballotcalc does not recognise itself, each mapped "
        "to the field it holds: name, eligible, votes_cast, group (for `group_by`), "
        "told_employer (the day that employer was told its result), or <question id>.yes / .no "
        "/ .spoiled, "
        "or to ignore (a column that is not a unit's field, left out without a warning); matched "
        "ignoring case, spaces and punctuation, and used before any built-in name.",
        examples=[
            {"Ballot papers issued": "eligible", "Y Strike": "strike.yes"},
            {"Result sent": "told_employer"},
        ],
    )
    returns_csv: Text | None = Field(
        default=None,
        description="A CSV file of interim counts per unit while the ballot is open (columns "
        "unit, date, returned and optionally yes), instead of `returns` under each unit: a path "
        "relative to the ballot file, in its folder or below it (anything else needs "
        "--allow-outside-paths).",
        examples=["pay-2024-returns.csv"],
    )
    group_by: Text | None = Field(
        default=None,
        description="What the units' `group` values are (e.g. region, sector): `summary` then "
        "adds a roll-up per group, for information only; never a legal test. Every unit needs "
        "its `group`.",
        examples=["region"],
    )
    aggregation: Literal["separate", "aggregate"] | None = Field(
        default=None,
        description="separate (the default with units: every test per unit) or aggregate "
        "(s.228A: the units are summed and judged once; per-unit figures are for information).",
    )
    questions: list[Question] = Field(
        default=[],
        min_length=1,
        max_length=20,
        description="The questions on the voting paper (strike and action short of a strike are "
        "separate questions, s.229(2)). Required, except in a survey, which has none.",
    )
    responses: Count | None = Field(
        default=None,
        description="Survey only (`kind: survey`): the number who responded, of the `eligible` "
        "who were asked.",
    )
    results: dict[Identifier, Counts] | None = Field(
        default=None, description="Answers per question id. Absent while the ballot is open."
    )
    told_employer: Day | None = Field(
        default=None,
        description="The day the employer (every employer, with units) was told the result "
        "(s.231A): the s.234A notice period can begin no earlier. A unit may give its own.",
        examples=["2026-03-20"],
    )
    notices: list[NoticeGiven] | None = Field(
        default=None,
        max_length=100,
        description="Notices the employer has received: the s.226A notice of the ballot and any "
        "s.234A notices of industrial action (with units, give them under each unit).",
    )
    workforce_csv: Text | None = Field(
        default=None,
        description="A CSV file of the employees concerned or affected (employer, workplace, "
        "category, number), behind the notices of ballot and of action (s.226A, s.234A): a path "
        "relative to the ballot file, in its folder or below it (anything else needs "
        "--allow-outside-paths).",
        examples=["pay-2026-workforce.csv"],
    )
    figures_explanation: LongText | None = Field(
        default=None,
        description="How the figures in a notice of ballot or of action were arrived at "
        "(s.226A(2)(c), s.234A(3)(a)), for every employer that gives none of its own.",
        examples=[
            "Taken from the union's membership records on 2 March 2026, checked against "
            "the employer's staff list by the branch secretaries."
        ],
    )
    returns: list[Return] | None = Field(
        default=None,
        max_length=400,
        description="Interim cumulative counts of papers returned while the ballot is open, in "
        "date order (for `ballotcalc target`).",
    )

    @field_validator("important_public_service", mode="after")
    @classmethod
    def _no_service(cls, value: str | None) -> str | None:
        """`none` means no important public service: one spelling (None) for the core."""
        return None if value == NO_SERVICE else value

    @property
    def survey(self) -> bool:
        """A survey: a response rate, and no question put to a vote."""
        return self.kind == SURVEY

    def named(self) -> str:
        """The name of the single unit of a ballot without workplaces: the employer, else title."""
        return self.employer or self.title


_UNITS: TypeAdapter[list[Unit]] = TypeAdapter(list[Unit])
"""Validates the units read from a CSV in one call (the loop runs in pydantic's core)."""


# --- the single-question shorthand -------------------------------------------------------------

_SHORTHAND_KEYS = ("yes", "no", "spoiled", BRITISH_SPOILED)
SHORTHAND_ID = "q1"


def expand_shorthand(data: dict[str, Any]) -> tuple[dict[str, Any], dict[PathKey, PathKey]]:
    """Rewrite `question:` + top-level `yes/no/spoiled` into `questions`/`results`.

    Returns the new data and a map from each new path to the path the user actually wrote, so that
    errors point at `yes`, not at a `results.q1.yes` the user never typed.
    """
    if not any(key in data for key in (*_SHORTHAND_KEYS, "question")):
        return data, {}
    expanded = {k: v for k, v in data.items() if k not in (*_SHORTHAND_KEYS, "question")}
    written: dict[PathKey, PathKey] = {}
    question: dict[str, Any] = {"id": SHORTHAND_ID, "type": "strike"}
    if "question" in data:
        question["text"] = data["question"]
        written[("questions", 0, "text")] = ("question",)
    expanded["questions"] = [question]
    counts = {k: data[k] for k in _SHORTHAND_KEYS if k in data}
    if counts:
        expanded["results"] = {SHORTHAND_ID: counts}
        for key in _SHORTHAND_KEYS:
            written[("results", SHORTHAND_ID, key)] = (key,)
        # "results" as a whole, or the counts as a whole (they do not add up): the first count
        written[("results", SHORTHAND_ID)] = (next(iter(counts)),)
        written[("results",)] = (next(iter(counts)),)
    return expanded, written


# --- the JSON Schema, for editors -----------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The ballot file's JSON Schema: the `Ballot` model plus the single-question shorthand."""
    schema = Ballot.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ballotcalc ballot file"
    properties = schema["properties"]
    count = {"type": "integer", "minimum": 0, "maximum": 10**9}
    properties["question"] = {
        **TypeAdapter(LongText | None).json_schema(),
        "description": "Shorthand for one question (id q1, type strike): its text.",
        "examples": ["Are you prepared to take part in strike action?"],
    }
    for key, text in (("yes", "Yes"), ("no", "No"), ("spoiled", "Spoiled or otherwise invalid")):
        properties[key] = {**count, "description": f"Shorthand for one question: {text} answers."}
    spoilt = {**count, "description": "The British spelling of `spoiled` (give one, not both)."}
    properties[BRITISH_SPOILED] = spoilt
    counts = schema["$defs"]["Counts"]
    counts["properties"][BRITISH_SPOILED] = spoilt
    both = {"not": {"required": ["spoiled", BRITISH_SPOILED]}}
    counts.update(both)
    schema["required"] = [r for r in schema.get("required", []) if r != "questions"]
    shorthand = ("question", *_SHORTHAND_KEYS)
    schema["oneOf"] = [
        {"required": ["questions"], "not": {"anyOf": [{"required": [k]} for k in shorthand]}},
        {
            "not": {"anyOf": [{"required": ["questions"]}, {"required": ["results"]}]},
            # a file of only a title has no question at all
            "anyOf": [{"required": [k]} for k in shorthand],
        },
        _SURVEY,  # no question at all (the rules for a survey are in allOf)
    ]
    # the shorthand's counts become `results`: both answers, and the rules for results above
    schema["dependentRequired"] = {
        "yes": ["no"],
        "no": ["yes"],
        "spoiled": ["yes", "no"],
        BRITISH_SPOILED: ["yes", "no"],
    }
    schema["allOf"] += [
        {"if": _any_given(*_SHORTHAND_KEYS), "then": _given("votes_cast")},
        {
            "if": _any_given("units", "units_csv"),
            "then": {"not": _any_given(*_SHORTHAND_KEYS)},
        },
        _judged_needs_a_regime(*_SHORTHAND_KEYS),
    ]
    schema["allOf"].append(both)
    return schema


# --- validation with line numbers ---------------------------------------------------------------


UnitsReader = Callable[["Ballot"], "UnitsTable"]
"""Reads the ballot's `units_csv` (a path as written in the ballot file) for its questions and its
`units_csv_columns`; may raise InputError. Supplied by the caller (`judging.load_ballot`), so this
module does no I/O."""


def validate(
    document: Document, units_reader: UnitsReader | None = None
) -> tuple[Ballot | None, list[Problem]]:
    """The validated ballot (or None) and every problem found, each located by line and path.

    With `units_csv` and a `units_reader`, the CSV's units are validated like inline ones and the
    returned ballot holds them in `units`.
    """
    data = document.data
    if not isinstance(data, dict):
        if looks_like_csv(document.file, data):
            return None, [Problem(document.file, CSV_GIVEN_AS_BALLOT, line=1)]
        what = "empty" if data is None else f"a {_kind(data)}"
        return None, [
            Problem(
                document.file,
                f"a ballot file must be a mapping of keys to values, not {what}",
                line=1,
            )
        ]
    long_form = [k for k in ("questions", "results") if k in data]
    if long_form and any(k in data for k in ("question", *_SHORTHAND_KEYS)):
        return None, [
            Problem(
                document.file,
                "use either 'questions'/'results' or the single-question "
                "shorthand 'question'/'yes'/'no'/'spoiled', not both",
                line=document.line_of((long_form[0],)),
                path=long_form[0],
            )
        ]
    data, written = expand_shorthand(data)
    where = Where(document, written)
    try:
        ballot = Ballot.model_validate(data)
    except ValidationError as exc:
        return None, list(_problems_from(exc, where, data=data))
    problems = list(consistency(ballot, document, written))
    if (
        ballot.units_csv is None
        or ballot.units is not None
        or units_reader is None
        or any(p.severity == "error" for p in problems)
    ):
        return ballot, problems
    try:
        table = units_reader(ballot)
    except InputError as exc:
        return None, [*problems, *exc.problems]
    where = Where(document, written, table)
    try:
        units = _UNITS.validate_python(table.units)
    except ValidationError as exc:
        return None, [*problems, *_problems_from(exc, where, prefix=("units",), data=table.units)]
    ballot = ballot.model_copy(update={"units": units})
    return ballot, [*table.warnings, *problems, *consistency(ballot, document, written, table)]


def _plain(value: Any) -> str:
    """A scalar as it is written in YAML (`true`, not Python's `True`)."""
    return str(value).lower() if isinstance(value, bool) or value is None else repr(value)


CSV_GIVEN_AS_BALLOT = (
    "this is a CSV: name it in a ballot file as `units_csv:` (e.g. `units_csv: units.csv`, "
    "beside the title, dates and questions; see docs/file-format.md)"
)


def looks_like_csv(file: str, data: Any = None) -> bool:
    """A units CSV given where a ballot file belongs: by its name, or as YAML reads one (a single
    text whose first line is comma-separated headers)."""
    if file.lower().endswith(".csv"):
        return True
    return isinstance(data, str) and "," in data.split("\n", 1)[0] and ":" not in data


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


class Where(Struct, frozen=True):
    """Where a path in the (expanded) data was written: the ballot file, or a units CSV row."""

    document: Document
    written: dict[PathKey, PathKey]
    table: UnitsTable | None = None

    def problem(
        self, path: PathKey, message: str, severity: Literal["error", "warning"] = "error"
    ) -> Problem:
        if self.table is not None and len(path) >= 2 and path[0] == "units":
            assert isinstance(path[1], int)
            line, column = self.table.locate(path[1], path[2:])
            return Problem(self.table.file, message, line=line, path=column, severity=severity)
        line, dotted = _located(self.document, self.written, path)
        return Problem(
            self.document.file, message, line=line, path=dotted or None, severity=severity
        )

    def place(self, path: PathKey) -> str:
        """Where `path` is, in words, for a message that points at a second place."""
        problem = self.problem(path, "")
        return f"line {problem.line}" if problem.line is not None else (problem.path or "")


def _located(
    document: Document, written: dict[PathKey, PathKey], path: PathKey
) -> tuple[int | None, str]:
    """The line and the user's own dotted path for a path in the expanded data."""
    for end in range(len(path), -1, -1):
        if path[:end] in written:
            path = written[path[:end]] + path[end:]
            break
    return document.line_of(path), ".".join(map(str, path))


def _problems_from(
    exc: ValidationError, where: Where, prefix: PathKey = (), data: Any = None
) -> Iterator[Problem]:
    """Pydantic's errors as located problems; `data` (what was validated) lets a message look at
    the keys around the one at fault."""
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        comma = _comma_count(data, error["loc"]) if error["type"] == "extra_forbidden" else None
        if comma == "":
            continue  # a later digit group of a number already reported
        if comma is not None:
            yield where.problem(loc[:-1], comma)
            continue
        yield where.problem(loc, _message(error, loc))


def _comma_count(data: Any, loc: PathKey) -> str | None:
    """A message when an unknown key is the tail of a count written with commas in a flow mapping.

    `{yes: 7,90, no: 7}` reads as `yes: 7`, a key `90` with no value, and `no: 7`. Returns None if
    that is not what happened, "" for the second and later groups of one number (reported once).
    """
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    name = loc[-1]
    if not isinstance(parent, dict) or not _is_group(name, parent.get(name, 0)):
        return None
    keys = list(parent)
    at = keys.index(name)
    start = at
    while start > 0 and _is_group(keys[start - 1], parent[keys[start - 1]]):
        start -= 1
    if start != at or start == 0 or not isinstance(parent[keys[start - 1]], int):
        return "" if start != at else None
    count = keys[start - 1]
    end = at
    while end + 1 < len(keys) and _is_group(keys[end + 1], parent[keys[end + 1]]):
        end += 1
    groups = [str(parent[count]), *map(str, keys[at : end + 1])]
    return (
        f"'{count}' is a count written with a comma ({','.join(groups)}), which YAML splits "
        f"into keys; write it as plain digits: {count}: {''.join(groups)}"
    )


def _is_group(key: Any, value: Any) -> bool:
    """A key that is three digits (or other digits) with no value: a number's tail after a comma."""
    return isinstance(key, str) and key.isascii() and key.isdigit() and value is None


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_COMMA_NUMBER = re.compile(r"\d{1,3}(,\d{1,3})+")


def _day_first(value: str) -> str | None:
    """The date meant by one written day first, as in the UK (29/05/2024), or None."""
    match = _DAY_FIRST.fullmatch(value.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return f"dates are written YYYY-MM-DD: did you mean {dt.date(year, month, day)}?"
    except ValueError:
        return None


def _message(error: Any, loc: PathKey) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == _DAY_ERROR and isinstance(value, str):
        hint = _day_first(value)
        if hint is not None:
            return hint
    if kind == "extra_forbidden":
        name = str(loc[-1])
        if name == BRITISH_SPOILED:
            return "give either 'spoiled' or 'spoilt' (the same count), not both"
        known = _field_names(loc[:-1])
        close = [k for k in known if one_edit_apart(name, k)]
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key{hint}"
    if kind == "missing":
        if loc == ("questions",):
            return (
                "is required: the questions on the voting paper, or the single-question "
                "shorthand 'question:' (and 'yes:'/'no:' once counted)"
            )
        return "is required"
    if kind == "string_too_short" and isinstance(value, str) and not value.strip():
        return "must not be empty or only spaces"
    if kind in ("int_type", "int_parsing") and isinstance(value, str | float | bool):
        if isinstance(value, bool):
            return f"must be a whole number, not {str(value).lower()}"
        if isinstance(value, float):
            return f"must be a whole number, not {value!r}"
        fix = ""
        if _COMMA_NUMBER.fullmatch(value.strip()):
            fix = f": a count with a comma; write {value.strip().replace(',', '')}"
        return (
            f"must be a whole number written plainly (digits only, no quotes, separators or "
            f"leading zeros), not {value!r}{fix}"  # repr: a CR or LF in it stays on one line
        )
    if kind in (_DAY_ERROR, _REGIME_ERROR):
        return str(error["msg"])
    if kind == "string_type" and value is not None:
        return f"must be text, not {_kind(value)} {value!r}; put it in quotes"
    shape = _SHAPES.get(kind)
    if shape is not None:
        return f"must be {shape}, not {_kind(value)} {value!r}"
    context = error.get("ctx") or {}
    if kind in ("literal_error", "enum") and "expected" in context:
        return f"must be one of {context['expected']}, not {value!r}"
    if kind == "greater_than_equal" and "ge" in context:
        return f"must be at least {context['ge']:,} (got {value!r})"
    if kind == "less_than_equal" and "le" in context:
        return f"must be at most {context['le']:,} (got {value!r})"
    message = str(error["msg"])
    if message.startswith("Input should be "):  # pydantic's other wordings, in ours
        message = "must be " + message.removeprefix("Input should be ")
    if value is not None and not isinstance(value, dict | list) and kind != "too_long":
        message += f" (got {value!r})"
    return message


_SHAPES = {
    "list_type": "a list (one item a line, each starting with '- ')",
    "dict_type": "a mapping of keys to values (each on its own line, as key: value)",
    "model_type": "a mapping of keys to values (each on its own line, as key: value)",
    "bool_type": "true or false",
}
"""Pydantic's error types for a value of the wrong shape, in the words of a ballot file (its own
say "a valid dictionary or instance of Counts", naming our classes)."""


def _field_names(parent: PathKey) -> list[str]:
    """The keys allowed at `parent`, for the 'did you mean' hint."""
    model: type[BaseModel] = Ballot
    if parent and parent[0] == "questions":
        model = Question
    elif parent and parent[0] == "results":
        model = Counts
    elif parent and parent[0] == "returns":
        model = Return
    elif parent and parent[0] == "units":
        model = Unit if len(parent) <= 2 else Return if parent[2] == "returns" else Counts
    names = list(model.model_fields)
    if model is Counts:
        names.append(BRITISH_SPOILED)
    if model is Ballot:
        names += ["question", *_SHORTHAND_KEYS]
    return names


def one_edit_apart(a: str, b: str) -> bool:
    """True when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# --- checks across fields -----------------------------------------------------------------------


def consistency(
    ballot: Ballot,
    document: Document,
    written: dict[PathKey, PathKey] | None = None,
    table: UnitsTable | None = None,
) -> Iterator[Problem]:
    """Figures that cannot all be true together, and figures that are merely suspicious.

    `table` is the units CSV the ballot's `units` were read from, so problems point into it.
    """
    where = Where(document, written or {}, table)
    at = where.problem

    period = guards.period_problem(
        ballot.opened, ballot.closed, long_confirmed=ballot.long_ballot_confirmed
    )
    if period is not None:  # a closing date before the opening one is the closing date's fault
        before = (
            ballot.closed is not None
            and ballot.opened is not None
            and ballot.closed < ballot.opened
        )
        yield at(("closed",) if before else ("opened",), period)
    has_results = (
        ballot.results is not None
        or ballot.units_csv is not None
        or any(unit.counted for unit in ballot.units or ())
    )
    if has_results:
        future = guards.future_problem(ballot.opened, ballot.closed)
        if future is not None:
            yield at(("closed",) if ballot.closed else ("opened",), future)
    if ballot.survey:
        yield from _survey_check(ballot, at)
        return
    if not ballot.questions:
        yield at(("questions",), "is required")
    if ballot.responses is not None:
        yield at(
            ("responses",),
            "is for a survey (kind: survey), which has no questions; a ballot's papers returned "
            "are votes_cast",
        )
    ids = [q.id for q in ballot.questions]
    for index, qid in enumerate(ids):
        if qid in ids[:index]:
            yield at(("questions", index, "id"), f"question id '{qid}' is used twice")
    yield from _notified_check(at, (), ballot.closed, ballot.told_employer, ballot.notices)
    yield from _columns_check(ballot, at, ids)
    if ballot.units is not None or ballot.units_csv is not None:
        yield from _units_check(ballot, where, ids, from_csv=table is not None)
        return
    if ballot.aggregation is not None:
        yield at(("aggregation",), "applies only to a ballot with units (units: or units_csv:)")
    yield from _returns_csv_check(ballot, at, closed=False)
    if ballot.group_by is not None:
        yield at(("group_by",), "applies only to a ballot with units (units: or units_csv:)")
    yield from _figures_check(
        at, (), ids, ballot.eligible, ballot.votes_cast, ballot.results, _FigureRules.of(ballot)
    )
    yield from _returns_check(at, ballot)


def _columns_check(ballot: Ballot, at: Any, ids: list[str]) -> Iterator[Problem]:
    """`units_csv_columns:` maps headers of a units CSV: it needs one, and names asked questions."""
    columns = ballot.units_csv_columns
    if columns is None:
        return
    if ballot.units_csv is None:
        yield at(("units_csv_columns",), "maps the headers of a units CSV: it needs units_csv:")
        return
    from ballotcalc.units_csv import header_key

    first: dict[str, str] = {}
    for header, target in columns.items():
        qid = target.partition(".")[0] if "." in target else None
        if qid is not None and qid not in ids:
            yield at(
                ("units_csv_columns", header),
                f"'{target}' names question '{qid}', which is not among the ballot's questions "
                f"({', '.join(ids)})",
            )
        key = header_key(header)
        if key in first:
            yield at(
                ("units_csv_columns", header),
                f"is the same header as '{first[key]}' (case, spaces and punctuation are ignored)",
            )
        first.setdefault(key, header)


def _survey_check(ballot: Ballot, at: Any) -> Iterator[Problem]:
    """A survey is the number asked and the number who responded, and nothing to judge."""
    for name in _NOT_IN_A_SURVEY:
        if name in Ballot.model_fields and getattr(ballot, name):  # (the shorthand is expanded)
            yield at(
                (name,),
                "is not part of a survey (kind: survey has only eligible and responses); a "
                "ballot with questions is kind: consultative",
            )
    if ballot.responses is None:
        yield at(("responses",), "is required in a survey: the number who responded")
    elif ballot.eligible is not None and ballot.responses > ballot.eligible:
        yield at(
            ("responses",),
            f"{ballot.responses:,} responses is more than the {ballot.eligible:,} asked (eligible)",
        )


def s297a_in_force(ballot: Ballot) -> bool:
    """Whether TULRCA s.297A (spoiled papers are votes cast) governs this ballot, by the regime its
    dates (or its own `regime:`) choose: in force for ballots opened from 1 March 2017 until ERA
    2025 s.68 repeals it, never in Northern Ireland or for a consultative ballot. A message cites
    s.297A only then; ballotcalc's own `votes_cast` includes spoiled papers whatever the date."""
    from ballotcalc.rules import Settings, choose

    try:
        choice = choose(
            jurisdiction=ballot.jurisdiction,
            opened=ballot.opened,
            closed=ballot.closed,
            override=ballot.regime,
            settings=Settings(),
            consultative=ballot.kind != "statutory",
        )
    except LookupError:
        return False
    return choice.regime.spoiled_count_as_votes


def _groups_check(
    ballot: Ballot, at: Callable[[tuple[str | int, ...], str], Problem]
) -> Iterator[Problem]:
    """`group_by` and the units' `group` go together: every unit in a group when the ballot names
    its grouping, and no group without it (said once, not once per unit of a national ballot)."""
    units = ballot.units or []
    if ballot.group_by is not None:
        missing = next((i for i, u in enumerate(units) if u.group is None), None)
        if missing is not None:
            count = sum(1 for u in units if u.group is None)
            also = f" (and {count - 1:,} more)" if count > 1 else ""
            yield at(
                ("units", missing, "group"),
                f"is required: group_by is {ballot.group_by!r}, so every unit needs its group "
                f"({ballot.group_by}){also}",
            )
    else:
        grouped = next((i for i, u in enumerate(units) if u.group is not None), None)
        if grouped is not None:
            yield at(
                ("units", grouped, "group"),
                "needs group_by at the top of the ballot file, saying what the groups are (e.g. "
                "group_by: region)",
            )


def _units_check(
    ballot: Ballot, where: Where, ids: list[str], *, from_csv: bool
) -> Iterator[Problem]:
    """With units, each unit carries its own figures and is checked like a whole ballot.

    The units of a ballot that has closed all have their votes cast and results; those of a ballot
    still open have none, and may have interim `returns` (inline, or from `returns_csv`). A mix is
    refused: a unit left without results would otherwise drop out of the count unseen.
    """
    at = where.problem
    for name in ("eligible", "votes_cast", "results"):
        if getattr(ballot, name) is not None:
            yield at(
                (name,),
                "must not be given with units: each unit has its own "
                f"{name} (the totals are worked out from them)",
            )
    if ballot.returns is not None:
        yield at(
            ("returns",),
            "must not be given with units: give each unit's interim counts under the unit "
            "(returns:) or in a returns CSV (returns_csv:)",
        )
    if ballot.units is not None and ballot.units_csv is not None and not from_csv:
        yield at(
            ("units_csv",),
            "use either units (a list in this file) or units_csv (a CSV file), not both",
        )
    yield from _groups_check(ballot, at)
    units = ballot.units or []
    closed = ballot.units_csv is not None or any(unit.counted for unit in units)
    yield from _returns_csv_check(ballot, at, closed=closed)
    if not closed:
        yield from _live_units_check(ballot, where, ids)
        return
    asked = set(ids)
    rules = _FigureRules.of(ballot)
    totals = set(guards.total_rows([unit.name for unit in units]))
    yield from _names_check(units, where, totals)
    for index, unit in enumerate(units):
        if index in totals:
            continue
        if unit.told_employer is not None or unit.notices:
            yield from _notified_check(
                at, ("units", index), ballot.closed, unit.told_employer, unit.notices
            )
        e, v, results = unit.eligible, unit.votes_cast, unit.results
        if v is None or results is None:
            for name, value in (("votes_cast", v), ("results", results)):
                if value is None:
                    yield at(("units", index, name), _CLOSED_UNIT_NEEDS)
            continue
        if (e is None or v <= e) and results.keys() == asked:
            for c in results.values():
                if c.yes + c.no + c.spoiled != v:
                    break
            else:
                if unit.returns:
                    yield from _unit_returns_check(ballot, at, index, unit)
                continue  # the usual unit, in which `_figures_check` finds nothing
        yield from _figures_check(at, ("units", index), ids, e, v, results, rules)
        if unit.returns:
            yield from _unit_returns_check(ballot, at, index, unit)
    if any(not unit.counted for unit in units):
        return  # the sums below need every unit's figures
    total = None if totals else guards.sum_row(units, ids)
    if total is not None:
        name = units[total].name
        yield at(
            ("units", total, "name"),
            f"'{name}': every figure is the sum of the other {len(units) - 1:,} "
            f"units', so it {guards.TOTAL_ROW_MESSAGE}",
        )


_CLOSED_UNIT_NEEDS = (
    "is required: other units have their results, so the ballot has closed and every unit needs "
    "its votes_cast and results (while the ballot is open, no unit has them)"
)


def _live_units_check(ballot: Ballot, where: Where, ids: list[str]) -> Iterator[Problem]:
    """The units of a ballot still open: names once each, never a total row, interim counts that
    can be true."""
    at = where.problem
    units = ballot.units or []
    yield from _names_check(units, where, set(guards.total_rows([unit.name for unit in units])))
    for index, unit in enumerate(units):
        yield from _unit_returns_check(ballot, at, index, unit)


def _names_check(units: list[Unit], where: Where, totals: set[int]) -> Iterator[Problem]:
    """Each unit named once (case ignored), and none a total row (`totals`: their indices)."""
    first_of: dict[str, int] = {}
    for index, unit in enumerate(units):
        key = unit.name.casefold()
        if key in first_of:
            yield where.problem(
                ("units", index, "name"),
                f"unit name '{unit.name}' is used twice (first at "
                f"{where.place(('units', first_of[key], 'name'))}); each separate ballot "
                "needs its own name",
            )
        else:
            first_of[key] = index
        if index in totals:
            yield where.problem(
                ("units", index, "name"), f"'{unit.name}' {guards.TOTAL_ROW_MESSAGE}"
            )


def _unit_returns_check(ballot: Ballot, at: Any, index: int, unit: Unit) -> Iterator[Problem]:
    for entry, field, message in returns_problems(
        unit.returns or (), ballot.opened, ballot.closed, unit.eligible, unit.votes_cast
    ):
        yield at(("units", index, "returns", entry, field), message)


def _returns_csv_check(ballot: Ballot, at: Any, *, closed: bool) -> Iterator[Problem]:
    """`returns_csv` gives the interim counts of the units listed in the ballot file."""
    if ballot.returns_csv is None:
        return
    if ballot.units_csv is not None or ballot.units is None:
        yield at(
            ("returns_csv",),
            "needs the units listed in this file (units:, each with its name and eligible): "
            "the returns CSV gives their interim counts",
        )
    elif closed:
        yield at(
            ("returns_csv",),
            "is for a ballot still open: the units have their results, so the ballot has closed",
        )
    elif any(unit.returns is not None for unit in ballot.units):
        index = next(i for i, u in enumerate(ballot.units) if u.returns is not None)
        yield at(
            ("units", index, "returns"),
            "use either returns under each unit or returns_csv (a CSV file), not both",
        )


def _figures_check(
    at: Any,
    prefix: PathKey,
    ids: list[str],
    e: int | None,
    v: int | None,
    results: dict[str, Counts] | None,
    rules: _FigureRules | None = None,
) -> Iterator[Problem]:
    """The checks on one separate ballot's figures (the whole ballot, or one unit at `prefix`)."""
    if e is not None and v is not None and v > e:
        yield at(
            (*prefix, "votes_cast"),
            f"votes_cast {v:,} is more than eligible {e:,}: more papers came back than there "
            "were people entitled to vote; check both figures",
        )
    if results is None:
        return
    if v is None:
        yield at(
            (*prefix, "votes_cast"),
            "is required when results are given (papers returned, spoiled ones included)",
        )
        return
    for qid in ids:
        if qid not in results:
            yield at((*prefix, "results"), f"no result for question '{qid}'")
    for qid, counts in results.items():
        if qid not in ids:
            yield at(
                (*prefix, "results", qid),
                f"there is no question with id '{qid}' (questions: {', '.join(ids)})",
            )
            continue
        yield from _count_check(at, qid, counts, v, prefix, rules or _FigureRules())


def _notified_check(
    at: Any,
    prefix: PathKey,
    closed: dt.date | None,
    told: dt.date | None,
    notices: list[NoticeGiven] | None,
) -> Iterator[Problem]:
    """What a record of the employer being told and notified must be to mean anything: the result
    told no earlier than the close, an action notice either continuous or discontinuous (s.234A(3)(b))
    with its days in order. Whether a notice was in time is the core's decision (notices.py)."""
    if told is not None and closed is not None and told < closed:
        yield at(
            (*prefix, "told_employer"),
            f"{told} is before the ballot closed ({closed}): the result cannot have been told yet",
        )
    for index, notice in enumerate(notices or ()):
        place = (*prefix, "notices", index)
        given = [key for key in ("days", "continuous_from") if getattr(notice, key) is not None]
        if notice.kind == "ballot":
            for key in (*given, *(["action"] if notice.action else [])):
                yield at((*place, key), "is for an action notice (kind: action), not a notice of "
                         "the ballot")  # fmt: skip
        elif len(given) != 1:
            yield at(
                (*place, "days" if given else "kind"),
                "an action notice says either `days` (discontinuous action) or `continuous_from` "
                "(continuous action), not both"
                if given
                else "an action notice needs `days` (discontinuous action) or `continuous_from` "
                "(continuous action)",
            )
        days = notice.days or []
        for day_index in range(1, len(days)):
            if days[day_index] <= days[day_index - 1]:
                yield at(
                    (*place, "days", day_index),
                    f"{days[day_index]} is not after {days[day_index - 1]}; list each day once, "
                    "in date order",
                )
        if notice.ceased is not None and (
            notice.continuous_from is None or notice.ceased < notice.continuous_from
        ):
            yield at(
                (*place, "ceased"),
                "is the day continuous action stopped: it needs `continuous_from`, on or before it",
            )


def _returns_check(at: Any, ballot: Ballot) -> Iterator[Problem]:
    """The whole ballot's interim counts (see `returns_problems`)."""
    for index, field, message in returns_problems(
        ballot.returns or (), ballot.opened, ballot.closed, ballot.eligible, ballot.votes_cast
    ):
        yield at(("returns", index, field), message)


def returns_problems(
    entries: Sequence[Return],
    opened: dt.date | None,
    closed: dt.date | None,
    eligible: int | None,
    votes_cast: int | None,
    *,
    earlier: Callable[[int], str] = "entry {}".format,
) -> Iterator[tuple[int, str, str]]:
    """Interim counts: cumulative, dated inside the ballot, in order, never above E (or V).

    Yields (entry index, field, message), so the caller places each in its own file: the ballot
    file's `returns` (the whole ballot's or a unit's), or the rows of a returns CSV. `earlier` names
    an earlier entry by its index in a message that points at it ("entry 3", "line 7")."""
    previous: Return | None = None
    for index, item in enumerate(entries):
        day, n = item.date, item.returned
        before = earlier(index - 1)
        if opened is not None and day < opened:
            yield index, "date", f"{day} is before the ballot opened ({opened})"
        if closed is not None and day > closed:
            yield index, "date", f"{day} is after the ballot closed ({closed})"
        if previous is not None and day == previous.date:
            yield index, "date", f"{day} is given twice ({before} too)"
        elif previous is not None and day < previous.date:
            yield (
                index,
                "date",
                f"{day} comes after {previous.date} ({before}); list counts in date order",
            )
        if item.yes is not None and item.yes > n:
            yield index, "yes", f"{item.yes:,} Yes is more than the {n:,} papers returned by then"
        if previous is not None and n < previous.returned:
            yield (
                index,
                "returned",
                f"{n:,} is fewer than the {previous.returned:,} of the entry before; returns "
                "are cumulative and cannot go down",
            )
        if eligible is not None and n > eligible:
            yield index, "returned", f"{n:,} is more than eligible {eligible:,}"
        elif votes_cast is not None and n > votes_cast:
            yield index, "returned", f"{n:,} is more than the final votes_cast {votes_cast:,}"
        previous = item


class _FigureRules(Struct, frozen=True):
    """What the count checks need to know about the whole ballot."""

    cite_s297a: bool = False
    """Whether s.297A governs the ballot, so a message may cite it."""
    percentages_confirmed: bool = False

    @classmethod
    def of(cls, ballot: Ballot) -> _FigureRules:
        return cls(s297a_in_force(ballot), ballot.counts_not_percentages_confirmed)


def _count_check(
    at: Any, qid: str, c: Counts, v: int, prefix: PathKey, rules: _FigureRules
) -> Iterator[Problem]:
    total = c.yes + c.no + c.spoiled
    if total == v:  # the usual case; the message text below is only made when it is needed
        return
    if not rules.percentages_confirmed and guards.percent_like(c.yes, c.no, c.spoiled, v):
        yield at((*prefix, "results", qid), guards.percent_message(c.yes, c.no, c.spoiled, v))
        return
    sum_text = f"yes + no + spoiled = {c.yes:,} + {c.no:,} + {c.spoiled:,} = {total:,}"
    if total > v:
        rule = (
            "under s.297A votes cast include spoiled papers"
            if rules.cite_s297a
            else "votes_cast in a ballot file counts every paper returned, spoiled ones included"
        )
        if c.spoiled and total - v == c.spoiled:
            cause = (
                "the difference is exactly the spoiled papers: the published 'votes cast' "
                f"probably leaves them out, but {rule}; use the papers returned ({total:,})"
            )
        elif total - v <= c.spoiled:
            cause = f"votes_cast may leave out some spoiled papers ({rule})"
        else:
            cause = "a figure was probably mistyped or copied from the wrong question"
        yield at((*prefix, "results", qid), f"{sum_text}, more than votes_cast {v:,}; {cause}")
    elif total < v:
        yield at(
            (*prefix, "results", qid),
            f"{sum_text}, {v - total:,} fewer than votes_cast {v:,}; papers that answered "
            "neither way should be counted as spoiled for this question",
            "warning",
        )
