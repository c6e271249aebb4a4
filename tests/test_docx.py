"""The Word verslag, read back with python-docx: headings, tables, the joint question first,
page numbers, A4, and a house style taken from a partnership's own document."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm, Pt

from kwaliteit_cli.errors import TemplateFileError
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.docx import render_docx
from tests.conftest import EXAMPLES

NSE = EXAMPLES / "nse-stagebegeleiding.toml"


def _context(path: Path = NSE, **options: Any) -> dict[str, Any]:
    return build_context(load_session(path), load_instrument(None), ReportOptions(**options))


def _read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _all_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_joint_question_comes_right_after_the_title() -> None:
    context = _context()
    document = _read(render_docx(context))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == f"Verslag: {context['title']}"
    first = texts[:5]
    assert "Gezamenlijke vraag" in first
    assert context["joint_question"]["text"] in first


def test_sections_are_word_headings_in_order() -> None:
    document = _read(render_docx(_context()))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    top = [text for style, text in headings if style == "Heading 1"]
    assert top[:3] == ["Gezamenlijke vraag", "In het kort", "Gegevens"]
    assert top.index("In het kort") < top.index("Verloop")
    assert ("Heading 3", "Ronde 1") in headings


def test_agreements_are_a_table_with_a_repeated_header_row() -> None:
    context = _context()
    document = _read(render_docx(context))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Nr"]
    assert len(tables) == 1
    table = tables[0]
    assert [c.text for c in table.rows[0].cells][:4] == ["Nr", "Wat", "Wie", "Uiterlijk"]
    assert len(table.rows) == len(context["agreements"]) + 1
    assert table.rows[1].cells[1].text == context["agreements"][0]["what"]
    assert "tblHeader" in table.rows[0]._tr.xml


def test_a4_with_page_number_fields_in_the_footer() -> None:
    document = _read(render_docx(_context()))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "pagina" in section.footer.paragraphs[0].text


def test_the_same_session_gives_the_same_bytes() -> None:
    context = _context()
    assert render_docx(context) == render_docx(context)


def test_anonymous_word_verslag_holds_no_names() -> None:
    session = load_session(NSE)
    document = _read(render_docx(_context(anonymous=True)))
    text = _all_text(document)
    for person in session.participants:
        assert person.name not in text
    assert session.meeting.facilitator not in text
    assert document.core_properties.author == "kwaliteit"


def test_aloud_questions_are_bold_and_silent_ones_not() -> None:
    context = _context()
    document = _read(render_docx(context))
    block_texts = {b["text"]: b["aloud"] for b in context["check_in"]}
    seen = 0
    for paragraph in document.paragraphs:
        runs = paragraph.runs
        if runs and runs[0].text in block_texts:
            assert bool(runs[0].bold) == block_texts[runs[0].text]
            seen += 1
    assert seen == len(block_texts)


def test_typed_text_that_xml_cannot_hold_is_replaced_not_fatal() -> None:
    context = _context()
    context["joint_answer"] = "een\x00nul en \ufffe en <w:t>geen opmaak</w:t>\ntweede regel"
    document = _read(render_docx(context))
    text = _all_text(document)
    assert "<w:t>geen opmaak</w:t>" in text
    assert "\x00" not in text


def test_house_style_keeps_header_and_styles_and_drops_the_body(tmp_path: Path) -> None:
    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "Partnerschap Rivierenland"
    reference.styles["Heading 1"].font.size = Pt(23)
    reference.add_paragraph("Voorbeeldtekst die niet in het verslag hoort")
    reference.core_properties.author = "Iemand van het partnerschap"
    path = tmp_path / "huisstijl.docx"
    reference.save(str(path))

    document = _read(render_docx(_context(), huisstijl=path))
    assert document.sections[0].header.paragraphs[0].text == "Partnerschap Rivierenland"
    assert document.styles["Heading 1"].font.size == Pt(23)
    assert "Voorbeeldtekst" not in _all_text(document)
    assert document.core_properties.author == "kwaliteit"
    assert " PAGE " in document.sections[0].footer._element.xml


def test_a_house_style_that_is_no_word_document_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "huisstijl.docx"
    path.write_text("dit is geen Word-document", "utf-8")
    with pytest.raises(TemplateFileError) as caught:
        render_docx(_context(), huisstijl=path)
    assert "geen Word-document" in caught.value.problem
