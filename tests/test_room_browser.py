"""The room view in headless Chromium: what a projector shows, at its size, without a server.

Screenshots at 1920x1080 and 1280x720 go to out/browser/ for a person to look at. The sizes
are what the browser computed; the reload and the countdown are watched in a live page over
the DevTools pipe (tests/cdp.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kwaliteit_cli.session.file import write_text_atomic
from kwaliteit_cli.session.instrument import load_instrument
from kwaliteit_cli.session.model import Position, Session
from kwaliteit_cli.verslag.room import RELOAD_SECONDS, render_room, room_view
from tests import browser
from tests.cdp import BrowserPage, page_url

INSTRUMENT = load_instrument(None)
SIZES = ((1920, 1080), (1280, 720))
MEASURING = 600  # seconds between reloads, for the pages that are measured, not reloaded
LONG_QUESTION = (
    "Waarom zijn derdejaars studenten op de stagescholen in het voortgezet onderwijs minder "
    "tevreden over de feedbackmomenten met hun werkplekbegeleider dan tweedejaars, en wat "
    "kunnen school en instituut daar samen aan doen?"
)


def page_at(
    session: Session,
    position: Position,
    folder: Path,
    name: str,
    *,
    names: bool = False,
    reload_seconds: int = MEASURING,
) -> Path:
    """The page for ``session`` paused at ``position``. A test that measures the page asks
    for a slow reload: a page between two loads has no element to measure."""
    moved = copy.deepcopy(session)
    moved.position = position
    moved.status = "in_progress"
    moved.completed_at = None
    path = folder / f"{name}.html"
    view = room_view(INSTRUMENT, moved, names=names)
    path.write_text(render_room(view, reload_seconds=reload_seconds), "utf-8")
    return path


@pytest.fixture
def round_page(nse_session: Session, tmp_path: Path) -> Path:
    return page_at(
        nse_session,
        Position("proces-check", "contribution", 2, "p2"),
        tmp_path,
        "ronde",
        names=True,
    )


@pytest.fixture
def silent_page(nse_session: Session, tmp_path: Path) -> Iterator[Path]:
    session = copy.deepcopy(nse_session)
    session.updated_at = dt.datetime.now().astimezone()
    yield page_at(session, Position("proces-check", "own_share", 1), tmp_path, "stil")


def test_screenshots_of_a_round_at_projector_and_laptop_size(round_page: Path) -> None:
    for width, height in SIZES:
        shot = browser.screenshot(
            round_page, browser.ARTIFACTS / f"scherm-ronde-{width}x{height}.png", width, height
        )
        assert shot.stat().st_size > 10_000  # a picture, not an empty page


def test_the_page_shows_the_joint_question_the_question_and_whose_turn(
    round_page: Path, nse_session: Session
) -> None:
    dom = browser.dump_dom(round_page, "--window-size=1920,1080")
    assert nse_session.current_joint_question() in dom
    assert INSTRUMENT.question("proces-check", "contribution").text in dom
    assert "Karim El Amrani" in dom and "instituutsopleider" in dom
    assert "ronde 2" in dom


def test_the_joint_question_is_at_least_48px_at_1920_and_everything_fits_on_the_screen(
    nse_session: Session, tmp_path: Path
) -> None:
    session = copy.deepcopy(nse_session)
    session.joint_question[-1].text = LONG_QUESTION
    page = page_at(session, Position("proces-check", "what_it_means", 1, "p1"), tmp_path, "lang")
    for width, height in SIZES:
        browser.screenshot(
            page, browser.ARTIFACTS / f"scherm-lang-{width}x{height}.png", width, height
        )
        with BrowserPage(page_url(page), width, height) as tab:
            size = tab.evaluate(
                "parseFloat(getComputedStyle(document.getElementById('gezamenlijke-vraag'))"
                ".fontSize)"
            )
            if width == 1920:
                assert size >= 48
            overflow = tab.evaluate("document.documentElement.scrollHeight - window.innerHeight")
            assert overflow <= 0, f"{width}x{height}: {overflow}px below the screen"


def test_aloud_questions_are_bold_and_silent_ones_thin(round_page: Path, silent_page: Path) -> None:
    weight = "getComputedStyle(document.getElementById('huidige-vraag')).fontWeight"
    with BrowserPage(page_url(round_page)) as tab:
        assert int(tab.evaluate(weight)) >= 700
    with BrowserPage(page_url(silent_page)) as tab:
        assert int(tab.evaluate(weight)) <= 300
    browser.screenshot(silent_page, browser.ARTIFACTS / "scherm-stil-1920x1080.png", 1920, 1080)


def test_the_countdown_runs_in_the_page_under_its_policy(silent_page: Path) -> None:
    with BrowserPage(page_url(silent_page)) as tab:
        clock = "document.getElementById('aftellen').textContent"
        # Written as 1:00; only the page's own script (allowed by its hash) makes it count.
        tab.wait_for(f"['0:58', '0:57', '0:56'].includes({clock})")


def test_a_silent_moment_that_is_long_over_shows_zero(nse_session: Session, tmp_path: Path) -> None:
    page = page_at(nse_session, Position("check-in", "first_impression"), tmp_path, "voorbij")
    dom = browser.dump_dom(page)
    assert 'class="klok klaar"' in dom and ">0:00<" in dom


def test_the_page_asks_the_network_for_nothing(round_page: Path, silent_page: Path) -> None:
    for page in (round_page, silent_page):
        urls = browser.requested_urls(page)
        assert [u for u in urls if not u.startswith(("file:", "data:", "about:"))] == []


def test_the_page_reloads_itself_and_shows_what_is_on_disk_now(
    nse_session: Session, tmp_path: Path
) -> None:
    position = Position("proces-check", "contribution", 1, "p1")
    page = page_at(nse_session, position, tmp_path, "herladen", reload_seconds=RELOAD_SECONDS)
    with BrowserPage(page_url(page)) as tab:
        tab.evaluate("window.sameLoad = true")
        changed = copy.deepcopy(nse_session)
        changed.position = position
        changed.status = "in_progress"
        changed.joint_question[-1].text = "Een nieuwe, aangescherpte vraag?"
        write_text_atomic(page, render_room(room_view(INSTRUMENT, changed, names=False)))
        tab.wait_for(
            "window.sameLoad === undefined && document.getElementById('gezamenlijke-vraag')"
            ".textContent === 'Een nieuwe, aangescherpte vraag?'"
        )


def test_screenshots_before_the_joint_question_and_of_an_open_end(
    nse_session: Session, tmp_path: Path
) -> None:
    early = copy.deepcopy(nse_session)
    early.joint_question = []
    before = page_at(early, Position("check-in", "about_the_data"), tmp_path, "vooraf")
    dom = browser.dump_dom(before)
    assert "Gezamenlijke vraag" not in dom  # nothing to show yet: the phase and the question
    assert INSTRUMENT.question("check-in", "about_the_data").text in dom
    browser.screenshot(before, browser.ARTIFACTS / "scherm-vooraf-1920x1080.png", 1920, 1080)
    ended = copy.deepcopy(nse_session)
    ended.decisions = [ended.decisions[0].replace(wrap_up=True)]
    page = tmp_path / "open.html"
    page.write_text(render_room(room_view(INSTRUMENT, ended, names=False)), "utf-8")
    assert "Vraag nog open" in browser.dump_dom(page)
    browser.screenshot(page, browser.ARTIFACTS / "scherm-open-1920x1080.png", 1920, 1080)
