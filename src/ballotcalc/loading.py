"""Bytes to plain data, refusing everything in YAML that can silently change a ballot's figures.

PyYAML's own loaders follow YAML 1.1, where `yes:` and `no:` are booleans, `0123` is octal 83,
`1:20` is 80, and a second `yes:` key quietly replaces the first. In a ballot file each of those
loses or invents votes. So this module builds plain data directly from the parser's event stream
(libyaml's C parser where it is installed, PyYAML's pure-Python one otherwise) with rules of its own:

* only `true`/`false` are booleans and only `null`/`~`/empty are null; every other plain scalar that is
  not a plain decimal number stays a string, so `yes`, `0123`, `1_000` and `1:20` reach validation
  as text and are rejected there with a message, never reinterpreted;
* mapping keys are always strings, and a duplicate key is an error naming both lines;
* anchors, aliases and explicit tags are refused (they are how alias bombs and object tags get in);
* nesting deeper than a ballot ever needs is refused before it can exhaust the stack;
* every key and list item is recorded with its line, so validation errors can say `FILE:LINE`.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ballotcalc.errors import InputError
from ballotcalc.yaml_scalars import plain_scalar
from ballotcalc.yaml_subset import read_subset

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A national ballot with 200,000 inline units is well under this; anything bigger is a mistake."""

MAX_DEPTH = 32
"""A ballot file nests about five levels deep; this leaves room and still stops stack exhaustion."""

PathKey = tuple[str | int, ...]


# libyaml is much faster on large files; the pure-Python parser gives the same events.
try:
    _FastParser: Any = getattr(importlib.import_module("yaml.cyaml"), "CParser", None)
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _FastParser = None
HAVE_LIBYAML = _FastParser is not None


LineTree = dict[Any, Any] | list[Any]
"""Where each key or item of one mapping or list was written, by key or index: a line number, or
`(line, LineTree)` for a value that is itself a mapping or list. It mirrors the data, so a national
ballot's 200,000 units cost one small dict or list per container, not a tuple per path."""


class LineIndex:
    """Where each key and list item of a document starts: the root's line and its `LineTree`.

    The fast reader (`yaml_subset`) records no lines, since they are only needed to report a
    problem. For a document it read, the text is kept instead and read again by the strict loader
    the first time a line is asked for.
    """

    __slots__ = ("_root", "_text")

    def __init__(self, root: tuple[int, LineTree] | None, text: str | None = None) -> None:
        self._root = root
        self._text = text

    def root(self) -> tuple[int, LineTree] | None:
        """The line the top-level mapping or list starts on, and its tree (None: no container)."""
        if self._text is not None:
            text, self._text = self._text, None
            try:
                _, self._root = _build(_events(text, pure_python=False), "")
            except (
                InputError,
                yaml.YAMLError,
            ):  # pragma: no cover - the fast reader declines these
                self._root = None
        return self._root


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded file: its plain data, where each key and item starts, and the hash of the bytes."""

    file: str
    data: Any
    lines: LineIndex = field(repr=False)
    sha256: str

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        root = self.lines.root()
        if root is None:
            return None
        line, tree = root
        for part in path:
            if isinstance(tree, dict):
                entry = tree.get(part)
            elif isinstance(part, int) and 0 <= part < len(tree):
                entry = tree[part]
            else:
                entry = None
            if entry is None:
                break
            if isinstance(entry, int):  # a scalar: nothing is below it
                return entry
            line, tree = entry
        return line


def read_bytes(path: Path, display: str) -> bytes:
    """Read a whole input file, refusing directories, unreadable files and files over the cap."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError.single(
                display, f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed"
            )
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError.single(display, "no such file") from None
    except IsADirectoryError:
        raise InputError.single(display, "is a directory, not a ballot file") from None
    except PermissionError:
        raise InputError.single(display, "permission denied") from None
    except OSError as exc:
        raise InputError.single(display, f"cannot be read ({exc.strerror or exc})") from None


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 text (a leading byte-order mark is allowed and dropped), or an error naming the byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise InputError.single(display, f"file is more than the {MAX_FILE_BYTES:,} bytes allowed")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.single(
            display,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
            line=line,
        ) from None


def load_yaml_file(path: Path, display: str | None = None) -> Document:
    """Read and parse a YAML file into a `Document` (never a traceback: InputError or a result)."""
    name = display if display is not None else str(path)
    raw = read_bytes(path, name)
    return parse_yaml(raw, name)


