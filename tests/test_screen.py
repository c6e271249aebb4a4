"""What the facilitator's screen shows, read from a terminal emulator (pyte) in a real pty."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kwaliteit_cli.session.instrument import default_instrument_text
from kwaliteit_cli.session.model import Position
from tests.screen import Screen, paused_session

JOINT = "Waarom zijn derdejaars studenten minder tevreden over de feedbackmomenten"


@pytest.fixture
def round_two(tmp_path: Path, nse_answers: Path) -> Path:
    """The NSE conversation paused at Karim's contribution in round 2 of the proces-check."""
    return paused_session(
        nse_answers, tmp_path / "s.toml", Position("proces-check", "contribution", 2, "p2")
    )


def test_proces_check_step_shows_phase_line_and_joint_question(round_two: Path) -> None:
    screen = Screen("resume", round_two, cwd=round_two.parent)
    try:
        screen.wait_for("Aan de beurt: Karim El Amrani")
        text = screen.text
        assert "◉ Proces-check" in text and "● Check-in" in text and "○ Check-out" in text
        assert "Proces-check · ronde 2" in text
        assert "Gezamenlijke vraag" in text
        assert JOINT[:60] in text
        # the joint question box sits above the question
        assert screen.row_of("Gezamenlijke vraag") < screen.row_of("Wat zie jij, vanuit jouw rol")
        assert "Nog niet aan de beurt geweest: Joost Bakker" in text
        assert "/pas of /terug op eigen regel" in text and "Ctrl-C = pauze" in text
    finally:
        screen.close()


def test_aloud_question_is_bold_and_silent_question_is_not(round_two: Path) -> None:
    screen = Screen("resume", round_two, cwd=round_two.parent)
    try:
        screen.wait_for("Aan de beurt: Karim")
        assert screen.is_bold("Wat zie jij, vanuit jouw rol")
        assert "[ik] Hardop, iedereen om de beurt." in screen.text
        screen.send("inbreng\x1b\r")
        screen.wait_for("Aan de beurt: Joost")
        screen.send("inbreng\x1b\r")
        screen.wait_for("Stil moment")
        assert not screen.is_bold("Wat heeft dit met mijn eigen werk")
        assert "[ik] Stil moment" in screen.text
    finally:
        screen.close()


def test_reflection_countdown_shows_and_ends_early_with_enter(
    tmp_path: Path, nse_answers: Path
) -> None:
    instrument = tmp_path / "lang-stil.toml"
    instrument.write_text(
        default_instrument_text().replace("reflection_seconds = 60", "reflection_seconds = 600"),
        "utf-8",
    )
    session = paused_session(
        nse_answers, tmp_path / "s.toml", Position("check-in", "first_impression"), instrument
    )
    screen = Screen("resume", session, cwd=tmp_path)
    try:
        screen.wait_for("Stilte: nog 10:00")
        screen.pump(1.2)
        assert "Stilte: nog 9:5" in screen.text  # it counts down
        started = time.monotonic()
        screen.send("\r")
        screen.wait_for("Welk doel delen we als partnerschap")
        assert time.monotonic() - started < 60  # ended by the key, not by the clock
    finally:
        screen.close()


def test_hints_can_be_left_out(round_two: Path) -> None:
    with_hint = Screen("resume", round_two, cwd=round_two.parent, lines=40, columns=140)
    try:
        with_hint.wait_for("Aan de beurt: Karim")
        assert "Tip voor de begeleider" in with_hint.text
    finally:
        with_hint.close()
    without = Screen("resume", round_two, "--zonder-begeleider", cwd=round_two.parent)
    try:
        without.wait_for("Aan de beurt: Karim")
        assert "Tip voor de begeleider" not in without.text
    finally:
        without.close()


def test_the_step_fits_a_small_terminal(round_two: Path) -> None:
    screen = Screen("resume", round_two, cwd=round_two.parent, columns=80, lines=24)
    try:
        screen.wait_for("Antwoord")
        # the top of the step (progress line) has not scrolled away
        assert screen.row_of("◉ Proces-check") == 0
        assert max(len(line.rstrip()) for line in screen.screen.display) <= 80
    finally:
        screen.close()


def test_escape_sequences_in_names_reach_the_screen_inert(
    tmp_path: Path, nse_answers: Path
) -> None:
    hostile = tmp_path / "vijandig.antwoorden.toml"
    hostile.write_text(
        nse_answers.read_text("utf-8")
        .replace('name = "Karim El Amrani"', 'name = "Karim\\u001b[2J\\u001b]0;pwned\\u0007"')
        .replace('who = "Karim El Amrani"', 'who = "Karim\\u001b[2J\\u001b]0;pwned\\u0007"'),
        "utf-8",
    )
    session = paused_session(
        hostile, tmp_path / "s.toml", Position("proces-check", "contribution", 2, "p2")
    )
    screen = Screen("resume", session, cwd=tmp_path)
    try:
        screen.wait_for("Aan de beurt: Karim")
        assert "◉ Proces-check" in screen.text  # the screen was not cleared by the name
        assert screen.screen.title != "pwned"
    finally:
        screen.close()


def test_the_phase_clock_says_when_a_phase_runs_over_its_planned_time() -> None:
    import datetime as dt

    from kwaliteit_cli.conversation.layout import header_lines, step_info
    from kwaliteit_cli.conversation.replay import replay_file
    from kwaliteit_cli.conversation.steps import build_view
    from kwaliteit_cli.session.instrument import load_instrument
    from tests.conftest import EXAMPLES, START

    session = replay_file(EXAMPLES / "nse-stagebegeleiding.antwoorden.toml", START)
    session.status, session.position = "in_progress", Position("check-out", "joint_answer")
    view = build_view(load_instrument(None), session, session.position)
    assert view.phase_started_at is not None and view.planned_minutes == 15

    def header(minutes: int) -> str:
        assert view.phase_started_at is not None
        moment = view.phase_started_at + dt.timedelta(minutes=minutes)
        return header_lines(step_info(view), 80, moment, ("a", "b", "c"))[1].text

    assert "fase 10:00 van 15 min" in header(10) and "over tijd" not in header(10)
    assert "fase 16:00 van 15 min" in header(16) and "(over tijd)" in header(16)
