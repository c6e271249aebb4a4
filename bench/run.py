"""The benchmark: kwaliteit against the bare libraries it stands on, measured in the same run.

    python bench/run.py [--runs N] [--sessions N] [--quick]

Every figure is a median over repeated whole-process runs after a warm-up, printed beside its
baseline and the ratio. Nothing here asserts: the table is for people to read.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
SESSION = ROOT / "examples" / "nse-stagebegeleiding.toml"
ENV = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "0"}


def timed(command: list[str], runs: int, *, warmup: int = 2) -> float:
    """Median wall time of a whole process, in seconds."""
    for _ in range(warmup):
        subprocess.run(command, capture_output=True, env=ENV, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=ENV, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def time_to_prompt(command: list[str], text: str, runs: int, *, warmup: int = 2) -> float:
    """Median time from spawning ``command`` in a pseudo-terminal until ``text`` appears."""
    import pexpect

    env = {**ENV, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    samples = []
    for index in range(warmup + runs):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            child = pexpect.spawn(
                command[0],
                command[1:],
                cwd=folder,
                env=env,
                dimensions=(24, 80),
                encoding="utf-8",
                timeout=30,
            )
            child.expect_exact(text)
            elapsed = time.perf_counter() - start
            child.sendcontrol("c")
            child.expect(pexpect.EOF)
            child.close(force=True)
        if index >= warmup:
            samples.append(elapsed)
    return statistics.median(samples)


def autosave_ms(answers: int, runs: int) -> float:
    """Median milliseconds of one save of a session with ``answers`` answers (with fsync)."""
    import datetime as dt

    from kwaliteit_cli.session import Answer, Participant, Position, new_session
    from kwaliteit_cli.sessionfile import save_session

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
                moment,
                participant=f"p{index % 8 + 1}",
                text="Een antwoord van gemiddelde lengte, " * 4,
            )
        )
    session.position = Position("proces-check", "contribution", 6, "p1")
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "sessie.toml"
        save_session(session, target)
        for _ in range(runs):
            start = time.perf_counter()
            save_session(session, target)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


Row = tuple[str, str, str, str, str]


def ratio_row(
    what: str, ours: float, base: float, baseline: str, target: str, unit: Callable[[float], str]
) -> Row:
    return (what, unit(ours), f"{baseline}: {unit(base)}", f"{ours / base:.2f}", target)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    kwaliteit = [PY, "-m", "kwaliteit_cli"]
    rows: list[Row] = []

    ours = timed([*kwaliteit, "--help"], runs)
    base = timed([PY, str(HERE / "baseline_typer_app.py"), "--help"], runs)
    rows.append(ratio_row("`kwaliteit --help`", ours, base, "minimal Typer app", "≤ 1.05", ms))

    ours = timed([*kwaliteit, "--version"], runs)
    base = timed([PY, "-c", "import typer"], runs)
    rows.append(ratio_row("`kwaliteit --version`", ours, base, "`import typer`", "≤ 1.10", ms))

    prompt_runs = max(3, runs // 2)
    ours = time_to_prompt([*kwaliteit, "start"], "Titel van het gesprek", prompt_runs)
    base = time_to_prompt(
        [PY, str(HERE / "baseline_prompt.py")], "Titel van het gesprek", prompt_runs
    )
    rows.append(
        ratio_row(
            "first prompt of `kwaliteit start`",
            ours,
            base,
            "Typer + questionary prompt",
            "≤ 1.15",
            ms,
        )
    )

    ours = timed([*kwaliteit, "report", str(SESSION)], runs)
    base = timed([PY, str(HERE / "baseline_report.py"), str(SESSION)], runs)
    rows.append(
        ratio_row(
            "`kwaliteit report` of one session",
            ours,
            base,
            "typer + tomllib + Jinja2",
            "≤ 1.15",
            ms,
        )
    )

    saved = autosave_ms(200, 50 if not args.quick else 10)
    rows.append(("autosave, 200 answers (median, with fsync)", f"{saved:.1f} ms", "", "", "≤ 5 ms"))

    print(
        f"Benchmark {time.strftime('%Y-%m-%d')} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"medians of {runs} runs after 2 warm-up runs.\n"
    )
    print("| what | kwaliteit | baseline, same run | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
