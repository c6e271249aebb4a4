"""The steps of a conversation, as pure functions: which step comes next, and what it shows.

A *step* is one prompt on screen, identified by a ``Position``: the set-up fields, one step
per participant for an aloud ``ik`` question, one for a ``wij`` question or a silent moment,
and one per item of a list (participants, data sources, agreements). Nothing here imports a
UI library; the prompt layer shows a ``StepView`` and answers with a ``Reply``, which
``replies.py`` records in the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.minutes_steps import (
    SETUP_MINUTES_STEPS,
    absent_text,
    check_out_minutes_steps,
    earlier_approved_steps,
    is_minutes_step,
    minutes_view,
    setup_minutes_fields,
)
from kwaliteit_cli.dutch_input import dutch_date_text
from kwaliteit_cli.session.instrument import (
    MEANINGFUL_OPTIONS,
    PHASE_IDS,
    Instrument,
    Phase,
    Question,
)
from kwaliteit_cli.session.model import (
    FACILITATOR_ID,
    FOLLOW_UP_STATUSES,
    SETUP_PHASE,
    Agreement,
    Answer,
    DataSource,
    Decision,
    Position,
    Session,
)

PHASES = (SETUP_PHASE, *PHASE_IDS)
SETUP_STEPS = (
    "title",
    "date",
    "partnership",
    "place",
    "facilitator",
    "facilitator_external",
    "participants",
    "minute_taker",
    "data",
    *SETUP_MINUTES_STEPS,  # absent, distribution (the minutes)
    "review",  # "klopt alles?" before the check-in
)
REPEATED_SETUP = {"participants", "data"}
# The look back at an earlier session's agreements. Not an instrument question: the leading
# underscore keeps it apart from question ids, which must start with a letter.
FOLLOW_UP_STEP = "_follow_up"
FOLLOW_UP_PHASE = "check-in"
# 'Klopt alles?' before the conversation is marked finished: the last step of the check-out.
REVIEW_STEP = "_review"
SETUP_REVIEW = "review"
# What the set-up review offers to change, in order, and the step that asks it again.
SETUP_CHANGES = (
    "title",
    "date",
    "partnership",
    "place",
    "facilitator",
    "participants",
    "minute_taker",
    "data",
    *SETUP_MINUTES_STEPS,
)

FieldKind = Literal["text", "long_text", "choice", "confirm", "date", "role", "owner"]


@dataclass(frozen=True)
class Field:
    """One input of a step. ``only_if`` shows it only when another field has one of the
    values (for example the proces-check's missing data, after either 'nog niet')."""

    name: str
    label: str
    kind: FieldKind = "text"
    options: tuple[str, ...] = ()
    default: str = ""
    required: bool = False
    only_if: tuple[str, tuple[str, ...]] | None = None

    def shown(self, values: Mapping[str, str]) -> bool:
        """Whether to ask this field, given the values of the fields before it."""
        return self.only_if is None or values.get(self.only_if[0]) in self.only_if[1]


@dataclass(frozen=True)
class StepView:
    """Everything the prompt layer needs to show one step; no logic is left for it to do."""

    position: Position
    phase_title: str
    phase_index: int  # 0 = set-up, 1..3 = the instrument's phases
    question: str
    fields: tuple[Field, ...]
    kind: str = "setup"
    addressee: str = ""
    aloud: bool = True
    silent: bool = False
    participant_name: str = ""
    participant_role: str = ""
    waiting: tuple[str, ...] = ()  # who has not yet spoken on this question
    can_pass: bool = False
    can_go_back: bool = False
    joint_question: str = ""
    hint: str = ""
    planned_minutes: int | None = None
    reflection_seconds: int = 0
    repeat_item: int | None = None  # for lists: the item number, from 1
    started_at: dt.datetime | None = None  # the conversation's start, for the clock on screen
    phase_started_at: dt.datetime | None = None
    round_count: int = 0
    draft: str = ""  # what was typed here before a pause, offered again as the first answer
    entered: tuple[str, ...] = ()  # for lists: the items entered so far, one line each
    entered_title: str = ""  # the heading above ``entered`` (a review's summary has its own)
    paused_seconds: float = 0.0  # pauses since the conversation's start: not on the clock
    phase_paused_seconds: float = 0.0  # pauses since this phase's start


@dataclass(frozen=True)
class Reply:
    action: Literal["answer", "back", "pass"]
    values: Mapping[str, str] = field(default_factory=dict)


ANSWER_BACK = Reply("back")
ANSWER_PASS = Reply("pass")


def answer(**values: str) -> Reply:
    return Reply("answer", values)


class FlowError(ValueError):
    """A reply that does not fit the step (the prompt layer should have prevented it)."""


# --- the sequence of steps -----------------------------------------------------------------


def phase_steps(
    instrument: Instrument, session: Session, phase: str, round_: int = 0
) -> list[Position]:
    """The steps of one phase (of one round, for the proces-check), in order."""
    if phase == SETUP_PHASE:
        return _setup_steps(session)
    steps: list[Position] = []
    for index, question in enumerate(instrument.phase(phase).questions):
        if index == 1 and phase == FOLLOW_UP_PHASE:
            steps += follow_up_steps(session)
            steps += earlier_approved_steps(session)
        if question.kind == "agreements":
            count = len(session.agreements)
            steps += [Position(phase, question.id, round_, item=i) for i in range(count + 1)]
            steps += check_out_minutes_steps(session)
        elif question.goes_round:
            steps += [Position(phase, question.id, round_, p.id) for p in session.participants]
            if question.group_line:
                # ik & wij: after everyone, one line of the group (the step without a person)
                steps.append(Position(phase, question.id, round_))
        else:
            steps.append(Position(phase, question.id, round_))
    if phase == "check-out":
        steps.append(Position(phase, REVIEW_STEP))
    return steps


def follow_up_steps(session: Session) -> list[Position]:
    """One step per earlier agreement, right after the check-in's opening round.

    The look back comes after everyone has said from which role they are at the table (the
    conversation still opens with 'ik'), and before the new data is looked at. An earlier
    session without agreements still gets one step, to show its joint question.
    """
    if session.follow_up is None:
        return []
    count = max(1, len(session.follow_up.agreements))
    return [Position(FOLLOW_UP_PHASE, FOLLOW_UP_STEP, item=i) for i in range(count)]


def _setup_steps(session: Session) -> list[Position]:
    steps: list[Position] = []
    for key in SETUP_STEPS:
        if key == "facilitator_external" and not session.meeting.facilitator:
            continue
        if key in REPEATED_SETUP:
            count = len(session.participants if key == "participants" else session.data)
            steps += [Position(SETUP_PHASE, key, item=i) for i in range(count + 1)]
        else:
            steps.append(Position(SETUP_PHASE, key))
    return steps


def first_position(instrument: Instrument, session: Session) -> Position:
    return phase_steps(instrument, session, SETUP_PHASE)[0]


def _index(steps: list[Position], position: Position) -> int:
    try:
        return steps.index(position)
    except ValueError:
        raise FlowError(f"position {position} is not a step of this conversation") from None


def next_position(instrument: Instrument, session: Session, position: Position) -> Position | None:
    """The step after ``position``, given everything recorded so far; None when done."""
    steps = phase_steps(instrument, session, position.phase, position.round)
    index = _index(steps, position)
    if index + 1 < len(steps):
        return steps[index + 1]
    if position.phase == "proces-check":
        decision = session_decision(session, position.round)
        if decision is None or not (decision.answerable or decision.wrap_up):
            return phase_steps(instrument, session, "proces-check", position.round + 1)[0]
        return phase_steps(instrument, session, "check-out")[0]
    phase_index = PHASES.index(position.phase)
    if phase_index + 1 == len(PHASES):
        return None
    following = PHASES[phase_index + 1]
    return phase_steps(instrument, session, following, 1 if following == "proces-check" else 0)[0]


def previous_position(
    instrument: Instrument, session: Session, position: Position
) -> Position | None:
    """The step before ``position`` within the same phase (and round); None at its start."""
    steps = phase_steps(instrument, session, position.phase, position.round)
    index = _index(steps, position)
    return steps[index - 1] if index > 0 else None


def validate_position(instrument: Instrument, session: Session, position: Position) -> bool:
    if position.phase not in PHASES:
        return False
    return position in phase_steps(instrument, session, position.phase, position.round)


def session_decision(session: Session, round_: int) -> Decision | None:
    for decision in session.decisions:
        if decision.round == round_:
            return decision
    return None


def find_answer(session: Session, position: Position) -> Answer | None:
    for item in session.answers:
        if (item.phase, item.round, item.question, item.participant) == (
            position.phase,
            position.round,
            position.step,
            position.participant,
        ):
            return item
    return None


# --- what a step looks like ----------------------------------------------------------------


def build_view(instrument: Instrument, session: Session, position: Position) -> StepView:
    view = _build_view(instrument, session, position)
    starts = {t.phase: t.started_at for t in session.phase_times}
    started, phase_started = starts.get("check-in"), starts.get(position.phase)
    return replace(
        view,
        started_at=started,
        phase_started_at=phase_started,
        draft=session.draft,
        paused_seconds=session.paused_seconds(started),
        phase_paused_seconds=session.paused_seconds(phase_started),
    )


def _build_view(instrument: Instrument, session: Session, position: Position) -> StepView:
    can_back = previous_position(instrument, session, position) is not None
    if position.phase == SETUP_PHASE and position.step == SETUP_REVIEW:
        return _setup_review_view(session, position, can_back)
    if position.phase == SETUP_PHASE:
        return _setup_view(instrument, session, position, can_back)
    phase = instrument.phase(position.phase)
    if position.step == REVIEW_STEP:
        return _final_review_view(instrument, session, position, phase, can_back)
    if position.step == FOLLOW_UP_STEP:
        return _follow_up_view(session, position, phase, can_back)
    if is_minutes_step(position.step):
        return minutes_view(session, position, phase, can_back)
    question = instrument.question(position.phase, position.step)
    if question.group_line and not position.participant:
        return _group_line_view(instrument, session, position, question, can_back)
    index_in_phase = phase.questions.index(question)
    person = session.participant(position.participant)
    return StepView(
        position=position,
        phase_title=phase.title,
        phase_index=PHASES.index(position.phase),
        question=_question_text(
            session, question, opens_check_out=phase.id == "check-out" and index_in_phase == 0
        ),
        fields=_question_fields(session, question, position),
        kind=question.kind,
        addressee=question.addressee,
        aloud=question.aloud,
        silent=not question.aloud,
        participant_name=person.name if person else "",
        participant_role=person.role if person else "",
        waiting=_waiting(session, position) if person else (),
        can_pass=question.goes_round,
        can_go_back=can_back,
        joint_question=session.current_joint_question(),
        hint=phase.hint,
        planned_minutes=phase.planned_minutes,
        reflection_seconds=0 if question.aloud else instrument.reflection_seconds,
        repeat_item=position.item + 1 if question.kind == "agreements" else None,
        entered=tuple(agreement_line(session, a) for a in session.agreements)
        if question.kind == "agreements"
        else (),
    )


def _question_text(session: Session, question: Question, *, opens_check_out: bool) -> str:
    """The question as asked; a few are introduced by what happened before them.

    After wrapping up with the question open, the check-out opens by saying so, and asks
    what the group knows so far instead of for its answer.
    """
    offered = _open_question(session) and not any(v.round == 0 for v in session.joint_question)
    if question.kind == "joint_question" and offered:
        return f"{texts.FOLLOW_UP_OPEN_OFFERED}\n\n{question.text}"
    wrapped_up = session.wrap_up() is not None
    if wrapped_up and question.kind == "joint_answer":
        return texts.OPEN_QUESTION_JOINT_ANSWER
    if wrapped_up and opens_check_out:
        return f"{texts.OPEN_QUESTION_NOTICE}\n\n{question.text}"
    return question.text


def _group_line_view(
    instrument: Instrument,
    session: Session,
    position: Position,
    question: Question,
    can_back: bool,
) -> StepView:
    """ik & wij, the wij half: one line of the group after everyone has spoken."""
    phase = instrument.phase(position.phase)
    existing = find_answer(session, position)
    return StepView(
        position=position,
        phase_title=phase.title,
        phase_index=PHASES.index(position.phase),
        question=question.group_line,
        fields=(
            Field(
                "text",
                texts.FIELD["answer"],
                "text",
                default=existing.text if existing else "",
                required=True,
            ),
        ),
        kind="group_line",
        addressee="wij",
        can_go_back=can_back,
        joint_question=session.current_joint_question(),
        hint=phase.hint,
        planned_minutes=phase.planned_minutes,
    )


def _follow_up_view(session: Session, position: Position, phase: Phase, can_back: bool) -> StepView:
    follow_up = session.follow_up
    if follow_up is None:
        raise FlowError("this session does not follow up on an earlier one")
    day = f", {follow_up.date.strftime('%d-%m-%Y')}" if follow_up.date else ""
    lines = [texts.FOLLOW_UP_EARLIER.format(title=follow_up.title or follow_up.file, date=day)]
    if follow_up.joint_question:
        then = (
            texts.FOLLOW_UP_OPEN_QUESTION
            if follow_up.question_open
            else texts.FOLLOW_UP_QUESTION_THEN
        )
        lines.append(then.format(question=follow_up.joint_question))
    lines.append("")
    fields: tuple[Field, ...]
    total = len(follow_up.agreements)
    if total == 0:
        lines += [texts.FOLLOW_UP_NO_AGREEMENTS, "", texts.FOLLOW_UP_ASK_GENERAL]
        fields = (Field("note", texts.FOLLOW_UP_FIELD["general_note"], default=follow_up.note),)
    else:
        item = follow_up.agreements[position.item]
        due = item.due.strftime("%d-%m-%Y") if item.due else item.due_text
        lines += [
            texts.FOLLOW_UP_AGREEMENT.format(n=position.item + 1, total=total, what=item.what),
            texts.FOLLOW_UP_AGREEMENT_DETAIL.format(
                who=item.owner_name or texts.GROUP_LABEL, due=due or texts.FOLLOW_UP_NO_DUE
            ),
            "",
            texts.FOLLOW_UP_ASK,
        ]
        labels = texts.FOLLOW_UP_STATUS_LABELS
        fields = (
            Field(
                "status",
                texts.FOLLOW_UP_FIELD["status"],
                "choice",
                tuple(labels[key] for key in FOLLOW_UP_STATUSES),
                default=labels.get(item.status, ""),
                required=True,
            ),
            Field("note", texts.FOLLOW_UP_FIELD["note"], default=item.note),
        )
    return StepView(
        position=position,
        phase_title=phase.title,
        phase_index=PHASES.index(position.phase),
        question="\n".join(lines),
        fields=fields,
        kind="follow_up",
        addressee="wij",
        can_go_back=can_back,
        joint_question=session.current_joint_question(),
        hint=phase.hint,
        planned_minutes=phase.planned_minutes,
    )


def _waiting(session: Session, position: Position) -> tuple[str, ...]:
    """Participants after the current one who have not answered this question yet."""
    names = []
    seen_current = False
    for person in session.participants:
        if person.id == position.participant:
            seen_current = True
            continue
        if not seen_current:
            continue
        if find_answer(session, Position(position.phase, position.step, position.round, person.id)):
            continue
        names.append(person.name)
    return tuple(names)


def _question_fields(session: Session, question: Question, position: Position) -> tuple[Field, ...]:
    existing = find_answer(session, position)
    text = existing.text if existing else ""
    if not question.aloud:
        return (Field("note", texts.FIELD["silent_note"], default=text),)
    kind = question.kind
    if kind in ("text", "joint_answer", "long_text"):
        return (
            Field(
                "text",
                texts.FIELD["answer"],
                "text" if kind == "text" else "long_text",
                default=text,
                required=not question.goes_round,
            ),
        )
    if kind == "choice":
        return (
            Field(
                "choice",
                texts.FIELD["answer"],
                "choice",
                question.options,
                default=existing.choice if existing else "",
                required=True,
            ),
            Field("text", texts.FIELD["explanation"], default=text),
        )
    if kind == "meaningful":
        return (
            Field(
                "choice",
                texts.FIELD["meaningful"],
                "choice",
                MEANINGFUL_OPTIONS,
                default=existing.choice if existing else "",
                required=True,
            ),
            Field("text", texts.FIELD["explanation"], default=text),
        )
    if kind == "joint_question":
        earlier = [v for v in session.joint_question if v.round == 0]
        return (
            Field(
                "text",
                texts.FIELD["answer"],
                "long_text",
                default=earlier[-1].text if earlier else _open_question(session),
                required=True,
            ),
        )
    if kind == "process_check":
        decision = session_decision(session, position.round)
        sharpened = [v.text for v in session.joint_question if v.round == position.round]
        return (
            Field(
                "answerable",
                texts.FIELD["answerable"],
                "choice",
                texts.PROCESS_CHECK_OPTIONS,
                default=verdict(decision) if decision else "",
                required=True,
            ),
            Field("reason", texts.FIELD["reason"], default=decision.reason if decision else ""),
            Field(
                "sharpened",
                texts.SHARPENED_LABEL,
                "long_text",
                # the question as it stands, to edit: unchanged, it stays as it is
                default=sharpened[-1] if sharpened else session.current_joint_question(),
                only_if=("answerable", (texts.NOT_YET_ROUND,)),
            ),
            Field(
                "missing_data",
                texts.FIELD["missing_data"],
                default=decision.missing_data if decision else "",
                only_if=("answerable", (texts.NOT_YET_ROUND, texts.NOT_YET_WRAP_UP)),
            ),
        )
    if kind == "agreements":
        return _agreement_fields(session, position.item)
    raise FlowError(f"unknown question kind {kind}")


def verdict(decision: Decision) -> str:
    """The proces-check's answer as the person chose it: ja, or one of the two 'nog niet'."""
    if decision.answerable:
        return texts.YES
    return texts.NOT_YET_WRAP_UP if decision.wrap_up else texts.NOT_YET_ROUND


def _open_question(session: Session) -> str:
    """The earlier session's open question, offered as this one's joint question."""
    follow_up = session.follow_up
    return follow_up.joint_question if follow_up and follow_up.question_open else ""


def proposed_agreement(session: Session) -> str:
    """After wrapping up with the question open, the missing data as the first agreement."""
    decision = session.wrap_up()
    if decision is None or not decision.missing_data:
        return ""
    return texts.MISSING_DATA_AGREEMENT.format(missing=decision.missing_data)


def _agreement_fields(session: Session, item: int) -> tuple[Field, ...]:
    current = session.agreements[item] if item < len(session.agreements) else None
    label = texts.FIELD["agreement_what_first" if item == 0 else "agreement_what"].format(
        n=item + 1
    )
    owner_default = ""
    if current:
        person = session.participant(current.owner)
        owner_default = person.name if person else (current.owner_name and texts.SOMEONE_ELSE)
        owner_default = owner_default or texts.GROUP_LABEL
    owners = (*[p.name for p in session.participants], texts.GROUP_LABEL, texts.SOMEONE_ELSE)
    due = ""
    if current:
        due = current.due.isoformat() if current.due else current.due_text
    proposed = proposed_agreement(session) if item == 0 and not session.agreements else ""
    return (
        Field("what", label, default=current.what if current else proposed),
        Field("who", texts.FIELD["agreement_who"], "owner", owners, default=owner_default),
        Field("due", texts.FIELD["agreement_due"], default=due),
    )


def _setup_view(
    instrument: Instrument, session: Session, position: Position, can_back: bool
) -> StepView:
    m = session.meeting
    key = position.step
    labels = texts.SETUP
    fields: tuple[Field, ...]
    if key == "title":
        fields = (Field("text", labels["title"], default=m.title, required=True),)
    elif key == "date":
        default = dutch_date_text(m.date or dt.date.today())
        fields = (Field("text", texts.DATE_LABEL, "date", default=default, required=True),)
    elif key in ("partnership", "place", "facilitator"):
        fields = (Field("text", labels[key], default=getattr(m, key)),)
    elif key == "facilitator_external":
        fields = (
            Field(
                "external",
                labels[key],
                "confirm",
                default=texts.YES if m.facilitator_external else "nee",
            ),
        )
    elif key == "participants":
        fields = _participant_fields(session, position.item, instrument.roles)
    elif key == "minute_taker":
        options = [p.name for p in session.participants]
        if m.facilitator:
            options.append(f"{m.facilitator} ({texts.NO_FACILITATOR_TAKER})")
        options.append(texts.SOMEONE_ELSE)
        outside = ("name", (texts.SOMEONE_ELSE,))
        fields = (
            Field(
                "name",
                labels["minute_taker"],
                "choice",
                tuple(options),
                default=_minute_taker_name(session),
                required=True,
            ),
            Field(
                "other_name",
                texts.MINUTE_TAKER_OTHER_NAME,
                default=m.minute_taker_name,
                required=True,
                only_if=outside,
            ),
            Field(
                "other_role",
                texts.MINUTE_TAKER_OTHER_ROLE,
                default=m.minute_taker_role,
                only_if=outside,
            ),
        )
    elif key == "data":
        fields = _data_fields(session, position.item)
    elif key in SETUP_MINUTES_STEPS:
        fields = setup_minutes_fields(session, key)
    else:
        raise FlowError(f"unknown set-up step {key}")
    entered: tuple[str, ...] = ()
    if key == "participants":
        entered = tuple(f"{p.name} ({p.role})" for p in session.participants)
    elif key == "data":
        entered = tuple(_data_line(d) for d in session.data)
    return StepView(
        position=position,
        phase_title=texts.PHASE_TITLES[SETUP_PHASE],
        phase_index=0,
        question=_setup_question(session, position),
        fields=fields,
        can_go_back=can_back,
        repeat_item=position.item + 1 if key in REPEATED_SETUP else None,
        entered=entered,
    )


def setup_summary(session: Session) -> tuple[str, ...]:
    """The preparation in a few lines, for 'klopt alles?'."""
    m = session.meeting
    labels = texts.REVIEW_LABELS
    facilitator = m.facilitator or texts.REVIEW_NOBODY
    if m.facilitator:
        facilitator += (
            f" ({texts.REVIEW_EXTERNAL if m.facilitator_external else texts.REVIEW_INTERNAL})"
        )
    taker = _minute_taker_name(session)
    if taker == texts.SOMEONE_ELSE:
        taker = m.minute_taker_name + (f" ({m.minute_taker_role})" if m.minute_taker_role else "")
    lines = [
        f"{labels['title']}: {m.title}",
        f"{labels['date']}: {dutch_date_text(m.date) if m.date else '—'}",
        f"{labels['partnership']}: {m.partnership or '—'}",
        f"{labels['place']}: {m.place or '—'}",
        f"{labels['facilitator']}: {facilitator}",
        f"{labels['participants']}: "
        + "; ".join(f"{p.name} ({p.role})" for p in session.participants),
        f"{labels['minute_taker']}: {taker or '—'}",
        f"{labels['data']}: " + "; ".join(_data_line(d) for d in session.data),
        f"{labels['absent']}: {absent_text(session.minutes.absent) or '—'}",
        f"{labels['distribution']}: {'; '.join(session.minutes.distribution) or '—'}",
    ]
    return tuple(lines)


def _setup_review_view(session: Session, position: Position, can_back: bool) -> StepView:
    options = (texts.REVIEW_OK, *(texts.REVIEW_CHANGE[key] for key in SETUP_CHANGES))
    return StepView(
        position=position,
        phase_title=texts.PHASE_TITLES[SETUP_PHASE],
        phase_index=0,
        question=texts.REVIEW_SETUP_QUESTION,
        fields=(Field("change", texts.REVIEW_FIELD, "choice", options, default=texts.REVIEW_OK),),
        kind="review",
        can_go_back=can_back,
        entered=setup_summary(session),
        entered_title=texts.REVIEW_SUMMARY,
    )


def final_options(instrument: Instrument) -> tuple[tuple[str, str], ...]:
    """What the last review offers to change: (label, question id) per check-out question."""
    out = []
    for question in instrument.phase("check-out").questions:
        if question.kind == "joint_answer":
            out.append((texts.REVIEW_CHANGE_ANSWER, question.id))
        elif question.kind == "agreements":
            out.append((texts.REVIEW_CHANGE_AGREEMENTS, question.id))
    return tuple(out)


def _final_review_view(
    instrument: Instrument, session: Session, position: Position, phase: Phase, can_back: bool
) -> StepView:
    answer_text = ""
    for question in phase.questions:
        if question.kind == "joint_answer":
            found = find_answer(session, Position(phase.id, question.id))
            answer_text = found.text if found else ""
    lines = [f"{texts.REVIEW_ANSWER}: {answer_text or '—'}"]
    lines += [
        f"{texts.REVIEW_AGREEMENT} {n}: {agreement_line(session, a)}"
        for n, a in enumerate(session.agreements, start=1)
    ]
    if not session.agreements:
        lines.append(texts.REVIEW_NO_AGREEMENTS)
    options = (texts.REVIEW_FINISH, *(label for label, _ in final_options(instrument)))
    return StepView(
        position=position,
        phase_title=phase.title,
        phase_index=PHASES.index(position.phase),
        question=texts.REVIEW_FINAL_QUESTION,
        fields=(
            Field("change", texts.REVIEW_FIELD, "choice", options, default=texts.REVIEW_FINISH),
        ),
        kind="review",
        addressee="wij",
        can_go_back=can_back,
        joint_question=session.current_joint_question(),
        planned_minutes=phase.planned_minutes,
        entered=tuple(lines),
        entered_title=texts.REVIEW_SUMMARY,
    )


def review_target(
    instrument: Instrument, session: Session, position: Position, choice: str
) -> Position | None:
    """Where a review's choice leads: the step to change, or None for 'klopt'."""
    if position.phase == SETUP_PHASE:
        for key in SETUP_CHANGES:
            if texts.REVIEW_CHANGE[key] == choice:
                return Position(SETUP_PHASE, key)
        return None
    for label, question_id in final_options(instrument):
        if label == choice:
            return Position(position.phase, question_id)
    return None


def _data_line(source: DataSource) -> str:
    details = ", ".join(part for part in (source.source, source.period) if part)
    return f"{source.what} ({details})" if details else source.what


def agreement_line(session: Session, agreement: Agreement) -> str:
    """One agreement as a line on screen: what, who, when."""
    person = session.participant(agreement.owner)
    who = person.name if person else (agreement.owner_name or texts.GROUP_LABEL)
    due = dutch_date_text(agreement.due) if agreement.due else agreement.due_text
    return " · ".join(part for part in (agreement.what, who, due) if part)


def _setup_question(session: Session, position: Position) -> str:
    if position.step in SETUP_MINUTES_STEPS:
        return texts.MINUTES_SETUP_QUESTIONS[position.step]
    question = texts.SETUP_QUESTIONS[position.step]
    # Right after the begeleider is named (or not): the method's advice, when it applies.
    m = session.meeting
    if position.step == "participants" and position.item == 0 and not m.facilitator_external:
        return f"{texts.EXTERNAL_ADVICE}\n\n{question}"
    return question


def _participant_fields(session: Session, item: int, roles: tuple[str, ...]) -> tuple[Field, ...]:
    current = session.participants[item] if item < len(session.participants) else None
    first = not session.participants
    label = texts.SETUP["participant_name_first" if first else "participant_name"].format(
        n=item + 1
    )
    return (
        Field("name", label, default=current.name if current else "", required=first),
        Field(
            "role",
            texts.SETUP["participant_role"],
            "role",
            roles,
            default=current.role if current else "",
            required=True,
        ),
    )


def _data_fields(session: Session, item: int) -> tuple[Field, ...]:
    current = session.data[item] if item < len(session.data) else None
    first = not session.data
    label = texts.SETUP["data_what_first" if first else "data_what"].format(n=item + 1)
    return (
        Field("what", label, default=current.what if current else "", required=first),
        Field("source", texts.SETUP["data_source"], default=current.source if current else ""),
        Field("period", texts.SETUP["data_period"], default=current.period if current else ""),
    )


def _minute_taker_name(session: Session) -> str:
    taker = session.meeting.minute_taker
    if taker == FACILITATOR_ID:
        return f"{session.meeting.facilitator} ({texts.NO_FACILITATOR_TAKER})"
    if not taker and session.meeting.minute_taker_name:
        return texts.SOMEONE_ELSE
    person = session.participant(taker)
    return person.name if person else ""
