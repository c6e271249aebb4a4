"""A conversation paused before instrument v2 goes on after it: at the same step, in the wording
it began with. The session files in tests/data/paused-v1-*.toml were written by kwaliteit
before this change (schema 2, instrument version 1) and are kept frozen."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from kwaliteit_cli.commands.common import instrument_for
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.steps import Reply, StepView, build_view, validate_position
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_default_instrument
from kwaliteit_cli.verslag.context import build_context
from kwaliteit_cli.verslag.render import render_report
from tests.conftest import CliRunner

DATA = Path(__file__).parent / "data"
PAUSED = sorted(DATA.glob("paused-v1-*.toml"))
V1 = load_default_instrument(1)
V2 = load_default_instrument()


def test_the_frozen_files_are_what_this_test_thinks() -> None:
    assert [p.name for p in PAUSED] == [
        "paused-v1-check-in.toml",
        "paused-v1-proces-check.toml",
        "paused-v1-zelfevaluatie.toml",
    ]
    for path in PAUSED:
        data = tomllib.loads(path.read_text("utf-8"))
        assert (data["schema_version"], data["instrument"]["version"]) == (2, 1)
        assert data["status"] == "in_progress"


@pytest.mark.parametrize("path", PAUSED, ids=lambda p: p.stem)
def test_a_paused_v1_session_gets_the_v1_instrument_and_its_step_still_fits(path: Path) -> None:
    session = load_session(path)
    instrument = instrument_for(session, path, None)
    assert instrument.version == 1
    assert session.position is not None
    assert validate_position(instrument, session, session.position)
    view = build_view(instrument, session, session.position)
    assert view.question == V1.question(session.position.phase, session.position.step).text


def test_the_contribution_question_keeps_its_v1_wording() -> None:
    path = DATA / "paused-v1-proces-check.toml"
    session = load_session(path)
    view = build_view(instrument_for(session, path, None), session, session.position)  # type: ignore[arg-type]
    assert view.question.startswith("Wat zie jij in de data, bekeken vanuit jouw rol?")
    assert view.question != V2.question("proces-check", "contribution").text
    assert view.participant_name == "Karim El Amrani"


class _Transcript:
    """Answers every step with a fixed text and keeps what was asked."""

    def __init__(self) -> None:
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        values = {}
        for field in view.fields:
            if field.kind in ("choice", "owner", "confirm", "role"):
                values[field.name] = field.default or field.options[0] if field.options else "ja"
            else:
                values[field.name] = field.default or "verder"
        if view.repeat_item is not None and view.position.item > 0:
            values[view.fields[0].name] = ""  # a list (agreements, decisions) ends here
        return Reply("answer", values)

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


def test_a_paused_v1_check_in_finishes_in_v1_without_the_new_steps(tmp_path: Path) -> None:
    path = tmp_path / "gepauzeerd.toml"
    shutil.copy(DATA / "paused-v1-check-in.toml", path)
    session = load_session(path)
    instrument = instrument_for(session, path, None)
    transcript = _Transcript()
    run_conversation(
        instrument, session, transcript, lambda _: None, SteppingClock(session.updated_at)
    )
    assert session.completed
    asked = [v.position.step for v in transcript.views]
    assert asked[0] == "shared_goal"  # where it was paused
    assert "about_the_data" not in asked  # v2's new question is not slipped in
    assert not any(v.kind == "group_line" for v in transcript.views)
    shown = {v.question for v in transcript.views}
    assert V1.question("proces-check", "contribution").text in shown
    assert V2.question("proces-check", "contribution").text not in shown
    # The verslag speaks the wording the conversation was held in.
    md = render_report(build_context(session, instrument), "md")
    assert V1.question("check-in", "shared_goal").text in md
    assert V2.question("check-in", "shared_goal").text not in md


def test_resume_from_the_command_line_finishes_a_v1_session_in_v1(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "zelfevaluatie.toml"
    shutil.copy(DATA / "paused-v1-zelfevaluatie.toml", path)
    answers = tmp_path / "rest.antwoorden.toml"
    answers.write_text(
        """
[[proces-check]]

[[proces-check]]
contribution = ["a", "b", "c", "d"]
what_it_means = ["e", "f", "g", "h"]
process_check = { answerable = true }

[check-out]
meaningful_group = "ja"
joint_answer = "antwoord"
agreements = []
meaningful_self = ["ja", "ja", "ja", "ja"]
""",
        "utf-8",
    )
    result = cli("resume", path, "--answers", answers)
    assert result.returncode == 0, result.stderr
    session = load_session(path)
    assert session.completed and session.instrument_version == 1
    text = path.read_text("utf-8")
    assert tomllib.loads(text)["schema_version"] == 3
    report = cli("report", path).stdout
    assert "Wat zie jij in de data, bekeken vanuit jouw rol?" in report
    assert "Wat voor data ligt er op tafel" not in report


def test_a_version_this_program_does_not_know_is_refused_with_a_way_out(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "toekomst.toml"
    path.write_text(
        (DATA / "paused-v1-check-in.toml").read_text("utf-8").replace("version = 1", "version = 9"),
        "utf-8",
    )
    result = cli("report", path)
    assert result.returncode == 1
    assert "versie 9 bestaat niet" in result.stderr
    assert "Traceback" not in result.stderr
