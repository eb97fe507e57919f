"""A document as PDF: its HTML rendering printed by WeasyPrint (the optional `pdf` extra).

The PDF is the HTML document exactly (`--format html`, with its A4 print styles), so it says
nothing the HTML does not. WeasyPrint is imported only here, only when a PDF is asked for, and is
optional: `pip install 'ballotcalc[pdf]'` brings it, and it needs the Pango library from the
system (Debian: libpango-1.0-0 and libpangoft2-1.0-0). Without it, the error names the extra.

The same ballot gives the same bytes: WeasyPrint writes no clock time of its own and derives the
file identifier from the content, and the creation and modification dates are `when` (the ballot
file's modification time, or SOURCE_DATE_EPOCH), never the clock.

WeasyPrint reads only what `render.pdf_fetcher` allows: `data:` URLs and files in the folder of
the union's own template (relative URLs resolve against that folder). Anything else is left out of
the PDF and returned as `Printed.refused`, for the command to warn about.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from pathlib import Path
from typing import Any

from msgspec import Struct

from ballotcalc.errors import BallotcalcError
from ballotcalc.render.pdf_fetcher import Refused, fetcher

EXTRA = "pip install 'ballotcalc[pdf]'"


class Printed(Struct, frozen=True):
    """A PDF, and the URLs it was printed without (each once, in the order met)."""

    data: bytes
    refused: tuple[Refused, ...] = ()


def pdf_bytes(html: str, *, when: dt.datetime, folder: Path | None = None) -> Printed:
    """`html` printed to PDF, its metadata dated `when` (an aware time). `folder` is the user's
    template's folder: relative URLs resolve against it, and only files inside it are read."""
    weasyprint = _weasyprint()
    refused: list[Refused] = []
    base_url = None if folder is None else folder.resolve().as_uri() + "/"
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # CSS it does not know (for screens) is not the user's concern
    try:
        source = weasyprint.HTML(
            string=html, base_url=base_url, url_fetcher=fetcher(folder, refused)
        )
        document = source.render()
        document.metadata.created = stamp
        document.metadata.modified = stamp
        data = document.write_pdf()
    finally:
        quiet.setLevel(level)
    if not isinstance(data, bytes):  # pragma: no cover - WeasyPrint returns bytes without a target
        raise TypeError("WeasyPrint gave no bytes")
    return Printed(data, tuple(dict.fromkeys(refused)))


def _weasyprint() -> Any:
    """The weasyprint module, or a one-line error naming the extra (or the system library)."""
    try:
        return importlib.import_module("weasyprint")
    except ImportError:
        raise BallotcalcError(
            f"--format pdf needs WeasyPrint, which is not installed: {EXTRA}"
        ) from None
    except OSError as exc:  # installed, but the Pango library it loads is missing
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BallotcalcError(
            "--format pdf needs WeasyPrint and the Pango library (Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0); WeasyPrint could not load it: {first}"
        ) from None
