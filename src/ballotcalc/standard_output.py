"""Standard output that reports a failed write as the user's problem, not as a bug.

`ballotcalc result x.yaml > /dev/full` (a full disk, a failing device, a quota) makes a write to
stdout raise OSError from deep inside click's `echo` or the final flush, where it cannot be told
apart from a genuine bug. So while a command runs, stdout is a text stream over a thin binary
layer that turns any OSError of a write or flush into `OutputFailed`, which the CLI reports as one
line naming "standard output", exit 2. A closed pipe (EPIPE) passes through as BrokenPipeError:
that is the reader leaving (exit 141), not a failure.

Nothing else changes: the same file descriptor, encoding, error handler and line buffering, and
the binary layer (`.buffer`) still takes the bytes that `click.echo` writes for iCalendar.
"""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, cast

from ballotcalc.errors import BallotcalcError

SHOWN_AS = "standard output"


class OutputFailed(BallotcalcError):
    """A write to standard output failed (no space, I/O error...): one line, exit 2."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(f"{SHOWN_AS}: cannot write: {describe(exc)}")


def describe(exc: OSError) -> str:
    """The reason for a failed write, in words."""
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return str(exc.strerror or exc)


class _Guarded(io.BufferedIOBase):
    """The binary stream under stdout's text layer: passes writes to the real one, turning every
    OSError except a closed pipe into `OutputFailed`. Once `abandon`ed it takes writes and drops
    them, so a failure already reported is not raised again when the streams are put away."""

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner
        self._abandoned = False

    def abandon(self) -> None:
        self._abandoned = True

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if not self._abandoned:
            try:
                self._inner.write(data)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise OutputFailed(exc) from None
        return size

    def flush(self) -> None:
        if self._abandoned:
            return
        try:
            self._inner.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def fileno(self) -> int:
        return self._inner.fileno()

    def isatty(self) -> bool:
        return self._inner.isatty()

    def close(self) -> None:
        """Leaves the real stdout open: this layer only ever borrows it."""
        super().close()


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """While the block runs, `sys.stdout` is the process's stdout behind `_Guarded`; it is put
    back after. Only the real stdout is wrapped (a test runner's capture is left as it is).

    Whoever catches `OutputFailed` (or BrokenPipeError) points the file descriptor elsewhere
    (`cli._silence_stdout`); whatever is still pending then goes there, and if even that fails it
    is dropped here rather than raised from a destructor at exit.
    """
    original = sys.stdout
    buffer = getattr(original, "buffer", None)
    if original is not sys.__stdout__ or not isinstance(original, io.TextIOWrapper) or not buffer:
        yield
        return
    layer = _Guarded(buffer)
    guarded = io.TextIOWrapper(
        cast(BinaryIO, layer),  # a BufferedIOBase, which typeshed's buffer protocol omits
        encoding=original.encoding,
        errors=original.errors,
        line_buffering=original.line_buffering,
        write_through=True,  # the real stdout's own buffer is the one buffer
    )
    sys.stdout = guarded
    try:
        yield
    finally:
        if sys.stdout is guarded:
            sys.stdout = original
        try:
            guarded.flush()
        except (OutputFailed, OSError, ValueError):
            layer.abandon()
        guarded.detach()
