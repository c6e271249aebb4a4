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

from kwaliteit_cli import texts
from kwaliteit_cli.session.minutes import EARLIER_APPROVED, Absent
from kwaliteit_cli.session.model import Agreement, Position, Session

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
    wanted = texts.MISSING_DATA_AGREEMENT.format(what=what)
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
    """Turn missing data into an agreement with an owner and a date (or leave it)."""
    _, what = missing_data_text(session, item)
    existing = _agreement_for_missing(session, what)
    who = " ".join(values.get("who", "").split())
    if not who:
        if existing is not None:
            session.agreements.remove(existing)
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
        texts.MISSING_DATA_AGREEMENT.format(what=what),
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
