"""End to end in a real pseudo-terminal: a person types through a conversation.

Three participants, two proces-check rounds, Ctrl-C halfway an answer in the second round,
resume (the half-typed text is offered again), finish; the final file holds every answer
given, in order, and the report opens with the joint question.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pexpect

from kwaliteit_cli.session.file import load_session
from tests.conftest import run_kwaliteit

ENTER = "\r"
DOWN = "\x1b[B"
FINISH_LONG = "\x1b\r"  # Esc, Enter ends a multi-line answer


class Terminal:
    """A transcript-style driver: wait for something on screen, then type."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "LINES": "24",
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "kwaliteit_cli", *map(str, args)],
            cwd=str(cwd),
            env=env,
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=10,
        )

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def type(self, prompt: str, text: str, *, long: bool = False) -> None:
        self.expect(prompt)
        self.child.send(text)
        self.child.send(FINISH_LONG if long else ENTER)

    def choose(self, prompt: str, downs: int = 0) -> None:
        self.expect(prompt)
        self.child.send(DOWN * downs + ENTER)

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
    t.choose("Is de procesbegeleider extern?", downs=0)  # 'nee' is preselected
    t.type("Naam van de eerste deelnemer", "Ann")
    t.choose("Rol van Ann")
    t.type("Naam van deelnemer 2", "Bo")
    t.choose("Rol van Bo", downs=1)
    t.type("Naam van deelnemer 3", "Cas")
    t.choose("Rol van Cas", downs=2)
    t.type("Naam van deelnemer 4", "")
    t.choose("Wie legt verslag?")
    t.type("Welke data bespreken jullie?", "NSE 2026")
    t.type("Waar komt deze data vandaan?", "NSE-dashboard")
    t.type("Over welke periode gaat het?", "2025-2026")
    t.type("Bron 2 (leeg = klaar)", "")
    t.type("Wie heeft zich afgemeld?", "Dirk Wouters (bestuurder)")
    t.type("Aan wie gaat het verslag?", "stuurgroep; alle schoolopleiders")


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
    for name in PEOPLE:
        t.turn(name, f"ronde 1 inbreng {name}", long=True)
    t.silent()
    for name in PEOPLE:
        t.turn(name, f"ronde 1 betekenis {name}")
    t.expect("wat betekent dit voor ons?")  # ik & wij: then one line of the group
    t.type("Antwoord", "ronde 1 samen")
    t.choose("Kunnen we de vraag beantwoorden?", downs=1)  # nog niet: nog een ronde
    t.type("Waarom?", "We missen cijfers per school")
    t.type("Aangescherpte vraag", "Waarom daalt de tevredenheid op de grote scholen?", long=True)
    t.type("Welke data ontbreekt nog?", "Uitsplitsing per school")
    t.turn("Ann", "ronde 2 inbreng Ann", long=True)
    t.expect("Aan de beurt: Bo")
    t.expect("Antwoord")
    t.child.send("half getypt")
    t.child.sendcontrol("c")
    t.expect("Gepauzeerd")
    t.expect("half getypte antwoord is ook bewaard")
    t.expect(f"kwaliteit resume {target}")
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
    t.child.send("\x15")  # Ctrl-U clears it: the facilitator types the answer afresh
    t.type("", "ronde 2 inbreng Bo", long=True)
    t.turn("Cas", "ronde 2 inbreng Cas", long=True)
    t.silent()
    for name in PEOPLE:
        t.turn(name, f"ronde 2 betekenis {name}")
    t.type("Antwoord", "ronde 2 samen")
    t.choose("Kunnen we de vraag beantwoorden?")  # ja
    t.type("Waarom?", "Het beeld is nu compleet")
    t.choose("Betekenisvol gemaakt?")
    t.type("Toelichting", "Ja, zeker")
    t.expect("Wat is ons (voorlopige) antwoord")
    t.type("Antwoord", "Vooral op de grote scholen valt begeleiding uit", long=True)
    t.type("Afspraak 1", "Begeleiding per school in kaart brengen")
    t.choose("Wie neemt dit op zich?", downs=1)  # Bo
    t.type("Wanneer klaar?", "2026-12-15")
    t.type("Afspraak 2", "")
    # The missing data of round 1 is offered as an agreement, then decisions, next meeting.
    t.expect("In ronde 1 ontbrak data")
    t.choose("Wie zorgt voor “Uitsplitsing per school”?", downs=3)  # past 'geen', Ann, Bo: Cas
    t.type("Uiterlijk wanneer?", "voor de zomer")
    t.type("Besluit 1", "Begeleiding wordt per school besproken")
    t.type("Besluit 2", "")
    t.type("Datum volgende bijeenkomst", "15-06-2026")
    t.type("Plaats", "Tiel")
    t.type("Wat nemen mensen mee?", "de cijfers per school")
    for name in PEOPLE:
        t.expect(f"Aan de beurt: {name}")
        t.choose("Betekenisvol gemaakt?")
        t.type("Toelichting", f"toelichting {name}")
    t.silent()
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
    t.expect("Titel van het gesprek")
    t.child.send("\x15")  # Ctrl-U clears the prefilled answer
    t.type("", "Verbeterde titel")
    t.type("Datum", "")
    t.expect("Partnerschap of school")
    t.child.sendcontrol("c")
    assert t.close() == 130
    session = load_session(target)
    assert session.meeting.title == "Verbeterde titel"
    assert session.position is not None and session.position.step == "partnership"
