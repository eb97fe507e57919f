"""Indented JSON text, exactly as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, fast.

The standard library indents in pure Python (its C encoder only writes compact JSON), which took
seconds for a national ballot's 200,000 units. Here a list of records that all have one shape (the
units of a ballot: the same keys, the same number of questions) is a `SameShape`: the indented text
of that shape is made once, as a template with a slot per leaf, and each record only fills in its
leaves, which the C JSON encoder writes for a batch of records in one call. The result is byte for
byte what `json.dumps` gives (tests/test_scale.py checks it), so scripts and diffs see no change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


class _Slot:
    """The place of one leaf in a `SameShape` skeleton."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SLOT"


SLOT: Any = _Slot()
"""Put in a skeleton wherever a record has a leaf of its own (a string, number, boolean or null)."""

_NUL = "\x00"
"""Never in JSON text (the encoder writes a NUL inside a string as \\u0000), so it can mark the
slots in a skeleton's text, and separate the leaves of a batch."""


@dataclass(frozen=True, slots=True)
class SameShape:
    """A JSON list whose items all look like `skeleton`, each given as its leaves in order.

    `skeleton` is dicts and lists with `SLOT` for every leaf that differs from record to record,
    and the value itself for a leaf every record shares; a record's leaves are listed in the order
    the skeleton's dicts and lists hold their `SLOT`s (depth first, as json.dumps writes them).
    """

    skeleton: Any
    rows: Iterable[Sequence[Any]]
    """Read once, in order (a generator will do: rows need not all exist at once)."""


def dumps(value: Any, end: str = "") -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False) + end`, `SameShape` lists written fast."""
    return "".join(pieces(value, end))


def pieces(value: Any, end: str = "") -> Iterator[str]:
    """The text of `dumps`, in order, in pieces of about `BATCH` records each.

    A national ballot's JSON is 15 MB for 20,000 units; written piece by piece it is never held
    whole (and then again as the joined copy), which keeps peak memory near the data's own.
    """
    out: list[str] = []
    yield from _write(value, 0, out)
    out.append(end)
    yield "".join(out)


BATCH = 500
"""Records of a `SameShape` list per piece of `pieces`."""


def _dump(value: Any, level: int) -> str:
    """One value's text (used for the templates, which are small)."""
    out: list[str] = []
    flushed = "".join(_write(value, level, out))
    return flushed + "".join(out)


def _write(value: Any, level: int, out: list[str]) -> Iterator[str]:
    """Append `value`'s text to `out`, yielding what is gathered so far after each `BATCH`."""
    if isinstance(value, SameShape):
        yield from _same_shape(value, level, out)
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        pad = "\n" + INDENT * (level + 1)
        sep = "{"
        for k, v in value.items():
            out.append(f"{sep}{pad}{_key(k)}: ")
            yield from _write(v, level + 1, out)
            sep = ","
        out.append("\n" + INDENT * level + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        pad = "\n" + INDENT * (level + 1)
        sep = "["
        for v in value:
            out.append(sep + pad)
            yield from _write(v, level + 1, out)
            sep = ","
        out.append("\n" + INDENT * level + "]")
    elif value is SLOT:
        out.append(_NUL)
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def _key(key: Any) -> str:
    if isinstance(key, str):
        return str(encode_basestring(key))
    return json.dumps({key: 0}, ensure_ascii=False)[1:-4]  # json's own rules for other keys


def _same_shape(value: SameShape, level: int, out: list[str]) -> Iterator[str]:
    skeleton = _dump(value.skeleton, level + 1)
    template = (",\n" + INDENT * (level + 1) + skeleton).replace("%", "%%").replace(_NUL, "%s")
    rows = iter(value.rows)
    full_batch = template * BATCH
    first = True
    while chunk := list(islice(rows, BATCH)):
        batch = full_batch if len(chunk) == BATCH else template * len(chunk)
        text = batch % _leaf_texts(chunk)
        out.append("[" + text[1:] if first else text)
        first = False
        yield "".join(out)
        out.clear()
    out.append("[]" if first else "\n" + INDENT * level + "]")


def _leaf_texts(rows: list[Sequence[Any]]) -> tuple[str, ...]:
    """The leaves of all the rows, in order, as json.dumps writes each, made by one call to the C
    encoder."""
    width = len(rows[0])
    flat = [leaf for row in rows for leaf in row]
    if len(flat) != width * len(rows):
        raise ValueError("the rows of a SameShape list must all have the same number of leaves")
    if not flat:  # a skeleton without slots: every record is the same
        return ()
    return tuple(json.dumps(flat, ensure_ascii=False, separators=(_NUL, ":"))[1:-1].split(_NUL))
