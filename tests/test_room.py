"""The room view's content, step kind by step kind: what the group sees on the wall.

The view is built from the NSE example (three participants, two rounds, a sharpened joint
question) with its position moved to each kind of step. It must never hold answer text, and
names only when asked for.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.replies import start_follow_up
from kwaliteit_cli.conversation.steps import FOLLOW_UP_STEP, phase_steps
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Position, Session
from kwaliteit_cli.verslag.room import render_room, room_view

INSTRUMENT = load_instrument(None)
NAMES = ("Sanne de Wit", "Karim El Amrani", "Joost Bakker")


def at(session: Session, position: Position | None) -> Session:
    """A copy of the session, paused at ``position`` (None: completed)."""
    moved = copy.deepcopy(session)
    moved.position = position
    if position is not None:
        moved.status = "in_progress"
        moved.completed_at = None
    return moved


def test_the_names_of_the_example_are_what_this_test_thinks(nse_session: Session) -> None:
    assert tuple(p.name for p in nse_session.participants) == NAMES


def test_before_the_joint_question_the_screen_shows_the_phase_and_the_question(
    nse_session: Session,
) -> None:
    session = at(nse_session, Position("opzet", "participants", item=1))
    session.joint_question = []
    view = room_view(INSTRUMENT, session, names=False)
    assert view["joint_question"] is None
    assert view["phase"]["title"] == "Voorbereiding"
    assert view["question"]["text"] == texts.SETUP_QUESTIONS["participants"]
    assert view["turn"] is None
    assert [p["state"] for p in view["phases"]] == ["todo", "todo", "todo"]


def test_an_aloud_ik_question_shows_whose_turn_by_role_and_by_name_only_with_names(
    nse_session: Session,
) -> None:
    session = at(nse_session, Position("check-in", "role_and_expectation", participant="p2"))
    session.joint_question = []
    anonymous = room_view(INSTRUMENT, session, names=False)
    named = room_view(INSTRUMENT, session, names=True)
    question = INSTRUMENT.question("check-in", "role_and_expectation")
    assert anonymous["question"] == named["question"]
    assert anonymous["question"]["text"] == question.text
    assert anonymous["question"]["aloud"] is True
    assert anonymous["question"]["addressee"] == "ik"
    assert anonymous["question"]["cue"] == texts.ALOUD_ROUND_CUE
    assert anonymous["turn"] == {"name": "", "role": "instituutsopleider", "number": 2, "of": 3}
    assert named["turn"]["name"] == "Karim El Amrani"
    assert anonymous["silent"] is None
    assert [p["state"] for p in anonymous["phases"]] == ["current", "todo", "todo"]


def test_a_silent_question_is_thin_and_counts_down_from_the_moment_it_began(
    nse_session: Session,
) -> None:
    session = at(nse_session, Position("check-in", "first_impression"))
    view = room_view(INSTRUMENT, session, names=True)
    assert view["question"]["aloud"] is False
    assert view["question"]["cue"] == texts.SILENT_CUE
    assert view["turn"] is None
    assert view["silent"] == {
        "seconds": INSTRUMENT.reflection_seconds,
        "started_at": session.updated_at.isoformat(),
    }


def test_a_wij_question_is_one_answer_of_the_group(nse_session: Session) -> None:
    view = room_view(INSTRUMENT, at(nse_session, Position("check-in", "shared_goal")), names=True)
    assert view["question"]["addressee"] == "wij"
    assert view["question"]["cue"] == texts.ALOUD_GROUP_CUE
    assert view["turn"] is None


def test_the_proces_check_shows_its_round_and_the_latest_joint_question(
    nse_session: Session,
) -> None:
    position = Position("proces-check", "what_it_means", 2, "p3")
    view = room_view(INSTRUMENT, at(nse_session, position), names=False)
    assert view["round"] == 2
    assert view["phase"]["title"] == "Proces-check"
    assert view["question"]["addressee"] == "ik & wij"
    assert view["joint_question"] == nse_session.joint_question[-1].text
    assert view["joint_question_sharpened_in"] == 1
    assert [p["state"] for p in view["phases"]] == ["done", "current", "todo"]


def test_the_process_check_itself_is_asked_of_the_group(nse_session: Session) -> None:
    position = Position("proces-check", "process_check", 1)
    view = room_view(INSTRUMENT, at(nse_session, position), names=True)
    assert view["question"]["kind"] == "process_check"
    assert view["turn"] is None
    assert view["round"] == 1


def test_the_look_back_of_a_follow_up_shows_no_earlier_agreement_or_owner(
    nse_session: Session,
) -> None:
    session = at(nse_session, Position("check-in", FOLLOW_UP_STEP, item=1))
    start_follow_up(session, nse_session, "nse.toml")
    view = room_view(INSTRUMENT, session, names=True)
    assert view["question"]["text"] == texts.ROOM["follow_up"]
    assert (view["question"]["number"], view["question"]["of"]) == (2, len(nse_session.agreements))
    shown = json.dumps(view, ensure_ascii=False)
    for agreement in nse_session.agreements:
        assert agreement.what not in shown


def test_a_completed_conversation_shows_the_final_joint_question_and_no_question(
    nse_session: Session,
) -> None:
    view = room_view(INSTRUMENT, at(nse_session, None), names=True)
    assert view["completed"] is True
    assert view["question"] is None
    assert view["joint_question"] == nse_session.current_joint_question()
    assert [p["state"] for p in view["phases"]] == ["done", "done", "done"]


def every_position(session: Session) -> list[Position]:
    positions = phase_steps(INSTRUMENT, session, "opzet")
    positions += phase_steps(INSTRUMENT, session, "check-in")
    for round_ in range(1, session.rounds() + 1):
        positions += phase_steps(INSTRUMENT, session, "proces-check", round_)
    positions += phase_steps(INSTRUMENT, session, "check-out")
    return positions


def said(session: Session) -> list[str]:
    """Everything typed in the conversation except the joint question (which is shown)."""
    texts_ = [a.text for a in session.answers if a.text]
    texts_ += [d.reason for d in session.decisions if d.reason]
    texts_ += [d.missing_data for d in session.decisions if d.missing_data]
    texts_ += [a.what for a in session.agreements]
    texts_ += [d.what for d in session.data]
    return texts_


@pytest.mark.parametrize("names", [False, True])
def test_no_step_shows_any_answer_and_names_only_with_names(
    nse_session: Session, names: bool
) -> None:
    spoken = said(nse_session)
    assert len(spoken) > 10
    for position in every_position(nse_session):
        session = at(nse_session, position)
        session.draft = "half getypt antwoord dat niemand mag zien"
        view = room_view(INSTRUMENT, session, names=names)
        page = render_room(view)
        for shown in (json.dumps(view, ensure_ascii=False), page):
            for text in spoken:
                assert text[:40] not in shown, (position, text)
            assert "half getypt" not in shown
            if not names:
                for name in NAMES:
                    assert name not in shown, (position, name)


def _plain(view: dict[str, Any]) -> bool:
    """Only JSON's own types: the view is plain data."""
    loaded: dict[str, Any] = json.loads(json.dumps(view))
    return loaded == view


