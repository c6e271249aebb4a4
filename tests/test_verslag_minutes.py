"""Minutes a partnership sends out unchanged (issue 12), read back with a real parser per
format: "In het kort" before the facts and the course of the conversation, the new minutes
fields, concept or vastgesteld, and the short verslag without anyone's own words."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest

from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.minutes import Absent, NextMeeting, approve
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.docx import render_docx
from kwaliteit_cli.verslag.render import render_report
from tests.conftest import EXAMPLES, CliRunner
from tests.verslag_parsing import inline_texts, parse_html, parse_markdown, sections, text_of

INSTRUMENT = load_instrument(None)
NSE = EXAMPLES / "nse-stagebegeleiding.toml"


def _session() -> Session:
    return copy.deepcopy(load_session(NSE))


def _render(session: Session, fmt: str, **options: Any) -> str:
    context = build_context(session, INSTRUMENT, ReportOptions(**options))
    if fmt == "docx":
        document = docx.Document(io.BytesIO(render_docx(context)))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            lines += [cell.text for row in table.rows for cell in row.cells]
        return "\n".join(lines)
    return render_report(context, fmt)


def _spoken(session: Session) -> list[str]:
    """What participants said in their own words (not the group's answer)."""
    return [a.text for a in session.answers if a.participant and a.text.strip()]


# --- order ---------------------------------------------------------------------------------


def test_markdown_in_het_kort_comes_before_the_facts_and_the_course() -> None:
    tokens = parse_markdown(_render(_session(), "md"))
    h2 = [text for tag, text in sections(tokens) if tag == "h2"]
    assert h2[:4] == ["Gezamenlijke vraag", "In het kort", "Gegevens", "Verloop"]
    texts = inline_texts(tokens)
    answer_at = next(i for i, t in enumerate(texts) if t.startswith("Derdejaars zijn minder"))
    course_at = texts.index("Verloop")
    agreements_at = texts.index("Afspraken")
    assert agreements_at < course_at and answer_at < course_at


def test_html_in_het_kort_holds_answer_and_agreements_before_the_course() -> None:
    root = parse_html(_render(_session(), "html"))
    order = [
        s.get("class", "").split()[0]
        for s in root.iter("section")
        if s.get("class")
        and s.get("class", "").split()[0] != "fase"
        and s.get("class", "").split()[0] != "ronde"
    ]
    assert order.index("in-het-kort") < order.index("gegevens") < order.index("verloop")
    kort = next(s for s in root.iter("section") if s.get("id") == "in-het-kort")
    text = text_of(kort)
    assert "Derdejaars zijn minder tevreden" in text
    table = next(kort.iter("table"))
    header = [text_of(th) for th in table.iter("th")]
    assert header == ["Nr", "Wat", "Wie", "Uiterlijk", "Status"]
    rows = list(next(table.iter("tbody")).iter("tr"))
    assert [text_of(next(r.iter("td"))) for r in rows] == ["1", "2", "3"]


def test_json_has_the_minutes_keys() -> None:
    data = json.loads(_render(_session(), "json"))
    for key in ("approval", "absent", "decisions", "missing_data", "next_meeting", "short"):
        assert key in data
    assert [a["number"] for a in data["agreements"]] == [1, 2, 3]
    assert {a["status_text"] for a in data["agreements"]} == {"open"}
    assert data["approval"]["status"] == "concept"
    keys = list(data)  # "In het kort" first, as on page one; the course after the facts
    assert keys[3:10] == [
        "approval",
        "joint_question",
        "joint_answer",
        "decisions",
        "agreements",
        "missing_data",
        "next_meeting",
    ]
    assert keys.index("next_meeting") < keys.index("date") < keys.index("check_in")


# --- the new fields ------------------------------------------------------------------------


def _with_minutes() -> Session:
    session = _session()
    minutes = session.minutes
    minutes.absent = [Absent("Joost Bakker", "bestuurder")]
    minutes.decisions = ["Feedbackmomenten worden vaste onderdelen van het rooster"]
    minutes.next_meeting = NextMeeting(dt.date(2026, 6, 4), "", "Het Lingecollege", "NSE 2027")
    minutes.distribution = ["stuurgroep", "alle schoolopleiders"]
    return session


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_format_shows_the_new_minutes_fields(fmt: str) -> None:
    text = _render(_with_minutes(), fmt)
    for expected in (
        "Joost Bakker",
        "Feedbackmomenten worden vaste onderdelen van het rooster",
        "4 juni 2026",
        "Het Lingecollege",
        "NSE 2027",
        "alle schoolopleiders",
        "Besluiten",
        "Volgende bijeenkomst",
        "Afgemeld",
        "Verspreiding",
    ):
        assert expected in text, (fmt, expected)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_anonymous_hides_absent_names_and_who_approved(fmt: str) -> None:
    session = _with_minutes()
    approve(session.minutes, "Joost Bakker", dt.date(2026, 4, 1))
    text = _render(session, fmt, anonymous=True)
    assert "Joost" not in text and "Bakker" not in text
    assert "Bestuurder" in text
    assert "Vastgesteld op 1 april 2026" in text


@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx"])
def test_concept_until_approved(fmt: str) -> None:
    session = _session()
    assert "concept" in _render(session, fmt).lower()
    approve(session.minutes, "Stuurgroep", dt.date(2026, 4, 1))
    text = _render(session, fmt)
    assert "Vastgesteld op 1 april 2026 door Stuurgroep" in text
    assert "nog niet vastgesteld" not in text


# --- the short verslag ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx"])
@pytest.mark.parametrize("anonymous", [False, True])
def test_short_verslag_quotes_no_participant(fmt: str, anonymous: bool) -> None:
    session = _session()
    text = _render(session, fmt, short=True, anonymous=anonymous)
    for spoken in _spoken(session):
        assert spoken not in text
    assert "Derdejaars zijn minder tevreden" in text  # the group's answer stays
    assert "Vaste feedbackmomenten in het rooster" in text  # and the agreements


def test_short_markdown_has_no_course_of_the_conversation() -> None:
    tokens = parse_markdown(_render(_session(), "md", short=True))
    headings = [text for _, text in sections(tokens)]
    assert "Verloop" not in headings and "In het kort" in headings


# --- Markdown: the method's convention -----------------------------------------------------


def test_markdown_aloud_questions_bold_silent_ones_not() -> None:
    session = _session()
    tokens = parse_markdown(_render(session, "md"))
    context = build_context(session, INSTRUMENT)
    blocks = context["check_in"] + [b for r in context["rounds"] for b in r["blocks"]]
    for block in blocks:
        inline = next(
            t
            for t in tokens
            if t.type == "inline" and t.content.lstrip("*").startswith(block["text"][:20])
        )
        first = next(c for c in inline.children or [] if c.type != "text" or c.content)
        assert (first.type == "strong_open") == block["aloud"], block["text"]


def test_missing_data_of_a_procescheck_is_in_het_kort() -> None:
    tokens = parse_markdown(_render(_session(), "md"))
    headings = [text for _, text in sections(tokens)]
    assert headings.index("Data die nog ontbreekt") < headings.index("Gegevens")


def test_a_corrected_session_says_so(tmp_path: Path) -> None:
    from kwaliteit_cli.session.minutes import record_correction

    session = _session()
    record_correction(
        session.minutes,
        "Afspraak 1: uiterlijk aangepast",
        dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC),
    )
    text = _render(session, "md")
    assert "Na het gesprek aangepast" in text
    assert "20 maart 2026: Afspraak 1: uiterlijk aangepast" in text


