"""What one screen of the conversation holds, row by row, as a pure function of the step.

The terminal prompter draws these parts in a full-screen layout: the header and the joint
question are pinned at the top, the input area takes every row that is left and the whole
width, and the hint line at the bottom names only keys that work for the field on screen.
Nothing here touches the terminal, so every step kind can be checked at any size in a test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.display import format_minutes, progress_bar, safe, wrap

# A phase clock that has run longer than this means the session was resumed much later and
# the pauses were not recorded (an older file): showing it would mean nothing.
MAX_CLOCK = dt.timedelta(hours=12)
# Rows the input needs at the least: one for a one-line answer, three for a long one.
MIN_INPUT_ROWS = {"long_text": 3}
SELECT_KINDS = ("choice", "role", "owner")

Style = str  # "plain", "dim", "bold", "accent", "warn", "tip"


@dataclass(frozen=True)
class Line:
    text: str
    style: Style = "plain"


@dataclass(frozen=True)
class ScreenLayout:
    """The parts of one screen from top to bottom; ``input_rows`` is what is left to type in."""

    header: tuple[Line, ...]
    joint: tuple[Line, ...]
    question: tuple[Line, ...]
    tip: tuple[Line, ...]
    label: tuple[Line, ...]
    hints: tuple[Line, ...]
    input_rows: int

    def lines(self) -> tuple[Line, ...]:
        """Every line above the input, in order (the hint lines come after the input)."""
        return self.header + self.joint + self.question + self.tip + self.label

    @property
    def fixed_rows(self) -> int:
        return len(self.lines()) + len(self.hints)


@dataclass(frozen=True)
class StepInfo:
    """What the layout needs of a step; a StepView has every one of these attributes."""

    phase_index: int
    phase_title: str
    question: str
    round: int = 0
    in_rounds: bool = False
    addressee: str = ""
    silent: bool = False
    can_pass: bool = False
    can_go_back: bool = False
    participant_name: str = ""
    participant_role: str = ""
    waiting: tuple[str, ...] = ()
    joint_question: str = ""
    hint: str = ""
    planned_minutes: int | None = None
    started_at: dt.datetime | None = None
    phase_started_at: dt.datetime | None = None
    paused_seconds: float = 0.0
    phase_paused_seconds: float = 0.0
    entered: tuple[str, ...] = ()
    entered_title: str = ""


def header_lines(
    step: StepInfo, width: int, moment: dt.datetime, phase_titles: Sequence[str]
) -> tuple[Line, ...]:
    """The progress line and 'where + clocks', each cut to one row of ``width``."""
    if step.phase_index == 0:
        return (Line(_cut(texts.PHASE_TITLES["opzet"] + " van het gesprek", width), "dim"),)
    bar = progress_bar(step.phase_index - 1, tuple(map(safe, phase_titles)))
    if len(bar) > width:  # narrow: only the current phase, with its number
        bar = f"Fase {step.phase_index} van {len(phase_titles)}"
    where = safe(step.phase_title)
    if step.in_rounds:
        where += f" · ronde {step.round}"
    phase = _elapsed(step.phase_started_at, step.phase_paused_seconds, moment)
    total = _elapsed(step.started_at, step.paused_seconds, moment)
    over = bool(phase is not None and step.planned_minutes and phase > step.planned_minutes * 60)
    mark = f" {texts.OVER_TIME}" if over else ""
    long_clocks, short_clocks = [], []
    if phase is not None:
        planned = f" van {step.planned_minutes} min" if step.planned_minutes else ""
        long_clocks.append(f"fase {format_minutes(phase)}{planned}{mark}")
        short_planned = f"/{step.planned_minutes} min" if step.planned_minutes else ""
        short_clocks.append(f"{format_minutes(phase)}{short_planned}" + ("!" if over else ""))
    if total is not None:
        long_clocks.append(f"totaal {format_minutes(total)}")
        short_clocks.append(f"tot. {format_minutes(total)}")
    # The full wording where it fits; a short form on a narrow screen, the total dropped last.
    line = "  ·  ".join([where, *long_clocks])
    for candidate in (" · ".join([where, *long_clocks]), " · ".join([where, *short_clocks])):
        if len(line) > width:
            line = candidate
    if len(line) > width:
        line = " · ".join([where, *short_clocks[:1]])
    style = "warn" if over else "bold"
    return (Line(_cut(bar, width), "dim"), Line(_cut(line, width), style))


def _elapsed(since: dt.datetime | None, paused: float, moment: dt.datetime) -> float | None:
    if since is None:
        return None
    seconds = (moment - since).total_seconds() - paused
    if seconds > MAX_CLOCK.total_seconds() or seconds < 0:
        return None
    return seconds


def joint_lines(joint_question: str, width: int, max_lines: int) -> tuple[Line, ...]:
    """The joint question in a box of ``width``; long questions end in '…' past ``max_lines``."""
    if not joint_question:
        return ()
    inner = max(width - 2, 10)
    title = "┌─ " + texts.JOINT_QUESTION_TITLE + " "
    top = title + "─" * max(0, width - len(title))
    body = wrap(joint_question, inner)
    if len(body) > max_lines:
        body = [*body[: max_lines - 1], _cut(body[max_lines - 1] + " …", inner)]
    bottom = (Line("└" + "─" * (width - 1), "accent"),) if max_lines > 5 else ()
    return (
        Line(_cut(top, width), "accent"),
        *(Line("│ " + line, "joint") for line in body),
        *bottom,
    )


def hint_text(
    field_kind: str, *, can_pass: bool, can_go_back: bool, silent: bool, tip_folded: bool
) -> str:
    """The keys that work for this field, and only those."""
    parts: list[str] = []
    if silent:
        parts.append(texts.KEY_ENTER_ON)
    elif field_kind in SELECT_KINDS:
        parts += [texts.KEY_SELECT, texts.KEY_ENTER_CHOOSE]
    elif field_kind == "confirm":
        parts += [texts.KEY_YES_NO, texts.KEY_ENTER_DONE]
    elif field_kind == "long_text":
        parts += [texts.KEY_NEWLINE, texts.KEY_DONE_LONG]
    else:
        parts.append(texts.KEY_ENTER_DONE)
    if not silent and field_kind not in (*SELECT_KINDS, "confirm"):
        if field_kind != "long_text":
            parts += [texts.KEY_PASS] if can_pass else []
            parts += [texts.KEY_BACK] if can_go_back else []
        elif can_pass and can_go_back:
            parts.append(texts.KEY_PASS_BACK_LINE)
        elif can_pass or can_go_back:
            parts.append(texts.KEY_PASS_LINE if can_pass else texts.KEY_BACK_LINE)
    elif silent and can_go_back:
        parts.append(texts.KEY_BACK)
    if tip_folded:
        parts.append(texts.KEY_TIP)
    parts.append(texts.KEY_PAUSE)
    return " · ".join(parts)


def _hint_lines(text: str, width: int) -> tuple[Line, ...]:
    """Wrap the hint between its parts (never inside one), so each key stays readable."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(_cut(part, width))
    return tuple(Line(line, "dim") for line in lines)