def test_the_view_is_plain_data(nse_session: Session) -> None:
    for position in every_position(nse_session)[::5]:
        assert _plain(room_view(INSTRUMENT, at(nse_session, position), names=True))


def test_the_page_carries_the_verslags_policy_and_allows_only_its_own_script(
    nse_session: Session,
) -> None:
    silent = render_room(
        room_view(
            INSTRUMENT, at(nse_session, Position("check-in", "first_impression")), names=False
        )
    )
    aloud = render_room(
        room_view(INSTRUMENT, at(nse_session, Position("check-in", "shared_goal")), names=False)
    )
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', silent)
    assert policy is not None
    assert policy.group(1).startswith("default-src 'none'; style-src 'unsafe-inline'; ")
    assert re.fullmatch(r".*script-src 'sha256-[A-Za-z0-9+/=]+'", policy.group(1))
    assert '<meta http-equiv="refresh" content="2">' in silent
    assert "<script>" in silent
    assert "<script>" not in aloud  # nothing to count down, so no script at all
    assert "http:" not in silent and "https:" not in silent


def test_typed_text_in_the_joint_question_is_escaped(nse_session: Session) -> None:
    session = at(nse_session, Position("check-in", "shared_goal"))
    session.joint_question[-1].text = "<script>alert(1)</script> & meer?"
    page = render_room(room_view(INSTRUMENT, session, names=False))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer?" in page
    assert "<script>alert" not in page


def test_the_group_line_of_ik_en_wij_is_asked_of_the_group(nse_session: Session) -> None:
    position = Position("proces-check", "what_it_means", 1)  # after everyone: the group
    view = room_view(INSTRUMENT, at(nse_session, position), names=True)
    question = INSTRUMENT.question("proces-check", "what_it_means")
    assert view["question"]["text"] == question.group_line
    assert view["question"]["addressee"] == "wij"
    assert view["question"]["cue"] == texts.ALOUD_GROUP_CUE
    assert view["turn"] is None


def test_a_conversation_that_wrapped_up_shows_the_question_as_still_open(
    nse_session: Session,
) -> None:
    session = at(nse_session, Position("check-out", "meaningful_group"))
    assert room_view(INSTRUMENT, session, names=False)["question_open"] is False
    session.decisions = [session.decisions[0].replace(wrap_up=True)]
    view = room_view(INSTRUMENT, session, names=False)
    assert view["question_open"] is True
    assert view["question"]["text"].startswith(texts.OPEN_QUESTION_NOTICE)
    assert "Vraag nog open" in render_room(view)


def test_on_resume_the_silent_moment_counts_down_from_when_it_is_asked_again(
    nse_session: Session,
) -> None:
    session = at(nse_session, Position("check-in", "first_impression"))
    again = session.updated_at + dt.timedelta(days=3)
    view = room_view(INSTRUMENT, session, names=False, step_began=again)
    assert view["silent"]["started_at"] == again.isoformat()
    assert view["updated_at"] == session.updated_at.isoformat()
