"""The session: everything said in one conversation, as plain records.

``schema.py`` turns it into the session file's shape and back; this module knows nothing of
terminals, files or TOML.
"""

from __future__ import annotations

import datetime as dt
import uuid

from kwaliteit_cli.session.minutes import Minutes
from kwaliteit_cli.session.record import Record

SCHEMA_VERSION = 3
SETUP_PHASE = "opzet"
# The phases a position can be in: the set-up, then the instrument's fixed three.
POSITION_PHASES = (SETUP_PHASE, "check-in", "proces-check", "check-out")
# More proces-check rounds than this is not a conversation but a damaged file (and would make
# the verslag loop over every number up to it).
MAX_ROUND = 999
MAX_ITEM = 9999
STATUSES = ("in_progress", "completed")
FACILITATOR_ID = "facilitator"
GROUP = "group"
# What came of an earlier agreement, asked in a follow-up session's check-in.
FOLLOW_UP_STATUSES = ("done", "under_way", "dropped")

# The roles of instrument version 1, as bench/make_sessions.py writes them. The roles to choose
# from at the preparation are instrument data now (Instrument.roles).
ROLES = (
    "schoolopleider",
    "instituutsopleider",
    "werkplekbegeleider",
    "student / leraar in opleiding",
    "coördinerend schoolopleider",
    "relatiebeheerder",
    "opleidingsmanager / leidinggevende",
    "bestuurder",
    "kwaliteitszorgmedewerker",
    "onderzoeksbegeleider",
)


