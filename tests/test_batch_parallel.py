"""Reports rendered by several processes: the same files, names, messages and exit codes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.make_sessions import Made, make_sessions
from kwaliteit_cli.errors import SaveError
from kwaliteit_cli.verslag import batch
from kwaliteit_cli.verslag.batch import PARALLEL_FROM, Problem, Written, choose_jobs, write_reports
from kwaliteit_cli.verslag.context import ReportOptions
from kwaliteit_cli.verslag.render import ReportRenderer
from tests.conftest import CliRunner


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Made]:
    """120 generated sessions, 8 broken files, and copies that collide on date and title."""
    folder = tmp_path_factory.mktemp("parallel") / "sessies"
    made = make_sessions(folder, 120, seed=11, broken=8)
    for number, source in enumerate(made.good[:3] * 2):  # each of three sessions twice more
        shutil.copy(source, folder / f"zz-kopie-{number}.toml")
    return folder, made


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(".kwaliteit-")]


@pytest.mark.parametrize("options", [["-f", "html"], ["-f", "md", "--anoniem"], ["-f", "json"]])
def test_several_processes_write_byte_identical_reports_under_the_same_names(
    cli: CliRunner, sessions: tuple[Path, Made], tmp_path: Path, options: list[str]
) -> None:
    folder, made = sessions
    one, two = tmp_path / "serieel", tmp_path / "parallel"
    serial = cli("report", folder, "-d", one, "--jobs", "1", *options, timeout=300)
    parallel = cli("report", folder, "-d", two, "--jobs", "2", *options, timeout=300)
    assert serial.returncode == parallel.returncode == 1  # the broken files
    assert serial.stderr.replace(str(one), str(two)) == parallel.stderr
    assert serial.stderr.count("Fout: ") == len(made.broken)
    ours, theirs = files_of(one), files_of(two)
    assert len(ours) == len(made.good) + 6
    assert ours == theirs
    assert sum(name.endswith(("-2.html", "-2.md", "-2.json")) for name in ours) >= 3


def test_the_default_is_parallel_for_a_large_batch_and_gives_the_same_reports(
    cli: CliRunner, sessions: tuple[Path, Made], tmp_path: Path
) -> None:
    folder, _ = sessions
    serial = cli("report", folder, "-d", tmp_path / "een", "--jobs", "1", timeout=300)
    default = cli("report", folder, "-d", tmp_path / "twee", timeout=300)
    assert serial.returncode == default.returncode
    assert files_of(tmp_path / "een") == files_of(tmp_path / "twee")


def outcomes(files: list[str], out: Path, jobs: int) -> list[tuple[str, str]]:
    """What write_reports yields, as (file, report name or problem) pairs."""
    render = ReportRenderer("md", ReportOptions())
    out.mkdir(exist_ok=True)
    found = []
    for outcome in write_reports(files, out, render, ".md", jobs=jobs):
        if isinstance(outcome, Written):
            found.append((outcome.file, outcome.target.name))
        else:
            assert isinstance(outcome, Problem)
            found.append((outcome.file, outcome.problem))
    return found


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_write_reports_in_workers_yields_what_one_process_yields(
    sessions: tuple[Path, Made], tmp_path: Path, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # spawn is what macOS and Windows use: everything handed to a worker must pickle.
    if method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(batch, "_start_method", lambda: method)
    folder, _ = sessions
    files = sorted(str(p) for p in folder.iterdir())[:40]
    serial = outcomes(files, tmp_path / "een", 1)
    parallel = outcomes(files, tmp_path / "twee", 3)
    assert serial == parallel
    assert files_of(tmp_path / "een") == files_of(tmp_path / "twee")
    assert temp_files(tmp_path / "twee") == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_report_that_cannot_be_written_stops_the_run_and_leaves_no_temporary_files(
    sessions: tuple[Path, Made], tmp_path: Path, jobs: int
) -> None:
    _, made = sessions
    files = [str(p) for p in made.good[:30]]
    out = tmp_path / "uit"
    out.mkdir()
    names = [name for _, name in outcomes(files, tmp_path / "proef", 1)]
    (out / names[10]).mkdir()  # a folder where the eleventh report should go
    written = []
    with pytest.raises(SaveError) as caught:
        for outcome in write_reports(files, out, ReportRenderer(), ".md", jobs=jobs):
            assert isinstance(outcome, Written)
            written.append(outcome.target.name)
    assert names[10] in caught.value.message
    assert written == names[:10]
    assert temp_files(out) == []
    assert sorted(os.listdir(out)) == sorted(names[:11])


def test_a_failed_write_gives_the_same_message_and_exit_code_in_both_ways(
    cli: CliRunner, sessions: tuple[Path, Made], tmp_path: Path
) -> None:
    _, made = sessions
    files = [str(p) for p in made.good[:40]]
    names = [name for _, name in outcomes(files, tmp_path / "proef", 1)]
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"uit-{jobs}"
        (out / names[5]).mkdir(parents=True)
        result = cli("report", *files, "-d", out, "--jobs", jobs)
        results.append((result.returncode, result.stderr.replace(str(out), "UIT")))
        assert temp_files(out) == []
        assert sorted(os.listdir(out)) == sorted(names[:6])
    assert results[0] == results[1]
    assert results[0][0] == 1 and "lukt niet" in results[0][1]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("veel") / "sessies"
    make_sessions(folder, 1500, seed=3)
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a process group")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_batch_and_removes_its_temporary_files(
    many: Path, tmp_path: Path, jobs: str
) -> None:
    folder = many
    out = tmp_path / "uit"
    child = subprocess.Popen(
        [sys.executable, "-m", "kwaliteit_cli", "report", folder, "-d", out, "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a shell job: Ctrl-C reaches all
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        if out.is_dir() and len(os.listdir(out)) - len(temp_files(out)) >= 10:
            break  # ten reports in place
        time.sleep(0.01)
    if child.poll() is not None:
        pytest.skip("the batch finished before it could be interrupted")
    os.killpg(child.pid, signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "Afgebroken." in stderr and "Traceback" not in stderr
    assert temp_files(out) == []
    assert 10 <= len(os.listdir(out)) < 1500  # what was done stays


def test_jobs_must_not_be_negative(cli: CliRunner, sessions: tuple[Path, Made]) -> None:
    folder, _ = sessions
    result = cli("report", folder, "-d", folder.parent / "uit", "--jobs", "-1")
    assert result.returncode == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_one_process_for_a_few_files_and_every_core_for_many() -> None:
    cores = batch.usable_cores()
    assert choose_jobs(None, PARALLEL_FROM - 1) == 1
    assert choose_jobs(0, PARALLEL_FROM - 1) == 1
    assert choose_jobs(None, 10_000) == cores
    assert choose_jobs(3, 10_000) == 3
    assert choose_jobs(8, 20) == 3  # no more workers than there are chunks of files
    assert choose_jobs(4, 0) == 1


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_report_name_that_is_a_device_is_written_into_not_replaced(
    sessions: tuple[Path, Made], tmp_path: Path
) -> None:
    _, made = sessions
    files = [str(p) for p in made.good[:3]]
    names = [name for _, name in outcomes(files, tmp_path / "proef", 1)]
    out = tmp_path / "uit"
    out.mkdir()
    (out / names[1]).symlink_to("/dev/null")
    assert [name for _, name in outcomes(files, out, 1)] == names
    assert (out / names[1]).is_symlink() and os.readlink(out / names[1]) == "/dev/null"
    assert (out / names[0]).is_file() and temp_files(out) == []


def test_a_folder_named_as_a_session_says_so(tmp_path: Path) -> None:
    from kwaliteit_cli.errors import SessionFileError
    from kwaliteit_cli.session.file import load_session

    with pytest.raises(SessionFileError) as caught:
        load_session(tmp_path)
    assert caught.value.problem == "dit is een map, geen bestand"
