"""A small, fast TOML writer for the session file.

The session is written after every answer, so writing must be cheap even for a long
conversation; tomli_w is general and several times slower on our shape. This writer handles
exactly what a session holds (tables, arrays of tables, strings, booleans, integers, dates and
offset datetimes, arrays of scalars) and writes text that reads well: multi-line answers as
multi-line strings, timestamps in ISO 8601. ``tests/test_tomlwriter.py`` checks that tomllib
reads back exactly what was written, for arbitrary text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# Characters a basic string must escape: the quote, the backslash and every control character.
_ESCAPE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
# In a multi-line string, newlines and tabs stay as they are.
_ESCAPE_MULTI = re.compile(r'["\\\x00-\x08\x0b-\x1f\x7f]')
_NAMED = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or f"\\u{ord(char):04x}"


def _string(value: str) -> str:
    if "\n" in value:
        # A newline right after the opening quotes is dropped by readers, so the text keeps
        # its own first character whatever it is.
        return '"""\n' + _ESCAPE_MULTI.sub(_escape, value) + '"""'
    return '"' + _ESCAPE.sub(_escape, value) + '"'


@functools.lru_cache(maxsize=512)
def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _scalar(value: Any) -> str:
    # Exact types first: a session holds only these, and isinstance on the abstract
    # Sequence was the slowest part of writing one.
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a datetime in the session file needs an offset")
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Sequence):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


_SCALAR, _TABLE, _TABLE_ARRAY = 0, 1, 2
_SCALAR_TYPES = frozenset({str, bool, int, dt.datetime, dt.date})


def _place(value: Any) -> int:
    """Whether a value is written as ``key = value``, as a [table] or as [[tables]]."""
    kind = type(value)
    if kind is dict:
        return _TABLE
    if kind in _SCALAR_TYPES:
        return _SCALAR
    if kind is list and value and all(type(item) is dict for item in value):
        return _TABLE_ARRAY
    if isinstance(value, (str, int, dt.date)):
        return _SCALAR
    if _is_table(value):
        return _TABLE
    return _TABLE_ARRAY if _is_table_array(value) else _SCALAR


def _write_table(out: list[str], table: Mapping[str, Any], path: str) -> None:
    nested = []
    for key, value in table.items():
        place = _place(value)
        if place == _SCALAR:
            out.append(f"{_key(key)} = {_scalar(value)}\n")
        else:
            nested.append((key, value, place))
    for key, value, place in nested:
        name = f"{path}.{_key(key)}" if path else _key(key)
        if place == _TABLE:
            out.append(f"\n[{name}]\n")
            _write_table(out, value, name)
            continue
        for item in value:
            out.append(f"\n[[{name}]]\n")
            _write_table(out, item, name)


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for ``data``; empty arrays of tables are left out, as TOML cannot tell them."""
    out: list[str] = []
    _write_table(out, data, "")
    return "".join(out)
