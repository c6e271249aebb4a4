"""Property: whatever a person types comes out of every format as that text, and inert.

Arbitrary text is put into every kind of place in the NSE example at once (an answer in a
round, a group answer, a silent note, the reason of a decision, the joint question, an
agreement, a deadline, the title and a participant's name). The same session with a plain
marker in each place is the reference. Then, per format:

- Markdown (markdown-it-py, CommonMark + tables): the token structure equals the reference,
  so the text created no heading, list, table cell, emphasis, link, code or HTML; and the text
  of every inline token equals the reference's with each marker replaced by the typed text.
- HTML (html5lib): the element structure (tags and attributes) equals the reference, and
  every text node equals the reference's with the markers replaced.
- JSON: the typed text is there exactly as typed.

"As typed" means modulo the normalisation documented in docs/verslag.md: ``text_lines``
(line breaks kept, runs of whitespace one space, blank lines dropped, control characters
U+FFFD). In places that hold one line (a Markdown table cell, heading or name) the lines are
joined with a space. Blank text is left out: it shows as "(geen antwoord)" by design.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.verslag.context import build_context
from kwaliteit_cli.verslag.render import render_report
from kwaliteit_cli.verslag.text import text_lines
from tests.conftest import EXAMPLES
from tests.verslag_parsing import (
    html_events,
    inline_texts,
    markdown_structure,
    parse_html,
    parse_markdown,
)

INSTRUMENT = load_instrument(None)
BASE = load_session(EXAMPLES / "nse-stagebegeleiding.toml")
EXAMPLES_PER_TEST = 200

# Where typed text goes, and whether the Markdown shows it as one line there.
PLACES = {
    "answer": False,
    "group": False,
    "note": False,
    "reason": False,
    "question": False,
    "agreement": True,
    "due": True,
    "title": True,
    "name": True,
}
MARKERS = {place: f"Plaatshouder{place.capitalize()}" for place in PLACES}

# Fragments that have broken Markdown, HTML or templates somewhere before.
NASTY = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "]]>",
    "|",
    "||",
    "\\|",
    "#",
    "# ",
    "## kop",
    " #",
    "`",
    "```",
    "~~~",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "[a](http://x)",
    "![b](y)",
    "[c]: /url",
    "<http://x>",
    "&amp;",
    "&#x41;",
    "&#0;",
    "&",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    "---",
    "===",
    "***",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    "\u2028",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\xa0",
    "😀",
    "👩‍🏫",
    "שלום",
    "مرحبا",
    "{{ 7 * 7 }}",
    "{% for x in y %}",
    "{# c #}",
    "{{",
    "}}",
    "'",
    '"',
    "x" * 300,
    "Sanne de Wit",
]

typed_text = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=20),
        st.sampled_from(NASTY),
    ),
    min_size=1,
    max_size=8,
).map("".join)


def with_text(value: Callable[[str], str]) -> Session:
    """The NSE session with ``value(place)`` put in every place."""
    session = BASE.replace()
    answers = list(BASE.answers)
    for index, a in enumerate(answers):
        if (a.phase, a.round, a.question, a.participant) == (
            "proces-check",
            1,
            "contribution",
            "p1",
        ):
            answers[index] = a.replace(text=value("answer"))
        elif a.question == "shared_goal":
            answers[index] = a.replace(text=value("group"))
        elif a.question == "first_impression":
            answers[index] = a.replace(text=value("note"))
    session.answers = answers
    session.decisions = [BASE.decisions[0].replace(reason=value("reason"))]
    session.decisions += BASE.decisions[1:]
    session.joint_question = [*BASE.joint_question[:-1]]
    session.joint_question.append(BASE.joint_question[-1].replace(text=value("question")))
    session.agreements = [
        BASE.agreements[0].replace(what=value("agreement")),
        BASE.agreements[1],
        BASE.agreements[2].replace(due_text=value("due")),
    ]
    session.meeting = BASE.meeting.replace(title=value("title"))
    session.participants = [
        BASE.participants[0],
        BASE.participants[1].replace(name=value("name")),
        *BASE.participants[2:],
    ]
    return session


def reference(fmt: str) -> str:
    return render_report(build_context(with_text(MARKERS.__getitem__), INSTRUMENT), fmt)


REFERENCE_MD = reference("md")
REFERENCE_HTML = reference("html")


def shown(text: str, one_line: bool) -> str:
    return (" " if one_line else "\n").join(text_lines(text))


def substitute(reference_text: str, text: str, *, markdown: bool) -> str:
    for place, marker in MARKERS.items():
        reference_text = reference_text.replace(marker, shown(text, markdown and PLACES[place]))
    return reference_text


def render_with(text: str, fmt: str) -> str:
    return render_report(build_context(with_text(lambda _: text), INSTRUMENT), fmt)


def test_every_place_holds_its_marker_in_the_reference() -> None:
    for marker in MARKERS.values():
        assert marker in REFERENCE_MD
        assert marker in REFERENCE_HTML


PROPERTY = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(typed_text.filter(lambda t: text_lines(t) != []))
def test_markdown_shows_typed_text_as_text(text: str) -> None:
    tokens = parse_markdown(render_with(text, "md"))
    expected = parse_markdown(REFERENCE_MD)
    assert markdown_structure(tokens) == markdown_structure(expected)
    want = [substitute(t, text, markdown=True) for t in inline_texts(expected)]
    assert inline_texts(tokens) == want


@PROPERTY
@given(typed_text.filter(lambda t: text_lines(t) != []))
def test_html_shows_typed_text_as_text(text: str) -> None:
    events = html_events(parse_html(render_with(text, "html")))
    expected = html_events(parse_html(REFERENCE_HTML))
    assert [e for e in events if e[0] != "text"] == [e for e in expected if e[0] != "text"]
    want = [
        ("text", substitute(e[1], text, markdown=False)) if e[0] == "text" else e for e in expected
    ]
    assert events == want
    assert not any(e[1] == "script" for e in events if e[0] == "start")


@PROPERTY
@given(typed_text)
def test_json_keeps_typed_text_exactly(text: str) -> None:
    data = json.loads(render_with(text, "json"))
    first_round = data["rounds"][0]
    assert first_round["blocks"][0]["answers"][0]["text"] == text
    assert first_round["decision"]["reason"] == text
    assert data["check_in"][3]["answers"][0]["text"] == text
    assert data["joint_question"]["text"] == text
    assert data["agreements"][0]["what"] == text
    assert data["agreements"][2]["due_text"] == text
    assert data["check_in"][2]["notes"] == ([text] if text.strip() else [])
    assert data["title"] == (text if text.strip() else "Kwaliteitsgesprek over data")
    assert data["participants"][1]["label"] == (text if text.strip() else "p2")
