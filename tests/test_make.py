"""`make start` and `make resume` in a real pseudo-terminal: Ctrl-C pauses without a make error,
and the hint says how to go on from there."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pexpect

from tests.conftest import EXAMPLES, ROOT

BIN = ROOT / ".venv" / "bin"


def _make(target: str, cwd: Path, *extra: str) -> pexpect.spawn:
    # STAMP= leaves out the install step (the venv is there); BIN points at the project's venv.
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(
        "make",
        ["-s", "-f", str(ROOT / "Makefile"), target, "STAMP=", f"BIN={BIN}", *extra],
        cwd=str(cwd),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=20,
    )


def _ctrl_c_and_finish(child: pexpect.spawn) -> tuple[str, int]:
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return child.before or "", child.exitstatus if child.exitstatus is not None else -1


def test_ctrl_c_under_make_start_is_no_make_error(tmp_path: Path) -> None:
    child = _make("start", tmp_path)
    child.expect_exact("Titel van het gesprek")
    output, status = _ctrl_c_and_finish(child)
    assert status == 0
    assert "Error" not in output and "***" not in output
    hint = re.search(r"Verder gaan: (make resume BESTAND=\S+)", output)
    assert hint is not None, output
    assert (tmp_path / hint.group(1).split("=", 1)[1]).exists()


def test_make_resume_goes_on_where_the_conversation_stopped(tmp_path: Path) -> None:
    session = tmp_path / "gesprek.toml"
    shutil.copy(EXAMPLES / "zelfevaluatie-onderbroken.toml", session)
    child = _make("resume", tmp_path, f"BESTAND={session.name}")
    child.expect_exact("Gezamenlijke vraag")
    output, status = _ctrl_c_and_finish(child)
    assert status == 0 and "***" not in output
    assert "make resume BESTAND=gesprek.toml" in output


def test_make_resume_without_a_file_says_how(tmp_path: Path) -> None:
    child = _make("resume", tmp_path)
    child.expect(pexpect.EOF)
    child.close()
    assert "make resume BESTAND=" in (child.before or "")
    assert child.exitstatus != 0
