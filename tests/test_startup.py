"""Start-up stays light: the UI and template libraries load only when a command needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

HEAVY = ("questionary", "prompt_toolkit", "jinja2", "rich")

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


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["report", "--help"]])
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
