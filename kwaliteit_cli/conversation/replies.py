"""What an answer changes, as pure functions: record a ``Reply`` in the session, move on.

The other half of the flow: ``steps.py`` says which step comes next and what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.minutes_steps import (
    SETUP_MINUTES_STEPS,
    apply_minutes_reply,
    apply_setup_minutes,
    is_minutes_step,
)
from kwaliteit_cli.conversation.steps import (
    FOLLOW_UP_STEP,
    SETUP_REVIEW,
    FlowError,
    Reply,
    StepView,
)
from kwaliteit_cli.dutch_input import parse_dutch_date, parse_yes_no
from kwaliteit_cli.session.instrument import (
    MEANINGFUL_OPTIONS,
    Instrument,
)
from kwaliteit_cli.session.model import (
    FACILITATOR_ID,
    SETUP_PHASE,
    Agreement,
    Answer,
    DataSource,
    Decision,
    FollowUp,
    FollowUpAgreement,
    JointQuestionVersion,
    Participant,
    PhaseTime,
    Position,
    Session,
)

# --- what an answer changes ----------------------------------------------------------------


def ends_list(view: StepView, reply: Reply) -> bool:
    """True when a reply to the 'add another' step of a list means 'the list is complete'."""
    first = view.fields[0]
    return view.repeat_item is not None and not reply.values.get(first.name, "").strip()


def apply_reply(
    instrument: Instrument, session: Session, position: Position, reply: Reply, at: dt.datetime
) -> None:
    """Record a reply in the session (in place). Raises FlowError for a reply that cannot fit."""
    if reply.action == "back":
        raise FlowError("a 'back' reply changes the position, not the session")
    values = {k: v.strip() if isinstance(v, str) else v for k, v in reply.values.items()}
    if position.phase == SETUP_PHASE:
        _apply_setup(session, position, values)
        return
    if position.step == FOLLOW_UP_STEP:
        if reply.action == "pass":
            raise FlowError("only a participant in a round can pass")
        _apply_follow_up(session, position.item, values)
        return
    if is_minutes_step(position.step):
        if reply.action == "pass":
            raise FlowError("only a participant in a round can pass")
        problem = apply_minutes_reply(session, position, values, at)
        if problem:
            raise FlowError(problem)
        return
    question = instrument.question(position.phase, position.step)
    # A question that goes round has one step per person; with a group line, one more for
    # the group (without a person), which nobody can pass.
    in_turn = question.goes_round and bool(position.participant)
    if reply.action == "pass":
        if not in_turn:
            raise FlowError("only a participant in a round can pass")
        _store_answer(session, _answer(position, at, participant=position.participant, passed=True))
        return
    kind = question.kind
    if not question.aloud:
        _store_answer(session, _answer(position, at, text=values.get("note", ""), silent=True))
    elif kind == "joint_question":
        text = _required(values, "text")
        session.joint_question = [v for v in session.joint_question if v.round != 0]
        session.joint_question.insert(0, JointQuestionVersion(text, 0, at))
    elif kind == "process_check":
        _apply_process_check(session, position.round, values, at)
    elif kind == "agreements":
        _apply_agreement(session, position.item, values, at)
    else:
        choice = values.get("choice", "")
        if kind in ("choice", "meaningful"):
            options = question.options if kind == "choice" else MEANINGFUL_OPTIONS
            if choice not in options:
                raise FlowError(texts.CHOOSE_FROM.format(options=", ".join(options)))
        text = values.get("text", "")
        if not in_turn and kind not in ("choice", "meaningful") and not text:
            raise FlowError(texts.REQUIRED)
        _store_answer(
            session,
            _answer(position, at, participant=position.participant, text=text, choice=choice),
        )


def _answer(position: Position, at: dt.datetime, **fields: Any) -> Answer:
    """The answer record for the question at ``position``."""
    return Answer(position.phase, position.round, position.step, at, **fields)


def _required(values: Mapping[str, str], key: str) -> str:
    value = values.get(key, "")
    if not value:
        raise FlowError(texts.REQUIRED)
    return value


def _store_answer(session: Session, new: Answer) -> None:
    key = (new.phase, new.round, new.question, new.participant)
    for index, old in enumerate(session.answers):
        if (old.phase, old.round, old.question, old.participant) == key:
            session.answers[index] = new
            return
    session.answers.append(new)


def _apply_process_check(
    session: Session, round_: int, values: Mapping[str, str], at: dt.datetime
) -> None:
    verdict = values.get("answerable", "")
    # "nog niet" on its own is the answer from before there were two: another round.
    if verdict not in (*texts.PROCESS_CHECK_OPTIONS, texts.NOT_YET):
        raise FlowError(texts.CHOOSE_FROM.format(options=", ".join(texts.PROCESS_CHECK_OPTIONS)))
    answerable = verdict == texts.YES
    decision = Decision(
        round=round_,
        answerable=answerable,
        reason=values.get("reason", ""),
        at=at,
        missing_data="" if answerable else values.get("missing_data", ""),
        wrap_up=verdict == texts.NOT_YET_WRAP_UP,
    )
    session.decisions = [d for d in session.decisions if d.round != round_] + [decision]
    session.decisions.sort(key=lambda d: d.round)
    session.joint_question = [v for v in session.joint_question if v.round != round_]
    sharpened = values.get("sharpened", "")
    if not answerable and sharpened and sharpened != session.current_joint_question():
        session.joint_question.append(JointQuestionVersion(sharpened, round_, at))
    session.joint_question.sort(key=lambda v: v.round)


def follow_up_status(value: str) -> str:
    """The status key for a label or key ('gedaan' or 'done'); empty when it is neither."""
    wanted = value.strip().casefold()
    for key, label in texts.FOLLOW_UP_STATUS_LABELS.items():
        if wanted in (key, label):
            return key
    return ""


def _apply_follow_up(session: Session, item: int, values: Mapping[str, str]) -> None:
    follow_up = session.follow_up
    if follow_up is None:
        raise FlowError("this session does not follow up on an earlier one")
    if not follow_up.agreements:
        follow_up.note = values.get("note", "")
        return
    status = follow_up_status(values.get("status", ""))
    if not status:
        labels = texts.FOLLOW_UP_STATUS_LABELS.values()
        raise FlowError(texts.CHOOSE_FROM.format(options=", ".join(labels)))
    agreement = follow_up.agreements[item]
    agreement.status = status
    agreement.note = values.get("note", "")


def start_follow_up(session: Session, earlier: Session, file_name: str) -> None:
    """Make ``session`` a follow-up of ``earlier``: copy what the look back needs to show.

    The copy keeps the new session readable on its own, even when the earlier file is gone.
    """

    def owner(agreement: Agreement) -> tuple[str, str]:
        person = earlier.participant(agreement.owner) if agreement.owner else None
        if person:
            return person.name, person.role
        return agreement.owner_name, ""

    session.follow_up = FollowUp(
        title=earlier.meeting.title,
        date=earlier.meeting.date,
        partnership=earlier.meeting.partnership,
        joint_question=earlier.current_joint_question(),
        file=file_name,
        created_at=earlier.created_at,
        id=earlier.id,
        agreements=[
            FollowUpAgreement(
                what=a.what,
                owner_name=owner(a)[0],
                owner_role=owner(a)[1],
                due=a.due,
                due_text=a.due_text,
            )
            for a in earlier.agreements
        ],
        # An open question is carried over: the check-in offers it as the joint question.
        question_open=earlier.wrap_up() is not None,
    )


def carry_over(session: Session, earlier: Session, at: dt.datetime) -> None:
    """A follow-up made at the terminal: the earlier preparation as proposals to review.

    The partnership, place, facilitator, participants with their roles, minute-taker and data
    are copied; the title says it is a follow-up and the date is today. The conversation then
    opens at 'klopt alles?', where any of it can be changed before the check-in.
    """
    old, new = earlier.meeting, session.meeting
    new.title = texts.FOLLOW_UP_TITLE.format(title=old.title) if old.title else ""
    new.date = at.date()
    new.partnership, new.place = old.partnership, old.place
    new.facilitator, new.facilitator_external = old.facilitator, old.facilitator_external
    new.minute_taker = old.minute_taker
    new.minute_taker_name, new.minute_taker_role = old.minute_taker_name, old.minute_taker_role
    session.participants = [Participant(p.id, p.name, p.role) for p in earlier.participants]
    session.data = [DataSource(d.what, d.source, d.period) for d in earlier.data]
    if not new.title or not session.participants or not session.data:
        return  # too little to review: the preparation asks it all
    move_to(session, Position(SETUP_PHASE, SETUP_REVIEW), at)


def parse_date(value: str) -> dt.date | None:
    """A date as people write it: 2026-11-28, 28-11-2026, '28 november 2026'; None if not."""
    return parse_dutch_date(value)


def _apply_agreement(
    session: Session, item: int, values: Mapping[str, str], at: dt.datetime
) -> None:
    what = values.get("what", "")
    if not what:
        if item < len(session.agreements):
            return  # an empty edit keeps the agreement as it was
        return  # the list is complete
    who = values.get("who", "") or texts.GROUP_LABEL
    owner, owner_name = "", ""
    if who != texts.GROUP_LABEL:
        person = _participant_by_name(session, who)
        if person:
            owner = person.id
        else:
            owner_name = values.get("who_other", "") if who == texts.SOMEONE_ELSE else who
    due_value = values.get("due", "")
    due = parse_date(due_value) if due_value else None
    agreement = Agreement(
        what=what,
        at=at,
        owner=owner,
        owner_name=owner_name,
        due=due,
        due_text="" if due else due_value,
    )
    if item < len(session.agreements):
        session.agreements[item] = agreement
    else:
        session.agreements.append(agreement)


def _participant_by_name(session: Session, name: str) -> Participant | None:
    for person in session.participants:
        if person.name == name:
            return person
    return None


def _apply_setup(session: Session, position: Position, values: Mapping[str, str]) -> None:
    m = session.meeting
    key = position.step
    if key == "title":
        m.title = _required(values, "text")
    elif key == "date":
        day = parse_date(_required(values, "text"))
        if day is None:
            raise FlowError(texts.DATE_INVALID_WORDS.format(value=values.get("text", "")))
        m.date = day
    elif key in ("partnership", "place"):
        setattr(m, key, values.get("text", ""))
    elif key == "facilitator":
        m.facilitator = values.get("text", "")
        if not m.facilitator:
            m.facilitator_external = False
            if m.minute_taker == FACILITATOR_ID:
                m.minute_taker = ""
    elif key == "facilitator_external":
        m.facilitator_external = parse_yes_no(values.get("external", "")) is True or (
            values.get("external", "").strip().lower() == "true"
        )
    elif key == "participants":
        _apply_participant(session, position.item, values)
    elif key == "minute_taker":
        name = _required(values, "name")
        person = _participant_by_name(session, name)
        m.minute_taker_name = m.minute_taker_role = ""
        if name == texts.SOMEONE_ELSE:
            m.minute_taker = ""
            m.minute_taker_name = _required(values, "other_name")
            m.minute_taker_role = values.get("other_role", "")
        elif person:
            m.minute_taker = person.id
        elif m.facilitator and name in (
            m.facilitator,
            f"{m.facilitator} ({texts.NO_FACILITATOR_TAKER})",
        ):
            m.minute_taker = FACILITATOR_ID
        else:
            raise FlowError(
                texts.CHOOSE_FROM.format(options=", ".join(p.name for p in session.participants))
            )
    elif key in SETUP_MINUTES_STEPS:
        apply_setup_minutes(session, key, values)
    elif key == "data":
        what = values.get("what", "")
        if not what:
            if not session.data:
                raise FlowError(texts.REQUIRED)
            return
        source = DataSource(what, values.get("source", ""), values.get("period", ""))
        if position.item < len(session.data):
            session.data[position.item] = source
        else:
            session.data.append(source)


def _apply_participant(session: Session, item: int, values: Mapping[str, str]) -> None:
    name = values.get("name", "")
    if not name:
        if not session.participants:
            raise FlowError(texts.REQUIRED)
        return
    role = values.get("role", "") or "deelnemer"
    if item < len(session.participants):
        current = session.participants[item]
        session.participants[item] = Participant(current.id, name, role)
        return
    taken = {p.id for p in session.participants}
    number = len(session.participants) + 1
    while f"p{number}" in taken:
        number += 1
    session.participants.append(Participant(f"p{number}", name, role))


# --- moving on -----------------------------------------------------------------------------


def move_to(session: Session, position: Position | None, at: dt.datetime) -> None:
    """Set the position, keeping the phase clock and the status in step with it."""
    previous = session.position
    session.position = position
    session.updated_at = at
    if position != previous:
        session.draft = ""  # a half-typed answer belongs to the step it was typed at
    new_phase = position.phase if position else None
    old_phase = previous.phase if previous else None
    if new_phase != old_phase:
        for timing in session.phase_times:
            if timing.phase == old_phase and timing.ended_at is None:
                timing.ended_at = at
        if new_phase and not any(t.phase == new_phase for t in session.phase_times):
            session.phase_times.append(PhaseTime(new_phase, at))
    if position is None:
        session.status = "completed"
        session.completed_at = at
