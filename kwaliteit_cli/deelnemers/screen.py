"""The facilitator's screens for the room: the QR code with the address and code, the joined
devices, and the decisions on what the phones sent (the terminal side of ``Decisions``).

The screens are full-screen pages like the conversation's own steps, with the same numbered
choice list (``ChoiceList``): nothing is chosen until a digit or an arrow picks, so a loose
Enter never puts a note or a correction in the verslag or opens the vote. There is no live
redraw; a "Vernieuwen" choice shows what came in since. The pure part, :func:`room_panel`,
lays out the QR code beside its text within 80×24.

Like the full-screen steps they sit on the terminal's alternate screen, left on every way out
(Ctrl-C included): what stays behind in the terminal afterwards is the command and the closing
lines, not a QR code that no longer works.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.display import safe, wrap
from kwaliteit_cli.conversation.layout import Line, joint_lines
from kwaliteit_cli.deelnemers.qr import format_code, qr_lines
from kwaliteit_cli.deelnemers.server import RoomServer
from kwaliteit_cli.deelnemers.state import Device, Kind, Pending, Room, Tally

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyPressEvent

ALTERNATE_ON, ALTERNATE_OFF = "\x1b[?1049h", "\x1b[?1049l"
SHOWN_PROPOSALS = 5
MAX_WIDTH = 120
CHOOSE_HINT = " · ".join([texts.KEY_SELECT, texts.KEY_ENTER_CHOOSE, texts.KEY_PAUSE])
EDIT_HINT = " · ".join([texts.KEY_NEWLINE, texts.KEY_DONE_LONG, texts.KEY_PAUSE])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fragments(lines: list[Line]) -> StyleAndTextTuples:
    out: StyleAndTextTuples = []
    for index, line in enumerate(lines):
        if index:
            out.append(("", "\n"))
        out.append((f"class:{line.style}", line.text))
    return out


def room_panel(
    server: RoomServer, room: Room, warnings: list[str], width: int = 80, colour: bool = False
) -> list[str]:
    """The QR code with, beside it, the address, the code and who has joined."""
    qr = qr_lines(server.join_url, colour=colour)
    qr_width = len(qr_lines(server.join_url)[0])
    text_width = max(20, width - qr_width - 3)
    devices = room.devices()
    side = [
        texts.ROOM_TITLE,
        "",
        *wrap(texts.ROOM_SCAN, text_width),
        server.base_url.rstrip("/"),
        texts.ROOM_CODE.format(code=format_code(room.code)),
        "",
        texts.ROOM_JOINED.format(n=len(devices)) if devices else texts.ROOM_NONE_JOINED,
    ]
    now = server.clock()
    names = ", ".join(_device_text(d, room.last_seen(d.secret), now) for d in devices)
    side += wrap(names, text_width)[:4] if names else []
    side.append(texts.ROOM_LOCKED if room.locked else texts.ROOM_OPEN)
    side.append("")
    for warning in warnings:
        side += wrap(warning, text_width)
    lines = []
    for index in range(max(len(qr), len(side))):
        left = qr[index] if index < len(qr) else " " * qr_width
        right = side[index] if index < len(side) else ""
        lines.append(f"{left}   {right}".rstrip())
    return lines


QUIET_AFTER = 30.0  # seconds; the pages poll every 3 s while visible


def _device_text(device: Device, seen: float | None, now: float) -> str:
    """'apparaat 2 (Sanne)', with a note when the device has gone quiet: a phone that slept,
    or an Android phone that left for mobile data."""
    text = device.label + (f" ({safe(device.name)})" if device.name else "")
    if seen is not None and now - seen > QUIET_AFTER:
        text += " " + texts.ROOM_QUIET.format(minutes=max(1, round((now - seen) / 60)))
    return text


def status_line(server: RoomServer, room: Room) -> str:
    """One line for the other room screens: where to join and how many have."""
    return texts.ROOM_STATUS.format(
        address=server.base_url.rstrip("/"),
        code=format_code(room.code),
        n=len(room.devices()),
    )


P = ParamSpec("P")
R = TypeVar("R")


def _on_own_screen(
    method: Callable[Concatenate[TerminalDecisions, P], R],
) -> Callable[Concatenate[TerminalDecisions, P], R]:
    """Run one of the facilitator's screens on the alternate screen."""

    @functools.wraps(method)
    def run(self: TerminalDecisions, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.own_screen():
            return method(self, *args, **kwargs)

    return run


class TerminalDecisions:
    """The facilitator decides at the terminal, on full-screen pages like the conversation's:
    the phones' status row on top, the joint question pinned under it once there is one, and
    numbered choices of which none is chosen until a digit or an arrow picks one."""

    def __init__(
        self,
        server: RoomServer,
        room: Room,
        warnings: list[str],
        app_options: dict[str, Any] | None = None,
    ) -> None:
        self.server = server
        self.room = room
        self.warnings = warnings
        self.colour = sys.stdout.isatty()
        self.alternate = self.colour and os.environ.get("TERM", "") != "dumb"
        self.app_options = app_options or {}  # input/output for tests without a terminal
        self._depth = 0  # screens within screens (the QR code from the proposals)

    # --- drawing -----------------------------------------------------------------------

    @contextmanager
    def own_screen(self) -> Iterator[None]:
        """The alternate screen while a room screen is up; the normal one after, always."""
        if self._depth == 0 and self.alternate:
            sys.stdout.write(ALTERNATE_ON)
            sys.stdout.flush()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self.alternate:
                sys.stdout.write(ALTERNATE_OFF)
                sys.stdout.flush()

    def _width(self) -> int:
        return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)

    def _top(self, lines: list[str]) -> list[Line]:
        """The status row, the pinned joint question (when there is one), then ``lines``."""
        width = self._width()
        joint = joint_lines(safe(self.room.stage.joint_question), width, 3)
        return [
            Line(_cut(status_line(self.server, self.room), width), "dim"),
            *joint,
            Line(""),
            # Lines wider than the terminal wrap here: nothing is cut off at the edge.
            *(
                Line(row)
                for line in lines
                for row in (wrap(line, width) if len(line) > width else [line])
            ),
            Line(""),
        ]

    def _choose(
        self,
        top: list[Line] | StyleAndTextTuples,
        question: str,
        choices: list[tuple[str, str]],
    ) -> str:
        """One page: ``top`` pinned, ``question`` and the numbered ``choices``; nothing is
        chosen until a digit or an arrow picks."""
        from prompt_toolkit.key_binding import KeyBindings

        from kwaliteit_cli.conversation.fullscreen import ChoiceList, run_page

        picker = ChoiceList([label for label, _ in choices])
        state = {"error": ""}
        bindings = KeyBindings()

        def refuse(message: str) -> None:
            state["error"] = message

        picker.bind(bindings, lambda event, index: event.app.exit(result=index), refuse)
        fixed = _fragments(top) if top and isinstance(top[0], Line) else top

        def above() -> StyleAndTextTuples:
            label = [Line(question, "label")]
            if state["error"]:
                label.insert(0, Line(state["error"], "warn"))
            return [*fixed, ("", "\n"), *_fragments(label)]

        hints = _fragments([Line(line, "dim") for line in wrap(CHOOSE_HINT, self._width())])
        index = run_page(above, picker.window(), bindings, lambda: hints, self.app_options)
        return choices[int(index)][1]

    def _edit(self, top: list[Line], label: str, start: str) -> str:
        """The text over the whole width, beginning with ``start``; Esc Enter ends it."""
        from prompt_toolkit.buffer import Buffer
        from prompt_toolkit.document import Document
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Window
        from prompt_toolkit.layout.controls import BufferControl
        from prompt_toolkit.layout.dimension import Dimension

        from kwaliteit_cli.conversation.fullscreen import run_page

        buffer = Buffer(multiline=True, document=Document(start, len(start)))
        bindings = KeyBindings()

        @bindings.add("escape", "enter")
        def _done(event: KeyPressEvent) -> None:
            event.app.exit(result=buffer.text)

        body = Window(BufferControl(buffer), wrap_lines=True, height=Dimension(min=3, weight=1))
        above = _fragments([*top, Line(label, "label")])
        hints = _fragments([Line(line, "dim") for line in wrap(EDIT_HINT, self._width())])
        return str(run_page(lambda: above, body, bindings, lambda: hints, self.app_options)).strip()

    # --- the join screen ---------------------------------------------------------------

    @_on_own_screen
    def show_room(self) -> None:
        """The QR code and the devices, until the facilitator goes on with the conversation."""
        while True:
            lock = texts.ROOM_LOCK if not self.room.locked else texts.ROOM_UNLOCK
            choices = [
                (texts.ROOM_CONTINUE, "verder"),
                (texts.ROOM_REFRESH, "vernieuwen"),
                (lock, "slot"),
            ]
            if self.room.devices():
                choices.append((texts.ROOM_REMOVE, "verwijderen"))
            action = self._choose(self._room_fragments(), texts.ROOM_WHAT_NOW, choices)
            if action == "verder":
                return
            if action == "slot":
                self.room.set_locked(not self.room.locked)
            elif action == "verwijderen":
                self._remove_device()

    def _room_fragments(self) -> StyleAndTextTuples:
        """The room panel with the QR code set light on dark, so it scans on any terminal."""
        lines = room_panel(self.server, self.room, self.warnings, width=self._width())
        qr_rows = len(qr_lines(self.server.join_url))
        qr_width = len(qr_lines(self.server.join_url)[0])
        out: StyleAndTextTuples = []
        for index, line in enumerate(lines):
            if index:
                out.append(("", "\n"))
            if index < qr_rows:
                out += [("class:qr", line[:qr_width]), ("", line[qr_width:])]
            else:
                out.append(("", line))
        return out

    def _remove_device(self) -> None:
        choices = [
            (d.label + (f" ({safe(d.name)})" if d.name else ""), str(d.number))
            for d in self.room.devices()
        ]
        choices.append((texts.ROOM_KEEP_ALL, ""))
        chosen = self._choose(self._top([]), texts.ROOM_WHICH_DEVICE, choices)
        if chosen:
            self.room.remove_device(int(chosen))

    # --- Decisions ---------------------------------------------------------------------

    @_on_own_screen
    def decide(self, item: Pending) -> tuple[bool, str | None]:
        width = self._width()
        if item.kind is Kind.NOTE:
            title = (
                texts.ROOM_NOTE_FROM.format(name=safe(item.name))
                if item.name
                else (texts.ROOM_NOTE_ANONYMOUS)
            )
            context = wrap(texts.ROOM_NOTE_QUESTION.format(question=item.question), width)
        else:
            title = texts.ROOM_CORRECTION_FROM.format(name=safe(item.name))
            context = [texts.ROOM_CORRECTION_NOW, *wrap(item.original, width, "  ")]
            context.append(texts.ROOM_CORRECTION_NEW)
        left = len(self.room.pending(item.kind))
        head = [title + (texts.ROOM_MORE_WAITING.format(n=left - 1) if left > 1 else ""), *context]
        top = self._top([*head, "", *wrap(item.text, width, "  ")])
        action = self._choose(
            top,
            texts.ROOM_DECIDE,
            [
                (texts.ROOM_ACCEPT, "ja"),
                (texts.ROOM_EDIT, "aanpassen"),
                (texts.ROOM_REJECT, "nee"),
            ],
        )
        if action == "nee":
            return False, None
        if action == "aanpassen":
            edited = self._edit(self._top(head), texts.ROOM_EDITED, item.text)
            return (True, edited) if edited else (False, None)
        return True, None

    @_on_own_screen
    def choose_question(self, room: Room) -> str | None:
        while True:
            width = self._width()
            lines = [texts.ROOM_PROPOSALS, ""]
            ranked = room.proposals()
            if not ranked:
                lines += wrap(texts.ROOM_NO_PROPOSALS, width)
            # One line each, the five with the most dots: the page and its choices fit 80×24.
            shown = ranked[:SHOWN_PROPOSALS]
            for number, (proposal, dots) in enumerate(shown, start=1):
                line = f"{number}. {'●' * min(dots, 12)} {dots}  {safe(proposal.text)}"
                lines.append(_cut(line, width))
            if len(ranked) > len(shown):
                lines.append(texts.ROOM_MORE_PROPOSALS.format(n=len(ranked) - len(shown)))
            choices: list[tuple[str, str]] = [(texts.ROOM_REFRESH, "vernieuwen")]
            for number, (proposal, _) in enumerate(shown, start=1):
                choices.append((texts.ROOM_TAKE_PROPOSAL.format(n=number), str(proposal.id)))
            choices += [(texts.ROOM_OWN_QUESTION, "zelf"), (texts.ROOM_SHOW_QR, "qr")]
            action = self._choose(self._top(lines), texts.ROOM_WHAT_NOW, choices)
            if action == "zelf":
                return None
            if action == "qr":
                self.show_room()
            elif action.isdigit():
                for proposal, _ in room.proposals():
                    if proposal.id == int(action):
                        return proposal.text

    @_on_own_screen
    def run_vote(self, room: Room) -> Tally | None:
        width = self._width()
        offer = self._top([texts.ROOM_VOTE_TITLE, *wrap(texts.ROOM_VOTE_EXPLAIN, width)])
        choices = [(texts.ROOM_VOTE_OPEN, "open"), (texts.ROOM_VOTE_SKIP, "nee")]
        if self._choose(offer, texts.ROOM_WHAT_NOW, choices) != "open":
            return None
        room.open_vote()
        while True:
            count = texts.ROOM_VOTE_COUNT.format(n=room.votes_cast(), devices=len(room.devices()))
            action = self._choose(
                self._top([texts.ROOM_VOTE_TITLE, count]),
                texts.ROOM_WHAT_NOW,
                [(texts.ROOM_REFRESH, "vernieuwen"), (texts.ROOM_VOTE_CLOSE, "sluiten")],
            )
            if action == "sluiten":
                break
        tally = room.close_vote()
        lines = [
            texts.ROOM_VOTE_RESULT,
            f"  ja: {tally.ja}   deels: {tally.deels}   nee: {tally.nee}",
            "",
        ]
        if tally.unanimous:
            lines += wrap(texts.ROOM_VOTE_UNANIMOUS, width)
        self._choose(self._top(lines), texts.ROOM_WHAT_NOW, [(texts.ROOM_CONTINUE, "verder")])
        return tally

    @_on_own_screen
    def collect_corrections(self, room: Room) -> None:
        while True:
            width = self._width()
            waiting = len(room.pending(Kind.CORRECTION))
            top = self._top(
                [
                    texts.ROOM_CORRECT_TITLE,
                    *wrap(texts.ROOM_CORRECT_EXPLAIN, width),
                    "",
                    texts.ROOM_CORRECT_COUNT.format(n=waiting),
                ]
            )
            action = self._choose(
                top,
                texts.ROOM_WHAT_NOW,
                [(texts.ROOM_REFRESH, "vernieuwen"), (texts.ROOM_CORRECT_DONE, "klaar")],
            )
            if action == "klaar":
                return
