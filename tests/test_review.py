"""The review screens, the minute-taker from outside the group, dates in words, a follow-up's
proposals: the flow underneath the screen, driven by a prompter that answers per step."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.answers import ScriptedPrompter
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.replies import carry_over
from kwaliteit_cli.conversation.steps import Reply, StepView, answer, build_view
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import SETUP_PHASE, Position, Session, new_session
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from tests.conftest import START
from tests.test_flow import MINIMAL

INSTRUMENT = load_instrument(None)
Override = Callable[[StepView], Reply | None]


class Scripted:
    """The minimal answers, with some steps answered differently; every view is kept."""

    def __init__(self, data: dict[str, object], override: Override) -> None:
        self.script = ScriptedPrompter(copy.deepcopy(data), __file__)  # type: ignore[arg-type]
        self.override = override
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        return self.override(view) or self.script.ask(view)

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


def run(override: Override, data: dict[str, object] = MINIMAL) -> tuple[Session, Scripted]:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    prompter = Scripted(data, override)
    run_conversation(INSTRUMENT, session, prompter, lambda _: None, SteppingClock(START))
    return session, prompter


def test_the_preparation_ends_with_a_review_that_can_send_back_to_any_field() -> None:
    changed = {"done": False}

    def override(view: StepView) -> Reply | None:
        if view.kind == "review" and view.position.phase == SETUP_PHASE:
            assert view.entered[0] == (
                "Titel: Kort, verbeterd" if changed["done"] else "Titel: Kort"
            )
            assert any("Ann (schoolopleider); Bo (bestuurder)" in line for line in view.entered)
            if not changed["done"]:
                changed["done"] = True
                return answer(change=texts.REVIEW_CHANGE["title"])
        if view.position.step == "title" and changed["done"]:
            return answer(text="Kort, verbeterd")
        return None

    session, prompter = run(override)
    steps = [v.position.step for v in prompter.views if v.position.phase == SETUP_PHASE]
    # the title is asked again, and then the review comes back straight away
    assert steps[-3:] == ["review", "title", "review"]
    assert session.meeting.title == "Kort, verbeterd"
    assert session.completed


def test_changing_a_list_from_the_review_goes_through_the_list_and_back() -> None:
    state = {"asked": 0}

    def override(view: StepView) -> Reply | None:
        if view.kind == "review" and view.position.phase == SETUP_PHASE:
            state["asked"] += 1
            if state["asked"] == 1:
                return answer(change=texts.REVIEW_CHANGE["participants"])
        at_new = view.position == Position(SETUP_PHASE, "participants", item=2)
        if at_new and state["asked"] == 1:
            return answer(name="Cas", role="bestuurder")
        return None

    data = copy.deepcopy(MINIMAL)
    data["check-in"]["role_and_expectation"] = ["a1", "b1", "c1"]  # type: ignore[index]
    data["proces-check"][0]["contribution"] = ["a2", "b2", "c2"]  # type: ignore[index]
    data["proces-check"][0]["what_it_means"] = {"ik": ["a3", "/pas", "c3"], "wij": "samen"}  # type: ignore[index]
    data["check-out"]["meaningful_self"] = ["ja", "nee", "ja"]  # type: ignore[index]
    session, prompter = run(override, data)
    assert [p.name for p in session.participants] == ["Ann", "Bo", "Cas"]
    items = [v.position.item for v in prompter.views if v.position.step == "participants"]
    assert items[-4:] == [0, 1, 2, 3]  # every item shown again, the new one added, then done
    assert state["asked"] == 2


def test_lists_show_what_was_entered_so_far() -> None:
    _, prompter = run(lambda view: None)
    second = next(
        v for v in prompter.views if v.position == Position(SETUP_PHASE, "participants", item=1)
    )
    assert second.entered == ("Ann (schoolopleider)",)
    last = next(v for v in prompter.views if v.kind == "agreements" and v.position.item == 1)
    assert last.entered == ("doen · Bo · 1 juni 2026",)


def test_the_end_review_comes_before_the_conversation_is_finished() -> None:
    state = {"reviews": 0}

    def override(view: StepView) -> Reply | None:
        if view.kind == "review" and view.position.phase == "check-out":
            state["reviews"] += 1
            assert "Afspraak 1: doen · Bo · 1 juni 2026" in view.entered
            if state["reviews"] == 1:
                return answer(change=texts.REVIEW_CHANGE_ANSWER)
        if view.kind == "joint_answer" and state["reviews"] == 1:
            return answer(text="een beter antwoord")
        return None

    session, prompter = run(override)
    assert state["reviews"] == 2 and session.completed
    assert prompter.views[-1].kind == "review"
    assert any(a.text == "een beter antwoord" for a in session.answers)


def test_a_minute_taker_from_outside_the_group() -> None:
    def override(view: StepView) -> Reply | None:
        if view.position.step == "minute_taker":
            assert texts.SOMEONE_ELSE in view.fields[0].options
            return answer(name=texts.SOMEONE_ELSE, other_name="Lotte Vos", other_role="secretaris")
        return None

    session, _ = run(override)
    m = session.meeting
    assert (m.minute_taker, m.minute_taker_name, m.minute_taker_role) == (
        "",
        "Lotte Vos",
        "secretaris",
    )
    assert build_context(session, INSTRUMENT)["minute_taker"] == "Lotte Vos (secretaris)"
    anonymous = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    assert "Lotte" not in anonymous["minute_taker"]
    # named in an answer, the outside minute-taker is scrubbed from an anonymous verslag too
    session.answers[0].text = "Lotte Vos schrijft mee."
    anonymous = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    assert "Lotte" not in json.dumps(anonymous, ensure_ascii=False)


def test_dates_in_words_are_stored_as_dates() -> None:
    def override(view: StepView) -> Reply | None:
        if view.position.step == "date":
            return answer(text="1 april 2027")
        if view.kind == "agreements" and view.position.item == 0:
            return answer(what="doen", who="Bo", due="15-9-2027")
        return None

    session, _ = run(override)
    assert session.meeting.date == dt.date(2027, 4, 1)
    assert session.agreements[0].due == dt.date(2027, 9, 15)
    assert session.agreements[0].due_text == ""


def test_the_sharpening_field_starts_with_the_current_question() -> None:
    data = copy.deepcopy(MINIMAL)
    seen: list[StepView] = []

    def override(view: StepView) -> Reply | None:
        if view.kind == "process_check":
            seen.append(view)
        return None

    run(override, data)
    sharpened = next(f for f in seen[0].fields if f.name == "sharpened")
    assert sharpened.default == "Vraag?"


def test_a_follow_up_proposes_the_earlier_preparation(nse_session: Session) -> None:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    carry_over(session, nse_session, START + dt.timedelta(days=90))
    m = session.meeting
    assert m.title == "Vervolg: " + nse_session.meeting.title
    assert m.date == (START + dt.timedelta(days=90)).date()
    assert (m.partnership, m.place, m.facilitator) == (
        nse_session.meeting.partnership,
        nse_session.meeting.place,
        nse_session.meeting.facilitator,
    )
    assert [(p.id, p.name, p.role) for p in session.participants] == [
        (p.id, p.name, p.role) for p in nse_session.participants
    ]
    assert m.minute_taker == nse_session.meeting.minute_taker
    assert session.position == Position(SETUP_PHASE, "review")
    view = build_view(INSTRUMENT, session, session.position)
    assert view.kind == "review" and view.can_go_back


def test_an_answers_file_can_name_a_minute_taker_from_outside() -> None:
    data = copy.deepcopy(MINIMAL)
    data["meeting"]["minute_taker"] = {"name": "Lotte Vos", "role": "secretaris"}  # type: ignore[index]
    session, _ = run(lambda view: None, data)
    assert (session.meeting.minute_taker_name, session.meeting.minute_taker_role) == (
        "Lotte Vos",
        "secretaris",
    )
