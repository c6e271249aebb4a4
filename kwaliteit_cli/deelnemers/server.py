"""The participants' pages, served by the standard library's HTTP server on one address.

Why the standard library: ten phones polling every few seconds is a handful of requests a
second, and ``ThreadingHTTPServer`` needs no install. Its own docs warn it "only implements
basic security checks", so this module adds the rest:

- it binds one chosen address, never all interfaces, on a free port;
- the ``Host`` header must be that address and port (no DNS rebinding), and every POST must
  come with an ``Origin`` of the same;
- the QR link's token becomes a device cookie (HttpOnly, SameSite=Strict) and the browser is
  sent on to the address without the token, so it stays out of history and screenshots;
- request bodies are capped, open connections are capped, idle connections time out, and each
  device (or, before it joins, each address) has a rate limit;
- nothing is logged and nothing is printed: ``log_message`` and ``handle_error`` are silenced,
  because an IP address is personal data and the server thread must not write over the
  facilitator's screen;
- every page is self-contained (its script and style come from this server), with a strict
  Content-Security-Policy, ``no-referrer`` and ``no-store``;
- :meth:`RoomServer.stop` closes the listening socket and every open connection.
"""

from __future__ import annotations

import contextlib
import html
import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from kwaliteit_cli.deelnemers.state import (
    DOTS_PER_DEVICE,
    Device,
    Mode,
    Room,
    RoomRefusal,
)

MAX_BODY = 4096
MAX_CONNECTIONS = 32
IDLE_TIMEOUT = 10.0  # seconds a connection may sit without sending its request
COOKIE = "kw"
COOKIE_AGE = 12 * 3600

SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)

STATIC = {
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}

# What a refusal means, for the person holding the phone.
REFUSALS = {
    "onbekende-link": "Deze link hoort niet (meer) bij het gesprek. Scan de QR-code opnieuw.",
    "verkeerde-code": "Die code klopt niet. Kijk nog eens op het scherm van de begeleider.",
    "code-uit": "Met een code meedoen kan niet meer. Scan de QR-code op het scherm.",
    "op-slot": "De begeleider heeft het meedoen gesloten. Vraag of het weer open mag.",
    "vol": "Er doen al te veel apparaten mee.",
    "gesloten": "Het gesprek is gepauzeerd of afgelopen.",
    "niet-nu": "Dat kan op dit moment in het gesprek niet.",
    "te-lang": "Die tekst is te lang. Maak hem korter.",
    "leeg": "Er staat nog niets.",
    "te-veel": "Je hebt al veel gestuurd. Zeg het verder hardop.",
    "te-veel-stippen": f"Je hebt {DOTS_PER_DEVICE} stippen om te verdelen.",
    "onbekend-voorstel": "Dat voorstel bestaat niet meer.",
    "onbekende-keuze": "Kies ja, deels of nee.",
    "al-gestemd": "Je hebt al gestemd.",
    "geen-naam": "Kies eerst je naam.",
    "naam-bezet": "Die naam is al gekozen op een ander apparaat. Klopt dat niet? Zeg het de "
    "begeleider.",
    "onbekend-apparaat": "Dit apparaat doet niet (meer) mee. Scan de QR-code opnieuw.",
    "te-snel": "Even rustig aan; probeer het zo opnieuw.",
}

CHECK_GREETED = "Je groet is aangekomen. Deze telefoon kan meedoen aan het gesprek."


def _page(name: str) -> bytes:
    return resources.files("kwaliteit_cli.deelnemers").joinpath("pagina", name).read_bytes()


class RateLimiter:
    """A token bucket per key (a device, or an address before it joins), in memory only."""

    def __init__(
        self, capacity: float, per_second: float, clock: Callable[[], float], keys: int = 512
    ) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.clock = clock
        self.max_keys = keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.per_second)
            allowed = tokens >= 1
            if allowed:
                tokens -= 1
            if key not in self._buckets and len(self._buckets) >= self.max_keys:
                self._buckets.pop(next(iter(self._buckets)))
            self._buckets[key] = (tokens, now)
            return allowed


