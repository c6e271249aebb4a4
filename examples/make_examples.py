"""Rebuild the example sessions from their answers files, and their reports (the golden files).

    python examples/make_examples.py                 sessions and reports
    python examples/make_examples.py --reports-only  reports from the sessions as they are

Each session is replayed with a clock that starts at the meeting's date at 15:00 (+01:00)
and moves on 90 seconds per step, so the minutes show a realistic meeting.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from kwaliteit_cli.instrument import load_instrument
from kwaliteit_cli.replay import replay_file
from kwaliteit_cli.report import ReportOptions, build_context, render_report
from kwaliteit_cli.sessionfile import load_session, save_session, write_text_atomic

HERE = Path(__file__).resolve().parent
OFFSET = dt.timezone(dt.timedelta(hours=1))
# Every report a golden file is kept for: (file suffix, format, anonymous).
VARIANTS = (("md", "md", False), ("anoniem.md", "md", True))


def session_paths() -> list[Path]:
    return sorted(p for p in HERE.glob("*.toml") if not p.name.endswith(".antwoorden.toml"))


def render_variants(session_path: Path) -> dict[Path, str]:
    """The golden report files of one example session, by path."""
    session = load_session(session_path)
    instrument = load_instrument(None)
    stem = session_path.with_suffix("")
    out = {}
    for suffix, fmt, anonymous in VARIANTS:
        context = build_context(session, instrument, ReportOptions(anonymous=anonymous))
        out[Path(f"{stem}.{suffix}")] = render_report(context, fmt)
    return out


def main(argv: list[str]) -> None:
    if "--reports-only" not in argv:
        for answers in sorted(HERE.glob("*.antwoorden.toml")):
            import tomllib

            day = tomllib.loads(answers.read_text("utf-8"))["meeting"]["date"]
            start = dt.datetime(day.year, day.month, day.day, 15, 0, tzinfo=OFFSET)
            session = replay_file(answers, start, step_seconds=90)
            target = HERE / answers.name.replace(".antwoorden.toml", ".toml")
            save_session(session, target)
            print(f"sessie  {target.relative_to(HERE.parent)}")
    for session_path in session_paths():
        for path, text in render_variants(session_path).items():
            write_text_atomic(path, text)
            print(f"verslag {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
