"""The fast reader gives exactly the strict loader's data, or declines: never a third answer.

The strict reader (libyaml or PyYAML events, `yaml_strict`) is the reference here. Every check is
of the one contract in `yaml_subset`'s docstring: for any text, `read_subset(text)` is None or equal
to the strict loader's data, and is never data where the strict loader reports an error.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ballotcalc.errors import InputError
from ballotcalc.loading import parse_yaml
from ballotcalc.yaml_subset import _Reader, read_subset

ROOT = Path(__file__).resolve().parent.parent


def strict(text: str) -> tuple[bool, Any]:
    """(True, data) from the strict loader, or (False, message) if it refuses the text."""
    try:
        return True, parse_yaml(text.encode(), "t.yaml", strict_only=True).data
    except InputError as exc:
        return False, str(exc)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (1 is not 1.0 or True here); NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def assert_agrees(text: str) -> Any:
    """The contract, for one text; returns the fast reader's answer."""
    fast = read_subset(text)
    if fast is not None:
        ok, reference = strict(text)
        assert ok, f"fast reader accepted text the strict loader refuses ({reference}):\n{text}"
        assert same(fast, reference), f"{fast!r} != {reference!r} for:\n{text}"
    return fast


# --- real files -----------------------------------------------------------------------------------

BALLOT_FILES = sorted((ROOT / "ballots").glob("*.yaml"))
FIXTURES = [  # not-utf8.yaml is bytes the reader never sees: decoding refuses it first
    path
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    if path.name != "not-utf8.yaml"
]


@pytest.mark.parametrize("path", BALLOT_FILES, ids=lambda p: p.name)
def test_every_example_ballot_is_read_fast_and_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert assert_agrees(text) is not None, "an example ballot should be in the subset"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_agrees(path: Path) -> None:
    assert_agrees(path.read_bytes().decode("utf-8-sig"))


# --- texts at the edge of the subset --------------------------------------------------------------

EDGES = [
    # each is declined, or read the same; the comment says what YAML makes of it
    "a: 1\n  b\n",  # a plain scalar continued: "1 b"
    "a:\n- 1\n- 2\n",  # a list at its key's own indent
    "a: 1\na: 2\n",  # duplicate key: an error
    "r: {s: {yes: 1, yes: 2}}\n",  # duplicate key in flow: an error
    "r: { a: 1}\n",
    "r: {a: 1,b: 2}\n",
    "r: {a : 1}\n",
    "r: {a:1}\n",  # the key is 'a:1'
    "r: {a: 1,}\n",
    "r: {a: NaN}\n",  # text, not JSON's NaN
    "r: {a: Infinity}\n",
    "r: {a: -Infinity}\n",
    "r: {a: 0123}\n",  # text
    "r: {a: 1e5}\n",
    "r: {a: 1.5, b: -0, c: true, d: null, e: [], f: {}}\n",
    "r: [1, 2, {a: 3}]\n",
    "r: [a: 1]\n",
    "r: {a: 1} # note\n",
    "r: {a: 1}#x\n",
    "r: {a: 1}, {b: 2}\n",
    "r: {a: [1}, s: {b: 2]}\n",
    "r: [[1], [2]]\nq: [3\n",
    "a: [[1]\nb: [2]]\nc: {x: 1}, {y: 2}\n",  # two unbalanced values and one that is two
    "r: {a: 1\n  , b: 2}\n",
    "a: b: c\n",
    "a: b:\n",
    "a: x # comment\nb: 'it''s' # c\nc: \"q # not a comment\"\n",
    'a: "esc\\u0041"\n',
    'a: "say \\"yes\\""\nb: "back\\\\"\nc: "both \\\\\\" end"\ne: "x\\\\\\\\"\n',
    'd: "tab\\t"\n',
    'a: "open \\"\n',
    "a: 'two\n  lines'\n",
    "a: |\n  block\n",
    "a: >\n  folded\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: !x 1\n",
    "--- \na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "? a\n: 1\n",
    "a:\n  - - 1\n",
    "a:\n  -\n  - 2\n",
    "-\n",
    "- a:\n- b\n",  # a is null; the list goes on
    "- 1\n- 2\n",
    "- a: 1\n  b: 2\n- c: 3\n",
    "-   a: 1\n    b: 2\n",
    "-   a: 1\n  b: 2\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: 1\n b: 2\n",
    "a:\tb\n",
    "a: b\tc\n",
    "a: b\r\nc: d\r\n",
    "a: b\rc: d\n",
    "a: b\x85c: d\n",
    "a: b\u2028c\n",
    "a: \ufeffb\n",
    "a: b\x07\n",
    "a: caf\u00e9 \u00a0ok\n",
    "yes: no\non: off\n",
    "n: 1_000\nm: 1:20\no: 0x1F\np: 0o17\nq: +3\nr: -3\ns: .5\nt: 5.\nu: ~\nv: Null\nw: TRUE\n",
    "a: -\n",
    "a: - x\n",
    "a: [x]y\n",
    "a: x [y]\n",
    "a: x, y\n",
    "a: http://example.org/a#b\n",
    "a: x #\n",
    "a:   spaced    out   \n",
    "a: '\n",
    'a: "\n',
    "a: ''\nb: \"\"\n",
    "a:\n\n\n  b: 1\n",
    "# only a comment\n",
    "",
    "just a scalar\n",
    "a: " + "1" * 5000 + "\n",
    "a: {b: " + "1" * 5000 + "}\n",
    "a: " + "[" * 20 + "]" * 20 + "\n",
    "a: " + "[" * 40 + "]" * 40 + "\n",  # deeper than the strict loader allows
    "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n",
    "0: a\ntrue: b\nnull: c\n1.5: d\n",
    "a-b: 1\n_c: 2\n",
    "Ä: 1\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_edges_agree(text: str) -> None:
    assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "r: {s: {yes: 1, yes: 2}}\n",
        "r: {a: 1}, {b: 2}\n",
        "a: 1\n  b\n",
        "r: { a: 1}\n",
        "a: b\u2028c\n",
    ],
)
def test_what_could_be_misread_is_declined(text: str) -> None:
    """The texts where a plausible shortcut would give different data or hide an error."""
    assert read_subset(text) is None


