"""Keep the session safe while a conversation runs: one writer, a save after every step, and
a clear way out when the disk refuses.

A ``SessionKeeper`` is the ``Saver`` that ``run_conversation`` calls. It holds the session's
lock, cleans up what a crashed save left behind, and when a save fails it keeps the session in
memory and asks its ``on_failure`` handler what to do: try again, save somewhere else, carry
on and try again after the next step, or stop with an emergency copy. The terminal asks the
facilitator; scripted mode stops at once. Nothing here prints: messages go to ``notice``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kwaliteit_cli import texts
from kwaliteit_cli.errors import KwaliteitError, SaveError, SessionFileError, SessionInUseError
from kwaliteit_cli.session.file import (
    dump_session,
    load_session,
    remove_leftover_temp_files,
    save_session,
)
from kwaliteit_cli.session.lock import SessionLock
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.session.safefile import (
    FileIdentity,
    UnsafeFileError,
    real_path,
    refuse_second_names,
)


@dataclass(frozen=True)
class SaveFailure:
    """What went wrong, and whether carrying on unsaved is still possible."""

    error: KwaliteitError
    path: Path
    final: bool  # the last save of the conversation: there is no next step to retry after


@dataclass(frozen=True)
class SaveChoice:
    action: Literal["retry", "elsewhere", "later", "stop"]
    path: Path | None = None


RETRY = SaveChoice("retry")
LATER = SaveChoice("later")
STOP = SaveChoice("stop")

FailureHandler = Callable[[SaveFailure], SaveChoice]
Progress = Callable[[int, Session], None]


def stop_at_once(failure: SaveFailure) -> SaveChoice:
    """Scripted mode: nobody to ask, so stop and leave an emergency copy."""
    return STOP


class SessionKeeper:
    """Saves the session after every step; see the module's docstring."""

    def __init__(
        self,
        path: Path,
        on_failure: FailureHandler = stop_at_once,
        *,
        progress: Progress | None = None,
        notice: Callable[[str], None] = lambda message: None,
        last_resort: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.path = _through_links(path)
        self.on_failure = on_failure
        self.progress = progress
        self.notice = notice
        self.last_resort = last_resort  # shows the session as text when no folder takes it
        self.lock = SessionLock(path)
        self.saves = 0
        self.unsaved = False
        # The file as it was when opened, loaded or last saved: a different one is not ours.
        self._known: FileIdentity | None = None

    # -- the lock --

    def open(self) -> None:
        """Lock the session file (or refuse: SessionInUseError) and clear crash leftovers."""
        self._lock(self.lock)

    def _lock(self, lock: SessionLock) -> None:
        try:
            refuse_second_names(lock.session_path)
        except UnsafeFileError as unsafe:
            raise SessionFileError(
                lock.session_path,
                unsafe.reason,
                hint="Elke keer opslaan maakt het bestand opnieuw, en dan hoort één van de twee "
                "namen bij een oude versie. Open het gesprek onder één naam: maak een kopie "
                "(cp) en ga daarmee verder.",
            ) from None
        stale = lock.acquire()
        if stale is not None:
            self.notice(texts.LOCK_TAKEN_OVER.format(who=stale.describe()))
        self._known = FileIdentity.of(lock.session_path)
        if not lock.held:
            self.notice(texts.NO_LOCK.format(path=lock.session_path, reason=lock.problem))
            return
        if remove_leftover_temp_files(lock.session_path):
            self.notice(texts.LEFTOVER_REMOVED)

    def load(self) -> Session:
        """Read the session once it is locked, and remember which file that was."""
        session = load_session(self.path)
        self._known = FileIdentity.of(self.path)
        return session

    def close(self) -> None:
        self.lock.release()

    def __enter__(self) -> SessionKeeper:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- saving --

    def __call__(self, session: Session) -> None:
        self.save(session)

    def finish(self, session: Session) -> None:
        """At the end: make sure the last state is on disk (no 'later' any more)."""
        if self.unsaved:
            self.save(session, final=True)

    def save(self, session: Session, *, final: bool = False) -> None:
        error: KwaliteitError | None = None
        while True:
            if error is None:
                try:
                    self._write(session)
                except SaveError as failed:
                    error = failed
                else:
                    self.unsaved = False
                    self.saves += 1
                    if self.progress is not None:
                        self.progress(self.saves, session)
                    return
            self.unsaved = True
            choice = self.on_failure(SaveFailure(error, self.path, final))
            if choice.action == "stop":
                raise self._stopped(session, error)
            if choice.action == "later" and not final:
                return
            error = None
            if choice.action == "elsewhere" and choice.path is not None:
                try:
                    self._move(choice.path)
                except SessionInUseError as in_use:
                    error = in_use  # ask again, naming the process that has that file

    def _write(self, session: Session) -> None:
        if FileIdentity.of(self.path) != self._known:
            raise SaveError(
                texts.REPLACED_ON_DISK.format(path=self.path), hint=texts.REPLACED_ON_DISK_HINT
            )
        try:
            save_session(session, self.path)
        except KeyboardInterrupt:
            # Ctrl-C arrived in the middle of a save: finish it, then stop as asked.
            save_session(session, self.path)
            self._known = FileIdentity.of(self.path)
            raise
        self._known = FileIdentity.of(self.path)

    def _move(self, path: Path) -> None:
        """Save to ``path`` from now on: lock it first, then let go of the old lock."""
        path = _through_links(path)
        lock = SessionLock(path)
        self._lock(lock)
        self.lock.release()
        self.lock = lock
        self.path = path
        self.notice(texts.SAVED_ELSEWHERE.format(path=path))

    def _stopped(self, session: Session, error: KwaliteitError) -> SaveError:
        copy = self.rescue(session)
        if copy is None:
            return SaveError(error.message, hint=texts.EMERGENCY_NOWHERE)
        return SaveError(error.message, hint=texts.SAVE_STOPPED_HINT.format(copy=copy))

    def rescue(self, session: Session) -> Path | None:
        """Write an emergency copy when the session file cannot be written; None if nowhere.

        When no folder accepts a file, the session goes to ``last_resort`` as text, so that
        the person can still copy it off the screen.
        """
        copy = save_emergency_copy(session, self.path)
        if copy is None:
            self.last_resort(dump_session(session))
        return copy


def save_emergency_copy(session: Session, path: Path) -> Path | None:
    """The session as an emergency copy (see ``emergency_copy``); None if nowhere."""
    return emergency_copy(dump_session(session), path)


def _through_links(path: Path) -> Path:
    """The real file behind ``path`` when a symlink is on the way, else ``path`` as given.

    Saving replaces the file; through a symlink that would replace the link and leave the
    real file behind. Without a link the name stays as the person typed it (for messages).
    """
    real = real_path(path)
    return real if real != Path(os.path.abspath(path)) else path


def emergency_copy(text: str, path: Path) -> Path | None:
    """Write the session somewhere else when ``path`` cannot be written; None if nowhere.

    Tried in order: the home folder, the system's temporary folder, the session's own folder.
    Never raises: a copy that cannot be made is the next folder's turn, and a copy that could
    only be written in part is removed (half a session would look like a whole one). The name
    says which session it is a copy of and when it was made.
    """
    data = text.encode("utf-8", "replace")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = (path.stem or "sessie")[:80]
    for folder in _emergency_folders(path):
        for number in range(1, 100):
            suffix = "" if number == 1 else f"-{number}"
            candidate = folder / f"{stem}.noodkopie-{stamp}{suffix}.toml"
            try:
                fd = os.open(
                    candidate,
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                    0o600,
                )
            except FileExistsError:
                continue
            except OSError:
                break  # this folder takes nothing: the next one
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(candidate)
                break
            os.close(fd)
            return candidate
    return None


def _emergency_folders(path: Path) -> list[Path]:
    folders = []
    with contextlib.suppress(RuntimeError, KeyError, OSError):
        folders.append(Path.home())
    # gettempdir() itself writes a test file, and raises when no folder takes one.
    with contextlib.suppress(OSError, RuntimeError):
        folders.append(Path(tempfile.gettempdir()))
    folders.append(path.parent if str(path.parent) else Path("."))
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique
