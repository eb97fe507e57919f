"""The YAML reader: every PyYAML pitfall that can change a ballot's figures is refused.

There is one reader (libyaml's events, `yaml_strict`); it is required, and a PyYAML built without
it is one clear line, exit 2 (tested at the end).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ballotcalc import yaml_strict
from ballotcalc.cli import cli
from ballotcalc.errors import InputError
from ballotcalc.loading import MAX_FILE_BYTES, load_yaml_file, parse_yaml
from conftest import BALLOTS


def load(text: str) -> object:
    return parse_yaml(text.encode(), "t.yaml").data


def error(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        parse_yaml(raw, "t.yaml")
    return str(info.value)


def test_yes_no_on_off_stay_strings() -> None:
    data = load("yes: 1\nno: 2\non: off\noff: yes\n")
    assert data == {"yes": 1, "no": 2, "on": "off", "off": "yes"}


@pytest.mark.parametrize(
    ("written", "meaning"),
    [("0123", "0123"), ("1:20", "1:20"), ("1_000", "1_000"), ("0x1F", "0x1F"), ("0o17", "0o17"),
     ("12", 12), ("-3", -3), ("0", 0), ("1.5", 1.5), ("true", True), ("~", None), ("'7'", "7")],
)  # fmt: skip
def test_only_plain_decimals_are_numbers(written: str, meaning: object) -> None:
    value = load(f"n: {written}\n")
    assert value == {"n": meaning}
    assert type(value["n"]) is type(meaning)  # type: ignore[index]


def test_duplicate_key_names_both_lines() -> None:
    message = error("title: x\nresults:\n  strike: {yes: 1, no: 2}\n  strike: {yes: 3, no: 4}\n")
    assert message == "t.yaml:4: duplicate key 'strike' (first given on line 3)"


def test_aliases_and_anchors_are_refused() -> None:
    assert "anchors and aliases" in error("a: &x 1\nb: *x\n")


def test_billion_laughs_is_refused_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert "t.yaml:1: anchors and aliases" in error(bomb)


def test_tags_are_refused() -> None:
    assert "tags" in error("a: !!python/object/apply:os.system ['true']\n")


def test_nesting_beyond_our_limit_is_refused_by_our_guard() -> None:
    """Deeper than a ballot ever nests but well inside any parser's own limit: our message."""
    message = error("a: " + "[" * 40 + "]" * 40 + "\n")
    assert message.startswith("t.yaml:1: nested more than 32 levels deep")


def test_very_deep_nesting_is_a_located_error_whichever_layer_refuses_it() -> None:
    """10,000 levels: the parser may refuse before our guard sees the events (libyaml 0.2.5 does,
    with its own words). What we promise is one located line, never a crash or a hang."""
    message = error("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert message.startswith("t.yaml:1: ") and "\n" not in message


def test_not_utf8_names_the_byte() -> None:
    assert error(b"title: caf\xe9\n") == (
        "t.yaml:1: is not UTF-8 text (byte 0xe9 at offset 10); save it as UTF-8"
    )


def test_bom_and_crlf_are_fine() -> None:
    raw = "\ufefftitle: x\r\nyes: 3\r\n".encode()
    assert parse_yaml(raw, "t.yaml").data == {"title": "x", "yes": 3}


def test_two_documents_are_refused() -> None:
    assert "more than one YAML document" in error("a: 1\n---\nb: 2\n")


def test_syntax_error_has_a_line() -> None:
    assert error("a: 1\nb: [1, 2\n").startswith("t.yaml:")


def test_lines_are_recorded_for_keys_and_items() -> None:
    doc = parse_yaml(b"a: 1\nq:\n  - id: x\n  - id: y\n", "t.yaml")
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("q",)) == 2
    assert doc.line_of(("q", 1)) == 4
    assert doc.line_of(("q", 1, "id")) == 4
    assert doc.line_of(("q", 1, "missing")) == 4
    assert doc.line_of(("q", 7)) == 2
    assert doc.line_of(("a", "below", "a", "scalar")) == 1
    assert doc.line_of(()) == 1


