"""``kwaliteit scherm`` and ``--scherm``: the room's page, written by the commands people run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kwaliteit_cli.session.file import load_session
from tests.conftest import EXAMPLES, CliRunner

DATA = Path(__file__).parent / "data"
OPEN = EXAMPLES / "bpv-monitor-open.antwoorden.toml"


def test_start_with_scherm_leaves_a_page_showing_the_end_state(
    cli: CliRunner, tmp_path: Path
) -> None:
    page = tmp_path / "scherm.html"
    result = cli("start", "--answers", OPEN, "-o", tmp_path / "g.toml", "--scherm", page)
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    session = load_session(tmp_path / "g.toml")
    assert session.current_joint_question() in html
    assert "Het gesprek is afgerond" in html
    assert "Vraag nog open" in html
    for person in session.participants:
        assert person.name not in html
    for answer in session.answers:
        if answer.text:
            assert answer.text[:30] not in html
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, nothing left behind


def test_resume_with_scherm_and_namen_shows_whose_turn(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "gepauzeerd.toml"
    shutil.copy(DATA / "paused-v1-proces-check.toml", path)
    page = tmp_path / "scherm.html"
    result = cli("scherm", path, "-o", page, "--namen")
    assert result.returncode == 0, result.stderr
    assert "Karim El Amrani" in page.read_text("utf-8")
    assert "scherm.html" in result.stderr
    cli("scherm", path, "-o", page)
    html = page.read_text("utf-8")
    assert "Karim El Amrani" not in html and "instituutsopleider" in html


def test_a_page_path_that_cannot_work_is_refused_before_anything_else(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "g.toml"
    shutil.copy(DATA / "paused-v1-proces-check.toml", path)
    before = path.read_bytes()
    for bad, message in (
        (path, "eindigt niet op .html"),
        (tmp_path / "nergens" / "s.html", "bestaat niet"),
        (tmp_path, "is een map"),
    ):
        result = cli("scherm", path, "-o", bad)
        assert result.returncode == 2, bad
        assert message in result.stderr and "Traceback" not in result.stderr
    result = cli("start", "--answers", OPEN, "-o", tmp_path / "n.toml", "--scherm", path)
    assert result.returncode == 2
    assert not (tmp_path / "n.toml").exists()  # refused before the conversation began
    assert path.read_bytes() == before


def test_volg_keeps_the_page_current_until_the_conversation_ends(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "gepauzeerd.toml"
    shutil.copy(DATA / "paused-v1-check-in.toml", path)
    page = tmp_path / "scherm.html"
    follower = subprocess.Popen(
        [sys.executable, "-m", "kwaliteit_cli", "scherm", path, "-o", page, "--volg"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        give_up = time.monotonic() + 30
        while not page.exists() and time.monotonic() < give_up:
            time.sleep(0.05)
        assert "Afgerond" not in page.read_text("utf-8")
        rest = tmp_path / "rest.antwoorden.toml"
        rest.write_text(
            """
[check-in]
shared_goal = "doel"
joint_question = "Een vraag voor de muur?"

[[proces-check]]
contribution = ["a", "b", "c"]
what_it_means = ["d", "e", "f"]
process_check = { answerable = true }

[check-out]
meaningful_group = "ja"
joint_answer = "antwoord"
agreements = []
meaningful_self = ["ja", "ja", "ja"]
""",
            "utf-8",
        )
        result = cli("resume", path, "--answers", rest)
        assert result.returncode == 0, result.stderr
        # The follower sees the completed file, writes the end state and stops by itself.
        _, stderr = follower.communicate(timeout=60)
    finally:
        follower.kill()
    assert follower.returncode == 0, stderr
    assert "toont de eindstand" in stderr
    html = page.read_text("utf-8")
    assert "Een vraag voor de muur?" in html and "Het gesprek is afgerond" in html


def test_zonder_tips_is_the_name_and_zonder_begeleider_still_works_unseen(
    cli: CliRunner, tmp_path: Path
) -> None:
    shown = cli("start", "--help").stdout
    assert "--zonder-tips" in shown and "--zonder-begeleider" not in shown
    assert "--scherm" in shown and "--namen" in shown
    for option in ("--zonder-tips", "--zonder-begeleider"):
        result = cli("start", option, "--answers", OPEN, "-o", tmp_path / f"{option}.toml")
        assert result.returncode == 0, result.stderr


def test_resume_with_scherm_shows_the_paused_step_then_the_end(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "gepauzeerd.toml"
    shutil.copy(DATA / "paused-v1-zelfevaluatie.toml", path)
    page = tmp_path / "scherm.html"
    no_terminal = cli("resume", path, "--scherm", page)
    assert no_terminal.returncode == 2
    assert not page.exists()  # refused before anything was written
    answers = tmp_path / "rest.antwoorden.toml"
    answers.write_text(
        '[[proces-check]]\n\n[[proces-check]]\ncontribution = ["a", "b", "c", "d"]\n'
        'what_it_means = ["e", "f", "g", "h"]\nprocess_check = { answerable = true }\n\n'
        '[check-out]\nmeaningful_group = "ja"\njoint_answer = "x"\nagreements = []\n'
        'meaningful_self = ["ja", "ja", "ja", "ja"]\n',
        "utf-8",
    )
    result = cli("resume", path, "--answers", answers, "--scherm", page)
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    assert "Het gesprek is afgerond" in html
    assert load_session(path).current_joint_question() in html
