"""Hostile YAML: each case ends with a clear message or a correct result, in bounded memory and time.

Each runs `python -m ballotcalc` in a child process capped at 1 GiB of address space and a generous
time limit: the limits are a guard against blow-ups (an alias bomb expanding, a recursion), not a
speed target (speed is measured in benchmarks/).
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

MEMORY_CAP = 1024 * 1024 * 1024
TIME_CAP_SECONDS = 120

GOOD = "title: t\nclosed: 2011-01-01\nvotes_cast: 10\nyes: 6\nno: 4\n"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ballotcalc", *args, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit,
        timeout=TIME_CAP_SECONDS,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


def billion_laughs() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        text += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text + "title: t\n"


CASES = {
    "billion-laughs": (billion_laughs(), 2, ":1: anchors and aliases"),
    # Past libyaml's own limit its words may be used; what we promise is the exit code and FILE:1.
    "nested-10000": ("title: " + "[" * 10_000 + "]" * 10_000 + "\n", 2, ":1: "),
    "nested-40": ("title: " + "[" * 40 + "]" * 40 + "\n", 2, ":1: nested more than 32"),
    "long-line": (
        "title: " + "x" * 2_000_000 + "\n" + GOOD[9:],
        2,
        "title: String should have at most 500 characters",
    ),
    "ten-megabytes": ("# padding\n" * 1_000_000 + GOOD, 0, None),
    "bom-crlf": ("\ufeff" + GOOD.replace("\n", "\r\n"), 0, None),
    "tab-indent": ("title: t\nquestions:\n\t- id: q\n", 2, ":3: indent with spaces, not a tab"),
    "five-thousand-digits": (  # more than Python converts: text, so a validation error
        GOOD.replace("votes_cast: 10", "votes_cast: " + "1" * 5000),
        2,
        ":3: votes_cast: must be a whole number",
    ),
    "control-character": ("title: t\x1b[2J\n" + GOOD[9:], 2, ":1: character U+001B"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    text, code, message = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    done = run_capped(path, "result", "--format", "json")
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == code, done.stderr
    if message is None:
        assert '"verdict": "pass"' in done.stdout
    else:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(str(path)) and message in lines[0], lines[0]
