"""`ballotcalc summary` and `ballotcalc notice`: golden files, and what the law says they must say.

Golden files (tests/golden/) are reviewed as diffs. Regenerate them after an intended change with

    BALLOTCALC_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_documents.py

The assertions after the goldens do not depend on them: expected figures come from the published
results (named in each ballot file), the reference table of s.231 items, or arithmetic in the test.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ballotcalc._version import __version__
from ballotcalc.judging import judge, load_ballot
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.documents import (
    DocumentFormat,
    DocumentKind,
    notice_context,
    render_notice,
    render_summary,
)
from ballotcalc.render.formats import AUDIENCES
from ballotcalc.render.templating import markdown_escape
from ballotcalc.rules import rulebook
from conftest import BALLOTS, ROOT, Run

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("BALLOTCALC_UPDATE_GOLDEN", "") not in ("", "0")

GOLDEN_BALLOTS = (
    "cwu-royal-mail-2023",  # a pass
    "rmt-lu-pay-2025",  # a pass with the 40% test, two questions
    "pcs-2019-pay",  # a turnout fail
    "illustrative-health-40pct",  # a 40% fail for strikes with a pass for action short of a strike
    "jcp-2011",  # before the 2016 Act: no thresholds, no 50% item
)
DOCUMENTS = (
    ("summary", ()),
    ("notice-members", ("--to", "members")),
    ("notice-employer", ("--to", "employer")),
)
SUFFIX = {"markdown": "md", "text": "txt", "html": "html"}


# --- helpers --------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """Text content of an HTML document (not its <style>), and every element seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "style":
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.tags


def markdown_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(md)


def readable(fmt: str, output: str) -> str:
    """What a reader sees, with runs of whitespace as one space (text is wrapped at 72 columns)."""
    if fmt == "html":
        text = html_text(output)[0]
    elif fmt == "markdown":
        text = html_text(markdown_html(output))[0]
    else:
        text = output
    return re.sub(r"\s+", " ", text)


_META = ("**Union:**", "**Employer:**", "**Ballot opened:**", "**Ballot closed:**")


def first_sentence(fmt: str, output: str) -> str:
    """The first sentence a member reads after the title and the dates: the first headline
    paragraph (HTML), the first bold paragraph (Markdown), the paragraph after the dates (text)."""
    if fmt == "html":
        found = re.search(r'<p class="headline">(.*?)</p>', output, flags=re.S)
        assert found, output
        para = html_text(found.group(1))[0]
    elif fmt == "markdown":
        para = next(
            line.strip("*")
            for line in output.splitlines()
            if line.startswith("**") and not line.startswith(_META)
        )
        para = html_text(markdown_html(para))[0]
    else:
        paras = output.split("\n\n")
        para = next(p for p in paras[2:] if p.strip())  # after the title and the dates
    flat = re.sub(r"\s+", " ", para).strip()
    return re.split(r"(?<=\.) (?=[A-Z0-9])", flat, maxsplit=1)[0]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root so documents name ballots as ballots/x.yaml (stable goldens)."""
    monkeypatch.chdir(ROOT)


def document(run: Run, doc: str, ballot: str, fmt: str, *extra: str) -> str:
    args = {"summary": ("summary",), "notice-members": ("notice", "--to", "members"),
            "notice-employer": ("notice", "--to", "employer")}[doc]  # fmt: skip
    return run(*args, ballot, "--format", fmt, *extra).stdout


# --- golden files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("doc", [d for d, _ in DOCUMENTS])
@pytest.mark.parametrize("stem", GOLDEN_BALLOTS)
def test_golden(run: Run, at_root: None, stem: str, doc: str, fmt: str) -> None:
    output = document(run, doc, f"ballots/{stem}.yaml", fmt)
    golden = GOLDEN / doc / f"{stem}.{SUFFIX[fmt]}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
        print(f"updated {golden.relative_to(ROOT)}")
    assert golden.exists(), (
        f"{golden} is missing: run BALLOTCALC_UPDATE_GOLDEN=1 .venv/bin/python -m pytest "
        "tests/test_documents.py and review the diff"
    )
    assert output == golden.read_text(encoding="utf-8")


INDICATIVE_GOLDEN = ("pcs-dwp-ccs-2012-consultative", "pcs-hmlr-csc-2021-survey")
"""A consultative ballot and a survey: a circular only (neither has a statutory notice)."""


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("stem", INDICATIVE_GOLDEN)
def test_golden_indicative_summary(run: Run, at_root: None, stem: str, fmt: str) -> None:
    test_golden(run, None, stem, "summary", fmt)


UNITS_GOLDEN = "illustrative-nhs-trusts-2022"
"""14 separate ballots (s.228): the per-unit table, the counts and the turnout chart."""


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_golden_units_summary(run: Run, at_root: None, fmt: str) -> None:
    test_golden(run, None, UNITS_GOLDEN, "summary", fmt)


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("doc", ["notice-employer", "notice-members"])
def test_golden_units_notice(run: Run, at_root: None, doc: str, fmt: str) -> None:
    """Separate ballots: one notice per unit, each with its own figures, on its own page."""
    test_golden(run, None, UNITS_GOLDEN, doc, fmt)


def test_every_format_and_kind_has_a_shipped_template() -> None:
    from importlib import resources

    shipped = resources.files("ballotcalc.render").joinpath("templates")
    for kind in DocumentKind:
        for fmt in DocumentFormat:
            assert shipped.joinpath(f"{kind.value}.{fmt.suffix}.j2").is_file(), (kind, fmt)
    # goldens for every text format; PDF is the HTML printed (tests/test_pdf.py)
    assert {f.value for f in DocumentFormat if not f.binary} == set(SUFFIX)
    assert {f.source for f in DocumentFormat if f.binary} == {DocumentFormat.HTML}


# --- every shipped ballot, every document: the footer ---------------------------------------------


JUDGED = sorted(
    p
    for p in BALLOTS.glob("*.yaml")
    if p.name != "hmrc-2011.yaml" and not p.name.endswith("-live.yaml")
)
"""Every shipped ballot with results (hmrc-2011.yaml and *-live.yaml are live, for `target`)."""
INDICATIVE = ("kind: consultative", "kind: survey")
"""Not held under s.226: no statutory notice (s.231, s.231A) is made for these."""


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("doc", [d for d, _ in DOCUMENTS])
@pytest.mark.parametrize("path", JUDGED, ids=lambda p: p.stem)
def test_every_document_ends_with_the_footer(
    run: Run, at_root: None, path: Path, doc: str, fmt: str
) -> None:
    if doc != "summary" and any(k in path.read_text(encoding="utf-8") for k in INDICATIVE):
        refused = run("notice", "--to", "members", f"ballots/{path.name}", expect=2)
        assert "there is no statutory notice" in refused.stderr
        return
    output = document(run, doc, f"ballots/{path.name}", fmt)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    import json

    expected_regime = json.loads(run("result", f"ballots/{path.name}", "--format", "json").stdout)[
        "ballots"
    ][0]["regime"]["id"]
    text = readable(fmt, output)
    assert text.rstrip().endswith(NOT_LEGAL_ADVICE), text[-300:]
    tail = text[text.rindex(f"ballotcalc {__version__}") :]
    assert f"regime {expected_regime}" in tail
    assert sha in tail


def test_output_is_deterministic(run: Run, at_root: None) -> None:
    first = run("summary", "ballots/rmt-lu-pay-2025.yaml", "--format", "html").stdout
    assert first == run("summary", "ballots/rmt-lu-pay-2025.yaml", "--format", "html").stdout


# --- the summary against the law and the published figures ----------------------------------------


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_pcs_2019_turnout_fail_in_votes_and_never_a_mandate(
    run: Run, at_root: None, fmt: str
) -> None:
    # PCS, 30 April 2019: 124,710 entitled, 59,452 votes cast; 50% needs ceil(124,710 / 2).
    needed = -(-124_710 // 2)
    short = needed - 59_452
    assert short == 2_903
    output = document(run, "summary", "ballots/pcs-2019-pay.yaml", fmt)
    text = readable(fmt, output)
    # the verdict first: the test that failed and by how many votes, before any Yes share
    assert first_sentence(fmt, output) == (
        "Strike action cannot be called on this ballot: the turnout of 47.7% fell "
        f"{short:,} votes short of the 50% turnout threshold."
    )
    assert text.index("cannot be called") < text.index("78.9% voted Yes")
    assert "mandate" not in text.lower()
    assert "47.7%" in text  # 59,452 / 124,710 = 47.67%: more than a point from 50%, 1 decimal
    assert "78.9%" in text  # Yes 46,352 of 58,782 valid votes = 78.85%


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_cwu_2023_pass_headline_and_dates(run: Run, at_root: None, fmt: str) -> None:
    text = readable(fmt, document(run, "summary", "ballots/cwu-royal-mail-2023.yaml", fmt))
    # CWU, 16 February 2023: "95.9% ... on a 77.3% turnout".
    assert "95.9% voted Yes to strike action on a turnout of 77.3%." in text
    assert "There is a mandate for strike action." in text
    # 6 months beginning with 16 February 2023 ends the day before 16 August 2023 (9 if agreed).
    assert "its last day is 15 August 2023" in text
    assert "up to 9 months (last day 15 November 2023)" in text
    assert "no later than the 14th day before the first day of action" in text
    assert "(the 7th day if the union and the employer agree)" in text


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_40pct_fail_with_asos_pass(run: Run, at_root: None, fmt: str) -> None:
    output = document(run, "summary", "ballots/illustrative-health-40pct.yaml", fmt)
    text = readable(fmt, output)
    # 40% of 1,000 entitled is 400 Yes; strike had 385 (15 short), asos 410 (10 to spare: within
    # 10 votes, a narrow margin).
    needed = 1_000 * 40 // 100
    assert first_sentence(fmt, output) == (
        "There is a mandate for action short of a strike, but strike action cannot be called on "
        f"this ballot: Yes to strike action fell {needed - 385} votes short of the 40% support "
        "threshold."
    )
    assert (
        "A narrow margin: the support threshold for action short of a strike was met by "
        f"{410 - needed} Yes votes." in text
    )
    assert "15 more Yes votes were needed" in text
    assert "38.5%" in text and "41.0%" in text
    assert "mandate for strike action" not in text.lower()
    assert "The vote for strike action did not meet the statutory tests" in text
    assert "The mandate for action short of a strike lasts 6 months" in text


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_each_percentage_says_what_it_is_a_share_of(run: Run, at_root: None, fmt: str) -> None:
    text = readable(fmt, document(run, "summary", "ballots/rmt-lu-pay-2025.yaml", fmt))
    assert "of valid votes (Yes + No)" in text
    assert "of those entitled to vote" in text
    assert "spoiled papers included" in text


BALLOT = """\
title: {title}
union: Test Union
employer: Test Employer
opened: {opened}
closed: {closed}
{extra}eligible: {eligible}
votes_cast: {votes}
questions:
  - id: strike
    type: strike
    text: Are you prepared to take part in strike action?
