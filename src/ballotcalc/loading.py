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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ballotcalc.errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A national ballot with 200,000 inline units is well under this; anything bigger is a mistake."""

MAX_DEPTH = 32
"""A ballot file nests about five levels deep; this leaves room and still stops stack exhaustion."""

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

# libyaml is much faster on large files; the pure-Python parser gives the same events.
try:
    _FastParser: Any = getattr(importlib.import_module("yaml.cyaml"), "CParser", None)
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _FastParser = None
HAVE_LIBYAML = _FastParser is not None


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded file: its plain data, where each path starts, and the hash of the exact bytes."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(repr=False)
    sha256: str

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


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


def parse_yaml(raw: bytes, display: str, *, pure_python: bool = False) -> Document:
    """Parse YAML bytes with the strict rules in the module docstring."""
    text = decode_text(raw, display)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data, lines = _build(_events(text, pure_python), display)
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
    return Document(file=display, data=data, lines=lines, sha256=digest)


def _events(text: str, pure_python: bool) -> Any:
    parser: Any = _FastParser(text) if HAVE_LIBYAML and not pure_python else _PureParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
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


def plain_scalar(value: str) -> Any:
    """What an unquoted scalar means here: null, true/false, a decimal int or float, else text."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


class _Frame:
    __slots__ = ("container", "key", "key_lines", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_lines: dict[str, int] = {}


def _build(events: Any, file: str) -> tuple[Any, dict[PathKey, int]]:
    lines: dict[PathKey, int] = {}
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    have_root = False

    def fail(message: str, line: int) -> InputError:
        return InputError.single(file, message, line=line)

    def child_path(line: int) -> PathKey:
        """The path the next value will have, recording the line of a new list item."""
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            lines[path] = line
            return path
        assert top.key is not None
        return (*top.path, top.key)

    def attach(value: Any, line: int) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        top = stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        elif top.key is None:
            key = value
            if key in top.key_lines:
                raise fail(
                    f"duplicate key '{key}' (first given on line {top.key_lines[key]})", line
                )
            top.key_lines[key] = line
            top.key = key
            lines[(*top.path, key)] = line
        else:
            top.container[top.key] = value
            top.key = None

    def expecting_key() -> bool:
        return bool(stack) and isinstance(stack[-1].container, dict) and stack[-1].key is None

    for event in events:
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fail("more than one YAML document ('---'); put one ballot in each file", line)
            continue
        if isinstance(event, yaml.AliasEvent):
            raise fail("anchors and aliases (&name, *name) are not allowed in a ballot file", line)
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise fail("anchors and aliases (&name, *name) are not allowed in a ballot file", line)
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag not in (
            None,
            "!",
        ):
            raise fail(f"YAML tags such as '{event.tag}' are not allowed in a ballot file", line)
        if isinstance(event, yaml.ScalarEvent):
            if expecting_key():
                attach(event.value, line)
            else:
                child_path(line)
                attach(plain_scalar(event.value) if event.implicit[0] else event.value, line)
        elif isinstance(event, yaml.CollectionStartEvent):
            if expecting_key():
                raise fail("a key must be a plain name, not a list or mapping", line)
            if len(stack) >= MAX_DEPTH:
                raise fail(
                    f"nested more than {MAX_DEPTH} levels deep; a ballot file never is", line
                )
            path = child_path(line)
            if not path:
                lines[()] = line
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            stack.append(_Frame(container, path))
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = stack.pop()
            attach(frame.container, line)
    if not have_root:
        root = None
    return root, lines
