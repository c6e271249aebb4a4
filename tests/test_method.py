"""The method, complete: the proces-check's three answers, the open question carried into a
follow-up, ik & wij's group line, the roles and the advice about an external begeleider."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.answers import ScriptedPrompter
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.replies import apply_reply, start_follow_up
from kwaliteit_cli.conversation.steps import (
    FlowError,
    Reply,
    StepView,
    answer,
    build_view,
    next_position,
    phase_steps,
)
from kwaliteit_cli.errors import AnswersError, SessionFileError
from kwaliteit_cli.session.file import dump_session, load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Position, Session, new_session
from kwaliteit_cli.session.schema import session_from_dict
from kwaliteit_cli.verslag.context import build_context
from kwaliteit_cli.verslag.overview import OverviewBuilder, render_overview
from kwaliteit_cli.verslag.render import render_report
from tests.test_flow import MINIMAL

INSTRUMENT = load_instrument(None)
START = dt.datetime(2026, 5, 1, 15, 0, tzinfo=dt.UTC)
WRAP_UP = {
    "answerable": False,
    "wrap_up": True,
    "reason": "De cijfers per school ontbreken.",
    "missing_data": "NSE-scores per school",
}


class Recording(ScriptedPrompter):
    """A scripted prompter that keeps every view it was shown."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data, Path("methode.antwoorden.toml"))
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        return super().ask(view)


def play(data: dict[str, Any], earlier: Session | None = None) -> tuple[Session, Recording]:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    if earlier is not None:
        start_follow_up(session, earlier, "eerder.toml")
    prompter = Recording(data)
    run_conversation(INSTRUMENT, session, prompter, lambda _: None, SteppingClock(START))
    prompter.check_all_used()
    return session, prompter


def with_check(*checks: dict[str, Any]) -> dict[str, Any]:
    """MINIMAL with one proces-check round per given process check."""
    data = copy.deepcopy(MINIMAL)
    first = data["proces-check"][0]  # type: ignore[index]
    data["proces-check"] = [{**first, "process_check": check} for check in checks]
    return data


def wrapped_up() -> tuple[Session, Recording]:
    data = with_check(WRAP_UP)
    data["check-out"]["agreements"] = [
        {"what": "NSE-scores per school opvragen", "who": "Ann", "due": dt.date(2026, 6, 1)}
    ]
    return play(data)


# --- the proces-check's three answers --------------------------------------------------------


def test_the_process_check_offers_three_answers_and_asks_missing_data_after_both_not_yets() -> None:
    _, prompter = play(with_check({"answerable": True}))
    view = next(v for v in prompter.views if v.kind == "process_check")
    choice, _, sharpened, missing = view.fields
    assert choice.options == ("ja", "nog niet: nog een ronde", "nog niet: we ronden af")
    assert sharpened.shown({"answerable": "nog niet: nog een ronde"})
    assert not sharpened.shown({"answerable": "nog niet: we ronden af"})
    assert missing.shown({"answerable": "nog niet: nog een ronde"})
    assert missing.shown({"answerable": "nog niet: we ronden af"})
    assert not missing.shown({"answerable": "ja"})


def test_ja_goes_to_the_check_out() -> None:
    session, _ = play(with_check({"answerable": True}))
    assert [(d.round, d.answerable, d.wrap_up) for d in session.decisions] == [(1, True, False)]
    assert session.rounds() == 1
    assert session.wrap_up() is None


def test_nog_een_ronde_starts_another_round() -> None:
    session, prompter = play(
        with_check({"answerable": "nog niet: nog een ronde"}, {"answerable": True})
    )
    assert [(d.round, d.answerable, d.wrap_up) for d in session.decisions] == [
        (1, False, False),
        (2, True, False),
    ]
    assert any(v.position.round == 2 for v in prompter.views)


def test_we_ronden_af_goes_to_the_check_out_with_the_question_open() -> None:
    session, prompter = wrapped_up()
    assert session.completed
    assert session.rounds() == 1  # no second round
    decision = session.wrap_up()
    assert decision is not None and not decision.answerable
    assert decision.missing_data == "NSE-scores per school"
    check_out = [v for v in prompter.views if v.position.phase == "check-out"]
    assert check_out[0].question.startswith(texts.OPEN_QUESTION_NOTICE)
    joint_answer = next(v for v in check_out if v.kind == "joint_answer")
    assert joint_answer.question == texts.OPEN_QUESTION_JOINT_ANSWER


