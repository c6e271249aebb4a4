"""Golden files: every example session, in every format, renders exactly as kept in examples/.

When a change to the verslag is intended, run `make golden` and review the diff.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

_spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
assert _spec is not None and _spec.loader is not None
make_examples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_examples)

SESSIONS = make_examples.session_paths()


def test_there_is_a_finished_and_an_unfinished_example() -> None:
    names = [p.stem for p in SESSIONS]
    assert {"nse-stagebegeleiding", "uitval-eerstejaars", "zelfevaluatie-onderbroken"} <= set(names)
    assert set(make_examples.STOPS) <= set(names)


def test_every_format_has_a_golden_variant() -> None:
    variants = {(fmt, anonymous, short) for _, fmt, anonymous, short in make_examples.VARIANTS}
    formats = {"md", "html", "json", "docx"}
    assert {fmt for fmt, _, _ in variants} == formats
    for fmt in formats:  # full, anonymous, short, and short and anonymous
        assert {(a, s) for f, a, s in variants if f == fmt} == {
            (False, False),
            (True, False),
            (False, True),
            (True, True),
        }


@pytest.mark.parametrize("session_path", SESSIONS, ids=lambda p: p.stem)
def test_reports_match_their_golden_files(session_path: Path) -> None:
    rendered = make_examples.render_variants(session_path)
    assert len(rendered) == len(make_examples.VARIANTS)
    for path, content in rendered.items():
        assert path.exists(), f"{path.name} ontbreekt: draai 'make golden'"
        expected = path.read_bytes() if isinstance(content, bytes) else path.read_text("utf-8")
        assert content == expected, f"{path.name} wijkt af: draai 'make golden' en bekijk de diff"


@pytest.mark.parametrize(
    "answers", sorted(EXAMPLES.glob("*.antwoorden.toml")), ids=lambda p: p.name.split(".")[0]
)
def test_example_sessions_match_their_answers_files(answers: Path) -> None:
    """The sessions the golden files come from are what `make examples` would make now."""
    from kwaliteit_cli.session.file import load_session
    from kwaliteit_cli.session.schema import session_to_dict

    kept = load_session(EXAMPLES / f"{make_examples.example_name(answers)}.toml")
    fresh = make_examples.build_session(answers)
    assert session_to_dict(fresh) == session_to_dict(kept)
