"""The command line: parse options, call the library, and print. The one place that prints.

Heavy libraries (questionary, prompt_toolkit, jinja2) are imported inside the commands that
need them, so ``kwaliteit --help`` and ``--version`` start fast.
"""

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from kwaliteit_cli import __version__, texts
from kwaliteit_cli.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    KwaliteitError,
    SessionFileError,
    UsageError,
)

_APP_SETTINGS: dict[str, Any] = {
    "name": "kwaliteit",
    "help": "Begeleid een kwaliteitsgesprek over data en maak er een verslag van.",
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "no_args_is_help": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_APP_SETTINGS)

DEBUG = os.environ.get("KWALITEIT_DEBUG") == "1"


# --- the one place that prints ---------------------------------------------------------------


def say(message: str = "") -> None:
    """A message for the person (stderr, so stdout stays clean for data)."""
    typer.echo(message, err=True)


def write_data(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_chunks(chunks: Iterable[str]) -> None:
    """Data made piece by piece (a long overview): written as it comes, flushed at the end."""
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.flush()


def fail(error: KwaliteitError) -> NoReturn:
    say(f"Fout: {error.message}")
    if error.hint:
        say(error.hint)
    raise SystemExit(error.exit_code)


# --- commands --------------------------------------------------------------------------------


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kwaliteit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Toon het versienummer.", callback=_version_callback, is_eager=True
        ),
    ] = False,
) -> None:
    """Begeleid een kwaliteitsgesprek over data en maak er een verslag van."""


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Het sessiebestand (standaard: kwaliteitsgesprek-DATUM.toml)."
    ),
]
InstrumentOption = Annotated[
    Path | None,
    typer.Option(
        "--instrument", help="Een eigen vragenset (TOML) in plaats van het standaardinstrument."
    ),
]
ProgressOption = Annotated[
    bool,
    typer.Option("--voortgang", help="Scriptmodus: meld elke opgeslagen stap (op stderr)."),
]


@app.command()
def start(
    output: OutputOption = None,
    instrument: InstrumentOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", help="Scriptmodus: neem alle antwoorden uit dit bestand (zonder terminal)."
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overschrijven", help="Overschrijf een bestaand sessiebestand zonder te vragen."
        ),
    ] = False,
    no_hints: Annotated[
        bool, typer.Option("--zonder-begeleider", help="Laat de tips voor de procesbegeleider weg.")
    ] = False,
    silent_notes: Annotated[
        bool,
        typer.Option(
            "--stille-notities", help="Vraag na een stille vraag om een (vrijwillige) notitie."
        ),
    ] = False,
    follow_up_of: Annotated[
        Path | None,
        typer.Option(
            "--vervolg-op",
            help="Vervolg op een eerder gesprek: de check-in blikt terug op zijn afspraken.",
        ),
    ] = None,
    progress: ProgressOption = False,
) -> None:
    """Start een nieuw gesprek: voorbereiding, check-in, proces-check en check-out."""
    from kwaliteit_cli.session.instrument import load_instrument
    from kwaliteit_cli.session.model import new_session

    inst = load_instrument(instrument)
    source = str(instrument.resolve()) if instrument else ""
    earlier = _load_earlier(follow_up_of) if follow_up_of is not None else None

    def fresh_session() -> Any:
        session = new_session(inst.id, inst.version, source)
        if earlier is not None and follow_up_of is not None:
            from kwaliteit_cli.conversation.flow import start_follow_up

            start_follow_up(session, earlier, follow_up_of.name)
        return session

    if answers is not None:
        from kwaliteit_cli.conversation.answers import load_answers

        prompter = load_answers(answers)
        path = output or _free_default_name()
        with _keeper(path, None, progress) as keeper:
            if path.exists() and not overwrite:
                raise UsageError(texts.EXISTS.format(path=path), hint=texts.EXISTS_HINT)
            session = fresh_session()
            _run(inst, session, prompter, keeper, scripted=True)
            prompter.check_all_used()
            say(texts.COMPLETED.format(path=keeper.path))
        return
    _require_terminal()
    path = output or _free_default_name()
    terminal = _terminal_prompter(no_hints, silent_notes, inst)
    with _keeper(path, terminal, progress) as keeper:
        if path.exists() and not overwrite and not _confirm_overwrite(path):
            raise UsageError(texts.NOT_OVERWRITTEN, hint=texts.EXISTS_HINT)
        session = fresh_session()
        _run(inst, session, terminal, keeper)


