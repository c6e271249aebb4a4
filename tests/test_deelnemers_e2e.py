"""End to end: a conversation in a pseudo-terminal with --deelnemers, and headless Chromium
profiles as the phones (different sizes; one reloads, one sleeps). The phones join through the
QR code read back from the facilitator's screen, or through the typed code. The session file
holds exactly what the facilitator accepted. Screenshots go to out/browser/ for the report.
"""

from __future__ import annotations

import re
import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from kwaliteit_cli.session.model import Position
from tests.browser import ARTIFACTS
from tests.phone import Phone
from tests.qrread import read_qr
from tests.screen import Screen, paused_session

ENTER, DONE = "\r", "\x1b\r"
MENU = "cijfer = kiezen"  # the hint line under every numbered choice list
TYPING = "Esc Enter = klaar"  # the hint line of a step's long answer, drawn with its input
STATUS = "Telefoons: 3 · http://127.0.0.1:"


def choose(screen: Screen, after: str, keys: str) -> None:
    """Wait for a page that shows ``after`` and for its choice list, then press ``keys`` (a
    digit, as a person would: nothing is chosen beforehand)."""
    screen.wait_for(after)
    screen.wait_for(MENU)
    screen.send(keys)


@pytest.fixture
def phones() -> Iterator[dict[str, Phone]]:
    opened: dict[str, Phone] = {}
    yield opened
    for phone in opened.values():
        phone.close()


def join_details(screen: Screen) -> tuple[str, str, str]:
    """What a participant sees on the facilitator's screen: the QR link, address and code."""
    screen.wait_for(MENU)  # the hint line, drawn last: the whole QR code is on the screen
    lines = screen.text.split("\n")
    url = read_qr(lines)
    address = re.search(r"http://127\.0\.0\.1:\d+", screen.text)
    code = re.search(r"Code: (\w{4} \w{4})", screen.text)
    assert address and code, screen.text
    return url, address.group(0), code.group(1)


def join_by_code(phone: Phone, address: str, code: str) -> None:
    phone.open(address + "/")
    phone.type_into("code", code.lower())
    phone.click("button[type=submit]")
    phone.wait_for("document.getElementById('apparaat') !== null")


def port_closed(address: str) -> bool:
    port = int(address.rsplit(":", 1)[1])
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return True
    return False


def shot(phone: Phone, name: str) -> None:
    phone.screenshot(ARTIFACTS / f"deelnemers-{name}.png")


