"""The instrument: the phases and questions of the conversation, loaded from TOML and validated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from kwaliteit_cli.errors import InstrumentError, SessionFileError
from kwaliteit_cli.session.reader import Reader
from kwaliteit_cli.session.record import FrozenRecord
from kwaliteit_cli.session.tomlfile import load_toml, parse_toml

PHASE_IDS = ("check-in", "proces-check", "check-out")
ADDRESSEES = ("ik", "wij", "ik & wij")
KINDS = (
    "text",
    "long_text",
    "choice",
    "meaningful",
    "joint_question",
    "process_check",
    "joint_answer",
    "agreements",
)
# Kinds that only make sense as one group answer.
GROUP_KINDS = frozenset({"joint_question", "process_check", "joint_answer", "agreements"})
MEANINGFUL_OPTIONS = ("ja", "deels", "nee")

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# The roles to choose from when an instrument does not list its own (instrument version 1 did
# not): the roles met in partnerships today.
DEFAULT_ROLES = (
    "schoolopleider",
    "instituutsopleider",
    "werkplekbegeleider",
    "student / leraar in opleiding",
    "zij-instromer",
    "coördinerend schoolopleider",
    "praktijkopleider (mbo)",
    "BPV-begeleider (mbo)",
    "relatiebeheerder",
    "schoolleider / directeur",
    "opleidingsmanager / leidinggevende",
    "opleidingscoördinator",
    "bestuurder",
    "kwaliteitszorgmedewerker",
    "onderzoeksbegeleider",
)
DATA_FOLDER = Path(__file__).resolve().parents[1] / "data"


class Question(FrozenRecord):
    """One question of the instrument, and how it is asked and answered."""

    __slots__ = ("id", "text", "addressee", "aloud", "kind", "options", "group_line")

    def __init__(
        self,
        id: str,
        text: str,
        addressee: str,
        aloud: bool,
        kind: str,
        options: tuple[str, ...] = (),
        group_line: str = "",  # ik & wij: after the round, one line of the group, asked so
    ) -> None:
        self.id: Final = id
        self.text: Final = text
        self.addressee: Final = addressee
        self.aloud: Final = aloud
        self.kind: Final = kind
        self.options: Final = options
        self.group_line: Final = group_line

    @property
    def goes_round(self) -> bool:
        """An aloud question to ``ik`` or ``ik & wij`` goes round the participants one by one."""
        return self.aloud and self.addressee != "wij"


class Phase(FrozenRecord):
    """A phase of the conversation and its questions, in order."""

    __slots__ = ("id", "title", "questions", "hint", "planned_minutes")

    def __init__(
        self,
        id: str,
        title: str,
        questions: tuple[Question, ...],
        hint: str = "",
        planned_minutes: int | None = None,
    ) -> None:
        self.id: Final = id
        self.title: Final = title
        self.questions: Final = questions
        self.hint: Final = hint
        self.planned_minutes: Final = planned_minutes


class Instrument(FrozenRecord):
    """The whole question set: the three phases, validated."""

    __slots__ = ("id", "version", "title", "phases", "reflection_seconds", "source", "roles")

    def __init__(
        self,
        id: str,
        version: int,
        title: str,
        phases: tuple[Phase, ...],
        reflection_seconds: int = 60,
        source: str = "",  # the file it was read from, for messages
        roles: tuple[str, ...] = DEFAULT_ROLES,
    ) -> None:
        self.id: Final = id
        self.version: Final = version
        self.title: Final = title
        self.phases: Final = phases
        self.reflection_seconds: Final = reflection_seconds
        self.source: Final = source
        self.roles: Final = roles

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def question(self, phase_id: str, question_id: str) -> Question:
        for question in self.phase(phase_id).questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def default_instrument_text(version: int | None = None) -> str:
    """The default instrument's text: the current one, or an earlier version kept frozen."""
    # The package's own folder, which is what importlib.resources gives for it too; importing
    # importlib.resources cost more than parsing the instrument.
    if version is not None and version != DEFAULT_VERSION:
        frozen = DATA_FOLDER / f"instrument-v{version}.toml"
        if version < 1 or not frozen.is_file():
            raise InstrumentError(
                Path("<standaardinstrument>"),
                f"versie {version} bestaat niet (deze versie van kwaliteit kent 1 tot en met "
                f"{DEFAULT_VERSION})",
                hint="Werk kwaliteit bij, of geef het instrument met --instrument.",
            )
        return frozen.read_text("utf-8")
    return (DATA_FOLDER / "instrument.toml").read_text("utf-8")


