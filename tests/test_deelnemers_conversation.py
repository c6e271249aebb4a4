"""The room inside a whole conversation: phones send, the facilitator decides, and the session
(written only by the loop's own saver) holds exactly what was accepted."""

from __future__ import annotations

from pathlib import Path

from kwaliteit_cli.conversation.answers import load_answers
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.steps import Reply, StepView
from kwaliteit_cli.deelnemers.conversation import RoomPrompter, review_corrections
from kwaliteit_cli.deelnemers.state import Mode, Pending, Room, Tally
from kwaliteit_cli.session.file import load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Session, new_session
from tests.conftest import START

EXAMPLE = Path(__file__).resolve().parent.parent / "examples"


class Facilitator:
    """The scripted answers, except that the joint question takes what the room chose (the
    facilitator presses Enter on the proposal), and the phones act during silent moments."""

    def __init__(self, answers: Path, room: Room, phones: list[str]) -> None:
        self.script = load_answers(answers)
        self.room = room
        self.phones = phones
        self.silent_seen = 0

    def ask(self, view: StepView) -> Reply:
        scripted = self.script.ask(view)
        if view.silent:
            assert self.room.stage.mode is Mode.NOTE
            self.silent_seen += 1
            if self.silent_seen == 1:
                a, b, c = self.phones
                self.room.share_note(a, "De respons is laag bij de derdejaars.")
                self.room.share_note(b, "Ik herken dit van mijn eigen stageschool.", "Sanne")
                self.room.share_note(c, "GEHEIM: niet voor het verslag")
        if view.kind == "joint_question" and view.fields[0].default:
            return Reply("answer", {"text": view.fields[0].default})
        return scripted

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


class Decisions:
    """The facilitator's choices: accept the first note, edit the second, reject the rest."""

    def __init__(self, phones: list[str]) -> None:
        self.phones = phones
        self.decided: list[Pending] = []

    def decide(self, item: Pending) -> tuple[bool, str | None]:
        self.decided.append(item)
        if item.text.startswith("GEHEIM") or item.text.startswith("NEE"):
            return False, None
        if item.name == "Sanne":
            return True, "Sanne herkent dit van haar eigen stageschool."
        return True, None

    def choose_question(self, room: Room) -> str | None:
        a, b, c = self.phones
        first = room.propose_question(a, "Waarom haken derdejaars af?")
        second = room.propose_question(b, "Wat maakt feedback op de stage bruikbaar?")
        room.set_dots(a, {first.id: 1, second.id: 2})
        room.set_dots(b, {second.id: 3})
        room.set_dots(c, {first.id: 3})
        (top, dots), *_ = room.proposals()
        assert dots == 5
        return top.text

    def run_vote(self, room: Room) -> Tally | None:
        room.open_vote()
        for phone, choice in zip(self.phones, ("ja", "ja", "deels"), strict=True):
            room.vote(phone, choice)
        return room.close_vote()

    def show_room(self) -> None:
        raise AssertionError("the facilitator never asked for the room screen")

    def collect_corrections(self, room: Room) -> None:
        a, b, _ = self.phones
        room.set_name(a, "Sanne de Wit")
        room.set_name(b, "Joost Bakker")
        room.propose_correction(a, "Ik zie vooral dat de feedback te laat komt.", 0)
        room.propose_correction(b, "NEE: dit wil ik niet", 0)


def run(tmp_path: Path) -> tuple[Session, Room, list[Tally], Path]:
    instrument = load_instrument(None)
    session = new_session(instrument.id, instrument.version, "")
    room = Room()
    phones = [room.join_with_token(room.token).secret for _ in range(3)]
    decisions = Decisions(phones)
    tallies: list[Tally] = []
    target = tmp_path / "gesprek.toml"
    prompter = RoomPrompter(
        Facilitator(EXAMPLE / "nse-stagebegeleiding.antwoorden.toml", room, phones),
        room,
        decisions,
        on_tally=tallies.append,
    )
    run_conversation(
        instrument, session, prompter, lambda s: save_session(s, target), SteppingClock(START)
    )
    review_corrections(session, room, decisions, lambda s: save_session(s, target))
    return session, room, tallies, target


