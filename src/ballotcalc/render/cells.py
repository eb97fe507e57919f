"""CSV cells a spreadsheet shows as text and never runs: the one neutraliser every CSV goes through.

A unit name, ballot title or file name comes from a file someone else may have written, and a
CSV ballotcalc writes is opened by double-click in Excel, LibreOffice Calc or Google Sheets. A
cell those programs read as a formula (`=HYPERLINK(...)`, `=cmd|'/c calc'!A1`, `@SUM(...)`) runs
on the officer's machine (CWE-1236, "CSV injection"). So a text cell whose first significant
character could start a formula gets a leading apostrophe, as OWASP and CWE-1236 advise:

* the ASCII starts: `=`, `+`, `-`, `@`;
* their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheets and input
  methods (East Asian locales) treat as the ASCII ones; the small forms (U+FE66, U+FE62, U+FE63),
  which Unicode compatibility folding (NFKC) turns into them; and the minus sign (U+2212);
* a cell that starts with a tab, carriage return, line feed or NUL (OWASP and OWASP ASVS 1.2.10
  list these: a program that trims them finds the formula behind);
* any of the above behind leading white space or invisible format characters (zero-width space,
  byte-order mark, bidirectional marks), which some programs skip before looking for a formula.

Numbers, booleans and empty cells are written as they are: they never start a formula (a
negative number is a number), and scripts read them as numbers. The apostrophe is visible in a
spreadsheet and in the data a script reads: that is the price of a cell that cannot run.
"""

from __future__ import annotations

import unicodedata
from typing import Any

FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212")
"""First characters that a spreadsheet may read as the start of a formula."""

CONTROL_STARTS = frozenset("\t\r\n\0")
"""First characters that are neutralised whatever follows them."""

TEXT_PREFIX = "'"

UTF8_BOM = "\ufeff"
"""Written first with `--bom`, so Excel reads the CSV as UTF-8 rather than the local code page."""


def csv_bytes(text: str, *, bom: bool) -> bytes:
    """A CSV as UTF-8 bytes, with the byte-order mark first if `bom`: bytes, so the mark is
    followed by UTF-8 whatever the terminal's encoding."""
    return ((UTF8_BOM if bom else "") + text).encode("utf-8")


def safe_cell(value: Any) -> str:
    """A CSV cell: text a spreadsheet shows as text and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):  # a list in JSON is its items, space-separated, in CSV
        return safe_cell(" ".join(map(str, value)))
    text = str(value)
    if isinstance(value, str) and could_run(text):
        return TEXT_PREFIX + text
    return text


def could_run(text: str) -> bool:
    """True if a spreadsheet might read `text` as a formula (see the module docstring)."""
    if not text or text[0].isalnum():  # the usual cell: a name, an id, a number
        return False
    if text[0] in CONTROL_STARTS:
        return True
    for char in text:
        if char in FORMULA_STARTS:
            return True
        if not (char.isspace() or unicodedata.category(char) == "Cf"):
            return False
    return False