# The version of data/instrument.toml; each earlier one is kept as data/instrument-vN.toml, so
# that a conversation goes on in the wording it began with.
DEFAULT_VERSION = 2


def load_default_instrument(version: int | None = None) -> Instrument:
    text = default_instrument_text(version)
    return parse_instrument(
        parse_toml(text, Path("<standaardinstrument>"), InstrumentError),
        Path("<standaardinstrument>"),
    )


def load_instrument(path: Path | None, version: int | None = None) -> Instrument:
    """Load and validate an instrument file; ``None`` gives the default Dutch instrument.

    ``version`` chooses a version of the default instrument (the one a session began with);
    an instrument of one's own is one file, read as it is.
    """
    if path is None:
        return load_default_instrument(version)
    return parse_instrument(load_toml(path, InstrumentError), path)


def check_belongs(instrument: Instrument, instrument_id: str, file: str | Path) -> Instrument:
    """``instrument`` if a session of ``instrument_id`` (in ``file``) was begun with it."""
    if instrument.id != instrument_id:
        raise SessionFileError(
            Path(file),
            f"hoort bij instrument '{instrument_id}', niet bij '{instrument.id}'",
            where="instrument.id",
            hint="Geef het juiste instrument met --instrument.",
        )
    return instrument


def load_session_instrument(source: str, version: int, override: Path | None = None) -> Instrument:
    """The instrument a session was begun with: its own file, or that version of the default.

    ``override`` is an instrument the person names (``--instrument``), which wins.
    """
    if override is not None:
        return load_instrument(override)
    if source:
        return load_instrument(Path(source))
    return load_default_instrument(version)


def _parse_question(item: Reader) -> Question:
    item.reject_unknown({"id", "text", "addressee", "aloud", "kind", "options", "group_line"})
    qid = item.text("id", required=True)
    if not _ID.match(qid):
        item.fail("id", f"'{qid}' is geen geldige naam", hint="Gebruik letters, cijfers, - en _.")
    text = item.text("text", required=True).strip()
    if not text:
        item.fail("text", "is leeg", hint="Schrijf de vraag uit.")
    addressee = item.choice("addressee", ADDRESSEES)
    aloud = item.flag("aloud", required=True)
    kind = item.choice("kind", KINDS, default="text")
    options = tuple(item.strs("options"))
    if kind == "choice" and len(options) < 2:
        item.fail("options", "een keuzevraag heeft minstens twee keuzes nodig")
    if kind != "choice" and options:
        item.fail("options", 'hoort alleen bij kind = "choice"')
    if kind in GROUP_KINDS and (addressee != "wij" or not aloud):
        item.fail(
            "kind",
            f"een vraag van soort '{kind}' is een hardop gestelde wij-vraag",
            hint='Zet addressee = "wij" en aloud = true.',
        )
    group_line = item.text("group_line").strip()
    if group_line and (addressee != "ik & wij" or not aloud):
        item.fail(
            "group_line",
            "hoort alleen bij een hardop gestelde 'ik & wij'-vraag",
            hint='Zet addressee = "ik & wij" en aloud = true, of laat group_line weg.',
        )
    return Question(qid, text, addressee, aloud, kind, options, group_line)


