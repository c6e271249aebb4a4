"""``kwaliteit deelnemers test``: serve a test page and report when a phone reaches it.

Before a meeting the facilitator learns whether phones can reach this laptop on this network
(client isolation on school Wi-Fi, Android leaving a Wi-Fi without internet, a firewall), with
the same address choice and server as a real conversation.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable

from kwaliteit_cli import texts
from kwaliteit_cli.deelnemers.network import Candidate, NoAddress, choose_address, wifi_security
from kwaliteit_cli.deelnemers.qr import qr_lines
from kwaliteit_cli.deelnemers.server import RoomServer
from kwaliteit_cli.deelnemers.state import Room
from kwaliteit_cli.errors import EXIT_OK, KwaliteitError, UsageError


def find_address(wanted: str | None) -> Candidate:
    """The address to serve on, or a Dutch error that says how to choose another."""
    try:
        return choose_address(wanted)
    except NoAddress as missing:
        known = (
            ", ".join(f"{c.address} ({c.interface})" for c in missing.known if c.usable)
            or texts.ROOM_NOTHING_KNOWN
        )
        if not missing.wanted:
            raise UsageError(texts.ROOM_NO_ADDRESS, hint=texts.ROOM_NO_ADDRESS_HINT) from None
        raise UsageError(
            texts.ROOM_BAD_ADDRESS.format(wanted=missing.wanted),
            hint=texts.ROOM_BAD_ADDRESS_HINT.format(known=known),
        ) from None


def open_server(
    room: Room | None,
    candidate: Candidate,
    on_check: Callable[[str], None] | None = None,
) -> RoomServer:
    """Start serving on ``candidate``; a port or permission problem becomes a Dutch error."""
    try:
        server = RoomServer(room, candidate.address, on_check=on_check)
    except OSError as problem:
        raise UsageError(
            texts.ROOM_CANNOT_LISTEN.format(
                address=candidate.address, reason=problem.strerror or problem
            ),
            hint=texts.ROOM_CANNOT_LISTEN_HINT,
        ) from None
    server.start()
    return server


def network_warnings(candidate: Candidate) -> list[str]:
    """What the facilitator should know about this network before anyone joins."""
    lines = [texts.ROOM_PLAIN_HTTP]
    if wifi_security(candidate.interface) == "":
        lines.insert(0, texts.ROOM_OPEN_NETWORK)
    return lines


def run_check(
    wanted: str | None,
    say: Callable[[str], None],
    *,
    seconds: float = 300,
    colour: bool = False,
) -> int:
    """Serve the test page until a phone sends a greeting, time runs out, or Ctrl-C."""
    candidate = find_address(wanted)
    events: queue.Queue[str] = queue.Queue()
    server = open_server(None, candidate, on_check=events.put)
    visits = greetings = 0
    try:
        say(texts.ROOM_CHECK_READY.format(address=server.base_url, interface=candidate.interface))
        for line in network_warnings(candidate):
            say(line)
        say(texts.ROOM_SCAN)
        say("\n".join(qr_lines(server.base_url.upper(), colour=colour)))
        say(server.base_url)
        minutes = round(seconds / 60)
        wait = f"{minutes} minuten" if minutes > 1 else f"{round(seconds)} seconden"
        say(texts.ROOM_CHECK_ASK.format(wait=wait))
        deadline = time.monotonic() + seconds
        while greetings == 0:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                event = events.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if event == "bezoek":
                visits += 1
                say(texts.ROOM_CHECK_VISIT.format(n=visits))
            elif event == "groet":
                # A greeting can overtake the report of its own page visit (two threads).
                if visits == 0 and server.counters.check_visits:
                    visits = server.counters.check_visits
                    say(texts.ROOM_CHECK_VISIT.format(n=visits))
                greetings += 1
                say(texts.ROOM_CHECK_GREETING)
    except KeyboardInterrupt:
        say(texts.ROOM_CHECK_STOPPED)
    finally:
        server.stop()
    if visits == 0 and greetings == 0:
        raise KwaliteitError(texts.ROOM_CHECK_NONE, hint=texts.ROOM_CHECK_NONE_HINT)
    return EXIT_OK
