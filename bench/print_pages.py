"""How the HTML verslagen print: page counts, and headings left alone at a page foot.

    python bench/print_pages.py [--variants N] [--generated N] [--seed S] [--out FOLDER]

Prints each example's HTML report, N variants of each finished example in which the first
check-in answer grows by a sentence at a time, and N sessions from bench/make_sessions.py (two
to six people, one to four rounds: every page break falls somewhere else), to PDF in headless
Chromium and reads the pages back (tests/printcheck.py). The figures for before and after
issue 12 are in docs/verslag.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SENTENCE = "Dat zien we terug in de gesprekken met studenten en werkplekbegeleiders. "


def main(argv: list[str]) -> None:
    from kwaliteit_cli.session.file import load_session
    from kwaliteit_cli.session.instrument import load_instrument
    from kwaliteit_cli.verslag.context import ReportOptions, build_context
    from kwaliteit_cli.verslag.render import render_report
    from tests.printcheck import print_report

    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, default=10)
    parser.add_argument("--generated", type=int, default=0)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="kwaliteit-print-"))
    out.mkdir(parents=True, exist_ok=True)
    instrument = load_instrument(None)
    total = alone_total = 0
    for session_path in sorted((ROOT / "examples").glob("*.toml")):
        if session_path.name.endswith(".antwoorden.toml"):
            continue
        session = load_session(session_path)
        count = args.variants if session.completed else 0
        for variant in range(count + 1):
            if variant:
                first = next(a for a in session.answers if a.phase == "check-in" and a.text)
                first.text += " " + SENTENCE
            context = build_context(session, instrument, ReportOptions())
            html = out / f"{session_path.stem}-{variant}.html"
            html.write_text(render_report(context, "html"), "utf-8")
            pages, alone = print_report(html, html.with_suffix(".pdf"))
            total += 1
            alone_total += bool(alone)
            name = session_path.stem + (f" +{variant}" if variant else "")
            print(f"{name:34} {pages} pagina's  {'; '.join(alone) or '-'}")
    if args.generated:
        from bench.make_sessions import make_sessions

        folder = out / "sessies"
        make_sessions(folder, args.generated, seed=args.seed)
        for session_path in sorted(folder.glob("*.toml")):
            context = build_context(load_session(session_path), instrument, ReportOptions())
            html = out / f"{session_path.stem}.html"
            html.write_text(render_report(context, "html"), "utf-8")
            pages, alone = print_report(html, html.with_suffix(".pdf"))
            total += 1
            alone_total += bool(alone)
            print(f"{session_path.stem:34} {pages} pagina's  {'; '.join(alone) or '-'}")
    print(f"{alone_total} van {total} verslagen met een kop los onderaan een pagina")


if __name__ == "__main__":
    main(sys.argv[1:])
