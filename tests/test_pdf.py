"""`--format pdf` (issue 20 item 4): the HTML document printed by WeasyPrint, read back with pypdf.

Expected figures are read from the ballot files here (yaml.safe_load) and written with a thousands
comma, never taken from what ballotcalc printed. The tests that make a PDF are skipped, with the
reason printed, only where WeasyPrint cannot be imported (not installed, or the Pango library it
loads is missing); .ci/run installs both, so they run in CI. The error for a missing WeasyPrint is
tested everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BALLOTS, ROOT, Run

try:
    import weasyprint  # noqa: F401

    NO_WEASYPRINT = ""
except (ImportError, OSError) as exc:  # OSError: installed, but Pango is missing
    NO_WEASYPRINT = f"WeasyPrint cannot be imported ({type(exc).__name__}: {exc}); " + (
        "pip install 'ballotcalc[pdf]' and the Pango library to run the PDF tests"
    )

needs_weasyprint = pytest.mark.skipif(bool(NO_WEASYPRINT), reason=NO_WEASYPRINT or "-")


def ballot_data(name: str) -> dict[str, Any]:
    """A shipped ballot file as YAML 1.1 strings (BaseLoader: `yes:` stays the key "yes")."""
    data = yaml.load((BALLOTS / name).read_text("utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def n(value: str) -> str:
    """A count from the ballot file as a document writes it: 1,234."""
    return f"{int(value):,}"


def _has_results(data: dict[str, Any]) -> bool:
    """Results for the whole ballot, a units CSV, a survey's responses, or units with results (the
    units of a ballot still open have none)."""
    if {"results", "yes", "units_csv", "responses"} & set(data):
        return True
    return any("results" in unit for unit in data.get("units") or ())


SHIPPED = sorted(p.name for p in BALLOTS.glob("*.yaml") if _has_results(ballot_data(p.name)))
"""Every shipped ballot with results (a live ballot, with returns only, has no document)."""


def pdf_text(data: bytes) -> tuple[str, dict[str, Any], int]:
    """The PDF's text with runs of whitespace as one space, its metadata, its page count."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text), dict(reader.metadata or {}), len(reader.pages)


def squeezed(text: str) -> str:
    """Without any whitespace: a title the PDF wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# --- no WeasyPrint, no -o: one line, exit 2, nothing written ---------------------------------------


def test_without_weasyprint_the_error_names_the_extra(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    out = tmp_path / "summary.pdf"
    result = run("summary", str(BALLOTS / "jcp-2011.yaml"), "--format", "pdf", "-o", str(out),
                 expect=2)  # fmt: skip
    assert result.stderr.count("\n") == 1
    assert "pip install 'ballotcalc[pdf]'" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("summary",), ("notice", "--to", "employer")])
def test_a_pdf_is_never_written_to_a_terminal(run: Run, command: tuple[str, ...]) -> None:
    result = run(*command, str(BALLOTS / "jcp-2011.yaml"), "--format", "pdf", expect=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "-o FILE.pdf" in result.stderr


def test_the_option_comes_before_any_work(run: Run, tmp_path: Path) -> None:
    """Without -o the run stops before reading the ballot (a broken one is not even read)."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [", encoding="utf-8")
    result = run("summary", str(broken), "--format", "pdf", expect=2)
    assert "-o FILE.pdf" in result.stderr and "broken.yaml" not in result.stderr


# --- what the PDF says ------------------------------------------------------------------------------


