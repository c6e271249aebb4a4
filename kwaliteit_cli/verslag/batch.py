"""Many session files at once: find them, load them one at a time, name and write their reports.

Nothing here prints. The functions yield small results (a written report, a ``Problem``) one
session at a time, so memory stays flat however many sessions there are; the CLI shows them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import os
import re
import signal
import sys
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kwaliteit_cli.errors import FileProblem, KwaliteitError
from kwaliteit_cli.session.file import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    load_session,
    put_in_place,
    save_error,
    write_new_file,
)
from kwaliteit_cli.session.instrument import Instrument, check_belongs, load_session_instrument
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.session.safefile import UnsafeFileError

STDIN = "-"
ANSWERS_SUFFIX = ".antwoorden.toml"
_GLOB_CHARS = re.compile(r"[*?[]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: what ``kwaliteit check`` prints as one line."""

    file: str
    problem: str
    place: str = ""
    hint: str = ""

    def line(self) -> str:
        place = f" ({self.place})" if self.place else ""
        return f"{self.file}{place}: {self.problem}"

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "place": self.place, "problem": self.problem, "hint": self.hint}


def problem_from(file: str, error: BaseException) -> Problem:
    """A Problem for ``file`` from any error a session could raise while being loaded or used."""
    if isinstance(error, FileProblem):
        hint = error.hint
        if file.endswith(ANSWERS_SUFFIX):
            hint = (
                "Dit is een antwoordenbestand, geen gesprek: maak er eerst een gesprek van met "
                "kwaliteit start --answers."
            )
        return Problem(file, error.problem, error.where, hint)
    if isinstance(error, KwaliteitError):
        return Problem(file, error.message, hint=error.hint)
    return Problem(
        file,
        f"kon niet verwerkt worden ({type(error).__name__}: {error})",
        hint="Meld dit probleem, met het bestand als dat kan.",
    )


# --- finding the session files ---------------------------------------------------------------


@dataclass
class Inputs:
    """The session files named on the command line (in order, each once), and what was wrong."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # temp files of an interrupted save


def is_session_name(name: str) -> bool:
    """A file a folder or pattern contributes: ``*.toml``, but no answers, hidden or temp file."""
    return (
        name.endswith(".toml")
        and not name.endswith(ANSWERS_SUFFIX)
        and not name.startswith(".")  # hidden files, and macOS '._x.toml' resource forks
    )


def _is_leftover(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def looks_like_pattern(arg: str) -> bool:
    """A glob pattern that the shell left alone (always so on Windows), not a real name."""
    return arg != STDIN and not os.path.exists(arg) and bool(_GLOB_CHARS.search(arg))


def find_session_files(args: Sequence[str]) -> Inputs:
    """Expand files, folders and glob patterns (also on Windows, whose shell does not).

    A file named on its own is always taken (the person chose it); a folder or a pattern gives
    its ``*.toml`` session files, sorted, leaving out answers files, hidden files and the
    tool's temp files. A name that does not exist, or a pattern without matches, is a problem.
    Only the names are kept, never the sessions.
    """
    found = Inputs()
    seen: set[str] = set()

    def add(name: str) -> None:
        key = STDIN if name == STDIN else os.path.normcase(os.path.abspath(name))
        if key not in seen:
            seen.add(key)
            found.files.append(name)

    def add_folder(folder: str) -> None:
        try:
            names = sorted(entry.name for entry in os.scandir(folder) if entry.is_file())
        except OSError as exc:
            reason = _os_reason(exc)
            found.problems.append(Problem(folder, f"map kan niet gelezen worden ({reason})"))
            return
        for name in names:
            if is_session_name(name):
                add(os.path.join(folder, name))
            elif _is_leftover(name):
                found.leftovers.append(os.path.join(folder, name))

    for arg in args:
        if arg == STDIN:
            add(STDIN)
            continue
        name = os.path.expanduser(arg)
        if os.path.isdir(name):
            add_folder(name)
        elif os.path.exists(name):
            add(name)
        elif _GLOB_CHARS.search(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                found.problems.append(
                    Problem(arg, "geen bestanden gevonden met dit patroon", hint="Controleer het.")
                )
            for match in matches:
                if os.path.isdir(match):
                    add_folder(match)
                elif is_session_name(os.path.basename(match)):
                    add(match)
        else:
            found.problems.append(
                Problem(arg, "bestaat niet", hint="Controleer de naam en de map.")
            )
    return found


# --- loading, one at a time ------------------------------------------------------------------


class InstrumentCache:
    """Each instrument is read once per run, however many sessions use it."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, int], Instrument | KwaliteitError] = {}

    def for_session(self, session: Session, file: str) -> Instrument:
        source = session.instrument_source
        # The default instrument comes in versions: each session gets the one it began with.
        key = (source, 0 if source else session.instrument_version)
        if key not in self._loaded:
            try:
                self._loaded[key] = load_session_instrument(source, session.instrument_version)
            except KwaliteitError as error:
                self._loaded[key] = error
        found = self._loaded[key]
        if isinstance(found, KwaliteitError):
            raise found
        return check_belongs(found, session.instrument_id, file)


