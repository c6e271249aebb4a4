"""Without --deelnemers the program opens no network socket, in any command: traced with an
audit hook (``sys.addaudithook``) installed in every child process through sitecustomize."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kwaliteit_cli.session.model import Position
from tests.screen import Screen, paused_session

HOOK = textwrap.dedent(
    """
    import os, socket, sys

    _log = os.environ["KWALITEIT_SOCKET_LOG"]
    _NETWORK = {"socket.bind", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg"}

    def _hook(event, args):
        if event == "socket.__new__":
            family = args[1]
            if family in (socket.AF_INET, socket.AF_INET6):
                with open(_log, "a") as out:
                    out.write(f"{event} {family}\\n")
        elif event in _NETWORK:
            with open(_log, "a") as out:
                out.write(f"{event} {args[1:]!r}\\n")

    sys.addaudithook(_hook)
    """
)


@pytest.fixture
def traced(tmp_path: Path) -> tuple[dict[str, str], Path]:
    folder = tmp_path / "hook"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(HOOK, "utf-8")
    log = tmp_path / "sockets.log"
    log.write_text("", "utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")]),
        "KWALITEIT_SOCKET_LOG": str(log),
    }
    return env, log


def kwaliteit(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kwaliteit_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_command_opens_a_socket_without_deelnemers(
    tmp_path: Path, traced: tuple[dict[str, str], Path], nse_answers: Path
) -> None:
    env, log = traced
    paused = paused_session(
        nse_answers, tmp_path / "gepauzeerd.toml", Position("check-in", "first_impression")
    )
    runs = [
        ("--help",),
        ("--version",),
        ("start", "--answers", str(nse_answers), "-o", "s.toml"),
        ("resume", str(paused), "--answers", str(nse_answers)),
        ("report", "s.toml"),
        ("report", "s.toml", "-f", "html", "-o", "s.html"),
        ("report", "s.toml", "-f", "json", "-o", "s.json"),
        ("report", "s.toml", "-d", "verslagen"),
        ("overzicht", "s.toml"),
        ("check", "s.toml"),
        ("deelnemers", "--help"),
    ]
    for args in runs:
        done = kwaliteit(env, tmp_path, *args)
        assert done.returncode == 0, (args, done.stderr)
    assert log.read_text("utf-8") == ""


def test_no_socket_in_a_conversation_in_the_terminal(
    tmp_path: Path, traced: tuple[dict[str, str], Path], nse_answers: Path
) -> None:
    env, log = traced
    paused = paused_session(nse_answers, tmp_path / "s.toml", Position("check-in", "shared_goal"))
    screen = Screen("resume", paused, cwd=tmp_path, env=env)
    try:
        screen.wait_for("Esc Enter = klaar")
        assert "Telefoons" not in screen.text and "/telefoons" not in screen.text
        screen.send("Een gedeeld doel.\x1b\r")
        screen.wait_for("Welke gezamenlijke vraag willen we vandaag")
    finally:
        screen.close()
    assert log.read_text("utf-8") == ""


def test_the_trace_does_see_the_server_of_the_network_check(
    tmp_path: Path, traced: tuple[dict[str, str], Path]
) -> None:
    """The control: the same hook records the one socket that --deelnemers does open."""
    env, log = traced
    done = kwaliteit(env, tmp_path, "deelnemers", "test", "--adres", "127.0.0.1", "--wacht", "1")
    assert done.returncode == 1
    events = log.read_text("utf-8")
    assert "socket.bind (('127.0.0.1', 0),)" in events
    assert "0.0.0.0" not in events