@dataclass
class Counters:
    """What the server counts, in memory: for the facilitator's screen and the tests."""

    requests: int = 0
    refused: int = 0
    errors: int = 0
    connections_refused: int = 0
    check_visits: int = 0
    check_greetings: int = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # After a stop the port must be free at once (closed connections sit in TIME_WAIT), but on
    # Windows SO_REUSEADDR would let another program share a port that is in use.
    allow_reuse_address = sys.platform != "win32"
    # The default backlog of 5 drops connections when a room of phones polls at once, and a
    # dropped SYN costs a second before the phone retries (measured: bench/deelnemers.py).
    request_queue_size = 64

    app: RoomServer

    def __init__(self, address: tuple[str, int], app: RoomServer) -> None:
        self.app = app
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.app.counters.connections_refused += 1
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr, onto the facilitator's screen.
        self.app.counters.errors += 1

    def close_connections(self) -> None:
        with self._open_lock:
            open_now = list(self._open)
        for conn in open_now:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()


class RoomServer:
    """The participants' server for one room. ``check=True`` serves the network test page."""

    def __init__(
        self,
        room: Room | None,
        address: str,
        port: int = 0,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_check: Callable[[str], None] | None = None,
    ) -> None:
        if address in ("", "0.0.0.0", "::"):
            raise ValueError("refusing to listen on every interface")
        self.room = room
        self.clock = clock
        self.counters = Counters()
        self.on_check = on_check
        self.reads = RateLimiter(capacity=20, per_second=2.0, clock=clock)
        self.writes = RateLimiter(capacity=8, per_second=0.5, clock=clock)
        self.joins = RateLimiter(capacity=5, per_second=0.2, clock=clock)
        self._httpd = _Server((address, port), self)
        self.address = address
        self.port = int(self._httpd.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The value the ``Host`` header must have."""
        shown = f"[{self.address}]" if ":" in self.address else self.address
        return f"{shown}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}/"

    @property
    def join_url(self) -> str:
        """The QR link: in upper case, so the QR code can store it in its compact alphabet."""
        token = self.room.token if self.room else ""
        return f"HTTP://{self.host}/T/{token}"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="kwaliteit-deelnemers",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Close the room, the listening socket and every open connection; frees the port."""
        if self.room is not None:
            self.room.close()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
        self._httpd.close_connections()

    def __enter__(self) -> RoomServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = IDLE_TIMEOUT
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers after a stop
    server_version = "kwaliteit"
    sys_version = ""

    # --- silence -------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:
        """No access log: an address with a time is personal data, and no printing."""

    # --- dispatch ------------------------------------------------------------------------

    @property
    def app(self) -> RoomServer:
        return self.server.app

    def do_GET(self) -> None:
        self.app.counters.requests += 1
        if not self._host_ok():
            return
        path, _, query = self.path.partition("?")
        if path in STATIC:
            if not self.app.reads.allow("static:" + self._client()):
                return self._refuse(HTTPStatus.TOO_MANY_REQUESTS, "te-snel")
            name, kind = STATIC[path]
            return self._send(HTTPStatus.OK, _page(name), kind)
        if self.app.room is None:
            return self._check_get(path)
        room = self.app.room
        if path.upper().startswith("/T/"):
            return self._join_with_token(room, path[3:])
        device = self._device()
        if device is not None and not self.app.reads.allow(device.secret):
            return self._refuse(HTTPStatus.TOO_MANY_REQUESTS, "te-snel")
        if device is None and not self.app.reads.allow("anon:" + self._client()):
            return self._refuse(HTTPStatus.TOO_MANY_REQUESTS, "te-snel")
        if path == "/":
            if device is None:
                fout = "fout" in parse_qs(query)
                return self._join_page("verkeerde-code" if fout else "")
            return self._send(HTTPStatus.OK, _page("deelnemer.html"), "text/html; charset=utf-8")
        if path == "/api/stand":
            if device is None:
                return self._json(HTTPStatus.FORBIDDEN, {"fout": "onbekend-apparaat"})
            return self._json(HTTPStatus.OK, self._standing(room, device))
        self._refuse(HTTPStatus.NOT_FOUND, "niet-nu")

    def do_POST(self) -> None:
        self.app.counters.requests += 1
        if not self._host_ok() or not self._origin_ok():
            return
        body = self._body()
        if body is None:
            return
        path = self.path.partition("?")[0]
        if self.app.room is None:
            return self._check_post(path)
        room = self.app.room
        if path == "/code":
            return self._join_with_code(room, body)
        device = self._device()
        if device is None:
            return self._json(HTTPStatus.FORBIDDEN, {"fout": "onbekend-apparaat"})
        if not self.app.writes.allow(device.secret):
            return self._json(HTTPStatus.TOO_MANY_REQUESTS, {"fout": "te-snel"})
        try:
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError
            self._act(room, device, path, data)
        except (ValueError, UnicodeDecodeError, TypeError, KeyError):
            self.app.counters.refused += 1
            return self._json(HTTPStatus.BAD_REQUEST, {"fout": "onbekend"})
        except RoomRefusal as refused:
            self.app.counters.refused += 1
            return self._json(HTTPStatus.CONFLICT, {"fout": refused.reason})
        self._json(HTTPStatus.OK, self._standing(room, room.device(device.secret) or device))

    def do_PUT(self) -> None:
        self._refuse(HTTPStatus.METHOD_NOT_ALLOWED, "niet-nu")

    do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_PUT

    # --- what participants do ------------------------------------------------------------

    @staticmethod
    def _act(room: Room, device: Device, path: str, data: dict[str, Any]) -> None:
        def text(key: str) -> str:
            value = data.get(key, "")
            if not isinstance(value, str):
                raise ValueError(key)
            return value

        if path == "/api/naam":
            room.set_name(device.secret, text("naam"))
        elif path == "/api/notitie":
            room.share_note(device.secret, text("tekst"), text("naam"))
        elif path == "/api/voorstel":
            room.propose_question(device.secret, text("tekst"))
        elif path == "/api/stippen":
            raw = data.get("stippen")
            if not isinstance(raw, dict) or len(raw) > 50:
                raise ValueError("stippen")
            dots = {int(k): int(v) for k, v in raw.items()}
            room.set_dots(device.secret, dots)
        elif path == "/api/stem":
            room.vote(device.secret, text("keuze"))
        elif path == "/api/correctie":
            target = data.get("nummer")
            if not isinstance(target, int) or isinstance(target, bool):
                raise ValueError("nummer")
            room.propose_correction(device.secret, text("tekst"), target)
        else:
            raise KeyError(path)

    @staticmethod
    def _standing(room: Room, device: Device) -> dict[str, Any]:
        stage = room.stage
        mine = room.my_dots(device.secret)
        words = dict(stage.words)
        result = room.result
        return {
            "versie": room.version,
            "stap": stage.mode.value,
            "fase": stage.phase,
            "vraag": stage.step,
            "gezamenlijke_vraag": stage.joint_question,
            "apparaat": device.label,
            "naam": device.name,
            "voorstellen": [
                {"id": p.id, "tekst": p.text, "stippen": dots, "mijn": mine.get(p.id, 0)}
                for p, dots in room.proposals()
            ]
            if stage.mode is Mode.QUESTION
            else [],
            "stippen_over": DOTS_PER_DEVICE - sum(mine.values()),
            "stemming_open": room.vote_open,
            "gestemd": room.has_voted(device.secret),
            "uitslag": None
            if result is None
            else {
                "ja": result.ja,
                "deels": result.deels,
                "nee": result.nee,
                "totaal": result.total,
                "eensgezind": result.unanimous,
            },
            "namen": sorted(words) if stage.mode is Mode.CORRECT else [],
            "mijn_woorden": list(words.get(device.name, ())) if stage.mode is Mode.CORRECT else [],
        }

    # --- joining -------------------------------------------------------------------------

    def _join_with_token(self, room: Room, token: str) -> None:
        if not self.app.joins.allow("join:" + self._client()):
            return self._refuse(HTTPStatus.TOO_MANY_REQUESTS, "te-snel")
        if self._device() is not None and room.check_token(token):
            return self._redirect("/")  # scanned again: the same device, no new label
        try:
            device = room.join_with_token(token)
        except RoomRefusal as refused:
            self.app.counters.refused += 1
            return self._refuse(HTTPStatus.FORBIDDEN, refused.reason)
        self._redirect("/", device)

    def _join_with_code(self, room: Room, body: bytes) -> None:
        if not self.app.joins.allow("join:" + self._client()):
            return self._refuse(HTTPStatus.TOO_MANY_REQUESTS, "te-snel")
        typed = parse_qs(body.decode("utf-8", "replace")).get("code", [""])[0]
        try:
            device = room.join_with_code(typed[:40])
        except RoomRefusal as refused:
            self.app.counters.refused += 1
            if refused.reason == "verkeerde-code":
                return self._redirect("/?fout=1")
            return self._refuse(HTTPStatus.FORBIDDEN, refused.reason)
        self._redirect("/", device)

    def _join_page(self, reason: str) -> None:
        page = _page("meedoen.html").decode("utf-8")
        message = html.escape(REFUSALS.get(reason, "")) if reason else ""
        page = page.replace("{{melding}}", message)
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    # --- the network test page -----------------------------------------------------------

    def _check_get(self, path: str) -> None:
        if not self.app.reads.allow("check:" + self._client()):
            return self._refuse(HTTPStatus.TOO_MANY_REQUESTS, "te-snel")
        if path != "/":
            return self._refuse(HTTPStatus.NOT_FOUND, "niet-nu")
        self.app.counters.check_visits += 1
        # Answer first: the check may stop the server as soon as it hears of this request.
        self._send(HTTPStatus.OK, _page("test.html"), "text/html; charset=utf-8")
        self.wfile.flush()
        if self.app.on_check:
            self.app.on_check("bezoek")

    def _check_post(self, path: str) -> None:
        if path != "/groet" or not self.app.writes.allow("check:" + self._client()):
            return self._json(HTTPStatus.TOO_MANY_REQUESTS, {"fout": "te-snel"})
        self.app.counters.check_greetings += 1
        page = _page("melding.html").decode("utf-8").replace("{{melding}}", CHECK_GREETED)
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
        self.wfile.flush()
        if self.app.on_check:
            self.app.on_check("groet")

    # --- checks --------------------------------------------------------------------------

    def _host_ok(self) -> bool:
        if (self.headers.get("Host") or "").strip().lower() != self.app.host.lower():
            self._refuse(HTTPStatus.MISDIRECTED_REQUEST, "onbekende-link")
            return False
        return True

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        # With Referrer-Policy no-referrer a browser sends "Origin: null" on a form POST; then
        # the browser's own Sec-Fetch-Site (which a page cannot forge) must say same-origin.
        # The pages' fetch calls ask for the real Origin (referrerPolicy same-origin).
        same_site = self.headers.get("Sec-Fetch-Site") == "same-origin"
        if origin != f"http://{self.app.host}" and not (origin == "null" and same_site):
            self._refuse(HTTPStatus.FORBIDDEN, "onbekende-link")
            return False
        return True

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding"):
            self._refuse(HTTPStatus.LENGTH_REQUIRED, "te-lang")
            return None
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._refuse(HTTPStatus.LENGTH_REQUIRED, "te-lang")
            return None
        if length < 0 or length > MAX_BODY:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "te-lang")
            return None
        return self.rfile.read(length)

    def _client(self) -> str:
        return str(self.client_address[0])

    def _device(self) -> Device | None:
        if self.app.room is None:
            return None
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and value:
                device = self.app.room.device(value)
                if device is not None:
                    self.app.room.touch(device.secret, self.app.clock())
                return device
        return None

    # --- answers -------------------------------------------------------------------------

    def _refuse(self, status: HTTPStatus, reason: str) -> None:
        self.app.counters.refused += 1
        text = html.escape(REFUSALS.get(reason, "Dat lukt niet."))
        page = _page("melding.html").decode("utf-8").replace("{{melding}}", text)
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _redirect(self, where: str, device: Device | None = None) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", where)
        if device is not None:
            self.send_header(
                "Set-Cookie",
                f"{COOKIE}={device.secret}; HttpOnly; SameSite=Strict; Path=/; "
                f"Max-Age={COOKIE_AGE}",
            )
        self._common_headers()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
        if "fout" in data:
            data = {**data, "melding": REFUSALS.get(str(data["fout"]), "Dat lukte niet.")}
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _common_headers(self) -> None:
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        self.send_header("Connection", "close")
