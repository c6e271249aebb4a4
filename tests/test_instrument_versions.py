"""Instrument versions, roles and group lines: the instrument as data a partnership can adapt,
and a conversation that goes on in the wording it began with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kwaliteit_cli.errors import InstrumentError
from kwaliteit_cli.session.instrument import (
    DEFAULT_VERSION,
    default_instrument_text,
    load_default_instrument,
    load_instrument,
    load_session_instrument,
)

V1_CONTRIBUTION = (
    "Wat zie jij in de data, bekeken vanuit jouw rol? Wat herken je en wat verrast je?"
)


def test_the_current_instrument_lists_the_roles_of_todays_partnerships() -> None:
    roles = load_default_instrument().roles
    for role in (
        "zij-instromer",
        "praktijkopleider (mbo)",
        "BPV-begeleider (mbo)",
        "schoolleider / directeur",
        "opleidingscoördinator",
        "werkplekbegeleider",
    ):
        assert role in roles


def test_version_1_is_kept_with_its_own_wording() -> None:
    old = load_default_instrument(1)
    new = load_default_instrument()
    assert (old.version, new.version) == (1, DEFAULT_VERSION)
    assert old.question("proces-check", "contribution").text == V1_CONTRIBUTION
    assert "gezamenlijke vraag" in new.question("proces-check", "contribution").text
    assert [q.id for q in old.phase("check-in").questions] == [
        "role_and_expectation",
        "first_impression",
        "shared_goal",
        "joint_question",
    ]
    assert "about_the_data" in [q.id for q in new.phase("check-in").questions]
    assert old.question("proces-check", "what_it_means").group_line == ""
    assert new.question("proces-check", "what_it_means").group_line


def test_the_data_question_is_asked_aloud_of_the_group() -> None:
    question = load_default_instrument().question("check-in", "about_the_data")
    assert (question.addressee, question.aloud) == ("wij", True)


def test_a_version_this_program_does_not_have_is_refused_with_a_way_out() -> None:
    with pytest.raises(InstrumentError) as caught:
        load_default_instrument(DEFAULT_VERSION + 5)
    assert "bestaat niet" in caught.value.message
    assert "--instrument" in caught.value.hint


def test_a_session_gets_its_own_file_or_its_version_or_the_named_override(tmp_path: Path) -> None:
    own = tmp_path / "eigen.toml"
    own.write_text(
        default_instrument_text().replace('id = "kwaliteitsgesprek-over-data"', 'id = "eigen"'),
        "utf-8",
    )
    assert load_session_instrument(str(own), 1).id == "eigen"
    assert load_session_instrument("", 1).version == 1
    assert load_session_instrument("", DEFAULT_VERSION).version == DEFAULT_VERSION
    assert load_session_instrument("", 1, override=own).id == "eigen"


def instrument_with(tmp_path: Path, old: str, new: str) -> Path:
    text = default_instrument_text()
    assert old in text
    path = tmp_path / "instrument.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_a_partnership_can_name_its_own_roles(tmp_path: Path) -> None:
    path = tmp_path / "instrument.toml"
    text = re.sub(r"roles = \[[^\]]*\]", 'roles = ["mentor", "rector"]', default_instrument_text())
    path.write_text(text, "utf-8")
    assert load_instrument(path).roles == ("mentor", "rector")


def test_a_role_named_twice_is_refused(tmp_path: Path) -> None:
    path = instrument_with(
        tmp_path, '    "zij-instromer",\n', '    "zij-instromer",\n    "zij-instromer",\n'
    )
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert caught.value.where == "instrument.roles"


def test_a_group_line_on_a_question_to_ik_alone_is_refused_with_its_place(tmp_path: Path) -> None:
    path = instrument_with(
        tmp_path,
        'id = "contribution"\n',
        'id = "contribution"\ngroup_line = "En samen?"\n',
    )
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert caught.value.where.endswith("group_line")
    assert "ik & wij" in caught.value.message
