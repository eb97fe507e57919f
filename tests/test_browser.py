"""The HTML documents in a real browser: Debian's headless Chromium.

Checks what a reader gets: the headline and the figures are text in the rendered page, the page
loads nothing from the network, and printing gives A4 pages with each ballot starting a new page.
A screenshot is left in tests/artifacts/ (git-ignored) for a person to look at.

Skipped, with the reason printed, where Chromium is not installed (`.ci/run` installs it when it
can: `apt-get install chromium`).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, Run
from forty_employers import TITLE, employers, write_ballot
from test_documents import html_text

ARTIFACTS = ROOT / "tests" / "artifacts"
HANG_GUARD_SECONDS = 180
"""Only to stop a wedged browser from hanging the suite; no assertion is made about time."""

A4_POINTS = (595.28, 841.89)
BALLOTS = ("cwu-royal-mail-2023", "pcs-2019-pay", "illustrative-health-40pct")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def chromium() -> str:
    found = _chromium()
    if found is None:
        pytest.skip("chromium is not installed (apt-get install chromium): browser test skipped")
    return found


def browse(chromium: str, tmp_path: Path, page: Path, *action: str) -> str:
    """Run headless Chromium on a local file with networking features off; return its stdout."""
    profile = tmp_path / "profile"
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", *action, page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, check=False
    )
    assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}"
    return done.stdout


def write_summary(run: Run, out: Path, *stems: str) -> Path:
    run("summary", *(f"ballots/{s}.yaml" for s in stems), "--format", "html", "-o", str(out))
    return out


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_headline_and_figures_are_visible_text(
    chromium: str, run: Run, at_root: None, tmp_path: Path
) -> None:
    page = write_summary(run, tmp_path / "summary.html", *BALLOTS)
    source = page.read_text(encoding="utf-8")
    # nothing that hides text or reaches the network
    for hidden in ("display:none", "display: none", "visibility:hidden", "visibility: hidden"):
        assert hidden not in source
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", source)
    assert "@import" not in source and "url(" not in source

    dom = browse(chromium, tmp_path, page, "--dump-dom")
    text = re.sub(r"\s+", " ", html_text(dom)[0])
    assert dom.count("<article") == 3
    # CWU 2023 (published: 95.9% on a 77.3% turnout)
    assert (
        "There is a mandate for strike action. 95.9% voted Yes to strike action on a turnout of 77.3%."
        in text
    )
    assert "111,670" in text and "86,349" in text and "82,792" in text and "3,517" in text
    # PCS 2019: 124,710 entitled, 59,452 cast, 62,355 needed: 2,903 short
    assert (
        "Strike action cannot be called on this ballot: the turnout of 47.7% fell 2,903 votes "
        "short of the 50% turnout threshold." in text
    )
    assert "124,710" in text and "59,452" in text and "46,352" in text
    # the illustrative 40% case
    assert "There is a mandate for action short of a strike, but strike action cannot" in text
    assert "15 more Yes votes were needed" in text

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "summary.png"
    shot.unlink(missing_ok=True)
    browse(chromium, tmp_path, page, "--window-size=900,1800", "--hide-scrollbars",
           f"--screenshot={shot}")  # fmt: skip
    width, height, pixels = _png(shot.read_bytes())
    assert (width, height) == (900, 1800)
    assert len(set(pixels)) > 16, "the screenshot is (nearly) blank"
    print(f"screenshot: {shot}")


def test_units_table_and_turnout_chart_render(
    chromium: str, run: Run, at_root: None, tmp_path: Path
) -> None:
    """The 14-unit ballot: counts, table and chart survive a real browser's parsing."""
    page = write_summary(run, tmp_path / "units.html", "illustrative-nhs-trusts-2022")
    dom = browse(chromium, tmp_path, page, "--dump-dom")
    text = re.sub(r"\s+", " ", html_text(dom)[0])
    # worked out in test_documents._units_expected: 6 both, 3 action short of a strike only, 5 none
    assert (
        "Of the 14 units, 6 have a mandate for strike action and action short of a strike; 3 have "
        "a mandate for action short of a strike only; 5 have no mandate." in text
    )
    # Brampton: 1,150 entitled, 574 cast; 50% needs 575 (2V >= E): 1 vote short
    assert "Brampton Community Health NHS Trust" in text and "turnout: 1 vote short" in text
    chart = re.search(r'<svg class="chart".*?</svg>', dom, flags=re.S)
    assert chart is not None
    assert len(re.findall(r'<rect class="(?:met|missed)"', chart.group())) == 14
    assert len(re.findall(r'<rect class="missed"', chart.group())) == 5
    # each unit's verdict as a shape, not colour alone: 6 both, 3 one question only, 5 none
    assert len(re.findall(r'<circle class="marker full"', chart.group())) == 6
    assert len(re.findall(r'<circle class="marker partial"', chart.group())) == 3
    assert len(re.findall(r'<path class="marker none"', chart.group())) == 5

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "summary-units.png"
    shot.unlink(missing_ok=True)
    browse(chromium, tmp_path, page, "--window-size=1000,1400", "--hide-scrollbars",
           f"--screenshot={shot}")  # fmt: skip
    width, height, pixels = _png(shot.read_bytes())
    assert (width, height) == (1000, 1400)
    assert len(set(pixels)) > 16, "the screenshot is (nearly) blank"
    print(f"screenshot: {shot}")


