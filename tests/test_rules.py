"""Choosing the regime: by the opening date, within the jurisdiction, with the s.68 setting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballotcalc.judging import judge, load_ballot
from ballotcalc.model import Ballot, ImportantPublicService
from ballotcalc.rules import Settings, choose, in_force, rulebook
from conftest import Run

D = dt.date


def chosen(
    opened: D | None, closed: D | None = None, *, ni: bool = False, s68: D | None = None
) -> str:
    return choose(
        jurisdiction="ni" if ni else "gb",
        opened=opened,
        closed=closed,
        override=None,
        settings=Settings(s68_from=s68),
    ).regime.id


@pytest.mark.parametrize(
    ("opened", "regime"),
    [(D(2011, 5, 3), "gb-pre-2017"), (D(2017, 2, 28), "gb-pre-2017"), (D(2017, 3, 1), "gb-tua-2016"),
     (D(2026, 2, 17), "gb-tua-2016"), (D(2026, 2, 18), "gb-era-2025"), (D(2040, 1, 1), "gb-era-2025")],
)  # fmt: skip
def test_gb_boundaries(opened: D, regime: str) -> None:
    assert chosen(opened) == regime


def test_s68_setting_moves_the_boundary() -> None:
    s68 = D(2026, 10, 1)
    assert chosen(D(2026, 9, 30), s68=s68) == "gb-era-2025"
    assert chosen(D(2026, 10, 1), s68=s68) == "gb-era-2025-s68"


def test_northern_ireland_is_always_ni() -> None:
    assert chosen(D(2019, 1, 1), ni=True) == "ni"
    assert chosen(D(2026, 3, 1), ni=True) == "ni"


def test_opening_date_decides_across_a_change_in_the_law() -> None:
    choice = choose(
        jurisdiction="gb",
        opened=D(2026, 2, 10),
        closed=D(2026, 3, 3),
        override=None,
        settings=Settings(),
    )
    assert choice.regime.id == "gb-tua-2016"
    assert any("opened under gb-tua-2016 and closed under gb-era-2025" in n for n in choice.notes)


def test_closing_date_is_used_with_a_note_when_opening_is_missing() -> None:
    choice = choose(
        jurisdiction="gb", opened=None, closed=D(2019, 4, 29), override=None, settings=Settings()
    )
    assert choice.regime.id == "gb-tua-2016"
    assert any("chosen by the closing date" in n for n in choice.notes)


def test_era_2025_always_carries_the_s68_note() -> None:
    notes = choose(
        jurisdiction="gb", opened=D(2026, 6, 1), closed=None, override=None, settings=Settings()
    ).notes
    assert any("s.68" in n and "not commenced" in n for n in notes)


@given(
    st.dates(D(1990, 1, 1), D(2060, 12, 31)), st.none() | st.dates(D(2026, 2, 18), D(2030, 1, 1))
)
def test_every_gb_day_has_exactly_one_regime(day: D, s68: D | None) -> None:
    settings = Settings(s68_from=s68)
    regimes = [
        r for r in rulebook().regimes if r.jurisdiction == "gb" and in_force(r, day, settings)
    ]
    assert len(regimes) == 1


def test_the_table_matches_the_reference() -> None:
    """uk-ballot-law.md, 'Regimes': thresholds, mandate and notice per regime."""
    half, two_fifths = Fraction(1, 2), Fraction(2, 5)
    expected = {
        "gb-pre-2017": (None, None, ("begin-within", 4, 8), 7, None),
        "gb-tua-2016": (half, two_fifths, ("expires", 6, 9), 14, 7),
        "gb-era-2025": (half, None, ("expires", 12, None), 10, None),
        "gb-era-2025-s68": (None, None, ("expires", 12, None), 10, None),
        "ni": (None, None, ("begin-within", 4, 8), 7, None),
    }
    for regime_id, (turnout, support, mandate, notice, agreed) in expected.items():
        r = rulebook().get(regime_id)
        assert r.mandate is not None
        length = (
            (r.mandate.weeks, r.mandate.weeks_if_agreed)
            if r.mandate.kind == "begin-within"
            else (r.mandate.months, r.mandate.months_if_agreed)
        )
        assert (
            r.turnout_threshold,
            r.support_threshold,
            (r.mandate.kind, *length),
            r.notice_days,
            r.notice_days_if_agreed,
        ) == (turnout, support, mandate, notice, agreed)
        assert r.sources, f"{regime_id} cites no source"


def test_information_items_match_the_reference() -> None:
    """uk-ballot-law.md, 'What members (s.231) and employers (s.231A) must be told'."""
    four = ("votes_cast", "yes", "no", "spoiled")
    expected = {
        "gb-pre-2017": four,
        "ni": four,
        "gb-tua-2016": ("entitled", *four, "turnout", "support"),
        "gb-era-2025": ("entitled", *four, "turnout"),
        "gb-era-2025-s68": four,
    }
    for regime_id, items in expected.items():
        assert rulebook().get(regime_id).information_items == items, regime_id
    for regime_id, items in expected.items():
        notice = rulebook().get(regime_id).notice
        assert notice is not None
        assert set(items) - {"turnout", "support"} <= set(notice.wording.statements), regime_id


@pytest.mark.parametrize(
    ("regime_id", "act"),
    [("gb-pre-2017", "(Consolidation) Act 1992"), ("gb-tua-2016", "(Consolidation) Act 1992"),
     ("gb-era-2025", "(Consolidation) Act 1992"), ("gb-era-2025-s68", "(Consolidation) Act 1992"),
     ("ni", "(Northern Ireland) Order 1995")],
)  # fmt: skip
def test_notices_cite_s231_to_members_and_s231a_to_the_employer(regime_id: str, act: str) -> None:
    """uk-ballot-law.md: members are told under s.231, employers under s.231A (in Northern Ireland,
    the corresponding provisions of the 1995 Order)."""
    basis = rulebook().get(regime_id).notice_basis
    assert basis is not None
    assert act in basis["members"] and act in basis["employer"]
    if regime_id == "ni":  # notices-law.md section 4: NI arts 112 (members) and 113 (employer)
        assert "art 112" in basis["members"] and "art 113" in basis["employer"]
    else:
        assert basis["members"].endswith("s.231") and basis["employer"].endswith("s.231A")
    assert rulebook().get("consultative").notice_basis is None


def test_a_northern_ireland_notice_cites_the_order(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: Depot\njurisdiction: ni\nopened: 2024-03-01\nclosed: 2024-03-20\neligible: 100\n"
        "votes_cast: 40\nyes: 30\nno: 10\n"
    )
    text = run("notice", "--to", "employer", "--format", "text", str(path)).stdout
    assert "(Northern Ireland) Order 1995" in " ".join(text.split())
    assert "(Consolidation) Act" not in " ".join(text.split())


def test_welsh_exemption_is_a_rule_in_the_data() -> None:
    """Trade Union (Wales) Act 2017 s.1(4): no 40% test for services of devolved Welsh authorities,
    from 13 September 2017; only gb-tua-2016 has a 40% test to switch off."""
    [welsh] = rulebook().get("gb-tua-2016").support_exemptions
    assert (welsh.id, welsh.start, welsh.source) == (
        "devolved-welsh-authority",
        D(2017, 9, 13),
        "Trade Union (Wales) Act 2017 s.1(4)",
    )
    # the flag it names is the ballot file's yes/no field
    assert Ballot.model_fields[welsh.ballot_flag].annotation is bool
    others = [r for r in rulebook().regimes if r.id != "gb-tua-2016"]
    assert all(not r.support_exemptions for r in others)


def test_important_public_services_and_their_regulations() -> None:
    """uk-ballot-law.md: health SI 2017/132, education of under-17s SI 2017/133, fire SI 2017/134,
    transport SI 2017/135, border security SI 2017/136."""
    got = {s.id: s.regulations.rsplit(", ", 1)[-1] for s in rulebook().public_services}
    assert got == {
        "health": "SI 2017/132",
        "education": "SI 2017/133",
        "fire": "SI 2017/134",
        "transport": "SI 2017/135",
        "border-security": "SI 2017/136",
    }
    # every category is one a ballot file may name, and every one it may name is listed
    assert set(got) == set(get_args(ImportantPublicService)) - {"none"}


def test_rules_shows_the_categories_the_welsh_exception_and_their_law(run: Run) -> None:
    out = run("rules", "gb-tua-2016").stdout
    for category, si in [("health", "132"), ("education", "133"), ("fire", "134"),
                         ("transport", "135"), ("border-security", "136")]:  # fmt: skip
        [line] = [x for x in out.splitlines() if x.strip().startswith(f"- {category}:")]
        assert line.endswith(f"SI 2017/{si})")
    assert "under 17" in out
    [welsh] = [x for x in out.splitlines() if "devolved Welsh authorities" in x]
    assert "13 September 2017" in welsh and "Trade Union (Wales) Act 2017 s.1(4)" in welsh
    assert "devolved_welsh_authority: true" in welsh
    # only the regime with a 40% test lists them
    assert "SI 2017/132)" not in run("rules", "gb-era-2025").stdout


def test_rules_era_2025_says_s68_is_not_commenced_unless_given(run: Run) -> None:
    for regime_id in ("gb-era-2025", "gb-era-2025-s68"):
        [line] = [x for x in run("rules", regime_id).stdout.splitlines() if "commencement:" in x]
        assert "s.68" in line and "not commenced" in line and "--s68-from" in line
    assert "commencement:" not in run("rules", "gb-tua-2016").stdout


def test_rules_ni_cites_the_order_not_tulrca(run: Run) -> None:
    """TULR(NI) Order 1995: art 112 (members), art 113 (employer), art 117 (ballot ceases to be
    effective), art 118 (notice of action); notices-law.md section 4."""
    out = run("rules", "ni").stdout
    assert "art 112" in out and "art 113" in out
    assert "mandate (TULR(NI) Order 1995 art 117)" in out
    assert "notice of action (TULR(NI) Order 1995 art 118)" in out
    assert "TULRCA" not in out and not re.search(r"\bs\.\s?\d", out)
    gb = run("rules", "gb-tua-2016").stdout
    assert "(TULRCA s.231; TULRCA s.231A)" in gb and "art 11" not in gb


def test_timeline_in_northern_ireland_cites_articles(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: Depot\njurisdiction: ni\nopened: 2024-03-01\nclosed: 2024-03-20\neligible: 100\n"
        "votes_cast: 40\nyes: 30\nno: 10\n"
    )
    out = run("timeline", "--format", "json", "--action-on", "2024-04-02", str(path)).stdout
    import json

    rules = {e["key"]: e["rule"] for e in json.loads(out)["timeline"]["entries"]}
    assert rules["notice-for-action"] == "TULR(NI) Order 1995 art 118"
    assert rules["action-begin-by"] == "TULR(NI) Order 1995 art 117"
    assert rules["ballot-notice"] == "TULR(NI) Order 1995 art 105"
    # an article not confirmed from the Order's text is not invented
    assert "article not confirmed" in rules["date-of-ballot"]


BASE = (
    "title: t\neligible: 1000\nvotes_cast: 600\nquestions:\n  - {id: strike, type: strike}\n"
    "results:\n  strike: {yes: 390, no: 200, spoiled: 10}\n"
)  # 39% of eligible


def _support_applied(write: Callable[..., Path], extra: str) -> bool:
    outcome = judge(load_ballot(write(BASE + extra)))
    return outcome.tests.support is not None


def test_forty_percent_only_in_important_public_services(write: Callable[..., Path]) -> None:
    assert not _support_applied(write, "opened: 2019-01-01\n")
    assert _support_applied(write, "opened: 2019-01-01\nimportant_public_service: health\n")
    assert not _support_applied(write, "opened: 2026-03-01\nimportant_public_service: health\n")


def test_welsh_devolved_authorities_are_exempt_from_13_september_2017(
    write: Callable[..., Path],
) -> None:
    welsh = "important_public_service: education\ndevolved_welsh_authority: true\n"
    assert _support_applied(write, "opened: 2017-09-12\n" + welsh)
    assert not _support_applied(write, "opened: 2017-09-13\n" + welsh)


def test_consultative_ballot_has_no_statutory_test(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: Indicative\nkind: consultative\neligible: 1000\nvotes_cast: 100\nyes: 60\nno: 40\n"
    )
    import json

    ballot = json.loads(run("result", "--format", "json", str(path)).stdout)["ballots"][0]
    unit = ballot["units"][0]
    assert ballot["regime"]["id"] == "consultative"
    assert unit["turnout_threshold_pct"] is None and unit["turnout_met"] is None
    # 60 Yes to 40 No is a majority for; a consultative ballot never gives a mandate, so the 1.x
    # `verdict` (which meant "mandate") is null rather than "pass".
    assert unit["questions"][0]["decision"] == "consultative_majority_for"
    assert unit["questions"][0]["verdict"] is None
    assert unit["questions"][0]["support_met"] is None


def test_regime_override_from_the_command_line(run: Run) -> None:
    import json

    out = run("result", "--format", "json", "--regime", "gb-tua-2016", "ballots/jcp-2011.yaml")
    ballot = json.loads(out.stdout)["ballots"][0]
    assert ballot["regime"]["id"] == "gb-tua-2016"
    # 3,010 of 7,000 is 43%: under the 2016 Act the JCP ballot would fail (ceil(7000/2) = 3,500).
    assert ballot["units"][0]["votes_short"] == 3500 - 3010
    assert ballot["units"][0]["questions"][0]["verdict"] == "fail"


def test_every_source_and_note_is_one_line_of_text() -> None:
    """A plain `- gov.uk "Title: subtitle"` item is a mapping in YAML, not a citation."""
    for regime in rulebook().regimes:
        for text in (*regime.sources, *regime.notes):
            assert isinstance(text, str) and text.strip() and "\n" not in text, (regime.id, text)
