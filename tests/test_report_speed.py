"""The shortcuts that make reports fast change nothing in them.

Each shortcut is checked against the plain way it replaces: the quick paths of the text
filters against the full normalisation and escaping, the dict lookup of the template
environment against Jinja's own, and the compiled-template cache against compiling afresh.
Timing itself belongs to bench/ (see bench/run.py), never to a test.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from kwaliteit_cli.errors import TemplateFileError
from kwaliteit_cli.session.file import load_session
from kwaliteit_cli.session.instrument import Instrument, load_instrument, load_session_instrument
from kwaliteit_cli.verslag import batch, render
from kwaliteit_cli.verslag import text as verslag_text
from kwaliteit_cli.verslag.context import build_context
from kwaliteit_cli.verslag.text import display_text, md_cell, md_text, text_lines
from tests.conftest import EXAMPLES, CliRunner

# Text rich in what the filters care about: every kind of whitespace and line break, control
# characters, Markdown's special characters, digits at the start of a line.
TRICKY = st.text(
    alphabet=st.sampled_from(
        [
            *"ab Z09#+=-*_`[]<>|~&;\\.)!",
            *("\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\u3000"),
            *("\x00", "\x07", "\x1b", "\x7f", "\x9f", "\u200b", "é", "٣"),
        ]
    ),
    max_size=30,
)
ANY_TEXT = st.one_of(st.text(), TRICKY)
# The edges of the quick paths, always tried.
EDGES = ["", " ", "a  b", " a", "a ", "a\tb", "a\xa0b", "a\u200bb", "a\nb", "1. a", "-a", "#", "_"]
MANY: Callable[[Callable[[str], None]], Callable[[str], None]] = settings(max_examples=500)


def with_edges(test: Callable[[str], None]) -> Callable[[str], None]:
    for text in EDGES:
        test = example(text)(test)
    return test


def slow_md_line(line: str) -> str:
    line = verslag_text._MD_INLINE.sub(lambda m: "\\" + m.group(0), line)
    start = verslag_text._MD_LINE_START.match(line)
    if start:
        cut = 0 if start.group(0)[0] in "#+=-" else start.end()
        line = line[:cut] + "\\" + line[cut:]
    return line


@MANY
@with_edges
@given(ANY_TEXT)
def test_display_text_equals_the_full_normalisation(text: str) -> None:
    assert display_text(text) == "\n".join(text_lines(text))


@MANY
@with_edges
@given(ANY_TEXT)
def test_md_cell_equals_the_full_escaping(text: str) -> None:
    line = slow_md_line(" ".join(text_lines(text)))
    expected = verslag_text._MD_CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
    result = md_cell(text)
    assert isinstance(result, Markup)
    assert str(result) == expected


@MANY
@given(ANY_TEXT, st.sampled_from(["", "  ", "> "]))
def test_md_text_equals_the_full_escaping(text: str, indent: str) -> None:
    expected = ("\\\n" + indent).join(slow_md_line(line) for line in text_lines(text))
    assert str(md_text(text, indent)) == expected


# --- the template environment ------------------------------------------------------------------


@pytest.fixture
def context() -> dict[str, object]:
    session = load_session(EXAMPLES / "nse-stagebegeleiding.toml")
    return build_context(session, load_instrument(None))


def render_own(tmp_path: Path, source: str, context: dict[str, object]) -> str:
    template = tmp_path / "eigen.txt.j2"
    template.write_text(source, "utf-8")
    return render.render_report(context, "md", template)


def test_dict_methods_in_a_template_are_still_methods(
    tmp_path: Path, context: dict[str, object]
) -> None:
    # Jinja prefers an attribute to an item; the quick lookup keeps that for dict's own names.
    text = render_own(
        tmp_path,
        "{% for key, value in instrument.items() %}{{ key }}={{ value }};{% endfor %}"
        "|{{ instrument.get('id') }}|{{ instrument.keys() | list | length }}|{{ title }}",
        context,
    )
    instrument = context["instrument"]
    assert isinstance(instrument, dict)
    pairs = "".join(f"{k}={v};" for k, v in instrument.items())
    assert text == f"{pairs}|{instrument['id']}|{len(instrument)}|{context['title']}"


def test_a_missing_key_is_still_an_error_that_names_it(
    tmp_path: Path, context: dict[str, object]
) -> None:
    with pytest.raises(TemplateFileError) as caught:
        render_own(tmp_path, "{{ instrument.kleur }}", context)
    assert "kleur" in caught.value.problem


def test_each_template_compiles_once_per_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KWALITEIT_NO_TEMPLATE_CACHE", "1")
    monkeypatch.setattr(render, "_ENVIRONMENTS", {})
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *a, **k):  # type: ignore[no-untyped-def]
        compiled.append(name)
        return original(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    loads: list[object] = []
    original_load = load_session_instrument

    def counted_load(source: str, version: int, override: Path | None = None) -> Instrument:
        loads.append(source)
        return original_load(source, version, override)

    monkeypatch.setattr(batch, "load_session_instrument", counted_load)
    files = [str(p) for p in sorted(EXAMPLES.glob("*.toml")) if ".antwoorden" not in p.name]
    for _ in range(3):
        out = tmp_path / f"uit-{len(compiled)}-{len(loads)}"
        out.mkdir()
        written = list(batch.write_reports(files * 4, out, render.ReportRenderer(), ".md"))
        assert len(written) == len(files) * 4
    assert sorted(name or "" for name in compiled) == ["_vervolg.md.j2", "verslag.md.j2"]
    assert len(loads) == 3  # the instrument: once per run, not once per session


# --- the compiled-template cache ----------------------------------------------------------------

pytestmark_cache = pytest.mark.skipif(
    sys.platform == "win32", reason="Jinja keeps its cache in the temp folder itself on Windows"
)


def cache_folder(temp: Path) -> Path:
    return temp / f"_jinja2-cache-{os.getuid()}"


def report_with(cli: CliRunner, temp: Path, *args: str | Path, **env: str) -> str:
    result = cli("report", *args, env={"TMPDIR": str(temp), **env})
    assert result.returncode == 0, result.stderr
    return result.stdout


SESSION = EXAMPLES / "nse-stagebegeleiding.toml"
GOLDEN = (EXAMPLES / "nse-stagebegeleiding.md").read_text("utf-8")


@pytestmark_cache
def test_the_compiled_template_is_kept_and_used_again(cli: CliRunner, tmp_path: Path) -> None:
    assert report_with(cli, tmp_path, SESSION) == GOLDEN
    kept = sorted(cache_folder(tmp_path).glob("__kwaliteit_*.cache"))
    assert len(kept) == 2  # verslag.md.j2 and the part it includes
    assert oct(cache_folder(tmp_path).stat().st_mode & 0o777) == "0o700"
    assert report_with(cli, tmp_path, SESSION) == GOLDEN


@pytestmark_cache
@pytest.mark.parametrize("damage", ["junk", "cut"])
def test_a_damaged_cache_file_is_compiled_afresh(
    cli: CliRunner, tmp_path: Path, damage: str
) -> None:
    report_with(cli, tmp_path, SESSION)
    for path in cache_folder(tmp_path).glob("__kwaliteit_*.cache"):
        data = path.read_bytes()
        path.write_bytes(b"\x00niet te gebruiken" if damage == "junk" else data[: len(data) // 2])
    assert report_with(cli, tmp_path, SESSION) == GOLDEN


@pytestmark_cache
def test_an_own_template_that_changes_is_compiled_again(cli: CliRunner, tmp_path: Path) -> None:
    template = tmp_path / "eigen.md.j2"
    template.write_text("Eerste: {{ title }}\n", "utf-8")
    first = report_with(cli, tmp_path, SESSION, "--template", template)
    template.write_text("Tweede: {{ title }}\n", "utf-8")
    second = report_with(cli, tmp_path, SESSION, "--template", template)
    assert first.startswith("Eerste: ") and second.startswith("Tweede: ")


@pytestmark_cache
def test_no_cache_when_switched_off_or_when_its_folder_is_not_safe(
    cli: CliRunner, tmp_path: Path
) -> None:
    assert report_with(cli, tmp_path, SESSION, KWALITEIT_NO_TEMPLATE_CACHE="1") == GOLDEN
    assert not cache_folder(tmp_path).exists()
    cache_folder(tmp_path).write_text("geen map")  # where the cache folder should be
    assert report_with(cli, tmp_path, SESSION) == GOLDEN