def _parse_phase(item: Reader) -> Phase:
    item.reject_unknown({"id", "title", "hint", "planned_minutes", "questions"})
    planned = item.opt_int("planned_minutes")
    if planned is not None and not 1 <= planned <= 600:
        item.fail("planned_minutes", "moet tussen 1 en 600 minuten liggen")
    questions = tuple(item.map("questions", _parse_question))
    phase_id = item.text("id", required=True)
    return Phase(
        id=phase_id,
        title=item.text("title") or phase_id,
        questions=questions,
        hint=" ".join(item.text("hint").split()),
        planned_minutes=planned,
    )


def parse_instrument(data: dict[str, object], path: Path) -> Instrument:
    """Validate a loaded instrument; every problem names the file and the place in it."""
    root = Reader(data, path, InstrumentError)
    root.reject_unknown({"instrument", "phases"})
    head = root.table("instrument", required=True)
    head.reject_unknown({"id", "version", "title", "reflection_seconds", "roles"})
    roles = tuple(role.strip() for role in head.strs("roles"))
    if "roles" in head.data and (not roles or not all(roles)):
        head.fail("roles", "moet minstens één rol noemen, zonder lege namen")
    if len(set(roles)) != len(roles):
        head.fail("roles", "noemt een rol twee keer")
    reflection = head.number("reflection_seconds", 60)
    if not 0 <= reflection <= 900:
        head.fail("reflection_seconds", "moet tussen 0 en 900 seconden liggen")
    phases = tuple(root.map("phases", _parse_phase))

    ids = tuple(p.id for p in phases)
    if ids != PHASE_IDS:
        root.fail(
            "phases",
            f"de fases zijn {', '.join(ids) or 'leeg'}",
            hint="Een instrument heeft precies de fases check-in, proces-check en check-out, "
            "in die volgorde.",
        )
    seen: set[str] = set()
    for p_index, phase in enumerate(phases):
        where = f"phases[{p_index + 1}]"
        if not phase.questions:
            raise InstrumentError(path, "deze fase heeft geen vragen", where=where)
        for q_index, question in enumerate(phase.questions):
            if question.id in seen:
                raise InstrumentError(
                    path,
                    f"de naam '{question.id}' komt twee keer voor",
                    where=f"{where}.questions[{q_index + 1}].id",
                )
            seen.add(question.id)
    _require_kind(path, phases[0], 0, "joint_question", last=True)
    _require_kind(path, phases[1], 1, "process_check", last=True)
    for index, phase in enumerate(phases):
        for kind in ("joint_question", "process_check"):
            count = sum(q.kind == kind for q in phase.questions)
            if count > 1 or (
                count
                and (phase.id, kind)
                not in {("check-in", "joint_question"), ("proces-check", "process_check")}
            ):
                raise InstrumentError(
                    path,
                    f"een vraag van soort '{kind}' staat op de verkeerde plek",
                    where=f"phases[{index + 1}]",
                )
    if phases[0].questions[0].addressee == "wij" or phases[2].questions[-1].addressee == "wij":
        raise InstrumentError(
            path,
            "het gesprek begint en eindigt bij 'ik'",
            where="phases",
            hint="Laat de eerste vraag van de check-in en de laatste van de "
            "check-out aan 'ik' gericht zijn.",
        )
    return Instrument(
        id=head.text("id", required=True),
        version=head.number("version", 1),
        title=head.text("title") or "Kwaliteitsgesprek",
        phases=phases,
        reflection_seconds=reflection,
        source=str(path),
        roles=roles or DEFAULT_ROLES,
    )


def _require_kind(path: Path, phase: Phase, index: int, kind: str, *, last: bool) -> None:
    kinds = [q.kind for q in phase.questions]
    if kind not in kinds or (last and kinds[-1] != kind):
        raise InstrumentError(
            path,
            f"de fase {phase.id} moet eindigen met een vraag van soort '{kind}'",
            where=f"phases[{index + 1}]",
        )