def test_a_list_at_its_keys_indent_belongs_to_the_key() -> None:
    assert assert_agrees("a:\n- 1\n- x: 2\n  y: 3\nb: 4\n") == {"a": [1, {"x": 2, "y": 3}], "b": 4}


def test_quoted_text_with_escaped_quotes_is_read_fast() -> None:
    text = "a: \"say \\\"yes\\\" to \\\\ this\"\nb: 'it''s'\n"
    assert assert_agrees(text) == {"a": 'say "yes" to \\ this', "b": "it's"}


def test_windows_line_endings_are_read_fast() -> None:
    assert assert_agrees("a: 1\r\nb: {x: 2}\r\n") == {"a": 1, "b": {"x": 2}}


def test_words_in_flow_mean_what_they_mean_in_block_style() -> None:
    text = "r: {a: NaN, b: 2011-11-04, c: True, d: 1e5, e: 0, f: yes, g: Null}\n"
    assert assert_agrees(text) == {
        "r": {"a": "NaN", "b": "2011-11-04", "c": True, "d": 1e5, "e": 0, "f": "yes", "g": None}
    }


def test_the_usual_ballot_shape_is_accepted() -> None:
    text = (
        "title: Pay 2024, second ballot\nunion: 'Workers'' Union'\nopened: 2024-01-08\n"
        'questions:\n  - id: strike\n    type: strike\n    text: "Strike?"\n'
        "units:\n  - name: Site A  # the main site\n    eligible: 120\n    votes_cast: 61\n"
        "    results:\n      strike: {yes: 40, no: 20, spoiled: 1}\n"
    )
    assert assert_agrees(text) == {
        "title": "Pay 2024, second ballot",
        "union": "Workers' Union",
        "opened": "2024-01-08",
        "questions": [{"id": "strike", "type": "strike", "text": "Strike?"}],
        "units": [
            {
                "name": "Site A",
                "eligible": 120,
                "votes_cast": 61,
                "results": {"strike": {"yes": 40, "no": 20, "spoiled": 1}},
            }
        ],
    }


