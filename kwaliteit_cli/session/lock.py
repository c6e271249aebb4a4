"""One conversation, one writer: a lock file next to the session file.

``SESSION.toml.lock`` holds who has the session open (process id, computer, since when). The
operating system holds the actual lock (``flock``; ``msvcrt.locking`` on Windows) and lets
go of it when the process ends in any way, even by a crash or SIGKILL. So a lock file that
is still there but not locked was left behind by a crashed process: it is taken over, with
a notice, and never blocks anyone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from kwaliteit_cli.errors import KwaliteitError, SessionInUseError
from kwaliteit_cli.session.safefile import UnsafeFileError, open_own_file, real_path

LOCK_SUFFIX = ".lock"
# On Windows a locked byte range cannot be read by others, so the lock sits far past the
# text that tells them who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 20


@dataclass(frozen=True)
class LockInfo:
    """Who holds (or held) a lock, as written in the lock file."""

    pid: int | None = None
    host: str = ""
    since: dt.datetime | None = None

    def describe(self) -> str:
        parts = []
        if self.pid is not None:
            parts.append(f"proces {self.pid}")
        if self.host:
            parts.append(f"op {self.host}")
        if self.since is not None:
            parts.append(f"sinds {self.since.strftime('%d-%m-%Y %H:%M')}")
        return " ".join(parts) or "onbekend proces"


def lock_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.name + LOCK_SUFFIX)


# The three lines kwaliteit writes, read line by line: a lock file is written by whoever can
# create files in the folder, so it is never parsed as TOML (a deeply nested value made the
# parser give up, and every resume with it). Anything else in the file is ignored.
_PID = re.compile(r"^pid\s*=\s*(\d{1,10})\s*$", re.M)
_HOST = re.compile(r'^host\s*=\s*"([^"\n]{0,200})"\s*$', re.M)
_SINCE = re.compile(r"^since\s*=\s*(\S{1,40})\s*$", re.M)
# What a host name may show: letters, digits and a few marks; escape sequences never.
_HOST_SHOWN = re.compile(r"[^\w.\-]")


def _parse_info(text: str) -> LockInfo | None:
    if not text.strip():
        return None
    pid = _PID.search(text)
    host = _HOST.search(text)
    since_match = _SINCE.search(text)
    since = None
    if since_match:
        with contextlib.suppress(ValueError):
            since = dt.datetime.fromisoformat(since_match.group(1))
    return LockInfo(
        pid=int(pid.group(1)) if pid else None,
        host=_HOST_SHOWN.sub("", host.group(1))[:64] if host else "",
        since=since,
    )


class UnsafeLockError(KwaliteitError):
    """The lock file's name is taken by something kwaliteit must not write through."""


def _own_info() -> str:
    since = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    host = socket.gethostname().replace("\\", "").replace('"', "")
    return (
        "# Dit gesprek is geopend door kwaliteit; het slot verdwijnt als het proces stopt.\n"
        f'pid = {os.getpid()}\nhost = "{host}"\nsince = {since}\n'
    )


def _read_fd(fd: int) -> str:
    with contextlib.suppress(OSError):
        return os.pread(fd, 4096, 0).decode("utf-8", "replace")  # only the first 4 kB
    return ""


def _try_lock(fd: int) -> bool:
    """Take the operating system's lock on ``fd`` without waiting; False if someone has it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class SessionLock:
    """The lock on one session file; ``acquire`` refuses with a message naming the holder."""

    def __init__(self, session_path: Path) -> None:
        self.session_path = session_path
        # Keyed on the real file: the same session through a symlink gets the same lock.
        self.path = lock_path(real_path(session_path))
        self._fd: int | None = None
        self.problem = ""  # why no lock could be made (a read-only folder, a full disk)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockInfo | None:
        """Lock the session, or raise SessionInUseError.

        Returns what a crashed process left in a stale lock file it held (None if there
        was none). If the lock file cannot be made at all, ``problem`` says why and the
        session is used without a lock: refusing would help nobody, the save will tell.
        """
        for _ in range(5):
            try:
                fd = open_own_file(self.path)
            except UnsafeFileError as unsafe:
                raise UnsafeLockError(
                    f"Het slotbestand {self.path} {unsafe.reason}; kwaliteit schrijft er niet "
                    "in, zodat er niets anders overschreven wordt.",
                    hint="Dit bestand is niet door kwaliteit gemaakt. Verwijder het (of vraag "
                    "wie het maakte) en probeer het opnieuw.",
                ) from None
            except OSError as exc:
                self.problem = exc.strerror or str(exc)
                return None
            try:
                locked = _try_lock(fd)
            except OSError as exc:  # a file system without locks
                os.close(fd)
                self.problem = exc.strerror or str(exc)
                return None
            if not locked:
                info = _parse_info(_read_fd(fd))
                os.close(fd)
                raise SessionInUseError(
                    f"Het gesprek in {self.session_path} is al geopend door een ander "
                    f"proces ({(info or LockInfo()).describe()}).",
                    hint="Ga verder in dat venster, of sluit het eerst. Als dat proces niet "
                    "meer bestaat, is het slot vanzelf vrij en kun je het opnieuw proberen.",
                )
            if not self._same_file(fd):
                os.close(fd)  # the holder removed the file while we opened it: try again
                continue
            stale = _parse_info(_read_fd(fd))
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, _own_info().encode("utf-8"), 0)
            self._fd = fd
            return stale
        self.problem = "het slotbestand veranderde steeds"
        return None

    def _same_file(self, fd: int) -> bool:
        try:
            now_there = os.lstat(self.path)
        except OSError:
            return False
        mine = os.fstat(fd)
        return (mine.st_dev, mine.st_ino) == (now_there.st_dev, now_there.st_ino)

    def release(self) -> None:
        """Remove the lock file (it is still ours) and let go of the lock."""
        fd = self._fd
        if fd is None:
            return
        self._fd = None
        if sys.platform == "win32":
            os.close(fd)  # Windows cannot remove an open file; close first
            with contextlib.suppress(OSError):
                self.path.unlink()
            return
        if self._same_file(fd):
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(fd)

    def __enter__(self) -> SessionLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
