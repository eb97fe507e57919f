"""Options shared by the document commands (`summary`, `notice`): format, output, template."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ballotcalc.render.formats import DocumentFormat, choices

F = TypeVar("F", bound=Callable[..., Any])

_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
             ".html": "html", ".htm": "html"}  # fmt: skip


def document_options(func: F) -> F:
    """--format, -o/--output, --force, --template."""
    func = click.option(
        "--template",
        type=click.Path(exists=True, dir_okay=False, path_type=str),
        help="Your own Jinja2 template instead of the shipped one. Its escaping follows --format "
        "(or the template's name, e.g. circular.html.j2).",
    )(func)
    func = click.option("--force", is_flag=True, help="Replace the -o file if it exists.")(func)
    func = click.option(
        "-o",
        "--output",
        metavar="PATH",
        help="Write to PATH (whole or not at all) instead of stdout; '-' means stdout.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(choices(DocumentFormat)),
        default=None,
        help="markdown (default), text, or html (one standalone file, printable on A4).",
    )(func)
    return func


def format_for(fmt: str | None, template: str | None) -> str:
    """--format if given; else the format a --template's name implies; else markdown."""
    if fmt is not None:
        return fmt
    if template is not None:
        suffixes = Path(template).suffixes
        if suffixes and suffixes[-1] == ".j2":
            suffixes = suffixes[:-1]
        if suffixes and suffixes[-1].lower() in _SUFFIXES:
            return _SUFFIXES[suffixes[-1].lower()]
    return "markdown"