def load_each(files: Iterable[str]) -> Iterator[tuple[str, Session | Problem]]:
    """Each file with its session, or with what is wrong with it. One session at a time."""
    for file in files:
        try:
            yield file, load_session(Path(file))
        except Exception as error:  # one bad file must not stop the others
            yield file, problem_from(file, error)


# --- report file names -----------------------------------------------------------------------

# Names Windows refuses for a file, whatever the extension.
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(10)}
    | {f"LPT{n}" for n in range(10)}
    | {"COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
)
MAX_STEM_CHARS = 80
MAX_STEM_BYTES = 150  # well under the 255-byte limit of common file systems, suffix included
FALLBACK_TITLE = "gesprek"
NO_DATE = "zonder-datum"


def slug(text: str) -> str:
    """Lower-case words joined by hyphens: letters and digits only, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        char if char.isalnum() else "-"
        for char in decomposed.casefold()
        if not unicodedata.combining(char)
    )
    return unicodedata.normalize("NFC", re.sub(r"-+", "-", kept).strip("-"))


def report_stem(date: dt.date | None, title: str) -> str:
    """The file name (without extension) for a session's report: date and title.

    Safe on Windows, macOS and Linux: only letters, digits and hyphens (no separators, no
    dots, no trailing spaces), never a reserved device name, and at most MAX_STEM_CHARS
    characters and MAX_STEM_BYTES bytes.
    """
    head = date.isoformat() if date else NO_DATE
    words = slug(title) or FALLBACK_TITLE
    stem = f"{head}-{words}"
    stem = stem[:MAX_STEM_CHARS]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip("-")
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = f"{stem}-{FALLBACK_TITLE}"
    return stem


def _name_key(name: str) -> str:
    # Windows and macOS compare names without case, and macOS normalises Unicode.
    return unicodedata.normalize("NFC", name).casefold()


class NameClaims:
    """Hands out report names that never collide within one run (case-insensitively).

    The second session with the same date and title gets '-2', the third '-3', and so on.
    Only the names are kept. Because inputs are sorted, a rerun gives the same names.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}

    def claim(self, stem: str, extension: str) -> str:
        base = _name_key(stem + extension)
        number = self._next.get(base, 1)
        name = stem + extension if number == 1 else f"{stem}-{number}{extension}"
        while _name_key(name) in self._taken:
            number += 1
            name = f"{stem}-{number}{extension}"
        self._next[base] = number + 1
        self._taken.add(_name_key(name))
        return name


def report_extension(fmt: str, template: Path | None) -> str:
    """'.md', '.html' or '.json'; for an own template, the extension before '.j2'."""
    if template is not None:
        name = template.name.removesuffix(".j2")
        suffix = Path(name).suffix
        if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix):
            return suffix.lower()
    return f".{fmt}"


def target_in(folder: Path, name: str) -> Path:
    """``folder / name``, refusing anything that would land outside the folder."""
    if not name or os.path.basename(name) != name or name in (".", "..") or os.path.isabs(name):
        raise ValueError(f"unsafe report name {name!r}")
    return folder / name


# --- many reports ----------------------------------------------------------------------------

