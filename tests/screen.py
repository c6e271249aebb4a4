"""A terminal emulator for tests: run kwaliteit in a pseudo-terminal and read the screen (pyte)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pyte

from kwaliteit_cli.conversation.answers import ScriptedPrompter, load_answers
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.steps import Reply, StepView
from kwaliteit_cli.session.file import save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Position, new_session
from tests.conftest import START


class StopHere(Exception):
    pass


class StopAt:
    """Answers from a script until the conversation reaches ``position``, then stops."""

    def __init__(self, script: ScriptedPrompter, position: Position) -> None:
        self.script = script
        self.position = position

    def ask(self, view: StepView) -> Reply:
        if view.position == self.position:
            raise StopHere
        return self.script.ask(view)

    def tell_error(self, message: str) -> None:
        self.script.tell_error(message)


def paused_session(
    answers: Path, target: Path, position: Position, instrument: Path | None = None
) -> Path:
    """Write a session file paused at ``position``, as if Ctrl-C was pressed there."""
    inst = load_instrument(instrument)
    session = new_session(inst.id, inst.version, str(instrument) if instrument else "")
    try:
        run_conversation(
            inst,
            session,
            StopAt(load_answers(answers), position),
            lambda s: save_session(s, target),
            SteppingClock(START),
        )
    except StopHere:
        pass
    else:
        raise AssertionError(f"the conversation never reached {position}")
    return target


class Screen:
    """kwaliteit in a pseudo-terminal of a given size, with a pyte screen to read it."""

    def __init__(
        self,
        *args: str | Path,
        cwd: Path,
        columns: int = 80,
        lines: int = 24,
        env: dict[str, str] | None = None,
    ) -> None:
        full_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            **(env or {}),
        }
        full_env.pop("COLUMNS", None)
        full_env.pop("LINES", None)
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "kwaliteit_cli", *map(str, args)],
            cwd=str(cwd),
            env=full_env,
            dimensions=(lines, columns),
            encoding="utf-8",
            timeout=10,
        )

    def pump(self, seconds: float = 0.1) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.05)
                self.stream.feed(chunk)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return
            if time.monotonic() >= deadline:
                return

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    @property
    def flowing(self) -> str:
        """The screen's rows end to end, so text that wrapped at the edge reads as one line."""
        return "".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 10) -> None:
        """Wait until ``needle`` is on screen, also where it wrapped at a row's end (a hint
        that holds a file's full path is as long as the folder the tests run in)."""
        deadline = time.monotonic() + timeout
        while needle not in self.text and needle not in self.flowing:
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} not on screen:\n{self.text}")
            self.pump(0.1)

    def row_of(self, needle: str) -> int:
        for number, line in enumerate(self.screen.display):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not on screen:\n{self.text}")

    def is_bold(self, needle: str) -> bool:
        """Whether every character of ``needle`` on the screen is drawn in bold."""
        row = self.row_of(needle)
        start = self.screen.display[row].index(needle)
        cells = self.screen.buffer[row]
        return all(cells[x].bold for x in range(start, start + len(needle)))

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def close(self) -> None:
        if self.child.isalive():
            self.child.sendcontrol("c")
            self.pump(0.5)
        self.child.close(force=True)
