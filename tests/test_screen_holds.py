"""The conversation screen holds at 80×24 and 50×20, read through pyte from a real pseudo-terminal.

A whole conversation is typed key by key batch (the keys bench/keycount.py counts), with a
20-line answer, the sharpening step, Ctrl-C and a resume in it; after every batch the joint
question must be on the screen, whole.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bench.keycount import ENTER, ESC_ENTER, Step, new_keys, walk
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.model import Position, Session
from tests.keydriver import drive, step_marker
from tests.screen import Screen, paused_session

NSE = Path(__file__).resolve().parent.parent / "examples" / "nse-stagebegeleiding.antwoorden.toml"
LONG_ANSWER = "\r".join(f"regel {n} van een lang antwoord over de stage" for n in range(1, 21))
SEVENTY = "Zeventig tekens: " + "x" * 53


def joint_on_screen(screen: Screen) -> str:
    """The text in the joint question's box, lines joined ('' when there is no box)."""
    rows = [line.rstrip() for line in screen.screen.display]
    for number, row in enumerate(rows):
        if row.startswith("┌─ Gezamenlijke vraag"):
            body = []
            for line in rows[number + 1 :]:
                if not line.startswith("│ "):
                    break
                body.append(line[2:].strip())
            return " ".join(body)
    return ""


def _spoken(session: Session) -> list[tuple[object, ...]]:
    return [
        (a.phase, a.round, a.question, a.participant, a.choice, a.text, a.passed)
        for a in session.answers
    ]


@pytest.mark.parametrize(("columns", "lines"), [(80, 24), (50, 20)])
def test_the_joint_question_stays_on_screen_through_a_whole_conversation(
    tmp_path: Path, columns: int, lines: int, nse_session: Session
) -> None:
    steps = walk(NSE, new_keys)
    # Karim's contribution in round 2 becomes a 20-line answer.
    long_at = next(
        i
        for i, s in enumerate(steps)
        if s.view.position == Position("proces-check", "contribution", 2, "p2")
    )
    steps[long_at].keys = [LONG_ANSWER, ESC_ENTER]
    # Ctrl-C halfway through Joost's contribution in round 2, then resume.
    pause_at = long_at + 1
    assert any(s.view.kind == "process_check" for s in steps[:long_at])  # sharpened in round 1
    target = tmp_path / "gesprek.toml"
    checked: list[str] = []

    def joint_stays(screen: Screen, step: Step) -> None:
        index = steps.index(step)
        expected = steps[index + 1].view.joint_question if index + 1 < len(steps) else ""
        if not expected:
            return
        deadline = time.monotonic() + 5
        while joint_on_screen(screen) != expected and time.monotonic() < deadline:
            screen.pump(0.1)  # the next screen may still be on its way
        assert joint_on_screen(screen) == expected, f"after {step.view.position}:\n{screen.text}"
        assert screen.row_of(expected.split()[0]) < 8  # pinned near the top
        checked.append(expected)

    screen = Screen("start", "--output", target, cwd=tmp_path, columns=columns, lines=lines)
    try:
        drive(screen, steps[:pause_at], joint_stays)
        screen.wait_for(step_marker(steps[pause_at]))
        screen.send("half getypt")
        screen.pump(0.2)
        screen.child.sendcontrol("c")
        screen.wait_for("Gepauzeerd")
        assert "resume" in screen.flowing  # the hint may wrap at the edge
    finally:
        screen.close()
    paused = load_session(target)
    assert paused.draft == "half getypt" and paused.pauses[-1].ended_at is None

    screen = Screen("resume", target, cwd=tmp_path, columns=columns, lines=lines)
    try:
        screen.wait_for("half getypt")
        assert joint_on_screen(screen) == steps[pause_at].view.joint_question
        steps[pause_at].keys = ["\x15", *steps[pause_at].keys]  # Ctrl-U clears the draft
        drive(screen, steps[pause_at:], joint_stays)
        screen.wait_for("afgerond", 15)
    finally:
        screen.close()

    assert len(checked) > 20 and len(set(checked)) == 2  # both wordings were seen
    done = load_session(target)
    assert done.completed
    assert done.pauses[0].ended_at is not None
    expected = _spoken(nse_session)
    got = _spoken(done)
    long_index = next(
        i for i, a in enumerate(done.answers) if a.text.startswith("regel 1 van een lang")
    )
    assert done.answers[long_index].text == LONG_ANSWER.replace("\r", "\n")
    assert got[:long_index] + got[long_index + 1 :] == (
        expected[:long_index] + expected[long_index + 1 :]
    )
    assert [v.text for v in done.joint_question] == [v.text for v in nse_session.joint_question]


