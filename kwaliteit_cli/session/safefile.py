"""One safe way to open, lock and write the files kwaliteit owns, in folders others can share.

The README suggests shared folders, where someone else can create files next to a session:
a symlink named like its lock file, a FIFO named like a report, a hard link to the session
under another name. The rules here hold for every file kwaliteit writes:

- A file kwaliteit creates or rewrites in place (the lock file) is opened with O_NOFOLLOW
  and O_NONBLOCK, and must turn out to be a regular file with one name (st_nlink == 1);
  anything else is refused with a Dutch message, never followed or truncated.
- A session is known by its real file: symlinks in its path are resolved once, at the start,
  so the lock, the saves and the messages all use the same file, and saving through a link
  writes the real file and leaves the link in place. A session file with a second name (a
  hard link) is refused: each save replaces the file, which would split the two names.
- Before every save the file on disk is compared with what was loaded or last saved (device,
  inode, size, modification time): a file replaced or changed by another program is not
  overwritten.
- An output that exists but is not a regular file is never replaced by one: a device
  (/dev/null, a terminal) or a FIFO that someone reads is written into; a FIFO nobody reads
  or a socket is refused instead of waiting forever.
- Folders kwaliteit makes are never writable for others, whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class UnsafeFileError(OSError):
    """A path that is not the regular file kwaliteit means to use; ``reason`` says what it is."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))
        self.path = str(path)
        self.reason = reason


def kind_of(mode: int) -> str:
    """What a file is, in words for a message: 'een map', 'een apparaat', ..."""
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    if stat.S_ISFIFO(mode):
        return "een pijp (FIFO)"
    if stat.S_ISSOCK(mode):
        return "een socket"
    if stat.S_ISLNK(mode):
        return "een koppeling (symlink)"
    return "geen gewoon bestand"


# --- the file a session really is ---------------------------------------------------------


def real_path(path: Path) -> Path:
    """``path`` with every symlink resolved; a missing file keeps its (resolved) folder."""
    return Path(os.path.realpath(path))


def refuse_second_names(path: Path) -> None:
    """Refuse a session file that also exists under another name (a hard link)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        raise UnsafeFileError(path, "heeft nog een tweede naam (een harde koppeling)")
    # Anything else that is not a regular file: the loader says what it is.


@dataclass(frozen=True)
class FileIdentity:
    """Which file is at a path, and in which state: enough to notice it was replaced."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


# --- opening a file kwaliteit rewrites in place -------------------------------------------


def open_own_file(path: Path, *, create: bool = True) -> int:
    """Open ``path`` for reading and writing without following a symlink; a file descriptor.

    Refused (UnsafeFileError) when the name is a symlink, when it is not a regular file, or
    when the file has more than one name: truncating it would change another file.
    """
    flags = os.O_RDWR | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY
    if create:
        flags |= os.O_CREAT
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and _NOFOLLOW):
            raise UnsafeFileError(path, "is een koppeling (symlink) naar iets anders") from None
        if exc.errno == errno.ENXIO:
            raise UnsafeFileError(path, "is een pijp (FIFO) of socket") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(path, f"is {kind_of(info.st_mode)}, geen gewoon bestand")
        if info.st_nlink > 1:
            raise UnsafeFileError(path, "heeft nog een tweede naam (een harde koppeling)")
        if _NONBLOCK and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


# --- outputs ------------------------------------------------------------------------------


def special_target(path: Path) -> os.stat_result | None:
    """What sits at an output path when it is not a regular file or a symlink to one.

    /dev/stdout and its kind count too, whatever they point at: replacing them would replace
    a name the system owns, not write to the output the person meant.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    if _system_name(path):
        return info
    return None if stat.S_ISREG(info.st_mode) else info


def _system_name(path: Path) -> bool:
    absolute = os.path.abspath(path)
    return absolute.startswith(("/dev/", "/proc/")) or real_path(path).parts[1:2] in (
        ("dev",),
        ("proc",),
    )


def write_into_special(path: Path, data: bytes) -> None:
    """Write ``data`` into a device or a FIFO that is read, as asked; never replace it.

    A FIFO that nobody reads, a socket or a folder is refused at once (UnsafeFileError)
    instead of blocking or being replaced by a regular file.
    """
    try:
        fd = os.open(path, os.O_WRONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.ENODEV, errno.EOPNOTSUPP):
            raise UnsafeFileError(path, "is een pijp (FIFO) of socket die niemand leest") from None
        if exc.errno == errno.EISDIR:
            raise UnsafeFileError(path, "is een map") from None
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode) or (stat.S_ISREG(info.st_mode) and not _system_name(path)):
            raise UnsafeFileError(path, "veranderde terwijl het geopend werd")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def refuse_special_in_folder(path: Path) -> None:
    """A device, FIFO or socket where a report goes is refused, never waited on or replaced.

    (A regular file or a symlink is replaced as a whole; a folder fails the replace itself.)
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    mode = info.st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise UnsafeFileError(path, f"is {kind_of(info.st_mode)}, geen gewoon bestand")


def make_folder(path: Path) -> None:
    """Create ``path`` and missing parents, none of them writable for others (any umask)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    umask = os.umask(0o022)
    os.umask(umask)
    mode = 0o777 & ~(umask | 0o022)
    for folder in reversed(missing):
        try:
            os.mkdir(folder, mode)
        except FileExistsError:
            continue
        with contextlib.suppress(OSError):
            os.chmod(folder, mode)  # mkdir's mode is masked by the umask only; never widened
