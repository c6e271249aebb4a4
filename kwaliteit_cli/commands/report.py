"""``kwaliteit report``: the verslag of one conversation, or of many into a folder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from kwaliteit_cli.commands.common import instrument_for
from kwaliteit_cli.errors import EXIT_FAILED, UsageError
from kwaliteit_cli.output import Progress, say, summary, write_data

# The format a file name asks for, when -f is not given (issue 12).
EXTENSION_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".docx": "docx",
}


def choose_format(fmt: str | None, output: Path | None, template: Path | None) -> str:
    """-f if given, else the output's extension, else md; a contradiction is an error."""
    from kwaliteit_cli import texts
    from kwaliteit_cli.verslag.context import FORMATS

    named = EXTENSION_FORMATS.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        return named or "md"
    if fmt not in (*FORMATS, "docx"):
        raise UsageError(f"Onbekend formaat '{fmt}'.", hint="Kies md, html, docx of json.")
    if named is not None and named != fmt and template is None:
        raise UsageError(
            texts.FORMAT_CONFLICT.format(fmt=fmt, path=output),
            hint=texts.FORMAT_CONFLICT_HINT.format(fmt=fmt),
        )
    return fmt


def report(
    paths: list[str],
    output: Path | None,
    output_dir: Path | None,
    fmt_option: str | None,
    anonymous: bool,
    template: Path | None,
    jobs: int | None,
    short: bool = False,
    house_style: Path | None = None,
    *,
    neutral: bool = False,
) -> None:
    """Write the verslag of one session (stdout or --output) or of many (--output-dir)."""
    from kwaliteit_cli import texts

    fmt = choose_format(fmt_option, output, template)
    if house_style is not None and fmt != "docx":
        raise UsageError(texts.HUISSTIJL_ONLY_DOCX, hint=texts.HUISSTIJL_ONLY_DOCX_HINT)
    if house_style is not None and not house_style.is_file():
        raise UsageError(f"Het bestand {house_style} bestaat niet.", hint="Controleer het pad.")
    if fmt == "docx":
        if output_dir is not None:
            raise UsageError(
                "Word-verslagen maakt kwaliteit één voor één.",
                hint="Geef één sessiebestand met -o verslag.docx.",
            )
        if output is None:
            raise UsageError(texts.DOCX_NEEDS_FILE, hint=texts.DOCX_NEEDS_FILE_HINT)
        _report_docx(
            _single_input(paths), output, (anonymous or neutral, neutral), short, house_style
        )
        return
    if template is not None and not template.is_file():
        raise UsageError(f"Het sjabloon {template} bestaat niet.", hint="Controleer het pad.")
    if jobs is not None and jobs < 0:
        raise UsageError(
            f"--jobs {jobs} kan niet.", hint="Geef een aantal processen, of 0 voor automatisch."
        )
    options = (anonymous or neutral, neutral)
    if output_dir is None:
        _report_one(_single_input(paths), output, fmt, options, template, short)
        return
    if output is not None:
        raise UsageError(
            "--output en --output-dir gaan niet samen.",
            hint="Gebruik --output voor één verslag, --output-dir voor een map vol.",
        )
    _report_many(paths, output_dir, fmt, options, template, jobs, short)


def _single_input(paths: list[str]) -> str:
    """The one session file to report on without --output-dir, or a usage error."""
    if len(paths) == 1 and os.path.exists(paths[0]) and not os.path.isdir(paths[0]):
        return paths[0]  # the usual case, without loading what many files need
    from kwaliteit_cli.verslag.batch import find_session_files, looks_like_pattern

    if len(paths) == 1 and not Path(paths[0]).is_dir() and not looks_like_pattern(paths[0]):
        return paths[0]  # exactly as before: a missing file is the loader's error
    found = find_session_files(paths)
    if len(found.files) == 1 and not found.problems:
        return found.files[0]
    raise UsageError(
        "Voor meer dan één gesprek is een map voor de verslagen nodig.",
        hint="Geef --output-dir MAP: dan komt er één verslag per gesprek in die map.",
    )


def _renderer(
    fmt: str, options: tuple[bool, bool], template: Path | None, short: bool = False
) -> Any:
    """``options``: (anonymous, neutral)."""
    from kwaliteit_cli.verslag.context import ReportOptions
    from kwaliteit_cli.verslag.render import ReportRenderer

    anonymous, neutral = options
    return ReportRenderer(
        fmt, ReportOptions(anonymous=anonymous, neutral=neutral, short=short), template
    )


def _report_docx(
    file: str,
    output: Path,
    options: tuple[bool, bool],
    short: bool,
    house_style: Path | None,
) -> None:
    from kwaliteit_cli.session.file import load_session, write_bytes_atomic
    from kwaliteit_cli.verslag.context import ReportOptions, build_context
    from kwaliteit_cli.verslag.docx import render_docx

    session = load_session(Path(file))
    inst = instrument_for(session, Path(file), None)
    anonymous, neutral = options
    report_options = ReportOptions(anonymous=anonymous, neutral=neutral, short=short)
    context = build_context(session, inst, report_options)
    write_bytes_atomic(output, render_docx(context, house_style))
    say(f"Verslag geschreven naar {output}.")


def _report_one(
    file: str,
    output: Path | None,
    fmt: str,
    options: tuple[bool, bool],
    template: Path | None,
    short: bool = False,
) -> None:
    from kwaliteit_cli.session.file import load_session

    session = load_session(Path(file))
    inst = instrument_for(session, Path(file), None)
    text = _renderer(fmt, options, template, short)(session, inst)
    if output is None:
        write_data(text)
        return
    from kwaliteit_cli.commands.common import write_output

    write_output(output, [text])
    say(f"Verslag geschreven naar {output}.")


def _report_many(
    paths: list[str],
    folder: Path,
    fmt: str,
    options: tuple[bool, bool],
    template: Path | None,
    jobs: int | None = None,
    short: bool = False,
) -> None:
    from kwaliteit_cli.verslag.batch import (
        Problem,
        choose_jobs,
        find_session_files,
        report_extension,
        write_reports,
    )

    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"{folder} is een bestand, geen map.", hint="Kies een andere --output-dir."
        )
    from kwaliteit_cli.session.safefile import make_folder

    try:
        make_folder(folder)  # never writable for others, whatever the umask
    except OSError as exc:
        from kwaliteit_cli.dutch_input import os_reason

        raise UsageError(
            f"De map {folder} kan niet gemaakt worden ({os_reason(exc)}).",
            hint="Kies een map waarin je mag schrijven.",
        ) from None
    found = find_session_files(paths)
    progress = Progress(len(found.files))
    failed = 0
    for problem in found.problems:
        progress.tell_problem(problem)
        failed += 1
    written = 0
    render = _renderer(fmt, options, template, short)
    outcomes = write_reports(
        found.files,
        folder,
        render,
        report_extension(fmt, template),
        jobs=choose_jobs(jobs, len(found.files)),
    )
    # closing: on Ctrl-C the workers stop and the temporary files go before the program ends
    with contextlib.closing(outcomes):
        for outcome in outcomes:
            if isinstance(outcome, Problem):
                progress.tell_problem(outcome)
                failed += 1
            else:
                written += 1
            progress.step()
    progress.finish()
    say(summary(written, failed, f"{'verslag' if written == 1 else 'verslagen'} in {folder}"))
    if failed:
        raise SystemExit(EXIT_FAILED)
