"""Typed text as the minutes show it: control characters made visible, Markdown escaped.

Every text a person typed is data to a template, never template source, and is escaped for
the output format: HTML by Jinja's autoescape, Markdown by the same mechanism with a Markdown
escaper (see ``md_cell``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    pass

# --- typed text, as the minutes show it ----------------------------------------------------

# C0 and C1 control characters that are not whitespace: they have no visible form, and some
# (NUL) cannot exist in HTML at all. They show as U+FFFD, as CommonMark does for NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def text_lines(value: object) -> list[str]:
    """Typed text as lines the way every format shows it (documented in docs/verslag.md).

    Line breaks (\\n, \\r, and the other breaks Python's ``str.splitlines`` knows) separate
    lines; within a line every run of whitespace becomes one space; blank lines drop out;
    other control characters become U+FFFD. Everything else stays exactly as typed.
    """
    lines = []
    for line in str(value).splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(_CONTROL.sub(REPLACEMENT, line))
    return lines


def _is_plain(value: str) -> bool:
    """Text that ``text_lines`` gives back as it is: one line, single spaces between words.

    isprintable() is false for every line break, tab, other kind of space and control
    character (and for a few invisible characters, which then take the full way). Plain
    string methods: a regular expression for the same took seven times as long, and this
    runs for every value in a report.
    """
    return (
        value.isprintable()
        and "  " not in value
        and not value.startswith(" ")
        and not value.endswith(" ")
    )


def display_text(value: object) -> str:
    """Typed text normalised as in ``text_lines``, lines joined with a newline."""
    if type(value) is str and _is_plain(value):
        return value  # the same as below, only quicker (tests/test_report_speed.py checks)
    return "\n".join(text_lines(value))


# --- Markdown escaping ---------------------------------------------------------------------

# Characters that can start markup anywhere in a line. An underscore between two letters or
# digits cannot open or close emphasis, so snake_case and the like stay readable.
_MD_INLINE = re.compile(r"[\\`*\[\]<>|~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")
# Constructs that only count at the start of a line: headings, lists, quotes, setext lines.
_MD_LINE_START = re.compile(r"^(?:[#+=-]|\d+(?=[.)]))")
# A heading's optional closing sequence: trailing #s after a space.
_MD_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")


# Whatever _md_line or md_cell would escape, anywhere and at the start of a line; a line
# without any is left as it is. (Two expressions: anchored alternatives in one made every
# search try them at every position, four times slower.)
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>|~&_#]")
_MD_SPECIAL_START = re.compile(r"[+=\-]|\d")


def _md_plain(line: str) -> bool:
    return not _MD_SPECIAL.search(line) and not _MD_SPECIAL_START.match(line)


def _md_line(line: str) -> str:
    if _md_plain(line):
        return line
    line = _MD_INLINE.sub(lambda m: "\\" + m.group(0), line)
    start = _MD_LINE_START.match(line)
    if start:
        cut = 0 if start.group(0)[0] in "#+=-" else start.end()
        line = line[:cut] + "\\" + line[cut:]
    return line


def md_text(value: object, indent: str = "") -> Markup:
    """Escape text for a Markdown paragraph or list item: shown as typed, line breaks kept.

    Lines are joined with a hard line break (a backslash at the end of the line), and every
    line after the first starts with ``indent`` (two spaces in a list item, "> " in a quote).
    """
    return Markup(("\\\n" + indent).join(_md_line(line) for line in text_lines(value)))


def md_cell(value: object) -> Markup:
    """Escape text as one Markdown line: for a table cell, a heading, or any inline place.

    Line breaks become spaces. This is also what a bare ``{{ value }}`` does in a Markdown
    template, so text a person typed can never become markup, even without a filter.
    """
    if type(value) is str and _is_plain(value) and _md_plain(value):
        return Markup(value)  # nothing to normalise or escape (tests/test_report_speed.py)
    line = _md_line(" ".join(text_lines(value)))
    return Markup(_MD_CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), line))


def md_finalize(value: object) -> object:
    """Markdown 'autoescape': every output that is not already Markup is escaped as one line."""
    if isinstance(value, Markup):
        return value
    return md_cell(value)


def html_finalize(value: object) -> object:
    """HTML: typed text is normalised (see ``text_lines``) before Jinja escapes it."""
    if type(value) is str:
        return display_text(value)
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return display_text(value)


# --- JSON for people's terminals too --------------------------------------------------------

# JSON escapes the C0 controls itself; DEL, the C1 controls (one of them starts a terminal
# escape sequence), the line and paragraph separators and the bidi controls it leaves raw.
# Escaped they mean the same to a JSON reader and nothing to a terminal or editor that shows
# the file. They can only occur inside strings, where an escape is valid.
_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def json_text(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every control escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
