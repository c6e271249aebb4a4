"""``kwaliteit scherm``: the room view of a session as a page for a projector, kept current.

The page is written atomically (a whole page or the previous one, never half), so a browser
that reloads it at any moment shows a complete screen. ``start`` and ``resume`` with
``--scherm`` use ``RoomPage`` to rewrite it after every save; ``--volg`` here watches the
session file instead, for a conversation run elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kwaliteit_cli import texts
from kwaliteit_cli.errors import KwaliteitError, UsageError
from kwaliteit_cli.output import say

if TYPE_CHECKING:
    from kwaliteit_cli.session.instrument import Instrument
    from kwaliteit_cli.session.model import Session

# How often --volg looks at the session file, in seconds.
POLL_SECONDS = 0.5


class RoomPage:
    """Writes the room view of a session to ``path``; a failed write is told once, not fatal.

    The conversation matters more than the screen: when the page cannot be written (a folder
    gone, a full disk), the conversation goes on and the person hears it once.
    """

    def __init__(self, path: Path, instrument: Instrument, *, names: bool) -> None:
        self.path = path
        self.instrument = instrument
        self.names = names
        self.failed = False

    def __call__(self, session: Session, *, step_began: dt.datetime | None = None) -> None:
        from kwaliteit_cli.session.file import write_text_atomic
        from kwaliteit_cli.verslag.room import room_page

        try:
            page = room_page(self.instrument, session, names=self.names, step_began=step_began)
            write_text_atomic(self.path, page)
        except (OSError, KwaliteitError) as error:
            if not self.failed:
                say(texts.ROOM_WRITE_FAILED.format(path=self.path, error=_reason(error)))
            self.failed = True
        else:
            if self.failed:
                say(texts.ROOM_WRITTEN_AGAIN.format(path=self.path))
            self.failed = False


def _reason(error: BaseException) -> str:
    if isinstance(error, KwaliteitError):
        return error.message
    return getattr(error, "strerror", None) or str(error)


def check_room_path(path: Path) -> None:
    """Refuse a page path that cannot work, before any question is asked."""
    if path.is_dir():
        raise UsageError(texts.ROOM_PATH_IS_FOLDER.format(path=path), hint=texts.ROOM_PATH_HINT)
    if not path.resolve().parent.is_dir():
        raise UsageError(texts.ROOM_NO_FOLDER.format(path=path), hint=texts.ROOM_PATH_HINT)
    if path.suffix.lower() not in (".html", ".htm"):
        raise UsageError(texts.ROOM_NOT_HTML.format(path=path), hint=texts.ROOM_PATH_HINT)


def scherm(file: Path, output: Path, follow: bool, names: bool, instrument: Path | None) -> None:
    """Write the room view of ``file`` to ``output``; with ``follow``, keep it current."""
    from kwaliteit_cli.commands.common import instrument_for
    from kwaliteit_cli.session.file import load_session

    check_room_path(output)
    # Noted before reading: a save that comes in between is then seen as a change.
    stamp = _stamp(file)
    session = load_session(file)
    inst = instrument_for(session, file, instrument)
    page = RoomPage(output, inst, names=names)
    page(session)
    if page.failed:
        raise UsageError(texts.ROOM_NOT_WRITTEN.format(path=output), hint=texts.ROOM_PATH_HINT)
    say(texts.ROOM_WRITTEN.format(path=output))
    if not follow:
        return
    if session.completed:
        say(texts.ROOM_ALREADY_COMPLETED)
        return
    say(texts.ROOM_FOLLOWING.format(file=file))
    try:
        _follow(file, page, stamp)
    except KeyboardInterrupt:
        say()
        say(texts.ROOM_STOPPED_FOLLOWING.format(path=output))


def _stamp(file: Path) -> tuple[int, int, int] | None:
    """What changes when the file is saved again (an atomic save gives a new inode)."""
    try:
        info = os.stat(file)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _follow(file: Path, page: RoomPage, last: tuple[int, int, int] | None) -> None:
    """Rewrite the page whenever the session file changes, until the conversation ends."""
    from kwaliteit_cli.errors import SessionFileError
    from kwaliteit_cli.session.file import load_session

    told: str = ""
    while True:
        time.sleep(POLL_SECONDS)
        stamp = _stamp(file)
        if stamp == last:
            continue
        last = stamp
        try:
            session = load_session(file)
        except SessionFileError as error:
            # A file being replaced, or damaged: say so once and keep watching.
            if error.message != told:
                say(f"{texts.ROOM_CANNOT_READ} {error.message}")
                told = error.message
            continue
        told = ""
        page(session)
        if session.completed:
            say(texts.ROOM_FOLLOW_DONE.format(path=page.path))
            return
