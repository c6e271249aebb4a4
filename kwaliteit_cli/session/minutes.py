"""What Dutch minutes have beyond the conversation itself (issue 12), kept in ``[minutes]``.

Who sent apologies (afgemeld), the decisions apart from the actions, the next meeting, whether
the verslag is a concept or approved (vastgesteld, on a date, by whom), to whom it goes
(verspreiding), and a short record of what was changed after the meeting (``kwaliteit
bewerk``). Every field is optional: a session without a ``[minutes]`` table has none of it.

Plain data and its TOML shape only, as in model.py; the session holds one ``Minutes``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kwaliteit_cli.session.reader import Reader
from kwaliteit_cli.session.record import Record

CONCEPT = "concept"
APPROVED = "vastgesteld"
MINUTES_STATUSES = (CONCEPT, APPROVED)
# Whether the earlier verslag was approved, asked in a follow-up's check-in.
EARLIER_APPROVED = ("ja", "nee", "weet niet")


class Absent(Record):
    """Someone who sent apologies: their name and the role they would have spoken from."""

    __slots__ = ("name", "role")

    def __init__(self, name: str, role: str = "") -> None:
        self.name = name
        self.role = role


class NextMeeting(Record):
    """The next meeting: when, where, and what to bring."""

    __slots__ = ("date", "date_text", "place", "bring")

    def __init__(
        self,
        date: dt.date | None = None,
        date_text: str = "",  # a moment that is not a date ("na de voorjaarsvakantie")
        place: str = "",
        bring: str = "",
    ) -> None:
        self.date = date
        self.date_text = date_text
        self.place = place
        self.bring = bring

    def empty(self) -> bool:
        return self.date is None and not (self.date_text or self.place or self.bring)


class Correction(Record):
    """One change made after the meeting: what was changed, and when."""

    __slots__ = ("at", "what")

    def __init__(self, at: dt.datetime, what: str) -> None:
        self.at = at
        self.what = what


class Minutes(Record):
    """The minute-taker's part of the session file."""

    __slots__ = (
        "absent",
        "decisions",
        "next_meeting",
        "status",
        "approved_on",
        "approved_by",
        "distribution",
        "corrections",
        "earlier_approved",
    )

    def __init__(
        self,
        absent: list[Absent] | None = None,
        decisions: list[str] | None = None,
        next_meeting: NextMeeting | None = None,
        status: str = CONCEPT,
        approved_on: dt.date | None = None,
        approved_by: str = "",
        distribution: list[str] | None = None,
        corrections: list[Correction] | None = None,
        earlier_approved: str = "",  # a follow-up: was the earlier verslag approved?
    ) -> None:
        self.absent: list[Absent] = [] if absent is None else absent
        self.decisions: list[str] = [] if decisions is None else decisions
        self.next_meeting: NextMeeting = NextMeeting() if next_meeting is None else next_meeting
        self.status = status
        self.approved_on = approved_on
        self.approved_by = approved_by
        self.distribution: list[str] = [] if distribution is None else distribution
        self.corrections: list[Correction] = [] if corrections is None else corrections
        self.earlier_approved = earlier_approved

    @property
    def approved(self) -> bool:
        return self.status == APPROVED

    def empty(self) -> bool:
        return self == Minutes()


def approve(minutes: Minutes, by: str, on: dt.date) -> None:
    """Mark the verslag approved (``kwaliteit vaststellen``)."""
    minutes.status = APPROVED
    minutes.approved_by = by
    minutes.approved_on = on


def record_correction(minutes: Minutes, what: str, at: dt.datetime) -> None:
    """Note a change made after the meeting (``kwaliteit bewerk``)."""
    minutes.corrections.append(Correction(at, what))


# --- the TOML shape ------------------------------------------------------------------------


def _clean(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v is not None and v != "" and v != []}


def minutes_to_dict(minutes: Minutes) -> dict[str, Any]:
    """The ``[minutes]`` table; empty (to be left out) when nothing was recorded."""
    if minutes.empty():
        return {}
    out = _clean(
        {
            "status": minutes.status if minutes.status != CONCEPT else "",
            "approved_on": minutes.approved_on,
            "approved_by": minutes.approved_by,
            "earlier_approved": minutes.earlier_approved,
            "decisions": list(minutes.decisions),
            "distribution": list(minutes.distribution),
            "absent": [_clean({"name": a.name, "role": a.role}) for a in minutes.absent],
        }
    )
    meeting = minutes.next_meeting
    if not meeting.empty():
        out["next_meeting"] = _clean(
            {
                "date": meeting.date,
                "date_text": meeting.date_text,
                "place": meeting.place,
                "bring": meeting.bring,
            }
        )
    if minutes.corrections:
        out["corrections"] = [{"at": c.at, "what": c.what} for c in minutes.corrections]
    return out


_KEYS = frozenset(
    {
        "status",
        "approved_on",
        "approved_by",
        "earlier_approved",
        "decisions",
        "distribution",
        "absent",
        "next_meeting",
        "corrections",
    }
)


def minutes_from(root: Reader) -> Minutes:
    """Read ``[minutes]`` from a session file (absent: an empty Minutes)."""
    r = root.table("minutes")
    r.reject_unknown(_KEYS)

    def absent(item: Reader) -> Absent:
        item.reject_unknown({"name", "role"})
        return Absent(item.text("name", required=True), item.text("role"))

    def correction(item: Reader) -> Correction:
        item.reject_unknown({"at", "what"})
        at = item.moment("at", required=True)
        assert at is not None
        return Correction(at, item.text("what", required=True))

    earlier = r.text("earlier_approved")
    if earlier and earlier not in EARLIER_APPROVED:
        r.fail(
            "earlier_approved",
            f"'{earlier}' is geen geldige waarde",
            hint="Kies uit: " + ", ".join(EARLIER_APPROVED) + ".",
        )
    next_meeting = NextMeeting()
    if "next_meeting" in r.data:
        n = r.table("next_meeting")
        n.reject_unknown({"date", "date_text", "place", "bring"})
        next_meeting = NextMeeting(
            n.day("date"), n.text("date_text"), n.text("place"), n.text("bring")
        )
    return Minutes(
        absent=r.map("absent", absent),
        decisions=r.strs("decisions"),
        next_meeting=next_meeting,
        status=r.choice("status", MINUTES_STATUSES, CONCEPT),
        approved_on=r.day("approved_on"),
        approved_by=r.text("approved_by"),
        distribution=r.strs("distribution"),
        corrections=r.map("corrections", correction),
        earlier_approved=earlier,
    )
