"""The command line as scripts and people use it: scripted start, report, and clear errors."""

from __future__ import annotations

from pathlib import Path

from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.model import Session
from tests.conftest import CliRunner


def test_scripted_start_writes_the_same_answers_as_a_replay(
    cli: CliRunner, tmp_path: Path, nse_answers: Path, nse_session: Session
) -> None:
    target = tmp_path / "sessie.toml"
    result = cli("start", "--answers", nse_answers, "--output", target)
    assert result.returncode == 0, result.stderr
    assert "afgerond" in result.stderr
    saved = load_session(target)
    assert saved.completed
    assert saved.meeting == nse_session.meeting
    assert saved.participants == nse_session.participants
    assert [
        (a.phase, a.round, a.question, a.participant, a.text, a.choice, a.passed)
        for a in saved.answers
    ] == [
        (a.phase, a.round, a.question, a.participant, a.text, a.choice, a.passed)
        for a in nse_session.answers
    ]
    assert [v.text for v in saved.joint_question] == [v.text for v in nse_session.joint_question]


def test_the_session_file_is_readable_toml_with_version_and_offsets(
    cli: CliRunner, tmp_path: Path, nse_answers: Path
) -> None:
    target = tmp_path / "sessie.toml"
    cli("start", "--answers", nse_answers, "--output", target)
    text = target.read_text("utf-8")
    from kwaliteit_cli.session.model import SCHEMA_VERSION

    assert f"schema_version = {SCHEMA_VERSION}" in text
    assert 'status = "completed"' in text
    # RFC 3339 timestamps with an offset (tomli-w writes a space between date and time)
    import re

    assert re.search(r"created_at = \d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d[+-]\d\d:\d\d", text)
    assert "Sanne de Wit" in text


def test_scripted_start_never_overwrites_without_being_told(
    cli: CliRunner, tmp_path: Path, nse_answers: Path
) -> None:
    target = tmp_path / "sessie.toml"
    target.write_text("bestaand", "utf-8")
    result = cli("start", "--answers", nse_answers, "--output", target)
    assert result.returncode == 2
    assert "bestaat al" in result.stderr and "--overschrijven" in result.stderr
    assert target.read_text("utf-8") == "bestaand"
    again = cli("start", "--answers", nse_answers, "--output", target, "--overschrijven")
    assert again.returncode == 0
    assert load_session(target).completed


