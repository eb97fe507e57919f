"""Writing a document where the user asked: stdout, or a file written whole or not at all.

A circular or a statutory notice that is half written (disk full, permission lost mid-way) is worse
than none, and so is a notice silently overwritten. So a file is written to a temporary file in the
same directory, flushed to disk (fsync), and only then renamed over the target (`os.replace`, atomic
on POSIX). An existing file is replaced only with `force`; without it the final step is a hard link,
which fails if the name was taken in the meantime. Every failure is an `InputError` (one line,
exit 2) and leaves any earlier file as it was.

Only a regular file is ever replaced. A rename goes over whatever has the name, so `-o /dev/full
--force` run as root would put a file where the device was: a directory, device, FIFO or socket at
the target is refused, and so is a symbolic link (writing through it would put the document
wherever the link points, and replacing it would silently break the link: the user names the real
file instead).

The temporary file (`.NAME.<random>.tmp`, beside the target) is removed on every error, on Ctrl-C
(SIGINT) and on SIGTERM and SIGHUP, which end the process as the signal asked once it is gone. Only
`kill -9` (SIGKILL), which no program can catch, leaves one behind: the next write to the same
target names it in a warning rather than deleting it, because it cannot be told apart from the
temporary file of another run writing the same target at that moment.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn, TextIO

from ballotcalc.errors import InputError, Problem

STDOUT = "-"

CLEANUP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals that end a run politely (`kill`, a closed terminal): the temporary file is removed
first. SIGINT already arrives as KeyboardInterrupt, which the same clean-up handles."""

_SPECIAL_KINDS = (
    (stat.S_ISDIR, "is a directory; give a file name"),
    (stat.S_ISLNK, "is a symbolic link; give the path of the file itself (ballotcalc does not "
                   "write through or replace links)"),
    (stat.S_ISCHR, "is a device, not a regular file; ballotcalc writes only regular files"),
    (stat.S_ISBLK, "is a device, not a regular file; ballotcalc writes only regular files"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file; ballotcalc writes only "
                    "regular files"),
    (stat.S_ISSOCK, "is a socket, not a regular file; ballotcalc writes only regular files"),
)  # fmt: skip


def emit(
    text: str, output: str | None, *, force: bool = False, stdout: TextIO | None = None
) -> tuple[Problem, ...]:
    """Send `text` to stdout (`output` None or "-") or atomically to the file `output`; the
    warnings to show (see `write_atomic`)."""
    if output is None or output == STDOUT:
        stream = stdout or sys.stdout
        stream.write(text)
        stream.flush()
        return ()
    return write_atomic(Path(output), text, force=force)


def write_atomic(target: Path, text: str | bytes, *, force: bool = False) -> tuple[Problem, ...]:
    """Write `text` (str as UTF-8, or bytes as they are) to `target` whole or not at all; replace a
    regular file only with `force`, anything else never. Returns warnings: temporary files left
    beside the target by an earlier run that was killed."""
    shown = str(target)
    directory = target.parent
    refusal = _not_a_regular_file(target)
    if refusal is not None:
        raise _error(shown, refusal)
    if not directory.is_dir():
        raise _error(shown, f"directory '{directory}' does not exist")
    if not force and target.exists():
        raise _error(shown, "already exists; use --force to replace it")
    stale = _stale_temporary_files(target)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with _signals_as_exceptions():
            _write_via_temporary(target, data, force=force)
    except _Stopped as stopped:  # the temporary file is gone: now obey the signal
        stopped.end_process()
    _fsync_directory(directory)
    return tuple(
        Problem(
            shown,
            f"a temporary file from an earlier run that was stopped is beside it: '{name}'; "
            "delete it if no other ballotcalc is writing this file",
            severity="warning",
        )
        for name in stale
    )


def is_directory_target(output: str | None) -> bool:
    """`-o DIR/` (a trailing slash) or `-o DIR` naming an existing directory: one file per
    document (per employer) in it, rather than one file."""
    if output is None or output == STDOUT:
        return False
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


_UNSAFE_RUN = re.compile(r"[^\w.-]+")
_FILE_NAME_MAX = 100


def safe_file_name(name: str) -> str:
    """A file name made from a unit's name that is safe on every common file system: letters
    (any script), digits, '.', '-' and '_' kept; every other run of characters (spaces, '/',
    ':', quotes, control characters) one '-'; no leading '.' or '-' (hidden files, options);
    at most 100 characters. A name with nothing left is "unit"."""
    cleaned = _UNSAFE_RUN.sub("-", name).strip("-.")[:_FILE_NAME_MAX].rstrip("-.")
    return cleaned or "unit"


