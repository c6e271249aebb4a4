"""Follow-up sessions: the check-in looks back at the earlier session's agreements."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kwaliteit_cli.conversation.answers import ScriptedPrompter
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.replies import apply_reply, follow_up_status, start_follow_up
from kwaliteit_cli.conversation.steps import (
    FOLLOW_UP_STEP,
    FlowError,
    Reply,
    StepView,
    answer,
    build_view,
    phase_steps,
    previous_position,
)
from kwaliteit_cli.errors import AnswersError, SessionFileError
from kwaliteit_cli.session.file import dump_session, load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import SCHEMA_VERSION, Position, Session, new_session
from kwaliteit_cli.session.schema import session_from_dict, session_to_dict
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.render import render_report
from tests.conftest import EXAMPLES, START, CliRunner
from tests.test_flow import MINIMAL

INSTRUMENT = load_instrument(None)


class RecordingPrompter(ScriptedPrompter):
    """A scripted prompter that also keeps every view it was shown."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data, Path("vervolg.antwoorden.toml"))
        self.views: list[StepView] = []

    def ask(self, view: StepView) -> Reply:
        self.views.append(view)
        return super().ask(view)


def with_follow_up(entries: object) -> dict[str, Any]:
    check_in = dict(MINIMAL["check-in"])  # type: ignore[call-overload]
    check_in["follow_up"] = entries
    return {**MINIMAL, "check-in": check_in}


def follow_up_of(earlier: Session, data: dict[str, Any]) -> tuple[Session, RecordingPrompter]:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    start_follow_up(session, earlier, "nse.toml")
    prompter = RecordingPrompter(data)
    run_conversation(INSTRUMENT, session, prompter, lambda _: None, SteppingClock(START))
    prompter.check_all_used()
    return session, prompter


STATUSES = ["gedaan", {"status": "loopt nog", "note": "staat op de agenda"}, "dropped"]


def test_check_in_asks_after_each_earlier_agreement_after_the_opening_round(
    nse_session: Session,
) -> None:
    session, prompter = follow_up_of(nse_session, with_follow_up(STATUSES))
    check_in = [v.position for v in prompter.views if v.position.phase == "check-in"]
    assert [(p.step, p.item) for p in check_in[:5]] == [
        ("role_and_expectation", 0),
        ("role_and_expectation", 0),
        (FOLLOW_UP_STEP, 0),
        (FOLLOW_UP_STEP, 1),
        (FOLLOW_UP_STEP, 2),
    ]
    assert session.follow_up is not None
    assert [(a.status, a.note) for a in session.follow_up.agreements] == [
        ("done", ""),
        ("under_way", "staat op de agenda"),
        ("dropped", ""),
    ]


def test_the_look_back_shows_the_earlier_question_and_the_agreement(nse_session: Session) -> None:
    _, prompter = follow_up_of(nse_session, with_follow_up(STATUSES))
    view = next(v for v in prompter.views if v.kind == "follow_up" and v.position.item == 1)
    assert nse_session.current_joint_question() in view.question
    assert nse_session.agreements[1].what in view.question
    assert "Karim El Amrani" in view.question and "01-05-2026" in view.question
    assert "Afspraak 2 van 3" in view.question
    assert view.addressee == "wij" and view.aloud and not view.can_pass
    assert [f.kind for f in view.fields] == ["choice", "text"]
    assert view.fields[0].options == ("gedaan", "loopt nog", "vervallen")


def test_the_copy_keeps_owner_name_role_and_identity(nse_session: Session) -> None:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    start_follow_up(session, nse_session, "nse.toml")
    follow_up = session.follow_up
    assert follow_up is not None
    assert follow_up.created_at == nse_session.created_at
    assert follow_up.title == nse_session.meeting.title
    owners = [(a.owner_name, a.owner_role) for a in follow_up.agreements]
    assert owners == [
        ("Sanne de Wit", "schoolopleider"),
        ("Karim El Amrani", "instituutsopleider"),
        ("", ""),  # the group
    ]
    assert follow_up.agreements[2].due_text == "voor de zomervakantie"


def test_an_earlier_session_without_agreements_gets_one_look_back_with_a_note(
    nse_session: Session,
) -> None:
    nse_session.agreements = []
    session, prompter = follow_up_of(nse_session, with_follow_up("Er is een werkgroep gestart."))
    steps = [v for v in prompter.views if v.kind == "follow_up"]
    assert len(steps) == 1
    assert "zonder afspraken" in steps[0].question
    assert [f.name for f in steps[0].fields] == ["note"]
    assert session.follow_up is not None
    assert session.follow_up.note == "Er is een werkgroep gestart."