def test_notice_items_are_visible_text(
    chromium: str, run: Run, at_root: None, tmp_path: Path
) -> None:
    page = tmp_path / "notice.html"
    run("notice", "ballots/rmt-lu-pay-2025.yaml", "--to", "employer", "--format", "html", "-o",
        str(page))  # fmt: skip
    text = re.sub(r"\s+", " ", html_text(browse(chromium, tmp_path, page, "--dump-dom"))[0])
    assert "The number of individuals who were entitled to vote in the ballot: 10,424" in text
    assert "The number of votes cast in the ballot: 6,228" in text
    assert ("The number of votes cast in the ballot is at least 50% of the number of individuals "
            "who were entitled to vote in the ballot.") in text  # fmt: skip


def test_forty_employer_notices_print_each_on_new_pages_naming_its_employer(
    chromium: str, run: Run, tmp_path: Path
) -> None:
    """Separate ballots (s.228), one notice per employer (s.231A), printed together: every notice
    starts a new page, every page names exactly one employer (its own), and each page's footer
    carries the ballot's title and the page number."""
    from pypdf import PdfReader

    ballot = write_ballot(tmp_path)
    page, pdf = tmp_path / "notices.html", tmp_path / "notices.pdf"
    run("notice", str(ballot), "--to", "employer", "--format", "html", "-o", str(page))
    browse(chromium, tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    texts = [p.extract_text() for p in PdfReader(pdf).pages]
    names = [e.name for e in employers()]
    named = [[name for name in names if name in text] for text in texts]
    assert all(len(on_page) == 1 for on_page in named), named
    starts = [i for i, text in enumerate(texts) if "Ballot result: notice to the employer" in text]
    assert [named[i][0] for i in starts] == names
    # a notice's later pages (if any) still belong to the employer its first page names
    owner = [names[sum(1 for s in starts if s <= i) - 1] for i in range(len(texts))]
    assert [on_page[0] for on_page in named] == owner
    squeezed = re.sub(r"\s+", "", TITLE)
    for number, text in enumerate(texts, start=1):
        in_body = 1 if number - 1 in starts else 0  # the "Ballot" line of a notice's first page
        found = re.sub(r"\s+", "", text).count(squeezed)
        assert found == in_body + 1, f"page {number}: no title in the footer"
        assert re.search(rf"Page\s*{number}(?!\d)", text), f"page {number}: no page number"


def test_a_notice_longer_than_a_page_never_splits_an_item(
    chromium: str, run: Run, tmp_path: Path
) -> None:
    """14 long questions make a notice of 45 items over several pages: each item (statement and its
    figure) is whole on one page, and each page has the title and its number in the footer."""
    from pypdf import PdfReader

    wording = (
        "Are you prepared to take part in industrial action of kind {} in the dispute about pay, "
        "hours, staffing levels, pensions, job evaluation, grading, and the terms and conditions "
        "of service of every member employed in the bargaining unit?"
    )
    questions = "".join(
        f"  - {{id: q{i}, type: other, text: '{wording.format(i)}'}}\n" for i in range(1, 15)
    )
    results = "".join(
        f"  q{i}: {{yes: {500 + i}, no: {90 - i}, spoiled: 10}}\n" for i in range(1, 15)
    )
    ballot = tmp_path / "long.yaml"
    ballot.write_text(
        "title: Fourteen questions\nopened: 2024-09-02\nclosed: 2024-09-30\neligible: 1000\n"
        f"votes_cast: 600\nquestions:\n{questions}results:\n{results}",
        encoding="utf-8",
    )
    text = run("notice", str(ballot), "--to", "employer", "--format", "text").stdout
    items = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(items) == 3 + 3 * 14  # s.231(a), (b), (f) once; (c), (d), (e) per question
    page, pdf = tmp_path / "long.html", tmp_path / "long.pdf"
    run("notice", str(ballot), "--to", "employer", "--format", "html", "-o", str(page))
    browse(chromium, tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(pdf).pages]
    assert len(pages) > 1, "the notice was meant to need more than one page"
    for item in items:
        whole = re.sub(r"\s+", "", item)
        assert sum(whole in p for p in pages) == 1, f"split or missing: {item[:60]}"
    for number, squeezed in enumerate(pages, start=1):
        assert f"Page{number}of{len(pages)}" in squeezed
        assert "Fourteenquestions" in squeezed


def test_prints_on_a4_with_each_ballot_on_a_new_page(
    chromium: str, run: Run, at_root: None, tmp_path: Path
) -> None:
    def pages(*stems: str) -> int:
        page = write_summary(run, tmp_path / f"{'+'.join(stems)}.html", *stems)
        pdf = tmp_path / f"{'+'.join(stems)}.pdf"
        browse(chromium, tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        data = pdf.read_bytes()
        for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data):
            assert abs(float(box[0]) - A4_POINTS[0]) < 2 and abs(float(box[1]) - A4_POINTS[1]) < 2
        counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count (\d+)", data)]
        counts = counts or [int(n) for n in re.findall(rb"/Count (\d+)", data)]
        assert counts, "no page count found in the PDF"
        return max(counts)

    alone = [pages(stem) for stem in BALLOTS]
    together = pages(*BALLOTS)
    # a page break after each ballot: together they take exactly the pages they take apart
    assert together == sum(alone), (together, alone)


def _png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (enough to tell it is not blank)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, width, height, idat = 8, 0, 0, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return width, height, zlib.decompress(idat)


def _print_pdf(chromium: str, tmp_path: Path, page: Path) -> list[str]:
    """Print `page` to A4 in headless Chromium and read each page's text back (pypdf)."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install '.[test]')")
    pdf = page.with_suffix(".pdf")
    browse(chromium, tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    reader = pypdf.PdfReader(str(pdf))
    return [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader.pages]


def test_printed_units_stay_whole_and_name_their_unit(
    chromium: str, run: Run, at_root: None, tmp_path: Path
) -> None:
    """Issue 20: printed, every unit was split across two pages, its verdict table at the top of
    the next page with no name on it. Each page that holds a unit's figures must name the unit,
    and (each section being shorter than a page) hold all of them; the footer gives the title and
    the page number."""
    from ballotcalc.judging import load_ballot

    ballot = load_ballot(ROOT / "ballots/illustrative-nhs-trusts-2022.yaml").ballot
    assert ballot.units is not None
    page = write_summary(run, tmp_path / "nhs.html", "illustrative-nhs-trusts-2022")
    pages = _print_pdf(chromium, tmp_path, page)
    for unit in ballot.units:
        rows = [  # each question's row of the unit's own table: Yes, No, spoiled
            f"{r.yes:,} {r.no:,} {r.spoiled:,} " for r in unit.results.values()
        ]
        holding = [i for i, text in enumerate(pages) if any(row in text for row in rows)]
        assert holding, f"{unit.name}'s figures are on no page"
        for i in holding:
            assert unit.name in pages[i], f"page {i + 1} has {unit.name}'s figures, not its name"
        assert len(holding) == 1, f"{unit.name} is split over pages {holding}"
        # the whole section on that page: its heading and both its tables' heads name the unit
        assert pages[holding[0]].count(unit.name) >= 3, f"{unit.name}'s section is split"
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text, (number, text[:200])
        assert "Nurses" in text and "14 NHS employers" in text, number  # the title, in the footer


def test_a_40_unit_summary_prints_on_a_few_pages(chromium: str, run: Run, tmp_path: Path) -> None:
    from test_documents import national_ballot

    text, expected = national_ballot(40)
    source = tmp_path / "national.yaml"
    source.write_text(text, encoding="utf-8")
    page = tmp_path / "national.html"
    run("summary", str(source), "--format", "html", "-o", str(page))
    pages = _print_pdf(chromium, tmp_path, page)
    assert len(pages) <= 4, len(pages)
    # the picture comes first: the counts sentence is on page 1, every unit is named somewhere
    assert "Of the 40 units" in pages[0]
    whole = " ".join(pages)
    for name, _ in expected:
        assert name in whole
