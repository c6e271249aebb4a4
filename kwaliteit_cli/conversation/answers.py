"""Scripted mode: a file of answers drives the conversation instead of a person at a terminal.

The ScriptedPrompter answers each step from the file and fails on any step the file does not
answer, and (through ``check_all_used``) on answers that no step asked for. The format is
documented in docs/antwoordenbestand.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.minutes_steps import (
    DECISIONS_STEP,
    EARLIER_APPROVED_STEP,
    MISSING_DATA_STEP,
    SETUP_MINUTES_STEPS,
)
from kwaliteit_cli.conversation.steps import (
    ANSWER_PASS,
    FlowError,
    Reply,
    StepView,
    answer,
    build_view,
    first_position,
    next_position,
)
from kwaliteit_cli.errors import AnswersError
from kwaliteit_cli.session.instrument import PHASE_IDS, Instrument
from kwaliteit_cli.session.model import MAX_ROUND, SETUP_PHASE, Position, Session
from kwaliteit_cli.session.tomlfile import load_toml

TOP_KEYS = frozenset({"meeting", "participants", "data", *PHASE_IDS})

Path_ = tuple[str | int, ...]
_MAX_STEPS = 100_000
# Keys under [meeting] that give the meeting's own times (conversation/meeting_times.py).
_TIME_PATHS = {("start",), ("end",), ("phases",)}
# The key under [check-in] that answers the look back of a follow-up session.
FOLLOW_UP_KEY = "follow_up"
# An ik & wij question with a group line: question.ik = [one per person], question.wij = "…".
ROUND_KEY = "ik"
GROUP_KEY = "wij"


def load_answers(path: Path) -> ScriptedPrompter:
    return answers_from_dict(load_toml(path, AnswersError), path)


def answers_from_dict(data: dict[str, Any], path: Path) -> ScriptedPrompter:
    """Check the top of a loaded answers file; the rest is checked as the steps ask for it."""
    rounds = data.get("proces-check")
    if isinstance(rounds, list) and len(rounds) > MAX_ROUND:
        raise AnswersError(
            path,
            f"heeft {len(rounds)} rondes; een gesprek heeft er hoogstens {MAX_ROUND}",
            where="proces-check",
        )
    for key in data:
        if key not in TOP_KEYS:
            raise AnswersError(
                path,
                "is een onbekende sleutel",
                where=key,
                hint="Bekend zijn: " + ", ".join(sorted(TOP_KEYS)) + ".",
            )
    from kwaliteit_cli.conversation.meeting_times import meeting_times

    meeting_times(data, path)  # a time that is no time is refused before anything is asked
    return ScriptedPrompter(data, path)


def _place(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class ScriptedPrompter:
    """Answers steps from loaded answers data; every answer must be asked for exactly once."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.data = data
        self.path = path
        self.used: set[Path_] = set()

    # -- the Prompter protocol --

    def ask(self, view: StepView) -> Reply:
        if view.kind == "review":  # 'klopt alles?': a file has nothing to correct
            return answer(change=view.fields[0].options[0])
        if view.position.phase == SETUP_PHASE:
            return self._setup(view)
        return self._question(view)

    def tell_error(self, message: str) -> None:
        raise AnswersError(self.path, message, where=self._where, hint="Pas het antwoord aan.")

    # -- helpers --

    _where = ""

    def _fail(self, path: Path_, problem: str, hint: str = "") -> AnswersError:
        return AnswersError(self.path, problem, where=_place(path), hint=hint)

    def _lookup(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return None
            elif not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def _take(self, path: Path_, *, required: bool = True) -> Any:
        self._where = _place(path)
        value = self._lookup(path)
        if value is None:
            if required:
                raise self._fail(
                    path,
                    "ontbreekt: deze vraag wordt gesteld maar niet beantwoord",
                    hint="Voeg het antwoord toe aan het antwoordenbestand.",
                )
            return None
        self.used.add(path)
        return value

    def _text(self, path: Path_, value: Any) -> str:
        if isinstance(value, bool):
            return texts.YES if value else "nee"
        if isinstance(value, (str, int, dt.date)):
            return value.isoformat() if isinstance(value, dt.date) else str(value)
        raise self._fail(path, "moet tekst zijn")

    def _setup(self, view: StepView) -> Reply:
        key = view.position.step
        item = view.position.item
        if key in ("participants", "data"):
            entry_path: Path_ = (key, item)
            entry = self._lookup(entry_path)
            if entry is None:
                if item == 0:
                    raise self._fail((key,), "ontbreekt", hint="Noem minstens één.")
                return answer()  # the list is complete
            if not isinstance(entry, dict):
                raise self._fail(entry_path, "moet een tabel zijn")
            self.used.add(entry_path)
            names = ("name", "role") if key == "participants" else ("what", "source", "period")
            for name in entry:
                if name not in names:
                    raise self._fail((*entry_path, name), "is een onbekende sleutel")
            return answer(**{n: self._text((*entry_path, n), entry.get(n, "")) for n in names})
        if key in SETUP_MINUTES_STEPS:
            return answer(text=self._list_text(("meeting", key)))
        field = view.fields[0]
        required = key in ("title", "minute_taker")
        value = self._take(("meeting", key), required=required)
        if value is None:
            if key == "date":
                return answer(text=view.fields[0].default)
            return answer(**{field.name: ""})
        if key == "minute_taker" and isinstance(value, dict):
            # someone outside the group: { name = "...", role = "..." }
            path: Path_ = ("meeting", key)
            for name in value:
                if name not in ("name", "role"):
                    raise self._fail((*path, name), "is een onbekende sleutel")
            if not value.get("name"):
                raise self._fail((*path, "name"), "ontbreekt")
            return answer(
                name=texts.SOMEONE_ELSE,
                other_name=self._text((*path, "name"), value["name"]),
                other_role=self._text((*path, "role"), value.get("role", "")),
            )
        return answer(**{field.name: self._text(("meeting", key), value)})

    def _question(self, view: StepView) -> Reply:
        position = view.position
        base: Path_ = (position.phase,)
        if position.phase == "proces-check":
            base = (position.phase, position.round - 1)
        path: Path_ = (*base, position.step)
        if view.kind == "follow_up":
            return self._follow_up(view)
        if view.kind == "minutes":
            return self._minutes(view)
        if view.kind == "agreements":
            entry = self._lookup((*path, position.item))
            if entry is None:
                if position.item == 0:
                    self._take(path, required=False)  # an empty list is a valid answer
                return answer(what="")
            return self._table_reply((*path, position.item), entry, ("what", "who", "due"))
        if view.silent:
            value = self._take(path, required=False)
            return answer(note="" if value is None else self._text(path, value))
        if view.kind == "group_line":
            # ik & wij: the round is under .ik, the group's one line under .wij
            path = (*path, GROUP_KEY)
        elif position.participant:
            if isinstance(self._lookup(path), dict):
                path = (*path, ROUND_KEY)
            path = (*path, self._participant_index(view))
        value = self._take(path)
        if value == texts.COMMAND_PASS:
            if not view.can_pass:
                raise self._fail(path, "hier kan niet gepast worden")
            return ANSWER_PASS
        if isinstance(value, dict):
            names = tuple(f.name for f in view.fields)
            return self._table_reply(path, value, names)
        first = view.fields[0]
        return answer(**{first.name: self._text(path, value)})

    def _follow_up(self, view: StepView) -> Reply:
        """``[check-in] follow_up``: one entry per earlier agreement (a status, or a table
        with status and note); a note only when the earlier session made no agreements."""
        path: Path_ = (view.position.phase, FOLLOW_UP_KEY)
        names = tuple(f.name for f in view.fields)
        if names == ("note",):
            value = self._take(path, required=False)
            if isinstance(value, dict):
                return self._table_reply(path, value, names)
            return answer(note="" if value is None else self._text(path, value))
        path = (*path, view.position.item)
        value = self._take(path)
        if isinstance(value, dict):
            return self._table_reply(path, value, names)
        return answer(status=self._text(path, value))

    def _list_text(self, path: Path_) -> str:
        """A list given as text with ';' between the items, or as a list of texts."""
        value = self._take(path, required=False)
        if value is None:
            return ""
        if isinstance(value, list):
            return "; ".join(self._text((*path, i), item) for i, item in enumerate(value))
        return self._text(path, value)

    def _minutes(self, view: StepView) -> Reply:
        """The minutes steps (issue 12); each may be left out of the file.

        ``[check-in] earlier_approved = "ja"``; under ``[check-out]``: ``missing_data`` (one
        ``{ who, due }`` per piece of missing data, in the order of the rounds),
        ``decisions`` (a list of texts) and ``next_meeting = { date, place, bring }``.
        """
        position = view.position
        names = tuple(f.name for f in view.fields)
        if position.step == EARLIER_APPROVED_STEP:
            path: Path_ = (position.phase, "earlier_approved")
            value = self._take(path, required=False)
            return answer(choice="" if value is None else self._text(path, value))
        if position.step == MISSING_DATA_STEP:
            path = (position.phase, "missing_data", position.item)
            entry = self._lookup(path)
            if entry is None:
                return answer(who="", due="")
            return self._table_reply(path, entry, names)
        if position.step == DECISIONS_STEP:
            path = (position.phase, "decisions", position.item)
            value = self._lookup(path)
            if value is None:
                if position.item == 0:
                    self._take((position.phase, "decisions"), required=False)
                return answer(text="")
            self.used.add(path)
            return answer(text=self._text(path, value))
        path = (position.phase, "next_meeting")
        entry = self._take(path, required=False)
        if entry is None:
            return answer(date="", place="", bring="")
        return self._table_reply(path, entry, names)

    def take_meeting_times(self) -> dict[str, dt.time]:
        """The meeting's own times, if the file gives them (``[meeting] start, end, phases``)."""
        from kwaliteit_cli.conversation.meeting_times import meeting_times

        return meeting_times(self.data, self.path)

    def _table_reply(self, path: Path_, table: Any, names: tuple[str, ...]) -> Reply:
        if not isinstance(table, dict):
            raise self._fail(path, "moet een tabel zijn")
        self.used.add(path)
        values: dict[str, str] = {}
        if "answerable" in names and "wrap_up" in table:
            table = self._wrap_up(path, table)
        for key, value in table.items():
            if key not in names:
                raise self._fail(
                    (*path, key),
                    "is een onbekende sleutel",
                    hint="Bekend zijn: " + ", ".join(names) + ".",
                )
            if key == "answerable" and isinstance(value, bool):
                values[key] = texts.YES if value else texts.NOT_YET_ROUND
            else:
                values[key] = self._text((*path, key), value)
        return answer(**values)

    def _wrap_up(self, path: Path_, table: dict[str, Any]) -> dict[str, Any]:
        """``answerable = false, wrap_up = true``: the third answer of the proces-check."""
        rest = {key: value for key, value in table.items() if key != "wrap_up"}
        wrap_up = table["wrap_up"]
        if not isinstance(wrap_up, bool):
            raise self._fail((*path, "wrap_up"), "moet true of false zijn")
        if not wrap_up:
            return rest
        if rest.get("answerable") is not False:
            raise self._fail(
                (*path, "wrap_up"),
                "hoort bij answerable = false",
                hint="Afronden met de vraag nog open: answerable = false, wrap_up = true.",
            )
        return {**rest, "answerable": texts.NOT_YET_WRAP_UP}

    def _participant_index(self, view: StepView) -> int:
        participant = view.position.participant
        return int(participant[1:]) - 1 if participant[1:].isdigit() else 0

    def skip_recorded(self, instrument: Instrument, session: Session) -> int:
        """On resume: count the answers of steps the session has already passed as used.

        Walks the conversation from its first step up to the saved position, as the session
        itself determines it (its participants, decisions, agreements), and consumes the
        answer this file has for each of those steps, without checking it: the session
        already holds what was said there. The file may also leave those steps out. Answers
        that belong to no step at all are still reported by ``check_all_used``. Returns the
        number of steps skipped.
        """
        target = session.position
        if target is None:
            return 0
        position: Position | None = first_position(instrument, session)
        skipped = 0
        # Each step is visited once; the bound only guards against a file that loops.
        while position is not None and position != target and skipped < _MAX_STEPS:
            with contextlib.suppress(AnswersError):
                self.ask(build_view(instrument, session, position))
            skipped += 1
            try:
                position = next_position(instrument, session, position)
            except (FlowError, KeyError):
                break
        self._where = ""
        return skipped

    def check_all_used(self) -> None:
        """Raise for the first answer in the file that no step asked for."""
        for path in _leaves(self.data):
            if path[:1] == ("meeting",) and path[1:2] in _TIME_PATHS:
                continue  # the meeting's own times: not asked, applied at the end
            if not any(path[: len(used)] == used for used in self.used):
                raise self._fail(
                    path,
                    "is niet gebruikt: het gesprek stelt deze vraag niet",
                    hint="Verwijder het antwoord of controleer de naam en de ronde.",
                )


def _leaves(data: dict[str, Any]) -> list[Path_]:
    """Paths to every answer in the file; a table of fields counts as one answer."""
    out: list[Path_] = []
    meeting = data.get("meeting")
    if isinstance(meeting, dict):
        out += [("meeting", key) for key in meeting]
    for key in ("participants", "data"):
        items = data.get(key)
        if isinstance(items, list):
            out += [(key, index) for index in range(len(items))]
    for phase in PHASE_IDS:
        tables: list[tuple[Path_, Any]] = []
        value = data.get(phase)
        if isinstance(value, dict):
            tables.append(((phase,), value))
        elif isinstance(value, list):
            tables += [((phase, index), table) for index, table in enumerate(value)]
        elif value is not None:
            out.append((phase,))
        for base, table in tables:
            if not isinstance(table, dict):
                out.append(base)
                continue
            for question, given in table.items():
                path = (*base, question)
                if isinstance(given, list) and given:
                    out += [(*path, index) for index in range(len(given))]
                elif isinstance(given, dict) and (ROUND_KEY in given or GROUP_KEY in given):
                    for key, part in given.items():
                        if isinstance(part, list) and part and key == ROUND_KEY:
                            out += [(*path, key, index) for index in range(len(part))]
                        else:
                            out.append((*path, key))
                else:
                    out.append(path)
    return out
