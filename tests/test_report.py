"""The verslag: what the minutes contain, parsed back by real Markdown, HTML and JSON parsers."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kwaliteit_cli.conversation.answers import ScriptedPrompter
from kwaliteit_cli.conversation.replay import replay
from kwaliteit_cli.errors import TemplateFileError
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.verslag.context import (
    REPORT_SCHEMA,
    REPORT_SCHEMA_VERSION,
    ReportOptions,
    build_context,
    dutch_date,
    dutch_duration,
)
from kwaliteit_cli.verslag.render import render_report, template_mode
from kwaliteit_cli.verslag.text import md_cell, md_text
from tests.conftest import EXAMPLES, START, CliRunner
from tests.verslag_parsing import (
    has_class,
    inline_texts,
    next_element,
    parse_html,
    parse_markdown,
    sections,
    table_after,
    text_of,
)

INSTRUMENT = load_instrument(None)
SESSION_FILES = sorted(p for p in EXAMPLES.glob("*.toml") if ".antwoorden" not in p.name)
NSE = EXAMPLES / "nse-stagebegeleiding.toml"
UNFINISHED = EXAMPLES / "zelfevaluatie-onderbroken.toml"


def context_of(path: Path, anonymous: bool = False) -> dict[str, Any]:
    return build_context(load_session(path), INSTRUMENT, ReportOptions(anonymous=anonymous))


def render(path: Path, fmt: str, anonymous: bool = False) -> str:
    return render_report(context_of(path, anonymous), fmt)


def sparse_session() -> Session:
    """A conversation with as little as possible: no place, facilitator, data or agreements."""
    data: dict[str, object] = {
        "meeting": {"title": "Kort", "date": dt.date(2026, 5, 1), "minute_taker": "Ann"},
        "participants": [{"name": "Ann", "role": "schoolopleider"}],
        "data": [{"what": "NSE"}],
        "check-in": {
            "role_and_expectation": [""],
            "about_the_data": "data",
            "shared_goal": "doel",
            "joint_question": "V?",
        },
        "proces-check": [
            {
                "contribution": ["a"],
                "what_it_means": {"ik": ["/pas"], "wij": "samen"},
                "process_check": {"answerable": True},
            }
        ],
        "check-out": {
            "meaningful_group": "ja",
            "joint_answer": "antwoord",
            "agreements": [],
            "meaningful_self": ["ja"],
        },
    }
    session = replay(ScriptedPrompter(data, Path("kort.toml")), INSTRUMENT, START)
    session.data = []
    return session


# --- the content -----------------------------------------------------------------------------


def test_dates_and_durations_are_dutch() -> None:
    assert dutch_date(dt.date(2026, 11, 28)) == "28 november 2026"
    assert dutch_date(dt.date(2026, 3, 1)) == "1 maart 2026"
    assert dutch_duration(1) == "1 minuut"
    assert dutch_duration(48) == "48 minuten"
    assert dutch_duration(60) == "1 uur"
    assert dutch_duration(61) == "1 uur en 1 minuut"
    assert dutch_duration(135) == "2 uur en 15 minuten"


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_running_text_has_no_iso_dates(path: Path) -> None:
    for fmt in ("md", "html"):
        text = render(path, fmt)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), fmt


def test_context_holds_the_meeting_facts() -> None:
    context = context_of(NSE)
    assert context["schema"] == REPORT_SCHEMA
    assert context["schema_version"] == REPORT_SCHEMA_VERSION
    assert context["date"] == "2026-03-12"
    assert context["date_text"] == "12 maart 2026"
    assert context["weekday"] == "donderdag"
    # The answers file gives the meeting's own times (typed up from notes afterwards).
    assert (context["start_time"], context["end_time"]) == ("15:00", "16:10")
    assert context["duration_minutes"] == 70
    assert context["facilitator"] == {"label": "Marieke Verhoeven", "external": True}
    assert context["minute_taker"] == "Sanne de Wit"
    assert [p["role"] for p in context["participants"]] == [
        "schoolopleider",
        "instituutsopleider",
        "werkplekbegeleider",
    ]


def test_planned_and_actual_minutes_per_phase() -> None:
    phases = {p["id"]: p for p in context_of(NSE)["phases"]}
    assert phases["check-in"]["planned_minutes"] == 15
    assert phases["check-in"]["actual_minutes"] == 15
    assert phases["proces-check"]["actual_text"] == "30 minuten"
    rows = table_after(parse_markdown(render(NSE, "md")), "Tijd per fase")
    assert rows == [
        ["Check-in", "15 minuten", "15 minuten"],
        ["Proces-check", "30 minuten", "30 minuten"],
        ["Check-out", "15 minuten", "25 minuten"],
    ]


def test_rounds_carry_contributions_per_role_and_the_decision() -> None:
    rounds = context_of(NSE)["rounds"]
    assert [r["number"] for r in rounds] == [1, 2]
    first = rounds[0]
    contributions = first["blocks"][0]["answers"]
    assert [(a["who"], a["role"]) for a in contributions] == [
        ("Sanne de Wit", "schoolopleider"),
        ("Karim El Amrani", "instituutsopleider"),
        ("Joost Bakker", "werkplekbegeleider"),
    ]
    assert first["decision"]["answerable"] is False
    assert first["decision"]["reason"].startswith("We zien een patroon")
    assert first["decision"]["missing_data"].startswith("Uitsplitsing")
    assert first["sharpened"].startswith("Waarom zijn derdejaars")
    assert rounds[1]["decision"]["verdict"] == "ja"


def test_joint_question_leads_with_the_final_wording_then_its_history() -> None:
    question = context_of(NSE)["joint_question"]
    assert question["text"].startswith("Waarom zijn derdejaars")
    assert question["round"] == 1
    assert [(v["round"], v["text"][:20]) for v in question["history"]] == [
        (0, "Waarom zijn studente")
    ]


def test_silent_questions_show_as_asked_in_silence_without_content() -> None:
    md = render(NSE, "md")
    assert md.count("*In stilte gesteld; er is niets vastgelegd.*") == 4
    context = context_of(UNFINISHED)
    note = context["check_in"][2]
    assert note["silent"] and note["answers"] == []
    assert note["notes"] == ["Scores op 'feedback krijgen' liggen < 3,5 op 4 van de 9 scholen."]
    assert "Vastgelegde notitie" in render(UNFINISHED, "md")


def test_check_out_holds_meaning_for_group_and_person_and_the_answer() -> None:
    context = context_of(NSE)
    kinds = [(b["id"], b["kind"]) for b in context["check_out"]]
    assert ("meaningful_group", "meaningful") in kinds
    assert ("meaningful_self", "meaningful") in kinds
    assert context["joint_answer"].startswith("Derdejaars zijn minder tevreden")
    group = next(b for b in context["check_out"] if b["id"] == "meaningful_group")
    assert group["answers"][0]["choice"] == "ja"


def test_unfinished_session_says_where_it_stopped() -> None:
    context = context_of(UNFINISHED)
    assert not context["completed"]
    assert context["stopped_at"] == "in de proces-check, ronde 2"
    assert context["position"]["round"] == 2
    assert [r["stopped_here"] for r in context["rounds"]] == [False, True]
    assert context["end_time"] == "" and context["duration_minutes"] is None
    md = render(UNFINISHED, "md")
    assert "**Dit gesprek is nog niet afgerond.** Het is gestopt in de proces-check, ronde 2" in md
    # Where it stopped closes the course of the conversation; only the time table follows.
    assert md.index("#### Ronde 2") < md.index("*Hier is het gesprek gestopt.*")
    assert md.index("*Hier is het gesprek gestopt.*") < md.index("### Tijd per fase")
    assert "| Proces-check | 30 minuten | niet afgerond |" in md
    assert "### Check-out" not in md and "*Er zijn geen afspraken gemaakt.*" in md
    root = parse_html(render(UNFINISHED, "html"))
    notes = [e for e in root.iter() if has_class(e, "let-op")]
    assert len(notes) == 1 and "ronde 2" in text_of(notes[0])


def test_finished_session_has_no_unfinished_notice() -> None:
    md = render(NSE, "md")
    assert "niet afgerond" not in md
    assert "gestopt" not in md


def test_empty_parts_leave_no_blank_headings() -> None:
    context = build_context(sparse_session(), INSTRUMENT)
    md = render_report(context, "md")
    assert "Plaats" not in md and "Procesbegeleider" not in md
    assert "Besproken data" not in md and "Besluiten" not in md
    assert "*Er zijn geen afspraken gemaakt.*" in md  # said in In het kort, not left out
    assert "*(geen antwoord)*" in md  # an empty answer in a round is said, not left blank
    for text in (md, render(NSE, "md"), render(UNFINISHED, "md")):
        tokens = parse_markdown(text)
        levels = [(int(t.tag[1]), i) for i, t in enumerate(tokens) if t.type == "heading_open"] + [
            (0, len(tokens))
        ]
        for (level, index), (next_level, next_index) in itertools.pairwise(levels):
            content = next_index - index - 3  # heading_open, inline, heading_close
            assert content > 0 or next_level > level, f"lege kop op token {index}"
    root = parse_html(render_report(context, "html"))
    for section in root.iter("section"):
        assert len(list(section)) > 1, "een lege sectie"


# --- Markdown structure ------------------------------------------------------------------------


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_markdown_puts_the_joint_question_first(path: Path) -> None:
    context = context_of(path)
    tokens = parse_markdown(render_report(context, "md"))
    heads = sections(tokens)
    assert heads[0] == ("h1", f"Verslag: {context['title']}")
    assert heads[1] == ("h2", "Gezamenlijke vraag")
    after = next(i for i, t in enumerate(tokens) if t.type == "heading_close" and t.tag == "h2")
    assert tokens[after + 1].type == "blockquote_open"
    assert inline_texts(tokens[after + 1 :])[0] == context["joint_question"]["text"]


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_markdown_agreements_are_numbered_table_rows_of_five_cells(path: Path) -> None:
    context = context_of(path)
    tokens = parse_markdown(render_report(context, "md"))
    if not context["agreements"]:
        assert "Er zijn geen afspraken gemaakt." in inline_texts(tokens)
        return
    rows = table_after(tokens, "Afspraken")
    assert rows == [
        [str(n), a["what"], a["who"], a["due_text"] or "–", a["status_text"]]
        for n, a in enumerate(context["agreements"], 1)
    ]


def test_markdown_shows_the_sections_of_the_conversation_in_order() -> None:
    heads = [text for _, text in sections(parse_markdown(render(NSE, "md")))]
    order = ["Gezamenlijke vraag", "In het kort", "Afspraken", "Gegevens", "Verloop"]
    order += ["Check-in", "Proces-check", "Ronde 1", "Ronde 2", "Check-out", "Tijd per fase"]
    assert [h for h in heads if h in order] == order


# --- HTML structure -------------------------------------------------------------------------


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_html_box_with_the_joint_question_follows_the_title(path: Path) -> None:
    context = context_of(path)
    root = parse_html(render_report(context, "html"))
    assert root.get("lang") == "nl"
    h1s = list(root.iter("h1"))
    assert len(h1s) == 1 and text_of(h1s[0]) == context["title"]
    box = next_element(root, h1s[0])
    assert box is not None and box.tag == "section" and has_class(box, "gezamenlijke-vraag")
    question = next(e for e in box.iter() if has_class(e, "vraag-tekst"))
    assert text_of(question) == context["joint_question"]["text"]


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_html_agreements_are_table_rows(path: Path) -> None:
    context = context_of(path)
    root = parse_html(render_report(context, "html"))
    table = next((s for s in root.iter("table") if has_class(s, "afspraken")), None)
    if not context["agreements"]:
        assert table is None
        return
    assert table is not None
    head = [text_of(th) for th in table.iter("th")]
    assert head == ["Nr", "Wat", "Wie", "Uiterlijk", "Status"]
    body = next(table.iter("tbody"))
    rows = [[text_of(td) for td in tr.iter("td")] for tr in body.iter("tr")]
    assert rows == [
        [str(n), a["what"], a["who"], a["due_text"] or "–", a["status_text"]]
        for n, a in enumerate(context["agreements"], 1)
    ]


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_html_is_self_contained_and_inert(path: Path) -> None:
    text = render(path, "html")
    root = parse_html(text)
    assert not list(root.iter("script"))
    for element in root.iter():
        for name in element.attrib:
            assert name not in ("src", "href", "srcset", "action", "data"), element.tag
            assert not name.startswith("on"), element.tag
        assert element.tag not in ("link", "img", "iframe", "object", "embed", "base")
    styles = [text_of(s) for s in root.iter("style")]
    assert len(styles) == 1
    assert "url(" not in styles[0] and "@import" not in styles[0]
    csp = [m for m in root.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0].get("content", "")


def test_html_prints_on_a4_with_whole_rows_and_repeated_table_heads() -> None:
    style = text_of(next(parse_html(render(NSE, "html")).iter("style")))
    assert "size: A4" in style
    assert "@media print" in style
    assert "thead { display: table-header-group; }" in style
    assert re.search(r"tr[^{]*\{ break-inside: avoid; \}", style)
    # A long agreements table may break across pages (its head repeated), not jump whole.
    assert not re.search(r"\.afspraken \{ break-inside: avoid; \}", style)


# --- JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_json_is_the_documented_context(path: Path) -> None:
    context = context_of(path)
    data = json.loads(render_report(context, "json"))
    assert data == context
    assert data["schema"] == "kwaliteit-verslag" and data["schema_version"] == 1
    assert isinstance(data["rounds"], list) and isinstance(data["agreements"], list)


def _keys(value: Any, prefix: str = "") -> set[str]:
    """Every key path in a context, lists written as []: rounds[].blocks[].answers[].who."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            out |= _keys(item, path)
    elif isinstance(value, list):
        for item in value:
            out |= _keys(item, f"{prefix}[]")
    return out


