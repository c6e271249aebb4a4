"""The benchmark: kwaliteit against the bare libraries it stands on, measured in the same run.

    python bench/run.py [--runs N] [--batch N] [--memory SMALL LARGE] [--quick]

Every figure is a median over repeated whole-process runs after warm-up runs, printed beside
its baseline (a small script in bench/, run in the same session) and the ratio. The batch
rows run over sessions that bench/make_sessions.py generates once per run into a temporary
folder. Nothing here asserts: the table is for people to read (tests/test_bench.py only
checks that it still runs and has its shape).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kwaliteit_cli.session.model import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `kwaliteit_cli` importable

PY = sys.executable
SESSION = ROOT / "examples" / "nse-stagebegeleiding.toml"
PROMPT_TEXT = "Titel van het gesprek"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["NO_COLOR"] = "1"


def kwaliteit_command() -> list[str]:
    """The installed console script next to this Python (what people type), else ``-m``."""
    script = Path(PY).parent / ("kwaliteit.exe" if os.name == "nt" else "kwaliteit")
    return [str(script)] if script.exists() else [PY, "-m", "kwaliteit_cli"]


# --- measuring -------------------------------------------------------------------------------


def run_measured(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, its workers included) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def run_once(command: list[str]) -> float:
    return run_measured(command)[0]


Paired = tuple[float, float, float]  # median of ours, median of the baseline, median ratio


def paired(ours: list[float], base: list[float]) -> Paired:
    """Medians of both, and the median of the ratios of runs made side by side.

    On a shared machine the speed drifts over tens of seconds; a ratio per pair of runs made
    one right after the other cancels that drift, where a ratio of the two medians does not.
    """
    ratios = [a / b for a, b in zip(ours, base, strict=True)]
    return statistics.median(ours), statistics.median(base), statistics.median(ratios)


def in_turn(
    measure: Callable[[list[str]], float],
    command: list[str],
    baseline: list[str],
    runs: int,
    warmup: int,
) -> Paired:
    """``measure`` of two programs, run in turn (now one first, now the other)."""
    ours, base = [], []
    for index in range(warmup + runs):
        if index % 2:
            second, first = measure(baseline), measure(command)
        else:
            first, second = measure(command), measure(baseline)
        if index >= warmup:
            ours.append(first)
            base.append(second)
    return paired(ours, base)


def timed(command: list[str], baseline: list[str], runs: int, warmup: int) -> Paired:
    """Wall times of two whole processes, in seconds, run in turn."""
    return in_turn(run_once, command, baseline, runs, warmup)


def prompt_once(command: list[str]) -> float:
    """Seconds from spawning ``command`` in a pseudo-terminal until the first prompt shows."""
    import pexpect

    env = {**ENV, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        child = pexpect.spawn(
            command[0],
            command[1:],
            cwd=folder,
            env=env,
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=60,
        )
        child.expect_exact(PROMPT_TEXT)
        elapsed = time.perf_counter() - start
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close(force=True)
    return elapsed


def time_to_prompt(command: list[str], baseline: list[str], runs: int, warmup: int) -> Paired:
    """Times until the first prompt of two programs, run in turn."""
    return in_turn(prompt_once, command, baseline, runs, warmup)


Batch = Callable[[Path], list[str]]


def timed_batches(
    commands: list[Batch], work: Path, runs: int, warmup: int
) -> list[list[tuple[float, float]]]:
    """Wall and CPU seconds of each run of batch commands, run in turn (the order rotating).

    Each run writes into a new, empty folder, made and removed outside the timing.
    """
    samples: list[list[tuple[float, float]]] = [[] for _ in commands]
    for index in range(warmup + runs):
        order = list(range(len(commands)))
        order = order[index % len(order) :] + order[: index % len(order)]
        for number in order:
            out = work / f"uit-{index}-{number}"
            command = commands[number](out)
            measured = run_measured(command)
            if not out.is_dir() or not any(out.iterdir()):
                raise SystemExit(f"bench: {' '.join(command)} wrote nothing")
            shutil.rmtree(out)
            if index >= warmup:
                samples[number].append(measured)
    return samples


def peak_memory_mb(command: list[str]) -> float:
    """Peak resident memory of a child process (and its largest own child), in MB."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(child.pid, 0)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def autosave_session(answers: int) -> Session:
    """A session in the middle of a long proces-check, with ``answers`` answers."""
    from kwaliteit_cli.session.model import Answer, Participant, Position, new_session

    session = new_session("kwaliteitsgesprek-over-data", 1)
    session.participants = [
        Participant(f"p{i}", f"Deelnemer {i}", "schoolopleider") for i in range(1, 9)
    ]
    moment = dt.datetime(2026, 3, 12, 15, 0, tzinfo=dt.UTC)
    for index in range(answers):
        session.answers.append(
            Answer(
                "proces-check",
                1 + index // 40,
                "contribution",
                moment + dt.timedelta(seconds=index),
                participant=f"p{index % 8 + 1}",
                text="Een antwoord van gemiddelde lengte, " * 4,
            )
        )
    session.position = Position("proces-check", "contribution", 6, "p1")
    return session


