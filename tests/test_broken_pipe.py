"""A reader that stops early (`ballotcalc check ballots/*.yaml | head -1`) gets a quiet exit.

Not an "internal error", not a traceback, not Python's "Exception ignored ... BrokenPipeError" at
shutdown: exit code 141 (128 + SIGPIPE, what a shell reports for `yes | head -1`) and nothing on
stderr. Run in real processes, since the point is what a shell pipeline sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BALLOTS, ROOT

HANG_GUARD_SECONDS = 120
"""Only to stop a wedged pipeline from hanging the suite; no assertion is made about time."""

SHIPPED = sorted(str(p.relative_to(ROOT)) for p in BALLOTS.glob("*.yaml"))
JUDGED = [p for p in SHIPPED if "hmrc-2011" not in p and not p.endswith("-live.yaml")]
"""The shipped ballots with results (the live ones are for `target`)."""
UNITS = "ballots/illustrative-nhs-trusts-2022.yaml"

COMMANDS = [
    ["check", *JUDGED],
    ["result", *JUDGED],
    ["result", "ballots/"],
    ["result", "--format", "json", *JUDGED],
    ["result", "--format", "csv", *JUDGED],
    ["summary", "--format", "html", UNITS],
    ["notice", "--to", "members", UNITS],
    ["timeline", "ballots/hmrc-2011.yaml"],
    ["target", "ballots/hmrc-2011.yaml"],
    ["target", "ballots/illustrative-nhs-trusts-2022-live.yaml"],
    ["rules"],
    ["schema"],
    ["new", "--no-input"],
    ["--help"],
    ["--version"],
    ["check", "--help"],
]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALLOTCALC_")}
    env["NO_COLOR"] = "1"
    return env


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_closed_stdout_exits_quietly(args: list[str]) -> None:
    """stdout is a pipe whose reader is already gone: the first write fails, deterministically."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ballotcalc", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=_env(),
            timeout=HANG_GUARD_SECONDS,
            check=False,
        )
    finally:
        os.close(write_end)
    stderr = done.stderr.decode("utf-8", "replace")
    assert stderr == "", stderr
    assert done.returncode == 141


def test_pipe_into_head(tmp_path: Path) -> None:
    """The shell pipeline itself, with the report's command scaled up: `check` on 100 copies of the
    shipped ballots (copies, since a file named twice is checked once) writes about 850 kB line by
    line, far more than a pipe holds, so it must meet the closed pipe once `head` has its line."""
    head = shutil.which("head")
    if head is None or shutil.which("bash") is None:
        pytest.skip("no `head` or `bash` on this system: the shell pipeline test is skipped")
    copies = []
    for n in range(100):
        shutil.copytree(BALLOTS, tmp_path / f"b{n:03}")
        copies += [f"b{n:03}/{Path(p).name}" for p in JUDGED]
    command = (
        f"{sys.executable} -m ballotcalc check {' '.join(copies)} "
        f'| {head} -1; echo "status=${{PIPESTATUS[0]}}" >&2'
    )
    done = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.stdout == f"{copies[0]}: strike: mandate\n"  # CWU 2023: a mandate (77.3% turnout)
    assert done.stderr == "status=141\n", done.stderr


def test_check_into_head_never_reports_an_internal_error() -> None:
    """The report's own example. Whether `check` meets the closed pipe depends on timing (its
    output may fit in the pipe's buffer), so the exit is 141 or check's own code, never 2."""
    if shutil.which("bash") is None:
        pytest.skip("no `bash` on this system: the shell pipeline test is skipped")
    command = f"{sys.executable} -m ballotcalc check {' '.join(JUDGED)} | head -1; " + (
        'echo "status=${PIPESTATUS[0]}" >&2'
    )
    done = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr in ("status=141\n", "status=1\n"), done.stderr
