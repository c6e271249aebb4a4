"""``--deelnemers`` for start and resume, and ``kwaliteit deelnemers test``.

Imported only when one of them is asked for: without it no module here is loaded and the
program opens no socket (tests/test_deelnemers_sockets.py traces that).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.deelnemers.check import find_address, network_warnings, open_server, run_check
from kwaliteit_cli.deelnemers.conversation import RoomPrompter, review_corrections
from kwaliteit_cli.deelnemers.screen import TerminalDecisions, status_line
from kwaliteit_cli.deelnemers.server import RoomServer
from kwaliteit_cli.deelnemers.state import Room, Tally
from kwaliteit_cli.output import say


def test(adres: str | None, seconds: float) -> None:
    """Serve the test page until a phone greets it; raises a Dutch error when none came."""
    run_check(adres, say, seconds=seconds, colour=sys.stderr.isatty())


@dataclass
class OpenRoom:
    """The room of one conversation while it runs: closed (token and all) when it stops."""

    room: Room
    server: RoomServer
    decisions: TerminalDecisions

    def wrap(self, prompter: Any, on_tally: Callable[[Tally], None], voted: bool) -> RoomPrompter:
        if hasattr(prompter, "status"):  # the terminal: where to join, above every step
            prompter.status = lambda: texts.ROOM_STEP_STATUS.format(
                status=status_line(self.server, self.room), command=texts.COMMAND_ROOM
            )
        if hasattr(prompter, "commands"):  # the full screen: '/telefoons' alone on a line
            prompter.commands[texts.COMMAND_ROOM] = self.decisions.show_room
        return RoomPrompter(prompter, self.room, self.decisions, on_tally=on_tally, voted=voted)

    def corrections(self, session: Any, save: Callable[[Any], None]) -> int:
        return review_corrections(
            session, self.room, self.decisions, save, phase_title=texts.ROOM_CORRECT_PHASE
        )


@contextmanager
def open_room(adres: str | None) -> Iterator[OpenRoom]:
    """A fresh room (new token, new code) on the chosen address, shown to the facilitator
    first; closed on every way out: the end, a pause (Ctrl-C) or an error."""
    candidate = find_address(adres)
    room = Room()
    server = open_server(room, candidate)
    try:
        decisions = TerminalDecisions(server, room, network_warnings(candidate))
        decisions.show_room()
        yield OpenRoom(room, server, decisions)
    finally:
        server.stop()