results:
  strike: {{yes: {yes}, no: {no}, spoiled: {spoiled}}}
"""


def ballot(write: Callable[..., Path], name: str = "b.yaml", **fields: object) -> str:
    values: dict[str, object] = {
        "title": "Test ballot", "opened": "2023-01-09", "closed": "2023-02-06", "extra": "",
        "eligible": 10_000, "votes": 6_000, "yes": 5_000, "no": 900, "spoiled": 100,
    }  # fmt: skip
    values.update(fields)
    return str(write(BALLOT.format(**values), name))


@pytest.mark.parametrize("decimals", [None, "0", "1", "2"])
@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_a_failing_turnout_is_never_rounded_up(
    run: Run, write: Callable[..., Path], fmt: str, decimals: str | None
) -> None:
    # 4,996 of 10,000 is 49.96%: fails; 5,000 were needed, 4 short.
    path = ballot(write, votes=4_996, yes=4_000, no=900, spoiled=96)
    extra = () if decimals is None else ("--decimals", decimals)
    text = readable(fmt, run("summary", path, "--format", fmt, *extra).stdout)
    shown = re.search(r"the turnout of ([0-9.]+)% fell 4 votes short", text)
    assert shown, text
    assert float(shown.group(1)) < 50, shown.group(1)
    assert "50.0%" not in text and "50.00%" not in text
    if decimals is None:
        assert shown.group(1) == "49.96"  # within a point of the threshold: 2 decimals


@pytest.mark.parametrize("decimals", [None, "0", "1"])
def test_a_failing_support_share_is_never_rounded_up(
    run: Run, write: Callable[..., Path], decimals: str | None
) -> None:
    # 3,999 Yes of 10,000 entitled is 39.99%: fails the 40% test by one vote.
    path = ballot(write, extra="important_public_service: health\n", votes=6_000, yes=3_999,
                  no=1_900, spoiled=101)  # fmt: skip
    extra = () if decimals is None else ("--decimals", decimals)
    text = readable("text", run("summary", path, "--format", "text", *extra).stdout)
    shown = re.search(r"Yes is ([0-9.]+)% of those entitled, below the 40% support", text)
    assert shown, text
    assert float(shown.group(1)) < 40
    assert "1 more Yes vote was needed" in text
    assert "mandate" not in text.lower()


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_at_risk_question_says_why_and_is_not_called_a_mandate(
    run: Run, write: Callable[..., Path], fmt: str
) -> None:
    # 295 Yes beats 200 No, but 2 x 295 = 590 is not more than the 600 votes cast (s.297A).
    path = ballot(write, eligible=1_000, votes=600, yes=295, no=200, spoiled=105)
    text = readable(fmt, run("summary", path, "--format", fmt).stdout)
    assert (
        "The vote for strike action is at risk: Yes (295) beats No (200) but is not more "
        "than half of all 600 votes cast including spoiled papers" in text
    )
    assert "At risk: take advice before calling action" in text
    assert "mandate" not in text.lower()


def test_month_end_mandate_date_is_flagged(run: Run, write: Callable[..., Path]) -> None:
    # Closes 31 August 2023: 31 February 2024 does not exist; clamp to 29 February (a leap year)
    # and take the day before: 28 February 2024, flagged. 9 months: 31 May exists -> 30 May.
    path = ballot(write, opened="2023-08-01", closed="2023-08-31")
    text = readable("text", run("summary", path, "--format", "text").stdout)
    assert "its last day is 28 February 2024 (a month-end date the law does not settle" in text
    assert "(last day 30 May 2024)" in text


def test_era_2025_mandate_and_notice_period(run: Run, write: Callable[..., Path]) -> None:
    # gb-era-2025: 12 months, no extension; 10 days' notice, no shorter period by agreement.
    path = ballot(write, opened="2026-03-02", closed="2026-03-20")
    text = readable("text", run("summary", path, "--format", "text").stdout)
    assert (
        "lasts 12 months beginning with the date of the ballot, 20 March 2026: its last day "
        "is 19 March 2027." in text
    )
    assert "no later than the 10th day before the first day of action, and only" in text
    assert "if the union and the employer agree" not in text


def test_pre_2017_action_must_begin_within_four_weeks(run: Run, at_root: None) -> None:
    text = readable("text", run("summary", "ballots/jcp-2011.yaml", "--format", "text").stdout)
    # 4 weeks beginning with 25 March 2011 ends on 21 April 2011; 8 weeks on 19 May 2011.
    assert (
        "must begin within 4 weeks beginning with the date of the ballot, 25 March 2011: "
        "by 21 April 2011 at the latest, or within 8 weeks (by 19 May 2011)" in text
    )
    assert "no later than the 7th day before the first day of action" in text


CONSULTATIVE = """\
title: Indicative ballot on the pay offer
union: Test Union
employer: Test Employer
kind: consultative
closed: 2024-05-01
eligible: 1000
votes_cast: 300
questions:
  - id: offer
    type: other
    text: Do you accept the pay offer?