# Below this many files one process is quicker: starting workers costs more than it saves.
# Measured with bench/start_methods.py: forked workers win from about 25 files on; workers
# that start a fresh interpreter (spawn, the default on macOS and Windows) only from about 100.
PARALLEL_FROM = 24
PARALLEL_FROM_SPAWNED = 200
# Files handed to a worker at a time: enough to keep the hand-over cheap, few enough that
# results come back steadily (in order) and an interrupt stops quickly.
CHUNK = 8


@dataclass(frozen=True)
class Written:
    """One report written for one session file."""

    file: str
    target: Path


@dataclass(frozen=True)
class ReportJob:
    """What every worker needs to render reports into the folder: plain, picklable data."""

    folder: str
    render: Callable[[Session, Instrument], str]
    token: str  # in the temporary names, so this run finds (and removes) only its own

    def temp_name(self, index: int) -> str:
        return os.path.join(self.folder, f"{TEMP_PREFIX}{self.token}-{index}{TEMP_SUFFIX}")


@dataclass(frozen=True)
class _Rendered:
    """A report rendered into a temporary file, waiting for its name (given in input order)."""

    file: str
    stem: str
    temp: str


@dataclass(frozen=True)
class _NotWritten:
    """A report that was rendered but could not be written: this stops the run."""

    file: str
    stem: str
    error: OSError


# One instrument cache per process: a worker loads each instrument once, however many
# sessions it renders. Reset at the start of every serial run and in every new worker.
_instruments = InstrumentCache()


def _start_worker(parent: int = 0, folder: str = "", token: str = "") -> None:
    global _instruments
    _instruments = InstrumentCache()
    # Ctrl-C is for the main process, which stops the workers itself after cleaning up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent:
        _die_with(parent, folder, token)


def _die_with(parent: int, folder: str, token: str) -> None:
    """End this worker when the main process ends, however it ends (even by SIGKILL).

    Nobody is left to give the temporary reports their names then, so the worker removes
    them all (those of this run only) before it stops. On Linux the kernel sends SIGTERM
    when the parent dies (prctl PR_SET_PDEATHSIG); elsewhere a small thread watches the
    parent's process id.
    """

    def stop(signum: int, frame: object) -> None:
        _remove_temp_files(folder, token)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    watched = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            watched = libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the line above took effect
        stop(signal.SIGTERM, None)
    if not watched:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=watch, daemon=True).start()


def render_to_temp(job: ReportJob, item: tuple[int, str]) -> _Rendered | _NotWritten | Problem:
    """Load, render and write one session's report under a temporary name (in a worker).

    Everything that depends on the order of the files (the report's final name) is left to
    the main process, so the result is the same however many workers there are.
    """
    index, file = item
    try:
        session = load_session(Path(file))
        text = job.render(session, _instruments.for_session(session, file))
    except Exception as error:  # one bad file must not stop the others
        return problem_from(file, error)
    # The name is made from the title as the report shows it: anonymous under --anoniem.
    file_title = getattr(job.render, "file_title", None)
    title = file_title(session) if file_title is not None else session.meeting.title
    stem = report_stem(session.meeting.date, title)
    temp = job.temp_name(index)
    try:
        write_new_file(temp, text)
    except OSError as error:
        return _NotWritten(file, stem, error)
    return _Rendered(file, stem, temp)


