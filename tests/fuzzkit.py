"""Fuzzing the loaders: generated input for the session, instrument and answers loaders.

Shared by tests/test_fuzz.py (about 100,000 inputs in CI) and bench/fuzz_loaders.py (longer
runs). Every target takes bytes, as a file on disk would give them, and goes as far as the
tool would: a session is loaded, then turned into a verslag and walked as ``resume`` would;
an answers file drives a whole conversation in memory. The only exception allowed out is a
KwaliteitError (a Dutch message for the user); anything else is a bug.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import strategies as st

from kwaliteit_cli.conversation.answers import ScriptedPrompter, answers_from_dict
from kwaliteit_cli.conversation.replay import replay
from kwaliteit_cli.conversation.steps import build_view, validate_position
from kwaliteit_cli.errors import (
    AnswersError,
    InstrumentError,
    KwaliteitError,
    SessionFileError,
)
from kwaliteit_cli.session.file import dump_session
from kwaliteit_cli.session.instrument import (
    default_instrument_text,
    load_instrument,
    parse_instrument,
)
from kwaliteit_cli.session.schema import session_from_dict
from kwaliteit_cli.session.tomlfile import decode_text, parse_toml
from kwaliteit_cli.verslag.context import FORMATS, ReportOptions, build_context
from kwaliteit_cli.verslag.render import render_report

INSTRUMENT = load_instrument(None)
START = dt.datetime(2026, 3, 12, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
ROOT = Path(__file__).resolve().parent.parent
FUZZED = Path("gefuzzd.toml")

# How many inputs each target has run, and how they ended: for the figures in the report.
COUNTS: Counter[str] = Counter()


# --- the targets -----------------------------------------------------------------------------


def load_session_bytes(raw: bytes) -> str:
    """Load as ``kwaliteit report`` and ``resume`` would; 'ok' or 'refused'."""
    COUNTS["session"] += 1
    try:
        session = session_from_dict(
            parse_toml(decode_text(raw, FUZZED, SessionFileError), FUZZED, SessionFileError),
            FUZZED,
        )
    except KwaliteitError:
        COUNTS["session refused"] += 1
        return "refused"
    for anonymous in (False, True):
        context = build_context(session, INSTRUMENT, ReportOptions(anonymous))
        for fmt in FORMATS:
            render_report(context, fmt)
    if session.position is not None and validate_position(INSTRUMENT, session, session.position):
        build_view(INSTRUMENT, session, session.position)
        ScriptedPrompter({}, FUZZED).skip_recorded(INSTRUMENT, session)
    COUNTS["session loaded"] += 1
    return "ok"


def load_instrument_bytes(raw: bytes) -> str:
    """Load as ``--instrument FILE`` would."""
    COUNTS["instrument"] += 1
    try:
        parse_instrument(
            parse_toml(decode_text(raw, FUZZED, InstrumentError), FUZZED, InstrumentError), FUZZED
        )
    except KwaliteitError:
        COUNTS["instrument refused"] += 1
        return "refused"
    COUNTS["instrument loaded"] += 1
    return "ok"


def load_answers_bytes(raw: bytes) -> str:
    """Load as ``--answers FILE`` would, and play the whole conversation from it."""
    COUNTS["answers"] += 1
    try:
        data = parse_toml(decode_text(raw, FUZZED, AnswersError), FUZZED, AnswersError)
        replay(answers_from_dict(data, FUZZED), INSTRUMENT, START)
    except KwaliteitError:
        COUNTS["answers refused"] += 1
        return "refused"
    COUNTS["answers played"] += 1
    return "ok"


TARGETS = {
    "session": load_session_bytes,
    "instrument": load_instrument_bytes,
    "answers": load_answers_bytes,
}


# --- seeds: valid files to mutate -----------------------------------------------------------


def _short_answers() -> dict[str, Any]:
    from tests.faultkit import SHORT_ANSWERS

    return SHORT_ANSWERS


def _session_texts() -> list[str]:
    """A finished short session, one paused in the proces-check, and the NSE example."""
    answers = _short_answers()
    done = replay(answers_from_dict(dict(answers), FUZZED), INSTRUMENT, START)
    paused_answers = {k: v for k, v in answers.items() if k != "check-out"}
    paused_answers["proces-check"] = [
        {k: v for k, v in answers["proces-check"][0].items() if k != "process_check"}
    ]
    paused = _play_until_stuck(paused_answers)
    example = ROOT / "examples" / "nse-stagebegeleiding.toml"
    # A follow-up of the example, paused in its proces-check: the [follow_up] table too.
    follow_up_answers = {
        **paused_answers,
        "check-in": {
            **answers["check-in"],
            "follow_up": ["gedaan", {"status": "loopt nog", "note": "tot mei"}, "vervallen"],
        },
    }
    follow_up = _play_until_stuck(follow_up_answers, earlier=example)
    return [
        dump_session(done),
        dump_session(paused),
        example.read_text("utf-8"),
        dump_session(follow_up),
    ]


def _play_until_stuck(answers: dict[str, Any], earlier: Path | None = None) -> Any:
    from kwaliteit_cli.conversation.loop import run_conversation
    from kwaliteit_cli.conversation.replay import SteppingClock
    from kwaliteit_cli.conversation.replies import start_follow_up
    from kwaliteit_cli.session.file import load_session
    from kwaliteit_cli.session.model import new_session

    session = new_session(INSTRUMENT.id, INSTRUMENT.version)
    if earlier is not None:
        start_follow_up(session, load_session(earlier), earlier.name)
    # It stops at the first question the file does not answer: a paused session.
    with contextlib.suppress(AnswersError):
        run_conversation(
            INSTRUMENT,
            session,
            answers_from_dict(answers, FUZZED),
            lambda _: None,
            SteppingClock(START),
        )
    return session


SESSION_SEEDS = _session_texts()
INSTRUMENT_SEEDS = [default_instrument_text()]
ANSWERS_SEEDS = [
    tomli_w.dumps(_short_answers()),
    (ROOT / "examples" / "nse-stagebegeleiding.antwoorden.toml").read_text("utf-8"),
]
SEEDS = {"session": SESSION_SEEDS, "instrument": INSTRUMENT_SEEDS, "answers": ANSWERS_SEEDS}


# --- strategies ------------------------------------------------------------------------------

# Bytes mapped onto the characters TOML is made of, so random input gets past the first line.
_TOMLISH = b"abcdefghijklmnopqrstuvwxyz_-ABCZ0123456789 \t\n\r=[]{}.,\"'#:+TZ\\"
_TRANSLATE = bytes(_TOMLISH[i % len(_TOMLISH)] for i in range(256))

raw_batches = st.lists(st.binary(max_size=96), min_size=16, max_size=16)
tomlish_batches = st.lists(
    st.binary(max_size=96).map(lambda b: b.translate(_TRANSLATE)), min_size=16, max_size=16
)

_KEYS = sorted(
    {
        *("schema_version", "tool", "status", "created_at", "updated_at", "completed_at"),
        *("instrument", "position", "meeting", "joint_question", "participants", "data"),
        *("phase_times", "answers", "decisions", "agreements", "id", "version", "source"),
        *("phase", "step", "round", "participant", "item", "title", "date", "partnership"),
        *("place", "facilitator", "facilitator_external", "minute_taker", "name", "role"),
        *("what", "period", "text", "at", "question", "silent", "passed", "choice"),
        *("answerable", "reason", "missing_data", "owner", "owner_name", "due", "due_text"),
        *("started_at", "ended_at", "phases", "questions", "addressee", "aloud", "kind"),
        *("options", "hint", "planned_minutes", "reflection_seconds", "who", "sharpened"),
        *("check-in", "proces-check", "check-out", "role_and_expectation", "joint_question"),
        *("contribution", "what_it_means", "process_check", "meaningful_group", "take_away"),
        *("joint_answer", "meaningful_self", "shared_goal", "first_impression", "onbekend"),
    }
)
_WORDS = [
    *_KEYS,
    *("in_progress", "completed", "opzet", "ik", "wij", "ik & wij", "ja", "nee", "nog niet"),
    *("/pas", "/terug", "de groep", "p1", "p2", "p9", "facilitator", "group", "kwaliteitsgesprek"),
    "",
    " ",
    "\u202e",
    "\x00",
    "\x1b[2J",
]

keys = st.sampled_from(_KEYS)
scalars = st.one_of(
    st.sampled_from(_WORDS),
    st.text(max_size=12),
    st.integers(min_value=-3, max_value=12),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=14))])),
    st.datetimes(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=8,
)


@st.composite
def mutated_files(draw: st.DrawFn, kind: str) -> bytes:
    """A valid file with a few byte-level edits: cut, insert, replace, repeat, truncate."""
    text = draw(st.sampled_from(SEEDS[kind])).encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        at = draw(st.integers(0, size))
        span = draw(st.integers(0, 40))
        op = draw(st.sampled_from(["cut", "insert", "replace", "repeat", "truncate", "word"]))
        if op == "cut":
            text = text[:at] + text[at + span :]
        elif op == "insert":
            text = text[:at] + draw(st.binary(max_size=8)) + text[at:]
        elif op == "replace":
            text = text[:at] + draw(st.binary(min_size=1, max_size=4)) + text[at + 4 :]
        elif op == "repeat":
            text = text[:at] + text[at : at + span] * 2 + text[at + span :]
        elif op == "truncate":
            text = text[:at]
        else:
            text = text[:at] + draw(st.sampled_from(_WORDS)).encode("utf-8") + text[at:]
    return text


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a loaded file that a value can be swapped into."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*prefix, index))
    return out


@st.composite
def reshaped_files(draw: st.DrawFn, kind: str) -> bytes:
    """A valid file with values swapped for others of any type, keys dropped or added."""
    data = tomllib.loads(draw(st.sampled_from(SEEDS[kind])))
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(_paths(data)))
        if not place:
            continue
        parent: Any = data
        for part in place[:-1]:
            parent = parent[part]
        key = place[-1]
        op = draw(st.sampled_from(["swap", "swap", "drop", "add"]))
        if op == "swap":
            parent[key] = draw(values)
        elif op == "drop":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(keys)] = draw(values)
        else:
            parent.append(draw(values))
    try:
        return tomli_w.dumps(data).encode("utf-8")
    except (TypeError, ValueError):  # not representable in TOML (a list of mixed tables)
        return repr(data).encode("utf-8")