results:
  offer: {yes: 100, no: 190, spoiled: 10}
"""


NO_MANDATE = "A consultative ballot gives no mandate for industrial action"
"""What members must read in a consultative ballot's circular: it is not held under s.226, so
whatever the majority it gives no protection for industrial action (s.219 needs a s.226 ballot)."""
NOTES_HEADING = "Notes on how this was worked out"


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_consultative_ballot_has_no_statutory_language(
    run: Run, write: Callable[..., Path], fmt: str
) -> None:
    path = str(write(CONSULTATIVE))
    text = readable(fmt, run("summary", path, "--format", fmt).stdout)
    assert NO_MANDATE in text  # the one sentence about the law, and it is that there is no mandate
    body = text.replace(NOT_LEGAL_ADVICE, "").replace(NO_MANDATE, "")
    for word in ("mandate", "threshold", "statutory", "tulrca", "s.2", "notice", "lawful",
                 "40%", "50%"):  # fmt: skip
        assert word not in body.lower(), word
    assert "consultative ballot" in body
    # 100 Yes, 190 No: No had the majority; 100/290 = 34.5% Yes; 300/1000 = 30.0% turnout
    assert (
        "In this consultative ballot, No had a majority: 34.5% voted Yes on the question on a "
        "turnout of 30.0%." in body
    )
    assert "offer" not in body.lower().replace("pay offer", "")  # the question's id, never shown


def test_regime_consultative_on_the_command_line_is_consultative(run: Run, at_root: None) -> None:
    args = ("ballots/cwu-royal-mail-2023.yaml", "--regime", "consultative")
    text = readable("markdown", run("summary", *args).stdout).replace(NOT_LEGAL_ADVICE, "")
    assert NO_MANDATE in text
    text = text.replace(NO_MANDATE, "")
    assert "mandate" not in text.lower() and "threshold" not in text.lower()
    assert "gb-tua-2016" not in text and "given explicitly" not in text  # how, for officers
    assert "is a consultative ballot" in run("notice", *args, "--to", "members", expect=2).stderr


CONSULTATIVE_UNITS = """\
title: Indicative ballot across two sites
union: Test Union
employer: Test Employer
kind: consultative
regime: gb-tua-2016
closed: 2024-05-01
questions:
  - id: offer
    type: other
    text: Do you accept the pay offer?
units:
  - name: North
    votes_cast: 300
    results:
      offer: {yes: 100, no: 190, spoiled: 10}
  - name: South
    eligible: 500
    votes_cast: 200
    results:
      offer: {yes: 150, no: 50, spoiled: 0}
"""


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_a_consultative_circular_shows_the_notes_for_members(
    run: Run, write: Callable[..., Path], fmt: str
) -> None:
    """No mandate, and an electorate not given, are for members; the regime set aside (an id) and
    how its units are counted (no statutory test applies to them) are not among the notes."""
    path = str(write(CONSULTATIVE_UNITS))
    text = readable(fmt, run("summary", path, "--format", fmt).stdout)
    assert NOTES_HEADING in text
    notes = text[text.index(NOTES_HEADING) :]
    assert NO_MANDATE in notes
    assert "The number entitled to vote is not given" in notes  # North gives none
    for officers in ("gb-tua-2016", "was not applied", "s.228", "legal test"):
        assert officers not in notes, officers
    result = run("result", path, "--format", "json").stdout  # the officer still sees them all
    assert "gb-tua-2016 was not applied" in result and "counted on its own" in result


def test_a_survey_circular_says_no_mandate_once(run: Run, at_root: None) -> None:
    text = readable("markdown", run("summary", "ballots/pcs-hmlr-csc-2021-survey.yaml").stdout)
    assert text.count("no mandate") == 1 and NOTES_HEADING not in text


def test_consultative_ballot_has_no_notice(run: Run, write: Callable[..., Path]) -> None:
    path = str(write(CONSULTATIVE))
    result = run("notice", path, "--to", "members", expect=2)
    assert result.stdout == ""
    assert "is a consultative ballot: there is no statutory notice" in result.stderr


# --- the notice: exactly the s.231 items ----------------------------------------------------------

# uk-ballot-law.md, "What members (s.231) and employers (s.231A) must be told", written out here.
LAW_ITEMS = {
    "gb-pre-2017": ["votes_cast", "yes", "no", "spoiled"],
    "ni": ["votes_cast", "yes", "no", "spoiled"],
    "gb-tua-2016": ["entitled", "votes_cast", "yes", "no", "spoiled", "turnout", "support"],
    "gb-era-2025": ["entitled", "votes_cast", "yes", "no", "spoiled", "turnout"],
    "gb-era-2025-s68": ["votes_cast", "yes", "no", "spoiled"],
}
PER_QUESTION = {"yes", "no", "spoiled", "support"}
TWO_QUESTIONS = """\
title: Two questions
union: Test Union
employer: Test Employer
jurisdiction: {jurisdiction}
opened: 2023-01-09
closed: 2023-02-06
{ips}eligible: 1000
votes_cast: 600
questions:
  - id: strike
    type: strike
    text: Are you prepared to take part in strike action?
  - id: asos
    type: asos
    text: Are you prepared to take part in action short of a strike?
results:
  strike: {{yes: 390, no: 200, spoiled: 10}}
  asos: {{yes: 450, no: 140, spoiled: 10}}
