"""How the participants' server holds up: simulated phones polling and posting over loopback.

    python bench/deelnemers.py [--phones N] [--seconds S] [--interval I]

Each phone is a thread with its own cookie that fetches /api/stand every I seconds (the pages
poll every 3 s while visible) and shares a note now and then. Printed: requests per second
served, the latency of a poll (median and 95th percentile), refusals (rate limit, caps), and
the time from a phone's POST to the note waiting in the facilitator's inbox. The bench runs
the phones in the same process as the server, so on a small machine the figures are a floor.
Nothing here asserts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kwaliteit_cli.deelnemers.server import RoomServer  # noqa: E402
from kwaliteit_cli.deelnemers.state import Kind, Mode, Room, Stage  # noqa: E402


def phone(
    number: int,
    server: RoomServer,
    room: Room,
    seconds: float,
    interval: float,
    polls: list[float],
    inbox: list[float],
    refused: list[int],
) -> None:
    def call(
        method: str, path: str, body: bytes | None = None, cookie: str = ""
    ) -> tuple[int, str]:
        # Each phone from its own address (127.0.0.N), as on a real network.
        conn = http.client.HTTPConnection(
            server.address, server.port, timeout=10, source_address=(f"127.0.0.{number + 2}", 0)
        )
        headers = {"Host": server.host, "Origin": f"http://{server.host}"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status, response.getheader("Set-Cookie") or ""

    _, cookie = call("GET", f"/T/{room.token}")
    cookie = cookie.split(";")[0]
    end = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < end:
        started = time.perf_counter()
        status, _ = call("GET", "/api/stand", cookie=cookie)
        polls.append(time.perf_counter() - started)
        if status != 200:
            refused.append(status)
        if sent < 3 and len(polls) % 5 == 0:
            text = f"notitie {threading.get_ident()} {sent}"
            before = time.perf_counter()
            body = json.dumps({"tekst": text, "naam": ""}).encode()
            call("POST", "/api/notitie", body, cookie)
            if any(p.text == text for p in room.pending(Kind.NOTE)):
                inbox.append(time.perf_counter() - before)
            sent += 1
        time.sleep(max(0.0, interval - (time.perf_counter() - started)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--interval", type=float, default=3.0)
    args = parser.parse_args()

    room = Room()
    room.set_stage(Stage(mode=Mode.NOTE, step="Wat valt mij op?"))
    polls: list[float] = []
    inbox: list[float] = []
    refused: list[int] = []
    with RoomServer(room, "127.0.0.1") as server:
        threads = [
            threading.Thread(
                target=phone,
                args=(n, server, room, args.seconds, args.interval, polls, inbox, refused),
            )
            for n in range(args.phones)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        served = server.counters.requests

    ms = sorted(p * 1000 for p in polls)
    print(f"phones {args.phones}, poll every {args.interval} s, {args.seconds} s")
    print(f"requests served       {served} ({served / elapsed:.1f}/s)")
    print(f"poll latency median   {statistics.median(ms):.2f} ms")
    print(f"poll latency p95      {ms[int(len(ms) * 0.95) - 1]:.2f} ms")
    print(f"poll latency max      {ms[-1]:.2f} ms")
    print(f"refused               {len(refused)}")
    if inbox:
        print(f"POST to inbox median  {statistics.median(inbox) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
