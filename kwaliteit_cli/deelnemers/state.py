"""What the room has sent from its phones, held in memory only (the pure part of issue 16).

The server thread and the conversation both reach a :class:`Room`; every method takes the
room's lock, so the two never see half a change. Nothing here touches a socket, a file or the
screen: the conversation decides what, of all this, goes into the session file.

Privacy by construction:
- a device is known by a random secret (its cookie) and a label such as ``telefoon 2``;
- a shared note carries a name only when the participant typed one;
- the check-out vote keeps three counts and the set of devices that voted, never who chose
  what; the counts are shown only after the facilitator closes the vote;
- the token and every device secret die with the room (a resumed conversation makes a new one).
"""

from __future__ import annotations

import enum
import hmac
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

TOKEN_BYTES = 16  # 128 bits, the minimum the issue sets
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud, typed on a phone
CODE_LENGTH = 8
MAX_TEXT = 1000  # characters in one note, proposal or correction
MAX_NAME = 80
MAX_DEVICES = 60
MAX_PROPOSALS = 60
MAX_PENDING = 300
MAX_ITEMS_PER_DEVICE = 40  # notes, proposals and corrections one device may send in a room
DOTS_PER_DEVICE = 3
MAX_CODE_FAILURES = 50  # then the typed code stops working; the QR still does
TALLY_CHOICES = ("ja", "deels", "nee")


class Mode(enum.Enum):
    """What the participants can do right now; the conversation sets it step by step."""

    WAIT = "wacht"
    NOTE = "notitie"  # a silent moment: write a note, share it if you like
    QUESTION = "vraag"  # check-in: propose a joint question, give dots
    VOTE = "stemming"  # check-out: the anonymous ja / deels / nee
    CORRECT = "correctie"  # the end: read your own words, propose a correction


class Kind(enum.Enum):
    NOTE = "notitie"
    CORRECTION = "correctie"


class RoomRefusal(Exception):
    """A request the room turns down; ``reason`` is a short key the pages translate."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Device:
    secret: str
    label: str
    number: int
    name: str = ""  # only what the participant typed as their own name
    items_sent: int = 0


@dataclass(frozen=True)
class Pending:
    """Something a participant sent that waits for the facilitator's decision."""

    id: int
    kind: Kind
    text: str
    name: str = ""  # a note: the name the participant added, if any; a correction: whose words
    question: str = ""  # a note: the silent question it belongs to
    target: int = -1  # a correction: which of that participant's words (Stage.words) it replaces
    original: str = ""  # a correction: those words as the verslag has them now


@dataclass(frozen=True)
class Proposal:
    id: int
    text: str
    author: str  # device secret, so an author can withdraw; never shown to others


@dataclass(frozen=True)
class Tally:
    ja: int
    deels: int
    nee: int

    @property
    def total(self) -> int:
        return self.ja + self.deels + self.nee

    @property
    def unanimous(self) -> bool:
        return self.total > 0 and max(self.ja, self.deels, self.nee) == self.total


@dataclass(frozen=True)
class Stage:
    """The room view the phones show: the step the conversation is at."""

    mode: Mode = Mode.WAIT
    phase: str = ""
    step: str = ""  # the question or step title, as on the projector
    joint_question: str = ""
    # Mode.CORRECT: what the verslag says, per participant name.
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()


def new_token() -> str:
    """The secret in the QR code: 128 random bits, as upper-case base32 (a QR stores that
    densely, and a browser keeps the path's case)."""
    import base64

    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii").rstrip("=")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a person types: spaces, dashes and lower case do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())


def _clean(text: str, limit: int) -> str:
    kept = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    kept = kept.replace("\t", " ").strip()
    if len(kept) > limit:
        raise RoomRefusal("te-lang")
    return kept


@dataclass
class _Vote:
    open: bool = False
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TALLY_CHOICES, 0))
    voted: set[str] = field(default_factory=set)
    result: Tally | None = None