def autosave_ms(answers: int, runs: int) -> tuple[float, float]:
    """Median ms of one ``save_session`` with ``answers`` answers, and of its floor.

    The floor writes the same bytes the same way (a temporary file in the same folder,
    fsync, rename, fsync of the folder) with bare system calls: what any atomic, durable
    save costs on this disk, whatever the program.
    """
    from kwaliteit_cli.session.file import dump_session, save_session

    session = autosave_session(answers)
    data = dump_session(session).encode("utf-8")
    ours, floor = [], []
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        target = Path(folder) / "sessie.toml"
        save_session(session, target)
        for index in range(runs + 3):
            start = time.perf_counter()
            save_session(session, target)
            middle = time.perf_counter()
            temp = os.path.join(folder, f".vloer-{index}.tmp")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, data)
            os.fsync(fd)
            os.close(fd)
            os.replace(temp, Path(folder) / "vloer.toml")
            fd = os.open(folder, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
            end = time.perf_counter()
            if index >= 3:
                ours.append((middle - start) * 1000)
                floor.append((end - middle) * 1000)
    return statistics.median(ours), statistics.median(floor)


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    what: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        met = "" if self.met is None else ("yes" if self.met else "no")
        return [self.what, self.ours, self.baseline, ratio, self.target, met]


ROW_KEYS = ("help", "version", "prompt", "report", "batch", "memory", "autosave")
HEADER = ("what", "kwaliteit", "baseline, same run", "ratio", "target", "met")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def time_row(what: str, measured: Paired, baseline: str, limit: float) -> Row:
    ours, base, ratio = measured
    return Row(what, ms(ours), f"{baseline}: {ms(base)}", ratio, f"≤ {limit:.2f}", ratio <= limit)


def throughput_row(
    what: str,
    count: int,
    ours: list[tuple[float, float]],
    base: list[tuple[float, float]],
    least: float | None,
    base_name: str = "bare loop",
) -> Row:
    """Sessions per second of wall time, with the CPU seconds beside them.

    ``least`` is the target ratio; ``None`` makes a row for information, without one.
    """
    # The throughput ratio (count / ours) / (count / base) = base / ours, per round.
    base_wall, wall, ratio = paired([w for w, _ in base], [w for w, _ in ours])
    cpu = statistics.median(c for _, c in ours)
    base_cpu = statistics.median(c for _, c in base)
    return Row(
        what,
        f"{count / wall:.0f} sessions/s ({wall:.2f} s; CPU {cpu:.2f} s)",
        f"{base_name}, 1 process: {count / base_wall:.0f} sessions/s "
        f"({base_wall:.2f} s; CPU {base_cpu:.2f} s)",
        ratio,
        "" if least is None else f"≥ {least:.2f}",
        None if least is None else ratio >= least,
    )


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("typer", "questionary", "jinja2"))


def batch_rows(kwaliteit: list[str], count: int, runs: int, warmup: int, cores: int) -> list[Row]:
    """One process, then the default jobs, against the bare loop, over generated sessions."""
    from bench.make_sessions import make_sessions

    with tempfile.TemporaryDirectory(prefix="kwaliteit-bench-") as temp:
        work = Path(temp)
        sessions = work / "sessies"
        make_sessions(sessions, count, seed=7)

        def bare(out: Path) -> list[str]:
            return [PY, str(HERE / "baseline_batch.py"), str(sessions), str(out)]

        def bare_tomli(out: Path) -> list[str]:
            return [*bare(out), "--tomli"]

        def ours_with(jobs: str) -> Batch:
            def command(out: Path) -> list[str]:
                extra = ["--jobs", jobs] if jobs else []
                return [*kwaliteit, "report", str(sessions), "-d", str(out), "-f", "html", *extra]

            return command

        bare_loop, one, default, bare_fast = timed_batches(
            [bare, ours_with("1"), ours_with(""), bare_tomli], work, runs, warmup
        )
    what = f"batch: {count:,} sessions to HTML"
    # For information, without a target: the same bare loop reading with tomli, as kwaliteit
    # does, shows what kwaliteit adds on top of reading (the floor is tomllib).
    return [
        throughput_row(f"{what}, `--jobs 1`", count, one, bare_loop, 0.85),
        throughput_row(f"{what}, default jobs ({cores} cores)", count, default, bare_loop, 1.6),
        throughput_row(
            f"{what}, `--jobs 1`, against a bare loop that reads with tomli (information)",
            count,
            one,
            bare_fast,
            None,
            "bare loop with tomli",
        ),
    ]


