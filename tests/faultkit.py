"""Kill scripted sessions at random moments and check what is left on disk.

Shared by tests/test_faults.py (hundreds of kills in CI) and bench/kill_run.py (thousands).
A kill is a real SIGKILL of a real process running ``kwaliteit start --answers ...
--voortgang``. The process reports each completed save on stderr ("Opgeslagen: stap N"):
that is what a facilitator sees as "confirmed", since the next question only appears after
the save. After the kill, the file must hold the last confirmed state (or the one after it),
and resuming must end exactly where an uninterrupted run ends.

Runs are driven by one thread that forks, polls and kills (no threads: forking from a
threaded process is unsafe), several at a time so that both cores stay busy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kwaliteit_cli.conversation.answers import load_answers
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.meeting_times import apply_meeting_times
from kwaliteit_cli.session.file import leftover_temp_files, load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.lock import lock_path
from kwaliteit_cli.session.model import Session, new_session
from kwaliteit_cli.session.schema import session_to_dict

ROOT = Path(__file__).resolve().parent.parent
PROGRESS = re.compile(r"^Opgeslagen: stap (\d+) ")
# Keys that hold the moment something happened: they differ between any two runs.
TIME_KEYS = frozenset({"created_at", "updated_at", "completed_at", "at", "started_at", "ended_at"})


def normalise(data: Any, *, top: bool = True) -> Any:
    """A session dict without its timestamps, tool version and (random) identity, for
    comparing runs."""
    if isinstance(data, dict):
        return {
            k: normalise(v, top=False)
            for k, v in data.items()
            if k not in TIME_KEYS and k != "tool" and not (top and k == "id")
        }
    if isinstance(data, list):
        return [normalise(v, top=False) for v in data]
    return data


# A short conversation (two people, one round): cheap enough to kill hundreds of times in CI.
SHORT_ANSWERS = {
    "meeting": {"title": "Kort gesprek", "date": dt.date(2026, 5, 1), "minute_taker": "Ann"},
    "participants": [
        {"name": "Ann", "role": "schoolopleider"},
        {"name": "Bo", "role": "bestuurder"},
    ],
    "data": [{"what": "NSE 2026"}],
    "check-in": {
        "role_and_expectation": ["Ik kijk mee als opleider.", "Ik wil het overzicht."],
        "about_the_data": "Een enquête; ze meet tevredenheid.",
        "shared_goal": "Samen zien wat de cijfers zeggen.",
        "joint_question": "Wat vinden studenten van de begeleiding?",
    },
    "proces-check": [
        {
            "contribution": ["De scores dalen.", "Vooral bij de derdejaars."],
            "what_it_means": {"ik": ["Minder tijd voor feedback.", "/pas"], "wij": "Tijd."},
            "process_check": {"answerable": True, "reason": "Het beeld is helder."},
        }
    ],
    "check-out": {
        "meaningful_group": "ja",
        "joint_answer": "De begeleiding lijdt onder roosterdruk.",
        "agreements": [{"what": "Rooster bekijken", "who": "Bo", "due": dt.date(2026, 6, 1)}],
        "meaningful_self": ["ja", {"choice": "deels", "text": "Nog niet alles."}],
    },
}


def write_short_answers(folder: Path) -> Path:
    import tomli_w

    path = folder / "kort.antwoorden.toml"
    path.write_text(tomli_w.dumps(SHORT_ANSWERS), "utf-8")
    return path


def expected_states(answers: Path) -> list[Any]:
    """Every state an uninterrupted scripted run saves, in order (normalised)."""
    states: list[Any] = []

    def record(session: Session) -> None:
        states.append(normalise(session_to_dict(session)))

    instrument = load_instrument(None)
    session = new_session(instrument.id, instrument.version)
    prompter = load_answers(answers)
    times = prompter.take_meeting_times()
    run_conversation(instrument, session, prompter, record)
    if times:  # script mode then saves once more, with the meeting's own times
        apply_meeting_times(session, times)
        record(session)
    prompter.check_all_used()
    return states


def kwaliteit_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kwaliteit_cli", *map(str, args)]


class Process(Protocol):
    def poll(self) -> int | None: ...

    def kill(self) -> None: ...

    def wait(self) -> int: ...


class SubprocessRunner:
    """``python -m kwaliteit_cli ARGS``: exactly what a user runs, start-up included."""

    name = "subprocess"

    def start(self, args: list[str], stderr: Path) -> Process:
        with stderr.open("wb") as handle:
            return subprocess.Popen(
                kwaliteit_command(*args),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=handle,
                env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)},
                cwd=ROOT,
            )


class _Forked:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.code: int | None = None

    def poll(self) -> int | None:
        if self.code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
        return self.code

    def kill(self) -> None:
        if self.code is None:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.code is None:
            self.code = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.code


class ForkRunner:
    """The same ``main()``, in a child forked from this process, which has imported it already.

    Start-up (Python, Typer, the tool) is most of a short scripted run; skipping it makes a
    kill cheap enough to do hundreds in CI. The process, the write path and the SIGKILL are
    the real ones. Only use it from a single-threaded process.
    """

    name = "fork"

    def __init__(self) -> None:
        import importlib

        # Import now, once, what the commands import when they run (the CLI keeps start-up
        # light by importing late), so no child repeats it.
        for name in (
            "conversation.answers",
            "conversation.loop",
            "conversation.saving",
            "session.instrument",
            "session.file",
            "session.lock",
        ):
            importlib.import_module(f"kwaliteit_cli.{name}")
        from kwaliteit_cli import cli

        self.main = cli.main
        # Typer imports more on its first run (pydantic among others): run it once here.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            self.main(["start", "--help"])

    def start(self, args: list[str], stderr: Path) -> Process:
        # Keep the collector away from the parent's objects in the child: touching them
        # would copy most of the parent's memory, page by page, into every child.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller
            code = 70
            try:
                code = self._child(args, stderr)
            finally:
                os._exit(code)
        return _Forked(pid)

    def _child(self, args: list[str], stderr: Path) -> int:
        fd = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(fd, 2)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
        code: Any = 0
        try:
            self.main(args)
        except SystemExit as stop:
            code = stop.code or 0
        sys.stdout.flush()
        sys.stderr.flush()
        return code if isinstance(code, int) else 1


Runner = SubprocessRunner | ForkRunner


def _said(stderr: Path) -> str:
    try:
        return stderr.read_text("utf-8", "replace")
    except FileNotFoundError:  # killed before it could open it
        return ""


def _progress(stderr: Path) -> list[int]:
    return [int(m.group(1)) for line in _said(stderr).splitlines() if (m := PROGRESS.match(line))]


@dataclass
class Kill:
    """One run to kill, and what it left behind."""

    answers: Path
    output: Path
    after_save: int  # wait for this save to be reported (0: count from the start) ...
    delay: float  # ... then this many seconds more, then SIGKILL
    resume: bool  # afterwards, resume and finish
    runner: str = ""
    killed: bool = False  # the signal landed while the process ran
    confirmed: int = 0  # saves the process reported before it died
    state: int | None = None  # index into the expected states of what the file holds
    temp_left: bool = False
    lock_left: bool = False
    resumed: bool = False

    @property
    def stderr(self) -> Path:
        return self.output.with_name("stderr.txt")


def check_after_kill(kill: Kill, states: list[Any]) -> None:
    """The file is there once a save was confirmed, loads, and holds a state of the run.

    That state is the last confirmed one or the one after it (saved, but killed before it
    could say so): never an older one, so no confirmed answer is lost.
    """
    output = kill.output
    kill.confirmed = max(_progress(kill.stderr), default=0)
    kill.temp_left = bool(leftover_temp_files(output.parent))
    kill.lock_left = lock_path(output).exists()
    if not output.exists():
        assert kill.confirmed == 0, f"{kill.confirmed} saves confirmed, but no file"
        return
    state = normalise(session_to_dict(load_session(output)))
    allowed = [i for i in (kill.confirmed - 1, kill.confirmed) if 0 <= i < len(states)]
    for index in allowed:
        if states[index] == state:
            kill.state = index
            return
    others = [i for i, s in enumerate(states) if s == state]
    raise AssertionError(
        f"{output} holds state {others or '(none of the run)'}; "
        f"{kill.confirmed} saves were confirmed (allowed: {allowed})"
    )


def resume_args(kill: Kill) -> list[str] | None:
    """How to carry on after the kill: resume, start again (nothing saved), or nothing (done)."""
    output = kill.output
    if not output.exists():
        return ["start", "--answers", str(kill.answers), "--output", str(output)]
    if load_session(output).completed:
        return None
    return ["resume", str(output), "--answers", str(kill.answers)]


def check_after_resume(kill: Kill, args: list[str], code: int, states: list[Any]) -> None:
    output = kill.output
    said = _said(output.with_name("resume-stderr.txt"))
    assert code == 0, said
    assert "Traceback" not in said
    assert normalise(session_to_dict(load_session(output))) == states[-1]
    assert not leftover_temp_files(output.parent), "leftover temporary file after resume"
    assert not lock_path(output).exists(), "lock file left after a clean finish"
    if kill.lock_left and args[0] == "resume":
        assert "slot van een eerder afgebroken sessie" in said, said
    kill.resumed = True


class _Job:
    """One kill as a small state machine, advanced by ``run_kills``."""

    def __init__(self, kill: Kill, runner: Runner, states: list[Any]) -> None:
        self.kill = kill
        self.runner = runner
        self.states = states
        self.process: Process | None = None
        self.kill_at: float | None = None
        self.resume: list[str] | None = None
        self.done = False

    def begin(self) -> None:
        kill = self.kill
        kill.runner = self.runner.name
        args = ["start", "--answers", str(kill.answers), "--output", str(kill.output)]
        self.process = self.runner.start([*args, "--voortgang"], kill.stderr)
        self.seen_size = 0
        if not kill.after_save:
            self.kill_at = time.monotonic() + kill.delay

    def _reached(self, save: int) -> bool:
        """Has the process reported this save yet? (Reads stderr only when it grew.)"""
        try:
            size = self.kill.stderr.stat().st_size
        except FileNotFoundError:
            return False
        if size == self.seen_size:
            return False
        self.seen_size = size
        return max(_progress(self.kill.stderr), default=0) >= save

    def advance(self) -> None:
        process = self.process
        assert process is not None
        if self.resume is not None:
            code = process.poll()
            if code is not None:
                check_after_resume(self.kill, self.resume, code, self.states)
                self.done = True
            return
        if self.kill_at is None:
            if process.poll() is None and not self._reached(self.kill.after_save):
                return
            self.kill_at = time.monotonic() + self.kill.delay
        if time.monotonic() < self.kill_at and process.poll() is None:
            return
        self.kill.killed = process.poll() is None
        process.kill()
        code = process.wait()
        # It may have ended on its own just before the signal landed.
        self.kill.killed = code == -signal.SIGKILL
        assert code in (0, -signal.SIGKILL), f"exit {code}: {_said(self.kill.stderr)}"
        check_after_kill(self.kill, self.states)
        args = resume_args(self.kill) if self.kill.resume else None
        if args is None:
            if self.kill.resume:
                assert normalise(session_to_dict(load_session(self.kill.output))) == self.states[-1]
            self.done = True
            return
        self.resume = args
        self.process = self.runner.start(args, self.kill.output.with_name("resume-stderr.txt"))


def run_kills(
    kills: list[Kill], runner: Runner, states: dict[Path, list[Any]], parallel: int = 6
) -> None:
    """Run every kill, ``parallel`` at a time, from this one thread."""
    waiting = list(kills)
    active: list[_Job] = []
    try:
        while waiting or active:
            while waiting and len(active) < parallel:
                kill = waiting.pop(0)
                job = _Job(kill, runner, states[kill.answers])
                job.begin()
                active.append(job)
            for job in active:
                job.advance()
            active = [job for job in active if not job.done]
            time.sleep(0.002)
    finally:  # a failed check: leave no process running behind it
        for job in active:
            if job.process is not None:
                job.process.kill()
                job.process.wait()


def calibrate(runner: Runner, answers: Path, folder: Path) -> tuple[float, float]:
    """Seconds until the first save, and between two saves, in one clean run."""
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / "calibration.toml"
    stderr = folder / "calibration-stderr.txt"
    started = time.monotonic()
    process = runner.start(
        ["start", "--answers", str(answers), "--output", str(output), "--voortgang"], stderr
    )
    while not _progress(stderr) and process.poll() is None:
        time.sleep(0.0005)
    first = time.monotonic()
    assert process.wait() == 0, _said(stderr)
    end = time.monotonic()
    saves = max(_progress(stderr))
    output.unlink()
    return first - started, (end - first) / max(saves - 1, 1)


def plan_kills(
    rng: random.Random,
    count: int,
    files: list[Path],
    saves: dict[Path, int],
    folder: Path,
    timing: tuple[float, float],
    *,
    resume_every: int,
    first: int = 0,
) -> list[Kill]:
    """Kill moments spread over the whole run, whatever the machine's speed.

    Most kills wait for a random save to be reported and then land at a random moment up to
    two saves later, so they fall inside writes as well as between them; some land during
    start-up, before any file exists. ``files`` are used in turn (repeat one to weigh it);
    ``saves`` is how many saves a full run of each makes.
    """
    to_first, per_save = timing
    kills = []
    for number in range(first, first + count):
        run = folder / f"run{number}"
        run.mkdir(parents=True)
        chosen = files[number % len(files)]
        if rng.random() < 0.1:
            after, delay = 0, rng.uniform(0, to_first * 1.2)
        else:
            after, delay = rng.randint(1, saves[chosen] - 2), rng.uniform(0, 2 * per_save)
        kills.append(
            Kill(
                answers=chosen,
                output=run / "gesprek.toml",
                after_save=after,
                delay=delay,
                resume=number % resume_every == 0,
            )
        )
    return kills


def summarise(kills: list[Kill]) -> dict[str, int]:
    return {
        "runs": len(kills),
        "kills": sum(k.killed for k in kills),
        "no_file_yet": sum(k.killed and k.state is None for k in kills),
        "mid_conversation": sum(k.killed and k.state is not None for k in kills),
        "temp_file_left": sum(k.temp_left for k in kills),
        "lock_left": sum(k.lock_left for k in kills),
        "resumed_and_matched": sum(k.resumed for k in kills),
        "resumed_after_temp_left": sum(k.resumed and k.temp_left for k in kills),
    }
