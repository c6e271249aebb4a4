"""The framework's English in Dutch: usage errors and help pages (click has no Dutch catalogue)."""

from __future__ import annotations

import re
from typing import Any

import typer

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


def dutch_usage(message: str) -> str:
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


def dutch_help(text: str) -> str:
    # Typer puts a required argument in braces ({BESTAND}); a usage line says it plainly.
    return re.sub(r"\{([A-Z][A-Z.]*)\}", r"\1", _translate(text, _HELP_WORDS))


class _DutchContext(typer.Context):
    """Help pages in Dutch: the framework's own headings are English."""

    def get_help(self) -> str:
        return dutch_help(super().get_help())


# Dutch placeholders set on the parameters themselves, so the help's columns are measured with
# the words that are shown (a translation after the layout would shift them).
_METAVARS = {"TyperPath": "PAD", "Path": "PAD", "IntParamType": "GETAL", "StringParamType": "TEKST"}
_ARGUMENTS = {"paths": "PADEN...", "file": "BESTAND", "paden": "PADEN..."}


def use_dutch_help(command: Any) -> None:
    command.context_class = _DutchContext
    for param in getattr(command, "params", []):
        if type(param).__name__ == "TyperArgument":
            param.metavar = _ARGUMENTS.get(param.name, (param.name or "").upper())
        elif param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _METAVARS.get(type(param.type).__name__, param.metavar)
            if param.metavar == "TEKST" and "datum" in (getattr(param, "help", "") or ""):
                param.metavar = "DATUM"
    for sub in getattr(command, "commands", {}).values():
        use_dutch_help(sub)
