"""The room view: what the group around the table sees on a projector or a second screen.

The method asks that the joint question is noted where everyone can see it. ``room_view``
turns a session into plain data for that screen: the phase and round, the joint question, the
current question with its addressee and whether it is asked aloud or in silence, whose turn it
is and the silent moment's countdown. It never holds answer text (the joint question is the
one thing the group wrote that belongs on the wall), and names only when asked for.
``render_room`` makes it one self-contained HTML page that reloads itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
from typing import TYPE_CHECKING, Any

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.steps import FOLLOW_UP_STEP, PHASES, build_view
from kwaliteit_cli.session.instrument import PHASE_IDS, Instrument
from kwaliteit_cli.session.model import SETUP_PHASE, Session

if TYPE_CHECKING:
    import jinja2

FORMAT_VERSION = 1
# How often the page reads itself again from disk, in seconds: quick enough that the room
# sees a new question while it is being read out, slow enough not to flicker.
RELOAD_SECONDS = 2
TEMPLATE = "scherm.html.j2"
SCRIPT = "_scherm.js"
# A joint question longer than this gets the smaller of the two large sizes.
LONG_QUESTION = 140


def room_view(
    instrument: Instrument,
    session: Session,
    *,
    names: bool,
    step_began: dt.datetime | None = None,
) -> dict[str, Any]:
    """The room's screen for the session as it is now, as plain data (see module docstring).

    ``step_began`` is when the current step appeared, if not when it was saved (on resume,
    the step is asked again now, and its silent moment starts again).
    """
    position = session.position
    completed = session.completed or position is None
    phase_id = "" if completed or position is None else position.phase
    versions = session.joint_question
    joint = versions[-1] if versions else None
    out: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "title": session.meeting.title or instrument.title,
        "completed": completed,
        "phase": {
            "id": phase_id,
            "title": texts.ROOM["completed"]
            if completed
            else texts.PHASE_TITLES.get(phase_id, phase_id),
        },
        "phases": _phase_bar(instrument, phase_id, completed),
        "round": position.round if position and phase_id == "proces-check" else 0,
        "joint_question": joint.text if joint else None,
        "joint_question_sharpened_in": joint.round if joint else 0,
        "joint_question_long": bool(joint and len(joint.text) > LONG_QUESTION),
        "question_open": question_open(session),
        "question": None,
        "turn": None,
        "silent": None,
        "updated_at": session.updated_at.isoformat(),
        "updated_time": session.updated_at.strftime("%H:%M"),
    }
    if completed or position is None:
        return out
    if position.phase != SETUP_PHASE:
        out["phase"]["title"] = instrument.phase(position.phase).title
    view = build_view(instrument, session, position)
    if position.step == FOLLOW_UP_STEP:
        # The look back shows the earlier agreements with their owners' names: the room
        # hears them read out, the screen only says what is going on.
        total = len(session.follow_up.agreements) if session.follow_up else 0
        out["question"] = {
            "text": texts.ROOM["follow_up"],
            "aloud": True,
            "addressee": "wij",
            "kind": "follow_up",
            "cue": texts.ALOUD_GROUP_CUE,
            "number": position.item + 1 if total else 0,
            "of": total,
        }
        return out
    if position.phase == SETUP_PHASE:
        out["question"] = {
            "text": view.question,
            "aloud": True,
            "addressee": "",
            "kind": "setup",
            "cue": texts.ROOM["setup_cue"],
            "number": 0,
            "of": 0,
        }
        return out
    cue = (
        texts.SILENT_CUE
        if view.silent
        else (texts.ALOUD_ROUND_CUE if view.can_pass else texts.ALOUD_GROUP_CUE)
    )
    out["question"] = {
        "text": view.question,
        "aloud": view.aloud,
        "addressee": view.addressee,
        "kind": view.kind,
        "cue": cue,
        "number": 0,
        "of": 0,
    }
    person = session.participant(position.participant) if position.participant else None
    if person is not None:
        ids = [p.id for p in session.participants]
        out["turn"] = {
            "name": person.name if names else "",
            "role": person.role,
            "number": ids.index(person.id) + 1,
            "of": len(ids),
        }
    if view.silent and view.reflection_seconds:
        out["silent"] = {
            "seconds": view.reflection_seconds,
            # The moment the step began: the position was saved then, so a page written
            # later (or reloaded) still counts down from the same start.
            "started_at": (step_began or session.updated_at).isoformat(),
        }
    return out


def question_open(session: Session) -> bool:
    """True when the group wrapped up with the joint question still open."""
    last = session.decisions[-1] if session.decisions else None
    return bool(last is not None and getattr(last, "wrap_up", False))


def _phase_bar(instrument: Instrument, phase_id: str, completed: bool) -> list[dict[str, str]]:
    current = PHASES.index(phase_id) if phase_id in PHASES else len(PHASES)
    bar = []
    for index, pid in enumerate(PHASE_IDS, start=1):
        if completed or index < current:
            state = "done"
        elif index == current:
            state = "current"
        else:
            state = "todo"
        bar.append({"title": instrument.phase(pid).title, "state": state})
    return bar


# --- the page -------------------------------------------------------------------------------


@functools.cache
def _script() -> tuple[str, str]:
    """The page's one script (the countdown) and its hash for the Content-Security-Policy."""
    from kwaliteit_cli.verslag.render import templates_dir

    text = (templates_dir() / SCRIPT).read_text("utf-8").strip()
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    from kwaliteit_cli.verslag.render import templates_dir

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_room(view: dict[str, Any], *, reload_seconds: int = RELOAD_SECONDS) -> str:
    """The room view as one self-contained HTML page that reloads itself from disk."""
    from markupsafe import Markup

    script, script_hash = _script()
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            view=view,
            reload_seconds=reload_seconds,
            script=Markup(script),
            script_hash=script_hash,
        )
    )


def room_page(
    instrument: Instrument,
    session: Session,
    *,
    names: bool,
    step_began: dt.datetime | None = None,
    reload_seconds: int = RELOAD_SECONDS,
) -> str:
    view = room_view(instrument, session, names=names, step_began=step_began)
    return render_room(view, reload_seconds=reload_seconds)
