"""Bytes to plain data, refusing everything in YAML that can silently change a ballot's figures.

PyYAML's own loaders follow YAML 1.1, where `yes:` and `no:` are booleans, `0123` is octal 83,
`1:20` is 80, and a second `yes:` key quietly replaces the first. In a ballot file each of those
loses or invents votes. So ballot files are read by our own reader, with these rules:

* only `true`/`false` are booleans and only `null`/`~`/empty are null; every other plain scalar that is
  not a plain decimal number stays a string, so `yes`, `0123`, `1_000` and `1:20` reach validation
  as text and are rejected there with a message, never reinterpreted (`yaml_scalars`);
* mapping keys are always strings, and a duplicate key is an error naming both lines;
* anchors, aliases and explicit tags are refused (they are how alias bombs and object tags get in);
* nesting deeper than a ballot ever needs is refused before it can exhaust the stack;
* every key and list item has its line, so validation errors can say `FILE:LINE`.

One reader, `yaml_strict`, builds the data from libyaml's parser events and records each line as
it goes. There was a second, faster hand-written reader for plain block YAML; it is gone, because a
second parser is exactly where a silently different figure would hide (it misread `k: [1, 2, ]` and
could backtrack for ever on a 73-byte line). A ballot typed by hand runs to tens of units; a
national export of thousands comes as a CSV (`units_csv`), which is the path built for scale.

libyaml is required (see `yaml_strict`): PyYAML's pure-Python parser does not accept the same
files, and a ballot must be read the same way on every machine.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from msgspec import Struct

from ballotcalc.errors import InputError
from ballotcalc.yaml_strict import LineTree, read_strict

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A national ballot with 200,000 inline units is well under this; anything bigger is a mistake."""

PathKey = tuple[str | int, ...]


class Document(Struct, frozen=True):
    """A loaded file: its plain data, where each key and item starts, and the hash of the bytes."""

    file: str
    data: Any
    lines: tuple[int, LineTree] | None
    """The line the top-level mapping or list starts on, and its tree (None: no container)."""
    sha256: str

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        if self.lines is None:
            return None
        line, tree = self.lines
        for part in path:
            if isinstance(tree, dict):
                entry = tree.get(part)
            elif isinstance(part, int) and 0 <= part < len(tree):
                entry = tree[part]
            else:
                entry = None
            if entry is None:
                break
            if isinstance(entry, int):  # a scalar: nothing is below it
                return entry
            line, tree = entry
        return line


def read_bytes(path: Path, display: str) -> bytes:
    """Read a whole input file, refusing anything but a regular file, unreadable files and files
    over the cap.

    A FIFO would block the run until someone writes to it (for ever, if nobody does), a device
    such as /dev/zero or /dev/urandom never ends, and a directory is a mistake: each is refused at
    once from its `stat`, before it is opened. The file is then opened without blocking (a FIFO put
    in its place meanwhile opens at once, and is refused by the same check on what was opened).
    """
    try:
        refusal = _not_a_regular_file(os.stat(path).st_mode)
        if refusal is not None:
            raise InputError.single(display, refusal)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            status = os.fstat(handle.fileno())
            refusal = _not_a_regular_file(status.st_mode)
            if refusal is not None:
                raise InputError.single(display, refusal)
            if status.st_size > MAX_FILE_BYTES:
                raise InputError.single(
                    display,
                    f"file is {status.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed",
                )
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError.single(display, "no such file") from None
    except IsADirectoryError:
        raise InputError.single(display, _NOT_REGULAR[stat.S_IFDIR]) from None
    except PermissionError:
        raise InputError.single(display, "permission denied") from None
    except OSError as exc:
        raise InputError.single(display, f"cannot be read ({exc.strerror or exc})") from None


_NOT_REGULAR = {
    stat.S_IFDIR: "is a directory, not a file",
    stat.S_IFIFO: "is a FIFO (named pipe), not a regular file; save the data to a file first",
    stat.S_IFCHR: "is a device, not a regular file",
    stat.S_IFBLK: "is a device, not a regular file",
    stat.S_IFSOCK: "is a socket, not a regular file",
}


def refuse_special_file(path: Path, display: str) -> None:
    """Raise `InputError` if `path` exists and is not a regular file (a FIFO would block its
    reader); a missing file is left to whoever opens it."""
    try:
        refusal = _not_a_regular_file(os.stat(path).st_mode)
    except OSError:
        return
    if refusal is not None:
        raise InputError.single(display, refusal)


def _not_a_regular_file(mode: int) -> str | None:
    """Why a file of this mode is not read (None: a regular file, which is read)."""
    if stat.S_ISREG(mode):
        return None
    return _NOT_REGULAR.get(stat.S_IFMT(mode), "is not a regular file")


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 text (a leading byte-order mark is allowed and dropped), or an error naming the byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise InputError.single(display, f"file is more than the {MAX_FILE_BYTES:,} bytes allowed")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.single(
            display,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
            line=line,
        ) from None


def load_yaml_file(path: Path, display: str | None = None) -> Document:
    """Read and parse a YAML file into a `Document` (never a traceback: InputError or a result)."""
    name = display if display is not None else str(path)
    raw = read_bytes(path, name)
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, display: str) -> Document:
    """Parse YAML bytes with the rules in the module docstring (libyaml's events, `yaml_strict`)."""
    text = decode_text(raw, display)
    data, lines = read_strict(text, display)
    return Document(file=display, data=data, lines=lines, sha256=hashlib.sha256(raw).hexdigest())
