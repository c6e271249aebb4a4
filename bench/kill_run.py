"""The long kill run: thousands of SIGKILLs at random moments of scripted sessions.

    python bench/kill_run.py                      # 2,000 kills of forked CLI processes
    python bench/kill_run.py --runner subprocess  # each one a fresh `python -m kwaliteit_cli`
    python bench/kill_run.py --kills 500 --seed 7

After every kill the session file (if there is one) must load and hold the last confirmed
state or the one after it; every fourth run is resumed and must end exactly where an
uninterrupted run ends. The first violation stops the run with exit code 1. The same checks
run in CI with 200 kills (tests/test_faults.py); see tests/faultkit.py for how.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kwaliteit_cli.errors import KwaliteitError  # noqa: E402
from tests.faultkit import (  # noqa: E402
    ForkRunner,
    Kill,
    SubprocessRunner,
    calibrate,
    expected_states,
    plan_kills,
    run_kills,
    summarise,
    write_short_answers,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--runner", choices=("fork", "subprocess"), default="fork")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--parallel", type=int, default=6)
    parser.add_argument("--resume-every", type=int, default=4)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    runner = ForkRunner() if args.runner == "fork" else SubprocessRunner()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kwaliteit-kills-") as name:
        folder = Path(name)
        short = write_short_answers(folder)
        states = {short: expected_states(short)}
        for example in sorted((ROOT / "examples").glob("*.antwoorden.toml")):
            try:
                states[example] = expected_states(example)
            except KwaliteitError:
                continue  # an example that stops halfway on purpose cannot run to the end
        files = [short, *states]
        saves = {answers: len(run) for answers, run in states.items()}
        timing = calibrate(runner, short, folder / "calibration")
        print(
            f"kill run: {args.kills} kills, runner {runner.name}, seed {seed}, "
            f"{args.parallel} at a time; saves per run: "
            + ", ".join(f"{p.name} {n}" for p, n in sorted(saves.items())),
            flush=True,
        )
        rng = random.Random(seed)
        kills: list[Kill] = []
        while (missing := args.kills - sum(k.killed for k in kills)) > 0:
            batch = plan_kills(
                rng,
                min(missing + missing // 10 + 1, 100),
                files,
                saves,
                folder,
                timing,
                resume_every=args.resume_every,
                first=len(kills),
            )
            try:
                run_kills(batch, runner, states, parallel=args.parallel)
            except AssertionError as failure:
                print(f"FAILED after {len(kills)} runs (seed {seed}): {failure}", flush=True)
                return 1
            kills += batch
            print(f"  {sum(k.killed for k in kills)} kills survived", flush=True)
    figures = summarise(kills)
    print(f"kill run passed in {time.monotonic() - started:.0f} s: {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
