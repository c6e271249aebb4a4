"""The command line: the commands, their options and help, and the one exit point.

Each command's work lives in ``kwaliteit_cli/commands/``, imported when the command runs, so
``kwaliteit --help`` and ``--version`` load neither questionary nor Jinja2.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kwaliteit_cli import __version__
from kwaliteit_cli.dutch import dutch_help, dutch_usage, use_dutch_help
from kwaliteit_cli.errors import EXIT_INTERRUPTED, EXIT_USAGE, KwaliteitError
from kwaliteit_cli.output import fail, say

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
NoTipsOption = Annotated[
    bool, typer.Option("--zonder-tips", help="Laat de tips voor de procesbegeleider weg.")
]
# The old name, which read as "without a procesbegeleider": still works, no longer shown.
OldNoTipsOption = Annotated[bool, typer.Option("--zonder-begeleider", hidden=True)]
RoomOption = Annotated[
    Path | None,
    typer.Option(
        "--scherm",
        help="Houd het scherm voor de zaal bij in dit HTML-bestand (zie kwaliteit scherm).",
    ),
]
NamesOption = Annotated[
    bool,
    typer.Option(
        "--namen", help="Zet op het scherm voor de zaal ook de naam van wie aan de beurt is."
    ),
]
ParticipantsOption = Annotated[
    bool,
    typer.Option(
        "--deelnemers",
        help="Deelnemers doen mee op hun eigen telefoon, via deze laptop (zie docs/deelnemers.md).",
    ),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--adres",
        help="Met --deelnemers: het netwerkadres of de netwerkkaart voor de telefoons.",
        show_default=False,
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
    no_hints: NoTipsOption = False,
    old_no_hints: OldNoTipsOption = False,
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
    room: RoomOption = None,
    names: NamesOption = False,
    participants: ParticipantsOption = False,
    address: AddressOption = None,
) -> None:
    """Start een nieuw gesprek: voorbereiding, check-in, proces-check en check-out."""
    from kwaliteit_cli.commands.start import start as run

    run(
        output,
        instrument,
        answers,
        overwrite,
        no_hints or old_no_hints,
        silent_notes,
        follow_up_of,
        progress,
        room=room,
        names=names,
        participants=participants,
        address=address,
    )


@app.command()
def resume(
    file: Annotated[Path, typer.Argument(help="Het sessiebestand van het gesprek.")],
    instrument: InstrumentOption = None,
    no_hints: NoTipsOption = False,
    old_no_hints: OldNoTipsOption = False,
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
    room: RoomOption = None,
    names: NamesOption = False,
    participants: ParticipantsOption = False,
    address: AddressOption = None,
) -> None:
    """Ga verder met een gepauzeerd gesprek, precies bij de vraag waar het stopte."""
    from kwaliteit_cli.commands.start import resume as run

    run(
        file,
        instrument,
        no_hints or old_no_hints,
        silent_notes,
        answers,
        progress,
        room=room,
        names=names,
        participants=participants,
        address=address,
    )


@app.command()
def scherm(
    file: Annotated[Path, typer.Argument(help="Het sessiebestand van het gesprek.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="De pagina voor de zaal (een .html-bestand).")
    ],
    follow: Annotated[
        bool,
        typer.Option(
            "--volg", help="Houd de pagina bij zolang het gesprek loopt (stoppen met Ctrl-C)."
        ),
    ] = False,
    names: NamesOption = False,
    instrument: InstrumentOption = None,
) -> None:
    """Het scherm voor de zaal: de gezamenlijke vraag groot in beeld, voor een beamer.

    Eén HTML-pagina die zichzelf ververst, zonder server of internet: open hem in een
    browser op volledig scherm. Antwoorden staan er nooit op, namen alleen met --namen.
    """
    from kwaliteit_cli.commands.scherm import scherm as run

    run(file, output, follow, names, instrument)


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
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, docx of json (standaard: volgens de naam achter -o, anders md).",
            show_default=False,
        ),
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anoniem", help="Geen namen: deelnemers verschijnen met hun rol.")
    ] = False,
    short: Annotated[
        bool,
        typer.Option(
            "--kort", help="Alleen besluiten en afspraken: zonder verloop, niemand geciteerd."
        ),
    ] = False,
    house_style: Annotated[
        Path | None,
        typer.Option(
            "--huisstijl",
            help="Word: neem opmaak, kop- en voettekst en logo over uit dit .docx-bestand.",
        ),
    ] = None,
    neutral: Annotated[
        bool,
        typer.Option(
            "--neutraal",
            help="Anoniem met genummerde deelnemers ('deelnemer 3') in plaats van hun rol: "
            "in een kleine groep is een rol die één keer voorkomt ook een naam.",
        ),
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
    from kwaliteit_cli.commands.report import report as run

    run(
        paths,
        output,
        output_dir,
        fmt,
        anonymous,
        template,
        jobs,
        short,
        house_style,
        neutral=neutral,
    )


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
        bool,
        typer.Option("--anoniem", help="Geen namen: wie een afspraak heeft, staat als rol."),
    ] = False,
    neutral: Annotated[
        bool,
        typer.Option(
            "--neutraal",
            help="Anoniem met genummerde deelnemers ('deelnemer 3') in plaats van hun rol: "
            "in een kleine groep is een rol die één keer voorkomt ook een naam.",
        ),
    ] = False,
) -> None:
    """Overzicht van vele gesprekken: alle vragen en alle afspraken, die over tijd voorop.

    Exitcodes: 0 alles gelukt, 1 een of meer bestanden mislukt (de rest staat in het
    overzicht), 2 verkeerd aangeroepen.
    """
    from kwaliteit_cli.commands.overzicht import overzicht as run

    run(paths, fmt, output, since, until, partnership, reference, anonymous, neutral=neutral)


@app.command()
def bewerk(
    file: Annotated[Path, typer.Argument(help="Het sessiebestand van een afgerond gesprek.")],
    changes: Annotated[
        list[str] | None,
        typer.Option(
            "--zet",
            help="Zonder vragen: zet SLEUTEL op TEKST (mag vaker). Sleutels: zie --lijst.",
            metavar="SLEUTEL=TEKST",
            show_default=False,
        ),
    ] = None,
    listing: Annotated[
        bool, typer.Option("--lijst", help="Toon alles wat je kunt aanpassen, met de sleutel.")
    ] = False,
) -> None:
    """Verbeter een afgerond gesprek: kies een onderdeel, pas de tekst aan, bewaar.

    Het sessiebestand houdt bij wat er na het gesprek is aangepast, en wanneer.
    """
    from kwaliteit_cli.commands.minutes import bewerk as run

    run(file, changes or [], listing)


@app.command()
def vaststellen(
    file: Annotated[Path, typer.Argument(help="Het sessiebestand van een afgerond gesprek.")],
    by: Annotated[str, typer.Option("--door", help="Wie het verslag vaststelt (naam of overleg).")],
    date: Annotated[
        str | None,
        typer.Option(
            "--datum", help="Datum van vaststelling (standaard: vandaag).", show_default=False
        ),
    ] = None,
) -> None:
    """Leg vast dat het verslag is goedgekeurd; tot dan staat er 'concept' boven."""
    from kwaliteit_cli.commands.minutes import vaststellen as run

    run(file, by, date)


@app.command()
def check(
    paths: PathsArgument,
    fmt: Annotated[str, typer.Option("--format", "-f", help="tekst of json.")] = "tekst",
) -> None:
    """Controleer sessiebestanden: één regel per probleem (bestand, plek, wat er mis is).

    Exitcodes: 0 alles in orde, 1 een of meer problemen, 2 verkeerd aangeroepen.
    """
    from kwaliteit_cli.commands.check import check as run

    run(paths, fmt)


participants_app = typer.Typer(
    name="deelnemers",
    help="Meedoen met de eigen telefoon: vooraf testen of het netwerk werkt.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(participants_app)


@participants_app.command("test")
def participants_test(
    address: Annotated[
        str | None,
        typer.Option(
            "--adres",
            help="Het netwerkadres of de netwerkkaart voor de telefoons.",
            show_default=False,
        ),
    ] = None,
    wait: Annotated[
        int, typer.Option("--wacht", help="Hoeveel seconden wachten op een telefoon.")
    ] = 300,
) -> None:
    """Toon een testpagina en meld wanneer een telefoon hem bereikt.

    Exitcodes: 0 een telefoon kwam binnen, 1 geen telefoon, 2 verkeerd aangeroepen.
    """
    from kwaliteit_cli.commands.deelnemers import test as run

    run(address, wait)


# --- the one exit point ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every known error becomes one Dutch message and an exit code."""
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        typer.echo(f"kwaliteit {__version__}")  # as the option does, without building commands
        return
    command = typer.main.get_command(app)
    use_dutch_help(command)
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
                say(dutch_help(error.format_message()))
                raise SystemExit(EXIT_USAGE) from None
            say(f"Fout: {dutch_usage(error.format_message())}")
            say("Zie 'kwaliteit --help' of 'kwaliteit COMMANDO --help'.")
            raise SystemExit(EXIT_USAGE) from None
        if type(error).__name__ == "Abort":
            say("Afgebroken.")
            raise SystemExit(EXIT_INTERRUPTED) from None
        if DEBUG:
            raise
        say(f"Fout: er ging iets onverwachts mis ({type(error).__name__}: {error}).")
        say(
            "Wat eerder is opgeslagen, staat nog in het sessiebestand. Draai opnieuw met "
            "KWALITEIT_DEBUG=1 voor details en meld het probleem."
        )
        raise SystemExit(1) from None