def memory_row(kwaliteit: list[str], small: int, large: int) -> Row:
    """Peak memory of ``report -d`` over many sessions against the same over fewer."""
    from bench.make_sessions import make_sessions

    peaks = []
    with tempfile.TemporaryDirectory(prefix="kwaliteit-bench-") as temp:
        for amount in (small, large):
            folder = Path(temp) / f"geheugen-{amount}"
            make_sessions(folder, amount, seed=amount, broken=8)
            out = Path(temp) / f"geheugen-uit-{amount}"
            peaks.append(peak_memory_mb([*kwaliteit, "report", str(folder), "-d", str(out)]))
            shutil.rmtree(out)
    ratio = peaks[1] / peaks[0]
    return Row(
        f"peak memory, `report -d` of {large:,} sessions",
        f"{peaks[1]:.1f} MB",
        f"same command, {small:,} sessions: {peaks[0]:.1f} MB",
        ratio,
        "≤ 1.20",
        ratio <= 1.2,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs per start-up row")
    parser.add_argument("--batch", type=int, default=1000, help="sessions in the batch rows")
    parser.add_argument("--batch-runs", type=int, default=7, help="measured runs per batch row")
    parser.add_argument(
        "--memory", type=int, nargs=2, default=(500, 5000), metavar=("SMALL", "LARGE")
    )
    parser.add_argument("--quick", action="store_true", help="tiny counts, one run: smoke test")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=ROW_KEYS,
        default=ROW_KEYS,
        metavar="ROW",
        help=f"measure only these rows: {', '.join(ROW_KEYS)}",
    )
    args = parser.parse_args(argv)
    only = set(args.only)
    if args.quick:
        args.runs, args.batch, args.batch_runs, args.memory = 1, 24, 1, (12, 36)
    runs = args.runs
    warmup = 0 if args.quick else 2
    batch_warmup = 0 if args.quick else 1
    kwaliteit = kwaliteit_command()
    cores = usable_cores()
    load_before = load_average()
    began = time.perf_counter()
    rows: list[Row] = []

    if "help" in only:
        measured = timed(
            [*kwaliteit, "--help"],
            [PY, str(HERE / "baseline_typer_app.py"), "--help"],
            runs,
            warmup,
        )
        rows.append(time_row("`kwaliteit --help`", measured, "minimal Typer app", 1.05))

    if "version" in only:
        measured = timed([*kwaliteit, "--version"], [PY, "-c", "import typer"], runs, warmup)
        rows.append(time_row("`kwaliteit --version`", measured, "`import typer`", 1.10))

    prompt_runs = runs if args.quick else max(5, runs // 2)
    if "prompt" in only:
        measured = time_to_prompt(
            [*kwaliteit, "start"], [PY, str(HERE / "baseline_prompt.py")], prompt_runs, warmup
        )
        rows.append(
            time_row("first prompt of `kwaliteit start`", measured, "Typer + questionary", 1.15)
        )

    if "report" in only:
        measured = timed(
            [*kwaliteit, "report", str(SESSION)],
            [PY, str(HERE / "baseline_report.py"), str(SESSION)],
            runs,
            warmup,
        )
        rows.append(
            time_row(
                "`kwaliteit report` of one session", measured, "typer + tomllib + Jinja2", 1.15
            )
        )

    if "batch" in only:
        rows += batch_rows(kwaliteit, args.batch, args.batch_runs, batch_warmup, cores)
    if "memory" in only:
        rows.append(memory_row(kwaliteit, *args.memory))

    if "autosave" in only:
        saved, floor = autosave_ms(200, 10 if args.quick else 60)
        rows.append(
            Row(
                "autosave, 200 answers (median, with fsync)",
                f"{saved:.1f} ms",
                f"atomic write + fsync of the same bytes: {floor:.1f} ms",
                saved / floor,
                # An autosave follows an answer someone just spoke; 10 ms nobody notices, and
                # tomli-w (the design card's writer) needs about 4 ms of it for 200 answers.
                "≤ 10 ms",
                saved <= 10.0,
            )
        )

    minutes = (time.perf_counter() - began) / 60
    print(
        f"Benchmark {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {cpu_name()} "
        f"({platform.system()} {platform.machine()}), {cores} cores, "
        f"{platform.python_implementation()} {platform.python_version()}; {versions()}.\n"
        f"Medians of {runs} runs after {warmup} warm-up runs (first prompt: {prompt_runs}; "
        f"batches: {args.batch_runs} after {batch_warmup}); ours and the baseline take turns, "
        f"and the ratio is the median of the ratios of each turn. Load average before: "
        f"{load_before}, after: {load_average()}; {minutes:.1f} minutes.\n"
        f"kwaliteit runs as `{' '.join([Path(kwaliteit[0]).name, *kwaliteit[1:]])}`.\n"
    )
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