"""


def test_the_rulebook_has_exactly_the_regimes_of_the_reference_table() -> None:
    statutory = {r.id for r in rulebook().regimes if r.id != "consultative"}
    assert statutory == set(LAW_ITEMS)
    for regime in rulebook().regimes:
        if regime.id in LAW_ITEMS:
            assert list(regime.information_items) == LAW_ITEMS[regime.id], regime.id


@pytest.mark.parametrize("important_public_service", [True, False])
@pytest.mark.parametrize("regime_id", sorted(LAW_ITEMS))
def test_notice_items_follow_the_reference_table(
    write: Callable[..., Path], regime_id: str, important_public_service: bool
) -> None:
    text = TWO_QUESTIONS.format(
        jurisdiction="ni" if regime_id == "ni" else "gb",
        ips="important_public_service: health\n" if important_public_service else "",
    )
    outcome = judge(load_ballot(write(text)), regime=regime_id)
    support_applies = regime_id == "gb-tua-2016" and important_public_service
    expected: list[tuple[str, str | None]] = []
    for kind in LAW_ITEMS[regime_id]:
        if kind == "support" and not support_applies:
            continue
        if kind in PER_QUESTION:
            expected += [(kind, "strike"), (kind, "asos")]
        else:
            expected.append((kind, None))
    for audience in AUDIENCES:
        notice = notice_context(outcome, audience)
        (unit,) = notice.units
        assert [(i.kind, i.question) for i in unit.items] == expected
        assert [i.number for i in unit.items] == list(range(1, len(expected) + 1))
        values = {(i.kind, i.question): i.value for i in unit.items}
        assert values.get(("votes_cast", None)) == "600"
        assert values.get(("yes", "strike")) == "390" and values.get(("no", "asos")) == "140"
        if ("entitled", None) in values:
            assert values[("entitled", None)] == "1,000"
    if support_applies:
        # 40% of 1,000 is 400: strike (390) is not, asos (450) is.
        support = {i.question: i.key for i in unit.items if i.kind == "support"}
        assert support == {"strike": "support_not", "asos": "support"}


def test_notice_wording_is_statutory(run: Run, at_root: None) -> None:
    rmt = readable("text", run("notice", "ballots/rmt-lu-pay-2025.yaml", "--to", "members",
                               "--format", "text").stdout)  # fmt: skip
    # RMT's letters use this wording (uk-ballot-law.md).
    assert ("The number of votes cast in the ballot is at least 50% of the number of individuals "
            "who were entitled to vote in the ballot.") in rmt  # fmt: skip
    pcs = readable("text", run("notice", "ballots/pcs-2019-pay.yaml", "--to", "members",
                               "--format", "text").stdout)  # fmt: skip
    assert ("The number of votes cast in the ballot is not at least 50% of the number of "
            "individuals who were entitled to vote in the ballot.") in pcs  # fmt: skip
    assert "40%" not in pcs  # not an important public service: no 40% statement


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_gb_tua_2016_notice_has_seven_kinds_of_item(run: Run, at_root: None, fmt: str) -> None:
    outcome = judge(load_ballot(BALLOTS / "rmt-lu-pay-2025.yaml"))
    kinds = {i.kind for i in notice_context(outcome, "members").units[0].items}
    assert len(kinds) == 7
    html = run("notice", "ballots/rmt-lu-pay-2025.yaml", "--to", "members", "--format",
               "html").stdout  # fmt: skip
    assert len(set(re.findall(r'data-item="(\w+?)(?:_not)?"', html))) == 7
    text = readable(fmt, run("notice", "ballots/rmt-lu-pay-2025.yaml", "--to", "employer",
                             "--format", fmt).stdout)  # fmt: skip
    # RMT letter, 29 July 2025, in the statutory order.
    order = ["10,424", "6,228", "6,004", "6,092", "209", "109", "15", "27"]
    positions = [text.index(f": {figure}") for figure in order]
    assert positions == sorted(positions)
    assert text.count("is at least 40% of the number of individuals") == 2


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_gb_pre_2017_notice_has_no_entitled_or_50pct_item(
    run: Run, at_root: None, fmt: str
) -> None:
    text = readable(fmt, run("notice", "ballots/jcp-2011.yaml", "--to", "members", "--format",
                             fmt).stdout)  # fmt: skip
    assert "who were entitled to vote in the ballot:" not in text
    assert "50%" not in text and "40%" not in text
    assert "The number of votes cast in the ballot: 3,010" in text
    assert "mandate" not in text.lower()


def test_audience_changes_the_addressing_not_the_items(run: Run, at_root: None) -> None:
    def items(text: str) -> list[str]:
        return re.findall(r"^\d+\. .*$", text, flags=re.MULTILINE)

    members = run("notice", "ballots/rmt-lu-pay-2025.yaml", "--to", "members", "--format",
                  "markdown").stdout  # fmt: skip
    employer = run("notice", "ballots/rmt-lu-pay-2025.yaml", "--to", "employer", "--format",
                   "markdown").stdout  # fmt: skip
    assert items(members) == items(employer) and len(items(members)) == 11
    assert "Act 1992, s.231:" in members and "s.231A" not in members
    assert "Act 1992, s.231A:" in employer
    assert "**To:** Every member who was entitled to vote in the ballot" in members
    assert "**To:** London Underground" in employer


def test_northern_ireland_notice_names_the_order(run: Run, write: Callable[..., Path]) -> None:
    path = str(write(TWO_QUESTIONS.format(jurisdiction="ni", ips="")))
    text = readable("text", run("notice", path, "--to", "employer", "--format", "text").stdout)
    assert "(Northern Ireland) Order 1995" in text and "TULRCA 1992 s.231A" in text
    assert "entitled to vote in the ballot:" not in text


# --- hostile text ---------------------------------------------------------------------------------

HOSTILE = (
    '<script>alert(1)</script> | [bold]x[/bold] =HYPERLINK("http://x.example","y") *a* _b_ &amp;'
)
HOSTILE_BALLOT = """\
title: '{h}'
union: '{h}'
employer: '{h}'
opened: 2023-01-09
closed: 2023-02-06
important_public_service: health
eligible: 1000
votes_cast: 600
questions:
  - id: strike
    type: strike
    text: '{h}'
  - id: asos
    type: asos
    text: 'Q2 {h}'
results:
  strike: {{yes: 390, no: 200, spoiled: 10}}
  asos: {{yes: 450, no: 140, spoiled: 10}}
