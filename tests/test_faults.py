"""Faults: a kill at any instant, a full or read-only disk, two processes, a power cut.

The promise to a facilitator: what was said in the room is on disk. These tests try hard to
break that and check what is left afterwards.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.faultkit import (
    ForkRunner,
    Kill,
    Runner,
    SubprocessRunner,
    calibrate,
    expected_states,
    plan_kills,
    run_kills,
    summarise,
    write_short_answers,
)

NSE_ANSWERS = EXAMPLES / "nse-stagebegeleiding.antwoorden.toml"
RESUME_EVERY = 6  # resume and finish after every so many kills


def _kill_many(
    runner: Runner, count: int, folder: Path, request: pytest.FixtureRequest
) -> dict[str, int]:
    short = write_short_answers(folder)
    files = [short, short, short, NSE_ANSWERS]  # mostly the short one: cheap to kill
    states = {answers: expected_states(answers) for answers in set(files)}
    saves = {answers: len(run) for answers, run in states.items()}
    timing = calibrate(runner, short, folder / "calibration")
    rng = random.Random(6)
    kills: list[Kill] = []
    # Runs that end before their kill lands do not count: plan more until enough did.
    while (missing := count - sum(k.killed for k in kills)) > 0 and len(kills) < 3 * count:
        batch = plan_kills(
            rng,
            min(missing + missing // 10 + 1, 50),
            files,
            saves,
            folder,
            timing,
            resume_every=RESUME_EVERY,
            first=len(kills),
        )
        run_kills(batch, runner, states)
        kills += batch
    figures = summarise(kills)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nkill test ({runner.name}): {figures}")
    assert figures["kills"] >= count, figures
    return figures


def test_sigkill_at_random_moments_loses_no_confirmed_answer(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """200 kills of forked CLI processes; every one checked, every sixth resumed to the end."""
    figures = _kill_many(ForkRunner(), 200, tmp_path, request)
    assert figures["mid_conversation"] >= 150, figures
    assert figures["resumed_and_matched"] >= 150 // RESUME_EVERY, figures
    # Kills in the middle of a save left temporary files; resuming cleaned them up.
    assert figures["resumed_after_temp_left"] >= 3, figures


def test_sigkill_of_python_m_kwaliteit_cli(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The same, a few times, with ``python -m kwaliteit_cli`` exactly as a user starts it."""
    figures = _kill_many(SubprocessRunner(), 24, tmp_path, request)
    assert figures["mid_conversation"] >= 10, figures
