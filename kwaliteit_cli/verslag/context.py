"""The verslag's context: a session turned into plain data, names anonymised where asked.

``build_context`` is pure and returns plain data (str, int, bool, None, lists, dicts): it is
what a template receives and, as it is, what ``--format json`` writes. Its shape is documented
key by key in docs/verslag.md and versioned by ``REPORT_SCHEMA_VERSION``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from kwaliteit_cli import texts
from kwaliteit_cli.session.instrument import Instrument, Question
from kwaliteit_cli.session.model import FACILITATOR_ID, SETUP_PHASE, Answer, Session
from kwaliteit_cli.session.record import FrozenRecord
from kwaliteit_cli.verslag.anonymise import Anonymiser, anonymiser_for

if TYPE_CHECKING:
    pass

FORMATS = ("md", "html", "json")
REPORT_SCHEMA = "kwaliteit-verslag"
REPORT_SCHEMA_VERSION = 1

MONTHS = texts.DUTCH_MONTHS
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def dutch_date(value: dt.date | None) -> str:
    """28 november 2026: the way dates are written in running Dutch text."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def dutch_time(value: dt.datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def dutch_duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} uur en {rest} {'minuut' if rest == 1 else 'minuten'}"
    if hours:
        return f"{hours} uur"
    return "1 minuut" if rest == 1 else f"{rest} minuten"


def _minutes(start: dt.datetime | None, end: dt.datetime | None, paused: float = 0.0) -> int | None:
    """Whole minutes from ``start`` to ``end``, less ``paused`` seconds of pause."""
    if start is None or end is None:
        return None
    return max(0, round(((end - start).total_seconds() - paused) / 60))


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value else ""


class ReportOptions(FrozenRecord):
    """How the verslag is made: ``neutral`` numbers people instead of naming their role;
    ``short`` leaves out the course of the conversation (issue 12)."""

    __slots__ = ("anonymous", "neutral", "short")

    def __init__(self, anonymous: bool = False, neutral: bool = False, short: bool = False) -> None:
        self.anonymous: Final = anonymous or neutral
        self.neutral: Final = neutral
        self.short: Final = short


# --- who is who ----------------------------------------------------------------------------

# Who someone is in the report, and typed text without names: one anonymiser for every
# output (see verslag/anonymise.py). Without --anoniem it passes everything through.
_Names = Anonymiser


# --- the context ---------------------------------------------------------------------------


def _answer_entry(answer: Answer, names: _Names, session: Session) -> dict[str, Any]:
    person = session.participant(answer.participant) if answer.participant else None
    return {
        "participant": answer.participant,
        "who": names(answer.participant) if answer.participant else "",
        "role": names.role(person.id) if person else "",
        "text": names.scrub(answer.text),
        "choice": answer.choice,
        "passed": answer.passed,
        "at": _iso(answer.at),
    }


def _question_block(
    question: Question, answers: list[Answer], names: _Names, session: Session
) -> dict[str, Any]:
    silent = not question.aloud
    # ik & wij: the round's answers, then the group's one line (the answer without a person)
    group = None
    if question.group_line:
        group = next((a for a in answers if not a.participant), None)
        answers = [a for a in answers if a.participant]
    return {
        "id": question.id,
        "text": question.text,
        "addressee": question.addressee,
        "aloud": question.aloud,
        "silent": silent,
        "kind": question.kind,
        "notes": [names.scrub(a.text) for a in answers if silent and a.text.strip()],
        "answers": [] if silent else [_answer_entry(a, names, session) for a in answers],
        "group_line": question.group_line,
        "group_answer": names.scrub(group.text) if group else "",
    }


# Question kinds with a place of their own in the minutes, not a block of answers.
_OWN_PLACE = frozenset({"joint_question", "process_check", "agreements"})


_Step = tuple[str, int, str]  # phase, round, question


def _answers_by_step(session: Session) -> dict[_Step, list[Answer]]:
    """Each question's answers in one round, in the order of the participants; built once."""
    order = {p.id: i for i, p in enumerate(session.participants)}
    steps: dict[_Step, list[Answer]] = {}
    for answer in session.answers:
        steps.setdefault((answer.phase, answer.round, answer.question), []).append(answer)
    for given in steps.values():
        given.sort(key=lambda a: order.get(a.participant, -1))
    return steps


