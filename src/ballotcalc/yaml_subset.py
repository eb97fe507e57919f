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

A national ballot's units are all written alike, four lines each. Once one is read, the layout
of its lines (`_Layout`: its keys, its columns, a slot for each value) becomes one pattern, and
each following unit is read with one match of it, not line by line; a unit written any other way
is read line by line, and the next ones are matched against its layout.

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
from collections.abc import Callable
from itertools import accumulate
from itertools import count as naturals
from operator import add
from typing import Any, NamedTuple

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

Rows = list[tuple[int, str, int]]
"""(indent, content, line index) of each line that has content: blank and comment-only lines are
left out. The line index finds a row's place in the text, for `_Reader.repeat`."""

Pending = list[tuple[Any, Any, str]]
"""Flow values still to be read, in order: (the dict or list, the key or index, the text)."""

_COUNT_DIGITS = "0|[1-9][0-9]{0,17}"
"""A count as `plain_scalar` reads it (an int), which int() and JSON read the same."""
_COUNT = f"({_COUNT_DIGITS})"
"""In a `_Layout`, a count, read with int()."""
_WORDS = (
    r"((?!(?:null|Null|NULL|true|True|TRUE|false|False|FALSE) *\n)[A-Za-z](?:[^\n:#]*[^ \n:#])?)"
)
"""In a `_Layout`, text that means itself, such as a name: it starts with a letter (so is not a
number), is not null or a boolean, and has no `:` or `#` (so holds no second key or comment)."""
_FLOW = r"([{\[](?:[^\n]*[^ \n])?)"
"""In a `_Layout`, a flow collection, which `_inline` leaves to `_read_flows`."""
_TEXT = r"([^ #\n](?:[^\n]*[^ \n])?)"
"""In a `_Layout`, any value written after its key on its line (as `_KEY` takes it): `_inline`."""
_FLOW_OF_COUNTS = re.compile(rf"(?:[{{}}]|, |{_KEY_WORD}: |{_COUNT_DIGITS})+")
"""A flow mapping of counts, such as `{strike: {yes: 1263, no: 131}}`: `_Layout.shaped`."""
_COUNT_IN_FLOW = re.compile(rf"(?<=: )(?:{_COUNT_DIGITS})(?=[,}}])")


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
    lines = text.split("\n")
    for number, line in enumerate(lines):
        content = line.lstrip(" ")
        if content and content[0] != "#":
            rows.append((len(line) - len(content), content.rstrip(" "), number))
    if not rows:
        return None
    reader = _Reader(text, lines, rows)
    try:
        data, end = reader.block(0, rows[0][0], 1)
        if end != len(rows):
            return None
        _read_flows(reader.pending)
        _read_alike(reader.alike)
    except _Declined:
        return None
    return data