@needs_weasyprint
def test_the_summary_pdf_has_the_headline_and_the_figures(
    run: Run, at_root: None, tmp_path: Path
) -> None:
    out = tmp_path / "cwu.pdf"
    run("summary", "ballots/cwu-royal-mail-2023.yaml", "--format", "pdf", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text, metadata, _ = pdf_text(data)
    ballot = ballot_data("cwu-royal-mail-2023.yaml")
    assert squeezed(ballot["title"]) in squeezed(text)
    assert metadata["/Title"] == ballot["title"]
    strike = ballot["results"]["strike"]
    for figure in (ballot["eligible"], ballot["votes_cast"], strike["yes"], strike["no"]):
        assert n(figure) in text, figure
    # 2016 Act: turnout at least 50%, and Yes more than No: there is a mandate for strikes
    assert int(ballot["votes_cast"]) * 2 >= int(ballot["eligible"])
    assert int(strike["yes"]) > int(strike["no"])
    # the headline's turnout, worked out here: 86,349 / 111,670 = 77.3%
    turnout = (Fraction(int(ballot["votes_cast"]), int(ballot["eligible"])) * 1000).__round__()
    assert f"turnout of {turnout // 10}.{turnout % 10}%" in text
    assert "There is a mandate for strike action." in text
    assert "not legal advice" in text


@needs_weasyprint
def test_the_employer_notice_pdf_has_every_item(run: Run, at_root: None, tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    run("notice", "--to", "employer", "ballots/pcs-2019-pay.yaml", "--format", "pdf", "-o",
        str(out), "--no-footer")  # fmt: skip
    text, _, _ = pdf_text(out.read_bytes())
    ballot = ballot_data("pcs-2019-pay.yaml")
    counts = ballot.get("results", {"q": ballot})
    assert "Ballot result: notice to the employer" in text
    assert n(ballot["eligible"]) in text and n(ballot["votes_cast"]) in text
    for answers in counts.values():
        assert n(answers["yes"]) in text and n(answers["no"]) in text
    # PCS 2019: turnout under 50%, so the item says it was not met
    assert int(ballot["votes_cast"]) * 2 < int(ballot["eligible"])
    assert "is not at least 50% of the number of individuals who were entitled" in text
    assert "sha256" not in text and "not legal advice" not in text  # --no-footer


@needs_weasyprint
def test_a_letter_pdf(
    run: Run, at_root: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BALLOTCALC_TODAY", "2023-02-20")
    out = tmp_path / "letter.pdf"
    run("summary", "ballots/cwu-royal-mail-2023.yaml", "--profile", "examples/union.toml",
        "--format", "pdf", "-o", str(out))  # fmt: skip
    text, _, _ = pdf_text(out.read_bytes())
    for words in ("Federation of Example Workers", "FEW/2023/cwu-royal-mail-2023",
                  "20 February 2023", "Dear Member", "Yours sincerely", "Alex Sample"):  # fmt: skip
        assert words in text, words


@needs_weasyprint
@pytest.mark.parametrize("name", SHIPPED)
def test_a_pdf_for_every_shipped_ballot(run: Run, at_root: None, tmp_path: Path, name: str) -> None:
    out = tmp_path / "summary.pdf"
    run("summary", f"ballots/{name}", "--format", "pdf", "-o", str(out))
    text, metadata, pages = pdf_text(out.read_bytes())
    title = ballot_data(name)["title"]
    assert pages >= 1
    assert squeezed(title) in squeezed(text)
    assert metadata["/Title"] == title


def test_every_ballot_with_results_is_in_the_list() -> None:
    """The list the PDF test walks is every shipped ballot but the live ones (no results yet)."""
    live = {"hmrc-2011.yaml", "illustrative-nhs-trusts-2022-live.yaml"}
    assert len(SHIPPED) == len(list(BALLOTS.glob("*.yaml"))) - len(live)
    assert not live & set(SHIPPED)


# --- written whole, once, and the same every time ----------------------------------------------


@needs_weasyprint
def test_an_existing_file_is_kept_without_force(run: Run, at_root: None, tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    out.write_bytes(b"earlier")
    result = run("summary", "ballots/jcp-2011.yaml", "--format", "pdf", "-o", str(out), expect=2)
    assert "--force" in result.stderr and out.read_bytes() == b"earlier"
    run("summary", "ballots/jcp-2011.yaml", "--format", "pdf", "-o", str(out), "--force")
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["s.pdf"]  # no temporary file left


@needs_weasyprint
def test_dash_sends_the_pdf_to_a_pipe(run: Run, at_root: None) -> None:
    result = run("summary", "ballots/jcp-2011.yaml", "--format", "pdf", "-o", "-")
    assert result.stdout_bytes.startswith(b"%PDF-")


@needs_weasyprint
def test_the_same_ballot_gives_the_same_bytes(
    run: Run, at_root: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dated by the ballot file's modification time, else SOURCE_DATE_EPOCH; never the clock."""
    ballot = tmp_path / "b.yaml"
    shutil.copyfile(BALLOTS / "jcp-2011.yaml", ballot)
    when = dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    os.utime(ballot, (when.timestamp(), when.timestamp()))
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    run("summary", str(ballot), "--format", "pdf", "-o", str(first))
    run("summary", str(ballot), "--format", "pdf", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    _, metadata, _ = pdf_text(first.read_bytes())
    assert metadata["/CreationDate"].startswith("D:20210304050607")
    assert metadata["/ModDate"].startswith("D:20210304050607")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13T12:26:40Z
    third = tmp_path / "3.pdf"
    run("summary", str(ballot), "--format", "pdf", "-o", str(third))
    _, metadata, _ = pdf_text(third.read_bytes())
    assert metadata["/CreationDate"].startswith("D:20200913122640")
    assert third.read_bytes() != first.read_bytes()


@needs_weasyprint
def test_notices_of_ballot_one_pdf_per_employer(run: Run, tmp_path: Path) -> None:
    from test_advance_notices import TWO_EMPLOYERS, WORKFORCE

    (tmp_path / "workforce.csv").write_text(WORKFORCE, encoding="utf-8")
    ballot = tmp_path / "two.yaml"
    ballot.write_text(TWO_EMPLOYERS, encoding="utf-8")
    out = tmp_path / "notices"
    out.mkdir()
    run("notice", str(ballot), "--of", "ballot", "--received", "2026-02-20", "--format", "pdf",
        "-o", f"{out}/")  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["North-Trust.pdf", "South-Trust.pdf"]
    north, _, _ = pdf_text((out / "North-Trust.pdf").read_bytes())
    # the workforce CSV: North Trust 18 + 12 employees; nothing of South Trust's
    assert "North Trust" in north and f"{18 + 12}" in north and "Midwife" not in north
    result = run("notice", str(ballot), "--of", "ballot", "--received", "2026-02-20", "--format",
                 "pdf", expect=2)  # fmt: skip
    assert "-o FILE.pdf" in result.stderr
