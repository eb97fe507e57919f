"""The legal regimes, read from the `regimes.yaml` shipped beside this module, and choosing one.

The rules are data so that a change in the law (or a union's own rulebook) is an edit to a table,
not a new branch in the code. This module only turns that table into small frozen objects and picks
the one in force on the day a ballot opened.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any, Literal

from msgspec import Struct

from ballotcalc.errors import BallotcalcError

MandateKind = Literal["begin-within", "expires"]
Jurisdiction = Literal["gb", "ni"]
CONSULTATIVE = "consultative"


class UnknownRegimeError(BallotcalcError, LookupError):
    """A regime id that is not in the table."""


class Mandate(Struct, frozen=True):
    """How long a ballot authorises action: action must begin within weeks, or it expires in months."""

    kind: MandateKind
    weeks: int | None = None
    weeks_if_agreed: int | None = None
    months: int | None = None
    months_if_agreed: int | None = None

    def describe(self) -> str:
        if self.kind == "begin-within":
            agreed = f" ({self.weeks_if_agreed} if union and employer agree)"
            return f"action must begin within {self.weeks} weeks of the date of the ballot" + (
                agreed if self.weeks_if_agreed else ""
            )
        agreed = f" (up to {self.months_if_agreed} if agreed)" if self.months_if_agreed else ""
        return f"{self.months} months beginning with the date of the ballot{agreed}"


class Exemption(Struct, frozen=True):
    """A rule that switches the support test off for some ballots, e.g. the Welsh devolved-authority
    exception (Trade Union (Wales) Act 2017 s.1(4)). `ballot_flag` names the ballot file's yes/no
    field that claims it; it applies to ballots opened on or after `start`."""

    id: str
    ballot_flag: str
    start: dt.date
    says: str
    source: str

    def applies(self, flagged: bool, day: dt.date | None) -> bool:
        """Whether a ballot with the flag set (or not) and opened on `day` is exempt; a ballot
        without dates that claims the exemption is taken at its word."""
        return flagged and (day is None or day >= self.start)

    def describe(self) -> str:
        return f"{self.says} from {self.start.day} {self.start:%B %Y} ({self.source})"


class PublicService(Struct, frozen=True):
    """A category of important public service, with the regulations that define it."""

    id: str
    name: str
    regulations: str


class SettingInfo(Struct, frozen=True):
    """What a setting (`Settings` field) stands for in the law, for the user's eyes."""

    name: str
    provision: str
    effect: str
    option: str
    env: str
    default: str

    def describe(self) -> str:
        return (
            f"{self.provision} ({self.effect}) is {self.default}. If it has been commenced, "
            f"give its date with {self.option} or {self.env}."
        )


class Wording(Struct, frozen=True):
    """One version of the statutory words of the result information (s.231, and so s.231A)."""

    id: str
    source: str
    caution: str | None
    """Said on every notice in this wording (e.g. that the text is unverified), or None."""
    statements: dict[str, str]
    """Each item's words, keyed by the names in `Regime.information_items` (plus `turnout_not`,
    `support_not`)."""


class ResultNotice(Struct, frozen=True):
    """What a regime's result notice cites and in which words: members (s.231 / NI art 112) and
    the employer (s.231A / NI art 113). The short citation is `RuleBook.cite`'s."""

    wording: Wording
    basis: dict[str, str]
    """The provision in full words, by audience, as a notice cites it."""


NoticeKind = Literal["ballot", "action"]


class NoticeItemRule(Struct, frozen=True):
    """One item a notice of ballot or of industrial action must contain, in statutory order."""

    key: str
    kind: Literal["statement", "date", "list", "total", "count_by", "explanation", "action"]
    cite: str
    words: str
    of: Literal["category", "workplace"] | None
    """What a `list` or `count_by` item is of."""


class NoticeVersion(Struct, frozen=True):
    """One version of the notice of ballot (s.226A; NI art 105) or of industrial action (s.234A;
    NI art 118): its items in the statutory order and words (rules/notices.yaml)."""

    id: str
    notice: NoticeKind
    title: str
    basis: str
    received_from: dt.date
    """ballotcalc holds no content for a notice received before this day."""
    source: str
    caution: str | None
    """For the officer (never in the notice): what in this version is unverified."""
    items: tuple[NoticeItemRule, ...]

    def has(self, key: str) -> bool:
        return any(item.key == key for item in self.items)


class NoticeDeadlines(Struct, frozen=True):
    """s.226A(1): the notice received by the Nth day before the opening day; the sample paper by
    the Mth (NI art 105: taken to be the same)."""

    ballot_notice_days: int
    sample_paper_days: int