class _Reader:
    """One text being read: its rows, and the flow values met so far (read at the end, together)."""

    def __init__(self, text: str, lines: list[str], rows: Rows) -> None:
        self.text = text
        self.lines = lines
        self.rows = rows
        self.pending: Pending = []
        self.alike: Pending = []
        """Flow mappings of counts in list items laid out alike (`_Layout.shaped`)."""
        self._starts: list[int] | None = None

    def block(self, at: int, indent: int, depth: int) -> tuple[Any, int]:
        """The block mapping or list whose first line is `rows[at]`, and the row after it."""
        if self.rows[at][1][:1] == "-":
            return self.sequence(at, indent, depth)
        return self.mapping(at, indent, depth)

    def mapping(self, at: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
        if depth > MAX_DEPTH:
            raise _Declined
        rows = self.rows
        pending = self.pending
        mapping: dict[str, Any] = {}
        count = len(rows)
        key_line = _KEY.match
        while at < count:
            line_indent, content, _ = rows[at]
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
                    mapping[key], at = self.block(at, rows[at][0], depth + 1)
                elif at < count and rows[at][1][:2] == "- " and rows[at][0] == indent:
                    # a list may sit at its key's own indent (PyYAML writes it so)
                    mapping[key], at = self.sequence(at, indent, depth + 1)
                else:
                    mapping[key] = None
            else:
                mapping[key] = _inline(rest, mapping, key, pending)
        return mapping, at

    def sequence(self, at: int, indent: int, depth: int) -> tuple[list[Any], int]:
        if depth > MAX_DEPTH:
            raise _Declined
        rows = self.rows
        items: list[Any] = []
        count = len(rows)
        like_last: _Layout | None = None
        while at < count:
            line_indent, content, number = rows[at]
            if line_indent != indent or content[:2] != "- ":
                break
            item = content[2:].lstrip(" ")  # not empty: `content` has no trailing spaces
            if not _KEY.match(item):
                items.append(_inline(item, items, len(items), self.pending))
                at += 1
                continue
            if like_last is not None:
                after = self.repeat(at, like_last, items)
                if after != at:
                    at = after
                    continue
            # `- key: value` opens a mapping at the column of `key`
            column = indent + len(content) - len(item)
            rows[at] = (column, item, number)
            value, after = self.mapping(at, column, depth + 1)
            items.append(value)
            like_last = self.layout(at, after, indent, column)
            at = after
        return items, at

    def layout(self, at: int, end: int, indent: int, column: int) -> _Layout | None:
        """The layout of the list item just read from `rows[at:end]`, if each of its keys had its
        value on its own line; None for any other item."""
        found = [_KEY.match(content) for _, content, _ in self.rows[at:end]]
        values = [None if m is None else m.group(2) for m in found]
        if None in values:
            return None
        keys = tuple(m.group(1) for m in found if m is not None)
        slots = [_slot(value) for value in values if value is not None]
        # the first key follows the dash; a row indented less than the keys, or the end, ends it
        pattern = " " * indent + "-" + " " * (column - indent - 1)
        for index, (key, (slot, _)) in enumerate(zip(keys, slots, strict=True)):
            pattern += "" if index == 0 else " " * column
            pattern += re.escape(key) + ": +" + slot + r" *\n"
        pattern += rf"(?= {{0,{column - 1}}}[^ \n#]|\Z)"
        counts, shaped, flows, others = (
            tuple(key for key, (_, read) in zip(keys, slots, strict=True) if read == wanted)
            for wanted in ("count", "shaped", "flow", "other")
        )
        return _Layout(re.compile(pattern).match, keys, counts, flows, shaped, others)

    def repeat(self, at: int, layout: _Layout, items: list[Any]) -> int:
        """Read list items from `rows[at]` on while the text matches `layout`; the row after the
        last one read.

        A match is exactly what `mapping` would read there: the item's lines, one key each with
        its value on the line, at the column of the first key, and then a row indented less (or
        nothing), which ends it. A match covers one row per key.
        """
        text = self.text
        if self._starts is None:  # where each line starts: the lengths of those before, and "\n"s
            self._starts = list(map(add, accumulate(map(len, self.lines), initial=0), naturals()))
        position = self._starts[self.rows[at][2]]
        pending = self.pending
        alike = self.alike
        match, keys, counts, flows, shaped, others = layout
        width = len(keys)
        while found := match(text, position):
            mapping = dict(zip(keys, found.groups(), strict=True))
            for key in counts:
                mapping[key] = int(mapping[key])
            for key in shaped:
                alike.append((mapping, key, mapping[key]))
            for key in flows:
                pending.append((mapping, key, _flow_text(mapping[key])))
            for key in others:
                mapping[key] = _inline(mapping[key], mapping, key, pending)
            items.append(mapping)
            at += width
            position = found.end()
        return at


def _slot(value: str) -> tuple[str, str]:
    """The pattern for values like this one in a `_Layout`, and how what it matches is read."""
    if re.fullmatch(_COUNT, value):
        return _COUNT, "count"
    if re.fullmatch(_WORDS + "\n", value + "\n"):
        return _WORDS, "as it stands"
    if value[0] == "{" and _FLOW_OF_COUNTS.fullmatch(value):
        shape = f"(?:{_COUNT_DIGITS})".join(map(re.escape, _COUNT_IN_FLOW.split(value)))
        return f"({shape})", "shaped"
    if value[0] in ("{", "["):
        return _FLOW, "flow"
    return _TEXT, "other"


class _Layout(NamedTuple):
    """How the items of a block list are written, when they are all written alike, as the units
    of a national ballot are: `_Reader.repeat` then reads each with one match, not line by line.

    Each key's value has a slot in the pattern, chosen by the value in the item the layout was
    made from (`_slot`), and is read as its slot says. A key in none of these holds `_WORDS`,
    text that is read as it stands.
    """

    match: Callable[[str, int], re.Match[str] | None]
    keys: tuple[str, ...]
    counts: tuple[str, ...]
    """`_COUNT`: read with int()."""
    flows: tuple[str, ...]
    """`_FLOW`: left to `_read_flows`, as `_inline` leaves it."""
    shaped: tuple[str, ...]
    """A flow mapping of counts written exactly as in the first item, but for the counts (the
    slot is that shape), so with its keys. The first item's flow is read with every check
    (`_read_flows`), and these are then read as plain JSON (`_read_alike`)."""
    others: tuple[str, ...]
    """`_TEXT`: read by `_inline`."""


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
        values = parse(_quote_keys(batch))
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


def _quote_keys(batch: str) -> str:
    """Flow collections as JSON, if every `, ` in them is followed by a key (see `_read_flows`)."""
    return batch.replace("{", '{"').replace('{"}', "{}").replace(", ", ', "').replace(": ", '": ')


def _read_alike(alike: Pending) -> None:
    """Read the flow mappings of counts that have the shape of one `_read_flows` has checked
    (`_Layout.shaped`): the same keys, so plain JSON once the keys are quoted."""
    if not alike:
        return
    try:
        values = json.loads(_quote_keys("[" + ",".join(text for _, _, text in alike) + "]"))
    except ValueError:
        raise _Declined from None
    for (container, place, _), value in zip(alike, values, strict=True):
        container[place] = value


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are JSON's; in YAML they are words