def test_start_without_a_terminal_points_to_scripted_mode(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("start", cwd=tmp_path)
    assert result.returncode == 2
    assert "terminal" in result.stderr and "--answers" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_opens_with_the_joint_question(
    cli: CliRunner, tmp_path: Path, nse_answers: Path
) -> None:
    target = tmp_path / "sessie.toml"
    cli("start", "--answers", nse_answers, "--output", target)
    result = cli("report", target)
    assert result.returncode == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# Verslag")
    assert headings[1] == "## Gezamenlijke vraag"
    after = result.stdout.split("## Gezamenlijke vraag", 1)[1].strip().splitlines()[0]
    assert "derdejaars studenten minder tevreden over de feedbackmomenten" in after
    assert result.stderr == ""


def test_report_to_a_file(cli: CliRunner, tmp_path: Path, nse_answers: Path) -> None:
    target = tmp_path / "sessie.toml"
    cli("start", "--answers", nse_answers, "--output", target)
    out = tmp_path / "verslag.md"
    result = cli("report", target, "--output", out)
    assert result.returncode == 0
    assert result.stdout == ""
    assert out.read_text("utf-8").startswith("# Verslag: NSE 2026")


def test_a_wrong_option_gets_one_dutch_message(cli: CliRunner) -> None:
    result = cli("report", "--bestaat-niet")
    assert result.returncode == 2
    assert result.stderr.startswith("Fout: Onbekende optie: --bestaat-niet")
    assert "Traceback" not in result.stderr


def test_a_missing_session_file(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("report", tmp_path / "weg.toml")
    assert result.returncode == 1
    assert "weg.toml" in result.stderr and "bestaat niet" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_session_file_names_the_line(cli: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('schema_version = 1\nstatus = "completed\n', "utf-8")
    result = cli("report", broken)
    assert result.returncode == 1
    assert "kapot.toml" in result.stderr and "regel 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_instrument_names_the_file_and_place(
    cli: CliRunner, tmp_path: Path, nse_answers: Path
) -> None:
    from kwaliteit_cli.session.instrument import default_instrument_text

    text = default_instrument_text().replace('addressee = "wij"', 'addressee = "jullie"', 1)
    instrument = tmp_path / "eigen.toml"
    instrument.write_text(text, "utf-8")
    result = cli(
        "start",
        "--instrument",
        instrument,
        "--answers",
        nse_answers,
        "--output",
        tmp_path / "s.toml",
    )
    assert result.returncode == 1
    assert "eigen.toml" in result.stderr
    assert "phases[1].questions[2].addressee" in result.stderr
    assert "'jullie'" in result.stderr and "ik, wij, ik & wij" in result.stderr


def test_another_instrument_runs_its_own_questions(
    cli: CliRunner, tmp_path: Path, nse_answers: Path
) -> None:
    from kwaliteit_cli.session.instrument import default_instrument_text

    text = default_instrument_text().replace(
        "Welk doel delen we als partnerschap, en wat moet deze data ons daarover laten zien?",
        "Wat is ons gezamenlijke doel?",
    )
    instrument = tmp_path / "eigen.toml"
    instrument.write_text(text, "utf-8")
    target = tmp_path / "s.toml"
    result = cli("start", "--instrument", instrument, "--answers", nse_answers, "--output", target)
    assert result.returncode == 0, result.stderr
    report = cli("report", target)
    assert "Wat is ons gezamenlijke doel?" in report.stdout


def test_resume_of_a_completed_session_points_to_the_report(
    cli: CliRunner, tmp_path: Path, nse_answers: Path
) -> None:
    target = tmp_path / "s.toml"
    cli("start", "--answers", nse_answers, "--output", target)
    result = cli("resume", target)
    assert result.returncode == 2
    assert "al afgerond" in result.stderr and f"report {target}" in result.stderr


def test_version(cli: CliRunner) -> None:
    from kwaliteit_cli import __version__

    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kwaliteit {__version__}"


def test_report_to_a_device_writes_through_it_and_leaves_it_a_device(
    cli: CliRunner, tmp_path: Path
) -> None:
    import os
    import stat

    from tests.conftest import EXAMPLES

    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    # a reader on the FIFO, as a shell pipe would have
    reader = __import__("subprocess").Popen(["cat", str(fifo)], stdout=-1, text=True)
    result = cli("report", EXAMPLES / "nse-stagebegeleiding.toml", "--output", fifo)
    out, _ = reader.communicate(timeout=30)
    assert result.returncode == 0, result.stderr
    assert out.startswith("# Verslag")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_help_pages_are_in_dutch(cli: CliRunner) -> None:
    for args in (["--help"], ["report", "--help"], ["start", "--help"]):
        result = cli(*args)
        assert result.returncode == 0
        assert result.stdout.startswith("Gebruik: kwaliteit")
        assert "Toon deze hulp en stop." in result.stdout
        for english in ("Usage:", "Options:", "Show this message", "[default:", "<path>"):
            assert english not in result.stdout


def test_plain_kwaliteit_shows_the_help_without_calling_it_an_error(cli: CliRunner) -> None:
    result = cli()
    assert result.returncode == 2
    assert result.stderr.startswith("Gebruik: kwaliteit [OPTIES] COMMANDO")
    assert "Fout" not in result.stderr


def test_help_columns_line_up_and_usage_names_its_arguments_in_dutch(cli: CliRunner) -> None:
    for command in ("start", "resume", "report", "overzicht", "check"):
        result = cli(command, "--help", env={"COLUMNS": "100"})
        assert result.returncode == 0, result.stderr
        usage = result.stdout.splitlines()[0]
        assert "{" not in usage and "file" not in usage and "paden" not in usage
        options = result.stdout[result.stdout.index("Opties:") :].splitlines()[1:]
        starts = set()
        for line in options:
            if line.startswith("  -"):  # an option line: its description starts after 2 spaces
                name, _, description = line.strip().partition("  ")
                starts.add(line.index(description.strip(), len(name) + 2))
        assert len(starts) == 1, f"{command}: descriptions start at columns {starts}"
        for english in ("<path>", "<pad>", "<str>", "<int>", "TEXT", "PATH", "INTEGER"):
            assert english not in result.stdout
