"""The overview's HTML has what the verslagen have: a Content-Security-Policy, a <main>
landmark, chart colours that can be told apart, a spaced legend, and A4 print with page
numbers (checked in headless Chromium)."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from pathlib import Path

import html5lib

from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.verslag.overview import VERDICTS, OverviewBuilder, render_overview
from tests import browser
from tests.conftest import EXAMPLES

NS = "{http://www.w3.org/1999/xhtml}"


def _html() -> str:
    builder = OverviewBuilder(None)
    instrument = load_instrument(None)
    for path in sorted(EXAMPLES.glob("*.toml")):
        if not path.name.endswith(".antwoorden.toml"):
            builder.add(load_session(path), path.name, instrument)
    return "".join(render_overview(builder.build(dt.date(2026, 12, 1)), "html"))


def _luminance(colour: str) -> float:
    values = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_same_content_security_policy_as_the_verslag() -> None:
    tree = html5lib.parse(_html())
    metas = [m for m in tree.iter(f"{NS}meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    assert metas[0].get("content") == "default-src 'none'; style-src 'unsafe-inline'"


def test_the_content_is_in_one_main_landmark() -> None:
    tree = html5lib.parse(_html())
    mains = list(tree.iter(f"{NS}main"))
    assert len(mains) == 1
    assert [h.text for h in mains[0].iter(f"{NS}h1")] == ["Overzicht van kwaliteitsgesprekken"]


def test_chart_colours_contrast_with_white_and_with_their_neighbours() -> None:
    html = _html()
    colours = {
        verdict or "open": re.search(
            rf"\.bar-{verdict or 'open'} {{ fill: (#[0-9a-f]{{6}}); }}", html
        )
        for verdict in VERDICTS
    }
    fills = []
    for verdict, match in colours.items():
        assert match, f"geen kleur voor {verdict}"
        fills.append(match.group(1))
    for fill in fills:
        assert _contrast(fill, "#ffffff") >= 3, fill
    for left, right in pairwise(fills):  # stacked and listed in this order
        assert _contrast(left, right) >= 3, (left, right)


def test_legend_separators_stand_apart_from_the_labels() -> None:
    html = _html()
    tree = html5lib.parse(html)
    separators = [s for s in tree.iter(f"{NS}span") if s.get("class") == "legend-sep"]
    assert separators, "geen legenda"
    assert all(s.text == "·" for s in separators)
    assert re.search(r"\.legend-sep \{ margin: 0 \.[0-9]+em; \}", html)


def test_prints_on_a4_with_page_numbers(tmp_path: Path) -> None:
    page = tmp_path / "overzicht.html"
    page.write_text(_html(), "utf-8")
    pdf = browser.print_pdf(page, tmp_path / "overzicht.pdf")
    pages = browser.pdf_pages(pdf)
    assert "pagina 1 van" in pages[0]
    size = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert size is not None
    width, height = float(size.group(1)), float(size.group(2))
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points


def test_print_keeps_headings_with_what_follows() -> None:
    style = "".join(next(html5lib.parse(_html()).iter(f"{NS}style")).itertext())
    assert re.search(r"h1, h2, h3 \{ break-after: avoid;", style)
    assert "thead { display: table-header-group; }" in style
    assert "size: A4" in style and 'counter(page) " van " counter(pages)' in style
