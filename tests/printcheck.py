"""How a printed HTML verslag falls on A4: its page count, and headings left alone at a page foot.

The page is printed by headless Chromium (tests/browser.py) and read back per page with
pdftotext. A heading is "alone at the foot" when the last line of text on a page (above the
page number) is a heading, a question, the line under a question that says who answers it, or
a table's header row: what follows it starts only on the next page.
"""

from __future__ import annotations

import re
from pathlib import Path

import html5lib

from tests.browser import pdf_pages, print_pdf

_PAGE_NUMBER = re.compile(r"^pagina \d+ van \d+$")
_NS = "{http://www.w3.org/1999/xhtml}"
_HEADINGS = {f"{_NS}h{n}" for n in range(1, 7)}
_HEADING_CLASSES = {"vraag", "soort", "kop"}


def _squash(text: str) -> str:
    return " ".join(text.split())


def heading_texts(html: str) -> set[str]:
    """Every heading-like text of the page, whitespace squashed (and table header rows)."""
    tree = html5lib.parse(html)
    found: set[str] = set()
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = set((element.get("class") or "").split())
        if tag in _HEADINGS or classes & _HEADING_CLASSES:
            text = _squash("".join(element.itertext()))
            if text:
                found.add(text)
        if tag == f"{_NS}thead":
            cells = [_squash("".join(th.itertext())) for th in element.iter(f"{_NS}th")]
            # Header cells are printed in capitals (text-transform) and spaced as columns.
            found.add(" ".join(cells).upper())
            found.add(" ".join(cells))
    return found


def last_lines(pages: list[str]) -> list[str]:
    """The last line of text of each page but the final one, without the page number."""
    lines = []
    for page in pages[:-1]:
        body = [_squash(line) for line in page.splitlines() if line.strip()]
        body = [line for line in body if not _PAGE_NUMBER.match(line)]
        lines.append(body[-1] if body else "")
    return lines


def headings_at_foot(html: str, pages: list[str]) -> list[str]:
    """The page-foot lines that are (the end of) a heading: each one a heading left alone."""
    headings = heading_texts(html)
    alone = []
    for line in last_lines(pages):
        if len(line) < 3:
            continue
        if any(text == line or (text.endswith(line) and " " in line) for text in headings):
            alone.append(line)
    return alone


def print_report(html_file: Path, pdf_file: Path) -> tuple[int, list[str]]:
    """Print one HTML file: its number of pages, and the headings left at a page foot."""
    pages = pdf_pages(print_pdf(html_file, pdf_file))
    return len(pages), headings_at_foot(html_file.read_text("utf-8"), pages)
