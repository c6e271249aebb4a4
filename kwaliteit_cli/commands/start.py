"""``kwaliteit start`` and ``resume``: run a conversation, in the terminal or from a file."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.commands.common import instrument_for
from kwaliteit_cli.commands.scherm import RoomPage, check_room_path
from kwaliteit_cli.errors import EXIT_INTERRUPTED, SessionFileError, UsageError
from kwaliteit_cli.hints import command
from kwaliteit_cli.output import say, write_data


def start(
    output: Path | None,
    instrument: Path | None,
    answers: Path | None,
    overwrite: bool,
    no_hints: bool,
    silent_notes: bool,
    follow_up_of: Path | None,
    progress: bool,
    *,
    room: Path | None = None,
    names: bool = False,
    participants: bool = False,
    address: str | None = None,
) -> None:
    """Start a new conversation: set-up, check-in, proces-check and check-out."""
    _check_participants(participants, address, answers)
    from kwaliteit_cli.session.instrument import load_instrument
    from kwaliteit_cli.session.model import new_session

    if room is not None:
        check_room_path(room)
    inst = load_instrument(instrument)
    source = str(instrument.resolve()) if instrument else ""
    earlier = _load_earlier(follow_up_of) if follow_up_of is not None else None

    def fresh_session(*, propose: bool = False) -> Any:
        session = new_session(inst.id, inst.version, source)
        if earlier is not None and follow_up_of is not None:
            from kwaliteit_cli.conversation.replies import carry_over, start_follow_up

            start_follow_up(session, earlier, follow_up_of.name)
            if propose:  # at the terminal: the earlier preparation, to review and change
                carry_over(session, earlier, session.created_at)
        return session

    if answers is not None:
        from kwaliteit_cli.conversation.answers import load_answers

        prompter = load_answers(answers)
        path = output or _free_default_name()
        with _keeper(path, None, progress) as keeper:
            if path.exists() and not overwrite:
                raise UsageError(texts.EXISTS.format(path=path), hint=texts.EXISTS_HINT)
            _show_in_room(keeper, room, inst, names)
            _run_scripted(inst, fresh_session(), prompter, keeper)
        return
    _require_terminal()
    path = output or _free_default_name()
    terminal = _terminal_prompter(no_hints, silent_notes, inst)
    with _keeper(path, terminal, progress) as keeper:
        if path.exists() and not overwrite and not _confirm_overwrite(path):
            raise UsageError(texts.NOT_OVERWRITTEN, hint=texts.EXISTS_HINT)
        _show_in_room(keeper, room, inst, names)
        session = fresh_session(propose=True)
        with _phones(participants, address) as phones:
            _run(inst, session, terminal, keeper, phones=phones)


def resume(
    file: Path,
    instrument: Path | None,
    no_hints: bool,
    silent_notes: bool,
    answers: Path | None,
    progress: bool,
    *,
    room: Path | None = None,
    names: bool = False,
    participants: bool = False,
    address: str | None = None,
) -> None:
    """Carry on with a paused conversation, exactly at the step where it stopped."""
    _check_participants(participants, address, answers)

    if room is not None:
        check_room_path(room)
    prompter: Any = None
    if answers is not None:
        from kwaliteit_cli.conversation.answers import load_answers

        prompter = load_answers(answers)
    with _keeper(file, None, progress) as keeper:
        # Read the file only once it is ours: what another process wrote until then counts.
        session = keeper.load()  # the real file, remembered: a later replacement is noticed
        if session.completed:
            raise UsageError(
                texts.ALREADY_COMPLETED.format(path=file),
                hint=texts.REPORT_HINT_DONE.format(command=command("report", file)),
            )
        inst = instrument_for(session, file, instrument)
        if prompter is None:
            _require_terminal()
        page = _show_in_room(keeper, room, inst, names)
        if page is not None:
            # The room sees where the conversation stands before it goes on; the step is
            # asked anew from now (a silent moment counts down again).
            from kwaliteit_cli.session.model import now

            page(session, step_began=now())
        if prompter is not None:
            prompter.skip_recorded(inst, session)
            _run_scripted(inst, session, prompter, keeper)
            return
        terminal = _terminal_prompter(no_hints, silent_notes, inst)
        keeper.on_failure = terminal.handle_save_failure
        say(texts.RESUMING.format(path=file))
        with _phones(participants, address) as phones:
            _run(inst, session, terminal, keeper, phones=phones)


def _run_scripted(inst: Any, session: Any, prompter: Any, keeper: Any) -> None:
    """The conversation from an answers file, at the meeting's own times if it gives them."""
    times = prompter.take_meeting_times()
    _run(inst, session, prompter, keeper, scripted=True, times=times)
    prompter.check_all_used()
    say(texts.COMPLETED.format(path=keeper.path))


def _show_in_room(keeper: Any, room: Path | None, inst: Any, names: bool) -> Any:
    """With --scherm: rewrite the room's page after every save (see commands/scherm.py)."""
    if room is None:
        return None
    page = RoomPage(room, inst, names=names)
    earlier = keeper.progress

    def saved(number: int, session: Any) -> None:
        if earlier is not None:
            earlier(number, session)
        page(session)

    keeper.progress = saved
    return page


def _load_earlier(path: Path) -> Any:
    """The session a follow-up looks back on; its problems stop the start before any question."""
    from kwaliteit_cli.session.file import load_session

    earlier = load_session(path)
    if not earlier.completed:
        say(texts.FOLLOW_UP_NOT_COMPLETED.format(path=path))
    return earlier


