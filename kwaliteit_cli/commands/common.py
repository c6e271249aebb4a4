"""What several commands share: the instrument a session belongs to, dates given as options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kwaliteit_cli.errors import SessionFileError, UsageError


def instrument_for(session: Any, file: Path, override: Path | None) -> Any:
    """The instrument ``session`` began with (its version of the default, or its own file)."""
    from kwaliteit_cli.session.instrument import load_session_instrument

    inst = load_session_instrument(session.instrument_source, session.instrument_version, override)
    if inst.id != session.instrument_id:
        raise SessionFileError(
            file,
            f"hoort bij instrument '{session.instrument_id}', niet bij '{inst.id}'",
            where="instrument.id",
            hint="Geef het juiste instrument met --instrument.",
        )
    return inst


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
