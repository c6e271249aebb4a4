"""The command to type to go on, as it works where the person is.

``kwaliteit resume FILE`` only works when ``kwaliteit`` is on PATH. Under ``make start`` it is
not (the program lives in .venv/bin), so the hint says ``make resume BESTAND=FILE``; elsewhere
without it on PATH, the hint gives the program's full path.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

VIA_MAKE = "KWALITEIT_VIA_MAKE"


def program() -> str:
    """How to call kwaliteit from here: 'kwaliteit', or its full path, or 'python -m ...'."""
    here = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("kwaliteit")
    if found and (here is None or Path(found).resolve() == here or here.suffix == ".py"):
        return "kwaliteit"
    if here is not None and here.name == "kwaliteit" and here.is_file():
        return shlex.quote(str(here))
    return f"{shlex.quote(sys.executable)} -m kwaliteit_cli"


def _shown(path: Path) -> str:
    """The path as short as it can be while still working from the current folder."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
        return shlex.quote(str(relative))
    except ValueError:
        return shlex.quote(str(path))


def command(verb: str, path: Path) -> str:
    """'kwaliteit resume FILE' or what works in its place here."""
    if os.environ.get(VIA_MAKE) and verb == "resume":
        return f"make resume BESTAND={_shown(path)}"
    return f"{program()} {verb} {_shown(path)}"