@app.command()
def resume(
    file: Annotated[Path, typer.Argument(help="Het sessiebestand van het gesprek.")],
    instrument: InstrumentOption = None,
    no_hints: Annotated[
        bool, typer.Option("--zonder-begeleider", help="Laat de tips voor de procesbegeleider weg.")
    ] = False,
    silent_notes: Annotated[
        bool,
        typer.Option(
            "--stille-notities", help="Vraag na een stille vraag om een (vrijwillige) notitie."
        ),
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Scriptmodus: neem de resterende antwoorden uit dit bestand (zonder terminal).",
        ),
    ] = None,
    progress: ProgressOption = False,
) -> None:
    """Ga verder met een gepauzeerd gesprek, precies bij de vraag waar het stopte."""
    from kwaliteit_cli.session.file import load_session

    prompter: Any = None
    if answers is not None:
        from kwaliteit_cli.conversation.answers import load_answers

        prompter = load_answers(answers)
    with _keeper(file, None, progress) as keeper:
        # Read the file only once it is ours: what another process wrote until then counts.
        session = load_session(file)
        if session.completed:
            raise UsageError(
                texts.ALREADY_COMPLETED.format(path=file),
                hint=texts.ALREADY_COMPLETED_HINT.format(path=file),
            )
        inst = _instrument_for(session, file, instrument)
        if prompter is not None:
            prompter.skip_recorded(inst, session)
            _run(inst, session, prompter, keeper, scripted=True)
            prompter.check_all_used()
            say(texts.COMPLETED.format(path=keeper.path))
            return
        _require_terminal()
        terminal = _terminal_prompter(no_hints, silent_notes, inst)
        keeper.on_failure = terminal.handle_save_failure
        say(texts.RESUMING.format(path=file))
        _run(inst, session, terminal, keeper)


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Sessiebestanden, mappen en patronen (zoals 'sessies/*.toml'); - = standaardinvoer.",
        metavar="paden",
        show_default=False,
    ),
]


FormatOption = Annotated[str, typer.Option("--format", "-f", help="md, html of json.")]


