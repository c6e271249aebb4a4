"""The verslag: turn a session into a plain context, then into text through a Jinja2 template.

``build_context`` is pure and returns plain data (str, int, bool, None, lists, dicts): it is
what a template receives and, as it is, what ``--format json`` writes. Its shape is documented
key by key in docs/verslag.md and versioned by ``REPORT_SCHEMA_VERSION``.

``render_report`` returns text; the CLI decides where it goes. Every text a person typed is
data to a template, never template source, and is escaped for the output format: HTML by
Jinja's autoescape, Markdown by the same mechanism with a Markdown escaper (see ``md_cell``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from kwaliteit_cli import texts
from kwaliteit_cli.errors import TemplateFileError
from kwaliteit_cli.session.instrument import Instrument, Question
from kwaliteit_cli.session.model import FACILITATOR_ID, SETUP_PHASE, Answer, Session
from kwaliteit_cli.session.record import FrozenRecord

if TYPE_CHECKING:
    import jinja2

FORMATS = ("md", "html", "json")
REPORT_SCHEMA = "kwaliteit-verslag"
REPORT_SCHEMA_VERSION = 1

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
        return f"{hours} uur en {rest} {'minuut' if rest == 1 else 'minuten'}"
    if hours:
        return f"{hours} uur"
    return "1 minuut" if rest == 1 else f"{rest} minuten"


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds() / 60))


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value else ""


class ReportOptions(FrozenRecord):
    """How the verslag is made."""

    __slots__ = ("anonymous",)

    def __init__(self, anonymous: bool = False) -> None:
        self.anonymous: Final = anonymous


# --- who is who ----------------------------------------------------------------------------

# Parts of Dutch surnames that are not names by themselves ("van der Linden").
_NAME_PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t", "la", "le"}
    | {"du", "di", "da", "del", "della", "von", "zu", "el", "al"}
)


class _Names:
    """Who someone is in the report: their name, or their role (numbered) when anonymous.

    When anonymous, ``scrub`` also replaces the names the session knows (participants, the
    facilitator, agreement owners outside the group) wherever they occur in typed text.
    """

    def __init__(self, session: Session, anonymous: bool) -> None:
        self.anonymous = anonymous
        self.labels: dict[str, str] = {}
        roles = {
            p.id: " ".join(p.role.split()) or texts.REPORT["participant"]
            for p in session.participants
        }
        counts: dict[str, int] = {}
        for role in roles.values():
            counts[role.casefold()] = counts.get(role.casefold(), 0) + 1
        seen: dict[str, int] = {}
        for person in session.participants:
            if anonymous:
                role = roles[person.id]
                key = role.casefold()
                seen[key] = seen.get(key, 0) + 1
                label = role[:1].upper() + role[1:]
                self.labels[person.id] = f"{label} {seen[key]}" if counts[key] > 1 else label
            else:
                # A name left blank in a hand-edited file still needs someone to point at.
                self.labels[person.id] = person.name if person.name.strip() else person.id
        facilitator = session.meeting.facilitator
        self.labels[FACILITATOR_ID] = texts.REPORT["facilitator"] if anonymous else facilitator
        self._pattern: re.Pattern[str] | None = None
        self._labels_by_group: dict[str, str] = {}
        if anonymous:
            known = [(p.name, self.labels[p.id]) for p in session.participants]
            if facilitator:
                known.append((facilitator, self.labels[FACILITATOR_ID]))
            known += [(a.owner_name, texts.REPORT["outsider"]) for a in session.agreements]
            self._prepare(known)

    def _prepare(self, known: Iterable[tuple[str, str]]) -> None:
        """One pattern for every full name, surname and first name, longest first.

        Full names and surnames match regardless of case; a single word of a name only as
        written with its capital ("Wit" is a name, "wit" is a colour). Each alternative is a
        named group, so the label is found without normalising the matched text.
        """
        alternatives: list[tuple[str, str]] = []  # (regex, label)
        for name, label in known:
            words = name.split()
            if not words:
                continue
            spans = [words] + ([words[1:]] if len(words) > 1 else [])
            for span in spans:
                alternatives.append(("(?i:" + r"\s+".join(map(re.escape, span)) + ")", label))
            for word in words:
                if len(word) >= 3 and word[0].isupper() and word.lower() not in _NAME_PARTICLES:
                    alternatives.append((re.escape(word), label))
        if not alternatives:
            return
        alternatives.sort(key=lambda item: len(item[0]), reverse=True)
        self._labels_by_group = {f"n{i}": label for i, (_, label) in enumerate(alternatives)}
        groups = "|".join(f"(?P<n{i}>{regex})" for i, (regex, _) in enumerate(alternatives))
        self._pattern = re.compile(r"(?<!\w)(?:" + groups + r")(?!\w)")

    def __call__(self, participant_id: str) -> str:
        return self.labels.get(participant_id, "")

    def outsider(self, name: str) -> str:
        return texts.REPORT["outsider"] if self.anonymous else name

    def scrub(self, text: str) -> str:
        """Typed text with every known name replaced by its label (only when anonymous)."""
        if self._pattern is None or not text:
            return text

        def label(match: re.Match[str]) -> str:
            return self._labels_by_group[match.lastgroup or ""]

        return self._pattern.sub(label, text)


# --- the context ---------------------------------------------------------------------------


def _answer_entry(answer: Answer, names: _Names, session: Session) -> dict[str, Any]:
    person = session.participant(answer.participant) if answer.participant else None
    return {
        "participant": answer.participant,
        "who": names(answer.participant) if answer.participant else "",
        "role": person.role if person else "",
        "text": names.scrub(answer.text),
        "choice": answer.choice,
        "passed": answer.passed,
        "at": _iso(answer.at),
    }


def _question_block(
    question: Question, answers: list[Answer], names: _Names, session: Session
) -> dict[str, Any]:
    silent = not question.aloud
    return {
        "id": question.id,
        "text": question.text,
        "addressee": question.addressee,
        "aloud": question.aloud,
        "silent": silent,
        "kind": question.kind,
        "notes": [names.scrub(a.text) for a in answers if silent and a.text.strip()],
        "answers": [] if silent else [_answer_entry(a, names, session) for a in answers],
    }


# Question kinds with a place of their own in the minutes, not a block of answers.
_OWN_PLACE = frozenset({"joint_question", "process_check", "agreements"})


_Step = tuple[str, int, str]  # phase, round, question


def _answers_by_step(session: Session) -> dict[_Step, list[Answer]]:
    """Each question's answers in one round, in the order of the participants; built once."""
    order = {p.id: i for i, p in enumerate(session.participants)}
    steps: dict[_Step, list[Answer]] = {}
    for answer in session.answers:
        steps.setdefault((answer.phase, answer.round, answer.question), []).append(answer)
    for given in steps.values():
        given.sort(key=lambda a: order.get(a.participant, -1))
    return steps


