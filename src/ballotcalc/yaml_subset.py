"""A fast reader for the plain, block-style YAML that ballot files are written in, and nothing else.

A national ballot written inline has 100,000 lines. libyaml turns them into 400,000 parser events,
each a Python object, before the strict reader (`yaml_strict`) can look at one; that alone costs more
than reading the same units from a CSV file. Ballot files use a small, regular part of YAML: block
mappings and lists, one-line flow collections such as `{yes: 1263, no: 131}`, plain and simply
quoted scalars, and comments. This module reads exactly that part and **declines** (returns None)
at the first thing outside it: tabs, anchors, tags, escapes other than \\" and \\\\, multi-line and
block scalars, document markers, a duplicate key, deep nesting, any character libyaml treats
specially, and so on. Each block takes only the lines that belong to it (its indent, its kind of
line); a line that no block takes, such as a value continued on the next line, is left over, and a
text with a line left over is declined.

The contract, which tests/test_yaml_subset.py checks against the strict reader on generated and
real files: for any text, `read_subset(text)` is either None or exactly the data the strict reader
gives. A declined file is read by the strict reader, so every error message comes from it; scalars
mean what `yaml_scalars.plain_scalar` says in both, so `yes`, `0123` and `1:20` stay text here too.
Line numbers are not recorded: they are only needed to report a problem, and the strict reader
works them out from the text when one is asked for (`loading.LineIndex`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ballotcalc.yaml_scalars import plain_scalar

MAX_DEPTH = 12
"""Deeper block nesting is declined (the strict reader refuses 32 levels; a ballot nests about 5)."""

MAX_FLOW_OPENINGS = 12
"""More brackets than this in one flow value are declined (with MAX_DEPTH, under the strict limit)."""

_KEY_WORD = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
"""What a key may be, in block or flow style: a plain word that needs no quotes."""

_KEY = re.compile(rf"({_KEY_WORD}):(?: +(.+))?$")
"""A line's content that starts with a plain key: the key, and what follows it on the line."""

_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\["\\])*)" *(?: #.*)?')
"""A double-quoted scalar whose only escapes are \\" and \\\\ (any other is declined)."""
_QUOTE_ESCAPE = re.compile(r'\\(["\\])')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)' *(?: #.*)?")

_PLAIN_STARTS_REFUSED = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""A plain scalar starting with one of these is an indicator in YAML, or is declined to be safe."""

_FLOW_KEY = re.compile(_KEY_WORD)

_FLOW_WORD = re.compile(
    r"(?:(?<=[{\[])|(?<=, )|(?<=: ))([A-Za-z0-9_][A-Za-z0-9_.+~/-]*)(?=: | *[,}\]])"
)
"""A plain word in a flow collection: a key (followed by `: `) or a value such as `2011-11-04`,
`yes` or `12`, after a bracket, `, ` or `: `, before `: ` or the next `,`, `}` or `]`."""

Rows = list[tuple[int, str]]
"""(indent, content) of each line that has content: blank and comment-only lines are left out."""

Pending = list[tuple[Any, Any, str]]
"""Flow values still to be read, in order: (the dict or list, the key or index, the text)."""


class _Declined(Exception):
    """The text is outside the subset; the strict reader will read it."""


def read_subset(text: str) -> Any:
    """The data of `text` (a mapping or list at the top), or None if it is outside the subset."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.replace("\n", "").isprintable():
        # Python's printable characters are all printable to YAML and none is special to it: the
        # rest (tabs, control characters, other line breaks, byte-order marks, NBSP) is declined.
        return None
    rows: Rows = []
    for line in text.split("\n"):
        content = line.lstrip(" ")
        if content and content[0] != "#":
            rows.append((len(line) - len(content), content.rstrip(" ")))
    if not rows:
        return None
    pending: Pending = []
    try:
        data, end = _block(rows, 0, rows[0][0], 1, pending)
        if end != len(rows):
            return None
        _read_flows(pending)
    except _Declined:
        return None
    return data


def _block(rows: Rows, at: int, indent: int, depth: int, pending: Pending) -> tuple[Any, int]:
    """The block mapping or list whose first line is `rows[at]`, and the row after it."""
    if rows[at][1][:1] == "-":
        return _sequence(rows, at, indent, depth, pending)
    return _mapping(rows, at, indent, depth, pending)


def _mapping(
    rows: Rows, at: int, indent: int, depth: int, pending: Pending
) -> tuple[dict[str, Any], int]:
    if depth > MAX_DEPTH:
        raise _Declined
    mapping: dict[str, Any] = {}
    count = len(rows)
    key_line = _KEY.match
    while at < count:
        line_indent, content = rows[at]
        if line_indent != indent:
            break
        key_match = key_line(content)
        if key_match is None:
            raise _Declined
        key, rest = key_match.groups()
        if key in mapping:
            raise _Declined
        at += 1
        if rest is None or rest[0] == "#":  # the value is on the lines below, or is null
            if at < count and rows[at][0] > indent:
                mapping[key], at = _block(rows, at, rows[at][0], depth + 1, pending)
            elif at < count and rows[at][1][:2] == "- " and rows[at][0] == indent:
                # a list may sit at its key's own indent (PyYAML writes it so)
                mapping[key], at = _sequence(rows, at, indent, depth + 1, pending)
            else:
                mapping[key] = None
        else:
            mapping[key] = _inline(rest, mapping, key, pending)
    return mapping, at


def _sequence(
    rows: Rows, at: int, indent: int, depth: int, pending: Pending
) -> tuple[list[Any], int]:
    if depth > MAX_DEPTH:
        raise _Declined
    items: list[Any] = []
    count = len(rows)
    while at < count:
        line_indent, content = rows[at]
        if line_indent != indent or content[:2] != "- ":
            break
        item = content[2:].lstrip(" ")  # not empty: `content` has no trailing spaces
        if _KEY.match(item):  # `- key: value` opens a mapping at the column of `key`
            column = indent + len(content) - len(item)
            rows[at] = (column, item)
            value, at = _mapping(rows, at, column, depth + 1, pending)
            items.append(value)
        else:
            items.append(_inline(item, items, len(items), pending))
            at += 1
    return items, at


def _inline(text: str, container: Any, place: Any, pending: Pending) -> Any:
    """A value written on the same line as its key or dash (`text` has no leading spaces).

    A flow value is only noted in `pending` (its place holds None until `_read_flows`).
    """
    if text.isdigit():  # the usual value, a count
        return plain_scalar(text)
    first = text[0]
    if first == "{" or first == "[":
        pending.append((container, place, _flow_text(text)))
        return None
    if first == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _Declined
        inner = quoted.group(1)
        return _QUOTE_ESCAPE.sub(r"\1", inner) if "\\" in inner else inner
    if first == "'":
        quoted = _SINGLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _Declined
        return quoted.group(1).replace("''", "'")
    if first in _PLAIN_STARTS_REFUSED:
        raise _Declined
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment].rstrip(" ")
    if ": " in text or text[-1] == ":":  # a second key on the line: an error in YAML
        raise _Declined
    return plain_scalar(text)