def write_each(
    directory: Path, documents: Sequence[tuple[str, str | bytes]], suffix: str, *, force: bool
) -> tuple[Problem, ...]:
    """Write each (unit name, document) to `directory` as `safe_file_name(name) + suffix`, and
    nothing else. Everything that would refuse a file is checked for all of them first, so a bad
    name (two units that would share a file, case folded as some file systems do; a file already
    there without `force`) writes none. Each file is written whole (`write_atomic`); should one
    write still fail, the files this call created are removed, so the set is complete or absent.
    Returns `write_atomic`'s warnings."""
    shown = str(directory)
    if not directory.is_dir():
        raise _error(shown, "is not a directory; create it first (ballotcalc does not)")
    targets: list[tuple[Path, str | bytes]] = []
    first_of: dict[str, str] = {}
    problems: list[Problem] = []
    for name, text in documents:
        file_name = safe_file_name(name) + suffix
        key = file_name.casefold()
        if key in first_of:
            problems.append(
                Problem(
                    str(directory / file_name),
                    f"'{first_of[key]}' and '{name}' would both be written to this file; "
                    "rename one of the units",
                )
            )
            continue
        first_of[key] = name
        target = directory / file_name
        refusal = _not_a_regular_file(target)
        if refusal is None and not force and target.exists():
            refusal = "already exists; use --force to replace it"
        if refusal is not None:
            problems.append(Problem(str(target), refusal))
        targets.append((target, text))
    if problems:
        raise InputError(problems)
    created: list[Path] = []
    warnings: list[Problem] = []
    try:
        for target, text in targets:
            existed = target.exists()
            warnings += write_atomic(target, text, force=force)
            if not existed:
                created.append(target)
    except BaseException:
        for target in created:
            _discard(target)
        raise
    return tuple(warnings)


def _write_via_temporary(target: Path, data: bytes, *, force: bool) -> None:
    """The write itself: temporary file, fsync, then rename or link; the temporary file is removed
    on every way out but success."""
    shown, directory = str(target), target.parent
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        tmp = Path(tmp_name)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, _default_mode(target if force and target.exists() else None))
        refusal = _not_a_regular_file(target)  # once more: it may have appeared meanwhile
        if refusal is not None:
            raise _error(shown, refusal)
        if force:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target)
    except FileExistsError:
        _discard(tmp)
        raise _error(shown, "already exists; use --force to replace it") from None
    except OSError as exc:
        _discard(tmp)
        raise _error(shown, _reason(exc, directory)) from None
    except BaseException:  # Ctrl-C, a signal (`_Stopped`), anything: no temporary file is left
        _discard(tmp)
        raise


def _not_a_regular_file(target: Path) -> str | None:
    """Why `target` must not be written over, or None (a regular file, or nothing there)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return None  # not ours to judge here: the write itself reports it
    if stat.S_ISREG(mode):
        return None
    for test, reason in _SPECIAL_KINDS:
        if test(mode):
            return reason
    return "is not a regular file; ballotcalc writes only regular files"


def _stale_temporary_files(target: Path) -> list[str]:
    """Names of temporary files an earlier write to `target` left (`.NAME.<random>.tmp`)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    try:
        with os.scandir(target.parent) as entries:
            return sorted(
                e.name
                for e in entries
                if pattern.fullmatch(e.name) and e.is_file(follow_symlinks=False)
            )
    except OSError:
        return []


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived during a write: unwind (removing the temporary file), then end
    the process by the same signal, so whoever sent it sees it obeyed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def end_process(self) -> NoReturn:
        signal.signal(self.signum, signal.SIG_DFL)
        signal.raise_signal(self.signum)
        raise SystemExit(128 + self.signum)  # where the signal does not end the process


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """While a temporary file exists, turn SIGTERM and SIGHUP into `_Stopped` (main thread only:
    Python runs signal handlers there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in CLEANUP_SIGNALS}
    for signum in CLEANUP_SIGNALS:
        if previous[signum] is signal.SIG_DFL:  # a handler someone installed is left alone
            signal.signal(signum, _raise_stopped)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:
                signal.signal(signum, handler)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _link_no_clobber(tmp: Path, target: Path) -> None:
    """Give the finished temporary file its name, failing if the name is taken (no overwrite)."""
    try:
        os.link(tmp, target)
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise
        # a filesystem without hard links: check, then rename (a small race we accept there)
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _default_mode(existing: Path | None) -> int:
    """The mode a newly created file would get (mkstemp makes 0600), or the replaced file's mode."""
    if existing is not None:
        return existing.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _discard(tmp: Path | None) -> None:
    if tmp is not None:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError, directory: Path) -> str:
    if isinstance(exc, PermissionError):
        return f"cannot write here: permission denied in '{directory}'"
    if exc.errno == errno.ENOSPC:
        return "cannot write: no space left on the device"
    if exc.errno == errno.EROFS:
        return f"cannot write here: '{directory}' is on a read-only filesystem"
    return f"cannot write: {exc.strerror or exc}"


def _error(file: str, message: str) -> InputError:
    return InputError.single(file, message)
