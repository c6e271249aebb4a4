"""How many keys a facilitator presses for a whole conversation, on the old and the new screen.

    python bench/keycount.py [ANSWERS.toml]

Walks the conversation of an answers file (default: the four-person example) and writes, for
each step, the keys a person types on each screen: the answer's characters, Enter, Esc-Enter,
arrows, digits, Ctrl-U to clear a prefilled field. ``old`` is the questionary screen (arrows
through a list from its preselected entry, '/pas' typed); ``new`` is the full-screen one
(a digit picks from a list, j/n confirms, the joint question is confirmed once, and the review
screens take one Enter). tests/test_screen.py drives the ``new`` keys through a real
pseudo-terminal to the end of the conversation, so that count is one the screen really takes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kwaliteit_cli import texts
from kwaliteit_cli.conversation.answers import load_answers
from kwaliteit_cli.conversation.loop import run_conversation
from kwaliteit_cli.conversation.minutes_steps import NO_AGREEMENT
from kwaliteit_cli.conversation.replay import SteppingClock
from kwaliteit_cli.conversation.steps import Field, Reply, StepView
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import new_session

ROOT = Path(__file__).resolve().parent.parent
FOUR_PEOPLE = ROOT / "examples" / "uitval-eerstejaars.antwoorden.toml"

ENTER = "\r"
ESC_ENTER = "\x1b\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
CLEAR = "\x15"  # Ctrl-U
SELECT = ("choice", "role", "owner", "confirm")
Keys = list[str]  # one entry per key press (an arrow is one press)


class Typed(str):
    """A character of an answer (as opposed to a key that moves, picks or confirms)."""

    __slots__ = ()


def _chars(text: str) -> Keys:
    return [Typed(ENTER if char == "\n" else char) for char in text]


@dataclass
class Step:
    view: StepView
    reply: Reply
    keys: Keys = field(default_factory=list)


def _typed(value: str, default: str) -> Keys:
    """Keys to leave ``value`` in a field prefilled with ``default`` (before Enter)."""
    if value == default:
        return []
    return ([CLEAR] if default else []) + _chars(value)


def _command(default: str) -> Keys:
    """'/pas' typed into a field (cleared first when it holds something)."""
    return ([CLEAR] if default else []) + list(texts.COMMAND_PASS)


def _asked(view: StepView, reply: Reply) -> list[tuple[Field, str]]:
    """The fields the screen asks for this reply, with the value each gets."""
    out: list[tuple[Field, str]] = []
    values = dict(reply.values)
    for index, one in enumerate(view.fields):
        if not one.shown(values):
            continue
        value = values.get(one.name, "")
        out.append((one, value))
        if index == 0 and view.repeat_item is not None and not value.strip() and not one.required:
            break
    return out


def _entries(view: StepView, one: Field, first: bool, *, confirm_as_list: bool) -> list[str]:
    as_list = one.kind == "confirm" and confirm_as_list
    options = [texts.YES, "nee"] if as_list else list(one.options)
    if one.kind == "role":
        options.append(texts.OTHER_ROLE)
    if first and view.can_pass:
        options.append(texts.COMMAND_PASS)
    if first and view.can_go_back:
        options.append(texts.COMMAND_BACK)
    return options


def _role_target(one: Field, value: str) -> str:
    if one.kind == "owner" and not value and NO_AGREEMENT in one.options:
        return NO_AGREEMENT  # missing data that the group made no agreement of
    return value if one.kind != "role" or value in one.options else texts.OTHER_ROLE


def old_keys(view: StepView, reply: Reply) -> Keys:
    """The questionary screen: arrows from the preselected entry, '/pas' typed."""
    if view.kind == "review":
        return []  # the old screen had no review
    if view.silent:
        return [ENTER]
    first_field = view.fields[0]
    if reply.action == "pass":
        if first_field.kind in SELECT:
            entries = _entries(view, first_field, True, confirm_as_list=True)
            return [DOWN] * entries.index(texts.COMMAND_PASS) + [ENTER]
        end = ESC_ENTER if first_field.kind == "long_text" else ENTER
        return [*_command(view.draft or first_field.default), end]
    keys: Keys = []
    for index, (one, value) in enumerate(_asked(view, reply)):
        if one.kind in SELECT:
            entries = _entries(view, one, index == 0, confirm_as_list=True)
            start = entries.index(one.default) if one.default in entries else 0
            target = entries.index(_role_target(one, value))
            keys += [DOWN if target > start else UP] * abs(target - start) + [ENTER]
            if _role_target(one, value) != value:
                keys += [*_chars(value), ENTER]
            if one.kind == "owner" and value == texts.SOMEONE_ELSE:
                keys += [*_chars(reply.values.get("who_other", "")), ENTER]
            continue
        keys += _typed(value, one.default)
        keys.append(ESC_ENTER if one.kind == "long_text" else ENTER)
    return keys


def new_keys(view: StepView, reply: Reply) -> Keys:
    """The full-screen: a digit picks, j/n confirms, '/pas' typed on its own line."""
    if view.silent:
        return [ENTER]
    first_field = view.fields[0]
    if reply.action == "pass":
        if first_field.kind in ("choice", "role", "owner"):
            entries = _entries(view, first_field, True, confirm_as_list=False)
            return _digit_keys(entries.index(texts.COMMAND_PASS), len(entries))
        return [*_command(view.draft or first_field.default), ENTER]
    keys: Keys = []
    for index, (one, value) in enumerate(_asked(view, reply)):
        if one.kind == "confirm":
            keys += ["j" if value == texts.YES else "n", ENTER]
            continue
        if one.kind in SELECT:
            entries = _entries(view, one, index == 0, confirm_as_list=False)
            target = _role_target(one, value)
            if one.default and target == one.default:
                keys.append(ENTER)  # the cursor starts on the earlier answer
                continue
            keys += _digit_keys(entries.index(target), len(entries))
            if target != value:
                keys += [*_chars(value), ENTER]
            if one.kind == "owner" and value == texts.SOMEONE_ELSE:
                keys += [*_chars(reply.values.get("who_other", "")), ENTER]
            continue
        keys += _typed(value, one.default)
        keys.append(ESC_ENTER if one.kind == "long_text" else ENTER)
    if view.kind == "joint_question":
        keys += ["j", ENTER]  # 'staat de vraag zo goed?'
    return keys


def _digit_keys(index: int, count: int) -> Keys:
    """Keys to pick entry ``index`` by number: instant when no longer number starts with it."""
    number = str(index + 1)
    longer = any(str(n).startswith(number) and n != index + 1 for n in range(1, count + 1))
    return [*list(number), ENTER] if longer else list(number)


class Counting:
    """Answers from the script and writes down the keys each screen would take."""

    def __init__(self, path: Path, keys: Callable[[StepView, Reply], Keys]) -> None:
        self.script = load_answers(path)
        self.keys = keys
        self.steps: list[Step] = []

    def ask(self, view: StepView) -> Reply:
        reply = self.script.ask(view)
        self.steps.append(Step(view, reply, self.keys(view, reply)))
        return reply

    def tell_error(self, message: str) -> None:
        raise AssertionError(message)


def walk(path: Path, keys: Callable[[StepView, Reply], Keys]) -> list[Step]:
    inst = load_instrument(None)
    session = new_session(inst.id, inst.version)
    counting = Counting(path, keys)
    run_conversation(inst, session, counting, lambda _: None, SteppingClock(session.created_at))
    return counting.steps


def summary(steps: list[Step]) -> tuple[int, int]:
    """(all key presses, presses other than the characters of the answers)."""
    total = sum(len(step.keys) for step in steps)
    typing = sum(isinstance(key, Typed) for step in steps for key in step.keys)
    return total, total - typing


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else FOUR_PEOPLE
    for name, keys in (("old", old_keys), ("new", new_keys)):
        steps = walk(path, keys)
        total, other = summary(steps)
        print(f"{name}: {len(steps)} screens, {total} keys, of which {other} not answer text")


if __name__ == "__main__":
    main(sys.argv[1:])