def test_sha256_is_of_the_exact_bytes() -> None:
    import hashlib

    raw = b"a: 1\n"
    assert parse_yaml(raw, "t.yaml").sha256 == hashlib.sha256(raw).hexdigest()


def test_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="more than the"):
        load_yaml_file(big)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_yaml_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_yaml_file(tmp_path)


# --- lines: checked against PyYAML's own composer, an independent reading of the same text --------

_names = st.text(alphabet="abcdefgh_", min_size=1, max_size=6)
_leaves = st.one_of(
    st.integers(min_value=0, max_value=10**6), _names, st.none(), st.sampled_from(["yes", "no"])
)
_trees = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.dictionaries(_names, inner, min_size=1, max_size=4),
    ),
    max_leaves=25,
)


def _composer_lines(node: yaml.Node, path: tuple[str | int, ...] = ()) -> dict[tuple, int]:
    """Every key's and list item's line as PyYAML's composer marks it (1-based)."""
    found: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found[(*path, key.value)] = key.start_mark.line + 1
            found.update(_composer_lines(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found[(*path, index)] = item.start_mark.line + 1
            found.update(_composer_lines(item, (*path, index)))
    return found


@settings(max_examples=150, deadline=None)
@given(tree=st.dictionaries(_names, _trees, min_size=1, max_size=5), flow=st.booleans())
def test_every_key_and_item_has_the_line_pyyaml_gives(tree: dict[str, object], flow: bool) -> None:
    text = yaml.safe_dump(tree, default_flow_style=None if flow else False, sort_keys=False)
    expected = _composer_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    doc = parse_yaml(text.encode(), "t.yaml")
    assert doc.data == tree
    got = {path: doc.line_of(path) for path in expected}
    assert got == expected
    assert doc.line_of(()) == 1


# --- one reader: what the removed fast reader and PyYAML's pure-Python parser got wrong ------------


@pytest.mark.parametrize(
    ("text", "data"),
    [
        # a trailing comma in a flow list is allowed and adds no item (the fast reader read '2, ')
        ("k: [1, 2, ]\n", {"k": [1, 2]}),
        ("k0: {1: [[], +1,  ]}\n", {"k0": {"1": [[], 1]}}),
        # a space and a tab after a value are not part of it (PyYAML's pure-Python parser refused)
        ("a: 1 \t\nb: x \t\n", {"a": 1, "b": "x"}),
        # 28 digits and a letter: text, for validation to refuse (the fast reader took 17 s)
        ("units:\n  - results: {a: " + "1" * 28 + "x}\n", {"units": [{"results": {"a": "1" * 28 + "x"}}]}),
        ("units:\n  - results: {a: " + "1" * 60 + "x}\n", {"units": [{"results": {"a": "1" * 60 + "x"}}]}),
    ],
)  # fmt: skip
def test_flow_and_spacing_read_as_libyaml_reads_them(text: str, data: object) -> None:
    assert load(text) == data


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: x\nk: [[],  , ]\n", 2),  # an empty item between commas: not YAML
        ("title: x\n{strike:{yes: 1}}\n", 2),  # no space after ':' (the pure-Python parser read it)
    ],
)
def test_invalid_flow_is_a_located_error(text: str, line: int) -> None:
    assert error(text).startswith(f"t.yaml:{line}: invalid YAML: ")


def test_pyyaml_without_libyaml_is_one_clear_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A PyYAML built without its C parser would read some files differently: refuse to run."""
    monkeypatch.setattr(yaml_strict, "_CParser", None)
    result = CliRunner().invoke(cli, ["result", str(BALLOTS / "jcp-2011.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "libyaml" in lines[0] and "pyyaml" in lines[0], lines
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
