"""What several commands share: the instrument a session belongs to, dates given as options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kwaliteit_cli.errors import UsageError


def instrument_for(session: Any, file: Path, override: Path | None) -> Any:
    """The instrument ``session`` began with (its version of the default, or its own file)."""
    from kwaliteit_cli.session.instrument import check_belongs, load_session_instrument

    inst = load_session_instrument(session.instrument_source, session.instrument_version, override)
    return check_belongs(inst, session.instrument_id, file)


def option_date(option: str, value: str | None) -> dt.date | None:
    if value is None or not value.strip():
        return None
    from kwaliteit_cli.conversation.replies import parse_date

    day = parse_date(value)
    if day is None:
        raise UsageError(
            f"{option} '{value}' is geen datum.", hint="Schrijf een datum als 2026-11-28."
        )
    return day


def write_output(output: Path, chunks: Iterable[str]) -> None:
    """Write a report or overview to ``--output``: atomically for a regular file.

    A device (/dev/null, a terminal) or a FIFO that someone reads is written into, never
    replaced by a regular file; a FIFO nobody reads, a socket or a folder is refused with a
    message instead of waiting forever.
    """
    from kwaliteit_cli.errors import SaveError
    from kwaliteit_cli.session.file import write_chunks_atomic
    from kwaliteit_cli.session.safefile import (
        UnsafeFileError,
        special_target,
        write_into_special,
    )

    if special_target(output) is None:
        write_chunks_atomic(output, chunks)
        return
    try:
        write_into_special(output, "".join(chunks).encode("utf-8", "replace"))
    except UnsafeFileError as unsafe:
        raise SaveError(
            f"Schrijven naar {output} lukt niet: het {unsafe.reason}.",
            hint="Kies met --output een gewoon bestand.",
        ) from None
    except OSError as exc:
        raise SaveError(
            f"Schrijven naar {output} lukt niet ({exc.strerror}).",
            hint="Kies met --output een ander bestand.",
        ) from None
