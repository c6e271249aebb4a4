"""The facilitator's room panel: QR code, address, code and devices within 80×24."""

from __future__ import annotations

from kwaliteit_cli.deelnemers.screen import room_panel, status_line
from kwaliteit_cli.deelnemers.server import RoomServer
from kwaliteit_cli.deelnemers.state import Room
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
    assert len(lines) <= 24 - 6  # the question and four choices still fit below it
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
