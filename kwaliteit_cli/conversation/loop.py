"""Drive a conversation: ask each step through a Prompter, record the reply, save at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from kwaliteit_cli.conversation.replies import apply_reply, move_to
from kwaliteit_cli.conversation.steps import (
    FlowError,
    Reply,
    StepView,
    build_view,
    first_position,
    next_position,
    previous_position,
    review_target,
    validate_position,
)
from kwaliteit_cli.session.instrument import Instrument
from kwaliteit_cli.session.model import Pause, Position, Session, now


class Prompter(Protocol):
    """Asks one step and returns the reply. Ctrl-C surfaces as KeyboardInterrupt."""

    def ask(self, view: StepView) -> Reply: ...

    def tell_error(self, message: str) -> None: ...


Saver = Callable[[Session], None]


class PositionError(ValueError):
    """The saved position does not belong to this conversation (another instrument?)."""


def run_conversation(
    instrument: Instrument,
    session: Session,
    prompter: Prompter,
    save: Saver,
    clock: Callable[[], dt.datetime] = now,
) -> Session:
    """Ask every remaining step, saving after each answer; returns the completed session.

    The session is saved before the first question too, so a file exists from the start.
    KeyboardInterrupt from the prompter propagates after the last answer is safely on disk.
    """
    if session.completed:
        return session
    if session.pauses and session.pauses[-1].ended_at is None:
        _end_pause(session, clock())  # the clock is read only then: replays stay the same
    if session.position is None:
        move_to(session, first_position(instrument, session), clock())
        save(session)
    elif not validate_position(instrument, session, session.position):
        raise PositionError(str(session.position))
    returning_to: Position | None = None  # a review that sent the facilitator to change a step
    while session.position is not None:
        position = session.position
        view = build_view(instrument, session, position)
        try:
            reply = prompter.ask(view)
        except KeyboardInterrupt as stop:
            _keep_draft(session, stop)
            session.pauses.append(Pause(clock()))
            save(session)
            raise
        if reply.action == "back":
            earlier = previous_position(instrument, session, position)
            if earlier is not None:
                move_to(session, earlier, clock())
                save(session)
            continue
        if view.kind == "review":
            target = review_target(instrument, session, position, reply.values.get("change", ""))
            if target is None:  # 'klopt': on, at the moment of the last answer (no new answer)
                move_to(session, next_position(instrument, session, position), session.updated_at)
                returning_to = None
            else:
                move_to(session, target, clock())
                returning_to = position
            save(session)
            continue
        moment = clock()
        try:
            apply_reply(instrument, session, position, reply, moment)
        except FlowError as exc:
            prompter.tell_error(str(exc))
            continue
        following = next_position(instrument, session, position)
        if returning_to is not None and _done_changing(position, following):
            following, returning_to = returning_to, None
        move_to(session, following, moment)
        save(session)
    return session


def _done_changing(changed: Position, following: Position | None) -> bool:
    """After a change asked from a review: back to it once the changed step (or list) is done."""
    if following is None or following.step != changed.step:
        return not (
            changed.step == "facilitator"
            and following is not None
            and following.step == "facilitator_external"
        )
    return False


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while an answer was being typed: ``draft`` is the text typed so far."""

    def __init__(self, draft: str) -> None:
        super().__init__()
        self.draft = draft


def _keep_draft(session: Session, stop: KeyboardInterrupt) -> None:
    """Keep the half-typed answer with the position, so ``resume`` offers it again."""
    if not isinstance(stop, Interrupted):
        return  # not while typing (a choice list, a silent moment): nothing half-given
    session.draft = stop.draft if stop.draft.strip() else ""


def _end_pause(session: Session, moment: dt.datetime) -> None:
    """Going on after Ctrl-C: the open pause ends now (it is left out of the clocks)."""
    if session.pauses and session.pauses[-1].ended_at is None:
        session.pauses[-1].ended_at = max(moment, session.pauses[-1].started_at)