# --- generated documents ----------------------------------------------------------------------------

_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=8)
_names = st.text(alphabet="abcdefgh_", min_size=1, max_size=8)
_tricky = st.text(alphabet="ab 0:#'\"-?,[]{}&*!|>%@`~.\\é", min_size=0, max_size=10)
_scalars = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    _words,
    _tricky,
    st.sampled_from(
        ["yes", "no", "on", "off", "0123", "1_000", "1:20", "~", "null", "NaN", ".inf"]
    ),
)
_trees = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_words, inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    tree=st.one_of(
        st.dictionaries(_words, _trees, min_size=1, max_size=6), st.lists(_trees, min_size=1)
    ),
    flow=st.sampled_from([None, False, True]),
    indent=st.sampled_from([2, 4]),
)
def test_dumped_documents_agree(tree: Any, flow: bool | None, indent: int) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, sort_keys=False, indent=indent)
    assert_agrees(text)


_plain_leaves = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.booleans(),
    st.none(),
    st.text(alphabet="abcxyz", min_size=1, max_size=5),
)
_plain_trees = st.recursive(
    _plain_leaves,
    lambda inner: st.one_of(
        st.lists(st.one_of(_plain_leaves, st.dictionaries(_names, inner, min_size=1, max_size=3)),
                 min_size=1, max_size=3),
        st.dictionaries(_names, inner, min_size=1, max_size=3),
    ),
    max_leaves=15,
)  # fmt: skip
"""Plain words, counts and nesting, without a list directly in a list (`- - 0`: not in the subset,
and in no ballot file)."""


@settings(max_examples=200, deadline=None)
@given(tree=st.dictionaries(_names, _plain_trees, min_size=1, max_size=5))
def test_plain_block_documents_are_read_fast(tree: dict[str, Any]) -> None:
    """Block style with plain words and counts is the subset's heart: it must not be declined."""
    text = yaml.safe_dump(tree, default_flow_style=False, sort_keys=False)
    assert read_subset(text) is not None, text
    assert_agrees(text)


_fragments = st.sampled_from(
    [" ", "  ", "- ", "-", "a", "b", "yes", "12", "0", "1.5", ":", ": ", "#", " #", "{", "}",
     "[", "]", ", ", ",", "'", "''", '"', "\\", "&", "*", "!", "|", ">", "?", "%", "---", "...",
     "~", "null", "true", "key: ", "n: 3", "{a: 1}", "[1, 2]", "{yes: 1, no: 2}", "\t", "é"]
)  # fmt: skip
_lines = st.tuples(st.integers(min_value=0, max_value=6), st.lists(_fragments, max_size=6)).map(
    lambda parts: " " * parts[0] + "".join(parts[1])
)


@settings(max_examples=600, deadline=None)
@given(lines=st.lists(_lines, min_size=1, max_size=8))
@example(lines=["a:", "- 1"])
@example(lines=["r: {a: 1}, {b: 2}"])
def test_arbitrary_yaml_like_text_agrees(lines: list[str]) -> None:
    """Mostly invalid or odd text: the fast reader must decline it or read it as the loader does."""
    assert_agrees("\n".join(lines) + "\n")


# --- lists whose items are written alike (the units of a national ballot) ---------------------------


def assert_alike_agrees(text: str) -> Any:
    """The contract, and more: reading items by pattern (`_Layout`) declines nothing that reading
    them line by line reads, so a national ballot never falls to the slow strict reader because
    one unit is written a little differently."""
    fast = assert_agrees(text)
    with mock.patch.object(_Reader, "layout", lambda *args: None):
        by_line = read_subset(text)
    if by_line is not None:
        assert fast is not None, f"declined, though read line by line:\n{text}"
        assert same(fast, by_line)
    return fast


