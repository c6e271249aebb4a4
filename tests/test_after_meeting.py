"""After the meeting (issue 12): correcting with `kwaliteit bewerk` (in a real terminal and
scripted), approving with `kwaliteit vaststellen`, the follow-up asking whether the earlier
verslag was approved, the minutes fields in the session file, and the meeting's own times
from an answers file."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from kwaliteit_cli.conversation.answers import ScriptedPrompter
from kwaliteit_cli.conversation.corrections import (
    EditError,
    apply_edit,
    editable_items,
    find_item,
)
from kwaliteit_cli.conversation.meeting_times import meeting_times
from kwaliteit_cli.conversation.replay import replay
from kwaliteit_cli.errors import AnswersError, SessionFileError
from kwaliteit_cli.session.file import load_session, save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.minutes import Absent, NextMeeting, approve, record_correction
from kwaliteit_cli.session.model import SCHEMA_VERSION, Session
from kwaliteit_cli.session.schema import session_from_dict, session_to_dict
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.render import render_report
from tests.conftest import EXAMPLES, START, CliRunner
from tests.test_flow import MINIMAL

INSTRUMENT = load_instrument(None)
NSE = EXAMPLES / "nse-stagebegeleiding.toml"
AT = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def nse_copy(tmp_path: Path) -> Path:
    target = tmp_path / "gesprek.toml"
    shutil.copy(NSE, target)
    return target


# --- the session file ----------------------------------------------------------------------


def test_minutes_survive_the_file_round_trip(tmp_path: Path) -> None:
    session = copy.deepcopy(load_session(NSE))
    minutes = session.minutes
    minutes.absent = [Absent("Ellen Vos", "bestuurder"), Absent("Piet")]
    minutes.decisions = ["Eén", "Twee"]
    minutes.next_meeting = NextMeeting(None, "na de zomer", "Tiel", "cijfers")
    minutes.distribution = ["stuurgroep"]
    minutes.earlier_approved = "nee"
    approve(minutes, "Stuurgroep", dt.date(2026, 4, 1))
    record_correction(minutes, "Titel aangepast", AT)
    session.agreements[0].status = "under_way"
    path = tmp_path / "s.toml"
    save_session(session, path)
    again = load_session(path)
    assert again.minutes == minutes
    assert again.agreements[0].status == "under_way"
    assert tomllib.loads(path.read_text("utf-8"))["schema_version"] == SCHEMA_VERSION == 3


def test_a_schema_2_file_loads_unchanged_but_for_the_version() -> None:
    path = Path(__file__).parent / "data" / "schema2-nse.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["schema_version"] == 2
    session = session_from_dict(data, path)
    assert session.minutes.empty()
    again = session_to_dict(session)
    assert again.pop("schema_version") == 3
    data.pop("schema_version")
    # Schema 3 adds an id and the closing [end] table to every file it writes (issue 16).
    assert set(again) - {"id", "end"} == set(data)


@pytest.mark.parametrize(
    ("minutes", "where"),
    [
        ({"status": "klaar"}, "minutes.status"),
        ({"earlier_approved": "misschien"}, "minutes.earlier_approved"),
        ({"decisions": [1]}, "minutes.decisions[1]"),
        ({"kleur": "blauw"}, "minutes.kleur"),
    ],
)
def test_a_wrong_minutes_value_names_its_place(minutes: dict[str, Any], where: str) -> None:
    data = session_to_dict(load_session(NSE))
    data["minutes"] = minutes
    with pytest.raises(SessionFileError) as caught:
        session_from_dict(data, Path("s.toml"))
    assert caught.value.where == where


def test_a_wrong_agreement_status_names_its_place() -> None:
    data = session_to_dict(load_session(NSE))
    data["agreements"][1]["status"] = "bijna"
    with pytest.raises(SessionFileError) as caught:
        session_from_dict(data, Path("s.toml"))
    assert caught.value.where == "agreements[2].status"


# --- the conversation asks for the minutes -------------------------------------------------


def _minimal(**check_out: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    data["check-out"] = {**data["check-out"], **check_out}
    return data


def test_scripted_minutes_fields_land_in_the_session() -> None:
    data = _minimal(
        decisions=["Besluit A", "Besluit B"],
        next_meeting={"date": "15-06-2026", "place": "Tiel", "bring": "cijfers"},
    )
    data["meeting"] = {
        **data["meeting"],
        "absent": ["Ellen Vos (bestuurder)", "Piet"],
        "distribution": "stuurgroep; team",
    }
    session = replay(ScriptedPrompter(data, Path("a.toml")), INSTRUMENT, START)
    minutes = session.minutes
    assert [(a.name, a.role) for a in minutes.absent] == [("Ellen Vos", "bestuurder"), ("Piet", "")]
    assert minutes.distribution == ["stuurgroep", "team"]
    assert minutes.decisions == ["Besluit A", "Besluit B"]
    assert minutes.next_meeting == NextMeeting(dt.date(2026, 6, 15), "", "Tiel", "cijfers")


def test_missing_data_is_offered_as_an_agreement_with_owner_and_date() -> None:
    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    rounds = data["proces-check"]
    first = copy.deepcopy(rounds[0])
    first["process_check"] = {"answerable": False, "missing_data": "Cijfers per school"}
    data["proces-check"] = [first, rounds[0]]
    data["check-out"] = {
        **data["check-out"],
        "missing_data": [{"who": "iemand van kwaliteitszorg", "due": "2026-05-01"}],
    }
    session = replay(ScriptedPrompter(data, Path("a.toml")), INSTRUMENT, START)
    made = session.agreements[-1]
    assert made.what == "Ontbrekende data verzamelen: Cijfers per school"
    assert (made.owner_name, made.due) == ("iemand van kwaliteitszorg", dt.date(2026, 5, 1))
    context = build_context(session, INSTRUMENT)
    assert context["missing_data"][0]["agreement"] == len(session.agreements)


def test_missing_data_without_an_owner_stays_only_missing_data() -> None:
    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    rounds = data["proces-check"]
    first = copy.deepcopy(rounds[0])
    first["process_check"] = {"answerable": False, "missing_data": "Cijfers per school"}
    data["proces-check"] = [first, rounds[0]]
    session = replay(ScriptedPrompter(data, Path("a.toml")), INSTRUMENT, START)
    assert not any(a.what.startswith("Ontbrekende data") for a in session.agreements)
    assert build_context(session, INSTRUMENT)["missing_data"][0]["agreement"] == 0


def test_a_follow_up_asks_whether_the_earlier_verslag_was_approved(
    nse_session: Session,
) -> None:
    from kwaliteit_cli.conversation.loop import run_conversation
    from kwaliteit_cli.conversation.replay import SteppingClock
    from kwaliteit_cli.conversation.replies import start_follow_up
    from kwaliteit_cli.conversation.steps import Reply, StepView
    from kwaliteit_cli.session.model import new_session

    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    data["check-in"] = {
        **data["check-in"],
        "follow_up": ["gedaan", "gedaan", "gedaan"],
        "earlier_approved": "ja",
    }
    seen: list[StepView] = []

    class Recording(ScriptedPrompter):
        def ask(self, view: StepView) -> Reply:
            seen.append(view)
            return super().ask(view)

    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    start_follow_up(session, nse_session, "nse.toml")
    prompter = Recording(data, Path("vervolg.toml"))
    run_conversation(INSTRUMENT, session, prompter, lambda _: None, SteppingClock(START))
    prompter.check_all_used()
    asked = [v for v in seen if v.position.step == "_earlier_approved"]
    assert len(asked) == 1
    assert asked[0].question == "Is het verslag van het vorige gesprek vastgesteld?"
    assert asked[0].fields[0].options == ("ja", "nee", "weet niet")
    steps = [v.position.step for v in seen if v.position.phase == "check-in"]
    assert steps.index("_earlier_approved") == steps.index("_follow_up") + 3
    assert session.minutes.earlier_approved == "ja"
    md = render_report(build_context(session, INSTRUMENT), "md")
    assert "Het verslag van het vorige gesprek is vastgesteld." in md


def test_an_earlier_approval_that_is_no_option_is_refused() -> None:
    from kwaliteit_cli.conversation.minutes_steps import apply_earlier_approved

    session = load_session(NSE)
    assert apply_earlier_approved(session, {"choice": "misschien"})
    assert session.minutes.earlier_approved == ""
    assert apply_earlier_approved(session, {"choice": "Nee"}) == ""
    assert session.minutes.earlier_approved == "nee"


# --- the meeting's own times ---------------------------------------------------------------


def test_answers_file_times_become_the_meeting_times() -> None:
    data: dict[str, Any] = copy.deepcopy(MINIMAL)
    data["meeting"] = {
        **data["meeting"],
        "date": dt.date(2026, 3, 12),
        "start": "14:30",
        "end": "15:45",
        "phases": {"proces-check": "14:50", "check-out": "15:30"},
    }
    session = replay(ScriptedPrompter(data, Path("a.toml")), INSTRUMENT, START)
    context = build_context(session, INSTRUMENT)
    assert (context["start_time"], context["end_time"]) == ("14:30", "15:45")
    assert context["duration_minutes"] == 75
    actual = {p["id"]: p["actual_minutes"] for p in context["phases"]}
    assert actual == {"check-in": 20, "proces-check": 40, "check-out": 15}


@pytest.mark.parametrize(
    ("meeting", "where"),
    [
        ({"start": "kwart over drie"}, "meeting.start"),
        ({"start": "15:00", "end": "14:00"}, "meeting"),
        ({"phases": {"pauze": "15:00"}}, "meeting.phases.pauze"),
        ({"phases": "15:00"}, "meeting.phases"),
    ],
)
def test_wrong_meeting_times_are_refused_with_their_place(
    meeting: dict[str, Any], where: str
) -> None:
    data = {"meeting": {"title": "x", **meeting}}
    with pytest.raises(AnswersError) as caught:
        meeting_times(data, Path("a.toml"))
    assert caught.value.where == where


# --- kwaliteit vaststellen -------------------------------------------------------------------


def test_vaststellen_end_to_end(cli: CliRunner, nse_copy: Path) -> None:
    before = cli("report", nse_copy)
    assert "**Concept: dit verslag is nog niet vastgesteld.**" in before.stdout
    result = cli(
        "vaststellen", nse_copy, "--door", "Stuurgroep Rivierenland", "--datum", "01-04-2026"
    )
    assert result.returncode == 0, result.stderr
    assert "vastgesteld op 1 april 2026 door Stuurgroep Rivierenland" in result.stderr
    session = load_session(nse_copy)
    assert session.minutes.approved
    assert (session.minutes.approved_on, session.minutes.approved_by) == (
        dt.date(2026, 4, 1),
        "Stuurgroep Rivierenland",
    )
    for fmt in ("md", "html", "json"):
        text = cli("report", nse_copy, "-f", fmt).stdout
        assert "Vastgesteld op 1 april 2026 door Stuurgroep Rivierenland." in text, fmt
        assert "nog niet vastgesteld" not in text, fmt


def test_vaststellen_refuses_a_bad_date_an_empty_name_and_an_unfinished_talk(
    cli: CliRunner, nse_copy: Path, tmp_path: Path
) -> None:
    result = cli("vaststellen", nse_copy, "--door", "X", "--datum", "morgen")
    assert result.returncode == 2 and "geen datum" in result.stderr
    result = cli("vaststellen", nse_copy, "--door", "  ")
    assert result.returncode == 2 and "--door" in result.stderr
    unfinished = tmp_path / "onderbroken.toml"
    shutil.copy(EXAMPLES / "zelfevaluatie-onderbroken.toml", unfinished)
    result = cli("vaststellen", unfinished, "--door", "X")
    assert result.returncode == 2 and "nog niet afgerond" in result.stderr
    assert "kwaliteit resume" in result.stderr
    assert "Traceback" not in result.stderr


# --- kwaliteit bewerk, scripted ------------------------------------------------------------------


def test_bewerk_scripted_changes_and_records_them(cli: CliRunner, nse_copy: Path) -> None:
    result = cli(
        "bewerk",
        nse_copy,
        "--zet",
        "afspraak.1.uiterlijk=01-05-2026",
        "--zet",
        "afspraak.2.status=gedaan",
        "--zet",
        "antwoord.check-in.0.role_and_expectation.p1=Schoolopleider.",
    )
    assert result.returncode == 0, result.stderr
    assert "3 onderdelen aangepast" in result.stderr
    session = load_session(nse_copy)
    assert session.agreements[0].due == dt.date(2026, 5, 1)
    assert session.agreements[1].status == "done"
    assert session.answers[0].text == "Schoolopleider."
    notes = [c.what for c in session.minutes.corrections]
    assert notes == [
        "Afspraak 1: uiterlijk aangepast",
        "Afspraak 2: status aangepast",
        "Antwoord in de check-in op “Vanuit welke rol zit jij vandaag aan ta…” aangepast",
    ]
    md = cli("report", nse_copy).stdout
    assert "## Na het gesprek aangepast" in md
    assert "| 2 | Voorstel voor maximaal drie" in md and "| gedaan |" in md


def test_bewerk_lists_keys_and_refuses_what_it_does_not_know(
    cli: CliRunner, nse_copy: Path
) -> None:
    listing = cli("bewerk", nse_copy, "--lijst")
    assert listing.returncode == 0
    keys = [line.split("\t")[0] for line in listing.stdout.splitlines()]
    assert {"titel", "afgemeld", "besluiten", "volgende.datum", "afspraak.3.status"} <= set(keys)
    assert "antwoord.proces-check.2.contribution.p3" in keys
    before = nse_copy.read_bytes()
    for change, problem in (
        ("onbekend=x", "niets wat kwaliteit bewerk kent"),
        ("zonder-is-teken", "geen wijziging"),
        ("afspraak.1.status=misschien", "geen status"),
        ("datum=volgende week", "geen datum"),
    ):
        result = cli("bewerk", nse_copy, "--zet", change)
        assert result.returncode != 0 and problem in result.stderr, change
        assert "Traceback" not in result.stderr
    assert nse_copy.read_bytes() == before


def test_bewerk_without_a_terminal_says_how_to_script_it(cli: CliRunner, nse_copy: Path) -> None:
    result = cli("bewerk", nse_copy)
    assert result.returncode == 2
    assert "--zet SLEUTEL=TEKST" in result.stderr


def test_an_unchanged_value_is_not_a_correction() -> None:
    session = copy.deepcopy(load_session(NSE))
    item = find_item(editable_items(session, INSTRUMENT), "titel")
    assert not apply_edit(session, item, session.meeting.title, AT)
    assert session.minutes.corrections == []
    with pytest.raises(EditError):
        find_item(editable_items(session, INSTRUMENT), "bestaat.niet")


def test_an_anonymous_verslag_of_a_corrected_name_names_no_one() -> None:
    session = copy.deepcopy(load_session(NSE))
    item = find_item(editable_items(session, INSTRUMENT), "deelnemer.p1.naam")
    apply_edit(session, item, "Sanne de With", AT)
    context = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    text = render_report(context, "md")
    assert "Sanne" not in text and "With" not in text
    assert "Naam van deelnemer 1 aangepast" in text


# --- kwaliteit bewerk, in a real terminal ----------------------------------------------------


def test_bewerk_in_a_pseudo_terminal(nse_copy: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kwaliteit_cli", "bewerk", str(nse_copy)],
        env=env,
        dimensions=(24, 100),
        encoding="utf-8",
        timeout=10,
    )
    down, enter = "\x1b[B", "\r"
    child.expect_exact("Wat wil je aanpassen?")
    child.send(down * 4 + enter)  # Voorbereiding, Vraag, Antwoorden, Procescheck, Afspraken
    child.expect_exact("Welke?")
    child.send(down * 3 + enter)  # wat, wie, uiterlijk, status of agreement 1
    child.expect_exact("Nieuwe tekst")
    child.send("\x15" + "loopt nog" + enter)  # Ctrl-U clears the current text
    child.expect_exact("Wat wil je aanpassen?")
    child.send(down * 6 + enter)  # ... Besluiten, then 'Klaar'
    child.expect_exact("1 onderdeel aangepast")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    session = load_session(nse_copy)
    assert session.agreements[0].status == "under_way"
    assert [c.what for c in session.minutes.corrections] == ["Afspraak 1: status aangepast"]
