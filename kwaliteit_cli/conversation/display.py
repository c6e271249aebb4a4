"""Text for the screen: neutralise control characters and wrap to the terminal's width.

Pure functions; the terminal prompter decides where and how (bold, colour) to print them.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")


def safe(text: str) -> str:
    """Make answer text inert on a terminal: strip escape sequences, show control characters.

    Newlines and tabs stay; other control characters (C0, C1, DEL) and bidi overrides become
    visible placeholders so nothing typed or loaded can move the cursor or recolour the screen.
    """
    text = _ANSI.sub("", text)
    out = []
    for char in text:
        if char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf") and char not in "\u200d\u00ad":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap each paragraph of ``text`` to ``width`` columns, keeping explicit line breaks."""
    width = max(width, 20)
    lines: list[str] = []
    for paragraph in safe(text).split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(
            paragraph,
            width=width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [indent]
    return lines


def progress_bar(phase_index: int, titles: tuple[str, ...]) -> str:
    """A one-line progress indication across the phases, e.g. '● Check-in ─ ○ Proces-check'."""
    parts = []
    for index, title in enumerate(titles):
        mark = "●" if index < phase_index else ("◉" if index == phase_index else "○")
        parts.append(f"{mark} {title}")
    return " ─ ".join(parts)


def format_minutes(seconds: float) -> str:
    """Elapsed time as m:ss, or h:mm:ss from an hour on."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"
