"""Headless Chromium for the tests: print a page to PDF, take a screenshot, read the DOM, and
list every network request the page made.

Chromium comes from Debian (``scripts/install-chromium.sh``, run by ``make test``). The flags
keep Chromium's own background traffic off, so any request left in the net log is the page's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "out" / "browser"

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)


def chromium() -> str:
    """The browser's path; the test set-up installs it, so its absence is an error."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError(
            "chromium ontbreekt: draai scripts/install-chromium.sh (make test doet dat)"
        )
    return found


def run(page: Path | str, *extra: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Open ``page`` (a file or a URL) in a fresh profile with ``extra`` flags."""
    url = page.resolve().as_uri() if isinstance(page, Path) else page
    with tempfile.TemporaryDirectory(prefix="kwaliteit-chromium-") as profile:
        return subprocess.run(
            [chromium(), *_FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def screenshot(page: Path | str, out: Path, width: int, height: int) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    run(page, f"--screenshot={out}", f"--window-size={width},{height}")
    if not out.is_file():
        raise RuntimeError(f"geen schermafdruk gemaakt van {page}")
    return out


def print_pdf(page: Path | str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    run(page, f"--print-to-pdf={out}", "--no-pdf-header-footer")
    if not out.is_file():
        raise RuntimeError(f"geen PDF gemaakt van {page}")
    return out


def dump_dom(page: Path | str, *extra: str) -> str:
    """The page's DOM after its scripts ran (what a person would see, as HTML)."""
    return run(page, "--dump-dom", *extra).stdout


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext; pages split on form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def requested_urls(page: Path | str, *extra: str) -> list[str]:
    """Every URL the page asked for while loading, from Chromium's own net log."""
    with tempfile.TemporaryDirectory(prefix="kwaliteit-netlog-") as folder:
        log = Path(folder) / "net.json"
        run(page, f"--log-net-log={log}", "--dump-dom", *extra)
        events = _read_net_log(log)
    urls = []
    for event in events:
        params = event.get("params")
        if not isinstance(params, dict):
            continue
        url, initiator = params.get("url"), params.get("initiator")
        # The browser's own traffic (update checks, clock) has no origin; a page's has one.
        if isinstance(url, str) and isinstance(initiator, str) and initiator != "not an origin":
            urls.append(url)
    return urls


def _read_net_log(log: Path) -> list[dict[str, object]]:
    text = log.read_text("utf-8").strip()
    # Chromium may stop before closing the JSON; close it as it would have.
    if not text.endswith("}"):
        text = text.rstrip(",\n ") + "]}"
    data = json.loads(text)
    events = data.get("events", [])
    return [e for e in events if isinstance(e, dict)]
