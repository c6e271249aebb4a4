"""``deelnemers test``: the check a facilitator runs before the meeting, in a subprocess."""

from __future__ import annotations

import http.client
import subprocess
import sys

from kwaliteit_cli.deelnemers.qr import format_code, qr_lines, qr_version
from kwaliteit_cli.deelnemers.state import new_token

CHECK = [sys.executable, "-m", "kwaliteit_cli.deelnemers", "test", "--adres", "127.0.0.1"]


def test_a_phone_that_reaches_the_page_and_greets_is_reported() -> None:
    process = subprocess.Popen(
        [*CHECK, "--wacht", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("http://127.0.0.1:"):
            break
    host = lines[-1].strip().removeprefix("http://").rstrip("/")
    port = int(host.split(":")[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/", headers={"Host": host})
    assert b"Het werkt" in conn.getresponse().read()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("POST", "/groet", body=b"", headers={"Host": host, "Origin": f"http://{host}"})
    assert b"Je groet is aangekomen" in conn.getresponse().read()
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "een telefoon heeft de testpagina geopend (1×)" in out, (lines[-3:], out)
    assert "Meedoen gaat werken" in out
    assert err == ""
    # The page is gone with the check.
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
    except ConnectionRefusedError:
        pass
    else:
        raise AssertionError("the test page still answers after the check ended")


def test_no_phone_gives_a_dutch_message_and_a_non_zero_exit() -> None:
    done = subprocess.run(
        [*CHECK, "--wacht", "1"], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 1
    assert "Geen telefoon heeft de testpagina bereikt." in done.stderr
    assert "reisrouter" in done.stderr and "Traceback" not in done.stderr


def test_all_interfaces_are_refused_with_the_choices() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kwaliteit_cli.deelnemers", "test", "--adres", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "hoort niet bij deze laptop" in done.stderr and "--adres" in done.stderr
    assert "Traceback" not in done.stderr


def _modules(lines: list[str]) -> list[list[bool]]:
    """Read the half blocks back into rows of light (True) and dark modules."""
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    rows = []
    for line in lines:
        rows.append([top[ch] for ch in line])
        rows.append([bottom[ch] for ch in line])
    return rows


def test_the_terminal_qr_code_is_the_code_of_the_join_link() -> None:
    import segno

    url = f"HTTP://192.168.178.23:54321/T/{new_token()}"
    assert qr_version(url) in {"3-M", "4-M"}  # small: fits beside the text at 80×24
    lines = qr_lines(url)
    assert len(lines) <= 17 and len(lines[0]) <= 33
    expected = [
        [not bool(m) for m in row]
        for row in segno.make(url, error="m", micro=False).matrix_iter(border=2)
    ]
    assert _modules(lines)[: len(expected)] == expected
    coloured = qr_lines(url, colour=True)
    assert all(line.startswith("\x1b[97;40m") for line in coloured)


def test_the_terminal_qr_code_scans_back_to_the_link() -> None:
    """zbarimg stands in for a phone camera, reading the half blocks as drawn."""
    from tests.qrread import read_qr

    url = f"HTTP://10.0.0.7:61234/T/{new_token()}"
    assert read_qr([line + "   Meedoen met je telefoon" for line in qr_lines(url)]) == url


def test_the_code_reads_in_two_groups() -> None:
    assert format_code("ABCD2345") == "ABCD 2345"