@pytest.fixture
def round_two(tmp_path: Path, nse_answers: Path) -> Path:
    return paused_session(
        nse_answers, tmp_path / "s.toml", Position("proces-check", "contribution", 2, "p2")
    )


def test_a_seventy_character_line_stays_on_one_row_at_80_columns(round_two: Path) -> None:
    screen = Screen("resume", round_two, cwd=round_two.parent, columns=80, lines=24)
    try:
        screen.wait_for("Aan de beurt: Karim")
        screen.send(SEVENTY)
        screen.wait_for(SEVENTY)
        row = screen.row_of(SEVENTY)
        assert screen.screen.display[row].rstrip() == SEVENTY  # from the first column, whole
        assert screen.row_of("Antwoord") == row - 1  # the label is above the input, not beside
    finally:
        screen.close()


def test_pas_and_terug_alone_on_a_line_move_the_flow(round_two: Path) -> None:
    screen = Screen("resume", round_two, cwd=round_two.parent)
    try:
        screen.wait_for("Aan de beurt: Karim")
        screen.send("een eerste regel\r/pas\r")
        screen.wait_for("Aan de beurt: Joost")
        screen.send("iets\r/terug\r")
        screen.wait_for("Aan de beurt: Karim")
        screen.send("/pas zit midden in deze regel\r")  # not alone on its line: a new line
        screen.pump(0.5)
        assert "Aan de beurt: Karim" in screen.text
    finally:
        screen.close()
    session = load_session(round_two)
    karim = [
        a
        for a in session.answers
        if (a.round, a.question, a.participant) == (2, "contribution", "p2")
    ]
    assert karim and karim[0].passed


def test_the_sharpening_field_holds_the_current_question(tmp_path: Path, nse_answers: Path) -> None:
    path = paused_session(
        nse_answers, tmp_path / "s.toml", Position("proces-check", "process_check", 1)
    )
    question = load_session(path).current_joint_question()
    screen = Screen("resume", path, cwd=tmp_path, columns=80, lines=24)
    try:
        screen.wait_for("Kunnen we de vraag beantwoorden?")
        screen.send(ENTER)  # nothing is chosen for the group: Enter alone decides nothing
        screen.wait_for("Kies eerst")
        screen.send("2")  # nog niet
        screen.wait_for("Waarom?")
        screen.send("We missen cijfers\r")
        screen.wait_for("Aangescherpte vraag")
        label = screen.row_of("Aangescherpte vraag")
        below = " ".join(line.strip() for line in screen.screen.display[label + 1 :])
        assert question in below  # in the input, below the label, ready to edit
        assert joint_on_screen(screen) == question
        screen.send(" Per school?" + ESC_ENTER)
        screen.wait_for("Welke data ontbreekt nog?")
        screen.send("\r")
        screen.wait_for("ronde 2")
        assert joint_on_screen(screen) == question + " Per school?"
    finally:
        screen.close()


def test_the_joint_question_can_be_corrected_right_after_it_is_typed(
    tmp_path: Path, nse_answers: Path
) -> None:
    path = paused_session(nse_answers, tmp_path / "s.toml", Position("check-in", "joint_question"))
    screen = Screen("resume", path, cwd=tmp_path)
    try:
        screen.wait_for("Welke gezamenlijke vraag")
        screen.send("\x15Waarom vallen studenten uit?" + ESC_ENTER)
        screen.wait_for("Staat de gezamenlijke vraag zo goed?")
        assert joint_on_screen(screen) == "Waarom vallen studenten uit?"
        screen.send("n\r")
        # The check shows the question too: wait for the text field's own hint line, or the
        # keys below reach the check before the field is back (a race on a busy machine).
        screen.wait_for("Esc Enter = klaar")
        screen.send("\x15Waarom vallen eerstejaars uit?" + ESC_ENTER)
        screen.wait_for("Staat de gezamenlijke vraag zo goed?")
        screen.send("j\r")
        screen.wait_for("Aan de beurt: Sanne")
        assert joint_on_screen(screen) == "Waarom vallen eerstejaars uit?"
    finally:
        screen.close()
    assert load_session(path).current_joint_question() == "Waarom vallen eerstejaars uit?"