def _check_participants(participants: bool, address: str | None, answers: Path | None) -> None:
    if address is not None and not participants:
        raise UsageError(texts.ROOM_ADDRESS_ALONE, hint=texts.ROOM_ADDRESS_ALONE_HINT)
    if participants and answers is not None:
        raise UsageError(texts.ROOM_NOT_SCRIPTED, hint=texts.ROOM_NOT_SCRIPTED_HINT)


@contextmanager
def _phones(participants: bool, address: str | None) -> Iterator[Any]:
    """The participants' room (--deelnemers), closed on every way out; None without it, and
    then nothing of it is imported and no socket is opened."""
    if not participants:
        yield None
        return
    from kwaliteit_cli.commands.deelnemers import open_room

    with open_room(address) as phones:
        yield phones


def _require_terminal() -> None:
    if not sys.stdin.isatty():
        raise UsageError(texts.NO_TERMINAL, hint=texts.NO_TERMINAL_HINT)


def _free_default_name() -> Path:
    base = f"kwaliteitsgesprek-{dt.date.today().isoformat()}"
    path = Path(f"{base}.toml")
    number = 2
    while path.exists():
        path = Path(f"{base}-{number}.toml")
        number += 1
    return path


def _confirm_overwrite(path: Path) -> bool:
    """Ask in Dutch: j, ja, n or nee (anything else asks again; Ctrl-C is no)."""
    from prompt_toolkit import prompt

    from kwaliteit_cli.dutch_input import parse_yes_no

    while True:
        try:
            meaning = parse_yes_no(prompt(texts.OVERWRITE_ASK.format(path=path)))
        except (KeyboardInterrupt, EOFError):
            return False
        if meaning is not None:
            return meaning
        say(texts.CONFIRM_INVALID)


def _terminal_prompter(no_hints: bool, silent_notes: bool, inst: Any) -> Any:
    import os

    if os.environ.get("TERM") == "dumb":  # no cursor movement: the line-by-line prompter
        from kwaliteit_cli.conversation.terminal import TerminalPrompter as Prompter
    else:
        from kwaliteit_cli.conversation.fullscreen import ScreenPrompter as Prompter

    return Prompter(
        show_hints=not no_hints,
        silent_notes=silent_notes,
        phase_titles=tuple(p.title for p in inst.phases),
    )


def _keeper(path: Path, terminal: Any, progress: bool) -> Any:
    """The SessionKeeper for ``path``: asks the terminal when saving fails, or stops at once."""
    from kwaliteit_cli.conversation.saving import SessionKeeper, stop_at_once

    def report_progress(number: int, session: Any) -> None:
        position = session.position
        where = (
            "afgerond"
            if position is None
            else " · ".join(
                str(part)
                for part in (position.phase, position.round or "", position.step)
                if part != ""
            )
        )
        say(texts.PROGRESS.format(n=number, where=where))

    return SessionKeeper(
        path,
        terminal.handle_save_failure if terminal is not None else stop_at_once,
        progress=report_progress if progress else None,
        notice=say,
        last_resort=write_data,
    )


def _keep_vote(session: Any, tally: Any) -> None:
    """The closed vote's three counts; saved with the step's answer, by the loop's saver."""
    from kwaliteit_cli.session.model import RoomVote, now

    session.vote = RoomVote(tally.ja, tally.deels, tally.nee, now())


def _run(
    inst: Any,
    session: Any,
    prompter: Any,
    keeper: Any,
    *,
    scripted: bool = False,
    times: dict[str, Any] | None = None,
    phones: Any = None,
) -> None:
    from kwaliteit_cli.conversation.loop import PositionError, run_conversation

    try:
        if phones is not None:
            prompter = phones.wrap(
                prompter,
                on_tally=lambda tally: _keep_vote(session, tally),
                voted=bool(session.vote),
            )
        run_conversation(inst, session, prompter, keeper)
        if phones is not None:
            phones.corrections(session, keeper)
        if times:
            # Typed up from notes afterwards: the verslag shows the meeting's own clock.
            from kwaliteit_cli.conversation.meeting_times import apply_meeting_times

            apply_meeting_times(session, times)
            keeper.save(session, final=True)
        keeper.finish(session)
    except KeyboardInterrupt:
        say()
        if keeper.unsaved:
            say(texts.STOPPED_UNSAVED.format(path=keeper.path))
            copy = keeper.rescue(session)
            if copy is None:
                say(texts.EMERGENCY_NOWHERE)
            else:
                say(texts.EMERGENCY_COPY.format(path=copy))
                say(texts.RESUME_HINT.format(command=command("resume", copy)))
        else:
            say(texts.SAVED_AND_STOPPED.format(path=keeper.path))
            if session.draft:
                say(texts.DRAFT_KEPT)
            say(texts.RESUME_HINT.format(command=command("resume", keeper.path)))
        raise SystemExit(EXIT_INTERRUPTED) from None
    except PositionError:
        raise SessionFileError(
            keeper.path,
            "de opgeslagen positie past niet bij dit instrument",
            where="position",
            hint="Geef het instrument waarmee het gesprek begon met --instrument.",
        ) from None
    if not scripted:
        say(texts.COMPLETED.format(path=keeper.path))
        say(texts.REPORT_HINT.format(command=command("report", keeper.path)))
