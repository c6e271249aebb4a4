"""The session: everything said in one conversation, as plain data, and its TOML shape.

This module knows nothing of terminals or files on disk: ``session_to_dict`` and
``session_from_dict`` are the contract of the session file (see docs/sessiebestand.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kwaliteit_cli import __version__
from kwaliteit_cli.errors import SessionFileError
from kwaliteit_cli.session.reader import Reader
from kwaliteit_cli.session.record import Record

SCHEMA_VERSION = 2
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
    ) -> None:
        self.title = title
        self.date = date
        self.partnership = partnership
        self.place = place
        self.facilitator = facilitator
        self.facilitator_external = facilitator_external
        self.minute_taker = minute_taker


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

    __slots__ = ("round", "answerable", "reason", "at", "missing_data")

    def __init__(
        self, round: int, answerable: bool, reason: str, at: dt.datetime, missing_data: str = ""
    ) -> None:
        self.round = round
        self.answerable = answerable
        self.reason = reason
        self.at = at
        self.missing_data = missing_data


class Agreement(Record):
    """An agreement from the check-out: what, who, and by when."""

    __slots__ = ("what", "at", "owner", "owner_name", "due", "due_text")

    def __init__(
        self,
        what: str,
        at: dt.datetime,
        owner: str = "",  # a participant id; empty with owner_name empty: the whole group
        owner_name: str = "",  # someone outside the group, in free text
        due: dt.date | None = None,
        due_text: str = "",  # a deadline that is not a date ("voor de zomer")
    ) -> None:
        self.what = what
        self.at = at
        self.owner = owner
        self.owner_name = owner_name
        self.due = due
        self.due_text = due_text


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
    ) -> None:
        self.title = title
        self.date = date
        self.partnership = partnership
        self.joint_question = joint_question
        self.file = file
        self.created_at = created_at
        self.note = note
        self.agreements: list[FollowUpAgreement] = [] if agreements is None else agreements


class PhaseTime(Record):
    """When a phase started and ended."""

    __slots__ = ("phase", "started_at", "ended_at")

    def __init__(
        self, phase: str, started_at: dt.datetime, ended_at: dt.datetime | None = None
    ) -> None:
        self.phase = phase
        self.started_at = started_at
        self.ended_at = ended_at


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
    ) -> None:
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
        created_at=moment,
        updated_at=moment,
        instrument_id=instrument_id,
        instrument_version=instrument_version,
        instrument_source=source,
    )


# --- to TOML-ready data --------------------------------------------------------------------


def _clean(table: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values (TOML has no null, and a file without them reads better).

    Datetimes stay datetime objects: tomli-w writes them in ISO 8601 with a 'T'.
    """
    return {k: v for k, v in table.items() if v is not None and v != "" and v is not False}


def session_to_dict(session: Session) -> dict[str, Any]:
    m = session.meeting
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": f"kwaliteit {__version__}",
        "status": session.status,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
    }
    if session.completed_at:
        out["completed_at"] = session.completed_at
    out["instrument"] = _clean(
        {
            "id": session.instrument_id,
            "version": session.instrument_version,
            "source": session.instrument_source,
        }
    )
    if session.position:
        p = session.position
        out["position"] = _clean(
            {
                "phase": p.phase,
                "step": p.step,
                "round": p.round or None,
                "participant": p.participant,
                "item": p.item or None,
                "draft": session.draft,
            }
        )
    out["meeting"] = _clean(
        {
            "title": m.title,
            "date": m.date,
            "partnership": m.partnership,
            "place": m.place,
            "facilitator": m.facilitator,
            "facilitator_external": m.facilitator_external,
            "minute_taker": m.minute_taker,
        }
    )
    if session.follow_up is not None:
        out["follow_up"] = _follow_up_to_dict(session.follow_up)
    out["joint_question"] = [
        {"text": v.text, "round": v.round, "at": v.at} for v in session.joint_question
    ]
    out["participants"] = [
        {"id": p.id, "name": p.name, "role": p.role} for p in session.participants
    ]
    out["data"] = [
        _clean({"what": d.what, "source": d.source, "period": d.period}) for d in session.data
    ]
    out["phase_times"] = [
        _clean({"phase": t.phase, "started_at": t.started_at, "ended_at": t.ended_at})
        for t in session.phase_times
    ]
    out["answers"] = [
        _clean(
            {
                "phase": a.phase,
                "round": a.round or None,
                "question": a.question,
                "participant": a.participant,
                "silent": a.silent,
                "passed": a.passed,
                "choice": a.choice,
                "text": a.text,
                "at": a.at,
            }
        )
        for a in session.answers
    ]
    out["decisions"] = [
        _clean(
            {
                "round": d.round,
                "answerable": d.answerable,
                "reason": d.reason,
                "missing_data": d.missing_data,
                "at": d.at,
            }
        )
        | {"answerable": d.answerable}
        for d in session.decisions
    ]
    out["agreements"] = [
        _clean(
            {
                "what": a.what,
                "owner": a.owner,
                "owner_name": a.owner_name,
                "due": a.due,
                "due_text": a.due_text,
                "at": a.at,
            }
        )
        for a in session.agreements
    ]
    return {k: v for k, v in out.items() if v != []}


