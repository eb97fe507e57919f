"""`-o PATH` writes only regular files, leaves no temporary file behind, and a failed write to
stdout or to the target is one line naming it, exit 2.

Special files are made in tmp_path (a FIFO, a directory, a Unix socket, a symbolic link, and as
root a character device with the numbers of /dev/null); no real /dev node is touched except
/dev/full as a child process's stdout, which is what `> /dev/full` does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ROOT, Run

GOOD = str(ROOT / "ballots/jcp-2011.yaml")
LIVE = str(ROOT / "ballots/hmrc-2011.yaml")
HANG_GUARD_SECONDS = 120
"""Only so a wedged child cannot hang the suite; nothing is asserted about time."""

WRITERS: dict[str, list[str]] = {
    "summary": ["summary", GOOD],
    "notice": ["notice", "--to", "members", GOOD],
    "timeline": ["timeline", LIVE],
}


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()


@contextlib.contextmanager
def _socket_at(path: Path) -> Iterator[None]:
    """A listening Unix socket at `path` (bound by a short relative name: the limit is ~100)."""
    here = Path.cwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.bind(path.name)
            yield
    finally:
        os.chdir(here)


def _device(path: Path) -> None:
    """A character device node with /dev/null's numbers, in tmp_path (root only)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        message = "cannot make a device node here (not root, or no CAP_MKNOD)"
        print(f"SKIP: {message}")
        pytest.skip(message)


MAKERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "is a FIFO (named pipe), not a regular file"),
    "directory": (_directory, "is a directory; give a file name"),
    "device": (_device, "is a device, not a regular file"),
}


def _kind(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("command", sorted(WRITERS))
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_special_target_is_refused(
    run: Run, tmp_path: Path, kind: str, command: str, force: bool
) -> None:
    make, message = MAKERS[kind]
    target = tmp_path / "target"
    make(target)
    before = _kind(target)
    args = [*WRITERS[command], "-o", str(target), *(["--force"] if force else [])]
    result = run(*args, expect=2)
    line = result.stderr.strip()
    assert line.startswith(f"{target}: {message}") and "\n" not in line, line
    assert _kind(target) == before  # still the FIFO, directory or device it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no temporary file


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_socket_target_is_refused(run: Run, tmp_path: Path, command: str) -> None:
    target = tmp_path / "s"
    with _socket_at(target):
        result = run(*WRITERS[command], "-o", str(target), "--force", expect=2)
        assert stat.S_ISSOCK(os.lstat(target).st_mode)
    line = result.stderr.strip()
    assert line.startswith(f"{target}: is a socket, not a regular file") and "\n" not in line


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_symbolic_link_target_is_refused_and_kept(run: Run, tmp_path: Path, force: bool) -> None:
    """Decision: never write through a link (it could point anywhere) nor replace it."""
    real = tmp_path / "real.md"
    real.write_text("earlier\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    args = [*WRITERS["summary"], "-o", str(link), *(["--force"] if force else [])]
    result = run(*args, expect=2)
    line = result.stderr.strip()
    assert line.startswith(f"{link}: is a symbolic link") and "\n" not in line
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "earlier\n"


def test_dangling_symbolic_link_is_refused(run: Run, tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nowhere.md")
    result = run(*WRITERS["summary"], "-o", str(link), "--force", expect=2)
    assert result.stderr.startswith(f"{link}: is a symbolic link")
    assert not (tmp_path / "nowhere.md").exists()


def test_regular_file_is_still_replaced_with_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "notice.md"
    target.write_text("earlier\n", encoding="utf-8")
    run(*WRITERS["notice"], "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("# Ballot result: notice to members")


# --- temporary files -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_stale_temporary_file_is_named_in_a_warning(run: Run, tmp_path: Path, command: str) -> None:
    """Decision: named, not deleted (it may be another run's, being written right now)."""
    target = tmp_path / "out.txt"
    stale = tmp_path / ".out.txt.k3x_9a2b.tmp"  # as `kill -9` during a write leaves it
    stale.write_text("half a notice", encoding="utf-8")
    unrelated = tmp_path / ".other.txt.k3x_9a2b.tmp"
    unrelated.write_text("", encoding="utf-8")
    result = run(*WRITERS[command], "-o", str(target))
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, result.stderr
    assert (
        warnings[0].startswith(f"{target}: warning: ") and "'.out.txt.k3x_9a2b.tmp'" in warnings[0]
    )
    assert stale.read_text(encoding="utf-8") == "half a notice"
    assert target.exists()


WRITE_AND_SIGNAL = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import ballotcalc.output as output

    # SIGTERM and SIGHUP at their default action, as a terminal session leaves them: a run under
    # nohup inherits SIGHUP ignored, and ballotcalc leaves an ignored signal ignored
    for signum in output.CLEANUP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)

    def write_then_signal(fd, data):
        os.write(fd, data[:10])
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
        os.write(fd, data[10:])

    output._write_all = write_then_signal
    try:
        output.write_atomic(Path(sys.argv[1]), "a whole notice\\n" * 100, force=True)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)
    """
)


@pytest.mark.parametrize(
    ("name", "returncode"),
    [("SIGTERM", -signal.SIGTERM), ("SIGHUP", -signal.SIGHUP), ("SIGINT", 130)],
)
def test_signal_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, name: str, returncode: int
) -> None:
    target = tmp_path / "notice.md"
    target.write_text("earlier\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", WRITE_AND_SIGNAL, str(target), name],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.returncode == returncode, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.md"]
    assert target.read_text(encoding="utf-8") == "earlier\n"


def test_handlers_are_restored_after_a_write(tmp_path: Path) -> None:
    from ballotcalc.output import write_atomic

    before = signal.getsignal(signal.SIGTERM)
    write_atomic(tmp_path / "x.md", "text\n")
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_error_mid_write_leaves_no_temporary_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    target = tmp_path / "summary.md"
    result = run(*WRITERS["summary"], "-o", str(target), expect=2)
    assert result.stderr.strip() == f"{target}: cannot write: Input/output error"
    assert list(tmp_path.iterdir()) == []


# --- standard output -------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALLOTCALC_")}
    env["NO_COLOR"] = "1"
    return env


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["result", GOOD],
        ["result", "--format", "json", GOOD],
        ["result", "--format", "csv", "--bom", GOOD],
        ["check", GOOD],
        ["summary", GOOD],
        ["timeline", "--format", "ics", LIVE],
        ["rules"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_full_disk_on_stdout_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:  # a device, as `> /dev/full` opens it
        done = subprocess.run(
            [sys.executable, "-m", "ballotcalc", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=_env(),
            timeout=HANG_GUARD_SECONDS,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "standard output: cannot write: no space left on the device"
    ]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_output_file_is_unaffected_by_a_full_stdout(tmp_path: Path) -> None:
    """`-o` writes the file; only the note on stderr and nothing on stdout."""
    target = tmp_path / "t.ics"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ballotcalc", "timeline", "--format", "ics",
             LIVE, "-o", str(target)],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=_env(),
            timeout=HANG_GUARD_SECONDS, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
