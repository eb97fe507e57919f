"""Any screen (issue 20 item 5): at 40, 60, 80 and 120 columns the result views show every unit's
name and every figure whole. Where a table would not fit whole they are printed as stacked blocks,
one per unit, question or ballot file; a figure is never cut (`6,…`) and a name never dropped.

Expected strings come from the ballot files' own numbers, formatted here with thousands
separators, and percentages worked out here from the integers (half-up, never shown on the passing
side of the threshold they were judged against).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from tests.conftest import BALLOTS, ROOT, Run

from ballotcalc.api import RenderOptions, judge, load_ballot, render
from ballotcalc.render.console import lay_out, text_console

WIDTHS = (40, 60, 80, 120)
ARTIFACTS = ROOT / "tests" / "artifacts"
SINGLE = ["rmt-lu-pay-2025", "pcs-2019-pay", "cwu-royal-mail-2023", "illustrative-health-40pct"]
UNITS = ["illustrative-nhs-trusts-2022"]


def load(stem: str) -> dict[str, Any]:
    """The ballot file as YAML's plain strings (so `yes:` stays a key, not True); figures are
    read with int() where used."""
    text = (BALLOTS / f"{stem}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=yaml.BaseLoader)
    return data


def pct(part: int, whole: int, threshold: Decimal | None = None) -> str:
    """part/whole as a percentage at 2 decimals, half-up, but never rounded up onto a threshold
    the exact share is below (49.996% is shown 49.99%, not 50.00%)."""
    exact = Decimal(part * 100) / Decimal(whole)
    shown = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if threshold is not None and exact < threshold <= shown:
        shown = exact.quantize(Decimal("0.01"), rounding="ROUND_FLOOR")
    return f"{shown}%"


def has_whole(text: str, figure: str) -> bool:
    """`figure` appears as a whole token: no digit, comma or point glued to either side."""
    return re.search(rf"(?<![\d,.]){re.escape(figure)}(?![\d,]|\.\d)", text) is not None


def table(path: Path, width: int) -> str:
    return render([judge(load_ballot(path))], "table", RenderOptions(width=width, decimals=2))


def assert_fits(out: str, width: int) -> None:
    assert "…" not in out  # rich's mark of a cut cell
    for line in out.splitlines():
        assert len(line.rstrip()) <= width, line


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("stem", SINGLE)
def test_single_ballot_figures_are_whole_at_any_width(stem: str, width: int) -> None:
    data = load(stem)
    out = table(BALLOTS / f"{stem}.yaml", width)
    assert_fits(out, width)
    e, v = int(data["eligible"]), int(data["votes_cast"])
    figures = [f"{e:,}", f"{v:,}", pct(v, e, Decimal(50))]
    support = Decimal(40) if "important_public_service" in data else None
    for answers in data["results"].values():
        yes, no, spoiled = (int(answers[k]) for k in ("yes", "no", "spoiled"))
        figures += [f"{yes:,}", f"{no:,}", f"{spoiled:,}", pct(yes, e, support)]
    for figure in figures:
        assert has_whole(out, figure), (figure, out)
    employer = data.get("employer") or data["title"]
    # on one line where the unit's row or block heading has room, else wrapped only at spaces
    assert any(employer in line for line in out.splitlines()) or (
        len(employer) > width - 2 and employer in " ".join(out.split())
    )


def unit_names_in_table(out: str, first: str) -> list[str]:
    """The unit names as the per-unit table or its blocks show them, each put back together,
    from the first line starting with `first` (the first unit's first word).

    Wide: a row starts at the line's first column with the name (wrapped at spaces over the next
    lines, whose first cell holds the rest of it) and its Eligible figure after two or more spaces.
    Stacked: the name is a heading line of its own, its figures indented below.
    """
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first + " "))
    wide = any(line.startswith("Unit ") and "Eligible" in line for line in lines)
    names: list[str] = []
    for line in lines[start:]:
        if re.match(r"^(\d+ of \d+ units|Total)", line.strip()):
            break
        if not line[:1].strip():
            continue
        cells = re.split(r"\s{2,}", line.rstrip())
        if wide and len(cells) > 1 and not re.fullmatch(r"[\d,]+|unknown", cells[1]):
            names[-1] += " " + cells[0]  # the rest of a wrapped name
        elif wide and len(cells) == 1:
            names[-1] += " " + cells[0]
        else:
            names.append(cells[0])
    return names


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("stem", UNITS)
def test_every_unit_name_and_figure_is_whole_at_any_width(stem: str, width: int) -> None:
    data = load(stem)
    out = table(BALLOTS / f"{stem}.yaml", width)
    assert_fits(out, width)
    names = [u["name"] for u in data["units"]]
    assert unit_names_in_table(out, names[0].split()[0]) == names
    for unit in data["units"]:
        e, v = int(unit["eligible"]), int(unit["votes_cast"])
        for figure in (f"{e:,}", f"{v:,}", pct(v, e, Decimal(50))):
            assert has_whole(out, figure), (unit["name"], figure)
    total_e = sum(int(u["eligible"]) for u in data["units"])
    total_v = sum(int(u["votes_cast"]) for u in data["units"])
    assert has_whole(out, f"{total_e:,}") and has_whole(out, f"{total_v:,}")


def test_stacked_below_80_columns_and_a_table_where_it_fits() -> None:
    path = BALLOTS / "illustrative-nhs-trusts-2022.yaml"
    header = re.compile(r"^Unit\s+Eligible\s+Voted", re.M)
    for width in (40, 60, 79):
        assert not header.search(table(path, width))
    assert header.search(table(path, 120))
    single = BALLOTS / "rmt-lu-pay-2025.yaml"
    assert "Question" in table(single, 120) and "Question" not in table(single, 60)
    # each unit's block names it, gives its figures and its decision per question
    blocks = table(path, 60)
    assert "Ashby Hospitals NHS Trust\n  Eligible 2,480 · voted 1,402" in blocks
    assert "  strike: mandate · Yes 1,263 · No 131" in blocks


def test_yes_is_never_cut_at_60_columns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report in issue 20: `COLUMNS=60 ballotcalc result ballots/rmt-lu-pay-2025.yaml`
    showed Yes as `6,…`. COLUMNS sets the width of piped output too."""
    data = load("rmt-lu-pay-2025")
    monkeypatch.setenv("COLUMNS", "60")
    out = run("result", str(BALLOTS / "rmt-lu-pay-2025.yaml")).stdout
    assert_fits(out, 60)
    assert has_whole(out, f"{int(data['results']['strike']['yes']):,}")  # 6,004


