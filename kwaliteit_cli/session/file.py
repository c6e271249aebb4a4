"""The session file on disk: one function loads and validates it, one writes it atomically."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kwaliteit_cli.errors import SaveError, SessionFileError
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.session.safefile import UnsafeFileError, write_into_special
from kwaliteit_cli.session.schema import session_from_dict, session_to_dict
from kwaliteit_cli.session.tomlfile import parse_toml, read_text

TEMP_PREFIX = ".kwaliteit-"
TEMP_SUFFIX = ".tmp"
# Enough of the target's name to tell whose temporary file it is, short enough that the
# whole temporary name stays under the 255-byte limit of common file systems.
_TEMP_NAME_CHARS = 80
_SURROGATES = re.compile("[\ud800-\udfff]")
# A session file holds what people typed, and long pasted answers add up: it may be larger
# than the hand-written files. The writer refuses to go beyond what the reader accepts, so the
# tool never writes a session it cannot read back.
SESSION_READ_MAX_BYTES = 64 * 1024 * 1024
# The writer stops well below that: an emergency copy, which is written whatever its size
# (nothing may be lost), then still fits what the reader accepts and can be resumed.
SESSION_MAX_BYTES = 48 * 1024 * 1024

HEADER = (
    "# Sessiebestand van kwaliteit: een kwaliteitsgesprek over data.\n"
    "# Dit bestand bevat namen en meningen van deelnemers: deel het zorgvuldig.\n"
    "# Verder praten: kwaliteit resume <dit bestand>   Verslag: kwaliteit report <dit bestand>\n\n"
)


def load_session(path: Path) -> Session:
    """Read, validate and upgrade a session file. Problems raise SessionFileError."""
    text = read_text(path, SessionFileError, max_bytes=SESSION_READ_MAX_BYTES)
    return session_from_dict(parse_toml(text, path, SessionFileError), path)


def dump_session(session: Session) -> str:
    """The file's text: tomli-w, with multi-line answers written as multi-line strings."""
    import tomli_w

    return HEADER + tomli_w.dumps(session_to_dict(session), multiline_strings=True)


def save_session(session: Session, path: Path) -> None:
    """Write the whole session so that a crash at any instant leaves the old or the new file."""
    data = _encode(dump_session(session))
    if len(data) > SESSION_MAX_BYTES:
        raise SaveError(
            f"Opslaan in {path} lukt niet: het sessiebestand zou groter worden dan "
            f"{SESSION_MAX_BYTES // (1024 * 1024)} MB.",
            hint="Ga met /terug naar het laatste antwoord en maak het korter; het vorige "
            "opgeslagen bestand is onbeschadigd.",
        )
    _write(path, data)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a report: atomically for a regular file, straight through for /dev/stdout or a pipe."""
    _write(path, _encode(text))


def _write(path: Path, data: bytes) -> None:
    if path.exists() and not path.is_file():
        # Replacing a device or FIFO (say /dev/null) with a regular file would break it; a
        # FIFO nobody reads is refused instead of waited on.
        try:
            write_into_special(path, data)
        except UnsafeFileError as unsafe:
            raise SaveError(
                f"Schrijven naar {path} lukt niet: het {unsafe.reason}.",
                hint="Kies een gewoon bestand.",
            ) from None
        except OSError as exc:
            raise _save_error(path, exc) from None
        return
    write_bytes_atomic(path, data)


def _encode(text: str) -> bytes:
    """UTF-8; a lone surrogate (undecodable input from a terminal) becomes U+FFFD.

    Such a character cannot be stored in UTF-8 at all; refusing to save over it would lose
    every answer, so it is replaced by the standard replacement character instead.
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text).encode("utf-8")


def write_new_file(path: str, text: str) -> None:
    """Create ``path``, which must not exist yet, holding ``text``; private to its owner.

    For the reports of a batch, written under a temporary name and then put in place with
    ``put_in_place``. They are not fsynced: a report is derived data that rerunning the same
    command rebuilds byte for byte, while an fsync per file costs milliseconds on an ordinary
    disk, which for a thousand reports is longer than rendering them. The session files, the
    only copy of what was said, are always fsynced.
    """
    data = memoryview(_encode(text))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def put_in_place(temp: str, path: Path) -> None:
    """Move a finished temporary file onto ``path``: at once, so no one sees half a report.

    A device or a FIFO that someone reads (say /dev/null) is not replaced but written into,
    as in write_text_atomic; a FIFO nobody reads or a socket raises UnsafeFileError at once
    instead of waiting forever (the temporary file stays for the caller to remove).
    """
    try:
        try:
            mode = os.stat(path).st_mode
            regular = stat.S_ISREG(mode) or stat.S_ISDIR(mode)  # a folder: replace says no
        except FileNotFoundError:
            regular = True  # nothing there yet: the usual case in a new folder
        if regular:
            os.replace(temp, path)
        else:
            with open(temp, "rb") as source:
                data = source.read()
            write_into_special(path, data)
            os.unlink(temp)
    except UnsafeFileError:
        raise
    except OSError as exc:
        raise _save_error(path, exc) from None


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then
    replace the target; the folder is fsynced so the rename itself survives a power cut.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _save_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # Keep the file private to its owner: it holds personal data.
            os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise _save_error(path, exc) from None
    except BaseException:  # Ctrl-C halfway: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)


def _temp_prefix(path: Path) -> str:
    """'.kwaliteit-<name>.': the temporary file says whose it is, so only its own are cleaned."""
    return f"{TEMP_PREFIX}{path.name[:_TEMP_NAME_CHARS]}."


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not allow fsync on a folder; the data itself is synced
    finally:
        os.close(fd)


def _save_error(path: Path, exc: OSError) -> SaveError:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        reason = "de schijf is vol"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "de map is alleen-lezen of je hebt geen schrijfrechten"
    elif exc.errno == errno.ENOENT:
        reason = "de map bestaat niet (meer)"
    else:
        reason = exc.strerror or str(exc)
    return SaveError(
        f"Opslaan in {path} lukt niet: {reason}.",
        hint="Je antwoorden staan nog in het geheugen; "
        "het vorige opgeslagen bestand is onbeschadigd.",
    )


def save_error(path: Path, exc: OSError) -> SaveError:
    """The message for a file that could not be written to ``path`` (for batch.py)."""
    return _save_error(path, exc)


def leftover_temp_files(folder: Path) -> list[Path]:
    """Temporary files that a crashed save left behind; never mistaken for a session."""
    return sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))


def write_chunks_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Like ``write_text_atomic``, for text made piece by piece (a long overview).

    The pieces go straight into the temporary file, so the whole text is never in memory.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _save_error(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp_name, 0o600)  # names are personal data, as in the other writes
        os.replace(temp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise _save_error(path, exc) from None
        raise
    _fsync_folder(folder)


def remove_leftover_temp_files(path: Path) -> list[Path]:
    """Remove the temporary files that a crashed save of ``path`` left behind.

    Only call this while holding the session's lock: then no other process is writing
    ``path``, and a temporary file with its name can only be a leftover.
    """
    folder = path.parent if str(path.parent) else Path(".")
    pattern = glob.escape(_temp_prefix(path)) + "*" + TEMP_SUFFIX
    removed = []
    for leftover in sorted(folder.glob(pattern)):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed
