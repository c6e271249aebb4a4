"""The meeting's own times in script mode (issue 12): a verslag typed up from notes afterwards
shows when the meeting was, not when the script ran.

An answers file may give, under ``[meeting]``::

    start = "15:00"                     # the check-in began
    end = "16:05"                       # the conversation ended
    phases = { proces-check = "15:20", check-out = "15:50" }   # when each phase began

Times are HH:MM on the meeting's date (``date``), in the time zone of the run. A phase ends when
the next one begins; the last ends at ``end``. Without these keys nothing changes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kwaliteit_cli.errors import AnswersError
from kwaliteit_cli.session.instrument import PHASE_IDS
from kwaliteit_cli.session.model import PhaseTime, Session

TIME_KEYS = ("start", "end", "phases")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _clock(value: Any, path: Path, where: str) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise AnswersError(
            path, f"'{value}' is geen tijd", where=where, hint='Schrijf een tijd als "15:05".'
        )
    return dt.time(int(match.group(1)), int(match.group(2)))


def meeting_times(data: dict[str, Any], path: Path) -> dict[str, dt.time]:
    """The times an answers file gives: 'start', 'end' and per phase id; checked, not applied."""
    meeting = data.get("meeting")
    if not isinstance(meeting, dict):
        return {}
    times: dict[str, dt.time] = {}
    for key in ("start", "end"):
        if key in meeting:
            times[key] = _clock(meeting[key], path, f"meeting.{key}")
    phases = meeting.get("phases")
    if phases is not None:
        if not isinstance(phases, dict):
            raise AnswersError(path, "moet een tabel zijn", where="meeting.phases")
        for phase, value in phases.items():
            if phase not in PHASE_IDS:
                raise AnswersError(
                    path,
                    "is geen fase",
                    where=f"meeting.phases.{phase}",
                    hint="Fases: " + ", ".join(PHASE_IDS) + ".",
                )
            times[phase] = _clock(value, path, f"meeting.phases.{phase}")
    if "start" in times:
        times.setdefault("check-in", times["start"])
    order = [times[p] for p in PHASE_IDS if p in times] + ([times["end"]] if "end" in times else [])
    if order != sorted(order):
        raise AnswersError(
            path,
            "de tijden lopen niet op",
            where="meeting",
            hint="Begin, fases en einde moeten na elkaar komen, op één dag.",
        )
    return times


def apply_meeting_times(session: Session, times: dict[str, dt.time]) -> None:
    """Set the phase times (and the end) to the meeting's own clock."""
    day = session.meeting.date
    if not times or day is None:
        return
    zone = session.created_at.tzinfo

    def at(clock: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, clock, zone)

    started = {t.phase: t for t in session.phase_times}
    begun = [p for p in PHASE_IDS if p in started]
    new = []
    for index, phase in enumerate(begun):
        old = started[phase]
        start = at(times[phase]) if phase in times else old.started_at
        end = old.ended_at
        if end is not None:
            following = begun[index + 1] if index + 1 < len(begun) else None
            if following is not None and following in times:
                end = at(times[following])
            elif following is None and "end" in times:
                end = at(times["end"])
        new.append(PhaseTime(phase, start, end))
    if new:
        # The preparation (typed in before the meeting, or during the script) ends at the latest
        # when the meeting begins.
        begin = new[0].started_at
        for timing in session.phase_times:
            if timing.phase not in PHASE_IDS:
                end = timing.ended_at if timing.ended_at and timing.ended_at < begin else begin
                new.insert(0, PhaseTime(timing.phase, min(timing.started_at, end), end))
    session.phase_times = new
    if session.completed_at is not None and "end" in times:
        session.completed_at = session.updated_at = at(times["end"])
