"""The benchmark still runs and prints its whole table (its figures are for people, not tests)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

ROWS = (
    "`kwaliteit --help`",
    "`kwaliteit --version`",
    "first prompt of `kwaliteit start`",
    "`kwaliteit report` of one session",
    "batch: 24 sessions to HTML, `--jobs 1`",
    "batch: 24 sessions to HTML, default jobs",
    "batch: 24 sessions to HTML, `--jobs 1`, against a bare loop that reads with tomli",
    "peak memory, `report -d` of 36 sessions",
    "autosave, 200 answers (median, with fsync)",
)


@pytest.mark.skipif(sys.platform == "win32", reason="measures in a pseudo-terminal and wait4")
def test_the_quick_benchmark_prints_every_row_with_a_ratio() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Benchmark ") and " cores, " in lines[0] and "Python" in lines[0]
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| what | kwaliteit | baseline, same run | ratio | target | met |"
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table[2:]]
    assert len(rows) == len(ROWS)
    for row, what in zip(rows, ROWS, strict=True):
        assert len(row) == 6
        assert row[0].startswith(what)
        assert float(row[3]) > 0
        if "(information)" in row[0]:
            assert row[4] == row[5] == ""  # no target: nothing to meet
        else:
            assert row[4][0] in "≤≥" and row[5] in ("yes", "no")


@pytest.mark.skipif(sys.platform == "win32", reason="measures with wait4")
def test_only_measures_the_rows_asked_for() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "report", "memory"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    whats = [line.strip("|").split("|")[0].strip() for line in table[2:]]
    assert whats == ["`kwaliteit report` of one session", "peak memory, `report -d` of 36 sessions"]
