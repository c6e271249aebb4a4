"""The package's layout keeps its promises: imports go one way, the pure parts know no UI.

Read from the source with ``ast``, so a late import inside a function counts as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kwaliteit_cli"
UI = {"questionary", "prompt_toolkit", "typer", "click", "rich"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).glob("*.py"))


def _parts(imports: set[str]) -> set[str]:
    """Which parts of kwaliteit_cli (and which outside libraries) a module imports."""
    parts = set()
    for name in imports:
        pieces = name.split(".")
        parts.add(pieces[1] if pieces[0] == "kwaliteit_cli" and len(pieces) > 1 else pieces[0])
    return parts


@pytest.mark.parametrize("module", _modules("session"), ids=lambda p: p.name)
def test_the_session_file_imports_none_of_the_other_parts(module: Path) -> None:
    parts = _parts(_imports(module))
    assert not parts & {"conversation", "verslag", "commands", "cli", "output", "jinja2"}
    assert not parts & UI


PURE = ["steps.py", "replies.py", "loop.py", "answers.py", "layout.py"]


@pytest.mark.parametrize("name", PURE)
def test_the_flow_imports_no_ui_library(name: str) -> None:
    parts = _parts(_imports(PACKAGE / "conversation" / name))
    assert not parts & UI
    assert not parts & {"verslag", "commands", "cli", "output"}


@pytest.mark.parametrize("module", _modules("verslag"), ids=lambda p: p.name)
def test_the_verslag_knows_no_terminal(module: Path) -> None:
    imports = _imports(module)
    assert not _parts(imports) & (UI | {"commands", "cli", "output"})
    assert not any(name.startswith("kwaliteit_cli.conversation.terminal") for name in imports)


@pytest.mark.parametrize("module", _modules("commands"), ids=lambda p: p.name)
def test_commands_print_only_through_output(module: Path) -> None:
    source = module.read_text("utf-8")
    assert "print(" not in source
    assert "sys.stdout.write" not in source and "sys.stderr.write" not in source


def test_the_checks_see_a_forbidden_import(tmp_path: Path) -> None:
    # Guards the guard: a late import inside a function is found too.
    module = tmp_path / "m.py"
    module.write_text("def f():\n    import questionary\n    from kwaliteit_cli.verslag import x\n")
    assert {"questionary", "verslag"} <= _parts(_imports(module))