def _phase_blocks(
    instrument: Instrument,
    session: Session,
    phase_id: str,
    round_: int,
    names: _Names,
    steps: dict[_Step, list[Answer]],
) -> list[dict[str, Any]]:
    blocks = []
    for question in instrument.phase(phase_id).questions:
        if question.kind in _OWN_PLACE:
            continue
        given = steps.get((phase_id, round_, question.id))
        if given:
            blocks.append(_question_block(question, given, names, session))
    return blocks


def _where_stopped(
    instrument: Instrument, session: Session, names: _Names
) -> tuple[str, dict[str, Any] | None]:
    """Where an unfinished conversation stopped: a Dutch phrase, and the same as data."""
    position = session.position
    if position is None:
        return "", None
    where: dict[str, Any] = {
        "phase": position.phase,
        "phase_title": texts.PHASE_TITLES.get(position.phase, position.phase),
        "round": position.round,
        "step": position.step,
        "question": "",
        "who": names(position.participant) if position.participant else "",
    }
    if position.phase == SETUP_PHASE:
        return texts.REPORT["stopped_in_setup"], where
    try:
        phase = instrument.phase(position.phase)
        where["phase_title"] = phase.title
        where["question"] = instrument.question(position.phase, position.step).text
    except KeyError:
        return texts.REPORT["stopped_in_phase"].format(phase=where["phase_title"]), where
    title = phase.title[:1].lower() + phase.title[1:]  # "in de proces-check" in running text
    if position.phase == "proces-check":
        text = texts.REPORT["stopped_in_round"].format(phase=title, round=position.round)
    else:
        text = texts.REPORT["stopped_in_phase"].format(phase=title)
    return text, where