def _documented_key(path: str) -> str:
    """Blocks are documented once, as block.*, wherever they occur."""
    for prefix in ("check_in[]", "check_out[]", "rounds[].blocks[]"):
        if path.startswith(prefix + "."):
            return "block" + path.removeprefix(prefix)
    return path


def test_every_context_key_is_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "verslag.md").read_text("utf-8")
    doc = doc[doc.index("## De context") : doc.index("## Een eigen sjabloon")]
    documented = set(re.findall(r"^\| `([^`]+)` \|", doc, flags=re.MULTILINE))
    used: set[str] = set()
    for path in SESSION_FILES:
        for anonymous in (False, True):
            used |= {_documented_key(k) for k in _keys(context_of(path, anonymous))}
    assert used - documented == set(), "niet in docs/verslag.md"
    assert documented - used == set(), "in docs/verslag.md maar niet in de context"


# --- anonymous --------------------------------------------------------------------------------


def _names(session: Session) -> set[str]:
    """Every name the session holds, and each part of it that could give someone away."""
    full = {p.name for p in session.participants} | {session.meeting.facilitator}
    full |= {a.owner_name for a in session.agreements}
    full.discard("")
    parts = {w for name in full for w in name.split() if len(w) >= 3 and w[0].isupper()}
    return full | parts


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_anonymous_reports_hold_no_names_in_any_format(path: Path) -> None:
    names = _names(load_session(path))
    assert names
    for fmt in ("md", "html", "json"):
        text = render(path, fmt, anonymous=True)
        for name in names:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (fmt, name)


