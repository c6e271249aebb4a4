"""The QR code phones scan, drawn with half blocks so it fits an 80×24 terminal.

Two modules share one character cell (upper and lower half). The code is drawn as light
blocks on a dark ground; with colour on, both are set explicitly (white on black), so the code
scans on a light terminal too. Without colour (a capture, a log) the characters alone still
form the code, inverted, which phone cameras read as well.
"""

from __future__ import annotations

import segno

_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
_COLOUR_ON = "\x1b[97;40m"
_COLOUR_OFF = "\x1b[0m"


def qr_lines(url: str, *, border: int = 2, colour: bool = False) -> list[str]:
    """The QR code of ``url`` as text lines, two module rows per line."""
    code = segno.make(url, error="m", micro=False)
    rows = [[not bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([True] * len(rows[0]))  # the quiet zone is light
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        text = "".join(_HALF[(t, b)] for t, b in zip(top, bottom, strict=True))
        lines.append(f"{_COLOUR_ON}{text}{_COLOUR_OFF}" if colour else text)
    return lines


def qr_version(url: str) -> str:
    """The QR version and error level (e.g. ``3-M``): how dense the code is."""
    return str(segno.make(url, error="m", micro=False).designator)


def format_code(code: str) -> str:
    """The typed code in two groups of four, easier to read aloud: ``ABCD EFGH``."""
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code
