"""End to end in a real pseudo-terminal: a person types through a conversation.

Three participants, two proces-check rounds, Ctrl-C halfway an answer in the second round,
resume (the half-typed text is offered again), finish; the final file holds every answer
given, in order, and the report opens with the joint question.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pexpect

from kwaliteit_cli.session.file import load_session
from tests.conftest import run_kwaliteit
from tests.screen import Screen

ENTER = "\r"
FINISH_LONG = "\x1b\r"  # Esc, Enter ends a multi-line answer
CLEAR = "\x15"  # Ctrl-U empties the line


class Terminal:
    """A transcript-style driver on a pyte screen: wait for something on screen, then type.

    Keys typed before the next screen is drawn wait in the terminal, in order, as they do
    when a person types ahead.
    """

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        self.screen = Screen(*args, cwd=cwd, env={"NO_COLOR": "1"})
        self.child = self.screen.child

    def expect(self, text: str) -> None:
        self.screen.wait_for(text)

    def send(self, keys: str) -> None:
        self.screen.send(keys)
        self.screen.pump(0.1)

    def type(self, prompt: str, text: str, *, long: bool = False) -> None:
        self.expect(prompt)
        self.send(text + (FINISH_LONG if long else ENTER))

    def choose(self, prompt: str, number: int = 1, *, enter: bool = False) -> None:
        """Pick entry ``number`` of a list by typing its number (and Enter, where a longer
        number starts with the same digit: 1 in a list of 11)."""
        self.expect(prompt)
        self.send(str(number) + (ENTER if enter else ""))

    def turn(self, name: str, text: str, *, long: bool = False) -> None:
        self.expect(f"Aan de beurt: {name}")
        self.type("Antwoord", text, long=long)

    def silent(self) -> None:
        self.expect("Stil moment")
        self.type("Enter = verder", "")

    def close(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        return -1 if status is None else int(status)


PEOPLE = ("Ann", "Bo", "Cas")


def setup_steps(t: Terminal) -> None:
    t.type("Titel van het gesprek", "E2E gesprek")
    t.type("Datum", "")  # keep today's date
    t.type("Partnerschap of school", "Partnerschap Zuid")
    t.type("Plaats of locatie", "")
    t.type("Naam van de procesbegeleider", "Marieke")
    t.type("Is de procesbegeleider extern?", "nee")
    t.type("Naam van de eerste deelnemer", "Ann")
    t.choose("Rol van Ann", 1, enter=True)  # 1, 10 and 11 exist: Enter says which
    t.type("Naam van deelnemer 2", "Bo")
    t.choose("Rol van Bo", 2)
    t.type("Naam van deelnemer 3", "Cas")
    t.choose("Rol van Cas", 3)
    t.type("Naam van deelnemer 4", "")
    t.choose("Wie legt verslag?", 1)
    t.type("Welke data bespreken jullie?", "NSE 2026")
    t.type("Waar komt deze data vandaan?", "NSE-dashboard")
    t.type("Over welke periode gaat het?", "2025-2026")
    t.type("Bron 2 (leeg = klaar)", "")
    t.type("Wie heeft zich afgemeld?", "Dirk Wouters (bestuurder)")
    t.type("Aan wie gaat het verslag?", "stuurgroep; alle schoolopleiders")
    t.expect("Klopt alles?")
    t.expect("Ann (schoolopleider); Bo (instituutsopleider)")
    t.send(ENTER)  # klopt, door naar de check-in


def test_type_a_whole_conversation_with_ctrl_c_and_resume(tmp_path: Path) -> None:
    target = tmp_path / "sessie.toml"
    t = Terminal("start", "--output", target, cwd=tmp_path)
    setup_steps(t)
    for name in PEOPLE:
        t.turn(name, f"verwachting {name}")
    t.expect("Wat voor data ligt er op tafel")
    t.type("Antwoord", "Een enquête, tevredenheid", long=True)
    t.silent()
    t.type("Antwoord", "Samen beter opleiden", long=True)
    t.expect("Welke gezamenlijke vraag")
    t.type("Antwoord", "Waarom daalt de tevredenheid?", long=True)
    t.type("Staat de gezamenlijke vraag zo goed?", "j")
    for name in PEOPLE:
        t.turn(name, f"ronde 1 inbreng {name}", long=True)
    t.silent()
    for name in PEOPLE:
        t.turn(name, f"ronde 1 betekenis {name}")
    t.expect("wat betekent dit voor ons?")  # ik & wij: then one line of the group
    t.type("Antwoord", "ronde 1 samen")
    t.choose("Kunnen we de vraag beantwoorden?", 2)  # nog niet: nog een ronde
    t.type("Waarom?", "We missen cijfers per school")
    t.expect("Aangescherpte vraag")
    t.expect("Waarom daalt de tevredenheid?")  # the current question, ready to edit
    t.send("\x08" + " op de grote scholen?" + FINISH_LONG)  # Backspace, then add to it
    t.type("Welke data ontbreekt nog?", "Uitsplitsing per school")
    t.turn("Ann", "ronde 2 inbreng Ann", long=True)
    t.expect("Aan de beurt: Bo")
    t.expect("Antwoord")
    t.child.send("half getypt")
    t.child.sendcontrol("c")
    t.expect("Gepauzeerd")
    t.expect("half getypte antwoord is ook bewaard")
    t.expect(f"resume {target.name}")
    assert t.close() == 130

    paused = load_session(target)
    assert paused.position is not None
    assert (paused.position.phase, paused.position.round, paused.position.participant) == (
        "proces-check",
        2,
        "p2",
    )
    assert paused.draft == "half getypt"  # kept, but not as an answer
    assert not any(a.text == "half getypt" for a in paused.answers)

    t = Terminal("resume", target, cwd=tmp_path)
    t.expect("Gezamenlijke vraag")
    t.expect("Waarom daalt de tevredenheid op de grote scholen?")  # always visible
    t.expect("Aan de beurt: Bo")
    t.expect("Antwoord")
    t.expect("half getypt")  # offered again where it was typed
    t.send(CLEAR)  # Ctrl-U clears it: the facilitator types the answer afresh
    t.send("ronde 2 inbreng Bo" + FINISH_LONG)
    t.turn("Cas", "ronde 2 inbreng Cas", long=True)
    t.silent()
    for name in PEOPLE:
        t.turn(name, f"ronde 2 betekenis {name}")
    t.type("Antwoord", "ronde 2 samen")
    t.choose("Kunnen we de vraag beantwoorden?", 1)  # ja
    t.type("Waarom?", "Het beeld is nu compleet")
    t.choose("Betekenisvol gemaakt?", 1)
    t.type("Toelichting", "Ja, zeker")
    t.expect("Wat is ons (voorlopige) antwoord")
    t.type("Antwoord", "Vooral op de grote scholen valt begeleiding uit", long=True)
    t.type("Afspraak 1", "Begeleiding per school in kaart brengen")
    t.choose("Wie neemt dit op zich?", 2)  # Bo
    t.type("Wanneer klaar?", "15 december 2026")
    t.type("Afspraak 2", "")
    # The missing data of round 1 is offered as an agreement, then decisions, next meeting.
    t.expect("In ronde 1 ontbrak data")
    t.choose("Wie zorgt voor “Uitsplitsing per school”?", 4)  # geen, Ann, Bo, Cas
    t.type("Uiterlijk wanneer?", "voor de zomer")
    t.type("Besluit 1", "Begeleiding wordt per school besproken")
    t.type("Besluit 2", "")
    t.type("Datum volgende bijeenkomst", "15-06-2026")
    t.type("Plaats", "Tiel")
    t.type("Wat nemen mensen mee?", "de cijfers per school")
    for name in PEOPLE:
        t.expect(f"Aan de beurt: {name}")
        t.choose("Betekenisvol gemaakt?", 1)
        t.type("Toelichting", f"toelichting {name}")
    t.silent()
    t.expect("Klopt alles?")
    t.expect("Afspraak 1: Begeleiding per school in kaart brengen · Bo · 15 december 2026")
    t.send(ENTER)  # klopt, gesprek afronden
    t.expect("afgerond")
    assert t.close() == 0

    session = load_session(target)
    assert session.completed
    spoken = [
        (a.phase, a.round, a.question, a.participant, a.choice or a.text)
        for a in session.answers
        if not a.silent
    ]
    expected = (
        [
            ("check-in", 0, "role_and_expectation", f"p{i + 1}", f"verwachting {n}")
            for i, n in enumerate(PEOPLE)
        ]
        + [("check-in", 0, "about_the_data", "", "Een enquête, tevredenheid")]
        + [("check-in", 0, "shared_goal", "", "Samen beter opleiden")]
        + [
            ("proces-check", 1, "contribution", f"p{i + 1}", f"ronde 1 inbreng {n}")
            for i, n in enumerate(PEOPLE)
        ]
        + [
            ("proces-check", 1, "what_it_means", f"p{i + 1}", f"ronde 1 betekenis {n}")
            for i, n in enumerate(PEOPLE)
        ]
        + [("proces-check", 1, "what_it_means", "", "ronde 1 samen")]
        + [
            ("proces-check", 2, "contribution", f"p{i + 1}", f"ronde 2 inbreng {n}")
            for i, n in enumerate(PEOPLE)
        ]
        + [
            ("proces-check", 2, "what_it_means", f"p{i + 1}", f"ronde 2 betekenis {n}")
            for i, n in enumerate(PEOPLE)
        ]
        + [("proces-check", 2, "what_it_means", "", "ronde 2 samen")]
        + [
            ("check-out", 0, "meaningful_group", "", "ja"),
            ("check-out", 0, "joint_answer", "", "Vooral op de grote scholen valt begeleiding uit"),
        ]
        + [("check-out", 0, "meaningful_self", f"p{i + 1}", "ja") for i in range(3)]
    )
    assert spoken == expected
    assert "half getypt" not in target.read_text("utf-8")
    assert [p.role for p in session.participants] == [
        "schoolopleider",
        "instituutsopleider",
        "werkplekbegeleider",
    ]
    assert [(d.round, d.answerable, d.reason) for d in session.decisions] == [
        (1, False, "We missen cijfers per school"),
        (2, True, "Het beeld is nu compleet"),
    ]
    assert [v.text for v in session.joint_question] == [
        "Waarom daalt de tevredenheid?",
        "Waarom daalt de tevredenheid op de grote scholen?",
    ]
    assert session.agreements[0].owner == "p2"
    assert session.agreements[0].due == dt.date(2026, 12, 15)  # typed in words, kept as a date
    assert len(session.pauses) == 1 and session.pauses[0].ended_at is not None
    missing = session.agreements[1]
    assert (missing.what, missing.owner, missing.due_text) == (
        "Ontbrekende data verzamelen: Uitsplitsing per school",
        "p3",
        "voor de zomer",
    )
    minutes = session.minutes
    assert [(a.name, a.role) for a in minutes.absent] == [("Dirk Wouters", "bestuurder")]
    assert minutes.distribution == ["stuurgroep", "alle schoolopleiders"]
    assert minutes.decisions == ["Begeleiding wordt per school besproken"]
    assert (minutes.next_meeting.date, minutes.next_meeting.place) == (
        dt.date(2026, 6, 15),
        "Tiel",
    )

    report = run_kwaliteit("report", target)
    lines = [line for line in report.stdout.splitlines() if line.strip()]
    assert lines[1] == "**Concept: dit verslag is nog niet vastgesteld.**"
    assert lines[2] == "## Gezamenlijke vraag"
    assert "Waarom daalt de tevredenheid op de grote scholen?" in lines[3]


def test_going_back_corrects_an_earlier_answer(tmp_path: Path) -> None:
    target = tmp_path / "sessie.toml"
    t = Terminal("start", "--output", target, cwd=tmp_path)
    t.type("Titel van het gesprek", "Eerste titel")
    t.type("Datum", "/terug")
    t.expect("Eerste titel")  # back at the title, with what was typed there
    t.send(CLEAR + "Verbeterde titel" + ENTER)
    t.type("Datum", "")
    t.expect("Partnerschap of school")
    t.child.sendcontrol("c")
    assert t.close() == 130
    session = load_session(target)
    assert session.meeting.title == "Verbeterde titel"
    assert session.position is not None and session.position.step == "partnership"