def _follow_up_to_dict(follow_up: FollowUp) -> dict[str, Any]:
    out = _clean(
        {
            "title": follow_up.title,
            "date": follow_up.date,
            "partnership": follow_up.partnership,
            "joint_question": follow_up.joint_question,
            "file": follow_up.file,
            "created_at": follow_up.created_at,
            "note": follow_up.note,
        }
    )
    agreements = [
        _clean(
            {
                "what": a.what,
                "owner_name": a.owner_name,
                "owner_role": a.owner_role,
                "due": a.due,
                "due_text": a.due_text,
                "status": a.status,
                "note": a.note,
            }
        )
        for a in follow_up.agreements
    ]
    if agreements:
        out["agreements"] = agreements
    return out


# --- from loaded TOML ----------------------------------------------------------------------

_TOP_KEYS = frozenset(
    {
        "schema_version",
        "tool",
        "status",
        "created_at",
        "updated_at",
        "completed_at",
        "instrument",
        "position",
        "meeting",
        "follow_up",
        "joint_question",
        "participants",
        "data",
        "phase_times",
        "answers",
        "decisions",
        "agreements",
    }
)


def _upgrade(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring an older session file up to SCHEMA_VERSION; refuse a newer one with a reason."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(
            path,
            "mist een geldige schema_version",
            where="schema_version",
            hint="Dit lijkt geen sessiebestand van kwaliteit te zijn.",
        )
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            path,
            f"is gemaakt met een nieuwere versie van kwaliteit (schema {version}; "
            f"deze versie kent schema {SCHEMA_VERSION})",
            hint="Werk kwaliteit bij en probeer het opnieuw.",
        )
    if version < 1:
        raise SessionFileError(
            path, f"schema_version {version} bestaat niet", where="schema_version"
        )
    if version == 1:
        # Schema 2 added the optional [follow_up] table; a schema 1 file cannot have one.
        if "follow_up" in data:
            raise SessionFileError(
                path,
                "schema 1 kent geen follow_up",
                where="follow_up",
                hint="Zet schema_version op 2, of verwijder de tabel.",
            )
        data = {**data, "schema_version": 2}
    return data


def _count(r: Reader, key: str, highest: int, *, required: bool = False) -> int:
    """A round or item number: a whole number from 0 up to ``highest``."""
    value = r.number(key, required=required)
    if not 0 <= value <= highest:
        r.fail(key, f"moet een getal van 0 tot en met {highest} zijn")
    return value


def _moment(r: Reader, key: str) -> dt.datetime:
    value = r.moment(key, required=True)
    assert value is not None
    return value


