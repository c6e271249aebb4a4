"""A half-typed answer survives Ctrl-C: kept with the position, offered again, never an answer.

The pseudo-terminal side (typing, Ctrl-C, resume shows the text) is in test_terminal.py; here
the conversation and the session file, with a prompter that stops the way the terminal does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kwaliteit_cli.conversation.loop import Interrupted, run_conversation
from kwaliteit_cli.conversation.steps import Reply, StepView, answer
from kwaliteit_cli.session.file import dump_session, load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Session
from tests.conftest import EXAMPLES

PAUSED = EXAMPLES / "zelfevaluatie-onderbroken.toml"


class StopsWhileTyping:
    """Answers ``given`` steps, then is interrupted at the next with ``typed`` on the line."""

    def __init__(self, given: list[str], stop: KeyboardInterrupt) -> None:
        self.given = list(given)
        self.stop = stop
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        if not self.given:
            raise self.stop
        return answer(text=self.given.pop(0))

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


@pytest.fixture
def paused(tmp_path: Path) -> Path:
    path = tmp_path / "gesprek.toml"
    shutil.copy(PAUSED, path)
    return path


def _run(path: Path, prompter: StopsWhileTyping) -> Session:
    session = load_session(path)
    with pytest.raises(KeyboardInterrupt):
        run_conversation(load_instrument(None), session, prompter, lambda s: save_session(s, path))
    return load_session(path)


def test_the_typed_text_is_saved_with_the_position_and_not_as_an_answer(paused: Path) -> None:
    before = load_session(paused)
    after = _run(paused, StopsWhileTyping([], Interrupted("Op twee scholen ont")))
    assert after.draft == "Op twee scholen ont"
    assert after.position == before.position
    assert after.answers == before.answers
    assert 'draft = "Op twee scholen ont"' in paused.read_text("utf-8")


def test_resume_offers_the_draft_and_answering_clears_it(paused: Path) -> None:
    _run(paused, StopsWhileTyping([], Interrupted("eerste helft")))
    prompter = StopsWhileTyping(["eerste helft en de rest"], KeyboardInterrupt())
    after = _run(paused, prompter)
    assert prompter.views[0].draft == "eerste helft"
    assert prompter.views[1].draft == ""  # the next step starts empty
    assert after.draft == ""
    assert "draft" not in paused.read_text("utf-8")
    assert after.answers[-1].text == "eerste helft en de rest"


def test_an_emptied_line_drops_the_old_draft(paused: Path) -> None:
    _run(paused, StopsWhileTyping([], Interrupted("weg ermee")))
    assert _run(paused, StopsWhileTyping([], Interrupted("   "))).draft == ""


def test_ctrl_c_outside_a_text_keeps_the_draft_as_it_was(paused: Path) -> None:
    _run(paused, StopsWhileTyping([], Interrupted("blijft staan")))
    assert _run(paused, StopsWhileTyping([], KeyboardInterrupt())).draft == "blijft staan"
    assert load_session(paused).draft == "blijft staan"  # kept on disk too


def test_a_draft_reads_back_exactly_whatever_was_typed(paused: Path) -> None:
    session = load_session(paused)
    session.draft = 'Regel één\n"aanhalingstekens" en \\ en \t tab'
    save_session(session, paused)
    assert load_session(paused).draft == session.draft
    assert "draft" in dump_session(session)
