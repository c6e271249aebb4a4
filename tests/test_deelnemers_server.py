"""The participants' server over loopback with http.client: joining, the checks, the limits."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from kwaliteit_cli.deelnemers.server import COOKIE, MAX_BODY, MAX_CONNECTIONS, RoomServer
from kwaliteit_cli.deelnemers.state import Kind, Mode, Room, Stage

LOOPBACK = "127.0.0.1"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock: FakeClock) -> Iterator[RoomServer]:
    with RoomServer(Room(), LOOPBACK, clock=clock) as running:
        yield running


def request(
    server: RoomServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection(LOOPBACK, server.port, timeout=5)
    sent = {"Host": server.host, **(headers or {})}
    if method == "POST" and "Origin" not in sent:
        sent["Origin"] = f"http://{server.host}"
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def read(server: RoomServer, method: str, path: str, **kw: object) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(LOOPBACK, server.port, timeout=5)
    headers = {"Host": server.host, **kw.get("headers", {})}  # type: ignore[dict-item]
    if method == "POST":
        headers.setdefault("Origin", f"http://{server.host}")
    conn.request(method, path, body=kw.get("body"), headers=headers)  # type: ignore[arg-type]
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def join(server: RoomServer) -> str:
    """Scan the QR code: returns the cookie header the phone will send from now on."""
    assert server.room is not None
    response = request(server, "GET", f"/T/{server.room.token}")
    assert response.status == 303
    cookie = response.getheader("Set-Cookie") or ""
    return cookie.split(";")[0]


def test_the_qr_token_becomes_a_strict_cookie_and_leaves_the_address(server: RoomServer) -> None:
    assert server.room is not None
    response = request(server, "GET", f"/T/{server.room.token}")
    assert response.status == 303
    assert response.getheader("Location") == "/"
    cookie = response.getheader("Set-Cookie") or ""
    attributes = [part.strip() for part in cookie.split(";")]
    assert attributes[0].startswith(f"{COOKIE}=")
    assert server.room.token not in cookie
    assert "HttpOnly" in attributes and "SameSite=Strict" in attributes
    status, page = read(server, "GET", "/", headers={"Cookie": attributes[0]})
    assert status == 200 and b'id="notitie"' in page
    status, body = read(server, "GET", "/api/stand", headers={"Cookie": attributes[0]})
    assert status == 200 and json.loads(body)["apparaat"] == "apparaat 1"


def test_the_qr_link_is_upper_case_so_it_fits_a_small_qr_code(server: RoomServer) -> None:
    assert server.join_url == server.join_url.upper()
    assert server.join_url.startswith(f"HTTP://{server.host}/T/")


def test_a_wrong_or_missing_token_gives_no_cookie_and_no_room(server: RoomServer) -> None:
    response = request(server, "GET", "/T/" + "A" * 26)
    assert response.status == 403 and response.getheader("Set-Cookie") is None
    status, page = read(server, "GET", "/")
    assert status == 200 and b'action="/code"' in page and b'id="notitie"' not in page
    status, _ = read(server, "GET", "/api/stand")
    assert status == 403
    status, _ = read(server, "GET", "/api/stand", headers={"Cookie": f"{COOKIE}=verzonnen"})
    assert status == 403
    assert server.room is not None and server.room.devices() == []


def test_the_typed_code_joins_and_a_wrong_one_sends_back(server: RoomServer) -> None:
    assert server.room is not None
    response = request(server, "POST", "/code", body=b"code=FOUT", headers=_form())
    assert response.status == 303 and response.getheader("Location") == "/?fout=1"
    assert response.getheader("Set-Cookie") is None
    _status, page = read(server, "GET", "/?fout=1")
    assert b"Die code klopt niet" in page
    typed = server.room.code.lower()
    response = request(server, "POST", "/code", body=f"code={typed}".encode(), headers=_form())
    assert response.status == 303 and (response.getheader("Set-Cookie") or "").startswith(COOKIE)


def _form() -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    "host",
    ["evil.example:{port}", "localhost:{port}", "127.0.0.1:1", "127.0.0.1", ""],
)
def test_a_wrong_host_is_refused(server: RoomServer, host: str) -> None:
    assert server.room is not None
    status, _ = read(
        server, "GET", f"/T/{server.room.token}", headers={"Host": host.format(port=server.port)}
    )
    assert status == 421
    assert server.room.devices() == []


def test_a_post_needs_our_own_origin(server: RoomServer) -> None:
    cookie = join(server)
    body = json.dumps({"naam": "Fatima"}).encode()
    for origin in ("http://evil.example", "null", f"https://{server.host}"):
        headers = {"Cookie": cookie, "Origin": origin}
        assert request(server, "POST", "/api/naam", body, headers).status == 403
        headers["Sec-Fetch-Site"] = "cross-site"
        assert request(server, "POST", "/api/naam", body, headers).status == 403
    # A form POST under no-referrer: Origin null, but the browser vouches it is same-origin.
    same = {"Cookie": cookie, "Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert request(server, "POST", "/api/naam", body, same).status == 200
    conn = http.client.HTTPConnection(LOOPBACK, server.port, timeout=5)
    conn.request("POST", "/api/naam", body=body, headers={"Host": server.host, "Cookie": cookie})
    assert conn.getresponse().status == 403
    conn.close()
    assert request(server, "POST", "/api/naam", body, {"Cookie": cookie}).status == 200


def test_a_large_body_is_refused_unread(server: RoomServer) -> None:
    cookie = join(server)
    server.room.set_stage(Stage(mode=Mode.NOTE))  # type: ignore[union-attr]
    big = json.dumps({"tekst": "x" * MAX_BODY}).encode()
    assert request(server, "POST", "/api/notitie", big, {"Cookie": cookie}).status == 413
    assert server.room.pending() == []  # type: ignore[union-attr]


def test_a_note_reaches_the_inbox_without_a_name(server: RoomServer) -> None:
    cookie = join(server)
    assert server.room is not None
    server.room.set_stage(Stage(mode=Mode.NOTE, step="Wat valt mij op?"))
    body = json.dumps({"tekst": "Lage respons bij de derdejaars.", "naam": ""}).encode()
    assert request(server, "POST", "/api/notitie", body, {"Cookie": cookie}).status == 200
    (item,) = server.room.pending(Kind.NOTE)
    assert item.text == "Lage respons bij de derdejaars." and item.name == ""


def test_a_refused_action_says_why_in_dutch(server: RoomServer) -> None:
    cookie = join(server)
    body = json.dumps({"tekst": "te vroeg"}).encode()
    status, answer = read(server, "POST", "/api/notitie", body=body, headers={"Cookie": cookie})
    assert status == 409
    assert json.loads(answer)["melding"].startswith("Dat kan op dit moment")


def test_a_removed_device_is_out(server: RoomServer) -> None:
    cookie = join(server)
    assert server.room is not None and server.room.remove_device(1)
    assert request(server, "GET", "/api/stand", headers={"Cookie": cookie}).status == 403


def test_every_answer_carries_the_strict_headers(server: RoomServer) -> None:
    cookie = join(server)
    for path, headers in (("/", {}), ("/api/stand", {"Cookie": cookie}), ("/app.js", {})):
        response = request(server, "GET", path, headers=headers)
        csp = response.getheader("Content-Security-Policy") or ""
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.getheader("Referrer-Policy") == "no-referrer"
        assert response.getheader("Cache-Control") == "no-store"
        assert "Python" not in (response.getheader("Server") or "")


def test_reads_and_writes_are_rate_limited_per_device(server: RoomServer, clock: FakeClock) -> None:
    first, second = join(server), join(server)
    statuses = [
        request(server, "GET", "/api/stand", headers={"Cookie": first}).status for _ in range(25)
    ]
    assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
    # Another phone is not held back by the first.
    assert request(server, "GET", "/api/stand", headers={"Cookie": second}).status == 200
    clock.now += 5
    assert request(server, "GET", "/api/stand", headers={"Cookie": first}).status == 200
    body = json.dumps({"naam": "X"}).encode()
    writes = [
        request(server, "POST", "/api/naam", body, {"Cookie": second}).status for _ in range(10)
    ]
    assert writes[:8] == [200] * 8 and set(writes[8:]) == {429}


def test_joining_attempts_are_rate_limited(server: RoomServer) -> None:
    statuses = [request(server, "POST", "/code", b"code=FOUT", _form()).status for _ in range(8)]
    assert statuses[:5] == [303] * 5 and set(statuses[5:]) == {429}


def test_connections_beyond_the_cap_are_closed_at_once(server: RoomServer) -> None:
    idle = [socket.create_connection((LOOPBACK, server.port)) for _ in range(MAX_CONNECTIONS)]
    try:
        # Each idle connection has a handler thread waiting for its request line; make sure
        # they all hold a slot before the one over the cap arrives.
        for conn in idle:
            conn.settimeout(5)
        _wait_for(lambda: server._httpd._slots._value == 0)
        extra = socket.create_connection((LOOPBACK, server.port))
        extra.settimeout(5)
        assert extra.recv(100) == b""
        extra.close()
        assert server.counters.connections_refused == 1
    finally:
        for conn in idle:
            conn.close()


def _wait_for(condition: object) -> None:
    import time

    for _ in range(500):
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.01)
    raise AssertionError("condition never held")


def test_stopping_frees_the_port_closes_connections_and_kills_the_token() -> None:
    room = Room()
    server = RoomServer(room, LOOPBACK)
    server.start()
    port, token = server.port, room.token
    lingering = socket.create_connection((LOOPBACK, port))
    lingering.settimeout(5)
    _wait_for(lambda: len(server._httpd._open) == 1)
    server.stop()
    assert lingering.recv(10) == b""
    lingering.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((LOOPBACK, port), timeout=2)
    assert room.closed and room.token == "" and token
    # The port is really free: another server can take it at once.
    again = RoomServer(Room(), LOOPBACK, port)
    again.stop()


def test_it_never_listens_on_every_interface() -> None:
    for address in ("0.0.0.0", "::", ""):
        with pytest.raises(ValueError):
            RoomServer(Room(), address)


def test_nothing_reaches_stderr_or_stdout_even_for_bad_requests() -> None:
    script = textwrap.dedent(
        """
        import http.client, json, socket
        from kwaliteit_cli.deelnemers.server import RoomServer
        from kwaliteit_cli.deelnemers.state import Room

        room = Room()
        server = RoomServer(room, "127.0.0.1")
        server.start()
        def get(path, host=server.host, headers=None):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", path, headers={"Host": host, **(headers or {})})
            r = conn.getresponse(); r.read(); conn.close(); return r
        cookie = get("/T/" + room.token).getheader("Set-Cookie").split(";")[0]
        get("/api/stand", headers={"Cookie": cookie})
        get("/T/WRONG"); get("/", host="evil:1"); get("/nergens")
        for raw in (b"GARBAGE\\r\\n\\r\\n", b"GET / HTTP/1.1\\r\\nHost: x\\r\\n" * 200,
                    b"\\x16\\x03\\x01\\x00\\xa5\\x01\\x00", b"POST /api/stem HTTP/1.0\\r\\n"
                    b"Host: " + server.host.encode() + b"\\r\\nOrigin: http://"
                    + server.host.encode() + b"\\r\\nContent-Length: 99\\r\\n\\r\\n{"):
            s = socket.create_connection(("127.0.0.1", server.port)); s.sendall(raw)
            s.shutdown(socket.SHUT_WR); s.recv(4096); s.close()
        s = socket.create_connection(("127.0.0.1", server.port)); s.close()
        server.stop()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout == ""