def session_from_dict(data: dict[str, Any], path: Path) -> Session:
    """Validate loaded TOML and build a Session; every problem names the file and the key."""
    data = _upgrade(data, path)
    root = Reader(data, path, SessionFileError)
    root.reject_unknown(_TOP_KEYS)
    status = root.choice("status", STATUSES)
    inst = root.table("instrument", required=True)
    inst.reject_unknown({"id", "version", "source"})
    meeting_r = root.table("meeting")
    meeting_r.reject_unknown(set(Meeting.__slots__))
    meeting = Meeting(
        title=meeting_r.text("title"),
        date=meeting_r.day("date"),
        partnership=meeting_r.text("partnership"),
        place=meeting_r.text("place"),
        facilitator=meeting_r.text("facilitator"),
        facilitator_external=meeting_r.flag("facilitator_external"),
        minute_taker=meeting_r.text("minute_taker"),
    )

    def participant(r: Reader) -> Participant:
        r.reject_unknown({"id", "name", "role"})
        return Participant(
            r.text("id", required=True), r.text("name", required=True), r.text("role")
        )

    def source(r: Reader) -> DataSource:
        r.reject_unknown({"what", "source", "period"})
        return DataSource(r.text("what", required=True), r.text("source"), r.text("period"))

    def version(r: Reader) -> JointQuestionVersion:
        r.reject_unknown({"text", "round", "at"})
        return JointQuestionVersion(
            r.text("text", required=True), _count(r, "round", MAX_ROUND), _moment(r, "at")
        )

    def answer(r: Reader) -> Answer:
        r.reject_unknown(
            {
                "phase",
                "round",
                "question",
                "participant",
                "silent",
                "passed",
                "choice",
                "text",
                "at",
            }
        )
        return Answer(
            phase=r.text("phase", required=True),
            round=_count(r, "round", MAX_ROUND),
            question=r.text("question", required=True),
            at=_moment(r, "at"),
            participant=r.text("participant"),
            text=r.text("text"),
            choice=r.text("choice"),
            passed=r.flag("passed"),
            silent=r.flag("silent"),
        )

    def decision(r: Reader) -> Decision:
        r.reject_unknown({"round", "answerable", "reason", "missing_data", "at"})
        return Decision(
            round=_count(r, "round", MAX_ROUND, required=True),
            answerable=r.flag("answerable", required=True),
            reason=r.text("reason"),
            at=_moment(r, "at"),
            missing_data=r.text("missing_data"),
        )

    def agreement(r: Reader) -> Agreement:
        r.reject_unknown({"what", "owner", "owner_name", "due", "due_text", "at"})
        return Agreement(
            what=r.text("what", required=True),
            at=_moment(r, "at"),
            owner=r.text("owner"),
            owner_name=r.text("owner_name"),
            due=r.day("due"),
            due_text=r.text("due_text"),
        )

    def phase_time(r: Reader) -> PhaseTime:
        r.reject_unknown({"phase", "started_at", "ended_at"})
        return PhaseTime(
            r.text("phase", required=True), _moment(r, "started_at"), r.moment("ended_at")
        )

    follow_up = _follow_up_from(root) if "follow_up" in data else None
    position = None
    draft = ""
    if "position" in data:
        pos = root.table("position")
        pos.reject_unknown({"phase", "step", "round", "participant", "item", "draft"})
        position = Position(
            phase=pos.choice("phase", POSITION_PHASES),
            step=pos.text("step", required=True),
            round=_count(pos, "round", MAX_ROUND),
            participant=pos.text("participant"),
            item=_count(pos, "item", MAX_ITEM),
        )
        draft = pos.text("draft")
    session = Session(
        created_at=_moment(root, "created_at"),
        updated_at=_moment(root, "updated_at"),
        completed_at=root.moment("completed_at"),
        instrument_id=inst.text("id", required=True),
        instrument_version=inst.number("version", 1),
        instrument_source=inst.text("source"),
        status=status,
        meeting=meeting,
        participants=root.map("participants", participant),
        data=root.map("data", source),
        joint_question=root.map("joint_question", version),
        answers=root.map("answers", answer),
        decisions=root.map("decisions", decision),
        agreements=root.map("agreements", agreement),
        phase_times=root.map("phase_times", phase_time),
        position=position,
        draft=draft,
        follow_up=follow_up,
    )
    _check_references(session, path)
    return session


_FOLLOW_UP_KEYS = frozenset(
    {"title", "date", "partnership", "joint_question", "file", "created_at", "note", "agreements"}
)


def _follow_up_from(root: Reader) -> FollowUp:
    r = root.table("follow_up")
    r.reject_unknown(_FOLLOW_UP_KEYS)

    def agreement(item: Reader) -> FollowUpAgreement:
        item.reject_unknown(
            {"what", "owner_name", "owner_role", "due", "due_text", "status", "note"}
        )
        status = item.text("status")
        if status and status not in FOLLOW_UP_STATUSES:
            item.fail(
                "status",
                f"'{status}' is geen geldige waarde",
                hint="Kies uit: " + ", ".join(FOLLOW_UP_STATUSES) + ".",
            )
        return FollowUpAgreement(
            what=item.text("what", required=True),
            owner_name=item.text("owner_name"),
            owner_role=item.text("owner_role"),
            due=item.day("due"),
            due_text=item.text("due_text"),
            status=status,
            note=item.text("note"),
        )

    return FollowUp(
        title=r.text("title"),
        date=r.day("date"),
        partnership=r.text("partnership"),
        joint_question=r.text("joint_question"),
        file=r.text("file"),
        created_at=r.moment("created_at"),
        note=r.text("note"),
        agreements=r.map("agreements", agreement),
    )


def _check_references(session: Session, path: Path) -> None:
    ids = [p.id for p in session.participants]
    if len(set(ids)) != len(ids):
        raise SessionFileError(path, "twee deelnemers hebben dezelfde id", where="participants")
    known = set(ids)
    for index, answer in enumerate(session.answers):
        if answer.participant and answer.participant not in known:
            raise SessionFileError(
                path,
                f"onbekende deelnemer '{answer.participant}'",
                where=f"answers[{index + 1}].participant",
            )
    for index, agreement in enumerate(session.agreements):
        if agreement.owner and agreement.owner not in known:
            raise SessionFileError(
                path,
                f"onbekende deelnemer '{agreement.owner}'",
                where=f"agreements[{index + 1}].owner",
            )
    taker = session.meeting.minute_taker
    if taker and taker != FACILITATOR_ID and taker not in known:
        raise SessionFileError(
            path, f"onbekende verslaglegger '{taker}'", where="meeting.minute_taker"
        )
    if session.status == "in_progress" and session.position is None:
        raise SessionFileError(
            path,
            "een lopend gesprek mist zijn positie",
            where="position",
            hint="Zet een reservekopie terug, of maak het gesprek opnieuw.",
        )
