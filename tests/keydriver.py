"""Type a whole conversation into kwaliteit in a real pseudo-terminal, one step's keys at a time.

The keys come from bench/keycount.py, so a test that reaches the end of the conversation this
way shows that the key count printed there is one the screen really takes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.keycount import Step
from tests.screen import Screen


def step_marker(step: Step) -> str:
    """Text that is on the screen once this step is ready for its keys."""
    view = step.view
    if view.silent:
        return "Stil moment"
    label = view.fields[0].label.split("(")[0].strip()
    return label.replace("{name}", "")[:30]


def drive(
    screen: Screen,
    steps: list[Step],
    after_each: Callable[[Screen, Step], None] | None = None,
) -> int:
    """Send each step's keys once its screen is up; returns the number of keys sent."""
    sent = 0
    previous = ""
    for step in steps:
        if not step.keys:
            continue  # a screen the old program did not have
        marker = step_marker(step)
        screen.wait_for(marker)
        if marker == previous:
            screen.pump(0.3)  # the same label twice in a row: let the new step draw first
        screen.send("".join(step.keys))  # one write: the screen draws once, not per key
        sent += len(step.keys)
        screen.pump(0.15)
        if after_each is not None:
            after_each(screen, step)
        previous = marker
    return sent


def finished(screen: Screen, target: Path, timeout: float = 10) -> None:
    screen.wait_for("afgerond", timeout)
    assert target.exists()
