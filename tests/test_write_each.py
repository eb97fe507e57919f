"""One file per employer (`-o DIR/`): safe names, collisions and existing files refused before
anything is written, and nothing else in the folder touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from ballotcalc.errors import InputError
from ballotcalc.output import is_directory_target, safe_file_name, write_each


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Leeds Teaching Hospitals", "Leeds-Teaching-Hospitals"),
        ("HM Revenue & Customs / Bootle", "HM-Revenue-Customs-Bootle"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("-rf", "rf"),
        ("Ysbyty Gwynedd — Bangor", "Ysbyty-Gwynedd-Bangor"),
        ("Hôpital Saint-Émile", "Hôpital-Saint-Émile"),
        ("///", "unit"),
        ("a" * 300, "a" * 100),
    ],
)
def test_a_unit_name_becomes_a_safe_file_name(name: str, file_name: str) -> None:
    assert safe_file_name(name) == file_name


def test_each_document_is_its_own_file_and_nothing_else_is_written(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    write_each(tmp_path, [("North Trust", "north"), ("South Trust", "south")], ".md", force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "North-Trust.md",
        "South-Trust.md",
        "notes.txt",
    ]
    assert (tmp_path / "North-Trust.md").read_text() == "north"
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_two_units_that_would_share_a_file_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        write_each(tmp_path, [("A", "a"), ("North/Trust", "1"), ("north trust", "2")], ".md",
                   force=False)  # fmt: skip
    [problem] = caught.value.problems
    assert "'North/Trust' and 'north trust'" in problem.message
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_with_force_and_then_none_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "B.md").write_text("earlier")
    with pytest.raises(InputError) as caught:
        write_each(tmp_path, [("A", "a"), ("B", "b")], ".md", force=False)
    assert [p.file for p in caught.value.problems] == [str(tmp_path / "B.md")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["B.md"]
    write_each(tmp_path, [("A", "a"), ("B", "b")], ".md", force=True)
    assert (tmp_path / "B.md").read_text() == "b"


def test_a_failed_write_removes_the_files_this_call_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ballotcalc.output as output

    real = output.write_atomic
    calls = []

    def failing_second(target: Path, text: str | bytes, *, force: bool = False) -> tuple[()]:
        calls.append(target)
        if len(calls) == 2:
            raise InputError.single(str(target), "cannot write: no space left on the device")
        real(target, text, force=force)
        return ()

    monkeypatch.setattr(output, "write_atomic", failing_second)
    with pytest.raises(InputError):
        write_each(tmp_path, [("A", "a"), ("B", "b")], ".md", force=False)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a directory"):
        write_each(tmp_path / "absent", [("A", "a")], ".md", force=False)


def test_directory_targets(tmp_path: Path) -> None:
    assert is_directory_target("notices/")
    assert is_directory_target(str(tmp_path))
    assert not is_directory_target(str(tmp_path / "notice.md"))
    assert not is_directory_target("-")
    assert not is_directory_target(None)