def test_notes_and_the_joint_question_from_the_phones_then_a_pause(
    tmp_path: Path, nse_answers: Path, phones: dict[str, Phone]
) -> None:
    session_file = paused_session(
        nse_answers, tmp_path / "gesprek.toml", Position("check-in", "first_impression")
    )
    screen = Screen("resume", session_file, "--deelnemers", "--adres", "127.0.0.1", cwd=tmp_path)
    try:
        screen.wait_for("Meedoen met je telefoon")
        url, address, code = join_details(screen)
        assert url.startswith(f"HTTP://{address[7:]}/T/")
        phones["a"] = Phone(390, 844, "telefoon A")
        phones["a"].open(url)
        assert phones["a"].run("location.href") == address + "/"  # the token is gone
        phones["b"] = Phone(360, 640, "telefoon B")
        join_by_code(phones["b"], address, code)
        phones["c"] = Phone(768, 1024, "tablet C")
        join_by_code(phones["c"], address, code)
        choose(screen, "Nog geen telefoons", "2")  # Vernieuwen
        screen.wait_for("Verbonden: 3 apparaten")
        screen.wait_for(MENU)
        assert "❯" not in screen.text  # nothing chosen on the phones' screen either
        (ARTIFACTS / "deelnemers-begeleider-qr.txt").parent.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "deelnemers-begeleider-qr.txt").write_text(screen.text + "\n", "utf-8")
        screen.send("1")  # Verder met het gesprek

        # A silent moment: A shares anonymously, B reloads and shares with a name, C keeps it.
        screen.wait_for("Stilte")
        for phone in phones.values():
            phone.wait_for("!document.getElementById('notitie').hidden")
        a, b, c = phones["a"], phones["b"], phones["c"]
        a.type_into("notitie-tekst", "De respons is laag bij de derdejaars.")
        shot(a, "1-stille-notitie")
        a.click("#notitie-delen")
        a.wait_for("document.getElementById('melding').innerText.startsWith('Gedeeld')")
        b.type_into("notitie-tekst", "Ik herken dit van mijn eigen stageschool.")
        b.reload()
        b.wait_for("document.getElementById('notitie-tekst').value.includes('herken')")
        b.type_into("notitie-naam", "Sanne")
        b.click("#notitie-delen")
        b.wait_for("document.getElementById('melding').innerText.startsWith('Gedeeld')")
        c.type_into("notitie-tekst", "PRIVÉ: alleen voor mezelf")
        screen.send(ENTER)  # end the silence
        # A loose Enter decides nothing: the note stays waiting until a choice is made.
        choose(screen, "Gedeelde notitie (zonder naam)", ENTER)
        screen.wait_for("Kies eerst")
        assert "Gedeelde notitie (zonder naam)" in screen.text and "❯" not in screen.text
        assert screen.text.startswith("Telefoons: 3 · http://127.0.0.1:")
        screen.send("1")  # overnemen
        choose(screen, "Gedeelde notitie van Sanne", "2")  # eerst aanpassen
        screen.wait_for("Aangepaste tekst")
        screen.send(" (in de kring besproken)" + DONE)

        # The shared goal is typed as always; above it, where phones join. /telefoons alone
        # on a line shows the QR code again for a late arrival; then the step comes back with
        # what was typed before it, and the command itself is not part of the answer.
        screen.wait_for("Welk doel delen we")
        screen.wait_for(TYPING)
        assert screen.text.startswith(STATUS)
        assert screen.text.split("\n")[1].startswith("◉ Check-in")  # the header just below
        screen.send("Studenten beter begeleiden" + ENTER + "/telefoons" + ENTER)
        choose(screen, "Verbonden: 3 apparaten", "1")  # verder
        screen.wait_for("Welk doel delen we")
        screen.wait_for(TYPING)
        screen.wait_for("Studenten beter begeleiden")
        assert "/telefoons" not in screen.text.split("\n")[1:] and screen.text.startswith(STATUS)
        screen.send(" op de stageschool." + DONE)

        # The joint question: proposals and dots from the phones; C sleeps and wakes.
        screen.wait_for("Voorstellen voor de gezamenlijke vraag")
        c.sleep()
        a.wait_for("!document.getElementById('vraag').hidden")
        a.type_into("voorstel-tekst", "Waarom haken derdejaars af?")
        a.click("#voorstel-sturen")
        b.wait_for("!document.getElementById('vraag').hidden")
        b.type_into("voorstel-tekst", "Wat maakt feedback op de stage bruikbaar?")
        b.click("#voorstel-sturen")
        for phone in (a, b):
            phone.wait_for("document.querySelectorAll('#voorstellen li').length === 2")
        first = "#voorstellen li:nth-child({n}) button[aria-label='Stip geven']"
        b.click(first.format(n=2))  # ranked by dots, then age: B's proposal is second
        b.wait_for("document.getElementById('stippen-over').innerText === '2'")
        b.click(first.format(n=1))  # now B's proposal has a dot and is on top
        b.wait_for("document.getElementById('stippen-over').innerText === '1'")
        b.click(first.format(n=1))
        b.wait_for("document.getElementById('stippen-over').innerText === '0'")
        c.wake()
        c.wait_for("document.querySelectorAll('#voorstellen li').length === 2")
        c.click(first.format(n=2))
        c.wait_for("document.getElementById('stippen-over').innerText === '2'")
        a.wait_for("document.querySelector('#voorstellen li').innerText.includes('bruikbaar')")
        shot(a, "2-voorstellen-en-stippen")
        choose(screen, "Voorstellen voor de gezamenlijke vraag", "1")  # Vernieuwen
        choose(screen, "1. ●●● 3  Wat maakt feedback op de stage bruikbaar?", "2")  # voorstel 1
        assert "2. ● 1  Waarom haken derdejaars af?" in screen.text
        # The chosen proposal is the text to edit aloud, under the label, over the full width.
        screen.wait_for("Welke gezamenlijke vraag")
        screen.wait_for(TYPING)
        screen.wait_for("Wat maakt feedback op de stage bruikbaar?")
        assert screen.row_of("Antwoord") < screen.row_of("Wat maakt feedback op de stage")
        screen.send(DONE)  # the group agrees with the text as it stands
        screen.wait_for("Staat de gezamenlijke vraag zo goed?")
        screen.send("j" + ENTER)

        # The next step shows the status row and, pinned under the header, the joint question;
        # then a pause: the server closes with the conversation.
        screen.wait_for("Aan de beurt")
        assert screen.text.startswith(STATUS)
        assert screen.row_of("Gezamenlijke vraag") < screen.row_of("Aan de beurt")
        assert "Wat maakt feedback op de stage bruikbaar?" in screen.text
        a.wait_for("document.getElementById('gezamenlijke-vraag').innerText.includes('bruikbaar')")
        screen.child.sendcontrol("c")
        screen.wait_for("resume gesprek.toml")
        screen.child.expect(pexpect.EOF)
        screen.child.wait()
    finally:
        screen.close()
    assert port_closed(address)
    a.wait_for("document.getElementById('verbinding').className.includes('weg')", timeout=20)

    text = session_file.read_text("utf-8")
    data = tomllib.loads(text)
    silent = [x for x in data["answers"] if x["question"] == "first_impression"]
    assert silent[0]["text"] == (
        "De respons is laag bij de derdejaars.\n"
        "Sanne: Ik herken dit van mijn eigen stageschool. (in de kring besproken)"
    )
    goal = [x for x in data["answers"] if x["question"] == "shared_goal"]
    assert goal[0]["text"] == "Studenten beter begeleiden op de stageschool."
    assert data["joint_question"][0]["text"] == "Wat maakt feedback op de stage bruikbaar?"
    assert "/telefoons" not in text
    assert "PRIVÉ" not in text and "Waarom haken derdejaars af?" not in text
    assert "vote" not in data
    # C's private note never left the tablet, and is still there.
    assert "PRIVÉ" in str(c.run("document.getElementById('notitie-tekst').value"))