def build_context(
    session: Session, instrument: Instrument, options: ReportOptions | None = None
) -> dict[str, Any]:
    """Everything a verslag template may use, as plain data (documented in docs/verslag.md)."""
    options = options or ReportOptions()
    names = _Names(session, options.anonymous)
    steps = _answers_by_step(session)
    scrub = names.scrub
    m = session.meeting
    times = {t.phase: t for t in session.phase_times}
    start = times["check-in"].started_at if "check-in" in times else None
    end = session.completed_at
    versions = [
        {
            "text": scrub(v.text),
            "round": v.round,
            "at": _iso(v.at),
            "date_text": dutch_date(v.at.date()),
        }
        for v in session.joint_question
    ]
    stopped_text, stopped = ("", None)
    if not session.completed:
        stopped_text, stopped = _where_stopped(instrument, session, names)
    check_question = next(
        (q.text for q in instrument.phase("proces-check").questions if q.kind == "process_check"),
        "",
    )
    rounds = []
    for number in range(1, session.rounds() + 1):
        decision = next((d for d in session.decisions if d.round == number), None)
        blocks = _phase_blocks(instrument, session, "proces-check", number, names, steps)
        stopped_here = stopped is not None and (stopped["phase"], stopped["round"]) == (
            "proces-check",
            number,
        )
        if not blocks and decision is None:
            continue  # a round that was opened but holds nothing yet
        rounds.append(
            {
                "number": number,
                "blocks": blocks,
                "decision": None
                if decision is None
                else {
                    "answerable": decision.answerable,
                    "question": check_question,
                    "verdict": texts.YES if decision.answerable else texts.NOT_YET,
                    "reason": scrub(decision.reason),
                    "missing_data": scrub(decision.missing_data),
                    "at": _iso(decision.at),
                },
                "sharpened": next(
                    (scrub(v.text) for v in session.joint_question if v.round == number), ""
                ),
                "stopped_here": stopped_here,
            }
        )
    phases = []
    for phase in instrument.phases:
        timing = times.get(phase.id)
        actual = _minutes(timing.started_at, timing.ended_at) if timing else None
        phases.append(
            {
                "id": phase.id,
                "title": phase.title,
                "planned_minutes": phase.planned_minutes,
                "actual_minutes": actual,
                "planned_text": dutch_duration(phase.planned_minutes),
                "actual_text": dutch_duration(actual),
                "started": timing is not None,
                "ended": timing is not None and timing.ended_at is not None,
                "started_at": _iso(timing.started_at) if timing else "",
                "ended_at": _iso(timing.ended_at) if timing else "",
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
                "what": scrub(a.what),
                "who": who,
                "owner": a.owner,
                "group": not a.owner and not a.owner_name,
                "due": _iso(a.due),
                "due_text": dutch_date(a.due) if a.due else scrub(a.due_text),
                "at": _iso(a.at),
            }
        )
    joint_answer = next(
        (
            scrub(a.text)
            for q in instrument.phase("check-out").questions
            if q.kind == "joint_answer"
            for a in session.answers
            if a.phase == "check-out" and a.question == q.id and a.text
        ),
        "",
    )
    taker = m.minute_taker
    duration = _minutes(start, end)
    return {
        "schema": REPORT_SCHEMA,
        "schema_version": REPORT_SCHEMA_VERSION,
        "title": scrub(m.title) if m.title.strip() else texts.REPORT["default_title"],
        "instrument": {
            "id": session.instrument_id,
            "version": session.instrument_version,
            "title": instrument.title,
        },
        "anonymous": options.anonymous,
        "status": session.status,
        "completed": session.completed,
        "stopped_at": stopped_text,
        "position": stopped,
        "created_at": _iso(session.created_at),
        "updated_at": _iso(session.updated_at),
        "completed_at": _iso(session.completed_at),
        "date": _iso(m.date),
        "date_text": dutch_date(m.date),
        "weekday": WEEKDAYS[m.date.weekday()] if m.date else "",
        "start": _iso(start),
        "start_time": dutch_time(start),
        "end": _iso(end),
        "end_time": dutch_time(end),
        "duration_minutes": duration,
        "duration_text": dutch_duration(duration),
        "partnership": scrub(m.partnership),
        "place": scrub(m.place),
        "facilitator": None
        if not m.facilitator
        else {"label": names(FACILITATOR_ID), "external": m.facilitator_external},
        "minute_taker": names(taker) if taker else "",
        "minute_taker_is_facilitator": taker == FACILITATOR_ID,
        "participants": [
            {"id": p.id, "label": names(p.id), "role": p.role} for p in session.participants
        ],
        "data": [
            {"what": scrub(d.what), "source": scrub(d.source), "period": scrub(d.period)}
            for d in session.data
        ],
        "joint_question": {
            "text": scrub(session.current_joint_question()),
            "round": session.joint_question[-1].round if session.joint_question else 0,
            "history": versions[:-1],
        },
        "phases": phases,
        "check_in": _phase_blocks(instrument, session, "check-in", 0, names, steps),
        "rounds": rounds,
        "check_out": _phase_blocks(instrument, session, "check-out", 0, names, steps),
        "joint_answer": joint_answer,
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


# --- typed text, as the minutes show it ----------------------------------------------------

# C0 and C1 control characters that are not whitespace: they have no visible form, and some
# (NUL) cannot exist in HTML at all. They show as U+FFFD, as CommonMark does for NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def text_lines(value: object) -> list[str]:
    """Typed text as lines the way every format shows it (documented in docs/verslag.md).

    Line breaks (\\n, \\r, and the other breaks Python's ``str.splitlines`` knows) separate
    lines; within a line every run of whitespace becomes one space; blank lines drop out;
    other control characters become U+FFFD. Everything else stays exactly as typed.
    """
    lines = []
    for line in str(value).splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(_CONTROL.sub(REPLACEMENT, line))
    return lines


def _is_plain(value: str) -> bool:
    """Text that ``text_lines`` gives back as it is: one line, single spaces between words.

    isprintable() is false for every line break, tab, other kind of space and control
    character (and for a few invisible characters, which then take the full way). Plain
    string methods: a regular expression for the same took seven times as long, and this
    runs for every value in a report.
    """
    return (
        value.isprintable()
        and "  " not in value
        and not value.startswith(" ")
        and not value.endswith(" ")
    )


def display_text(value: object) -> str:
    """Typed text normalised as in ``text_lines``, lines joined with a newline."""
    if type(value) is str and _is_plain(value):
        return value  # the same as below, only quicker (tests/test_report_speed.py checks)
    return "\n".join(text_lines(value))


# --- Markdown escaping ---------------------------------------------------------------------

# Characters that can start markup anywhere in a line. An underscore between two letters or
# digits cannot open or close emphasis, so snake_case and the like stay readable.
_MD_INLINE = re.compile(r"[\\`*\[\]<>|~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")
# Constructs that only count at the start of a line: headings, lists, quotes, setext lines.
_MD_LINE_START = re.compile(r"^(?:[#+=-]|\d+(?=[.)]))")
# A heading's optional closing sequence: trailing #s after a space.
_MD_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")


# Whatever _md_line or md_cell would escape, anywhere and at the start of a line; a line
# without any is left as it is. (Two expressions: anchored alternatives in one made every
# search try them at every position, four times slower.)
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>|~&_#]")
_MD_SPECIAL_START = re.compile(r"[+=\-]|\d")


def _md_plain(line: str) -> bool:
    return not _MD_SPECIAL.search(line) and not _MD_SPECIAL_START.match(line)


def _md_line(line: str) -> str:
    if _md_plain(line):
        return line
    line = _MD_INLINE.sub(lambda m: "\\" + m.group(0), line)
    start = _MD_LINE_START.match(line)
    if start:
        cut = 0 if start.group(0)[0] in "#+=-" else start.end()
        line = line[:cut] + "\\" + line[cut:]
    return line


def md_text(value: object, indent: str = "") -> Markup:
    """Escape text for a Markdown paragraph or list item: shown as typed, line breaks kept.

    Lines are joined with a hard line break (a backslash at the end of the line), and every
    line after the first starts with ``indent`` (two spaces in a list item, "> " in a quote).
    """
    return Markup(("\\\n" + indent).join(_md_line(line) for line in text_lines(value)))


def md_cell(value: object) -> Markup:
    """Escape text as one Markdown line: for a table cell, a heading, or any inline place.

    Line breaks become spaces. This is also what a bare ``{{ value }}`` does in a Markdown
    template, so text a person typed can never become markup, even without a filter.
    """
    if type(value) is str and _is_plain(value) and _md_plain(value):
        return Markup(value)  # nothing to normalise or escape (tests/test_report_speed.py)
    line = _md_line(" ".join(text_lines(value)))
    return Markup(_MD_CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), line))


