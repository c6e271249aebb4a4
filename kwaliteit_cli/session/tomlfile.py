"""Read a TOML file for one of the loaders, turning every way it can fail into a FileProblem."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import tomli

from kwaliteit_cli.errors import FileProblem

# Instruments and answers files are written by hand and small; a file this large is not one.
MAX_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024

_LINE_COL = re.compile(r"\(at line (\d+), column (\d+)\)")

# The parser's own English messages, by how they start, in the words of this tool.
_TOML_PROBLEMS = (
    ("Cannot overwrite a value", "een sleutel krijgt twee keer een waarde"),
    ("Cannot declare", "een tabel staat er twee keer in"),
    ("Cannot redefine namespace", "een tabel staat er twee keer in"),
    ("Cannot mutate immutable namespace", "een vaste tabel wordt later aangevuld"),
    ("Duplicate inline table key", "een sleutel staat twee keer in dezelfde tabel"),
    ("Escaped character is not a Unicode scalar value", "een \\u-code is geen geldig teken"),
    ("Expected '=' after a key", "na een sleutel hoort een ="),
    ("Expected ']]'", "er ontbreekt ]] aan het eind van de kop"),
    ("Expected ']'", "er ontbreekt ] aan het eind van de kop"),
    ("Expected newline", "na een waarde hoort een nieuwe regel"),
    ("Expected", "er ontbreekt een teken"),
    ("Found invalid character", "er staat een ongeldig teken"),
    ("Illegal character", "er staat een ongeldig teken"),
    ("Invalid date or datetime", "een ongeldige datum of tijd"),
    ("Invalid hex value", "een ongeldige \\u-code"),
    ("Invalid initial character for a key part", "een sleutel begint met een ongeldig teken"),
    ("Invalid statement", "deze regel is geen sleutel = waarde en geen [kop]"),
    ("Invalid value", "een ongeldige waarde; tekst hoort tussen aanhalingstekens"),
    ("Unclosed array", "een lijst wordt niet gesloten met ]"),
    ("Unclosed inline table", "een tabel wordt niet gesloten met }"),
    ("Unescaped '\\' in a string", "een losse \\ in tekst; schrijf \\\\"),
    ("Unterminated string", "een tekst wordt niet afgesloten met een aanhalingsteken"),
)


def _dutch_problem(message: str) -> str:
    for english, dutch in _TOML_PROBLEMS:
        if message.startswith(english):
            return dutch
    return message


def read_text(
    path: Path, error: type[FileProblem], *, stdin_name: str = "-", max_bytes: int = MAX_BYTES
) -> str:
    """Return the file's text (UTF-8, BOM tolerated) or raise ``error``."""
    if str(path) == stdin_name:
        raw = sys.stdin.buffer.read(max_bytes + 1)
    else:
        if "\x00" in str(path):  # no file system allows it; open() would raise ValueError
            raise error(path, "is geen geldige bestandsnaam", hint="Controleer het pad.")
        try:
            with path.open("rb") as handle:
                # Refuse a huge file before reading it; the read limit below still guards
                # pipes and devices, whose size is not known in advance.
                if os.fstat(handle.fileno()).st_size > max_bytes:
                    raise _too_large(path, error, max_bytes)
                raw = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise error(path, "bestaat niet", hint="Controleer de naam en de map.") from None
        except (IsADirectoryError, PermissionError):
            # Asked only now, not before every read: Windows says PermissionError for a folder.
            if path.is_dir():
                raise error(
                    path, "dit is een map, geen bestand", hint="Geef het pad van een .toml-bestand."
                ) from None
            raise error(
                path, "geen toestemming om te lezen", hint="Controleer de rechten van het bestand."
            ) from None
        except OSError as exc:
            raise error(path, f"kan niet gelezen worden ({_os_reason(exc)})") from None
    return decode_text(raw, path, error, max_bytes)


def _too_large(path: Path, error: type[FileProblem], max_bytes: int) -> FileProblem:
    return error(
        path,
        f"is te groot (meer dan {max_bytes // MEGABYTE} MB)",
        hint="Dit is vermoedelijk niet het juiste bestand.",
    )


def decode_text(
    raw: bytes, path: Path, error: type[FileProblem], max_bytes: int = MAX_BYTES
) -> str:
    """Turn a file's bytes into text: UTF-8 only, a BOM tolerated, binary data refused."""
    if len(raw) > max_bytes:
        raise _too_large(path, error, max_bytes)
    if b"\x00" in raw:
        raise error(
            path, "is geen tekstbestand (bevat binaire gegevens)", hint="Geef een .toml-bestand."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            path,
            "is geen geldige UTF-8-tekst",
            where=f"regel {line}",
            hint="Sla het bestand op als UTF-8.",
        ) from None
    return text.removeprefix("\ufeff")


def parse_toml(text: str, path: Path, error: type[FileProblem]) -> dict[str, Any]:
    """Parse TOML text, naming the line and column of a syntax error in Dutch."""
    if not text.strip():
        raise error(path, "is leeg", hint="Geef een bestand met inhoud.")
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE_COL.search(message)
        where = f"regel {match.group(1)}, kolom {match.group(2)}" if match else ""
        if "(at end of document)" in message:
            where = "aan het eind van het bestand"
        detail = _dutch_problem(_LINE_COL.sub("", message).replace("(at end of document)", ""))
        raise error(
            path,
            f"is geen geldige TOML: {detail.strip()}",
            where=where,
            hint="Herstel het bestand op die plek, of zet een reservekopie terug.",
        ) from None
    except ValueError:  # Python refuses to convert an integer of more than 4300 digits
        raise error(
            path,
            "bevat een getal met te veel cijfers",
            hint="Controleer de getallen in het bestand.",
        ) from None
    except RecursionError:
        raise error(path, "is te diep genest om te lezen") from None


def load_toml(path: Path, error: type[FileProblem]) -> dict[str, Any]:
    """Read and parse a TOML file; every failure is an ``error`` with the file name."""
    return parse_toml(read_text(path, error), path, error)


def _os_reason(exc: OSError) -> str:
    """Why, in Dutch (imported only when something went wrong)."""
    from kwaliteit_cli.dutch_input import os_reason

    return os_reason(exc)