def test_the_anonymous_vote_and_a_correction_at_the_end(
    tmp_path: Path, nse_answers: Path, phones: dict[str, Phone]
) -> None:
    session_file = paused_session(
        nse_answers,
        tmp_path / "gesprek.toml",
        Position("check-out", "meaningful_self", 0, "p1"),
    )
    screen = Screen("resume", session_file, "--deelnemers", "--adres", "127.0.0.1", cwd=tmp_path)
    try:
        screen.wait_for("Meedoen met je telefoon")
        url, address, code = join_details(screen)
        phones["a"] = Phone(390, 844, "telefoon A")
        phones["a"].open(url)
        phones["b"] = Phone(412, 915, "telefoon B")
        phones["b"].open(url)
        phones["c"] = Phone(360, 640, "telefoon C")
        join_by_code(phones["c"], address, code)
        a, b, c = phones["a"], phones["b"], phones["c"]
        choose(screen, "Meedoen met je telefoon", "1")  # Verder met het gesprek

        # A loose Enter does not open the vote; 1 does.
        choose(screen, "Anonieme stemming", ENTER)
        screen.wait_for("Kies eerst")
        assert "Gestemd" not in screen.text and "Stemming openen" in screen.text
        screen.send("1")  # Stemming openen
        screen.wait_for("Gestemd: 0")
        b.sleep()
        for phone in (a, c):
            phone.wait_for("!document.getElementById('stemming').hidden")
        a.click("[data-keuze=ja]")
        a.wait_for("!document.getElementById('gestemd').hidden")
        shot(a, "3-anonieme-stemming")
        c.click("[data-keuze=deels]")
        b.wake()
        b.wait_for("!document.getElementById('stemming').hidden")
        b.click("[data-keuze=ja]")
        b.wait_for("!document.getElementById('gestemd').hidden")
        choose(screen, "Gestemd: 0", "1")  # Vernieuwen
        choose(screen, "Gestemd: 3", "2")  # sluiten
        screen.wait_for("ja: 2   deels: 1   nee: 0")
        a.wait_for("!document.getElementById('uitslag').hidden")
        assert a.text("#uitslag-ja") == "2" and a.text("#uitslag-deels") == "1"
        shot(a, "4-uitslag")
        choose(screen, "ja: 2   deels: 1   nee: 0", "1")  # verder

        # The aloud round stays: three times ja (nothing is preselected: 1 picks it), no
        # explanation. The status row stays above each step.
        for name in ("Sanne de Wit", "Karim El Amrani", "Joost Bakker"):
            screen.wait_for(f"Aan de beurt: {name}")
            screen.wait_for("Betekenisvol gemaakt?")
            assert screen.text.startswith(STATUS)
            screen.send("1")
            screen.wait_for("Toelichting")
            screen.send(ENTER)
        screen.wait_for("Stilte")
        assert screen.text.startswith(STATUS)
        screen.send(ENTER)  # the last silent moment, nothing shared
        screen.wait_for("Klopt alles?")  # the review before the finish, phones or not
        assert screen.text.startswith(STATUS)
        screen.send(ENTER)  # klopt, gesprek afronden

        # At the end: Sanne reads her words on her phone and proposes a correction.
        screen.wait_for("Nalezen")
        assert "Ik zie" not in screen.text  # the words are on the phones, not on this screen
        a.wait_for("!document.getElementById('correctie').hidden")
        a.run(
            "const s = document.getElementById('correctie-naam');"
            "s.value = 'Sanne de Wit'; s.dispatchEvent(new Event('change'))"
        )
        a.wait_for("document.querySelectorAll('#mijn-woorden li').length > 0")
        a.click("#mijn-woorden li button")
        a.run("document.getElementById('correctie-tekst').value = ''")
        a.type_into("correctie-tekst", "Ik zie vooral dat de feedback te laat komt.")
        shot(a, "5-eigen-woorden-verbeteren")
        a.click("#correctie-sturen")
        a.wait_for("document.getElementById('melding').innerText.includes('verslaglegger')")
        choose(screen, "Binnengekomen verbeteringen: 0", "1")  # Vernieuwen
        choose(screen, "Binnengekomen verbeteringen: 1", "2")  # klaar
        choose(screen, "Verbetering van Sanne de Wit", ENTER)
        screen.wait_for("Kies eerst")  # a loose Enter does not change the verslag
        assert screen.text.startswith(STATUS)
        assert screen.row_of("Gezamenlijke vraag") < screen.row_of("Verbetering van Sanne")
        screen.send("1")  # overnemen
        screen.wait_for("report gesprek.toml", timeout=15)
        screen.child.expect(pexpect.EOF)
        screen.child.wait()
    finally:
        screen.close()
    assert port_closed(address)

    data = tomllib.loads(session_file.read_text("utf-8"))
    assert data["status"] == "completed"
    assert {k: data["vote"][k] for k in ("ja", "deels", "nee")} == {"ja": 2, "deels": 1, "nee": 0}
    sanne = [x for x in data["answers"] if x.get("participant") == "p1" and x.get("text")]
    assert sanne[0]["text"] == "Ik zie vooral dat de feedback te laat komt."


