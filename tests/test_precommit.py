"""The pre-commit hooks: a commit that changes only a units CSV is checked against the ballot that
reads it, and the example configuration selects ballots, not pre-commit's own YAML.

pre-commit itself is not a test dependency (installing a hook's environment needs the package
index), so these tests check the hooks file, run its entry as pre-commit would on the files a
real git commit stages, and check the CSV handling of `validate` and `check` directly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ballotcalc.cli import cli
from conftest import ROOT, Run

HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
EXAMPLE_FILES = re.search(
    r"^#\s+files: (\S+)$", (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"), re.M
)
TAGS_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
"""The `identify` tags pre-commit gives these names (identify's extension table)."""

BALLOT = """\
title: Pay 2024
opened: 2024-10-01
closed: 2024-10-29
units_csv: {csv}
questions:
  - {{id: strike, type: strike}}
"""
CSV = "Workplace,Eligible,Votes cast,Strike Yes,Strike No\nNorth,100,60,40,20\nSouth,80,50,30,20\n"
BAD_CSV = CSV.replace("South,80,50,", "South,80,90,")  # 90 votes cast from 80 entitled, line 3


def selected(hook: dict[str, Any], paths: list[str], files: str | None = None) -> list[str]:
    """The files pre-commit passes to `hook`: `types_or`, then `files` (the user's, else the
    hook's) and `exclude`, each searched as a regular expression."""
    tags = set(hook.get("types_or", [])) | set(hook.get("types", []))
    pattern = files if files is not None else hook.get("files", "")
    exclude = hook.get("exclude", "^$")
    return [
        p
        for p in paths
        if TAGS_BY_SUFFIX.get(Path(p).suffix.lower()) in tags
        and re.search(pattern, p)
        and not re.search(exclude, p)
    ]


def run_hook(
    hook: dict[str, Any], folder: Path, files: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """Run the hook's entry on `files` from `folder`, as pre-commit runs it."""
    from click.testing import CliRunner

    program, *arguments = hook["entry"].split()
    assert program == "ballotcalc"
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, [*arguments, *files])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_hook_definition(hook: dict[str, Any]) -> None:
    assert hook["id"] in ("ballotcalc-validate", "ballotcalc-check")
    assert hook["language"] == "python"
    assert {"yaml", "csv"} <= set(hook["types_or"])
    command = hook["entry"].split()[1]
    assert command in cli.list_commands(None)  # type: ignore[arg-type]
    exclude = hook["exclude"]
    assert re.search(exclude, ".pre-commit-config.yaml")
    assert not re.search(exclude, "ballots/pay.yaml")


def test_example_configuration_selects_ballots_only() -> None:
    assert EXAMPLE_FILES, "the hooks file gives an example `files:`"
    files = EXAMPLE_FILES.group(1)
    paths = [
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "ballots/pay.yaml",
        "ballots/2024/pay.yml",
        "ballots/pay-units.csv",
        "ballots/README.md",
        "exports/result.csv",
    ]
    assert selected(HOOKS[0], paths, files) == [
        "ballots/pay.yaml",
        "ballots/2024/pay.yml",
        "ballots/pay-units.csv",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_a_commit_of_only_the_csv_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: dict[str, Any]
) -> None:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    (tmp_path / "ballots").mkdir()
    (tmp_path / "ballots" / "pay.yaml").write_text(BALLOT.format(csv="pay-units.csv"), "utf-8")
    (tmp_path / "ballots" / "pay-units.csv").write_text(CSV, "utf-8")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "ballot")
    (tmp_path / "ballots" / "pay-units.csv").write_text(BAD_CSV, "utf-8")
    git("add", "-A")
    staged = git("diff", "--cached", "--name-only").split()
    assert staged == ["ballots/pay-units.csv"]

    files = selected(hook, staged, EXAMPLE_FILES.group(1) if EXAMPLE_FILES else None)
    assert files == ["ballots/pay-units.csv"]
    code, stderr = run_hook(hook, tmp_path, files, monkeypatch)
    assert code == 2
    assert stderr.startswith("ballots/pay-units.csv:3: column 'Votes cast': votes_cast 90")


