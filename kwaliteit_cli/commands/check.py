"""``kwaliteit check``: check session files, one line per problem."""

from __future__ import annotations

from kwaliteit_cli.errors import EXIT_FAILED, UsageError
from kwaliteit_cli.output import Progress, say, write_data


def check(paths: list[str], fmt: str) -> None:
    """Check every session file in ``paths``; exit 1 when any has a problem."""
    from kwaliteit_cli.verslag.batch import check_each, find_session_files, leftover_problem

    if fmt not in ("tekst", "json"):
        raise UsageError(f"Onbekend formaat '{fmt}'.", hint="Kies tekst of json.")
    found = find_session_files(paths)
    progress = Progress(len(found.files))
    problems = [*found.problems, *(leftover_problem(name) for name in found.leftovers)]
    for problem in problems if fmt == "tekst" else ():
        progress.write_line(problem.line())
    checked = bad = 0
    for _, file_problems in check_each(found.files):
        progress.step()
        checked += 1
        bad += bool(file_problems)
        if fmt == "tekst":
            for problem in file_problems:
                progress.write_line(problem.line())
        else:
            problems += file_problems  # JSON is one document: collect the (few) problems
    progress.finish()
    if fmt == "json":
        document = {
            "format_version": 1,
            "checked": checked,
            "ok": checked - bad,
            "problems": [p.as_dict() for p in problems],
        }
        from kwaliteit_cli.verslag.text import json_text

        write_data(json_text(document) + "\n")
    total = bad + len(found.problems) + len(found.leftovers)
    say(
        f"{checked} {'bestand' if checked == 1 else 'bestanden'} gecontroleerd: "
        + ("alles in orde." if total == 0 else f"{total} met een probleem.")
    )
    if total:
        raise SystemExit(EXIT_FAILED)
