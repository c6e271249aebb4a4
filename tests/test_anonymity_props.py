"""Anonymous means anonymous, for any names (issue 14): a property over generated names.

Names with diacritics, particles ("van der", "El"), hyphens, and answers that mention them in
any case, possessive ("Karims", "Karim's"), without their accents, as a first or last name
alone or as part of a hyphenated name. None of their words may appear in any anonymous output:
``report`` in every format, the follow-up's look back, ``overzicht`` in every format and the
file names of ``report --output-dir``. In process for many examples; through the real CLI for
a few, so the commands' own paths are covered too.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.schema import session_from_dict
from kwaliteit_cli.verslag.anonymise import fold
from kwaliteit_cli.verslag.batch import report_stem
from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.overview import OverviewBuilder, render_overview
from kwaliteit_cli.verslag.render import ReportRenderer, render_report
from tests.attackkit import NSE_FILE, TZ, write_session
from tests.conftest import run_kwaliteit

INSTRUMENT = load_instrument(None)
BASE = tomli.loads(NSE_FILE.read_text("utf-8"))
ROLES = ["schoolopleider", "instituutsopleider", "werkplekbegeleider"]

# Name words start with q or x: no word of the report's own text does, so a word found in the
# output can only be a leaked name.
SYLLABLES = ["a", "ö", "ë", "in", "ar", "el", "ús", "ja", "ço", "mi", "ne", "rí", "ta", "ü", "lo"]


@st.composite
def name_word(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["Q", "X", "Qu", "Xa", "Qé", "Xö"]))
    rest = "".join(draw(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3)))
    word = head + rest
    return word if len(fold(word)) >= 3 else word + "ar"


@st.composite
def person_name(draw: st.DrawFn) -> str:
    first = draw(name_word())
    if draw(st.booleans()):
        first += "-" + draw(name_word())
    particle = draw(st.sampled_from(["", "van ", "van der ", "de ", "El ", "ter "]))
    last = draw(name_word())
    if draw(st.booleans()):
        last += "-" + draw(name_word())
    return f"{first} {particle}{last}"


def _strip_accents(text: str) -> str:
    return fold(text) if not text.isascii() else text


def forms(name: str) -> list[str]:
    """The ways a text can mention someone."""
    words = name.split()
    first, last = words[0], words[-1]
    parts = re.split(r"[\s-]+", name)
    return [
        name,
        name.lower(),
        name.upper(),
        first,
        last,
        " ".join(words[1:]),
        first + "s",
        first + "'s",
        _strip_accents(name),
        _strip_accents(first).capitalize(),
        parts[1] if len(parts) > 1 else first,
        parts[-1],
    ]


@st.composite
def cast(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Three names and sentences that mention them."""
    names = draw(st.lists(person_name(), min_size=3, max_size=3))
    sentences = []
    for name in names:
        chosen = draw(st.lists(st.sampled_from(forms(name)), min_size=1, max_size=4))
        sentences += [f"Ik sprak {form} gisteren, en {form}." for form in chosen]
    return names, sentences


def session_data(names: list[str], sentences: list[str]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["participants"] = [
        {"id": f"p{i + 1}", "name": name, "role": role}
        for i, (name, role) in enumerate(zip(names, ROLES, strict=True))
    ]
    data["meeting"]["title"] = f"Gesprek met {sentences[0]}"
    data["meeting"]["facilitator"] = "Marieke Verhoeven"
    data["joint_question"][-1]["text"] = " ".join(sentences[:2])
    for index, answer in enumerate(data["answers"]):
        answer["text"] = sentences[index % len(sentences)]
    for index, agreement in enumerate(data["agreements"]):
        agreement["what"] = sentences[-1 - index % len(sentences)]
    data["follow_up"] = {
        "title": sentences[-1],
        "date": dt.date(2026, 1, 10),
        "joint_question": sentences[0],
        "file": "eerder.toml",
        "created_at": dt.datetime(2026, 1, 10, 15, 0, tzinfo=TZ),
        "note": sentences[-1],
        "agreements": [
            {
                "what": sentence,
                "owner_name": names[i % 3],
                "owner_role": ROLES[i % 3],
                "status": "done",
                "note": sentence,
            }
            for i, sentence in enumerate(sentences[:4])
        ],
    }
    return data


def leaks(text: str, names: list[str]) -> set[str]:
    words = set(re.findall(r"\w+", fold(text)))
    wanted = {fold(w) for name in names for w in re.findall(r"\w+", name)}
    return words & {w for w in wanted if w[0] in "qx"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cast())
def test_no_generated_name_survives_in_any_anonymous_output(
    story: tuple[list[str], list[str]],
) -> None:
    names, sentences = story
    session = session_from_dict(session_data(names, sentences), Path("s.toml"))
    context = build_context(session, INSTRUMENT, ReportOptions(anonymous=True))
    for fmt in ("md", "html", "json"):
        assert leaks(render_report(context, fmt), names) == set(), fmt
    assert leaks(json.dumps(context["follow_up"], ensure_ascii=False), names) == set()
    neutral = build_context(session, INSTRUMENT, ReportOptions(anonymous=True, neutral=True))
    assert leaks(render_report(neutral, "md"), names) == set()
    builder = OverviewBuilder(anonymous=True)
    builder.add(session, "s.toml", INSTRUMENT)
    overview = builder.build(dt.date(2026, 12, 1))
    for fmt in ("md", "html", "json"):
        assert leaks("".join(render_overview(overview, fmt)), names) == set(), fmt
    title = ReportRenderer("md", ReportOptions(anonymous=True)).file_title(session)
    assert leaks(report_stem(session.meeting.date, title).replace("-", " "), names) == set()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story=cast())
def test_no_generated_name_survives_the_real_commands(
    story: tuple[list[str], list[str]], tmp_path_factory: Any
) -> None:
    names, sentences = story
    folder = tmp_path_factory.mktemp("in")
    write_session(folder / "gesprek.toml", session_data(names, sentences))
    assert load_session(folder / "gesprek.toml").participants[0].name == names[0]
    out = tmp_path_factory.mktemp("uit")
    outputs = [
        run_kwaliteit("report", folder / "gesprek.toml", "--anoniem", "-f", "html"),
        run_kwaliteit("report", folder, "-d", out, "--anoniem"),
        run_kwaliteit("overzicht", folder, "--anoniem", "-f", "json"),
    ]
    for result in outputs:
        assert result.returncode == 0, result.stderr
        assert leaks(result.stdout + result.stderr, names) == set()
    (written,) = out.iterdir()
    assert leaks(written.name.replace("-", " ") + written.read_text("utf-8"), names) == set()
