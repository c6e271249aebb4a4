"""kwaliteit check: one line per problem (file, place, what is wrong), for scripts and CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kwaliteit_cli.session.file import dump_session, save_session
from kwaliteit_cli.session.model import Position, Session
from kwaliteit_cli.verslag.batch import check_each
from tests.conftest import EXAMPLES, CliRunner


@pytest.fixture
def shared(tmp_path: Path, nse_session: Session) -> Path:
    """A shared folder: two good sessions, two broken ones, an answers file, a leftover."""
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    save_session(nse_session, folder / "a-goed.toml")
    save_session(nse_session, folder / "b-goed.toml")
    text = dump_session(nse_session)
    (folder / "c-datum.toml").write_text(text.replace("date = 2026-03-12", 'date = "gisteren"'))
    (folder / "d-syntax.toml").write_text(text.replace("[meeting]", "[meeting", 1))
    (folder / "e.antwoorden.toml").write_text("[meeting]\ntitle = 'x'\n")
    (folder / ".kwaliteit-3fa9.tmp").write_text("half")
    return folder


def test_one_line_per_problem_with_file_and_place(cli: CliRunner, shared: Path) -> None:
    line = (shared / "d-syntax.toml").read_text().splitlines().index("[meeting") + 1
    result = cli("check", shared)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{shared / '.kwaliteit-3fa9.tmp'}: tijdelijk bestand van een onderbroken opslag",
        f"{shared / 'c-datum.toml'} (meeting.date): 'gisteren' is geen datum",
        f"{shared / 'd-syntax.toml'} (regel {line}, kolom 9): is geen geldige TOML: "
        "er ontbreekt ] aan het eind van de kop",
    ]
    assert "4 bestanden gecontroleerd: 3 met een probleem." in result.stderr


def test_all_fine_is_exit_0_and_nothing_on_stdout(cli: CliRunner) -> None:
    result = cli("check", EXAMPLES)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    count = len([p for p in EXAMPLES.glob("*.toml") if not p.name.endswith(".antwoorden.toml")])
    assert f"{count} bestanden gecontroleerd: alles in orde." in result.stderr


def test_json_has_a_stable_shape(cli: CliRunner, shared: Path) -> None:
    result = cli("check", shared, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["format_version"] == 1
    assert (data["checked"], data["ok"]) == (4, 2)
    assert [Path(p["file"]).name for p in data["problems"]] == [
        ".kwaliteit-3fa9.tmp",
        "c-datum.toml",
        "d-syntax.toml",
    ]
    assert data["problems"][1] == {
        "file": str(shared / "c-datum.toml"),
        "place": "meeting.date",
        "problem": "'gisteren' is geen datum",
        "hint": "Schrijf een datum als 2026-11-28.",
    }


def test_check_reads_stdin(cli: CliRunner) -> None:
    good = (EXAMPLES / "nse-stagebegeleiding.toml").read_text("utf-8")
    assert cli("check", "-", stdin=good).returncode == 0
    result = cli("check", "-", stdin=good.replace("status =", "staat ="))
    assert result.returncode == 1
    assert result.stdout.startswith("- (staat): is een onbekende sleutel")


def test_a_named_answers_file_gets_a_hint_that_it_is_not_a_session(cli: CliRunner) -> None:
    result = cli("check", EXAMPLES / "nse-stagebegeleiding.antwoorden.toml", "-f", "json")
    (problem,) = json.loads(result.stdout)["problems"]
    assert "antwoordenbestand" in problem["hint"]


def test_a_missing_path_is_a_problem_too(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("check", tmp_path / "nergens")
    assert result.returncode == 1
    assert "nergens: bestaat niet" in result.stdout


def test_unknown_format_is_a_usage_error(cli: CliRunner) -> None:
    assert cli("check", EXAMPLES, "--format", "xml").returncode == 2


def test_a_paused_session_whose_position_does_not_fit_is_reported(
    nse_session: Session, tmp_path: Path
) -> None:
    nse_session.status = "in_progress"
    nse_session.completed_at = None
    nse_session.position = Position("proces-check", "contribution", 1, "p9")
    save_session(nse_session, tmp_path / "los.toml")
    ((_, problems),) = list(check_each([str(tmp_path / "los.toml")]))
    assert [(p.place, p.problem[:25]) for p in problems] == [
        ("position", "de opgeslagen positie pas")
    ]