@pytest.mark.parametrize("width", WIDTHS)
def test_overview_of_a_directory_keeps_titles_and_results(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("result", str(BALLOTS)).stdout
    assert_fits(out, width)
    lines = out.splitlines()
    header = next((line for line in lines if line.startswith("Closed ")), None)
    if header is None:  # stacked: each title is a heading, wrapped at spaces
        column = " ".join(out.split())
    else:  # the table: read the Ballot column alone, from its header to the Regime header
        left, right = header.index("Ballot"), header.index("Regime")
        column = " ".join(" ".join(line[left:right] for line in lines).split())
    for path in sorted(BALLOTS.glob("*.yaml")):
        title = " ".join(load(path.stem)["title"].split())
        assert title in column, (title, width)
    if header is not None:  # the Result column alone
        column = " ".join(" ".join(line[header.index("Result") :] for line in lines).split())
    assert "strike: mandate in 6/14 units" in column  # the NHS ballot, strike action
    assert "strike: NO MANDATE" in column  # PCS 2019


def test_screenshots_at_60_columns() -> None:
    """SVG screenshots of the result and units views at 60 columns, left in tests/artifacts/
    (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    for stem in ("rmt-lu-pay-2025", "illustrative-nhs-trusts-2022"):
        outcome = judge(load_ballot(BALLOTS / f"{stem}.yaml"))
        ansi = render([outcome], "table", RenderOptions(width=60, color=True))
        console = Console(record=True, width=60, file=io.StringIO(), force_terminal=True)
        console.print(Text.from_ansi(ansi), soft_wrap=True)
        svg = console.export_svg(title=f"ballotcalc result {stem} (60 columns)")
        (ARTIFACTS / f"result-{stem}-60.svg").write_text(svg, encoding="utf-8")
        assert svg.startswith("<svg")


NAMES = ["Ingleby Specialist Orthopaedic Centre", "Brampton Community Health NHS Trust", "Oxley"]
FIGURES = [["1,150", "NO MANDATE"], ["29,985", "at risk"], ["640", "mandate"]]
SHORT = ["turnout: 360 votes", "strike: 108 Yes to spare", ""]


def sample_table() -> Table:
    """Units with long names (wrapping at spaces), figures and decisions that must stay whole
    (`no_wrap`), and a second column that may wrap (the shortfalls)."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0))
    t.add_column("Unit", min_width=16)
    t.add_column("Eligible", justify="right", no_wrap=True)
    t.add_column("strike", no_wrap=True)
    t.add_column("Short")
    for name, figures, short in zip(NAMES, FIGURES, SHORT, strict=True):
        t.add_row(name, *figures, short)
    return t


@pytest.mark.parametrize("width", range(30, 121, 3))
def test_a_table_laid_out_keeps_figures_and_words_whole(width: int) -> None:
    """Whatever the width: either `lay_out` refuses the table, or every figure and decision is
    printed whole on one line and every word of a name or note is unbroken."""
    buffer = io.StringIO()
    console = text_console(buffer, width=width)
    t = sample_table()
    if not lay_out(console, t):
        # the least it needs: the name column's 16, "Eligible", "NO MANDATE", "turnout:", one
        # space of padding after each of the 4 columns and 3 dividers
        assert width < 16 + 8 + 10 + 8 + 4 + 3
        return
    name_width = t.columns[0].width
    assert name_width is not None and name_width >= 16  # the name column's least is kept
    console.print(t)
    out = buffer.getvalue()
    assert_fits(out, width)
    for figures in FIGURES:
        for figure in figures:
            assert any(figure in line for line in out.splitlines()), (figure, out)
    tokens = set(out.split())
    for text in [*NAMES, *SHORT]:
        assert set(text.split()) <= tokens, (text, out)


def test_a_narrow_screen_gets_blocks_even_where_a_table_would_fit(
    write: Callable[..., Path],
) -> None:
    # Two units with one-letter names: their table is under 60 columns wide, yet below 80 columns
    # every per-unit view is blocks, so one width always gives one layout.
    path = write(
        "title: Two depots\nclosed: 2024-05-29\nquestions:\n  - {id: strike, type: strike}\n"
        "units:\n"
        "  - {name: A, eligible: 100, votes_cast: 60, results: {strike: {yes: 50, no: 10, spoiled: 0}}}\n"
        "  - {name: B, eligible: 100, votes_cast: 70, results: {strike: {yes: 60, no: 10, spoiled: 0}}}\n"
    )
    assert re.search(r"^Unit\s+Eligible", table(path, 80), re.M)
    assert not re.search(r"^Unit\s+Eligible", table(path, 79), re.M)
    assert "A\n  Eligible 100 · voted 60" in table(path, 60)


@pytest.mark.parametrize("width", WIDTHS)
def test_mandates_register_keeps_names_and_days_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """`mandates` at any width: every unit named whole, its dates and days left whole. The NHS
    ballot's date is 2022-11-02; a 6-month mandate (s.234) runs to 2023-05-01, so on 2022-12-01
    it has 152 days left counting that day (31 in December, 31 + 28 + 31 + 30 to April, 1 in May)."""
    monkeypatch.setenv("COLUMNS", str(width))
    stem = "illustrative-nhs-trusts-2022"
    out = run("mandates", str(BALLOTS / f"{stem}.yaml"), "--on", "2022-12-01").stdout
    assert_fits(out, width)
    assert 31 + 31 + 28 + 31 + 30 + 1 == 152
    assert has_whole(out, "152") and "2023-05-01" in out
    lines = out.splitlines()
    for unit in load(stem)["units"]:
        name = unit["name"]
        assert any(line.strip() == name for line in lines) or any(
            line.lstrip().startswith(name.split()[0]) for line in lines
        ), name