# --- the format: -f, or the output's extension ---------------------------------------------


def test_the_format_follows_the_output_name(cli: CliRunner, tmp_path: Path) -> None:
    for name, check in (
        ("v.docx", lambda p: docx.Document(str(p)).paragraphs[0].text.startswith("Verslag: ")),
        ("v.html", lambda p: p.read_text("utf-8").startswith("<!DOCTYPE html>")),
        ("v.json", lambda p: json.loads(p.read_text("utf-8"))["schema"] == "kwaliteit-verslag"),
        ("v.md", lambda p: p.read_text("utf-8").startswith("# Verslag: ")),
    ):
        out = tmp_path / name
        result = cli("report", NSE, "-o", out)
        assert result.returncode == 0, result.stderr
        assert check(out), name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "html", "-o", "v.docx"], "-f html en de bestandsnaam v.docx spreken elkaar tegen"),
        (["-f", "docx"], "Een Word-verslag kan niet op het scherm."),
        (["--huisstijl", "h.docx", "-o", "v.md"], "--huisstijl geldt alleen voor een Word-verslag"),
        (["-f", "pdf"], "Onbekend formaat 'pdf'."),
    ],
)
def test_a_format_that_cannot_be_is_a_clear_error(
    cli: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("report", NSE, *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Fout: {message}")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "v.docx").exists() and not (tmp_path / "v.md").exists()


def test_a_word_report_in_a_house_style_from_the_cli(cli: CliRunner, tmp_path: Path) -> None:
    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "Partnerschap Rivierenland"
    reference.save(str(tmp_path / "huisstijl.docx"))
    out = tmp_path / "v.docx"
    result = cli("report", NSE, "-o", out, "--huisstijl", tmp_path / "huisstijl.docx", "--kort")
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "Partnerschap Rivierenland"
    assert "Verloop" not in [p.text for p in document.paragraphs]
    (tmp_path / "kapot.docx").write_text("geen Word", "utf-8")
    result = cli("report", NSE, "-o", out, "--huisstijl", tmp_path / "kapot.docx")
    assert result.returncode == 1 and "geen Word-document" in result.stderr
