"""The steps that gather what the minutes need beyond the conversation (issue 12).

In the preparation: who sent apologies (``absent``) and to whom the verslag goes
(``distribution``). In the check-in of a follow-up: was the earlier verslag approved? In the
check-out, right after the agreements: each piece of missing data named at a procescheck,
offered as an agreement (who, by when); the decisions, apart from the agreements; and the next
meeting (date, place, what to bring). Every one of them may stay empty.

Step ids that are not instrument questions start with an underscore, as the follow-up's do.
The flow asks this module for the steps, their views and what a reply changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kwaliteit_cli import texts
from kwaliteit_cli.session.minutes import EARLIER_APPROVED, Absent
from kwaliteit_cli.session.model import Agreement, Position, Session

if TYPE_CHECKING:
    from kwaliteit_cli.conversation.steps import Field, StepView
    from kwaliteit_cli.session.instrument import Phase

SETUP_MINUTES_STEPS = ("absent", "distribution")
EARLIER_APPROVED_STEP = "_earlier_approved"
MISSING_DATA_STEP = "_missing_data"
DECISIONS_STEP = "_decisions"
NEXT_MEETING_STEP = "_next_meeting"
CHECK_OUT_MINUTES_STEPS = (MISSING_DATA_STEP, DECISIONS_STEP, NEXT_MEETING_STEP)


def split_list(text: str) -> list[str]:
    """A list typed on one line, with ';' between the items."""
    return [part.strip() for part in text.split(";") if part.strip()]


def parse_absent(text: str) -> list[Absent]:
    """'Joost Bakker (bestuurder); Ann' as people with their role."""
    people = []
    for part in split_list(text):
        name, _, role = part.partition("(")
        people.append(Absent(" ".join(name.split()), role.rstrip(")").strip()))
    return people


def absent_text(people: list[Absent]) -> str:
    return "; ".join(f"{a.name} ({a.role})" if a.role else a.name for a in people)


def missing_data_rounds(session: Session) -> list[int]:
    """The rounds whose procescheck named missing data, in order."""
    return [d.round for d in session.decisions if d.missing_data.strip()]


def check_out_minutes_steps(session: Session) -> list[Position]:
    """The check-out's minutes steps, placed right after the agreements."""
    steps = [
        Position("check-out", MISSING_DATA_STEP, item=i)
        for i in range(len(missing_data_rounds(session)))
    ]
    count = len(session.minutes.decisions)
    steps += [Position("check-out", DECISIONS_STEP, item=i) for i in range(count + 1)]
    steps.append(Position("check-out", NEXT_MEETING_STEP))
    return steps


def earlier_approved_steps(session: Session) -> list[Position]:
    """One step in a follow-up's check-in, after the look back at the earlier agreements."""
    if session.follow_up is None:
        return []
    return [Position("check-in", EARLIER_APPROVED_STEP)]


def missing_data_text(session: Session, item: int) -> tuple[int, str]:
    round_ = missing_data_rounds(session)[item]
    decision = next(d for d in session.decisions if d.round == round_)
    return round_, decision.missing_data


def _agreement_for_missing(session: Session, what: str) -> Agreement | None:
    wanted = texts.MISSING_DATA_AGREEMENT.format(missing=what)
    return next((a for a in session.agreements if a.what == wanted), None)


def owner_of(session: Session, agreement: Agreement | None) -> str:
    if agreement is None:
        return ""
    if agreement.owner:
        person = session.participant(agreement.owner)
        return person.name if person else ""
    return agreement.owner_name or texts.GROUP_LABEL


def apply_setup_minutes(session: Session, key: str, values: Mapping[str, str]) -> None:
    text = values.get("text", "")
    if key == "absent":
        session.minutes.absent = parse_absent(text)
    elif key == "distribution":
        session.minutes.distribution = split_list(text)


def apply_earlier_approved(session: Session, values: Mapping[str, str]) -> str:
    """Record the answer; returns an error text for an answer that is not an option, or ''."""
    value = values.get("choice", "").strip().casefold()
    if value and value not in EARLIER_APPROVED:
        return texts.CHOOSE_FROM.format(options=", ".join(EARLIER_APPROVED))
    session.minutes.earlier_approved = value
    return ""


def apply_missing_data(
    session: Session,
    item: int,
    values: Mapping[str, str],
    at: dt.datetime,
    parse_due: tuple[dt.date | None, str],
) -> None:
    """Turn missing data into an agreement with an owner and a date, or leave it as it is.

    No owner makes no agreement, and takes none away: an agreement the group already made of
    this missing data (after wrapping up with the question open, say) stays.
    """
    _, what = missing_data_text(session, item)
    existing = _agreement_for_missing(session, what)
    who = " ".join(values.get("who", "").split())
    if not who:
        return
    owner, owner_name = "", ""
    if who.casefold() != texts.GROUP_LABEL:
        person = next(
            (p for p in session.participants if p.name.casefold() == who.casefold()), None
        )
        if person:
            owner = person.id
        else:
            owner_name = who
    due, due_text = parse_due
    agreement = Agreement(
        texts.MISSING_DATA_AGREEMENT.format(missing=what),
        at,
        owner=owner,
        owner_name=owner_name,
        due=due,
        due_text=due_text,
    )
    if existing is not None:
        session.agreements[session.agreements.index(existing)] = agreement
    else:
        session.agreements.append(agreement)


