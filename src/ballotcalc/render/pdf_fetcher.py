"""What WeasyPrint may read while it prints a PDF: `data:` URLs, and regular files inside the
folder of the union's own `--template`. Nothing else: no network, no file anywhere else.

A union's template is HTML that WeasyPrint follows wherever it points: an `<img src>`, a stylesheet
`<link>`, a CSS `url()` or `@font-face`. WeasyPrint's own fetcher opens any URL: `http://...` (a
request from a machine that holds members' data, and a PDF that changes with the network) or
`file:///etc/...` (a file nobody meant to print, from a template someone else sent). So every URL
is checked here first (`check`). A refused one is recorded (`Refused`) and raised; WeasyPrint
leaves that resource out and carries on, and the command warns about it on stderr. An allowed file
is fetched by the URL of the file as resolved and checked (links followed), never by the URL the
template gave, so what is read is what was checked.

WeasyPrint changed how a fetcher is given: up to 67 it is a function returning a dict (built on
`default_url_fetcher`); from 68 it is a `weasyprint.urls.URLFetcher` (70 accepts nothing else).
`fetcher` builds whichever the installed WeasyPrint has.
"""

from __future__ import annotations

import importlib
import stat
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from msgspec import Struct

NETWORK_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "ws", "wss"})
ALLOWED = "only data: URLs and files in the template's folder are read"


class Refused(Struct, frozen=True):
    """A URL the PDF was printed without, and why it was not read."""

    url: str
    why: str


class RefusedURL(ValueError):
    """Raised to WeasyPrint for a refused URL: it leaves the resource out and goes on."""


def check(url: str, folder: Path | None) -> str | Refused:
    """The URL to fetch for `url` (a file's as resolved), or why it is refused. `folder` is the
    template's folder (None: no template of the user's, so no file may be read)."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        return url
    if scheme in NETWORK_SCHEMES:
        return Refused(url, f"a PDF never fetches from the network ({ALLOWED})")
    if scheme != "file":
        return Refused(url, ALLOWED)
    if folder is None:
        return Refused(url, f"{ALLOWED}, and there is no --template")
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return Refused(url, f"a file on another computer ({ALLOWED})")
    root = folder.resolve()
    try:
        path = Path(url2pathname(parts.path)).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return Refused(url, "not a file name that can be read")
    if not path.is_relative_to(root):
        return Refused(url, f"outside the template's folder {root} ({ALLOWED})")
    try:
        mode = path.stat().st_mode
    except OSError:
        return Refused(url, "no such file in the template's folder")
    if not stat.S_ISREG(mode):  # a FIFO would block the run, a device never end
        return Refused(url, "not a regular file")
    return path.as_uri()


def fetcher(folder: Path | None, refused: list[Refused]) -> Any:
    """A url_fetcher for the installed WeasyPrint that reads only what `check` allows, appending
    each refusal to `refused`."""
    urls = importlib.import_module("weasyprint.urls")

    def checked(url: str) -> str:
        target = check(url, folder)
        if isinstance(target, Refused):
            refused.append(target)
            raise RefusedURL(f"{target.url}: {target.why}")
        return target

    base = getattr(urls, "URLFetcher", None)
    if base is None:  # WeasyPrint 63 to 67: a function giving a dict

        def fetch(url: str) -> Any:
            return urls.default_url_fetcher(checked(url))

        return fetch

    def fetch_method(self: Any, url: str, headers: Any = None) -> Any:
        return base.fetch(self, checked(url), headers)

    local = type("LocalFetcher", (base,), {"fetch": fetch_method})
    return local(allowed_protocols=("data", "file"))