# --- validate and check given a CSV ------------------------------------------------------------


def folder(tmp_path: Path, ballots: dict[str, str], csvs: dict[str, str]) -> Path:
    for name, text in {**ballots, **csvs}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_validate_a_good_csv_checks_its_ballot(run: Run, tmp_path: Path) -> None:
    folder(tmp_path, {"pay.yaml": BALLOT.format(csv="units.csv")}, {"units.csv": CSV})
    assert run("validate", str(tmp_path / "units.csv")).stderr == ""


def test_validate_a_bad_csv_points_into_it(run: Run, tmp_path: Path) -> None:
    folder(tmp_path, {"pay.yaml": BALLOT.format(csv="units.csv")}, {"units.csv": BAD_CSV})
    lines = run("validate", str(tmp_path / "units.csv"), expect=2).stderr.splitlines()
    assert lines == [
        f"{tmp_path / 'units.csv'}:3: column 'Votes cast': votes_cast 90 is more "
        "than eligible 80: more papers came back than there were people entitled "
        "to vote; check both figures"
    ]


def test_check_a_csv_judges_its_ballot(run: Run, tmp_path: Path) -> None:
    folder(tmp_path, {"pay.yaml": BALLOT.format(csv="units.csv")}, {"units.csv": CSV})
    out = run("check", str(tmp_path / "units.csv")).stdout.splitlines()
    # North: 60 of 100 voted, 40 Yes to 20 No; South: 50 of 80, 30 to 20 (turnout over 50%)
    assert out == [
        f"{tmp_path / 'pay.yaml'}: North: strike: mandate",
        f"{tmp_path / 'pay.yaml'}: South: strike: mandate",
    ]


def test_every_ballot_naming_the_csv_is_checked_once(run: Run, tmp_path: Path) -> None:
    folder(
        tmp_path,
        {
            "a.yaml": BALLOT.format(csv="units.csv"),
            "b.yml": BALLOT.format(csv="./units.csv"),
            "c.yaml": BALLOT.format(csv="units.csv.old"),  # another file: not checked
        },
        {"units.csv": BAD_CSV, "units.csv.old": "not a units table\n"},
    )
    csv = str(tmp_path / "units.csv")
    lines = run("validate", csv, str(tmp_path / "a.yaml"), csv, expect=2).stderr.splitlines()
    # a.yaml and b.yml each read the bad CSV once; c.yaml is not read
    assert [line.split(": ")[0] for line in lines] == [f"{csv}:3", f"{csv}:3"]


def test_a_csv_no_ballot_names_is_an_error(run: Run, tmp_path: Path) -> None:
    folder(tmp_path, {"pay.yaml": BALLOT.format(csv="other.csv")}, {"units.csv": CSV})
    result = run("validate", str(tmp_path / "units.csv"), expect=2)
    assert result.stderr.startswith(f"{tmp_path / 'units.csv'}: no ballot file in this folder")
    assert result.stderr.count("\n") == 1


def test_an_unreadable_ballot_naming_the_csv_reports_its_own_error(
    run: Run, tmp_path: Path
) -> None:
    broken = BALLOT.format(csv="units.csv") + "title: again\n"
    folder(tmp_path, {"pay.yaml": broken}, {"units.csv": CSV})
    result = run("validate", str(tmp_path / "units.csv"), expect=2)
    assert result.stderr.startswith(f"{tmp_path / 'pay.yaml'}:7: duplicate key 'title'")


def test_a_missing_csv_is_an_error(run: Run, tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "gone.csv"), expect=2)
    assert result.stderr == f"{tmp_path / 'gone.csv'}: no such file\n"
