"""A notice per employer (s.231A) and per constituency (s.231) under separate ballots (s.228): each
holds only its own unit's figures and names no other unit; `-o DIR/` writes one file per unit and
nothing else; to stdout each starts on a new page or after a separator; `--unit` picks some; an
aggregated ballot (s.228A) keeps one notice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ballotcalc.commands.per_employer import MARKDOWN_SEPARATOR, TEXT_SEPARATOR
from ballotcalc.output import safe_file_name
from conftest import Run
from forty_employers import Employer, employers, write_ballot
from test_documents import readable

SUFFIX = {"markdown": "md", "text": "txt", "html": "html"}
EMPLOYERS = employers()


def figure_shown(n: int, text: str) -> bool:
    """`n` as a document writes it (1,234), as a whole number, not part of a longer one."""
    return re.search(rf"(?<![\d,]){n:,}(?![\d,])", text) is not None


def assert_only_its_own(text: str, own: Employer) -> None:
    """The notice names `own` and shows its figures; no other unit's name or figure is in it."""
    assert own.name in text
    for figure in own.distinctive:
        assert figure_shown(figure, text), (own.name, figure)
    for other in EMPLOYERS:
        if other is own:
            continue
        assert other.name not in text, (own.name, other.name)
        for figure in other.distinctive:
            assert not figure_shown(figure, text), (own.name, other.name, figure)


@pytest.fixture
def ballot(tmp_path: Path) -> Path:
    return write_ballot(tmp_path)


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("audience", ["employer", "members"])
def test_one_file_per_unit_holding_only_its_own_figures(
    run: Run, ballot: Path, tmp_path: Path, fmt: str, audience: str
) -> None:
    out = tmp_path / "notices"
    out.mkdir()
    run("notice", str(ballot), "--to", audience, "--format", fmt, "-o", f"{out}/")
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"{safe_file_name(e.name)}.{SUFFIX[fmt]}" for e in EMPLOYERS)
    for employer in EMPLOYERS:
        raw = (out / f"{safe_file_name(employer.name)}.{SUFFIX[fmt]}").read_text("utf-8")
        assert_only_its_own(readable(fmt, raw), employer)
        if audience == "employer":
            assert re.search(rf"To:?\s*{re.escape(employer.name)}", readable(fmt, raw))
        assert "not legal advice" in raw


