"""The verslag: turn a session into a plain context, then into text through a Jinja2 template.

``build_context`` is pure and documented in docs/verslag.md: it is what a user's own template
receives. ``render_report`` returns text; the CLI decides where it goes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kwaliteit_cli import texts
from kwaliteit_cli.instrument import Instrument, Question
from kwaliteit_cli.session import FACILITATOR_ID, SETUP_PHASE, Answer, Session

if TYPE_CHECKING:
    import jinja2

FORMATS = ("md", "html", "json")

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
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
        return f"{hours} uur en {rest} minuten"
    if hours:
        return f"{hours} uur"
    return "1 minuut" if rest == 1 else f"{rest} minuten"


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds() / 60))


@dataclass(frozen=True)
class ReportOptions:
    anonymous: bool = False


class _Names:
    """Who someone is in the report: their name, or their role (numbered) when anonymous."""

    def __init__(self, session: Session, anonymous: bool) -> None:
        self.anonymous = anonymous
        self.labels: dict[str, str] = {}
        counts: dict[str, int] = {}
        for person in session.participants:
            counts[person.role] = counts.get(person.role, 0) + 1
        seen: dict[str, int] = {}
        for person in session.participants:
            if anonymous:
                role = person.role or "deelnemer"
                seen[role] = seen.get(role, 0) + 1
                label = role[:1].upper() + role[1:]
                self.labels[person.id] = f"{label} {seen[role]}" if counts[role] > 1 else label
            else:
                self.labels[person.id] = person.name
        facilitator = session.meeting.facilitator
        self.labels[FACILITATOR_ID] = "Procesbegeleider" if anonymous else facilitator

    def __call__(self, participant_id: str) -> str:
        return self.labels.get(participant_id, "")

    def outsider(self, name: str) -> str:
        return "iemand buiten de groep" if self.anonymous else name


def _answer_entry(answer: Answer, names: _Names) -> dict[str, Any]:
    return {
        "who": names(answer.participant) if answer.participant else "",
        "text": answer.text,
        "choice": answer.choice,
        "passed": answer.passed,
    }


def _question_block(question: Question, answers: list[Answer], names: _Names) -> dict[str, Any]:
    silent = not question.aloud
    return {
        "id": question.id,
        "text": question.text,
        "addressee": question.addressee,
        "aloud": question.aloud,
        "kind": question.kind,
        "asked": bool(answers),
        "notes": [a.text for a in answers if silent and a.text],
        "answers": [] if silent else [_answer_entry(a, names) for a in answers],
    }


def _phase_blocks(
    instrument: Instrument, session: Session, phase_id: str, round_: int, names: _Names
) -> list[dict[str, Any]]:
    blocks = []
    for question in instrument.phase(phase_id).questions:
        if question.kind in ("joint_question", "process_check", "agreements"):
            continue
        given = [
            a
            for a in session.answers
            if a.phase == phase_id and a.round == round_ and a.question == question.id
        ]
        order = {p.id: i for i, p in enumerate(session.participants)}
        given.sort(key=lambda a: order.get(a.participant, -1))
        block = _question_block(question, given, names)
        if block["asked"]:
            blocks.append(block)
    return blocks


def _where_stopped(instrument: Instrument, session: Session) -> str:
    position = session.position
    if position is None:
        return ""
    if position.phase == SETUP_PHASE:
        return "tijdens de voorbereiding"
    title = instrument.phase(position.phase).title
    if position.phase == "proces-check":
        return f"in de {title.lower()}, ronde {position.round}"
    return f"in de {title.lower()}"


def build_context(
    session: Session, instrument: Instrument, options: ReportOptions | None = None
) -> dict[str, Any]:
    """Everything a verslag template may use, as plain data (documented in docs/verslag.md)."""
    options = options or ReportOptions()
    names = _Names(session, options.anonymous)
    m = session.meeting
    times = {t.phase: t for t in session.phase_times}
    start = times["check-in"].started_at if "check-in" in times else None
    end = session.completed_at
    versions = [
        {"text": v.text, "round": v.round, "date_text": dutch_date(v.at.date())}
        for v in session.joint_question
    ]
    rounds = []
    for number in range(1, session.rounds() + 1):
        decision = next((d for d in session.decisions if d.round == number), None)
        rounds.append(
            {
                "number": number,
                "blocks": _phase_blocks(instrument, session, "proces-check", number, names),
                "decision": None
                if decision is None
                else {
                    "answerable": decision.answerable,
                    "verdict": texts.YES if decision.answerable else texts.NOT_YET,
                    "reason": decision.reason,
                    "missing_data": decision.missing_data,
                },
                "sharpened": next(
                    (v.text for v in session.joint_question if v.round == number), ""
                ),
            }
        )
    phases = []
    for phase in instrument.phases:
        timing = times.get(phase.id)
        phases.append(
            {
                "id": phase.id,
                "title": phase.title,
                "planned_minutes": phase.planned_minutes,
                "actual_minutes": _minutes(timing.started_at, timing.ended_at) if timing else None,
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
                "what": a.what,
                "who": who,
                "due": a.due.isoformat() if a.due else "",
                "due_text": dutch_date(a.due) if a.due else a.due_text,
            }
        )
    taker = m.minute_taker
    return {
        "title": m.title or "Kwaliteitsgesprek over data",
        "instrument": {"id": session.instrument_id, "title": instrument.title},
        "anonymous": options.anonymous,
        "completed": session.completed,
        "stopped_at": "" if session.completed else _where_stopped(instrument, session),
        "date": m.date.isoformat() if m.date else "",
        "date_text": dutch_date(m.date),
        "start_time": dutch_time(start),
        "end_time": dutch_time(end),
        "duration_text": dutch_duration(_minutes(start, end)),
        "partnership": m.partnership,
        "place": m.place,
        "facilitator": None
        if not m.facilitator
        else {
            "name": names(FACILITATOR_ID),
            "external": m.facilitator_external,
        },
        "minute_taker": names(taker) if taker else "",
        "participants": [{"label": names(p.id), "role": p.role} for p in session.participants],
        "data": [{"what": d.what, "source": d.source, "period": d.period} for d in session.data],
        "joint_question": {
            "text": session.current_joint_question(),
            "history": versions[:-1],
        },
        "phases": phases,
        "check_in": _phase_blocks(instrument, session, "check-in", 0, names),
        "rounds": rounds,
        "check_out": _phase_blocks(instrument, session, "check-out", 0, names),
        "agreements": agreements,
        "follow_up": follow_up_context(session, options.anonymous),
    }


def follow_up_context(session: Session, anonymous: bool) -> dict[str, Any] | None:
    """The look back at the earlier session (``kwaliteit start --vervolg-op``), or None."""
    follow_up = session.follow_up
    if follow_up is None:
        return None
    items = []
    for a in follow_up.agreements:
        if not a.owner_name:
            who = texts.GROUP_LABEL
        elif anonymous:
            who = (a.owner_role[:1].upper() + a.owner_role[1:]) or "iemand buiten de groep"
        else:
            who = a.owner_name
        items.append(
            {
                "what": a.what,
                "who": who,
                "due": a.due.isoformat() if a.due else "",
                "due_text": dutch_date(a.due) if a.due else a.due_text,
                "status": a.status,
                "status_text": texts.FOLLOW_UP_STATUS_LABELS.get(a.status, "niet besproken"),
                "note": a.note,
            }
        )
    return {
        "title": follow_up.title,
        "date": follow_up.date.isoformat() if follow_up.date else "",
        "date_text": dutch_date(follow_up.date),
        "partnership": follow_up.partnership,
        "joint_question": follow_up.joint_question,
        "file": follow_up.file,
        "note": follow_up.note,
        "agreements": items,
    }


# --- rendering -----------------------------------------------------------------------------

# Characters that can start markup anywhere in a line, and constructs that only count at
# the start of a line. Everything else (full stops, hyphens, brackets of text) stays as typed
# so the Markdown still reads well as plain text.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md_inline(value: object) -> str:
    """Escape text so that Markdown shows it as typed: no headings, links, HTML or emphasis."""
    lines = []
    for line in str(value).splitlines() or [""]:
        line = _MD_INLINE.sub(r"\\\1", " ".join(line.split()))
        match = _MD_LINE_START.match(line)
        if match:
            head = match.group(2)
            if head.isdigit():
                cut = match.end()
                line = line[:cut] + "\\" + line[cut:]
            else:
                line = line[: match.start(2)] + "\\" + line[match.start(2) :]
        lines.append(line)
    return "  \n".join(line for line in lines if line)


def md_cell(value: object) -> str:
    """Escape text for a Markdown table cell: one line, pipes escaped."""
    return md_inline(" ".join(str(value).split()))


def templates_dir() -> Path:
    """Templates travel inside the package in a wheel; in a source checkout they sit at the top."""
    packaged = Path(str(resources.files("kwaliteit_cli"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


_ENVIRONMENTS: dict[tuple[str, bool], jinja2.Environment] = {}


def _environment(folder: Path, autoescape: bool) -> jinja2.Environment:
    """One environment per folder and escaping mode, so each template compiles once."""
    import jinja2

    key = (str(folder), autoescape)
    if key not in _ENVIRONMENTS:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            autoescape=autoescape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["md"] = md_inline
        env.filters["md_cell"] = md_cell
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def render_report(context: dict[str, Any], fmt: str = "md", template: Path | None = None) -> str:
    """Render the context as minutes; ``template`` is a user's own Jinja2 file."""
    if fmt == "json" and template is None:
        import json

        return json.dumps(context, ensure_ascii=False, indent=2) + "\n"
    if template is not None:
        env = _environment(
            template.resolve().parent,
            template.suffix in (".html", ".htm") or template.name.endswith(".html.j2"),
        )
        return env.get_template(template.name).render(context)
    env = _environment(templates_dir(), fmt == "html")
    return env.get_template(f"verslag.{fmt}.j2").render(context)


def template_chunks(name: str, context: dict[str, Any], *, html: bool) -> Iterator[str]:
    """Render one of the tool's own templates (the overview) in pieces, with the same filters."""
    yield from _environment(templates_dir(), html).get_template(name).generate(context)