""".format(h=HOSTILE.replace("'", "''"))


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("doc", [d for d, _ in DOCUMENTS])
def test_hostile_text_appears_literally(
    run: Run, write: Callable[..., Path], doc: str, fmt: str
) -> None:
    output = document(run, doc, str(write(HOSTILE_BALLOT)), fmt)
    if fmt == "html":
        text, tags = html_text(output)
    elif fmt == "markdown":
        text, tags = html_text(markdown_html(output))
    else:
        text, tags = output, []
    assert "script" not in tags and "a" not in tags
    assert HOSTILE in text
    assert f"Q2 {HOSTILE}" in text
    if fmt == "markdown":
        # every table row still has its 7 (summary) or no cells split by a user's pipe
        for row in re.findall(r"<tr>(.*?)</tr>", markdown_html(output), flags=re.S):
            assert len(re.findall(r"<t[hd]", row)) in (3, 7)


def test_control_characters_are_made_visible(run: Run, write: Callable[..., Path]) -> None:
    text = (
        'title: "Pay \\u202e2,903 \\e[31mred"\nclosed: 2023-02-06\nopened: 2023-01-09\n'
        "eligible: 10\nvotes_cast: 6\nyes: 5\nno: 1\n"
    )
    path = str(write(text))
    for fmt in SUFFIX:
        output = run("summary", path, "--format", fmt).stdout
        assert "\u202e" not in output and "\x1b" not in output
        assert "\\u202e" in output and "\\x1b" in output


def test_markdown_escape_keeps_a_table_cell_whole() -> None:
    cell = markdown_escape("a | b [c](d) <e> 1. f")
    html = markdown_html(f"| h | i |\n|---|---|\n| {cell} | z |\n")
    text, tags = html_text(html)
    assert tags.count("td") == 2 and "a" not in tags and "e" not in tags
    assert "a | b [c](d) <e> 1. f" in text
    assert markdown_escape("1. first") == "1\\. first"
    assert markdown_escape("- item") == "\\- item"
    assert markdown_escape("78.9% voted") == "78.9% voted"


# --- templates ------------------------------------------------------------------------------------


def test_own_template_with_format_from_its_name(run: Run, at_root: None, tmp_path: Path) -> None:
    template = tmp_path / "circular.md.j2"
    template.write_text(
        "{% for b in ballots %}{{ b.title }} | {{ b.units[0].headline }}{% endfor %}\n"
        "{% include '_style.css.j2' %}",
        encoding="utf-8",
    )
    out = run("summary", "ballots/pcs-2019-pay.yaml", "--template", str(template)).stdout
    assert out.startswith("National pay campaign 2019 | Strike action cannot be called on this ")
    assert "@page { size: A4" in out  # the shipped partials stay available


def test_own_template_escapes_by_format(
    run: Run, write: Callable[..., Path], tmp_path: Path
) -> None:
    template = tmp_path / "mine.j2"
    template.write_text("{% for b in ballots %}{{ b.title }}{% endfor %}\n", encoding="utf-8")
    path = str(write(HOSTILE_BALLOT))
    html = run("summary", path, "--template", str(template), "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = run("summary", path, "--template", str(template)).stdout
    assert "\\|" in md and "\\<script\\>" in md


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "title\n\n{% for b in ballots %}\n{{ b.title }\n{% endfor %}\n",
            4,
            "template syntax error",
        ),
        ("ok\n{% for b in ballots %}\n\n{{ b.titel }}\n{% endfor %}\n", 4, "template error"),
        ("{{ nothing_here }}\n", 1, "'nothing_here' is undefined"),
        ("line one\n{% include 'missing.j2' %}\n", None, "template not found: missing.j2"),
    ],
)
def test_broken_template_is_one_line_naming_file_and_line(
    run: Run, at_root: None, tmp_path: Path, body: str, line: int | None, message: str
) -> None:
    template = tmp_path / "broken.md.j2"
    template.write_text(body, encoding="utf-8")
    out = tmp_path / "out.md"
    result = run("summary", "ballots/pcs-2019-pay.yaml", "--template", str(template), "-o",
                 str(out), expect=2)  # fmt: skip
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    where = str(template) if line is None else f"{template}:{line}"
    assert lines[0].startswith(f"{where}: "), lines[0]
    assert message in lines[0]
    assert not out.exists()


# --- output: -o, --force, atomic writes -----------------------------------------------------------


def test_output_file_matches_stdout(run: Run, at_root: None, tmp_path: Path) -> None:
    out = tmp_path / "circular.html"
    stdout = run("summary", "ballots/cwu-royal-mail-2023.yaml", "--format", "html").stdout
    assert run("summary", "ballots/cwu-royal-mail-2023.yaml", "--format", "html", "-o",
               str(out)).stdout == ""  # fmt: skip
    assert out.read_text(encoding="utf-8") == stdout
    dash = run("summary", "ballots/cwu-royal-mail-2023.yaml", "--format", "html", "-o", "-")
    assert dash.stdout == stdout
    assert [p.name for p in tmp_path.iterdir()] == ["circular.html"]  # no temporary files left


def test_existing_file_is_kept_without_force(run: Run, at_root: None, tmp_path: Path) -> None:
    out = tmp_path / "notice.md"
    out.write_text("earlier notice\n", encoding="utf-8")
    result = run("notice", "ballots/jcp-2011.yaml", "--to", "members", "-o", str(out), expect=2)
    assert result.stderr.strip() == f"{out}: already exists; use --force to replace it"
    assert out.read_text(encoding="utf-8") == "earlier notice\n"
    run("notice", "ballots/jcp-2011.yaml", "--to", "members", "-o", str(out), "--force")
    assert out.read_text(encoding="utf-8").startswith("# Ballot result: notice to members")


def test_missing_directory_is_one_line(run: Run, at_root: None, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "x.md"
    result = run("summary", "ballots/jcp-2011.yaml", "-o", str(out), expect=2)
    assert result.stderr.strip() == f"{out}: directory '{out.parent}' does not exist"


def _refuses_writes(directory: Path) -> bool:
    probe = directory / ".ballotcalc-probe"
    try:
        probe.write_text("")
    except OSError:
        return True
    probe.unlink()
    return False


def test_read_only_directory(run: Run, at_root: None, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.md").write_text("earlier\n", encoding="utf-8")
    locked.chmod(0o555)
    try:
        if _refuses_writes(locked):
            result = run("summary", "ballots/jcp-2011.yaml", "-o", str(locked / "x.md"),
                         "--force", expect=2)  # fmt: skip
            assert result.stderr.strip() == (
                f"{locked / 'x.md'}: cannot write here: permission denied in '{locked}'"
            )
            assert (locked / "x.md").read_text(encoding="utf-8") == "earlier\n"
            return
    finally:
        locked.chmod(0o755)
    # root ignores the mode bits; sysfs refuses new files even to root
    sysfs = Path("/sys")
    if not (sysfs.is_dir() and _refuses_writes(sysfs)):
        pytest.skip("no directory refuses writes to this user (root without a read-only /sys); "
                    "test_write_failure_keeps_the_earlier_file covers the message")  # fmt: skip
    target = sysfs / "ballotcalc-circular.md"
    result = run("summary", "ballots/jcp-2011.yaml", "-o", str(target), expect=2)
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"{target}: cannot write"), line
    assert not target.exists()


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (OSError(28, "No space left on device"), "cannot write: no space left on the device"),
        (PermissionError(13, "Permission denied"), "cannot write here: permission denied in"),
    ],
)
def test_write_failure_keeps_the_earlier_file(
    run: Run, at_root: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    failure: OSError, message: str,
) -> None:  # fmt: skip
    import ballotcalc.output

    out = tmp_path / "circular.md"
    out.write_text("earlier circular\n", encoding="utf-8")
    written: list[int] = []

    def fail_midway(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])  # half the document reaches the temporary file
        written.append(fd)
        raise failure

    monkeypatch.setattr(ballotcalc.output, "_write_all", fail_midway)
    result = run("summary", "ballots/jcp-2011.yaml", "-o", str(out), "--force", expect=2)
    assert written
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"{out}: {message}")
    assert out.read_text(encoding="utf-8") == "earlier circular\n"
    assert [p.name for p in tmp_path.iterdir()] == ["circular.md"]


def test_nothing_is_written_when_a_ballot_has_an_error(
    run: Run, at_root: None, tmp_path: Path, write: Callable[..., Path]
) -> None:
    bad = write("title: x\nvotes_cast: ten\n", "bad.yaml")
    out = tmp_path / "out.md"
    result = run("summary", "ballots/jcp-2011.yaml", str(bad), "-o", str(out), expect=2)
    assert "votes_cast" in result.stderr and not out.exists()


# --- the library entry points ---------------------------------------------------------------------


def test_library_render_matches_the_command(run: Run, at_root: None) -> None:
    outcome = judge(load_ballot("ballots/illustrative-health-40pct.yaml"))
    assert (
        render_summary([outcome], "text")
        == run("summary", "ballots/illustrative-health-40pct.yaml", "--format", "text").stdout
    )
    assert render_notice([outcome], "html", audience="employer") == run(
        "notice", "ballots/illustrative-health-40pct.yaml", "--to", "employer", "--format",
        "html").stdout  # fmt: skip


@pytest.mark.parametrize("doc", ["summary", "notice"])
def test_a_live_ballot_has_no_document(run: Run, doc: str) -> None:
    args = [doc, str(BALLOTS / "hmrc-2011.yaml")] + (["--to", "members"] if doc == "notice" else [])
    assert "no results yet" in run(*args, expect=2).stderr


# --- ballots with units: the per-unit table, counts and chart --------------------------------------


NAMES = {"strike": "strike action", "asos": "action short of a strike"}


def _narrow(margin: int, base: int) -> bool:
    """A test met with 10 votes or fewer to spare, or within 1 point of its base (issue 20)."""
    return margin >= 0 and (margin <= 10 or 100 * margin <= base)


def _met_by(margin: int, what: str = "vote") -> str:
    if margin == 0:
        return f"met with no {what} to spare"
    return f"met by {margin:,} {what}{'s' if margin != 1 else ''}"


def _units_expected() -> list[dict[str, object]]:
    """Each unit's verdicts worked out here, from the CSV form of the ballot, with the integer
    tests of the law: turnout 2V >= E; majority Y > N; 40% support 5Y >= 2E (health, SI 2017/132);
    and where Y > N but not 2Y > V, at risk (s.297A). Then what each unit lacked, and the tests a
    mandate rests on that were met by a narrow margin."""
    import csv

    path = BALLOTS / "illustrative-nhs-trusts-2022-units.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    expected = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        name, e, v, sy, sn, _ss, ay, an, _as = (
            [row[0]] + [int(c.replace(",", "")) for c in row[1:]]  # type: ignore[misc]
        )
        assert isinstance(e, int) and isinstance(v, int)
        turnout_needed, support_needed = -(-e // 2), -(-2 * e // 5)
        turnout_met = v >= turnout_needed
        verdicts, short, narrow = [], [], []
        if not turnout_met:
            gap = turnout_needed - v
            short.append(f"turnout: {gap:,} vote{'s' if gap != 1 else ''} short")
        for qid, y, n in (("strike", sy, sn), ("asos", ay, an)):
            assert isinstance(y, int) and isinstance(n, int)
            support = y >= support_needed
            if not (turnout_met and y > n and support):
                verdicts.append("no mandate")
            elif 2 * y > v:
                verdicts.append("mandate")
            else:
                verdicts.append("at risk")
            if not support:
                short.append(f"{NAMES[qid]}: {support_needed - y:,} Yes short")
            elif not y > n:
                short.append(f"{NAMES[qid]}: no majority")
            if verdicts[-1] == "mandate":
                tests = [
                    ("turnout", v - turnout_needed, e, "turnout {}"),
                    ("majority", y - n - 1, y + n, f"{NAMES[qid]}: majority {{}}"),
                    ("support", y - support_needed, e, f"{NAMES[qid]}: support {{}}"),
                    ("literal", 2 * y - v - 1, v, f"{NAMES[qid]}: majority of all votes cast {{}}"),
                ]
                for test, margin, base, words in tests:
                    if _narrow(margin, base):
                        met = _met_by(margin, "Yes vote" if test == "support" else "vote")
                        entry = words.format(met) + " (narrow)"
                        if entry not in narrow:
                            narrow.append(entry)
        expected.append(
            {"name": name, "eligible": e, "votes_cast": v, "turnout_met": turnout_met,
             "verdicts": verdicts, "short": short + narrow}
        )  # fmt: skip
    return expected


def _national_picture(expected: list[dict[str, object]], have: str = "have") -> str:
    """The counts sentence, from the verdicts worked out in `_units_expected`: units with a
    mandate for both questions, for action short of a strike only, and for neither."""
    both = sum(1 for u in expected if u["verdicts"] == ["mandate", "mandate"])
    asos = sum(1 for u in expected if u["verdicts"][1] == "mandate" != u["verdicts"][0])  # type: ignore[index]
    none = sum(1 for u in expected if "mandate" not in u["verdicts"])  # type: ignore[operator]
    assert both + asos + none == len(expected)  # no unit has a mandate for strike action alone
    return (
        f"Of the {len(expected)} units, {both} {have} a mandate for strike action and action "
        f"short of a strike; {asos} {have} a mandate for action short of a strike only; {none} "
        f"{have} no mandate."
    )


def test_units_expected_figures_match_the_ballot_notes() -> None:
    """The independent working agrees with the ballot file's own description of its units."""
    units = _units_expected()
    assert len(units) == 14
    assert sum(1 for u in units if u["verdicts"] == ["mandate", "mandate"]) == 6
    shorts = {str(u["name"]).split()[0]: u["short"] for u in units}
    assert shorts["Brampton"] == ["turnout: 1 vote short"]
    assert shorts["Carrow"] == ["turnout: 3 votes short"]
    # Dunmore: 5,610 entitled need 2,244 Yes; asos had 2,300: 56 to spare, within 1% (56.1)
    assert shorts["Dunmore"] == [
        "strike action: 44 Yes short",
        "action short of a strike: support met by 56 Yes votes (narrow)",
    ]
    assert shorts["Kelston"] == ["strike action: 20 Yes short"]
    assert shorts["Fenwick"][0] == "turnout: 360 votes short"
    # Elsworth: 450 of 900 is exactly the 50% needed
    assert shorts["Elsworth"] == ["turnout met with no vote to spare (narrow)"]


