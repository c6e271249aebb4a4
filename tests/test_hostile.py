"""Hostile answer text: stored faithfully, shown inert on screen, rendered inert in reports.

Escape sequences, HTML and javascript: links, Markdown and Jinja syntax, NUL bytes, right-to-
left marks and a 1 MB answer. Answer text is data everywhere: in the session file it is kept
exactly; on the terminal it cannot move the cursor or recolour the screen; in every verslag
format it cannot become markup or template code. (The verslag's own properties over arbitrary
text are in tests/test_report_props.py; this file follows hostile text end to end.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from kwaliteit_cli.conversation.display import safe
from kwaliteit_cli.conversation.layout import layout, step_info
from kwaliteit_cli.conversation.steps import build_view
from kwaliteit_cli.errors import SessionFileError
from kwaliteit_cli.session.file import dump_session, load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Participant, Position, Session
from kwaliteit_cli.session.schema import session_from_dict
from kwaliteit_cli.session.tomlfile import parse_toml
from kwaliteit_cli.verslag.context import FORMATS
from kwaliteit_cli.verslag.text import display_text
from tests.conftest import EXAMPLES, START, run_kwaliteit
from tests.faultkit import SHORT_ANSWERS
from tests.verslag_parsing import elements, parse_html, parse_markdown

INSTRUMENT = load_instrument(None)
NSE = load_session(EXAMPLES / "nse-stagebegeleiding.toml")

HOSTILE = {
    "clear screen": "\x1b[2J\x1b[H\x1b[31mrood\x1b[0m",
    "window title": "\x1b]0;gehackt\x07titel",
    "terminal link": "\x1b]8;;https://kwaad.example\x1b\\klik\x1b]8;;\x1b\\",
    "C1 escape": "\x9b31mrood\x9b0m",
    "bell and backspace": "a\x07\x08\x08b",
    "script": "<script>alert('x')</script>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "javascript link in Markdown": "[klik hier](javascript:alert(1))",
    "javascript link in HTML": '<a href="javascript:alert(1)">klik</a>',
    "Markdown heading and list": "# Kop\n- lijst\n1. genummerd\n> citaat\n---",
    "Markdown table": "| a | b |\n|---|---|\n| c | d |",
    "Markdown emphasis and code": "**vet** _schuin_ `code` ```blok```",
    "Jinja expression": "{{ 7 * 7 }}",
    "Jinja statement": "{% for x in range(3) %}x{% endfor %}{# stil #}",
    "Jinja include": "{% include '/etc/passwd' %}",
    "NUL bytes": "voor\x00na\x00",
    "right-to-left override": "factuur\u202egnp.exe",
    "RTL and LTR marks": "\u200fשלום\u200e en \u2066isolaat\u2069",
    "lone carriage return": "eerste\rtweede",
    "Windows line break": "eerste\r\ntweede",
    "DEL and NBSP": "a\x7fb\xa0c",
}
MEGABYTE = "Een heel lang antwoord over de stage. " * 27_000  # about 1 MB


def _with_text(session: Session, text: str) -> Session:
    """The session with ``text`` in an answer, a name, the title, the joint question and more."""
    copy = session.replace(
        meeting=session.meeting.replace(title=text, place=text),
        participants=[
            session.participants[0].replace(name=text),
            *session.participants[1:],
        ],
        answers=[a.replace(text=text) for a in session.answers],
        joint_question=[v.replace(text=text) for v in session.joint_question],
        agreements=[a.replace(what=text) for a in session.agreements],
    )
    return copy


# --- stored faithfully -------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE.values(), MEGABYTE], ids=[*HOSTILE, "1 MB"])
def test_hostile_text_survives_save_and_load_exactly(
    text: str, tmp_path: Path, nse_session: Session
) -> None:
    session = _with_text(nse_session, text)
    path = tmp_path / "gesprek.toml"
    save_session(session, path)
    loaded = load_session(path)
    if "\r\n" in text:
        # tomli-w writes a multi-line string with plain line breaks: a Windows line break comes
        # back as "\n", the same text on every screen. Everything else comes back exactly.
        text = text.replace("\r\n", "\n")
        session = _with_text(nse_session, text)
    assert loaded.meeting.title == text
    assert loaded.participants[0].name == text
    assert [a.text for a in loaded.answers] == [text] * len(session.answers)
    assert loaded == session
    assert b"\x00" not in path.read_bytes()  # NUL is written as an escape, never raw
    assert b"\x1b" not in path.read_bytes()


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.text(st.characters(codec="utf-8"), min_size=1))
def test_any_text_survives_save_and_load_exactly(text: str) -> None:
    """Any text (not empty: an empty name or agreement is not a thing the flow records)."""
    session = _with_text(NSE, text)
    dumped = dump_session(session)
    path = Path("gesprek.toml")
    assert session_from_dict(parse_toml(dumped, path, SessionFileError), path) == session


def test_a_lone_surrogate_is_saved_as_a_replacement_character(
    tmp_path: Path, nse_session: Session
) -> None:
    """Undecodable terminal input can hold one; it cannot be UTF-8, and must not lose the rest."""
    path = tmp_path / "gesprek.toml"
    save_session(_with_text(nse_session, "ab\udcffc"), path)
    assert load_session(path).meeting.title == "ab\ufffdc"


def _hostile_answers(folder: Path) -> Path:
    """The short conversation with a hostile text in every answer a person types."""
    data = json.loads(json.dumps(SHORT_ANSWERS, default=str))
    data["meeting"]["date"] = dt.date(2026, 5, 1)
    data["meeting"]["title"] = HOSTILE["clear screen"] + HOSTILE["script"]
    data["meeting"]["place"] = HOSTILE["Jinja expression"]
    data["participants"][0]["name"] = "Ann " + HOSTILE["right-to-left override"]
    data["meeting"]["minute_taker"] = data["participants"][0]["name"]
    data["check-in"]["role_and_expectation"] = [
        HOSTILE["javascript link in Markdown"],
        HOSTILE["Markdown heading and list"],
    ]
    data["check-in"]["shared_goal"] = HOSTILE["NUL bytes"] + HOSTILE["Jinja statement"]
    data["check-in"]["joint_question"] = HOSTILE["terminal link"] + HOSTILE["C1 escape"]
    data["proces-check"][0]["contribution"] = [
        HOSTILE["javascript link in HTML"],
        HOSTILE["img onerror"] + HOSTILE["Markdown table"],
    ]
    data["check-out"]["joint_answer"] = HOSTILE["Jinja include"] + HOSTILE["window title"]
    data["check-out"]["agreements"] = [{"what": HOSTILE["Markdown emphasis and code"], "who": "Bo"}]
    data["check-out"]["meaningful_self"] = ["ja", {"choice": "ja", "text": MEGABYTE}]
    path = folder / "vijandig.antwoorden.toml"
    path.write_text(tomli_w.dumps(data), "utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vijandig")
    output = folder / "gesprek.toml"
    result = run_kwaliteit("start", "--answers", _hostile_answers(folder), "--output", output)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr
    return output


def test_typed_hostile_text_is_stored_as_typed(hostile_session: Path) -> None:
    session = load_session(hostile_session)
    texts = {a.text for a in session.answers}
    assert HOSTILE["NUL bytes"] + HOSTILE["Jinja statement"] in texts
    assert HOSTILE["Markdown heading and list"] in texts
    assert MEGABYTE.strip() in texts
    assert session.meeting.place == HOSTILE["Jinja expression"]
    assert session.current_joint_question() == HOSTILE["terminal link"] + HOSTILE["C1 escape"]


# --- inert in every report format -----------------------------------------------------------

_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_is_inert_in_every_report_format(fmt: str, hostile_session: Path) -> None:
    result = run_kwaliteit("report", hostile_session, "--format", fmt)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Printed to a terminal, nothing in it can act: no escape, no C0 or C1 control.
    assert not _TERMINAL_CONTROL.search(out.replace("\r\n", "\n")), repr(
        _TERMINAL_CONTROL.search(out)
    )
    # Jinja syntax in answers stays text: never evaluated, never includes a file.
    assert "root:" not in out
    if fmt == "md":
        tokens = parse_markdown(out)
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
        assert not kinds & {"html_block", "html_inline", "link_open", "image"}, kinds
        headings = [t for t in tokens if t.type == "heading_open"]
        plain = run_kwaliteit("report", _plain(hostile_session), "--format", "md").stdout
        assert len(headings) == len([t for t in parse_markdown(plain) if t.type == "heading_open"])
        assert "{{ 7 \\* 7 }}" in out or "{{ 7 * 7 }}" in out
    elif fmt == "html":
        root = parse_html(out)
        tags = [el.tag.rsplit("}", 1)[-1] for el in elements(root)]
        assert "script" not in tags
        assert "img" not in tags
        for element in elements(root):
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (name, value)
                assert "javascript:" not in value.lower(), (name, value)
        assert "{{ 7 * 7 }}" in out
        assert "&lt;script&gt;" in out
    else:
        # JSON is data: the typed text comes out exactly as stored (or as the verslag shows it).
        strings = set(_strings(json.loads(out)))
        for typed in (
            HOSTILE["Jinja include"] + HOSTILE["window title"],
            HOSTILE["NUL bytes"] + HOSTILE["Jinja statement"],
            HOSTILE["terminal link"] + HOSTILE["C1 escape"],
        ):
            assert typed in strings or display_text(typed) in strings, typed


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def _plain(path: Path) -> Path:
    """The same session with every typed text replaced by a plain word (the reference)."""
    session = load_session(path)
    plain = session.replace(
        meeting=session.meeting.replace(title="Titel", place="Plaats"),
        participants=[p.replace(name=f"Naam{p.id}") for p in session.participants],
        answers=[a.replace(text="Tekst" if a.text else "") for a in session.answers],
        joint_question=[v.replace(text="Vraag") for v in session.joint_question],
        agreements=[a.replace(what="Afspraak") for a in session.agreements],
    )
    out = path.with_name("gewoon.toml")
    save_session(plain, out)
    return out


# --- inert on screen -------------------------------------------------------------------------


def _acts_on_a_terminal(text: str) -> list[str]:
    """Characters that could move the cursor, recolour, or reorder what is shown."""
    return [
        c
        for c in text
        if c not in "\n\t"
        and (
            unicodedata.category(c) == "Cc"
            or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
        )
    ]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_safe_leaves_nothing_that_acts_on_a_terminal(text: str) -> None:
    assert _acts_on_a_terminal(safe(text)) == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (HOSTILE["clear screen"], "rood"),
        (HOSTILE["window title"], "titel"),
        (HOSTILE["terminal link"], "klik"),
        (HOSTILE["C1 escape"], "\\u009b31mrood\\u009b0m"),
        (HOSTILE["NUL bytes"], "voor\\u0000na\\u0000"),
        (HOSTILE["right-to-left override"], "factuur\\u202egnp.exe"),
        (HOSTILE["script"], HOSTILE["script"]),
        (HOSTILE["Jinja expression"], HOSTILE["Jinja expression"]),
    ],
)
def test_safe_strips_escape_sequences_and_shows_other_controls(text: str, shown: str) -> None:
    """What the sequence does is gone; what it would hide or reorder is shown as a code."""
    assert safe(text) == shown


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.text())
def test_safe_leaves_nothing_that_acts_on_a_terminal_for_any_text(text: str) -> None:
    assert _acts_on_a_terminal(safe(text)) == []


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_conversation_screen_shows_hostile_text_inert(
    text: str, nse_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The joint question and the name of whose turn it is, drawn as the facilitator sees them."""
    session = _with_text(nse_session, text)
    session.participants[0] = Participant("p1", text, text)
    position = Position("proces-check", "contribution", 1, "p1")
    screen = layout(
        step_info(build_view(INSTRUMENT, session, position)),
        label=text,
        field_kind="long_text",
        width=80,
        height=24,
        moment=START,
    )
    drawn = "\n".join(line.text for line in (*screen.lines(), *screen.hints))
    assert _acts_on_a_terminal(drawn) == []


