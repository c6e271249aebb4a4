"""The session file's contract: a Session to TOML-ready data and back, with older schemas upgraded.

``session_to_dict`` and ``session_from_dict`` are documented key by key in
docs/sessiebestand.md; ``_upgrade`` brings an older file up to ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from kwaliteit_cli import __version__
from kwaliteit_cli.errors import SessionFileError
from kwaliteit_cli.session.minutes import minutes_from, minutes_to_dict
from kwaliteit_cli.session.model import (
    FACILITATOR_ID,
    FOLLOW_UP_STATUSES,
    MAX_ITEM,
    MAX_ROUND,
    POSITION_PHASES,
    SCHEMA_VERSION,
    STATUSES,
    Agreement,
    Answer,
    DataSource,
    Decision,
    FollowUp,
    FollowUpAgreement,
    JointQuestionVersion,
    Meeting,
    Participant,
    Pause,
    PhaseTime,
    Position,
    RoomVote,
    Session,
)
from kwaliteit_cli.session.reader import Reader

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
        "id": session.id,
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
            "minute_taker_name": m.minute_taker_name,
            "minute_taker_role": m.minute_taker_role,
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
    if session.pauses:
        out["pauses"] = [
            _clean({"started_at": p.started_at, "ended_at": p.ended_at}) for p in session.pauses
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
                "wrap_up": d.wrap_up,
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
                "status": a.status,
                "at": a.at,
            }
        )
        for a in session.agreements
    ]
    minutes = minutes_to_dict(session.minutes)
    if minutes:
        out["minutes"] = minutes
    if session.vote is not None:
        v = session.vote
        out["vote"] = {"ja": v.ja, "deels": v.deels, "nee": v.nee, "at": v.at}
    # Always the last table: a copy cut off at any table boundary lacks it (see _check_end).
    out[END_TABLE] = {END_KEY: True}
    return {k: v for k, v in out.items() if v != [] and v != ""}


def _follow_up_to_dict(follow_up: FollowUp) -> dict[str, Any]:
    out = _clean(
        {
            "id": follow_up.id,
            "title": follow_up.title,
            "date": follow_up.date,
            "partnership": follow_up.partnership,
            "joint_question": follow_up.joint_question,
            "file": follow_up.file,
            "created_at": follow_up.created_at,
            "note": follow_up.note,
            "question_open": follow_up.question_open,
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
        "vote",
        "joint_question",
        "participants",
        "data",
        "phase_times",
        "answers",
        "decisions",
        "agreements",
        "pauses",
        "minutes",
        "id",
        "end",
    }
)
END_TABLE = "end"
END_KEY = "file_complete"


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
    if data["schema_version"] == 2:
        data = _upgrade_2_to_3(data, path)
    return data


def _upgrade_2_to_3(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Schema 3 adds optional keys only: ``id``, ``follow_up.id``, ``[end]``, ``decisions.wrap_up``,
    ``follow_up.question_open``, ``[vote]``, ``[[pauses]]``, ``meeting.minute_taker_name`` and
    ``meeting.minute_taker_role``, ``[minutes]`` and an agreement's ``status``.

    A missing ``id`` is derived from the content when the session is built, the same on
    every load, so an old file keeps one identity.
    """
    for key in ("id", "end", "vote"):
        if key in data:
            raise SessionFileError(
                path,
                f"schema 2 kent geen {key}",
                where=key,
                hint="Zet schema_version op 3, of verwijder de sleutel.",
            )
    return {**data, "schema_version": 3}


def _check_end(data: dict[str, Any], path: Path) -> None:
    """A file kwaliteit wrote in schema 3 ends with ``[end]``: without it, it was cut off.

    A copy or sync that stopped between two tables still parses, and would pass for a
    session without its last answers or agreements. Files written by hand (without the
    ``tool`` key) need no ``[end]``; a hand edit anywhere above it keeps it.
    """
    if data.get("schema_version") != SCHEMA_VERSION or "tool" not in data:
        return
    end = data.get(END_TABLE)
    if not isinstance(end, dict) or end.get(END_KEY) is not True:
        raise SessionFileError(
            path,
            "lijkt afgebroken: de laatste regels ([end]) ontbreken, dus er kan meer "
            "ontbreken (antwoorden, afspraken)",
            where=END_TABLE,
            hint="Zet een reservekopie of een volledige kopie terug. Heb je het bestand "
            "zelf ingekort en is het zo compleet, zet dan als laatste regels '[end]' en "
            "'file_complete = true' erin.",
        )