def _flow_text(text: str) -> str:
    """A one-line flow value without its comment, if it could be in the subset (see `_read_flows`).

    Its brackets must balance on their own, so that in `_read_flows` it is one whole value.
    """
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment].rstrip(" ")
    openings = text.count("{")
    lists = text.count("[")
    if (
        openings + lists > MAX_FLOW_OPENINGS
        or openings != text.count("}")
        or lists != text.count("]")
        or '"' in text
        or "'" in text
        or "\\" in text
    ):
        raise _Declined
    return text


def _read_flows(pending: Pending) -> None:
    """Read every flow value at once, as JSON, and put each in its place.

    Within the subset (`{key: value, ...}` and `[value, ...]` on one line, each key and each
    value a plain word or another flow collection) YAML's flow style is JSON once every key is
    quoted and every value word is replaced by the JSON of what it means (`plain_scalar`); a
    number, true, false and null are already the same in both. The usual flow value holds only
    counts (`{yes: 1263, no: 131}`): every key follows `{` or `, ` and precedes `: `, and no value
    holds either, so quoting there is all it needs, done on the whole batch at once. Only if that
    is not valid JSON is each word quoted or replaced one by one. Either way each string JSON sees
    is checked to be a plain word key (`_mapping_of`), and anything that is still not JSON (`{ a:
    1}`, a trailing comma, a quoted value) is declined. Each value's brackets balance on their own
    (`_flow_text`), so the parsed list has one item per value exactly when each text is one.
    """
    if not pending:
        return
    batch = "[" + ",".join(text for _, _, text in pending) + "]"
    keys: set[str] = set()

    def mapping_of(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            raise _Declined  # a duplicate key: an error for the strict reader to report
        for key in mapping:
            if key not in keys:
                if not _FLOW_KEY.fullmatch(key):
                    raise _Declined
                keys.add(key)
        return mapping

    def parse(json_text: str) -> Any:
        return json.loads(json_text, object_pairs_hook=mapping_of, parse_constant=_refuse_constant)

    try:
        values = parse(
            batch.replace("{", '{"').replace('{"}', "{}").replace(", ", ', "').replace(": ", '": ')
        )
    except ValueError:
        pieces = _FLOW_WORD.split(batch)
        for index in range(1, len(pieces), 2):  # the words, each between two other pieces
            word = pieces[index]
            is_key = pieces[index + 1].startswith(": ")
            pieces[index] = json.dumps(word if is_key else plain_scalar(word))
        try:
            values = parse("".join(pieces))
        except ValueError:
            raise _Declined from None
    if len(values) != len(pending):
        raise _Declined
    for (container, place, _), value in zip(pending, values, strict=True):
        container[place] = value


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are JSON's; in YAML they are words
