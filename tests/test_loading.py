"""The strict YAML loader: every PyYAML pitfall that can change a ballot's figures is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ballotcalc.errors import InputError
from ballotcalc.loading import MAX_FILE_BYTES, load_yaml_file, parse_yaml
from ballotcalc.yaml_strict import HAVE_LIBYAML

Reader = dict[str, bool]
"""How `parse_yaml` is called: the strict loader on each parser, and the default (fast reader first)."""

PARSERS = [
    pytest.param({"pure_python": True}, id="pure-python"),
    pytest.param({}, id="default"),
]
if HAVE_LIBYAML:
    PARSERS.append(pytest.param({"strict_only": True}, id="libyaml"))
else:  # pragma: no cover
    print("libyaml is not available: only the pure-Python parser is tested")


def load(text: str, how: Reader) -> object:
    return parse_yaml(text.encode(), "t.yaml", **how).data


def error(text: str | bytes, how: Reader | None = None) -> str:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        parse_yaml(raw, "t.yaml", **(how or {}))
    return str(info.value)


@pytest.mark.parametrize("how", PARSERS)
def test_yes_no_on_off_stay_strings(how: Reader) -> None:
    data = load("yes: 1\nno: 2\non: off\noff: yes\n", how)
    assert data == {"yes": 1, "no": 2, "on": "off", "off": "yes"}


@pytest.mark.parametrize("how", PARSERS)
@pytest.mark.parametrize(
    ("written", "meaning"),
    [("0123", "0123"), ("1:20", "1:20"), ("1_000", "1_000"), ("0x1F", "0x1F"), ("0o17", "0o17"),
     ("12", 12), ("-3", -3), ("0", 0), ("1.5", 1.5), ("true", True), ("~", None), ("'7'", "7")],
)  # fmt: skip
def test_only_plain_decimals_are_numbers(how: Reader, written: str, meaning: object) -> None:
    value = load(f"n: {written}\n", how)
    assert value == {"n": meaning}
    assert type(value["n"]) is type(meaning)  # type: ignore[index]


@pytest.mark.parametrize("how", PARSERS)
def test_duplicate_key_names_both_lines(how: Reader) -> None:
    message = error(
        "title: x\nresults:\n  strike: {yes: 1, no: 2}\n  strike: {yes: 3, no: 4}\n", how
    )
    assert message == "t.yaml:4: duplicate key 'strike' (first given on line 3)"


@pytest.mark.parametrize("how", PARSERS)
def test_aliases_and_anchors_are_refused(how: Reader) -> None:
    assert "anchors and aliases" in error("a: &x 1\nb: *x\n", how)


@pytest.mark.parametrize("how", PARSERS)
def test_billion_laughs_is_refused_at_once(how: Reader) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert "t.yaml:1: anchors and aliases" in error(bomb, how)


@pytest.mark.parametrize("how", PARSERS)
def test_tags_are_refused(how: Reader) -> None:
    assert "tags" in error("a: !!python/object/apply:os.system ['true']\n", how)


@pytest.mark.parametrize("how", PARSERS)
def test_nesting_beyond_our_limit_is_refused_by_our_guard(how: Reader) -> None:
    """Deeper than a ballot ever nests but well inside any parser's own limit: our message."""
    message = error("a: " + "[" * 40 + "]" * 40 + "\n", how)
    assert message.startswith("t.yaml:1: nested more than 32 levels deep")


@pytest.mark.parametrize("how", PARSERS)
def test_very_deep_nesting_is_a_located_error_whichever_layer_refuses_it(how: Reader) -> None:
    """10,000 levels: the parser may refuse before our guard sees the events (libyaml 0.2.5 does,
    with its own words). What we promise is one located line, never a crash or a hang."""
    message = error("a: " + "[" * 10_000 + "]" * 10_000 + "\n", how)
    assert message.startswith("t.yaml:1: ") and "\n" not in message


def test_not_utf8_names_the_byte() -> None:
    assert error(b"title: caf\xe9\n") == (
        "t.yaml:1: is not UTF-8 text (byte 0xe9 at offset 10); save it as UTF-8"
    )


@pytest.mark.parametrize("how", PARSERS)
def test_bom_and_crlf_are_fine(how: Reader) -> None:
    raw = "\ufefftitle: x\r\nyes: 3\r\n".encode()
    assert parse_yaml(raw, "t.yaml", **how).data == {"title": "x", "yes": 3}


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
    for how in ({}, {"strict_only": True}, {"pure_python": True}):  # lines found lazily, or not
        doc = parse_yaml(text.encode(), "t.yaml", **how)
        assert doc.data == tree
        got = {path: doc.line_of(path) for path in expected}
        assert got == expected
        assert doc.line_of(()) == 1