_ITEM_VALUES = {
    "name": ["Site A", "Leeds", "St. Mary's", "Site: A", "Site #2", "Site A # note", "Site A:",
             "'Site A'", '"Site A"', "null", "Null", "true", "FALSE", "~", "yes", "1e3", "12",
             "-x", "a  b", "\u00dcn\u00efon", "x y z", "", "# note", "Site A  "],
    "eligible": ["120", "0", "7", "012", "1_000", "-3", "12.0", "12 # note", "1" * 19,
                 "99999999999999999", "", "null", "x", "# note"],
    "results": ["{strike: {yes: 40, no: 20, spoiled: 1}}", "{strike: {yes: 4, no: 2}}",
                "{strike: {yes: 04, no: 2}}", "{strike: {yes: 1, yes: 2}}",
                "{strike: {yes: x, no: 2}}", "{strike: {yes: 1,no: 2}}", "{a: [1, 2]}", "{}",
                "{strike: {yes: 4, no: 2}} # note", "[1, 2]", "{strike: {'yes': 4, no: 2}}",
                "{strike: {yes: 4, no: 2}}}", "{strike: {yes: 4, no: 2, sp-oiled: 0}}", "Site A",
                "12", "{a: [1, 2]} # note", "{a: [1, 2], b: x}", "{a: {b: 1}, c: {}}",
                "{strike: {yes: 040, no: 20, spoiled: 1}}"],
}  # fmt: skip
_KEY_ORDER = ["name", "eligible", "votes_cast", "results"]
_BASES = [  # how the items are usually written, beyond the first of each list in _ITEM_VALUES
    {}, {"results": "{a: [1, 2]}"}, {"results": "{a: [1, 2], b: x}"},
    {"results": "{a: {b: 1}, c: {}}"}, {"name": "'Site A'", "eligible": "12 # note"},
]  # fmt: skip


def _values(key: str) -> list[str]:
    return _ITEM_VALUES["eligible" if key in ("votes_cast", "extra") else key]


def _item_lines(
    pairs: list[tuple[str, str]], indent: str, dash: str, shifts: list[int]
) -> list[str]:
    """One list item: `key: value` lines, the first after the dash, each shifted by its shift."""
    column = indent + " " * len(dash)
    lines = []
    for index, ((key, value), shift) in enumerate(zip(pairs, shifts, strict=True)):
        lead = indent + dash if index == 0 else column
        lead = lead[: len(lead) + shift] if shift < 0 else lead + " " * shift
        lines.append(f"{lead}{key}: {value}".rstrip(" ") if value.strip() else f"{lead}{key}:")
    return lines


@pytest.mark.parametrize("base", _BASES, ids=str)
@pytest.mark.parametrize(
    ("key", "value", "first"),
    [
        (key, value, first)
        for key in _KEY_ORDER
        for value in _values(key)
        for first in (False, True)
    ],
)
def test_one_item_written_differently_agrees(
    key: str, value: str, first: bool, base: dict[str, str]
) -> None:
    """Each odd value, in an item among others written alike, or in the first item (which the
    pattern for the rest is made from)."""
    item = {k: _values(k)[0] for k in _KEY_ORDER} | base
    odd = item | {key: value}
    items = [odd, item, item, item] if first else [item, item, odd, item, item]
    for indent in ("", "  "):
        lines = ["units:"]
        for each in items:
            lines += _item_lines(list(each.items()), indent, "- ", [0] * len(each))
        assert_alike_agrees("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "change",
    ["extra key", "deeper line", "shallower line", "key indented more", "key indented less",
     "wider dash", "wider dash, keys as before", "blank line", "comment line", "no newline at the end", "block value"],
)  # fmt: skip
def test_one_item_laid_out_differently_agrees(change: str) -> None:
    item = [(k, _values(k)[0]) for k in _KEY_ORDER]
    lines = ["units:"]
    for index in range(5):
        pairs, shifts, dash = list(item), [0] * len(item), "- "
        odd = index == 2
        if odd and change == "extra key":
            pairs.append(("extra", "1"))
            shifts.append(0)
        if odd and change in ("key indented more", "key indented less"):
            shifts[2] = 1 if change.endswith("more") else -1
        if odd and change.startswith("wider dash"):
            dash = "-   "
            if change.endswith("as before"):  # not a mapping in YAML: the strict reader refuses
                shifts = [0] + [-2] * (len(pairs) - 1)
        if odd and change == "block value":
            pairs[3] = ("results", "")
        lines += _item_lines(pairs, "  ", dash, shifts)
        if odd and change == "block value":
            lines.append("        strike: {yes: 1, no: 2}")
        extra = {
            "deeper line": "       more: 1",
            "shallower line": "   odd: 1",
            "blank line": "",
            "comment line": "  # a comment",
        }.get(change)
        if odd and extra is not None:
            lines.append(extra)
    text = "title: t\nunits:\n" + "\n".join(lines[1:])
    assert_alike_agrees(text if change == "no newline at the end" else text + "\n")