def test_a_missing_status_in_the_answers_file_names_its_place(nse_session: Session) -> None:
    with pytest.raises(AnswersError) as caught:
        follow_up_of(nse_session, with_follow_up(STATUSES[:2]))
    assert "check-in.follow_up[3]" in str(caught.value)


def test_a_status_for_an_agreement_that_does_not_exist_is_refused(nse_session: Session) -> None:
    with pytest.raises(AnswersError) as caught:
        follow_up_of(nse_session, with_follow_up([*STATUSES, "gedaan"]))
    assert "check-in.follow_up[4]" in str(caught.value)
    assert "niet gebruikt" in str(caught.value)


def test_an_unknown_status_is_refused_with_the_choices(nse_session: Session) -> None:
    with pytest.raises(AnswersError) as caught:
        follow_up_of(nse_session, with_follow_up(["half", "gedaan", "gedaan"]))
    assert "gedaan, loopt nog, vervallen" in str(caught.value)


def test_status_accepts_the_dutch_label_or_the_file_key() -> None:
    assert follow_up_status("Loopt nog") == "under_way"
    assert follow_up_status("under_way") == "under_way"
    assert follow_up_status("misschien") == ""


def test_no_look_back_without_an_earlier_session() -> None:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    steps = phase_steps(INSTRUMENT, session, "check-in")
    assert all(p.step != FOLLOW_UP_STEP for p in steps)
    with pytest.raises(FlowError):
        position = Position("check-in", FOLLOW_UP_STEP)
        apply_reply(INSTRUMENT, session, position, answer(status="gedaan"), START)


def test_back_from_the_look_back_reaches_the_opening_round_and_keeps_the_answer(
    nse_session: Session,
) -> None:
    session, _ = follow_up_of(nse_session, with_follow_up(STATUSES))
    second = Position("check-in", FOLLOW_UP_STEP, item=1)
    assert previous_position(INSTRUMENT, session, second) == Position(
        "check-in", FOLLOW_UP_STEP, item=0
    )
    first = Position("check-in", FOLLOW_UP_STEP, item=0)
    assert previous_position(INSTRUMENT, session, first) == Position(
        "check-in", "role_and_expectation", 0, "p2"
    )
    view = build_view(INSTRUMENT, session, second)
    assert view.fields[0].default == "loopt nog"
    assert view.fields[1].default == "staat op de agenda"
    # the look-back is part of the check-in: its clock and tip are the check-in's
    assert view.planned_minutes == INSTRUMENT.phase("check-in").planned_minutes
    assert view.hint == INSTRUMENT.phase("check-in").hint


def test_follow_up_survives_the_file_round_trip(nse_session: Session, tmp_path: Path) -> None:
    session, _ = follow_up_of(nse_session, with_follow_up(STATUSES))
    path = tmp_path / "vervolg.toml"
    save_session(session, path)
    again = load_session(path)
    assert again.follow_up == session.follow_up
    assert tomllib.loads(path.read_text("utf-8"))["schema_version"] == SCHEMA_VERSION == 3


def test_a_schema_1_file_loads_as_the_current_schema_without_follow_up() -> None:
    # A file as kwaliteit 0.1.0 wrote it, kept frozen (the examples move with the schema).
    path = Path(__file__).parent / "data" / "schema1-nse.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["schema_version"] == 1
    session = session_from_dict(data, path)
    assert session.follow_up is None
    assert session.vote is None
    assert session_to_dict(session)["schema_version"] == SCHEMA_VERSION


def test_a_schema_1_file_with_a_follow_up_table_is_refused(nse_session: Session) -> None:
    data = tomllib.loads(dump_session(nse_session))
    data["schema_version"] = 1
    data["follow_up"] = {"title": "x"}
    with pytest.raises(SessionFileError) as caught:
        session_from_dict(data, Path("oud.toml"))
    assert "follow_up" in str(caught.value)


def test_an_unknown_status_in_the_file_is_refused_with_its_place(nse_session: Session) -> None:
    session, _ = follow_up_of(nse_session, with_follow_up(STATUSES))
    data = tomllib.loads(dump_session(session))
    data["follow_up"]["agreements"][1]["status"] = "bijna"
    with pytest.raises(SessionFileError) as caught:
        session_from_dict(data, Path("v.toml"))
    assert "follow_up.agreements[2].status" in str(caught.value)


