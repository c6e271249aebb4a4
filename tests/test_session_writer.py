"""The session file is written with tomli-w: whatever people type reads back exactly, multi-line
answers stay readable, and files written by the earlier hand-made writer load and re-save with
the same content."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import tomli
from hypothesis import example, given
from hypothesis import strategies as st

from kwaliteit_cli.session.file import dump_session, load_session
from kwaliteit_cli.session.model import SCHEMA_VERSION, Session

# Written by kwaliteit before it used tomli-w (schema 2, its own TOML writer).
OLD_WRITER = Path(__file__).parent / "data" / "oude-schrijver.toml"


@given(st.text())
@example("eerste\r\ntweede")
@example("\r\n")
@example("a\rb")
def test_any_answer_text_reads_back_exactly_but_windows_line_breaks(text: str) -> None:
    session = load_session(OLD_WRITER)
    session.answers[0].text = text
    written = dump_session(session)
    # tomli-w writes multi-line strings with plain line breaks: CR LF comes back as LF (the
    # same text on every screen); every other character, a lone CR included, comes back exactly.
    expected = text.replace("\r\n", "\n") if "\n" in text else text
    assert tomllib.loads(written)["answers"][0].get("text", "") == expected
    assert tomli.loads(written)["answers"][0].get("text", "") == expected


def test_multi_line_answers_are_written_as_multi_line_strings(nse_session: Session) -> None:
    nse_session.answers[0].text = 'Eerste regel\nTweede regel met "aanhalingstekens"'
    text = dump_session(nse_session)
    assert '"""\nEerste regel\nTweede regel met \\"aanhalingstekens\\""""' in text


def test_timestamps_are_iso_8601_with_their_offset(nse_session: Session) -> None:
    nse_session.created_at = dt.datetime(
        2026, 3, 12, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert "created_at = 2026-03-12 15:00:00+01:00" in dump_session(nse_session)


def test_a_file_of_the_old_writer_loads_and_resaves_with_the_same_content(tmp_path: Path) -> None:
    session = load_session(OLD_WRITER)
    again = tmp_path / "opnieuw.toml"
    again.write_text(dump_session(session), "utf-8")
    before = tomllib.loads(OLD_WRITER.read_text("utf-8"))
    after = tomllib.loads(again.read_text("utf-8"))
    # Schema 3 adds the session's identity (derived, the same on every load) and [end].
    assert after.pop("schema_version") == SCHEMA_VERSION and before.pop("schema_version") == 2
    assert after.pop("id") == session.id and after.pop("end") == {"file_complete": True}
    assert after == before
    assert load_session(again) == session
