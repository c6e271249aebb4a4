"""Read a TOML file for one of the loaders, turning every way it can fail into a FileProblem."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from kwaliteit_cli.errors import FileProblem

# Session files, instruments and answers files are small; a file this large is not one of them.
MAX_BYTES = 10 * 1024 * 1024

_LINE_COL = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_text(path: Path, error: type[FileProblem], *, stdin_name: str = "-") -> str:
    """Return the file's text (UTF-8, BOM tolerated) or raise ``error``."""
    if str(path) == stdin_name:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
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
            raise error(path, f"kan niet gelezen worden ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise error(
            path,
            "is te groot (meer dan 10 MB)",
            hint="Dit is vermoedelijk niet het juiste bestand.",
        )
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
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE_COL.search(message)
        where = f"regel {match.group(1)}, kolom {match.group(2)}" if match else ""
        detail = _LINE_COL.sub("", message).strip()
        raise error(
            path,
            f"is geen geldige TOML ({detail})",
            where=where,
            hint="Herstel het bestand op die plek, of zet een reservekopie terug.",
        ) from None
    except RecursionError:
        raise error(path, "is te diep genest om te lezen") from None


def load_toml(path: Path, error: type[FileProblem]) -> dict[str, Any]:
    """Read and parse a TOML file; every failure is an ``error`` with the file name."""
    return parse_toml(read_text(path, error), path, error)