def test_anonymous_labels_are_roles_numbered_where_a_role_repeats() -> None:
    context = context_of(UNFINISHED, anonymous=True)
    assert [p["label"] for p in context["participants"]] == [
        "Coördinerend schoolopleider",
        "Werkplekbegeleider 1",
        "Werkplekbegeleider 2",
        "Student / leraar in opleiding",
    ]
    who = [a["who"] for a in context["rounds"][0]["blocks"][0]["answers"]]
    assert who == [p["label"] for p in context["participants"]]
    assert context["facilitator"] == {"label": "Procesbegeleider", "external": False}
    assert context["minute_taker"] == "Procesbegeleider"
    # A name mentioned in an answer is replaced by that person's label too.
    said = context["rounds"][0]["blocks"][0]["answers"][2]["text"]
    assert said.startswith("Zoals Coördinerend schoolopleider zegt")


def test_anonymous_agreement_owners_are_roles_or_the_group() -> None:
    context = context_of(NSE, anonymous=True)
    assert [a["who"] for a in context["agreements"]] == [
        "Schoolopleider",
        "Instituutsopleider",
        "de groep",
    ]
    session = load_session(NSE)
    session.agreements[0] = session.agreements[0].replace(owner="", owner_name="Piet Pieters")
    session.answers[0] = session.answers[0].replace(text="Piet Pieters belt.")
    context = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    assert context["agreements"][0]["who"] == "iemand buiten de groep"
    assert "Piet" not in render_report(context, "md")