def test_the_missing_data_is_offered_as_the_first_agreement() -> None:
    _, prompter = wrapped_up()
    first = next(v for v in prompter.views if v.kind == "agreements")
    assert first.fields[0].default == "Ontbrekende data verzamelen: NSE-scores per school"
    second = [v for v in prompter.views if v.kind == "agreements"][1]
    assert second.fields[0].default == ""  # only proposed while there is no agreement yet


def test_without_wrapping_up_no_agreement_is_proposed() -> None:
    data = with_check({"answerable": True})
    _, prompter = play(data)
    first = next(v for v in prompter.views if v.kind == "agreements")
    assert first.fields[0].default == ""


def test_wrap_up_with_answerable_true_is_refused_in_the_answers_file() -> None:
    with pytest.raises(AnswersError) as caught:
        play(with_check({"answerable": True, "wrap_up": True}))
    assert caught.value.where == "proces-check[1].process_check.wrap_up"
    assert "answerable = false" in caught.value.hint


def test_an_answer_that_is_no_option_names_the_three() -> None:
    session, _ = play(with_check({"answerable": True}))
    position = Position("proces-check", "process_check", 1)
    with pytest.raises(FlowError) as caught:
        apply_reply(INSTRUMENT, session, position, answer(answerable="misschien"), START)
    assert "nog niet: we ronden af" in str(caught.value)


def test_wrap_up_survives_the_file_and_an_answerable_wrap_up_is_refused(tmp_path: Path) -> None:
    session, _ = wrapped_up()
    path = tmp_path / "open.toml"
    save_session(session, path)
    assert load_session(path) == session
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["decisions"][0]["wrap_up"] is True
    data["decisions"][0]["answerable"] = True
    with pytest.raises(SessionFileError) as caught:
        session_from_dict(data, path)
    assert caught.value.where == "decisions[1].wrap_up"


def test_a_schema_2_file_loads_unchanged_but_for_its_number(nse_session: Session) -> None:
    data = tomllib.loads(dump_session(nse_session))
    data["schema_version"] = 2
    del data["id"], data["end"]  # schema 3's own keys; an old file gets a derived id
    loaded = session_from_dict(data, Path("oud.toml"))
    assert loaded.id and loaded.replace(id=nse_session.id) == nse_session


def test_the_verslag_and_the_overview_say_vraag_nog_open() -> None:
    session, _ = wrapped_up()
    context = build_context(session, INSTRUMENT)
    assert context["joint_question"]["open"] is True
    assert context["joint_question"]["missing_data"] == "NSE-scores per school"
    assert context["rounds"][0]["decision"]["verdict"] == "nog niet: we ronden af"
    md = render_report(context, "md")
    assert "**Vraag nog open.**" in md and "NSE-scores per school" in md
    assert "Vraag nog open." in render_report(context, "html")
    builder = OverviewBuilder()
    builder.add(session, "open.toml", INSTRUMENT)
    overview = "".join(render_overview(builder.build(dt.date(2026, 6, 1)), "md"))
    assert "| vraag nog open |" in overview


# --- the open question carried into a follow-up -------------------------------------------------


def test_a_follow_up_offers_the_open_question_as_its_joint_question() -> None:
    earlier, _ = wrapped_up()
    data = copy.deepcopy(MINIMAL)
    data["check-in"]["follow_up"] = ["loopt nog"]  # type: ignore[index]
    later, prompter = play(data, earlier=earlier)
    assert later.follow_up is not None and later.follow_up.question_open
    look_back = next(v for v in prompter.views if v.kind == "follow_up")
    assert "Open vraag uit dat gesprek: Vraag?" in look_back.question
    joint = next(v for v in prompter.views if v.kind == "joint_question")
    assert joint.fields[0].default == earlier.current_joint_question()
    assert joint.question.startswith(texts.FOLLOW_UP_OPEN_OFFERED)
    assert build_context(later, INSTRUMENT)["follow_up"]["question_open"] is True


def test_a_follow_up_of_an_answered_question_starts_with_an_empty_joint_question() -> None:
    earlier, _ = play(with_check({"answerable": True}))
    data = copy.deepcopy(MINIMAL)
    data["check-in"]["follow_up"] = ["gedaan"]  # type: ignore[index]
    _, prompter = play(data, earlier=earlier)
    joint = next(v for v in prompter.views if v.kind == "joint_question")
    assert joint.fields[0].default == ""
    assert joint.question == INSTRUMENT.question("check-in", "joint_question").text


# --- ik & wij ------------------------------------------------------------------------------------


