"""Faults: a kill at any instant, a full or read-only disk, two processes, a power cut.

The promise to a facilitator: what was said in the room is on disk. These tests try hard to
break that and check what is left afterwards.
"""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w

from kwaliteit_cli.conversation import saving
from kwaliteit_cli.conversation.saving import LATER, RETRY, SaveChoice, SaveFailure, SessionKeeper
from kwaliteit_cli.errors import SaveError, SessionInUseError
from kwaliteit_cli.session.file import leftover_temp_files, load_session, save_session
from kwaliteit_cli.session.lock import SessionLock, lock_path
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.session.schema import session_from_dict, session_to_dict
from tests.conftest import EXAMPLES, ROOT, run_kwaliteit
from tests.faultkit import (
    SHORT_ANSWERS,
    ForkRunner,
    Kill,
    Runner,
    SubprocessRunner,
    calibrate,
    expected_states,
    normalise,
    plan_kills,
    run_kills,
    summarise,
    write_short_answers,
)

NSE_ANSWERS = EXAMPLES / "nse-stagebegeleiding.antwoorden.toml"
RESUME_EVERY = 6  # resume and finish after every so many kills


def _kill_many(
    runner: Runner, count: int, folder: Path, request: pytest.FixtureRequest
) -> dict[str, int]:
    short = write_short_answers(folder)
    files = [short, short, short, NSE_ANSWERS]  # mostly the short one: cheap to kill
    states = {answers: expected_states(answers) for answers in set(files)}
    saves = {answers: len(run) for answers, run in states.items()}
    timing = calibrate(runner, short, folder / "calibration")
    rng = random.Random(6)
    kills: list[Kill] = []
    # Runs that end before their kill lands do not count: plan more until enough did.
    while (missing := count - sum(k.killed for k in kills)) > 0 and len(kills) < 3 * count:
        batch = plan_kills(
            rng,
            min(missing + missing // 10 + 1, 50),
            files,
            saves,
            folder,
            timing,
            resume_every=RESUME_EVERY,
            first=len(kills),
        )
        run_kills(batch, runner, states)
        kills += batch
    figures = summarise(kills)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nkill test ({runner.name}): {figures}")
    assert figures["kills"] >= count, figures
    return figures


def test_sigkill_at_random_moments_loses_no_confirmed_answer(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """200 kills of forked CLI processes; every one checked, every sixth resumed to the end."""
    figures = _kill_many(ForkRunner(), 200, tmp_path, request)
    assert figures["mid_conversation"] >= 150, figures
    assert figures["resumed_and_matched"] >= 150 // RESUME_EVERY, figures
    # Kills in the middle of a save left temporary files; resuming cleaned them up.
    assert figures["resumed_after_temp_left"] >= 3, figures


def test_sigkill_of_python_m_kwaliteit_cli(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The same, a few times, with ``python -m kwaliteit_cli`` exactly as a user starts it."""
    figures = _kill_many(SubprocessRunner(), 24, tmp_path, request)
    assert figures["mid_conversation"] >= 10, figures


# --- helpers for the tests below -----------------------------------------------------------


def _answers_without(folder: Path, *phases: str, source: Path = NSE_ANSWERS) -> Path:
    """A copy of an answers file without some phases: a scripted start stops there."""
    data = tomllib.loads(source.read_text("utf-8"))
    for phase in phases:
        del data[phase]
    path = folder / f"zonder-{'-'.join(phases)}.antwoorden.toml"
    path.write_text(tomli_w.dumps(data), "utf-8")
    return path


def _partial_session(folder: Path, output: Path) -> Path:
    """A session paused at the start of the check-out (its answers file stops there)."""
    partial = _answers_without(folder, "check-out")
    result = run_kwaliteit("start", "--answers", partial, "--output", output)
    assert result.returncode == 1, result.stderr
    assert "check-out.meaningful_group" in result.stderr
    assert not load_session(output).completed
    return output


def _final_state(answers: Path) -> object:
    return expected_states(answers)[-1]


def _state(path: Path) -> object:
    return normalise(session_to_dict(load_session(path)))


def _can_mount() -> str:
    """Why a tmpfs cannot be mounted here, or '' if it can."""
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    probe = Path(tempfile.mkdtemp())
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return f"mount is not permitted here ({done.stderr.strip()})"
        subprocess.run(["umount", str(probe)], check=True)
        return ""
    except FileNotFoundError:
        return "no mount command"
    finally:
        probe.rmdir()


MOUNT_PROBLEM = _can_mount() if sys.platform.startswith("linux") else "not Linux"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 kB tmpfs: a real file system that fills up (or is made read-only) on demand."""
    if MOUNT_PROBLEM:
        pytest.skip(f"tmpfs test skipped: {MOUNT_PROBLEM}")
    folder = tmp_path / "schijf"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


# --- resuming a scripted session -------------------------------------------------------------


def test_resume_with_answers_finishes_like_an_uninterrupted_run(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    result = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert _state(output) == _final_state(NSE_ANSWERS)


def test_resume_with_only_the_remaining_answers(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    full = tomllib.loads(NSE_ANSWERS.read_text("utf-8"))
    rest = tmp_path / "rest.antwoorden.toml"
    rest.write_text(tomli_w.dumps({"check-out": full["check-out"]}), "utf-8")
    result = run_kwaliteit("resume", output, "--answers", rest)
    assert result.returncode == 0, result.stderr
    assert _state(output) == _final_state(NSE_ANSWERS)


def test_resume_with_answers_still_fails_on_an_answer_no_step_asks_for(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    data = tomllib.loads(NSE_ANSWERS.read_text("utf-8"))
    data["check-in"]["no_such_question"] = "dit vraagt niemand"
    extra = tmp_path / "extra.antwoorden.toml"
    extra.write_text(tomli_w.dumps(data), "utf-8")
    result = run_kwaliteit("resume", output, "--answers", extra)
    assert result.returncode == 1
    assert "check-in.no_such_question" in result.stderr
    assert "is niet gebruikt" in result.stderr
    assert "Traceback" not in result.stderr


def test_resume_without_answers_needs_a_terminal(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    result = run_kwaliteit("resume", output)
    assert result.returncode == 2
    assert "terminal" in result.stderr
    assert not lock_path(output).exists()


# --- two processes on one session ----------------------------------------------------------

HOLD_LOCK = (
    "import sys, time; from pathlib import Path; "
    "from kwaliteit_cli.session.lock import SessionLock; "
    "SessionLock(Path(sys.argv[1])).acquire(); print('klaar', flush=True); time.sleep(120)"
)


def _hold_lock(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "klaar"
    return holder


def test_a_second_process_is_refused_and_told_who_has_the_session(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    before = output.read_bytes()
    holder = _hold_lock(output)
    try:
        result = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
        again = run_kwaliteit(
            "start", "--answers", NSE_ANSWERS, "--output", output, "--overschrijven"
        )
    finally:
        holder.kill()
        holder.wait()
    for refused in (result, again):
        assert refused.returncode == 1
        assert f"al geopend door een ander proces (proces {holder.pid} op " in refused.stderr
        assert "sinds " in refused.stderr
        assert "Traceback" not in refused.stderr
    assert output.read_bytes() == before


def test_a_second_terminal_is_refused_while_the_first_asks(tmp_path: Path) -> None:
    """The other process is a real ``kwaliteit resume`` waiting at its first question."""
    pexpect = pytest.importorskip("pexpect")
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    first = pexpect.spawn(
        sys.executable,
        ["-m", "kwaliteit_cli", "resume", str(output)],
        cwd=str(ROOT),
        env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=30,
    )
    try:
        first.expect("Betekenisvol gemaakt")
        second = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
        assert second.returncode == 1
        assert f"(proces {first.pid} op " in second.stderr
        first.sendcontrol("c")
        first.expect(pexpect.EOF)
    finally:
        first.close(force=True)
    assert first.exitstatus == 130
    assert not lock_path(output).exists()
    third = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
    assert third.returncode == 0, third.stderr
    assert "afgebroken sessie" not in third.stderr  # a clean exit leaves no lock behind


def test_a_lock_left_by_a_killed_process_is_taken_over_with_a_notice(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    holder = _hold_lock(output)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert lock_path(output).exists()
    result = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert f"slot van een eerder afgebroken sessie (proces {holder.pid} op " in result.stderr
    assert _state(output) == _final_state(NSE_ANSWERS)
    assert not lock_path(output).exists()


def test_a_stale_lock_file_with_a_dead_pid_does_not_block(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    lock_path(output).write_text(
        f'pid = {pid}\nhost = "ergens"\nsince = 2026-03-12T15:00:00+01:00\n', "utf-8"
    )
    result = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert f"(proces {pid} op ergens sinds 12-03-2026 15:00)" in result.stderr


def test_lock_in_one_process_refuses_a_second_lock_and_removes_its_file(tmp_path: Path) -> None:
    path = tmp_path / "gesprek.toml"
    first = SessionLock(path)
    assert first.acquire() is None
    with pytest.raises(SessionInUseError) as refused:
        SessionLock(path).acquire()
    assert f"proces {os.getpid()}" in refused.value.message
    first.release()
    assert not lock_path(path).exists()
    with SessionLock(path) as again:
        assert again.acquire() is None
    assert not lock_path(path).exists()


def test_a_folder_without_room_for_a_lock_file_is_no_reason_to_refuse(tmp_path: Path) -> None:
    lock = SessionLock(tmp_path / "bestaat-niet" / "gesprek.toml")
    assert lock.acquire() is None
    assert not lock.held
    assert lock.problem
    lock.release()


# --- a full disk or a read-only folder -----------------------------------------------------


def test_a_full_disk_at_the_write_seam_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    path = tmp_path / "gesprek.toml"
    save_session(nse_session, path)
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError) as failed:
        save_session(nse_session, path)
    assert failed.value.message == f"Opslaan in {path} lukt niet: de schijf is vol."
    assert "onbeschadigd" in failed.value.hint
    assert path.read_bytes() == before
    assert leftover_temp_files(tmp_path) == []


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.EROFS, "alleen-lezen"),
        (errno.EACCES, "alleen-lezen"),
        (errno.ENOSPC, "de schijf is vol"),
        (errno.ENOENT, "de map bestaat niet"),
    ],
)
def test_every_refusal_to_create_the_temp_file_is_told_in_dutch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session, number: int, reason: str
) -> None:
    def refuse(**kwargs: object) -> tuple[int, str]:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError, match=reason):
        save_session(nse_session, tmp_path / "gesprek.toml")


class _FlakyDisk:
    """Stands in for save_session: refuses the first ``failures`` saves to the first path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, failures: int, bad: Path) -> None:
        self.failures = failures
        self.bad = bad
        self.saved: list[Path] = []
        monkeypatch.setattr(saving, "save_session", self)

    def __call__(self, session: Session, path: Path) -> None:
        if path == self.bad and self.failures > 0:
            self.failures -= 1
            raise SaveError(f"Opslaan in {path} lukt niet: de schijf is vol.")
        save_session(session, path)
        self.saved.append(path)


def test_keeper_retries_when_asked_and_counts_only_real_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    path = tmp_path / "gesprek.toml"
    disk = _FlakyDisk(monkeypatch, 2, path)
    asked: list[SaveFailure] = []

    def handler(failure: SaveFailure) -> SaveChoice:
        asked.append(failure)
        return RETRY

    with SessionKeeper(path, handler) as keeper:
        keeper(nse_session)
        assert not keeper.unsaved
    assert [f.error.message for f in asked] == [
        f"Opslaan in {path} lukt niet: de schijf is vol."
    ] * 2
    assert disk.saved == [path]
    assert keeper.saves == 1
    assert load_session(path).answers == nse_session.answers


def test_keeper_carries_on_unsaved_when_asked_and_saves_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    path = tmp_path / "gesprek.toml"
    _FlakyDisk(monkeypatch, 1, path)
    finals: list[bool] = []

    def handler(failure: SaveFailure) -> SaveChoice:
        finals.append(failure.final)
        return LATER if not failure.final else RETRY

    with SessionKeeper(path, handler) as keeper:
        keeper(nse_session)
        assert keeper.unsaved  # the answers are in memory only, and the keeper knows it
        assert not path.exists()
        keeper.finish(nse_session)
        assert not keeper.unsaved
    assert finals == [False]
    assert load_session(path).answers == nse_session.answers


def test_keeper_saves_elsewhere_when_asked_and_locks_the_new_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    path = tmp_path / "vol" / "gesprek.toml"
    path.parent.mkdir()
    other = tmp_path / "ander" / "gesprek.toml"
    other.parent.mkdir()
    _FlakyDisk(monkeypatch, 99, path)
    notices: list[str] = []
    keeper = SessionKeeper(
        path, lambda failure: SaveChoice("elsewhere", other), notice=notices.append
    )
    with keeper:
        keeper(nse_session)
        assert keeper.path == other
        assert lock_path(other).exists()
        assert not lock_path(path).exists()
    assert notices == [f"Vanaf nu wordt het gesprek opgeslagen in {other}."]
    assert load_session(other).answers == nse_session.answers
    assert not lock_path(other).exists()


def test_keeper_stops_with_an_emergency_copy_in_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    home = tmp_path / "thuis"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    path = tmp_path / "gesprek.toml"
    _FlakyDisk(monkeypatch, 99, path)
    with SessionKeeper(path) as keeper, pytest.raises(SaveError) as stopped:
        keeper(nse_session)
    (copy,) = home.glob("gesprek.noodkopie-*.toml")
    assert stopped.value.message == f"Opslaan in {path} lukt niet: de schijf is vol."
    assert f"noodkopie: {copy}" in stopped.value.hint
    assert f"resume {copy}" in stopped.value.hint
    assert load_session(copy).answers == nse_session.answers


def test_when_no_folder_takes_a_file_the_session_is_shown_to_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    def nowhere(session: Session, path: Path) -> None:
        return None

    monkeypatch.setattr(saving, "save_emergency_copy", nowhere)
    shown: list[str] = []
    keeper = SessionKeeper(tmp_path / "gesprek.toml", last_resort=shown.append)
    assert keeper.rescue(nse_session) is None
    (text,) = shown
    assert session_from_dict(tomllib.loads(text), Path("scherm")).answers == nse_session.answers


def test_a_disk_that_fills_up_mid_session(tiny_disk: Path, tmp_path: Path) -> None:
    """Scripted: the save of a 100 kB answer does not fit; the earlier file stays whole."""
    home = tmp_path / "thuis"
    home.mkdir()
    data = dict(SHORT_ANSWERS)
    big = "Een heel lang antwoord. " * 4200  # about 100 kB: more than the disk holds
    data["check-out"] = {**SHORT_ANSWERS["check-out"], "joint_answer": big}  # type: ignore[dict-item]
    answers = tmp_path / "groot.antwoorden.toml"
    answers.write_text(tomli_w.dumps(data), "utf-8")
    output = tiny_disk / "gesprek.toml"
    result = run_kwaliteit(
        "start", "--answers", answers, "--output", output, "--voortgang", env={"HOME": str(home)}
    )
    assert result.returncode == 1
    assert f"Fout: Opslaan in {output} lukt niet: de schijf is vol." in result.stderr
    assert "Traceback" not in result.stderr
    confirmed = max(int(m) for m in re.findall(r"Opgeslagen: stap (\d+)", result.stderr))
    states = expected_states(answers)
    assert _state(output) == states[confirmed - 1]  # the last confirmed save, whole
    assert big not in output.read_text("utf-8")
    assert leftover_temp_files(tiny_disk) == []
    (copy,) = home.glob("gesprek.noodkopie-*.toml")
    assert f"noodkopie: {copy}" in result.stderr
    assert _state(copy) == states[confirmed]  # what was in memory, the big answer included
    assert any(a.text == big.strip() for a in load_session(copy).answers)
    resumed = run_kwaliteit("resume", copy, "--answers", answers)
    assert resumed.returncode == 0, resumed.stderr
    assert _state(copy) == states[-1]


def test_a_folder_that_turns_read_only(tiny_disk: Path, tmp_path: Path) -> None:
    home = tmp_path / "thuis"
    home.mkdir()
    output = _partial_session(tmp_path, tiny_disk / "gesprek.toml")
    before = output.read_bytes()
    _remount(tiny_disk, "ro")
    try:
        result = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS, env={"HOME": str(home)})
    finally:
        _remount(tiny_disk, "rw")
    assert result.returncode == 1
    assert "geen slotbestand" in result.stderr
    assert (
        f"Fout: Opslaan in {output} lukt niet: de map is alleen-lezen of je hebt geen "
        "schrijfrechten." in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert output.read_bytes() == before
    (copy,) = home.glob("gesprek.noodkopie-*.toml")
    assert len(load_session(copy).answers) == len(load_session(output).answers) + 1


def test_the_facilitator_chooses_another_place_when_saving_fails(
    tiny_disk: Path, tmp_path: Path
) -> None:
    """In a real terminal: the menu appears, another place is chosen, nothing is lost."""
    pexpect = pytest.importorskip("pexpect")
    home = tmp_path / "thuis"
    home.mkdir()
    output = _partial_session(tmp_path, tiny_disk / "gesprek.toml")
    answered = len(load_session(output).answers)
    _remount(tiny_disk, "ro")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kwaliteit_cli", "resume", str(output)],
        cwd=str(ROOT),
        env={**os.environ, "TERM": "xterm", "NO_COLOR": "1", "HOME": str(home)},
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=30,
    )
    try:
        child.expect("Betekenisvol gemaakt")
        child.send("1")  # the first choice, 'ja' (nothing is chosen beforehand)
        child.expect("Toelichting")
        child.send("Het werkte.\r")
        child.expect("Opslaan is niet gelukt")
        child.expect("Wat wil je doen")
        child.send("\x1b[B\r")  # down to 'Op een andere plek opslaan…'
        child.expect("Waar opslaan")
        child.send("\r")  # the suggested place in the home folder
        child.expect("Vanaf nu wordt het gesprek opgeslagen in")
        child.expect("Antwoord")  # the next question
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
        _remount(tiny_disk, "rw")
    assert child.exitstatus == 130
    moved = home / "gesprek.toml"
    assert "Alles tot nu toe is opgeslagen in " + str(moved) in child.before.replace("\r", "")
    session = load_session(moved)
    assert len(session.answers) == answered + 1
    assert session.answers[-1].text == "Het werkte."


# --- power-cut safety --------------------------------------------------------------------------


def test_the_write_path_syncs_the_file_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nse_session: Session
) -> None:
    """temp file in the same folder, write, flush, fsync(file), replace, fsync(folder)."""
    path = tmp_path / "gesprek.toml"
    path.write_text("oud", "utf-8")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def what(fd: int) -> str:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if Path(target) == tmp_path:
            return "folder"
        size = os.fstat(fd).st_size
        return f"{Path(target).name} ({size} bytes)"

    def fsync(fd: int) -> None:
        events.append(("fsync", what(fd)))
        real_fsync(fd)

    def replace(source: str, target: Path) -> None:
        events.append(("replace", f"{Path(source).name} -> {Path(target).name}"))
        real_replace(source, target)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name file descriptors")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    save_session(nse_session, path)
    size = len(path.read_bytes())
    (temp_synced, replaced, folder_synced) = events
    assert temp_synced[0] == "fsync"
    assert temp_synced[1].startswith(".kwaliteit-gesprek.toml.")
    assert temp_synced[1].endswith(f".tmp ({size} bytes)")  # every byte written before the sync
    assert replaced == ("replace", temp_synced[1].split(" ")[0] + " -> gesprek.toml")
    assert folder_synced == ("fsync", "folder")


def _garbage_temps(folder: Path) -> tuple[Path, Path]:
    """What a crash mid-save leaves: a temp file of this session and one of another."""
    own = folder / ".kwaliteit-gesprek.toml.ab12cd34.tmp"
    own.write_bytes(b"\x00\xffhalf geschreven [[answers]\ntext = ")
    other = folder / ".kwaliteit-ander.toml.zz99yy88.tmp"
    other.write_bytes(b"schema_version = 1\n")
    return own, other


def test_a_leftover_temp_file_is_never_taken_for_the_session(tmp_path: Path) -> None:
    output = _partial_session(tmp_path, tmp_path / "gesprek.toml")
    state = _state(output)
    own, other = _garbage_temps(tmp_path)
    assert _state(output) == state
    report = run_kwaliteit("report", output)
    assert report.returncode == 0, report.stderr
    assert "half geschreven" not in report.stdout
    # Resuming (with the lock held) removes this session's leftover, not another's.
    resumed = run_kwaliteit("resume", output, "--answers", NSE_ANSWERS)
    assert resumed.returncode == 0, resumed.stderr
    assert "tijdelijk bestand van een eerdere onderbreking is opgeruimd" in resumed.stderr
    assert not own.exists()
    assert other.exists()
    assert _state(output) == _final_state(NSE_ANSWERS)


def test_a_leftover_temp_file_is_cleaned_up_by_the_next_start(tmp_path: Path) -> None:
    own, other = _garbage_temps(tmp_path)
    output = tmp_path / "gesprek.toml"
    result = run_kwaliteit("start", "--answers", NSE_ANSWERS, "--output", output)
    assert result.returncode == 0, result.stderr
    assert not own.exists()
    assert other.exists()
    assert leftover_temp_files(tmp_path) == [other]


def test_a_temp_file_is_not_a_toml_file_for_folder_readers(tmp_path: Path) -> None:
    """Whatever reads a folder of sessions by '*.toml' cannot pick up a temp file."""
    _garbage_temps(tmp_path)
    assert list(tmp_path.glob("*.toml")) == []
    assert all(p.suffix == ".tmp" for p in leftover_temp_files(tmp_path))