@pytest.mark.parametrize(
    "stem", ["illustrative-nhs-trusts-2022", "illustrative-nhs-trusts-2022-csv"]
)
def test_markdown_units_table_matches_the_law(run: Run, at_root: None, stem: str) -> None:
    output = document(run, "summary", f"ballots/{stem}.yaml", "markdown")
    html = markdown_html(output)
    expected = _units_expected()
    assert f"**{_national_picture(expected)}**" in output
    table = re.search(r"<table>\s*<thead>\s*<tr>\s*<th>Unit</th>(.*?)</table>", html, flags=re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), flags=re.S)
    cells = [[html_text(c)[0].strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)]
             for r in rows]  # fmt: skip
    assert len(cells) == len(expected) + 1  # and the totals row
    for got, unit in zip(cells, expected, strict=False):
        assert got[0] == unit["name"]
        assert got[1] == f"{unit['eligible']:,}" and got[2] == f"{unit['votes_cast']:,}"
        assert got[4:6] == unit["verdicts"]
        assert got[6] == "; ".join(unit["short"])  # type: ignore[arg-type]
    total = cells[-1]
    assert total[1] == f"{sum(int(u['eligible']) for u in expected):,}"  # type: ignore[call-overload]
    assert total[2] == f"{sum(int(u['votes_cast']) for u in expected):,}"  # type: ignore[call-overload]
    strike_pass = sum(1 for u in expected if u["verdicts"][0] == "mandate")  # type: ignore[index]
    assert total[4] == f"{strike_pass} mandate"


