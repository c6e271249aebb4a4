"""Bad input, through the real CLI: every broken file gets one Dutch message, never a traceback.

Each case writes a file, runs the command that reads that kind of file, and checks the exit
code (1 for a file that cannot be used, see docs/robuustheid.md), the message (the kind of
file, its name, what is wrong, and the line or key where that is known) and the absence of a
traceback. The same holds for session files, instrument files (--instrument) and answers
files (--answers).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kwaliteit_cli.errors import SessionFileError
from kwaliteit_cli.session import tomlfile
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import default_instrument_text
from kwaliteit_cli.session.model import SCHEMA_VERSION
from tests.conftest import EXAMPLES, run_kwaliteit
from tests.fuzzkit import SESSION_SEEDS

DATA = Path(__file__).parent / "data"
NSE_ANSWERS = EXAMPLES / "nse-stagebegeleiding.antwoorden.toml"
SESSION = (DATA / "schema1-nse.toml").read_text("utf-8")  # frozen: a file as written today
PAUSED = SESSION_SEEDS[1]  # a session paused in the proces-check (it has a position)
INSTRUMENT = default_instrument_text()
ANSWERS = NSE_ANSWERS.read_text("utf-8")

KIND_WORDS = {
    "session": "Sessiebestand",
    "instrument": "Instrument",
    "answers": "Antwoordenbestand",
}
BASES = {"session": SESSION, "instrument": INSTRUMENT, "answers": ANSWERS}

Maker = Callable[[Path], object]


@dataclass(frozen=True)
class Case:
    name: str
    make: Maker  # writes the file (or folder) at the given path
    says: tuple[str, ...]  # fragments the message must hold (besides the kind and file name)


def content(data: bytes | str) -> Maker:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return lambda path: path.write_bytes(raw)


def edited(base: str, old: str, new: str, count: int = 1) -> Maker:
    assert old in base, old
    return content(base.replace(old, new, count))


def _sparse_100_mb(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)


COMMON = [
    Case(
        "geen TOML",
        content("Dit is een verslag, geen TOML.\n"),
        ("is geen geldige TOML", "regel 1"),
    ),
    Case(
        "syntaxfout op regel 3",
        content('a = "x"\nb = 2\nc = = 3\nd = 4\n'),
        ("is geen geldige TOML", "regel 3"),
    ),
    Case("leeg", content(b""), ("is leeg",)),
    Case("alleen witruimte", content(b"  \n\t\r\n"), ("is leeg",)),
    Case(
        "binair",
        content(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("geen tekstbestand", "binaire gegevens"),
    ),
    Case("100 MB", _sparse_100_mb, ("is te groot (meer dan ", " MB)")),
    Case(
        "ongeldige UTF-8",
        content(b'a = "x"\nb = "y"\nc = "caf\xe9"\n'),
        ("geen geldige UTF-8", "regel 3"),
    ),
    Case("UTF-16", content("a = 1\n".encode("utf-16")), ("binaire gegevens",)),
    Case("een map", lambda path: path.mkdir(), ("dit is een map",)),
    Case("bestaat niet", lambda path: None, ("bestaat niet",)),
    Case("getal van 5000 cijfers", content("a = " + "7" * 5000 + "\n"), ("te veel cijfers",)),
    Case("te diep genest", content("a = " + "[" * 50_000 + "]" * 50_000 + "\n"), ("te diep",)),
]


def kind_cases(kind: str) -> list[Case]:
    base = BASES[kind]
    return [
        Case(
            "dubbele sleutel",
            content("a = 1\na = 2\n" + base),
            ("twee keer een waarde", "regel 2"),
        ),
        Case(
            "onbekende sleutel bovenaan",
            content("onzin = 1\n" + base),
            ("(onzin)", "onbekende sleutel"),
        ),
    ]


SESSION_CASES = [
    Case(
        "onbekende sleutel in een tabel",
        edited(SESSION, "[meeting]\n", '[meeting]\nkleur = "blauw"\n'),
        ("(meeting.kleur)", "onbekende sleutel"),
    ),
    Case(
        "tekst waar een getal hoort",
        edited(SESSION, '-data"\nversion = 1\n', '-data"\nversion = "een"\n'),
        ("(instrument.version)", "moet een geheel getal zijn"),
    ),
    Case(
        "getal waar tekst hoort",
        edited(SESSION, 'title = "NSE 2026: begeleiding op de stageschool"', "title = 2026"),
        ("(meeting.title)", "moet tekst zijn"),
    ),
    Case(
        "verkeerd type in een lijst",
        edited(SESSION, 'question = "role_and_expectation"', "question = true"),
        ("(answers[1].question)", "moet tekst zijn"),
    ),
    Case(
        "verkeerde vorm: tekst waar een tabel hoort",
        edited(SESSION, '[instrument]\nid = "kwaliteitsgesprek-over-data"\nversion = 1\n', ""),
        ("(instrument)", "ontbreekt"),
    ),
    Case(
        "verkeerde vorm: antwoorden als tekst",
        content(
            SESSION.replace(
                "schema_version = 1\n", 'schema_version = 1\nanswers = "alles goed"\n'
            ).split("\n[[answers]]")[0]
        ),
        ("(answers)", "moet een lijst zijn"),
    ),
    Case(
        "nieuwere schema_version",
        edited(SESSION, "schema_version = 1\n", f"schema_version = {SCHEMA_VERSION + 1}\n"),
        ("nieuwere versie van kwaliteit", f"schema {SCHEMA_VERSION + 1}", "Werk kwaliteit bij"),
    ),
    Case(
        "schema_version 0",
        edited(SESSION, "schema_version = 1\n", "schema_version = 0\n"),
        ("(schema_version)", "schema_version 0 bestaat niet"),
    ),
    Case(
        "zonder schema_version",
        edited(SESSION, "schema_version = 1\n", ""),
        ("(schema_version)", "mist een geldige schema_version"),
    ),
    Case(
        "tijdstip zonder tijdzone",
        edited(
            SESSION, "created_at = 2026-03-12T15:00:00+01:00", "created_at = 2026-03-12T15:00:00"
        ),
        ("(created_at)", "mist een tijdzone"),
    ),
    Case(
        "onbekende status",
        edited(SESSION, 'status = "completed"', 'status = "klaar"'),
        ("(status)", "'klaar' is geen geldige waarde"),
    ),
    Case(
        "twee deelnemers met dezelfde id",
        edited(SESSION, 'id = "p2"', 'id = "p1"'),
        ("(participants)", "dezelfde id"),
    ),
    Case(
        "positie in een onbekende fase",
        edited(PAUSED, 'phase = "proces-check"\nstep =', 'phase = "pauze"\nstep ='),
        ("(position.phase)", "'pauze' is geen geldige waarde"),
    ),
    Case(
        "ronde van een miljard",
        edited(PAUSED, "round = 1\n", "round = 1000000000\n"),
        ("round)", "van 0 tot en met 999"),
    ),
    Case(
        "ander instrument",
        edited(SESSION, 'id = "kwaliteitsgesprek-over-data"', 'id = "iets-anders"'),
        ("(instrument.id)", "hoort bij instrument 'iets-anders'", "--instrument"),
    ),
]

INSTRUMENT_CASES = [
    Case(
        "tekst waar true of false hoort",
        edited(INSTRUMENT, "aloud = true", 'aloud = "ja"'),
        ("(phases[1].questions[1].aloud)", "moet true of false zijn"),
    ),
    Case(
        "onbekende soort vraag",
        edited(INSTRUMENT, 'kind = "text"', 'kind = "raadsel"'),
        ("(phases[1].questions[1].kind)", "'raadsel' is geen geldige waarde"),
    ),
    Case(
        "fases in de verkeerde vorm",
        edited(INSTRUMENT, 'id = "check-in"', 'id = "begin"'),
        ("(phases)", "de fases zijn begin, proces-check, check-out"),
    ),
    Case(
        "onbekende sleutel bij een vraag",
        edited(INSTRUMENT, 'kind = "text"', 'kind = "text"\nkleur = "rood"'),
        ("(phases[1].questions[1].kleur)", "onbekende sleutel"),
    ),
]

ANSWERS_CASES = [
    Case(
        "lijst waar tekst hoort",
        edited(ANSWERS, 'title = "NSE 2026: begeleiding op de stageschool"', "title = [1, 2]"),
        ("(meeting.title)", "moet tekst zijn"),
    ),
    Case(
        "antwoord dat geen vraag heeft",
        content(ANSWERS + '\n[extra]\nvraag = "antwoord"\n'),
        ("(extra)", "onbekende sleutel"),
    ),
    Case(
        "antwoord dat het gesprek niet stelt",
        edited(ANSWERS, 'take_away = ""', 'take_away = ""\nbonus = "nog iets"'),
        ("(check-out.bonus)", "is niet gebruikt"),
    ),
    Case(
        "ontbrekend antwoord",
        edited(ANSWERS, "joint_answer = ", "joint_answer_typo = "),
        ("(check-out.joint_answer)", "ontbreekt"),
    ),
    Case(
        "deelnemers als tekst",
        content(
            ANSWERS.replace("[[participants]]", "[[p]]").replace(
                "[meeting]", 'participants = "wij allemaal"\n\n[meeting]', 1
            )
        ),
        ("onbekende sleutel",),
    ),
    Case(
        "duizend rondes",
        content(
            ANSWERS.split("[[proces-check]]")[0]
            + '[[proces-check]]\ncontribution = ["a", "b", "c"]\n' * 1000
        ),
        ("(proces-check)", "hoogstens 999"),
    ),
]


def _command(kind: str, path: Path, out: Path) -> list[str | Path]:
    if kind == "session":
        # 'report' reads a whole folder of sessions; 'resume' wants one file.
        return ["resume", path, "--answers", NSE_ANSWERS] if path.is_dir() else ["report", path]
    if kind == "instrument":
        return ["start", "--answers", NSE_ANSWERS, "--instrument", path, "--output", out]
    return ["start", "--answers", path, "--output", out]


def _params() -> list[Any]:
    params = []
    for kind, special in (
        ("session", SESSION_CASES),
        ("instrument", INSTRUMENT_CASES),
        ("answers", ANSWERS_CASES),
    ):
        for case in [*COMMON, *kind_cases(kind), *special]:
            params.append(pytest.param(kind, case, id=f"{kind}: {case.name}"))
    return params


@pytest.mark.parametrize(("kind", "case"), _params())
def test_a_bad_file_gets_one_dutch_message(kind: str, case: Case, tmp_path: Path) -> None:
    path = tmp_path / "kapot.toml"
    case.make(path)
    result = run_kwaliteit(*_command(kind, path, tmp_path / "uit.toml"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.splitlines()[0]
    assert message.startswith(f"Fout: {KIND_WORDS[kind]} {path}"), result.stderr
    for fragment in case.says:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert not (tmp_path / "uit.toml").exists() or kind == "answers"


@pytest.mark.parametrize(
    "case", [c for c in COMMON if c.name in ("geen TOML", "binair", "100 MB")], ids=str
)
def test_resume_refuses_a_bad_session_file_the_same_way(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "kapot.toml"
    case.make(path)
    result = run_kwaliteit("resume", path, "--answers", NSE_ANSWERS)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Fout: Sessiebestand {path}")
    assert case.says[0] in result.stderr
    assert "Traceback" not in result.stderr


def _bom_crlf(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize("kind", ["session", "instrument", "answers"])
def test_a_bom_and_windows_line_endings_load(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(_bom_crlf(BASES[kind]))
    result = run_kwaliteit(*_command(kind, path, tmp_path / "uit.toml"))
    assert result.returncode == 0, result.stderr


def test_a_schema_1_file_still_loads() -> None:
    """Written by the first version; a later SCHEMA_VERSION must upgrade it, not refuse it."""
    session = load_session(DATA / "schema1-nse.toml")
    assert session.completed
    assert len(session.answers) == 25


def test_multiline_text_with_windows_line_endings_loads_as_text(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(_bom_crlf(SESSION))
    original = load_session(DATA / "schema1-nse.toml")
    assert load_session(path).answers == original.answers


def test_a_huge_file_is_refused_before_any_of_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "groot.toml"
    _sparse_100_mb(path)
    reads: list[int] = []
    real_open = Path.open

    class Spy:
        """The file handle, recording every read."""

        def __init__(self, handle: io.BufferedReader) -> None:
            self.handle = handle

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def fileno(self) -> int:
            return self.handle.fileno()

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return self.handle.read(size)

    def spying_open(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]
        return Spy(handle) if mode == "rb" else handle

    monkeypatch.setattr(Path, "open", spying_open)
    with pytest.raises(SessionFileError, match=re.escape("te groot")):
        tomlfile.read_text(path, SessionFileError)
    assert reads == []
