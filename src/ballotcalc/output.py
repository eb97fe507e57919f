"""Writing a document where the user asked: stdout, or a file written whole or not at all.

A circular or a statutory notice that is half written (disk full, permission lost mid-way) is worse
than none, and so is a notice silently overwritten. So a file is written to a temporary file in the
same directory, flushed to disk (fsync), and only then renamed over the target (`os.replace`, atomic
on POSIX). An existing file is replaced only with `force`; without it the final step is a hard link,
which fails if the name was taken in the meantime. Every failure is an `InputError` (one line,
exit 2) and leaves any earlier file as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from ballotcalc.errors import InputError

STDOUT = "-"


def emit(
    text: str, output: str | None, *, force: bool = False, stdout: TextIO | None = None
) -> None:
    """Send `text` to stdout (`output` None or "-") or atomically to the file `output`."""
    if output is None or output == STDOUT:
        stream = stdout or sys.stdout
        stream.write(text)
        stream.flush()
        return
    write_atomic(Path(output), text, force=force)


def write_atomic(target: Path, text: str | bytes, *, force: bool = False) -> None:
    """Write `text` (str as UTF-8, or bytes as they are) to `target` whole or not at all; replace a
    file only with `force`."""
    shown = str(target)
    directory = target.parent
    if target.is_dir():
        raise _error(shown, "is a directory; give a file name")
    if not directory.is_dir():
        raise _error(shown, f"directory '{directory}' does not exist")
    if not force and target.exists():
        raise _error(shown, "already exists; use --force to replace it")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _error(shown, _reason(exc, directory)) from None
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, _default_mode(target if force and target.exists() else None))
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
    except BaseException:
        _discard(tmp)
        raise
    _fsync_directory(directory)


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


def _discard(tmp: Path) -> None:
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