class Room:
    """The in-memory room of one conversation: its token, devices, proposals and inbox."""

    def __init__(self, token: str | None = None, code: str | None = None) -> None:
        self.token = token or new_token()
        self.code = code or new_code()
        self._lock = threading.Lock()
        self._devices: dict[str, Device] = {}
        self._numbers = 0
        self._locked = False
        self._closed = False
        self._code_failures = 0
        self._stage = Stage()
        self._pending: dict[int, Pending] = {}
        self._proposals: dict[int, Proposal] = {}
        self._dots: dict[str, dict[int, int]] = {}
        self._next_id = 1
        self._vote = _Vote()
        self._seen: dict[str, float] = {}  # device secret -> when it last asked (server clock)
        self.version = 0  # bumps on every change, so pages and the screen know to redraw

    # --- joining --------------------------------------------------------------------------

    def check_token(self, presented: str) -> bool:
        return hmac.compare_digest(presented.upper().encode(), self.token.encode())

    def join_with_token(self, presented: str) -> Device:
        if not self.check_token(presented):
            raise RoomRefusal("onbekende-link")
        return self._join()

    def join_with_code(self, typed: str) -> Device:
        with self._lock:
            if self._code_failures >= MAX_CODE_FAILURES:
                raise RoomRefusal("code-uit")
            good = hmac.compare_digest(
                normalise_code(typed).encode(), normalise_code(self.code).encode()
            )
            if not good:
                self._code_failures += 1
                raise RoomRefusal("verkeerde-code")
        return self._join()

    def _join(self) -> Device:
        with self._lock:
            if self._closed:
                raise RoomRefusal("gesloten")
            if self._locked:
                raise RoomRefusal("op-slot")
            if len(self._devices) >= MAX_DEVICES:
                raise RoomRefusal("vol")
            self._numbers += 1
            device = Device(
                secret=secrets.token_urlsafe(TOKEN_BYTES),
                label=f"apparaat {self._numbers}",
                number=self._numbers,
            )
            self._devices[device.secret] = device
            self._changed()
            return device

    def device(self, secret: str) -> Device | None:
        """The device whose cookie this is; None for a removed, unknown or closed one."""
        with self._lock:
            if self._closed:
                return None
            for known, device in self._devices.items():
                if hmac.compare_digest(known.encode(), secret.encode()):
                    return device
            return None

    def touch(self, secret: str, moment: float) -> None:
        """A device was heard from; kept in memory only, for the facilitator's list."""
        with self._lock:
            if secret in self._devices:
                self._seen[secret] = moment

    def last_seen(self, secret: str) -> float | None:
        with self._lock:
            return self._seen.get(secret)

    def devices(self) -> list[Device]:
        with self._lock:
            return sorted(self._devices.values(), key=lambda d: d.number)

    def set_locked(self, locked: bool) -> None:
        with self._lock:
            self._locked = locked
            self._changed()

    @property
    def locked(self) -> bool:
        return self._locked

    def remove_device(self, label_or_number: str | int) -> bool:
        """Forget a device: its cookie stops working, its dots go, what it sent stays pending
        (the facilitator still decides on it, and it carries no device)."""
        with self._lock:
            for secret, device in list(self._devices.items()):
                if device.number == label_or_number or device.label == label_or_number:
                    del self._devices[secret]
                    self._seen.pop(secret, None)
                    self._dots.pop(secret, None)
                    self._vote.voted.discard(secret)  # a count already given stays counted
                    self._changed()
                    return True
            return False

    def close(self) -> None:
        """End of the conversation or a pause: the token and every cookie stop working, and
        what was never accepted is gone."""
        with self._lock:
            self._closed = True
            self.token = ""
            self.code = ""
            self._devices.clear()
            self._seen.clear()
            self._pending.clear()
            self._proposals.clear()
            self._dots.clear()
            self._vote = _Vote()
            self._changed()

    @property
    def closed(self) -> bool:
        return self._closed

    def set_name(self, secret: str, name: str) -> Device:
        name = _clean(name, MAX_NAME).replace("\n", " ")
        with self._lock:
            device = self._known(secret)
            # One device per name: nobody proposes corrections under someone else's name
            # (the facilitator can remove a device that took the wrong one).
            if name and any(d.name == name for s, d in self._devices.items() if s != secret):
                raise RoomRefusal("naam-bezet")
            device = replace(device, name=name)
            self._devices[secret] = device
            self._changed()
            return device

    # --- what the conversation shows -------------------------------------------------------

    def set_stage(self, stage: Stage) -> None:
        with self._lock:
            if stage.mode is not Mode.VOTE and self._vote.open:
                self._vote.open = False
            self._stage = stage
            self._changed()

    @property
    def stage(self) -> Stage:
        return self._stage

    # --- notes and corrections: the inbox ---------------------------------------------------

    def share_note(self, secret: str, text: str, name: str = "") -> Pending:
        with self._lock:
            if self._stage.mode is not Mode.NOTE:
                raise RoomRefusal("niet-nu")
            return self._send(secret, Kind.NOTE, text, name, self._stage.step)

    def propose_correction(self, secret: str, text: str, target: int) -> Pending:
        """A correction of one of the participant's own words, as listed in the stage."""
        with self._lock:
            if self._stage.mode is not Mode.CORRECT:
                raise RoomRefusal("niet-nu")
            device = self._known(secret)
            words = dict(self._stage.words)
            if not device.name or device.name not in words:
                raise RoomRefusal("geen-naam")
            if not 0 <= target < len(words[device.name]):
                raise RoomRefusal("onbekend-voorstel")
            original = words[device.name][target]
            return self._send(secret, Kind.CORRECTION, text, device.name, "", target, original)

    def _send(
        self,
        secret: str,
        kind: Kind,
        text: str,
        name: str,
        question: str,
        target: int = -1,
        original: str = "",
    ) -> Pending:
        device = self._known(secret)
        text = _clean(text, MAX_TEXT)
        name = _clean(name, MAX_NAME).replace("\n", " ")
        if not text:
            raise RoomRefusal("leeg")
        if device.items_sent >= MAX_ITEMS_PER_DEVICE or len(self._pending) >= MAX_PENDING:
            raise RoomRefusal("te-veel")
        self._devices[secret] = replace(device, items_sent=device.items_sent + 1)
        item = Pending(
            id=self._take_id(),
            kind=kind,
            text=text,
            name=name,
            question=question,
            target=target,
            original=original,
        )
        self._pending[item.id] = item
        self._changed()
        return item

    def pending(self, kind: Kind | None = None) -> list[Pending]:
        with self._lock:
            items = sorted(self._pending.values(), key=lambda p: p.id)
            return [p for p in items if kind is None or p.kind is kind]

    def decide(self, item_id: int, accept: bool, edited: str | None = None) -> Pending | None:
        """The facilitator's decision: the accepted item (edited if a text is given), or None
        when rejected. Either way it leaves the inbox."""
        with self._lock:
            item = self._pending.pop(item_id, None)
            if item is None:
                raise KeyError(item_id)
            self._changed()
            if not accept:
                return None
            if edited is not None:
                item = replace(item, text=_clean(edited, MAX_TEXT * 4))
            return item

    # --- the joint question: proposals and dots ----------------------------------------------

    def propose_question(self, secret: str, text: str) -> Proposal:
        with self._lock:
            if self._stage.mode is not Mode.QUESTION:
                raise RoomRefusal("niet-nu")
            device = self._known(secret)
            text = _clean(text, MAX_TEXT).replace("\n", " ")
            if not text:
                raise RoomRefusal("leeg")
            if device.items_sent >= MAX_ITEMS_PER_DEVICE or len(self._proposals) >= MAX_PROPOSALS:
                raise RoomRefusal("te-veel")
            for proposal in self._proposals.values():
                if proposal.text.casefold() == text.casefold():
                    return proposal
            self._devices[secret] = replace(device, items_sent=device.items_sent + 1)
            proposal = Proposal(id=self._take_id(), text=text, author=secret)
            self._proposals[proposal.id] = proposal
            self._changed()
            return proposal

    def set_dots(self, secret: str, dots: dict[int, int]) -> dict[int, int]:
        """A device places its (at most three) dots; the new placement replaces the old."""
        with self._lock:
            if self._stage.mode is not Mode.QUESTION:
                raise RoomRefusal("niet-nu")
            self._known(secret)
            placed = {pid: n for pid, n in dots.items() if n > 0}
            if any(n < 0 for n in dots.values()) or sum(placed.values()) > DOTS_PER_DEVICE:
                raise RoomRefusal("te-veel-stippen")
            if any(pid not in self._proposals for pid in placed):
                raise RoomRefusal("onbekend-voorstel")
            self._dots[secret] = placed
            self._changed()
            return dict(placed)

    def my_dots(self, secret: str) -> dict[int, int]:
        with self._lock:
            return dict(self._dots.get(secret, {}))

    def proposals(self) -> list[tuple[Proposal, int]]:
        """Every proposal with its dots, most dots first (ties: oldest first)."""
        with self._lock:
            totals = dict.fromkeys(self._proposals, 0)
            for placement in self._dots.values():
                for pid, n in placement.items():
                    if pid in totals:
                        totals[pid] += n
            ranked = sorted(self._proposals.values(), key=lambda p: (-totals[p.id], p.id))
            return [(p, totals[p.id]) for p in ranked]

    def withdraw_proposal(self, proposal_id: int) -> None:
        """The facilitator removes a proposal (a duplicate, or one not meant seriously)."""
        with self._lock:
            if self._proposals.pop(proposal_id, None) is not None:
                for placement in self._dots.values():
                    placement.pop(proposal_id, None)
                self._changed()

    def clear_proposals(self) -> None:
        with self._lock:
            self._proposals.clear()
            self._dots.clear()
            self._changed()

    # --- the anonymous check-out vote -------------------------------------------------------

    def open_vote(self) -> None:
        with self._lock:
            self._vote = _Vote(open=True)
            self._stage = replace(self._stage, mode=Mode.VOTE)
            self._changed()

    def vote(self, secret: str, choice: str) -> None:
        with self._lock:
            if not self._vote.open:
                raise RoomRefusal("niet-nu")
            self._known(secret)
            if choice not in TALLY_CHOICES:
                raise RoomRefusal("onbekende-keuze")
            if secret in self._vote.voted:
                raise RoomRefusal("al-gestemd")
            self._vote.voted.add(secret)
            self._vote.counts[choice] += 1
            self._changed()

    def has_voted(self, secret: str) -> bool:
        with self._lock:
            return secret in self._vote.voted

    @property
    def vote_open(self) -> bool:
        return self._vote.open

    def votes_cast(self) -> int:
        """How many have voted so far (never what): the facilitator knows when to close."""
        with self._lock:
            return sum(self._vote.counts.values())

    def close_vote(self) -> Tally:
        """Close the vote and reveal the counts; who voted is forgotten at once."""
        with self._lock:
            counts = self._vote.counts
            tally = Tally(ja=counts["ja"], deels=counts["deels"], nee=counts["nee"])
            self._vote = _Vote(open=False, result=tally)
            self._changed()
            return tally

    @property
    def result(self) -> Tally | None:
        """The revealed tally, once the vote is closed (None before)."""
        return self._vote.result

    # --- helpers ----------------------------------------------------------------------------

    def _known(self, secret: str) -> Device:
        device = self._devices.get(secret)
        if device is None or self._closed:
            raise RoomRefusal("onbekend-apparaat")
        return device

    def _take_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    def _changed(self) -> None:
        self.version += 1


def labels(devices: Iterable[Device]) -> list[str]:
    return [d.label + (f" ({d.name})" if d.name else "") for d in devices]
