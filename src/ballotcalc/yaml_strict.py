"""The YAML reader: plain data and line numbers from libyaml's parser events.

Every ballot file, the shipped regimes table and the `new` command's output are read here, by the
rules in `loading`'s docstring, and every YAML error is reported here, located by line.

libyaml is required, not optional. PyYAML's pure-Python parser is a second parser with its own
edge cases: it reads `{strike:{yes: 1}}`, which libyaml refuses, and refuses a value followed by a
space and a tab, which libyaml reads, so the same ballot could be read on one machine and refused
on another. PyYAML's wheels
ship libyaml for every mainstream platform; a build without it gets one clear line (exit 2) from
`read_strict`, not a quietly different reader.
"""

from __future__ import annotations

import importlib
from typing import Any

import yaml

from ballotcalc.errors import BallotcalcError, InputError
from ballotcalc.yaml_scalars import plain_scalar

MAX_DEPTH = 32
"""A ballot file nests about five levels deep; this leaves room and still stops stack exhaustion."""

LineTree = dict[Any, Any] | list[Any]
"""Where each key or item of one mapping or list was written, by key or index: a line number, or
`(line, LineTree)` for a value that is itself a mapping or list. It mirrors the data, so a national
ballot's 200,000 units cost one small dict or list per container, not a tuple per path."""

try:
    _CParser: Any = getattr(importlib.import_module("yaml.cyaml"), "CParser", None)
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _CParser = None

NO_LIBYAML = (
    "PyYAML was built without libyaml (its C parser), which ballotcalc requires to read YAML the "
    "same way everywhere; reinstall it from a wheel: pip install --force-reinstall --only-binary "
    ":all: pyyaml"
)


def read_strict(text: str, display: str) -> tuple[Any, tuple[int, LineTree] | None]:
    """The data of `text` and where each key and item starts, or an InputError located by line."""
    if _CParser is None:
        raise BallotcalcError(NO_LIBYAML)
    try:
        return _build(_events(text), display)
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
        line = mark.line + 1 if mark is not None else None
        tab = _tab_indented(text, line)
        if tab is not None:
            raise InputError.single(
                display, f"indent with spaces, not a tab (line {tab})", line=tab
            ) from None
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError.single(display, f"invalid YAML: {what}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.single(display, "invalid YAML: " + " ".join(str(exc).split())) from None


def _tab_indented(text: str, upto: int | None) -> int | None:
    """The first line, up to the one YAML stopped at, whose indentation has a tab.

    YAML forbids tabs for indentation, and its own messages ("found character that cannot start
    any token") do not say so; a tab is the usual cause when an editor or a paste put one there.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if upto is not None and number > upto:
            return None
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            return number
    return None


def _events(text: str) -> Any:
    parser: Any = _CParser(text)
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