def test_nothing_else_is_written_and_existing_files_are_kept(
    run: Run, ballot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notices"
    out.mkdir()
    first = out / f"{safe_file_name(EMPLOYERS[3].name)}.md"
    first.write_text("sent already\n", encoding="utf-8")
    refused = run("notice", str(ballot), "--to", "employer", "-o", f"{out}/", expect=2)
    assert "already exists; use --force" in refused.stderr
    assert [p.name for p in out.iterdir()] == [first.name]
    assert first.read_text("utf-8") == "sent already\n"


@pytest.mark.parametrize(("fmt", "separator"), [("markdown", MARKDOWN_SEPARATOR),
                                                 ("text", TEXT_SEPARATOR)])  # fmt: skip
def test_to_stdout_each_notice_follows_a_separator(
    run: Run, ballot: Path, fmt: str, separator: str
) -> None:
    out = run("notice", str(ballot), "--to", "employer", "--format", fmt).stdout
    parts = out.split(separator.strip("\n"))
    assert len(parts) == len(EMPLOYERS)
    for part, employer in zip(parts, EMPLOYERS, strict=True):
        assert_only_its_own(readable(fmt, part), employer)


def test_to_stdout_in_html_each_notice_starts_a_new_page(run: Run, ballot: Path) -> None:
    out = run("notice", str(ballot), "--to", "employer", "--format", "html").stdout
    assert out.count("<!DOCTYPE html>") == 1
    articles = out.split('<article class="notice">')[1:]
    assert len(articles) == len(EMPLOYERS)
    for article, employer in zip(articles, EMPLOYERS, strict=True):
        assert_only_its_own(readable("html", article.split("</article>")[0]), employer)
    assert re.search(
        r"article\.notice \+ article\.notice \{ break-before: page; page-break-before: always; \}",
        out,
    )


def test_unit_picks_some_by_exact_name_case_ignored(run: Run, ballot: Path) -> None:
    a, b = EMPLOYERS[7], EMPLOYERS[30]
    out = run("notice", str(ballot), "--to", "employer", "--format", "text",
              "--unit", b.name.upper(), "--unit", a.name).stdout  # fmt: skip
    first, second = out.split(TEXT_SEPARATOR.strip("\n"))
    assert_only_its_own(first, a)  # in the ballot's order, not the order asked
    assert_only_its_own(second, b)


def test_an_unknown_unit_is_refused_with_the_closest_name(run: Run, ballot: Path) -> None:
    wanted = EMPLOYERS[5].name.replace("Services", "Service")
    refused = run("notice", str(ballot), "--to", "employer", "--unit", wanted, expect=2)
    assert refused.stdout == ""
    assert refused.stderr == (
        f"{ballot}: --unit: no unit is named '{wanted}'; did you mean '{EMPLOYERS[5].name}'?\n"
    )


def test_an_aggregated_ballot_keeps_one_notice_of_the_total(run: Run, tmp_path: Path) -> None:
    ballot = write_ballot(tmp_path, aggregation="aggregate")
    out = run("notice", str(ballot), "--to", "employer", "--format", "text").stdout
    total_cast = sum(e.votes_cast for e in EMPLOYERS)
    total_yes = sum(e.yes for e in EMPLOYERS)
    assert out.count("Ballot result: notice to the employer") == 1
    assert figure_shown(total_cast, out) and figure_shown(total_yes, out)
    assert not any(figure_shown(e.yes, out) for e in EMPLOYERS)
    refused = run("notice", str(ballot), "--to", "employer", "--unit", EMPLOYERS[0].name,
                  expect=2)  # fmt: skip
    assert "--unit: has no separate ballots (s.228) to pick from" in refused.stderr


def test_only_the_picked_units_figures_must_add_up(run: Run, tmp_path: Path) -> None:
    ballot = write_ballot(tmp_path)
    csv = tmp_path / "forty-units.csv"
    broken = EMPLOYERS[2]
    text = csv.read_text("utf-8").replace(f'"{broken.no:,}"', f'"{broken.no - 1:,}"', 1)
    csv.write_text(text, "utf-8")
    refused = run("notice", str(ballot), "--to", "employer", expect=2)
    assert "not the" in refused.stderr and "votes cast" in refused.stderr
    run("notice", str(ballot), "--to", "employer", "--unit", EMPLOYERS[3].name)


def test_a_hostile_title_cannot_end_the_style_element_or_the_footer_string(
    run: Run, write: Callable[[str, str], Path]
) -> None:
    ballot = write(
        'title: "Pay \\"2024\\" </style><script>alert(1)</script>"\nopened: 2024-09-02\n'
        "closed: 2024-09-30\nquestion: strike\neligible: 100\nvotes_cast: 60\nyes: 50\nno: 10\n",
        "hostile.yaml",
    )
    html = run("notice", str(ballot), "--to", "employer", "--format", "html").stdout
    assert html.count("</style>") == 1 and "<script>" not in html
    style = html.split("<style>")[1].split("</style>")[0]
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", style)
    assert footer is not None
    assert "<" not in footer.group(1) and "\\00003c" in footer.group(1)


def test_pdf_one_file_per_picked_employer_holding_only_its_own_figures(
    run: Run, ballot: Path, tmp_path: Path
) -> None:
    from test_pdf import NO_WEASYPRINT, pdf_text

    if NO_WEASYPRINT:
        pytest.skip(NO_WEASYPRINT)
    out = tmp_path / "pdf"
    out.mkdir()
    picked = [EMPLOYERS[1], EMPLOYERS[22], EMPLOYERS[39]]
    units = [arg for e in picked for arg in ("--unit", e.name)]
    run("notice", str(ballot), "--to", "employer", "--format", "pdf", "-o", f"{out}/", *units)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{safe_file_name(e.name)}.pdf" for e in picked
    )
    for employer in picked:
        text, _, pages = pdf_text((out / f"{safe_file_name(employer.name)}.pdf").read_bytes())
        assert pages == 1
        assert_only_its_own(text, employer)
        assert re.search(r"Page\s*1\s*of\s*1", text)  # the footer WeasyPrint prints
