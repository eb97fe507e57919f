"""What a PDF may read (`render.pdf_fetcher`): `data:` URLs and files in the folder of the union's
own `--template`; never the network, never a file outside that folder.

"Nothing was read" is shown, not assumed: a stylesheet outside the folder would put its words in
the PDF's text if WeasyPrint read it, and an HTTP server on this machine counts the requests it
gets. The tests that print a PDF are skipped, with the reason printed, where WeasyPrint cannot be
imported (as in test_pdf.py); the tests of `check` run everywhere.
"""

from __future__ import annotations

import base64
import http.server
import io
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from ballotcalc.render.pdf_fetcher import Refused, check
from conftest import BALLOTS, Run
from test_pdf import needs_weasyprint, pdf_text

LEAKED = "LEAKEDFROMOUTSIDE"
"""The words a stylesheet outside the template's folder would add to the PDF if it were read."""
INSIDE = "STYLEBESIDETHETEMPLATE"
"""The words the stylesheet beside the template adds: files in the folder are still read."""


def png(width: int, height: int) -> bytes:
    """A tiny red RGB PNG, written by hand (no imaging library in the tests)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))  # fmt: skip


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A template folder with a stylesheet and an image beside the template, and a folder
    beside it (outside) with a stylesheet that must never be read."""
    inside, outside = tmp_path / "template", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (inside / "own.css").write_text(f'body::before {{ content: "{INSIDE}"; }}\n', encoding="utf-8")
    (inside / "logo.png").write_bytes(png(4, 4))
    (outside / "leak.css").write_text(f'body::after {{ content: "{LEAKED}"; }}\n', encoding="utf-8")
    return inside, outside


def template(folder: Path, *links: str, images: tuple[str, ...] = ()) -> Path:
    """A circular template of the union's own with these stylesheets and images."""
    head = "".join(f'<link rel="stylesheet" href="{href}">' for href in links)
    body = "".join(f'<img src="{src}">' for src in images)
    path = folder / "circular.html.j2"
    path.write_text(
        f"<!DOCTYPE html><html><head>{head}</head><body><p>Our own circular</p>{body}"
        "<p>{{ not_legal_advice }}</p></body></html>\n",
        encoding="utf-8",
    )
    return path


