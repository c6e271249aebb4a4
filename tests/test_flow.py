"""The pure conversation flow, driven by a scripted prompter that fails on unexpected steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kwaliteit_cli.conversation.answers import ScriptedPrompter
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock, replay
from kwaliteit_cli.conversation.replies import apply_reply, parse_date
from kwaliteit_cli.conversation.steps import (
    ANSWER_BACK,
    FlowError,
    Reply,
    StepView,
    answer,
    build_view,
    first_position,
    next_position,
    previous_position,
)
from kwaliteit_cli.errors import AnswersError
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Position, Session, new_session
from tests.conftest import START

INSTRUMENT = load_instrument(None)

MINIMAL: dict[str, object] = {
    "meeting": {"title": "Kort", "date": dt.date(2026, 5, 1), "minute_taker": "Ann"},
    "participants": [
        {"name": "Ann", "role": "schoolopleider"},
        {"name": "Bo", "role": "bestuurder"},
    ],
    "data": [{"what": "NSE"}],
    "check-in": {
        "role_and_expectation": ["a1", "b1"],
        "about_the_data": "data",
        "shared_goal": "doel",
        "joint_question": "Vraag?",
    },
    "proces-check": [
        {
            "contribution": ["a2", "b2"],
            "what_it_means": {"ik": ["a3", "/pas"], "wij": "samen"},
            "process_check": {"answerable": True, "reason": "helder"},
        }
    ],
    "check-out": {
        "meaningful_group": "ja",
        "joint_answer": "antwoord",
        "agreements": [{"what": "doen", "who": "Bo", "due": dt.date(2026, 6, 1)}],
        "meaningful_self": ["ja", {"choice": "nee", "text": "niet voor mij"}],
    },
}


def run_minimal(data: dict[str, object]) -> Session:
    return replay(ScriptedPrompter(data, Path("test.toml")), INSTRUMENT, START)


def test_minimal_conversation_records_every_answer_in_order() -> None:
    session = run_minimal(MINIMAL)
    assert session.completed
    assert session.position is None
    assert [p.name for p in session.participants] == ["Ann", "Bo"]
    assert session.meeting.minute_taker == "p1"
    texts = [
        (a.question, a.participant, a.choice or a.text) for a in session.answers if not a.silent
    ]
    assert texts == [
        ("role_and_expectation", "p1", "a1"),
        ("role_and_expectation", "p2", "b1"),
        ("about_the_data", "", "data"),
        ("shared_goal", "", "doel"),
        ("contribution", "p1", "a2"),
        ("contribution", "p2", "b2"),
        ("what_it_means", "p1", "a3"),
        ("what_it_means", "p2", ""),
        ("what_it_means", "", "samen"),
        ("meaningful_group", "", "ja"),
        ("joint_answer", "", "antwoord"),
        ("meaningful_self", "p1", "ja"),
        ("meaningful_self", "p2", "nee"),
    ]
    passed = [a for a in session.answers if a.passed]
    assert [(a.question, a.participant) for a in passed] == [("what_it_means", "p2")]
    assert session.agreements[0].owner == "p2"
    assert session.agreements[0].due == dt.date(2026, 6, 1)


def test_silent_questions_are_recorded_as_asked_without_content() -> None:
    session = run_minimal(MINIMAL)
    silent = [a for a in session.answers if a.silent]
    assert [a.question for a in silent] == ["first_impression", "own_share", "take_away"]
    assert all(a.text == "" and a.participant == "" for a in silent)


def test_phases_run_in_order_and_are_timed() -> None:
    session = run_minimal(MINIMAL)
    assert [t.phase for t in session.phase_times] == [
        "opzet",
        "check-in",
        "proces-check",
        "check-out",
    ]
    for earlier, later in zip(session.phase_times, session.phase_times[1:], strict=False):
        assert earlier.ended_at is not None and earlier.ended_at <= later.started_at


def test_not_yet_leads_to_another_round_and_keeps_each_version_of_the_question(
    nse_session: Session,
) -> None:
    assert nse_session.rounds() == 2
    assert [(d.round, d.answerable) for d in nse_session.decisions] == [(1, False), (2, True)]
    assert nse_session.decisions[0].missing_data.startswith("Uitsplitsing")
    assert [v.round for v in nse_session.joint_question] == [0, 1]
    assert nse_session.current_joint_question().startswith("Waarom zijn derdejaars")


def test_the_conversation_starts_and_ends_with_ik() -> None:
    first = INSTRUMENT.phases[0].questions[0]
    last = INSTRUMENT.phases[-1].questions[-1]
    assert first.addressee == "ik" and last.addressee == "ik"
    assert INSTRUMENT.phases[0].questions[-1].kind == "joint_question"


def test_a_step_the_script_does_not_answer_fails_with_its_place() -> None:
    data = {**MINIMAL, "check-in": {"role_and_expectation": ["a1"], "shared_goal": "d"}}
    with pytest.raises(AnswersError) as caught:
        run_minimal(data)
    assert "check-in.role_and_expectation[2]" in str(caught.value)


def test_an_answer_no_step_asks_for_fails() -> None:
    data = dict(MINIMAL)
    rounds = MINIMAL["proces-check"]
    assert isinstance(rounds, list)
    data["proces-check"] = [*rounds, {"contribution": ["x", "y"]}]
    with pytest.raises(AnswersError) as caught:
        run_minimal(data)
    assert "proces-check[2]" in str(caught.value)
    assert "niet gebruikt" in str(caught.value)


def test_an_invalid_choice_is_refused_with_the_options() -> None:
    data = dict(MINIMAL)
    data["check-out"] = {**MINIMAL["check-out"], "meaningful_group": "misschien"}  # type: ignore[dict-item]
    with pytest.raises(AnswersError) as caught:
        run_minimal(data)
    assert "ja, deels, nee" in str(caught.value)


class Exhausted(Exception):
    """The test scripted no more replies: the conversation asked one step too many."""


class ListPrompter:
    """Answers from a list of replies in order; fails if asked more often than scripted."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.views: list[StepView] = []
        self.errors: list[str] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        if not self.replies:
            raise Exhausted(str(view.position))
        return self.replies.pop(0)

    def tell_error(self, message: str) -> None:
        self.errors.append(message)