def test_ik_en_wij_goes_round_and_then_asks_one_line_of_the_group() -> None:
    session, prompter = play(with_check({"answerable": True}))
    steps = [
        (p.step, p.participant)
        for p in phase_steps(INSTRUMENT, session, "proces-check", 1)
        if p.step == "what_it_means"
    ]
    assert steps == [("what_it_means", "p1"), ("what_it_means", "p2"), ("what_it_means", "")]
    line = next(v for v in prompter.views if v.kind == "group_line")
    assert line.question == INSTRUMENT.question("proces-check", "what_it_means").group_line
    assert (line.addressee, line.can_pass, line.fields[0].required) == ("wij", False, True)


def test_the_group_line_cannot_be_passed_or_left_empty() -> None:
    session, _ = play(with_check({"answerable": True}))
    position = Position("proces-check", "what_it_means", 1)
    with pytest.raises(FlowError):
        apply_reply(INSTRUMENT, session, position, Reply("pass"), START)
    with pytest.raises(FlowError):
        apply_reply(INSTRUMENT, session, position, answer(text=""), START)


def test_both_halves_of_ik_en_wij_are_in_the_verslag() -> None:
    session, _ = play(with_check({"answerable": True}))
    block = next(
        b
        for b in build_context(session, INSTRUMENT)["rounds"][0]["blocks"]
        if b["id"] == "what_it_means"
    )
    assert [a["text"] for a in block["answers"]] == ["a3", ""]
    assert block["group_answer"] == "samen"
    md = render_report(build_context(session, INSTRUMENT), "md")
    assert "- **Ann** (schoolopleider): a3" in md
    assert "wat betekent dit voor ons?* (wij) samen" in md


def test_an_answers_file_without_the_group_line_says_where_it_is_missing() -> None:
    data = copy.deepcopy(MINIMAL)
    data["proces-check"][0]["what_it_means"] = ["a3", "/pas"]  # type: ignore[index]
    with pytest.raises(AnswersError) as caught:
        play(data)
    assert caught.value.where == "proces-check[1].what_it_means.wij"


def test_after_the_group_line_comes_the_next_question() -> None:
    session, _ = play(with_check({"answerable": True}))
    after = next_position(INSTRUMENT, session, Position("proces-check", "what_it_means", 1))
    assert after == Position("proces-check", "process_check", 1)


# --- the people around it ---------------------------------------------------------------------


def setup_views(meeting: dict[str, Any]) -> list[StepView]:
    data = copy.deepcopy(MINIMAL)
    data["meeting"] = {**data["meeting"], **meeting}  # type: ignore[dict-item]
    _, prompter = play(data)
    return [v for v in prompter.views if v.position.phase == "opzet"]


@pytest.mark.parametrize(
    ("meeting", "advised"),
    [
        ({}, True),  # nobody named
        ({"facilitator": "Eva", "facilitator_external": False}, True),
        ({"facilitator": "Marieke", "facilitator_external": True}, False),
    ],
)
def test_the_preparation_advises_an_external_begeleider_when_none_is_named(
    meeting: dict[str, Any], advised: bool
) -> None:
    views = setup_views(meeting)
    shown = [v for v in views if texts.EXTERNAL_ADVICE in v.question]
    assert [(v.position.step, v.position.item) for v in shown] == (
        [("participants", 0)] if advised else []
    )


def test_the_roles_to_choose_from_come_from_the_instrument() -> None:
    view = next(v for v in setup_views({}) if v.position.step == "participants")
    role = next(f for f in view.fields if f.name == "role")
    assert role.options == INSTRUMENT.roles
    assert "zij-instromer" in role.options and "BPV-begeleider (mbo)" in role.options


def test_a_session_view_shows_the_partnerships_own_roles(tmp_path: Path) -> None:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    own = INSTRUMENT.replace(roles=("mentor", "rector"))
    view = build_view(own, session, Position("opzet", "participants"))
    assert next(f for f in view.fields if f.name == "role").options == ("mentor", "rector")


def test_the_verslag_shows_the_check_out_question_as_it_was_asked_with_the_question_open() -> None:
    session, _ = wrapped_up()
    blocks = build_context(session, INSTRUMENT)["check_out"]
    joint_answer = next(b for b in blocks if b["kind"] == "joint_answer")
    assert joint_answer["text"] == texts.OPEN_QUESTION_JOINT_ANSWER
    answered, _ = play(with_check({"answerable": True}))
    blocks = build_context(answered, INSTRUMENT)["check_out"]
    joint_answer = next(b for b in blocks if b["kind"] == "joint_answer")
    assert joint_answer["text"] == INSTRUMENT.question("check-out", "joint_answer").text
