"""``kwaliteit overzicht``: one overview of many conversations and all their agreements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kwaliteit_cli.commands.common import option_date
from kwaliteit_cli.errors import EXIT_FAILED, KwaliteitError, UsageError
from kwaliteit_cli.output import Progress, say, summary, write_chunks


def overzicht(
    paths: list[str],
    fmt: str,
    output: Path | None,
    since: str | None,
    until: str | None,
    partnership: str | None,
    reference: str | None,
    anonymous: bool,
    *,
    neutral: bool = False,
) -> None:
    """Build the overview of the sessions in ``paths`` and write it out."""
    from kwaliteit_cli.verslag.batch import InstrumentCache, Problem, find_session_files, load_each
    from kwaliteit_cli.verslag.overview import OverviewBuilder, OverviewFilter, render_overview

    if fmt not in ("md", "html", "json"):
        raise UsageError(f"Onbekend formaat '{fmt}'.", hint="Kies md, html of json.")
    start, end = option_date("--van", since), option_date("--tot", until)
    if start and end and start > end:
        raise UsageError("--van ligt na --tot.", hint="Draai de twee datums om.")
    today = option_date("--peildatum", reference) or dt.date.today()
    builder = OverviewBuilder(
        OverviewFilter(start, end, partnership or ""),
        anonymous=anonymous or neutral,
        neutral=neutral,
    )
    found = find_session_files(paths)
    progress = Progress(len(found.files))
    failed = 0
    for problem in found.problems:
        progress.tell_problem(problem)
        failed += 1
    instruments = InstrumentCache()
    for file, loaded in load_each(found.files):
        progress.step()
        if not isinstance(loaded, Problem):
            try:
                builder.add(loaded, file, instruments.for_session(loaded, file))
                continue
            except KwaliteitError as error:
                from kwaliteit_cli.verslag.batch import problem_from

                loaded = problem_from(file, error)
        progress.tell_problem(loaded)
        failed += 1
    progress.finish()
    overview = builder.build(today)
    chunks = render_overview(overview, fmt)
    if output is None:
        write_chunks(chunks)
    else:
        from kwaliteit_cli.commands.common import write_output

        write_output(output, chunks)
        say(f"Overzicht geschreven naar {output}.")
    if failed:
        say(summary(len(overview.sessions), failed, "in het overzicht"))
        raise SystemExit(EXIT_FAILED)
