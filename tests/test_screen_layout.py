"""The screen layout, for every step kind of a real conversation, at 40, 50, 80 and 120 columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.answers import load_answers
from kwaliteit_cli.conversation.layout import (
    SELECT_KINDS,
    ScreenLayout,
    StepInfo,
    layout,
    step_info,
)
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.steps import Reply, StepView
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import new_session
from tests.conftest import EXAMPLES, START

SIZES = [(40, 20), (50, 20), (80, 24), (120, 40)]
LONG_JOINT = (
    "Waarom zijn derdejaars studenten minder tevreden over de feedbackmomenten op de "
    "stageschool, en wat kunnen de opleiding en de scholen daar samen aan doen?"
)


class Collecting:
    """Answers from a script and keeps every view it was asked, with the time of asking."""

    def __init__(self, name: str) -> None:
        self.script = load_answers(EXAMPLES / name)
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        return self.script.ask(view)

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


@pytest.fixture(scope="module")
def views() -> list[StepView]:
    out: list[StepView] = []
    for name in ("uitval-eerstejaars.antwoorden.toml", "nse-stagebegeleiding.antwoorden.toml"):
        collecting = Collecting(name)
        inst = load_instrument(None)
        session = new_session(inst.id, inst.version)
        run_conversation(inst, session, collecting, lambda _: None, SteppingClock(START))
        out += collecting.views
    return out


def _kinds(views: list[StepView]) -> set[str]:
    return {f.kind for v in views for f in v.fields} | {"silent" for v in views if v.silent}


def test_the_conversation_covers_every_step_kind(views: list[StepView]) -> None:
    assert _kinds(views) >= {"text", "long_text", "choice", "confirm", "date", "role", "owner"}
    assert "silent" in _kinds(views)
    assert {v.kind for v in views} >= {"setup", "joint_question", "process_check", "agreements"}


def _screens(
    views: list[StepView], width: int, height: int
) -> list[tuple[StepView, str, ScreenLayout]]:
    out: list[tuple[StepView, str, ScreenLayout]] = []
    for view in views:
        moment = (view.phase_started_at or START) + dt.timedelta(minutes=3)
        for field in view.fields[:1] if view.silent else view.fields:
            out.append(
                (
                    view,
                    field.kind,
                    layout(
                        step_info(replace(view, joint_question=LONG_JOINT)),
                        label=field.label,
                        field_kind="silent" if view.silent else field.kind,
                        width=width,
                        height=height,
                        moment=moment,
                        options=len(field.options) + 2 if field.kind in SELECT_KINDS else 0,
                    ),
                )
            )
    return out


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_screen_fits_and_keeps_the_joint_question(
    views: list[StepView], width: int, height: int
) -> None:
    for view, kind, screen in _screens(views, width, height):
        rows = screen.lines() + screen.hints
        assert all(len(line.text) <= width for line in rows), (view.position, kind)
        assert screen.fixed_rows + screen.input_rows <= height or screen.input_rows == 1
        assert screen.input_rows >= (3 if kind == "long_text" and height >= 20 else 1)
        # the joint question is on screen in full, and its box is right under the header
        joint = " ".join(line.text.removeprefix("│ ") for line in screen.joint[1:-1])
        assert joint.startswith("Waarom zijn derdejaars studenten minder tevreden")
        assert screen.lines().index(screen.joint[0]) == len(screen.header)
        assert screen.label and screen.label[-1].text.strip()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_hints_name_only_keys_that_work_for_the_field(
    views: list[StepView], width: int, height: int
) -> None:
    for view, kind, screen in _screens(views, width, height):
        hint = " · ".join(line.text for line in screen.hints)
        assert (texts.KEY_NEWLINE in hint) == (kind == "long_text" and not view.silent)
        typed = kind not in (*SELECT_KINDS, "confirm") and not view.silent
        assert ("/pas" in hint) == (view.can_pass and typed)
        if not view.can_go_back:
            assert "/terug" not in hint
        if kind in SELECT_KINDS:
            assert texts.KEY_SELECT in hint and "Esc" not in hint
        if kind == "confirm":
            assert texts.KEY_YES_NO in hint and texts.KEY_SELECT not in hint
        assert texts.KEY_PAUSE in hint


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_tip_is_full_at_a_phase_start_and_one_line_after(
    views: list[StepView], width: int, height: int
) -> None:
    first = next(v for v in views if v.phase_index == 1 and not v.can_go_back)
    later = next(v for v in views if v.phase_index == 1 and v.can_go_back and not v.silent)
    big = height * 3  # room enough: only the rule is tested here
    full = layout(
        step_info(first), label="x", field_kind="text", width=width, height=big, moment=START
    )
    folded = layout(
        step_info(later), label="x", field_kind="text", width=width, height=big, moment=START
    )
    assert len(full.tip) > 1 and full.tip[0].text.startswith(texts.TIP_PREFIX)
    assert [line.text for line in folded.tip] == [texts.TIP_FOLDED[:width]]
    assert "Ctrl-T" in folded.tip[0].text
    shown = layout(
        step_info(later),
        label="x",
        field_kind="text",
        width=width,
        height=big,
        moment=START,
        tip_open=True,
    )
    assert len(shown.tip) > 1


def test_a_short_screen_gives_up_the_tip_before_the_question() -> None:
    step = StepInfo(
        phase_index=2,
        phase_title="Proces-check",
        question="Wat zie jij in de data, bekeken vanuit jouw rol? Wat verrast je?",
        addressee="ik",
        can_pass=True,
        participant_name="Karim",
        waiting=("Joost", "Sanne"),
        joint_question=LONG_JOINT,
        hint="Iedereen brengt in wat hij of zij ziet. " * 4,
    )
    roomy = layout(
        step, label="Antwoord", field_kind="long_text", width=50, height=60, moment=START
    )
    tight = layout(
        step, label="Antwoord", field_kind="long_text", width=50, height=20, moment=START
    )
    assert len(roomy.tip) > 1 and len(tight.tip) <= 1
    assert any("Wat zie jij" in line.text for line in tight.question)
    assert any("Karim" in line.text for line in tight.question)
    assert tight.input_rows >= 3


def test_entered_items_are_listed_and_the_latest_kept_when_rows_run_short() -> None:
    step = StepInfo(
        phase_index=0,
        phase_title="Voorbereiding",
        question="Wie zitten er aan tafel, en in welke rol?",
        entered=tuple(f"Deelnemer {n} (schoolopleider)" for n in range(1, 13)),
    )
    roomy = layout(step, label="Naam", field_kind="text", width=80, height=40, moment=START)
    tight = layout(step, label="Naam", field_kind="text", width=80, height=12, moment=START)
    assert sum("Deelnemer" in line.text for line in roomy.question) == 12
    listed = [line.text for line in tight.question if "Deelnemer" in line.text]
    assert listed and listed[-1].strip().startswith("Deelnemer 12")
    assert tight.fixed_rows + tight.input_rows <= 12


def test_the_clocks_leave_out_paused_time() -> None:
    began = START
    step = StepInfo(
        phase_index=1,
        phase_title="Check-in",
        question="?",
        started_at=began,
        phase_started_at=began,
        planned_minutes=15,
        paused_seconds=3600,
        phase_paused_seconds=3600,
    )
    moment = began + dt.timedelta(hours=1, minutes=10)
    header = layout(step, label="x", field_kind="text", width=80, height=24, moment=moment).header
    assert "fase 10:00 van 15 min" in header[1].text and "totaal 10:00" in header[1].text
    assert texts.OVER_TIME not in header[1].text


def test_a_narrow_header_keeps_to_one_row_each() -> None:
    step = StepInfo(
        phase_index=2,
        phase_title="Proces-check",
        question="?",
        round=3,
        in_rounds=True,
        started_at=START,
        phase_started_at=START,
        planned_minutes=30,
    )
    for width in (40, 50):
        screen = layout(
            step,
            label="x",
            field_kind="text",
            width=width,
            height=20,
            moment=START + dt.timedelta(minutes=45),
        )
        assert len(screen.header) == 2 and all(len(line.text) <= width for line in screen.header)
        assert "ronde 3" in screen.header[1].text
