"""The conversation screen: one full-screen prompt_toolkit layout per field of a step.

From top to bottom: the header (phases, round, clocks) and the joint question, pinned; the
question, whose turn it is and what was entered so far; the tip for the facilitator; the label;
the input over the whole width and every row that is left (it scrolls inside itself, so a long
answer never pushes the joint question off the screen); and the hint line, which names only keys
that work here. The rows come from ``layout.layout``, a pure function tested at every size.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.styles import Style as PtStyle

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.display import format_minutes, safe
from kwaliteit_cli.conversation.layout import (
    SELECT_KINDS,
    Line,
    ScreenLayout,
    StepInfo,
    layout,
    step_info,
)
from kwaliteit_cli.conversation.loop import Interrupted
from kwaliteit_cli.conversation.steps import ANSWER_BACK, ANSWER_PASS, Field, Reply, StepView
from kwaliteit_cli.conversation.terminal import BACK_CHOICE, PASS_CHOICE, TerminalPrompter
from kwaliteit_cli.dutch_input import parse_dutch_date, parse_yes_no
from kwaliteit_cli.session.model import now

STYLE = PtStyle.from_dict(
    {
        "dim": "#888888",
        "bold": "bold",
        "accent": "ansicyan",
        "joint": "bold",
        "warn": "ansiyellow bold",
        "tip": "italic #888888",
        "label": "bold ansicyan",
        "plain": "",
        "selected": "reverse",
        "qr": "#ffffff bg:#000000",  # the phones' QR code: light on dark on any terminal
    }
)
MAX_TEXT_WIDTH = 120
COMMANDS = (texts.COMMAND_BACK, texts.COMMAND_PASS)
_INTERRUPT = object()


@dataclass(frozen=True)
class _Extra:
    """An extra command (``/telefoons``) typed in a field: run it, then ask the field again
    with ``rest``, what was typed apart from the command."""

    name: str
    rest: str


def without_current_line(document: Document) -> str:
    """The text of ``document`` without the line the cursor is on."""
    lines = list(document.lines)
    del lines[document.cursor_position_row]
    return "\n".join(lines)


def _fragments(lines: Sequence[Line]) -> StyleAndTextTuples:
    out: StyleAndTextTuples = []
    for index, line in enumerate(lines):
        if index:
            out.append(("", "\n"))
        out.append((f"class:{line.style}", line.text))
    return out


def own_line_command(text: str, cursor: int) -> str:
    """'/pas' or '/terug' when the line the cursor is on holds only that; '' otherwise."""
    document = Document(text, cursor)
    line = document.current_line.strip()
    return line if line in COMMANDS else ""


def typed_command(text: str) -> str:
    """A one-line answer that is a command; a command typed after a prefilled answer counts."""
    stripped = text.strip()
    for command in COMMANDS:
        if stripped.endswith(command):
            return command
    return ""


class ChoiceList:
    """Numbered choices picked with a digit or the arrows; the choice lists of the conversation
    and the facilitator's screens for the phones share it.

    Nothing is chosen until a digit or an arrow picks (unless ``cursor`` holds an earlier
    answer): a loose Enter says 'Kies eerst' and decides nothing for the group.
    """

    def __init__(self, labels: Sequence[str], cursor: int | None = None) -> None:
        self.labels = list(labels)
        self.cursor = cursor
        self.digits = ""

    def fragments(self) -> StyleAndTextTuples:
        out: StyleAndTextTuples = []
        for index, shown in enumerate(self.labels):
            if index:
                out.append(("", "\n"))
            chosen = index == self.cursor
            key = f"{index + 1}."
            out.append(
                ("class:selected" if chosen else "", f"{'❯' if chosen else ' '} {key:>3} {shown}")
            )
        return out

    def window(self) -> Window:
        return Window(
            FormattedTextControl(self.fragments, focusable=True, show_cursor=False),
            height=Dimension(min=1, weight=1),
        )

    def bind(
        self,
        bindings: KeyBindings,
        choose: Callable[[KeyPressEvent, int], None],
        refuse: Callable[[str], None],
    ) -> None:
        """Arrows move, Enter confirms (or ``refuse`` says to choose first), a digit chooses
        at once unless a longer number starts with it."""
        last = len(self.labels) - 1

        @bindings.add("up")
        def _up(event: KeyPressEvent) -> None:
            self.cursor = last if self.cursor is None else max(0, self.cursor - 1)

        @bindings.add("down")
        def _down(event: KeyPressEvent) -> None:
            self.cursor = 0 if self.cursor is None else min(last, self.cursor + 1)

        @bindings.add("enter")
        def _enter(event: KeyPressEvent) -> None:
            if self.cursor is None:
                refuse(texts.CHOOSE_FIRST)
                return
            choose(event, self.cursor)

        def pick_number(event: KeyPressEvent, typed: str) -> None:
            number = int(typed)
            if not 1 <= number <= len(self.labels):
                self.digits = ""
                return
            self.cursor = number - 1
            if any(str(n).startswith(typed) for n in range(number + 1, len(self.labels) + 1)):
                self.digits = typed  # wait: Enter chooses it, another digit goes on
            else:
                self.digits = ""
                choose(event, number - 1)

        for digit in "0123456789":

            @bindings.add(digit)
            def _digit(event: KeyPressEvent) -> None:
                typed = self.digits + event.data
                if self.digits and int(typed) > len(self.labels):
                    typed = event.data  # a fresh number
                if typed == "0":
                    return
                pick_number(event, typed)


def run_page(
    top: Callable[[], StyleAndTextTuples],
    body: Window,
    bindings: KeyBindings,
    hints: Callable[[], StyleAndTextTuples],
    app_options: dict[str, Any] | None = None,
) -> Any:
    """A full-screen page: ``top`` pinned, ``body`` taking what is left, ``hints`` at the
    bottom; Ctrl-C raises KeyboardInterrupt (a pause, like on every step)."""

    def rows(fragments: StyleAndTextTuples) -> int:
        return sum(text.count("\n") for _, text, *_ in fragments) + 1

    @bindings.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(result=_INTERRUPT)

    app: Application[Any] = Application(
        layout=Layout(
            HSplit(
                [
                    Window(
                        FormattedTextControl(top),
                        height=lambda: Dimension.exact(rows(top())),
                        wrap_lines=False,
                    ),
                    body,
                    Window(
                        FormattedTextControl(hints),
                        height=lambda: Dimension.exact(rows(hints())),
                    ),
                ]
            ),
            focused_element=body,
        ),
        key_bindings=bindings,
        style=STYLE,
        full_screen=True,
        **(app_options or {}),
    )
    result = app.run()
    if result is _INTERRUPT:
        raise KeyboardInterrupt
    return result


class ScreenPrompter(TerminalPrompter):
    """Asks each field of a step on a full screen that keeps the joint question in sight."""

    def __init__(
        self,
        *,
        show_hints: bool = True,
        silent_notes: bool = False,
        phase_titles: tuple[str, ...] = ("Check-in", "Proces-check", "Check-out"),
        clock: Callable[[], dt.datetime] = now,
        app_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            show_hints=show_hints,
            silent_notes=silent_notes,
            phase_titles=phase_titles,
            clock=clock,
        )
        self.tip_open: bool | None = None
        self.app_options = app_options or {}  # input/output for tests without a terminal
        # Commands besides /pas and /terug that any text field takes when typed alone (on its
        # own line), run in place: '/telefoons' shows the phones' screen (--deelnemers). After
        # one the field is asked again with what was typed in it.
        self.commands: dict[str, Callable[[], None]] = {}

    # -- a step --

    def ask(self, view: StepView) -> Reply:
        # The tip opens at a phase's first step (where there is no way back) and folds after.
        self.tip_open = not view.can_go_back
        if view.silent:
            return self._silent_step(view)
        values: dict[str, str] = {}
        done: list[tuple[str, str]] = []
        for index, field in enumerate(view.fields):
            if not field.shown(values):
                continue
            first = index == 0
            value = self._field(view, field, values, done, first=first)
            if first and value in COMMANDS:
                return ANSWER_BACK if value == texts.COMMAND_BACK else ANSWER_PASS
            values[field.name] = value
            label = safe(field.label.replace("{name}", values.get("name", "")))
            done.append((label, value or "—"))
            if first and view.repeat_item is not None and not value.strip() and not field.required:
                break  # an empty first field ends a list: do not ask the rest
        if view.kind == "joint_question" and not self._joint_question_stands(view, values):
            return self.ask(replace(view, draft=values.get("text", "")))
        return Reply("answer", values)

    def _joint_question_stands(self, view: StepView, values: dict[str, str]) -> bool:
        """Right after it is typed: does the joint question stand as it will head every screen?"""
        shown = replace(view, joint_question=values.get("text", ""), can_go_back=False)
        answer = self._field(
            shown,
            Field("ok", texts.JOINT_QUESTION_CHECK, "confirm", required=True),
            {},
            [],
            first=False,
        )
        return answer == texts.YES

    # -- one field --

    def _field(
        self,
        view: StepView,
        field: Field,
        values: dict[str, str],
        done: Sequence[tuple[str, str]],
        *,
        first: bool,
    ) -> str:
        info = step_info(view)
        if not first:  # commands act on a step's first field only
            info = replace(info, can_pass=False, can_go_back=False)
        label = safe(field.label.replace("{name}", values.get("name", "")))
        if field.kind in SELECT_KINDS:
            chosen = self._select(view, info, field, label, done)
            if field.kind == "role" and chosen == texts.OTHER_ROLE:
                other = replace(field, label=texts.SETUP["other_role"], kind="text", required=True)
                keep = "" if field.default in field.options else field.default
                return self._text(view, info, replace(other, default=keep), label, done, False)
            if field.kind == "owner" and chosen == texts.SOMEONE_ELSE:
                name = Field("who_other", texts.FIELD["agreement_who_other"], required=True)
                values["who_other"] = self._text(view, info, name, name.label, done, False)
            return chosen
        return self._text(view, info, field, label, done, first)

    def _screen(
        self,
        info: StepInfo,
        field_kind: str,
        label: str,
        done: Sequence[tuple[str, str]],
        error: str,
        size: tuple[int, int],
        options: int = 0,
    ) -> ScreenLayout:
        columns, rows = size
        return layout(
            info,
            label=label,
            field_kind=field_kind,
            width=min(columns, MAX_TEXT_WIDTH),
            height=rows,
            moment=self.clock(),
            phase_titles=self.phase_titles,
            show_tip=self.show_hints,
            tip_open=self.tip_open,
            done=done,
            error=error,
            options=options,
        )

    def _run(
        self,
        make_screen: Callable[[tuple[int, int]], ScreenLayout],
        body: Window,
        bindings: KeyBindings,
        refresh: float | None = 1.0,
    ) -> Any:
        """One full-screen field: the pinned top, ``body`` for input, the hints at the bottom."""
        current: dict[str, Any] = {}

        def status() -> tuple[Line, ...]:
            # With phones in the room: one row above everything (address, code, devices).
            if self.status is None:
                return ()
            return (Line(safe(self.status()), "dim"),)

        def screen() -> ScreenLayout:
            out = app.output.get_size()
            current["status"] = status()
            rows = out.rows - len(current["status"])
            made = make_screen((out.columns, rows))
            current["screen"] = made
            return made

        top = Window(
            FormattedTextControl(
                lambda: _fragments((*current["status"], *current["screen"].lines()))
            ),
            height=lambda: Dimension.exact(len(screen().lines()) + len(current["status"])),
            wrap_lines=False,
        )
        hints = Window(
            FormattedTextControl(lambda: _fragments(current["screen"].hints)),
            height=lambda: Dimension.exact(len(current["screen"].hints)),
        )

        @bindings.add("c-t")
        def _tip(event: KeyPressEvent) -> None:
            shown = current["screen"].tip
            self.tip_open = not (len(shown) > 1)

        @bindings.add("c-c")
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(result=_INTERRUPT)

        app: Application[Any] = Application(
            layout=Layout(HSplit([top, body, hints]), focused_element=body),
            key_bindings=bindings,
            style=STYLE,
            full_screen=True,
            refresh_interval=refresh,
            **self.app_options,
        )
        return app.run()

    def _take_error(self) -> str:
        error, self.pending_error = self.pending_error, ""
        return safe(error)

    # -- text --

    def _text(
        self,
        view: StepView,
        info: StepInfo,
        field: Field,
        label: str,
        done: Sequence[tuple[str, str]],
        first: bool,
    ) -> str:
        start = view.draft if first and view.draft else field.default
        if field.kind == "confirm":
            start = ""  # typed afresh: j or n, never a preset answer
        while True:
            result = self._text_once(view, info, field, label, done, first, start)
            if not isinstance(result, _Extra):
                return result
            self.commands[result.name]()
            start = result.rest

    def _extra(self, text: str) -> _Extra | None:
        """A one-line text that ends with an extra command (typed after a prefilled answer)."""
        stripped = text.strip()
        for name in self.commands:
            if stripped.endswith(name):
                return _Extra(name, stripped[: -len(name)].rstrip())
        return None

    def _text_once(
        self,
        view: StepView,
        info: StepInfo,
        field: Field,
        label: str,
        done: Sequence[tuple[str, str]],
        first: bool,
        start: str,
    ) -> str | _Extra:
        multiline = field.kind == "long_text"
        buffer = Buffer(multiline=multiline, document=Document(start, len(start)))
        state = {"error": self._take_error()}
        bindings = KeyBindings()

        def refuse(command: str) -> str:
            if command == texts.COMMAND_BACK and not info.can_go_back:
                return texts.BACK_REFUSED
            if command == texts.COMMAND_PASS and not info.can_pass:
                return texts.PASS_REFUSED
            return ""

        def finish(event: KeyPressEvent, text: str) -> None:
            extra = self._extra(text) if not multiline or text.strip() in self.commands else None
            if extra is not None:
                event.app.exit(result=extra)
                return
            command = typed_command(text) if not multiline else ""
            if first and command:
                problem = refuse(command)
                if not problem:
                    event.app.exit(result=command)
                    return
                state["error"] = problem
                return
            stripped = text.strip()
            if field.kind == "confirm":
                meaning = parse_yes_no(stripped)
                if meaning is None:
                    state["error"] = texts.CONFIRM_INVALID
                else:
                    event.app.exit(result=texts.YES if meaning else "nee")
            elif field.required and not stripped:
                state["error"] = texts.REQUIRED
            elif field.kind == "date" and stripped and parse_dutch_date(stripped) is None:
                state["error"] = texts.DATE_INVALID_WORDS.format(value=stripped)
            else:
                event.app.exit(result=text)

        @bindings.add("enter")
        def _enter(event: KeyPressEvent) -> None:
            if not multiline:
                finish(event, buffer.text)
                return
            line = buffer.document.current_line.strip()
            if line in self.commands:
                event.app.exit(result=_Extra(line, without_current_line(buffer.document)))
                return
            command = own_line_command(buffer.text, buffer.cursor_position)
            if command and first:
                problem = refuse(command)
                if not problem:
                    event.app.exit(result=command)
                    return
                state["error"] = problem
                return
            buffer.newline(copy_margin=False)

        @bindings.add("escape", "enter")
        def _done(event: KeyPressEvent) -> None:
            finish(event, buffer.text)

        body = Window(BufferControl(buffer), wrap_lines=True, height=Dimension(min=1, weight=1))
        result = self._run(
            lambda size: self._screen(info, field.kind, label, done, state["error"], size),
            body,
            bindings,
        )
        if result is _INTERRUPT:
            if first:
                raise Interrupted(buffer.text)
            raise KeyboardInterrupt
        if isinstance(result, _Extra):
            return result
        text = str(result)
        if text in COMMANDS:
            return text
        return text.strip()

    # -- choices --

    def _select(
        self,
        view: StepView,
        info: StepInfo,
        field: Field,
        label: str,
        done: Sequence[tuple[str, str]],
    ) -> str:
        while True:
            result = self._select_once(view, info, field, label, done)
            if not isinstance(result, _Extra):
                return result
            self.commands[result.name]()

    def _select_once(
        self,
        view: StepView,
        info: StepInfo,
        field: Field,
        label: str,
        done: Sequence[tuple[str, str]],
    ) -> str | _Extra:
        options = list(field.options)
        if field.kind == "role":
            options.append(texts.OTHER_ROLE)
        entries = [(option, safe(option)) for option in options]
        if info.can_pass:
            entries.append((texts.COMMAND_PASS, PASS_CHOICE))
        if info.can_go_back:
            entries.append((texts.COMMAND_BACK, BACK_CHOICE))
        # No preselection where the group decides: the cursor starts nowhere unless the field
        # holds an earlier answer, so one careless Enter does not choose.
        default = field.default if field.default in options else ""
        if field.kind == "role" and field.default and not default:
            default = texts.OTHER_ROLE
        values = [value for value, _ in entries]
        state: dict[str, Any] = {
            "error": self._take_error(),
            "typed": "",  # an extra command being typed ('/telefoons'), run once complete
        }
        choices = ChoiceList(
            [shown for _, shown in entries], values.index(default) if default else None
        )
        bindings = KeyBindings()

        if self.commands:

            @bindings.add("<any>")
            def _letter(event: KeyPressEvent) -> None:
                typed = state["typed"] + event.data
                if not any(name.startswith(typed) for name in self.commands):
                    typed = (
                        event.data if any(n.startswith(event.data) for n in self.commands) else ""
                    )
                state["typed"] = typed
                if typed in self.commands:
                    event.app.exit(result=_Extra(typed, ""))

        def refuse(message: str) -> None:
            state["error"] = message

        choices.bind(bindings, lambda event, index: event.app.exit(result=values[index]), refuse)
        body = choices.window()
        result = self._run(
            lambda size: self._screen(
                info, field.kind, label, done, state["error"], size, len(entries)
            ),
            body,
            bindings,
        )
        if result is _INTERRUPT:
            raise KeyboardInterrupt
        if isinstance(result, _Extra):
            return result
        return str(result)

    # -- silent moments --

    def _silent_step(self, view: StepView) -> Reply:
        seconds = view.reflection_seconds
        started = time.monotonic()
        info = step_info(view)
        field = view.fields[0]
        label = texts.FIELD["silent_note"] if self.silent_notes else ""
        buffer = Buffer(multiline=False)
        if self.silent_notes and field.default:
            buffer.document = Document(field.default, len(field.default))
        bindings = KeyBindings()
        state = {"error": self._take_error()}

        def clock_line() -> str:
            if seconds <= 0:
                return ""
            left = seconds - (time.monotonic() - started)
            if left <= 0:
                return texts.SILENCE_OVER
            return texts.SILENCE_LEFT.format(time=format_minutes(left + 0.999))

        @bindings.add("enter")
        def _enter(event: KeyPressEvent) -> None:
            typed = buffer.text.strip()
            if typed in self.commands:
                event.app.exit(result=_Extra(typed, ""))
                return
            if typed == texts.COMMAND_BACK:
                if view.can_go_back:
                    event.app.exit(result=texts.COMMAND_BACK)
                else:
                    state["error"] = texts.BACK_REFUSED
                return
            event.app.exit(result=buffer.text)

        def make_screen(size: tuple[int, int]) -> ScreenLayout:
            shown = self._screen(info, "silent", label, (), state["error"], size)
            countdown = clock_line()
            if countdown:
                extra = (Line(countdown, "accent"),)
                shown = replace(shown, label=shown.label + extra, input_rows=shown.input_rows - 1)
            return shown

        body = Window(BufferControl(buffer), height=Dimension(min=1, weight=1))
        result = self._run(make_screen, body, bindings, refresh=0.5)
        while isinstance(result, _Extra):  # the silence goes on after the phones' screen
            self.commands[result.name]()
            buffer.reset()
            result = self._run(make_screen, body, bindings, refresh=0.5)
        if result is _INTERRUPT:
            raise KeyboardInterrupt
        if result == texts.COMMAND_BACK:
            return ANSWER_BACK
        note = str(result).strip() if self.silent_notes else ""
        return Reply("answer", {"note": note})
