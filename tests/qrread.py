"""Read a QR code back from a terminal screen: half blocks to pixels, a PNG, and zbarimg.

This is what a phone camera does with the facilitator's screen; zbarimg (zbar-tools, installed
with the browser by scripts/install-chromium.sh) stands in for the camera.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

_TOP = {"▀": True, "█": True, "▄": False, " ": False}
_BOTTOM = {"▄": True, "█": True, "▀": False, " ": False}


def qr_rows(screen_lines: list[str]) -> list[list[bool]]:
    """The light (True) and dark modules of the QR code drawn on the screen."""
    block = [line for line in screen_lines if line.startswith("██")]
    # The quiet zone's top row is all full blocks: its length is the code's width.
    width = len(block[0]) - len(block[0].lstrip("█"))
    rows = []
    for line in block:
        cells = line[:width]
        rows.append([_TOP[c] for c in cells])
        rows.append([_BOTTOM[c] for c in cells])
    return rows


def write_png(rows: list[list[bool]], out: Path, scale: int = 8, margin: int = 4) -> Path:
    """A grey-scale PNG of the modules, light as white, with an extra white margin."""
    width = (len(rows[0]) + 2 * margin) * scale
    blank = [True] * (len(rows[0]) + 2 * margin)
    padded = [blank] * margin + [[True] * margin + r + [True] * margin for r in rows]
    padded += [blank] * margin
    raw = b""
    for row in padded:
        line = b"\x00" + b"".join((b"\xff" if light else b"\x00") * scale for light in row)
        raw += line * scale
    height = len(padded) * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    out.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return out


def read_qr(screen_lines: list[str]) -> str:
    """The text in the QR code on the screen, as a phone camera would read it."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        raise RuntimeError("zbarimg ontbreekt: draai scripts/install-chromium.sh (make test)")
    with tempfile.TemporaryDirectory() as folder:
        image = write_png(qr_rows(screen_lines), Path(folder) / "qr.png")
        done = subprocess.run(
            [zbarimg, "--raw", "-q", str(image)], capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        raise AssertionError("the QR code on the screen does not scan")
    return done.stdout.strip()
