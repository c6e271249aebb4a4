"""Dutch input: j/ja/n/nee and dates written in words or numbers."""

from __future__ import annotations

import datetime as dt
import errno

import pytest

from kwaliteit_cli.dutch_input import dutch_date_text, os_reason, parse_dutch_date, parse_yes_no


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [("j", True), ("Ja", True), (" JA ", True), ("n", False), ("nee", False), ("Nee ", False)],
)
def test_yes_and_no_in_dutch(typed: str, meaning: bool) -> None:
    assert parse_yes_no(typed) is meaning


@pytest.mark.parametrize("typed", ["", "misschien", "jaa", "0", "ok"])
def test_anything_else_is_neither(typed: str) -> None:
    assert parse_yes_no(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "1 april 2027",
        "1 April 2027",
        "1 apr 2027",
        "1 apr. 2027",
        "1-4-2027",
        "01-04-2027",
        "1/4/2027",
        "1.4.2027",
        "2027-04-01",
        "  1   april   2027 ",
    ],
)
def test_dates_in_words_and_numbers(typed: str) -> None:
    assert parse_dutch_date(typed) == dt.date(2027, 4, 1)


def test_every_month_name_and_the_usual_short_forms() -> None:
    names = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    for number, name in enumerate(names, start=1):
        assert parse_dutch_date(f"3 {name} 2027") == dt.date(2027, number, 3)
    assert parse_dutch_date("3 mrt 2027") == dt.date(2027, 3, 3)
    assert parse_dutch_date("3 okt 2027") == dt.date(2027, 10, 3)
    assert parse_dutch_date("3 sept 2027") == dt.date(2027, 9, 3)


def test_a_date_without_a_year_is_the_next_such_day() -> None:
    today = dt.date(2026, 11, 30)
    assert parse_dutch_date("15 december", today) == dt.date(2026, 12, 15)
    assert parse_dutch_date("1 april", today) == dt.date(2027, 4, 1)


@pytest.mark.parametrize(
    "typed",
    ["31 februari 2027", "voor de zomer", "32-1-2027", "1 zomer 2027", "april", "1 ma 2027"],
)
def test_what_is_no_date_stays_none(typed: str) -> None:
    assert parse_dutch_date(typed) is None


def test_a_date_reads_in_dutch() -> None:
    assert dutch_date_text(dt.date(2027, 4, 1)) == "1 april 2027"


def test_os_errors_are_explained_in_dutch() -> None:
    assert os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "bestand of map bestaat niet"
    )
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "de schijf is vol"
    assert "No " not in os_reason(OSError(errno.ENOTSOCK, "Socket operation on non-socket"))