def images_on(data: bytes) -> int:
    """How many images the PDF's pages draw (their image XObjects)."""
    from pypdf import PdfReader

    count = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            count += xobject.get_object().get("/Subtype") == "/Image"
    return count


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "warning:" in line]


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - the server's own record, per test (see `server`)

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(f'body::after {{ content: "{LEAKED}"; }}'.encode())

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on this machine that serves a stylesheet and records every request."""
    requests: list[str] = []
    handler = type("Handler", (_Counting,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- check: the rule itself ------------------------------------------------------------------------


def test_data_urls_are_read(tmp_path: Path) -> None:
    url = "data:text/css;base64," + base64.b64encode(b"p { color: red }").decode()
    assert check(url, tmp_path) == url
    assert check(url, None) == url


@pytest.mark.parametrize("url", ["http://example.org/logo.png", "HTTPS://example.org/a.css",
                                 "ftp://example.org/font.woff"])  # fmt: skip
def test_the_network_is_refused(tmp_path: Path, url: str) -> None:
    refused = check(url, tmp_path)
    assert isinstance(refused, Refused) and refused.url == url and "network" in refused.why


def test_a_file_in_the_folder_is_read_by_its_resolved_url(folders: tuple[Path, Path]) -> None:
    inside, _ = folders
    (inside / "css").mkdir()
    (inside / "css" / "more.css").write_text("p {}", encoding="utf-8")
    assert check((inside / "own.css").as_uri(), inside) == (inside / "own.css").resolve().as_uri()
    assert check(inside.as_uri() + "/css/../css/more.css", inside) == (
        (inside / "css" / "more.css").resolve().as_uri()
    )


def test_a_file_outside_the_folder_is_refused(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    for url in ((outside / "leak.css").as_uri(), inside.as_uri() + "/../outside/leak.css",
                "file:///etc/hostname", "file://localhost/etc/hostname"):  # fmt: skip
        refused = check(url, inside)
        assert isinstance(refused, Refused) and "outside the template's folder" in refused.why, url


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_link_in_the_folder_to_a_file_outside_is_refused(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    (inside / "link.css").symlink_to(outside / "leak.css")
    refused = check((inside / "link.css").as_uri(), inside)
    assert isinstance(refused, Refused) and "outside the template's folder" in refused.why


def test_no_template_means_no_file(folders: tuple[Path, Path]) -> None:
    inside, _ = folders
    assert isinstance(check((inside / "own.css").as_uri(), None), Refused)


def test_another_host_a_missing_file_and_other_schemes_are_refused(
    folders: tuple[Path, Path],
) -> None:
    inside, _ = folders
    for url in ("file://fileserver/share/logo.png", (inside / "missing.png").as_uri(),
                "javascript:alert(1)", "gopher://example.org/", "logo.png"):  # fmt: skip
        assert isinstance(check(url, inside), Refused), url


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_folder_is_refused(folders: tuple[Path, Path]) -> None:
    """Opening a FIFO with no writer would block the run for ever."""
    inside, _ = folders
    os.mkfifo(inside / "pipe.css")
    refused = check((inside / "pipe.css").as_uri(), inside)
    assert isinstance(refused, Refused) and "regular file" in refused.why


# --- a PDF from a template of the union's own ------------------------------------------------------


@needs_weasyprint
def test_a_file_outside_the_folder_is_not_read(
    run: Run, tmp_path: Path, folders: tuple[Path, Path]
) -> None:
    inside, outside = folders
    absolute = (outside / "leak.css").as_uri()
    path = template(inside, "own.css", "../outside/leak.css", absolute, images=("logo.png",))
    out = tmp_path / "circular.pdf"
    result = run("summary", str(BALLOTS / "jcp-2011.yaml"), "--template", str(path), "--format",
                 "pdf", "-o", str(out))  # fmt: skip
    text, _, _ = pdf_text(out.read_bytes())
    assert "Our own circular" in text and "not legal advice" in text
    assert LEAKED not in text
    assert INSIDE in text  # the stylesheet beside the template is used
    assert images_on(out.read_bytes()) == 1  # and so is the image
    # `../outside/leak.css` and the absolute URL are one file: one warning, naming it and why
    (warning,) = warnings_in(result.stderr)
    assert warning.startswith(f"{path}: warning: {absolute} ")
    assert "outside the template's folder" in warning and "written without it" in warning


@needs_weasyprint
def test_the_network_is_never_used(
    run: Run, tmp_path: Path, folders: tuple[Path, Path], server: tuple[str, list[str]]
) -> None:
    inside, _ = folders
    address, requests = server
    path = template(inside, f"{address}/style.css", images=(f"{address}/logo.png", "logo.png"))
    out = tmp_path / "circular.pdf"
    result = run("summary", str(BALLOTS / "jcp-2011.yaml"), "--template", str(path), "--format",
                 "pdf", "-o", str(out))  # fmt: skip
    assert requests == []
    text, _, _ = pdf_text(out.read_bytes())
    assert "Our own circular" in text and LEAKED not in text
    assert images_on(out.read_bytes()) == 1  # the local one
    warnings = warnings_in(result.stderr)
    assert len(warnings) == 2
    for url, warning in zip((f"{address}/style.css", f"{address}/logo.png"), warnings, strict=True):
        assert f"warning: {url} was not read: a PDF never fetches from the network" in warning


@needs_weasyprint
def test_a_data_url_is_used(run: Run, tmp_path: Path, folders: tuple[Path, Path]) -> None:
    inside, _ = folders
    image = "data:image/png;base64," + base64.b64encode(png(3, 3)).decode()
    path = template(inside, images=(image,))
    out = tmp_path / "circular.pdf"
    result = run("summary", str(BALLOTS / "jcp-2011.yaml"), "--template", str(path), "--format",
                 "pdf", "-o", str(out))  # fmt: skip
    assert images_on(out.read_bytes()) == 1 and warnings_in(result.stderr) == []


@needs_weasyprint
def test_one_warning_for_many_pdfs(run: Run, tmp_path: Path, folders: tuple[Path, Path]) -> None:
    """The notices of ballot, one PDF per employer: a refused URL is named once, not per file."""
    from test_advance_notices import TWO_EMPLOYERS, WORKFORCE

    inside, outside = folders
    (tmp_path / "workforce.csv").write_text(WORKFORCE, encoding="utf-8")
    ballot = tmp_path / "two.yaml"
    ballot.write_text(TWO_EMPLOYERS, encoding="utf-8")
    own = inside / "advance_notice.html.j2"
    own.write_text(
        f'<html><head><link rel="stylesheet" href="{(outside / "leak.css").as_uri()}"></head>'
        "<body>{% for n in [n] %}<p>Notice to {{ n.employer }}</p>{% endfor %}</body></html>\n",
        encoding="utf-8",
    )
    out = tmp_path / "notices"
    out.mkdir()
    result = run("notice", str(ballot), "--of", "ballot", "--received", "2026-02-20", "--template",
                 str(own), "--format", "pdf", "-o", f"{out}/")  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["North-Trust.pdf", "South-Trust.pdf"]
    for name in ("North-Trust.pdf", "South-Trust.pdf"):
        text, _, _ = pdf_text((out / name).read_bytes())
        assert "Notice to" in text and LEAKED not in text
    assert len(warnings_in(result.stderr)) == 1