def test_the_phones_screen_from_a_choice_list_and_back(tmp_path: Path, nse_answers: Path) -> None:
    """The status row names /telefoons on every step: a choice list takes it too (typed; its
    digits still choose), and the list comes back after the QR screen with nothing chosen."""
    session_file = paused_session(
        nse_answers,
        tmp_path / "gesprek.toml",
        Position("check-out", "meaningful_self", 0, "p1"),
    )
    screen = Screen("resume", session_file, "--deelnemers", "--adres", "127.0.0.1", cwd=tmp_path)
    try:
        choose(screen, "Nog geen telefoons", "1")  # Verder met het gesprek
        choose(screen, "Anonieme stemming", "2")  # geen stemming
        screen.wait_for("Betekenisvol gemaakt?")
        screen.wait_for("cijfer = kiezen")
        assert screen.text.startswith("Telefoons: 0 · http://127.0.0.1:")
        screen.send("/telefoons")
        choose(screen, "Meedoen met je telefoon", "1")  # verder
        screen.wait_for("Betekenisvol gemaakt?")
        screen.wait_for("cijfer = kiezen")
        assert "❯" not in screen.text  # still nothing chosen for the group
        screen.send("2")  # deels
        screen.wait_for("Toelichting")
        screen.send("Voor een deel" + ENTER)
        screen.wait_for("Aan de beurt: Karim")
        screen.child.sendcontrol("c")
        screen.wait_for("resume gesprek.toml")
        screen.child.expect(pexpect.EOF)
    finally:
        screen.close()
    data = tomllib.loads(session_file.read_text("utf-8"))
    sanne = [
        x
        for x in data["answers"]
        if x.get("participant") == "p1" and x["question"] == "meaningful_self"
    ]
    assert (sanne[-1]["choice"], sanne[-1]["text"]) == ("deels", "Voor een deel")
    assert "/telefoons" not in session_file.read_text("utf-8")
