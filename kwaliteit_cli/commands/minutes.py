"""``kwaliteit bewerk`` and ``kwaliteit vaststellen``: the verslag after the meeting (issue 12).

``bewerk`` opens a finished conversation for correction: choose what to change, type the new
text, and it is saved at once (with a note of what was changed and when). In a terminal it
asks; ``--zet KEY=TEKST`` (repeatable) does the same without questions, and ``--lijst`` shows
every key with its current text. ``vaststellen`` marks the verslag approved.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kwaliteit_cli import texts
from kwaliteit_cli.commands.common import instrument_for, option_date
from kwaliteit_cli.errors import UsageError
from kwaliteit_cli.output import say, write_data


def _keeper(path: Path) -> Any:
    from kwaliteit_cli.conversation.saving import SessionKeeper, stop_at_once

    return SessionKeeper(path, stop_at_once, notice=say, last_resort=write_data)


def _finished(path: Path, not_done: str, hint: str) -> Any:
    from kwaliteit_cli.session.file import load_session

    session = load_session(path)
    if not session.completed:
        raise UsageError(not_done.format(path=path), hint=hint.format(path=path))
    return session


def vaststellen(file: Path, by: str, date: str | None) -> None:
    """Mark the verslag of ``file`` approved by ``by`` on ``date`` (today when not given)."""
    from kwaliteit_cli.session.minutes import approve
    from kwaliteit_cli.session.model import now
    from kwaliteit_cli.verslag.context import dutch_date

    name = " ".join(by.split())
    if not name:
        raise UsageError(
            "--door mag niet leeg zijn.", hint='Zeg wie het vaststelt: --door "Stuurgroep".'
        )
    day = option_date("--datum", date) or dt.date.today()
    with _keeper(file) as keeper:
        session = _finished(file, texts.VASTSTELLEN_NOT_DONE, texts.VASTSTELLEN_NOT_DONE_HINT)
        approve(session.minutes, name, day)
        session.updated_at = now()
        keeper.save(session, final=True)
    say(texts.VASTGESTELD.format(path=file, date=dutch_date(day), by=name))


def bewerk(file: Path, changes: list[str], listing: bool) -> None:
    """Correct a finished conversation: scripted with ``changes``, or in the terminal."""
    from kwaliteit_cli.conversation.corrections import apply_edit, editable_items, find_item
    from kwaliteit_cli.session.model import now

    pairs = []
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                texts.BEWERK_BAD_SET.format(value=change), hint=texts.BEWERK_BAD_SET_HINT
            )
        pairs.append((key.strip(), value))
    with _keeper(file) as keeper:
        session = _finished(file, texts.BEWERK_NOT_DONE, texts.BEWERK_NOT_DONE_HINT)
        inst = instrument_for(session, file, None)
        if listing:
            for item in editable_items(session, inst):
                value = " ".join(item.value.split())
                write_data(f"{item.key}\t{value}\n")
            return
        if pairs:
            count = 0
            for key, value in pairs:
                # Each change sees the session as the changes before it left it.
                item = find_item(editable_items(session, inst), key)
                count += apply_edit(session, item, value, now())
            if count:
                keeper.save(session, final=True)
            _tell_saved(file, count)
            return
        import sys

        if not sys.stdin.isatty():
            raise UsageError(texts.BEWERK_NO_TERMINAL, hint=texts.BEWERK_NO_TERMINAL_HINT)
        count = _edit_in_terminal(session, inst, keeper)
    _tell_saved(file, count)


def _tell_saved(file: Path, count: int) -> None:
    if count == 0:
        say(texts.NO_CHANGE)
    else:
        what = "onderdeel" if count == 1 else "onderdelen"
        say(texts.BEWERK_SAVED.format(path=file, count=count, what=what))


def _edit_in_terminal(session: Any, inst: Any, keeper: Any) -> int:
    """Choose a group, then an item, type the new text; saved after every change."""
    import questionary

    from kwaliteit_cli.conversation.corrections import GROUPS, EditError, apply_edit, editable_items
    from kwaliteit_cli.session.model import now

    count = 0
    while True:
        items = editable_items(session, inst)
        groups = [g for g in GROUPS if any(i.group == g for i in items)]
        choices = [questionary.Choice(g, value=g) for g in groups]
        choices.append(questionary.Choice(texts.BEWERK_DONE, value=""))
        group = questionary.select(texts.BEWERK_CHOOSE_GROUP, choices=choices).unsafe_ask()
        if not group:
            return count
        in_group = [i for i in items if i.group == group]
        item_choices = [
            questionary.Choice(f"{i.label}: {_short(i.value)}", value=i.key) for i in in_group
        ]
        item_choices.append(questionary.Choice(texts.BEWERK_BACK, value=""))
        key = questionary.select(texts.BEWERK_CHOOSE_ITEM, choices=item_choices).unsafe_ask()
        if not key:
            continue
        item = next(i for i in in_group if i.key == key)
        say(item.label)
        new = questionary.text(
            texts.BEWERK_NEW_TEXT, default=" ".join(item.value.split())
        ).unsafe_ask()
        try:
            changed = apply_edit(session, item, new, now())
        except EditError as error:
            say(f"{error.message} {error.hint}".strip())
            continue
        if changed:
            keeper.save(session, final=True)
            count += 1


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return (text if len(text) <= width else text[: width - 1] + "…") or "–"
