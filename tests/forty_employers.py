"""A made-up national ballot across 40 employers (separate ballots, s.228), written as a ballot
file and a units CSV the way a membership system exports them, for the per-employer tests.

Every figure of 1,000 or more (entitled, votes cast, Yes, No) is different from every other
unit's, so a notice that leaked another employer's figures would show one of them; no unit's name
is part of another's. Both are asserted here, where the figures are made, not assumed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

TOWNS = (
    "Aldwick", "Brackley", "Cawston", "Dunholme", "Egremont", "Fakenham", "Glossop", "Hexham",
    "Ilkeston", "Jarrow", "Keswick", "Ledbury", "Malton", "Nailsea", "Oakham", "Pershore",
    "Quorndon", "Romsey", "Settle", "Thirsk", "Uckfield", "Ventnor", "Wantage", "Yarm",
    "Ashburton", "Bampton", "Chard", "Dursley", "Eyemouth", "Frome", "Girvan", "Hawick",
    "Irvine", "Kelso", "Lanark", "Moffat", "Nairn", "Oban", "Peebles", "Rothesay",
)  # fmt: skip
TITLE = "ILLUSTRATIVE - National pay ballot 2024, separate ballots across 40 employers"
CLOSED = dt.date(2024, 9, 30)
BALLOT_TOLD = dt.date(2024, 10, 2)
"""The ballot's `told_employer`: every employer without a day of its own was told then."""


@dataclass(frozen=True)
class Employer:
    name: str
    eligible: int
    votes_cast: int
    yes: int
    no: int
    spoiled: int
    told: dt.date | None

    @property
    def distinctive(self) -> tuple[int, ...]:
        return (self.eligible, self.votes_cast, self.yes, self.no)


def employers() -> list[Employer]:
    made = []
    for i, town in enumerate(TOWNS):
        eligible = 20_000 + 101 * i
        # every fifth employer misses the 50% turnout: votes cast below half of those entitled
        votes = 9_000 + 7 * i if i % 5 == 0 else 12_000 + 103 * i
        no, spoiled = 1_000 + 13 * i, 10 + i
        told = CLOSED + dt.timedelta(days=1 + i % 7) if i % 2 == 0 else None
        made.append(
            Employer(
                f"{town} Health Services", eligible, votes, votes - no - spoiled, no, spoiled, told
            )
        )
    figures = [f for e in made for f in e.distinctive]
    assert len(set(figures)) == len(figures), "two units share a figure"
    names = [e.name for e in made]
    assert not any(a != b and a in b for a in names for b in names), "a name inside another"
    return made


def write_ballot(folder: Path, *, aggregation: str = "separate") -> Path:
    """The ballot file and its units CSV (with the optional told_employer column) in `folder`."""
    rows = ["Employer Name,Entitled,Returned,Strike Yes,Strike No,Strike Spoilt,Told employer"]
    for e in employers():
        rows.append(
            f'{e.name},"{e.eligible:,}","{e.votes_cast:,}","{e.yes:,}","{e.no:,}",{e.spoiled},'
            f"{e.told or ''}"
        )
    (folder / "forty-units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ballot = folder / "forty.yaml"
    ballot.write_text(
        f"title: {TITLE}\nunion: Example Union\nemployer: Forty employers (separate ballots)\n"
        f"opened: 2024-09-02\nclosed: {CLOSED}\ntold_employer: {BALLOT_TOLD}\n"
        f"aggregation: {aggregation}\nunits_csv: forty-units.csv\n"
        "questions:\n  - {id: strike, type: strike, text: Are you prepared to take part in "
        "strike action?}\n",
        encoding="utf-8",
    )
    return ballot