def fresh() -> Session:
    return new_session(INSTRUMENT.id, INSTRUMENT.version)


def test_going_back_reasks_the_previous_step_with_its_answer_as_default() -> None:
    session = fresh()
    saved: list[str] = []
    prompter = ListPrompter(
        [answer(text="Eerste titel"), ANSWER_BACK, answer(text="Betere titel"), answer(text="")]
    )
    with pytest.raises(Exhausted):
        run_conversation(INSTRUMENT, session, prompter, lambda s: saved.append(s.meeting.title))
    # the 'back' reply at the date step shows the title again, prefilled with the first answer
    assert prompter.views[2].position.step == "title"
    assert prompter.views[2].fields[0].default == "Eerste titel"
    assert session.meeting.title == "Betere titel"
    # an empty date is refused and the same step is asked again
    assert prompter.errors == ["Dit mag niet leeg zijn."]
    assert session.position == Position("opzet", "date")
    assert saved == ["", "Eerste titel", "Eerste titel", "Betere titel"]


def test_back_never_crosses_into_a_closed_phase(nse_session: Session) -> None:
    first_of_round = Position("proces-check", "contribution", 2, "p1")
    assert previous_position(INSTRUMENT, nse_session, first_of_round) is None
    first_checkout = Position("check-out", "meaningful_group")
    assert previous_position(INSTRUMENT, nse_session, first_checkout) is None


def test_an_answer_is_saved_after_every_step() -> None:
    saves: list[int] = []
    prompter = ScriptedPrompter(MINIMAL, Path("t.toml"))
    session = fresh()
    run_conversation(
        INSTRUMENT, session, prompter, lambda s: saves.append(len(s.answers)), SteppingClock(START)
    )
    steps = sum(1 for _ in range(len(saves)))
    assert steps >= 30  # every step of the whole conversation, plus the initial save
    assert saves == sorted(saves)  # answers only ever grow


def test_process_check_yes_goes_to_check_out_not_yet_to_next_round() -> None:
    session = run_minimal(MINIMAL)
    check = Position("proces-check", "process_check", 1)
    assert next_position(INSTRUMENT, session, check) == Position("check-out", "meaningful_group")
    session.decisions[0].answerable = False
    assert next_position(INSTRUMENT, session, check) == Position(
        "proces-check", "contribution", 2, "p1"
    )


def test_view_of_a_round_step_shows_whose_turn_and_who_is_waiting(nse_session: Session) -> None:
    nse_session.answers = [a for a in nse_session.answers if a.phase == "check-in"]
    view = build_view(INSTRUMENT, nse_session, Position("proces-check", "contribution", 1, "p1"))
    assert view.participant_name == "Sanne de Wit"
    assert view.waiting == ("Karim El Amrani", "Joost Bakker")
    assert view.aloud and view.can_pass and view.addressee == "ik"
    assert view.joint_question == nse_session.current_joint_question()


def test_passing_is_only_for_a_person_in_a_round() -> None:
    session = run_minimal(MINIMAL)
    with pytest.raises(FlowError):
        apply_reply(INSTRUMENT, session, Position("check-in", "shared_goal"), Reply("pass"), START)


def test_first_position_is_the_title() -> None:
    assert first_position(INSTRUMENT, fresh()) == Position("opzet", "title")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-28", dt.date(2026, 11, 28)),
        ("28-11-2026", dt.date(2026, 11, 28)),
        ("1/2/2027", dt.date(2027, 2, 1)),
        ("31-02-2026", None),
        ("morgen", None),
    ],
)
def test_dates_are_read_in_iso_and_dutch_order(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected
