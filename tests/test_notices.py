"""Dates and statutory content as core data (issue 17, item 2).

The mandate period and the result notice's words are computed once (`ballotcalc.notices`) and every
document prints the same. Expected dates and words are written here from the law
(notices-law.md): "a period of N months beginning with" a day ends the day before the corresponding
day; s.231(d) before 2017 reads "spoiled voting papers", the 2016 text "spoiled or otherwise invalid
voting papers returned"; NI result notices are TULR(NI) Order 1995 arts 112 and 113.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run

from ballotcalc.notices import mandate_period, notice_period
from ballotcalc.rules import rulebook

Write = Callable[..., Path]

BALLOT = """\
title: Depot ballot
jurisdiction: {jurisdiction}
opened: {opened}
closed: {closed}
eligible: 1000
votes_cast: 600
yes: 500
no: 90
spoiled: 10
"""


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("regime_id", "closed", "last", "last_if_agreed"),
    [
        # 4 weeks beginning with 25 March 2011 end on 21 April (25 + 28 - 1 = 52 = 21 April);
        # 8 weeks on 19 May.
        ("gb-pre-2017", dt.date(2011, 3, 25), dt.date(2011, 4, 21), dt.date(2011, 5, 19)),
        ("ni", dt.date(2024, 3, 20), dt.date(2024, 4, 16), dt.date(2024, 5, 14)),
        # 6 months beginning with 16 February 2023: the day before 16 August; 9 months: 15 Nov.
        ("gb-tua-2016", dt.date(2023, 2, 16), dt.date(2023, 8, 15), dt.date(2023, 11, 15)),
        # 12 months beginning with 2 March 2026: 1 March 2027; no longer period by agreement.
        ("gb-era-2025", dt.date(2026, 3, 2), dt.date(2027, 3, 1), None),
    ],
)
def test_mandate_period_from_the_law(
    regime_id: str, closed: dt.date, last: dt.date, last_if_agreed: dt.date | None
) -> None:
    period = mandate_period(rulebook().get(regime_id), closed)
    assert period is not None
    assert period.last_day.day == last
    agreed = period.last_day_if_agreed
    assert (None if agreed is None else agreed.day) == last_if_agreed
    assert mandate_period(rulebook().get("consultative"), closed) is None
    assert mandate_period(rulebook().get(regime_id), None) is None


def test_notice_periods_from_the_law() -> None:
    """s.234A(4)(b): 7 days before 2017 and in NI; 14 (7 if agreed) under TUA 2016; 10 from 2026."""
    days = {r.id: notice_period(r) for r in rulebook().regimes}
    assert {k: None if v is None else (v.days, v.days_if_agreed) for k, v in days.items()} == {
        "gb-pre-2017": (7, None),
        "ni": (7, None),
        "gb-tua-2016": (14, 7),
        "gb-era-2025": (10, None),
        "gb-era-2025-s68": (10, None),
        "consultative": None,
    }


def test_circular_and_timeline_give_the_same_mandate_end(run: Run, write: Write) -> None:
    path = write(BALLOT.format(jurisdiction="gb", opened="2023-01-19", closed="2023-02-16"))
    circular = flat(run("summary", str(path), "--format", "text").stdout)
    assert "its last day is 15 August 2023" in circular
    assert "(last day 15 November 2023)" in circular
    data = json.loads(run("timeline", str(path), "--format", "json").stdout)["timeline"]
    days = {e["key"]: e["date"] for e in data["entries"]}
    assert days["mandate-end"] == "2023-08-15" and days["mandate-end-if-agreed"] == "2023-11-15"


@pytest.mark.parametrize(
    ("opened", "closed", "s68", "spoiled_words"),
    [
        ("2011-03-01", "2011-03-25", None, "The number of spoiled voting papers"),
        (
            "2023-01-19",
            "2023-02-16",
            None,
            "The number of spoiled or otherwise invalid voting papers returned",
        ),
        (
            "2026-03-02",
            "2026-03-30",
            None,
            "The number of spoiled or otherwise invalid voting papers returned",
        ),
        ("2026-09-01", "2026-09-29", "2026-06-01", "The number of spoiled voting papers"),
    ],
)
def test_each_version_of_s231_has_its_own_words(
    run: Run, write: Write, opened: str, closed: str, s68: str | None, spoiled_words: str
) -> None:
    path = write(BALLOT.format(jurisdiction="gb", opened=opened, closed=closed))
    extra = ["--s68-from", s68] if s68 else []
    for audience in ("members", "employer"):
        text = flat(run("notice", str(path), "--to", audience, "--format", "text", *extra).stdout)
        assert f"{spoiled_words} for the question on strike action: 10" in text, text
        if s68:  # s.68 not commenced when the words were written: the officer is told
            assert "CAUTION: Unverified" in text


def test_northern_ireland_notice_cites_arts_112_and_113(run: Run, write: Write) -> None:
    path = write(BALLOT.format(jurisdiction="ni", opened="2024-03-01", closed="2024-03-20"))
    members = flat(run("notice", str(path), "--to", "members", "--format", "text").stdout)
    employer = flat(run("notice", str(path), "--to", "employer", "--format", "text").stdout)
    assert "Order 1995, art 112" in members and "art 113" not in members
    assert "Order 1995, art 113" in employer
    for text in (members, employer):
        assert "CAUTION: Unverified" in text  # the text of art 112 was not checked
        assert "The number of spoiled voting papers for the question on strike action: 10" in text
    for fmt in ("markdown", "html"):
        out = run("notice", str(path), "--to", "members", "--format", fmt).stdout
        assert "Caution:" in out and "Unverified" in out, fmt


def test_rules_ni_heads_its_list_with_arts_112_and_113(run: Run) -> None:
    out = run("rules", "ni").stdout
    assert "s.231" not in out.split("must be told")[1].split(")")[0]
    assert "must be told (TULR(NI) Order 1995 art 112; TULR(NI) Order 1995 art 113):" in out
    assert "CAUTION: Unverified" in flat(out)
    gb = run("rules", "gb-tua-2016").stdout
    assert "must be told (TULRCA s.231; TULRCA s.231A):" in gb
