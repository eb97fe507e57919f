"""Every CSV ballotcalc writes keeps text from running as a spreadsheet formula, and `--bom` makes
a double-clicked file open as UTF-8.

The characters are written here by code point, from OWASP's CSV injection list and ASVS 1.2.10
(= + - @, tab, CR, LF, NUL) and their Unicode lookalikes, not read from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ballotcalc.render.cells import safe_cell
from conftest import ROOT, Run

STARTS = {
    "equals": "=",
    "plus": "+",
    "minus": "-",
    "at": "@",
    "fullwidth-equals": "\uff1d",
    "fullwidth-plus": "\uff0b",
    "fullwidth-minus": "\uff0d",
    "fullwidth-at": "\uff20",
    "small-equals": "\ufe66",
    "small-plus": "\ufe62",
    "small-minus": "\ufe63",
    "minus-sign": "\u2212",
    "tab": "\t",
    "carriage-return": "\r",
    "line-feed": "\n",
    "nul": "\0",
}


@pytest.mark.parametrize("name", sorted(STARTS))
def test_each_formula_start_is_neutralised(name: str) -> None:
    text = STARTS[name] + "6+6"
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "lead", [" ", "  ", "\u00a0", "\u200b", "\ufeff", "\u200e", "\u3000"], ids=repr
)
@pytest.mark.parametrize("start", ["=", "\uff1d", "@"])
def test_formula_behind_spaces_or_invisible_characters(lead: str, start: str) -> None:
    text = f'{lead}{start}HYPERLINK("http://example.invalid")'
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["Leeds", "6+6", "a=b", "Depot North (=1)", "", " Leeds", "\u00c9cole", "2019-01-01", "1/2"],
)
def test_plain_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize(
    ("value", "cell"),
    [(-3, "-3"), (Decimal("-1.50"), "-1.50"), (0, "0"), (True, "true"), (False, "false"),
     (None, "")],
)  # fmt: skip
def test_numbers_and_flags_are_written_as_they_are(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


UNITS_BALLOT = """\
title: {title}
closed: 2011-01-01
units:
  - name: {name}
    votes_cast: 10
    results: {{strike: {{yes: 6, no: 4}}}}
  - name: Leeds
    votes_cast: 10
    results: {{strike: {{yes: 6, no: 4}}}}
questions:
  - {{id: strike, type: strike}}
"""


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


PRINTABLE = sorted(name for name, char in STARTS.items() if char.isprintable())
"""A name or title is stripped and refuses control characters, so only these reach a CSV."""


@pytest.mark.parametrize("name", PRINTABLE)
def test_result_csv_neutralises_unit_names_and_titles(
    run: Run, write: Callable[..., Path], name: str
) -> None:
    text = STARTS[name] + "6+6"
    path = write(UNITS_BALLOT.format(title=json.dumps("T " + text), name=json.dumps(text)))
    rows = _rows(run("result", "--format", "csv", str(path)).stdout)
    assert [r["unit"] for r in rows] == ["'" + text, "Leeds"]
    assert rows[0]["title"] == "T " + text


LIVE_BALLOT = """\
title: {title}
opened: 2023-06-01
closed: 2023-06-30
eligible: 1000
questions:
  - {{id: strike, type: strike}}
"""


@pytest.mark.parametrize("start", ["\uff1d", "\uff0b", "\uff0d", "\uff20", "="])
@pytest.mark.parametrize("command", ["target", "timeline"])
def test_target_and_timeline_csv_neutralise_the_title(
    run: Run, write: Callable[..., Path], start: str, command: str
) -> None:
    title = start + 'HYPERLINK("http://example.invalid")'
    path = write(LIVE_BALLOT.format(title=json.dumps(title)))
    rows = _rows(run(command, "--format", "csv", str(path)).stdout)
    assert rows and all(r["title"] == "'" + title for r in rows)


# --- --bom -----------------------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    "args",
    [
        ["result", "--format", "csv", "ballots/illustrative-nhs-trusts-2022.yaml"],
        ["result", "--format", "csv", "ballots/jcp-2011.yaml", "ballots/pcs-2019-pay.yaml"],
        ["target", "--format", "csv", "ballots/hmrc-2011.yaml"],
        ["timeline", "--format", "csv", "ballots/hmrc-2011.yaml"],
    ],
    ids=" ".join,
)
def test_bom_is_the_only_difference(
    run: Run, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    plain = run(*args).stdout_bytes
    marked = run(*args, "--bom").stdout_bytes
    assert not plain.startswith(BOM)
    assert marked == BOM + plain


def test_bom_keeps_accents_and_fullwidth_signs_as_utf8(
    run: Run, write: Callable[..., Path]
) -> None:
    name = "\u00c9cole \uff1d1"
    path = write(UNITS_BALLOT.format(title="T", name=json.dumps(name)))
    data = run("result", "--format", "csv", "--bom", str(path)).stdout_bytes
    assert data.startswith(BOM)
    rows = _rows(data[len(BOM) :].decode("utf-8"))
    assert rows[0]["unit"] == name
    assert "\u00c9cole".encode() in data  # UTF-8 (C3 89), not a code page


def test_bom_in_a_written_file(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "dates.csv"
    run("timeline", "--format", "csv", "--bom", "ballots/hmrc-2011.yaml", "-o", str(out))
    plain = run("timeline", "--format", "csv", "ballots/hmrc-2011.yaml").stdout_bytes
    assert out.read_bytes() == BOM + plain


@pytest.mark.parametrize(
    "args",
    [
        ["result", "--format", "json", "ballots/jcp-2011.yaml"],
        ["result", "ballots/jcp-2011.yaml"],
        ["target", "--format", "json", "ballots/hmrc-2011.yaml"],
        ["timeline", "--format", "ics", "ballots/hmrc-2011.yaml"],
    ],
    ids=" ".join,
)
def test_bom_with_another_format_is_refused(
    run: Run, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = run(*args, "--bom", expect=2)
    assert "--bom applies only to --format csv" in result.stderr
    assert result.stdout == ""
