"""How --anoniem scales with the length of a name: one report of a session whose first
participant has a name of N words, mentioned twenty times in an answer.

    python bench/anonymise_long_names.py 1000 3000 10000 30000

Prints seconds per report (in process, median of three). Issue 14: the old single regular
expression grew with the square of the name (10,000 words: 43 s for `kwaliteit report`);
the word-by-word anonymiser grows linearly.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.schema import session_from_dict
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.render import render_report
from tests.attackkit import attack_data


def seconds(words: int) -> float:
    data = attack_data()
    name = " ".join(f"Naam{n}" for n in range(words))
    data["participants"][0]["name"] = name
    data["answers"][0]["text"] = ("Over " + name + ". ") * 20
    session = session_from_dict(data, Path("lang.toml"))
    instrument = load_instrument(None)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        render_report(build_context(session, instrument, ReportOptions(anonymous=True)), "md")
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000", "3000", "10000", "30000"]:
        print(f"{int(arg):>7} words: {seconds(int(arg)):.3f} s")
