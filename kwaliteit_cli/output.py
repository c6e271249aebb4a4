"""The one place that prints: messages for the person on stderr, data on stdout, the progress bar.

Commands return or raise; they print only through these functions.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

import typer

from kwaliteit_cli.errors import KwaliteitError

# Anything a terminal could act on: C0 (but newline and tab), DEL, C1, and format characters
# such as the bidi overrides.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def say(message: str = "") -> None:
    """A message for the person (stderr, so stdout stays clean for data).

    Messages carry file names, lock file fields and text from files: escape sequences in
    them (clipboard writes, window titles, screen clears) are stripped and other control
    characters shown as ``\\u001b``, so nothing from outside acts on the terminal.
    """
    typer.echo(terminal_safe(message), err=True)


def terminal_safe(text: str) -> str:
    if text.isprintable() or not _UNSAFE.search(text):
        return text
    from kwaliteit_cli.conversation.display import safe

    return safe(text)


def write_data(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_chunks(chunks: Iterable[str]) -> None:
    """Data made piece by piece (a long overview): written as it comes, flushed at the end."""
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.flush()


def fail(error: KwaliteitError) -> NoReturn:
    say(f"Fout: {error.message}")
    if error.hint:
        say(error.hint)
    raise SystemExit(error.exit_code)


def summary(done: int, failed: int, what: str) -> str:
    text = f"{done} {what}"
    if failed:
        text += f"; {failed} {'bestand' if failed == 1 else 'bestanden'} mislukt (zie hierboven)"
    return text + "."


class Progress:
    """A progress bar on stderr, only on a terminal and for more than a handful of files.

    Scripts and pipes get nothing extra. Problems and data lines are printed through it, so
    the bar is cleared first and redrawn after.
    """

    HANDFUL = 5

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.shown = total > self.HANDFUL and sys.stderr.isatty()
        self.plain = os.environ.get("TERM") == "dumb"
        self.last_draw = 0.0

    def _clear(self) -> None:
        if self.shown:
            width = self._width()
            sys.stderr.write("\r" + (" " * width if self.plain else "\x1b[2K") + "\r")
            sys.stderr.flush()

    def _width(self) -> int:
        import shutil

        return max(20, min(shutil.get_terminal_size((80, 24)).columns, 100) - 1)

    def _draw(self) -> None:
        width = self._width()
        counter = f" {self.done}/{self.total}"
        room = max(10, width - len(counter) - 2)
        filled = room * self.done // max(1, self.total)
        sys.stderr.write("\r[" + "#" * filled + "." * (room - filled) + "]" + counter)
        sys.stderr.flush()

    def step(self) -> None:
        self.done += 1
        if not self.shown:
            return
        import time

        moment = time.monotonic()
        if moment - self.last_draw >= 0.1 or self.done == self.total:
            self.last_draw = moment
            self._draw()

    def tell_problem(self, problem: Any) -> None:
        self._clear()
        say(f"Fout: {problem.line()}")
        if problem.hint:
            say(f"  {problem.hint}")
        if self.shown and self.done:
            self._draw()

    def write_line(self, line: str) -> None:
        """A line of data (stdout), without tearing the bar on stderr."""
        self._clear()
        write_data(terminal_safe(line) + "\n")
        if self.shown and self.done:
            self._draw()

    def finish(self) -> None:
        self._clear()