def _md_finalize(value: object) -> object:
    """Markdown 'autoescape': every output that is not already Markup is escaped as one line."""
    if isinstance(value, Markup):
        return value
    return md_cell(value)


def _html_finalize(value: object) -> object:
    """HTML: typed text is normalised (see ``text_lines``) before Jinja escapes it."""
    if type(value) is str:
        return display_text(value)
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return display_text(value)


# --- rendering -----------------------------------------------------------------------------


@functools.cache
def templates_dir() -> Path:
    """Templates travel inside the package in a wheel; in a source checkout they sit at the top."""
    # The package folder itself, as importlib.resources would give it (without importing it).
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def template_mode(name: str) -> str:
    """How a template's output is escaped, from its file name: html, md or none."""
    lowered = name.lower().removesuffix(".j2").removesuffix(".jinja")
    if lowered.endswith((".html", ".htm")):
        return "html"
    if lowered.endswith((".md", ".markdown")):
        return "md"
    return "none"


_ENVIRONMENTS: dict[tuple[str, str], jinja2.Environment] = {}
_DICT_ATTRIBUTES = frozenset(dir(dict))


@functools.cache
def _environment_class() -> type[jinja2.Environment]:
    import jinja2

    class ReportEnvironment(jinja2.Environment):
        """Finds ``x.key`` in the context's plain dicts without a failed getattr first.

        Jinja tries the attribute before the item, and a failed getattr raises (and catches)
        an exception: that was a fifth of the rendering time. For a plain dict the answer is
        the same whenever ``key`` is not one of dict's own attributes, so only then is the
        item taken at once.
        """

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return ReportEnvironment