# --- paths: report names derived from titles stay in their folder ---------------------------

HOSTILE_TITLES = [
    "../../buiten",
    "/etc/passwd",
    "..",
    ".verborgen",
    'a/b\\c:d*e?f"g<h>i|j',
    "CON",
    "nul.txt",
    "LPT1",
    "x" * 5000,
    "\x1b[2J\x00",
    "ééé" * 300,
]


def test_report_names_from_hostile_titles_stay_in_the_output_folder(
    tmp_path: Path, nse_session: Session
) -> None:
    sessions = tmp_path / "sessies"
    sessions.mkdir()
    for number, title in enumerate(HOSTILE_TITLES):
        session = nse_session.replace(meeting=nse_session.meeting.replace(title=title))
        save_session(session, sessions / f"gesprek-{number}.toml")
    out = tmp_path / "verslagen" / "hier"
    result = run_kwaliteit("report", sessions, "--output-dir", out)
    assert result.returncode == 0, result.stderr
    written = sorted(out.iterdir())
    assert len(written) == len(HOSTILE_TITLES)
    everything = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    outside = [p for p in everything if out not in p.parents and sessions not in p.parents]
    assert outside == []
    for path in written:
        name = path.name
        assert re.fullmatch(r"[\w-]+\.md", name), name
        assert len(name.encode("utf-8")) <= 255
        assert name.split(".")[0].upper() not in {"CON", "NUL", "LPT1", "PRN", "AUX"}
