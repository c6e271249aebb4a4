"""Dutch input read as people type it: j/ja/n/nee, and dates such as '1 april 2027'.

Pure functions, no terminal: the prompters and the flow ask these what an answer means.
"""

from __future__ import annotations

import datetime as dt
import errno
import re

from kwaliteit_cli import texts

YES_WORDS = frozenset({"j", "ja", "y", "yes"})
NO_WORDS = frozenset({"n", "nee", "no"})

_NUMERIC = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s*(?:e\s+)?([a-z]+)\.?\s*(\d{4})?$")
# The usual short forms: 'jan', 'feb', 'mrt', 'apr', 'jun', 'jul', 'aug', 'sep(t)', 'okt', 'nov',
# 'dec'. 'mei' has none.
_SHORT = {"mrt": 3, "okt": 10, "sept": 9}


def parse_yes_no(text: str) -> bool | None:
    """True for j/ja, False for n/nee (any case, spaces around); None for anything else."""
    word = text.strip().casefold()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def month_number(word: str) -> int | None:
    """The month of a Dutch month name or its usual short form; None if it is not one."""
    word = word.strip().casefold().rstrip(".")
    if word in _SHORT:
        return _SHORT[word]
    if len(word) < 3:
        return None
    for number, name in enumerate(texts.DUTCH_MONTHS, start=1):
        if name.startswith(word):
            return number
    return None


def parse_dutch_date(value: str, today: dt.date | None = None) -> dt.date | None:
    """A date typed the way people write one; None if it is not a date.

    Accepted: 2027-04-01, 1-4-2027 (also with / . or a space), '1 april 2027', '1 apr 2027',
    and '1 april' without a year (the first such day from ``today`` on).
    """
    text = " ".join(value.strip().casefold().split())
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _NUMERIC.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _date(year, month, day)
    match = _WORDS.match(text)
    if match:
        named = month_number(match.group(2))
        if named is None:
            return None
        number = int(match.group(1))
        if match.group(3):
            return _date(int(match.group(3)), named, number)
        base = today or dt.date.today()
        found = _date(base.year, named, number)
        if found is not None and found < base:
            found = _date(base.year + 1, named, number)
        return found
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dutch_date_text(day: dt.date) -> str:
    """'1 april 2027': how a date reads in a Dutch sentence."""
    return f"{day.day} {texts.DUTCH_MONTHS[day.month - 1]} {day.year}"


_OS_REASONS = {
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EISDIR: "het is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EEXIST: "bestaat al",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EIO: "lees- of schrijffout van de schijf",
    errno.EMFILE: "te veel open bestanden",
    errno.ELOOP: "te veel verwijzingen (symlinks) achter elkaar",
    errno.EBUSY: "het bestand is in gebruik",
    errno.EXDEV: "een andere schijf",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Dutch (never the system's English text)."""
    reason = _OS_REASONS.get(exc.errno or -1)
    if reason:
        return reason
    return f"systeemfout {exc.errno}" if exc.errno else "onbekende systeemfout"