def apply_decision(session: Session, item: int, values: Mapping[str, str]) -> None:
    text = values.get("text", "").strip()
    decisions = session.minutes.decisions
    if item < len(decisions):
        if text:
            decisions[item] = text
        return  # an empty edit keeps the decision as it was
    if text:
        decisions.append(text)


def apply_next_meeting(
    session: Session, values: Mapping[str, str], date: tuple[dt.date | None, str]
) -> None:
    meeting = session.minutes.next_meeting
    meeting.date, meeting.date_text = date
    meeting.place = values.get("place", "").strip()
    meeting.bring = values.get("bring", "").strip()


# --- what the steps look like (the flow's StepView, imported when a view is built) ---------

NO_AGREEMENT = "geen afspraak van maken"


def is_minutes_step(step: str) -> bool:
    return step in CHECK_OUT_MINUTES_STEPS or step == EARLIER_APPROVED_STEP


def setup_minutes_fields(session: Session, key: str) -> tuple[Field, ...]:
    from kwaliteit_cli.conversation.steps import Field

    minutes = session.minutes
    value = absent_text(minutes.absent) if key == "absent" else "; ".join(minutes.distribution)
    return (Field("text", texts.MINUTES_SETUP[key], default=value),)


def minutes_view(session: Session, position: Position, phase: Phase, can_back: bool) -> StepView:
    """The view of one of the minutes steps in the check-in or check-out."""
    from kwaliteit_cli.conversation.steps import PHASES, Field, StepView

    labels = texts.MINUTES_STEP
    minutes = session.minutes
    fields: tuple[Field, ...]
    repeat: int | None = None
    if position.step == EARLIER_APPROVED_STEP:
        question = labels["earlier_approved"]
        fields = (
            Field(
                "choice",
                labels["earlier_approved_field"],
                "choice",
                texts.EARLIER_APPROVED_OPTIONS,
                default=minutes.earlier_approved,
                required=True,
            ),
        )
    elif position.step == MISSING_DATA_STEP:
        round_, what = missing_data_text(session, position.item)
        question = labels["missing_data"].format(round=round_)
        existing = _agreement_for_missing(session, what)
        owners = (
            NO_AGREEMENT,
            *[p.name for p in session.participants],
            texts.GROUP_LABEL,
            texts.SOMEONE_ELSE,
        )
        due = ""
        if existing is not None:
            due = existing.due.isoformat() if existing.due else existing.due_text
        fields = (
            Field(
                "who",
                labels["missing_who"].format(what=" ".join(what.split())),
                "owner",
                owners,
                default=owner_of(session, existing) or NO_AGREEMENT,
            ),
            Field("due", labels["missing_due"], default=due),
        )
    elif position.step == DECISIONS_STEP:
        question = labels["decisions"]
        current = minutes.decisions[position.item] if position.item < len(minutes.decisions) else ""
        label = labels["decision_first" if position.item == 0 else "decision"]
        fields = (Field("text", label.format(n=position.item + 1), default=current),)
        repeat = position.item + 1
    else:
        question = labels["next_meeting"]
        meeting = minutes.next_meeting
        fields = (
            Field(
                "date",
                labels["next_date"],
                default=meeting.date.isoformat() if meeting.date else meeting.date_text,
            ),
            Field("place", labels["next_place"], default=meeting.place),
            Field("bring", labels["next_bring"], default=meeting.bring),
        )
    return StepView(
        position=position,
        phase_title=phase.title,
        phase_index=PHASES.index(position.phase),
        question=question,
        fields=fields,
        kind="minutes",
        addressee="wij",
        can_go_back=can_back,
        joint_question=session.current_joint_question(),
        hint=phase.hint,
        planned_minutes=phase.planned_minutes,
        repeat_item=repeat,
    )


def apply_minutes_reply(
    session: Session, position: Position, values: Mapping[str, str], at: dt.datetime
) -> str:
    """Record a reply to a minutes step; returns an error text, or '' when it fits."""
    from kwaliteit_cli.conversation.replies import parse_date

    def date_or_text(value: str) -> tuple[dt.date | None, str]:
        value = value.strip()
        day = parse_date(value) if value else None
        return day, "" if day else value

    if position.step == EARLIER_APPROVED_STEP:
        return apply_earlier_approved(session, values)
    if position.step == MISSING_DATA_STEP:
        who = values.get("who", "")
        if who == NO_AGREEMENT:
            who = ""
        elif who == texts.SOMEONE_ELSE:
            who = values.get("who_other", "")
        apply_missing_data(
            session, position.item, {"who": who}, at, date_or_text(values.get("due", ""))
        )
        return ""
    if position.step == DECISIONS_STEP:
        apply_decision(session, position.item, values)
        return ""
    apply_next_meeting(session, values, date_or_text(values.get("date", "")))
    return ""