def test_names_are_replaced_only_as_whole_words() -> None:
    """Whole words in any case: a word that is also a name ("wit") goes too (issue 14:
    a leaked name is worse than a word too many); a longer word ("Joosten") stays."""
    session = load_session(NSE)
    text = "Sanne en sanne de wit, Joosten, Joost, KARIM EL AMRANI, de Wit en wit."
    session.answers[0] = session.answers[0].replace(text=text)
    context = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    said = context["check_in"][0]["answers"][0]["text"]
    assert said == (
        "Schoolopleider en Schoolopleider, Joosten, Werkplekbegeleider, Instituutsopleider, "
        "Schoolopleider en Schoolopleider."
    )


# --- typed text stays text -----------------------------------------------------------------


def test_markdown_escaping_keeps_text_readable() -> None:
    assert md_cell("Gewoon een zin, met 3,5 en 'quotes'.") == (
        "Gewoon een zin, met 3,5 en 'quotes'."
    )
    assert md_cell("snake_case blijft") == "snake_case blijft"
    assert md_cell("a | b") == "a \\| b"
    assert md_cell("# kop") == "\\# kop"
    assert md_cell("1. lijst") == "1\\. lijst"
    assert md_cell("titel #") == "titel \\#"
    assert md_cell("<script>") == "\\<script\\>"
    assert md_cell("regel een\nregel twee") == "regel een regel twee"
    assert md_text("een\n\n- twee", indent="  ") == "een\\\n  \\- twee"


