"""Write N realistic, varied session files (and optionally a few broken ones) into a folder.

    python bench/make_sessions.py --count 5000 --out /tmp/sessies --seed 7 --broken 5

The sessions are built directly as Session objects and written with the tool's own
``dump_session``, so every good file passes ``load_session``. That is about three times
faster than replaying answers through the flow (measured: 1.6 against 4.3 ms per session,
the replay with only three participants), which matters when making thousands.

The mix: several partnerships over two years, two to six participants, one to four
proces-check rounds, a few unfinished conversations, agreements with past and future due
dates, follow-ups on the partnership's previous conversation, and now and then two
conversations with the same date and title.

Broken files (``--broken K``) look like sessions by name but are, in turn: cut-off TOML,
another program's TOML, a newer schema, a wrong value, binary junk, an empty file, an
unknown key and invalid UTF-8.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kwaliteit_cli.conversation.replies import start_follow_up
from kwaliteit_cli.session.file import dump_session
from kwaliteit_cli.session.model import (
    ROLES,
    Agreement,
    Answer,
    DataSource,
    Decision,
    JointQuestionVersion,
    Meeting,
    Participant,
    PhaseTime,
    Position,
    Session,
)
from kwaliteit_cli.verslag.batch import slug

OFFSET = dt.timezone(dt.timedelta(hours=1))
FIRST_DAY = dt.date(2025, 1, 6)
SPAN_DAYS = 700

PARTNERSHIPS = (
    "Opleidingsschool Rivierenland",
    "Samen Opleiden Utrecht",
    "Partnerschap Noord-Holland Noord",
    "Opleidingsschool Zuid-Limburg",
    "Academische Opleidingsschool Amsterdam",
    "Samen Opleiden Twente",
    "Opleidingsschool De Kempen",
    "Partnerschap Fryslân",
)
PLACES = ("Tiel", "Utrecht", "Alkmaar", "Heerlen", "Amsterdam", "Enschede", "Eindhoven", "Sneek")
FIRST_NAMES = (
    "Sanne", "Karim", "Joost", "Fatima", "Ruud", "Ilse", "Mehmet", "Anouk", "Bram", "Noor",
    "Daan", "Yasmina", "Pieter", "Lotte", "Youssef", "Eva", "Thijs", "Mirjam", "Sem", "Hanneke",
)  # fmt: skip
LAST_NAMES = (
    "de Wit", "El Amrani", "Bakker", "Yilmaz", "Claassen", "Hendriks", "Jansen", "Visser",
    "van Dijk", "Bouzid", "Smit", "de Boer", "Mulder", "Kaya", "Vos", "Peters", "Dekker",
)  # fmt: skip
DATA = (
    ("Nationale Studenten Enquête (NSE)", "NSE-dashboard"),
    ("Eigen studentenenquête over de stageschool", "Kwaliteitszorg"),
    ("Stagemonitor", "Bureau praktijkleren"),
    ("Uitval- en doorstroomcijfers eerstejaars", "Instellingsdashboard"),
    ("JOB-monitor", "JOB"),
    ("Zelfevaluatie voor de accreditatie", "Stuurgroep"),
    ("Instroomcijfers zij-instromers", "Opleidingsmanagement"),
    ("Observaties van lessen van studenten", "Instituutsopleiders"),
)
FOCUSES = (
    "begeleiding op de stageschool",
    "uitval in het eerste jaar",
    "feedback op lesbezoeken",
    "inductie van startende leraren",
    "samenwerking school en instituut",
    "werkdruk van werkplekbegeleiders",
    "tevredenheid over de opleidingsschool",
    "zij-instromers in het eerste jaar",
)
QUESTIONS = (
    "Waarom zijn studenten minder tevreden over {focus} dan vorig jaar?",
    "Wat verklaart de verschillen tussen scholen bij {focus}?",
    "Wat kunnen wij samen doen aan {focus}?",
    "Welke studenten hebben het meeste last van problemen met {focus}?",
)
REMARKS = (
    "De score zakt, vooral bij derdejaars.",
    "Ik herken dit uit mijn eigen gesprekken met studenten.",
    "Op de grote scholen speelt het sterker dan op de kleine.",
    "De cijfers zeggen weinig zonder de toelichtingen erbij.",
    "Het verschil met vorig jaar is kleiner dan het lijkt.",
    "Dit vraagt om een gezamenlijke aanpak, niet om losse acties.",
    "Ik mis de stem van de werkplekbegeleiders in deze data.",
    "We moeten eerst weten of de respons representatief is.",
)
ACTIONS = (
    "Cijfers per school uitsplitsen",
    "Gesprek met de werkplekbegeleiders plannen",
    "Voorstel voor vaste feedbackmomenten schrijven",
    "Exitgesprekken met gestopte studenten analyseren",
    "Resultaten bespreken in de stuurgroep",
    "Aanvullende vragen opnemen in de eigen enquête",
)
BROKEN_KINDS = (
    "cut-off",
    "foreign",
    "newer-schema",
    "wrong-value",
    "binary",
    "empty",
    "unknown-key",
    "not-utf8",
)


@dataclass
class Made:
    """What the generator wrote: the good session files and the broken ones."""

    good: list[Path] = field(default_factory=list)
    broken: list[Path] = field(default_factory=list)


class Clock:
    """Timestamps through one meeting, a few minutes apart."""

    def __init__(self, start: dt.datetime, rng: random.Random) -> None:
        self.now = start
        self.rng = rng

    def tick(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=self.rng.randint(40, 240))
        return self.now


def make_session(rng: random.Random, day: dt.date, partnership: str, number: int) -> Session:
    """One whole conversation, as the flow would have recorded it."""
    start = dt.datetime(day.year, day.month, day.day, rng.choice((9, 13, 15)), 0, tzinfo=OFFSET)
    start += dt.timedelta(seconds=number % 3600)  # keeps created_at unique per session
    clock = Clock(start, rng)
    focus = rng.choice(FOCUSES)
    data_what, data_source = rng.choice(DATA)
    count = rng.randint(2, 6)
    names = rng.sample([f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES], count)
    participants = [
        Participant(f"p{i + 1}", name, rng.choice(ROLES)) for i, name in enumerate(names)
    ]
    session = Session(
        created_at=start,
        updated_at=start,
        instrument_id="kwaliteitsgesprek-over-data",
        instrument_version=1,
        meeting=Meeting(
            title=f"{data_what.split(' (')[0]} {day.year}: {focus}",
            date=day,
            partnership=partnership,
            place=rng.choice(PLACES),
            facilitator=rng.choice(("", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")),
            minute_taker="p1",
        ),
        participants=participants,
        data=[DataSource(data_what, data_source, f"{day.year - 1}-{day.year}")],
    )
    session.meeting.facilitator_external = bool(session.meeting.facilitator) and rng.random() < 0.5
    times = [PhaseTime("opzet", start)]

    def enter(phase: str) -> None:
        moment = clock.tick()
        times[-1].ended_at = moment
        times.append(PhaseTime(phase, moment))

    def round_answers(phase: str, round_: int, question: str, passing: float = 0.0) -> None:
        for person in participants:
            passed = rng.random() < passing
            session.answers.append(
                Answer(
                    phase,
                    round_,
                    question,
                    clock.tick(),
                    participant=person.id,
                    text="" if passed else rng.choice(REMARKS),
                    passed=passed,
                )
            )

    enter("check-in")
    round_answers("check-in", 0, "role_and_expectation")
    session.answers.append(Answer("check-in", 0, "first_impression", clock.tick(), silent=True))
    session.answers.append(
        Answer("check-in", 0, "shared_goal", clock.tick(), text=rng.choice(REMARKS))
    )
    question = rng.choice(QUESTIONS).format(focus=focus)
    session.joint_question.append(JointQuestionVersion(question, 0, clock.tick()))

    enter("proces-check")
    rounds = rng.choices((1, 2, 3, 4), weights=(35, 40, 18, 7))[0]
    for round_ in range(1, rounds + 1):
        round_answers("proces-check", round_, "contribution")
        session.answers.append(
            Answer("proces-check", round_, "own_share", clock.tick(), silent=True)
        )
        round_answers("proces-check", round_, "what_it_means", passing=0.15)
        last = round_ == rounds
        answerable = last and rng.random() < 0.85
        session.decisions.append(
            Decision(
                round_,
                answerable,
                rng.choice(REMARKS),
                clock.tick(),
                missing_data="" if answerable else rng.choice(("", "Cijfers per leerjaar.")),
            )
        )
        if not last and rng.random() < 0.5:
            sharper = f"{question.rstrip('?')}, in het bijzonder bij derdejaars?"
            session.joint_question.append(JointQuestionVersion(sharper, round_, clock.tick()))

    if rng.random() < 0.05:  # paused before the check-out: 'kwaliteit resume' continues here
        session.position = Position("check-out", "meaningful_group")
        session.updated_at = clock.tick()
        times[-1].ended_at = None
        session.phase_times = times
        return session

    enter("check-out")
    verdict = rng.choices(("ja", "deels", "nee"), weights=(55, 35, 10))[0]
    session.answers.append(
        Answer("check-out", 0, "meaningful_group", clock.tick(), choice=verdict, text="")
    )
    session.answers.append(
        Answer("check-out", 0, "joint_answer", clock.tick(), text=rng.choice(REMARKS))
    )
    for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(10, 25, 35, 20, 10))[0]):
        kind = rng.random()
        owner = rng.choice(participants).id if kind < 0.7 else ""
        outsider = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if kind > 0.9 else ""
        due = day + dt.timedelta(days=rng.randint(7, 120)) if rng.random() < 0.8 else None
        session.agreements.append(
            Agreement(
                rng.choice(ACTIONS),
                clock.tick(),
                owner=owner,
                owner_name=outsider,
                due=due,
                due_text="" if due else "voor de zomervakantie",
            )
        )
    for person in participants:
        session.answers.append(
            Answer(
                "check-out",
                0,
                "meaningful_self",
                clock.tick(),
                participant=person.id,
                choice=rng.choice(("ja", "deels", "nee")),
            )
        )
    session.answers.append(Answer("check-out", 0, "take_away", clock.tick(), silent=True))
    end = clock.tick()
    times[-1].ended_at = end
    session.phase_times = times
    session.status = "completed"
    session.completed_at = session.updated_at = end
    return session


def broken_text(kind: str, good: str) -> bytes:
    """The bytes of a broken file of the given kind, made from a good session's text."""
    if kind == "cut-off":
        return good[: len(good) // 2].rsplit("\n", 1)[0].encode() + b'\ntitle = "'
    if kind == "foreign":
        return b'[project]\nname = "iets-anders"\nversion = "1.0"\n'
    if kind == "newer-schema":
        return re.sub(r"schema_version = \d+", "schema_version = 99", good, count=1).encode()
    if kind == "wrong-value":
        return good.replace("date = 20", 'date = "morgen" # 20', 1).encode()
    if kind == "binary":
        return bytes(range(256)) * 4
    if kind == "empty":
        return b""
    if kind == "unknown-key":
        return good.replace("[meeting]\n", "[meeting]\nkleur = 'blauw'\n", 1).encode()
    if kind == "not-utf8":
        return good.encode("utf-8").replace(b"schema_version", b"\xff\xfeschema_version", 1)
    raise ValueError(kind)


def make_sessions(folder: Path, count: int, *, seed: int = 1, broken: int = 0) -> Made:
    """Write ``count`` good sessions and ``broken`` broken files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    made = Made()
    previous: dict[str, Session] = {}  # the partnership's last finished conversation
    broken_at = set(rng.sample(range(count + broken), broken)) if broken else set()
    good_left, broken_made = count, 0
    last_text = ""
    for index in range(count + broken):
        day = FIRST_DAY + dt.timedelta(days=index * SPAN_DAYS // max(1, count + broken))
        partnership = rng.choice(PARTNERSHIPS)
        name = f"{day.isoformat()}-{slug(partnership)}-{index:05d}.toml"
        path = folder / name
        if index in broken_at and last_text:
            path.write_bytes(broken_text(BROKEN_KINDS[broken_made % len(BROKEN_KINDS)], last_text))
            made.broken.append(path)
            broken_made += 1
            continue
        if good_left == 0:
            break
        session = make_session(rng, day, partnership, index)
        earlier = previous.get(partnership)
        if earlier is not None and rng.random() < 0.35:
            start_follow_up(session, earlier, f"{slug(partnership)}.toml")
            assert session.follow_up is not None
            for item in session.follow_up.agreements:
                item.status = rng.choice(("done", "done", "under_way", "dropped"))
            if earlier.meeting.date == day and rng.random() < 0.5:
                session.meeting.title = earlier.meeting.title  # same date and title: a collision
        elif earlier is not None and rng.random() < 0.02:
            session.meeting.date = earlier.meeting.date
            session.meeting.title = earlier.meeting.title
        if session.completed:
            previous[partnership] = session
        last_text = dump_session(session)
        path.write_text(last_text, "utf-8")
        made.good.append(path)
        good_left -= 1
    # A broken file at the very start has no good text to spoil yet: make it at the end.
    while broken_made < broken:
        path = folder / f"{FIRST_DAY.isoformat()}-kapot-{broken_made:03d}.toml"
        path.write_bytes(broken_text(BROKEN_KINDS[broken_made % len(BROKEN_KINDS)], last_text))
        made.broken.append(path)
        broken_made += 1
    return made


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="number of good sessions")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    parser.add_argument("--broken", type=int, default=0, help="number of broken files to mix in")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    made = make_sessions(args.out, args.count, seed=args.seed, broken=args.broken)
    seconds = time.perf_counter() - began
    print(
        f"{len(made.good)} sessies en {len(made.broken)} kapotte bestanden in {args.out} "
        f"({seconds:.1f} s, {len(made.good) / max(seconds, 1e-9):.0f} sessies/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
