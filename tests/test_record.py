"""Records (kwaliteit_cli/session/record.py): every model class keeps the record rule.

The rule: ``__slots__`` names the fields in the order of ``__init__``'s parameters, and
``__init__`` stores each parameter under its own name. A field added to one but not the
other, or two assignments swapped, fails here rather than in a session file.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest

import kwaliteit_cli
from kwaliteit_cli.session.instrument import Question
from kwaliteit_cli.session.model import Answer, Session
from kwaliteit_cli.session.record import FrozenRecord, Record


def _all_records() -> list[type[Record] | type[FrozenRecord]]:
    found: dict[str, type[Record] | type[FrozenRecord]] = {}
    for module_info in pkgutil.walk_packages(kwaliteit_cli.__path__, "kwaliteit_cli."):
        if module_info.name.endswith("__main__"):  # running it is the CLI, not a definition
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, (Record, FrozenRecord))
                and value not in (Record, FrozenRecord)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return [found[key] for key in sorted(found)]


RECORDS = _all_records()


def test_the_model_classes_are_records() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Session", "Answer", "Meeting", "Question", "Phase", "Instrument"} <= names
    assert "ReportOptions" in names


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_slots_follow_the_parameters_of_init(cls: type[Record] | type[FrozenRecord]) -> None:
    parameters = list(inspect.signature(cls).parameters)
    assert tuple(parameters) == cls.__slots__


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_init_stores_every_parameter_under_its_own_name(
    cls: type[Record] | type[FrozenRecord],
) -> None:
    fields: tuple[str, ...] = cls.__slots__
    markers = {name: object() for name in fields}
    made = cls(**markers)
    for name, marker in markers.items():
        assert getattr(made, name) is marker, f"{cls.__name__}.{name}"


def _answer(**changes: object) -> Answer:
    moment = dt.datetime(2026, 3, 12, 15, 0, tzinfo=dt.UTC)
    return Answer("check-in", 0, "rol", moment, participant="p1", text="Hallo").replace(**changes)


def test_equal_fields_make_equal_records_and_one_field_makes_a_difference() -> None:
    assert _answer() == _answer()
    assert _answer() != _answer(text="Anders")
    assert _answer() != _answer(silent=True)
    assert _answer() != ("check-in", 0, "rol")  # another type is never equal


def test_replace_copies_and_refuses_unknown_fields() -> None:
    original = _answer()
    copy = original.replace(text="Nieuw")
    assert (original.text, copy.text, copy.participant) == ("Hallo", "Nieuw", "p1")
    with pytest.raises(TypeError, match="no field txt"):
        original.replace(txt="typo")


def test_repr_names_the_class_and_the_fields_in_order() -> None:
    text = repr(_answer())
    assert text.startswith("Answer(phase='check-in', round=0, question='rol', at=")
    assert "text='Hallo'" in text


def test_mutable_records_are_not_hashable_and_frozen_ones_hash_by_value() -> None:
    with pytest.raises(TypeError):
        hash(_answer())
    one = Question("q", "Vraag?", "ik", True, "text")
    assert hash(one) == hash(Question("q", "Vraag?", "ik", True, "text"))
    assert len({one, Question("q", "Vraag?", "ik", True, "text"), one.replace(id="r")}) == 2


def test_lists_with_a_default_are_never_shared_between_sessions() -> None:
    moment = dt.datetime(2026, 3, 12, 15, 0, tzinfo=dt.UTC)
    first = Session(moment, moment, "kwaliteitsgesprek-over-data", 1)
    second = Session(moment, moment, "kwaliteitsgesprek-over-data", 1)
    first.answers.append(_answer())
    first.meeting.title = "Eerste"
    assert second.answers == []
    assert second.meeting.title == ""


def test_a_record_has_no_instance_dict() -> None:
    with pytest.raises(AttributeError):
        _answer().txt = "typo"  # type: ignore[attr-defined]