def choose_jobs(requested: int | None, files: int) -> int:
    """How many processes render: as asked, else all usable cores for a large batch."""
    if requested is None or requested <= 0:
        if files < (PARALLEL_FROM if _start_method() == "fork" else PARALLEL_FROM_SPAWNED):
            return 1
        requested = usable_cores()
    return max(1, min(requested, -(-files // CHUNK)))


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start_method() -> str | None:
    # fork starts quickest (the workers inherit the imported modules and the compiled
    # template: 100 sessions took 0.18 s forked, 0.23 s with forkserver, 0.30 s spawned; for
    # 1,000 the three were alike), and it is safe here: ProcessPoolExecutor forks all workers
    # before it starts any thread. Elsewhere (macOS, Windows) the platform's default is the
    # safe one.
    return "fork" if sys.platform.startswith("linux") else None


@contextlib.contextmanager
def _outcomes(
    job: ReportJob, files: Sequence[str], jobs: int
) -> Iterator[Iterator[_Rendered | _NotWritten | Problem]]:
    """Each file's outcome, in input order: from this process, or from ``jobs`` workers."""
    global _instruments
    items = enumerate(files)
    if jobs == 1:
        _instruments = InstrumentCache()
        yield (render_to_temp(job, item) for item in items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    warm = getattr(job.render, "warm", None)
    if warm is not None:
        warm()  # compiled once here, before the fork, instead of once in every worker
    pool = ProcessPoolExecutor(
        jobs,
        multiprocessing.get_context(_start_method()),
        initializer=_start_worker,
        initargs=(os.getpid(), job.folder, job.token),
    )
    try:
        yield pool.map(functools.partial(render_to_temp, job), items, chunksize=CHUNK)
    finally:
        # After an interrupt or a failed write: no new work, and wait for the little that
        # runs, so the temporary files can be cleaned up after the workers are done.
        pool.shutdown(wait=True, cancel_futures=True)


def write_reports(
    files: Sequence[str],
    folder: Path,
    render: Callable[[Session, Instrument], str],
    extension: str,
    *,
    jobs: int = 1,
) -> Generator[Written | Problem, None, None]:
    """Render and write one report per session into ``folder``; ``jobs`` processes render.

    ``render(session, instrument)`` returns the report text (with ``jobs`` > 1 it must be
    picklable, like report.ReportRenderer). A file that cannot be loaded or rendered yields a
    Problem and the others carry on; a report that cannot be written stops the run
    (SaveError), because the folder will not take the next one either. Outcomes come in the
    order of ``files`` and names are claimed in that order, so the reports, their names and
    the messages are the same whatever ``jobs`` is. Only file names travel between processes,
    a few at a time; sessions are loaded one by one in the workers and never kept.
    """
    job = ReportJob(str(folder), render, f"{os.getpid()}-{os.urandom(4).hex()}")
    names = NameClaims()
    finished = False
    try:
        with _outcomes(job, files, jobs) as outcomes:
            for outcome in outcomes:
                if isinstance(outcome, Problem):
                    yield outcome
                    continue
                target = target_in(folder, names.claim(outcome.stem, extension))
                if isinstance(outcome, _NotWritten):
                    raise save_error(target, outcome.error)
                try:
                    put_in_place(outcome.temp, target)  # a SaveError ends the run: see above
                except UnsafeFileError as unsafe:
                    # A FIFO nobody reads under a report's name: never waited on or replaced.
                    with contextlib.suppress(OSError):
                        os.unlink(outcome.temp)
                    yield Problem(
                        str(target),
                        f"{unsafe.reason}, geen gewoon bestand; daar schrijft kwaliteit geen "
                        "verslag in",
                        hint=f"Verwijder het of kies een andere map (verslag van {outcome.file}).",
                    )
                    continue
                yield Written(outcome.file, target)
        finished = True
    finally:
        if not finished:
            _remove_temp_files(job.folder, job.token)


def _remove_temp_files(folder: str, token: str) -> None:
    """Remove what an interrupted or failed run left under its own temporary names."""
    prefix = f"{TEMP_PREFIX}{token}-"
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(prefix):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


# --- checking --------------------------------------------------------------------------------


def check_each(files: Iterable[str]) -> Iterator[tuple[str, list[Problem]]]:
    """Each file with its problems (an empty list: the file is fine)."""
    from kwaliteit_cli.conversation.steps import validate_position

    instruments = InstrumentCache()
    for file, loaded in load_each(files):
        if isinstance(loaded, Problem):
            yield file, [loaded]
            continue
        try:
            instrument = instruments.for_session(loaded, file)
        except Exception as error:
            yield file, [problem_from(file, error)]
            continue
        problems = []
        position = loaded.position
        if position is not None and not validate_position(instrument, loaded, position):
            problems.append(
                Problem(
                    file,
                    "de opgeslagen positie past niet bij het gesprek of het instrument",
                    "position",
                    "Zet een reservekopie terug, of geef het juiste instrument.",
                )
            )
        yield file, problems


def leftover_problem(name: str) -> Problem:
    return Problem(
        name,
        "tijdelijk bestand van een onderbroken opslag",
        hint="Het sessiebestand zelf is heel; dit bestand mag weg.",
    )


def _os_reason(exc: OSError) -> str:
    """Why, in Dutch (imported only when something went wrong)."""
    from kwaliteit_cli.dutch_input import os_reason

    return os_reason(exc)