def _bytecode_cache(settings: dict[str, Any]) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling verslag.md.j2 took longer than the rest
    of ``kwaliteit report`` together.

    Jinja's own file cache, in its private folder for this user (it checks that the folder is
    the user's own and closed to others, as what it holds is run as code). A template is
    compiled again when its text changes (a checksum), and the file names carry the Jinja
    version and the settings that shape the compiled code, so no other version or setting
    ever loads it. A cache that cannot be used is no cache: rendering never fails for it.
    Set KWALITEIT_NO_TEMPLATE_CACHE=1 to switch it off.
    """
    if os.environ.get("KWALITEIT_NO_TEMPLATE_CACHE"):
        return None
    import hashlib

    import jinja2

    shape = repr(sorted((k, getattr(v, "__qualname__", v)) for k, v in settings.items()))
    tag = hashlib.sha256(f"{jinja2.__version__} {shape}".encode()).hexdigest()[:16]
    try:
        return _quiet_cache_class()(pattern=f"__kwaliteit_{tag}_%s.cache")
    except (OSError, RuntimeError):  # no safe folder for it
        return None


@functools.cache
def _quiet_cache_class() -> type[jinja2.FileSystemBytecodeCache]:
    import jinja2

    class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
        """A cache file that cannot be read or written is simply not used."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return QuietBytecodeCache


