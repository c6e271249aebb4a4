"""The browser helper on a verslag: Chromium prints it, and it asks the network for nothing."""

from __future__ import annotations

from pathlib import Path

from tests import browser

EXAMPLE = browser.ROOT / "examples" / "nse-stagebegeleiding.html"


def test_the_example_verslag_prints_to_pdf_with_its_joint_question_on_page_one(
    tmp_path: Path,
) -> None:
    pdf = browser.print_pdf(EXAMPLE, tmp_path / "verslag.pdf")
    pages = browser.pdf_pages(pdf)
    assert len(pages) >= 1
    assert "gezamenlijke vraag" in pages[0].lower()


def test_a_page_that_loads_an_image_from_the_web_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "lekt.html"
    page.write_text('<img src="http://example.invalid/x.png"><p>hallo</p>', "utf-8")
    assert any("example.invalid" in url for url in browser.requested_urls(page))


def test_the_example_verslag_makes_no_network_request() -> None:
    urls = browser.requested_urls(EXAMPLE)
    assert [u for u in urls if not u.startswith(("file:", "data:", "about:"))] == []
