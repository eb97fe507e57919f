"""Same input, byte-identical machine output, whatever the locale, timezone or hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "random", "TZ": "America/St_Johns", "LANG": "de_DE.UTF-8"},
]
FILES = ["ballots/rmt-lu-pay-2025.yaml", "ballots/pcs-2019-pay.yaml", "ballots/jcp-2011.yaml"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_output_is_byte_identical(fmt: str) -> None:
    outputs = set()
    for extra in ENVIRONMENTS:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **extra}
        done = subprocess.run(
            [sys.executable, "-m", "ballotcalc", "result", "--format", fmt, *FILES],
            capture_output=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_no_clock_in_output() -> None:
    import datetime as dt

    done = subprocess.run(
        [sys.executable, "-m", "ballotcalc", "result", "--format", "json", *FILES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert dt.date.today().isoformat() not in done.stdout


@pytest.mark.parametrize("file", FILES)
def test_calendar_is_byte_identical(file: str) -> None:
    """The same ballot file (same content and modification time) gives the same .ics."""
    outputs = set()
    for extra in ENVIRONMENTS:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **extra}
        done = subprocess.run(
            [sys.executable, "-m", "ballotcalc", "timeline", "--format", "ics", file],
            capture_output=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