def _environment(folder: Path, mode: str) -> jinja2.Environment:
    """One environment per folder and escaping mode, so each template compiles once."""
    import jinja2

    key = (str(folder), mode)
    if key not in _ENVIRONMENTS:
        finalize: Callable[[object], object] | None = None
        if mode == "md":
            finalize = _md_finalize
        elif mode == "html":
            finalize = _html_finalize
        settings: dict[str, Any] = {
            "undefined": jinja2.StrictUndefined,
            # In md mode autoescape only makes macros return Markup; the escaping itself is
            # done by _md_finalize, which returns Markup so that HTML escaping never applies.
            "autoescape": mode in ("html", "md"),
            "finalize": finalize,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "keep_trailing_newline": True,
        }
        env = _environment_class()(
            loader=jinja2.FileSystemLoader(str(folder)),
            # Templates do not change during a run: no stat of the file at every render.
            auto_reload=False,
            bytecode_cache=_bytecode_cache(settings),
            **settings,
        )
        env.filters["md"] = md_text
        env.filters["md_cell"] = md_cell
        env.filters["lines"] = text_lines
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


# JSON escapes C0 controls itself; DEL and the C1 controls (one of them starts a terminal
# escape sequence) it leaves raw. Escaped they mean the same to a JSON reader and nothing to a
# terminal that shows the file. They can only occur inside strings, where an escape is valid.
_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f]")


def render_json(context: dict[str, Any]) -> str:
    text = json.dumps(context, ensure_ascii=False, indent=2)
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def render_report(context: dict[str, Any], fmt: str = "md", template: Path | None = None) -> str:
    """Render the context as minutes; ``template`` is a user's own Jinja2 file."""
    if template is None and fmt == "json":
        return render_json(context)
    import jinja2

    if template is None:
        env = _environment(templates_dir(), fmt)
        text = env.get_template(f"verslag.{fmt}.j2").render(context)
        if fmt == "md":
            # Typed text never holds a blank line (see text_lines), so this only tidies the
            # template's own spacing: one blank line between blocks, one newline at the end.
            text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
        return text
    try:
        env = _environment(template.resolve().parent, template_mode(template.name))
        return env.get_template(template.name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateFileError(
            template,
            f"{error.message} (regel {error.lineno})",
            hint="Zie docs/verslag.md voor de opbouw van een sjabloon.",
        ) from None
    except jinja2.UndefinedError as error:
        raise TemplateFileError(
            template,
            f"gebruikt iets wat het verslag niet kent: {error.message}",
            hint="Zie docs/verslag.md voor alle namen die een sjabloon kan gebruiken.",
        ) from None
    except jinja2.TemplateError as error:
        raise TemplateFileError(template, str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateFileError(
            template, f"kan niet gelezen worden ({error})", hint="Controleer het bestand."
        ) from None


class ReportRenderer:
    """Renders one session's report. Plain data, so it can be handed to worker processes.

    (A plain class: a frozen dataclass costs a millisecond to define at every start.)
    """

    __slots__ = ("fmt", "options", "template")

    def __init__(
        self, fmt: str = "md", options: ReportOptions | None = None, template: Path | None = None
    ) -> None:
        self.fmt = fmt
        self.options = options or ReportOptions()
        self.template = template

    def __repr__(self) -> str:
        return f"ReportRenderer({self.fmt!r}, {self.options!r}, {self.template!r})"

    def __call__(self, session: Session, instrument: Instrument) -> str:
        context = build_context(session, instrument, self.options)
        return render_report(context, self.fmt, self.template)

    def warm(self) -> None:
        """Compile the template now, so that worker processes forked after this share it.

        A template that does not compile is left alone: each session reports it as before.
        """
        if self.template is None and self.fmt == "json":
            return
        try:
            if self.template is None:
                _environment(templates_dir(), self.fmt).get_template(f"verslag.{self.fmt}.j2")
            else:
                folder, mode = self.template.resolve().parent, template_mode(self.template.name)
                _environment(folder, mode).get_template(self.template.name)
        except Exception:  # the same error is reported for each session
            pass


def template_chunks(name: str, context: dict[str, Any], *, html: bool) -> Iterator[str]:
    """Render one of the tool's own templates (the overview) in pieces, with the same filters."""
    env = _environment(templates_dir(), "html" if html else "md")
    yield from env.get_template(name).generate(context)
