"""How long a parallel batch takes with each way of starting worker processes.

    python bench/start_methods.py [--count 1000] [--runs 5]

kwaliteit forks its workers on Linux (kwaliteit_cli/batch.py, _start_method); this measures
why: for each start method the platform offers, the median wall time of write_reports over
the same generated sessions with as many workers as there are cores, beside one process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_sessions import make_sessions  # noqa: E402
from kwaliteit_cli.verslag import batch  # noqa: E402
from kwaliteit_cli.verslag.render import ReportRenderer  # noqa: E402


def run(files: list[str], out: Path, jobs: int) -> float:
    out.mkdir()
    start = time.perf_counter()
    for _ in batch.write_reports(files, out, ReportRenderer("html"), ".html", jobs=jobs):
        pass
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    jobs = batch.usable_cores()
    methods = multiprocessing.get_all_start_methods()
    with tempfile.TemporaryDirectory(prefix="kwaliteit-start-") as temp:
        folder = Path(temp) / "sessies"
        files = [str(p) for p in make_sessions(folder, args.count, seed=5).good]
        times: dict[str, list[float]] = {"1 process": [], **{m: [] for m in methods}}
        for index in range(args.runs + 1):
            for name in times:
                if name != "1 process":
                    batch._start_method = lambda name=name: name  # type: ignore[misc]
                seconds = run(files, Path(temp) / "uit", 1 if name == "1 process" else jobs)
                if index:  # the first round warms up
                    times[name].append(seconds)
    print(f"{args.count} sessions to HTML, {jobs} workers, median of {args.runs} runs:")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:<10} {median:6.2f} s  {args.count / median:6.0f} sessions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
