"""The minute-taker's part of the verslag context (issue 12): approval, absent, decisions,
the data still missing, the next meeting, distribution and the changes after the meeting.

``minutes_context`` returns plain data that ``build_context`` adds to its own; the keys are
documented in docs/verslag.md. Names pass through ``scrub`` (the anonymiser), and a name typed
as free text that the session cannot recognise (who approved) is left out of an anonymous
verslag altogether.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.session.minutes import Minutes
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.verslag.context import dutch_date

# The status of an agreement in the verslag's table: open until a follow-up says otherwise.
AGREEMENT_STATUS_LABELS = {
    "": "open",
    "done": "gedaan",
    "under_way": "loopt nog",
    "dropped": "vervallen",
}
_EARLIER = {
    "ja": "Het verslag van het vorige gesprek is vastgesteld.",
    "nee": "Het verslag van het vorige gesprek is nog niet vastgesteld.",
    "weet niet": "Niemand wist of het verslag van het vorige gesprek is vastgesteld.",
}


def approval_context(minutes: Minutes, anonymous: bool) -> dict[str, Any]:
    by = "" if anonymous else minutes.approved_by
    if minutes.approved:
        text = "Vastgesteld"
        if minutes.approved_on:
            text += f" op {dutch_date(minutes.approved_on)}"
        if by:
            text += f" door {by}"
        text += "."
    else:
        text = "Concept: dit verslag is nog niet vastgesteld."
    return {
        "status": minutes.status,
        "approved": minutes.approved,
        "date": minutes.approved_on.isoformat() if minutes.approved_on else "",
        "date_text": dutch_date(minutes.approved_on),
        "by": by,
        "text": text,
    }


def minutes_context(
    session: Session,
    minutes: Minutes,
    scrub: Callable[[str], str],
    anonymous: bool,
    short: bool = False,
    neutral: bool = False,
) -> dict[str, Any]:
    """The keys ``build_context`` adds for the minutes (see docs/verslag.md)."""
    absent = []
    for number, person in enumerate(minutes.absent, 1):
        role = "" if neutral else " ".join(person.role.split())
        if anonymous:
            label = (role[:1].upper() + role[1:]) if role else f"Afgemelde {number}"
        else:
            label = person.name
        absent.append({"label": label, "role": role})
    numbers = {a.what: n for n, a in enumerate(session.agreements, 1)}
    missing = [
        {
            "round": d.round,
            "text": scrub(d.missing_data),
            # The number of the agreement this missing data became in the check-out, or 0.
            "agreement": numbers.get(
                texts.MISSING_DATA_AGREEMENT.format(missing=d.missing_data), 0
            ),
        }
        for d in session.decisions
        if d.missing_data.strip()
    ]
    meeting = minutes.next_meeting
    next_meeting = (
        None
        if meeting.empty()
        else {
            "date": meeting.date.isoformat() if meeting.date else "",
            "date_text": dutch_date(meeting.date) if meeting.date else scrub(meeting.date_text),
            "place": scrub(meeting.place),
            "bring": scrub(meeting.bring),
        }
    )
    return {
        "short": short,
        "approval": approval_context(minutes, anonymous),
        "absent": absent,
        "decisions": [
            {"number": n, "text": scrub(text)} for n, text in enumerate(minutes.decisions, 1)
        ],
        "missing_data": missing,
        "next_meeting": next_meeting,
        # A neutral verslag names no roles, not even of the groups it goes to.
        "distribution": [] if neutral else [scrub(item) for item in minutes.distribution],
        "corrections": [
            {"at": c.at.isoformat(), "date_text": dutch_date(c.at.date()), "what": scrub(c.what)}
            for c in minutes.corrections
        ],
    }


def earlier_approval_text(answer: str) -> str:
    """The follow-up's line on whether the earlier verslag was approved, or ''."""
    return _EARLIER.get(answer, "")
