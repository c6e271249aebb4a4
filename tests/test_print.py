"""The HTML verslag printed to PDF in headless Chromium and read back page by page: no heading
left alone at a page foot, "In het kort" on page one, and a long agreements table that runs on
over pages with its header repeated (issue 12)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bench.make_sessions import make_sessions
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Agreement
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.render import render_report
from tests.browser import pdf_pages, print_pdf
from tests.conftest import EXAMPLES
from tests.printcheck import headings_at_foot, print_report

INSTRUMENT = load_instrument(None)
EXAMPLE_HTML = sorted(
    p
    for p in EXAMPLES.glob("*.html")
    if p.name.count(".") == 1  # the full verslagen
)
# Sessions from bench/make_sessions.py (seed 12) whose "Ronde n" heading was printed alone at
# a page foot before issue 12 (bench/print_pages.py --generated 40).
FORMERLY_ALONE = (3, 12, 13, 18, 20, 24)


@pytest.mark.parametrize("html", EXAMPLE_HTML, ids=lambda p: p.stem)
def test_examples_print_without_a_heading_alone_at_a_page_foot(html: Path, tmp_path: Path) -> None:
    pages, alone = print_report(html, tmp_path / f"{html.stem}.pdf")
    assert alone == []
    assert pages <= 5


def test_generated_sessions_that_left_a_round_heading_alone_no_longer_do(tmp_path: Path) -> None:
    folder = tmp_path / "sessies"
    make_sessions(folder, max(FORMERLY_ALONE) + 1, seed=12)
    paths = sorted(folder.glob("*.toml"))
    for number in FORMERLY_ALONE:
        session = load_session(paths[number])
        html = tmp_path / f"{number}.html"
        html.write_text(render_report(build_context(session, INSTRUMENT), "html"), "utf-8")
        _, alone = print_report(html, tmp_path / f"{number}.pdf")
        assert alone == [], paths[number].name


def test_in_het_kort_is_on_page_one(tmp_path: Path) -> None:
    html = EXAMPLES / "nse-stagebegeleiding.html"
    pages = pdf_pages(print_pdf(html, tmp_path / "nse.pdf"))
    first = " ".join(pages[0].split())
    for text in ("In het kort", "Antwoord van de groep", "Derdejaars zijn minder tevreden"):
        assert text in first
    assert "NR WAT WIE UITERLIJK STATUS" in first
    assert "Volgende bijeenkomst" in first


def test_a_long_agreements_table_runs_on_with_its_header_repeated(tmp_path: Path) -> None:
    session = copy.deepcopy(load_session(EXAMPLES / "nse-stagebegeleiding.toml"))
    at = session.agreements[0].at
    session.agreements = [
        Agreement(f"Afspraak nummer {n} over de begeleiding op school {n}", at, owner="p1")
        for n in range(1, 61)
    ]
    context = build_context(session, INSTRUMENT, ReportOptions(short=True))
    html = tmp_path / "lang.html"
    html.write_text(render_report(context, "html"), "utf-8")
    pages = [" ".join(p.split()) for p in pdf_pages(print_pdf(html, tmp_path / "lang.pdf"))]
    with_rows = [p for p in pages if "Afspraak nummer" in p]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "NR WAT WIE UITERLIJK STATUS" in page  # the header, repeated
    # The table starts on page one right under its heading, instead of jumping whole to the
    # next page and leaving most of page one empty.
    assert "Afspraak nummer 1 " in pages[0]
    assert headings_at_foot(html.read_text("utf-8"), pdf_pages(tmp_path / "lang.pdf")) == []


def test_the_print_check_sees_a_heading_at_a_page_foot() -> None:
    # Guards the guard: a page ending in a heading is found, one ending in text is not.
    html = "<h3>Ronde 2</h3><p class='soort'>ik · hardop</p><p>Gewone tekst hier.</p>"
    assert headings_at_foot(html, ["eerste\n  Ronde 2\n pagina 1 van 2\n", "rest"]) == ["Ronde 2"]
    assert headings_at_foot(html, ["eerste\n Gewone tekst hier.\n", "rest"]) == []
