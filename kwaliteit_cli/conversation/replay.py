"""Replay an answers file with a made-up clock: for examples, tests and generated sessions.

A real scripted run stamps every answer with the current time; a replay spreads the answers
over a plausible meeting instead, so that example minutes show realistic times.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kwaliteit_cli.conversation.answers import ScriptedPrompter, load_answers
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.meeting_times import apply_meeting_times
from kwaliteit_cli.session.instrument import Instrument, load_instrument
from kwaliteit_cli.session.model import Session, new_session


class SteppingClock:
    """A clock that moves forward a fixed number of seconds each time it is read."""

    def __init__(self, start: dt.datetime, step_seconds: int = 60) -> None:
        self.current = start
        self.step = dt.timedelta(seconds=step_seconds)

    def __call__(self) -> dt.datetime:
        moment = self.current
        self.current += self.step
        return moment


def replay(
    prompter: ScriptedPrompter,
    instrument: Instrument,
    start: dt.datetime,
    step_seconds: int = 60,
) -> Session:
    """Run the whole conversation from ``prompter`` in memory and return the session."""
    session = new_session(instrument.id, instrument.version)
    session.created_at = session.updated_at = start
    times = prompter.take_meeting_times()
    run_conversation(
        instrument, session, prompter, lambda _: None, SteppingClock(start, step_seconds)
    )
    apply_meeting_times(session, times)
    prompter.check_all_used()
    return session


def replay_file(
    path: Path, start: dt.datetime, step_seconds: int = 60, instrument: Path | None = None
) -> Session:
    return replay(load_answers(path), load_instrument(instrument), start, step_seconds)
