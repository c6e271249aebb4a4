"""One anonymiser for every output: who someone is, and typed text without the names it knows.

Every path that can show a name under ``--anoniem`` goes through an ``Anonymiser``: the
verslag (all formats and user templates), the follow-up's look back, the overview and the file
names of a batch. It knows the names in the session (participants, the facilitator, agreement
owners outside the group, the owners of a follow-up's earlier agreements) and nothing else:
a name that appears nowhere in the session cannot be recognised, and the docs say so.

How names are found in text. Text is split into words once (a regular expression over the
text, so the work grows linearly with the text and not with the number or length of names);
each word is compared in a normal form, without case and without accents, with the words of
the known names. A run of name words, joined by spaces or hyphens and with particles such
as "van der" or "El" in between or in front, becomes one label: "Sanne de Wit", "sanne de
wit", "SANNE", "de Wit", "Anne-Marie", "Berg-Jansen", "Zoe Celik" for "Zoë Çelik". A
possessive ("Karims", "Karim's") goes with the name. Words of one letter (initials) and the
particles on their own are not names. A name word that is also an ordinary word ("wit",
"bakker") is replaced too, wherever it appears: leaking a name is worse than a word too many.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from kwaliteit_cli import texts
from kwaliteit_cli.session.model import FACILITATOR_ID, Session

# Parts of surnames that are not names by themselves ("van der Linden", "El Amrani").
NAME_PARTICLES: Final = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "t", "la", "le"}
    | {"du", "di", "da", "del", "della", "von", "zu", "el", "al", "d", "l", "y", "bin", "ben"}
)
_WORD = re.compile(r"\w+")
# What may stand between two words of one name: spaces, or a hyphen with or without spaces.
_JOIN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013]?\s*")
# A possessive right after a name: Karim's, Karim’s, Anders'.
_POSSESSIVE = re.compile(r"['\u2019](?:s\b)?")
# Letters that Unicode does not decompose into a base letter and an accent.
_BASE_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def fold(word: str) -> str:
    """A word without case and accents: 'Zoë' and 'ZOE' both become 'zoe'."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_BASE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(name: str) -> list[str]:
    """The words of a name that identify someone, folded (no particles, no initials)."""
    words = (fold(w) for w in _WORD.findall(name))
    return [w for w in words if len(w) > 1 and w not in NAME_PARTICLES and not w.isdigit()]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class Person:
    """Someone whose name the anonymiser knows, and the label that stands in for it."""

    __slots__ = ("key", "label", "name", "role")

    def __init__(self, key: str, name: str, role: str = "", label: str = "") -> None:
        self.key = key
        self.name = name
        self.role = role
        self.label = label


