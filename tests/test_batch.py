"""Many sessions at once: finding the files, naming the reports, and the batch report command."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.make_sessions import Made, make_sessions
from kwaliteit_cli.session.file import save_session
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Session
from kwaliteit_cli.verslag.batch import (
    MAX_STEM_BYTES,
    MAX_STEM_CHARS,
    RESERVED_NAMES,
    NameClaims,
    find_session_files,
    report_extension,
    report_stem,
    target_in,
)
from kwaliteit_cli.verslag.context import build_context
from kwaliteit_cli.verslag.render import render_report
from tests.conftest import EXAMPLES, CliRunner

# --- finding files ---------------------------------------------------------------------------


def touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in (
        "b.toml",
        "a.toml",
        "a.antwoorden.toml",
        ".kwaliteit-abc123.tmp",
        "._a.toml",
        "notities.md",
        "sub/c.toml",
    ):
        touch(tmp_path / "sessies" / name)
    return tmp_path / "sessies"


def test_a_folder_gives_its_session_files_sorted_without_answers_hidden_or_temp_files(
    folder: Path,
) -> None:
    found = find_session_files([str(folder)])
    assert [Path(f).name for f in found.files] == ["a.toml", "b.toml"]
    assert [Path(f).name for f in found.leftovers] == [".kwaliteit-abc123.tmp"]
    assert found.problems == []


def test_a_file_named_on_its_own_is_always_taken(folder: Path) -> None:
    found = find_session_files([str(folder / "a.antwoorden.toml")])
    assert found.files == [str(folder / "a.antwoorden.toml")]


def test_patterns_are_expanded_without_a_shell(folder: Path) -> None:
    found = find_session_files([str(folder / "*.toml"), str(folder / "**" / "c.toml")])
    assert [Path(f).name for f in found.files] == ["a.toml", "b.toml", "c.toml"]


def test_a_missing_name_and_an_empty_pattern_are_problems_and_the_rest_still_counts(
    folder: Path,
) -> None:
    found = find_session_files(["weg.toml", str(folder / "*.json"), str(folder / "a.toml")])
    assert [p.file for p in found.problems] == ["weg.toml", str(folder / "*.json")]
    assert [p.problem for p in found.problems] == [
        "bestaat niet",
        "geen bestanden gevonden met dit patroon",
    ]
    assert found.files == [str(folder / "a.toml")]


def test_each_file_is_taken_once_however_it_is_named(folder: Path) -> None:
    found = find_session_files([str(folder / "a.toml"), str(folder), str(folder / "a*.toml")])
    assert [Path(f).name for f in found.files] == ["a.toml", "b.toml"]


def test_stdin_is_a_name_of_its_own() -> None:
    assert find_session_files(["-", "-"]).files == ["-"]


# --- report names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "title", "stem"),
    [
        (
            dt.date(2026, 3, 12),
            "NSE 2026: begeleiding op de stageschool",
            "2026-03-12-nse-2026-begeleiding-op-de-stageschool",
        ),
        (dt.date(2026, 3, 12), "Café-overleg Fryslân", "2026-03-12-cafe-overleg-fryslan"),
        (dt.date(2026, 3, 12), "../../etc/passwd", "2026-03-12-etc-passwd"),
        (dt.date(2026, 3, 12), "CON", "2026-03-12-con"),
        (None, "", "zonder-datum-gesprek"),
        (None, "???", "zonder-datum-gesprek"),
        (dt.date(2026, 1, 2), "  trailing dots... ", "2026-01-02-trailing-dots"),
    ],
)
def test_report_names_come_from_date_and_title(date: dt.date | None, title: str, stem: str) -> None:
    assert report_stem(date, title) == stem


def test_a_long_title_is_cut_to_a_safe_length_in_characters_and_bytes() -> None:
    stem = report_stem(dt.date(2026, 1, 1), "ĳsvogel " * 60)
    assert len(stem) <= MAX_STEM_CHARS
    stem = report_stem(dt.date(2026, 1, 1), "数据质量对话" * 40)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert not stem.endswith("-")


dates = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(date=dates, title=st.text(max_size=300))
def test_any_title_gives_a_name_that_is_safe_everywhere(date: dt.date | None, title: str) -> None:
    stem = report_stem(date, title)
    name = NameClaims().claim(stem, ".md")
    assert name == os.path.basename(name)
    assert not any(char in name for char in '<>:"/\\|?*') and name.isprintable()
    assert name.split(".")[0].upper() not in RESERVED_NAMES
    assert not stem.endswith((".", " ")) and stem == stem.strip()
    assert len(stem) <= MAX_STEM_CHARS and len(name.encode("utf-8")) <= MAX_STEM_BYTES + 10
    folder = Path("/tmp/verslagen")
    assert target_in(folder, name).resolve().parent == folder.resolve()


@settings(max_examples=100, deadline=None)
@given(titles=st.lists(st.text(max_size=40), min_size=1, max_size=30))
def test_names_never_collide_not_even_by_case(titles: list[str]) -> None:
    claims = NameClaims()
    day = dt.date(2026, 5, 1)
    given_names = [claims.claim(report_stem(day, title), ".md") for title in titles]
    given_names += [claims.claim(report_stem(day, title.upper()), ".md") for title in titles]
    folded = [name.casefold() for name in given_names]
    assert len(set(folded)) == len(folded)


def test_the_second_session_with_the_same_date_and_title_gets_a_number() -> None:
    claims = NameClaims()
    stem = report_stem(dt.date(2026, 5, 1), "Overleg")
    assert [claims.claim(stem, ".md") for _ in range(3)] == [
        "2026-05-01-overleg.md",
        "2026-05-01-overleg-2.md",
        "2026-05-01-overleg-3.md",
    ]
    # a title that itself ends in '-2' does not take a name already handed out
    assert claims.claim(report_stem(dt.date(2026, 5, 1), "Overleg 2"), ".md") == (
        "2026-05-01-overleg-2-2.md"
    )


@pytest.mark.parametrize("name", ["../x.md", "..", "", "a/b.md", "/etc/x.md", "."])
def test_a_name_that_would_leave_the_folder_is_refused(name: str) -> None:
    with pytest.raises(ValueError):
        target_in(Path("verslagen"), name)


def test_the_extension_follows_the_format_or_the_own_template() -> None:
    assert report_extension("md", None) == ".md"
    assert report_extension("html", None) == ".html"
    assert report_extension("md", Path("mijn.html.j2")) == ".html"
    assert report_extension("md", Path("eigen.txt")) == ".txt"
    assert report_extension("json", Path("sjabloon.j2")) == ".json"


# --- the report command over many files ------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Made]:
    """500 generated sessions with 8 broken files (one of each kind) among them."""
    folder = tmp_path_factory.mktemp("generated") / "sessies"
    made = make_sessions(folder, 500, seed=4, broken=8)
    touch(folder / "gesprek.antwoorden.toml", "[meeting]\ntitle = 'x'\n")
    touch(folder / ".kwaliteit-x1y2.tmp", "half geschreven")
    return folder, made


def test_batch_renders_every_good_session_and_names_every_broken_one(
    cli: CliRunner, generated: tuple[Path, Made], tmp_path: Path
) -> None:
    folder, made = generated
    assert len(made.good) == 500 and len(made.broken) == 8
    out = tmp_path / "verslagen"
    result = cli("report", folder, "--output-dir", out, timeout=300)
    assert result.returncode == 1
    written = sorted(out.iterdir())
    assert len(written) == 500
    assert all(p.suffix == ".md" and p.stat().st_size > 500 for p in written)
    for path in made.broken:
        assert str(path) in result.stderr
    assert result.stderr.count("Fout: ") == 8
    assert "gesprek.antwoorden.toml" not in result.stderr  # answers files are not sessions
    assert "500 verslagen" in result.stderr and "8 bestanden mislukt" in result.stderr
    assert result.stdout == ""
    assert "\r" not in result.stderr and "[#" not in result.stderr  # no progress bar in a pipe


def test_two_sessions_with_the_same_date_and_title_both_survive(
    cli: CliRunner, nse_session: Session, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    for name in ("eerste.toml", "tweede.toml"):
        save_session(nse_session, tmp_path / "in" / name)
    result = cli("report", tmp_path / "in", "-d", tmp_path / "uit")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == [
        "2026-03-12-nse-2026-begeleiding-op-de-stageschool-2.md",
        "2026-03-12-nse-2026-begeleiding-op-de-stageschool.md",
    ]


def test_a_rerun_writes_the_same_names_again(cli: CliRunner, tmp_path: Path) -> None:
    for _ in range(2):
        result = cli("report", EXAMPLES / "*.toml", "-d", tmp_path / "uit")
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == [
        "2026-03-12-nse-2026-begeleiding-op-de-stageschool.md",
        "2026-10-07-uitval-eerstejaars-pabo-na-de-eerste-stage.md",
        "2026-11-18-bpv-monitor-zorg-en-welzijn-begeleiding-in-het-leerbedrijf.md",
        "2026-11-25-zelfevaluatie-opleidingsschool-de-kempen.md",
    ]


def test_one_file_without_output_dir_still_goes_to_stdout(
    cli: CliRunner, nse_session: Session
) -> None:
    result = cli("report", EXAMPLES / "nse-stagebegeleiding.toml")
    assert result.returncode == 0, result.stderr
    expected = (EXAMPLES / "nse-stagebegeleiding.md").read_text("utf-8")
    assert result.stdout == expected
    assert result.stderr == ""


def test_a_session_can_come_from_stdin(cli: CliRunner) -> None:
    text = (EXAMPLES / "nse-stagebegeleiding.toml").read_text("utf-8")
    result = cli("report", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (EXAMPLES / "nse-stagebegeleiding.md").read_text("utf-8")


def test_many_files_without_output_dir_is_a_usage_error(cli: CliRunner) -> None:
    result = cli("report", EXAMPLES)
    assert result.returncode == 2
    assert "--output-dir" in result.stderr
    assert result.stdout == ""


def test_output_and_output_dir_together_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("report", EXAMPLES, "-o", tmp_path / "x.md", "-d", tmp_path)
    assert result.returncode == 2


def test_a_missing_file_among_others_is_named_and_the_others_rendered(
    cli: CliRunner, tmp_path: Path
) -> None:
    result = cli(
        "report", tmp_path / "weg.toml", EXAMPLES / "uitval-eerstejaars.toml", "-d", tmp_path / "u"
    )
    assert result.returncode == 1
    assert "weg.toml" in result.stderr and "bestaat niet" in result.stderr
    assert len(list((tmp_path / "u").iterdir())) == 1


def test_output_dir_that_is_a_file_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    touch(tmp_path / "bestand")
    result = cli("report", EXAMPLES, "-d", tmp_path / "bestand")
    assert result.returncode == 2


def test_json_reports_for_many_sessions(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("report", EXAMPLES, "-d", tmp_path, "-f", "json")
    assert result.returncode == 0, result.stderr
    sessions = [p for p in EXAMPLES.glob("*.toml") if not p.name.endswith(".antwoorden.toml")]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json"] * len(sessions)


def test_batch_reports_equal_single_reports(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("report", EXAMPLES, "-d", tmp_path)
    assert result.returncode == 0, result.stderr
    instrument = load_instrument(None)
    from kwaliteit_cli.session.file import load_session

    session = load_session(EXAMPLES / "uitval-eerstejaars.toml")
    expected = render_report(build_context(session, instrument), "md")
    assert (tmp_path / "2026-10-07-uitval-eerstejaars-pabo-na-de-eerste-stage.md").read_text(
        "utf-8"
    ) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal_for_more_than_a_handful(
    generated: tuple[Path, Made], tmp_path: Path
) -> None:
    import pexpect

    _, made = generated
    files = [str(p) for p in made.good[:7]]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kwaliteit_cli", "report", *files, "-d", str(tmp_path / "u")],
        env={**os.environ, "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "7/7" in (child.before or "")
    assert len(list((tmp_path / "u").iterdir())) == 7