def test_template_syntax_in_answers_is_just_text() -> None:
    session = load_session(NSE)
    typed = "{{ 7 * 7 }} {% for x in 'ab' %}{{ x }}{% endfor %} {# c #}"
    session.answers[0] = session.answers[0].replace(text=typed)
    context = build_context(session, INSTRUMENT)
    assert "{{ 7 \\* 7 }}" in render_report(context, "md")
    html = render_report(context, "html")
    assert typed.replace("'", "&#39;") in html and ">49<" not in html
    assert json.loads(render_report(context, "json"))["check_in"][0]["answers"][0]["text"] == typed


def test_a_template_cannot_print_typed_text_unescaped_by_forgetting_a_filter(
    tmp_path: Path,
) -> None:
    template = tmp_path / "eigen.md.j2"
    template.write_text("# {{ title }}\n\n{{ joint_question.text | md }}\n", "utf-8")
    session = load_session(NSE)
    session.meeting.title = "<b>vet</b> | *schuin*"
    context = build_context(session, INSTRUMENT)
    out = render_report(context, "md", template)
    assert out.startswith("# \\<b\\>vet\\</b\\> \\| \\*schuin\\*\n")


def test_template_modes_follow_the_file_name() -> None:
    assert template_mode("x.html.j2") == "html"
    assert template_mode("x.HTM") == "html"
    assert template_mode("x.md.j2") == "md"
    assert template_mode("x.md") == "md"
    assert template_mode("x.txt.j2") == "none"


def test_a_broken_user_template_is_one_dutch_error(tmp_path: Path) -> None:
    context = context_of(NSE)
    broken = tmp_path / "kapot.md.j2"
    broken.write_text("{% if %}\n", "utf-8")
    with pytest.raises(TemplateFileError) as caught:
        render_report(context, "md", broken)
    assert "kapot.md.j2" in caught.value.message and "regel 1" in caught.value.message
    unknown = tmp_path / "onbekend.md.j2"
    unknown.write_text("{{ bestaat_niet }}\n", "utf-8")
    with pytest.raises(TemplateFileError) as caught:
        render_report(context, "md", unknown)
    assert "bestaat_niet" in caught.value.message


# --- the command ------------------------------------------------------------------------------


def test_report_command_writes_every_format(cli: CliRunner, tmp_path: Path) -> None:
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"verslag.{fmt}"
        result = cli("report", NSE, "--format", fmt, "--output", out, "--anoniem")
        assert result.returncode == 0, result.stderr
        assert out.read_text("utf-8") == render(NSE, fmt, anonymous=True)
        assert "Sanne" not in out.read_text("utf-8")


def test_report_command_with_own_template_and_its_errors(cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "kort.txt.j2"
    template.write_text("{{ joint_question.text }} ({{ agreements | length }} afspraken)\n")
    result = cli("report", NSE, "--template", template)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("stageschool? (3 afspraken)\n")
    template.write_text("{{ niet.bekend }}\n")
    result = cli("report", NSE, "--template", template)
    assert result.returncode != 0
    assert result.stderr.startswith("Fout: Sjabloon ") and "Traceback" not in result.stderr
    result = cli("report", NSE, "--format", "pdf")
    assert result.returncode == 2 and "Kies md, html, docx of json" in result.stderr


def test_names_with_letters_beyond_ascii_are_replaced_too() -> None:
    session = load_session(NSE)
    session.participants[0] = session.participants[0].replace(name="Fatma Yılmaz")
    session.participants[1] = session.participants[1].replace(name="Jörg Straße")
    text = "fatma yılmaz, Yılmaz, Jörg, en jörg straße."
    session.answers[0] = session.answers[0].replace(text=text)
    context = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    assert context["check_in"][0]["answers"][0]["text"] == (
        "Schoolopleider, Schoolopleider, Instituutsopleider, en Instituutsopleider."
    )