class Anonymiser:
    """Labels for people and names scrubbed from text; see the module's docstring.

    ``participants`` are (id, name, role). With ``neutral`` the labels are numbered
    ("Deelnemer 3") and say nothing of the role either: in a small group a role that occurs
    once is a name. Without ``active`` (no --anoniem) everything passes through unchanged,
    and labels are the names.
    """

    def __init__(
        self,
        participants: Sequence[tuple[str, str, str]],
        *,
        facilitator: str = "",
        outsiders: Iterable[str] = (),
        others: Iterable[tuple[str, str]] = (),
        active: bool = True,
        neutral: bool = False,
    ) -> None:
        self.active = active
        self.neutral = neutral and active
        self.people: list[Person] = []
        self._by_key: dict[str, Person] = {}
        self._words: dict[str, list[int]] = {}  # folded name word -> indexes into people
        self._particles: list[frozenset[str]] = []  # the particles in each person's name
        for key, name, role in participants:
            self._add(Person(key, name, role))
        if facilitator:
            self._add(Person(FACILITATOR_ID, facilitator, label=_facilitator_label()))
        if self.active:  # names only to scrub: without --anoniem nothing is
            for name in outsiders:
                self._add(Person("", name, label=texts.REPORT["outsider"]))
            known = [name_words(p.name) for p in self.people if p.key]
            for name, role in others:
                if name_words(name) not in known:  # someone at this table too: their label
                    self._add(Person("", name, role, label=""))
        self._label_people()

    def _add(self, person: Person) -> None:
        index = len(self.people)
        self.people.append(person)
        if person.key and person.key not in self._by_key:
            self._by_key[person.key] = person
        if not self.active:
            return  # nothing is scrubbed: the names' words are not needed (a batch's speed)
        folded = (fold(w) for w in _WORD.findall(person.name))
        self._particles.append(frozenset(w for w in folded if w in NAME_PARTICLES))
        for word in dict.fromkeys(name_words(person.name)):
            self._words.setdefault(word, []).append(index)

    def _label_people(self) -> None:
        participants = [p for p in self.people if p.key and p.key != FACILITATOR_ID]
        if not self.active:
            for person in participants:
                # A name left blank in a hand-edited file still needs someone to point at.
                person.label = person.name if person.name.strip() else person.key
            facilitator = self._by_key.get(FACILITATOR_ID)
            if facilitator is not None:
                facilitator.label = facilitator.name
            return
        if self.neutral:
            for number, person in enumerate(participants, start=1):
                person.label = texts.NEUTRAL_LABEL.format(n=number)
        else:
            roles = [self.role_text(p.role) for p in participants]
            counts: dict[str, int] = {}
            for role in roles:
                counts[role.casefold()] = counts.get(role.casefold(), 0) + 1
            seen: dict[str, int] = {}
            for person, role in zip(participants, roles, strict=True):
                key = role.casefold()
                seen[key] = seen.get(key, 0) + 1
                label = capitalised(role)
                person.label = f"{label} {seen[key]}" if counts[key] > 1 else label
        for person in self.people:
            if not person.label:  # the owner of an earlier agreement: by role, if any
                role = "" if self.neutral else self.role_text(person.role, fallback="")
                person.label = capitalised(role) if role else texts.ANON_EARLIER_OWNER

    def role_text(self, role: str, fallback: str | None = None) -> str:
        """A role as a label may show it: one line, and with any name in it replaced."""
        role = " ".join(role.split())
        if not role:
            return texts.REPORT["participant"] if fallback is None else fallback
        return self._replace(role, lambda _: texts.ANON_SOMEONE)

    # -- who --

    def __call__(self, key: str) -> str:
        return self.label(key)

    def label(self, key: str) -> str:
        """The label of a participant (by id) or of the facilitator; "" for an unknown id."""
        person = self._by_key.get(key)
        return person.label if person is not None else ""

    def role(self, key: str) -> str:
        """A participant's role as the context may show it ("" when labels are neutral)."""
        person = self._by_key.get(key)
        if person is None or self.neutral:
            return ""
        return self.role_text(person.role, fallback="") if self.active else person.role

    def outsider(self, name: str) -> str:
        return texts.REPORT["outsider"] if self.active else name

    def named(self, name: str, role: str = "") -> str:
        """Someone known only by name (an earlier agreement's owner): a participant's label
        when the name is one of theirs, else the role (or a neutral phrase)."""
        if not self.active:
            return name
        wanted = name_words(name)
        for person in self.people:
            if person.key and wanted and name_words(person.name) == wanted:
                return person.label
        if role and not self.neutral:
            return capitalised(self.role_text(role))
        return texts.ANON_EARLIER_OWNER

    # -- text --

    def scrub(self, text: str) -> str:
        """Typed text with every known name replaced by its label (only when active)."""
        if not self.active or not self._words or not text:
            return text
        return self._replace(text, self._label_of)

    def _label_of(self, indexes: list[int]) -> str:
        """The label for a run of name words: the person most of its words belong to."""
        votes: dict[int, int] = {}
        for index in indexes:
            votes[index] = votes.get(index, 0) + 1
        best = max(votes.values())
        winners = [i for i, v in votes.items() if v == best]
        labels = {self.people[i].label for i in winners}
        return labels.pop() if len(labels) == 1 else texts.ANON_AMBIGUOUS

    def _lookup(self, word: str) -> list[int] | None:
        folded = fold(word)
        found = self._words.get(folded)
        if found is None and len(folded) > 3 and folded.endswith("s"):
            found = self._words.get(folded[:-1])  # a possessive: Karims, Joosts
        return found

    def _replace(self, text: str, label: Callable[[list[int]], str]) -> str:
        """Replace each run of name words in ``text`` by ``label(indexes)``; one pass."""
        out: list[str] = []
        done = 0  # text[:done] is in ``out``
        run_start = run_end = -1
        run: list[int] = []  # the people each name word of the current run belongs to
        last: list[int] = []  # the people of the run's last name word
        pending: list[tuple[int, str]] = []  # particles since the last word: (start, folded)
        last_end = -1

        def flush() -> None:
            nonlocal done, run
            if run:
                end = run_end
                possessive = _POSSESSIVE.match(text, end)
                if possessive:
                    end = possessive.end()
                out.append(text[done:run_start])
                out.append(label(run))
                done = end
            run = []

        def belong(people: list[int]) -> bool:
            return all(any(p in self._particles[i] for i in people) for _, p in pending)

        for match in _WORD.finditer(text):
            if match.start() < done:
                continue  # swallowed by a possessive
            word = match.group()
            if last_end < 0 or not _JOIN.fullmatch(text, last_end, match.start()):
                flush()
                pending = []
            found = self._lookup(word) if len(word) > 1 else None
            if found is not None:
                if run and not belong(last + found):
                    flush()
                if not run:
                    # particles in front belong to the name only if it has them: "de Wit"
                    run_start = pending[0][0] if pending and belong(found) else match.start()
                run.extend(found)
                last = found
                run_end = match.end()
                pending = []
            elif fold(word) in NAME_PARTICLES:
                pending.append((match.start(), fold(word)))
            else:
                flush()
                pending = []
            last_end = match.end()
        flush()
        if not out:
            return text
        out.append(text[done:])
        return "".join(out)


def _facilitator_label() -> str:
    return texts.REPORT["facilitator"]


def anonymiser_for(session: Session, *, active: bool, neutral: bool = False) -> Anonymiser:
    """The anonymiser for one session: every name the session knows."""
    outsiders = [a.owner_name for a in session.agreements if a.owner_name and not a.owner]
    follow_up = session.follow_up
    others = []
    if follow_up is not None:
        others = [(a.owner_name, a.owner_role) for a in follow_up.agreements if a.owner_name]
    return Anonymiser(
        [(p.id, p.name, p.role) for p in session.participants],
        facilitator=session.meeting.facilitator,
        outsiders=outsiders,
        others=others,
        active=active,
        neutral=neutral,
    )
