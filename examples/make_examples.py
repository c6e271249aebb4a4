"""Rebuild the example sessions from their answers files, and their reports (the golden files).

    python examples/make_examples.py                 sessions and reports
    python examples/make_examples.py --reports-only  reports from the sessions as they are

Each session is replayed with a clock that starts at the meeting's date at 15:00 (+01:00)
and moves on 90 seconds per step, so the minutes show a realistic meeting. An example named
in STOPS is paused at that step, as if the facilitator pressed Ctrl-C there: it stays an
unfinished session, and its answers file holds exactly the answers given before the pause.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tomllib
import uuid
from pathlib import Path

from kwaliteit_cli.conversation.answers import ScriptedPrompter, load_answers
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.meeting_times import apply_meeting_times
from kwaliteit_cli.conversation.replay import SteppingClock, replay
from kwaliteit_cli.conversation.steps import Reply, StepView
from kwaliteit_cli.session.file import (
    load_session,
    save_session,
    write_bytes_atomic,
    write_text_atomic,
)
from kwaliteit_cli.session.instrument import Instrument, load_instrument
from kwaliteit_cli.session.model import Position, Session, new_session
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.docx import render_docx
from kwaliteit_cli.verslag.render import render_report

HERE = Path(__file__).resolve().parent
OFFSET = dt.timezone(dt.timedelta(hours=1))
STEP_SECONDS = 90
# Every report a golden file is kept for: (file suffix, format, anonymous, short): each
# format in full, anonymous, short (--kort) and short and anonymous.
VARIANTS = tuple(
    (f"{prefix}{fmt}", fmt, anonymous, short)
    for fmt in ("md", "html", "json", "docx")
    for prefix, anonymous, short in (
        ("", False, False),
        ("anoniem.", True, False),
        ("kort.", False, True),
        ("kort.anoniem.", True, True),
    )
)
# Examples that stop part-way, and the step at which they are paused.
STOPS = {
    "zelfevaluatie-onderbroken": Position("proces-check", "contribution", 2, "p3"),
}


class _Paused(Exception):
    """The replay reached the step where the example pauses."""


class _PausingPrompter:
    """A scripted prompter that stops, like Ctrl-C, when the conversation reaches ``stop``."""

    def __init__(self, inner: ScriptedPrompter, stop: Position) -> None:
        self.inner = inner
        self.stop = stop
        self.reached = False

    def ask(self, view: StepView) -> Reply:
        if view.position == self.stop:
            self.reached = True
            raise _Paused
        return self.inner.ask(view)

    def tell_error(self, message: str) -> None:
        self.inner.tell_error(message)


def replay_paused(
    prompter: ScriptedPrompter, instrument: Instrument, start: dt.datetime, stop: Position
) -> Session:
    """Replay until ``stop`` and return the unfinished session, positioned at that step."""
    session = new_session(instrument.id, instrument.version)
    session.created_at = session.updated_at = start
    pausing = _PausingPrompter(prompter, stop)
    times = prompter.take_meeting_times()
    with contextlib.suppress(_Paused):
        run_conversation(
            instrument, session, pausing, lambda _: None, SteppingClock(start, STEP_SECONDS)
        )
    if not pausing.reached:
        raise SystemExit(f"het voorbeeld stopt niet bij {stop}")
    apply_meeting_times(session, times)
    prompter.check_all_used()
    return session


def example_name(answers: Path) -> str:
    return answers.name.removesuffix(".antwoorden.toml")


def build_session(answers: Path) -> Session:
    day = tomllib.loads(answers.read_text("utf-8"))["meeting"]["date"]
    start = dt.datetime(day.year, day.month, day.day, 15, 0, tzinfo=OFFSET)
    instrument = load_instrument(None)
    stop = STOPS.get(example_name(answers))
    if stop is not None:
        session = replay_paused(load_answers(answers), instrument, start, stop)
    else:
        session = replay(load_answers(answers), instrument, start, STEP_SECONDS)
    # A real session's id is random; an example's is fixed, so `make examples` repeats itself.
    session.id = str(uuid.uuid5(uuid.NAMESPACE_URL, "kwaliteit-voorbeeld:" + example_name(answers)))
    return session


def session_paths() -> list[Path]:
    return sorted(p for p in HERE.glob("*.toml") if not p.name.endswith(".antwoorden.toml"))


def render_variants(session_path: Path) -> dict[Path, str | bytes]:
    """The golden report files of one example session, by path (a .docx as bytes)."""
    session = load_session(session_path)
    instrument = load_instrument(None)
    stem = session_path.with_suffix("")
    out: dict[Path, str | bytes] = {}
    for suffix, fmt, anonymous, short in VARIANTS:
        options = ReportOptions(anonymous=anonymous, short=short)
        context = build_context(session, instrument, options)
        if fmt == "docx":
            out[Path(f"{stem}.{suffix}")] = render_docx(context)
        else:
            out[Path(f"{stem}.{suffix}")] = render_report(context, fmt)
    return out


def main(argv: list[str]) -> None:
    if "--reports-only" not in argv:
        for answers in sorted(HERE.glob("*.antwoorden.toml")):
            session = build_session(answers)
            target = HERE / f"{example_name(answers)}.toml"
            save_session(session, target)
            print(f"sessie  {target.relative_to(HERE.parent)}")
    for session_path in session_paths():
        for path, content in render_variants(session_path).items():
            if isinstance(content, bytes):
                write_bytes_atomic(path, content)
            else:
                write_text_atomic(path, content)
            print(f"verslag {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