def _phase_blocks(
    instrument: Instrument,
    session: Session,
    phase_id: str,
    round_: int,
    names: _Names,
    steps: dict[_Step, list[Answer]],
) -> list[dict[str, Any]]:
    blocks = []
    for question in instrument.phase(phase_id).questions:
        if question.kind in _OWN_PLACE:
            continue
        given = steps.get((phase_id, round_, question.id))
        if given:
            blocks.append(_question_block(question, given, names, session))
    return blocks


def _check_out_blocks(
    instrument: Instrument, session: Session, names: _Names, steps: dict[_Step, list[Answer]]
) -> list[dict[str, Any]]:
    blocks = _phase_blocks(instrument, session, "check-out", 0, names, steps)
    if session.wrap_up() is not None:
        # With the question still open, the group was asked what it knows so far.
        for block in blocks:
            if block["kind"] == "joint_answer":
                block["text"] = texts.OPEN_QUESTION_JOINT_ANSWER
    return blocks


def _where_stopped(
    instrument: Instrument, session: Session, names: _Names
) -> tuple[str, dict[str, Any] | None]:
    """Where an unfinished conversation stopped: a Dutch phrase, and the same as data."""
    position = session.position
    if position is None:
        return "", None
    where: dict[str, Any] = {
        "phase": position.phase,
        "phase_title": texts.PHASE_TITLES.get(position.phase, position.phase),
        "round": position.round,
        "step": position.step,
        "question": "",
        "who": names(position.participant) if position.participant else "",
    }
    if position.phase == SETUP_PHASE:
        return texts.REPORT["stopped_in_setup"], where
    try:
        phase = instrument.phase(position.phase)
        where["phase_title"] = phase.title
        where["question"] = instrument.question(position.phase, position.step).text
    except KeyError:
        return texts.REPORT["stopped_in_phase"].format(phase=where["phase_title"]), where
    title = phase.title[:1].lower() + phase.title[1:]  # "in de proces-check" in running text
    if position.phase == "proces-check":
        text = texts.REPORT["stopped_in_round"].format(phase=title, round=position.round)
    else:
        text = texts.REPORT["stopped_in_phase"].format(phase=title)
    return text, where