def test_the_minutes_report_the_look_back(nse_session: Session) -> None:
    session, _ = follow_up_of(nse_session, with_follow_up(STATUSES))
    text = render_report(build_context(session, INSTRUMENT), "md")
    section = text[text.index("## Terugblik op het vorige gesprek") : text.index("## Check-in")]
    assert nse_session.meeting.title in section
    assert "12 maart 2026" in section
    assert "| Karim El Amrani | 1 mei 2026 | loopt nog: staat op de agenda |" in section
    assert "| de groep | voor de zomervakantie | vervallen |" in section
    # the look back comes right after the data section
    assert text.index("### Besproken data") < text.index("## Terugblik")


def test_anonymous_minutes_show_the_earlier_owner_by_role(nse_session: Session) -> None:
    session, _ = follow_up_of(nse_session, with_follow_up(STATUSES))
    text = render_report(build_context(session, INSTRUMENT, ReportOptions(anonymous=True)), "md")
    assert "Karim" not in text and "Sanne" not in text
    assert "| Instituutsopleider | 1 mei 2026 |" in text


def test_minutes_without_follow_up_have_no_look_back(nse_session: Session) -> None:
    text = render_report(build_context(nse_session, INSTRUMENT), "md")
    assert "Terugblik" not in text


def test_cli_start_with_vervolg_op_in_scripted_mode(cli: CliRunner, tmp_path: Path) -> None:
    earlier = tmp_path / "eerder.toml"
    result = cli(
        "start",
        "--answers",
        EXAMPLES / "nse-stagebegeleiding.antwoorden.toml",
        "--output",
        earlier,
    )
    assert result.returncode == 0, result.stderr
    answers = tmp_path / "vervolg.antwoorden.toml"
    text = (EXAMPLES / "uitval-eerstejaars.antwoorden.toml").read_text("utf-8")
    answers.write_text(
        text.replace(
            "[check-in]\n",
            '[check-in]\nfollow_up = ["gedaan", { status = "loopt nog", note = "in mei" }, '
            '"vervallen"]\n',
            1,
        ),
        "utf-8",
    )
    later = tmp_path / "later.toml"
    result = cli("start", "--answers", answers, "--output", later, "--vervolg-op", earlier)
    assert result.returncode == 0, result.stderr
    session = load_session(later)
    assert session.follow_up is not None
    assert session.follow_up.file == "eerder.toml"
    assert [a.status for a in session.follow_up.agreements] == ["done", "under_way", "dropped"]
    assert session.follow_up.created_at == load_session(earlier).created_at
    # the earlier session's id (schema 3): follow-ups are linked by it, not by the clock
    assert session.follow_up.id == load_session(earlier).id != session.id


def test_cli_vervolg_op_a_broken_file_fails_before_asking_anything(
    cli: CliRunner, tmp_path: Path
) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text("schema_version = [", "utf-8")
    result = cli(
        "start",
        "--answers",
        EXAMPLES / "nse-stagebegeleiding.antwoorden.toml",
        "--output",
        tmp_path / "nieuw.toml",
        "--vervolg-op",
        broken,
    )
    assert result.returncode == 1
    assert "kapot.toml" in result.stderr
    assert not (tmp_path / "nieuw.toml").exists()


def test_due_dates_are_kept_as_dates(nse_session: Session) -> None:
    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    start_follow_up(session, nse_session, "nse.toml")
    assert session.follow_up is not None
    assert session.follow_up.agreements[0].due == dt.date(2026, 4, 15)


def test_the_html_look_back_include_escapes_and_renders(nse_session: Session) -> None:
    """templates/_vervolg.html.j2 waits to be included by the HTML verslag (other branch)."""
    import html5lib

    from kwaliteit_cli.verslag.render import template_chunks

    session, _ = follow_up_of(nse_session, with_follow_up(STATUSES))
    assert session.follow_up is not None
    session.follow_up.agreements[0].note = "<script>x</script>"
    context = build_context(session, INSTRUMENT)
    fragment = "".join(template_chunks("_vervolg.html.j2", context, html=True))
    html5lib.HTMLParser(strict=True).parseFragment(fragment)
    assert "&lt;script&gt;" in fragment and "<script>" not in fragment
    assert "loopt nog: staat op de agenda" in fragment
