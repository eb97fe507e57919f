"""A document as a letter on the union's paper: the words around the body, decided in one place.

`letter_for` turns a union profile (`ballotcalc.profile`), a ballot and the day into a plain,
frozen `Letter`: the letter head, the reference, the date, the salutation, the next steps, the
closing and the signatory. The templates' `_letter_head.*.j2` and `_letter_end.*.j2` partials
only print it, before and after the document's body, which a profile never changes.

Who gets which words:

* a circular (`summary`) and a notice to members (`notice --to members`) open and close as the
  profile's `[members]` table says, and end with the next steps: the ballot file's
  `next_steps:`, else the profile's;
* the notices to an employer (`notice --to employer`, and the notices of ballot and of action,
  `notice --of ballot|action`) open and close as `[employer]` says and have no next steps: they
  give the employer the information the law requires, and a union's plans are not among it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

if TYPE_CHECKING:
    from ballotcalc.model import Ballot
    from ballotcalc.profile import Profile

LetterKind = Literal["circular", "members", "employer", "ballot", "action"]
"""Which document a letter carries (the `{document}` placeholder of a reference format): a
circular, the result notice to members or to the employer, the notice of ballot or of action."""
TO_EMPLOYER: tuple[LetterKind, ...] = ("employer", "ballot", "action")
"""Letters to an employer: addressed as the profile's `[employer]` says, with no next steps."""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"\s+")
_SLUG_GAP = re.compile(r"[^a-z0-9]+")


class Letter(Struct, frozen=True):
    """Everything a letter adds around a document's body, as it is printed."""

    union: str
    address: tuple[str, ...]
    contact: tuple[str, ...]
    reference: str
    date: str
    """The letter's date, written out (16 February 2023): today, or BALLOTCALC_TODAY."""
    salutation: str
    next_steps: tuple[str, ...]
    """Paragraphs, each one line (the template wraps them); empty for the employer's notice."""
    closing: str
    signatory: str
    role: str | None


def letter_for(
    profile: Profile, ballot: Ballot, file: str, kind: LetterKind, today: dt.date
) -> Letter:
    """The letter a document about `ballot` (read from `file`) is sent as, dated `today`."""
    from ballotcalc.render.documents import long_date

    to_employer = kind in TO_EMPLOYER
    addressing = profile.employer if to_employer else profile.members
    steps = None if to_employer else (ballot.next_steps or profile.next_steps)
    return Letter(
        union=profile.name,
        address=tuple(profile.address),
        contact=tuple(profile.contact),
        reference=ballot.reference or reference(profile, ballot, file, kind, today),
        date=long_date(today),
        salutation=addressing.salutation,
        next_steps=paragraphs(steps),
        closing=addressing.closing,
        signatory=profile.signatory,
        role=profile.role,
    )


def reference(profile: Profile, ballot: Ballot, file: str, kind: LetterKind, today: dt.date) -> str:
    """The profile's reference format filled in for this ballot (the placeholders were checked
    when the profile was read: `profile.REFERENCE_FIELDS`)."""
    day = ballot.closed or ballot.opened or today
    return profile.reference.format(
        union_short=profile.short_name or profile.name,
        year=day.year,
        ballot_slug=slug(file),
        document=kind,
    )


def slug(file: str) -> str:
    """`ballots/RMT LU Pay 2025.yaml` -> `rmt-lu-pay-2025`."""
    stem = Path(file).name.split(".")[0] or Path(file).name
    return _SLUG_GAP.sub("-", stem.lower()).strip("-") or "ballot"


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Text split at blank lines into paragraphs, each on one line (line breaks within a
    paragraph are the editor's, not the union's)."""
    if text is None:
        return ()
    parts = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text.strip()))
    return tuple(part for part in parts if part)