def derived_id(data: dict[str, Any]) -> str:
    """The identity of a session from before schema 3: the same on every load."""
    meeting = data.get("meeting")
    people = data.get("participants")
    title = meeting.get("title") if isinstance(meeting, dict) else None
    names = (
        [p.get("name", "") for p in people if isinstance(p, dict)]
        if isinstance(people, list)
        else []
    )
    seed = repr((str(data.get("created_at")), str(title), names))
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "kwaliteit:" + seed))


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
    _check_end(data, path)
    data = _upgrade(data, path)
    root = Reader(data, path, SessionFileError)
    root.reject_unknown(_TOP_KEYS)
    end = root.table(END_TABLE)
    end.reject_unknown({END_KEY})
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
        minute_taker_name=meeting_r.text("minute_taker_name"),
        minute_taker_role=meeting_r.text("minute_taker_role"),
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
        r.reject_unknown({"round", "answerable", "reason", "missing_data", "wrap_up", "at"})
        answerable = r.flag("answerable", required=True)
        wrap_up = r.flag("wrap_up")
        if answerable and wrap_up:
            r.fail("wrap_up", "kan niet samen met answerable = true", hint="Kies één van beide.")
        return Decision(
            round=_count(r, "round", MAX_ROUND, required=True),
            answerable=answerable,
            reason=r.text("reason"),
            at=_moment(r, "at"),
            missing_data=r.text("missing_data"),
            wrap_up=wrap_up,
        )

    def agreement(r: Reader) -> Agreement:
        r.reject_unknown({"what", "owner", "owner_name", "due", "due_text", "status", "at"})
        status = r.text("status")
        if status and status not in FOLLOW_UP_STATUSES:
            r.fail(
                "status",
                f"'{status}' is geen geldige waarde",
                hint="Kies uit: " + ", ".join(FOLLOW_UP_STATUSES) + " (of laat hem weg: open).",
            )
        return Agreement(
            what=r.text("what", required=True),
            at=_moment(r, "at"),
            owner=r.text("owner"),
            owner_name=r.text("owner_name"),
            due=r.day("due"),
            due_text=r.text("due_text"),
            status=status,
        )

    def phase_time(r: Reader) -> PhaseTime:
        r.reject_unknown({"phase", "started_at", "ended_at"})
        return PhaseTime(
            r.text("phase", required=True), _moment(r, "started_at"), r.moment("ended_at")
        )

    def pause(r: Reader) -> Pause:
        r.reject_unknown({"started_at", "ended_at"})
        return Pause(_moment(r, "started_at"), r.moment("ended_at"))

    follow_up = _follow_up_from(root) if "follow_up" in data else None
    vote = _vote_from(root) if "vote" in data else None
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
        id=root.text("id") or derived_id(data),
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
        minutes=minutes_from(root) if "minutes" in data else None,
        vote=vote,
        pauses=root.map("pauses", pause),
    )
    _check_references(session, path)
    return session


def _vote_from(root: Reader) -> RoomVote:
    r = root.table("vote")
    r.reject_unknown({"ja", "deels", "nee", "at"})
    counts = []
    for key in ("ja", "deels", "nee"):
        value = r.number(key)
        if not 0 <= value <= 1000:
            r.fail(key, "moet een getal van 0 tot en met 1000 zijn")
        counts.append(value)
    return RoomVote(counts[0], counts[1], counts[2], _moment(r, "at"))


_FOLLOW_UP_KEYS = frozenset(
    {
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
    }
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
        id=r.text("id"),
        title=r.text("title"),
        date=r.day("date"),
        partnership=r.text("partnership"),
        joint_question=r.text("joint_question"),
        file=r.text("file"),
        created_at=r.moment("created_at"),
        note=r.text("note"),
        agreements=r.map("agreements", agreement),
        question_open=r.flag("question_open"),
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