def test_text_units_lines_are_aligned_and_complete(run: Run, at_root: None) -> None:
    output = document(run, "summary", f"ballots/{UNITS_GOLDEN}.yaml", "text")
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Unit "))
    turnout_end = lines[header].index("Turnout") + len("Turnout")
    for unit in _units_expected():
        name = str(unit["name"])
        at = next(i for i in range(header, len(lines)) if lines[i].strip().startswith(name))
        figures = lines[at] if f"{unit['votes_cast']:,}" in lines[at] else lines[at + 1]
        # the turnout column ends where its header ends
        assert figures[turnout_end - 1] == "%", figures
        verdicts = re.findall(r"no mandate|mandate|at risk", figures[turnout_end:])
        assert verdicts[:2] == unit["verdicts"], figures
        for s in unit["short"]:  # type: ignore[attr-defined]
            assert s in figures
        assert not figures.endswith(" ")


def test_html_units_table_and_turnout_chart(run: Run, at_root: None) -> None:
    output = document(run, "summary", f"ballots/{UNITS_GOLDEN}.yaml", "html")
    expected = _units_expected()
    text = re.sub(r"\s+", " ", html_text(output)[0])
    assert _national_picture(expected) in text
    chart = re.search(r'<svg class="chart"(.*?)</svg>', output, flags=re.S)
    assert chart is not None
    svg = chart.group(1)
    bars = re.findall(r'<rect class="(met|missed|untested)" x="([\d.]+)" y="\d+" '
                      r'width="([\d.]+)"', svg)  # fmt: skip
    track = re.search(r'<rect class="track" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    line = re.search(r'<line class="threshold" x1="([\d.]+)"', svg)
    assert track is not None and line is not None
    start, full = float(track.group(1)), float(track.group(2))
    threshold = float(line.group(1))
    assert abs(threshold - (start + full / 2)) < 0.01  # the 50% line (s.226(2)(a)(iia))
    assert len(bars) == len(expected)
    for (css, x, width), unit in zip(bars, expected, strict=True):
        assert float(x) == start
        assert css == ("met" if unit["turnout_met"] else "missed")
        exact = full * int(unit["votes_cast"]) / int(unit["eligible"])  # type: ignore[call-overload]
        assert abs(float(width) - exact) <= 0.01
        end = start + float(width)
        # a unit one vote short is drawn short of the line; a unit that met it reaches it
        assert (end >= threshold) == unit["turnout_met"], unit["name"]
    import html

    titles = [html.unescape(t) for t in re.findall(r"<title>(.*?)</title>", svg)]
    for unit in expected:
        assert any(t.startswith(f"{unit['name']}: turnout") for t in titles), unit["name"]


def test_aggregated_ballot_shows_units_for_information_only(
    run: Run, write: Callable[..., Path]
) -> None:
    text = (BALLOTS / f"{UNITS_GOLDEN}.yaml").read_text(encoding="utf-8")
    path = write(text.replace("aggregation: separate", "aggregation: aggregate"))
    for fmt in SUFFIX:
        out = readable(fmt, document(run, "summary", str(path), fmt))
        assert "for information only" in out
        assert _national_picture(_units_expected(), "would have") in out
        assert "Brampton Community Health NHS Trust" in out


def test_hostile_unit_names_in_the_units_table(run: Run, write: Callable[..., Path]) -> None:
    ballot = f"""\
title: Units
opened: 2023-01-09
closed: 2023-02-06
questions:
  - {{id: strike, type: strike}}
units:
  - name: '{HOSTILE}'
    eligible: 10
    votes_cast: 6
    results: {{strike: {{yes: 5, no: 1}}}}
  - name: "Plain \\e[31m\\u202e"
    eligible: 10
    votes_cast: 4
    results: {{strike: {{yes: 3, no: 1}}}}
"""
    path = str(write(ballot))
    for fmt in SUFFIX:
        output = document(run, "summary", path, fmt)
        assert "\x1b" not in output and "\u202e" not in output
        if fmt == "html":
            text, tags = html_text(output)
        elif fmt == "markdown":
            html = markdown_html(output)
            text, tags = html_text(html)
            table = html[html.index("<th>Unit</th>") :]
            table = table[: table.index("</table>")]
            for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
                assert len(re.findall(r"<t[hd]", row)) == 6  # unit, E, V, turnout, strike, short
        else:
            text, tags = output, []
        assert "script" not in tags and "a" not in tags
        assert HOSTILE in text
        assert "Of the 2 units, 1 has a mandate for strike action; 1 has no mandate." in " ".join(
            text.split()
        )


# --- a national ballot: the picture first, details optional ---------------------------------------


def _passes(e: int, v: int, y: int, n: int) -> bool:
    """A mandate under gb-tua-2016 in an important public service, from the integer tests."""
    return 2 * v >= e and y > n and 5 * y >= 2 * e and 2 * y > v


def national_ballot(units: int) -> tuple[str, list[tuple[str, str]]]:
    """A generated ballot of `units` NHS employers (health: the 40% test applies, SI 2017/132),
    cycling through four outcomes, and each unit's expected outcome worked out here with the
    integer tests: turnout 2V >= E, majority Y > N, support 5Y >= 2E, and 2Y > V (s.297A).

    Outcomes: "both" (a mandate for both questions), "asos" (strike misses 40% by 5 Yes), "none"
    (turnout 3 votes short), and "both" again with the turnout met by 2 votes (a narrow margin)."""
    lines = [
        "title: Generated national ballot",
        "union: Test Union",
        "opened: 2023-01-09",
        "closed: 2023-02-06",
        "important_public_service: health",
        "aggregation: separate",
        "questions:",
        "  - {id: strike, type: strike}",
        "  - {id: asos, type: asos}",
        "units:",
    ]
    expected = []
    for i in range(units):
        e = 1_000 + 10 * i
        kind = i % 4
        v = {0: e * 6 // 10, 1: e * 6 // 10, 2: -(-e // 2) - 3, 3: -(-e // 2) + 2}[kind]
        sy = (-(-2 * e // 5) - 5) if kind == 1 else v - 40
        sn, ss = v - sy - 2, 2
        ay, an, asp = v - 20, 18, 2
        lines.append(
            f"  - {{name: 'Employer {i + 1:02d}', eligible: {e}, votes_cast: {v}, results: "
            f"{{strike: {{yes: {sy}, no: {sn}, spoiled: {ss}}}, "
            f"asos: {{yes: {ay}, no: {an}, spoiled: {asp}}}}}}}"
        )
        got = (_passes(e, v, sy, sn), _passes(e, v, ay, an))
        outcome = {(True, True): "both", (False, True): "asos", (False, False): "none"}[got]
        assert outcome == {0: "both", 1: "asos", 2: "none", 3: "both"}[kind]
        expected.append((f"Employer {i + 1:02d}", outcome))
    return "\n".join(lines) + "\n", expected


def test_national_picture_of_40_units_names_each_unit_once_by_outcome(
    run: Run, write: Callable[..., Path]
) -> None:
    text, expected = national_ballot(40)
    path = str(write(text))
    both = [n for n, o in expected if o == "both"]
    asos = [n for n, o in expected if o == "asos"]
    none = [n for n, o in expected if o == "none"]
    output = document(run, "summary", path, "markdown")
    assert (
        f"**Of the 40 units, {len(both)} have a mandate for strike action and action short of a "
        f"strike; {len(asos)} have a mandate for action short of a strike only; {len(none)} have "
        "no mandate.**"
    ) in output
    assert (
        f"**A mandate for strike action and action short of a strike ({len(both)}):** "
        f"{'; '.join(both)}." in output
    )
    assert f"**A mandate for action short of a strike only ({len(asos)}):** {'; '.join(asos)}." in (
        output
    )
    assert f"**No mandate ({len(none)}):** {'; '.join(none)}." in output
    # the picture comes before the table, and each unit's own section is left out above 20 units
    assert output.index("**Of the 40 units") < output.index("| Unit |")
    assert "## Employer 01" not in output
    assert "ask for it with --details" in output
    # with --details every unit has its section, the picture still first
    detailed = document(run, "summary", path, "markdown", "--details")
    for name, _ in expected:
        assert f"## {name}\n" in detailed
    assert detailed.index("**Of the 40 units") < detailed.index("## Employer 01")
    # every fourth unit met the turnout by 2 votes: flagged in the table, not a plain pass
    for name, _ in expected[3::4]:
        row = next(line for line in output.splitlines() if line.startswith(f"| {name} |"))
        assert row.endswith("| turnout met by 2 votes (narrow) |"), row


def test_no_details_leaves_out_each_units_section(run: Run, at_root: None) -> None:
    ballot = f"ballots/{UNITS_GOLDEN}.yaml"
    for fmt in SUFFIX:
        full = readable(fmt, document(run, "summary", ballot, fmt))
        short = readable(fmt, document(run, "summary", ballot, fmt, "--no-details"))
        # Ashby's strike question: 1,263 Yes, 131 No (its own section only)
        assert "1,263" in full and "1,263" not in short, fmt
        assert "Ashby Hospitals NHS Trust" in short, fmt  # still named in the picture and table


def test_every_circular_starts_with_its_verdict(run: Run, at_root: None) -> None:
    """The first sentence of every shipped single ballot's circular says whether there is a
    mandate (and for what) or which action cannot be called, before any Yes share."""
    for stem in GOLDEN_BALLOTS:
        for fmt in SUFFIX:
            first = first_sentence(fmt, document(run, "summary", f"ballots/{stem}.yaml", fmt))
            assert first.startswith(("There is a mandate for ", "Strike action cannot be")), (
                stem,
                fmt,
                first,
            )
            assert "voted Yes" not in first, (stem, first)
            assert "asos" not in first and "strike:" not in first


def test_a_narrow_turnout_is_flagged_in_the_headline(run: Run, write: Callable[..., Path]) -> None:
    # 10,000 entitled: 5,000 needed; 5,003 cast is 3 to spare (within 10 votes): a narrow margin
    path = ballot(write, votes=5_003, yes=4_000, no=1_000, spoiled=3)
    for fmt in SUFFIX:
        output = document(run, "summary", path, fmt)
        assert first_sentence(fmt, output) == "There is a mandate for strike action.", fmt
        assert "A narrow margin: the turnout threshold was met by 3 votes." in readable(fmt, output)
    # 5,011 cast is 11 to spare: more than 10 votes but within 1% of the 10,000 entitled (100):
    # still narrow; 5,101 is 101 to spare, neither: not flagged
    wide = ballot(write, "wide.yaml", votes=5_101, yes=4_000, no=1_098, spoiled=3)
    assert "narrow margin" not in document(run, "summary", wide, "markdown")
    near = ballot(write, "near.yaml", votes=5_011, yes=4_000, no=1_008, spoiled=3)
    assert "the turnout threshold was met by 11 votes" in readable(
        "text", document(run, "summary", near, "text")
    )


# --- group_by: roll-ups per group, information only -----------------------------------------------

GROUPED = """\
title: Grouped
opened: 2023-01-09
closed: 2023-02-06
group_by: region
questions:
  - {id: strike, type: strike}
units:
  - {name: A, group: North, eligible: 100, votes_cast: 60, results: {strike: {yes: 50, no: 10}}}
  - {name: B, group: South, eligible: 100, votes_cast: 40, results: {strike: {yes: 30, no: 10}}}
  - {name: C, group: North, eligible: 200, votes_cast: 90, results: {strike: {yes: 80, no: 10}}}
"""


def test_group_by_rolls_up_each_group_for_information_only(
    run: Run, write: Callable[..., Path]
) -> None:
    # gb-tua-2016, no important public service: turnout 2V >= E and Y > N. A: 120 >= 100, pass;
    # B: 80 < 100, fail; C: 180 < 200, fail. North = A + C: 1 mandate, 1 none, 300 entitled,
    # 150 cast (50.0%); South = B: 0 and 1, 100 entitled, 40 cast (40.0%).
    output = document(run, "summary", str(write(GROUPED)), "markdown")
    assert "### By region" in output
    assert "For information only: a group's figures are not a legal test" in output
    assert "| Region | Units | A mandate for strike action | No mandate |" in output
    assert "| North | 2 | 1 | 1 | 300 | 150 | 50.0% |" in output
    assert "| South | 1 | 0 | 1 | 100 | 40 | 40.0% |" in output
    text = readable("text", document(run, "summary", str(write(GROUPED)), "text"))
    assert "North (2 units, turnout 50.0%): 1 a mandate for strike action; 1 no mandate" in text
    html = document(run, "summary", str(write(GROUPED)), "html")
    row = re.search(r"<tr><td>North</td>(.*?)</tr>", html)
    assert "<h3>By region</h3>" in html and row is not None
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1)) == [
        "2", "1", "1", "300", "150", "50.0%"
    ]  # fmt: skip


def test_group_column_in_a_units_csv(run: Run, write: Callable[..., Path]) -> None:
    write("name,group,eligible,votes_cast,yes,no\nA,North,100,60,50,10\nB,South,100,40,30,10\n",
          "units.csv")  # fmt: skip
    path = write(
        "title: G\nopened: 2023-01-09\nclosed: 2023-02-06\ngroup_by: sector\n"
        "questions:\n  - {id: strike, type: strike}\nunits_csv: units.csv\n"
    )
    output = document(run, "summary", str(path), "markdown")
    assert "### By sector" in output
    assert "| North | 1 | 1 | 0 | 100 | 60 | 60.0% |" in output


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ("group_by: region\n", "units.1.group", "is required: group_by is 'region'"),
        ("", "units.0.group", "needs group_by at the top of the ballot file"),
    ],
)
def test_group_and_group_by_go_together(
    run: Run, write: Callable[..., Path], change: str, where: str, message: str
) -> None:
    text = GROUPED.replace("group_by: region\n", change)
    if change:
        text = text.replace("group: South, ", "")
    err = run("summary", str(write(text)), expect=2).stderr
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert f": {where}: {message}" in lines[0]


def test_group_by_needs_units(run: Run, write: Callable[..., Path]) -> None:
    path = ballot(write, extra="group_by: region\n")
    err = run("summary", path, expect=2).stderr
    assert "group_by: applies only to a ballot with units" in err