@st.composite
def _alike_items(draw: st.DrawFn) -> str:
    """A list of items written like units, each one changed a little, or not at all."""
    indent = " " * draw(st.sampled_from([0, 2, 4]))
    usual_dash = "-" + " " * draw(st.sampled_from([1, 1, 1, 3]))
    base = draw(st.sampled_from(_BASES))
    lines = ["title: t", "units:"] if indent else ["units:"]
    for _ in range(draw(st.integers(min_value=3, max_value=7))):
        keys = list(_KEY_ORDER)
        if draw(st.integers(0, 8)) == 0:
            keys = draw(st.permutations(keys))
        if draw(st.integers(0, 8)) == 0:
            keys = keys[: draw(st.integers(1, len(keys)))]
        if draw(st.integers(0, 10)) == 0:
            keys.insert(draw(st.integers(0, len(keys))), draw(st.sampled_from([*keys, "extra"])))
        pairs = []
        for key in keys:
            usual = base.get(key, _values(key)[0])
            changed = draw(st.integers(0, 12)) == 0
            value = draw(st.sampled_from(_values(key))) if changed else usual
            pairs.append((key, value + draw(st.sampled_from(["", "", " "]))))
        shifts = [draw(st.sampled_from([0] * 12 + [-1, 1])) for _ in pairs]
        dash = usual_dash if draw(st.integers(0, 10)) else draw(st.sampled_from(["- ", "-  "]))
        lines += _item_lines(pairs, indent, dash, shifts)
        extra = draw(st.integers(0, 20))
        if extra < 4:
            column = indent + " " * len(dash)
            lines.append(
                ["", indent + "# a comment", column + "  deeper: 1", column[:-1] + "odd: 1"][extra]
            )
    if not indent and draw(st.booleans()):
        lines.append("after: 1")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", ""]))


@settings(max_examples=1000, deadline=None)
@given(text=_alike_items())
@example(text="units:\n- name: Site A\n  eligible: 120\n- name: null\n  eligible: 120\n")
@example(text="units:\n- name: Site A\n  eligible: 120\n- name: Site B\n  eligible: 012\n")
@example(
    text="units:\n- name: A B\n  e: 1\n- name: A B\n  e: 1\n  deeper: 2\n- name: C D\n  e: 1\n"
)
def test_items_written_alike_agree(text: str) -> None:
    """Read by one pattern per list (`_Layout`), each item must still be what the strict loader
    reads, and any item that is not written like the first must be read (or declined) line by
    line."""
    assert_alike_agrees(text)


def test_items_written_alike_are_read_with_one_pattern() -> None:
    """The fast path is taken: after the first unit, no unit is parsed line by line."""
    unit = (
        "  - name: Workplace {0}\n    eligible: {1}\n    votes_cast: {0}\n"
        "    results: {{strike: {{yes: {0}, no: 0, spoiled: 0}}}}\n"
    )
    text = "title: t\nunits:\n" + "".join(unit.format(n, n + 1) for n in range(1000))
    parsed: list[int] = []
    mapping = _Reader.mapping

    def counting(self: _Reader, at: int, indent: int, depth: int) -> Any:
        parsed.append(at)
        return mapping(self, at, indent, depth)

    with mock.patch.object(_Reader, "mapping", counting):
        data = assert_agrees(text)
    assert data is not None
    assert [u["results"]["strike"]["yes"] for u in data["units"]] == list(range(1000))
    assert len(parsed) == 2, "the top mapping and the first unit only"