def test_the_session_holds_exactly_what_the_facilitator_accepted(tmp_path: Path) -> None:
    _, room, tallies, target = run(tmp_path)
    saved = load_session(target)
    text = target.read_text("utf-8")
    # Notes: the first as sent and without a name, the second as edited, the third nowhere.
    notes = [a.text for a in saved.answers if a.silent and a.text]
    assert notes == [
        "De respons is laag bij de derdejaars.\nSanne: Sanne herkent dit van haar eigen "
        "stageschool."
    ]
    assert "GEHEIM" not in text and "Ik herken dit van mijn eigen" not in text
    # The joint question is the proposal with the most dots.
    assert saved.joint_question[0].text == "Wat maakt feedback op de stage bruikbaar?"
    assert "Waarom haken derdejaars af?" not in text
    # The vote: three counts, handed over once.
    assert tallies == [Tally(ja=2, deels=1, nee=0)]
    # The correction of Sanne's first words was accepted; Joost's was not.
    sanne = next(p.id for p in saved.participants if p.name == "Sanne de Wit")
    first = next(a for a in saved.answers if a.participant == sanne and a.text)
    assert first.text == "Ik zie vooral dat de feedback te laat komt."
    assert "NEE: dit wil ik niet" not in text
    # Nothing pending is left, and nothing of it outlives the room.
    assert room.pending() == []
    room.close()
    assert room.devices() == [] and room.token == ""


def test_without_phones_every_step_still_works_by_typing(tmp_path: Path) -> None:
    """No device joined: the wrapped conversation ends with the same answers as the bare one."""
    instrument = load_instrument(None)

    class Nobody:
        votes_offered = 0

        def decide(self, item: Pending) -> tuple[bool, str | None]:
            raise AssertionError("nothing was sent")

        def choose_question(self, room: Room) -> str | None:
            return None

        def run_vote(self, room: Room) -> Tally | None:
            self.votes_offered += 1
            return None  # 'geen stemming'

        def collect_corrections(self, room: Room) -> None:
            return None

        def show_room(self) -> None:
            raise AssertionError("not asked for")

    answers = EXAMPLE / "nse-stagebegeleiding.antwoorden.toml"
    bare = new_session(instrument.id, instrument.version, "")
    run_conversation(instrument, bare, load_answers(answers), lambda s: None, SteppingClock(START))
    wrapped = new_session(instrument.id, instrument.version, "")
    room = Room()
    nobody = Nobody()
    prompter = RoomPrompter(load_answers(answers), room, nobody)
    run_conversation(instrument, wrapped, prompter, lambda s: None, SteppingClock(START))
    assert nobody.votes_offered == 1  # declined once, not offered again to each participant
    assert review_corrections(wrapped, room, Nobody(), lambda s: None) == 0
    assert [(a.question, a.text, a.choice) for a in wrapped.answers] == [
        (a.question, a.text, a.choice) for a in bare.answers
    ]
    assert wrapped.joint_question[0].text == bare.joint_question[0].text


def test_the_vote_reads_back_from_the_session_file_as_three_counts(tmp_path: Path) -> None:
    from kwaliteit_cli.conversation.steps import first_position
    from kwaliteit_cli.session.model import RoomVote

    instrument = load_instrument(None)
    session = new_session(instrument.id, instrument.version, "")
    session.position = first_position(instrument, session)
    session.vote = RoomVote(2, 1, 0, START)
    target = tmp_path / "s.toml"
    save_session(session, target)
    again = load_session(target)
    assert again.vote is not None
    assert (again.vote.ja, again.vote.deels, again.vote.nee, again.vote.at) == (2, 1, 0, START)
    assert "[vote]" in target.read_text("utf-8")
