"""Where the room meets the conversation: a Prompter that wraps the facilitator's own.

The conversation loop does not know the room exists. ``RoomPrompter`` sits between the loop
and the terminal prompter: before each step it tells the phones what step this is, and at the
steps that take something from the phones it lets the facilitator decide on it:

- a silent moment: notes the participants chose to share are accepted, edited or rejected, and
  what is accepted joins the moment's note (without a name unless the participant gave one);
- the joint question: the proposals with their dots are shown, the one chosen (or none) becomes
  the text the facilitator edits aloud with the group;
- the check-out's personal "meaningful" question (is the data meaningful for your own
  practice?): before its aloud round the facilitator may open the anonymous vote, and
  closes it when everyone has voted; only the three counts are kept (``on_tally``);
- after the last step, :func:`review_corrections` shows each participant their own words and
  takes the corrections the minute-taker accepts.

Everything reaches the session only through the reply the loop records, or (corrections)
through :func:`apply_correction` followed by the loop's own saver. The server never writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.steps import Reply, StepView
from kwaliteit_cli.deelnemers.state import Kind, Mode, Pending, Room, Stage, Tally
from kwaliteit_cli.session.model import Session


class Decisions(Protocol):
    """The facilitator's side of the room: what the terminal (or a test script) decides."""

    def decide(self, item: Pending) -> tuple[bool, str | None]:
        """Accept (with an edited text, or None to keep it) or reject one item."""
        ...

    def choose_question(self, room: Room) -> str | None:
        """Wait for proposals and dots; the chosen proposal's text, or None to type one."""
        ...

    def run_vote(self, room: Room) -> Tally | None:
        """Offer the anonymous vote; the tally once closed, or None when not held."""
        ...

    def collect_corrections(self, room: Room) -> None:
        """Wait while participants read their words; return when the facilitator is done."""
        ...

    def show_room(self) -> None:
        """The QR code and the devices (lock, remove), until the facilitator goes on."""
        ...


class InnerPrompter(Protocol):
    def ask(self, view: StepView) -> Reply: ...

    def tell_error(self, message: str) -> None: ...


def stage_for(view: StepView, mode: Mode = Mode.WAIT) -> Stage:
    """What the phones show during ``view``: the room view of the current step."""
    return Stage(
        mode=mode,
        phase=view.phase_title,
        step=view.question,
        joint_question=view.joint_question,
    )


def note_line(item: Pending) -> str:
    return f"{item.name}: {item.text}" if item.name else item.text


class RoomPrompter:
    """Wraps the facilitator's prompter; takes what the phones sent at the steps that take it."""

    def __init__(
        self,
        inner: InnerPrompter,
        room: Room,
        decisions: Decisions,
        on_tally: Callable[[Tally], None] = lambda tally: None,
        voted: bool = False,
    ) -> None:
        self.inner = inner
        self.room = room
        self.decisions = decisions
        self.on_tally = on_tally
        self.voted = voted  # a resumed conversation that already held its vote

    def __getattr__(self, name: str) -> Any:
        # Everything else the loop may ask of a prompter (saving trouble) is the inner one's.
        return getattr(self.inner, name)

    def tell_error(self, message: str) -> None:
        self.inner.tell_error(message)

    def ask(self, view: StepView) -> Reply:
        if view.position.phase == "opzet":
            self.room.set_stage(Stage(mode=Mode.WAIT, phase=view.phase_title))
            return self._ask_with_room_command(view)
        if view.silent:
            return self._silent(view)
        if view.kind == "joint_question":
            return self._joint_question(view)
        if view.kind == "meaningful" and view.addressee == "ik" and not self.voted:
            self.room.set_stage(stage_for(view))
            tally = self.decisions.run_vote(self.room)
            # Offered once: 'geen stemming' is not asked again before the next participant.
            self.voted = True
            if tally is not None:
                self.on_tally(tally)
        self.room.set_stage(stage_for(view))
        return self._ask_with_room_command(view)

    def _ask_with_room_command(self, view: StepView) -> Reply:
        """Ask the step; ``/telefoons`` typed as an answer shows the room screen first."""
        while True:
            reply = self.inner.ask(view)
            typed = [v.strip() for v in reply.values.values() if isinstance(v, str)]
            if reply.action != "answer" or texts.COMMAND_ROOM not in typed:
                return reply
            self.decisions.show_room()

    def _silent(self, view: StepView) -> Reply:
        self.room.set_stage(stage_for(view, Mode.NOTE))
        reply = self.inner.ask(view)
        # The moment is over: no more notes for it, then decide on what came in.
        self.room.set_stage(stage_for(view))
        if reply.action != "answer":
            return reply
        accepted = []
        for item in self.room.pending(Kind.NOTE):
            accept, edited = self.decisions.decide(item)
            taken = self.room.decide(item.id, accept, edited)
            if taken is not None and taken.text:
                accepted.append(note_line(taken))
        if not accepted:
            return reply
        typed = reply.values.get("note", "").strip()
        note = "\n".join([typed, *accepted] if typed else accepted)
        return Reply("answer", {**reply.values, "note": note})

    def _joint_question(self, view: StepView) -> Reply:
        self.room.set_stage(stage_for(view, Mode.QUESTION))
        chosen = self.decisions.choose_question(self.room)
        if chosen:
            fields = tuple(
                replace(f, default=chosen) if i == 0 else f for i, f in enumerate(view.fields)
            )
            view = replace(view, fields=fields)
        reply = self._ask_with_room_command(view)
        if reply.action == "answer":
            self.room.clear_proposals()  # what was not chosen is not kept
            self.room.set_stage(stage_for(view))
        return reply


def words_by_name(session: Session) -> dict[str, list[tuple[int, str]]]:
    """Each participant's own answers with text: (index in session.answers, text)."""
    names = {p.id: p.name for p in session.participants}
    found: dict[str, list[tuple[int, str]]] = {}
    for index, answer in enumerate(session.answers):
        name = names.get(answer.participant)
        if name and answer.text.strip() and not answer.passed:
            found.setdefault(name, []).append((index, answer.text))
    return found


def apply_correction(session: Session, index: int, text: str) -> None:
    """Replace one answer's text with the accepted correction."""
    session.answers[index].text = text


def review_corrections(
    session: Session,
    room: Room,
    decisions: Decisions,
    save: Callable[[Session], None],
    phase_title: str = "",
) -> int:
    """The closing step: participants read their words and propose corrections; the
    minute-taker decides on each; accepted ones change the session, which is saved once.
    Returns how many were accepted."""
    words = words_by_name(session)
    room.set_stage(
        Stage(
            mode=Mode.CORRECT,
            phase=phase_title,
            joint_question=session.current_joint_question(),
            words=tuple((name, tuple(t for _, t in lines)) for name, lines in words.items()),
        )
    )
    decisions.collect_corrections(room)
    # The joint question stays in the stage: the decisions pin it above each correction.
    room.set_stage(
        Stage(mode=Mode.WAIT, phase=phase_title, joint_question=session.current_joint_question())
    )
    accepted = 0
    for item in room.pending(Kind.CORRECTION):
        accept, edited = decisions.decide(item)
        taken = room.decide(item.id, accept, edited)
        lines = words.get(item.name, [])
        if taken is None or not 0 <= item.target < len(lines):
            continue
        apply_correction(session, lines[item.target][0], taken.text)
        accepted += 1
    if accepted:
        save(session)
    return accepted
