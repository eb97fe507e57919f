"""Which ballot files read a units or workforce CSV, so that a change to the CSV alone is checked.

A pre-commit hook is given the files a commit changes. When only a CSV changed, the ballot that
reads it (`units_csv:` or `workforce_csv:`) is the thing to check; it is found among the YAML files
in the CSV's own folder, where `ballotcalc new` and the documentation put it. Only files that
mention one of those keys are parsed, so a folder of large inline-units ballots costs a read, not a
parse, each.
"""

from __future__ import annotations

import os
from pathlib import Path

from ballotcalc.errors import InputError, Problem
from ballotcalc.loading import load_yaml_file, read_bytes

BALLOT_SUFFIXES = (".yaml", ".yml")
CSV_KEYS = ("units_csv", "workforce_csv")
"""The keys by which a ballot file names a CSV it reads."""


def is_units_csv(file: str) -> bool:
    return file.lower().endswith(".csv")


def ballots_naming(csv_file: str) -> list[str]:
    """The ballot files beside `csv_file` whose `units_csv:` or `workforce_csv:` is that file, as
    paths shown the way the CSV's was given. A ballot that mentions the CSV's name but cannot be read is included, so
    its own error is reported rather than lost."""
    folder = os.path.dirname(csv_file)
    target = Path(csv_file).resolve()
    name = os.path.basename(csv_file).encode()
    found = []
    for entry in sorted(os.listdir(folder or ".")):
        shown = os.path.join(folder, entry)
        path = Path(shown)
        if not entry.lower().endswith(BALLOT_SUFFIXES) or not path.is_file():
            continue
        try:
            raw = read_bytes(path, shown)
        except InputError:
            continue
        if not any(key.encode() in raw for key in CSV_KEYS) or name not in raw:
            continue
        try:
            data = load_yaml_file(path, shown).data
        except InputError:
            found.append(shown)
            continue
        for key in CSV_KEYS:
            named = data.get(key) if isinstance(data, dict) else None
            if isinstance(named, str) and (path.parent / named.strip()).resolve() == target:
                found.append(shown)
                break
    return found


def with_ballots_for_csvs(files: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
    """`files` with each units CSV replaced by the ballot files that read it, each file once.

    A CSV that no ballot beside it names is a problem: checking nothing would pass silently.
    """
    out: list[str] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(file: str) -> None:
        key = Path(file).resolve()
        if key not in seen:
            seen.add(key)
            out.append(file)

    for file in files:
        if not is_units_csv(file):
            add(file)
            continue
        if not Path(file).is_file():
            problems.append(Problem(file, "no such file"))
            continue
        owners = ballots_naming(file)
        if not owners:
            problems.append(
                Problem(
                    file,
                    "no ballot file in this folder names it as units_csv: or workforce_csv:, so "
                    "nothing checks it; "
                    "give the ballot file that reads it",
                )
            )
        for owner in owners:
            add(owner)
    return out, problems
