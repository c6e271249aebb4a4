"""Helpers for the attack tests: session files made by hand, and names to look for.

Everything works on the session file as TOML data (read with tomli, written with tomli_w),
so the attack tests drive the real CLI and depend on nothing inside the package.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from tests.conftest import EXAMPLES, run_kwaliteit

NSE_FILE = EXAMPLES / "nse-stagebegeleiding.toml"
NSE_ANSWERS = EXAMPLES / "nse-stagebegeleiding.antwoorden.toml"
TZ = dt.timezone(dt.timedelta(hours=1))
AT = dt.datetime(2026, 3, 12, 16, 0, tzinfo=TZ)

# The people in the attack session, and the forms in which their names are written in it.
PEOPLE = [
    ("p1", "Sanne de Wit", "schoolopleider"),
    ("p2", "Karim El Amrani", "instituutsopleider"),
    ("p3", "Joost Bakker", "werkplekbegeleider"),
    ("p4", "Zoë Çelik", "student / leraar in opleiding"),
    ("p5", "Anne-Marie van der Berg-Jansen", "bestuurder"),
]
NAME_FORMS = [
    "Sanne de Wit",  # the full name, as written in the list
    "sanne de wit",  # lower case
    "SANNE DE WIT",  # capitals
    "Sanne",  # first name alone
    "De Wit",  # surname alone, with its particle capitalised
    "Karims",  # possessive
    "Karim's",  # possessive with an apostrophe
    "El Amrani",  # surname alone
    "karim",  # first name, lower case
    "BAKKER",  # surname in capitals
    "Joosts",  # possessive first name
    "Zoe Celik",  # without the accents
    "Zoë",  # first name alone
    "Celik",  # surname without its cedilla
    "Anne-Marie",  # hyphenated first name
    "Berg-Jansen",  # hyphenated surname
    "Jansen",  # part of a hyphenated surname
    "anne-marie van der berg-jansen",  # the whole name, lower case
]
# Words that may not appear anywhere in anonymous output (accents and case ignored).
NAME_WORDS = {
    "sanne",
    "wit",
    "karim",
    "karims",
    "amrani",
    "joost",
    "joosts",
    "bakker",
    "zoe",
    "celik",
    "anne",
    "marie",
    "berg",
    "jansen",
    "marieke",
    "verhoeven",
}


def plain(text: str) -> str:
    """Lower case without accents: the form in which leaked names are looked for."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def leaked_words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", plain(text))) & NAME_WORDS


def nse_data() -> dict[str, Any]:
    return tomli.loads(NSE_FILE.read_text("utf-8"))


def write_session(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(data), "utf-8")
    return path


def attack_data() -> dict[str, Any]:
    """The NSE session with five people, names in the title, the question and every form of
    every name in its agreements (one form per agreement, for the group)."""
    data = copy.deepcopy(nse_data())
    data["participants"] = [{"id": i, "name": n, "role": r} for i, n, r in PEOPLE]
    data["meeting"]["title"] = "Gesprek met Sanne de Wit"
    data["meeting"]["facilitator"] = "Marieke Verhoeven"
    data["joint_question"][-1]["text"] = "Hoe kijken Karim en Joost naar de stage van Zoë?"
    data["agreements"] = [
        {"what": f"Bespreken met {form} hoe het verder moet.", "at": AT} for form in NAME_FORMS
    ]
    data["answers"][0]["text"] = "Ik heb het met Anne-Marie en karim besproken."
    return data


def follow_up_table() -> dict[str, Any]:
    return {
        "title": "Eerste gesprek met Joost Bakker",
        "date": dt.date(2026, 1, 10),
        "joint_question": "Wat vindt Sanne van de begeleiding?",
        "file": "eerder.toml",
        "created_at": dt.datetime(2026, 1, 10, 15, 0, tzinfo=TZ),
        "agreements": [
            {
                "what": "Karim belt de school van Joost",
                "owner_name": "Karim El Amrani",
                "owner_role": "instituutsopleider",
                "status": "done",
                "note": "Sanne heeft het overgenomen",
            }
        ],
    }


def half_answers(folder: Path) -> Path:
    """The NSE answers up to the check-out: a scripted start stops there, in progress."""
    text = NSE_ANSWERS.read_text("utf-8")
    path = folder / "half.antwoorden.toml"
    path.write_text(text[: text.index("[check-out]")], "utf-8")
    return path


def in_progress_session(folder: Path, name: str = "gesprek.toml") -> Path:
    path = folder / name
    result = run_kwaliteit("start", "--answers", half_answers(folder), "--output", path)
    assert result.returncode == 1 and path.exists(), result.stderr
    return path
