"""The long fuzz run: the loaders of tests/test_fuzz.py with many more, fresh inputs.

    python bench/fuzz_loaders.py                    # 500,000 generated inputs or so
    python bench/fuzz_loaders.py --scale 4 --seed 3

CI runs the same strategies derandomised with about 100,000 inputs; this run draws new
random inputs each time (or from --seed). Any exception other than a KwaliteitError stops
it with the smallest failing input hypothesis can find, and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzzkit import (  # noqa: E402
    COUNTS,
    TARGETS,
    mutated_files,
    raw_batches,
    reshaped_files,
    tomlish_batches,
)

# Examples per strategy at --scale 1 (batches hold 16 inputs each).
PLAN: list[tuple[str, str, st.SearchStrategy[object], int]] = [
    ("raw", "all", raw_batches, 12_000),
    ("tomlish", "all", tomlish_batches, 12_000),
    *(("mutated", kind, mutated_files(kind), 10_000) for kind in TARGETS),
    *(("reshaped", kind, reshaped_files(kind), 6_000) for kind in TARGETS),
]


def _fuzzer(
    name: str,
    targets: Sequence[Callable[[bytes], str]],
    strategy: st.SearchStrategy[Any],
    count: int,
    fixed_seed: int | None,
) -> Callable[[], None]:
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        for raw in value if isinstance(value, list) else [value]:
            COUNTS[name] += 1
            for target in targets:
                target(raw)

    return run if fixed_seed is None else seed(fixed_seed)(run)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    started = time.monotonic()
    for name, kind, strategy, examples in PLAN:
        count = max(1, int(examples * args.scale))
        targets = list(TARGETS.values()) if kind == "all" else [TARGETS[kind]]
        run = _fuzzer(name, targets, strategy, count, args.seed)
        begun = time.monotonic()
        try:
            run()
        except Exception:
            traceback.print_exc()
            print(f"FAILED in {name} ({kind}): see the falsifying example above")
            return 1
        print(
            f"{name:9} {kind:10} {count:7} examples  {time.monotonic() - begun:6.1f} s", flush=True
        )
    inputs = sum(COUNTS[k] for k in ("raw", "tomlish", "mutated", "reshaped"))
    print(
        f"fuzz run passed in {time.monotonic() - started:.0f} s: {inputs} generated inputs, "
        + ", ".join(f"{k} {v}" for k, v in sorted(COUNTS.items()) if k not in PLAN_NAMES)
    )
    return 0


PLAN_NAMES = {"raw", "tomlish", "mutated", "reshaped"}

if __name__ == "__main__":
    raise SystemExit(main())
