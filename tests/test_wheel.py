"""The package works from a built wheel, not only from the source tree: templates and the
default instrument travel inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT


def test_a_built_wheel_carries_its_templates_and_instrument_and_runs(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("kwaliteit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kwaliteit_cli/data/instrument.toml" in names
    for template in ("verslag.md.j2", "verslag.html.j2", "overzicht.html.j2"):
        assert f"kwaliteit_cli/templates/{template}" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elders"  # far from the source tree, which must not be used
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "KWALITEIT_NO_TEMPLATE_CACHE": "1"}
    run = subprocess.run(
        [sys.executable, "-c", "import kwaliteit_cli, sys; print(kwaliteit_cli.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip().startswith(str(site))
    session = work / "s.toml"
    start = subprocess.run(
        [
            sys.executable,
            "-m",
            "kwaliteit_cli",
            "start",
            "--answers",
            str(EXAMPLES / "nse-stagebegeleiding.antwoorden.toml"),
            "--output",
            str(session),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert start.returncode == 0, start.stderr
    report = subprocess.run(
        [sys.executable, "-m", "kwaliteit_cli", "report", str(session), "--format", "html"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    assert "Gezamenlijke vraag" in report.stdout and "<html" in report.stdout