def parse_yaml(
    raw: bytes, display: str, *, pure_python: bool = False, strict_only: bool = False
) -> Document:
    """Parse YAML bytes with the strict rules in the module docstring.

    Text in the plain subset that ballot files are written in is read by the fast reader, which
    gives the same data (see `yaml_subset`); the rest, and every error, by libyaml's parser, or
    PyYAML's pure-Python one if `pure_python` (which, like `strict_only`, skips the fast reader).
    """
    text = decode_text(raw, display)
    digest = hashlib.sha256(raw).hexdigest()
    if not (pure_python or strict_only):
        data = read_subset(text)
        if data is not None:
            return Document(file=display, data=data, lines=LineIndex(None, text), sha256=digest)
    try:
        data, lines = _build(_events(text, pure_python=pure_python), display)
    except yaml.reader.ReaderError as exc:
        raise InputError.single(
            display,
            f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason})"
            if isinstance(exc.character, int)
            else f"invalid YAML: {exc.reason}",
            line=text[: exc.position].count("\n") + 1,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError.single(
            display, f"invalid YAML: {what}", line=mark.line + 1 if mark is not None else None
        ) from None
    except yaml.YAMLError as exc:
        raise InputError.single(display, "invalid YAML: " + " ".join(str(exc).split())) from None
    return Document(file=display, data=data, lines=LineIndex(lines), sha256=digest)


def _events(text: str, *, pure_python: bool) -> Any:
    parser: Any = _FastParser(text) if HAVE_LIBYAML and not pure_python else _PureParser(text)
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            if event is None:
                return
            yield event
            if event.__class__ is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()


class _PureParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser with nothing else mixed in (no composer, no constructor)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)

    def dispose(self) -> None:
        self.states = []
        self.state = None


_SCALAR, _START, _END, _DOCUMENT, _ALIAS, _OTHER = range(6)
_KINDS = {
    yaml.ScalarEvent: _SCALAR,
    yaml.MappingStartEvent: _START,
    yaml.SequenceStartEvent: _START,
    yaml.MappingEndEvent: _END,
    yaml.SequenceEndEvent: _END,
    yaml.DocumentStartEvent: _DOCUMENT,
    yaml.AliasEvent: _ALIAS,
}


def _kind(event: Any) -> int:
    """What an event is for `_build` (by its exact class, else by isinstance)."""
    kind = _KINDS.get(event.__class__)
    if kind is not None:
        return kind
    for cls, kind in _KINDS.items():
        if isinstance(event, cls):
            return kind
    return _OTHER


def _build(events: Any, file: str) -> tuple[Any, tuple[int, LineTree] | None]:
    """Plain data and the `LineTree` of every key and list item, from parser events.

    One flat loop with the open container's state in local variables: a national ballot inline has
    400,000 events, and this loop is most of the loader's own cost on top of libyaml. A mapping's
    key lines double as its duplicate-key check.
    """
    stack: list[tuple[Any, Any, LineTree, int]] = []
    """For each enclosing container: (container, pending key, key lines, line it starts on)."""
    container: Any = None  # the open dict or list; None at the top level
    key: Any = None  # in a dict: the key whose value comes next (None: a key comes next)
    key_lines: Any = None  # the open container's LineTree (a dict for a mapping, else a list)
    opened = 0  # the line the open container starts on
    is_list = False
    root: Any = None
    root_lines: tuple[int, LineTree] | None = None
    documents = 0
    kinds = _KINDS

    def fail(message: str, line: int) -> InputError:
        return InputError.single(file, message, line=line)

    for event in events:
        kind = kinds.get(event.__class__)
        if kind is None:
            kind = _kind(event)
        if kind == _OTHER:
            continue
        mark = event.start_mark
        line = mark.line + 1 if mark is not None else 0
        if kind == _DOCUMENT:
            documents += 1
            if documents > 1:
                raise fail("more than one YAML document ('---'); put one ballot in each file", line)
            continue
        if kind == _ALIAS or (kind != _END and event.anchor is not None):
            raise fail("anchors and aliases (&name, *name) are not allowed in a ballot file", line)
        if kind != _END and event.tag is not None and event.tag != "!":
            raise fail(f"YAML tags such as '{event.tag}' are not allowed in a ballot file", line)
        value: Any
        if kind == _SCALAR:
            if container is not None and not is_list and key is None:  # a mapping key
                value = event.value
                if value in key_lines:
                    first = key_lines[value]
                    first = first if isinstance(first, int) else first[0]
                    raise fail(f"duplicate key '{value}' (first given on line {first})", line)
                key_lines[value] = line
                key = value
                continue
            value = plain_scalar(event.value) if event.implicit[0] else event.value
            where: Any = line
        elif kind == _START:
            if container is not None and not is_list and key is None:
                raise fail("a key must be a plain name, not a list or mapping", line)
            if len(stack) >= MAX_DEPTH:
                raise fail(
                    f"nested more than {MAX_DEPTH} levels deep; a ballot file never is", line
                )
            stack.append((container, key, key_lines, opened))
            is_list = not isinstance(event, yaml.MappingStartEvent)
            container, key_lines = ([], []) if is_list else ({}, {})
            key, opened = None, line
            continue
        else:  # the end of a mapping or sequence: it becomes a value of its parent
            value, where = container, (opened, key_lines)
            container, key, key_lines, opened = stack.pop()
            is_list = isinstance(container, list)
        if container is None:
            root = value
            root_lines = where if kind == _END else None
        elif is_list:
            key_lines.append(where)
            container.append(value)
        else:
            if kind == _END:  # the key's own line, and the lines inside its value
                key_lines[key] = (key_lines[key], where[1])
            container[key] = value
            key = None
    return root, root_lines
