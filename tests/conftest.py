"""Shared fixtures: run the real CLI in a subprocess, and build sessions from answers files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kwaliteit_cli.conversation.replay import replay_file
from kwaliteit_cli.session.model import Session

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
START = dt.datetime(2026, 3, 12, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


def run_kwaliteit(
    *args: str | Path,
    cwd: Path | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kwaliteit_cli`` as a user would, without a terminal."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kwaliteit_cli", *map(str, args)],
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture
def cli() -> CliRunner:
    return run_kwaliteit


@pytest.fixture
def example_answers() -> list[Path]:
    return sorted(EXAMPLES.glob("*.antwoorden.toml"))


@pytest.fixture
def nse_answers() -> Path:
    return EXAMPLES / "nse-stagebegeleiding.antwoorden.toml"


@pytest.fixture
def nse_session(nse_answers: Path) -> Session:
    """The NSE example replayed in memory (two rounds, three participants)."""
    return replay_file(nse_answers, START)
