"""The shared per-unit pieces (commands/per_employer.py): `--unit` picks units by exact name, an
unknown name is refused with the closest one suggested, and the per-unit documents go one file
per unit to `-o DIR/` or, together, to one document with a break before each unit's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ballotcalc.commands.per_employer import (
    MARKDOWN_SEPARATOR,
    PAGE_BREAK_CLASS,
    TEXT_SEPARATOR,
    emit_per_unit,
    pick_each,
    pick_units,
    together,
)
from ballotcalc.errors import InputError


@dataclass(frozen=True)
class U:
    name: str


UNITS = [U("Leeds Teaching Hospitals"), U("Leeds Community"), U("St Mary's"), U("Bootle")]


def test_no_unit_named_means_every_unit_in_the_ballots_order() -> None:
    assert pick_units(UNITS, (), file="b.yaml") == UNITS


def test_a_name_matches_exactly_with_case_ignored_in_the_ballots_order() -> None:
    picked = pick_units(UNITS, ("bootle", "LEEDS COMMUNITY", "Bootle"), file="b.yaml")
    assert picked == [U("Leeds Community"), U("Bootle")]


def test_part_of_a_name_picks_nothing_and_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        pick_units(UNITS, ("Leeds",), file="b.yaml")
    [problem] = caught.value.problems
    assert str(problem).startswith("b.yaml: --unit: no unit is named 'Leeds'")


def test_an_unknown_name_is_refused_with_the_closest_suggested() -> None:
    with pytest.raises(InputError) as caught:
        pick_units(UNITS, ("St Marys", "Bootle", "Nowhere At All"), file="b.yaml")
    first, second = caught.value.problems
    assert first.message == "no unit is named 'St Marys'; did you mean 'St Mary's'?"
    assert first.path == "--unit"
    assert "'Nowhere At All'" in second.message
    assert "did you mean" not in second.message


def test_markdown_and_text_documents_are_joined_by_a_clear_separator() -> None:
    assert together(["# A\n", "# B\n"], "markdown") == "# A" + MARKDOWN_SEPARATOR + "# B\n"
    assert together(["A\n", "B\n"], "text") == "A" + TEXT_SEPARATOR + "B\n"
    assert together(["only\n"], "text") == "only\n"


def test_html_documents_become_one_page_each_later_one_breaking_the_page() -> None:
    page = "<!DOCTYPE html><html><head><title>{0}</title></head><body><p>{0}</p></body></html>"
    joined = together([page.format("A"), page.format("B"), page.format("C")], "html")
    assert joined.count("<body>") == 1 and joined.count("</html>") == 1
    assert joined.count(f'class="{PAGE_BREAK_CLASS}"') == 2
    assert joined.count("break-before: page") == 2
    assert joined.index("<p>A</p>") < joined.index("<p>B</p>") < joined.index("<p>C</p>")
    assert "<title>A</title>" in joined


def _render(contexts: list[str] | tuple[str, ...]) -> str:
    return "|".join(contexts)


def test_to_a_directory_each_unit_is_its_own_file_and_nothing_else(tmp_path: Path) -> None:
    docs = [("North Trust", "north"), ("South/Trust", "south")]
    emit_per_unit(docs, _render, "markdown", f"{tmp_path}/", force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["North-Trust.md", "South-Trust.md"]
    assert (tmp_path / "South-Trust.md").read_text() == "south"


def test_to_a_file_the_units_are_one_document(tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    emit_per_unit([("A", "a"), ("B", "b")], _render, "html", str(out), force=False)
    assert out.read_text() == "a|b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.html"]


def test_across_several_ballots_a_name_must_be_in_one_of_them() -> None:
    north, south = [U("A"), U("B")], [U("C")]
    assert pick_each([("n.yaml", north), ("s.yaml", south)], ("c", "A")) == [[U("A")], [U("C")]]
    with pytest.raises(InputError) as caught:
        pick_each([("n.yaml", north), ("s.yaml", south)], ("D",))
    [problem] = caught.value.problems
    assert str(problem).startswith("n.yaml, s.yaml: --unit: no unit is named 'D'")


def test_a_name_inside_another_picks_only_the_unit_of_that_exact_name() -> None:
    units = [U("Leeds"), U("Leeds Teaching Hospitals"), U("North Leeds")]
    assert pick_units(units, ("LEEDS",), file="b.yaml") == [U("Leeds")]
    assert pick_each([("a.yaml", units), ("b.yaml", [U("Leeds West")])], ("leeds",)) == [
        [U("Leeds")],
        [],
    ]
