"""A pause (Ctrl-C until resume) is recorded, and left out of the clocks and the verslag's times."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.steps import Reply, StepView, build_view
from kwaliteit_cli.session.file import load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Pause, Session
from kwaliteit_cli.verslag.context import build_context
from tests.conftest import EXAMPLES

INSTRUMENT = load_instrument(None)
PAUSED = EXAMPLES / "zelfevaluatie-onderbroken.toml"


class Clock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


class StopsAtOnce:
    def ask(self, view: StepView) -> Reply:
        raise KeyboardInterrupt

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


class SeesOneStep:
    def __init__(self) -> None:
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        raise KeyboardInterrupt

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


@pytest.fixture
def paused(tmp_path: Path) -> Path:
    path = tmp_path / "gesprek.toml"
    shutil.copy(PAUSED, path)
    return path


def test_ctrl_c_opens_a_pause_and_resume_closes_it(paused: Path) -> None:
    session = load_session(paused)
    stopped_at = session.updated_at + dt.timedelta(minutes=5)
    with pytest.raises(KeyboardInterrupt):
        run_conversation(
            INSTRUMENT, session, StopsAtOnce(), lambda s: save_session(s, paused), Clock(stopped_at)
        )
    on_disk = load_session(paused)
    assert [(p.started_at, p.ended_at) for p in on_disk.pauses] == [(stopped_at, None)]

    back = stopped_at + dt.timedelta(hours=2)
    seeing = SeesOneStep()
    with pytest.raises(KeyboardInterrupt):
        run_conversation(
            INSTRUMENT, on_disk, seeing, lambda s: save_session(s, paused), Clock(back)
        )
    again = load_session(paused)
    assert (again.pauses[0].started_at, again.pauses[0].ended_at) == (stopped_at, back)
    assert again.pauses[1].ended_at is None  # the second Ctrl-C
    # the step shown after the resume leaves the two hours out of its clocks
    assert seeing.views[0].paused_seconds == 7200
    assert seeing.views[0].phase_paused_seconds == 7200


def _completed_with_pause(nse_session: Session, minutes: int) -> Session:
    times = {t.phase: t for t in nse_session.phase_times}
    check_in = times["check-in"]
    assert check_in.ended_at is not None
    start = check_in.started_at + dt.timedelta(minutes=2)
    nse_session.pauses = [Pause(start, start + dt.timedelta(minutes=minutes))]
    # everything after the pause moves on by its length, as it would have in the room
    shift = dt.timedelta(minutes=minutes)
    for timing in nse_session.phase_times:
        if timing.started_at > start:
            timing.started_at += shift
        if timing.ended_at is not None and timing.ended_at > start:
            timing.ended_at += shift
    assert nse_session.completed_at is not None
    nse_session.completed_at += shift
    return nse_session


def test_the_verslag_times_leave_the_pause_out(nse_session: Session) -> None:
    before = build_context(nse_session, INSTRUMENT)
    paused = build_context(_completed_with_pause(nse_session, 75), INSTRUMENT)
    assert paused["duration_minutes"] == before["duration_minutes"]
    assert [p["actual_minutes"] for p in paused["phases"]] == [
        p["actual_minutes"] for p in before["phases"]
    ]
    assert paused["paused"] is True and paused["paused_minutes"] == 75
    assert paused["paused_text"] == "1 uur en 15 minuten"
    assert before["paused"] is False


def test_the_verslag_says_it_was_paused(nse_session: Session) -> None:
    from kwaliteit_cli.verslag.render import render_report

    text = render_report(build_context(_completed_with_pause(nse_session, 75), INSTRUMENT))
    assert "zonder 1 uur en 15 minuten pauze" in text


def test_the_step_clock_leaves_the_pause_out(nse_session: Session) -> None:
    session = _completed_with_pause(nse_session, 75)
    session.status, session.completed_at = "in_progress", None
    from kwaliteit_cli.session.model import Position

    position = Position("check-out", "joint_answer")
    session.position = position
    view = build_view(INSTRUMENT, session, position)
    assert view.paused_seconds == 75 * 60
    assert view.phase_paused_seconds == 0  # the pause was in the check-in