def build_context(
    session: Session, instrument: Instrument, options: ReportOptions | None = None
) -> dict[str, Any]:
    """Everything a verslag template may use, as plain data (documented in docs/verslag.md)."""
    options = options or ReportOptions()
    names = anonymiser_for(session, active=options.anonymous, neutral=options.neutral)
    steps = _answers_by_step(session)
    scrub = names.scrub
    m = session.meeting
    times = {t.phase: t for t in session.phase_times}
    start = times["check-in"].started_at if "check-in" in times else None
    end = session.completed_at
    versions = [
        {
            "text": scrub(v.text),
            "round": v.round,
            "at": _iso(v.at),
            "date_text": dutch_date(v.at.date()),
        }
        for v in session.joint_question
    ]
    stopped_text, stopped = ("", None)
    if not session.completed:
        stopped_text, stopped = _where_stopped(instrument, session, names)
    check_question = next(
        (q.text for q in instrument.phase("proces-check").questions if q.kind == "process_check"),
        "",
    )
    rounds = []
    for number in range(1, session.rounds() + 1):
        decision = next((d for d in session.decisions if d.round == number), None)
        blocks = _phase_blocks(instrument, session, "proces-check", number, names, steps)
        stopped_here = stopped is not None and (stopped["phase"], stopped["round"]) == (
            "proces-check",
            number,
        )
        if not blocks and decision is None:
            continue  # a round that was opened but holds nothing yet
        rounds.append(
            {
                "number": number,
                "blocks": blocks,
                "decision": None
                if decision is None
                else {
                    "answerable": decision.answerable,
                    "wrap_up": decision.wrap_up,
                    "question": check_question,
                    "verdict": texts.YES
                    if decision.answerable
                    else (texts.NOT_YET_WRAP_UP if decision.wrap_up else texts.NOT_YET_ROUND),
                    "reason": scrub(decision.reason),
                    "missing_data": scrub(decision.missing_data),
                    "at": _iso(decision.at),
                },
                "sharpened": next(
                    (scrub(v.text) for v in session.joint_question if v.round == number), ""
                ),
                "stopped_here": stopped_here,
            }
        )
    phases = []
    for phase in instrument.phases:
        timing = times.get(phase.id)
        actual = (
            _minutes(
                timing.started_at,
                timing.ended_at,
                session.paused_seconds(timing.started_at, timing.ended_at),
            )
            if timing
            else None
        )
        phases.append(
            {
                "id": phase.id,
                "title": phase.title,
                "planned_minutes": phase.planned_minutes,
                "actual_minutes": actual,
                "planned_text": dutch_duration(phase.planned_minutes),
                "actual_text": dutch_duration(actual),
                "started": timing is not None,
                "ended": timing is not None and timing.ended_at is not None,
                "started_at": _iso(timing.started_at) if timing else "",
                "ended_at": _iso(timing.ended_at) if timing else "",
            }
        )
    agreements = []
    for a in session.agreements:
        if a.owner:
            who = names(a.owner)
        elif a.owner_name:
            who = names.outsider(a.owner_name)
        else:
            who = texts.GROUP_LABEL
        agreements.append(
            {
                "what": scrub(a.what),
                "who": who,
                "owner": a.owner,
                "group": not a.owner and not a.owner_name,
                "due": _iso(a.due),
                "due_text": dutch_date(a.due) if a.due else scrub(a.due_text),
                "at": _iso(a.at),
            }
        )
    joint_answer = next(
        (
            scrub(a.text)
            for q in instrument.phase("check-out").questions
            if q.kind == "joint_answer"
            for a in session.answers
            if a.phase == "check-out" and a.question == q.id and a.text
        ),
        "",
    )
    taker = m.minute_taker
    paused = session.paused_seconds(start, end or session.updated_at) if start else 0.0
    duration = _minutes(start, end, paused)
    if taker:
        taker_label = names(taker)
    elif m.minute_taker_name:
        taker_label = names.outsider(m.minute_taker_name)
        if m.minute_taker_role and not options.anonymous:
            taker_label += f" ({scrub(m.minute_taker_role)})"
    else:
        taker_label = ""
    paused_minutes = round(paused / 60)
    wrap_up = session.wrap_up()
    context = {
        "schema": REPORT_SCHEMA,
        "schema_version": REPORT_SCHEMA_VERSION,
        "title": scrub(m.title) if m.title.strip() else texts.REPORT["default_title"],
        "instrument": {
            "id": session.instrument_id,
            "version": session.instrument_version,
            "title": instrument.title,
        },
        "anonymous": options.anonymous,
        "anonymous_note": (texts.ANON_NOTE_NEUTRAL if options.neutral else texts.ANON_NOTE)
        if options.anonymous
        else "",
        "status": session.status,
        "completed": session.completed,
        "stopped_at": stopped_text,
        "position": stopped,
        "created_at": _iso(session.created_at),
        "updated_at": _iso(session.updated_at),
        "completed_at": _iso(session.completed_at),
        "date": _iso(m.date),
        "date_text": dutch_date(m.date),
        "weekday": WEEKDAYS[m.date.weekday()] if m.date else "",
        "start": _iso(start),
        "start_time": dutch_time(start),
        "end": _iso(end),
        "end_time": dutch_time(end),
        "duration_minutes": duration,
        "duration_text": dutch_duration(duration),
        "paused": bool(session.pauses) and paused_minutes > 0,
        "paused_minutes": paused_minutes,
        "paused_text": dutch_duration(paused_minutes) if paused_minutes else "",
        "partnership": scrub(m.partnership),
        "place": scrub(m.place),
        "facilitator": None
        if not m.facilitator
        else {"label": names(FACILITATOR_ID), "external": m.facilitator_external},
        "minute_taker": taker_label,
        "minute_taker_is_facilitator": taker == FACILITATOR_ID,
        "participants": [
            {"id": p.id, "label": names(p.id), "role": names.role(p.id)}
            for p in session.participants
        ],
        "data": [
            {"what": scrub(d.what), "source": scrub(d.source), "period": scrub(d.period)}
            for d in session.data
        ],
        "joint_question": {
            "text": scrub(session.current_joint_question()),
            "round": session.joint_question[-1].round if session.joint_question else 0,
            "history": versions[:-1],
            # The group wrapped up with the question open ("nog niet: we ronden af").
            "open": wrap_up is not None,
            "missing_data": scrub(wrap_up.missing_data) if wrap_up else "",
        },
        "phases": phases,
        "check_in": _phase_blocks(instrument, session, "check-in", 0, names, steps),
        "rounds": rounds,
        "check_out": _check_out_blocks(instrument, session, names, steps),
        "joint_answer": joint_answer,
        "agreements": agreements,
        "follow_up": follow_up_context(session, names),
        "vote": vote_context(session),
    }
    _add_minutes(context, session, names, options)
    # "In het kort" first in JSON too: what a reader needs before the facts and the course.
    first = [k for k in _SUMMARY_FIRST if k in context]
    return {k: context[k] for k in first} | {k: v for k, v in context.items() if k not in first}


