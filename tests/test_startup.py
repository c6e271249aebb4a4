"""Start-up stays light: the UI and template libraries load only when a command needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

HEAVY = ("questionary", "prompt_toolkit", "jinja2", "rich", "docx", "lxml")

PROBE = """
import sys
from kwaliteit_cli.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r})
print("LOADED=" + ",".join(heavy), file=sys.stderr)
"""


def loaded_modules(args: list[str]) -> list[str]:
    code = PROBE.format(args=args, heavy=set(HEAVY))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    line = [x for x in result.stderr.splitlines() if x.startswith("LOADED=")][-1]
    return [m for m in line.removeprefix("LOADED=").split(",") if m]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["report", "--help"],
        ["bewerk", "--help"],
        ["vaststellen", "--help"],
    ],
)
def test_help_and_version_import_no_heavy_libraries(args: list[str]) -> None:
    assert loaded_modules(args) == []


@pytest.mark.parametrize("fmt", ["tekst", "json"])
def test_check_imports_no_heavy_libraries(fmt: str) -> None:
    # check reads and validates sessions: no prompts, no templates, no colours.
    sessions = [str(p) for p in sorted(EXAMPLES.glob("*.toml"))]
    assert loaded_modules(["check", "-f", fmt, *sessions]) == []


def test_a_json_report_imports_no_template_library() -> None:
    session = EXAMPLES / "nse-stagebegeleiding.toml"
    assert loaded_modules(["report", str(session), "-f", "json"]) == []


def test_the_probe_does_see_heavy_imports(tmp_path: Path) -> None:
    # Guards the guard: a command that renders does load jinja2, so the probe can tell.
    session = EXAMPLES / "nse-stagebegeleiding.toml"
    out = tmp_path / "verslag.md"
    assert "jinja2" in loaded_modules(["report", str(session), "-o", str(out)])


# --- the help lists what there is ----------------------------------------------------------


def _run_cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kwaliteit_cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
    )


def test_the_overview_lists_every_command_with_its_help() -> None:
    from kwaliteit_cli import cli

    listed = _run_cli(["--help"]).stdout
    for info in cli.app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.replace("_", "-")
        first_words = " ".join((info.callback.__doc__ or "").split()[:3])
        assert f"  {name} " in listed and first_words in listed


def test_only_a_word_report_loads_python_docx(tmp_path: Path) -> None:
    session = EXAMPLES / "nse-stagebegeleiding.toml"
    assert "docx" not in loaded_modules(["report", str(session), "-o", str(tmp_path / "v.html")])
    assert "docx" in loaded_modules(["report", str(session), "-o", str(tmp_path / "v.docx")])