def test_overwriting_asks_in_dutch_and_takes_ja(tmp_path: Path) -> None:
    target = tmp_path / "bestaat.toml"
    target.write_text("oud", "utf-8")
    screen = Screen("start", "--output", target, cwd=tmp_path)
    try:
        screen.wait_for("Overschrijven? (j/n)")
        screen.send("misschien\r")
        screen.wait_for("Typ j (ja) of n (nee).")
        screen.send("ja\r")
        screen.wait_for("Titel van het gesprek")
    finally:
        screen.close()
    screen = Screen("start", "--output", target, cwd=tmp_path)
    try:
        screen.wait_for("Overschrijven? (j/n)")
        screen.send("n\r")
        screen.wait_for("Niets overschreven")
    finally:
        screen.close()


def test_the_resume_hint_names_a_command_that_works_here(round_two: Path) -> None:
    screen = Screen("resume", round_two, cwd=round_two.parent)
    try:
        screen.wait_for("Aan de beurt: Karim")
        screen.child.sendcontrol("c")
        screen.wait_for("Verder gaan:")
        # The rows end to end: the hint holds a full path, which may wrap at the edge.
        hint = re.search(r"Verder gaan: (.*?)(?: {2,}|$)", screen.flowing)
        assert hint is not None
        assert hint.group(1).strip().endswith("resume s.toml")
    finally:
        screen.close()


def test_a_follow_up_proposes_the_earlier_preparation_for_review(tmp_path: Path) -> None:
    earlier = Path(__file__).resolve().parent.parent / "examples" / "nse-stagebegeleiding.toml"
    target = tmp_path / "vervolg.toml"
    screen = Screen(
        "start", "--vervolg-op", earlier, "--output", target, cwd=tmp_path, columns=80, lines=40
    )
    try:
        screen.wait_for("Klopt alles?")
        text = screen.text
        assert "Titel: Vervolg: NSE 2026: begeleiding op de stageschool" in text
        assert "Partnerschap: Opleidingsschool Rivierenland" in text
        assert "Procesbegeleider: Marieke Verhoeven (extern)" in text
        assert "Sanne de Wit (schoolopleider)" in text and "Joost Bakker" in text
        assert "Verslaglegger: Sanne de Wit" in text
        screen.send("5")  # plaats aanpassen
        screen.wait_for("Waar vindt het gesprek plaats?")
        screen.send("\x15Pabo Tiel\r")
        screen.wait_for("Plaats: Pabo Tiel")  # straight back to the review
        screen.send("\r")
        screen.wait_for("Aan de beurt: Sanne de Wit")
    finally:
        screen.close()
    session = load_session(target)
    assert session.meeting.place == "Pabo Tiel"
    assert [p.name for p in session.participants] == [
        "Sanne de Wit",
        "Karim El Amrani",
        "Joost Bakker",
    ]
    assert session.meeting.minute_taker == "p1" and len(session.data) == 2


def test_the_counted_keys_take_a_four_person_conversation_to_its_end(tmp_path: Path) -> None:
    """bench/keycount.py's count for the new screen is one the screen really takes."""
    four = NSE.parent / "uitval-eerstejaars.antwoorden.toml"
    steps = walk(four, new_keys)
    target = tmp_path / "vier.toml"
    screen = Screen("start", "--output", target, cwd=tmp_path)
    try:
        sent = drive(screen, steps)
        screen.wait_for("afgerond", 15)
    finally:
        screen.close()
    assert sent == sum(len(step.keys) for step in steps)
    from kwaliteit_cli.conversation.replay import replay_file
    from tests.conftest import START

    done, expected = load_session(target), replay_file(four, START)
    assert len(done.participants) == 4 and done.completed
    assert _spoken(done) == _spoken(expected)