@app.command()
def report(
    paths: PathsArgument,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Schrijf het verslag naar dit bestand.")
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir", "-d", help="Schrijf één verslag per gesprek in deze map (voor velen)."
        ),
    ] = None,
    fmt: FormatOption = "md",
    anonymous: Annotated[
        bool, typer.Option("--anoniem", help="Geen namen: deelnemers verschijnen met hun rol.")
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", help="Een eigen Jinja2-sjabloon voor het verslag (zie docs/verslag.md)."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Met --output-dir: zoveel processen tegelijk (standaard: alle kernen bij "
            "veel gesprekken).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Maak het verslag van een gesprek, met de gezamenlijke vraag voorop; of van vele tegelijk.

    Eén bestand zonder --output-dir: het verslag gaat naar de standaarduitvoer (of --output).
    Met --output-dir: één verslag per gesprek, genoemd naar datum en titel.
    Exitcodes: 0 alles gelukt, 1 een of meer bestanden mislukt, 2 verkeerd aangeroepen.
    """
    from kwaliteit_cli.verslag.report import FORMATS

    if fmt not in FORMATS:
        raise UsageError(f"Onbekend formaat '{fmt}'.", hint="Kies md, html of json.")
    if template is not None and not template.is_file():
        raise UsageError(f"Het sjabloon {template} bestaat niet.", hint="Controleer het pad.")
    if jobs is not None and jobs < 0:
        raise UsageError(
            f"--jobs {jobs} kan niet.", hint="Geef een aantal processen, of 0 voor automatisch."
        )
    if output_dir is None:
        _report_one(_single_input(paths), output, fmt, anonymous, template)
        return
    if output is not None:
        raise UsageError(
            "--output en --output-dir gaan niet samen.",
            hint="Gebruik --output voor één verslag, --output-dir voor een map vol.",
        )
    _report_many(paths, output_dir, fmt, anonymous, template, jobs)


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


def _renderer(fmt: str, anonymous: bool, template: Path | None) -> Any:
    from kwaliteit_cli.verslag.report import ReportOptions, ReportRenderer

    return ReportRenderer(fmt, ReportOptions(anonymous=anonymous), template)


def _report_one(
    file: str, output: Path | None, fmt: str, anonymous: bool, template: Path | None
) -> None:
    from kwaliteit_cli.session.file import load_session

    session = load_session(Path(file))
    inst = _instrument_for(session, Path(file), None)
    text = _renderer(fmt, anonymous, template)(session, inst)
    if output is None:
        write_data(text)
        return
    from kwaliteit_cli.session.file import write_text_atomic

    write_text_atomic(output, text)
    say(f"Verslag geschreven naar {output}.")


def _report_many(
    paths: list[str],
    folder: Path,
    fmt: str,
    anonymous: bool,
    template: Path | None,
    jobs: int | None = None,
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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"De map {folder} kan niet gemaakt worden ({exc.strerror}).",
            hint="Kies een map waarin je mag schrijven.",
        ) from None
    found = find_session_files(paths)
    progress = Progress(len(found.files))
    failed = 0
    for problem in found.problems:
        progress.tell_problem(problem)
        failed += 1
    written = 0
    render = _renderer(fmt, anonymous, template)
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
    say(_summary(written, failed, f"{'verslag' if written == 1 else 'verslagen'} in {folder}"))
    if failed:
        raise SystemExit(EXIT_FAILED)


@app.command()
def overzicht(
    paths: PathsArgument,
    fmt: FormatOption = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Schrijf het overzicht naar dit bestand.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--van", help="Alleen gesprekken vanaf deze datum.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--tot", help="Alleen gesprekken tot en met deze datum.")
    ] = None,
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnerschap", help="Alleen gesprekken van dit partnerschap of deze school."
        ),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            "--peildatum", help="Welke afspraken over tijd zijn, gezien vanaf deze datum."
        ),
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anoniem", help="Geen namen: wie een afspraak heeft, staat als rol.")
    ] = False,
) -> None:
    """Overzicht van vele gesprekken: alle vragen en alle afspraken, die over tijd voorop.

    Exitcodes: 0 alles gelukt, 1 een of meer bestanden mislukt (de rest staat in het
    overzicht), 2 verkeerd aangeroepen.
    """
    from kwaliteit_cli.verslag.batch import InstrumentCache, Problem, find_session_files, load_each
    from kwaliteit_cli.verslag.overview import OverviewBuilder, OverviewFilter, render_overview

    if fmt not in ("md", "html", "json"):
        raise UsageError(f"Onbekend formaat '{fmt}'.", hint="Kies md, html of json.")
    start, end = _option_date("--van", since), _option_date("--tot", until)
    if start and end and start > end:
        raise UsageError("--van ligt na --tot.", hint="Draai de twee datums om.")
    today = _option_date("--peildatum", reference) or dt.date.today()
    builder = OverviewBuilder(OverviewFilter(start, end, partnership or ""), anonymous=anonymous)
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
        from kwaliteit_cli.session.file import write_chunks_atomic

        write_chunks_atomic(output, chunks)
        say(f"Overzicht geschreven naar {output}.")
    if failed:
        say(_summary(len(overview.sessions), failed, "in het overzicht"))
        raise SystemExit(EXIT_FAILED)


@app.command()
def check(
    paths: PathsArgument,
    fmt: Annotated[str, typer.Option("--format", "-f", help="tekst of json.")] = "tekst",
) -> None:
    """Controleer sessiebestanden: één regel per probleem (bestand, plek, wat er mis is).

    Exitcodes: 0 alles in orde, 1 een of meer problemen, 2 verkeerd aangeroepen.
    """
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
        import json

        document = {
            "format_version": 1,
            "checked": checked,
            "ok": checked - bad,
            "problems": [p.as_dict() for p in problems],
        }
        write_data(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    total = bad + len(found.problems) + len(found.leftovers)
    say(
        f"{checked} {'bestand' if checked == 1 else 'bestanden'} gecontroleerd: "
        + ("alles in orde." if total == 0 else f"{total} met een probleem.")
    )
    if total:
        raise SystemExit(EXIT_FAILED)


# --- helpers -------------------------------------------------------------------------------


def _load_earlier(path: Path) -> Any:
    """The session a follow-up looks back on; its problems stop the start before any question."""
    from kwaliteit_cli.session.file import load_session

    earlier = load_session(path)
    if not earlier.completed:
        say(texts.FOLLOW_UP_NOT_COMPLETED.format(path=path))
    return earlier


class Progress:
    """A progress bar on stderr, only on a terminal and for more than a handful of files.

    Scripts and pipes get nothing extra. Problems and data lines are printed through it, so
    the bar is cleared first and redrawn after.
    """

    HANDFUL = 5

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.shown = total > self.HANDFUL and sys.stderr.isatty()
        self.plain = os.environ.get("TERM") == "dumb"
        self.last_draw = 0.0

    def _clear(self) -> None:
        if self.shown:
            width = self._width()
            sys.stderr.write("\r" + (" " * width if self.plain else "\x1b[2K") + "\r")
            sys.stderr.flush()

    def _width(self) -> int:
        import shutil

        return max(20, min(shutil.get_terminal_size((80, 24)).columns, 100) - 1)

    def _draw(self) -> None:
        width = self._width()
        counter = f" {self.done}/{self.total}"
        room = max(10, width - len(counter) - 2)
        filled = room * self.done // max(1, self.total)
        sys.stderr.write("\r[" + "#" * filled + "." * (room - filled) + "]" + counter)
        sys.stderr.flush()

    def step(self) -> None:
        self.done += 1
        if not self.shown:
            return
        import time

        moment = time.monotonic()
        if moment - self.last_draw >= 0.1 or self.done == self.total:
            self.last_draw = moment
            self._draw()

    def tell_problem(self, problem: Any) -> None:
        self._clear()
        say(f"Fout: {problem.line()}")
        if problem.hint:
            say(f"  {problem.hint}")
        if self.shown and self.done:
            self._draw()

    def write_line(self, line: str) -> None:
        """A line of data (stdout), without tearing the bar on stderr."""
        self._clear()
        write_data(line + "\n")
        if self.shown and self.done:
            self._draw()

    def finish(self) -> None:
        self._clear()


def _summary(done: int, failed: int, what: str) -> str:
    text = f"{done} {what}"
    if failed:
        text += f"; {failed} {'bestand' if failed == 1 else 'bestanden'} mislukt (zie hierboven)"
    return text + "."


def _option_date(option: str, value: str | None) -> dt.date | None:
    if value is None or not value.strip():
        return None
    from kwaliteit_cli.conversation.flow import parse_date

    day = parse_date(value)
    if day is None:
        raise UsageError(
            f"{option} '{value}' is geen datum.", hint="Schrijf een datum als 2026-11-28."
        )
    return day


def _require_terminal() -> None:
    if not sys.stdin.isatty():
        raise UsageError(texts.NO_TERMINAL, hint=texts.NO_TERMINAL_HINT)


def _free_default_name() -> Path:
    base = f"kwaliteitsgesprek-{dt.date.today().isoformat()}"
    path = Path(f"{base}.toml")
    number = 2
    while path.exists():
        path = Path(f"{base}-{number}.toml")
        number += 1
    return path


def _confirm_overwrite(path: Path) -> bool:
    import questionary

    answer = questionary.confirm(
        texts.OVERWRITE_QUESTION.format(path=path), default=False
    ).unsafe_ask()
    return bool(answer)


def _instrument_for(session: Any, file: Path, override: Path | None) -> Any:
    from kwaliteit_cli.session.instrument import load_instrument

    source = override or (Path(session.instrument_source) if session.instrument_source else None)
    inst = load_instrument(source)
    if inst.id != session.instrument_id:
        raise SessionFileError(
            file,
            f"hoort bij instrument '{session.instrument_id}', niet bij '{inst.id}'",
            where="instrument.id",
            hint="Geef het juiste instrument met --instrument.",
        )
    return inst


def _terminal_prompter(no_hints: bool, silent_notes: bool, inst: Any) -> Any:
    from kwaliteit_cli.conversation.terminal import TerminalPrompter

    return TerminalPrompter(
        show_hints=not no_hints,
        silent_notes=silent_notes,
        phase_titles=tuple(p.title for p in inst.phases),
    )


def _keeper(path: Path, terminal: Any, progress: bool) -> Any:
    """The SessionKeeper for ``path``: asks the terminal when saving fails, or stops at once."""
    from kwaliteit_cli.conversation.saving import SessionKeeper, stop_at_once

    def report_progress(number: int, session: Any) -> None:
        position = session.position
        where = (
            "afgerond"
            if position is None
            else " · ".join(
                str(part)
                for part in (position.phase, position.round or "", position.step)
                if part != ""
            )
        )
        say(texts.PROGRESS.format(n=number, where=where))

    return SessionKeeper(
        path,
        terminal.handle_save_failure if terminal is not None else stop_at_once,
        progress=report_progress if progress else None,
        notice=say,
        last_resort=write_data,
    )


def _run(inst: Any, session: Any, prompter: Any, keeper: Any, *, scripted: bool = False) -> None:
    from kwaliteit_cli.conversation.loop import PositionError, run_conversation

    try:
        run_conversation(inst, session, prompter, keeper)
        keeper.finish(session)
    except KeyboardInterrupt:
        say()
        if keeper.unsaved:
            say(texts.STOPPED_UNSAVED.format(path=keeper.path))
            copy = keeper.rescue(session)
            if copy is None:
                say(texts.EMERGENCY_NOWHERE)
            else:
                say(texts.EMERGENCY_COPY.format(path=copy))
                say(texts.HOW_TO_RESUME.format(path=copy))
        else:
            say(texts.SAVED_AND_STOPPED.format(path=keeper.path))
            if session.draft:
                say(texts.DRAFT_KEPT)
            say(texts.HOW_TO_RESUME.format(path=keeper.path))
        raise SystemExit(EXIT_INTERRUPTED) from None
    except PositionError:
        raise SessionFileError(
            keeper.path,
            "de opgeslagen positie past niet bij dit instrument",
            where="position",
            hint="Geef het instrument waarmee het gesprek begon met --instrument.",
        ) from None
    if not scripted:
        say(texts.COMPLETED.format(path=keeper.path))
        say(texts.HOW_TO_REPORT.format(path=keeper.path))


# --- the one exit point ----------------------------------------------------------------------

_CLICK_MESSAGES = (
    ("No such option: ", "Onbekende optie: "),
    ("No such command ", "Onbekend commando "),
    ("Missing argument ", "Er ontbreekt een argument: "),
    ("Missing option ", "Er ontbreekt een optie: "),
    ("Missing parameter ", "Er ontbreekt een waarde: "),
    ("Invalid value for ", "Ongeldige waarde voor "),
    ("Got unexpected extra argument", "Onverwacht extra argument"),
    ("Got unexpected extra arguments", "Onverwachte extra argumenten"),
    ("requires an argument", "heeft een waarde nodig"),
    ("Option ", "Optie "),
    ("Did you mean", "Bedoel je"),
    ("is not a valid integer", "is geen geheel getal"),
    ("is not one of", "is niet een van"),
)


def _translate(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """The framework's English in Dutch (its words are fixed; its catalogue has no Dutch)."""
    for english, dutch in pairs:
        text = text.replace(english, dutch)
    return text


def _dutch_usage(message: str) -> str:
    return _translate(message, _CLICK_MESSAGES)


_HELP_WORDS = (
    ("Usage:", "Gebruik:"),
    ("Options:", "Opties:"),
    ("Commands:", "Commando's:"),
    ("Arguments:", "Argumenten:"),
    ("Show this message and exit.", "Toon deze hulp en stop."),
    ("[default: ", "[standaard: "),
    ("[required]", "[verplicht]"),
    ("[OPTIONS]", "[OPTIES]"),
    ("COMMAND [ARGS]...", "COMMANDO [ARGUMENTEN]..."),
    ("<path>", "<pad>"),
    ("<str>", "<tekst>"),
    ("<int>", "<getal>"),
)


def _dutch_help(text: str) -> str:
    return _translate(text, _HELP_WORDS)


class _DutchContext(typer.Context):
    """Help pages in Dutch: the framework's own headings are English."""

    def get_help(self) -> str:
        return _dutch_help(super().get_help())


def _use_dutch_help(command: Any) -> None:
    command.context_class = _DutchContext
    for sub in getattr(command, "commands", {}).values():
        _use_dutch_help(sub)


_ROOT_HELP = ("-h", "--help")


def _command_for(args: list[str]) -> Any:
    """The click command for this call, with only the commands it needs fully built.

    Typer turns every option of every command into a click parameter before anything runs,
    about 0.4 ms a command. A call of one command gets an app with just that command; the
    overview (``kwaliteit``, ``kwaliteit --help``) gets the commands by name and help text
    only, which is all it shows. Anything else (an unknown command or option) gets the whole
    app, so click's own messages stay as they are. tests/test_startup.py checks that both
    give exactly the help of the whole app.
    """
    infos = {_command_name(info): info for info in app.registered_commands}
    chosen = list(app.registered_commands)
    for arg in args:
        if arg in _ROOT_HELP:
            chosen = [_listing_only(info) for info in chosen]
            break
        if arg.startswith("-"):
            break  # not an option of the top level: the whole app says so
        if arg in infos:
            chosen = [infos[arg]]
        break
    if chosen == app.registered_commands:
        return typer.main.get_command(app)
    part = typer.Typer(**_APP_SETTINGS)
    part.registered_callback = app.registered_callback
    part.registered_commands = chosen
    return typer.main.get_command(part)


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _listing_only(info: Any) -> Any:
    """A command as the overview shows it: its name and help, without its options."""
    from typer.models import CommandInfo

    def listed() -> None:
        """Never runs: only its name and help are shown."""

    listed.__doc__ = info.help or info.callback.__doc__
    return CommandInfo(
        name=_command_name(info), callback=listed, short_help=info.short_help, hidden=info.hidden
    )


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every known error becomes one Dutch message and an exit code."""
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        typer.echo(f"kwaliteit {__version__}")  # as the option does, without building commands
        return
    command = _command_for(sys.argv[1:] if argv is None else argv)
    _use_dutch_help(command)
    try:
        code = command.main(args=argv, prog_name="kwaliteit", standalone_mode=False)
        if code == EXIT_INTERRUPTED:
            # Typer turns Ctrl-C inside a command into Exit(130), which it returns here.
            raise KeyboardInterrupt
    except KwaliteitError as error:
        fail(error)
    except KeyboardInterrupt:
        say()
        say("Afgebroken.")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as error:  # click's own usage errors, and anything unforeseen
        exit_code = getattr(error, "exit_code", None)
        if hasattr(error, "format_message") and exit_code is not None:
            if exit_code == 0:
                raise SystemExit(0) from None
            if type(error).__name__ == "NoArgsIsHelpError":  # plain 'kwaliteit': show the help
                say(_dutch_help(error.format_message()))
                raise SystemExit(EXIT_USAGE) from None
            say(f"Fout: {_dutch_usage(error.format_message())}")
            say("Zie 'kwaliteit --help' of 'kwaliteit COMMANDO --help'.")
            raise SystemExit(EXIT_USAGE) from None
        if type(error).__name__ == "Abort":
            say("Afgebroken.")
            raise SystemExit(EXIT_INTERRUPTED) from None
        if DEBUG:
            raise
        say(f"Fout: er ging iets onverwachts mis ({type(error).__name__}: {error}).")
        say(
            "Je opgeslagen antwoorden zijn veilig. Draai opnieuw met KWALITEIT_DEBUG=1 "
            "voor details en meld het probleem."
        )
        raise SystemExit(1) from None
