"""The 'go on' hints print a command that works where the person is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kwaliteit_cli import hints


def test_under_make_the_hint_is_make_resume(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(hints.VIA_MAKE, "1")
    assert (
        hints.command("resume", tmp_path / "gesprek 1.toml")
        == "make resume BESTAND='gesprek 1.toml'"
    )


def test_without_kwaliteit_on_path_the_hint_gives_the_full_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program = tmp_path / "venv" / "bin" / "kwaliteit"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n", "utf-8")
    monkeypatch.delenv(hints.VIA_MAKE, raising=False)
    monkeypatch.setenv("PATH", "/nergens")
    monkeypatch.setattr(sys, "argv", [str(program), "start"])
    monkeypatch.chdir(tmp_path)
    assert hints.command("resume", tmp_path / "g.toml") == f"{program} resume g.toml"


def test_with_kwaliteit_on_path_the_hint_is_short(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program = tmp_path / "bin" / "kwaliteit"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", "utf-8")
    program.chmod(0o755)
    monkeypatch.delenv(hints.VIA_MAKE, raising=False)
    monkeypatch.setenv("PATH", str(program.parent))
    monkeypatch.setattr(sys, "argv", [str(program), "start"])
    monkeypatch.chdir(tmp_path)
    assert hints.command("report", tmp_path / "g.toml") == "kwaliteit report g.toml"
    elsewhere = tmp_path.parent / "elders.toml"
    assert hints.command("resume", elsewhere) == f"kwaliteit resume {elsewhere}"
