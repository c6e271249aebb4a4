"""The real prompter: draws each step on the terminal and asks its fields with questionary.

This is the only module that talks to the person at the keyboard. It uses questionary's
``unsafe_ask`` so that Ctrl-C reaches the conversation as KeyboardInterrupt (which saves and
stops) instead of turning into an empty answer.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.formatted_text import ANSI

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.display import format_minutes, progress_bar, safe, wrap
from kwaliteit_cli.conversation.loop import Interrupted
from kwaliteit_cli.conversation.replies import parse_date
from kwaliteit_cli.conversation.saving import LATER, RETRY, STOP, SaveChoice, SaveFailure
from kwaliteit_cli.conversation.steps import ANSWER_BACK, ANSWER_PASS, Field, Reply, StepView
from kwaliteit_cli.session.model import now

MAX_CLOCK = dt.timedelta(hours=12)
BACK_CHOICE = "← vorige stap"
PASS_CHOICE = "(past)"
# Kept short: a prompt line that wraps confuses terminals that cannot report the cursor.
LONG_TEXT_INSTRUCTION = "(klaar: Esc, Enter)"
SELECT_INSTRUCTION = "(pijltjestoetsen, Enter = kiezen)"


def _command(text: str) -> str:
    """A command typed after a prefilled answer still counts: '2026-11-28/terug' means back."""
    stripped = text.strip()
    for command in (texts.COMMAND_BACK, texts.COMMAND_PASS):
        if stripped.endswith(command):
            return command
    return stripped


class Style:
    """ANSI styling that honours NO_COLOR (no colour) and TERM=dumb (no escapes at all)."""

    def __init__(self) -> None:
        term = os.environ.get("TERM", "")
        self.plain = term == "dumb"
        self.colour = not self.plain and "NO_COLOR" not in os.environ

    def _wrap(self, code: str, text: str, *, colour: bool = False) -> str:
        if self.plain or (colour and not self.colour):
            return text
        return f"\x1b[{code}m{text}\x1b[0m"

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def italic(self, text: str) -> str:
        return self._wrap("3", text)

    def accent(self, text: str) -> str:
        return self._wrap("36", text, colour=True)

    def warn(self, text: str) -> str:
        return self._wrap("33", text, colour=True)

    def clear(self) -> str:
        return "" if self.plain else "\x1b[H\x1b[2J\x1b[3J"


def prompt_height(view: StepView) -> int:
    """Rows the questionary prompt below the screen text needs, roughly."""
    first = view.fields[0] if view.fields else None
    if view.silent:
        return 3  # the prompt line and the countdown bar
    if first is None:
        return 2
    if first.kind in ("choice", "role", "owner", "confirm"):
        return len(first.options) + 5
    return 5 if first.kind == "long_text" else 2


def screen_lines(
    view: StepView,
    width: int,
    style: Style,
    *,
    phase_titles: tuple[str, ...],
    show_hints: bool,
    moment: dt.datetime,
    rows: int = 0,
) -> list[str]:
    """The text above the prompt: where we are, the joint question, the question and whose turn.

    With ``rows`` set, the parts that matter least (the facilitator's tip, who is still to speak,
    the note on multi-line answers) are left out until the step fits the terminal.
    """
    header: list[str] = []
    if view.phase_index == 0:
        header.append(style.dim(texts.PHASE_TITLES["opzet"] + " van het gesprek"))
    else:
        header.append(style.dim(progress_bar(view.phase_index - 1, tuple(map(safe, phase_titles)))))
        where = safe(view.phase_title)
        if view.position.phase == "proces-check":
            where += f" · ronde {view.position.round}"
        clock = []
        if view.phase_started_at and moment - view.phase_started_at > MAX_CLOCK:
            pass  # resumed long after the phase began: a running clock would mean nothing
        elif view.phase_started_at:
            seconds = (moment - view.phase_started_at).total_seconds()
            planned = f" van {view.planned_minutes} min" if view.planned_minutes else ""
            text = style.dim(f"fase {format_minutes(seconds)}{planned}")
            if view.planned_minutes and seconds > view.planned_minutes * 60:
                text += " " + style.warn(texts.OVER_TIME)
            clock.append(text)
        if view.started_at and moment - view.started_at <= MAX_CLOCK:
            total = format_minutes((moment - view.started_at).total_seconds())
            clock.append(style.dim(f"totaal {total}"))
        separator = style.dim("  ·  ")
        header.append(style.bold(where) + "".join(separator + part for part in clock))
    box: list[str] = []
    if view.joint_question:
        inner = max(width - 4, 20)
        box.append(style.accent("┌─ Gezamenlijke vraag " + "─" * max(0, inner - 19)))
        for line in wrap(view.joint_question, inner):
            box.append(style.accent("│ ") + style.bold(line))
        box.append(style.accent("└" + "─" * (inner + 2)))
    hint: list[str] = []
    if show_hints and view.hint and view.phase_index > 0:
        hint = [
            style.dim(style.italic(line))
            for line in wrap("Tip voor de begeleider: " + view.hint, width)
        ]
    question: list[str] = [""]
    if view.addressee:
        cue = (
            texts.SILENT_CUE
            if view.silent
            else (texts.ALOUD_ROUND_CUE if view.can_pass else texts.ALOUD_GROUP_CUE)
        )
        question.append(style.accent(f"[{view.addressee}]") + " " + style.dim(cue))
    question_lines = wrap(view.question, width)
    question += question_lines if view.silent else [style.bold(line) for line in question_lines]
    if view.participant_name:
        turn = f"Aan de beurt: {view.participant_name}"
        if view.participant_role:
            turn += f" ({view.participant_role})"
        question += wrap(turn, width)
    waiting: list[str] = []
    if view.waiting:
        waiting = [
            style.dim(line)
            for line in wrap("Nog niet aan de beurt geweest: " + ", ".join(view.waiting), width)
        ]
    keys = (
        texts.KEYS_HINT_SILENT
        if view.silent
        else (texts.KEYS_HINT_PASS if view.can_pass else texts.KEYS_HINT)
    )
    if not view.can_go_back:
        keys = keys.replace(" · /terug = vorige stap", "").replace(" · /terug = vorige", "")
    key_lines = [""] + [style.dim(line) for line in wrap(keys, width)]
    long_note: list[str] = []
    if any(f.kind == "long_text" for f in view.fields):
        long_note = [style.dim(line) for line in wrap(texts.KEYS_HINT_LONG, width)]

    def assemble() -> list[str]:
        return header + box + hint + question + waiting + key_lines + long_note

    if rows:
        budget = rows - prompt_height(view)
        # Leave out what matters least first, until the step fits.
        for part in (hint, long_note, waiting):
            if len(assemble()) <= budget:
                break
            part.clear()
        if len(assemble()) > budget and len(box) > 5:
            box[4:-1] = [style.accent("│ ") + "…"]
    return assemble()


class TerminalPrompter:
    """Shows each step full-screen and asks its fields; answers with a Reply."""

    def __init__(
        self,
        *,
        show_hints: bool = True,
        silent_notes: bool = False,
        phase_titles: tuple[str, ...] = ("Check-in", "Proces-check", "Check-out"),
        clock: Callable[[], dt.datetime] = now,
    ) -> None:
        self.show_hints = show_hints
        self.silent_notes = silent_notes
        self.phase_titles = phase_titles
        self.clock = clock
        self.style = Style()
        self.pending_error = ""
        # One extra line above each step, e.g. where phones join (--deelnemers); None: none.
        self.status: Callable[[], str] | None = None

    def tell_error(self, message: str) -> None:
        self.pending_error = message

    def _draw(self, view: StepView) -> None:
        size = shutil.get_terminal_size((80, 24))
        width = min(size.columns, 120) - 1
        out = screen_lines(
            view,
            width,
            self.style,
            phase_titles=self.phase_titles,
            show_hints=self.show_hints,
            moment=self.clock(),
            rows=size.lines - (1 if self.status else 0),
        )
        if self.status:
            out.insert(0, self.style.dim(safe(self.status())[:width]))
        if self.pending_error:
            out.append(self.style.warn("Let op: " + safe(self.pending_error)))
            self.pending_error = ""
        sys.stdout.write(self.style.clear() + "\n".join(out) + "\n")
        sys.stdout.flush()

    def ask(self, view: StepView) -> Reply:
        self._draw(view)
        if view.silent:
            return self._silent(view)
        values: dict[str, str] = {}
        for index, field in enumerate(view.fields):
            if not field.shown(values):
                continue
            first = index == 0
            value = self._ask_field(field, view if first else None, values)
            if value == texts.COMMAND_BACK:
                return ANSWER_BACK
            if value == texts.COMMAND_PASS:
                return ANSWER_PASS
            values[field.name] = value
            if first and view.repeat_item is not None and not value.strip() and not field.required:
                break  # an empty first field ends a list: do not ask the rest
        return Reply("answer", values)

    # -- when saving fails --

    def handle_save_failure(self, failure: SaveFailure) -> SaveChoice:
        """Tell the facilitator plainly that saving failed, and let them choose what now."""
        sys.stdout.write(
            "\n"
            + self.style.warn(safe(texts.SAVE_FAILED.format(message=failure.error.message)))
            + "\n"
            + safe(texts.SAVE_KEPT)
            + "\n"
        )
        sys.stdout.flush()
        choices = [
            questionary.Choice(texts.SAVE_CHOICE_RETRY, value="retry"),
            questionary.Choice(texts.SAVE_CHOICE_ELSEWHERE, value="elsewhere"),
        ]
        if not failure.final:
            choices.append(questionary.Choice(texts.SAVE_CHOICE_LATER, value="later"))
        choices.append(questionary.Choice(texts.SAVE_CHOICE_STOP, value="stop"))
        action = questionary.select(
            texts.SAVE_CHOICE_QUESTION, choices=choices, instruction=SELECT_INSTRUCTION
        ).unsafe_ask()
        if action == "elsewhere":
            suggestion = str(Path.home() / failure.path.name)
            answer = questionary.text(
                texts.SAVE_ELSEWHERE_QUESTION,
                default=suggestion,
                validate=lambda t: bool(t.strip()) or texts.REQUIRED,
            ).unsafe_ask()
            target = Path(str(answer).strip()).expanduser()
            if target.is_dir():
                target = target / failure.path.name
            return SaveChoice("elsewhere", target)
        if action == "later":
            self.pending_error = texts.STILL_UNSAVED
            return LATER
        return STOP if action == "stop" else RETRY

    # -- silent moments --

    def _silent(self, view: StepView) -> Reply:
        seconds = view.reflection_seconds
        started = time.monotonic()

        def countdown() -> Any:
            left = seconds - (time.monotonic() - started)
            if seconds <= 0:
                return ""
            if left <= 0:
                return ANSI(self.style.accent("De stilte is voorbij"))
            return ANSI(self.style.accent(f"Stilte: nog {format_minutes(left + 0.999)}"))

        # The countdown sits at the right of the input line (rprompt), redrawn twice a second:
        # no cursor-position reports are needed, so it works over SSH and in plain terminals.
        label = texts.FIELD["silent_note"] if self.silent_notes else "Enter = verder"
        value = questionary.text(
            label,
            default=view.fields[0].default if self.silent_notes else "",
            rprompt=countdown,
            refresh_interval=0.5,
        ).unsafe_ask()
        value = (value or "").strip()
        if value == texts.COMMAND_BACK and view.can_go_back:
            return ANSWER_BACK
        return Reply("answer", {"note": value if self.silent_notes else ""})

    # -- fields --

    def _ask_field(self, field: Field, view: StepView | None, values: dict[str, str]) -> str:
        """Ask one field; commands (/terug, /pas) are honoured on a step's first field only."""
        commands = view is not None
        can_back = bool(view and view.can_go_back)
        can_pass = bool(view and view.can_pass)
        label = safe(field.label.replace("{name}", values.get("name", "")))
        if field.kind in ("choice", "role", "owner", "confirm"):
            return self._ask_select(field, label, can_back, can_pass, values)

        def validate(text: str) -> bool | str:
            stripped = _command(text) if commands else text.strip()
            if commands and stripped == texts.COMMAND_BACK:
                return (
                    True if can_back else "Terug kan hier niet: dit is de eerste stap van de fase."
                )
            if commands and stripped == texts.COMMAND_PASS:
                return (
                    True if can_pass else "Passen kan alleen bij een vraag aan ieder persoonlijk."
                )
            if field.required and not stripped:
                return texts.REQUIRED
            if field.kind == "date" and stripped and parse_date(stripped) is None:
                return texts.DATE_INVALID.format(value=stripped)
            return True

        multiline = field.kind == "long_text"
        question = questionary.text(
            label,
            default=(view.draft if view and view.draft else field.default),
            validate=validate,
            multiline=multiline,
            instruction=LONG_TEXT_INSTRUCTION if multiline else None,
        )
        try:
            value = question.unsafe_ask()
        except KeyboardInterrupt:
            if not commands:
                raise  # a later field of the step: the step is asked again from its start
            raise Interrupted(question.application.current_buffer.text) from None
        return _command(value or "") if commands else (value or "").strip()

    def _ask_select(
        self, field: Field, label: str, can_back: bool, can_pass: bool, values: dict[str, str]
    ) -> str:
        options = list(field.options) if field.kind != "confirm" else [texts.YES, "nee"]
        if field.kind == "role":
            options.append(texts.OTHER_ROLE)
        choices = [questionary.Choice(safe(o), value=o) for o in options]
        if can_pass:
            choices.append(questionary.Choice(PASS_CHOICE, value=texts.COMMAND_PASS))
        if can_back:
            choices.append(questionary.Choice(BACK_CHOICE, value=texts.COMMAND_BACK))
        default = field.default if field.default in options else None
        if field.kind == "role" and field.default and default is None:
            default = texts.OTHER_ROLE
        chosen = questionary.select(
            label, choices=choices, default=default, instruction=SELECT_INSTRUCTION
        ).unsafe_ask()
        if field.kind == "role" and chosen == texts.OTHER_ROLE:
            other = questionary.text(
                texts.SETUP["other_role"],
                default="" if field.default in field.options else field.default,
                validate=lambda t: bool(t.strip()) or texts.REQUIRED,
            ).unsafe_ask()
            return str(other).strip()
        if field.kind == "owner" and chosen == texts.SOMEONE_ELSE:
            name = questionary.text(
                texts.FIELD["agreement_who_other"],
                validate=lambda t: bool(t.strip()) or texts.REQUIRED,
            ).unsafe_ask()
            values["who_other"] = str(name).strip()
        return str(chosen)
