"""Correcting a finished conversation (``kwaliteit bewerk``): every text a person can change.

``editable_items`` lists what can be changed, each with a stable key (for the scripted form,
``--zet KEY=TEKST``), a group and a label for the menu, and the current text. ``apply_edit``
changes one and notes the change in the minutes' corrections, so the verslag can say what was
changed after the meeting and when. Pure: no terminal, no file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from kwaliteit_cli.errors import KwaliteitError
from kwaliteit_cli.session.instrument import Instrument
from kwaliteit_cli.session.minutes import Absent, record_correction
from kwaliteit_cli.session.model import Agreement, Participant, Session

GROUP_SETUP = "Voorbereiding en gegevens"
GROUP_QUESTION = "Gezamenlijke vraag"
GROUP_ANSWERS = "Antwoorden"
GROUP_CHECKS = "Procescheck"
GROUP_AGREEMENTS = "Afspraken"
GROUP_MINUTES = "Besluiten, volgende bijeenkomst, verspreiding"
GROUPS = (
    GROUP_SETUP,
    GROUP_QUESTION,
    GROUP_ANSWERS,
    GROUP_CHECKS,
    GROUP_AGREEMENTS,
    GROUP_MINUTES,
)
AGREEMENT_STATUSES = {
    "open": "",
    "gedaan": "done",
    "loopt nog": "under_way",
    "vervallen": "dropped",
}


class EditError(KwaliteitError):
    """A change that cannot be made (an unknown key, a date that is no date)."""


class EditItem:
    """One thing that can be corrected after the meeting."""

    __slots__ = ("key", "group", "label", "value", "note", "_set")

    def __init__(
        self,
        key: str,
        group: str,
        label: str,
        value: str,
        set_: Callable[[str], None],
        note: str = "",
    ) -> None:
        self.key: Final = key
        self.group: Final = group
        self.label: Final = label  # for the menu: may name people
        self.value: Final = value
        # For the record of changes, which the verslag shows: names no one (a changed name
        # would otherwise escape even an anonymous verslag).
        self.note: Final = note or label
        self._set = set_

    def set(self, text: str) -> None:
        self._set(text)


def _setter(target: object, name: str) -> Callable[[str], None]:
    """Sets one text attribute of a record (bound now, not when called)."""

    def set_(text: str) -> None:
        setattr(target, name, text)

    return set_


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _date(text: str) -> dt.date | None:
    from kwaliteit_cli.conversation.replies import parse_date

    if not text.strip():
        return None
    value = parse_date(text)
    if value is None:
        raise EditError(
            f"'{text}' is geen datum.", hint="Schrijf een datum als 15-04-2026 of 2026-04-15."
        )
    return value


def _list(text: str) -> list[str]:
    """A list typed on one line, separated by semicolons."""
    return [part.strip() for part in text.split(";") if part.strip()]


def editable_items(session: Session, instrument: Instrument) -> list[EditItem]:
    """Everything ``kwaliteit bewerk`` can change, in the order of the verslag."""
    m = session.meeting
    minutes = session.minutes
    items: list[EditItem] = []

    def add(
        key: str,
        group: str,
        label: str,
        value: str,
        set_: Callable[[str], None],
        note: str = "",
    ) -> None:
        items.append(EditItem(key, group, label, value, set_, note))

    def meeting_field(name: str) -> Callable[[str], None]:
        return lambda text: setattr(m, name, text)

    add("titel", GROUP_SETUP, "Titel", m.title, meeting_field("title"))
    add(
        "datum",
        GROUP_SETUP,
        "Datum",
        m.date.isoformat() if m.date else "",
        lambda text: setattr(m, "date", _date(text)),
    )
    add(
        "partnerschap",
        GROUP_SETUP,
        "Partnerschap of school",
        m.partnership,
        meeting_field("partnership"),
    )
    add("plaats", GROUP_SETUP, "Plaats", m.place, meeting_field("place"))
    add(
        "procesbegeleider",
        GROUP_SETUP,
        "Procesbegeleider",
        m.facilitator,
        meeting_field("facilitator"),
    )
    for index, person in enumerate(session.participants, 1):

        def set_name(text: str, person_: Participant = person) -> None:
            person_.name = text

        def set_role(text: str, person_: Participant = person) -> None:
            person_.role = text

        add(
            f"deelnemer.{person.id}.naam",
            GROUP_SETUP,
            f"Naam van {person.name}",
            person.name,
            set_name,
            f"Naam van deelnemer {index}",
        )
        add(
            f"deelnemer.{person.id}.rol",
            GROUP_SETUP,
            f"Rol van {person.name}",
            person.role,
            set_role,
            f"Rol van deelnemer {index}",
        )

    def set_absent(text: str) -> None:
        people = []
        for part in _list(text):
            name, _, role = part.partition("(")
            people.append(Absent(name.strip(), role.rstrip(")").strip()))
        minutes.absent = people

    add(
        "afgemeld",
        GROUP_SETUP,
        "Afgemeld (naam (rol); naam (rol))",
        "; ".join(f"{a.name} ({a.role})" if a.role else a.name for a in minutes.absent),
        set_absent,
    )
    for number, source in enumerate(session.data, 1):
        add(
            f"data.{number}",
            GROUP_SETUP,
            f"Besproken data {number}",
            source.what,
            _setter(source, "what"),
        )

    for number, version in enumerate(session.joint_question, 1):
        moment = "check-in" if version.round == 0 else f"ronde {version.round}"
        add(
            f"vraag.{number}",
            GROUP_QUESTION,
            f"Gezamenlijke vraag ({moment})",
            version.text,
            _setter(version, "text"),
        )

    for answer in session.answers:
        if answer.silent and not answer.text:
            continue
        try:
            question = instrument.question(answer.phase, answer.question).text
        except KeyError:
            question = answer.question
        speaker = session.participant(answer.participant) if answer.participant else None
        who = speaker.name if speaker else "de groep"
        where = answer.phase if not answer.round else f"{answer.phase} ronde {answer.round}"
        who_key = answer.participant or "groep"
        key = f"antwoord.{answer.phase}.{answer.round}.{answer.question}.{who_key}"
        add(
            key,
            GROUP_ANSWERS,
            f"{where} · {_short(question, 40)} · {who}",
            answer.text,
            _setter(answer, "text"),
            f"Antwoord in de {where} op “{_short(question, 40)}”",
        )

    for decision in session.decisions:
        add(
            f"procescheck.{decision.round}.waarom",
            GROUP_CHECKS,
            f"Ronde {decision.round}: waarom",
            decision.reason,
            _setter(decision, "reason"),
        )
        add(
            f"procescheck.{decision.round}.ontbrekende-data",
            GROUP_CHECKS,
            f"Ronde {decision.round}: ontbrekende data",
            decision.missing_data,
            _setter(decision, "missing_data"),
        )

    for number, agreement in enumerate(session.agreements, 1):
        label = f"Afspraak {number} ({_short(agreement.what, 30)})"
        short = f"Afspraak {number}"
        add(
            f"afspraak.{number}.wat",
            GROUP_AGREEMENTS,
            f"{label}: wat",
            agreement.what,
            _setter(agreement, "what"),
            f"{short}: wat",
        )

        def set_who(text: str, a: Agreement = agreement) -> None:
            _set_owner(session, a, text)

        add(
            f"afspraak.{number}.wie",
            GROUP_AGREEMENTS,
            f"{label}: wie",
            _owner_text(session, agreement),
            set_who,
            f"{short}: wie",
        )

        def set_due(text: str, a: Agreement = agreement) -> None:
            due = None
            try:
                due = _date(text)
            except EditError:
                a.due_text = text.strip()
            a.due = due
            if due is not None or not text.strip():
                a.due_text = ""

        due_text = agreement.due.isoformat() if agreement.due else agreement.due_text
        add(
            f"afspraak.{number}.uiterlijk",
            GROUP_AGREEMENTS,
            f"{label}: uiterlijk",
            due_text,
            set_due,
            f"{short}: uiterlijk",
        )

        def set_status(text: str, a: Agreement = agreement) -> None:
            value = text.strip().lower()
            if value not in AGREEMENT_STATUSES:
                raise EditError(
                    f"'{text}' is geen status van een afspraak.",
                    hint="Kies uit: " + ", ".join(AGREEMENT_STATUSES) + ".",
                )
            a.status = AGREEMENT_STATUSES[value]

        status = next((k for k, v in AGREEMENT_STATUSES.items() if v == agreement.status), "open")
        add(
            f"afspraak.{number}.status",
            GROUP_AGREEMENTS,
            f"{label}: status",
            status,
            set_status,
            f"{short}: status",
        )

    add(
        "besluiten",
        GROUP_MINUTES,
        "Besluiten (gescheiden door ;)",
        "; ".join(minutes.decisions),
        lambda text: setattr(minutes, "decisions", _list(text)),
    )
    nxt = minutes.next_meeting

    def set_next_date(text: str) -> None:
        try:
            nxt.date, nxt.date_text = _date(text), ""
        except EditError:
            nxt.date, nxt.date_text = None, text.strip()

    add(
        "volgende.datum",
        GROUP_MINUTES,
        "Volgende bijeenkomst: datum",
        nxt.date.isoformat() if nxt.date else nxt.date_text,
        set_next_date,
    )
    add(
        "volgende.plaats",
        GROUP_MINUTES,
        "Volgende bijeenkomst: plaats",
        nxt.place,
        _setter(nxt, "place"),
    )
    add(
        "volgende.meenemen",
        GROUP_MINUTES,
        "Volgende bijeenkomst: meenemen",
        nxt.bring,
        _setter(nxt, "bring"),
    )
    add(
        "verspreiding",
        GROUP_MINUTES,
        "Verspreiding (gescheiden door ;)",
        "; ".join(minutes.distribution),
        lambda text: setattr(minutes, "distribution", _list(text)),
    )
    return items


def _owner_text(session: Session, agreement: Agreement) -> str:
    if agreement.owner:
        person = session.participant(agreement.owner)
        return person.name if person else agreement.owner
    return agreement.owner_name or "de groep"


def _set_owner(session: Session, agreement: Agreement, text: str) -> None:
    name = " ".join(text.split())
    if not name or name.casefold() == "de groep":
        agreement.owner = ""
        agreement.owner_name = ""
        return
    for person in session.participants:
        if person.name.casefold() == name.casefold():
            agreement.owner = person.id
            agreement.owner_name = ""
            return
    agreement.owner = ""
    agreement.owner_name = name


def find_item(items: list[EditItem], key: str) -> EditItem:
    for item in items:
        if item.key == key:
            return item
    raise EditError(
        f"'{key}' is niets wat kwaliteit bewerk kent.",
        hint="Toon alle sleutels met: kwaliteit bewerk SESSIE.toml --lijst",
    )


def apply_edit(session: Session, item: EditItem, text: str, at: dt.datetime) -> bool:
    """Change one item; note it in the corrections. False when nothing changed."""
    text = text.strip()
    if text == item.value.strip():
        return False
    item.set(text)
    record_correction(session.minutes, f"{item.note} aangepast", at)
    session.updated_at = at
    return True