class Regime(Struct, frozen=True):
    """One set of statutory rules. A threshold of None means the test does not exist here."""

    id: str
    name: str
    jurisdiction: Jurisdiction | Literal["any"]
    opened_from: dt.date | str | None
    opened_before: dt.date | str | None
    turnout_threshold: Fraction | None
    support_threshold: Fraction | None
    support_applies_to_important_public_services: bool
    support_exemptions: tuple[Exemption, ...]
    spoiled_count_as_votes: bool
    mandate: Mandate | None
    notice_days: int | None
    notice_days_if_agreed: int | None
    information_items: tuple[str, ...]
    notice: ResultNotice | None
    """The result notice: its words and the provisions it cites; None where there is no statutory
    notice (a consultative ballot)."""
    ballot_notice: NoticeVersion | None
    """The s.226A notice for a notice received while this regime is in force (None: no ballot
    notice, as for a consultative ballot)."""
    action_notice: NoticeVersion | None
    """The s.234A notice for action whose first relevant notice is received in this regime."""
    sources: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def notice_basis(self) -> dict[str, str] | None:
        """The provision a statutory notice cites, by audience ("members": s.231, "employer":
        s.231A, or NI arts 112, 113); None where there is no statutory notice."""
        return None if self.notice is None else self.notice.basis

    def describe_notice(self) -> str:
        if self.notice_days is None:
            return "none (no mandate)"
        agreed = f" ({self.notice_days_if_agreed} if agreed)" if self.notice_days_if_agreed else ""
        return f"{self.notice_days} days{agreed}"


class RuleBook(Struct, frozen=True):
    """All regimes plus the statutory wording of the information items (s.231, s.231A)."""

    regimes: tuple[Regime, ...]
    wordings: dict[str, Wording]
    citations: dict[str, dict[str, str]]
    """By jurisdiction: GB section -> how the provision is cited there, with a `default` pattern."""
    public_services: tuple[PublicService, ...]
    settings: dict[str, SettingInfo]
    notice_deadlines: NoticeDeadlines

    def cite(self, jurisdiction: str, section: str) -> str:
        """The provision corresponding to TULRCA `section` ("234A") where the ballot is held:
        "TULRCA s.234A" in Great Britain, "TULR(NI) Order 1995 art 118" in Northern Ireland."""
        table = self.citations.get(jurisdiction, self.citations["gb"])
        return table.get(f"s{section}") or table["default"].format(section=section)

    def setting_of(self, regime: Regime) -> SettingInfo | None:
        """The setting that bounds the regime's dates (`{setting: s68_from}`), if any."""
        for bound in (regime.opened_from, regime.opened_before):
            if isinstance(bound, str):
                return self.settings[bound]
        return None

    def get(self, regime_id: str) -> Regime:
        for regime in self.regimes:
            if regime.id == regime_id:
                return regime
        known = ", ".join(r.id for r in self.regimes)
        raise UnknownRegimeError(f"unknown regime '{regime_id}' (known: {known})")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regimes)


class Settings(Struct, frozen=True):
    """Facts about the law the user may know better than the shipped table.

    `s68_from`: the day ERA 2025 s.68 (repeal of the 50% turnout threshold) came into force, if it
    has. Unknown when this table was written, so the default is "not commenced".
    """

    s68_from: dt.date | None = None


class Choice(Struct, frozen=True):
    """The regime a ballot is judged under, and the notes that explain how it was chosen."""

    regime: Regime
    notes: tuple[str, ...]


def _fraction(value: Any) -> Fraction | None:
    return None if value is None else Fraction(str(value))


def _notice(raw: dict[str, Any] | None, wordings: dict[str, Wording]) -> ResultNotice | None:
    if raw is None:
        return None
    audiences = ("members", "employer")
    return ResultNotice(
        wording=wordings[raw["wording"]],
        basis={a: str(raw[a]) for a in audiences},
    )


def _notice_version(key: str, raw: dict[str, Any]) -> NoticeVersion:
    return NoticeVersion(
        id=key,
        notice=raw["notice"],
        title=raw["title"],
        basis=raw["basis"],
        received_from=dt.date.fromisoformat(raw["received_from"]),
        source=raw["source"],
        caution=raw["caution"],
        items=tuple(
            NoticeItemRule(
                key=item["key"],
                kind=item["kind"],
                cite=item["cite"],
                words=item["words"],
                of=item.get("of"),
            )
            for item in raw["items"]
        ),
    )


def _regime(
    raw: dict[str, Any], wordings: dict[str, Wording], versions: dict[str, NoticeVersion]
) -> Regime:
    return Regime(
        id=raw["id"],
        name=raw["name"],
        jurisdiction=raw["jurisdiction"],
        opened_from=_bound(raw["opened_from"]),
        opened_before=_bound(raw["opened_before"]),
        turnout_threshold=_fraction(raw["turnout_threshold"]),
        support_threshold=_fraction(raw["support_threshold"]),
        support_applies_to_important_public_services=bool(
            raw.get("support_applies_to_important_public_services", False)
        ),
        support_exemptions=tuple(
            Exemption(
                id=x["id"],
                ballot_flag=x["ballot_flag"],
                start=dt.date.fromisoformat(x["from"]),
                says=x["says"],
                source=x["source"],
            )
            for x in raw.get("support_exemptions", [])
        ),
        spoiled_count_as_votes=bool(raw["spoiled_count_as_votes"]),
        mandate=None if raw["mandate"] is None else Mandate(**raw["mandate"]),
        notice_days=raw["notice_days"],
        notice_days_if_agreed=raw["notice_days_if_agreed"],
        information_items=tuple(raw["information_items"]),
        notice=_notice(raw["notice"], wordings),
        ballot_notice=versions[raw["ballot_notice"]] if raw["ballot_notice"] else None,
        action_notice=versions[raw["action_notice"]] if raw["action_notice"] else None,
        sources=tuple(raw["sources"]),
        notes=tuple(raw["notes"]),
    )


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _bound(value: Any) -> dt.date | str | None:
    """A date, None, or the name of a setting (`{setting: s68_from}`) that supplies the date."""
    if isinstance(value, dict):
        return str(value["setting"])
    return _day(value)


