"""The command line: parse options, call the library, and print. The one place that prints.

Heavy libraries (questionary, prompt_toolkit, jinja2) are imported inside the commands that
need them, so ``kwaliteit --help`` and ``--version`` start fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from kwaliteit_cli import __version__, texts
from kwaliteit_cli.errors import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    KwaliteitError,
    SessionFileError,
    UsageError,
)

app = typer.Typer(
    name="kwaliteit",
    help="Begeleid een kwaliteitsgesprek over data en maak er een verslag van.",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEBUG = os.environ.get("KWALITEIT_DEBUG") == "1"


# --- the one place that prints ---------------------------------------------------------------


def say(message: str = "") -> None:
    """A message for the person (stderr, so stdout stays clean for data)."""
    typer.echo(message, err=True)


def write_data(text: str) -> None:
    sys.stdout.write(text)
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
) -> None:
    """Start een nieuw gesprek: voorbereiding, check-in, proces-check en check-out."""
    from kwaliteit_cli.instrument import load_instrument
    from kwaliteit_cli.session import new_session

    inst = load_instrument(instrument)
    source = str(instrument.resolve()) if instrument else ""
    earlier = _load_earlier(follow_up_of) if follow_up_of is not None else None

    def fresh_session() -> Any:
        session = new_session(inst.id, inst.version, source)
        if earlier is not None and follow_up_of is not None:
            from kwaliteit_cli.flow import start_follow_up

            start_follow_up(session, earlier, follow_up_of.name)
        return session

    if answers is not None:
        from kwaliteit_cli.answers import load_answers

        prompter = load_answers(answers)
        path = output or _free_default_name()
        if path.exists() and not overwrite:
            raise UsageError(texts.EXISTS.format(path=path), hint=texts.EXISTS_HINT)
        session = fresh_session()
        _run(inst, session, prompter, path, scripted=True)
        prompter.check_all_used()
        say(texts.COMPLETED.format(path=path))
        return
    _require_terminal()
    path = output or _free_default_name()
    if path.exists() and not overwrite and not _confirm_overwrite(path):
        raise UsageError(texts.NOT_OVERWRITTEN, hint=texts.EXISTS_HINT)
    session = fresh_session()
    _run(inst, session, _terminal_prompter(no_hints, silent_notes, inst), path)


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
) -> None:
    """Ga verder met een gepauzeerd gesprek, precies bij de vraag waar het stopte."""
    from kwaliteit_cli.sessionfile import load_session

    session = load_session(file)
    if session.completed:
        raise UsageError(
            texts.ALREADY_COMPLETED.format(path=file),
            hint=texts.ALREADY_COMPLETED_HINT.format(path=file),
        )
    inst = _instrument_for(session, file, instrument)
    _require_terminal()
    say(texts.RESUMING.format(path=file))
    _run(inst, session, _terminal_prompter(no_hints, silent_notes, inst), file)


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="Het sessiebestand.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Schrijf het verslag naar dit bestand.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html of json.")] = "md",
    anonymous: Annotated[
        bool, typer.Option("--anoniem", help="Geen namen: deelnemers verschijnen met hun rol.")
    ] = False,
    template: Annotated[
        Path | None, typer.Option("--template", help="Een eigen Jinja2-sjabloon voor het verslag.")
    ] = None,
) -> None:
    """Maak het verslag van een gesprek, met de gezamenlijke vraag voorop."""
    from kwaliteit_cli.report import FORMATS, ReportOptions, build_context, render_report
    from kwaliteit_cli.sessionfile import load_session

    if fmt not in FORMATS:
        raise UsageError(f"Onbekend formaat '{fmt}'.", hint="Kies md, html of json.")
    if template is not None and not template.is_file():
        raise UsageError(f"Het sjabloon {template} bestaat niet.", hint="Controleer het pad.")
    session = load_session(file)
    inst = _instrument_for(session, file, None)
    context = build_context(session, inst, ReportOptions(anonymous=anonymous))
    text = render_report(context, fmt, template)
    if output is None:
        write_data(text)
        return
    from kwaliteit_cli.sessionfile import write_text_atomic

    write_text_atomic(output, text)
    say(f"Verslag geschreven naar {output}.")


# --- helpers -------------------------------------------------------------------------------


def _load_earlier(path: Path) -> Any:
    """The session a follow-up looks back on; its problems stop the start before any question."""
    from kwaliteit_cli.sessionfile import load_session

    earlier = load_session(path)
    if not earlier.completed:
        say(texts.FOLLOW_UP_NOT_COMPLETED.format(path=path))
    return earlier


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
    from kwaliteit_cli.instrument import load_instrument

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
    from kwaliteit_cli.terminal import TerminalPrompter

    return TerminalPrompter(
        show_hints=not no_hints,
        silent_notes=silent_notes,
        phase_titles=tuple(p.title for p in inst.phases),
    )


def _run(inst: Any, session: Any, prompter: Any, path: Path, *, scripted: bool = False) -> None:
    from kwaliteit_cli.conversation import PositionError, run_conversation
    from kwaliteit_cli.sessionfile import save_session

    def save(current: Any) -> None:
        save_session(current, path)

    try:
        run_conversation(inst, session, prompter, save)
    except KeyboardInterrupt:
        say()
        say(texts.SAVED_AND_STOPPED.format(path=path))
        say(texts.HOW_TO_RESUME.format(path=path))
        raise SystemExit(EXIT_INTERRUPTED) from None
    except PositionError:
        raise SessionFileError(
            path,
            "de opgeslagen positie past niet bij dit instrument",
            where="position",
            hint="Geef het instrument waarmee het gesprek begon met --instrument.",
        ) from None
    if not scripted:
        say(texts.COMPLETED.format(path=path))
        say(texts.HOW_TO_REPORT.format(path=path))


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


def _dutch_usage(message: str) -> str:
    for english, dutch in _CLICK_MESSAGES:
        message = message.replace(english, dutch)
    return message


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every known error becomes one Dutch message and an exit code."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="kwaliteit", standalone_mode=False)
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