def now() -> dt.datetime:
    """The current local time with its UTC offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


class Participant(Record):
    """Someone at the table, with the role they speak from."""

    __slots__ = ("id", "name", "role")

    def __init__(self, id: str, name: str, role: str) -> None:
        self.id = id
        self.name = name
        self.role = role


class DataSource(Record):
    """The data the conversation is about."""

    __slots__ = ("what", "source", "period")

    def __init__(self, what: str, source: str = "", period: str = "") -> None:
        self.what = what
        self.source = source
        self.period = period


class Meeting(Record):
    """The facts of the meeting: title, date, place and who leads and takes the minutes."""

    __slots__ = (
        "title",
        "date",
        "partnership",
        "place",
        "facilitator",
        "facilitator_external",
        "minute_taker",
        "minute_taker_name",
        "minute_taker_role",
    )

    def __init__(
        self,
        title: str = "",
        date: dt.date | None = None,
        partnership: str = "",
        place: str = "",
        facilitator: str = "",
        facilitator_external: bool = False,
        minute_taker: str = "",  # a participant id, or FACILITATOR_ID
        minute_taker_name: str = "",  # someone outside the group (then minute_taker is empty)
        minute_taker_role: str = "",
    ) -> None:
        self.title = title
        self.date = date
        self.partnership = partnership
        self.place = place
        self.facilitator = facilitator
        self.facilitator_external = facilitator_external
        self.minute_taker = minute_taker
        self.minute_taker_name = minute_taker_name
        self.minute_taker_role = minute_taker_role


class JointQuestionVersion(Record):
    """One wording of the joint question, from the check-in or a sharpening round."""

    __slots__ = ("text", "round", "at")

    def __init__(self, text: str, round: int, at: dt.datetime) -> None:
        self.text = text
        self.round = round  # 0: formulated at the check-in; n: sharpened in round n
        self.at = at


class Answer(Record):
    """One answer to one question, from one participant or from the group."""

    __slots__ = (
        "phase",
        "round",
        "question",
        "at",
        "participant",
        "text",
        "choice",
        "passed",
        "silent",
    )

    def __init__(
        self,
        phase: str,
        round: int,
        question: str,
        at: dt.datetime,
        participant: str = "",  # empty for a group answer or a silent question
        text: str = "",
        choice: str = "",
        passed: bool = False,
        silent: bool = False,
    ) -> None:
        self.phase = phase
        self.round = round
        self.question = question
        self.at = at
        self.participant = participant
        self.text = text
        self.choice = choice
        self.passed = passed
        self.silent = silent


class Decision(Record):
    """The process check of a round: can the joint question be answered yet?"""

    __slots__ = ("round", "answerable", "reason", "at", "missing_data", "wrap_up")

    def __init__(
        self,
        round: int,
        answerable: bool,
        reason: str,
        at: dt.datetime,
        missing_data: str = "",
        wrap_up: bool = False,  # not answerable, and the group wraps up with the question open
    ) -> None:
        self.round = round
        self.answerable = answerable
        self.reason = reason
        self.at = at
        self.missing_data = missing_data
        self.wrap_up = wrap_up


class Agreement(Record):
    """An agreement from the check-out: what, who, and by when."""

    __slots__ = ("what", "at", "owner", "owner_name", "due", "due_text", "status")

    def __init__(
        self,
        what: str,
        at: dt.datetime,
        owner: str = "",  # a participant id; empty with owner_name empty: the whole group
        owner_name: str = "",  # someone outside the group, in free text
        due: dt.date | None = None,
        due_text: str = "",  # a deadline that is not a date ("voor de zomer")
        status: str = "",  # "" (open) or one of FOLLOW_UP_STATUSES, set after the meeting
    ) -> None:
        self.what = what
        self.at = at
        self.owner = owner
        self.owner_name = owner_name
        self.due = due
        self.due_text = due_text
        self.status = status


class FollowUpAgreement(Record):
    """An agreement of the earlier session, and what came of it (asked in this check-in)."""

    __slots__ = ("what", "owner_name", "owner_role", "due", "due_text", "status", "note")

    def __init__(
        self,
        what: str,
        owner_name: str = "",  # the owner's name in the earlier session; empty: the group
        owner_role: str = "",  # their role then, for an anonymous report
        due: dt.date | None = None,
        due_text: str = "",
        status: str = "",  # one of FOLLOW_UP_STATUSES; empty until the group has answered
        note: str = "",
    ) -> None:
        self.what = what
        self.owner_name = owner_name
        self.owner_role = owner_role
        self.due = due
        self.due_text = due_text
        self.status = status
        self.note = note


class FollowUp(Record):
    """The earlier session this one follows up on: enough to show it without its file."""

    __slots__ = (
        "title",
        "date",
        "partnership",
        "joint_question",
        "file",
        "created_at",
        "note",
        "agreements",
        "question_open",
        "id",
    )

    def __init__(
        self,
        title: str = "",
        date: dt.date | None = None,
        partnership: str = "",
        joint_question: str = "",
        file: str = "",  # the earlier file's name, as a reminder for people
        created_at: dt.datetime | None = None,  # the earlier session's identity
        note: str = "",  # what the group said when the earlier session made no agreements
        agreements: list[FollowUpAgreement] | None = None,
        question_open: bool = False,  # the earlier session wrapped up with its question open
        id: str = "",  # the earlier session's id (schema 3); empty in older files
    ) -> None:
        self.id = id
        self.title = title
        self.date = date
        self.partnership = partnership
        self.joint_question = joint_question
        self.file = file
        self.created_at = created_at
        self.note = note
        self.agreements: list[FollowUpAgreement] = [] if agreements is None else agreements
        self.question_open = question_open


class PhaseTime(Record):
    """When a phase started and ended."""

    __slots__ = ("phase", "started_at", "ended_at")

    def __init__(
        self, phase: str, started_at: dt.datetime, ended_at: dt.datetime | None = None
    ) -> None:
        self.phase = phase
        self.started_at = started_at
        self.ended_at = ended_at


class RoomVote(Record):
    """The anonymous check-out vote from the participants' phones (--deelnemers): only the
    three counts, never who chose what."""

    __slots__ = ("ja", "deels", "nee", "at")

    def __init__(self, ja: int, deels: int, nee: int, at: dt.datetime) -> None:
        self.ja = ja
        self.deels = deels
        self.nee = nee
        self.at = at


class Position(Record):
    """The step the conversation is at: where ``kwaliteit resume`` continues."""

    __slots__ = ("phase", "step", "round", "participant", "item")

    def __init__(
        self, phase: str, step: str, round: int = 0, participant: str = "", item: int = 0
    ) -> None:
        self.phase = phase
        self.step = step
        self.round = round
        self.participant = participant
        self.item = item


class Pause(Record):
    """From Ctrl-C to resume: time that is no meeting time (open while the pause lasts)."""

    __slots__ = ("started_at", "ended_at")

    def __init__(self, started_at: dt.datetime, ended_at: dt.datetime | None = None) -> None:
        self.started_at = started_at
        self.ended_at = ended_at


class Session(Record):
    """One whole conversation: what the session file holds."""

    __slots__ = (
        "created_at",
        "updated_at",
        "instrument_id",
        "instrument_version",
        "instrument_source",
        "status",
        "completed_at",
        "meeting",
        "participants",
        "data",
        "joint_question",
        "answers",
        "decisions",
        "agreements",
        "phase_times",
        "position",
        "draft",
        "follow_up",
        "pauses",
        "minutes",
        "id",
        "vote",
    )

    def __init__(
        self,
        created_at: dt.datetime,
        updated_at: dt.datetime,
        instrument_id: str,
        instrument_version: int,
        instrument_source: str = "",  # empty: the default instrument
        status: str = "in_progress",
        completed_at: dt.datetime | None = None,
        meeting: Meeting | None = None,
        participants: list[Participant] | None = None,
        data: list[DataSource] | None = None,
        joint_question: list[JointQuestionVersion] | None = None,
        answers: list[Answer] | None = None,
        decisions: list[Decision] | None = None,
        agreements: list[Agreement] | None = None,
        phase_times: list[PhaseTime] | None = None,
        position: Position | None = None,
        draft: str = "",  # typed at the position but not yet given when Ctrl-C came
        follow_up: FollowUp | None = None,
        pauses: list[Pause] | None = None,
        minutes: Minutes | None = None,
        id: str = "",  # unique and random (schema 3); derived from the content when missing
        vote: RoomVote | None = None,
    ) -> None:
        self.id = id
        self.created_at = created_at
        self.updated_at = updated_at
        self.instrument_id = instrument_id
        self.instrument_version = instrument_version
        self.instrument_source = instrument_source
        self.status = status
        self.completed_at = completed_at
        self.meeting: Meeting = Meeting() if meeting is None else meeting
        self.participants: list[Participant] = [] if participants is None else participants
        self.data: list[DataSource] = [] if data is None else data
        self.joint_question: list[JointQuestionVersion] = (
            [] if joint_question is None else joint_question
        )
        self.answers: list[Answer] = [] if answers is None else answers
        self.decisions: list[Decision] = [] if decisions is None else decisions
        self.agreements: list[Agreement] = [] if agreements is None else agreements
        self.phase_times: list[PhaseTime] = [] if phase_times is None else phase_times
        self.position = position
        self.draft = draft
        self.follow_up = follow_up
        self.minutes: Minutes = Minutes() if minutes is None else minutes
        self.vote = vote
        self.pauses: list[Pause] = [] if pauses is None else pauses

    def paused_seconds(self, since: dt.datetime | None, until: dt.datetime | None = None) -> float:
        """Seconds of pause between ``since`` and ``until`` (an open pause lasts to ``until``)."""
        if since is None:
            return 0.0
        total = 0.0
        for pause in self.pauses:
            end = pause.ended_at or until
            if end is None:
                continue
            start = max(pause.started_at, since)
            if until is not None:
                end = min(end, until)
            total += max(0.0, (end - start).total_seconds())
        return total

    @property
    def completed(self) -> bool:
        return self.status == "completed"

    def participant(self, participant_id: str) -> Participant | None:
        for person in self.participants:
            if person.id == participant_id:
                return person
        return None

    def current_joint_question(self) -> str:
        return self.joint_question[-1].text if self.joint_question else ""

    def wrap_up(self) -> Decision | None:
        """The decision to wrap up with the joint question still open, if the group took it."""
        for decision in self.decisions:
            if decision.wrap_up:
                return decision
        return None

    def rounds(self) -> int:
        """How many proces-check rounds were started."""
        numbers = [a.round for a in self.answers if a.phase == "proces-check"]
        numbers += [d.round for d in self.decisions]
        if self.position and self.position.phase == "proces-check":
            numbers.append(self.position.round)
        return max(numbers, default=0)


def new_session(instrument_id: str, instrument_version: int, source: str = "") -> Session:
    moment = now()
    return Session(
        id=str(uuid.uuid4()),
        created_at=moment,
        updated_at=moment,
        instrument_id=instrument_id,
        instrument_version=instrument_version,
        instrument_source=source,
    )
