"""Peak memory and throughput of the commands that read many sessions: 500 versus 5,000.

    python bench/batch_memory.py                  500 and 5,000 sessions
    python bench/batch_memory.py --counts 200 2000

For each count it generates a folder of sessions (bench/make_sessions.py, 8 broken files
mixed in), then runs each command in a fresh child process and reads that child's own peak
resident memory with os.wait4 (Linux and macOS). The claim under test: memory stays roughly
flat as the number of sessions grows tenfold, because sessions are streamed one at a time.
The ratios are printed against the smallest count, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.make_sessions import make_sessions

COMMANDS = {
    "report -d": ["report", "{folder}", "--output-dir", "{out}/verslagen"],
    "overzicht html": ["overzicht", "{folder}", "-f", "html", "-o", "{out}/overzicht.html"],
    "check": ["check", "{folder}"],
}


def run_measured(args: list[str]) -> tuple[float, float, int]:
    """Run ``python -m kwaliteit_cli ARGS``; return (seconds, peak RSS in MB, exit code)."""
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "kwaliteit_cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return seconds, usage.ru_maxrss / scale, os.waitstatus_to_exitcode(status)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--broken", type=int, default=8)
    args = parser.parse_args(argv)
    results: dict[tuple[str, int], tuple[float, float, int]] = {}
    with tempfile.TemporaryDirectory(prefix="kwaliteit-bench-") as temp:
        for count in args.counts:
            folder = Path(temp) / f"sessies-{count}"
            began = time.perf_counter()
            make_sessions(folder, count, seed=count, broken=args.broken)
            made = time.perf_counter() - began
            print(f"{count} sessies gemaakt in {made:.1f} s ({count / made:.0f}/s)")
            for name, template in COMMANDS.items():
                out = Path(temp) / f"uit-{count}-{name.split()[0]}"
                out.mkdir()
                command = [part.format(folder=folder, out=out) for part in template]
                results[(name, count)] = run_measured(command)
    base = args.counts[0]
    print()
    head = ("commando", "sessies", "tijd (s)", "per s", "piek (MB)", "× geheugen")
    print(f"{head[0]:<16}{head[1]:>9}{head[2]:>10}{head[3]:>8}{head[4]:>11}{head[5]:>12}")
    for name in COMMANDS:
        for count in args.counts:
            seconds, peak, code = results[(name, count)]
            ratio = peak / results[(name, base)][1]
            print(
                f"{name:<16}{count:>9}{seconds:>10.1f}{count / seconds:>8.0f}{peak:>11.1f}"
                f"{ratio:>11.2f}×" + ("" if code == 1 else f"  (exitcode {code}, verwacht 1)")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
