"""The facilitator's room panel (QR code, address, code and devices within 80×24) and its
decision screens, read from a pipe instead of a keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from kwaliteit_cli.deelnemers.screen import TerminalDecisions, room_panel, status_line
from kwaliteit_cli.deelnemers.server import RoomServer
from kwaliteit_cli.deelnemers.state import Kind, Mode, Room, Stage
from tests.test_deelnemers_server import FakeClock


def test_the_panel_fits_an_80_by_24_terminal_with_room_for_the_choices() -> None:
    room = Room(code="ABCD2345")
    token = room.token
    with RoomServer(room, "127.0.0.1") as server:
        for _ in range(3):
            room.join_with_token(room.token)
        room.set_name(room.devices()[0].secret, "Sanne")
        lines = room_panel(server, room, ["Let op: " + "open netwerk " * 8])
        status = status_line(server, room)
    assert len(lines) <= 24 - 6  # 'Wat nu?', four choices and the hint line fit below it
    assert all(len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    assert server.base_url.rstrip("/") in text
    assert "ABCD 2345" in text
    assert "Verbonden: 3 apparaten" in text and "apparaat 1 (Sanne)" in text
    assert token not in text  # the token is only in the QR code itself
    assert status.startswith("Telefoons: 3 · http://127.0.0.1:")


def test_a_device_that_went_quiet_is_marked_so_the_facilitator_can_ask() -> None:
    room = Room()
    clock = FakeClock()
    with RoomServer(room, "127.0.0.1", clock=clock) as server:
        first = room.join_with_token(room.token)
        second = room.join_with_token(room.token)
        room.touch(first.secret, clock.now)
        room.touch(second.secret, clock.now)
        clock.now += 150
        room.touch(second.secret, clock.now)
        text = "\n".join(room_panel(server, room, []))
    assert "apparaat 1 (al 2 min stil)" in text
    assert "apparaat 2," not in text and "apparaat 2 (al" not in text


T = TypeVar("T")


def typing(
    keys: str, server: RoomServer, room: Room, screen: Callable[[TerminalDecisions], T]
) -> T:
    """Run one of the facilitator's screens with ``keys`` typed instead of a keyboard."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        options = {"input": pipe, "output": DummyOutput()}
        return screen(TerminalDecisions(server, room, [], app_options=options))


def test_a_bare_enter_on_a_shared_note_decides_nothing() -> None:
    room = Room()
    with RoomServer(room, "127.0.0.1") as server:
        device = room.join_with_token(room.token)
        room.set_stage(Stage(mode=Mode.NOTE, phase="Check-in", step="Wat valt je op?"))
        note = room.share_note(device.secret, "De respons is laag.")
        # Enter alone, then Ctrl-C: the note is neither taken nor rejected, it stays waiting.
        with pytest.raises(KeyboardInterrupt):
            typing("\r\r\x03", server, room, lambda d: d.decide(note))
        assert room.pending(Kind.NOTE) == [note]
        # Enter first, then 3: the Enter chose nothing, so 3 (niet overnemen) is what counts.
        assert typing("\r3", server, room, lambda d: d.decide(note)) == (False, None)
        assert typing("1", server, room, lambda d: d.decide(note)) == (True, None)


def test_a_bare_enter_does_not_open_the_vote() -> None:
    room = Room()
    with RoomServer(room, "127.0.0.1") as server:
        room.join_with_token(room.token)
        with pytest.raises(KeyboardInterrupt):
            typing("\r\x03", server, room, lambda d: d.run_vote(room))
        assert not room.vote_open
        # 2 is 'geen stemming': the vote is not held, and nothing asks again.
        assert typing("\r2", server, room, lambda d: d.run_vote(room)) is None
        assert not room.vote_open
