"""What an unquoted (plain) scalar in a ballot file means, for the YAML reader (`yaml_strict`).

PyYAML follows YAML 1.1, where `yes` and `on` are true, `0123` is octal 83 and `1:20` is 80. Here
only `true`/`false` are booleans and only `null`/`~`/empty are null; a plain decimal is a number;
everything else stays text, so validation can reject it with a message instead of a quiet change.
"""

from __future__ import annotations

import re
from typing import Any

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def plain_scalar(value: str) -> Any:
    """What an unquoted scalar means here: null, true/false, a decimal int or float, else text."""
    if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
        return _int(value)  # the usual case: a count
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return _int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _int(value: str) -> int | str:
    """The number, or the text if it has more digits than Python will convert (4,300 by default);
    validation then rejects it as not a count, rather than the reader failing."""
    try:
        return int(value)
    except ValueError:
        return value
