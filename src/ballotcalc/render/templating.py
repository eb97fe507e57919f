"""Jinja2 for documents: one environment per target, escaping user text the way that target needs.

* HTML: autoescape, so `<script>` in a ballot title is shown, never run (and control characters
  are made visible, as in text).
* Markdown: every `{{ value }}` is escaped (`markdown_escape`), so `|` cannot split a table cell,
  `[x](y)` cannot become a link and `<b>` cannot become HTML; the text still reads the same once
  the Markdown is rendered.
* Text: every value goes through `render.wording.printable`, so control characters (terminal
  escapes, bidi overrides) cannot disguise a figure.

Templates use `StrictUndefined`: a misspelt name in a union's own template is an error naming the
template file and line (an `InputError`, exit 2), never a blank where a figure should be.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from ballotcalc._version import __version__
from ballotcalc.errors import InputError
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.formats import DocumentFormat
from ballotcalc.render.wording import printable

if TYPE_CHECKING:
    import jinja2

    from ballotcalc.render.documents import DocumentKind

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_LINE_START = re.compile(r"^([+\-=]|\d+[.)](?=\s|$))")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def markdown_escape(text: str) -> str:
    """User text made inert inside Markdown (tables included), reading the same once rendered."""
    text = _NEWLINES.sub(" ", printable(text))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)


def _finalize_markdown(value: Any) -> Any:
    return markdown_escape(value) if isinstance(value, str) else value


def _finalize_text(value: Any) -> Any:
    return printable(value) if isinstance(value, str) else value


def _finalize_html(value: Any) -> Any:
    """Control characters made visible before autoescaping (markup a template built is kept)."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return printable(value)
    return value


def css_string(text: str, limit: int = 90) -> Any:
    """Text as a quoted CSS string (for a printed page's footer, `@page { content: ... }`): every
    character but ASCII letters, digits and spaces written as a six-digit CSS escape, so nothing in
    it can end the string, the rule or the <style> element (`</style>` becomes escapes too). Cut at
    `limit` characters, so a long title cannot crowd out the page number."""
    import markupsafe

    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    inner = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x}"
        for ch in printable(text)
    )
    return markupsafe.Markup(f'"{inner}"')


def finalizer(fmt: DocumentFormat) -> Callable[[Any], Any]:
    """How every `{{ value }}` is made safe for the target: the format's escaping strategy."""
    match fmt:
        case DocumentFormat.MARKDOWN:
            return _finalize_markdown
        case DocumentFormat.TEXT:
            return _finalize_text
        case DocumentFormat.HTML | DocumentFormat.PDF:
            return _finalize_html
        case _:  # pragma: no cover - mypy proves every member is handled
            assert_never(fmt)


def template_name(kind: DocumentKind, fmt: DocumentFormat) -> str:
    """The shipped template for a document: `summary.md.j2`, `notice.html.j2`, ..."""
    return f"{kind.value}.{fmt.suffix}.j2"


def environment(fmt: DocumentFormat, search: Path | None = None) -> jinja2.Environment:
    """An environment for `fmt`: the user's template folder first (if any), then the shipped."""
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if search is not None:
        loaders.append(jinja2.FileSystemLoader(str(search)))
    loaders.append(jinja2.PackageLoader("ballotcalc.render", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=fmt.source is DocumentFormat.HTML,
        undefined=jinja2.StrictUndefined,
        finalize=finalizer(fmt),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["css_string"] = css_string
    return env


def render_template(
    kind: DocumentKind,
    fmt: DocumentFormat,
    context: dict[str, Any],
    *,
    template: str | None = None,
) -> str:
    """Render a document; a broken template is an `InputError` naming the template and line."""
    import jinja2

    path = None if template is None else Path(template)
    if path is not None:
        from ballotcalc.loading import refuse_special_file

        refuse_special_file(path, str(template))  # a FIFO would block the run
    env = environment(fmt, None if path is None else path.parent.resolve())
    name = template_name(kind, fmt) if path is None else path.name
    shown = template or name
    values = {"version": __version__, "not_legal_advice": NOT_LEGAL_ADVICE, **context}
    try:
        loaded = env.get_template(name)
        text = loaded.render(values)
    except jinja2.TemplateSyntaxError as exc:
        where = _shown_name(exc.filename, path, shown)
        message = f"template syntax error: {exc.message}"
        raise InputError.single(where, message, line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise InputError.single(shown, f"template not found: {exc.name}") from None
    except (jinja2.UndefinedError, jinja2.TemplateRuntimeError, TypeError, ValueError,
            AttributeError, KeyError) as exc:  # fmt: skip
        filename, line = _template_frame(exc)
        where = _shown_name(filename, path, shown)
        raise InputError.single(where, f"template error: {exc}", line=line) from None
    return text if text.endswith("\n") else text + "\n"


def _shown_name(filename: str | None, path: Path | None, shown: str) -> str:
    """The template file as the user named it (or the shipped template's name)."""
    if filename is None:
        return shown
    if path is not None and Path(filename).resolve() == path.resolve():
        return str(path)
    return filename if path is not None else Path(filename).name


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a render error's traceback (Jinja2 rewrites the
    frames of compiled templates to point at the template source)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.endswith(".py"):
            return frame.filename, frame.lineno
    return None, None