def layout(
    step: StepInfo,
    *,
    label: str,
    field_kind: str,
    width: int,
    height: int,
    moment: dt.datetime,
    phase_titles: Sequence[str] = ("Check-in", "Proces-check", "Check-out"),
    show_tip: bool = True,
    tip_open: bool | None = None,
    done: Sequence[tuple[str, str]] = (),
    error: str = "",
    options: int = 0,
) -> ScreenLayout:
    """Lay out one field of a step on a ``width`` × ``height`` screen.

    The tip shows in full at a phase's first step (where going back is not possible) and as one
    line after that, unless ``tip_open`` says otherwise. ``done`` are the fields of this step
    already answered, ``options`` the rows a choice list needs. What matters least gives way
    first when rows run short: the tip, who is still waiting, the entered list, the question's
    tail; the header, the joint question, the label and the hints always stay.
    """
    width = max(width, 20)
    header = header_lines(step, width, moment, phase_titles)
    joint = joint_lines(step.joint_question, width, max(2, height // 4))
    folded = not (step.can_go_back is False if tip_open is None else tip_open)
    has_tip = show_tip and bool(step.hint) and step.phase_index > 0
    hints = _hint_lines(
        hint_text(
            field_kind,
            can_pass=step.can_pass,
            can_go_back=step.can_go_back,
            silent=step.silent,
            tip_folded=False,  # the folded tip line itself names its key
        ),
        width,
    )
    cue: list[Line] = []
    if step.addressee:
        text = (
            texts.SILENT_CUE
            if step.silent
            else (texts.ALOUD_ROUND_CUE if step.can_pass else texts.ALOUD_GROUP_CUE)
        )
        cue = [Line(line, "dim") for line in wrap(f"[{step.addressee}] {text}", width)]
    question = [
        Line(line, "plain" if step.silent else "bold") for line in wrap(step.question, width)
    ]
    turn: list[Line] = []
    if step.participant_name:
        who = texts.TURN.format(name=step.participant_name)
        if step.participant_role:
            who += f" ({step.participant_role})"
        turn = [Line(line, "accent") for line in wrap(who, width)]
    waiting = (
        [
            Line(line, "dim")
            for line in wrap(texts.WAITING.format(names=", ".join(step.waiting)), width)
        ]
        if step.waiting
        else []
    )
    if step.entered_title:  # a summary: every line in full
        entered = [Line(line, "dim") for item in step.entered for line in wrap(item, width, "  ")]
    else:  # a list: one row per item
        entered = [Line(_cut("  " + _one_line(item), width), "dim") for item in step.entered]
    if entered:
        entered.insert(0, Line(step.entered_title or texts.ENTERED_SO_FAR, "dim"))
    answered = [Line(_cut(_one_line(f"{name}: {value}"), width), "dim") for name, value in done]
    tip: list[Line] = []
    if has_tip:
        if folded:
            tip = [Line(_cut(texts.TIP_FOLDED, width), "tip")]
        else:
            tip = [Line(line, "tip") for line in wrap(texts.TIP_PREFIX + step.hint, width)]
    label_lines = [Line(line, "label") for line in wrap(label, width)] if label else []
    if error:
        label_lines = [Line(line, "warn") for line in wrap(error, width)] + label_lines

    want_input = max(MIN_INPUT_ROWS.get(field_kind, 1), options)
    blank = [Line("")]

    def used() -> int:
        parts = (blank, cue, question, turn, waiting, entered, answered, tip, label_lines)
        return len(header) + len(joint) + sum(len(p) for p in parts) + len(hints)

    budget = height - want_input
    # Give way in order of what matters least, as long as the screen is too full.
    if used() > budget and len(tip) > 1:
        tip = [Line(_cut(texts.TIP_FOLDED, width), "tip")]
    for part in (tip, waiting, blank):
        if used() > budget:
            part.clear()
    if used() > budget and step.entered_title:  # a summary: one row per line before any goes
        entered[1:] = [Line(_cut("  " + _one_line(item), width), "dim") for item in step.entered]
    while used() > budget and len(entered) > 2:
        del entered[1]
        entered[0] = Line(step.entered_title or texts.ENTERED_SO_FAR_SOME, "dim")
    if used() > budget and entered:
        entered.clear()
    while used() > budget and len(question) > 1:
        question.pop()
        question[-1] = Line(_cut(question[-1].text + " …", width), question[-1].style)
    if used() > budget:
        cue.clear()
    body = tuple(blank + cue + question + turn + waiting + entered + answered)
    return ScreenLayout(
        header=header,
        joint=joint,
        question=body,
        tip=tuple(tip),
        label=tuple(label_lines),
        hints=hints,
        input_rows=max(1, height - used()),
    )


def _one_line(text: str) -> str:
    """Typed text made inert and put on one line (line breaks and tabs become spaces)."""
    return " ".join(safe(text).split())


def _cut(text: str, width: int) -> str:
    """One row at most: cut with '…' when ``text`` is wider than ``width``."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def step_info(view: object) -> StepInfo:
    """The layout's view of a StepView (fields the view does not have keep their default)."""
    position = getattr(view, "position", None)
    names = [name for name in StepInfo.__dataclass_fields__ if name not in ("round", "in_rounds")]
    values = {name: getattr(view, name) for name in names if hasattr(view, name)}
    return StepInfo(
        **values,
        round=getattr(position, "round", 0),
        in_rounds=getattr(position, "phase", "") == "proces-check",
    )