_SUMMARY_FIRST = (
    "schema",
    "schema_version",
    "title",
    "approval",
    "joint_question",
    "joint_answer",
    "decisions",
    "agreements",
    "missing_data",
    "next_meeting",
)


def _add_minutes(
    context: dict[str, Any], session: Session, names: _Names, options: ReportOptions
) -> None:
    """The minute-taker's part (issue 12): numbered agreements with a status, approval,
    absent, decisions, missing data, next meeting, distribution, corrections."""
    from kwaliteit_cli.verslag.minutes_context import (
        AGREEMENT_STATUS_LABELS,
        earlier_approval_text,
        minutes_context,
    )

    for number, (item, agreement) in enumerate(
        zip(context["agreements"], session.agreements, strict=True), 1
    ):
        item["number"] = number
        item["status"] = agreement.status
        item["status_text"] = AGREEMENT_STATUS_LABELS.get(agreement.status, "open")
    context.update(
        minutes_context(
            session,
            session.minutes,
            names.scrub,
            options.anonymous,
            options.short,
            options.neutral,
        )
    )
    if options.short:
        # The short verslag quotes no one: what individuals said is not even in its data.
        context["check_in"] = []
        context["check_out"] = []
        for round_ in context["rounds"]:
            round_["blocks"] = []
    if context["follow_up"] is not None:
        earlier = session.minutes.earlier_approved
        context["follow_up"]["earlier_approved"] = earlier
        context["follow_up"]["approval_text"] = earlier_approval_text(earlier)


def vote_context(session: Session) -> dict[str, Any] | None:
    """The anonymous check-out vote from the phones (--deelnemers), as three counts."""
    vote = session.vote
    if vote is None:
        return None
    total = vote.ja + vote.deels + vote.nee
    return {
        "ja": vote.ja,
        "deels": vote.deels,
        "nee": vote.nee,
        "total": total,
        "unanimous": total > 0 and max(vote.ja, vote.deels, vote.nee) == total,
    }


def follow_up_context(session: Session, names: Anonymiser | bool) -> dict[str, Any] | None:
    """The look back at the earlier session (``kwaliteit start --vervolg-op``), or None.

    Every text goes through the same anonymiser as the rest of the verslag.
    """
    follow_up = session.follow_up
    if follow_up is None:
        return None
    if isinstance(names, bool):
        names = anonymiser_for(session, active=names)
    scrub = names.scrub
    items = []
    for a in follow_up.agreements:
        who = names.named(a.owner_name, a.owner_role) if a.owner_name else texts.GROUP_LABEL
        items.append(
            {
                "what": scrub(a.what),
                "who": who,
                "due": a.due.isoformat() if a.due else "",
                "due_text": dutch_date(a.due) if a.due else scrub(a.due_text),
                "status": a.status,
                "status_text": texts.FOLLOW_UP_STATUS_LABELS.get(a.status, "niet besproken"),
                "note": scrub(a.note),
            }
        )
    return {
        "title": scrub(follow_up.title),
        "date": follow_up.date.isoformat() if follow_up.date else "",
        "date_text": dutch_date(follow_up.date),
        "partnership": scrub(follow_up.partnership),
        "joint_question": scrub(follow_up.joint_question),
        "question_open": follow_up.question_open,
        "file": scrub(follow_up.file),
        "note": scrub(follow_up.note),
        "agreements": items,
    }