@cache
def rulebook() -> RuleBook:
    """The shipped table, read once per process and only when first needed."""
    # Our own strict loader, not PyYAML's: the s.231 items include the keys `yes` and `no`,
    # which YAML 1.1 would silently turn into booleans.
    from ballotcalc.loading import parse_yaml

    def read(name: str) -> Any:
        return parse_yaml(resources.files(__package__).joinpath(name).read_bytes(), name).data

    raw = read("regimes.yaml")
    notices = read("notices.yaml")
    versions = {key: _notice_version(key, value) for key, value in notices["versions"].items()}
    wordings = {
        key: Wording(
            id=key,
            source=value["source"],
            caution=value["caution"],
            statements=dict(value["statements"]),
        )
        for key, value in raw["wordings"].items()
    }
    return RuleBook(
        regimes=tuple(_regime(item, wordings, versions) for item in raw["regimes"]),
        wordings=wordings,
        citations={k: dict(v) for k, v in raw["citations"].items()},
        public_services=tuple(PublicService(**item) for item in raw["important_public_services"]),
        settings={k: SettingInfo(name=k, **v) for k, v in raw["settings"].items()},
        notice_deadlines=NoticeDeadlines(**notices["deadlines"]),
    )


def _resolve(bound: dt.date | str | None, settings: Settings) -> dt.date | Literal[False] | None:
    """A bound's date; None when there is no bound; False when it names a setting that is unset."""
    if isinstance(bound, str):
        value = getattr(settings, bound)
        return False if value is None else value
    return bound


def in_force(regime: Regime, day: dt.date, settings: Settings) -> bool:
    """Whether `regime` governs ballots opened on `day` (bounds: from inclusive, before exclusive)."""
    start = _resolve(regime.opened_from, settings)
    end = _resolve(regime.opened_before, settings)
    if start is False:  # starts on a date nobody has given: not yet in force
        return False
    if start is not None and day < start:
        return False
    # an unset end bound means the regime has not ended
    return not (end is not None and end is not False and day >= end)


def choose(
    *,
    jurisdiction: Jurisdiction,
    opened: dt.date | None,
    closed: dt.date | None,
    override: str | None,
    settings: Settings,
    consultative: bool = False,
) -> Choice:
    """The regime for a ballot: the override if given, else the one in force on the opening date.

    Raises `LookupError` with a sentence for the user when there is nothing to choose by.
    """
    book = rulebook()
    notes: list[str] = []
    if consultative:
        regime = book.get(CONSULTATIVE)
        if override is not None and override != CONSULTATIVE:
            notes.append(
                f"Regime {override} was not applied: a consultative ballot has no statutory test."
            )
    elif override is not None:
        regime = book.get(override)
        notes.append(
            f"Regime {regime.id} was given explicitly, not chosen from the ballot's dates."
        )
    else:
        day = opened or closed
        if day is None:
            raise LookupError(
                "no date to choose the legal regime by: add 'opened:' (the first day voting papers "
                "were sent), or 'closed:', or name the regime with 'regime:'"
            )
        if opened is None:
            notes.append(
                f"The opening date is not given, so the regime was chosen by the closing date "
                f"({closed}); the law is chosen by the date the ballot opened."
            )
        candidates = [
            r for r in book.regimes if r.jurisdiction == jurisdiction and in_force(r, day, settings)
        ]
        if len(candidates) != 1:  # pragma: no cover - guarded by a test over the table's dates
            raise LookupError(f"the regime table does not cover a {jurisdiction} ballot on {day}")
        regime = candidates[0]
        if opened is not None and closed is not None:
            later = [
                r
                for r in book.regimes
                if r.jurisdiction == jurisdiction
                and r is not regime
                and in_force(r, closed, settings)
            ]
            if later:
                notes.append(
                    f"The ballot opened under {regime.id} and closed under {later[0].id}; "
                    f"the rules in force when it opened ({regime.id}) apply."
                )
    notes.extend(regime.notes)
    notes.extend(_commencement_notes(regime, settings))
    return Choice(regime=regime, notes=tuple(notes))


def _commencement_notes(regime: Regime, settings: Settings) -> list[str]:
    info = rulebook().setting_of(regime)
    if info is None:
        return []
    given = getattr(settings, info.name)
    if regime.opened_before == info.name:
        if given is None:
            return [info.describe()]
        return [
            f"{info.provision} commenced on {given} (as given), after this ballot opened; "
            "the 50% turnout threshold applies."
        ]
    return [f"{info.provision} taken as in force from {given} (as given)."]
